"""The client workspace: journey moves, contacts, notes and actions, by keyboard."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import DataTable, Input, SelectionList, Static

from relwork.models import ActionItem, Contact, Interaction, JourneyStepChange
from relwork.screens.capture import CaptureScreen
from relwork.screens.client import ClientScreen
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.form import FormScreen
from relwork.screens.note_view import NoteViewScreen
from relwork.services.clients import create_client, parse_client
from relwork.widgets.journey_bar import JourneyBar
from relwork.widgets.step_panel import StepPanel
from tests.ui.conftest import make_app, settle, static_text


def _client(store, name="Acme Hosting", step="engage"):
    with store.session() as session:
        return create_client(
            session=session, data=parse_client({"name": name, "current_step": step})
        ).id


async def _open(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ClientScreen)


def rows(app, table_id: str) -> list[list[str]]:
    table = app.screen.query_one(f"#{table_id}", DataTable)
    return [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_header_and_journey_bar_show_the_client(store):
    _client(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        essentials = static_text(app.screen.query_one("#client-essentials", Static))
        assert "Basic" in essentials
        bar = app.screen.query_one(JourneyBar)
        assert "●2 Engage" in bar.render().plain


async def test_move_client_to_another_step_records_date_and_note(store):
    client_id = _client(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await pilot.press("3")
        assert app.screen.query_one(StepPanel).display
        await pilot.press("m")
        await pilot.press(*"proposal requested", "enter")
        await settle(pilot)
        assert "●3 Offer" in app.screen.query_one(JourneyBar).render().plain
    with store.session() as session:
        changes = session.exec(
            select(JourneyStepChange).where(JourneyStepChange.account_id == client_id)
        ).all()
        last = max(changes, key=lambda c: c.id)
        assert (last.from_step, last.to_step, last.note) == (
            "engage",
            "offer",
            "proposal requested",
        )
        assert last.changed_at is not None


async def test_escape_in_move_dialog_keeps_the_step(store):
    _client(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await pilot.press("5", "m", "escape")
        await settle(pilot)
        assert "●2 Engage" in app.screen.query_one(JourneyBar).render().plain


async def test_each_step_shows_guidance_and_known_facts(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        for number in range(1, 8):
            await pilot.press(str(number))
            await pilot.pause()
            body = static_text(app.screen.query_one("#step-body", Static))
            assert f"Step {number} of 7" in body
            assert "What relwork already knows" in body
            assert "Move on when" in body
        await pilot.press("0")
        assert app.screen.query_one("#contacts").display


async def test_add_contact_with_several_roles(store):
    client_id = _client(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        await pilot.press("c", *"Dana Whitfield", "tab", *"Head of IT", "tab")
        roles = app.screen.query_one("#field-consumer_roles", SelectionList)
        assert app.focused is roles
        await pilot.press("space", "down", "down", "space")  # customer, sponsor
        await pilot.press("tab", *"dana@example.com")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(app, "contacts")[0][0] == "Dana Whitfield"
    with store.session() as session:
        contact = session.exec(select(Contact)).one()
        assert sorted(contact.consumer_roles) == ["customer", "sponsor"]
        assert contact.email == "dana@example.com"
        assert contact.organization_id is not None
    assert client_id


async def test_bad_email_is_explained_and_not_saved(store):
    _client(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        await pilot.press("c", *"Lee")
        app.screen.query_one("#field-email", Input).value = "lee at example"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "not an email address" in static_text(app.screen.query_one("#error-email"))
    with store.session() as session:
        assert session.exec(select(Contact)).all() == []


async def test_edit_and_remove_contact(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        first = rows(app, "contacts")[0][0]
        await pilot.press("enter")  # contacts table has focus: edit
        assert isinstance(app.screen, FormScreen)
        await pilot.press("tab")
        app.screen.query_one("#field-title", Input).value = "Chief Operating Officer"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(app, "contacts")[0][1] == "Chief Operating Officer"
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert first not in [r[0] for r in rows(app, "contacts")]
    with demo_store.session() as session:
        assert session.exec(select(Contact).where(Contact.name == first)).first() is None


async def test_add_note_and_read_it_back_literally(store):
    client_id = _client(store)
    app = make_app(store)
    markup = "Asked about [bold]P1[/] and [@click=app.quit]quit[/] [link=http://x]y[/link]"
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, CaptureScreen)
        assert app.focused.id == "capture-text"  # client preselected, cursor in the text
        app.screen.query_one("#capture-text").insert(markup)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(app, "timeline")[0][2].startswith("Asked about [bold]P1[/]")
        app.screen.query_one("#timeline").focus()
        await pilot.press("enter")
        assert isinstance(app.screen, NoteViewScreen)
        shown = static_text(app.screen.query_one("#note-text", Static)).rstrip("\n")
        assert shown == markup
        await pilot.click("#note-text")  # clicking the text runs nothing
        await pilot.press("escape")
        assert app.is_running
    with store.session() as session:
        note = session.exec(select(Interaction)).one()
        assert note.account_id == client_id and note.kind == "call" and note.summary == markup


async def test_empty_note_is_refused(store):
    _client(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await pilot.press("n", "ctrl+s")
        assert isinstance(app.screen, CaptureScreen)
        assert "The note is empty" in static_text(app.screen.query_one("#capture-status"))
    with store.session() as session:
        assert session.exec(select(Interaction)).all() == []


async def test_add_action_then_mark_it_done(store):
    _client(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        await pilot.press("t", *"Send revised SLA", "tab")
        assert app.screen.query_one("#field-owner", Input).value == "Sam Okafor"
        await pilot.press("tab", *"2026-11-18")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(app, "actions") == [["2026-11-18 !", "Send revised SLA", "Sam Okafor"]]
        app.screen.query_one("#actions").focus()
        await pilot.press("space")
        await settle(pilot)
        assert rows(app, "actions") == []
    with store.session() as session:
        action = session.exec(select(ActionItem)).one()
        assert action.done_at is not None


async def test_control_characters_are_stripped_from_saved_text(store):
    _client(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        await pilot.press("t")
        app.screen.query_one("#field-text", Input).value = "Call\x1b[31m back\x07"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with store.session() as session:
        assert session.exec(select(ActionItem)).one().text == "Call[31m back"
