"""Relationship type and maturity, by keyboard."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from relwork.enums import RelationshipType
from relwork.models import MaturityAssessment
from relwork.screens.form import FormScreen
from relwork.screens.relationship import RelationshipScreen
from relwork.services.clients import get_client
from tests.ui.conftest import make_app, settle, static_text


async def _open(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")  # first client in the demo
    await settle(pilot)
    await pilot.press("2", "y")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RelationshipScreen)


async def test_cycle_types_and_record_maturity(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        client_id = app.screen.client_id
        with demo_store.session() as session:
            before = RelationshipType(
                get_client(session=session, client_id=client_id).account.current_type
            )
        await pilot.press("t")
        await pilot.press("m")
        assert isinstance(app.screen, FormScreen)
        await pilot.press("tab", "enter", "down", "enter")  # level: cooperative
        app.screen.query_one("#field-assessed_on", Input).value = "2026-11-02"
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = static_text(app.screen.query_one("#relationship-maturity", Static))
        assert "Demand: Cooperative on 2026-11-02" in shown
    with demo_store.session() as session:
        account = get_client(session=session, client_id=client_id).account
        assert account.current_type == before
        assert account.target_type is not None and account.target_type != before
        entries = session.exec(
            __import__("sqlmodel")
            .select(MaturityAssessment)
            .where(MaturityAssessment.account_id == client_id)
        ).all()
        assert [(e.side, e.level) for e in entries] == [("demand", "cooperative")]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_relationship_screen_snapshot(snap_compare, demo_store, size):
    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=_open)
