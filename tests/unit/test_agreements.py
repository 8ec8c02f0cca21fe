"""Agreements, metrics and the measurement grid: validation, storage, the formality hint
and the demo agreements."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from relwork.enums import AgreementStatus, RelationshipType
from relwork.models import Agreement, Measurement, Metric
from relwork.services import agreements as service
from relwork.services.agreement_demo import load_demo
from relwork.services.clients import create_client, list_clients, parse_client
from relwork.services.scorecard import metric_status, scorecard
from relwork.services.surveys import satisfaction_series
from relwork.services.validation import InvalidInput

TODAY = date(2026, 11, 20)  # the frozen clock's day


def _client(store, name: str = "Acme Hosting") -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": name})).id


def _agreement(store, client_id: int, **values) -> int:
    data = service.parse_agreement({"title": "Hosting SLA", **values})
    with store.session() as session:
        return service.create_agreement(session=session, account_id=client_id, data=data).id


def _metric(store, agreement_id: int, name: str = "Availability", **values) -> int:
    data = service.parse_metric({"name": name, "target": "99.5", **values})
    with store.session() as session:
        return service.add_metric(session=session, agreement_id=agreement_id, data=data).id


def _errors(parse, values) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        parse(values)
    return caught.value.errors


# --- agreement validation -------------------------------------------------------------------


def test_an_agreement_needs_a_title():
    errors = _errors(service.parse_agreement, {"title": "   "})
    assert "title" in errors and "Give the agreement a title" in errors["title"]


def test_an_end_before_the_start_is_refused_on_the_end_field():
    errors = _errors(
        service.parse_agreement,
        {"title": "SLA", "starts_on": "2026-05-01", "ends_on": "2026-01-31"},
    )
    assert errors == {
        "ends_on": "The end (2026-01-31) is before the start (2026-05-01); change one of them."
    }


@pytest.mark.parametrize("typed", ["abc", "0", "-30", "2.5", "90 days"])
def test_review_cadence_must_be_a_positive_whole_number(typed):
    errors = _errors(service.parse_agreement, {"title": "SLA", "review_cadence_days": typed})
    assert "positive whole number" in errors["review_cadence_days"]
    assert typed in errors["review_cadence_days"]


def test_every_problem_is_reported_at_once():
    errors = _errors(
        service.parse_agreement,
        {"title": "", "starts_on": "2026-02-30", "review_cadence_days": "x"},
    )
    assert set(errors) == {"title", "starts_on", "review_cadence_days"}
    errors = _errors(
        service.parse_agreement,
        {"title": "", "starts_on": "2026-05-01", "ends_on": "2026-01-31"},
    )
    assert set(errors) == {"title", "ends_on"}


def test_services_come_from_lines_or_commas_each_once():
    data = service.parse_agreement(
        {"title": "SLA", "services": "Service desk, Network\nservice desk\n\n  Backup ;Email"}
    )
    assert data.services == ["Service desk", "Network", "Backup", "Email"]
    assert service.parse_agreement({"title": "SLA", "services": ["A", " a ", "B"]}).services == [
        "A",
        "B",
    ]


def test_an_agreement_is_stored_and_edited(store):
    client_id = _client(store)
    agreement_id = _agreement(
        store,
        client_id,
        form="outcome_based",
        status="active",
        starts_on="2026-01-01",
        ends_on="2027-12-31",
        review_cadence_days="90",
        plain_summary="  We keep it running.  ",
        services="Hosting, Backup",
    )
    with store.session() as session:
        stored = session.get(Agreement, agreement_id)
        assert stored is not None
        assert (stored.form, stored.status, stored.services) == (
            "outcome_based",
            "active",
            ["Hosting", "Backup"],
        )
        assert stored.plain_summary == "We keep it running."
        values = service.agreement_form(stored)
        assert values["services"] == "Hosting\nBackup"
        values["title"] = "Hosting SLA v2"
        service.update_agreement(
            session=session, agreement_id=agreement_id, data=service.parse_agreement(values)
        )
    with store.session() as session:
        again = session.get(Agreement, agreement_id)
        assert again is not None and again.title == "Hosting SLA v2"
        assert again.services == ["Hosting", "Backup"]
        assert again.review_cadence_days == 90


def test_the_list_puts_agreements_in_force_first_and_counts_metrics(store):
    client_id = _client(store)
    draft = _agreement(store, client_id, title="Draft renewal", status="draft")
    active = _agreement(store, client_id, title="Current SLA", status="active")
    expired = _agreement(store, client_id, title="Old SLA", status="expired")
    _metric(store, active, "Availability")
    _metric(store, active, "Restore time", direction="lower", target="4")
    other_client = _client(store, "Other Ltd")
    _metric(store, _agreement(store, other_client, status="active"), "Availability")
    with store.session() as session:
        rows = service.list_agreements(session=session, account_id=client_id, today=TODAY)
    assert [(r.agreement.id, r.metric_count) for r in rows] == [
        (active, 2),
        (draft, 0),
        (expired, 0),
    ]


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "cadence", "status", "expected"),
    [
        (date(2026, 1, 1), None, 90, "active", date(2026, 12, 27)),  # 1 Jan + 4 x 90 days
        (date(2026, 8, 22), None, 90, "active", date(2026, 11, 20)),  # due today
        (date(2027, 1, 1), None, 30, "agreed", date(2027, 1, 31)),  # not started yet
        (date(2026, 1, 1), date(2026, 12, 1), 90, "active", date(2026, 12, 1)),  # end first
        (date(2026, 1, 1), date(2026, 11, 1), 90, "active", None),  # already ended
        (date(2026, 1, 1), None, None, "active", None),  # no cadence
        (date(2026, 1, 1), None, 90, "terminated", None),
    ],
)
def test_next_review_follows_the_cadence_from_the_start(
    starts_on, ends_on, cadence, status, expected
):
    agreement = Agreement(
        account_id=1,
        title="SLA",
        starts_on=starts_on,
        ends_on=ends_on,
        review_cadence_days=cadence,
        status=AgreementStatus(status),
    )
    assert service.next_review(agreement, TODAY) == expected


def test_removing_an_agreement_removes_its_metrics_and_values(store):
    client_id = _client(store)
    agreement_id = _agreement(store, client_id)
    metric_id = _metric(store, agreement_id)
    keep = _metric(store, _agreement(store, client_id, title="Other"), "Availability")
    with store.session() as session:
        for metric in (metric_id, keep):
            service.set_measurement(
                session=session, metric_id=metric, period=date(2026, 10, 1), value=99.9
            )
        service.delete_agreement(session=session, agreement_id=agreement_id)
    with store.session() as session:
        assert session.get(Agreement, agreement_id) is None
        assert session.get(Metric, metric_id) is None
        assert [m.metric_id for m in session.exec(select(Measurement)).all()] == [keep]


# --- formality hint ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "kind", "expected"),
    [
        (None, "partnership", "No trust assessment yet"),
        (2.44, "partnership", "Trust is low (2.4)"),
        (2.5, "basic", "Trust is moderate (2.5)"),
        (3.5, "partnership", "Trust is moderate (3.5)"),
        (3.6, "cooperative", "consider outcome-based terms"),
        (4.2, "partnership", "consider outcome-based terms"),
        (4.2, "basic", "standard terms"),
    ],
)
def test_formality_mirrors_trust(index, kind, expected):
    assert expected in service.formality_hint(index, RelationshipType(kind))


def test_the_low_trust_hint_asks_for_detail():
    assert "in detail" in service.formality_hint(1.8, "cooperative")


def test_the_hint_uses_the_clients_newest_trust_and_type(demo_store):
    with demo_store.session() as session:
        ids = {c.name: c.id for c in list_clients(session=session)}
        tidewell = service.agreement_formality_hint(
            session=session, account_id=ids["Tidewell Freight"]
        )
        copperleaf = service.agreement_formality_hint(
            session=session, account_id=ids["Copperleaf Home Stores"]
        )
        index = service.latest_trust_index(session=session, account_id=ids["Tidewell Freight"])
    assert index is not None and index > 3.5
    assert "outcome-based" in tidewell  # high trust, cooperative
    assert "No trust assessment yet" in copperleaf


# --- metrics -----------------------------------------------------------------------------------


def test_metric_validation_says_what_to_fix():
    errors = _errors(
        service.parse_metric,
        {"name": "", "target": "ninety", "tolerance": "-1", "metric_class": ""},
    )
    assert errors["name"] == "Name the metric, e.g. 'Availability'."
    assert "'ninety' is not a number" in errors["target"]
    assert "0 or more" in errors["tolerance"]
    assert errors["metric_class"] == "Choose one."
    assert (
        "Enter the target" in _errors(service.parse_metric, {"name": "A", "target": ""})["target"]
    )


def test_metric_numbers_accept_percent_and_refuse_a_decimal_comma():
    data = service.parse_metric({"name": "A", "target": "99.5%", "tolerance": ""})
    assert (data.target, data.tolerance) == (99.5, 0.0)
    assert "use a dot" in _errors(service.parse_metric, {"name": "A", "target": "99,5"})["target"]


def test_metric_names_are_unique_within_an_agreement(store):
    client_id = _client(store)
    agreement_id = _agreement(store, client_id)
    first = _metric(store, agreement_id, "Availability")
    with pytest.raises(InvalidInput) as caught:
        _metric(store, agreement_id, "AVAILABILITY")
    assert caught.value.errors == {
        "name": "This agreement already has a metric called 'Availability'."
    }
    _metric(store, _agreement(store, client_id, title="Other"), "Availability")  # elsewhere: fine
    with store.session() as session:
        metric = service.update_metric(
            session=session,
            metric_id=first,
            data=service.parse_metric(
                {"name": "availability", "target": "99.9", "direction": "higher"}
            ),
        )
    assert (metric.name, metric.target) == ("availability", 99.9)


def test_metrics_keep_the_order_they_were_added_and_can_be_removed(store):
    agreement_id = _agreement(store, _client(store))
    ids = [_metric(store, agreement_id, name) for name in ("B", "A", "C")]
    with store.session() as session:
        service.set_measurement(
            session=session, metric_id=ids[0], period=date(2026, 9, 1), value=1.0
        )
        service.delete_metric(session=session, metric_id=ids[0])
        assert [
            m.name for m in service.list_metrics(session=session, agreement_id=agreement_id)
        ] == [
            "A",
            "C",
        ]
        assert session.exec(select(Measurement)).all() == []


def test_target_text_shows_direction_and_unit(store):
    assert service.target_text(Metric(agreement_id=1, name="A", target=99.5, unit="%")) == "≥ 99.5%"
    lower = Metric(agreement_id=1, name="B", target=4, unit="h", direction="lower")
    assert service.target_text(lower) == "≤ 4 h"


# --- months and the grid ---------------------------------------------------------------------


def test_months_roll_over_the_year():
    assert service.add_months(date(2026, 11, 20), 2) == date(2027, 1, 1)
    assert service.add_months(date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert service.grid_periods(last=date(2026, 2, 14), count=3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_typing_in_the_grid_saves_replaces_and_clears(store):
    agreement_id = _agreement(store, _client(store))
    metric_id = _metric(store, agreement_id)
    october = date(2026, 10, 1)
    with store.session() as session:
        service.record_typed_value(
            session=session, metric_id=metric_id, period=date(2026, 10, 17), text="99.7"
        )
        service.record_typed_value(
            session=session, metric_id=metric_id, period=october, text="99.9 %"
        )
        rows = session.exec(select(Measurement)).all()
        assert [(m.period_start, m.value, m.source) for m in rows] == [(october, 99.9, "manual")]
        with pytest.raises(ValueError, match="'n/a' is not a number"):
            service.record_typed_value(
                session=session, metric_id=metric_id, period=october, text="n/a"
            )
        assert (
            service.get_measurement(session=session, metric_id=metric_id, period=october).value
            == 99.9
        )
        assert (
            service.record_typed_value(
                session=session, metric_id=metric_id, period=october, text=" "
            )
            is None
        )
        assert session.exec(select(Measurement)).all() == []
        # clearing an empty cell is harmless
        service.record_typed_value(session=session, metric_id=metric_id, period=october, text="")
        with pytest.raises(ValueError, match="Dec 2026 has not begun"):
            service.record_typed_value(
                session=session,
                metric_id=metric_id,
                period=date(2026, 12, 1),
                text="99",
                today=TODAY,
            )
        assert session.exec(select(Measurement)).all() == []


def test_the_grid_lines_values_up_with_its_months(store):
    agreement_id = _agreement(store, _client(store))
    first = _metric(store, agreement_id, "Availability")
    second = _metric(store, agreement_id, "Restore time", direction="lower", target="4")
    with store.session() as session:
        for metric_id, period, value in [
            (first, date(2026, 9, 1), 99.8),
            (first, date(2026, 11, 1), 99.6),
            (second, date(2026, 10, 1), 3.5),
            (second, date(2026, 4, 1), 9.0),  # outside the window
        ]:
            service.set_measurement(
                session=session, metric_id=metric_id, period=period, value=value
            )
        grid = service.measurement_grid(
            session=session,
            agreement_id=agreement_id,
            periods=service.grid_periods(last=TODAY, count=3),
        )
        latest = service.latest_measurements(session=session, agreement_id=agreement_id)
    assert grid.periods == (date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1))
    assert [(r.metric.name, r.values) for r in grid.rows] == [
        ("Availability", (99.8, None, 99.6)),
        ("Restore time", (None, 3.5, None)),
    ]
    assert {k: (m.period_start, m.value) for k, m in latest.items()} == {
        first: (date(2026, 11, 1), 99.6),
        second: (date(2026, 10, 1), 3.5),
    }


@pytest.mark.parametrize("text", ["1,5", "abc", "--1", "1e999", "nan"])
def test_parse_number_refuses_what_is_not_a_plain_number(text):
    with pytest.raises(ValueError):
        service.parse_number(text)


def test_format_number_drops_needless_decimals():
    assert [service.format_number(v) for v in (99.5, 4.0, 0.25, 1 / 3, -0.0, None)] == [
        "99.5",
        "4",
        "0.25",
        "0.3333",
        "0",
        "–",
    ]


# --- demo ---------------------------------------------------------------------------------------


def _demo_ids(store) -> dict[str, int]:
    with store.session() as session:
        return {c.name: c.id for c in list_clients(session=session)}


@pytest.mark.parametrize(
    "name",
    [
        "Tidewell Freight",
        "Fenmarsh Community Health Trust",
        "Linnmouth University",
        "Copperleaf Home Stores",
    ],
)
def test_demo_agreements_have_metrics_with_six_months_of_values(demo_store, name):
    client_id = _demo_ids(demo_store)[name]
    with demo_store.session() as session:
        rows = service.list_agreements(session=session, account_id=client_id, today=TODAY)
        main = rows[0].agreement
        assert main.status == "active"
        assert 3 <= rows[0].metric_count <= 5
        grid = service.measurement_grid(
            session=session,
            agreement_id=main.id,
            periods=service.grid_periods(last=service.add_months(TODAY, -1)),
        )
    for row in grid.rows:
        assert None not in row.values, row.metric.name


def test_copperleaf_is_the_watermelon(demo_store):
    client_id = _demo_ids(demo_store)["Copperleaf Home Stores"]
    with demo_store.session() as session:
        agreement = service.list_agreements(session=session, account_id=client_id, today=TODAY)[0]
        grid = service.measurement_grid(
            session=session,
            agreement_id=agreement.agreement.id,
            periods=service.grid_periods(last=service.add_months(TODAY, -1)),
        )
        csat = satisfaction_series(
            session=session, account_id=client_id, instrument="csat", months=6, today=TODAY
        )
    statuses = {
        metric_status(
            v, target=r.metric.target, tolerance=r.metric.tolerance, direction=r.metric.direction
        )
        for r in grid.rows
        for v in r.values
    }
    assert statuses == {"met"}  # every SLA metric, every month
    assert {r.metric.metric_class for r in grid.rows} <= {"utility", "warranty"}
    values = [value for _, value in csat]
    assert len(values) == 6
    assert values == sorted(values, reverse=True)
    assert values[0] == pytest.approx(4.5) and values[-1] == pytest.approx(2.7)


def test_the_demo_scorecard_shows_every_state(demo_store):
    ids = _demo_ids(demo_store)
    with demo_store.session() as session:
        tidewell = scorecard(session=session, account_id=ids["Tidewell Freight"], today=TODAY)
        fenmarsh_rows = service.list_agreements(
            session=session, account_id=ids["Fenmarsh Community Health Trust"], today=TODAY
        )
    assert sorted(r.status for r in tidewell) == ["at_risk", "met", "met", "missed"]
    negotiating = [r for r in fenmarsh_rows if r.agreement.status == "negotiating"]
    assert negotiating and negotiating[0].metric_count == 2  # metrics with no data yet


def test_demo_data_errors_name_the_entry(store, tmp_path):
    from relwork.services.clients import get_client
    from relwork.services.demo import DemoDataError, DemoPortfolio

    client_id = _client(store)
    with store.session() as session:
        name = get_client(session=session, client_id=client_id).name
    portfolio = DemoPortfolio(
        now=__import__("relwork.clock", fromlist=["now"]).now(),
        accounts={name: client_id},
        contacts={name: {}},
    )
    bad = tmp_path / "agreements.toml"
    bad.write_text(
        f'[[agreement]]\nclient = "{name}"\ntitle = "SLA"\ncolour = "red"\n', encoding="utf-8"
    )
    with (
        store.session() as session,
        pytest.raises(DemoDataError, match="agreement 1: unknown field"),
    ):
        load_demo(session=session, portfolio=portfolio, source=bad)
    bad.write_text(
        f'[[survey]]\nclient = "{name}"\nmonths_ago = 1\ninstrument = "csat"\n'
        'responses = [{ contact = "zed", score = 4 }]\n',
        encoding="utf-8",
    )
    with store.session() as session, pytest.raises(DemoDataError, match="'zed' is not a contact"):
        load_demo(session=session, portfolio=portfolio, source=bad)


def test_every_client_in_the_demo_agreements_exists_in_the_demo():
    import tomllib

    from relwork.locations import shipped_data_dir

    root = shipped_data_dir()
    clients = {c["name"] for c in tomllib.loads((root / "demo.toml").read_text())["client"]}
    ours = tomllib.loads((root / "demo" / "agreements.toml").read_text())
    named = {e["client"] for e in ours["agreement"]} | {e["client"] for e in ours["survey"]}
    assert named <= clients, named - clients
