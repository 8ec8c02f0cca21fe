"""Relationship KPIs: periods and their months, each computation on fixed records, the
comparison with the period before, and the records read from a store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from relwork import clock
from relwork.enums import RecommendationStatus, ReviewStatus
from relwork.models import (
    Account,
    ActionItem,
    ClientReview,
    Contact,
    ImprovementItem,
    Interaction,
    InteractionAttendee,
    Recommendation,
    Stakeholder,
)
from relwork.services.kpi_definitions import HIGHER, LOWER, Kpi, compute_kpis, format_kpi_value
from relwork.services.kpi_rules import (
    PERIODS,
    AccountPoint,
    ActionPoint,
    ImprovementPoint,
    KpiRecords,
    MeasuredPoint,
    RecommendationPoint,
    SurveyPoint,
    TrustPoint,
    Window,
    actions_on_time,
    improvements_realized,
    months,
    net_promoter,
    next_period,
    period,
    recommendations_accepted,
    reviews_on_cadence,
    satisfaction_index,
    service_compliance,
    stakeholder_coverage,
    tenure_years,
    trust_level,
    windows,
)
from relwork.services.kpis import kpis
from relwork.services.scorecard import AT_RISK, MET, MISSED, NO_DATA
from tests.unit.test_scorecard import (
    add_agreement,
    add_complaint,
    add_metric,
    add_survey,
    months_back,
    new_client,
)

TODAY = date(2026, 11, 20)
NOV = Window(date(2026, 11, 1), TODAY)
OCT = Window(date(2026, 10, 1), date(2026, 10, 31))


# --- periods -----------------------------------------------------------------------------


def test_periods_are_whole_months_ending_today_against_the_same_length_before():
    now, before = windows(period("6m"), TODAY)
    assert now == Window(date(2026, 6, 1), TODAY)
    assert before == Window(date(2025, 12, 1), date(2026, 5, 31))
    now, before = windows(period("3m"), date(2026, 2, 10))
    assert now == Window(date(2025, 12, 1), date(2026, 2, 10))
    assert before == Window(date(2025, 9, 1), date(2025, 11, 30))
    assert [w.start for w in months(windows(period("12m"), TODAY)[0])][::11] == [
        date(2025, 12, 1),
        date(2026, 11, 1),
    ]
    assert months(Window(date(2026, 10, 15), date(2026, 11, 3))) == [
        Window(date(2026, 10, 15), date(2026, 10, 31)),
        Window(date(2026, 11, 1), date(2026, 11, 3)),
    ]


def test_the_period_key_cycles_and_unknown_keys_are_refused():
    assert [p.key for p in PERIODS] == ["3m", "6m", "12m"]
    assert next_period(period("12m")).key == "3m"
    with pytest.raises(ValueError, match="3m, 6m, 12m"):
        period("2w")


# --- each computation --------------------------------------------------------------------


def test_service_compliance_counts_measured_values_of_the_classes():
    points = [
        MeasuredPoint(1, "warranty", date(2026, 11, 1), MET),
        MeasuredPoint(1, "utility", date(2026, 11, 1), AT_RISK),  # not met
        MeasuredPoint(1, "warranty", date(2026, 11, 1), NO_DATA),  # not counted
        MeasuredPoint(1, "experience", date(2026, 11, 1), MISSED),  # other class
        MeasuredPoint(1, "warranty", date(2026, 10, 1), MISSED),  # other month
    ]
    assert service_compliance(points, NOV, ("utility", "warranty")) == (50.0, 1, 2)
    assert service_compliance(points, NOV, ("experience",)) == (0.0, 0, 1)
    assert service_compliance([], NOV, ("warranty",)) == (None, 0, 0)


def _survey(day: date, score: float, contact: int | None = None, **kw) -> SurveyPoint:
    return SurveyPoint(
        kw.get("account", 1), contact, kw.get("instrument", "csat"), score, kw.get("of", 5.0), day
    )


def test_satisfaction_index_takes_each_respondents_latest_answer():
    surveys = [
        _survey(date(2026, 11, 2), 5, contact=7),
        _survey(date(2026, 11, 9), 3, contact=7),  # replaces the earlier one
        _survey(date(2026, 11, 3), 4, contact=8),
        _survey(date(2026, 11, 4), 2.0),  # a group result
        _survey(date(2026, 11, 5), 8, instrument="custom", of=10.0),  # newer group result
        _survey(date(2026, 11, 5), 10, instrument="nps", of=10.0),  # not satisfaction
        _survey(date(2026, 10, 30), 1, contact=9),  # before the window
    ]
    value, respondents = satisfaction_index(surveys, NOV)
    assert respondents == 3
    assert value == pytest.approx((60 + 80 + 80) / 3)
    assert satisfaction_index([], NOV) == (None, 0)


def test_net_promoter_score():
    answers = [_survey(NOV.start, s, instrument="nps", of=10.0) for s in (10, 9, 8, 7, 6, 0)]
    value, count = net_promoter(answers, NOV)
    assert count == 6
    assert value == pytest.approx((2 - 2) / 6 * 100)
    assert net_promoter([_survey(NOV.start, 4)], NOV) == (None, 0)
    # a period's net score (scale 100) is an aggregate, not one more promoter
    with_aggregate = [*answers, _survey(NOV.start, 40, instrument="nps", of=100.0)]
    assert net_promoter(with_aggregate, NOV) == (value, 6)


def test_actions_on_time_look_at_actions_due_up_to_today():
    actions = [
        ActionPoint(1, date(2026, 11, 5), date(2026, 11, 5)),  # on the day
        ActionPoint(1, date(2026, 11, 6), date(2026, 11, 7)),  # a day late
        ActionPoint(1, date(2026, 11, 7), None),  # never done
        ActionPoint(1, date(2026, 11, 25), None),  # not due yet
        ActionPoint(1, date(2026, 10, 25), date(2026, 10, 1)),  # other window
    ]
    value, on_time, due = actions_on_time(actions, NOV, TODAY)
    assert (on_time, due) == (1, 3)
    assert value == pytest.approx(100 / 3)


def test_reviews_on_cadence_count_full_cadences_from_the_first_day_on_record():
    window = Window(date(2026, 6, 1), TODAY)  # 173 days
    accounts = [
        AccountPoint(1, "active", None, None, 60, since=date(2020, 1, 1)),  # 2 due
        AccountPoint(2, "active", None, None, 30, since=date(2026, 10, 1)),  # 51 days: 1 due
        AccountPoint(3, "active", None, None, 180),  # shorter than its cadence: none
        AccountPoint(4, "prospect", None, None, 30),  # not a running relationship
    ]
    held = [(1, date(2026, 7, 1)), (2, date(2026, 10, 20)), (2, date(2026, 11, 3)), (4, TODAY)]
    value, held_count, due = reviews_on_cadence(accounts, held, window)
    assert (held_count, due) == (2, 3)  # client 2's second review does not cover client 1
    assert value == pytest.approx(200 / 3)


def test_recommendations_accepted_leave_open_ones_out():
    items = [
        RecommendationPoint(1, date(2026, 11, 2), "accepted"),
        RecommendationPoint(1, date(2026, 11, 2), "done"),
        RecommendationPoint(1, date(2026, 11, 3), "declined"),
        RecommendationPoint(1, date(2026, 11, 4), "open"),
        RecommendationPoint(1, date(2026, 10, 4), "declined"),
    ]
    value, accepted, decided, still_open = recommendations_accepted(items, NOV)
    assert (accepted, decided, still_open) == (2, 3, 1)
    assert value == pytest.approx(200 / 3)


def test_improvements_realized_by_origin():
    items = [
        ImprovementPoint(1, "complaint", "realized", date(2026, 9, 1), date(2026, 11, 2)),
        ImprovementPoint(1, "review", "realized", date(2026, 9, 1), date(2026, 11, 3)),
        ImprovementPoint(1, "review", "realized", date(2026, 9, 1), date(2026, 11, 4)),
        ImprovementPoint(1, "review", "dropped", date(2026, 9, 1), date(2026, 11, 4)),
        ImprovementPoint(1, "review", "realized", date(2026, 9, 1), date(2026, 10, 4)),
    ]
    assert improvements_realized(items, NOV) == (3, {"complaint": 1, "review": 2})


def test_stakeholder_coverage_counts_key_people_met_in_the_window():
    key = [(1, 10), (1, 11), (2, 12)]
    met = [(10, date(2026, 11, 3)), (10, date(2026, 11, 4)), (12, date(2026, 10, 1)), (99, TODAY)]
    assert stakeholder_coverage(key, met, NOV) == (pytest.approx(100 / 3), 1, 3)
    assert stakeholder_coverage([], met, NOV) == (None, 0, 0)


def test_trust_level_is_the_mean_of_each_clients_newest_index():
    points = [
        TrustPoint(1, date(2026, 11, 2), 2.0),
        TrustPoint(1, date(2026, 11, 9), 3.0),
        TrustPoint(2, date(2026, 11, 3), 4.0),
        TrustPoint(3, date(2026, 10, 3), 1.0),
    ]
    assert trust_level(points, NOV) == (3.5, 2)


def test_tenure_is_the_median_of_running_relationships():
    accounts = [
        AccountPoint(1, "active", TODAY - timedelta(days=365 * 2), None, 90),
        AccountPoint(2, "active", TODAY - timedelta(days=365 * 4), None, 90),
        AccountPoint(3, "former", date(2016, 1, 1), date(2017, 1, 1), 90),  # 1 year
        AccountPoint(4, "prospect", TODAY - timedelta(days=10), None, 90),  # not counted
        AccountPoint(5, "active", None, None, 90),  # no start date
    ]
    value, count = tenure_years(accounts, TODAY)
    assert count == 3
    assert value == pytest.approx(730 / 365.25)


# --- the list ----------------------------------------------------------------------------


def _records() -> KpiRecords:
    return KpiRecords(
        measurements=(
            MeasuredPoint(1, "warranty", date(2026, 11, 1), MET),
            MeasuredPoint(1, "warranty", date(2026, 10, 1), MISSED),
            MeasuredPoint(1, "warranty", date(2026, 7, 1), MET),
            MeasuredPoint(1, "warranty", date(2026, 3, 1), MET),  # previous period
        ),
        complaints=((1, date(2026, 11, 3)), (1, date(2026, 11, 4)), (1, date(2026, 1, 4))),
        watermelons=2,
    )


def test_compute_kpis_compares_with_the_period_before():
    found = {k.key: k for k in compute_kpis(_records(), chosen=period("6m"), today=TODAY)}
    sla = found["sla"]
    assert sla.value == pytest.approx(200 / 3)
    assert sla.previous == 100.0
    assert (sla.arrow, sla.improving) == ("↓", False)
    assert sla.detail == "2 of 3 utility and warranty values met"
    assert sla.series == (None, 100.0, None, None, 0.0, 100.0)
    assert [m.month for m in sla.months] == [6, 7, 8, 9, 10, 11]
    complaints = found["complaints"]
    assert (complaints.value, complaints.previous, complaints.better) == (2.0, 1.0, LOWER)
    assert (complaints.arrow, complaints.improving) == ("↑", False)
    assert complaints.series == (0.0, 0.0, 0.0, 0.0, 0.0, 2.0)
    assert found["watermelons"].value == 2.0
    assert found["experience"].value is None
    assert found["experience"].detail == "no experience value measured"


def test_what_is_not_recorded_is_said_not_estimated():
    found = compute_kpis(KpiRecords(), chosen=period("3m"), today=TODAY)
    missing = [k for k in found if not k.recorded]
    assert [k.key for k in missing] == [
        "engagement",
        "response_time",
        "resolution",
        "value_realization",
        "maturity",
    ]
    assert all(k.value is None and k.arrow == "" for k in missing)
    assert format_kpi_value(missing[0], None) == "not recorded"
    assert "watermelons" not in {k.key for k in found}  # only in the portfolio view


def test_values_read_with_their_unit():
    assert format_kpi_value(Kpi("a", "g", "n", 92.4, unit="%"), 92.4) == "92%"
    assert format_kpi_value(Kpi("a", "g", "n", 3.46, unit="/5"), 3.46) == "3.5/5"
    assert format_kpi_value(Kpi("a", "g", "n", 71.0, unit="nps"), -12.0) == "-12"
    assert format_kpi_value(Kpi("a", "g", "n", 3.0), 3.0) == "3"
    assert format_kpi_value(Kpi("a", "g", "n", 2.71, unit="years"), 2.71) == "2.7 y"
    assert format_kpi_value(Kpi("a", "g", "n", None), None) == "–"
    steady = Kpi("a", "g", "n", 5.0, 5.0, better=HIGHER)
    assert (steady.arrow, steady.improving) == ("→", None)


# --- from the store -----------------------------------------------------------------------


def test_kpis_of_a_client_and_the_portfolio_from_the_store(store):
    client = new_client(store, "Brightwater")
    other = new_client(store, "Other")
    today = clock.today()
    periods = months_back(3)
    now = clock.now()
    with store.session() as session:
        sla = add_agreement(session, client)
        add_metric(session, sla, "Availability", target=99, values={p: 99.5 for p in periods})
        theirs = add_agreement(session, other)
        add_metric(session, theirs, "Availability", target=99, values={periods[-1]: 90})
        add_survey(session, client, periods[-1], 4)
        add_complaint(session, client, 3)
        add_complaint(session, other, 3)
        account = session.get(Account, client)
        assert account is not None
        org = account.organization_id
        person = Contact(organization_id=org, name="Key Person")
        session.add(person)
        session.flush()
        assert person.id is not None
        session.add(
            Stakeholder(
                account_id=client,
                contact_id=person.id,
                category="manager",
                influence=5,
                interest=4,
            )
        )
        met = Interaction(account_id=client, occurred_at=now - timedelta(days=5), kind="call")
        session.add(met)
        session.flush()
        assert met.id is not None
        session.add(InteractionAttendee(interaction_id=met.id, contact_id=person.id))
        session.add(ActionItem(account_id=client, text="Send it", due_date=today - timedelta(2)))
        review = ClientReview(
            account_id=client,
            scheduled_for=now - timedelta(days=10),
            status=ReviewStatus.HELD,
            held_at=now - timedelta(days=10),
        )
        session.add(review)
        session.flush()
        assert review.id is not None
        session.add(
            Recommendation(
                account_id=client,
                review_id=review.id,
                text="Weekend cover",
                status=RecommendationStatus.ACCEPTED,
            )
        )
        session.add(
            ImprovementItem(
                account_id=client,
                title="Done",
                origin="review",
                status="realized",
                raised_on=today - timedelta(days=40),
                closed_on=today - timedelta(days=2),
            )
        )
        session.commit()

        mine = {
            k.key: k
            for k in kpis(session=session, account_id=client, chosen=PERIODS[0], today=today)
        }
        everyone = {
            k.key: k for k in kpis(session=session, account_id=None, chosen=PERIODS[0], today=today)
        }
    assert mine["sla"].value == 100.0
    assert mine["satisfaction"].value == 80.0
    assert mine["complaints"].value == 1.0
    assert mine["coverage"].value == 100.0
    assert mine["actions"].value == 0.0
    assert mine["recommendations"].value == 100.0
    assert mine["improvements"].value == 1.0
    assert mine["improvements"].detail == "by origin: review 1"
    assert "watermelons" not in mine
    assert everyone["sla"].value == 75.0  # 3 of 4 values across both clients
    assert everyone["complaints"].value == 2.0
    assert everyone["watermelons"].value == 0.0


def test_archived_clients_are_left_out_of_the_portfolio(store):
    client = new_client(store, "Gone")
    with store.session() as session:
        add_complaint(session, client, 3)
        account = session.get(Account, client)
        assert account is not None
        account.archived_at = datetime(2026, 11, 1, tzinfo=UTC)
        session.add(account)
        session.commit()
        found = {
            k.key: k
            for k in kpis(session=session, account_id=None, chosen=PERIODS[0], today=clock.today())
        }
    assert found["complaints"].value == 0.0
