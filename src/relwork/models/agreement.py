"""Agreements, their metrics and measurements, and satisfaction surveys (Agree step)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from relwork.enums import (
    AgreementForm,
    AgreementStatus,
    MetricClass,
    MetricDirection,
    SurveyInstrument,
)
from relwork.models.base import CODE, LONG_TEXT, created_field, updated_field


class Agreement(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    form: AgreementForm = Field(default=AgreementForm.SLA, sa_type=CODE)
    title: str = Field(max_length=200)
    starts_on: date | None = None
    ends_on: date | None = None
    status: AgreementStatus = Field(default=AgreementStatus.DRAFT, sa_type=CODE)
    review_cadence_days: int | None = None
    plain_summary: str = Field(default="", sa_type=LONG_TEXT)
    services: list[str] = Field(default_factory=list, sa_type=JSON)  # services it covers
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class Metric(SQLModel, table=True):
    """Something an agreement promises, measured per period against a target."""

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int = Field(foreign_key="agreement.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    metric_class: MetricClass = Field(default=MetricClass.WARRANTY, sa_type=CODE)
    unit: str = Field(default="", max_length=40)
    direction: MetricDirection = Field(default=MetricDirection.HIGHER, sa_type=CODE)
    target: float
    # how far past the target still counts as "at risk" rather than "missed"
    tolerance: float = 0.0
    sort_order: int = 0
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class Measurement(SQLModel, table=True):
    """The value of a metric for one period (identified by the period's first day)."""

    __table_args__ = (
        Index("ux_measurement_metric_period", "metric_id", "period_start", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    metric_id: int = Field(foreign_key="metric.id", ondelete="CASCADE")
    period_start: date
    value: float
    note: str = Field(default="", sa_type=LONG_TEXT)
    source: str = Field(default="manual", sa_type=CODE)  # manual | csv
    created_at: datetime = created_field()


class SurveyResponse(SQLModel, table=True):
    """A satisfaction result: one person's answer, or a period's aggregate if no contact."""

    __tablename__ = "survey_response"
    __table_args__ = (Index("ix_survey_response_account_taken", "account_id", "taken_on"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    instrument: SurveyInstrument = Field(default=SurveyInstrument.CSAT, sa_type=CODE)
    score: float
    scale_max: float = 5.0  # CSAT 5, NPS 10 (0..10 answer), custom as given
    taken_on: date
    comment: str = Field(default="", sa_type=LONG_TEXT)
    created_at: datetime = created_field()
