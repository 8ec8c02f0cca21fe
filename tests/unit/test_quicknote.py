"""Saving a note fast on plain sqlite3 (relwork.services.quicknote): the note, the people
present and its action items in one transaction, readable by the ORM services."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from relwork import clock
from relwork.db import Store
from relwork.enums import InteractionKind
from relwork.models import ActionItem
from relwork.services.clients import create_client, parse_client, set_archived
from relwork.services.contacts import create_contact, parse_contact
from relwork.services.notes import attendee_ids, open_actions, recent_notes
from relwork.services.quicknote import (
    CaptureError,
    NoteToSave,
    check_note,
    client_choices,
    contact_choices,
    find_client,
    parse_when,
    save_note,
    stored,
)

FRIDAY = date(2026, 11, 20)


def _client(store: Store, name: str = "Acme Hosting") -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": name})).id


def _contact(store: Store, client_id: int, name: str) -> int:
    with store.session() as session:
        contact = create_contact(
            session=session, client_id=client_id, data=parse_contact({"name": name})
        )
        assert contact.id is not None
        return contact.id


def _count(store: Store, table: str) -> int:
    return store.read(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"]


def _save(store: Store, client_id: int, text: str, **values: object) -> int:
    note = NoteToSave(client_id=client_id, text=text, **values)  # type: ignore[arg-type]
    return save_note(store, note, author="Sam", now=clock.now()).note_id


# --- save_note ------------------------------------------------------------------------------


def test_save_note_writes_the_note_people_and_actions(store: Store) -> None:
    client_id = _client(store)
    dana = _contact(store, client_id, "Dana Whitfield")
    lee = _contact(store, client_id, "Lee Park")
    text = (
        "Call with Dana and Lee about the SLA.\n"
        "- [ ] send revised SLA @Dana due:2026-12-05\n"
        "- [x] already done, not an action\n"
        "  * [ ] book the QBR room due:friday\n"
        "[ ] chase the PO due:+3d\n"
    )
    saved = save_note(
        store,
        NoteToSave(
            client_id=client_id,
            text=text,
            kind=InteractionKind.MEETING,
            occurred_at=datetime(2026, 11, 19, 14, 30, tzinfo=UTC),
            people=[lee, dana, lee],
        ),
        author="Sam Okafor",
        now=clock.now(),
    )

    (note,) = store.read("SELECT * FROM interaction")
    assert note["id"] == saved.note_id
    assert note["account_id"] == client_id
    assert note["kind"] == "meeting"
    assert note["summary"] == text.strip()
    assert note["author"] == "Sam Okafor"
    assert note["occurred_at"] == "2026-11-19 14:30:00.000000"
    assert note["created_at"] == note["updated_at"] == "2026-11-20 09:30:00.000000"

    attendees = store.read(
        "SELECT contact_id FROM interaction_attendee WHERE interaction_id = :id ORDER BY rowid",
        {"id": saved.note_id},
    )
    assert [row["contact_id"] for row in attendees] == [lee, dana]  # each person once

    actions = store.read("SELECT * FROM action_item ORDER BY id")
    assert [(a["text"], a["owner"], a["due_date"]) for a in actions] == [
        ("send revised SLA", "Dana Whitfield", "2026-12-05"),
        ("book the QBR room", "", "2026-11-27"),  # the next Friday, not today
        ("chase the PO", "", "2026-11-23"),
    ]
    assert all(a["account_id"] == client_id for a in actions)
    assert all(a["interaction_id"] == saved.note_id for a in actions)
    assert all(a["done_at"] is None and a["snoozed_until"] is None for a in actions)
    assert [a.text for a in saved.actions] == [a["text"] for a in actions]
    assert [a.line_number for a in saved.actions] == [2, 4, 5]
    assert [a.owner for a in saved.actions] == ["Dana Whitfield", "", ""]  # as stored


def test_saved_note_reads_back_through_the_orm_services(store: Store) -> None:
    client_id = _client(store)
    dana = _contact(store, client_id, "Dana Whitfield")
    when = datetime(2026, 11, 19, 14, 30, tzinfo=UTC)
    note_id = _save(
        store,
        client_id,
        "Workshop notes\n- [ ] send the SLA @dana due:2026-12-05",
        kind=InteractionKind.WORKSHOP,
        occurred_at=when,
        people=[dana],
    )
    with store.session() as session:
        (note,) = recent_notes(session=session, client_id=client_id)
        assert note.id == note_id
        assert note.occurred_at == when
        assert note.occurred_at.tzinfo is not None
        assert note.created_at == clock.now()
        assert note.kind == InteractionKind.WORKSHOP
        assert note.summary == "Workshop notes\n- [ ] send the SLA @dana due:2026-12-05"
        assert attendee_ids(session=session, note_id=note_id) == [dana]
        (action,) = open_actions(session=session, client_id=client_id)
        assert isinstance(action, ActionItem)
        assert action.due_date == date(2026, 12, 5)
        assert action.owner == "Dana Whitfield"
        assert action.interaction_id == note_id
        assert action.created_at == clock.now()


def test_notes_saved_by_both_paths_sort_together(store: Store) -> None:
    """The ORM's own note and a quick note order by occurred_at, whichever wrote them."""
    from relwork.services.notes import add_note, parse_note

    client_id = _client(store)
    with store.session() as session:
        add_note(
            session=session,
            client_id=client_id,
            data=parse_note({"occurred_at": "2026-11-19 12:00", "summary": "middle (ORM)"}),
        )
    _save(store, client_id, "late (quick)", occurred_at=datetime(2026, 11, 19, 15, 0, tzinfo=UTC))
    _save(store, client_id, "early (quick)", occurred_at=datetime(2026, 11, 19, 9, 0, tzinfo=UTC))
    with store.session() as session:
        notes = recent_notes(session=session, client_id=client_id)
    assert [n.summary for n in notes] == ["late (quick)", "middle (ORM)", "early (quick)"]


def test_note_without_a_time_happened_now(store: Store) -> None:
    client_id = _client(store)
    _save(store, client_id, "Quick word in the corridor.")
    with store.session() as session:
        (note,) = recent_notes(session=session, client_id=client_id)
    assert note.occurred_at == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    assert note.kind == InteractionKind.CALL  # the default kind


def test_local_times_are_stored_in_utc(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        client_id = _client(store)
        when = parse_when("2026-11-19 14:30", FRIDAY)  # 14:30 in Berlin (UTC+1)
        _save(store, client_id, "Berlin time", occurred_at=when)
        assert store.read("SELECT occurred_at FROM interaction")[0][0] == (
            "2026-11-19 13:30:00.000000"
        )
        with store.session() as session:
            (note,) = recent_notes(session=session, client_id=client_id)
        assert note.occurred_at == datetime(2026, 11, 19, 13, 30, tzinfo=UTC)
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()


def test_stored_matches_the_orm_format() -> None:
    assert stored(datetime(2026, 11, 20, 9, 30, 5, 123, tzinfo=UTC)) == (
        "2026-11-20 09:30:05.000123"
    )
    # a naive time is taken as local (the tests run in UTC)
    assert stored(datetime(2026, 11, 20, 9, 30)) == "2026-11-20 09:30:00.000000"


def test_owner_is_the_full_name_when_the_first_name_is_unique(store: Store) -> None:
    client_id = _client(store)
    _contact(store, client_id, "Dana Whitfield")
    _contact(store, client_id, "Lee Park")
    _contact(store, client_id, "Lee Marsh")
    _contact(store, _client(store, "Other Client"), "Kim Other")
    _save(
        store,
        client_id,
        "\n".join(
            [
                "- [ ] one @Dana",
                "- [ ] two @DANA",  # case does not matter
                "- [ ] three @Lee",  # two Lees: kept as typed
                '- [ ] four @"Lee Marsh"',  # a full name is found
                "- [ ] five @Sam",  # not a contact: kept as typed
                "- [ ] six @Kim",  # another client's contact: not this one's
                "- [ ] seven",  # no owner
            ]
        ),
    )
    owners = [row["owner"] for row in store.read("SELECT owner FROM action_item ORDER BY id")]
    assert owners == ["Dana Whitfield", "Dana Whitfield", "Lee", "Lee Marsh", "Sam", "Kim", ""]


def test_an_unreadable_due_date_saves_nothing(store: Store) -> None:
    client_id = _client(store)
    text = "Good call.\n- [ ] send the SLA due:2026-12-05\n- [ ] book the room due:someday"
    with pytest.raises(CaptureError) as caught:
        _save(store, client_id, text)
    message = str(caught.value)
    assert "line 3" in message
    assert "'someday' is not a date" in message
    assert _count(store, "interaction") == 0
    assert _count(store, "action_item") == 0


def test_two_due_dates_on_one_line_are_refused(store: Store) -> None:
    client_id = _client(store)
    with pytest.raises(CaptureError, match="more than one due date"):
        _save(store, client_id, "- [ ] send it due:friday due:monday")
    assert _count(store, "interaction") == 0


def test_a_failure_inside_the_transaction_saves_nothing(store: Store) -> None:
    """A person who does not exist fails the attendee insert after the note row was
    written: the note and its actions must roll back with it."""
    client_id = _client(store)
    with pytest.raises(sqlite3.IntegrityError):
        _save(store, client_id, "Call\n- [ ] follow up due:monday", people=[987654])
    assert _count(store, "interaction") == 0
    assert _count(store, "interaction_attendee") == 0
    assert _count(store, "action_item") == 0
    # the store is still usable afterwards
    _save(store, client_id, "Second try")
    assert _count(store, "interaction") == 1


def test_unknown_client_id_is_refused(store: Store) -> None:
    _client(store)
    with pytest.raises(CaptureError, match="no client with id 4242"):
        _save(store, 4242, "Lost note\n- [ ] an action due:friday")
    assert _count(store, "interaction") == 0
    assert _count(store, "action_item") == 0


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \n", "\x1b\x07\x00", " \x7f\r\n\x9b "])
def test_empty_note_is_refused(store: Store, text: str) -> None:
    client_id = _client(store)
    with pytest.raises(CaptureError, match="The note is empty"):
        _save(store, client_id, text)
    assert _count(store, "interaction") == 0


def test_control_characters_are_stripped_and_line_endings_normalised(store: Store) -> None:
    client_id = _client(store)
    _save(
        store,
        client_id,
        "  \x1b[31mRed\x1b[0m alert\x07 from\x00 the\x9b desk\r\nsecond line\rthird\tline  \n",
    )
    (row,) = store.read("SELECT summary FROM interaction")
    assert row["summary"] == "[31mRed[0m alert from the desk\nsecond line\nthird\tline"
    for character in ("\x1b", "\x07", "\x00", "\x9b", "\r"):
        assert character not in row["summary"]


def test_control_characters_do_not_reach_action_text(store: Store) -> None:
    client_id = _client(store)
    _save(store, client_id, "- [ ] send\x1b]0;pwned\x07 the SLA due:friday")
    (row,) = store.read("SELECT text FROM action_item")
    assert row["text"] == "send]0;pwned the SLA"


def test_the_full_text_index_finds_a_quick_note(store: Store) -> None:
    from relwork.services.search import search

    client_id = _client(store)
    note_id = _save(store, client_id, "Discussed the zanzibar migration plan.")
    hits = [hit for hit in search(store, "zanzibar") if hit.kind == "note"]
    assert [(hit.record_id, hit.client_id) for hit in hits] == [(note_id, client_id)]


# --- check_note --------------------------------------------------------------------------------


def test_check_note_returns_the_actions_without_saving(store: Store) -> None:
    actions = check_note("x\n- [ ] a @Dana due:tomorrow\n- [ ] b", FRIDAY)
    assert [(a.text, a.owner, a.due) for a in actions] == [
        ("a", "Dana", date(2026, 11, 21)),
        ("b", "", None),
    ]
    assert _count(store, "interaction") == 0


def test_check_note_lists_every_problem() -> None:
    with pytest.raises(CaptureError) as caught:
        check_note("- [ ] a due:nope\nfine\n- [ ] b due:2026-02-30", FRIDAY)
    message = str(caught.value)
    assert message.startswith("Fix the action items first: ")
    assert "line 1: 'nope' is not a date" in message
    assert "line 3: '2026-02-30' is not a calendar date" in message


# --- choices and finding a client ---------------------------------------------------------


def test_client_choices_skip_archived_clients_and_sort_a_to_z(store: Store) -> None:
    zed = _client(store, "zed Systems")
    acme = _client(store, "Acme Hosting")
    gone = _client(store, "Bygone Ltd")
    with store.session() as session:
        set_archived(session=session, client_id=gone, archived=True)
    assert client_choices(store) == [("Acme Hosting", acme), ("zed Systems", zed)]


def test_contact_choices_are_the_clients_own_people(store: Store) -> None:
    acme = _client(store, "Acme Hosting")
    other = _client(store, "Other Client")
    dana = _contact(store, acme, "dana Whitfield")
    bo = _contact(store, acme, "Bo Lee")
    _contact(store, other, "Kim Other")
    assert contact_choices(store, acme) == [("Bo Lee", bo), ("dana Whitfield", dana)]
    assert contact_choices(store, 999) == []


def test_find_client_by_prefix_and_ambiguity(store: Store) -> None:
    hosting = _client(store, "Acme Hosting")
    _client(store, "Acme Logistics")
    found = find_client(store, "acme h")
    assert found.chosen is not None and found.chosen.item == hosting
    both = find_client(store, "acme")
    assert both.ambiguous
    assert sorted(c.name for c in both.candidates) == ["Acme Hosting", "Acme Logistics"]
    assert find_client(store, "nothing like it").unknown


# --- parse_when ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-19 14:30", datetime(2026, 11, 19, 14, 30, tzinfo=UTC)),
        ("2026-11-19T14:30", datetime(2026, 11, 19, 14, 30, tzinfo=UTC)),
        ("  2026-11-19 14:30  ", datetime(2026, 11, 19, 14, 30, tzinfo=UTC)),
        ("2026-11-19 00:00", datetime(2026, 11, 19, 0, 0, tzinfo=UTC)),  # midnight stays
        ("2026-11-19", datetime(2026, 11, 19, 9, 0, tzinfo=UTC)),  # a date alone: 09:00
        ("14:30", datetime(2026, 11, 20, 14, 30, tzinfo=UTC)),  # today
        ("00:00", datetime(2026, 11, 20, 0, 0, tzinfo=UTC)),
        ("2026-11-19 14:30+02:00", datetime(2026, 11, 19, 12, 30, tzinfo=UTC)),
    ],
)
def test_parse_when_forms(value: str, expected: datetime) -> None:
    parsed = parse_when(value, FRIDAY)
    assert parsed == expected
    assert parsed.tzinfo is not None


def test_parse_when_uses_the_given_day_for_a_bare_time() -> None:
    assert parse_when("10:15", FRIDAY - timedelta(days=3)) == datetime(
        2026, 11, 17, 10, 15, tzinfo=UTC
    )


def test_parse_when_is_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        parsed = parse_when("2026-11-19 14:30", FRIDAY)
        assert parsed.utcoffset() == timedelta(hours=-5)
        assert parsed.astimezone(UTC) == datetime(2026, 11, 19, 19, 30, tzinfo=UTC)
        assert parse_when("2026-11-19", FRIDAY).astimezone(UTC).hour == 14  # 09:00 there
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()


@pytest.mark.parametrize(
    "value",
    ["", "   ", "yesterday", "25:00", "14:60", "12:5", "2026-13-01", "2026-02-30", "19/11/2026"],
)
def test_parse_when_refuses_what_it_cannot_read(value: str) -> None:
    with pytest.raises(CaptureError) as caught:
        parse_when(value, FRIDAY)
    message = str(caught.value)
    assert f"'{value}' is not a time" in message
    assert "YYYY-MM-DD HH:MM" in message
    assert isinstance(caught.value, ValueError)  # CaptureError is a ValueError
