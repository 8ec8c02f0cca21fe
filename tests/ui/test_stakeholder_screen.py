"""The stakeholder screen: the map and table, built and changed by keyboard only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable, Static

from relwork import clock
from relwork.models import Interaction, InteractionAttendee
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.form import FormScreen
from relwork.screens.stakeholders import StakeholderScreen
from relwork.services.clients import create_client, parse_client
from relwork.services.contacts import create_contact, parse_contact
from relwork.services.stakeholders import (
    create_stakeholder,
    delete_stakeholder,
    move,
    parse_stakeholder,
    take_snapshot,
)
from relwork.widgets.stakeholder_grid import StakeholderGrid
from tests.ui.conftest import make_app, settle, static_text

# (name, person?, category, influence, interest, attitude): thirty, as a busy account has
PEOPLE = [
    ("Helen Ward", True, "senior_executive", 5, 5, "supporter"),
    ("Aisha Rahman", True, "manager", 4, 5, "sceptic"),
    ("Colm Byrne", True, "governance_risk_compliance", 4, 2, "neutral"),
    ("Gareth Hughes", True, "manager", 4, 4, "champion"),
    ("Fiona Marsh", True, "senior_executive", 5, 3, "neutral"),
    ("Nadia Okoro", True, "manager", 3, 4, "supporter"),
    ("Paul Grant", True, "board", 5, 2, "sceptic"),
    ("Eleanor Frost", True, "owner", 5, 1, "neutral"),
    ("Samir Haddad", True, "manager", 4, 5, "supporter"),
    ("Lucas Moreau", True, "internal_supplier", 3, 4, "neutral"),
    ("Rhys Calloway", True, "manager", 4, 5, "champion"),
    ("Martin Lind", True, "senior_executive", 5, 2, "neutral"),
    ("Keisha Brown", True, "control_function", 3, 3, "neutral"),
    ("Joy Adeyemi", True, "employee", 2, 4, "supporter"),
    ("Bridget Kane", True, "control_function", 4, 3, "blocker"),
    ("Dana Whitfield", True, "user", 2, 5, "champion"),
    ("Omar Said", True, "user", 1, 4, "neutral"),
    ("Priya Nair", True, "internal_customer", 3, 5, "supporter"),
    ("Tomas Weber", True, "employee", 2, 2, "neutral"),
    ("Ines Duarte", True, "manager", None, None, "neutral"),
    ("Ward nursing staff", False, "user", 2, 5, "sceptic"),
    ("Depot shift supervisors", False, "user", 2, 4, "sceptic"),
    ("Staff union branch", False, "union", 3, 5, "blocker"),
    ("Payment terminal provider", False, "supplier", 3, 2, "neutral"),
    ("Regional health inspectorate", False, "regulator", 3, 1, "neutral"),
    ("Finance business partners", False, "internal_customer", 2, 3, "neutral"),
    ("Local press", False, "media", 1, 2, "neutral"),
    ("Scanner hardware reseller", False, "supplier", 1, 1, "neutral"),
    ("Patient advice service", False, "community", 1, 3, "supporter"),
    ("Records archive team", False, "internal_supplier", None, None, "neutral"),
]


def busy_client(store) -> int:
    """A client with thirty stakeholders, a snapshot taken 120 days ago and changes since
    (moves, one new, one gone), and influential people out of touch."""
    now = clock.now()
    earlier = now - timedelta(days=120)
    clock.freeze(earlier)
    try:
        with store.session() as session:
            client_id = create_client(
                session=session, data=parse_client({"name": "Northwold Health Trust"})
            ).id
            ids: dict[str, int] = {}
            for name, person, category, influence, interest, attitude in PEOPLE:
                values = {
                    "category": category,
                    "influence": influence,
                    "interest": interest,
                    "attitude": attitude,
                    "owner": "Sam Okafor",
                    "comm_frequency_days": 30 if (influence or 0) >= 4 else None,
                }
                if person:
                    contact = create_contact(
                        session=session, client_id=client_id, data=parse_contact({"name": name})
                    )
                    values["contact_id"] = contact.id
                else:
                    values["group_name"] = name
                stakeholder = create_stakeholder(
                    session=session, client_id=client_id, data=parse_stakeholder(values)
                )
                assert stakeholder.id is not None
                ids[name] = stakeholder.id
            take_snapshot(session=session, client_id=client_id, author="Sam Okafor")
    finally:
        clock.freeze(now)
    with store.session() as session:
        move(session=session, stakeholder_id=ids["Nadia Okoro"], d_influence=1, d_interest=0)
        move(session=session, stakeholder_id=ids["Colm Byrne"], d_influence=0, d_interest=2)
        delete_stakeholder(session=session, stakeholder_id=ids["Local press"])
        create_stakeholder(
            session=session,
            client_id=client_id,
            data=parse_stakeholder(
                {
                    "group_name": "Night shift porters",
                    "category": "user",
                    "influence": "1",
                    "interest": "5",
                }
            ),
        )
        # the people we did speak to recently are in cadence
        note = Interaction(
            account_id=client_id, occurred_at=now - timedelta(days=3), summary="Call"
        )
        session.add(note)
        session.flush()
        for name in ("Helen Ward", "Gareth Hughes", "Rhys Calloway", "Samir Haddad"):
            contact_id = _contact_of(session, ids[name])
            session.add(InteractionAttendee(interaction_id=note.id, contact_id=contact_id))
        session.commit()
    return client_id


def _contact_of(session, stakeholder_id: int) -> int:
    from relwork.models import Stakeholder

    stakeholder = session.get(Stakeholder, stakeholder_id)
    return stakeholder.contact_id


def _open(client_id: int):
    async def run(pilot) -> None:
        await settle(pilot)
        pilot.app.push_screen(StakeholderScreen(client_id))
        await settle(pilot)

    return run


def _small_client(store) -> int:
    with store.session() as session:
        client_id = create_client(session=session, data=parse_client({"name": "Acme Hosting"})).id
        for name in ("Dana Whitfield", "Omar Said"):
            create_contact(session=session, client_id=client_id, data=parse_contact({"name": name}))
    return client_id


def _stakeholders(store):
    from sqlmodel import select

    from relwork.models import Stakeholder

    with store.session() as session:
        return list(session.exec(select(Stakeholder).order_by(Stakeholder.id)).all())


def error_text(app, field: str) -> str:
    widget = app.screen.query_one(f"#error-{field}", Static)
    return str(widget.render()) if widget.display else ""


def notes(app) -> str:
    return static_text(app.screen.query_one("#stakeholder-notes", Static))


async def test_build_a_map_by_keyboard_move_snapshot_and_see_the_change(store):
    client_id = _small_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(client_id)(pilot)
        # a person, chosen from the client's contacts
        await pilot.press("a")
        assert isinstance(app.screen, FormScreen)
        await pilot.press("enter", "down", "enter")  # Person: Dana Whitfield
        await pilot.press("tab", "tab", "enter", "down", "down", "down", "enter")  # Senior exec.
        await pilot.press("tab", "tab", "tab", "5", "tab", "4", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StakeholderScreen)
        [dana] = _stakeholders(store)
        assert (dana.category, dana.influence, dana.interest) == ("senior_executive", 5, 4)
        assert dana.contact_id is not None and dana.group_name == ""

        # a group, typed
        await pilot.press("a", "tab", *"Ward nursing staff", "tab")
        await pilot.press("enter", *["down"] * 6, "enter")  # User (internal)
        await pilot.press("tab", "tab", "tab", "2", "tab", "5", "ctrl+s")
        await settle(pilot)
        ward = _stakeholders(store)[1]
        assert (ward.group_name, ward.category, ward.influence, ward.interest) == (
            "Ward nursing staff",
            "user",
            2,
            5,
        )
        grid = app.screen.query_one(StakeholderGrid)
        assert grid.selected_id == ward.id  # the one just added is selected

        # select Dana (the row above) and move her: less interest, saved at once
        await pilot.press("up")
        assert grid.selected_id == dana.id
        await pilot.press("shift+left")
        await settle(pilot)
        assert _stakeholders(store)[0].interest == 3  # now "keep satisfied"
        assert "No snapshot yet" in notes(app)

        await pilot.press("S")
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"after the kick-off", "ctrl+s")
        await settle(pilot)
        assert "Since the last snapshot (2026-11-20): no changes." in notes(app)

        await pilot.press("shift+right")
        await settle(pilot)
        assert _stakeholders(store)[0].interest == 4
        shown = " ".join(notes(app).split())
        assert "1 moved, 0 new, 0 left" in shown
        assert "moved Dana Whitfield keep satisfied → manage closely" in shown
        assert "Dana Whitfield" in grid.render().plain


async def test_arrows_step_through_the_map_and_the_detail_follows(store):
    client_id = busy_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(client_id)(pilot)
        grid = app.screen.query_one(StakeholderGrid)
        names = {e.id: e.name for e in grid.entries}
        # reading order starts at the top row, left to right: influence 5, interest 1
        assert names[grid.selected_id] == "Eleanor Frost"
        await pilot.press("right")
        assert names[grid.selected_id] == "Martin Lind"
        await pilot.press("down")  # nearest in the next occupied row below (influence 4)
        assert names[grid.selected_id] == "Bridget Kane"
        assert "▸ Bridget Kane" in grid.render().plain
        await pilot.press("left")  # back in reading order: the last of the row above
        assert names[grid.selected_id] == "Helen Ward"


async def test_table_view_sorts_and_filters(store):
    client_id = busy_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(client_id)(pilot)
        await pilot.press("v")
        table = app.screen.query_one("#stakeholder-table", DataTable)
        assert app.focused is table
        assert table.row_count == 30
        first = [c.plain for c in table.get_row_at(0)]
        assert first[0] == "Helen Ward" and "Manage closely" in first  # by quadrant first
        await pilot.press("s")  # next: by name
        assert table.get_row_at(0)[0].plain == "Aisha Rahman"
        assert "Sorted by name" in str(table.border_title)
        await pilot.press("f", *"sceptic")
        names = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert names == [
            "Aisha Rahman",
            "Depot shift supervisors",
            "Paul Grant",
            "Ward nursing staff",
        ]
        await pilot.press("escape")  # clears the filter first
        assert table.row_count == 30
        await pilot.press("v")
        assert app.focused is app.screen.query_one(StakeholderGrid)


async def test_the_form_needs_a_person_or_a_group_and_a_category(store):
    client_id = _small_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(client_id)(pilot)
        await pilot.press("a", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "name a group" in error_text(app, "contact_id")
        assert "kind of stakeholder" in error_text(app, "category")
        await pilot.press("tab", *"Ops", "tab", "tab", "tab", "tab", "9", "ctrl+s")
        await pilot.pause()
        assert "from 1 (very low) to 5" in error_text(app, "influence")
        assert _stakeholders(store) == []


async def test_edit_with_enter_and_remove_after_asking(store):
    client_id = busy_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(client_id)(pilot)
        grid = app.screen.query_one(StakeholderGrid)
        chosen = grid.selected
        assert chosen is not None and chosen.name == "Eleanor Frost"
        await pilot.press("enter")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values()["influence"] == "5"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert len(_stakeholders(store)) == 30
        await pilot.press("d", "y")
        await settle(pilot)
        assert len(_stakeholders(store)) == 29
        assert all(e.name != "Eleanor Frost" for e in grid.entries)
        assert "Eleanor Frost" in notes(app)  # she left the map since the snapshot


async def test_flags_review_due_and_people_out_of_touch(store):
    client_id = busy_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(client_id)(pilot)
        shown = " ".join(notes(app).split())
        assert "Map review due: last snapshot 120 days ago (2026-07-23)" in shown
        assert "Out of touch (high influence): Aisha Rahman" in shown
        assert "Helen Ward (" not in shown  # spoken to three days ago
        await pilot.press("S", "ctrl+s")
        await settle(pilot)
        shown = " ".join(notes(app).split())
        assert "Map review due" not in shown
        assert "reviewed 2026-11-20 (today)" in shown


SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_map_with_thirty_stakeholders(snap_compare, store, size):
    client_id = busy_client(store)
    assert snap_compare(
        make_app(store, demo=False), terminal_size=size, run_before=_open(client_id)
    )


def test_table_with_thirty_stakeholders(snap_compare, store):
    client_id = busy_client(store)

    async def table(pilot) -> None:
        await _open(client_id)(pilot)
        await pilot.press("v")
        await settle(pilot)

    assert snap_compare(make_app(store, demo=False), terminal_size=(80, 24), run_before=table)
