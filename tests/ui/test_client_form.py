"""Creating and editing clients in the form, by keyboard only."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Input, Static

from relwork.models import Account, JourneyStepChange, Organization
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.dashboard import DashboardScreen
from relwork.screens.form import FormScreen
from tests.ui.conftest import settle


def error_text(app, field: str) -> str:
    widget = app.screen.query_one(f"#error-{field}", Static)
    return str(widget.render()) if widget.display else ""


def organization_names(store) -> list[str]:
    with store.session() as session:
        return list(session.exec(select(Organization.name)).all())


async def test_new_client_needs_a_name_and_saves_nothing_until_valid(empty_app, store):
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert isinstance(empty_app.screen, FormScreen)
        assert empty_app.focused.id == "field-name"
        await pilot.press("ctrl+s")
        assert isinstance(empty_app.screen, FormScreen)
        assert "Enter the client's name" in error_text(empty_app, "name")
        assert organization_names(store) == []


async def test_new_client_saved_with_journey_start_recorded(empty_app, store):
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c", *"Harbour Lights Ltd", "tab", *"Shipping")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(empty_app.screen, DashboardScreen)
        assert organization_names(store) == ["Harbour Lights Ltd"]
    with store.session() as session:
        account = session.exec(select(Account)).one()
        assert account.current_step == "explore"
        assert account.rm_owner == "Sam Okafor"
        change = session.exec(select(JourneyStepChange)).one()
        assert change.to_step == "explore" and change.account_id == account.id


async def test_bad_values_get_messages_beside_their_fields(empty_app, store):
    async with empty_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c", *"Quayside Bank")
        empty_app.screen.query_one("#field-review_cadence_days", Input).value = "often"
        empty_app.screen.query_one("#field-next_review_due", Input).value = "12/05/2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "whole number" in error_text(empty_app, "review_cadence_days")
        assert "YYYY-MM-DD" in error_text(empty_app, "next_review_due")
        assert empty_app.focused.id == "field-review_cadence_days"
        assert organization_names(store) == []


async def test_duplicate_name_is_refused(demo_app, demo_store):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c", *"tidewell freight")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "already exists" in error_text(demo_app, "name")
        assert len(organization_names(demo_store)) == 8


async def test_escape_on_changed_form_asks_and_can_keep_editing(empty_app, store):
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c", *"Half-typed")
        await pilot.press("escape")
        assert isinstance(empty_app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(empty_app.screen, FormScreen)
        assert empty_app.screen.query_one("#field-name", Input).value == "Half-typed"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(empty_app.screen, DashboardScreen)
        assert organization_names(store) == []


async def test_escape_on_untouched_form_just_closes(empty_app):
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c", "escape")
        assert isinstance(empty_app.screen, DashboardScreen)


async def test_edit_client_changes_are_saved(demo_app, demo_store):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        assert isinstance(demo_app.screen, FormScreen)
        name_box = demo_app.screen.query_one("#field-name", Input)
        original = name_box.value
        await pilot.press("end", *" Group")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, DashboardScreen)
    assert f"{original} Group" in organization_names(demo_store)
    assert original not in organization_names(demo_store)


async def test_change_step_in_form_is_recorded_as_a_move(empty_app, store):
    async with empty_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c", *"Orbit Data")
        await pilot.press("tab", "tab", "tab")  # industry, status, journey step
        assert empty_app.focused.id == "field-current_step"
        await pilot.press("enter", "down", "down", "enter")  # explore -> offer
        await pilot.press("ctrl+s")
        await settle(pilot)
    with store.session() as session:
        account = session.exec(select(Account)).one()
        assert account.current_step == "offer"
