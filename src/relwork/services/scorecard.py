"""The service scorecard of a client: each promised metric against its target.

A metric's **status** for a value (:func:`metric_status`) respects its direction and
tolerance: for "higher is better" a value at or above the target is *met*, one short of
it by no more than the tolerance is *at risk*, anything lower is *missed*; "lower is
better" mirrors that. No value at all is *no data*. The scorecard covers the metrics of
the client's agreed and active agreements, using the newest measurement up to today.

Importing this module loads no ORM; :func:`scorecard` imports the models when called.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from sqlmodel import Session

Status = Literal["met", "at_risk", "missed", "no_data"]
MET: Status = "met"
AT_RISK: Status = "at_risk"
MISSED: Status = "missed"
NO_DATA: Status = "no_data"

STATUS_LABELS: dict[str, str] = {
    MET: "Met",
    AT_RISK: "At risk",
    MISSED: "Missed",
    NO_DATA: "No data",
}

# Agreements whose metrics are on the scorecard (and feed the watermelon rule).
SCORED_AGREEMENTS = ("agreed", "active")
# Metric classes that make up the service level ("utility and warranty").
SERVICE_CLASSES = ("utility", "warranty")

_DIRECTIONS = ("higher", "lower")


@dataclass(frozen=True)
class ScorecardRow:
    metric_id: int
    agreement_id: int
    agreement_title: str
    name: str
    metric_class: str
    unit: str
    direction: str
    target: float
    tolerance: float
    latest_value: float | None
    latest_period: date | None
    status: Status
    trend: tuple[float, ...]  # last N periods, oldest first
    change: float | None  # latest minus the previous period

    @property
    def is_service(self) -> bool:
        """Utility or warranty: counted in the service level (and the watermelon rule)."""
        return self.metric_class in SERVICE_CLASSES


def metric_status(
    value: float | None, *, target: float, tolerance: float, direction: str
) -> Status:
    """Met, at risk, missed or no data for ``value`` against ``target``.

    ``tolerance`` is how far on the wrong side of the target still counts as at risk
    (its sign is ignored). Values are compared with a tiny allowance for floating
    point, so 99.7 against a target of 99.9 with tolerance 0.2 is at risk, not missed.
    """
    if direction not in _DIRECTIONS:
        raise ValueError(f"A metric's direction is 'higher' or 'lower', not {direction!r}.")
    if value is None:
        return NO_DATA
    slack = 1e-9 * max(1.0, abs(target))
    margin = abs(tolerance)
    # distance past the target in the bad direction (negative or zero: target reached)
    shortfall = (target - value) if direction == "higher" else (value - target)
    if shortfall <= slack:
        return MET
    if shortfall <= margin + slack:
        return AT_RISK
    return MISSED


def share_met(statuses: Sequence[str]) -> float | None:
    """The share of measured statuses that are met (no-data ones are left out);
    None when nothing was measured."""
    measured = [s for s in statuses if s != NO_DATA]
    if not measured:
        return None
    return sum(1 for s in measured if s == MET) / len(measured)


def scorecard(
    *, session: Session, account_id: int, today: date, periods: int = 6
) -> list[ScorecardRow]:
    """Every metric of the client's agreed and active agreements, newest value first
    used: status against target, the last ``periods`` values (oldest first) and the
    change since the measurement before the newest. Measurements dated after
    ``today`` are ignored. Ordered by agreement, then the metric's own order."""
    from sqlmodel import col, select

    from relwork.models import Agreement, Measurement, Metric

    if periods < 1:
        raise ValueError("periods must be at least 1")
    pairs = session.exec(
        select(Metric, Agreement)
        .join(Agreement, col(Agreement.id) == col(Metric.agreement_id))
        .where(Agreement.account_id == account_id)
        .where(col(Agreement.status).in_(SCORED_AGREEMENTS))
        .order_by(
            col(Agreement.starts_on), col(Agreement.id), col(Metric.sort_order), col(Metric.id)
        )
    ).all()
    ids = [metric.id for metric, _ in pairs if metric.id is not None]
    history: dict[int, list[tuple[date, float]]] = {i: [] for i in ids}
    if ids:
        for measurement in session.exec(
            select(Measurement)
            .where(col(Measurement.metric_id).in_(ids))
            .where(col(Measurement.period_start) <= today)
            .order_by(col(Measurement.period_start))
        ).all():
            history[measurement.metric_id].append((measurement.period_start, measurement.value))
    rows = []
    for metric, agreement in pairs:
        assert metric.id is not None and agreement.id is not None
        values = history[metric.id]
        latest = values[-1] if values else None
        rows.append(
            ScorecardRow(
                metric_id=metric.id,
                agreement_id=agreement.id,
                agreement_title=agreement.title,
                name=metric.name,
                metric_class=str(metric.metric_class),
                unit=metric.unit,
                direction=str(metric.direction),
                target=metric.target,
                tolerance=metric.tolerance,
                latest_value=latest[1] if latest else None,
                latest_period=latest[0] if latest else None,
                status=metric_status(
                    latest[1] if latest else None,
                    target=metric.target,
                    tolerance=metric.tolerance,
                    direction=str(metric.direction),
                ),
                trend=tuple(v for _, v in values[-periods:]),
                change=values[-1][1] - values[-2][1] if len(values) > 1 else None,
            )
        )
    return rows


def format_value(value: float | None, unit: str = "") -> str:
    """A measured value with its unit: "99.5%", "4 h", "3.2"; an en dash for none."""
    if value is None:
        return "–"
    text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if not unit:
        return text
    return f"{text}{unit}" if unit in ("%", "‰") or unit.startswith("/") else f"{text} {unit}"


def format_target(row: ScorecardRow) -> str:
    """ "≥ 99.5%" or "≤ 4 h": the direction is part of the target."""
    sign = "≥" if row.direction == "higher" else "≤"
    return f"{sign} {format_value(row.target, row.unit)}"


def format_change(change: float | None, unit: str = "") -> str:
    """ "+0.3%", "-2 h", "0"; an en dash when there is no earlier value."""
    if change is None:
        return "–"
    if abs(change) < 1e-9:
        return "0"
    text = format_value(abs(change), unit)
    return ("+" if change > 0 else "-") + text


def improved(row: ScorecardRow) -> bool | None:
    """Whether the latest change moved towards the target side (None: no change known)."""
    if row.change is None or abs(row.change) < 1e-9:
        return None
    return (row.change > 0) == (row.direction == "higher")
