"""Demo plans from ``data/demo/plans.toml``, written the real way through the plan wizards."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import UTC, timedelta
from typing import TYPE_CHECKING, Any

from relwork.enums import PlanStatus
from relwork.locations import shipped_data_dir
from relwork.services.plans import _action, _plan_row, plans_for

if TYPE_CHECKING:
    from sqlmodel import Session

    from relwork.services.demo import DemoPortfolio


DEMO_FILE = "demo/plans.toml"
_DATE_ANSWERS = ("starts_on", "ends_on")
_DEMO_KEYS = {"client", "set", "author", "finished_days_ago", "status", "answers"}


def load_demo_plans(*, session: Session, portfolio: DemoPortfolio) -> None:
    """Demo plans from ``data/demo/plans.toml``, made the real way: a wizard run with its
    answers is finished by the wizard engine, whose result handler writes the plan; then
    the tracking state (status, done marks) is applied.

    Dates in the file are whole days from the demo's today (negative: in the past); an
    action's ``done_days_ago`` marks it done that many days ago. A client name that is
    not in the portfolio is an error, unless none of the file's clients is (the demo
    was loaded from another file).
    """
    raw = tomllib.loads((shipped_data_dir() / DEMO_FILE).read_text("utf-8"))
    entries = raw.get("plan", [])
    if not {e.get("client") for e in entries} & set(portfolio.accounts):
        return  # a portfolio from another demo file: none of these clients is in it
    for entry in entries:
        _demo_plan(session, portfolio, entry)


def _demo_plan(session: Session, portfolio: DemoPortfolio, entry: Mapping[str, Any]) -> None:
    from relwork.models import WizardAnswer, WizardRun
    from relwork.services.demo import DemoDataError
    from relwork.services.wizard_runs import finish_run, question_set_of

    where = f"{DEMO_FILE}: plan for {entry.get('client')!r}"
    unknown = sorted(set(entry) - _DEMO_KEYS)
    if unknown:
        raise DemoDataError(f"{where} has unknown keys {unknown}")
    if entry.get("client") not in portfolio.accounts:
        raise DemoDataError(f"{where}: there is no demo client of that name")
    today = portfolio.now.date()
    answers = dict(entry["answers"])
    for key in _DATE_ANSWERS:
        if isinstance(answers.get(key), int):
            answers[key] = (today + timedelta(days=answers[key])).isoformat()
    done_days_ago: list[int | None] = []
    rows = []
    for given in answers.get("actions", []):
        row = dict(given)
        done_days_ago.append(row.pop("done_days_ago", None))
        if isinstance(row.get("due"), int):
            row["due"] = (today + timedelta(days=row["due"])).isoformat()
        rows.append(row)
    answers["actions"] = rows
    finished = portfolio.now - timedelta(days=int(entry.get("finished_days_ago", 0)))
    run = WizardRun(
        account_id=portfolio.accounts[entry["client"]],
        set_key=str(entry["set"]),
        author=str(entry.get("author", "")),
        started_at=finished,
        updated_at=finished,
    )
    session.add(run)
    session.flush()
    assert run.id is not None
    run.set_title = question_set_of(run).title
    for key, value in answers.items():
        session.add(WizardAnswer(run_id=run.id, question_key=key, value=value, updated_at=finished))
    session.flush()
    finish_run(session=session, run_id=run.id)  # the engine calls the result handler
    run.finished_at = run.updated_at = finished
    session.add(run)
    views = [v for v in plans_for(session=session, account_id=run.account_id) if v.run_id == run.id]
    if len(views) != 1 or len(views[0].actions) != len(done_days_ago):
        raise DemoDataError(f"{where}: the wizard did not write the plan as expected")
    view = views[0]
    plan = _plan_row(session, view.kind, view.id)
    plan.status = PlanStatus(entry.get("status", plan.status))
    plan.created_at = finished
    session.add(plan)
    for action, days in zip(view.actions, done_days_ago, strict=True):
        if days is not None:
            row_action = _action(session, action.id)
            row_action.done_at = (portfolio.now - timedelta(days=days)).astimezone(UTC)
            session.add(row_action)
    session.flush()
