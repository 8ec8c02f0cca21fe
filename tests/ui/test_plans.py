"""The plans screen by keyboard: actions marked done, edited, added and removed; the
status rules, the closing review and closing; export; the wizard keys; and snapshots
at 80x24 and 120x40 of an onboarding plan in progress and a confidential exit.

Read every changed SVG before accepting it:
`pytest tests/ui/test_plans.py --snapshot-update -n 0`.
"""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select
from textual.widgets import Static

from relwork import clock
from relwork.enums import PlanStatus
from relwork.models import PlanAction, WizardRun
from relwork.screens.client import ClientScreen
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.form import FormScreen
from relwork.screens.plans import PlansScreen
from relwork.services.clients import create_client, parse_client
from relwork.services.demo import DemoPortfolio
from relwork.services.plan_demo import load_demo_plans
from relwork.services.plans import plans_for
from relwork.widgets.plan_actions import PlanActionsTable
from relwork.widgets.step_panel import StepPanel
from tests.ui.conftest import TEST_USER, make_app, settle, static_text

SIZES = [(80, 24), (120, 40)]
RAVENSHOLT = "Ravensholt Precision Castings"
PEMBERLOW = "Pemberlow Ashcroft LLP"


def _prepared(store) -> dict[str, int]:
    """Two clients with the demo plans (from data/demo/plans.toml, through the wizard
    engine); built here so that other demo data cannot move these tests."""
    with store.session() as session:
        ids = {
            name: create_client(
                session=session, data=parse_client({"name": name, "current_step": "onboard"})
            ).id
            for name in (RAVENSHOLT, PEMBERLOW)
        }
        load_demo_plans(
            session=session, portfolio=DemoPortfolio(now=clock.now(), accounts=ids, contacts={})
        )
        session.commit()
    return ids


async def _open(pilot, client_id: int) -> PlansScreen:
    await settle(pilot)
    await pilot.app.push_screen(PlansScreen(client_id))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PlansScreen)
    return screen


def _selected(app) -> str:
    action = app.screen.query_one(PlanActionsTable).selected
    assert action is not None
    return action.description


def _actions(store, client_id):
    with store.session() as session:
        (plan,) = [p for p in plans_for(session=session, account_id=client_id)]
    return plan, {a.description: a for a in plan.actions}


def _messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_mark_done_edit_add_and_remove_actions_by_keyboard(store):
    client_id = _prepared(store)[RAVENSHOLT]
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, client_id)
        assert "Ravensholt" in static_text(screen.query_one("#screen-header", Static))
        assert _selected(app) == "Set up the weekly rollout call with Ngozi and the site leads"
        await pilot.press("up")  # the group row above is skipped
        assert _selected(app).startswith("Set up the weekly rollout call")

        # space marks the highlighted action done
        await pilot.press("down", "down")
        assert _selected(app) == "Brief staff at the second foundry"
        await pilot.press("space")
        await settle(pilot)
        _plan, actions = _actions(store, client_id)
        assert actions["Brief staff at the second foundry"].done
        assert _selected(app) == "Brief staff at the second foundry"
        assert screen.query_one(PlanActionsTable).border_title == "Actions · 6/12 done"

        # e edits the owner and the due date; a bad date is refused with a message
        await pilot.press("e")
        assert isinstance(app.screen, FormScreen)
        await pilot.press("tab", "tab", "tab", "ctrl+u", *"Priya Nair")
        await pilot.press("tab", "ctrl+u", *"soon", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        error = static_text(app.screen.query_one("#error-due", Static))
        assert "'soon' is not a date; use YYYY-MM-DD." in error
        await pilot.press("ctrl+u", *"2026-12-09", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        _plan, actions = _actions(store, client_id)
        edited = actions["Brief staff at the second foundry"]
        assert (edited.owner, edited.due) == ("Priya Nair", date(2026, 12, 9))
        assert edited.done  # editing keeps the done mark

        # a adds an action to the plan, in the group under the cursor, owned by the user
        await pilot.press("a")
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Order spare access points", "ctrl+s")
        await settle(pilot)
        _plan, actions = _actions(store, client_id)
        added = actions["Order spare access points"]
        assert added.owner == TEST_USER
        assert added.dimension is not None and added.dimension.value == "organizations_people"
        assert _selected(app) == "Order spare access points"

        # d removes it, after asking
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        _plan, actions = _actions(store, client_id)
        assert "Order spare access points" not in actions
        assert len(actions) == 12


async def test_closing_needs_the_review_then_the_plan_closes(store):
    client_id = _prepared(store)[RAVENSHOLT]
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, client_id)
        # s offers the next status (closed); the rule refuses it without a review
        await pilot.press("s")
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = static_text(app.screen.query_one("#error-status", Static))
        assert "Run the closing review first (v), then close the plan." in error
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen

        # v: the checklist; a missing answer is named, "yes" with open actions refused
        await pilot.press("v")
        form = app.screen
        assert isinstance(form, FormScreen)
        note = form.query_one("#field-open_items_listed_note")
        assert "Add device registration and removal" in note.text  # open actions listed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Answer this item" in static_text(form.query_one("#error-risks_assessed", Static))

        async def choose(steps: int) -> None:
            """Open the focused answer list, move down ``steps`` options, pick."""
            await pilot.press("enter", *(["down"] * steps), "enter")
            await pilot.pause()

        await pilot.press("shift+tab")  # back to the first field from the Save button
        while form.focused is not form.query_one("#field-actions_done"):
            await pilot.press("shift+tab")
        await choose(1)  # Yes (below the blank)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "actions are still open" in static_text(
            form.query_one("#error-actions_done", Static)
        )
        await choose(1)  # Partly (the list opens on the answer given)
        for field in (
            "satisfaction_reviewed",
            "open_items_listed",
            "risks_assessed",
            "improvements_registered",
        ):
            while form.focused is not form.query_one(f"#field-{field}"):
                await pilot.press("tab")
            await choose(1)  # Yes
        await pilot.press("tab", *"Spares for line 3")  # the improvements note
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # close the plan now?
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        plan, _actions_now = _actions(store, client_id)
        assert plan.status == PlanStatus.CLOSED
        assert plan.review["actions_done"] == "partial"
        assert plan.review["notes"]["improvements_registered"] == "Spares for line 3"
        assert "Closing review: 2026-11-20 (4 yes, 1 partly)" in static_text(
            screen.query_one("#plans-detail-text", Static)
        )
        assert "closed." in _messages(app)[-1]


async def test_export_writes_a_private_markdown_file(store):
    client_id = _prepared(store)[PEMBERLOW]
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, client_id)
        detail = static_text(screen.query_one("#plans-detail-text", Static), width=400)
        assert "CONFIDENTIAL The firm disputes the early-exit charge" in detail
        assert "v" not in {
            b.key for (_k, b, enabled, _t) in screen.active_bindings.values() if enabled
        }  # no closing review for an offboarding plan
        await pilot.press("x")
        await settle(pilot)
        message = next(m for m in _messages(app) if m.startswith("Exported to "))
    path = Path(message.removeprefix("Exported to "))
    assert path.name == "plan-pemberlow-ashcroft-llp-exit-to-quillmere-it-after-the-merger.md"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text("utf-8")
    assert text.startswith("**CONFIDENTIAL**")
    assert "# Exit to Quillmere IT after the merger" in text


async def test_the_onboard_step_opens_the_plans_and_shows_their_progress(store):
    ids = _prepared(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_client(ids[RAVENSHOLT])
        await settle(pilot)
        assert isinstance(app.screen, ClientScreen)
        await pilot.press("5")
        await settle(pilot)
        page = static_text(app.screen.query_one(StepPanel).query_one("#step-body", Static))
        assert "onboarding and offboarding plans" in page
        assert "5 of 12 actions done, 2 overdue · running" in page
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, PlansScreen)


async def test_n_starts_the_plan_wizard_and_resumes_it(store):
    from relwork.screens.wizard import WizardScreen

    client_id = _prepared(store)[RAVENSHOLT]
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, client_id)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
    with store.session() as session:
        runs = session.exec(
            select(WizardRun).where(
                WizardRun.account_id == client_id, col(WizardRun.finished_at).is_(None)
            )
        ).all()
    assert sorted(r.set_key for r in runs) == ["onboard.offboarding", "onboard.plan"]


async def test_moving_in_the_plan_list_shows_that_plan(store):
    with store.session() as session:
        client_id = create_client(session=session, data=parse_client({"name": "Both"})).id
        both = {RAVENSHOLT: client_id, PEMBERLOW: client_id}  # both demo plans on one client
        load_demo_plans(
            session=session, portfolio=DemoPortfolio(now=clock.now(), accounts=both, contacts={})
        )
        session.commit()
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, client_id)
        assert [p.kind for p in screen.plans] == ["offboarding", "onboarding"]  # newest first
        assert _selected(app).startswith("Tell the firm's users")
        await pilot.press("shift+tab")
        while app.focused is not screen.query_one("#plans-list"):
            await pilot.press("shift+tab")
        await pilot.press("down")
        await settle(pilot)
        detail = static_text(screen.query_one("#plans-detail-text", Static))
        assert "Onboarding: Existing customer adding services" in detail
        assert "CONFIDENTIAL" not in detail
        await pilot.press("enter")  # on to the plan's actions
        assert app.focused is screen.query_one(PlanActionsTable)
        assert _selected(app).startswith("Set up the weekly rollout call")
        await pilot.press("space")
        await settle(pilot)
        assert screen.plan is not None and screen.plan.kind == "onboarding"  # stays selected
        assert screen.plan.done == 4  # it was done: space opened it again


async def test_no_plans_yet_says_how_to_start_one(store):
    with store.session() as session:
        client_id = create_client(session=session, data=parse_client({"name": "Newco"})).id
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, client_id)
        assert "n starts an onboarding plan, N an offboarding plan" in static_text(
            screen.query_one("#plans-detail-text", Static)
        )
        await pilot.press("space", "e", "d", "x")  # nothing to act on: nothing happens
        await settle(pilot)
        assert app.screen is screen
    with store.session() as session:
        assert session.exec(select(PlanAction)).all() == []


# --- snapshots -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_plans_screen_onboarding_in_progress(snap_compare, store, size):
    client_id = _prepared(store)[RAVENSHOLT]

    async def open_plans(pilot) -> None:
        await _open(pilot, client_id)
        await pilot.press("down", "down", "down", "down")  # onto the overdue action
        await settle(pilot)

    assert snap_compare(make_app(store, demo=False), terminal_size=size, run_before=open_plans)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_plans_screen_confidential_offboarding(snap_compare, store, size):
    client_id = _prepared(store)[PEMBERLOW]

    async def open_plans(pilot) -> None:
        await _open(pilot, client_id)

    assert snap_compare(make_app(store, demo=False), terminal_size=size, run_before=open_plans)
