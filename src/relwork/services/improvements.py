"""The continual improvement register: what we improve for a client, why, and what it
brought.

An item is *open* while proposed, approved or in progress, and *closed* once realized
or dropped; a closed item carries the day it closed, an open one never does. Closing
an item as realized asks what it actually brought (the realized benefit), so the
register keeps expected and realized benefit side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from pydantic import field_validator, model_validator
from sqlmodel import Session, SQLModel, col, select

from relwork import clock
from relwork.enums import ImprovementOrigin, ImprovementStatus, InteractionKind
from relwork.models import Account, ImprovementItem, Organization
from relwork.services.validation import InvalidInput, optional_date, validate
from relwork.text import clean, clean_line

TITLE_MAX = 200
OWNER_MAX = 120

OPEN_STATUSES = (
    ImprovementStatus.PROPOSED,
    ImprovementStatus.APPROVED,
    ImprovementStatus.IN_PROGRESS,
)
CLOSED_STATUSES = (ImprovementStatus.REALIZED, ImprovementStatus.DROPPED)


def is_open(status: ImprovementStatus | str) -> bool:
    return ImprovementStatus(status) in OPEN_STATUSES


class ImprovementData(SQLModel):
    """A validated item as typed in the form."""

    title: str
    description: str = ""
    origin: ImprovementOrigin = ImprovementOrigin.OTHER
    owner: str = ""
    status: ImprovementStatus = ImprovementStatus.PROPOSED
    expected_benefit: str = ""
    realized_benefit: str = ""
    raised_on: date | None = None  # empty: today
    closed_on: date | None = None  # empty on a closed item: today

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> str:
        text = clean_line(str(value or ""))
        if not text:
            raise ValueError("Give the improvement a short title.")
        if len(text) > TITLE_MAX:
            raise ValueError(f"Keep the title to {TITLE_MAX} characters (now {len(text)}).")
        return text

    @field_validator("owner", mode="before")
    @classmethod
    def _owner(cls, value: Any) -> str:
        text = clean_line(str(value or ""))
        if len(text) > OWNER_MAX:
            raise ValueError(f"Keep the owner to {OWNER_MAX} characters.")
        return text

    @field_validator("description", "expected_benefit", "realized_benefit", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        return clean(str(value or "")).strip()

    @field_validator("origin", "status", mode="before")
    @classmethod
    def _choice(cls, value: Any) -> Any:
        if not value:
            raise ValueError("Choose one.")
        return value

    @field_validator("raised_on", "closed_on", mode="before")
    @classmethod
    def _date(cls, value: Any) -> date | None:
        return optional_date(value)

    @model_validator(mode="after")
    def _dates_agree(self) -> ImprovementData:
        today = clock.today()
        if self.raised_on is not None and self.raised_on > today:
            raise InvalidInput({"raised_on": "It cannot be raised in the future."})
        if is_open(self.status):
            if self.closed_on is not None:
                raise InvalidInput(
                    {
                        "closed_on": "An open item has no closed date: clear it, "
                        "or set the status to realized or dropped."
                    }
                )
            return self
        closed = self.closed_on or today
        if closed > today:
            raise InvalidInput({"closed_on": "It cannot be closed in the future."})
        if closed < (self.raised_on or today):
            raise InvalidInput({"closed_on": "It cannot close before the day it was raised."})
        self.closed_on = closed
        return self


def parse_improvement(values: dict[str, Any]) -> ImprovementData:
    """Validate form values; raises InvalidInput naming each field to fix (the date
    checks run once every field is valid on its own)."""
    return validate(ImprovementData, values)


def improvement_form(item: ImprovementItem) -> dict[str, Any]:
    """An item's values as the form shows them."""
    return {
        "title": item.title,
        "description": item.description,
        "origin": str(item.origin),
        "owner": item.owner,
        "status": str(item.status),
        "expected_benefit": item.expected_benefit,
        "realized_benefit": item.realized_benefit,
        "raised_on": item.raised_on,
        "closed_on": item.closed_on,
    }


def _columns(data: ImprovementData) -> dict[str, Any]:
    values = data.model_dump()
    values["raised_on"] = data.raised_on or clock.today()
    return values


def get_improvement(*, session: Session, item_id: int) -> ImprovementItem:
    item = session.get(ImprovementItem, item_id)
    if item is None:
        raise LookupError(f"There is no improvement item with id {item_id}.")
    return item


def add_improvement(*, session: Session, account_id: int, data: ImprovementData) -> ImprovementItem:
    """Add an item to a client's register."""
    if session.get(Account, account_id) is None:
        raise LookupError(f"There is no client with id {account_id}.")
    item = ImprovementItem(account_id=account_id, **_columns(data))
    session.add(item)
    session.commit()
    session.refresh(item)
    return item


def update_improvement(*, session: Session, item_id: int, data: ImprovementData) -> ImprovementItem:
    """Replace an item's fields with ``data``."""
    item = get_improvement(session=session, item_id=item_id)
    item.sqlmodel_update(_columns(data))
    item.updated_at = clock.now()
    session.add(item)
    session.commit()
    session.refresh(item)
    return item


def close_improvement(
    *,
    session: Session,
    item_id: int,
    status: ImprovementStatus = ImprovementStatus.REALIZED,
    realized_benefit: str | None = None,
    on: date | None = None,
) -> ImprovementItem:
    """Close an item as realized or dropped (today unless ``on``), keeping the other
    fields; ``realized_benefit`` replaces the recorded benefit when given."""
    item = get_improvement(session=session, item_id=item_id)
    values = improvement_form(item)
    values["status"] = str(status)
    values["closed_on"] = on or clock.today()
    if realized_benefit is not None:
        values["realized_benefit"] = realized_benefit
    if is_open(status):
        raise InvalidInput({"status": "Close an item as realized or dropped."})
    return update_improvement(session=session, item_id=item_id, data=parse_improvement(values))


@dataclass(frozen=True)
class ImprovementRow:
    """An item with its client's name, for lists that span clients."""

    item: ImprovementItem
    client_name: str

    @property
    def is_open(self) -> bool:
        return is_open(self.item.status)


def list_improvements(
    *, session: Session, account_id: int | None = None, include_closed: bool = True
) -> list[ImprovementRow]:
    """A client's items (every client's with ``account_id`` None): open ones first,
    each group newest raised first."""
    query = (
        select(ImprovementItem, Organization.name)
        .join(Account, col(Account.id) == col(ImprovementItem.account_id))
        .join(Organization, col(Organization.id) == col(Account.organization_id))
    )
    if account_id is not None:
        query = query.where(ImprovementItem.account_id == account_id)
    else:
        query = query.where(col(Account.archived_at).is_(None))
    if not include_closed:
        query = query.where(col(ImprovementItem.status).in_([str(s) for s in OPEN_STATUSES]))
    rows = [ImprovementRow(item, name) for item, name in session.exec(query).all()]
    rows.sort(key=lambda r: (not r.is_open, -r.item.raised_on.toordinal(), -(r.item.id or 0)))
    return rows


# --- demo ----------------------------------------------------------------------------------

_DEMO_COMPLAINT_KEYS = {"client", "days_ago", "at", "attendees", "text"}
_DEMO_IMPROVEMENT_KEYS = {
    "client", "title", "description", "origin", "owner", "status", "expected_benefit",
    "realized_benefit", "raised_days_ago", "closed_days_ago",
}  # fmt: skip


def load_demo(*, session: Session, portfolio: Any, source: Path | None = None) -> None:
    """Write the demo complaints and improvement items (``data/demo/realize.toml``).

    A demo extension (see ``relwork.services.demo.DEMO_EXTENSIONS``); dates are relative
    to ``portfolio.now``. A wrong client, contact key or field raises ``DemoDataError``
    (unless none of the clients is there: the demo came from another file)."""
    import tomllib

    from relwork.locations import shipped_data_dir
    from relwork.models import Interaction, InteractionAttendee
    from relwork.services.demo import DemoDataError

    path = source or shipped_data_dir() / "demo" / "realize.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    now: datetime = portfolio.now
    named = {e.get("client") for e in [*raw.get("complaint", []), *raw.get("improvement", [])]}
    if not named & set(portfolio.accounts):
        return  # the demo was loaded from another file: none of these clients is in it

    def client(entry: dict[str, Any], where: str, allowed: set[str]) -> int:
        unknown = sorted(set(entry) - allowed)
        if unknown:
            raise DemoDataError(f"{where}: unknown field(s) {', '.join(unknown)}.")
        if entry.get("client") not in portfolio.accounts:
            raise DemoDataError(f"{where}: {entry.get('client')!r} is not a demo client.")
        return int(portfolio.accounts[entry["client"]])

    for number, entry in enumerate(raw.get("complaint", []), start=1):
        where = f"realize.toml, complaint {number}"
        account_id = client(entry, where, _DEMO_COMPLAINT_KEYS)
        hour, minute = (int(part) for part in entry.get("at", "10:00").split(":"))
        moment = datetime.combine(
            now.date() - timedelta(days=entry["days_ago"]), time(hour, minute), tzinfo=now.tzinfo
        )
        note = Interaction(
            account_id=account_id,
            occurred_at=min(moment, now),
            kind=InteractionKind.COMPLAINT,
            summary=entry["text"].strip(),
            author="Sam Okafor",
        )
        session.add(note)
        session.flush()
        assert note.id is not None
        people = portfolio.contacts[entry["client"]]
        for key in entry.get("attendees", []):
            if key not in people:
                raise DemoDataError(f"{where}: no contact with key {key!r}.")
            session.add(InteractionAttendee(interaction_id=note.id, contact_id=people[key]))
    for number, entry in enumerate(raw.get("improvement", []), start=1):
        where = f"realize.toml, improvement {number}"
        account_id = client(entry, where, _DEMO_IMPROVEMENT_KEYS)
        values = {k: v for k, v in entry.items() if k in ImprovementData.model_fields}
        values["raised_on"] = now.date() - timedelta(days=entry["raised_days_ago"])
        if "closed_days_ago" in entry:
            values["closed_on"] = now.date() - timedelta(days=entry["closed_days_ago"])
        try:
            data = parse_improvement(values)
        except InvalidInput as exc:
            raise DemoDataError(f"{where}: {exc}") from None
        session.add(ImprovementItem(account_id=account_id, **_columns(data)))
    session.flush()
