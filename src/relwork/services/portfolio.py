"""The portfolio dashboard: one summary row per client, and how rows sort and filter.

The summary is a single SQL query on the fast reader (see ``Store.read``) so the
first screen does not wait for the ORM to load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from relwork.enums import AccountStatus, JourneyStep, LabelledEnum, RelationshipType
from relwork.services.rules import review_overdue
from relwork.services.timestamps import stored_datetime

if TYPE_CHECKING:
    from relwork.db import Store

PORTFOLIO_SQL = """
SELECT a.id, o.name, a.current_type, a.current_step, a.status, a.next_review_due,
       a.archived_at,
       (SELECT MAX(i.occurred_at) FROM interaction i WHERE i.account_id = a.id) AS last_contact,
       (SELECT COUNT(*) FROM action_item t
         WHERE t.account_id = a.id AND t.done_at IS NULL) AS open_actions,
       (SELECT COUNT(*) FROM action_item t
         WHERE t.account_id = a.id AND t.done_at IS NULL AND t.due_date < :today) AS overdue_actions
FROM account a JOIN organization o ON o.id = a.organization_id
WHERE (:with_archived = 1 OR a.archived_at IS NULL)
"""


@dataclass(frozen=True)
class PortfolioRow:
    client_id: int
    name: str
    relationship_type: RelationshipType
    step: JourneyStep
    status: AccountStatus
    last_contact: datetime | None
    next_review_due: date | None
    open_actions: int
    overdue_actions: int
    archived: bool
    review_overdue: bool
    trust_index: float | None = None  # overall index of the latest trust assessment
    trust_band: str = ""
    map_review_due: bool = False  # stakeholder map not reviewed within the set interval


# Column key -> heading, in display order. Keys are PortfolioRow attributes.
COLUMNS: dict[str, str] = {
    "name": "Client",
    "relationship_type": "Type",
    "step": "Step",
    "status": "Status",
    "last_contact": "Last contact",
    "next_review_due": "Next review",
    "open_actions": "Open",
    "overdue_actions": "Overdue",
    "trust_index": "Trust",
    "map_review_due": "Map review",
}


def portfolio_rows(
    store: Store, *, today: date, include_archived: bool = False, map_review_days: int = 90
) -> list[PortfolioRow]:
    """One row per client, with its latest trust band and whether its stakeholder map
    is due for review. Plain sqlite3 throughout: this is the first screen's data."""
    from relwork.services.stakeholders import maps_needing_review
    from relwork.services.trust import latest_trust, load_item_sets

    trust = latest_trust(store, load_item_sets()[0])
    maps_due = maps_needing_review(store, today, map_review_days)
    rows = store.read(
        PORTFOLIO_SQL, {"today": today.isoformat(), "with_archived": int(include_archived)}
    )
    result = []
    for row in rows:
        due = _date(row["next_review_due"])
        result.append(
            PortfolioRow(
                client_id=row["id"],
                name=row["name"],
                relationship_type=RelationshipType(row["current_type"]),
                step=JourneyStep(row["current_step"]),
                status=AccountStatus(row["status"]),
                last_contact=stored_datetime(row["last_contact"]),
                next_review_due=due,
                open_actions=row["open_actions"],
                overdue_actions=row["overdue_actions"],
                archived=row["archived_at"] is not None,
                review_overdue=review_overdue(due, today),
                trust_index=trust.get(row["id"], (None, ""))[0],
                trust_band=trust.get(row["id"], (None, ""))[1],
                map_review_due=row["id"] in maps_due,
            )
        )
    return sort_rows(result, "name")


def filter_rows(rows: list[PortfolioRow], text: str) -> list[PortfolioRow]:
    """Rows where every word of ``text`` appears in the name, type, step or status."""
    words = text.casefold().split()
    if not words:
        return rows

    def haystack(row: PortfolioRow) -> str:
        return " ".join(
            (row.name, row.relationship_type.label, row.step.label, row.status.label)
        ).casefold()

    return [row for row in rows if all(word in haystack(row) for word in words)]


def sort_rows(
    rows: list[PortfolioRow], column: str, *, descending: bool = False
) -> list[PortfolioRow]:
    """Sort by a column of :data:`COLUMNS`; empty values always go last."""
    if column not in COLUMNS:
        raise ValueError(f"Unknown column {column!r}")

    def key(row: PortfolioRow) -> Any:
        value = getattr(row, column)
        if isinstance(value, LabelledEnum):
            return list(type(value)).index(value)  # journey and lifecycle order, not A-Z
        if isinstance(value, str):
            return value.casefold()
        return value

    present = [r for r in rows if getattr(r, column) is not None]
    missing = [r for r in rows if getattr(r, column) is None]
    present.sort(key=lambda r: (key(r), r.name.casefold()), reverse=descending)
    return present + missing


def _date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)
