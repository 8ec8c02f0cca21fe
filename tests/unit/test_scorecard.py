"""The service scorecard: the status rule at its boundaries, and one client's scorecard
built from agreements, metrics and measurements (also the builders the other Realize
tests use)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlmodel import Session

from relwork import clock
from relwork.enums import AgreementStatus, InteractionKind, MetricClass, MetricDirection
from relwork.models import Agreement, Interaction, Measurement, Metric, SurveyResponse
from relwork.services.clients import create_client, parse_client
from relwork.services.scorecard import (
    AT_RISK,
    MET,
    MISSED,
    NO_DATA,
    ScorecardRow,
    format_change,
    format_target,
    format_value,
    improved,
    metric_status,
    scorecard,
    share_met,
)

# --- builders shared by the Realize tests -------------------------------------------------


def new_client(store, name: str = "Acme Hosting") -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": name})).id


def add_agreement(
    session: Session,
    account_id: int,
    *,
    title: str = "Managed service SLA",
    status: AgreementStatus = AgreementStatus.ACTIVE,
) -> int:
    agreement = Agreement(account_id=account_id, title=title, status=status)
    session.add(agreement)
    session.flush()
    assert agreement.id is not None
    return agreement.id


def add_metric(
    session: Session,
    agreement_id: int,
    name: str,
    *,
    target: float,
    direction: MetricDirection = MetricDirection.HIGHER,
    tolerance: float = 0.0,
    metric_class: MetricClass = MetricClass.WARRANTY,
    unit: str = "%",
    values: dict[date, float] | None = None,
) -> int:
    metric = Metric(
        agreement_id=agreement_id,
        name=name,
        target=target,
        direction=direction,
        tolerance=tolerance,
        metric_class=metric_class,
        unit=unit,
    )
    session.add(metric)
    session.flush()
    assert metric.id is not None
    for period, value in (values or {}).items():
        session.add(Measurement(metric_id=metric.id, period_start=period, value=value))
    session.flush()
    return metric.id


def add_survey(
    session: Session,
    account_id: int,
    taken_on: date,
    score: float,
    *,
    instrument: str = "csat",
    scale_max: float = 5.0,
    contact_id: int | None = None,
) -> None:
    session.add(
        SurveyResponse(
            account_id=account_id,
            taken_on=taken_on,
            score=score,
            instrument=instrument,
            scale_max=scale_max,
            contact_id=contact_id,
        )
    )
    session.flush()


def add_complaint(session: Session, account_id: int, days_ago: int, text: str = "") -> None:
    day = clock.today() - timedelta(days=days_ago)
    session.add(
        Interaction(
            account_id=account_id,
            occurred_at=datetime.combine(day, time(8, 0), tzinfo=clock.now().tzinfo),
            kind=InteractionKind.COMPLAINT,
            summary=text or f"Complaint of {days_ago} days ago",
        )
    )
    session.flush()


def months_back(count: int) -> list[date]:
    """The first days of the last ``count`` months, oldest first (the clock's month last)."""
    today = clock.today()
    result = []
    for offset in range(count - 1, -1, -1):
        index = today.year * 12 + today.month - 1 - offset
        result.append(date(index // 12, index % 12 + 1, 1))
    return result


# --- the status rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (99.9, MET),  # exactly on target
        (100.0, MET),
        (99.7, AT_RISK),  # exactly at the tolerance (99.9 - 0.2, a float trap)
        (99.8, AT_RISK),
        (99.69, MISSED),  # just past the tolerance
        (None, NO_DATA),
    ],
)
def test_higher_is_better(value, expected):
    assert metric_status(value, target=99.9, tolerance=0.2, direction="higher") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (4.0, MET),  # exactly on target
        (0.0, MET),
        (4.5, AT_RISK),  # exactly at the tolerance
        (4.51, MISSED),
        (None, NO_DATA),
    ],
)
def test_lower_is_better(value, expected):
    assert metric_status(value, target=4.0, tolerance=0.5, direction="lower") == expected


def test_without_tolerance_any_shortfall_is_missed_and_sign_of_tolerance_is_ignored():
    assert metric_status(94.99, target=95, tolerance=0, direction="higher") == MISSED
    assert metric_status(94.5, target=95, tolerance=-0.5, direction="higher") == AT_RISK


def test_unknown_direction_is_refused():
    with pytest.raises(ValueError, match="higher"):
        metric_status(1.0, target=1.0, tolerance=0.0, direction="up")


def test_share_met_leaves_out_metrics_without_data():
    assert share_met([MET, MET, AT_RISK, NO_DATA]) == pytest.approx(2 / 3)
    assert share_met([NO_DATA]) is None
    assert share_met([]) is None


def _row(**overrides) -> ScorecardRow:
    values = dict(
        metric_id=1,
        agreement_id=1,
        agreement_title="SLA",
        name="Availability",
        metric_class="warranty",
        unit="%",
        direction="higher",
        target=99.5,
        tolerance=0.2,
        latest_value=99.1,
        latest_period=date(2026, 11, 1),
        status=MISSED,
        trend=(99.8, 99.1),
        change=-0.7,
    )
    values.update(overrides)
    return ScorecardRow(**values)


def test_values_read_with_their_unit_and_direction():
    assert format_value(99.5, "%") == "99.5%"
    assert format_value(4.0, "h") == "4 h"
    assert format_value(None, "h") == "–"
    assert format_target(_row()) == "≥ 99.5%"
    assert format_target(_row(direction="lower", target=4, unit="h")) == "≤ 4 h"
    assert format_change(-0.7, "%") == "-0.7%"
    assert format_change(2.0, "h") == "+2 h"
    assert format_change(None) == "–"
    assert improved(_row()) is False
    assert improved(_row(direction="lower")) is True
    assert improved(_row(change=None)) is None


# --- the scorecard ------------------------------------------------------------------------


def test_scorecard_of_a_client(store):
    client = new_client(store)
    other = new_client(store, "Other Client")
    periods = months_back(8)
    with store.session() as session:
        sla = add_agreement(session, client, title="Store support SLA")
        availability = add_metric(
            session,
            sla,
            "Till availability",
            target=99.5,
            tolerance=0.3,
            values=dict(
                zip(periods, [99.9, 99.8, 99.7, 99.6, 99.9, 99.4, 99.6, 99.3], strict=True)
            ),
        )
        fix = add_metric(
            session,
            sla,
            "Time to fix a till",
            target=4,
            direction=MetricDirection.LOWER,
            unit="h",
            metric_class=MetricClass.UTILITY,
            values={periods[-2]: 3.5, periods[-1]: 5.0},
        )
        empty = add_metric(session, sla, "Portal rating", target=4, unit="/5")
        # a value for next month is not on today's scorecard
        future = clock.today().replace(day=28) + timedelta(days=5)
        session.add(Measurement(metric_id=fix, period_start=future.replace(day=1), value=1.0))
        draft = add_agreement(session, client, title="Draft", status=AgreementStatus.DRAFT)
        add_metric(session, draft, "Not yet agreed", target=1, values={periods[-1]: 0})
        expired = add_agreement(session, client, title="Old", status=AgreementStatus.EXPIRED)
        add_metric(session, expired, "Ended", target=1, values={periods[-1]: 0})
        theirs = add_agreement(session, other, title="Theirs")
        add_metric(session, theirs, "Someone else's", target=1, values={periods[-1]: 0})
        session.commit()

        rows = scorecard(session=session, account_id=client, today=clock.today(), periods=6)

    assert [r.name for r in rows] == ["Till availability", "Time to fix a till", "Portal rating"]
    first, second, third = rows
    assert first.metric_id == availability
    assert first.agreement_title == "Store support SLA"
    assert first.latest_value == 99.3 and first.latest_period == periods[-1]
    assert first.status == AT_RISK  # 0.2 short, within the 0.3 tolerance
    assert first.trend == (99.7, 99.6, 99.9, 99.4, 99.6, 99.3)  # the last six, oldest first
    assert first.change == pytest.approx(-0.3)
    assert first.is_service
    assert second.status == MISSED  # 5 h against at most 4 h
    assert second.change == pytest.approx(1.5)
    assert second.trend == (3.5, 5.0)  # next month's value ignored
    assert (second.unit, second.direction, second.metric_class) == ("h", "lower", "utility")
    assert third.metric_id == empty
    assert (third.status, third.latest_value, third.trend, third.change) == (
        NO_DATA,
        None,
        (),
        None,
    )


def test_scorecard_of_a_client_without_agreements_is_empty(store):
    client = new_client(store)
    with store.session() as session:
        assert scorecard(session=session, account_id=client, today=clock.today()) == []
