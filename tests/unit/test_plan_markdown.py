"""Plans as Markdown: what the page holds, how user text is kept safe, private files."""

from __future__ import annotations

import stat
from datetime import date

import pytest

from relwork.enums import PlanStatus
from relwork.exporters.plan_markdown import export_file_name, export_plan, plan_markdown
from relwork.locations import data_dir
from relwork.services.clients import create_client, parse_client
from relwork.services.plan_wizard import offboarding_from_run, plan_from_run
from relwork.services.plans import (
    close_review,
    plans_for,
    set_status,
    toggle_action_done,
)
from relwork.services.wizard_runs import start_run

TODAY = date(2026, 11, 20)


def _plan(store, kind: str, answers: dict):
    with store.session() as session:
        client = create_client(session=session, data=parse_client({"name": "Acme | Sons"}))
        set_key = "onboard.plan" if kind == "onboarding" else "onboard.offboarding"
        run = start_run(session=session, account_id=client.id, set_key=set_key)
        handler = plan_from_run if kind == "onboarding" else offboarding_from_run
        handler(session=session, run=run, answers=answers)
        session.commit()
        (plan,) = plans_for(session=session, account_id=client.id)
    return plan


ONBOARDING = {
    "title": "# Desk rollout #",
    "goals": [{"goal": "Branches on the new desk", "measure": "Calls | week 6"}],
    "scenario": "customer_adds_services",
    "scope": [{"dimension": "information_technology", "resource": "Desk phones", "need": "Swap"}],
    "start_trigger": "contract_signed",
    "starts_on": "2026-11-01",
    "ends_on": "2026-12-31",
    "end_criterion": "All branches live",
    "actions": [
        {
            "dimension": "organizations_people",
            "performer": "provider",
            "description": "Brief the managers",
            "owner": "Sam",
            "due": "2026-11-05",
        },
        {
            "dimension": "information_technology",
            "performer": "consumer",
            "description": "Open the\nfirewall | ports",
            "owner": "Ngozi",
            "due": "2026-11-15",
        },
        {"performer": "consumer_supplier", "description": "Supplier review", "due": "2026-12-20"},
    ],
    "control_approach": ["project", "audit_assurance"],
    "approved": "yes",
    "note": "## not a heading\nsecond line",
}


@pytest.fixture
def onboarding(store):
    plan = _plan(store, "onboarding", ONBOARDING)
    with store.session() as session:
        toggle_action_done(session=session, action_id=plan.actions[0].id)
        set_status(session=session, kind="onboarding", plan_id=plan.id, status=PlanStatus.RUNNING)
        close_review(
            session=session,
            plan_id=plan.id,
            answers={
                "actions_done": "no",
                "satisfaction_reviewed": "yes",
                "open_items_listed": "yes",
                "risks_assessed": "partial",
                "improvements_registered": "na",
            },
            notes={"open_items_listed": "- Firewall ports\n- Supplier review"},
        )
        (plan,) = plans_for(session=session, account_id=plan.account_id)
    return plan


def test_an_onboarding_plan_page(onboarding):
    text = plan_markdown(onboarding, client_name="Acme | Sons", today=TODAY)
    assert text.startswith("# # Desk rollout \\#\n")  # a closing "#" would be dropped
    assert "CONFIDENTIAL" not in text
    for line in (
        "- **Client:** Acme \\| Sons",
        "- **Plan:** Onboarding",
        "- **Status:** Running",
        "- **Dates:** 2026-11-01 to 2026-12-31",
        "- **Progress:** 1 of 3 actions done",
        "- **Scenario:** Existing customer adding services",
        "- **Starts when:** Contract signed",
        "- **Finished when:** All branches live",
        "| Goal | How success is measured |",
        "| Branches on the new desk | Calls \\| week 6 |",
        "| Information & technology | Desk phones | Swap |",
        "### Organizations & people (1 of 1 done)",
        "| Brief the managers | Provider (us) | Sam | 2026-11-05 | yes (2026-11-20) |",
        "### Information & technology (0 of 1 done)",
        "| Open the firewall \\| ports | Consumer (client) | Ngozi | 2026-11-15 **(overdue)** | no |",
        "### Other (0 of 1 done)",
        "| Supplier review | Consumer's supplier |  | 2026-12-20 | no |",
        "## Control approach",
        "## Closing review",
        "Reviewed on 2026-11-20.",
        "- **Every planned action is confirmed done:** No",
        "- **Improvements are registered:** Not applicable",
        "  - Firewall ports",
        "\\## not a heading",
    ):
        assert line in text.splitlines(), line
    assert any(line.startswith("- **Project**: ") for line in text.splitlines())
    assert any(line.startswith("- **Audit and assurance**: ") for line in text.splitlines())
    # the sections come in the order of the plan's five questions
    order = ["## Goals", "## Scope by dimension", "## Actions", "## Control approach"]
    assert [text.index(h) for h in order] == sorted(text.index(h) for h in order)


def test_a_plan_not_reviewed_says_so(store):
    plan = _plan(store, "onboarding", {**ONBOARDING, "goals": [], "scope": []})
    text = plan_markdown(plan, client_name="Acme", today=TODAY)
    assert "_Not reviewed yet._" in text
    assert "_No goals recorded._" in text
    assert "_No scope recorded._" in text


def test_a_confidential_offboarding_plan_says_so_first(store):
    plan = _plan(
        store,
        "offboarding",
        {
            "kind": "customer",
            "reason": "Merged with another firm",
            "dissatisfied": "yes",
            "dispute_why": "Disputes the exit charge",
            "legal_expected": "no",
            "starts_on": "2026-11-01",
            "actions": [{"performer": "provider", "description": "Revoke access"}],
        },
    )
    text = plan_markdown(plan, client_name="Pemberlow", today=TODAY)
    first = text.splitlines()[0]
    assert first.startswith("**CONFIDENTIAL**")
    assert "- **Plan:** Offboarding (a customer leaves)" in text
    assert "- **Dates:** 2026-11-01 to not set" in text
    assert "- **Leaving unhappy or in dispute:** yes" in text
    assert "- **Legal action expected:** no" in text
    assert "Disputes the exit charge" in text
    assert "## Closing review" not in text and "## Goals" not in text


def test_export_writes_a_private_file_in_the_exports_folder(onboarding):
    path = export_plan(None, onboarding, client_name="Acme | Sons", today=TODAY)
    assert path == data_dir() / "exports" / "plan-acme-sons-desk-rollout.md"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert path.read_text("utf-8") == plan_markdown(
        onboarding, client_name="Acme | Sons", today=TODAY
    )
    # exporting again replaces the file, still private
    path.chmod(0o644)
    assert export_plan(None, onboarding, client_name="Acme | Sons", today=TODAY) == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_export_to_a_chosen_folder_or_file(onboarding, tmp_path):
    into_folder = export_plan(tmp_path, onboarding, client_name="Acme", today=TODAY)
    assert into_folder.parent == tmp_path
    chosen = export_plan(tmp_path / "new" / "plan.md", onboarding, client_name="A", today=TODAY)
    assert chosen == tmp_path / "new" / "plan.md"
    assert stat.S_IMODE(chosen.stat().st_mode) == 0o600
    assert stat.S_IMODE(chosen.parent.stat().st_mode) == 0o700


def test_export_file_names():
    assert export_file_name("Ravensholt Precision", "Wi-Fi, both sites!") == (
        "plan-ravensholt-precision-wi-fi-both-sites.md"
    )
    assert export_file_name("", "***") == "plan-untitled.md"
