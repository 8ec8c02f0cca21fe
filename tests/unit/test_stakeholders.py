"""The stakeholder register and map: input checks, grid placement and quadrants,
moving on the grid, snapshots and what changed, review and cadence flags."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from relwork import clock
from relwork.enums import Attitude, StakeholderCategory, StakeholderSide
from relwork.models import Interaction, InteractionAttendee, MapSnapshot, Stakeholder
from relwork.models import StakeholderSnapshot as SnapshotRow
from relwork.services.clients import create_client, parse_client
from relwork.services.contacts import create_contact, delete_contact, parse_contact
from relwork.services.rules import Quadrant, quadrant
from relwork.services.stakeholders import (
    MapDiff,
    MapEntry,
    MapRow,
    Move,
    category_choices,
    changes_since_last_snapshot,
    create_stakeholder,
    delete_stakeholder,
    diff,
    display_name,
    filter_entries,
    high_influence_out_of_cadence,
    list_stakeholders,
    map_entries,
    map_review_due,
    map_review_state,
    maps_needing_review,
    move,
    parse_stakeholder,
    place,
    sort_entries,
    stakeholder_form,
    take_snapshot,
    update_stakeholder,
)
from relwork.services.validation import InvalidInput
from relwork.widgets.stakeholder_grid import draw_cell, draw_map, short_label, step

TODAY = date(2026, 11, 20)


def entry(
    id: int,
    name: str,
    influence: int | None,
    interest: int | None,
    attitude: Attitude = Attitude.NEUTRAL,
    **more,
) -> MapEntry:
    more.setdefault("category", StakeholderCategory.MANAGER)
    return MapEntry(
        id=id,
        name=name,
        side=StakeholderSide.CONSUMER,
        attitude=attitude,
        influence=influence,
        interest=interest,
        **more,
    )


# --- input --------------------------------------------------------------------------


def test_a_person_or_a_group_is_required_but_not_both():
    person = parse_stakeholder({"contact_id": "7", "category": "manager"})
    assert (person.contact_id, person.group_name) == (7, "")
    group = parse_stakeholder({"group_name": "  Ward nursing staff ", "category": "user"})
    assert (group.contact_id, group.group_name) == (None, "Ward nursing staff")
    with pytest.raises(InvalidInput) as neither:
        parse_stakeholder({"category": "user", "group_name": "   "})
    assert "name a group" in neither.value.errors["contact_id"]
    with pytest.raises(InvalidInput) as both:
        parse_stakeholder({"contact_id": "7", "group_name": "Ops", "category": "user"})
    assert "one person or one group" in both.value.errors["group_name"]


def test_defaults_and_cleaning():
    data = parse_stakeholder(
        {
            "group_name": "Ops\x1b[31m",
            "category": "supplier",
            "side": None,
            "attitude": "",
            "consumer_roles": ["user", "sponsor", "user"],
            "influence": " 4 ",
            "interest": "",
            "notes": " line one\r\nline two ",
        }
    )
    assert data.group_name == "Ops[31m"  # the control character is gone
    assert data.side == StakeholderSide.CONSUMER and data.attitude == Attitude.NEUTRAL
    assert [str(r) for r in data.consumer_roles] == ["user", "sponsor"]
    assert (data.influence, data.interest) == (4, None)
    assert data.notes == "line one\nline two"


@pytest.mark.parametrize("bad", ["0", "6", "high", "3.5", -1, 9])
def test_scores_are_one_to_five_or_empty(bad):
    with pytest.raises(InvalidInput) as problem:
        parse_stakeholder({"group_name": "Ops", "category": "user", "interest": bad})
    assert problem.value.errors == {
        "interest": "Score interest from 1 (very low) to 5 (very high), or leave it empty."
    }


def test_every_problem_is_reported_beside_its_field():
    with pytest.raises(InvalidInput) as problem:
        parse_stakeholder(
            {
                "contact_id": "someone",
                "category": "",
                "side": "sideways",
                "attitude": "grumpy",
                "consumer_roles": ["payer"],
                "influence": "7",
                "comm_frequency_days": "0",
                "group_name": "x" * 201,
            }
        )
    errors = problem.value.errors
    assert errors["contact_id"] == "Choose the person from the list."
    assert errors["category"] == "Choose what kind of stakeholder this is."
    assert errors["side"].startswith("'sideways' is not a side; choose one of: consumer")
    assert "champion, supporter, neutral, sceptic, blocker" in errors["attitude"]
    assert "'payer' is not a consumer role" in errors["consumer_roles"]
    assert "from 1 (very low) to 5" in errors["influence"]
    assert "between 1 and 365" in errors["comm_frequency_days"]
    assert "under 200 characters" in errors["group_name"]


def test_categories_are_split_internal_and_external():
    labels = [label for label, _ in category_choices()]
    assert labels[0] == "Owner (internal)"
    assert "Governance, risk and compliance (internal)" in labels
    assert labels[-1] == "Industry body (external)"
    assert len(labels) == len(StakeholderCategory)


# --- stored stakeholders ------------------------------------------------------------


@pytest.fixture
def client(store):
    """A client with two contacts; yields (client_id, {name: contact_id})."""
    with store.session() as session:
        client_id = create_client(session=session, data=parse_client({"name": "Acme Hosting"})).id
        people = {}
        for name, cadence in (("Dana Whitfield", "30"), ("Omar Said", "")):
            contact = create_contact(
                session=session,
                client_id=client_id,
                data=parse_contact({"name": name, "comm_frequency_days": cadence}),
            )
            people[name] = contact.id
    return client_id, people


def add(session, client_id, **values):
    return create_stakeholder(session=session, client_id=client_id, data=parse_stakeholder(values))


def test_create_edit_and_delete(store, client):
    client_id, people = client
    with store.session() as session:
        dana = add(
            session,
            client_id,
            contact_id=people["Dana Whitfield"],
            category="senior_executive",
            influence=5,
            interest=4,
            attitude="champion",
            consumer_roles=["sponsor"],
        )
        assert dana.last_reviewed == TODAY
        form = stakeholder_form(dana)
        assert form["contact_id"] == str(people["Dana Whitfield"])
        assert form["consumer_roles"] == ["sponsor"]
        form["interest"] = "2"
        update_stakeholder(session=session, stakeholder_id=dana.id, data=parse_stakeholder(form))
        [stored] = list_stakeholders(session=session, client_id=client_id)
        assert (stored.influence, stored.interest, stored.attitude) == (5, 2, "champion")
        delete_stakeholder(session=session, stakeholder_id=dana.id)
        assert list_stakeholders(session=session, client_id=client_id) == []


def test_a_person_must_be_the_clients_contact_and_on_the_map_once(store, client):
    client_id, people = client
    with store.session() as session:
        other = create_client(session=session, data=parse_client({"name": "Other Ltd"})).id
        stranger = create_contact(
            session=session, client_id=other, data=parse_contact({"name": "Stranger"})
        )
        with pytest.raises(InvalidInput) as foreign:
            add(session, client_id, contact_id=stranger.id, category="manager")
        assert foreign.value.errors == {"contact_id": "Choose one of this client's contacts."}
        add(session, client_id, contact_id=people["Omar Said"], category="user")
        with pytest.raises(InvalidInput) as twice:
            add(session, client_id, contact_id=people["Omar Said"], category="manager")
        assert twice.value.errors == {"contact_id": "Omar Said is already on this map."}
        add(session, client_id, group_name="Night shift", category="user")
        with pytest.raises(InvalidInput) as same_group:
            add(session, client_id, group_name="night SHIFT", category="user")
        assert "already on this map" in same_group.value.errors["group_name"]
        add(session, other, group_name="Night shift", category="user")  # another client: fine


def test_names_follow_the_contact_and_survive_its_deletion(store, client):
    client_id, people = client
    with store.session() as session:
        add(session, client_id, contact_id=people["Dana Whitfield"], category="manager")
        add(session, client_id, group_name="Ward nursing staff", category="user")
        assert [e.name for e in map_entries(session=session, client_id=client_id)] == [
            "Dana Whitfield",
            "Ward nursing staff",
        ]
        delete_contact(session=session, contact_id=people["Dana Whitfield"])
        [kept, _] = map_entries(session=session, client_id=client_id)
        assert (kept.name, kept.contact_id) == ("Dana Whitfield", None)


def test_display_name():
    person = Stakeholder(account_id=1, contact_id=3, category="manager")
    group = Stakeholder(account_id=1, group_name="Board", category="board")
    assert display_name(person, {3: "Dana Whitfield"}) == "Dana Whitfield"
    assert display_name(person, {}) == "Contact 3"
    assert display_name(group, {3: "Dana Whitfield"}) == "Board"


def test_entries_take_the_contacts_cadence_when_they_have_none(store, client):
    client_id, people = client
    with store.session() as session:
        add(session, client_id, contact_id=people["Dana Whitfield"], category="manager")
        add(
            session,
            client_id,
            contact_id=people["Omar Said"],
            category="user",
            comm_frequency_days="14",
        )
        cadence = {
            e.name: e.cadence_days for e in map_entries(session=session, client_id=client_id)
        }
    assert cadence == {"Dana Whitfield": 30, "Omar Said": 14}


# --- quadrants and grid placement ---------------------------------------------------


@pytest.mark.parametrize(
    ("influence", "interest"), [(5, 5), (4, 3), (3, 4), (1, 1), (None, 4), (4, None)]
)
def test_an_entry_sits_in_the_quadrant_the_shared_rule_gives(influence, interest):
    # the thresholds themselves are tested once, in test_rules.py
    assert entry(1, "A", influence, interest).quadrant == quadrant(influence, interest)


def test_place_puts_each_in_its_cell_and_keeps_the_unscored_apart():
    a = entry(1, "Ana", 5, 4)
    b = entry(2, "Ben", 5, 4)
    c = entry(3, "Cy", 1, 1)
    d = entry(4, "Di", None, 3)
    e = entry(5, "Ed", 9, 0)  # out of range (e.g. imported): drawn at the edge
    placement = place([a, b, c, d, e])
    assert placement.at(5, 4) == [a, b]
    assert placement.at(1, 1) == [c]
    assert placement.at(5, 1) == [e]
    assert placement.unplaced == [d]
    assert placement.at(3, 3) == []
    assert placement.reading_order() == [e, a, b, c, d]


def test_arrows_follow_reading_order_and_rows():
    top_left = entry(1, "Top left", 5, 1)
    top_right = entry(2, "Top right", 5, 5)
    middle = entry(3, "Middle", 3, 4)
    low = entry(4, "Low", 1, 2)
    loose = entry(5, "Loose", None, None)
    placement = place([top_left, top_right, middle, low, loose])
    assert step(placement, None, "right") == 1  # nothing selected: the first
    assert step(placement, 1, "right") == 2
    assert step(placement, 2, "right") == 3  # on to the next row
    assert step(placement, 1, "left") == 1  # stays at the start
    assert step(placement, 2, "down") == 3  # the next occupied row, nearest interest
    assert step(placement, 3, "up") == 2  # interest 4 is nearer 5 than 1
    assert step(placement, 4, "down") == 5  # below the grid: the unscored
    assert step(placement, 5, "up") == 4  # back to the lowest row
    assert step(placement, 1, "up") == 1  # nothing above


def test_a_full_cell_shows_the_selected_one_and_a_count():
    crowd = [entry(i, f"Person {i:02}", 4, 4) for i in range(1, 10)]
    lines = draw_cell(crowd, width=13, lines=2, selected=9, flagged={}, styles=_styles())
    text = "\n".join(line.plain for line in lines)
    assert all(len(line.plain) == 13 for line in lines)
    assert "+" in text.split()[-1]  # "+n" for the hidden ones
    hidden = int(text.split()[-1].lstrip("+"))
    assert hidden + len(text.split()) - 1 == 9
    assert any(line.spans and "reverse" in str(line.spans) for line in lines)


def test_labels_shrink_to_fit_but_stay_readable():
    assert short_label("Helen Ward", 20) == "Helen Ward"
    assert short_label("Helen Ward", 7, person=True) == "Helen W"
    assert short_label("Helen Ward", 5, person=True) == "Helen"
    assert short_label("Ward nursing staff", 8) == "Ward nu…"
    roomy = draw_cell(
        [entry(1, "Helen Ward", 5, 5)],
        width=20,
        lines=1,
        selected=None,
        flagged={1: "x"},
        styles=_styles(),
    )
    assert roomy[0].plain.rstrip() == "·Helen Ward!"


def test_the_map_draws_quadrants_marks_and_legend_within_its_width():
    entries = [
        entry(1, "Helen Ward", 5, 5, Attitude.CHAMPION),
        entry(2, "Paul Grant", 5, 2, Attitude.BLOCKER),
        entry(3, "Ward nursing staff", 2, 5, Attitude.SCEPTIC),
        entry(4, "Omar Said", 1, 1, Attitude.SUPPORTER),
        entry(5, "Ines Duarte", None, None),
    ]
    text = draw_map(
        entries, width=78, height=19, selected=2, flagged={2: "every 30d, never logged"}
    )
    lines = text.plain.split("\n")
    assert len(lines) <= 19
    assert all(len(line) <= 78 for line in lines)
    drawn = text.plain
    for label in ("Keep satisfied", "Manage closely", "Monitor", "Keep informed"):
        assert label in drawn
    assert "++Helen Ward" in drawn and "×Paul Grant!" in drawn
    assert "−Ward nursing" in drawn and "+Omar Said" in drawn
    assert "Not scored: ·Ines Duarte" in drawn
    assert "▸ Paul Grant" in drawn and "! every 30d, never logged" in drawn
    # Helen (5, 5) is in the top row, right of the quadrant boundary; Omar at the bottom
    top = next(line for line in lines if "Helen" in line)
    assert top.lstrip().startswith("5") and top.index("Helen") > top.index("┃", 5)
    assert next(line for line in lines if "Omar" in line).lstrip().startswith("1")


def _styles():
    from relwork.widgets.stakeholder_grid import GridStyles

    return GridStyles()


# --- moving -------------------------------------------------------------------------


def test_move_shifts_and_stops_at_the_edges(store, client):
    client_id, _ = client
    with store.session() as session:
        s = add(session, client_id, group_name="Ops", category="user", influence=4, interest=5)
        moved = move(session=session, stakeholder_id=s.id, d_influence=1, d_interest=1)
        assert (moved.influence, moved.interest) == (5, 5)
        moved = move(session=session, stakeholder_id=s.id, d_influence=-1, d_interest=-2)
        assert (moved.influence, moved.interest) == (4, 3)
        unscored = add(session, client_id, group_name="New team", category="user")
        placed = move(session=session, stakeholder_id=unscored.id, d_influence=1, d_interest=0)
        assert (placed.influence, placed.interest) == (4, 3)  # from the middle
    with store.session() as session:
        again = session.get(Stakeholder, s.id)
        assert (again.influence, again.interest) == (4, 3)


# --- snapshots and diffs ------------------------------------------------------------


def test_diff_names_who_moved_who_is_new_and_who_left():
    before = [
        MapRow(1, "Ana", 5, 5),
        MapRow(2, "Ben", 2, 2),
        MapRow(3, "Cy", 4, 2),
        MapRow(None, "Gone Before", 3, 3),  # deleted since: unlinked
        MapRow(5, "Unscored", None, None),
        MapRow(6, "Same quadrant", 4, 4),
    ]
    after = [
        MapRow(1, "Ana", 5, 5),
        MapRow(2, "Ben", 4, 2),
        MapRow(4, "Dee", 1, 1),
        MapRow(5, "Unscored", 2, 4),
        MapRow(6, "Same quadrant", 5, 5),
    ]
    assert diff(before, after) == MapDiff(
        moved=[
            Move("Ben", Quadrant.MONITOR, Quadrant.KEEP_SATISFIED),
            Move("Unscored", None, Quadrant.KEEP_INFORMED),
        ],
        new=["Dee"],
        left=["Cy", "Gone Before"],
    )


def test_diff_matches_by_id_so_a_rename_is_not_a_departure():
    assert diff([MapRow(1, "Dana", 5, 5)], [MapRow(1, "Dana Whitfield", 5, 5)]).empty


def test_snapshot_then_changes_since(store, client):
    client_id, people = client
    with store.session() as session:
        dana = add(
            session,
            client_id,
            contact_id=people["Dana Whitfield"],
            category="manager",
            influence=3,
            interest=4,
        )
        ops = add(session, client_id, group_name="Ops", category="user", influence=2, interest=2)
        assert changes_since_last_snapshot(session=session, client_id=client_id) is None
        snapshot = take_snapshot(
            session=session, client_id=client_id, author="Sam Okafor", note="kick-off"
        )
        rows = session.exec(select(SnapshotRow).where(SnapshotRow.snapshot_id == snapshot.id)).all()
        assert sorted((r.label, r.influence, r.interest) for r in rows) == [
            ("Dana Whitfield", 3, 4),
            ("Ops", 2, 2),
        ]
        unchanged = changes_since_last_snapshot(session=session, client_id=client_id)
        assert unchanged is not None and unchanged.diff.empty and unchanged.note == "kick-off"

        move(session=session, stakeholder_id=dana.id, d_influence=1, d_interest=0)
        delete_stakeholder(session=session, stakeholder_id=ops.id)
        add(session, client_id, group_name="Night shift", category="user")
        changes = changes_since_last_snapshot(session=session, client_id=client_id)
    assert changes is not None
    assert changes.taken_at.date() == TODAY and changes.author == "Sam Okafor"
    assert changes.diff == MapDiff(
        moved=[Move("Dana Whitfield", Quadrant.KEEP_INFORMED, Quadrant.MANAGE_CLOSELY)],
        new=["Night shift"],
        left=["Ops"],
    )


def test_changes_compare_with_the_latest_snapshot(store, client):
    client_id, _ = client
    with store.session() as session:
        s = add(session, client_id, group_name="Ops", category="user", influence=2, interest=2)
        take_snapshot(session=session, client_id=client_id, author="")
        move(session=session, stakeholder_id=s.id, d_influence=2, d_interest=0)
        take_snapshot(session=session, client_id=client_id, author="")
        changes = changes_since_last_snapshot(session=session, client_id=client_id)
        assert changes is not None and changes.diff.empty
        assert len(session.exec(select(MapSnapshot)).all()) == 2


# --- review due ---------------------------------------------------------------------


def test_map_review_falls_due_the_configured_number_of_days_after_a_snapshot():
    taken = datetime(2026, 8, 22, 15, 0, tzinfo=UTC)  # 90 days before TODAY
    assert map_review_due(taken, TODAY, 90) is True
    assert map_review_due(taken, TODAY, 91) is False
    assert map_review_due(date(2026, 11, 1), TODAY, 90) is False
    assert map_review_due(None, TODAY, 90) is True


def test_maps_needing_review(store, client):
    client_id, _ = client
    with store.session() as session:
        empty = create_client(session=session, data=parse_client({"name": "Empty Ltd"})).id
        stale = create_client(session=session, data=parse_client({"name": "Stale Ltd"})).id
        fresh = create_client(session=session, data=parse_client({"name": "Fresh Ltd"})).id
        for target in (client_id, stale, fresh):
            add(session, target, group_name="Board", category="board", influence=5, interest=3)
        now = clock.now()
        clock.freeze(now - timedelta(days=100))
        try:
            take_snapshot(session=session, client_id=stale, author="")
        finally:
            clock.freeze(now)
        take_snapshot(session=session, client_id=fresh, author="")
    # never reviewed but mapped: due; nothing mapped: not; old snapshot: due; fresh: not
    assert maps_needing_review(store, TODAY, 90) == {client_id, stale}
    assert maps_needing_review(store, TODAY, 120) == {client_id}
    assert empty not in maps_needing_review(store, TODAY, 1)

    state = map_review_state(store, stale, TODAY, 90)
    assert state.due and state.stakeholders == 1
    assert state.describe(TODAY) == (
        "Stakeholder map review due: last snapshot 2026-08-12 (100 days ago); "
        "maps are reviewed every 90 days."
    )
    assert map_review_state(store, fresh, TODAY, 90).describe(TODAY) == (
        "Stakeholder map reviewed 2026-11-20 (today)."
    )
    assert "never reviewed" in map_review_state(store, client_id, TODAY, 90).describe(TODAY)
    assert not map_review_state(store, empty, TODAY, 90).due
    with pytest.raises(LookupError):
        map_review_state(store, 999, TODAY, 90)


# --- influential people out of touch ------------------------------------------------


def _met(session, client_id, contact_id, days_ago):
    note = Interaction(
        account_id=client_id, occurred_at=clock.now() - timedelta(days=days_ago), summary="Met"
    )
    session.add(note)
    session.flush()
    session.add(InteractionAttendee(interaction_id=note.id, contact_id=contact_id))
    session.commit()


def test_influential_people_out_of_their_cadence_are_flagged(store, client):
    client_id, people = client
    with store.session() as session:
        extra = {}
        for name in ("Ravi Menon", "Lia Chen", "Noor Ali"):
            extra[name] = create_contact(
                session=session, client_id=client_id, data=parse_contact({"name": name})
            ).id
        # Dana: influence 5, the contact's cadence (30 days), last met 45 days ago -> flagged
        add(session, client_id, contact_id=people["Dana Whitfield"], category="board", influence=5)
        _met(session, client_id, people["Dana Whitfield"], 45)
        # Omar: influence 4, his own stakeholder cadence of 7 days, met 3 days ago -> fine
        add(
            session,
            client_id,
            contact_id=people["Omar Said"],
            category="manager",
            influence=4,
            comm_frequency_days=7,
        )
        _met(session, client_id, people["Omar Said"], 3)
        # Ravi: influence 3 (not high) and never met -> not flagged
        add(
            session,
            client_id,
            contact_id=extra["Ravi Menon"],
            category="user",
            influence=3,
            comm_frequency_days=7,
        )
        # Lia: influence 4, no cadence anywhere -> not flagged
        add(session, client_id, contact_id=extra["Lia Chen"], category="user", influence=4)
        # a group has nobody to meet -> never flagged
        add(session, client_id, group_name="Board", category="board", influence=5)
        # Noor: the stakeholder's cadence (60) wins over none; never met since being added
        add(
            session,
            client_id,
            contact_id=extra["Noor Ali"],
            category="owner",
            influence=4,
            comm_frequency_days=60,
        )
    assert [f.name for f in high_influence_out_of_cadence(store, client_id, TODAY)] == [
        "Dana Whitfield"
    ]
    later = high_influence_out_of_cadence(store, client_id, TODAY + timedelta(days=61))
    assert [(f.name, f.cadence_days) for f in later] == [
        ("Dana Whitfield", 30),
        ("Omar Said", 7),
        ("Noor Ali", 60),
    ]
    dana = later[0]
    assert dana.describe(TODAY) == "every 30d, last 45d ago"
    assert dana.due == TODAY - timedelta(days=15)
    assert later[2].describe(TODAY) == "every 60d, never logged"


# --- the table ----------------------------------------------------------------------


def test_sort_and_filter_for_the_table():
    entries = [
        entry(1, "zed", 2, 2, Attitude.BLOCKER, owner="Kim"),
        entry(2, "Amy", 5, 4, Attitude.SUPPORTER, category=StakeholderCategory.REGULATOR),
        entry(3, "Bo", None, None, Attitude.CHAMPION),
        entry(4, "Cat", 4, 2, Attitude.SCEPTIC, owner="Ann"),
    ]
    names = lambda rows: [e.name for e in rows]  # noqa: E731
    assert names(sort_entries(entries, "quadrant")) == ["Amy", "Cat", "zed", "Bo"]
    assert names(sort_entries(entries, "name")) == ["Amy", "Bo", "Cat", "zed"]
    assert names(sort_entries(entries, "influence")) == ["Amy", "Cat", "zed", "Bo"]
    assert names(sort_entries(entries, "attitude")) == ["Bo", "Amy", "Cat", "zed"]
    assert names(sort_entries(entries, "owner")) == ["Cat", "zed", "Amy", "Bo"]
    with pytest.raises(ValueError):
        sort_entries(entries, "shoe size")
    assert names(filter_entries(entries, "")) == ["zed", "Amy", "Bo", "Cat"]
    assert names(filter_entries(entries, "EXTERNAL")) == ["Amy"]
    assert names(filter_entries(entries, "keep satisfied sceptic")) == ["Cat"]
    assert names(filter_entries(entries, "not placed")) == ["Bo"]
    assert names(filter_entries(entries, "kim")) == ["zed"]
