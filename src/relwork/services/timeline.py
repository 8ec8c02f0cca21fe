"""A client's timeline: notes, journey-step changes and completed actions, newest first.

Plain sqlite3 on the fast reader, shared by the workspace and ``relwork log``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from relwork.enums import InteractionKind, JourneyStep
from relwork.services.timestamps import stored_datetime

if TYPE_CHECKING:
    from relwork.db import Store

STEP = "step"
ACTION = "action"
# names are joined with the unit separator, which clean_line() keeps out of every name
_SEPARATOR = "\x1f"

NOTES_SQL = """
SELECT i.id, i.occurred_at, i.kind, i.summary, i.author,
       (SELECT group_concat(c.name, char(31)) FROM interaction_attendee ia
          JOIN contact c ON c.id = ia.contact_id WHERE ia.interaction_id = i.id) AS people
FROM interaction i
WHERE i.account_id = :client_id
  AND (:kinds IS NULL OR instr(:kinds, ',' || i.kind || ',') > 0)
  AND (:person IS NULL OR EXISTS (SELECT 1 FROM interaction_attendee ia
                                   WHERE ia.interaction_id = i.id AND ia.contact_id = :person))
ORDER BY i.occurred_at DESC, i.id DESC LIMIT :limit
"""

STEPS_SQL = """
SELECT id, changed_at, from_step, to_step, note, author FROM journey_step_change
WHERE account_id = :client_id ORDER BY changed_at DESC, id DESC LIMIT :limit
"""

DONE_SQL = """
SELECT t.id, t.done_at, t.text, t.owner FROM action_item t
WHERE t.account_id = :client_id AND t.done_at IS NOT NULL
  AND (:person_name IS NULL OR lower(t.owner) = lower(:person_name))
ORDER BY t.done_at DESC, t.id DESC LIMIT :limit
"""


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    kind: str  # an InteractionKind value, "step" or "action"
    title: str
    body: str
    record_id: int
    people: list[str] = field(default_factory=list)
    author: str = ""

    @property
    def kind_label(self) -> str:
        if self.kind == STEP:
            return "Step"
        if self.kind == ACTION:
            return "Done"
        return InteractionKind(self.kind).label


def timeline(
    store: Store,
    client_id: int,
    *,
    kinds: set[str] | None = None,
    person_id: int | None = None,
    limit: int = 200,
) -> list[TimelineEntry]:
    """Newest first. ``kinds`` keeps only those kinds (note kinds, "step", "action");
    ``person_id`` keeps notes the person attended and actions they owned (step
    changes involve no one in particular and are left out)."""
    person_name = None
    if person_id is not None:
        rows = store.read("SELECT name FROM contact WHERE id = :id", {"id": person_id})
        person_name = rows[0]["name"] if rows else ""
    params = {
        "client_id": client_id,
        "limit": limit,
        "person": person_id,
        "person_name": person_name,
        # note kinds are filtered in SQL, before the limit: ",call,email,"
        "kinds": f",{','.join(sorted(kinds))}," if kinds is not None else None,
    }
    entries: list[TimelineEntry] = []
    if kinds is None or kinds - {STEP, ACTION}:
        entries += [_note(row) for row in store.read(NOTES_SQL, params)]
    if person_id is None and (kinds is None or STEP in kinds):
        entries += [_step(row) for row in store.read(STEPS_SQL, params)]
    if kinds is None or ACTION in kinds:
        entries += [_done(row) for row in store.read(DONE_SQL, params)]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _note(row: sqlite3.Row) -> TimelineEntry:
    when = stored_datetime(row["occurred_at"])
    assert when is not None
    people = sorted(row["people"].split(_SEPARATOR), key=str.casefold) if row["people"] else []
    first = row["summary"].strip().splitlines()[0] if row["summary"].strip() else ""
    return TimelineEntry(when, row["kind"], first, row["summary"], row["id"], people, row["author"])


def _step(row: sqlite3.Row) -> TimelineEntry:
    when = stored_datetime(row["changed_at"])
    assert when is not None
    target = JourneyStep(row["to_step"])
    if row["from_step"]:
        title = f"Moved from {JourneyStep(row['from_step']).label} to {target.label}"
    else:
        title = f"Started at {target.label}"
    return TimelineEntry(when, STEP, title, row["note"] or "", row["id"], [], row["author"])


def _done(row: sqlite3.Row) -> TimelineEntry:
    when = stored_datetime(row["done_at"])
    assert when is not None
    people = [row["owner"]] if row["owner"] else []
    return TimelineEntry(when, ACTION, row["text"], row["text"], row["id"], people)


@dataclass(frozen=True)
class TimelineFilter:
    kinds: set[str] | None = None
    person_id: int | None = None
    problems: list[str] = field(default_factory=list)


_KIND_WORDS = {
    **{kind.value: kind.value for kind in InteractionKind},
    **{kind.label.lower(): kind.value for kind in InteractionKind},
    "step": STEP,
    "steps": STEP,
    "journey": STEP,
    "action": ACTION,
    "actions": ACTION,
    "done": ACTION,
}


def parse_filter(text: str, contacts: list[tuple[str, int]]) -> TimelineFilter:
    """'call meeting @dana' -> calls and meetings with Dana. Words name kinds (plural
    allowed), '@name' a contact of the client; what matches nothing is reported."""
    from relwork.matching import match_name

    kinds: set[str] = set()
    person_id = None
    problems = []
    for word in text.split():
        if word.startswith("@"):
            result = match_name(word[1:], contacts)
            if result.chosen is None:
                problems.append(f"{word}: no single contact matches")
            else:
                person_id = result.chosen.item
            continue
        folded = word.casefold()
        kind = _KIND_WORDS.get(folded) or _KIND_WORDS.get(folded.removesuffix("s"))
        if kind is None:
            problems.append(f"'{word}' is not a kind")
        else:
            kinds.add(kind)
    return TimelineFilter(kinds or None, person_id, problems)
