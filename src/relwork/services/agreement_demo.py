"""The demo agreements, metrics, measurements and surveys (``data/demo/agreements.toml``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from relwork.models import Agreement, Measurement, Metric
from relwork.services.agreements import agreement_columns, parse_agreement
from relwork.services.measurements import add_months
from relwork.services.metrics import metric_columns, parse_metric

_DEMO_AGREEMENT_KEYS = {
    "client", "title", "form", "status", "start_days_ago", "start_in_days", "end_in_days",
    "review_cadence_days", "plain_summary", "services", "metric",
}  # fmt: skip
_DEMO_METRIC_KEYS = {"name", "class", "unit", "direction", "target", "tolerance", "values"}
_DEMO_SURVEY_KEYS = {"client", "months_ago", "day", "instrument", "scale_max", "responses"}
_DEMO_RESPONSE_KEYS = {"contact", "score", "comment"}


def load_demo(*, session: Session, portfolio: Any, source: Any = None) -> None:
    """Write the demo agreements, measurements and surveys (``data/demo/agreements.toml``).

    A demo extension (see :data:`relwork.services.demo.DEMO_EXTENSIONS`): periods and
    dates are relative to ``portfolio.now``. A wrong name or field raises
    ``DemoDataError`` naming the entry."""
    import tomllib
    from pathlib import Path

    from relwork.locations import shipped_data_dir

    path = Path(source) if source else shipped_data_dir() / "demo" / "agreements.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    today: date = portfolio.now.date()
    # a client missing from the portfolio (a smaller demo file was loaded) is skipped;
    # tests check that every client named here is in the shipped demo
    for index, entry in enumerate(raw.get("agreement", []), start=1):
        if entry.get("client") in portfolio.accounts:
            _demo_agreement(session, portfolio, entry, today, f"agreement {index}")
    for index, entry in enumerate(raw.get("survey", []), start=1):
        if entry.get("client") in portfolio.accounts:
            _demo_survey(session, portfolio, entry, today, f"survey {index}")
    session.flush()


def _demo_check(item: dict[str, Any], allowed: set[str], where: str) -> None:
    from relwork.services.demo import DemoDataError

    unknown = sorted(set(item) - allowed)
    if unknown:
        raise DemoDataError(f"{where}: unknown field(s) {', '.join(unknown)}.")


def _demo_agreement(
    session: Session, portfolio: Any, entry: dict[str, Any], today: date, where: str
) -> None:
    _demo_check(entry, _DEMO_AGREEMENT_KEYS, where)
    account_id = int(portfolio.accounts[entry["client"]])
    starts_on = None
    if "start_days_ago" in entry:
        starts_on = today - timedelta(days=entry["start_days_ago"])
    elif "start_in_days" in entry:
        starts_on = today + timedelta(days=entry["start_in_days"])
    ends_on = today + timedelta(days=entry["end_in_days"]) if "end_in_days" in entry else None
    data = parse_agreement(
        {
            key: entry.get(key)
            for key in ("title", "form", "status", "review_cadence_days", "plain_summary")
        }
        | {"starts_on": starts_on, "ends_on": ends_on, "services": entry.get("services", [])}
    )
    agreement = Agreement(account_id=account_id, **agreement_columns(data))
    session.add(agreement)
    session.flush()
    assert agreement.id is not None
    for order, item in enumerate(entry.get("metric", []), start=1):
        place = f"{where}, metric {item.get('name', order)}"
        _demo_check(item, _DEMO_METRIC_KEYS, place)
        values = {k: v for k, v in item.items() if k not in ("class", "values")}
        metric_data = parse_metric(values | {"metric_class": item.get("class")})
        metric = Metric(agreement_id=agreement.id, sort_order=order, **metric_columns(metric_data))
        session.add(metric)
        session.flush()
        assert metric.id is not None
        given = item.get("values", [])
        for offset, value in enumerate(given):
            period = add_months(today, offset - len(given))
            session.add(Measurement(metric_id=metric.id, period_start=period, value=float(value)))


def _demo_survey(
    session: Session, portfolio: Any, entry: dict[str, Any], today: date, where: str
) -> None:
    from relwork.models import SurveyResponse
    from relwork.services.demo import DemoDataError
    from relwork.services.surveys import parse_survey

    _demo_check(entry, _DEMO_SURVEY_KEYS, where)
    name = entry["client"]
    account_id = int(portfolio.accounts[name])
    month = add_months(today, -entry["months_ago"])
    taken_on = min(month.replace(day=entry.get("day", 1)), today)
    contacts = portfolio.contacts[name]
    for response in entry["responses"]:
        _demo_check(response, _DEMO_RESPONSE_KEYS, where)
        key = response.get("contact")
        if key is not None and key not in contacts:
            raise DemoDataError(f"{where}: '{key}' is not a contact of {name}.")
        data = parse_survey(
            {
                "instrument": entry["instrument"],
                "contact_id": contacts[key] if key else None,
                "taken_on": taken_on,
                "score": response["score"],
                "scale_max": entry.get("scale_max"),
                "comment": response.get("comment", ""),
            }
        )
        assert data.scale_max is not None
        session.add(
            SurveyResponse(
                account_id=account_id,
                contact_id=data.contact_id,
                instrument=data.instrument,
                score=data.score,
                scale_max=data.scale_max,
                taken_on=data.taken_on or taken_on,
                comment=data.comment,
            )
        )
