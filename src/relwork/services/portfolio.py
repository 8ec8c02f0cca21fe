"""The portfolio dashboard: one summary row per client, and how rows sort and filter.

The summary is a single SQL query on the fast reader (see ``Store.read``) so the
first screen does not wait for the ORM to load.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from relwork.enums import AccountStatus, JourneyStep, LabelledEnum, RelationshipType
from relwork.services.rules import review_overdue
from relwork.services.timestamps import stored_datetime

if TYPE_CHECKING:
    from relwork.db import Store
    from relwork.services.watermelon import WatermelonFlag

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
    # green service figures hiding an unhappy client; filled in after the first paint
    watermelon: WatermelonFlag | None = None


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
    store: Store,
    *,
    today: date,
    include_archived: bool = False,
    map_review_days: int = 90,
    signals: bool = True,
) -> list[PortfolioRow]:
    """One row per client, with its latest trust band and whether its stakeholder map
    is due for review. Plain sqlite3 throughout: this is the first screen's data.

    With ``signals=False`` only the summary query runs (trust and map review left
    empty): the dashboard draws that first and adds :func:`with_signals` right after,
    because the trust rules and their item sets cost more to load than the query."""
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
            )
        )
    if signals:
        result = with_signals(result, portfolio_signals(store, today, map_review_days))
    return sort_rows(result, "name")


@dataclass(frozen=True)
class ClientSignals:
    """What the dashboard adds to a row once it is on screen."""

    trust_index: float | None = None
    trust_band: str = ""
    map_review_due: bool = False


def portfolio_signals(store: Store, today: date, map_review_days: int) -> dict[int, ClientSignals]:
    """Each client's latest trust band and whether its stakeholder map is due for review
    (only clients with something to show are listed)."""
    from relwork.services.stakeholders import maps_needing_review
    from relwork.services.trust import latest_trust, load_item_sets

    trust = latest_trust(store, load_item_sets()[0])
    maps_due = maps_needing_review(store, today, map_review_days)
    return {
        client_id: ClientSignals(
            trust_index=trust.get(client_id, (None, ""))[0],
            trust_band=trust.get(client_id, (None, ""))[1],
            map_review_due=client_id in maps_due,
        )
        for client_id in set(trust) | maps_due
    }


def with_signals(
    rows: list[PortfolioRow], signals: Mapping[int, ClientSignals]
) -> list[PortfolioRow]:
    """The rows with each client's trust band and map-review flag set or cleared."""
    empty = ClientSignals()
    return [
        replace(
            row,
            trust_index=signals.get(row.client_id, empty).trust_index,
            trust_band=signals.get(row.client_id, empty).trust_band,
            map_review_due=signals.get(row.client_id, empty).map_review_due,
        )
        for row in rows
    ]


def with_watermelons(
    rows: list[PortfolioRow], flags: Mapping[int, WatermelonFlag]
) -> list[PortfolioRow]:
    """The rows with each client's watermelon flag (from
    :func:`relwork.services.watermelon.watermelon_flags`) set or cleared."""
    return [replace(row, watermelon=flags.get(row.client_id)) for row in rows]


def filter_rows(rows: list[PortfolioRow], text: str) -> list[PortfolioRow]:
    """Rows where every word of ``text`` appears in the name, type, step or status
    (or is "watermelon", for a flagged client)."""
    words = text.casefold().split()
    if not words:
        return rows

    def haystack(row: PortfolioRow) -> str:
        flagged = "watermelon" if row.watermelon is not None else ""
        return " ".join(
            (row.name, row.relationship_type.label, row.step.label, row.status.label, flagged)
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
