"""The watermelon rule: each signal on its own, none, targets not green, no data; its
thresholds from the settings file; and the same answer from the dashboard's plain
reader and the workspace's session."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta

import pytest

from relwork import clock
from relwork.config import _WATERMELON, load_settings
from relwork.enums import MetricDirection, RaterPerspective
from relwork.services.scorecard import AT_RISK, MET, MISSED, NO_DATA
from relwork.services.trust import DEFAULT_SET, load_item_sets, save_assessment
from relwork.services.watermelon import (
    SatisfactionPoint,
    TrustReading,
    WatermelonFlag,
    WatermelonInputs,
    WatermelonThresholds,
    assess,
    watermelon,
    watermelon_flags,
    watermelon_inputs,
)
from tests.unit.test_scorecard import (
    add_agreement,
    add_complaint,
    add_metric,
    add_survey,
    months_back,
    new_client,
)

TODAY = date(2026, 11, 20)
GREEN = (MET, MET, MET, MET, AT_RISK)  # 80% met: exactly the default share


def _steady(mean: float = 4.4) -> tuple[SatisfactionPoint, ...]:
    return (
        SatisfactionPoint(date(2026, 6, 1), mean, 3),
        SatisfactionPoint(date(2026, 11, 1), mean, 2),
    )


def _inputs(**changes) -> WatermelonInputs:
    values = dict(account_id=7, statuses=GREEN, satisfaction=_steady(), complaints=0)
    values.update(changes)
    return WatermelonInputs(**values)


# --- the rule -------------------------------------------------------------------------------


def test_green_and_nothing_wrong_is_not_flagged():
    assert assess(_inputs(), today=TODAY) is None


def test_falling_satisfaction_alone_flags():
    falling = (
        SatisfactionPoint(date(2026, 6, 1), 4.5, 3),
        SatisfactionPoint(date(2026, 8, 1), 3.9, 2),
        SatisfactionPoint(date(2026, 11, 1), 4.0, 2),  # exactly 0.5 below the first month
    )
    flag = assess(_inputs(satisfaction=falling), today=TODAY)
    assert flag == WatermelonFlag(7, 0.8, ("CSAT fell from 4.5 to 4.0 over 5 months",))


def test_a_small_dip_is_not_a_fall():
    dipping = (
        SatisfactionPoint(date(2026, 9, 1), 4.5, 1),
        SatisfactionPoint(date(2026, 11, 1), 4.1, 1),
    )
    assert assess(_inputs(satisfaction=dipping), today=TODAY) is None


def test_satisfaction_under_the_floor_alone_flags():
    flag = assess(_inputs(satisfaction=_steady(2.9), satisfaction_label="Satisfaction"))
    assert flag is not None
    assert flag.evidence == ("Latest Satisfaction (Nov 2026) is 2.9, under the floor of 3.0",)
    assert assess(_inputs(satisfaction=_steady(3.0))) is None  # on the floor is not under it


def test_low_trust_alone_flags():
    trust = TrustReading(index=2.3, taken_on=date(2026, 10, 1))
    flag = assess(_inputs(trust=trust), today=TODAY)
    assert flag is not None and flag.evidence == ("Trust index 2.3 (low)",)
    # 2.496 rounds to 2.50, the edge of the low band, and so is not low
    assert assess(_inputs(trust=TrustReading(2.496, date(2026, 10, 1))), today=TODAY) is None


def test_falling_trust_alone_flags_while_recent():
    trust = TrustReading(
        index=3.0, taken_on=date(2026, 10, 1), previous=3.6, previous_on=date(2026, 4, 2)
    )
    flag = assess(_inputs(trust=trust), today=TODAY)
    assert flag is not None
    assert flag.evidence == ("Trust index fell from 3.6 to 3.0 since 2026-04-02",)
    stale = TrustReading(3.0, date(2025, 10, 1), previous=3.6, previous_on=date(2025, 4, 2))
    assert assess(_inputs(trust=stale), today=TODAY) is None
    steady = TrustReading(3.0, date(2026, 10, 1), previous=3.4, previous_on=date(2026, 4, 2))
    assert assess(_inputs(trust=steady), today=TODAY) is None


def test_complaints_alone_flag_from_the_threshold():
    assert assess(_inputs(complaints=1), today=TODAY) is None
    flag = assess(_inputs(complaints=2), today=TODAY)
    assert flag is not None and flag.evidence == ("2 complaints in the last 90 days",)


def test_every_signal_is_listed_in_order():
    falling = (
        SatisfactionPoint(date(2026, 6, 1), 4.5, 4),
        SatisfactionPoint(date(2026, 11, 1), 2.7, 3),
    )
    flag = assess(
        _inputs(
            statuses=(MET, MET, MET),
            satisfaction=falling,
            trust=TrustReading(2.0, date(2026, 11, 2)),
            complaints=3,
        ),
        today=TODAY,
    )
    assert flag is not None
    assert flag.green_share == 1.0
    assert flag.evidence == (
        "CSAT fell from 4.5 to 2.7 over 5 months",
        "Latest CSAT (Nov 2026) is 2.7, under the floor of 3.0",
        "Trust index 2.0 (low)",
        "3 complaints in the last 90 days",
    )
    assert flag.summary().startswith("Service targets 100% met, yet: CSAT fell")


def test_targets_not_mostly_met_are_not_a_watermelon():
    unhappy = dict(satisfaction=_steady(2.0), complaints=5)
    assert assess(_inputs(statuses=(MET, MET, MET, AT_RISK, MISSED), **unhappy)) is None
    assert assess(_inputs(statuses=(MET, MET, MET, MET, AT_RISK), **unhappy)) is not None


def test_no_measured_service_metric_is_no_flag():
    unhappy = dict(satisfaction=_steady(2.0), complaints=5)
    assert assess(_inputs(statuses=(), **unhappy)) is None
    assert assess(_inputs(statuses=(NO_DATA, NO_DATA), **unhappy)) is None
    # metrics without data are left out of the share
    assert assess(_inputs(statuses=(MET, NO_DATA, NO_DATA), **unhappy)) is not None


def test_no_satisfaction_trust_or_complaints_is_no_flag():
    assert assess(_inputs(satisfaction=(), trust=None, complaints=0)) is None


def test_thresholds_change_the_outcome():
    strict = WatermelonThresholds(green_share=1.0, complaints=1, complaint_days=30)
    assert assess(_inputs(complaints=1), strict) is None  # 80% met is not green enough
    flag = assess(_inputs(statuses=(MET,), complaints=1), strict)
    assert flag is not None and flag.evidence == ("1 complaint in the last 30 days",)


# --- thresholds from the settings file ----------------------------------------------------------


def test_settings_keys_are_the_thresholds():
    assert set(_WATERMELON) == {f.name for f in fields(WatermelonThresholds)}


def test_watermelon_settings_are_read_and_checked(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        "[watermelon]\n"
        "green_share = 0.9\n"
        "complaints = 3\n"
        "satisfaction_floor = 3\n"
        "trust_drop = 9.0\n"
        "complaint_days = 45.5\n"
        "colour = 'green'\n",
        encoding="utf-8",
    )
    settings = load_settings(path)
    assert settings.watermelon == {"green_share": 0.9, "complaints": 3, "satisfaction_floor": 3}
    assert settings.problems == [
        f"Setting 'watermelon.trust_drop' in {path} must be a number from 0.1 to 4; "
        "the default is used.",
        f"Setting 'watermelon.complaint_days' in {path} must be a whole number from 7 to 730; "
        "the default is used.",
        f"Unknown setting 'watermelon.colour' in {path} (known: {', '.join(_WATERMELON)})",
    ]
    thresholds = WatermelonThresholds.from_settings(settings.watermelon)
    assert thresholds == WatermelonThresholds(green_share=0.9, complaints=3, satisfaction_floor=3.0)
    assert isinstance(thresholds.complaints, int)


def test_a_watermelon_setting_that_is_not_a_table_is_reported(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("watermelon = 3\n", encoding="utf-8")
    settings = load_settings(path)
    assert settings.watermelon == {}
    assert settings.problems == [
        f"'watermelon' in {path} must be a table, [watermelon]; defaults used."
    ]


# --- from the store -----------------------------------------------------------------------------


def _watermelon_client(store, name: str = "Copperleaf") -> int:
    """Green targets, CSAT falling from 4.5 to 2.7 over five months, three complaints."""
    client = new_client(store, name)
    periods = months_back(6)
    with store.session() as session:
        sla = add_agreement(session, client)
        add_metric(session, sla, "Availability", target=99.5, values={p: 99.8 for p in periods})
        add_metric(
            session,
            sla,
            "Fix time",
            target=4,
            direction=MetricDirection.LOWER,
            unit="h",
            values={periods[-1]: 3.0},
        )
        for period, score in zip(periods, [4.5, 4.2, 3.8, 3.4, 3.0, 2.7], strict=True):
            add_survey(session, client, period + timedelta(days=9), score)
        add_survey(
            session, client, periods[-1] + timedelta(days=3), 8, instrument="nps", scale_max=10
        )
        for days in (5, 40, 85):
            add_complaint(session, client, days)
        add_complaint(session, client, 95)  # outside the 90 days
        session.commit()
    return client


def test_the_session_and_the_fast_reader_agree(store):
    client = _watermelon_client(store)
    calm = new_client(store, "Calm Client")
    with store.session() as session:
        sla = add_agreement(session, calm)
        add_metric(session, sla, "Availability", target=99, values={months_back(1)[0]: 99.5})
        session.commit()
    today = clock.today()
    with store.session() as session:
        flag = watermelon(session=session, account_id=client, today=today)
        inputs = watermelon_inputs(session=session, account_id=client, today=today)
        assert watermelon(session=session, account_id=calm, today=today) is None
    assert flag is not None
    assert flag.green_share == 1.0
    assert flag.evidence == (
        "CSAT fell from 4.5 to 2.7 over 5 months",
        "Latest CSAT (Nov 2026) is 2.7, under the floor of 3.0",
        "3 complaints in the last 90 days",
    )
    assert inputs.statuses == (MET, MET)
    assert [round(p.mean, 1) for p in inputs.satisfaction] == [4.5, 4.2, 3.8, 3.4, 3.0, 2.7]
    assert watermelon_flags(store, today=today) == {client: flag}


def test_trust_from_the_store_counts(store, tmp_path):
    client = new_client(store)
    with store.session() as session:
        sla = add_agreement(session, client)
        add_metric(session, sla, "Availability", target=99, values={months_back(1)[0]: 99.5})
        session.commit()
    item_set = load_item_sets(tmp_path / "none")[0][DEFAULT_SET]
    keys = [item.key for item in item_set.items]
    now = clock.now()
    with store.session() as session:
        for days, value in ((200, 4), (60, 2)):
            save_assessment(
                session=session,
                client_id=client,
                item_set=item_set,
                ratings={key: (value, "") for key in keys},
                perspective=RaterPerspective.PROVIDER_SELF,
                taken_at=now - timedelta(days=days),
            )
        flag = watermelon(session=session, account_id=client, today=clock.today())
    assert flag is not None
    since = (now - timedelta(days=200)).date().isoformat()
    assert flag.evidence == (
        "Trust index 2.0 (low)",
        f"Trust index fell from 4.0 to 2.0 since {since}",
    )
    assert watermelon_flags(store, today=clock.today()) == {client: flag}


def test_drafts_and_other_instruments_do_not_count(store):
    client = new_client(store)
    periods = months_back(3)
    with store.session() as session:
        from relwork.enums import AgreementStatus

        draft = add_agreement(session, client, status=AgreementStatus.DRAFT)
        add_metric(session, draft, "Availability", target=99, values={periods[-1]: 99.5})
        add_survey(session, client, periods[0], 1, instrument="nps", scale_max=10)
        add_complaint(session, client, 3)
        add_complaint(session, client, 4)
        session.commit()
        assert watermelon(session=session, account_id=client, today=clock.today()) is None
    assert watermelon_flags(store, today=clock.today()) == {}


@pytest.mark.parametrize("score_scale", [(9.0, 10.0), (4.5, 5.0)])
def test_custom_surveys_are_put_on_the_five_point_scale(store, score_scale):
    client = new_client(store)
    periods = months_back(2)
    score, scale = score_scale
    with store.session() as session:
        sla = add_agreement(session, client)
        add_metric(session, sla, "Availability", target=99, values={periods[-1]: 99.5})
        add_survey(session, client, periods[0], score, instrument="custom", scale_max=scale)
        add_survey(session, client, periods[1], score / 2, instrument="custom", scale_max=scale)
        session.commit()
        flag = watermelon(session=session, account_id=client, today=clock.today())
    assert flag is not None
    assert flag.evidence[0] == "Satisfaction fell from 4.5 to 2.2 over 1 month"


def test_the_demo_copperleaf_stores_are_a_watermelon(demo_store):
    names = {
        row["name"]: row["id"]
        for row in demo_store.read(
            "SELECT a.id, o.name FROM account a JOIN organization o ON o.id = a.organization_id"
        )
    }
    flags = watermelon_flags(demo_store, today=clock.today())
    flag = flags.get(names["Copperleaf Home Stores"])
    assert flag is not None
    assert flag.green_share == 1.0
    assert "CSAT fell from 4.5 to 2.7 over 5 months" in flag.evidence
    assert "3 complaints in the last 90 days" in flag.evidence
    assert names["Tidewell Freight"] not in flags  # its targets are not mostly met
