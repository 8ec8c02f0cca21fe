"""Agreements, the metrics they promise, and the monthly measurements of those metrics.

An agreement belongs to one client and covers a list of services. Each metric has a
class (utility, warranty or experience), a target, a direction (whether higher or
lower values are better) and a tolerance: how far past the target a value may fall
and still count as *at risk* rather than *missed* (the status itself is worked out by
:mod:`relwork.services.scorecard`). A metric holds one value per month, identified by
the month's first day; writing a value for a month that has one replaces it.

The formality hint (DOMAIN §5.3) ties the level of detail of an agreement to trust:
low trust asks for more detail, high trust in a cooperative relationship or a
partnership makes outcome-based terms worth considering.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import field_validator, model_validator
from sqlmodel import Session, SQLModel, col, delete, func, select

from relwork import clock
from relwork.enums import (
    AgreementForm,
    AgreementStatus,
    MetricClass,
    MetricDirection,
    RelationshipType,
)
from relwork.models import Account, Agreement, Measurement, Metric
from relwork.services.validation import InvalidInput, optional_date, validate
from relwork.text import clean, clean_line

PERIODS_SHOWN = 6  # months in the measurement grid
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


# --- months ------------------------------------------------------------------------------


def month_start(day: date) -> date:
    """The first day of ``day``'s month (how a measurement period is identified)."""
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before, if negative) ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def grid_periods(*, last: date, count: int = PERIODS_SHOWN) -> list[date]:
    """``count`` consecutive months ending with ``last``'s month, oldest first."""
    return [add_months(last, offset) for offset in range(1 - count, 1)]


# --- numbers -----------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: Any, *, what: str = "value") -> float | None:
    """A number typed by a user; empty means none. Raises ``ValueError`` saying what to fix.

    A trailing % is allowed (99.5% is 99.5). A decimal comma is refused rather than
    guessed, because 1,234 could mean either.
    """
    if text is None:
        return None
    if isinstance(text, int | float) and not isinstance(text, bool):
        value = float(text)
    else:
        raw = clean_line(str(text))
        typed = raw.removesuffix("%").strip().replace(" ", "")
        if not typed:
            return None
        if "," in typed:
            raise ValueError(f"'{raw}' is not a number: use a dot for decimals, e.g. 99.5.")
        if not _NUMBER.match(typed):
            raise ValueError(f"'{raw}' is not a number; type the {what} in digits, e.g. 99.5.")
        value = float(typed)
    if not math.isfinite(value) or abs(value) > 1e12:
        raise ValueError(f"The {what} is too large to store.")
    return value


def format_number(value: float | None) -> str:
    """A value as people write it: 99.5, 4, 0.25 (at most four decimals); '–' for none."""
    if value is None:
        return "–"
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def target_text(metric: Metric) -> str:
    """The target with its direction and unit, e.g. '≥ 99.5%' or '≤ 4 h'."""
    from relwork.services.scorecard import format_value

    sign = "≥" if MetricDirection(metric.direction) == MetricDirection.HIGHER else "≤"
    return f"{sign} {format_value(metric.target, metric.unit)}"


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


def _required_choice(value: Any) -> Any:
    if not value:
        raise ValueError("Choose one.")
    return value


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
        return _required_choice(value)

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


def _columns(data: AgreementData) -> dict[str, Any]:
    values = data.model_dump()
    values["form"] = str(data.form)
    values["status"] = str(data.status)
    return values


def create_agreement(*, session: Session, account_id: int, data: AgreementData) -> Agreement:
    if session.get(Account, account_id) is None:
        raise LookupError(f"There is no client with id {account_id}.")
    agreement = Agreement(account_id=account_id, **_columns(data))
    session.add(agreement)
    session.commit()
    session.refresh(agreement)
    return agreement


def update_agreement(*, session: Session, agreement_id: int, data: AgreementData) -> Agreement:
    agreement = get_agreement(session=session, agreement_id=agreement_id)
    agreement.sqlmodel_update(_columns(data))
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


# --- metrics ------------------------------------------------------------------------------


class MetricData(SQLModel):
    """What the metric form holds, checked."""

    name: str
    metric_class: MetricClass = MetricClass.WARRANTY
    unit: str = ""
    direction: MetricDirection = MetricDirection.HIGHER
    target: float
    tolerance: float = 0.0

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        name = clean_line(str(value or ""))
        if not name:
            raise ValueError("Name the metric, e.g. 'Availability'.")
        if len(name) > 200:
            raise ValueError("Keep the name under 200 characters.")
        return name

    @field_validator("metric_class", "direction", mode="before")
    @classmethod
    def _choice(cls, value: Any) -> Any:
        return _required_choice(value)

    @field_validator("unit", mode="before")
    @classmethod
    def _unit(cls, value: Any) -> str:
        unit = clean_line(str(value or ""))
        if len(unit) > 40:
            raise ValueError("Keep the unit short (40 characters at most), e.g. '%' or 'hours'.")
        return unit

    @field_validator("target", mode="before")
    @classmethod
    def _target(cls, value: Any) -> float:
        number = parse_number(value, what="target")
        if number is None:
            raise ValueError("Enter the target as a number, e.g. 99.5.")
        return number

    @field_validator("tolerance", mode="before")
    @classmethod
    def _tolerance(cls, value: Any) -> float:
        number = parse_number(value, what="tolerance")
        if number is None:
            return 0.0
        if number < 0:
            raise ValueError("The tolerance is a distance from the target: enter 0 or more.")
        return number


def parse_metric(values: dict[str, Any]) -> MetricData:
    """Check the metric form; raises :class:`InvalidInput` naming each field to fix."""
    return validate(MetricData, values)


def metric_form(metric: Metric) -> dict[str, Any]:
    values = {name: getattr(metric, name) for name in MetricData.model_fields}
    values["target"] = format_number(metric.target)
    values["tolerance"] = format_number(metric.tolerance)
    return values


def get_metric(*, session: Session, metric_id: int) -> Metric:
    metric = session.get(Metric, metric_id)
    if metric is None:
        raise LookupError(f"There is no metric with id {metric_id}.")
    return metric


def list_metrics(*, session: Session, agreement_id: int) -> list[Metric]:
    """An agreement's metrics in the order they were added."""
    return list(
        session.exec(
            select(Metric)
            .where(Metric.agreement_id == agreement_id)
            .order_by(col(Metric.sort_order), col(Metric.id))
        ).all()
    )


def _check_unique_name(
    session: Session, agreement_id: int, name: str, metric_id: int | None = None
) -> None:
    # names must be unique per agreement because CSV imports find metrics by name
    for metric in list_metrics(session=session, agreement_id=agreement_id):
        if metric.id != metric_id and metric.name.casefold() == name.casefold():
            raise InvalidInput(
                {"name": f"This agreement already has a metric called '{metric.name}'."}
            )


def _metric_columns(data: MetricData) -> dict[str, Any]:
    values = data.model_dump()
    values["metric_class"] = str(data.metric_class)
    values["direction"] = str(data.direction)
    return values


def add_metric(*, session: Session, agreement_id: int, data: MetricData) -> Metric:
    get_agreement(session=session, agreement_id=agreement_id)
    _check_unique_name(session, agreement_id, data.name)
    last = session.exec(
        select(func.max(Metric.sort_order)).where(Metric.agreement_id == agreement_id)
    ).one()
    metric = Metric(agreement_id=agreement_id, sort_order=(last or 0) + 1, **_metric_columns(data))
    session.add(metric)
    session.commit()
    session.refresh(metric)
    return metric


def update_metric(*, session: Session, metric_id: int, data: MetricData) -> Metric:
    metric = get_metric(session=session, metric_id=metric_id)
    _check_unique_name(session, metric.agreement_id, data.name, metric_id)
    metric.sqlmodel_update(_metric_columns(data))
    metric.updated_at = clock.now()
    session.add(metric)
    session.commit()
    session.refresh(metric)
    return metric


def delete_metric(*, session: Session, metric_id: int) -> None:
    """Remove a metric and its measurements."""
    metric = get_metric(session=session, metric_id=metric_id)
    session.exec(delete(Measurement).where(col(Measurement.metric_id) == metric_id))
    session.delete(metric)
    session.commit()


# --- measurements --------------------------------------------------------------------------


def get_measurement(*, session: Session, metric_id: int, period: date) -> Measurement | None:
    return session.exec(
        select(Measurement).where(
            Measurement.metric_id == metric_id, Measurement.period_start == month_start(period)
        )
    ).first()


def set_measurement(
    *,
    session: Session,
    metric_id: int,
    period: date,
    value: float | None,
    note: str | None = None,
    source: str = "manual",
    commit: bool = True,
) -> Measurement | None:
    """Record ``value`` for the metric in ``period``'s month, replacing what was there;
    ``None`` clears it. ``note`` None keeps an existing note. Returns the stored row."""
    get_metric(session=session, metric_id=metric_id)
    existing = get_measurement(session=session, metric_id=metric_id, period=period)
    result: Measurement | None
    if value is None:
        if existing is not None:
            session.delete(existing)
        result = None
    else:
        if not math.isfinite(value):
            raise ValueError("A measurement must be a finite number.")
        result = existing or Measurement(
            metric_id=metric_id, period_start=month_start(period), value=value
        )
        result.value = value
        result.source = source
        if note is not None:
            result.note = clean(note).strip()
        session.add(result)
    if commit:
        session.commit()
        if result is not None:
            session.refresh(result)
    return result


def record_typed_value(
    *, session: Session, metric_id: int, period: date, text: str, today: date | None = None
) -> Measurement | None:
    """What the grid does on Enter: a number is saved, empty clears, anything else (or,
    given ``today``, a month that has not begun) raises ``ValueError`` saying what to
    fix, and nothing changes."""
    value = parse_number(text)
    if today is not None and month_start(period) > month_start(today) and value is not None:
        raise ValueError(f"{period:%b %Y} has not begun; values are for months that have.")
    return set_measurement(session=session, metric_id=metric_id, period=period, value=value)


@dataclass(frozen=True)
class GridRow:
    metric: Metric
    values: tuple[float | None, ...]  # one per period of the grid


@dataclass(frozen=True)
class MeasurementGrid:
    """Rows are metrics, columns are months (oldest first)."""

    periods: tuple[date, ...]
    rows: tuple[GridRow, ...]


def measurement_grid(
    *, session: Session, agreement_id: int, periods: Sequence[date]
) -> MeasurementGrid:
    """The agreement's metrics with their values in ``periods`` (first days of months)."""
    months = tuple(month_start(p) for p in periods)
    metrics = list_metrics(session=session, agreement_id=agreement_id)
    ids = [m.id for m in metrics]
    found: dict[tuple[int, date], float] = {}
    if ids and months:
        for measurement in session.exec(
            select(Measurement).where(
                col(Measurement.metric_id).in_(ids),
                col(Measurement.period_start).in_(months),
            )
        ).all():
            found[(measurement.metric_id, measurement.period_start)] = measurement.value
    rows = tuple(
        GridRow(m, tuple(found.get((m.id, p)) for p in months)) for m in metrics if m.id is not None
    )
    return MeasurementGrid(months, rows)


def latest_measurements(*, session: Session, agreement_id: int) -> dict[int, Measurement]:
    """Metric id -> its newest measurement, for the agreement's metrics that have one."""
    latest: dict[int, Measurement] = {}
    for measurement in session.exec(
        select(Measurement)
        .join(Metric, col(Metric.id) == Measurement.metric_id)
        .where(Metric.agreement_id == agreement_id)
        .order_by(col(Measurement.period_start))
    ).all():
        latest[measurement.metric_id] = measurement
    return latest


# --- demo -----------------------------------------------------------------------------------

_DEMO_AGREEMENT_KEYS = {
    "client", "title", "form", "status", "start_days_ago", "start_in_days", "end_in_days",
    "review_cadence_days", "plain_summary", "services", "metric",
}  # fmt: skip
_DEMO_METRIC_KEYS = {"name", "class", "unit", "direction", "target", "tolerance", "values"}
_DEMO_SURVEY_KEYS = {"client", "months_ago", "day", "instrument", "scale_max", "responses"}
_DEMO_RESPONSE_KEYS = {"contact", "score", "comment"}


def load_demo(*, session: Session, portfolio: Any, source: Any = None) -> None:
    """Write the demo agreements, measurements and surveys (``data/demo/agreements.toml``).

    A demo extension (see :data:`relwork.services.demo.DEMO_EXTENSIONS`): periods and
    dates are relative to ``portfolio.now``. A wrong name or field raises
    ``DemoDataError`` naming the entry."""
    import tomllib
    from pathlib import Path

    from relwork.locations import shipped_data_dir

    path = Path(source) if source else shipped_data_dir() / "demo" / "agreements.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    today: date = portfolio.now.date()
    # a client missing from the portfolio (a smaller demo file was loaded) is skipped;
    # tests check that every client named here is in the shipped demo
    for index, entry in enumerate(raw.get("agreement", []), start=1):
        if entry.get("client") in portfolio.accounts:
            _demo_agreement(session, portfolio, entry, today, f"agreement {index}")
    for index, entry in enumerate(raw.get("survey", []), start=1):
        if entry.get("client") in portfolio.accounts:
            _demo_survey(session, portfolio, entry, today, f"survey {index}")
    session.flush()


def _demo_check(item: dict[str, Any], allowed: set[str], where: str) -> None:
    from relwork.services.demo import DemoDataError

    unknown = sorted(set(item) - allowed)
    if unknown:
        raise DemoDataError(f"{where}: unknown field(s) {', '.join(unknown)}.")


def _demo_agreement(
    session: Session, portfolio: Any, entry: dict[str, Any], today: date, where: str
) -> None:
    _demo_check(entry, _DEMO_AGREEMENT_KEYS, where)
    account_id = int(portfolio.accounts[entry["client"]])
    starts_on = None
    if "start_days_ago" in entry:
        starts_on = today - timedelta(days=entry["start_days_ago"])
    elif "start_in_days" in entry:
        starts_on = today + timedelta(days=entry["start_in_days"])
    ends_on = today + timedelta(days=entry["end_in_days"]) if "end_in_days" in entry else None
    data = parse_agreement(
        {
            key: entry.get(key)
            for key in ("title", "form", "status", "review_cadence_days", "plain_summary")
        }
        | {"starts_on": starts_on, "ends_on": ends_on, "services": entry.get("services", [])}
    )
    agreement = Agreement(account_id=account_id, **_columns(data))
    session.add(agreement)
    session.flush()
    assert agreement.id is not None
    for order, item in enumerate(entry.get("metric", []), start=1):
        place = f"{where}, metric {item.get('name', order)}"
        _demo_check(item, _DEMO_METRIC_KEYS, place)
        values = {k: v for k, v in item.items() if k not in ("class", "values")}
        metric_data = parse_metric(values | {"metric_class": item.get("class")})
        metric = Metric(agreement_id=agreement.id, sort_order=order, **_metric_columns(metric_data))
        session.add(metric)
        session.flush()
        assert metric.id is not None
        given = item.get("values", [])
        for offset, value in enumerate(given):
            period = add_months(today, offset - len(given))
            session.add(Measurement(metric_id=metric.id, period_start=period, value=float(value)))


def _demo_survey(
    session: Session, portfolio: Any, entry: dict[str, Any], today: date, where: str
) -> None:
    from relwork.models import SurveyResponse
    from relwork.services.demo import DemoDataError
    from relwork.services.surveys import parse_survey

    _demo_check(entry, _DEMO_SURVEY_KEYS, where)
    name = entry["client"]
    account_id = int(portfolio.accounts[name])
    month = add_months(today, -entry["months_ago"])
    taken_on = min(month.replace(day=entry.get("day", 1)), today)
    contacts = portfolio.contacts[name]
    for response in entry["responses"]:
        _demo_check(response, _DEMO_RESPONSE_KEYS, where)
        key = response.get("contact")
        if key is not None and key not in contacts:
            raise DemoDataError(f"{where}: '{key}' is not a contact of {name}.")
        data = parse_survey(
            {
                "instrument": entry["instrument"],
                "contact_id": contacts[key] if key else None,
                "taken_on": taken_on,
                "score": response["score"],
                "scale_max": entry.get("scale_max"),
                "comment": response.get("comment", ""),
            }
        )
        assert data.scale_max is not None
        session.add(
            SurveyResponse(
                account_id=account_id,
                contact_id=data.contact_id,
                instrument=data.instrument,
                score=data.score,
                scale_max=data.scale_max,
                taken_on=data.taken_on or taken_on,
                comment=data.comment,
            )
        )
