"""The trust screen: an assessment built by keyboard only, reassessment, leaving, and
snapshots at 80x24 and 120x40 with a prepared history.

Read every changed SVG before accepting it:
`pytest tests/ui/test_trust_screen.py --snapshot-update -n 0`.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select
from textual.widgets import Static

from relwork import clock
from relwork.enums import RaterPerspective, TrustOrigin
from relwork.models import TrustAssessment, TrustRating
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.trust import EvidenceScreen, TrustScreen
from relwork.services.clients import create_client, parse_client
from relwork.services.trust import DEFAULT_SET, load_item_sets, save_assessment
from relwork.widgets.trust_results import TrustResults
from relwork.widgets.trust_table import TrustTable
from tests.ui.conftest import make_app, settle, static_text

SIZES = [(80, 24), (120, 40)]


def _client(store, name="Acme Hosting") -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": name})).id


async def _open(pilot, client_id: int) -> TrustScreen:
    await settle(pilot)
    await pilot.app.push_screen(TrustScreen(client_id))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TrustScreen)
    return screen


def _results(app) -> str:
    return static_text(app.screen.query_one(TrustResults))


def _line(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith(start))


def _cursor_key(app) -> str:
    item = app.screen.query_one(TrustTable).selected
    assert item is not None
    return item.key


def _saved(store, client_id):
    with store.session() as session:
        runs = session.exec(
            select(TrustAssessment)
            .where(TrustAssessment.account_id == client_id)
            .order_by(col(TrustAssessment.id))
        ).all()
        rows = {
            run.id: {
                r.behaviour_key: (r.score, r.evidence)
                for r in session.exec(
                    select(TrustRating).where(TrustRating.assessment_id == run.id)
                ).all()
            }
            for run in runs
        }
    return runs, rows


async def test_an_assessment_built_and_reassessed_by_keyboard(store):
    client_id = _client(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, client_id)
        assert "Acme Hosting" in static_text(screen.query_one("#screen-header", Static))
        assert _cursor_key(app) == "P-CAP-1"  # the group row above is skipped
        await pilot.press("up")
        assert _cursor_key(app) == "P-CAP-1"
        assert "Weakest: nothing rated yet" in _results(app)

        # each score moves on to the next behaviour, over the group rows
        await pilot.press("4", "5", "3")  # P-CAP-1..3: provider capability 4.0
        assert _cursor_key(app) == "P-COM-1"
        await pilot.press("2", "0", "1")  # P-COM-1 2, P-COM-2 not assessed, P-COM-3 1
        await pilot.press("up", "e", *"missed [red]the[/] notice")  # evidence for P-COM-3
        assert isinstance(app.screen, EvidenceScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down")
        assert _cursor_key(app) == "P-COM-4"
        await pilot.press("3", "down", "down", "4")  # P-COM-4 3; skip P-COM-5, P-CON-1; P-CON-2 4
        await pilot.press("ctrl+end")
        assert _cursor_key(app) == "C-CON-2"
        await pilot.press("2", "backspace")  # scored, then cleared in place: not assessed
        await pilot.press("up", "up", "up", "up", "5")  # C-COM-2 5
        await pilot.press("o", "v")  # knowledge-based; customer's view of the provider
        info = static_text(screen.query_one("#trust-info", Static))
        assert "● unsaved" in info
        assert "Customer's view of the provider" in info
        assert "Knowledge-based" in info
        await pilot.press("ctrl+s")
        await settle(pilot)

        runs, rows = _saved(store, client_id)
        assert len(runs) == 1
        run = runs[0]
        assert run.rater_perspective == RaterPerspective.CUSTOMER_VIEW_OF_PROVIDER
        assert run.trust_origin == TrustOrigin.KNOWLEDGE_BASED
        assert run.author == "Sam Okafor"
        ratings = rows[run.id]
        assert len(ratings) == 18
        assert {k: s for k, (s, _e) in ratings.items() if s is not None} == {
            "P-CAP-1": 4,
            "P-CAP-2": 5,
            "P-CAP-3": 3,
            "P-COM-1": 2,
            "P-COM-3": 1,
            "P-COM-4": 3,
            "P-CON-2": 4,
            "C-COM-2": 5,
        }
        assert ratings["P-COM-2"] == (None, "")
        assert ratings["C-CON-2"] == (None, "")
        assert ratings["P-COM-3"] == (1, "missed [red]the[/] notice")

        # capability 4.0; commitment (2+1+3+5)/4 = 2.75; consistency 4.0 -> 3.58 high
        results = _results(app)
        assert _line(results, "Capability").split()[1:4] == ["4.0", "–", "4.0"]
        assert _line(results, "Commitment").split()[1:4] == ["2.0", "5.0", "2.8"]
        assert _line(results, "Index").split()[1:4] == ["3.33", "5.00", "3.58"]
        assert "Overall 3.58 High · 8 rated, 10 not assessed" in results
        assert "Weakest Commitment 2.8 · pulled down by P-COM-3 (1), P-COM-1 (2), P-COM-4 (3)" in (
            " ".join(results.split())
        )
        assert "unsaved" not in static_text(screen.query_one("#trust-info", Static))
        assert screen.query_one(TrustTable).border_subtitle == "1 saved, last 2026-11-20"

        # a reassessment starts from the saved one: only what moved is changed
        await pilot.press("ctrl+home")
        assert _cursor_key(app) == "P-CAP-1"
        await pilot.press("down", "down", "5")  # P-CAP-3 3 -> 5
        detail = static_text(screen.query_one("#trust-detail", Static))
        assert "P-COM-1 2: Seen now and then" in detail  # the cursor moved on
        assert "change since 2026-11-20" in _results(app)
        await pilot.press("ctrl+s")
        await settle(pilot)

        runs, rows = _saved(store, client_id)
        assert len(runs) == 2
        assert rows[runs[1].id]["P-CAP-3"] == (5, "")
        assert rows[runs[1].id]["P-COM-3"] == (1, "missed [red]the[/] notice")
        assert runs[1].rater_perspective == RaterPerspective.CUSTOMER_VIEW_OF_PROVIDER
        results = _results(app)
        capability = _line(results, "Capability").split()
        assert capability[1:4] == ["4.7", "–", "4.7"]
        assert len(capability[4]) == 2  # a two-point sparkline
        assert capability[5] == "+0.7"
        assert _line(results, "Commitment").split()[-1] == "0.0"
        assert screen.query_one(TrustTable).border_subtitle == "2 saved, last 2026-11-20"


async def test_escape_asks_before_throwing_changes_away(store):
    client_id = _client(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, client_id)
        await pilot.press("3", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("e", *"draft", "escape")  # Esc in the evidence box keeps nothing
        await pilot.pause()
        assert app.screen is screen
        assert screen.ratings.get("P-CAP-2", (None, "")) == (None, "")
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(app.screen, TrustScreen)
    assert _saved(store, client_id)[0] == []


async def test_saving_with_nothing_scored_says_what_to_do(store):
    client_id = _client(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, client_id)
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "Score at least one behaviour before saving the assessment." in messages
        await pilot.press("escape")  # nothing changed: leaves at once
        await settle(pilot)
        assert not isinstance(app.screen, TrustScreen)
    assert _saved(store, client_id)[0] == []


async def test_bindings_have_ids_and_show_in_the_footer(store):
    client_id = _client(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, client_id)
        ids = {b.id for b in TrustScreen.BINDINGS if hasattr(b, "id")}
        assert {"trust.save", "trust.score", "trust.clear", "trust.evidence"} <= ids
        shown = {b.id for (_k, b, enabled, _t) in screen.active_bindings.values() if enabled}
        assert {"trust.save", "trust.origin", "trust.perspective", "trust.back"} <= shown
        assert "trust.item_set" not in shown  # only one behaviour set to choose from


# --- snapshots -------------------------------------------------------------------------------


def _prepared_history(store) -> int:
    """A client with three self-assessments over half a year; the newest has gaps.

    Built here rather than taken from the demo, so changes to the demo portfolio do
    not move this snapshot."""
    sets, _problems = load_item_sets()
    three_cs = sets[DEFAULT_SET]
    client_id = _client(store, "Fenmarsh Community Health Trust")
    now = clock.now()
    history = [
        (
            now - timedelta(days=180),
            {"P-CAP-1": 3, "P-CAP-2": 2, "P-COM-1": 3, "P-COM-3": 2, "P-CON-2": 2, "C-COM-2": 4},
        ),
        (
            now - timedelta(days=90),
            {
                "P-CAP-1": 4,
                "P-CAP-2": 3,
                "P-CAP-3": 3,
                "P-COM-1": 3,
                "P-COM-3": 2,
                "P-COM-5": 3,
                "P-CON-2": 3,
                "P-CON-3": 4,
                "C-COM-2": 4,
                "C-CON-2": 2,
            },
        ),
        (
            now - timedelta(days=7),
            {
                "P-CAP-1": 4,
                "P-CAP-2": 4,
                "P-CAP-3": 3,
                "P-COM-1": 4,
                "P-COM-2": 4,
                "P-COM-3": 2,
                "P-COM-4": 3,
                "P-COM-5": 3,
                "P-CON-1": 4,
                "P-CON-2": 4,
                "P-CON-3": 4,
                "C-CAP-1": 3,
                "C-COM-1": 4,
                "C-COM-2": 5,
                "C-COM-4": 3,
                "C-CON-2": 2,
            },
        ),
    ]
    evidence = {"P-COM-3": "Ward scanner [b]rollout[/b] date moved without a word to the trust"}
    with store.session() as session:
        for when, scores in history:
            save_assessment(
                session=session,
                client_id=client_id,
                item_set=three_cs,
                ratings={k: (v, evidence.get(k, "")) for k, v in scores.items()},
                origin=TrustOrigin.KNOWLEDGE_BASED,
                author="Sam Okafor",
                taken_at=when,
            )
    return client_id


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_trust_screen(snap_compare, store, size):
    client_id = _prepared_history(store)

    async def open_trust(pilot) -> None:
        await _open(pilot, client_id)
        await pilot.press("down", "down", "down", "down", "down")  # P-COM-3, with evidence
        await pilot.press("5")  # an unsaved change against the newest assessment
        await pilot.press("up")
        await settle(pilot)

    app = make_app(store, demo=False)
    assert snap_compare(app, terminal_size=size, run_before=open_trust)
