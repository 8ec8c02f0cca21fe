"""CSV import of measurements: the format, every kind of bad line, all or nothing, and
the new / replaced counts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from relwork.models import Measurement
from relwork.services import agreements, measurement_import
from relwork.services.clients import create_client, parse_client
from relwork.services.measurement_import import (
    ImportProblems,
    ImportResult,
    import_measurements,
    import_measurements_text,
    parse_period,
    read_csv_file,
)

TODAY = date(2026, 11, 20)


@pytest.fixture
def agreement(store) -> int:
    with store.session() as session:
        client = create_client(session=session, data=parse_client({"name": "Acme Hosting"}))
        agreement = agreements.create_agreement(
            session=session,
            account_id=client.id,
            data=agreements.parse_agreement({"title": "Hosting SLA"}),
        )
        for name, direction in (("Availability", "higher"), ("Restore time", "lower")):
            agreements.add_metric(
                session=session,
                agreement_id=agreement.id,
                data=agreements.parse_metric({"name": name, "target": "4", "direction": direction}),
            )
        return agreement.id


def _stored(store) -> list[tuple[str, date, float, str, str]]:
    from relwork.models import Metric

    with store.session() as session:
        rows = session.exec(
            select(Measurement, Metric)
            .join(Metric, col(Metric.id) == Measurement.metric_id)
            .order_by(col(Metric.name), col(Measurement.period_start))
        ).all()
    return [(m.name, r.period_start, r.value, r.note, r.source) for r, m in rows]


def _import(store, agreement_id: int, text: str) -> ImportResult:
    with store.session() as session:
        return import_measurements_text(
            session=session, agreement_id=agreement_id, text=text, today=TODAY
        )


def _problems(store, agreement_id: int, text: str) -> list[str]:
    with pytest.raises(ImportProblems) as caught:
        _import(store, agreement_id, text)
    return caught.value.problems


GOOD = """metric,period,value,note
Availability,2026-09,99.8,
availability,2026-10-01,99.9,after the fix
RESTORE TIME,2026-10,3.5,"two incidents, both overnight"
"""


def test_a_good_file_is_imported_with_notes(store, agreement):
    result = _import(store, agreement, GOOD)
    assert (result.new, result.replaced) == (3, 0)
    assert result.summary() == "Imported 3 values: 3 new, 0 replaced."
    assert _stored(store) == [
        ("Availability", date(2026, 9, 1), 99.8, "", "csv"),
        ("Availability", date(2026, 10, 1), 99.9, "after the fix", "csv"),
        ("Restore time", date(2026, 10, 1), 3.5, "two incidents, both overnight", "csv"),
    ]


def test_values_for_months_that_have_one_are_replaced_and_counted(store, agreement):
    _import(store, agreement, GOOD)
    result = _import(
        store,
        agreement,
        "Value,Metric,Period\n99.5,Availability,2026-10\n99.1,Availability,2026-08\n",
    )
    assert (result.new, result.replaced) == (1, 1)
    assert ("Availability", date(2026, 10, 1), 99.5, "after the fix", "csv") in _stored(store)
    assert len(_stored(store)) == 4


def test_a_header_row_is_required(store, agreement):
    assert _problems(store, agreement, "Availability,2026-10,99.9\n") == [
        "line 1: the first line must be the header metric,period,value (note is optional), "
        "not 'Availability,2026-10,99.9'"
    ]


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("metric,period", "line 1: the header has no value column"),
        ("metric,month,value", "line 1: unknown column 'month'"),
        ("metric,period,value,value", "line 1: column 'value' appears twice"),
        ("metric;period;value", "line 1: separate the columns with commas, not semicolons"),
    ],
)
def test_header_problems(store, agreement, header, problem):
    problems = _problems(store, agreement, f"{header}\nAvailability,2026-10,99.9\n")
    assert any(p.startswith(problem) for p in problems), problems


def test_every_bad_line_is_listed_and_nothing_is_imported(store, agreement):
    _import(store, agreement, "metric,period,value\nAvailability,2026-10,99.0\n")
    text = """metric,period,value,note
Availability,2026-09,99.8,fine
Availabilty,2026-10,99.9,
Availability,2026-13,99.9,

Availability,2026-07,abc,
Restore time,2026-10-15,3,
Restore time,2027-01,3,
Availability,2026-09,99.7,again
,2026-06,1,
Restore time,2026-06,,
Restore time,2026-05,1,note,extra
"""
    assert _problems(store, agreement, text) == [
        "line 3: unknown metric 'Availabilty' (did you mean 'Availability'?)",
        "line 4: period '2026-13' is not a month like 2026-10",
        "line 6: value 'abc' is not a number",
        "line 7: period '2026-10-15' is not the first of a month; write the month, e.g. 2026-10",
        "line 8: period '2027-01' has not started yet",
        "line 9: Availability for 2026-09 is already on line 2",
        "line 10: no metric named",
        "line 11: no value given",
        "line 12: expected 4 values, found 5",
    ]
    # the one value imported before is untouched, and the good line 2 was not written
    assert _stored(store) == [("Availability", date(2026, 10, 1), 99.0, "", "csv")]


def test_one_line_can_have_several_problems(store, agreement):
    assert _problems(store, agreement, "metric,period,value\nUptime,October,high\n") == [
        "line 2: unknown metric 'Uptime'; period 'October' is not a month like 2026-10; "
        "value 'high' is not a number"
    ]


def test_an_empty_file_or_one_without_values_is_refused(store, agreement):
    assert _problems(store, agreement, "") == [
        "the file is empty: it needs the header metric,period,value"
    ]
    assert _problems(store, agreement, "metric,period,value\n\n") == [
        "the file has a header but no values to import"
    ]


def test_an_agreement_without_metrics_has_nothing_to_import_into(store, agreement):
    with store.session() as session:
        other = agreements.create_agreement(
            session=session,
            account_id=1,
            data=agreements.parse_agreement({"title": "Empty"}),
        )
    assert "no metrics yet" in _problems(store, other.id, GOOD)[0]


def test_a_failure_while_writing_leaves_nothing_behind(store, agreement, monkeypatch):
    real = measurement_import.set_measurement
    calls = []

    def failing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(measurement_import, "set_measurement", failing)
    with pytest.raises(RuntimeError):
        _import(store, agreement, GOOD)
    assert _stored(store) == []


def test_periods():
    assert parse_period("2026-10") == date(2026, 10, 1)
    assert parse_period("2026-1") == date(2026, 1, 1)
    assert parse_period("2026-10-01", today=TODAY) == date(2026, 10, 1)
    assert parse_period("2026-11", today=TODAY) == date(2026, 11, 1)  # this month is fine
    for bad in ("2026-00", "26-10", "2026/10", "Oct 2026", ""):
        with pytest.raises(ValueError, match="is not a month like 2026-10"):
            parse_period(bad)


def test_reading_files(store, agreement, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(("\ufeff" + GOOD).encode("utf-8"))  # a spreadsheet's byte-order mark
    with store.session() as session:
        result = import_measurements(
            session=session, agreement_id=agreement, path=f" {good} ", today=TODAY
        )
    assert result.new == 3
    latin = tmp_path / "latin.csv"
    latin.write_bytes("metric,period,value\nDisponibilité,2026-10,1\n".encode("latin-1"))
    problems = {
        "missing": tmp_path / "missing.csv",
        "folder": tmp_path,
        "latin": latin,
    }
    messages = {}
    for key, path in problems.items():
        with pytest.raises(ImportProblems) as caught:
            read_csv_file(path)
        messages[key] = caught.value.problems[0]
    assert messages["missing"].endswith("does not exist; enter the path of a CSV file")
    assert messages["folder"].endswith("is a folder; enter the path of a CSV file")
    assert "is not UTF-8 text" in messages["latin"]
    with pytest.raises(ImportProblems, match="enter the path"):
        read_csv_file("  ")
