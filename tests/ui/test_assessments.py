"""A client's Assessments screen: the sets in order of emphasis for the relationship
type, plan sets under their own heading, the runs with their results, and the keys
that start, resume and open them; reached from the workspace with w.

Snapshots at 80x24 and 120x40. Read every changed SVG before accepting it:
`pytest tests/ui/test_assessments.py --snapshot-update -n 0`.
"""

from __future__ import annotations

import pytest
from textual.widgets import Static

from relwork.screens.assessments import AssessmentsScreen, ResumeOrNewScreen, SetTable
from relwork.screens.client import ClientScreen
from relwork.screens.wizard import WizardScreen
from relwork.screens.wizard_summary import WizardSummaryScreen
from relwork.services.wizard_runs import save_answer, start_run
from relwork.widgets.fitted import FittedTable
from tests.ui.conftest import make_app, settle, static_text
from tests.ui.test_wizard import (
    SIZES,
    choose_set,
    finished_run,
    make_client,
    open_assessments,
    table_rows,
)
from tests.ui.test_wizard_summary import COLLAB_WITH_GAPS, GRID_SCORES


def _sets(screen) -> list[list[str]]:
    return table_rows(screen.query_one("#assess-sets", SetTable))


async def test_sets_follow_the_emphasis_of_the_relationship_type(store):
    basic = make_client(store, "Copperleaf Home Stores", kind="basic")
    partner = make_client(store, "Linnmouth University", kind="partnership")
    heading_to = make_client(
        store, "Tidewell Freight", kind="cooperative", target_type="partnership"
    )
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_assessments(pilot, basic)
        rows = _sets(screen)
        assert [r[0] for r in rows] == [
            "Assessments",
            "Maturity on both sides (4 x 4)",
            "Readiness for change",
            "Readiness for collaboration",
            "Plans",
            "Offboarding plan",
            "Onboarding plan",
        ]
        assert [r[1] for r in rows[1:4]] == ["Crucial", "n/a", "n/a"]
        reason = static_text(screen.query_one("#assess-reason", Static))
        assert reason.startswith(
            "Maturity on both sides (4 x 4): Crucial for a basic relationship."
        )
        await pilot.press("escape")

        screen = await open_assessments(pilot, partner)
        rows = _sets(screen)
        assert [(r[0], r[1]) for r in rows[1:4]] == [
            ("Readiness for change", "Crucial"),
            ("Readiness for collaboration", "Crucial"),
            ("Maturity on both sides (4 x 4)", "Minor"),
        ]
        assert (
            screen.query_one("#assess-sets", SetTable).selected_key() == "engage.change_readiness"
        )
        await pilot.press("up")  # the heading row is skipped
        assert (
            screen.query_one("#assess-sets", SetTable).selected_key() == "engage.change_readiness"
        )
        await pilot.press("escape")

        screen = await open_assessments(pilot, heading_to)  # the target type counts
        info = static_text(screen.query_one("#assess-info", Static))
        assert "Emphasis for a partnership (target; now cooperative)" in info
        assert _sets(screen)[1][1] == "Crucial"


async def test_runs_show_status_score_and_gaps_and_open_by_enter(store):
    client_id = make_client(store)
    finished_run(store, client_id, "engage.collab_readiness", COLLAB_WITH_GAPS, days_ago=20)
    finished_run(store, client_id, "engage.maturity_4x4", GRID_SCORES, days_ago=10)
    with store.session() as session:
        run = start_run(session=session, account_id=client_id, set_key="engage.change_readiness")
        assert run.id is not None
        save_answer(session=session, run_id=run.id, question_key="cr1", value="yes")
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_assessments(pilot, client_id)
        rows = table_rows(screen.query_one("#assess-runs", FittedTable))
        assert rows == [
            ["Readiness for change", "2026-11-20", "In progress", "1 of 11 done", "–"],
            ["Maturity on both sides (4 x 4)", "2026-11-10", "Finished", "48% Not ready", "6"],
            ["Readiness for collaboration", "2026-10-31", "Finished", "70% Partly ready", "3"],
        ]
        await pilot.press("tab", "enter")  # in progress: resumes
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "assess-runs"  # focus kept
        await pilot.press("down", "enter")  # finished: its summary
        await settle(pilot)
        assert isinstance(app.screen, WizardSummaryScreen)
        assert app.screen.qset is not None and app.screen.qset.key == "engage.maturity_4x4"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_w_in_the_workspace_opens_the_assessments(store):
    client_id = make_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_client(client_id)
        await settle(pilot)
        assert isinstance(app.screen, ClientScreen)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, AssessmentsScreen)
        assert "Acme Hosting" in static_text(app.screen.query_one("#screen-header", Static))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ClientScreen)


async def test_cancelling_the_resume_question_changes_nothing(store):
    client_id = make_client(store)
    with store.session() as session:
        start_run(session=session, account_id=client_id, set_key="engage.collab_readiness")
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_assessments(pilot, client_id)
        await choose_set(pilot, "engage.collab_readiness")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResumeOrNewScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert len(table_rows(screen.query_one("#assess-runs", FittedTable))) == 1


# --- snapshots -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_assessments_screen(snap_compare, store, size):
    client_id = make_client(
        store, "Tidewell Freight", kind="cooperative", target_type="partnership"
    )
    finished_run(store, client_id, "engage.collab_readiness", COLLAB_WITH_GAPS, days_ago=20)
    finished_run(store, client_id, "engage.maturity_4x4", GRID_SCORES, days_ago=10)
    with store.session() as session:
        run = start_run(session=session, account_id=client_id, set_key="engage.change_readiness")
        assert run.id is not None
        save_answer(session=session, run_id=run.id, question_key="cr1", value="partial")

    async def open_screen(pilot) -> None:
        await open_assessments(pilot, client_id)
        await pilot.press("down")
        await settle(pilot)

    assert snap_compare(make_app(store, demo=False), terminal_size=size, run_before=open_screen)
