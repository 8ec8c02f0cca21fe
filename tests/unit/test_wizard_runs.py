"""Wizard runs in the store: answers one by one, resume, finish, gaps into actions,
which assessments a client is offered, and the demo runs."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, select

from relwork import clock
from relwork.enums import RelationshipType, WizardRunStatus
from relwork.models import Account, ActionItem, WizardAnswer, WizardRun
from relwork.services import wizard_runs as runs
from relwork.services.assessments import (
    latest_runs,
    offered_assessments,
    type_for_assessments,
)
from relwork.services.clients import create_client, parse_client
from relwork.wizards import QuestionSet, hooks, load_sets, parse_set

COLLAB = "engage.collab_readiness"
PLAN_SET = """
key = "test.plan"
title = "Test plan"
description = "A plan set for tests."
step = "onboard"
result = "onboarding_plan"

[[questions]]
key = "scope"
prompt = "What is in scope?"
type = "text"

[[questions]]
key = "why"
prompt = "Why?"
type = "long_text"
required = false
"""

handled: list[dict[str, Any]] = []


def fake_plan_handler(*, session: Session, run: WizardRun, answers: dict[str, Any]) -> int:
    """Stands in for the plans service: remembers each call, returns a record id."""
    handled.append({"run": run.id, "answers": dict(answers)})
    return 41


@pytest.fixture
def client_id(store) -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": "Acme Hosting"})).id


@pytest.fixture
def session(store, client_id):
    with store.session() as opened:
        yield opened


@pytest.fixture
def plan_sets(monkeypatch) -> dict[str, QuestionSet]:
    handled.clear()
    monkeypatch.setitem(hooks.RESULTS, "onboarding_plan", f"{__name__}:fake_plan_handler")
    return {"test.plan": parse_set(PLAN_SET, source="test.plan.toml")}


def answer_all_yes(session: Session, run_id: int) -> None:
    for n in range(1, 8):
        runs.save_answer(
            session=session,
            run_id=run_id,
            question_key=f"rc{n}",
            value="yes",
            evidence=f"see document {n}",
        )


# --- starting, answering, resuming --------------------------------------------------------------


def test_a_new_run_starts_at_the_first_question(session, client_id):
    run = runs.start_run(session=session, account_id=client_id, set_key=COLLAB, author="Sam")
    assert (run.status, run.position, run.set_title, run.author) == (
        WizardRunStatus.IN_PROGRESS,
        "rc1",
        "Readiness for collaboration",
        "Sam",
    )
    assert runs.answers_of(session=session, run_id=run.id) == {}


def test_start_refuses_an_unknown_set_or_client(session, client_id):
    with pytest.raises(runs.WizardError, match="no question set 'nope'"):
        runs.start_run(session=session, account_id=client_id, set_key="nope")
    with pytest.raises(runs.WizardError, match="no client with id 999"):
        runs.start_run(session=session, account_id=999, set_key=COLLAB)


def test_each_answer_is_committed_at_once(store, session, client_id):
    run = runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    runs.save_answer(
        session=session,
        run_id=run.id,
        question_key="rc1",
        value="partial",
        evidence="Trust tool",
        note="Customer side still low",
        position="rc2",
    )
    # a second, independent session sees it: nothing waits for a later commit
    with store.session() as other:
        assert runs.answers_of(session=other, run_id=run.id) == {
            "rc1": runs.AnswerRecord("partial", "Trust tool", "Customer side still low")
        }
        assert other.get(WizardRun, run.id).position == "rc2"


def test_saving_again_replaces_the_answer(session, client_id):
    run = runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    runs.save_answer(session=session, run_id=run.id, question_key="rc1", value="no")
    runs.save_answer(session=session, run_id=run.id, question_key="rc1", value="yes", evidence="x")
    rows = session.exec(select(WizardAnswer).where(WizardAnswer.run_id == run.id)).all()
    assert [(r.question_key, r.value, r.evidence) for r in rows] == [("rc1", "yes", "x")]


def test_save_refuses_an_unknown_question_or_a_wrong_shape(session, client_id):
    run = runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    with pytest.raises(runs.WizardError, match="no question 'rc9'"):
        runs.save_answer(session=session, run_id=run.id, question_key="rc9", value="yes")
    with pytest.raises(runs.WizardError, match="rc1: Pick one of: yes, partial"):
        runs.save_answer(session=session, run_id=run.id, question_key="rc1", value="maybe")
    assert runs.answers_of(session=session, run_id=run.id) == {}


def test_a_draft_answer_without_its_evidence_can_be_saved(session, client_id):
    run = runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    runs.save_answer(session=session, run_id=run.id, question_key="rc1", value="yes")
    assert runs.answers_of(session=session, run_id=run.id)["rc1"].value == "yes"


def test_user_text_is_cleaned_of_control_characters(session, client_id):
    run = runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    runs.save_answer(
        session=session, run_id=run.id, question_key="rc1", value="yes", evidence="\x1b[31mred "
    )
    assert runs.answers_of(session=session, run_id=run.id)["rc1"].evidence == "[31mred"


def test_resume_position_is_kept(store, session, client_id):
    run = runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    runs.set_position(session=session, run_id=run.id, question_key="rc4")
    with store.session() as other:
        again = runs.unfinished_run(session=other, account_id=client_id, set_key=COLLAB)
        assert again is not None and (again.id, again.position) == (run.id, "rc4")


def test_runs_are_listed_newest_first(session, client_id):
    first = runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    second = runs.start_run(session=session, account_id=client_id, set_key="engage.maturity_4x4")
    assert [r.id for r in runs.runs_for(session=session, account_id=client_id)] == [
        second.id,
        first.id,
    ]


# --- finishing -----------------------------------------------------------------------------------------


def test_finishing_an_incomplete_run_lists_what_is_missing(session, client_id):
    run = runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    runs.save_answer(session=session, run_id=run.id, question_key="rc1", value="yes")
    runs.save_answer(
        session=session, run_id=run.id, question_key="rc2", value="no", note="no sponsor yet"
    )
    with pytest.raises(runs.WizardIncomplete) as caught:
        runs.finish_run(session=session, run_id=run.id)
    missing = dict(caught.value.missing)
    assert list(missing) == ["rc1", "rc3", "rc4", "rc5", "rc6", "rc7"]
    assert missing["rc1"].startswith("Evidence is required for 'yes' and 'partial'")
    assert missing["rc3"] == "Pick one of: yes, partial, no, unknown, na"
    assert session.get(WizardRun, run.id).status == WizardRunStatus.IN_PROGRESS


def test_finish_stores_the_time_and_returns_the_summary(session, client_id, frozen_clock):
    run = runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    answer_all_yes(session, run.id)
    runs.save_answer(session=session, run_id=run.id, question_key="rc7", value="no")
    summary = runs.finish_run(session=session, run_id=run.id)
    assert summary.band == "Ready"  # 6 of 7
    assert [g.question_key for g in summary.gaps] == ["rc7"]
    stored = session.get(WizardRun, run.id)
    assert stored.status == WizardRunStatus.FINISHED
    assert stored.finished_at is not None


def test_finishing_twice_is_harmless(session, client_id):
    run = runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    answer_all_yes(session, run.id)
    first = runs.finish_run(session=session, run_id=run.id)
    finished_at = session.get(WizardRun, run.id).finished_at
    assert runs.finish_run(session=session, run_id=run.id) == first
    assert session.get(WizardRun, run.id).finished_at == finished_at
    assert runs.unfinished_run(session=session, account_id=client_id, set_key=COLLAB) is None


def test_a_plan_set_hands_its_answers_to_the_result_handler(session, client_id, plan_sets):
    run = runs.start_run(session=session, account_id=client_id, set_key="test.plan", sets=plan_sets)
    runs.save_answer(
        session=session, run_id=run.id, question_key="scope", value="desk", sets=plan_sets
    )
    summary = runs.finish_run(session=session, run_id=run.id, sets=plan_sets)
    assert handled == [{"run": run.id, "answers": {"scope": "desk"}}]
    assert (summary.score, summary.band) == (None, "Not assessed")
    runs.finish_run(session=session, run_id=run.id, sets=plan_sets)
    assert len(handled) == 2, "called again so the handler can update its record"


def test_a_failing_result_handler_leaves_the_run_unfinished(
    session, client_id, plan_sets, monkeypatch
):
    monkeypatch.setitem(hooks.RESULTS, "onboarding_plan", "relwork.nowhere:handler")
    run = runs.start_run(session=session, account_id=client_id, set_key="test.plan", sets=plan_sets)
    runs.save_answer(
        session=session, run_id=run.id, question_key="scope", value="desk", sets=plan_sets
    )
    with pytest.raises(hooks.HookError):
        runs.finish_run(session=session, run_id=run.id, sets=plan_sets)
    assert session.get(WizardRun, run.id).status == WizardRunStatus.IN_PROGRESS


def test_an_assessment_needs_no_handler():
    assert hooks.result_handler("assessment") is None


# --- gaps into actions -----------------------------------------------------------------------------------


def test_a_gap_becomes_an_action_on_the_client(session, client_id):
    run = runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    runs.save_answer(session=session, run_id=run.id, question_key="rc5", value="partial")
    action = runs.gap_to_action(
        session=session, run_id=run.id, question_key="rc5", owner="Dana", due=date(2026, 12, 4)
    )
    stored = session.get(ActionItem, action.id)
    assert (stored.account_id, stored.owner, stored.due_date) == (
        client_id,
        "Dana",
        date(2026, 12, 4),
    )
    assert stored.done_at is None
    assert "Readiness for collaboration" in stored.text
    assert "risk they accept" in stored.text  # the question, in words
    assert "Partly" in stored.text


def test_a_gap_action_needs_no_due_date(session, client_id):
    run = runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    runs.save_answer(session=session, run_id=run.id, question_key="rc7", value="no")
    action = runs.gap_to_action(session=session, run_id=run.id, question_key="rc7")
    assert action.due_date is None and action.owner == ""
    with pytest.raises(runs.WizardError):
        runs.gap_to_action(session=session, run_id=run.id, question_key="zz")


# --- which assessments a client is offered ---------------------------------------------------------------


def test_offered_assessments_follow_the_emphasis_for_the_type():
    sets = load_sets().sets
    basic = offered_assessments(sets, "basic")
    assert [(o.set_key, o.emphasis) for o in basic] == [
        ("engage.maturity_4x4", "crucial"),
        ("engage.change_readiness", "n/a"),
        ("engage.collab_readiness", "n/a"),
    ]
    assert basic[1].reason.startswith("Not needed for a basic relationship.")
    partnership = offered_assessments(sets, "partnership")
    assert [(o.set_key, o.emphasis) for o in partnership] == [
        ("engage.change_readiness", "crucial"),
        ("engage.collab_readiness", "crucial"),
        ("engage.maturity_4x4", "minor"),
    ]
    assert partnership[0].reason.startswith("Crucial for a partnership.")
    assert sets["engage.change_readiness"].emphasis_reason in partnership[0].reason
    assert all(o.set_key.startswith("engage.") for o in partnership), "onboard sets left out"


def test_the_target_type_decides_when_it_is_set():
    account = Account(organization_id=1, current_type=RelationshipType.BASIC)
    assert type_for_assessments(account) == "basic"
    account.target_type = RelationshipType.PARTNERSHIP
    assert type_for_assessments(account) == "partnership"


def test_latest_runs_keeps_the_newest_run_of_each_set(session, client_id):
    runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    newer = runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    grid = runs.start_run(session=session, account_id=client_id, set_key="engage.maturity_4x4")
    latest = latest_runs(session=session, account_id=client_id)
    assert {k: r.id for k, r in latest.items()} == {COLLAB: newer.id, grid.set_key: grid.id}


# --- demo ----------------------------------------------------------------------------------------------------


def test_demo_runs(store, monkeypatch):
    from relwork.services import demo
    from relwork.services.clients import list_clients

    assert "relwork.services.wizard_runs:load_demo_runs" in demo.DEMO_EXTENSIONS
    monkeypatch.setattr(demo, "DEMO_EXTENSIONS", ["relwork.services.wizard_runs:load_demo_runs"])
    with store.session() as session:
        demo.load_demo(session=session)
    demo_store = store

    with demo_store.session() as session:
        ids = {c.name: c.id for c in list_clients(session=session, include_archived=True)}

        def only_run(name: str, set_key: str) -> WizardRun:
            found = runs.runs_for(session=session, account_id=ids[name])
            (run,) = [r for r in found if r.set_key == set_key]
            return run

        tidewell = only_run("Tidewell Freight", COLLAB)
        assert (tidewell.set_key, tidewell.status) == (COLLAB, WizardRunStatus.FINISHED)
        summary = runs.summary_of(session=session, run_id=tidewell.id)
        assert {g.question_key: g.answer_label for g in summary.gaps} == {
            "rc5": "Partly",
            "rc7": "No",
        }
        answers = runs.answers_of(session=session, run_id=tidewell.id)
        assert all(a.evidence for a in answers.values() if a.value in ("yes", "partial"))

        ravensholt = only_run("Ravensholt Precision Castings", "engage.maturity_4x4")
        assert ravensholt.status == WizardRunStatus.FINISHED
        grid = runs.summary_of(session=session, run_id=ravensholt.id).grid
        assert len(grid) == 16 and None not in grid.values()

        aldermoor = only_run("Aldermoor County Council", "engage.change_readiness")
        assert (aldermoor.status, aldermoor.position) == (WizardRunStatus.IN_PROGRESS, "cr6")
        progress = runs.summary_of(session=session, run_id=aldermoor.id)
        assert (progress.answered, progress.total) == (5, 11)


def test_gaps_with_open_actions_follow_the_actions_made_from_them(session, client_id):
    run = runs.start_run(session=session, account_id=client_id, set_key=COLLAB)
    runs.save_answer(session=session, run_id=run.id, question_key="rc5", value="partial")
    runs.save_answer(session=session, run_id=run.id, question_key="rc7", value="no")
    assert runs.gaps_with_open_actions(session=session, run_id=run.id) == set()
    action = runs.gap_to_action(session=session, run_id=run.id, question_key="rc5")
    assert action.text.startswith(runs.gap_action_prefix("Readiness for collaboration", "rc5"))
    assert runs.gaps_with_open_actions(session=session, run_id=run.id) == {"rc5"}
    action.done_at = clock.now()  # a done action no longer counts as open
    session.add(action)
    session.commit()
    assert runs.gaps_with_open_actions(session=session, run_id=run.id) == set()
