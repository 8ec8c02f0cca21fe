"""The summary of a finished run: score, band and group bars, the 4 x 4 grid, the gaps
and turning one into an action; plan sets name the plan they wrote.

Snapshots at 80x24 and 120x40 of a summary with gaps and of the 4 x 4 grid. Read every
changed SVG before accepting it:
`pytest tests/ui/test_wizard_summary.py --snapshot-update -n 0`.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select
from textual.widgets import Static

from relwork.models import ActionItem, OnboardingPlan
from relwork.screens.form import FormScreen
from relwork.screens.wizard_summary import WizardSummaryScreen, parse_gap_action, share_bar
from relwork.services.validation import InvalidInput
from relwork.widgets.fitted import FittedTable
from relwork.widgets.maturity_grid import MaturityGrid
from tests.ui.conftest import make_app, settle, static_text
from tests.ui.test_wizard import (
    SIZES,
    current,
    finished_run,
    make_client,
    open_assessments,
    start_set,
    table_rows,
    type_text,
)

COLLAB_WITH_GAPS = {
    "rc1": ("yes", "Three Cs of October: 3.6 and 3.4"),
    "rc2": ("partial", "Sponsor named; finance not yet on the map"),
    "rc3": ("yes", "Ways-of-working note, signed at the steering"),
    "rc4": "no",
    "rc5": "unknown",
    "rc6": ("yes", "Communication plan v1 [with complaints route]"),
    "rc7": "na",
}
GRID_SCORES = dict(
    zip(
        [
            "op_op", "op_vs", "op_it", "op_ps", "vs_op", "vs_vs", "vs_it", "vs_ps",
            "it_op", "it_vs", "it_it", "it_ps", "ps_op", "ps_vs", "ps_it", "ps_ps",
        ],
        [4, 3, 2, 1, 5, 4, 3, 2, 3, 3, 1, 2, 4, 5, 2, 3],
        strict=True,
    )
)  # fmt: skip


async def _open_summary(pilot, client_id: int) -> WizardSummaryScreen:
    """From the client's assessments, Tab to the runs and Enter on the newest."""
    await open_assessments(pilot, client_id)
    await pilot.press("tab", "enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WizardSummaryScreen)
    return screen


def test_helpers():
    assert share_bar(0.5, 4) == "██░░"
    assert share_bar(None, 3) == "···"
    assert parse_gap_action({"owner": " Sam ", "due": "2026-12-05"}) == ("Sam", date(2026, 12, 5))
    assert parse_gap_action({"owner": "", "due": ""}) == ("", None)
    with pytest.raises(InvalidInput) as caught:
        parse_gap_action({"owner": "Sam", "due": "next week"})
    assert "YYYY-MM-DD" in caught.value.errors["due"]


async def test_summary_shows_score_groups_and_gaps(store):
    client_id = make_client(store)
    finished_run(store, client_id, "engage.collab_readiness", COLLAB_WITH_GAPS)
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_summary(pilot, client_id)
        score = static_text(screen.query_one("#summary-score", Static))
        # yes 1 + partial 0.5 + yes 1 + no 0 + yes 1 (unknown and n/a left out) = 3.5 / 5
        assert "Score 70% · Partly ready · 7 of 7 answered" in score
        groups = static_text(screen.query_one("#summary-groups", Static))
        assert "Trust" in groups and "100%" in groups
        assert not screen.query_one(MaturityGrid).display
        rows = table_rows(screen.query_one("#summary-gaps", FittedTable))
        assert [r[2] for r in rows] == ["Partly", "No", "Don't know"]
        assert all(r[-1] == "–" for r in rows)


async def test_a_gap_turned_into_an_action(store):
    client_id = make_client(store)
    run_id = finished_run(store, client_id, "engage.collab_readiness", COLLAB_WITH_GAPS)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_summary(pilot, client_id)
        await pilot.press("down", "t")  # the second gap: rc4, answered no
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.values() == {"owner": "Sam Okafor", "due": "2026-12-04"}  # two weeks on
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "2026-12-24x")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # not a date: the form stays, with its message
        await pilot.press("backspace", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        rows = table_rows(screen.query_one("#summary-gaps", FittedTable))
        assert [r[-1] for r in rows] == ["–", "✓ action", "–"]
        await pilot.press("t")  # once is enough
        await settle(pilot)
        assert app.screen is screen
        assert "An action for this gap is already open." in [n.message for n in app._notifications]

        # the mark survives leaving and coming back
        await pilot.press("escape")
        await settle(pilot)
        screen = await _open_summary(pilot, client_id)
        rows = table_rows(screen.query_one("#summary-gaps", FittedTable))
        assert [r[-1] for r in rows] == ["–", "✓ action", "–"]

    with store.session() as session:
        actions = session.exec(select(ActionItem).where(ActionItem.account_id == client_id)).all()
    assert len(actions) == 1
    assert actions[0].owner == "Sam Okafor"
    assert actions[0].due_date == date(2026, 12, 24)
    assert "(rc4)" in actions[0].text
    assert run_id


async def test_the_grid_summary_shows_every_cell(store):
    client_id = make_client(store, kind="basic")
    finished_run(store, client_id, "engage.maturity_4x4", GRID_SCORES)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_summary(pilot, client_id)
        grid = static_text(screen.query_one(MaturityGrid))
        lines = [line.split() for line in grid.splitlines() if line.strip()]
        assert lines[0][-4:] == ["O&P", "VS&P", "I&T", "P&S"]
        body = {line[0]: [x for x in line[1:] if x != "■"] for line in lines[2:]}
        assert body["O&P"] == ["4", "3", "2", "1"]
        assert body["I&T"] == ["3", "3", "1", "2"]
        legend = static_text(screen.query_one("#summary-legend", Static))
        assert "VS&P Value streams & processes" in legend
        gaps = table_rows(screen.query_one("#summary-gaps", FittedTable))
        assert len(gaps) == sum(1 for v in GRID_SCORES.values() if v <= 2)


async def test_the_onboarding_plan_set_runs_to_a_plan(store):
    client_id = make_client(store, kind="cooperative", current_step="onboard")
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_set(pilot, client_id, "onboard.plan")
        await type_text(pilot, "Warehouse go-live")
        await pilot.press("enter")
        await settle(pilot)
        assert current(app) == "goals"
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Pickers use the scanners")
        await pilot.press("tab")
        await type_text(pilot, "95% of picks scanned")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("pagedown")
        await settle(pilot)
        assert current(app) == "scenario"
        await pilot.press("enter", "pagedown")
        await settle(pilot)
        assert current(app) == "scope"
        await pilot.press("pagedown")  # optional
        await settle(pilot)
        await pilot.press("enter", "pagedown")  # start trigger
        await settle(pilot)
        await type_text(pilot, "2026-12-01")
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "2027-01-31")
        await pilot.press("enter")
        await settle(pilot)
        assert current(app) == "end_criterion"
        await type_text(pilot, "Two weeks without a scanner ticket")
        await pilot.press("pagedown")
        await settle(pilot)
        assert current(app) == "actions"
        suggested = app.screen.query_one("#answer-rows").row_count
        assert suggested > 0
        await pilot.press("pagedown")  # the suggested actions, as they are
        await settle(pilot)
        assert current(app) == "control_approach"
        await pilot.press("space", "pagedown")
        await settle(pilot)
        await pilot.press("pagedown")  # approved: "not yet" by default
        await settle(pilot)
        await pilot.press("pagedown")  # a note is optional
        await settle(pilot)
        assert current(app) == "review"
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WizardSummaryScreen)
        plan_line = static_text(screen.query_one("#summary-plan", Static))
        assert "Onboarding plan created: Warehouse go-live (plan #" in plan_line
        await pilot.press("o")
        await settle(pilot)
        assert type(app.screen).__name__ == "PlansScreen"

    with store.session() as session:
        plans = session.exec(
            select(OnboardingPlan).where(OnboardingPlan.account_id == client_id)
        ).all()
    assert [p.title for p in plans] == ["Warehouse go-live"]
    assert plans[0].goals == [
        {"goal": "Pickers use the scanners", "measure": "95% of picks scanned"}
    ]


# --- snapshots -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_summary_with_gaps(snap_compare, store, size):
    client_id = make_client(store, "Fenmarsh Community Health Trust")
    finished_run(store, client_id, "engage.collab_readiness", COLLAB_WITH_GAPS)

    async def open_summary(pilot) -> None:
        await _open_summary(pilot, client_id)
        await pilot.press("down")
        await settle(pilot)

    assert snap_compare(make_app(store, demo=False), terminal_size=size, run_before=open_summary)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_summary_grid(snap_compare, store, size):
    client_id = make_client(store, "Ravensholt Precision Castings", kind="basic")
    finished_run(store, client_id, "engage.maturity_4x4", GRID_SCORES)

    async def open_summary(pilot) -> None:
        await _open_summary(pilot, client_id)

    assert snap_compare(make_app(store, demo=False), terminal_size=size, run_before=open_summary)
