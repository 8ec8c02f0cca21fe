"""Creating, changing, archiving and reading clients (an organization and its account)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import field_validator
from sqlmodel import Session, SQLModel, col, func, select

from relwork import clock
from relwork.enums import AccountStatus, JourneyStep, RelationshipType
from relwork.models import Account, JourneyStepChange, Organization
from relwork.services.reference import default_review_cadence
from relwork.services.validation import InvalidInput, optional_date, optional_int, validate
from relwork.text import clean, clean_line


class ClientData(SQLModel):
    """What the client form edits; validated before anything is written."""

    name: str
    industry: str = ""
    status: AccountStatus = AccountStatus.ACTIVE
    current_step: JourneyStep = JourneyStep.EXPLORE
    current_type: RelationshipType = RelationshipType.BASIC
    target_type: RelationshipType | None = None
    service_tier: str = ""
    rm_owner: str = ""
    start_date: date | None = None
    review_cadence_days: int | None = None
    next_review_due: date | None = None
    customer_assets_note: str = ""
    notes: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        name = clean_line(str(value or ""))
        if not name:
            raise ValueError("Enter the client's name.")
        if len(name) > 200:
            raise ValueError("Keep the name under 200 characters.")
        return name

    @field_validator("industry", "service_tier", "rm_owner", mode="before")
    @classmethod
    def _line(cls, value: Any) -> str:
        return clean_line(str(value or ""))[:120]

    @field_validator("customer_assets_note", "notes", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        return clean(str(value or "")).strip()

    @field_validator("target_type", mode="before")
    @classmethod
    def _optional_type(cls, value: Any) -> Any:
        return value or None

    @field_validator("start_date", "next_review_due", mode="before")
    @classmethod
    def _date(cls, value: Any) -> date | None:
        return optional_date(value)

    @field_validator("review_cadence_days", mode="before")
    @classmethod
    def _cadence(cls, value: Any) -> int | None:
        return optional_int(value, low=7, high=730, what="the review cadence in days")


@dataclass(frozen=True)
class Client:
    """A client as screens show it: the account joined with its organization."""

    account: Account
    organization: Organization

    @property
    def id(self) -> int:
        assert self.account.id is not None
        return self.account.id

    @property
    def name(self) -> str:
        return self.organization.name

    @property
    def archived(self) -> bool:
        return self.account.archived_at is not None

    def as_form(self) -> dict[str, Any]:
        """Current values in the shape of :class:`ClientData`."""
        account, org = self.account, self.organization
        return {
            "name": org.name,
            "industry": org.industry,
            **{f: getattr(account, f) for f in ClientData.model_fields if hasattr(account, f)},
            "notes": account.notes,
        }


def parse_client(values: dict[str, Any]) -> ClientData:
    return validate(ClientData, values)


def create_client(*, session: Session, data: ClientData, author: str = "") -> Client:
    _check_unique_name(session, data.name)
    org = Organization(name=data.name, industry=data.industry)
    session.add(org)
    session.flush()
    assert org.id is not None
    account = Account(organization_id=org.id)
    _apply(account, data)
    if account.next_review_due is None:
        # first review one cadence from now; without a cadence of its own, the type's usual
        cadence = account.review_cadence_days or default_review_cadence(data.current_type)
        account.next_review_due = clock.today() + timedelta(days=cadence)
    session.add(account)
    session.flush()
    assert account.id is not None
    session.add(
        JourneyStepChange(
            account_id=account.id, to_step=data.current_step, author=author, note="Client created"
        )
    )
    session.commit()
    return Client(account, org)


def update_client(
    *, session: Session, client_id: int, data: ClientData, author: str = ""
) -> Client:
    """Save form changes; a changed journey step is recorded like any other move."""
    client = get_client(session=session, client_id=client_id)
    if data.name.casefold() != client.name.casefold():
        _check_unique_name(session, data.name)
    client.organization.name = data.name
    client.organization.industry = data.industry
    client.organization.updated_at = clock.now()
    step_before = client.account.current_step
    _apply(client.account, data)
    client.account.current_step = step_before
    session.add(client.organization)
    session.add(client.account)
    session.commit()
    if data.current_step != step_before:
        from relwork.services.journey import move_to_step

        move_to_step(session=session, client_id=client_id, step=data.current_step, author=author)
    return client


def set_archived(*, session: Session, client_id: int, archived: bool) -> Client:
    """Archive (hide from the portfolio) or restore a client; nothing is deleted."""
    client = get_client(session=session, client_id=client_id)
    client.account.archived_at = clock.now() if archived else None
    client.account.updated_at = clock.now()
    session.add(client.account)
    session.commit()
    return client


def get_client(*, session: Session, client_id: int) -> Client:
    row = session.exec(
        select(Account, Organization)
        .join(Organization, col(Organization.id) == Account.organization_id)
        .where(Account.id == client_id)
    ).first()
    if row is None:
        raise LookupError(f"There is no client with id {client_id}.")
    return Client(*row)


def list_clients(*, session: Session, include_archived: bool = False) -> list[Client]:
    query = select(Account, Organization).join(
        Organization, col(Organization.id) == Account.organization_id
    )
    if not include_archived:
        query = query.where(col(Account.archived_at).is_(None))
    rows = session.exec(query.order_by(func.lower(Organization.name))).all()
    return [Client(*row) for row in rows]


def _apply(account: Account, data: ClientData) -> None:
    fields = data.model_dump(exclude={"name", "industry"})
    for key, value in fields.items():
        setattr(account, key, value)
    account.updated_at = clock.now()


def _check_unique_name(session: Session, name: str) -> None:
    # compared in Python: SQLite's lower() only folds ASCII, so "Ärzte" would not match itself
    wanted = name.casefold()
    names = session.exec(
        select(Organization.name).join(Account, col(Account.organization_id) == Organization.id)
    ).all()
    if any(existing.casefold() == wanted for existing in names):
        raise InvalidInput(
            {"name": f"A client called '{name}' already exists; choose another name."}
        )
