"""Wizard runs: start, answer one question at a time, resume, finish, act on gaps.

Every answer is committed the moment it is saved, so a run can be left at any
question and picked up later at ``WizardRun.position``. Scores, bands and gaps are
computed from the answers by :mod:`relwork.wizards` (never stored). Finishing a run
checks that every asked, required question has an answer (with evidence where the
set demands it), marks the run finished and, for plan sets, hands the answers to the
set's result handler (see :mod:`relwork.wizards.hooks`). Finishing again is harmless:
the handler updates the record it wrote the first time.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from relwork import clock
from relwork.enums import WizardRunStatus
from relwork.locations import shipped_data_dir
from relwork.models import Account, ActionItem, WizardAnswer, WizardRun
from relwork.text import clean, clean_line
from relwork.wizards import (
    AnswerRecord,
    QuestionSet,
    RunSummary,
    answer_label,
    is_answered,
    load_sets,
    summarize,
    validate_answer,
    visible_questions,
)
from relwork.wizards.answers import value_problem
from relwork.wizards.hooks import result_handler
from relwork.wizards.scoring import gap_reason

__all__ = [
    "AnswerRecord",
    "WizardError",
    "WizardIncomplete",
    "answers_of",
    "finish_run",
    "gap_to_action",
    "missing_answers",
    "question_set_of",
    "runs_for",
    "save_answer",
    "set_position",
    "start_run",
    "summarize",
    "summary_of",
    "unfinished_run",
]


class WizardError(ValueError):
    """A run cannot be started or changed as asked; the message says why."""


class WizardIncomplete(WizardError):
    """The run cannot be finished yet; ``missing`` lists (question key, what to do)."""

    def __init__(self, missing: list[tuple[str, str]]) -> None:
        listed = "; ".join(f"{key}: {message}" for key, message in missing)
        super().__init__(f"Some answers are still needed: {listed}")
        self.missing = missing


def _sets(sets: Mapping[str, QuestionSet] | None) -> Mapping[str, QuestionSet]:
    return sets if sets is not None else load_sets().sets


def question_set_of(run: WizardRun, sets: Mapping[str, QuestionSet] | None = None) -> QuestionSet:
    """The question set a run follows; :class:`WizardError` when it is gone."""
    found = _sets(sets).get(run.set_key)
    if found is None:
        raise WizardError(
            f"The question set '{run.set_key}' is not available any more "
            "(was its file removed or broken? see 'relwork wizard --list')."
        )
    return found


def _run(session: Session, run_id: int) -> WizardRun:
    run = session.get(WizardRun, run_id)
    if run is None:
        raise WizardError(f"There is no wizard run with id {run_id}.")
    return run


# --- starting and listing -----------------------------------------------------------------------


def start_run(
    *,
    session: Session,
    account_id: int,
    set_key: str,
    author: str = "",
    sets: Mapping[str, QuestionSet] | None = None,
) -> WizardRun:
    """A new, empty run of ``set_key`` for the client, positioned at its first question."""
    if session.get(Account, account_id) is None:
        raise WizardError(f"There is no client with id {account_id}.")
    qset = _sets(sets).get(set_key)
    if qset is None:
        raise WizardError(f"There is no question set '{set_key}' (see 'relwork wizard --list').")
    run = WizardRun(
        account_id=account_id,
        set_key=qset.key,
        set_title=qset.title[:200],
        position=qset.questions[0].key if qset.questions else "",
        author=clean_line(author)[:120],
    )
    session.add(run)
    session.commit()
    session.refresh(run)
    return run


def runs_for(*, session: Session, account_id: int) -> list[WizardRun]:
    """Every run for the client, newest first."""
    return list(
        session.exec(
            select(WizardRun)
            .where(WizardRun.account_id == account_id)
            .order_by(col(WizardRun.started_at).desc(), col(WizardRun.id).desc())
        ).all()
    )


def unfinished_run(*, session: Session, account_id: int, set_key: str) -> WizardRun | None:
    """The client's newest run of ``set_key`` that is still in progress, if any."""
    return session.exec(
        select(WizardRun)
        .where(
            WizardRun.account_id == account_id,
            WizardRun.set_key == set_key,
            WizardRun.status == WizardRunStatus.IN_PROGRESS,
        )
        .order_by(col(WizardRun.started_at).desc(), col(WizardRun.id).desc())
    ).first()


def answers_of(*, session: Session, run_id: int) -> dict[str, AnswerRecord]:
    """The run's answers by question key."""
    rows = session.exec(
        select(WizardAnswer).where(WizardAnswer.run_id == run_id).order_by(col(WizardAnswer.id))
    ).all()
    return {
        row.question_key: AnswerRecord(value=row.value, evidence=row.evidence, note=row.note)
        for row in rows
    }


# --- answering ------------------------------------------------------------------------------------


def save_answer(
    *,
    session: Session,
    run_id: int,
    question_key: str,
    value: Any,
    evidence: str = "",
    note: str = "",
    position: str = "",
    sets: Mapping[str, QuestionSet] | None = None,
) -> None:
    """Store one answer (replacing an earlier one) and commit at once.

    The value must have the shape of the question's type (see the wizard contract);
    a required answer may still be empty or lack evidence here — :func:`finish_run`
    checks completeness. ``position`` moves the run's resume point too.
    """
    run = _run(session, run_id)
    qset = question_set_of(run, sets)
    question = qset.question(question_key)
    if question is None:
        raise WizardError(f"'{qset.title}' has no question '{question_key}'.")
    value = _cleaned(value)
    if is_answered(value):
        problem = value_problem(question, value)
        if problem:
            raise WizardError(f"{question_key}: {problem}.")
    if position and qset.question(position) is None:
        raise WizardError(f"'{qset.title}' has no question '{position}' to resume at.")
    row = session.exec(
        select(WizardAnswer).where(
            WizardAnswer.run_id == run_id, WizardAnswer.question_key == question_key
        )
    ).first()
    now = clock.now()
    if row is None:
        row = WizardAnswer(run_id=run_id, question_key=question_key)
    row.value = value
    row.evidence = clean(evidence).strip()
    row.note = clean(note).strip()
    row.updated_at = now
    session.add(row)
    if position:
        run.position = position
    run.updated_at = now
    session.add(run)
    session.commit()


def _cleaned(value: Any) -> Any:
    """Text without terminal control characters, trimmed; lists and rows likewise."""
    if isinstance(value, str):
        return clean(value).strip()
    if isinstance(value, list | tuple):
        return [_cleaned(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _cleaned(v) for k, v in value.items()}
    return value


def set_position(*, session: Session, run_id: int, question_key: str) -> None:
    """Remember the question to resume the run at, and commit."""
    run = _run(session, run_id)
    run.position = question_key[:80]
    run.updated_at = clock.now()
    session.add(run)
    session.commit()


# --- finishing ---------------------------------------------------------------------------------------


def missing_answers(
    qset: QuestionSet, answers: Mapping[str, AnswerRecord]
) -> list[tuple[str, str]]:
    """(question key, what to do) for each asked question that stops the run from
    finishing: a required answer missing, an answer that does not fit, or evidence
    the set demands."""
    missing: list[tuple[str, str]] = []
    for question in visible_questions(qset, answers):
        record = answers.get(question.key, AnswerRecord())
        problem = validate_answer(question, record.value, record.evidence)
        if problem:
            missing.append((question.key, problem))
    return missing


def finish_run(
    *, session: Session, run_id: int, sets: Mapping[str, QuestionSet] | None = None
) -> RunSummary:
    """Finish the run and return its summary.

    Raises :class:`WizardIncomplete` listing what is still needed. For a plan set the
    result handler writes (or, called again, updates) the plan. Finishing a finished
    run keeps its first finish time and returns the same summary.
    """
    run = _run(session, run_id)
    qset = question_set_of(run, sets)
    answers = answers_of(session=session, run_id=run_id)
    missing = missing_answers(qset, answers)
    if missing:
        raise WizardIncomplete(missing)
    handler = result_handler(qset.result)
    try:
        if handler is not None:
            handler(session=session, run=run, answers={k: r.value for k, r in answers.items()})
        run = _run(session, run_id)
        if run.status != WizardRunStatus.FINISHED:
            run.status = WizardRunStatus.FINISHED
            run.finished_at = clock.now()
        run.updated_at = clock.now()
        session.add(run)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return summarize(qset, answers)


def summary_of(
    *, session: Session, run_id: int, sets: Mapping[str, QuestionSet] | None = None
) -> RunSummary:
    """The summary of a run as it stands (finished or not)."""
    run = _run(session, run_id)
    return summarize(question_set_of(run, sets), answers_of(session=session, run_id=run_id))


# --- gaps into actions --------------------------------------------------------------------------------


def gap_action_prefix(set_title: str, question_key: str) -> str:
    """How every action made from a gap begins, so the gap can be found again."""
    return f"Follow up on {set_title} ({question_key}):"


def gaps_with_open_actions(*, session: Session, run_id: int) -> set[str]:
    """Keys of the finished run's gaps that already have an open action."""
    from relwork.services.notes import open_actions

    run = _run(session, run_id)
    qset = question_set_of(run)
    texts = [a.text for a in open_actions(session=session, client_id=run.account_id)]
    gaps = summary_of(session=session, run_id=run_id).gaps
    return {
        gap.question_key
        for gap in gaps
        if any(t.startswith(gap_action_prefix(qset.title, gap.question_key)) for t in texts)
    }


def gap_to_action(
    *,
    session: Session,
    run_id: int,
    question_key: str,
    owner: str = "",
    due: date | None = None,
    sets: Mapping[str, QuestionSet] | None = None,
) -> ActionItem:
    """An open action on the run's client to close the gap found at ``question_key``."""
    run = _run(session, run_id)
    qset = question_set_of(run, sets)
    question = qset.question(question_key)
    if question is None:
        raise WizardError(f"'{qset.title}' has no question '{question_key}'.")
    record = answers_of(session=session, run_id=run_id).get(question_key, AnswerRecord())
    reason = gap_reason(question, record)
    answered = answer_label(question, record.value)
    detail = f"answered {answered}" + (f", {reason}" if reason else "")
    text = f"{gap_action_prefix(qset.title, question.key)} {question.prompt} — {detail}"
    action = ActionItem(
        account_id=run.account_id, text=text, owner=clean_line(owner)[:120], due_date=due
    )
    session.add(action)
    session.commit()
    session.refresh(action)
    return action


# --- demo -------------------------------------------------------------------------------------------------


def demo_source() -> Path:
    return shipped_data_dir() / "demo" / "wizards.toml"


def load_demo_runs(*, session: Session, portfolio: Any, source: Path | None = None) -> None:
    """Demo extension: the wizard runs of ``data/demo/wizards.toml``.

    Each ``[[run]]`` names its client and set, how many days ago it started, whether it
    is finished (or where it stands), and its answers as ``{ value, evidence, note }``
    tables by question key. Answers are checked against the set, so a typo fails
    loudly instead of showing odd data. Runs of clients that the demo file being
    loaded does not have are left out.
    """
    raw = tomllib.loads((source or demo_source()).read_text(encoding="utf-8"))
    sets = load_sets(user_sets=False).sets
    for entry in raw.get("run", []):
        _demo_run(session, portfolio, sets, entry)


_DEMO_RUN_KEYS = {"client", "set", "days_ago", "finished_days_ago", "author", "position", "answers"}


def _demo_run(
    session: Session, portfolio: Any, sets: Mapping[str, QuestionSet], entry: dict[str, Any]
) -> None:
    where = f"demo wizard run for {entry.get('client')!r} ({entry.get('set')!r})"
    unknown = set(entry) - _DEMO_RUN_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    account_id = portfolio.accounts.get(entry["client"])
    if account_id is None:
        return  # loaded from another demo file without this client
    qset = sets[entry["set"]]
    started = portfolio.now - timedelta(days=entry.get("days_ago", 0))
    run = WizardRun(
        account_id=account_id,
        set_key=qset.key,
        set_title=qset.title,
        author=entry.get("author", ""),
        started_at=started,
        updated_at=started,
        position=entry.get("position", ""),
    )
    session.add(run)
    session.flush()
    assert run.id is not None
    answers: dict[str, AnswerRecord] = {}
    for key, given in entry.get("answers", {}).items():
        question = qset.question(key)
        record = AnswerRecord(
            value=given.get("value"), evidence=given.get("evidence", ""), note=given.get("note", "")
        )
        if question is None:
            raise ValueError(f"{where}: '{qset.key}' has no question '{key}'")
        problem = value_problem(question, record.value)
        if problem:
            raise ValueError(f"{where}: {key}: {problem}")
        answers[key] = record
        session.add(
            WizardAnswer(
                run_id=run.id,
                question_key=key,
                value=record.value,
                evidence=record.evidence,
                note=record.note,
                updated_at=started,
            )
        )
    if "finished_days_ago" in entry:
        missing = missing_answers(qset, answers)
        if missing:
            raise ValueError(f"{where}: finished but incomplete: {missing}")
        run.status = WizardRunStatus.FINISHED
        run.finished_at = portfolio.now - timedelta(days=entry["finished_days_ago"])
        run.updated_at = run.finished_at
        run.position = run.position or qset.questions[-1].key
    session.add(run)
