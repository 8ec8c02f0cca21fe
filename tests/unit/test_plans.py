"""Onboarding and offboarding plans: templates, prefill, the wizard's result handlers,
progress and overdue, the status and closing-review rules, and the demo plans."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from relwork import clock
from relwork.enums import FourDimension, OffboardingKind, Performer, PlanStatus
from relwork.models import OffboardingPlan, OnboardingPlan, OnboardingScopeItem, PlanAction
from relwork.services import plans
from relwork.services.clients import create_client, parse_client
from relwork.services.plan_rules import (
    ActionData,
    PlanError,
    parse_action,
    review_start,
    spread_due,
    status_problem,
)
from relwork.services.plan_templates import load_templates
from relwork.services.plan_wizard import (
    offboarding_from_run,
    plan_from_run,
    prefill_offboarding_actions,
    prefill_onboarding_actions,
)
from relwork.services.plans import (
    add_action,
    close_review,
    get_plan,
    overdue_actions,
    plan_of_run,
    plan_progress,
    plans_for,
    remove_action,
    set_status,
    toggle_action_done,
    update_action,
)
from relwork.services.validation import InvalidInput
from relwork.services.wizard_runs import finish_run, save_answer, start_run
from relwork.wizards import load_sets, visible_questions

TODAY = date(2026, 11, 20)  # the frozen clock's day
ALL_YES = {
    "actions_done": "yes",
    "satisfaction_reviewed": "yes",
    "open_items_listed": "yes",
    "risks_assessed": "partial",
    "improvements_registered": "no",
}


@pytest.fixture
def templates(tmp_path):
    found, problems = load_templates(tmp_path / "no-custom")
    assert problems == []
    return found


def _client(store, name="Acme Hosting") -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": name})).id


def _onboarding_answers(**changes):
    answers = {
        "title": "",
        "goals": [
            {"goal": "Every branch on the new desk", "measure": "No old-style calls by week 6"}
        ],
        "scenario": "customer_adds_services",
        "scope": [
            {"dimension": "organizations_people", "resource": "Branch staff", "need": "Briefing"},
            {"dimension": "information_technology", "resource": "Desk phones", "need": ""},
        ],
        "start_trigger": "contract_signed",
        "starts_on": "2026-11-01",
        "ends_on": "2026-12-31",
        "end_criterion": "All branches live",
        "actions": [
            {
                "dimension": "organizations_people",
                "performer": "provider",
                "description": "Brief the branch managers",
                "owner": "Sam",
                "due": "2026-11-05",
            },
            {
                "dimension": "information_technology",
                "performer": "consumer",
                "description": "Give our engineers access",
                "owner": "Ngozi",
                "due": "2026-11-15",
            },
            {
                "dimension": "",
                "performer": "consumer_supplier",
                "description": "Supplier reviews its contract",
                "owner": "",
                "due": "2026-12-20",
            },
        ],
        "control_approach": ["project"],
        "approved": "yes",
        "note": "Keep the casting floor free on run days.",
    }
    answers.update(changes)
    return answers


def _finish(store, client_id, set_key, answers) -> int:
    """Run a plan wizard the real way: start, answer, finish (the engine calls the
    handler); returns the run id."""
    with store.session() as session:
        run = start_run(session=session, account_id=client_id, set_key=set_key, author="Sam")
        assert run.id is not None
        for key, value in answers.items():
            save_answer(session=session, run_id=run.id, question_key=key, value=value)
        finish_run(session=session, run_id=run.id)
        return run.id


def _only_plan(store, client_id):
    with store.session() as session:
        found = plans_for(session=session, account_id=client_id)
    assert len(found) == 1
    return found[0]


# --- templates and the wizard sets -----------------------------------------------------------


def test_templates_hold_the_scenarios_triggers_controls_kinds_and_review(templates):
    levels = [s.level for s in templates.scenarios]
    assert levels.count("customer") == 5 and levels.count("user") == 4
    assert [t.value for t in templates.triggers] == [
        "agreement_reached",
        "contract_signed",
        "release_ready",
        "deployment_started",
        "user_hired",
        "hire_agreed",
    ]
    assert [c.value for c in templates.controls] == [
        "programme",
        "project",
        "normal_change",
        "standard_change",
        "automated_release",
        "audit_assurance",
    ]
    assert all(c.help for c in templates.controls)
    assert {k.value for k in templates.kinds} == {k.value for k in OffboardingKind}
    assert [c.key for c in templates.review] == list(ALL_YES)
    assert {c.rule for c in templates.review} == {"", "actions_done", "open_actions"}


def test_both_plan_sets_load_with_the_engine_without_problems():
    loaded = load_sets()
    mine = [p for p in loaded.problems if "onboard.plan" in p or "onboard.offboarding" in p]
    assert mine == []
    plan = loaded.sets["onboard.plan"]
    exit_plan = loaded.sets["onboard.offboarding"]
    assert (plan.result, plan.step) == ("onboarding_plan", "onboard")
    assert (exit_plan.result, exit_plan.step) == ("offboarding_plan", "onboard")
    assert plan.question("actions").prefill == "onboarding_actions"
    assert exit_plan.question("actions").prefill == "offboarding_actions"


def test_prefilled_rows_are_valid_answers_for_the_engine():
    from relwork.wizards import initial_value, validate_answer

    sets = load_sets().sets
    cases = [
        ("onboard.plan", {"scenario": s.value, "starts_on": "2026-12-01"})
        for s in load_templates()[0].scenarios
    ] + [("onboard.offboarding", {"kind": k.value}) for k in OffboardingKind]
    for set_key, answers in cases:
        question = sets[set_key].question("actions")
        rows = initial_value(question, answers, today=TODAY)  # through the engine's hooks
        assert rows, (set_key, answers)
        assert validate_answer(question, rows) is None, (set_key, answers)


def test_the_wizard_choices_are_the_template_choices(templates):
    sets = load_sets().sets
    plan, exit_plan = sets["onboard.plan"], sets["onboard.offboarding"]

    def values(qset, key):
        return [c.value for c in qset.question(key).choices]

    assert values(plan, "scenario") == [s.value for s in templates.scenarios]
    assert values(plan, "start_trigger") == [t.value for t in templates.triggers]
    assert values(plan, "control_approach") == [c.value for c in templates.controls]
    assert values(exit_plan, "kind") == [k.value for k in templates.kinds]
    for qset in (plan, exit_plan):
        fields = {f.key: f for f in qset.question("actions").fields}
        assert [c.value for c in fields["dimension"].choices] == [d.value for d in FourDimension]
        assert [c.value for c in fields["performer"].choices] == [p.value for p in Performer]


def test_the_dispute_questions_are_asked_only_for_an_unhappy_client():
    qset = load_sets().sets["onboard.offboarding"]
    calm = [q.key for q in visible_questions(qset, {"dissatisfied": "no"})]
    unhappy = [q.key for q in visible_questions(qset, {"dissatisfied": "yes"})]
    assert "dispute_why" not in calm and "legal_expected" not in calm
    assert {"dispute_why", "legal_expected"} <= set(unhappy)
    assert qset.question("dispute_why").required


def test_a_custom_template_file_replaces_the_shipped_one(tmp_path):
    custom = tmp_path / "plans"
    custom.mkdir()
    (custom / "review.toml").write_text(
        '[[item]]\nkey = "signed_off"\nlabel = "Signed off"\nprompt = "The client signed off"\n'
    )
    found, problems = load_templates(custom)
    assert problems == []
    assert [c.key for c in found.review] == ["signed_off"]
    assert len(found.scenarios) == 9  # the other files stay the shipped ones


def test_a_broken_custom_file_is_reported_and_the_shipped_one_used(tmp_path):
    custom = tmp_path / "plans"
    custom.mkdir()
    (custom / "onboarding.toml").write_text(
        '[[scenario]]\nvalue = "x"\nlabel = "X"\nlevel = "team"\n'
        '[[trigger]]\nvalue = "t"\nlabel = "T"\n[[control]]\nvalue = "c"\nlabel = "C"\n'
        '[[action]]\nperformer = "us"\ndescription = "Do it"\nat = 2\nfor = ["y"]\n'
    )
    (custom / "offboarding.toml").write_text("kind = [")
    found, problems = load_templates(custom)
    assert len(found.scenarios) == 9
    text = "\n".join(problems)
    assert "plans/onboarding.toml: action 1 has performer 'us'" in text
    assert "'at' must be a number from 0 (plan start) to 1 (plan end)" in text
    assert "'for' names 'y'" in text
    assert 'scenario \'x\' needs level "customer" or "user"' in text
    assert "plans/onboarding.toml: not used; the shipped one is used instead" in text
    assert "plans/offboarding.toml: not valid TOML" in text


# --- prefill -----------------------------------------------------------------------------------


def test_spread_due_places_actions_between_start_and_end():
    start = date(2026, 12, 1)
    assert spread_due(0, start=start, end=date(2027, 1, 30), usual_days=10) == start
    assert spread_due(1, start=start, end=date(2027, 1, 30), usual_days=10) == date(2027, 1, 30)
    assert spread_due(0.25, start=start, end=start + timedelta(days=10), usual_days=99) == date(
        2026, 12, 4
    )  # 2.5 days rounds up
    # no end date, or one before the start: the scenario's usual length
    assert spread_due(0.5, start=start, end=None, usual_days=30) == date(2026, 12, 16)
    assert spread_due(0.5, start=start, end=date(2026, 11, 1), usual_days=30) == date(2026, 12, 16)


def test_onboarding_prefill_follows_the_scenario_and_the_dates():
    rows = prefill_onboarding_actions(
        {
            "scenario": "customer_adds_services",
            "starts_on": "2026-12-01",
            "ends_on": "2027-01-30",
        },
        today=TODAY,
    )
    described = {r["description"]: r for r in rows}
    first = described["Give our specialists access to the systems they need"]
    assert first == {
        "dimension": "information_technology",
        "performer": "consumer",
        "description": "Give our specialists access to the systems they need",
        "owner": "Client project lead",
        "due": "2026-12-07",  # 0.1 of 60 days
    }
    switch_off = described["Switch off the systems the service makes redundant"]
    assert switch_off["due"] == "2027-01-27"  # 0.95 of 60 days
    assert "Migrate or convert the customer's data" not in described  # no migration here
    assert "Set up governance: steering meetings, progress reporting and escalation routes" not in (
        described
    )
    dues = [r["due"] for r in rows]
    assert dues == sorted(dues)
    assert all("2026-12-01" <= d <= "2027-01-30" for d in dues)
    assert not any(r["description"].startswith("Guided set-up") for r in rows)  # user level


def test_a_migration_scenario_adds_migration_actions_and_user_scenarios_their_own():
    moving = prefill_onboarding_actions(
        {"scenario": "consumer_from_other_provider", "starts_on": "2026-12-01"}, today=TODAY
    )
    texts = {r["description"] for r in moving}
    assert "Migrate or convert the customer's data" in texts
    assert "Cancel or change the contracts for the services being replaced" in texts
    # no end date: spread over the scenario's usual 120 days
    assert max(r["due"] for r in moving) == "2027-03-25"
    assert {r["dimension"] for r in moving} == {d.value for d in FourDimension}

    user = prefill_onboarding_actions({"scenario": "new_user"}, today=TODAY)
    texts = {r["description"] for r in user}
    assert "Guided set-up of the user's account and devices" in texts
    assert "Integrate our systems with the customer's" not in texts
    assert min(r["due"] for r in user) == TODAY.isoformat()  # no start date: from today
    assert prefill_onboarding_actions({}, today=TODAY) == []


def test_offboarding_prefill_per_kind():
    customer = prefill_offboarding_actions(
        {"kind": "customer", "starts_on": "2026-12-01", "ends_on": "2027-01-30"}, today=TODAY
    )
    texts = [r["description"] for r in customer]
    assert len(texts) == 11
    for expected in (
        "Tell every stakeholder about the exit: users, customers, suppliers and regulators",
        "Take our equipment back from the customer",
        "Revoke our staff's access to the customer's systems",
        "Revoke the customer's access to our systems",
        "Settle the exit payments owed in either direction",
    ):
        assert expected in texts
    assert customer[0]["due"] == "2026-12-01" and customer[-1]["due"] == "2027-01-30"
    assert customer[0]["owner"] == "Our exit lead"

    user = prefill_offboarding_actions({"kind": "user"}, today=TODAY)
    assert "Delete the user's data that is not archived" in {r["description"] for r in user}
    assert max(r["due"] for r in user) == "2026-12-04"  # 14 days from today

    switch = prefill_offboarding_actions({"kind": "provider_switch"}, today=TODAY)
    assert {r["dimension"] for r in switch} == {d.value for d in FourDimension}
    assert prefill_offboarding_actions({"kind": "nobody"}, today=TODAY) == []


# --- result handlers -----------------------------------------------------------------------------


def test_finishing_the_plan_wizard_writes_the_plan(store):
    client_id = _client(store)
    run_id = _finish(store, client_id, "onboard.plan", _onboarding_answers())
    plan = _only_plan(store, client_id)
    assert plan.run_id == run_id
    assert plan.title == "Existing customer adding services"  # no title: the scenario's
    assert plan.status == PlanStatus.AGREED  # the client approved it
    assert plan.scenario_label == "Existing customer adding services"
    assert plan.trigger_label == "Contract signed"
    assert (plan.starts_on, plan.ends_on) == (date(2026, 11, 1), date(2026, 12, 31))
    assert plan.end_criterion == "All branches live"
    assert [(g.goal, g.measure) for g in plan.goals] == [
        ("Every branch on the new desk", "No old-style calls by week 6")
    ]
    assert [(s.dimension, s.resource, s.need) for s in plan.scope] == [
        (FourDimension.ORGANIZATIONS_PEOPLE, "Branch staff", "Briefing"),
        (FourDimension.INFORMATION_TECHNOLOGY, "Desk phones", ""),
    ]
    assert plan.control_labels == ("Project",)
    assert plan.notes == "Keep the casting floor free on run days."
    assert [(a.description, a.performer, a.owner, a.due, a.dimension) for a in plan.actions] == [
        (
            "Brief the branch managers",
            Performer.PROVIDER,
            "Sam",
            date(2026, 11, 5),
            FourDimension.ORGANIZATIONS_PEOPLE,
        ),
        (
            "Give our engineers access",
            Performer.CONSUMER,
            "Ngozi",
            date(2026, 11, 15),
            FourDimension.INFORMATION_TECHNOLOGY,
        ),
        (
            "Supplier reviews its contract",
            Performer.CONSUMER_SUPPLIER,
            "",
            date(2026, 12, 20),
            None,
        ),
    ]


def test_a_plan_not_yet_approved_is_a_draft(store):
    client_id = _client(store)
    _finish(store, client_id, "onboard.plan", _onboarding_answers(approved="not_yet", title="X"))
    plan = _only_plan(store, client_id)
    assert (plan.title, plan.status) == ("X", PlanStatus.DRAFT)


def test_finishing_again_updates_the_same_plan_and_keeps_done_marks(store):
    client_id = _client(store)
    run_id = _finish(store, client_id, "onboard.plan", _onboarding_answers())
    first = _only_plan(store, client_id)
    brief, access, supplier = first.actions
    with store.session() as session:
        toggle_action_done(session=session, action_id=brief.id)
        manual = add_action(
            session=session,
            kind=first.kind,
            plan_id=first.id,
            data=ActionData("Added on the plans screen"),
        )
        set_status(session=session, kind="onboarding", plan_id=first.id, status=PlanStatus.RUNNING)
    changed = _onboarding_answers(
        title="Desk rollout",
        approved="not_yet",
        scope=[{"dimension": "partners_suppliers", "resource": "Phone supplier", "need": ""}],
        actions=[
            {**_onboarding_answers()["actions"][0], "owner": "Priya"},  # same action, new owner
            {"performer": "provider", "description": "A brand new row", "due": "2026-12-01"},
        ],
    )
    with store.session() as session:
        for key, value in changed.items():
            save_answer(session=session, run_id=run_id, question_key=key, value=value)
        finish_run(session=session, run_id=run_id)
    plan = _only_plan(store, client_id)
    assert plan.id == first.id
    assert plan.title == "Desk rollout"
    assert plan.status == PlanStatus.RUNNING  # moved on already: the wizard leaves it be
    assert [s.resource for s in plan.scope] == ["Phone supplier"]
    by_text = {a.description: a for a in plan.actions}
    assert set(by_text) == {
        "Brief the branch managers",
        "A brand new row",
        "Added on the plans screen",
    }
    assert by_text["Brief the branch managers"].id == brief.id
    assert by_text["Brief the branch managers"].done  # the done mark survived
    assert by_text["Brief the branch managers"].owner == "Priya"
    assert by_text["Added on the plans screen"].id == manual.id
    assert access.id not in {a.id for a in plan.actions}
    assert supplier.id not in {a.id for a in plan.actions}
    with store.session() as session:
        assert len(session.exec(select(OnboardingPlan)).all()) == 1
        assert len(session.exec(select(OnboardingScopeItem)).all()) == 1
        assert len(session.exec(select(PlanAction)).all()) == 3


def _offboarding_answers(**changes):
    answers = {
        "title": "",
        "kind": "customer",
        "reason": "Merged with another firm",
        "dissatisfied": "yes",
        "dispute_why": "Disputes the exit charge",
        "legal_expected": "yes",
        "starts_on": "2026-11-01",
        "ends_on": "2026-12-31",
        "actions": prefill_offboarding_actions(
            {"kind": "customer", "starts_on": "2026-11-01", "ends_on": "2026-12-31"}, today=TODAY
        ),
        "note": "",
    }
    answers.update(changes)
    return answers


def test_an_unhappy_client_makes_the_offboarding_plan_confidential(store):
    client_id = _client(store)
    run_id = _finish(store, client_id, "onboard.offboarding", _offboarding_answers())
    plan = _only_plan(store, client_id)
    assert plan.kind == "offboarding" and plan.run_id == run_id
    assert plan.offboarding_kind == OffboardingKind.CUSTOMER
    assert plan.title == "A customer leaves"
    assert plan.reason == "Merged with another firm"
    assert (plan.is_dispute, plan.confidential, plan.legal_expected) == (True, True, True)
    assert plan.confidential_reason == "Disputes the exit charge"
    assert plan.status == PlanStatus.DRAFT
    assert len(plan.actions) == 11


def test_a_calm_exit_is_not_confidential_and_a_second_finish_updates_it(store):
    client_id = _client(store)
    with store.session() as session:
        run = start_run(session=session, account_id=client_id, set_key="onboard.offboarding")
        session.expunge(run)
    answers = _offboarding_answers(dissatisfied="no", kind="user", title="Leaver: Jo")
    with store.session() as session:
        first = offboarding_from_run(session=session, run=run, answers=answers)
        session.commit()
        again = offboarding_from_run(session=session, run=run, answers=answers)
        session.commit()
        assert first == again
        row = session.get(OffboardingPlan, first)
        assert row is not None
        assert (row.kind, row.title) == (OffboardingKind.USER, "Leaver: Jo")
        # the answers to the dispute questions no longer count once the client is content
        assert (row.is_dispute, row.confidential, row.legal_expected) == (False, False, False)
        assert row.confidential_reason == ""
        assert len(session.exec(select(PlanAction)).all()) == 11


def test_the_handler_writes_through_the_session_it_is_given(store):
    """The engine commits the plan together with the finished run."""
    client_id = _client(store)
    with store.session() as session:
        run = start_run(session=session, account_id=client_id, set_key="onboard.plan")
        plan_from_run(session=session, run=run, answers=_onboarding_answers())
        session.rollback()
    with store.session() as session:
        assert session.exec(select(OnboardingPlan)).all() == []


# --- progress and overdue -----------------------------------------------------------------------


def test_progress_and_overdue_with_a_fixed_today(store):
    client_id = _client(store)
    _finish(store, client_id, "onboard.plan", _onboarding_answers())
    _finish(store, client_id, "onboard.offboarding", _offboarding_answers())
    onboarding = next(p for p in _plans(store, client_id) if p.kind == "onboarding")
    with store.session() as session:
        toggle_action_done(session=session, action_id=onboarding.actions[0].id)  # due 11-05
    with store.session() as session:
        progress = {
            p.kind: p for p in plan_progress(session=session, account_id=client_id, today=TODAY)
        }
    on = progress["onboarding"]
    assert (on.done, on.total, on.status, on.confidential) == (1, 3, PlanStatus.AGREED, False)
    assert [(o.description, o.due) for o in on.overdue] == [
        ("Give our engineers access", date(2026, 11, 15))  # due passed, not done
    ]
    assert on.describe() == "1 of 3 actions done, 1 overdue"
    off = progress["offboarding"]
    assert off.confidential and off.total == 11
    assert [o.due for o in off.overdue] == [date(2026, 11, 1), date(2026, 11, 19)]
    assert all(o.confidential for o in off.overdue)
    # on the due date itself an action is not overdue yet
    with store.session() as session:
        later = plan_progress(session=session, account_id=client_id, today=date(2026, 11, 15))
    assert [len(p.overdue) for p in later if p.kind == "onboarding"] == [0]
    with store.session() as session:
        everything = overdue_actions(session=session, account_id=client_id, today=TODAY)
    assert [o.due for o in everything] == sorted(o.due for o in everything)
    assert len(everything) == 3


def _plans(store, client_id):
    with store.session() as session:
        return plans_for(session=session, account_id=client_id)


def test_a_closed_plan_has_nothing_overdue(store):
    client_id = _client(store)
    _finish(store, client_id, "onboard.plan", _onboarding_answers())
    plan = _only_plan(store, client_id)
    with store.session() as session:
        set_status(session=session, kind="onboarding", plan_id=plan.id, status=PlanStatus.RUNNING)
        close_review(session=session, plan_id=plan.id, answers={**ALL_YES, "actions_done": "no"})
        set_status(session=session, kind="onboarding", plan_id=plan.id, status=PlanStatus.CLOSED)
        assert overdue_actions(session=session, account_id=client_id, today=TODAY) == []
        (progress,) = plan_progress(session=session, account_id=client_id, today=TODAY)
    assert progress.status == PlanStatus.CLOSED and progress.overdue == []


# --- status and the closing review ------------------------------------------------------------


def test_status_moves_one_step_at_a_time(store):
    client_id = _client(store)
    _finish(store, client_id, "onboard.plan", _onboarding_answers(approved="not_yet"))
    plan = _only_plan(store, client_id)
    assert status_problem(plan, PlanStatus.RUNNING) == (
        "A draft plan can move to agreed, not straight to running."
    )
    assert status_problem(plan, PlanStatus.DRAFT) == "The plan is already draft."
    with store.session() as session:
        with pytest.raises(PlanError, match="not straight to closed"):
            set_status(
                session=session, kind="onboarding", plan_id=plan.id, status=PlanStatus.CLOSED
            )
        for status in (PlanStatus.AGREED, PlanStatus.DRAFT, PlanStatus.AGREED, PlanStatus.RUNNING):
            set_status(session=session, kind="onboarding", plan_id=plan.id, status=status)
        with pytest.raises(PlanError, match=r"Run the closing review first \(v\)"):
            set_status(
                session=session, kind="onboarding", plan_id=plan.id, status=PlanStatus.CLOSED
            )
        assert get_plan(session=session, kind="onboarding", plan_id=plan.id).status == (
            PlanStatus.RUNNING
        )
        close_review(session=session, plan_id=plan.id, answers={**ALL_YES, "actions_done": "no"})
        set_status(session=session, kind="onboarding", plan_id=plan.id, status=PlanStatus.CLOSED)
        set_status(session=session, kind="onboarding", plan_id=plan.id, status=PlanStatus.RUNNING)
        assert get_plan(session=session, kind="onboarding", plan_id=plan.id).status == (
            PlanStatus.RUNNING
        )


def test_an_offboarding_plan_closes_only_when_every_action_is_done(store):
    client_id = _client(store)
    _finish(store, client_id, "onboard.offboarding", _offboarding_answers())
    plan = _only_plan(store, client_id)
    with store.session() as session:
        for status in (PlanStatus.AGREED, PlanStatus.RUNNING):
            set_status(session=session, kind="offboarding", plan_id=plan.id, status=status)
        with pytest.raises(PlanError, match="11 actions are still open; mark them done or remove"):
            set_status(
                session=session, kind="offboarding", plan_id=plan.id, status=PlanStatus.CLOSED
            )
        for action in plan.actions:
            toggle_action_done(session=session, action_id=action.id)
        set_status(session=session, kind="offboarding", plan_id=plan.id, status=PlanStatus.CLOSED)
    assert "have no closing review" in (plans.review_blocked(plan) or "")


def test_the_closing_review_needs_every_answer_and_cannot_claim_open_actions_done(store):
    client_id = _client(store)
    _finish(store, client_id, "onboard.plan", _onboarding_answers())
    plan = _only_plan(store, client_id)
    with store.session() as session:
        with pytest.raises(PlanError, match="start the plan first"):
            close_review(session=session, plan_id=plan.id, answers=ALL_YES)
        set_status(session=session, kind="onboarding", plan_id=plan.id, status=PlanStatus.RUNNING)
        with pytest.raises(InvalidInput) as missing:
            close_review(session=session, plan_id=plan.id, answers={"actions_done": "no"})
        assert set(missing.value.errors) == set(ALL_YES) - {"actions_done"}
        with pytest.raises(InvalidInput) as claimed:
            close_review(session=session, plan_id=plan.id, answers=ALL_YES)
        assert claimed.value.errors == {
            "actions_done": "3 actions are still open: answer no or partly, "
            "or mark them done first."
        }
        assert get_plan(session=session, kind="onboarding", plan_id=plan.id).reviewed_at is None
        reviewed = close_review(
            session=session,
            plan_id=plan.id,
            answers={**ALL_YES, "actions_done": "partial"},
            notes={"open_items_listed": "Supplier contract still open\n", "risks_assessed": "  "},
        )
    assert reviewed.has_review
    assert reviewed.reviewed_at == clock.now()
    assert _only_plan(store, client_id).reviewed_at == clock.now()  # read back: same moment
    assert reviewed.review == {
        **ALL_YES,
        "actions_done": "partial",
        "notes": {"open_items_listed": "Supplier contract still open"},
    }


def test_the_review_form_starts_with_the_open_actions_then_with_what_was_stored(store, templates):
    client_id = _client(store)
    _finish(store, client_id, "onboard.plan", _onboarding_answers())
    plan = _only_plan(store, client_id)
    start = review_start(plan, templates.review)
    assert start == {
        "open_items_listed_note": "- Brief the branch managers (Sam)\n"
        "- Give our engineers access (Ngozi)\n"
        "- Supplier reviews its contract"
    }
    with store.session() as session:
        set_status(session=session, kind="onboarding", plan_id=plan.id, status=PlanStatus.RUNNING)
        reviewed = close_review(
            session=session,
            plan_id=plan.id,
            answers={**ALL_YES, "actions_done": "no"},
            notes={"risks_assessed": "None left"},
        )
    assert review_start(reviewed, templates.review) == {
        **ALL_YES,
        "actions_done": "no",
        "risks_assessed_note": "None left",
    }


# --- editing actions ---------------------------------------------------------------------------


def test_parse_action_says_what_to_fix():
    with pytest.raises(InvalidInput) as bad:
        parse_action(
            {"description": " ", "due": "next week", "dimension": "vibes", "performer": "x"}
        )
    assert bad.value.errors == {
        "description": "Say what needs doing.",
        "due": "'next week' is not a date; use YYYY-MM-DD.",
        "dimension": "Choose one of the four dimensions, or none.",
        "performer": "Choose provider, consumer or consumer's supplier.",
    }
    data = parse_action(
        {"description": " Ship\tit ", "owner": "Jo", "due": "2026-12-01", "dimension": None}
    )
    assert data == ActionData("Ship it", "Jo", date(2026, 12, 1), None, Performer.PROVIDER)


def test_toggle_update_add_and_remove_actions(store):
    client_id = _client(store)
    _finish(store, client_id, "onboard.plan", _onboarding_answers())
    plan = _only_plan(store, client_id)
    first = plan.actions[0]
    with store.session() as session:
        assert toggle_action_done(session=session, action_id=first.id) is True
        assert toggle_action_done(session=session, action_id=first.id) is False
        updated = update_action(
            session=session,
            action_id=first.id,
            data=ActionData(
                "Brief all managers", "Priya", date(2026, 12, 2), None, Performer.CONSUMER
            ),
        )
        assert (updated.description, updated.owner, updated.due, updated.dimension) == (
            "Brief all managers",
            "Priya",
            date(2026, 12, 2),
            None,
        )
        added = add_action(
            session=session,
            kind="onboarding",
            plan_id=plan.id,
            data=ActionData("Celebrate", dimension=FourDimension.ORGANIZATIONS_PEOPLE),
        )
        assert added.sort_order == plans.MANUAL_ORDER
        remove_action(session=session, action_id=plan.actions[1].id)
        with pytest.raises(LookupError):
            remove_action(session=session, action_id=plan.actions[1].id)
        with pytest.raises(LookupError):
            add_action(session=session, kind="offboarding", plan_id=plan.id, data=ActionData("x"))
    texts = [a.description for a in _only_plan(store, client_id).actions]
    assert texts == ["Brief all managers", "Supplier reviews its contract", "Celebrate"]


# --- demo -----------------------------------------------------------------------------------------


def test_the_demo_has_a_running_onboarding_and_a_confidential_offboarding(demo_store):
    from relwork.models import Account, Organization, WizardRun

    with demo_store.session() as session:
        ids = {
            org.name: account.id
            for org, account in session.exec(
                select(Organization, Account).where(Account.organization_id == Organization.id)
            ).all()
        }
        ravensholt = plan_progress(
            session=session, account_id=ids["Ravensholt Precision Castings"], today=TODAY
        )
        pemberlow = plans_for(session=session, account_id=ids["Pemberlow Ashcroft LLP"])
        runs = {r.id: r for r in session.exec(select(WizardRun)).all()}
    (onboarding,) = ravensholt
    assert onboarding.kind == "onboarding" and onboarding.status == PlanStatus.RUNNING
    assert 0 < onboarding.done < onboarding.total
    assert 1 <= len(onboarding.overdue) <= 2
    (exit_plan,) = pemberlow
    assert exit_plan.offboarding_kind == OffboardingKind.CUSTOMER
    assert exit_plan.confidential and exit_plan.is_dispute
    assert "early-exit charge" in exit_plan.confidential_reason
    # made through the wizard: a finished run of the offboarding set
    run = runs[exit_plan.run_id]
    assert run.set_key == "onboard.offboarding" and run.status == "finished"


def test_the_plan_of_a_run_is_found_from_the_run(store):
    client_id = _client(store)
    onboarding_run = _finish(store, client_id, "onboard.plan", _onboarding_answers())
    offboarding_run = _finish(store, client_id, "onboard.offboarding", _offboarding_answers())
    with store.session() as session:
        onboarding = plan_of_run(session=session, run_id=onboarding_run)
        offboarding = plan_of_run(session=session, run_id=offboarding_run)
        kinds = {p.kind: p for p in plans_for(session=session, account_id=client_id)}
        assert plan_of_run(session=session, run_id=offboarding_run + 999) is None
    assert onboarding is not None and offboarding is not None
    assert onboarding[0] == "onboarding" and offboarding[0] == "offboarding"
    assert onboarding[1:] == (kinds["onboarding"].id, kinds["onboarding"].title)
    assert offboarding[1:] == (kinds["offboarding"].id, kinds["offboarding"].title)
