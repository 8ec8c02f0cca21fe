"""A client's register the review agenda draws on: risks and responsibility lines."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import field_validator
from sqlmodel import Session, SQLModel, col, func, select

from relwork import clock
from relwork.enums import ResponsibleParty, RiskStatus
from relwork.models import ResponsibilityLine, Risk
from relwork.services.review_schedule import _account
from relwork.services.validation import InvalidInput, optional_int, validate
from relwork.text import clean, clean_line

Row = TypeVar("Row", Risk, ResponsibilityLine)


def _existing(session: Session, model: type[Row], record_id: int, what: str) -> Row:
    found = session.get(model, record_id)
    if found is None:
        raise LookupError(f"There is no {what} with id {record_id}.")
    return found


def _saved(session: Session, record: Row) -> Row:
    session.add(record)
    session.commit()
    session.refresh(record)
    return record


def _score(value: Any, what: str) -> int | None:
    return optional_int(value, low=1, high=5, what=what)


class RiskData(SQLModel):
    description: str
    likelihood: int | None = None
    impact: int | None = None
    mitigation: str = ""
    owner: str = ""
    shared_with_client: bool = False
    status: RiskStatus = RiskStatus.OPEN

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: Any) -> str:
        text = clean(str(value or "")).strip()
        if not text:
            raise ValueError("Describe the risk.")
        return text

    @field_validator("likelihood", mode="before")
    @classmethod
    def _likelihood(cls, value: Any) -> int | None:
        return _score(value, "the likelihood (1 to 5)")

    @field_validator("impact", mode="before")
    @classmethod
    def _impact(cls, value: Any) -> int | None:
        return _score(value, "the impact (1 to 5)")

    @field_validator("mitigation", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        return clean(str(value or "")).strip()

    @field_validator("owner", mode="before")
    @classmethod
    def _owner(cls, value: Any) -> str:
        return clean_line(str(value or ""))[:120]

    @field_validator("shared_with_client", mode="before")
    @classmethod
    def _shared(cls, value: Any) -> bool:
        return value in (True, "yes")

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        return value or RiskStatus.OPEN


def parse_risk(values: dict[str, Any]) -> RiskData:
    return validate(RiskData, values)


def risk_form(risk: Risk) -> dict[str, Any]:
    return {
        "description": risk.description,
        "likelihood": "" if risk.likelihood is None else str(risk.likelihood),
        "impact": "" if risk.impact is None else str(risk.impact),
        "mitigation": risk.mitigation,
        "owner": risk.owner,
        "shared_with_client": "yes" if risk.shared_with_client else "no",
        "status": str(risk.status),
    }


def list_risks(*, session: Session, client_id: int) -> list[Risk]:
    """Open risks first, then by weight (likelihood × impact), highest first."""
    rows = session.exec(select(Risk).where(Risk.account_id == client_id)).all()
    return sorted(
        rows,
        key=lambda r: (
            r.status == RiskStatus.CLOSED,
            -((r.likelihood or 0) * (r.impact or 0)),
            r.id,
        ),
    )


def save_risk(
    *, session: Session, client_id: int, data: RiskData, risk_id: int | None = None
) -> Risk:
    """Add a risk (``risk_id`` None) or change one."""
    _account(session, client_id)
    if risk_id is None:
        risk = Risk(account_id=client_id, raised_on=clock.today(), **data.model_dump())
    else:
        risk = _existing(session, Risk, risk_id, "risk")
        risk.sqlmodel_update(data.model_dump())
        risk.updated_at = clock.now()
    return _saved(session, risk)


def delete_risk(*, session: Session, risk_id: int) -> None:
    risk = session.get(Risk, risk_id)
    if risk is not None:
        session.delete(risk)
        session.commit()


class ResponsibilityData(SQLModel):
    area: str
    owner_party: ResponsibleParty = ResponsibleParty.US
    third_party_name: str = ""
    note: str = ""
    can_cause_unavailability: bool = False

    @field_validator("area", mode="before")
    @classmethod
    def _area(cls, value: Any) -> str:
        text = clean_line(str(value or ""))[:200]
        if not text:
            raise ValueError("Name the area, e.g. 'Depot network circuits'.")
        return text

    @field_validator("owner_party", mode="before")
    @classmethod
    def _party(cls, value: Any) -> Any:
        if not value:
            raise ValueError("Choose who is responsible.")
        return value

    @field_validator("third_party_name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return clean_line(str(value or ""))[:200]

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, value: Any) -> str:
        return clean(str(value or "")).strip()

    @field_validator("can_cause_unavailability", mode="before")
    @classmethod
    def _outage(cls, value: Any) -> bool:
        return value in (True, "yes")


def parse_responsibility(values: dict[str, Any]) -> ResponsibilityData:
    data = validate(ResponsibilityData, values)
    if data.owner_party == ResponsibleParty.THIRD_PARTY and not data.third_party_name:
        raise InvalidInput({"third_party_name": "Name the third party."})
    return data


def responsibility_form(line: ResponsibilityLine) -> dict[str, Any]:
    return {
        "area": line.area,
        "owner_party": str(line.owner_party),
        "third_party_name": line.third_party_name,
        "note": line.note,
        "can_cause_unavailability": "yes" if line.can_cause_unavailability else "no",
    }


def list_responsibilities(*, session: Session, client_id: int) -> list[ResponsibilityLine]:
    return list(
        session.exec(
            select(ResponsibilityLine)
            .where(ResponsibilityLine.account_id == client_id)
            .order_by(func.lower(ResponsibilityLine.area), col(ResponsibilityLine.id))
        ).all()
    )


def save_responsibility(
    *, session: Session, client_id: int, data: ResponsibilityData, line_id: int | None = None
) -> ResponsibilityLine:
    _account(session, client_id)
    if line_id is None:
        line = ResponsibilityLine(account_id=client_id, **data.model_dump())
    else:
        line = _existing(session, ResponsibilityLine, line_id, "responsibility line")
        line.sqlmodel_update(data.model_dump())
        line.updated_at = clock.now()
    return _saved(session, line)


def delete_responsibility(*, session: Session, line_id: int) -> None:
    line = session.get(ResponsibilityLine, line_id)
    if line is not None:
        session.delete(line)
        session.commit()
