"""The store keeps each attendee row's copy of its interaction's time in step."""

from datetime import UTC, datetime

from relwork.services.clients import create_client, parse_client
from relwork.services.contacts import create_contact, parse_contact
from relwork.services.notes import add_note, parse_note
from relwork.services.quicknote import NoteToSave, save_note

LAST_SQL = "SELECT MAX(occurred_at) AS at FROM interaction_attendee WHERE contact_id = :id"


def _setup(store):
    with store.session() as session:
        client = create_client(session=session, data=parse_client({"name": "Acme Hosting"}))
        dana = create_contact(
            session=session, client_id=client.id, data=parse_contact({"name": "Dana"})
        )
    return client.id, dana.id


def test_orm_and_quick_writes_both_fill_the_time(store):
    client_id, dana = _setup(store)
    with store.session() as session:
        add_note(
            session=session,
            client_id=client_id,
            data=parse_note(
                {"summary": "x", "occurred_at": "2026-10-01 10:00", "attendees": [dana]}
            ),
        )
    assert store.read(LAST_SQL, {"id": dana})[0]["at"].startswith("2026-10-01 10:00")
    save_note(
        store,
        NoteToSave(
            client_id=client_id,
            text="y",
            people=[dana],
            occurred_at=datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
        ),
        author="",
        now=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
    )
    assert store.read(LAST_SQL, {"id": dana})[0]["at"].startswith("2026-11-02 15:00")


def test_moving_a_note_in_time_moves_the_copy(store):
    client_id, dana = _setup(store)
    saved = save_note(
        store,
        NoteToSave(
            client_id=client_id,
            text="y",
            people=[dana],
            occurred_at=datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
        ),
        author="",
        now=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
    )
    with store.writer() as conn:
        conn.execute(
            "UPDATE interaction SET occurred_at = '2026-09-09 09:09:00.000000' WHERE id = ?",
            (saved.note_id,),
        )
    assert store.read(LAST_SQL, {"id": dana})[0]["at"] == "2026-09-09 09:09:00.000000"
