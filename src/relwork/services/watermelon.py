"""The watermelon warning: green outside (service targets met), red inside (the client
is unhappy or losing trust).

**Rule** (:func:`assess`, the only place it is decided): a client is flagged when its
service metrics (utility and warranty, newest value each) are mostly met — the share
met is at least ``green_share`` — *and* at least one of these holds:

- satisfaction fell by ``satisfaction_drop`` or more over the window (first month's
  mean against the latest month's), or the latest month's mean is under
  ``satisfaction_floor`` (CSAT and custom surveys, on a 5-point scale);
- trust, where assessed, is low (the newest index under ``trust_floor``) or fell by
  ``trust_drop`` or more since the previous assessment from the same perspective
  (only when the newest one falls inside the window);
- ``complaints`` or more complaints (interactions of kind "complaint") were logged in
  the last ``complaint_days`` days.

No measured service metric, or targets not mostly met, means no flag: the warning is
about a green report hiding trouble, not about missed targets (the scorecard shows
those). Every threshold comes from :class:`WatermelonThresholds`, which the settings
file can override (``[watermelon]``).

The inputs are read with plain SQL through a *reader* — ``Store.read`` on the
dashboard, the session's connection in the client workspace — so both places see the
same numbers and the dashboard needs no ORM. Importing this module loads no ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from relwork.services.scorecard import (
    SCORED_AGREEMENTS,
    SERVICE_CLASSES,
    metric_status,
    share_met,
)
from relwork.services.timestamps import stored, stored_datetime
from relwork.services.trust import load_item_sets, rounded

if TYPE_CHECKING:
    from sqlmodel import Session

    from relwork.db import Store

# plain SQL with :name parameters -> rows readable by column name (sqlite3.Row or mappings)
Reader = Callable[[str, Mapping[str, Any]], Sequence[Any]]

_SLACK = 1e-9
SATISFACTION_INSTRUMENTS = ("csat", "custom")
SATISFACTION_SCALE = 5.0  # every satisfaction score is shown on a 5-point scale


@dataclass(frozen=True)
class WatermelonThresholds:
    """When the warning fires. The settings file's ``[watermelon]`` table overrides
    any of these by name (see README)."""

    green_share: float = 0.8  # share of measured service metrics met, 0..1
    window_days: int = 180  # how far back satisfaction and trust changes are read
    satisfaction_drop: float = 0.5  # points on the 5-point scale
    satisfaction_floor: float = 3.0  # latest month's mean under this is a signal
    trust_floor: float = 2.5  # newest trust index under this is low
    trust_drop: float = 0.5  # fall since the previous assessment
    complaints: int = 2  # this many complaints in the complaint window
    complaint_days: int = 90

    @classmethod
    def from_settings(cls, overrides: Mapping[str, float | int] | None) -> WatermelonThresholds:
        """The defaults with the (already validated) settings applied."""
        known = {f.name: f.type for f in fields(cls)}
        chosen: dict[str, Any] = {}
        for key, value in (overrides or {}).items():
            if key in known:
                chosen[key] = int(value) if known[key] == "int" else float(value)
        return replace(cls(), **chosen)


@dataclass(frozen=True)
class SatisfactionPoint:
    """The mean satisfaction of one calendar month, on the 5-point scale."""

    month: date  # first day of the month
    mean: float
    responses: int


@dataclass(frozen=True)
class TrustReading:
    """The newest trust index and the one before it from the same perspective."""

    index: float
    taken_on: date
    previous: float | None = None
    previous_on: date | None = None


@dataclass(frozen=True)
class WatermelonInputs:
    """Everything the rule looks at for one client."""

    account_id: int
    statuses: tuple[str, ...] = ()  # newest status of each service metric
    satisfaction: tuple[SatisfactionPoint, ...] = ()  # months in the window, oldest first
    satisfaction_label: str = "CSAT"
    trust: TrustReading | None = None
    complaints: int = 0  # in the complaint window


@dataclass(frozen=True)
class WatermelonFlag:
    account_id: int
    green_share: float  # share of service (utility/warranty) metrics met
    evidence: tuple[str, ...]  # one plain sentence per signal

    def summary(self) -> str:
        """One line: "Service targets 100% met, yet: <evidence>; <evidence>"."""
        return f"Service targets {self.green_share:.0%} met, yet: " + "; ".join(self.evidence)


def assess(
    inputs: WatermelonInputs,
    thresholds: WatermelonThresholds | None = None,
    *,
    today: date | None = None,
) -> WatermelonFlag | None:
    """The watermelon rule (module docstring) for one client; None when not flagged.

    ``today`` limits the trust-fall signal to an assessment inside the window; without
    it any fall counts.
    """
    limits = thresholds or WatermelonThresholds()
    green = share_met(inputs.statuses)
    if green is None or green + _SLACK < limits.green_share:
        return None
    evidence = [
        *_satisfaction_signals(inputs, limits),
        *_trust_signals(inputs.trust, limits, today),
    ]
    if inputs.complaints >= limits.complaints:
        noun = "complaint" if inputs.complaints == 1 else "complaints"
        evidence.append(f"{inputs.complaints} {noun} in the last {limits.complaint_days} days")
    if not evidence:
        return None
    return WatermelonFlag(inputs.account_id, green, tuple(evidence))


def _satisfaction_signals(inputs: WatermelonInputs, limits: WatermelonThresholds) -> list[str]:
    series, label = inputs.satisfaction, inputs.satisfaction_label
    if not series:
        return []
    found = []
    first, last = series[0], series[-1]
    if len(series) > 1 and first.mean - last.mean + _SLACK >= limits.satisfaction_drop:
        months = _months_between(first.month, last.month)
        found.append(
            f"{label} fell from {first.mean:.1f} to {last.mean:.1f} over "
            f"{months} month{'s' if months != 1 else ''}"
        )
    if last.mean + _SLACK < limits.satisfaction_floor:
        found.append(
            f"Latest {label} ({last.month.strftime('%b %Y')}) is {last.mean:.1f}, "
            f"under the floor of {limits.satisfaction_floor:.1f}"
        )
    return found


def _trust_signals(
    trust: TrustReading | None, limits: WatermelonThresholds, today: date | None
) -> list[str]:
    if trust is None:
        return []
    found = []
    if rounded(trust.index) < limits.trust_floor:
        found.append(f"Trust index {trust.index:.1f} (low)")
    recent = today is None or (today - trust.taken_on).days < limits.window_days
    if (
        recent
        and trust.previous is not None
        and trust.previous - trust.index + _SLACK >= limits.trust_drop
    ):
        since = f" since {trust.previous_on.isoformat()}" if trust.previous_on else ""
        found.append(f"Trust index fell from {trust.previous:.1f} to {trust.index:.1f}{since}")
    return found


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


# --- reading the inputs ---------------------------------------------------------------

_SERVICE_SQL = f"""
SELECT g.account_id, m.target, m.tolerance, m.direction,
       (SELECT x.value FROM measurement x
         WHERE x.metric_id = m.id AND x.period_start <= :today
         ORDER BY x.period_start DESC LIMIT 1) AS latest
FROM metric m JOIN agreement g ON g.id = m.agreement_id
WHERE g.status IN ({", ".join(repr(s) for s in SCORED_AGREEMENTS)})
  AND m.metric_class IN ({", ".join(repr(c) for c in SERVICE_CLASSES)})
  AND (:account_id IS NULL OR g.account_id = :account_id)
"""

_SURVEY_SQL = f"""
SELECT account_id, instrument, score, scale_max, taken_on FROM survey_response
WHERE taken_on >= :start AND taken_on <= :today
  AND instrument IN ({", ".join(repr(i) for i in SATISFACTION_INSTRUMENTS)})
  AND account_id IN ({{accounts}})
"""

_COMPLAINT_SQL = """
SELECT account_id, occurred_at FROM interaction
WHERE account_id IN ({accounts}) AND occurred_at >= :start AND kind = 'complaint'
"""

_TRUST_SQL = """
SELECT id, account_id, taken_at, item_set, rater_perspective FROM trust_assessment
WHERE account_id IN ({accounts})
ORDER BY taken_at, id
"""


def gather(
    read: Reader,
    *,
    today: date,
    thresholds: WatermelonThresholds | None = None,
    account_id: int | None = None,
) -> dict[int, WatermelonInputs]:
    """The rule's inputs per client (one client with ``account_id``, else every client
    that has any service metric), read through ``read`` with a handful of queries."""
    limits = thresholds or WatermelonThresholds()
    params: dict[str, Any] = {"today": today.isoformat(), "account_id": account_id}
    statuses: dict[int, list[str]] = {}
    for row in read(_SERVICE_SQL, params):
        statuses.setdefault(row["account_id"], []).append(
            metric_status(
                row["latest"],
                target=row["target"],
                tolerance=row["tolerance"] or 0.0,
                direction=row["direction"],
            )
        )
    # only clients with service metrics can be flagged: the other queries stop there
    wanted = set(statuses) if account_id is None else {account_id}
    if not wanted:
        return {}
    accounts = ", ".join(str(int(client)) for client in sorted(wanted))
    surveys = _satisfaction(read, params, today, limits.window_days, accounts)
    complaints = _complaints(read, params, today, limits.complaint_days, accounts)
    trust = _trust(read, accounts)
    return {
        client: WatermelonInputs(
            account_id=client,
            statuses=tuple(statuses.get(client, ())),
            satisfaction=surveys.get(client, ((), ""))[0],
            satisfaction_label=surveys.get(client, ((), "CSAT"))[1] or "CSAT",
            trust=trust.get(client),
            complaints=complaints.get(client, 0),
        )
        for client in sorted(wanted)
    }


def window_start(today: date, days: int) -> date:
    """The first day of a window of ``days`` days that ends with ``today``."""
    return today - timedelta(days=days - 1)


def _satisfaction(
    read: Reader, params: dict[str, Any], today: date, days: int, accounts: str
) -> dict[int, tuple[tuple[SatisfactionPoint, ...], str]]:
    query = {**params, "start": window_start(today, days).isoformat()}
    months: dict[int, dict[date, list[float]]] = {}
    instruments: dict[int, set[str]] = {}
    for row in read(_SURVEY_SQL.format(accounts=accounts), query):
        if not row["scale_max"]:
            continue
        taken = date.fromisoformat(str(row["taken_on"])[:10])
        bucket = months.setdefault(row["account_id"], {}).setdefault(taken.replace(day=1), [])
        bucket.append(row["score"] / row["scale_max"] * SATISFACTION_SCALE)
        instruments.setdefault(row["account_id"], set()).add(row["instrument"])
    result = {}
    for client, by_month in months.items():
        points = tuple(
            SatisfactionPoint(month, sum(values) / len(values), len(values))
            for month, values in sorted(by_month.items())
        )
        label = "CSAT" if instruments[client] == {"csat"} else "Satisfaction"
        result[client] = (points, label)
    return result


def _complaints(
    read: Reader, params: dict[str, Any], today: date, days: int, accounts: str
) -> dict[int, int]:
    start = window_start(today, days)
    # one day of margin for time zones; the exact test is on the local date below
    moment = datetime.combine(start - timedelta(days=1), time.min, tzinfo=UTC)
    counts: dict[int, int] = {}
    for row in read(_COMPLAINT_SQL.format(accounts=accounts), {"start": stored(moment)}):
        when = stored_datetime(row["occurred_at"])
        if when is not None and start <= when.astimezone().date() <= today:
            counts[row["account_id"]] = counts.get(row["account_id"], 0) + 1
    return counts


def _trust(read: Reader, accounts: str) -> dict[int, TrustReading]:
    runs = read(_TRUST_SQL.format(accounts=accounts), {})
    chosen: dict[int, tuple[Mapping[str, Any], Mapping[str, Any] | None]] = {}
    by_client: dict[int, list[Mapping[str, Any]]] = {}
    for run in runs:
        by_client.setdefault(run["account_id"], []).append(run)
    for client, history in by_client.items():
        newest = history[-1]
        same = [r for r in history[:-1] if r["rater_perspective"] == newest["rater_perspective"]]
        chosen[client] = (newest, same[-1] if same else None)
    ids = sorted({r["id"] for pair in chosen.values() for r in pair if r is not None})
    if not ids:
        return {}
    ratings: dict[int, dict[str, int | None]] = {i: {} for i in ids}
    listed = ", ".join(str(int(i)) for i in ids)
    for row in read(
        "SELECT assessment_id, behaviour_key, score FROM trust_rating "
        f"WHERE assessment_id IN ({listed})",
        {},
    ):
        ratings[row["assessment_id"]][row["behaviour_key"]] = row["score"]
    item_sets = load_item_sets()[0]

    def index(run: Mapping[str, Any]) -> float | None:
        found = item_sets.get(run["item_set"])
        if found is None:
            return None
        try:
            return found.score(ratings[run["id"]]).overall
        except ValueError:  # a score edited outside relwork: leave the reading out
            return None

    result = {}
    for client, (newest, previous) in chosen.items():
        value = index(newest)
        if value is None:
            continue
        before = index(previous) if previous is not None else None
        result[client] = TrustReading(
            index=value,
            taken_on=_local_day(newest["taken_at"]),
            previous=before,
            previous_on=_local_day(previous["taken_at"]) if previous and before else None,
        )
    return result


def _local_day(value: Any) -> date:
    moment = stored_datetime(value)
    assert moment is not None
    return moment.astimezone().date()


# --- entry points ---------------------------------------------------------------------


def session_reader(session: Session) -> Reader:
    """A reader that runs plain SQL on the session's connection (same rows as Store.read)."""
    from sqlalchemy import text

    def read(sql: str, params: Mapping[str, Any]) -> Sequence[Any]:
        return list(session.execute(text(sql), dict(params)).mappings().all())

    return read


def watermelon(
    *,
    session: Session,
    account_id: int,
    today: date,
    thresholds: WatermelonThresholds | None = None,
) -> WatermelonFlag | None:
    """The warning for one client, or None when it is not flagged."""
    inputs = gather(
        session_reader(session), today=today, thresholds=thresholds, account_id=account_id
    )
    return assess(inputs[account_id], thresholds, today=today)


def watermelon_inputs(
    *,
    session: Session,
    account_id: int,
    today: date,
    thresholds: WatermelonThresholds | None = None,
) -> WatermelonInputs:
    """What the rule sees for one client (for screens that show the signals)."""
    return gather(
        session_reader(session), today=today, thresholds=thresholds, account_id=account_id
    )[account_id]


def watermelon_flags(
    store: Store, *, today: date, thresholds: WatermelonThresholds | None = None
) -> dict[int, WatermelonFlag]:
    """Every flagged client by account id, on the plain sqlite3 reader (no ORM)."""
    found = {}
    for client, inputs in gather(store.read, today=today, thresholds=thresholds).items():
        flag = assess(inputs, thresholds, today=today)
        if flag is not None:
            found[client] = flag
    return found
