"""What needs attention today (relwork.services.today) and the stay-in-touch rules
(relwork.services.rules), with the clock frozen on Friday 2026-11-20 09:30 UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from relwork import clock
from relwork.db import Store
from relwork.enums import RelationshipType
from relwork.models import ActionItem, Stakeholder
from relwork.services.clients import create_client, parse_client, set_archived
from relwork.services.contacts import create_contact, parse_contact
from relwork.services.quicknote import NoteToSave, save_note
from relwork.services.reference import default_review_cadence
from relwork.services.rules import next_contact_due, out_of_cadence
from relwork.services.timeline import ACTION, timeline
from relwork.services.today import TodayItem, by_client, mark_done, snooze, today_items

TODAY = date(2026, 11, 20)
FAR = TODAY + timedelta(days=365)  # a review date that never shows on Today


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def moment(offset: int, hour: int = 10) -> datetime:
    return datetime.combine(day(offset), time(hour), tzinfo=UTC)


# --- building a portfolio ---------------------------------------------------------------------


def _client(store: Store, name: str, review: date | None = FAR, **values: Any) -> int:
    values = {"name": name, "next_review_due": review.isoformat() if review else None} | values
    with store.session() as session:
        return create_client(session=session, data=parse_client(values)).id


def _archive(store: Store, client_id: int) -> None:
    with store.session() as session:
        set_archived(session=session, client_id=client_id, archived=True)


def _person(
    store: Store,
    client_id: int,
    name: str,
    *,
    every: int | None = None,
    added: int = -365,
    snoozed: date | None = None,
) -> int:
    """A contact with their own cadence (``every`` days), added ``added`` days from today."""
    with store.session() as session:
        contact = create_contact(
            session=session, client_id=client_id, data=parse_contact({"name": name})
        )
        contact.comm_frequency_days = every
        contact.snoozed_until = snoozed
        contact.created_at = moment(added)
        session.add(contact)
        session.commit()
        assert contact.id is not None
        return contact.id


def _stakeholder(store: Store, client_id: int, contact_id: int | None, every: int | None) -> None:
    with store.session() as session:
        session.add(
            Stakeholder(
                account_id=client_id,
                contact_id=contact_id,
                group_name="" if contact_id else "A group",
                category="manager",
                comm_frequency_days=every,
            )
        )
        session.commit()


def _met(store: Store, client_id: int, *people: int, at: int = 0, hour: int = 8) -> int:
    """A note of a meeting ``at`` days from today with ``people`` present."""
    return save_note(
        store,
        NoteToSave(
            client_id=client_id, text="We met.", occurred_at=moment(at, hour), people=list(people)
        ),
        author="Sam",
        now=clock.now(),
    ).note_id


def _action(
    store: Store,
    client_id: int,
    text: str,
    due: date | None,
    *,
    done: bool = False,
    snoozed: date | None = None,
) -> int:
    with store.session() as session:
        action = ActionItem(
            account_id=client_id,
            text=text,
            owner="Sam",
            due_date=due,
            done_at=clock.now() if done else None,
            snoozed_until=snoozed,
        )
        session.add(action)
        session.commit()
        assert action.id is not None
        return action.id


def _items(store: Store, kind: str | None = None) -> list[TodayItem]:
    return [i for i in today_items(store, TODAY) if kind is None or i.kind == kind]


def _titles(store: Store, kind: str) -> list[str]:
    return [i.title for i in _items(store, kind)]


def _item(store: Store, kind: str, title: str) -> TodayItem:
    (found,) = [i for i in _items(store, kind) if i.title == title]
    return found


# --- rules: next_contact_due and out_of_cadence ------------------------------------------------


def test_next_contact_is_a_cadence_after_the_last_contact() -> None:
    assert next_contact_due(day(-10), 14, since=day(-400)) == day(4)
    assert next_contact_due(day(-14), 14, since=day(-400)) == TODAY


def test_never_contacted_counts_from_when_they_were_added() -> None:
    assert next_contact_due(None, 30, since=day(-20)) == day(10)
    assert next_contact_due(None, 7, since=day(-20)) == day(-13)


@pytest.mark.parametrize(
    ("last", "cadence", "expected"),
    [
        (day(-15), 14, True),  # older than the cadence
        (day(-14), 14, False),  # exactly a cadence ago: due today, not late yet
        (day(-13), 14, False),
        (TODAY, 1, False),
        (day(-2), 1, True),
        (day(-400), None, False),  # no cadence: never out of it
        (day(-400), 0, False),
    ],
)
def test_out_of_cadence(last: date, cadence: int | None, expected: bool) -> None:
    assert out_of_cadence(last, cadence, since=day(-500), today=TODAY) is expected


def test_out_of_cadence_without_a_contact_uses_the_day_they_were_added() -> None:
    assert out_of_cadence(None, 14, since=day(-15), today=TODAY) is True
    assert out_of_cadence(None, 14, since=day(-14), today=TODAY) is False
    assert out_of_cadence(None, 14, since=TODAY, today=TODAY) is False


# --- actions --------------------------------------------------------------------------------------


def test_actions_overdue_and_due_within_a_week_are_listed(store: Store) -> None:
    acme = _client(store, "Acme")
    late = _action(store, acme, "late", day(-3))
    _action(store, acme, "due today", TODAY)
    _action(store, acme, "tomorrow", day(1))
    _action(store, acme, "in six days", day(6))
    _action(store, acme, "in eight days", day(8))
    _action(store, acme, "next month", day(30))
    _action(store, acme, "undated", None)
    _action(store, acme, "done and late", day(-5), done=True)
    _action(store, acme, "done this week", day(2), done=True)

    items = _items(store, "action")
    assert [i.title for i in items] == ["late", "due today", "tomorrow", "in six days"]
    first = items[0]
    assert (first.record_id, first.client_id, first.client_name) == (late, acme, "Acme")
    assert [(i.due, i.overdue) for i in items] == [
        (day(-3), True),
        (TODAY, False),  # due today is not overdue yet
        (day(1), False),
        (day(6), False),
    ]


def test_snoozed_action_is_hidden_until_its_day(store: Store) -> None:
    acme = _client(store, "Acme")
    _action(store, acme, "snoozed to monday", day(-3), snoozed=day(3))
    _action(store, acme, "snooze ends today", day(-3), snoozed=TODAY)
    _action(store, acme, "snooze ended", day(-3), snoozed=day(-1))
    assert _titles(store, "action") == ["snooze ends today", "snooze ended"]
    later = today_items(store, day(3))
    assert "snoozed to monday" in [i.title for i in later if i.kind == "action"]


def test_actions_of_archived_clients_are_left_out(store: Store) -> None:
    gone = _client(store, "Gone")
    _action(store, gone, "forgotten", day(-3))
    _archive(store, gone)
    assert _items(store) == []


# --- people and their cadence -----------------------------------------------------------------


def test_person_past_their_own_cadence_is_listed(store: Store) -> None:
    acme = _client(store, "Acme")
    dana = _person(store, acme, "Dana Late", every=14)
    lee = _person(store, acme, "Lee Fine", every=30)
    kim = _person(store, acme, "Kim Exact", every=20)
    _person(store, acme, "Bo No Cadence")
    _met(store, acme, dana, lee, kim, at=-20)

    (item,) = _items(store, "person")
    assert (item.title, item.record_id, item.client_id) == ("Dana Late", dana, acme)
    assert item.due == day(-6)  # 20 days ago + 14
    assert item.overdue is True
    assert "14" in item.detail  # the cadence is shown


def test_stakeholder_cadence_applies_when_the_contact_has_none(store: Store) -> None:
    acme = _client(store, "Acme")
    ines = _person(store, acme, "Ines Stake")  # no cadence of her own
    _stakeholder(store, acme, ines, 30)
    _stakeholder(store, acme, ines, 14)  # two entries: the smaller cadence wins
    _stakeholder(store, acme, None, 1)  # a group's cadence belongs to nobody
    own = _person(store, acme, "Owen Own", every=30)  # his own cadence beats the entry
    _stakeholder(store, acme, own, 7)
    _met(store, acme, ines, own, at=-20)

    (item,) = _items(store, "person")
    assert (item.title, item.record_id) == ("Ines Stake", ines)
    assert item.due == day(-6)


def test_stakeholder_without_a_cadence_adds_none(store: Store) -> None:
    acme = _client(store, "Acme")
    quiet = _person(store, acme, "Quiet One")
    _stakeholder(store, acme, quiet, None)
    _met(store, acme, quiet, at=-300)
    assert _items(store, "person") == []


def test_never_contacted_person_counts_from_when_they_were_added(store: Store) -> None:
    acme = _client(store, "Acme")
    _person(store, acme, "Added Long Ago", every=14, added=-20)
    _person(store, acme, "Added Lately", every=14, added=-10)
    _person(store, acme, "Added Today", every=1, added=0)
    (item,) = _items(store, "person")
    assert item.title == "Added Long Ago"
    assert item.due == day(-6)


def test_a_note_they_attended_restarts_the_cadence(store: Store) -> None:
    acme = _client(store, "Acme")
    dana = _person(store, acme, "Dana", every=14)
    lee = _person(store, acme, "Lee", every=14)
    _met(store, acme, dana, lee, at=-30)
    assert _titles(store, "person") == ["Dana", "Lee"]

    _met(store, acme, dana, at=-1)  # Lee was not there
    _met(store, acme, at=0)  # nobody named: restarts nobody's cadence
    (item,) = _items(store, "person")
    assert item.title == "Lee"

    _met(store, acme, lee, at=0)
    assert _items(store, "person") == []


def test_the_latest_contact_counts_whatever_order_notes_were_written(store: Store) -> None:
    acme = _client(store, "Acme")
    dana = _person(store, acme, "Dana", every=14)
    _met(store, acme, dana, at=-2)
    _met(store, acme, dana, at=-60)  # logged afterwards, about an older meeting
    assert _items(store, "person") == []


def test_snoozed_person_is_hidden_until_the_day(store: Store) -> None:
    acme = _client(store, "Acme")
    _person(store, acme, "Snoozed Sam", every=7, added=-60, snoozed=day(2))
    _person(store, acme, "Woken Wim", every=7, added=-60, snoozed=TODAY)
    assert _titles(store, "person") == ["Woken Wim"]
    assert "Snoozed Sam" in [i.title for i in today_items(store, day(2)) if i.kind == "person"]


def test_people_of_archived_clients_are_left_out(store: Store) -> None:
    gone = _client(store, "Gone")
    _person(store, gone, "Ghost", every=7, added=-60)
    _archive(store, gone)
    assert _items(store) == []


def test_people_list_agrees_with_out_of_cadence(store: Store) -> None:
    acme = _client(store, "Acme")
    cases = {"a": (14, -15), "b": (14, -14), "c": (14, -13), "d": (7, -8), "e": (60, -59)}
    ids = {}
    for name, (every, last) in cases.items():
        ids[name] = _person(store, acme, name, every=every, added=-400)
        _met(store, acme, ids[name], at=last)
    listed = set(_titles(store, "person"))
    expected = {
        name
        for name, (every, last) in cases.items()
        if out_of_cadence(day(last), every, since=day(-400), today=TODAY)
    }
    assert listed == expected == {"a", "d"}


# --- client reviews --------------------------------------------------------------------------------


def test_reviews_overdue_and_due_this_week(store: Store) -> None:
    late = _client(store, "Late Ltd", review=day(-2))
    soon = _client(store, "Soon Ltd", review=day(3))
    today_client = _client(store, "Today Ltd", review=TODAY)
    _client(store, "Later Ltd", review=day(10))
    gone = _client(store, "Gone Ltd", review=day(-30))
    _archive(store, gone)

    reviews = _items(store, "review")
    assert [(i.client_name, i.record_id, i.client_id) for i in reviews] == [
        ("Late Ltd", late, late),
        ("Soon Ltd", soon, soon),
        ("Today Ltd", today_client, today_client),
    ]
    assert [(i.due, i.overdue) for i in reviews] == [
        (day(-2), True),
        (day(3), False),
        (TODAY, False),
    ]


# --- order and grouping ------------------------------------------------------------------------------


def test_items_are_per_client_overdue_first_then_by_date(store: Store) -> None:
    zed = _client(store, "zed Systems", review=day(2))
    acme = _client(store, "Acme", review=day(-1))
    _action(store, zed, "zed late", day(-5))
    _action(store, acme, "acme soon", day(1))
    _action(store, acme, "acme later", day(4))
    _action(store, acme, "acme late", day(-1))
    _action(store, acme, "acme very late", day(-9))
    dana = _person(store, acme, "Dana", every=10)
    _met(store, acme, dana, at=-11)  # due yesterday, like the review and "acme late"
    _person(store, zed, "Zoe", every=7, added=-60)

    items = _items(store)
    assert [(i.client_name, i.kind, i.title) for i in items] == [
        ("Acme", "action", "acme very late"),
        ("Acme", "review", "Client review"),  # same day: review, action, person
        ("Acme", "action", "acme late"),
        ("Acme", "person", "Dana"),
        ("Acme", "action", "acme soon"),
        ("Acme", "action", "acme later"),
        ("zed Systems", "person", "Zoe"),  # clients A to Z whatever the case
        ("zed Systems", "action", "zed late"),
        ("zed Systems", "review", "Client review"),
    ]

    groups = by_client(items)
    assert [name for name, _ in groups] == ["Acme", "zed Systems"]
    assert [len(group) for _, group in groups] == [6, 3]
    assert [i for _, group in groups for i in group] == items
    assert all(i.client_name == name for name, group in groups for i in group)


def test_nothing_to_do(store: Store) -> None:
    _client(store, "Calm Ltd")
    assert today_items(store, TODAY) == []
    assert by_client([]) == []


def test_the_demo_portfolio_has_work_for_today(demo_store: Store) -> None:
    items = today_items(demo_store, TODAY)
    kinds = {i.kind for i in items}
    assert kinds == {"action", "person", "review"}
    overdue = {(i.client_name, i.title) for i in items if i.overdue}
    assert ("Fenmarsh Community Health Trust", "Client review") in overdue
    assert ("Ravensholt Precision Castings", "Client review") in overdue
    assert (
        "Tidewell Freight",
        "Send draft data-processing addendum for the telematics data to Keisha",
    ) in overdue
    assert ("Aldermoor County Council", "Fiona Achterberg") in overdue
    assert all(i.due < TODAY for i in items if i.overdue)
    assert all(TODAY <= i.due < day(7) for i in items if not i.overdue)
    # nothing done, undated or far off
    titles = {i.title for i in items}
    assert "Survey Wi-Fi at bays 14-19 and quote two extra access points" not in titles
    assert "Draft a rough cost comparison: in-house versus co-managed IT" not in titles
    assert (
        "Plan a Wi-Fi capacity survey in the two worst-rated halls before the new intake"
        not in titles
    )


# --- snooze ---------------------------------------------------------------------------------------------


def test_snoozing_an_action_hides_it_until_then(store: Store) -> None:
    acme = _client(store, "Acme")
    action_id = _action(store, acme, "late", day(-3))
    snooze(store, _item(store, "action", "late"), day(3))
    assert _items(store) == []
    row = store.read(
        "SELECT snoozed_until, due_date, done_at FROM action_item WHERE id = :id", {"id": action_id}
    )[0]
    assert (row["snoozed_until"], row["due_date"], row["done_at"]) == (
        "2026-11-23",
        "2026-11-17",
        None,
    )
    back = [i for i in today_items(store, day(3)) if i.kind == "action"]
    assert [(i.record_id, i.overdue) for i in back] == [(action_id, True)]


def test_snoozing_a_person_hides_them_until_then(store: Store) -> None:
    acme = _client(store, "Acme")
    dana = _person(store, acme, "Dana", every=7, added=-60)
    snooze(store, _item(store, "person", "Dana"), day(5))
    assert _items(store) == []
    assert [i.record_id for i in today_items(store, day(5)) if i.kind == "person"] == [dana]
    # snoozing logs no contact
    assert store.read("SELECT COUNT(*) AS n FROM interaction")[0]["n"] == 0


def test_snoozing_a_review_moves_it(store: Store) -> None:
    acme = _client(store, "Acme", review=day(-4))
    snooze(store, _item(store, "review", "Client review"), day(10))
    assert _items(store) == []
    row = store.read("SELECT next_review_due FROM account WHERE id = :id", {"id": acme})[0]
    assert row["next_review_due"] == "2026-11-30"
    (back,) = [i for i in today_items(store, day(10)) if i.kind == "review"]
    assert back.due == day(10)


def test_snoozing_one_item_leaves_the_others(store: Store) -> None:
    acme = _client(store, "Acme", review=day(-1))
    _action(store, acme, "one", day(-3))
    _action(store, acme, "two", day(-2))
    snooze(store, _item(store, "action", "one"), day(1))
    assert [(i.kind, i.title) for i in _items(store)] == [
        ("action", "two"),
        ("review", "Client review"),
    ]


# --- done -----------------------------------------------------------------------------------------------


def test_done_completes_the_action(store: Store) -> None:
    acme = _client(store, "Acme")
    action_id = _action(store, acme, "send the SLA", day(-3))
    other = _action(store, acme, "another", day(-2))
    mark_done(store, _item(store, "action", "send the SLA"), now=clock.now(), author="Sam")
    assert [i.record_id for i in _items(store)] == [other]
    row = store.read(
        "SELECT done_at, updated_at FROM action_item WHERE id = :id", {"id": action_id}
    )
    assert row[0]["done_at"] == row[0]["updated_at"] == "2026-11-20 09:30:00.000000"
    with store.session() as session:
        action = session.get(ActionItem, action_id)
        assert action is not None
        assert action.done_at == clock.now()
    done = timeline(store, acme, kinds={ACTION})
    assert [(e.record_id, e.title) for e in done] == [(action_id, "send the SLA")]


def test_done_for_a_person_logs_a_touch_that_restarts_the_cadence(store: Store) -> None:
    acme = _client(store, "Acme")
    dana = _person(store, acme, "Dana Whitfield", every=14, added=-60)
    lee = _person(store, acme, "Lee", every=14, added=-60)
    mark_done(store, _item(store, "person", "Dana Whitfield"), now=clock.now(), author="Sam")

    assert [i.record_id for i in _items(store)] == [lee]  # Dana left Today
    (touch,) = store.read("SELECT * FROM interaction")
    assert touch["account_id"] == acme
    assert touch["kind"] == "other"
    assert touch["author"] == "Sam"
    assert "Dana Whitfield" in touch["summary"]
    assert touch["occurred_at"] == "2026-11-20 09:30:00.000000"
    attendees = store.read("SELECT contact_id FROM interaction_attendee")
    assert [r["contact_id"] for r in attendees] == [dana]
    # the cadence restarts from today: back a fortnight and a day later
    assert dana not in [i.record_id for i in today_items(store, day(14)) if i.kind == "person"]
    assert dana in [i.record_id for i in today_items(store, day(15)) if i.kind == "person"]
    # and the touch shows in the client's timeline, with Dana present
    (entry,) = timeline(store, acme, person_id=dana)
    assert entry.people == ["Dana Whitfield"]


def test_done_for_a_review_schedules_the_next_a_cadence_later(store: Store) -> None:
    own = _client(store, "Own Cadence", review=day(-4), review_cadence_days="45")
    typed = _client(store, "Typed", review=day(-1), current_type="partnership")
    first, left = _items(store, "review")
    assert (first.client_id, left.client_id) == (own, typed)
    mark_done(store, first, now=clock.now(), author="Sam")
    assert [i.client_id for i in _items(store, "review")] == [typed]
    mark_done(store, left, now=clock.now(), author="Sam")
    assert _items(store) == []

    rows = {
        r["id"]: r["next_review_due"] for r in store.read("SELECT id, next_review_due FROM account")
    }
    assert rows[own] == day(45).isoformat()
    partnership = default_review_cadence(RelationshipType.PARTNERSHIP)
    assert rows[typed] == day(partnership).isoformat()


def test_done_for_one_person_leaves_colleagues_alone(store: Store) -> None:
    acme = _client(store, "Acme")
    _person(store, acme, "Dana", every=7, added=-60)
    _person(store, acme, "Lee", every=7, added=-60)
    mark_done(store, _item(store, "person", "Lee"), now=clock.now(), author="Sam")
    assert _titles(store, "person") == ["Dana"]
