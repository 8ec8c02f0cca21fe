"""Monthly measurements of metrics: months as periods, recording values, and the grid.

A metric holds one value per month, identified by the month's first day; writing a
value for a month that has one replaces it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from relwork.models import Measurement, Metric
from relwork.services.form_values import parse_number
from relwork.services.metrics import get_metric, list_metrics
from relwork.text import clean

PERIODS_SHOWN = 6  # months in the measurement grid


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
