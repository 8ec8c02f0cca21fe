"""Importing an agreement's measurements from a CSV file, all or nothing.

The file has a header row naming its columns, ``metric,period,value`` and optionally
``note``, in any order (the names are matched case-insensitively). Then one row per
value:

- ``metric``: the name of one of the agreement's metrics (case does not matter);
- ``period``: the month, as ``2026-10`` or ``2026-10-01`` (the first of the month);
- ``value``: a number with a dot for decimals (a trailing % is allowed);
- ``note``: optional free text (without a note column, a stored note stays).

Every line is checked before anything is written. If any line is wrong nothing is
imported and every problem is reported with its line number ("line 7: unknown metric
'Availabilty' (did you mean 'Availability'?)"). A metric and month given twice in the
file is a problem too. A value for a month that already has one replaces it; the
result says how many values were new and how many replaced existing ones. The writes
happen in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from pathlib import Path

from sqlmodel import Session

from relwork.models import Metric
from relwork.services.agreements import get_agreement
from relwork.services.form_values import parse_number
from relwork.services.measurements import get_measurement, month_start, set_measurement
from relwork.services.metrics import list_metrics
from relwork.text import clean, clean_line

REQUIRED = ("metric", "period", "value")
OPTIONAL = ("note",)
MAX_BYTES = 5_000_000
MAX_PROBLEMS_LISTED = 50  # a wholly wrong file would otherwise list thousands

_PERIOD = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")


class ImportProblems(ValueError):
    """The file cannot be imported; ``problems`` lists what to fix, line by line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportRow:
    line: int
    metric_id: int
    metric_name: str
    period: date
    value: float
    note: str | None  # None: the file has no note column, so a stored note stays


@dataclass(frozen=True)
class ImportResult:
    new: int
    replaced: int

    @property
    def total(self) -> int:
        return self.new + self.replaced

    def summary(self) -> str:
        """'Imported 12 values: 8 new, 4 replaced.'"""
        plural = "" if self.total == 1 else "s"
        return f"Imported {self.total} value{plural}: {self.new} new, {self.replaced} replaced."


def parse_period(text: str, *, today: date | None = None) -> date:
    """A month written as 2026-10 or 2026-10-01; raises ``ValueError`` saying what to fix.
    With ``today``, months after the current one are refused."""
    match = _PERIOD.match(text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"period '{text}' is not a month like 2026-10")
    year, month, day = int(match.group(1)), int(match.group(2)), match.group(3)
    if day is not None and int(day) != 1:
        raise ValueError(
            f"period '{text}' is not the first of a month; write the month, e.g. "
            f"{year:04d}-{month:02d}"
        )
    period = date(year, month, 1)
    if today is not None and period > month_start(today):
        raise ValueError(f"period '{text}' has not started yet")
    return period


def _header(row: list[str], line: int) -> tuple[dict[str, int], list[str]]:
    names = [clean_line(cell).casefold() for cell in row]
    if len(names) == 1 and ";" in names[0]:
        return {}, [f"line {line}: separate the columns with commas, not semicolons"]
    if not any(name in REQUIRED + OPTIONAL for name in names):
        shown = clean_line(",".join(row))[:60]
        return {}, [
            f"line {line}: the first line must be the header metric,period,value "
            f"(note is optional), not '{shown}'"
        ]
    problems: list[str] = []
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        if name not in REQUIRED + OPTIONAL:
            problems.append(
                f"line {line}: unknown column '{clean_line(row[index])}' "
                "(the columns are metric, period, value and optionally note)"
            )
        elif name in columns:
            problems.append(f"line {line}: column '{name}' appears twice")
        else:
            columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        problems.append(f"line {line}: the header has no {' or '.join(missing)} column")
    return columns, problems


def _metric_problem(name: str, metrics: dict[str, Metric]) -> str:
    if not name:
        return "no metric named"
    close = get_close_matches(name.casefold(), list(metrics), n=1, cutoff=0.6)
    hint = f" (did you mean '{metrics[close[0]].name}'?)" if close else ""
    return f"unknown metric '{name}'{hint}"


def check_rows(text: str, *, metrics: list[Metric], today: date) -> list[ImportRow]:
    """Every row of the CSV ``text`` checked against the agreement's ``metrics``.

    Pure (no database). Raises :class:`ImportProblems` listing every bad line."""
    by_name = {m.name.casefold(): m for m in metrics}
    reader = csv.reader(io.StringIO(clean(text).lstrip("\ufeff")))
    problems: list[str] = []
    rows: list[ImportRow] = []
    seen: dict[tuple[int, date], int] = {}
    columns: dict[str, int] | None = None
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if columns is None:
                columns, header_problems = _header(record, line)
                if header_problems:
                    raise ImportProblems(header_problems)
                continue
            row, problem = _row(record, line, columns, by_name, today)
            if problem:
                problems.append(f"line {line}: {problem}")
                continue
            assert row is not None
            key = (row.metric_id, row.period)
            if key in seen:
                problems.append(
                    f"line {line}: {row.metric_name} for {row.period:%Y-%m} is already "
                    f"on line {seen[key]}"
                )
                continue
            seen[key] = line
            rows.append(row)
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: the file is not valid CSV ({exc})")
    if columns is None:
        raise ImportProblems(["the file is empty: it needs the header metric,period,value"])
    if problems:
        if len(problems) > MAX_PROBLEMS_LISTED:
            hidden = len(problems) - MAX_PROBLEMS_LISTED
            problems = [*problems[:MAX_PROBLEMS_LISTED], f"… and {hidden} more problems"]
        raise ImportProblems(problems)
    if not rows:
        raise ImportProblems(["the file has a header but no values to import"])
    return rows


def _row(
    record: list[str],
    line: int,
    columns: dict[str, int],
    metrics: dict[str, Metric],
    today: date,
) -> tuple[ImportRow | None, str]:
    width = len(columns)
    if len(record) > width and any(cell.strip() for cell in record[width:]):
        return None, f"expected {width} values, found {len(record)}"
    cells = {name: clean_line(record[i]) if i < len(record) else "" for name, i in columns.items()}
    found: list[str] = []
    metric = metrics.get(cells["metric"].casefold())
    if metric is None or metric.id is None:
        found.append(_metric_problem(cells["metric"], metrics))
    period: date | None = None
    try:
        period = parse_period(cells["period"], today=today)
    except ValueError as exc:
        found.append(str(exc) if cells["period"] else "no period given")
    value: float | None = None
    try:
        value = parse_number(cells["value"])
        if value is None:
            found.append("no value given")
    except ValueError:
        found.append(f"value '{cells['value']}' is not a number")
    if found:
        return None, "; ".join(found)
    assert metric is not None and metric.id is not None and period and value is not None
    note = cells.get("note")  # None: no note column
    return ImportRow(line, metric.id, metric.name, period, value, note), ""


def read_csv_file(path: str | Path) -> str:
    """The text of the file at ``path`` (~ expanded); raises :class:`ImportProblems` if it
    cannot be read as UTF-8 text."""
    target = Path(str(path).strip()).expanduser()
    if not str(path).strip():
        raise ImportProblems(["enter the path of a CSV file"])
    if not target.is_file():
        what = "is a folder" if target.is_dir() else "does not exist"
        raise ImportProblems([f"{target} {what}; enter the path of a CSV file"])
    try:
        if target.stat().st_size > MAX_BYTES:
            raise ImportProblems([f"{target} is larger than 5 MB; split it into smaller files"])
        return target.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblems([f"{target} is not UTF-8 text; save it as CSV UTF-8"]) from None
    except OSError as exc:
        raise ImportProblems([f"{target} cannot be read: {exc.strerror}"]) from None


def import_measurements_text(
    *, session: Session, agreement_id: int, text: str, today: date
) -> ImportResult:
    """Import CSV ``text`` into the agreement's metrics, all or nothing."""
    get_agreement(session=session, agreement_id=agreement_id)
    metrics = list_metrics(session=session, agreement_id=agreement_id)
    if not metrics:
        raise ImportProblems(["this agreement has no metrics yet; add them before importing"])
    rows = check_rows(text, metrics=metrics, today=today)
    new = replaced = 0
    try:
        for row in rows:
            existing = get_measurement(session=session, metric_id=row.metric_id, period=row.period)
            if existing is None:
                new += 1
            else:
                replaced += 1
            set_measurement(
                session=session,
                metric_id=row.metric_id,
                period=row.period,
                value=row.value,
                note=row.note,
                source="csv",
                commit=False,
            )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return ImportResult(new=new, replaced=replaced)


def import_measurements(
    *, session: Session, agreement_id: int, path: str | Path, today: date
) -> ImportResult:
    """Import the CSV file at ``path`` (see the module docstring for the format)."""
    return import_measurements_text(
        session=session, agreement_id=agreement_id, text=read_csv_file(path), today=today
    )
