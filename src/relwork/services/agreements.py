"""Agreements: the agreement form, storing agreements, their review dates, and the
formality hint.

An agreement belongs to one client and covers a list of services; its metrics live in
:mod:`relwork.services.metrics` and their monthly values in
:mod:`relwork.services.measurements` (re-exported here for the screens and tests that
use this module as ``service``).

The formality hint (DOMAIN §5.3) ties the level of detail of an agreement to trust:
low trust asks for more detail, high trust in a cooperative relationship or a
partnership makes outcome-based terms worth considering.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import field_validator, model_validator
from sqlmodel import Session, SQLModel, col, delete, func, select

from relwork import clock
from relwork.enums import AgreementForm, AgreementStatus, RelationshipType
from relwork.models import Account, Agreement, Measurement, Metric
from relwork.services.form_values import format_number as format_number
from relwork.services.form_values import parse_number as parse_number
from relwork.services.form_values import required_choice
from relwork.services.measurements import add_months as add_months
from relwork.services.measurements import get_measurement as get_measurement
from relwork.services.measurements import grid_periods as grid_periods
from relwork.services.measurements import latest_measurements as latest_measurements
from relwork.services.measurements import measurement_grid as measurement_grid
from relwork.services.measurements import record_typed_value as record_typed_value
from relwork.services.measurements import set_measurement as set_measurement
from relwork.services.metrics import add_metric as add_metric
from relwork.services.metrics import delete_metric as delete_metric
from relwork.services.metrics import list_metrics as list_metrics
from relwork.services.metrics import metric_form as metric_form
from relwork.services.metrics import parse_metric as parse_metric
from relwork.services.metrics import target_text as target_text
from relwork.services.metrics import update_metric as update_metric
from relwork.services.validation import InvalidInput, optional_date, validate
from relwork.text import clean, clean_line

CADENCE_MAX_DAYS = 3650
SERVICE_MAX = 120  # characters per covered service
LOW_TRUST_BELOW = 2.5  # DOMAIN §5.3; the same thresholds as the trust bands
HIGH_TRUST_ABOVE = 3.5

# Shown first in lists: what is in force, then what is being worked on, then the past.
_STATUS_ORDER = {
    AgreementStatus.ACTIVE: 0,
    AgreementStatus.AGREED: 1,
    AgreementStatus.NEGOTIATING: 2,
    AgreementStatus.DRAFT: 3,
    AgreementStatus.EXPIRED: 4,
    AgreementStatus.TERMINATED: 5,
}
_CLOSED = {AgreementStatus.EXPIRED, AgreementStatus.TERMINATED}


# --- agreements ---------------------------------------------------------------------------


def split_services(value: Any) -> list[str]:
    """Services typed one per line or separated by commas (or given as a list), each once."""
    if value is None:
        return []
    parts = value if isinstance(value, list | tuple) else re.split(r"[\n,;]", clean(str(value)))
    seen: dict[str, str] = {}
    for part in parts:
        name = clean_line(str(part))[:SERVICE_MAX]
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def _cadence(value: Any) -> int | None:
    if value is None or value == "":
        return None
    text = clean_line(str(value))
    if not text:
        return None
    if isinstance(value, bool) or not re.fullmatch(r"\+?\d+", text) or int(text) < 1:
        raise ValueError(
            f"'{text}' is not a number of days: enter a positive whole number, e.g. 90."
        )
    days = int(text)
    if days > CADENCE_MAX_DAYS:
        raise ValueError(f"Review at least every {CADENCE_MAX_DAYS} days (about ten years).")
    return days


class AgreementData(SQLModel):
    """What the agreement form holds, checked."""

    form: AgreementForm = AgreementForm.SLA
    title: str
    starts_on: date | None = None
    ends_on: date | None = None
    status: AgreementStatus = AgreementStatus.DRAFT
    review_cadence_days: int | None = None
    plain_summary: str = ""
    services: list[str] = []

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> str:
        title = clean_line(str(value or ""))
        if not title:
            raise ValueError("Give the agreement a title, e.g. 'Store support SLA 2026'.")
        if len(title) > 200:
            raise ValueError("Keep the title under 200 characters; use the summary for more.")
        return title

    @field_validator("form", "status", mode="before")
    @classmethod
    def _choice(cls, value: Any) -> Any:
        return required_choice(value)

    @field_validator("starts_on", "ends_on", mode="before")
    @classmethod
    def _date(cls, value: Any) -> date | None:
        return optional_date(value)

    @field_validator("review_cadence_days", mode="before")
    @classmethod
    def _cadence(cls, value: Any) -> int | None:
        return _cadence(value)

    @field_validator("plain_summary", mode="before")
    @classmethod
    def _summary(cls, value: Any) -> str:
        return clean(str(value or "")).strip()

    @field_validator("services", mode="before")
    @classmethod
    def _services(cls, value: Any) -> list[str]:
        return split_services(value)

    @model_validator(mode="after")
    def _order(self) -> AgreementData:
        problem = _date_order(self.starts_on, self.ends_on)
        if problem:
            raise InvalidInput({"ends_on": problem})
        return self


def _date_order(starts_on: date | None, ends_on: date | None) -> str:
    if starts_on and ends_on and ends_on < starts_on:
        return (
            f"The end ({ends_on.isoformat()}) is before the start "
            f"({starts_on.isoformat()}); change one of them."
        )
    return ""


def parse_agreement(values: dict[str, Any]) -> AgreementData:
    """Check the agreement form; raises :class:`InvalidInput` naming each field to fix
    (the date order too, even when another field is also wrong)."""
    try:
        return validate(AgreementData, values)
    except InvalidInput as exc:
        if "starts_on" not in exc.errors and "ends_on" not in exc.errors:
            problem = _date_order(
                optional_date(values.get("starts_on")), optional_date(values.get("ends_on"))
            )
            if problem:
                exc.errors["ends_on"] = problem
        raise


def agreement_form(agreement: Agreement) -> dict[str, Any]:
    """An agreement as form values (services one per line)."""
    values = {name: getattr(agreement, name) for name in AgreementData.model_fields}
    values["services"] = "\n".join(agreement.services or [])
    return values


def get_agreement(*, session: Session, agreement_id: int) -> Agreement:
    agreement = session.get(Agreement, agreement_id)
    if agreement is None:
        raise LookupError(f"There is no agreement with id {agreement_id}.")
    return agreement


def agreement_columns(data: AgreementData) -> dict[str, Any]:
    values = data.model_dump()
    values["form"] = str(data.form)
    values["status"] = str(data.status)
    return values


def create_agreement(*, session: Session, account_id: int, data: AgreementData) -> Agreement:
    if session.get(Account, account_id) is None:
        raise LookupError(f"There is no client with id {account_id}.")
    agreement = Agreement(account_id=account_id, **agreement_columns(data))
    session.add(agreement)
    session.commit()
    session.refresh(agreement)
    return agreement


def update_agreement(*, session: Session, agreement_id: int, data: AgreementData) -> Agreement:
    agreement = get_agreement(session=session, agreement_id=agreement_id)
    agreement.sqlmodel_update(agreement_columns(data))
    agreement.updated_at = clock.now()
    session.add(agreement)
    session.commit()
    session.refresh(agreement)
    return agreement


def delete_agreement(*, session: Session, agreement_id: int) -> None:
    """Remove an agreement with its metrics and their measurements."""
    agreement = get_agreement(session=session, agreement_id=agreement_id)
    metric_ids = select(Metric.id).where(Metric.agreement_id == agreement_id)
    # explicit, in order: the ORM knows nothing of the foreign keys' cascades
    session.exec(delete(Measurement).where(col(Measurement.metric_id).in_(metric_ids)))
    session.exec(delete(Metric).where(col(Metric.agreement_id) == agreement_id))
    session.delete(agreement)
    session.commit()


def next_review(agreement: Agreement, today: date) -> date | None:
    """The next review on the agreement's cadence, counted from its start (or from when it
    was recorded); none without a cadence, once it has ended, or when it is closed.
    Reviews stop at the end date: the last one falls on it."""
    if not agreement.review_cadence_days or AgreementStatus(agreement.status) in _CLOSED:
        return None
    if agreement.ends_on is not None and agreement.ends_on < today:
        return None
    anchor = agreement.starts_on or clock.local(agreement.created_at).date()
    step = timedelta(days=agreement.review_cadence_days)
    due = anchor + step
    if due < today:
        due += step * math.ceil((today - due) / step)
    if agreement.ends_on is not None and due > agreement.ends_on:
        return agreement.ends_on
    return due


@dataclass(frozen=True)
class AgreementRow:
    """An agreement as the list shows it."""

    agreement: Agreement
    metric_count: int
    next_review: date | None


def list_agreements(*, session: Session, account_id: int, today: date) -> list[AgreementRow]:
    """A client's agreements: in force first, then in preparation, then past ones."""
    agreements = session.exec(select(Agreement).where(Agreement.account_id == account_id)).all()
    counts = dict(
        session.exec(
            select(Metric.agreement_id, func.count(col(Metric.id)))
            .join(Agreement, col(Agreement.id) == Metric.agreement_id)
            .where(Agreement.account_id == account_id)
            .group_by(col(Metric.agreement_id))
        ).all()
    )

    def order(agreement: Agreement) -> tuple[int, int, str]:
        started = agreement.starts_on.toordinal() if agreement.starts_on else 0
        return (
            _STATUS_ORDER[AgreementStatus(agreement.status)],
            -started,
            agreement.title.casefold(),
        )

    return [
        AgreementRow(a, counts.get(a.id or 0, 0), next_review(a, today))
        for a in sorted(agreements, key=order)
    ]


# --- formality hint ----------------------------------------------------------------------


def formality_hint(trust_index: float | None, relationship: RelationshipType | str) -> str:
    """How detailed an agreement should be, given the latest trust index (1-5) and the
    relationship type (DOMAIN §5.3). Pure; see :func:`agreement_formality_hint`."""
    from relwork.services.trust import format_score, rounded

    kind = RelationshipType(relationship)
    if trust_index is None:
        return (
            "No trust assessment yet, so nothing to match the level of detail to; "
            "rate trust on the three Cs first (r in the workspace)."
        )
    shown = format_score(trust_index, 1)
    value = rounded(trust_index)
    if value < LOW_TRUST_BELOW:
        return (
            f"Trust is low ({shown}): write it out in detail: scope, levels, who does what, "
            "and what happens when a target is missed. Little should be left implied."
        )
    if value > HIGH_TRUST_ABOVE and kind != RelationshipType.BASIC:
        return (
            f"Trust is high ({shown}) in a {kind.label.lower()} relationship: consider "
            "outcome-based terms, a short agreement on the few outcomes that matter most, "
            "with the rest left to how you already work together."
        )
    if value > HIGH_TRUST_ABOVE:
        return (
            f"Trust is high ({shown}), but the relationship is basic: standard terms with a "
            "few clear levels will do; there is no need to spell out every detail."
        )
    return (
        f"Trust is moderate ({shown}): document the levels that matter and how they will be "
        "reviewed; detail elsewhere can stay light."
    )


def latest_trust_index(*, session: Session, account_id: int) -> float | None:
    """The overall index of the client's newest trust assessment, if any."""
    from relwork.services.trust import assessments

    history = assessments(session=session, client_id=account_id)
    return history[-1].scores.overall if history else None


def agreement_formality_hint(*, session: Session, account_id: int) -> str:
    """The formality hint for a client, from its newest trust index and current type."""
    account = session.get(Account, account_id)
    if account is None:
        raise LookupError(f"There is no client with id {account_id}.")
    index = latest_trust_index(session=session, account_id=account_id)
    return formality_hint(index, account.current_type)
