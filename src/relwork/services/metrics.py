"""The metrics an agreement promises: the metric form, its checks, and storing metrics.

Each metric has a class (utility, warranty or experience), a target, a direction
(whether higher or lower values are better) and a tolerance: how far past the target a
value may fall and still count as *at risk* rather than *missed* (the status itself is
worked out by :mod:`relwork.services.scorecard`).
"""

from __future__ import annotations

from typing import Any

from pydantic import field_validator
from sqlmodel import Session, SQLModel, col, delete, func, select

from relwork import clock
from relwork.enums import MetricClass, MetricDirection
from relwork.models import Measurement, Metric
from relwork.services.form_values import format_number, parse_number, required_choice
from relwork.services.validation import InvalidInput, validate
from relwork.text import clean_line


def target_text(metric: Metric) -> str:
    """The target with its direction and unit, e.g. '≥ 99.5%' or '≤ 4 h'."""
    from relwork.services.scorecard import format_value

    sign = "≥" if MetricDirection(metric.direction) == MetricDirection.HIGHER else "≤"
    return f"{sign} {format_value(metric.target, metric.unit)}"


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
        return required_choice(value)

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


def metric_columns(data: MetricData) -> dict[str, Any]:
    values = data.model_dump()
    values["metric_class"] = str(data.metric_class)
    values["direction"] = str(data.direction)
    return values


def add_metric(*, session: Session, agreement_id: int, data: MetricData) -> Metric:
    from relwork.services.agreements import get_agreement  # agreements re-exports this module

    get_agreement(session=session, agreement_id=agreement_id)
    _check_unique_name(session, agreement_id, data.name)
    last = session.exec(
        select(func.max(Metric.sort_order)).where(Metric.agreement_id == agreement_id)
    ).one()
    metric = Metric(agreement_id=agreement_id, sort_order=(last or 0) + 1, **metric_columns(data))
    session.add(metric)
    session.commit()
    session.refresh(metric)
    return metric


def update_metric(*, session: Session, metric_id: int, data: MetricData) -> Metric:
    metric = get_metric(session=session, metric_id=metric_id)
    _check_unique_name(session, metric.agreement_id, data.name, metric_id)
    metric.sqlmodel_update(metric_columns(data))
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
