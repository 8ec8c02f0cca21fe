"""What needs attention today, across the portfolio: actions overdue or due this week,
people out of their stay-in-touch cadence, and client reviews due.

Plain sqlite3 on the fast reader, so ``relwork today`` and the Today screen answer in
milliseconds on a large portfolio. Snoozing and marking done are here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby
from typing import TYPE_CHECKING

from relwork.enums import RelationshipType
from relwork.formatting import short_ago
from relwork.services.reference import default_review_cadence
from relwork.services.rules import next_contact_due
from relwork.services.timestamps import stored

if TYPE_CHECKING:
    from relwork.db import Store

WEEK = 7  # "due this week" looks this many days ahead

ACTIONS_SQL = """
SELECT t.id, t.text, t.owner, t.due_date, a.id AS client_id, o.name AS client_name
FROM action_item t
JOIN account a ON a.id = t.account_id
JOIN organization o ON o.id = a.organization_id
WHERE t.done_at IS NULL AND a.archived_at IS NULL
  AND t.due_date IS NOT NULL AND t.due_date < :horizon
  AND (t.snoozed_until IS NULL OR t.snoozed_until <= :today)
"""

PEOPLE_SQL = """
WITH cadence AS (
  SELECT c.id, c.name, c.created_at, c.snoozed_until, c.organization_id,
         COALESCE(c.comm_frequency_days,
                  (SELECT MIN(s.comm_frequency_days) FROM stakeholder s
                    WHERE s.contact_id = c.id)) AS days
  FROM contact c
)
SELECT p.id, p.name, p.days, p.created_at, a.id AS client_id, o.name AS client_name,
       (SELECT MAX(ia.occurred_at) FROM interaction_attendee ia
         WHERE ia.contact_id = p.id) AS last_contact
FROM cadence p
JOIN organization o ON o.id = p.organization_id
JOIN account a ON a.organization_id = o.id
WHERE p.days IS NOT NULL AND a.archived_at IS NULL
  AND (p.snoozed_until IS NULL OR p.snoozed_until <= :today)
"""

REVIEWS_SQL = """
SELECT a.id, a.next_review_due, o.name AS client_name
FROM account a JOIN organization o ON o.id = a.organization_id
WHERE a.archived_at IS NULL AND a.next_review_due IS NOT NULL AND a.next_review_due < :horizon
"""


@dataclass(frozen=True)
class TodayItem:
    kind: str  # "action" | "person" | "review"
    client_id: int
    client_name: str
    record_id: int  # the action, contact or client (account) it is about
    title: str
    detail: str
    due: date
    overdue: bool
    owner: str = ""  # who holds an action


def today_items(store: Store, today: date) -> list[TodayItem]:
    """Everything that needs attention, per client (A-Z), overdue first, then by date."""
    params = {"today": today.isoformat(), "horizon": (today + timedelta(days=WEEK)).isoformat()}
    items = [
        *_actions(store, params, today),
        *_people(store, params, today),
        *_reviews(store, params, today),
    ]
    order = {"review": 0, "action": 1, "person": 2}
    items.sort(key=lambda i: (i.client_name.casefold(), not i.overdue, i.due, order[i.kind]))
    return items


def most_urgent_first(items: list[TodayItem]) -> list[TodayItem]:
    """Across clients: overdue before due, earliest first (for a short list)."""
    return sorted(items, key=lambda i: (not i.overdue, i.due, i.client_name.casefold()))


def by_client(items: list[TodayItem]) -> list[tuple[str, list[TodayItem]]]:
    return [(name, list(group)) for name, group in groupby(items, key=lambda i: i.client_name)]


def _actions(store: Store, params: dict[str, str], today: date) -> list[TodayItem]:
    result = []
    for row in store.read(ACTIONS_SQL, params):
        due = date.fromisoformat(row["due_date"])
        result.append(
            TodayItem(
                "action",
                row["client_id"],
                row["client_name"],
                row["id"],
                row["text"],
                _when(due, today),
                due,
                due < today,
                row["owner"] or "",
            )
        )
    return result


def _people(store: Store, params: dict[str, str], today: date) -> list[TodayItem]:
    # stored times are UTC; shift by the local offset once rather than per row
    offset = datetime.now().astimezone().utcoffset() or timedelta(0)

    def local_day(value: str | None) -> date | None:
        return (datetime.fromisoformat(value) + offset).date() if value else None

    result = []
    for row in store.read(PEOPLE_SQL, params):
        last_day = local_day(row["last_contact"])
        added_day = local_day(row["created_at"])
        assert added_day is not None
        due = next_contact_due(last_day, row["days"], added_day)
        if due >= today:
            continue
        spoke = short_ago(last_day, today) if last_day else "never"
        result.append(
            TodayItem(
                "person",
                row["client_id"],
                row["client_name"],
                row["id"],
                row["name"],
                f"{spoke} · every {row['days']}d",
                due,
                True,
            )
        )
    return result


def _reviews(store: Store, params: dict[str, str], today: date) -> list[TodayItem]:
    result = []
    for row in store.read(REVIEWS_SQL, params):
        due = date.fromisoformat(row["next_review_due"])
        result.append(
            TodayItem(
                "review",
                row["id"],
                row["client_name"],
                row["id"],
                "Client review",
                _when(due, today),
                due,
                due < today,
            )
        )
    return result


def _when(due: date, today: date) -> str:
    days = (due - today).days
    if days < 0:
        return f"overdue {-days}d"
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    return f"due {due.strftime('%a %d %b')}"


def snooze(store: Store, item: TodayItem, until: date) -> None:
    """Keep an item off Today until ``until``; a review is simply moved to that day."""
    sql = {
        "action": "UPDATE action_item SET snoozed_until = :until WHERE id = :id",
        "person": "UPDATE contact SET snoozed_until = :until WHERE id = :id",
        "review": "UPDATE account SET next_review_due = :until WHERE id = :id",
    }[item.kind]
    with store.writer() as conn:
        conn.execute(sql, {"until": until.isoformat(), "id": item.record_id})


def mark_done(store: Store, item: TodayItem, *, now: datetime, author: str) -> None:
    """Done means: the action is completed; the person was contacted (a touch is logged,
    which restarts their cadence); the review was held (the next one is scheduled a
    cadence later)."""
    when = stored(now)
    with store.writer() as conn:
        if item.kind == "action":
            conn.execute(
                "UPDATE action_item SET done_at = ?, updated_at = ? WHERE id = ?",
                (when, when, item.record_id),
            )
        elif item.kind == "person":
            cursor = conn.execute(
                "INSERT INTO interaction (account_id, occurred_at, kind, summary, author, "
                "created_at, updated_at) VALUES (?, ?, 'other', ?, ?, ?, ?)",
                (item.client_id, when, f"Checked in with {item.title}.", author, when, when),
            )
            conn.execute(
                "INSERT INTO interaction_attendee (interaction_id, contact_id) VALUES (?, ?)",
                (cursor.lastrowid, item.record_id),
            )
        else:
            row = conn.execute(
                "SELECT review_cadence_days, current_type FROM account WHERE id = ?",
                (item.record_id,),
            ).fetchone()
            cadence = row[0] or default_review_cadence(RelationshipType(row[1]))
            following = now.date() + timedelta(days=cadence)
            conn.execute(
                "UPDATE account SET next_review_due = ?, updated_at = ? WHERE id = ?",
                (following.isoformat(), when, item.record_id),
            )
