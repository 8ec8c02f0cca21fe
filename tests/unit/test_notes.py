"""Notes (kind, date, text) and action items (text, owner, due date, done)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from relwork import clock
from relwork.db import Store
from relwork.enums import InteractionKind
from relwork.models import ActionItem, Interaction
from relwork.services.clients import create_client, parse_client
from relwork.services.contacts import create_contact, parse_contact
from relwork.services.notes import (
    add_action,
    add_note,
    attendee_ids,
    attendee_names,
    open_actions,
    parse_action,
    parse_note,
    recent_notes,
    set_action_done,
    update_action,
)
from relwork.services.validation import InvalidInput


def _client(store: Store, name: str = "Acme") -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": name})).id


def _note(store: Store, client_id: int, **values: object) -> Interaction:
    with store.session() as session:
        return add_note(session=session, client_id=client_id, data=parse_note(values), author="Sam")


def _action(store: Store, client_id: int, **values: object) -> ActionItem:
    with store.session() as session:
        return add_action(session=session, client_id=client_id, data=parse_action(values))


def test_add_note_stores_kind_date_text_and_author(store: Store) -> None:
    client_id = _client(store)
    with store.session() as session:
        first, second = (
            create_contact(session=session, client_id=client_id, data=parse_contact({"name": n})).id
            for n in ("Dana", "Lee")
        )
    note = _note(
        store,
        client_id,
        kind="workshop",
        occurred_at="2026-11-18 14:30",
        summary="\n  Co-design workshop.\r\nAgreed the pilot.  \n",
        attendees=[second, first, second],
    )
    with store.session() as session:
        stored = session.get(Interaction, note.id)
        assert stored is not None
        assert stored.account_id == client_id
        assert stored.kind == InteractionKind.WORKSHOP
        assert stored.occurred_at == datetime(2026, 11, 18, 14, 30, tzinfo=UTC)
        assert stored.summary == "Co-design workshop.\nAgreed the pilot."
        assert attendee_ids(session=session, note_id=stored.id) == sorted([first, second])
        assert attendee_names(session=session, note_id=stored.id) == ["Dana", "Lee"]
        assert stored.author == "Sam"


def test_note_defaults_to_a_call() -> None:
    assert parse_note({"occurred_at": "2026-11-18", "summary": "x"}).kind == InteractionKind.CALL


def test_note_text_loses_control_characters_but_keeps_markup(store: Store) -> None:
    note = _note(
        store,
        _client(store),
        occurred_at="2026-11-18",
        summary='subject = "[bold]P1[/] {site}"\x1b[2J\x07',
    )
    raw = store.read("SELECT summary FROM interaction WHERE id = :id", {"id": note.id})
    assert raw[0]["summary"] == 'subject = "[bold]P1[/] {site}"[2J'


def test_invalid_note_says_what_to_fix_and_saves_nothing(store: Store) -> None:
    client_id = _client(store)
    with pytest.raises(InvalidInput) as caught:
        parse_note({"kind": "gossip", "occurred_at": "soon", "summary": " \x1b "})
    errors = caught.value.errors
    assert set(errors) == {"kind", "occurred_at", "summary"}
    assert errors["summary"] == "Write the note before saving it."
    assert errors["occurred_at"] == "'soon' is not a date and time; use YYYY-MM-DD HH:MM."
    with store.session() as session:
        assert recent_notes(session=session, client_id=client_id) == []


def test_recent_notes_newest_first_and_limited(store: Store) -> None:
    client_id = _client(store)
    other = _client(store, "Other")
    for day in (3, 1, 2):
        _note(store, client_id, occurred_at=f"2026-11-0{day} 10:00", summary=f"day {day}")
    _note(store, other, occurred_at="2026-11-05 10:00", summary="elsewhere")
    with store.session() as session:
        notes = recent_notes(session=session, client_id=client_id)
        assert [n.summary for n in notes] == ["day 3", "day 2", "day 1"]
        assert len(recent_notes(session=session, client_id=client_id, limit=2)) == 2


def test_note_for_unknown_client_is_refused(store: Store) -> None:
    data = parse_note({"occurred_at": "2026-11-18", "summary": "x"})
    with store.session() as session, pytest.raises(LookupError):
        add_note(session=session, client_id=404, data=data)


def test_add_action_stores_text_owner_and_due_date(store: Store) -> None:
    client_id = _client(store)
    action = _action(
        store, client_id, text="  Send the\nDPA draft ", owner="Sam\x07", due_date="2026-11-25"
    )
    with store.session() as session:
        stored = session.get(ActionItem, action.id)
        assert stored is not None
        assert stored.text == "Send the DPA draft"
        assert stored.owner == "Sam"
        assert stored.due_date == date(2026, 11, 25)
        assert stored.done_at is None
        assert stored.account_id == client_id


def test_action_may_hang_off_a_note(store: Store) -> None:
    client_id = _client(store)
    note = _note(store, client_id, occurred_at="2026-11-18", summary="call")
    with store.session() as session:
        action = add_action(
            session=session,
            client_id=client_id,
            data=parse_action({"text": "follow up"}),
            interaction_id=note.id,
        )
    assert action.interaction_id == note.id


def test_invalid_action_is_refused_per_field(store: Store) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_action({"text": "\n", "due_date": "next week"})
    assert caught.value.errors["text"] == "Say what needs doing."
    assert "'next week' is not a date" in caught.value.errors["due_date"]


def test_mark_action_done_and_reopen(store: Store) -> None:
    client_id = _client(store)
    action = _action(store, client_id, text="Do it")
    assert action.id is not None
    with store.session() as session:
        done = set_action_done(session=session, action_id=action.id, done=True)
    assert done.done_at == clock.now()
    with store.session() as session:
        assert open_actions(session=session, client_id=client_id) == []
        reopened = set_action_done(session=session, action_id=action.id, done=False)
    assert reopened.done_at is None
    with store.session() as session:
        assert [a.id for a in open_actions(session=session, client_id=client_id)] == [action.id]


def test_update_action_changes_text_owner_and_due_date(store: Store) -> None:
    client_id = _client(store)
    action = _action(store, client_id, text="Draft", owner="Sam", due_date="2026-11-25")
    assert action.id is not None
    with store.session() as session:
        update_action(
            session=session,
            action_id=action.id,
            data=parse_action({"text": "Final", "owner": "Ann", "due_date": ""}),
        )
    with store.session() as session:
        stored = session.get(ActionItem, action.id)
        assert stored is not None
        assert (stored.text, stored.owner, stored.due_date) == ("Final", "Ann", None)


def test_open_actions_due_first_undated_last(store: Store) -> None:
    client_id = _client(store)
    today = clock.today()
    undated = _action(store, client_id, text="undated")
    later = _action(store, client_id, text="later", due_date=today + timedelta(days=9))
    overdue = _action(store, client_id, text="overdue", due_date=today - timedelta(days=2))
    done = _action(store, client_id, text="done", due_date=today - timedelta(days=5))
    assert done.id is not None
    with store.session() as session:
        set_action_done(session=session, action_id=done.id, done=True)
        ids = [a.id for a in open_actions(session=session, client_id=client_id)]
    assert ids == [overdue.id, later.id, undated.id]


def test_unknown_action_is_a_lookup_error(store: Store) -> None:
    with store.session() as session:
        with pytest.raises(LookupError, match="no action with id 404"):
            set_action_done(session=session, action_id=404, done=True)
        with pytest.raises(LookupError):
            update_action(session=session, action_id=404, data=parse_action({"text": "x"}))
