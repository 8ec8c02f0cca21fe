"""Capturing a note fast: from the shell (``relwork note``) and from the capture panel.

Runs on plain sqlite3 through :meth:`Store.writer` / :meth:`Store.read`, so a note is
saved without loading the ORM; the full-text index follows through its triggers.
Datetimes are written the way the ORM writes them (UTC, microseconds), so both read
the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from relwork.capture import ParsedAction, find_actions
from relwork.enums import InteractionKind
from relwork.matching import MatchResult, match_name
from relwork.services.timestamps import stored
from relwork.text import clean

if TYPE_CHECKING:
    from relwork.db import Store


class CaptureError(ValueError):
    """The note cannot be saved as it is; the message says what to fix."""


@dataclass(frozen=True)
class NoteToSave:
    client_id: int
    text: str
    kind: InteractionKind = InteractionKind.CALL
    occurred_at: datetime | None = None  # None: now
    people: list[int] = field(default_factory=list)  # contact ids of those present


@dataclass(frozen=True)
class SavedNote:
    note_id: int
    actions: list[ParsedAction]  # as stored: owners named in full where that was possible


CLIENTS_SQL = """
SELECT a.id, o.name FROM account a JOIN organization o ON o.id = a.organization_id
WHERE a.archived_at IS NULL ORDER BY lower(o.name)
"""

CONTACTS_SQL = """
SELECT c.id, c.name FROM contact c JOIN account a ON a.organization_id = c.organization_id
WHERE a.id = :client_id ORDER BY lower(c.name)
"""


def client_choices(store: Store) -> list[tuple[str, int]]:
    """(name, client id) of every client that is not archived, A to Z."""
    return [(row["name"], row["id"]) for row in store.read(CLIENTS_SQL)]


def contact_choices(store: Store, client_id: int) -> list[tuple[str, int]]:
    return [(row["name"], row["id"]) for row in store.read(CONTACTS_SQL, {"client_id": client_id})]


def find_client(store: Store, query: str) -> MatchResult[int]:
    return match_name(query, client_choices(store))


def parse_when(value: str, today: date) -> datetime:
    """'YYYY-MM-DD HH:MM', 'YYYY-MM-DD' (09:00) or 'HH:MM' (today), as local time."""
    text = value.strip()
    try:
        if len(text) <= 5 and ":" in text:
            return datetime.combine(today, time.fromisoformat(text)).astimezone()
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CaptureError(
            f"'{value}' is not a time: use 'YYYY-MM-DD HH:MM', 'YYYY-MM-DD' or 'HH:MM'."
        ) from None
    if len(text) <= 10:
        moment = moment.replace(hour=9)
    return moment if moment.tzinfo else moment.astimezone()


def check_note(text: str, today: date) -> list[ParsedAction]:
    """The actions the text holds; raises :class:`CaptureError` if it cannot be saved."""
    if not clean(text).strip():
        raise CaptureError("The note is empty: write something before saving.")
    actions = find_actions(clean(text), today)
    problems = [f"line {a.line_number}: {a.problem}" for a in actions if a.problem]
    if problems:
        raise CaptureError("Fix the action items first: " + "; ".join(problems))
    return actions


def save_note(store: Store, note: NoteToSave, *, author: str, now: datetime) -> SavedNote:
    """Save the note, the people present and the action items it contains, in one
    transaction: all of it or nothing."""
    text = clean(note.text).strip()
    actions = check_note(text, now.date())
    names = _full_names(store, note.client_id)
    actions = [replace(a, owner=names.get(a.owner.casefold(), a.owner)) for a in actions]
    when = stored(note.occurred_at or now)
    created = stored(now)
    with store.writer() as conn:
        if conn.execute("SELECT 1 FROM account WHERE id = ?", (note.client_id,)).fetchone() is None:
            raise CaptureError(f"There is no client with id {note.client_id}.")
        cursor = conn.execute(
            "INSERT INTO interaction (account_id, occurred_at, kind, summary, author, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (note.client_id, when, str(note.kind), text, author, created, created),
        )
        note_id = cursor.lastrowid
        assert note_id is not None
        conn.executemany(
            "INSERT INTO interaction_attendee (interaction_id, contact_id) VALUES (?, ?)",
            [(note_id, person) for person in dict.fromkeys(note.people)],
        )
        conn.executemany(
            "INSERT INTO action_item (account_id, interaction_id, text, owner, due_date, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    note.client_id,
                    note_id,
                    action.text,
                    action.owner,
                    action.due.isoformat() if action.due else None,
                    created,
                    created,
                )
                for action in actions
            ],
        )
    return SavedNote(note_id=note_id, actions=actions)


def _full_names(store: Store, client_id: int) -> dict[str, str]:
    """'dana' -> 'Dana Whitfield' for the client's contacts whose first name is unique,
    so '@Dana' in an action names the person in full."""
    firsts: dict[str, list[str]] = {}
    for name, _id in contact_choices(store, client_id):
        firsts.setdefault(name.split()[0].casefold(), []).append(name)
        firsts.setdefault(name.casefold(), []).append(name)
    return {key: names[0] for key, names in firsts.items() if len(names) == 1}
