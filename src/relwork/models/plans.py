"""Wizard runs with their answers, and the onboarding and offboarding plans they produce.

A run keeps every answer as it was given, so a wizard can be left at any question and
resumed later; scores and gaps are computed from the answers by the wizard engine.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from relwork.enums import (
    FourDimension,
    OffboardingKind,
    Performer,
    PlanStatus,
    WizardRunStatus,
)
from relwork.models.base import CODE, LONG_TEXT, created_field, updated_field


class WizardRun(SQLModel, table=True):
    """One pass through a question set for a client, finished or still in progress."""

    __tablename__ = "wizard_run"
    __table_args__ = (Index("ix_wizard_run_account_set", "account_id", "set_key"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    set_key: str = Field(max_length=80)  # e.g. "engage.collab_readiness"
    set_title: str = Field(default="", max_length=200)  # as it was when the run started
    status: WizardRunStatus = Field(default=WizardRunStatus.IN_PROGRESS, sa_type=CODE)
    position: str = Field(default="", max_length=80)  # the question key to resume at
    author: str = Field(default="", max_length=120)
    started_at: datetime = created_field()
    updated_at: datetime = updated_field()
    finished_at: datetime | None = None


class WizardAnswer(SQLModel, table=True):
    """The answer to one question of a run. ``value`` holds whatever the answer type
    needs (a status code, a score, a list of choices, rows of a repeated group)."""

    __tablename__ = "wizard_answer"
    __table_args__ = (Index("ux_wizard_answer_run_key", "run_id", "question_key", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="wizard_run.id", ondelete="CASCADE")
    question_key: str = Field(max_length=80)
    value: Any = Field(default=None, sa_type=JSON, nullable=True)
    evidence: str = Field(default="", sa_type=LONG_TEXT)
    note: str = Field(default="", sa_type=LONG_TEXT)
    updated_at: datetime = updated_field()


class OnboardingPlan(SQLModel, table=True):
    """How a client (or its users) joins the service: goals, scope, actions, control."""

    __tablename__ = "onboarding_plan"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    run_id: int | None = Field(default=None, foreign_key="wizard_run.id", ondelete="SET NULL")
    title: str = Field(default="", max_length=200)
    scenario: str = Field(default="", sa_type=CODE)
    # [{"goal": ..., "measure": ...}]: outcomes and how success will be measured
    goals: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    start_trigger: str = Field(default="", sa_type=CODE)
    starts_on: date | None = None
    ends_on: date | None = None
    end_criterion: str = Field(default="", sa_type=LONG_TEXT)
    control_approaches: list[str] = Field(default_factory=list, sa_type=JSON)
    status: PlanStatus = Field(default=PlanStatus.DRAFT, sa_type=CODE)
    # closing review checklist: {item_key: "yes"|"partial"|"no"|...}, filled when it completes
    review: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    reviewed_at: datetime | None = None
    notes: str = Field(default="", sa_type=LONG_TEXT)
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class OnboardingScopeItem(SQLModel, table=True):
    __tablename__ = "onboarding_scope_item"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="onboarding_plan.id", index=True, ondelete="CASCADE")
    dimension: FourDimension = Field(sa_type=CODE)
    resource: str = Field(default="", sa_type=LONG_TEXT)
    need: str = Field(default="", sa_type=LONG_TEXT)


class OffboardingPlan(SQLModel, table=True):
    """How a client, a user or a whole service leaves (or moves to another provider)."""

    __tablename__ = "offboarding_plan"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    run_id: int | None = Field(default=None, foreign_key="wizard_run.id", ondelete="SET NULL")
    title: str = Field(default="", max_length=200)
    kind: OffboardingKind = Field(default=OffboardingKind.CUSTOMER, sa_type=CODE)
    reason: str = Field(default="", sa_type=LONG_TEXT)
    is_dispute: bool = False  # leaving unhappy or in dispute
    confidential: bool = False
    confidential_reason: str = Field(default="", sa_type=LONG_TEXT)
    legal_expected: bool = False
    starts_on: date | None = None
    ends_on: date | None = None
    status: PlanStatus = Field(default=PlanStatus.DRAFT, sa_type=CODE)
    notes: str = Field(default="", sa_type=LONG_TEXT)
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class PlanAction(SQLModel, table=True):
    """An action of an onboarding or an offboarding plan (exactly one of the two links)."""

    __tablename__ = "plan_action"

    id: int | None = Field(default=None, primary_key=True)
    onboarding_plan_id: int | None = Field(
        default=None, foreign_key="onboarding_plan.id", index=True, ondelete="CASCADE"
    )
    offboarding_plan_id: int | None = Field(
        default=None, foreign_key="offboarding_plan.id", index=True, ondelete="CASCADE"
    )
    dimension: FourDimension | None = Field(default=None, sa_type=CODE)
    performer: Performer = Field(default=Performer.PROVIDER, sa_type=CODE)
    description: str = Field(sa_type=LONG_TEXT)
    owner: str = Field(default="", max_length=120)
    due: date | None = None
    done_at: datetime | None = None
    sort_order: int = 0
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()
