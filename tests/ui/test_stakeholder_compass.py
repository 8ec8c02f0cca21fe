"""The compass of a stakeholder group, reached from the map by keyboard."""

from __future__ import annotations

from sqlmodel import select

from relwork.models import CompassEntry, Stakeholder
from relwork.screens.personas import CompassScreen
from relwork.screens.stakeholders import StakeholderScreen
from relwork.services.clients import create_client, parse_client
from relwork.services.stakeholders import create_stakeholder, parse_stakeholder
from tests.ui.conftest import make_app, settle


async def test_c_opens_the_compass_of_the_selected_group_and_adds_a_need(store):
    with store.session() as session:
        client = create_client(session=session, data=parse_client({"name": "Acme Hosting"}))
        group = create_stakeholder(
            session=session,
            client_id=client.id,
            data=parse_stakeholder(
                {
                    "group_name": "Night shift nurses",
                    "category": "user",
                    "influence": "2",
                    "interest": "5",
                }
            ),
        )
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.push_screen(StakeholderScreen(client.id))
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CompassScreen)
        await pilot.press("a", *"log-in in seconds, not minutes", "enter")
        await settle(pilot)
    with store.session() as session:
        entries = session.exec(select(CompassEntry)).all()
        assert [(e.subject_type, e.subject_id, e.quadrant, e.text) for e in entries] == [
            ("stakeholder", group.id, "needs", "log-in in seconds, not minutes")
        ]
        assert session.get(Stakeholder, group.id) is not None
