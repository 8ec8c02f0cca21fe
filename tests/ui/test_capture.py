"""The quick-capture panel, driven by keyboard."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Input, OptionList, Static

from relwork.drafts import drafts_dir, read_draft
from relwork.models import ActionItem, Contact, Interaction
from relwork.screens.capture import CaptureScreen, NoteText
from relwork.screens.client import ClientScreen
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.dashboard import DashboardScreen
from relwork.services.notes import attendee_ids
from tests.ui.conftest import make_app, settle, static_text


def notes_of(store, client_name_part: str) -> list[Interaction]:
    with store.session() as session:
        rows = session.exec(select(Interaction).order_by(Interaction.id)).all()
        return [n for n in rows if client_name_part in n.summary]


async def test_n_in_a_client_preselects_it_and_puts_the_cursor_in_the_text(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        client = demo_app.screen
        assert isinstance(client, ClientScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(demo_app.screen, CaptureScreen)
        assert demo_app.screen.client_id == client.client_id
        assert isinstance(demo_app.focused, NoteText)


async def test_ctrl_n_opens_the_panel_even_from_a_text_field(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"tide")  # typing in the dashboard filter
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(demo_app.screen, CaptureScreen)


async def test_first_keystrokes_pick_the_client_by_fuzzy_name(demo_app, demo_store):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert demo_app.focused.id == "capture-client"
        await pilot.press(*"tdwell")
        await pilot.pause()
        matches = demo_app.screen.query_one("#client-matches", OptionList)
        assert matches.display
        assert str(matches.get_option_at_index(0).prompt) == "Tidewell Freight"
        await pilot.press("enter")
        assert isinstance(demo_app.focused, NoteText)
        assert demo_app.screen.client_name == "Tidewell Freight"
        await pilot.press(*"Quick check-in about Tidewell pallets")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, DashboardScreen)
    assert len(notes_of(demo_store, "Tidewell pallets")) == 1


async def test_actions_and_people_are_recognised_before_saving(demo_app, demo_store):
    async with demo_app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"tidewell", "enter")
        text = demo_app.screen.query_one(NoteText)
        await pilot.press(*"Spoke with @ine", "tab")
        assert "@Ines " in text.text  # Tab completed the name
        text.insert("\n- [ ] send pilot report @Ines due:2026-12-05\n- [ ] book the room due:+3d")
        await pilot.pause()
        people = static_text(demo_app.screen.query_one("#capture-people", Static))
        preview = static_text(demo_app.screen.query_one("#capture-preview", Static))
        assert "Ines Vermeulen" in people
        assert "Actions on save (2)" in preview
        assert "send pilot report" in preview and "due 2026-12-05" in preview
        assert "book the room" in preview and "due 2026-11-23" in preview
        await pilot.press("ctrl+s")
        await settle(pilot)
    note = notes_of(demo_store, "send pilot report")[0]
    with demo_store.session() as session:
        ines = session.exec(select(Contact).where(Contact.name == "Ines Vermeulen")).one()
        assert attendee_ids(session=session, note_id=note.id) == [ines.id]
        actions = session.exec(select(ActionItem).where(ActionItem.interaction_id == note.id)).all()
        assert sorted((a.text, a.owner, str(a.due_date)) for a in actions) == [
            ("book the room", "", "2026-11-23"),
            ("send pilot report", "Ines Vermeulen", "2026-12-05"),
        ]


async def test_unreadable_due_date_blocks_saving_and_keeps_the_text(demo_app, demo_store):
    async with demo_app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"tidewell", "enter")
        demo_app.screen.query_one(NoteText).insert("- [ ] chase the PO due:someday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(demo_app.screen, CaptureScreen)
        status = static_text(demo_app.screen.query_one("#capture-status", Static))
        assert "'someday' is not a date" in status
        assert "chase the PO" in demo_app.screen.query_one(NoteText).text
    assert notes_of(demo_store, "chase the PO") == []


async def test_closing_with_text_asks_and_a_draft_is_kept_meanwhile(demo_app, demo_store):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"tidewell", "enter", *"half a thought")
        await pilot.pause(CaptureScreen.DRAFT_INTERVAL * 3)
        drafts = list(drafts_dir(demo_store.path).glob("*.json"))
        assert len(drafts) == 1
        draft = read_draft(drafts[0])
        assert draft is not None and draft.text == "half a thought"
        assert draft.client_name == "Tidewell Freight"
        assert oct(drafts[0].stat().st_mode & 0o777) == "0o600"
        await pilot.press("escape")
        assert isinstance(demo_app.screen, ConfirmScreen)
        await pilot.press("n")  # keep writing
        assert isinstance(demo_app.screen, CaptureScreen)
        await pilot.press("escape", "y")  # throw away
        await settle(pilot)
        assert isinstance(demo_app.screen, DashboardScreen)
    assert list(drafts_dir(demo_store.path).glob("*.json")) == []
    assert notes_of(demo_store, "half a thought") == []


async def test_a_left_over_draft_is_offered_back_at_start(demo_store):
    from relwork.drafts import Draft, write_draft

    write_draft(
        drafts_dir(demo_store.path) / "999999-1.json",
        Draft(
            client_id=1,
            client_name="Tidewell Freight",
            kind="meeting",
            when="2026-11-20 08:00",
            text="Words from before the crash",
            saved_at="2026-11-20T08:05:00+00:00",
            pid=999999,
        ),
    )
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Tidewell Freight" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        assert app.screen.query_one(NoteText).text == "Words from before the crash"
        assert app.screen.query_one("#capture-when", Input).value == "2026-11-20 08:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert len(notes_of(demo_store, "Words from before the crash")) == 1
    assert list(drafts_dir(demo_store.path).glob("*.json")) == []
