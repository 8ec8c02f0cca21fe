"""Client reviews by keyboard: plan one from the workspace, prepare the agenda (draft,
reorder, exclude, add, appendix), run it (notes, a decision, an action in the capture
syntax, a recommendation, held only once it has one) and export the report; snapshots of
the agenda editor and a running review at 80x24 and 120x40.

Read every changed SVG before accepting it:
`pytest tests/ui/test_reviews.py --snapshot-update -n 0`.
"""

from __future__ import annotations

import stat
from datetime import date, timedelta

import pytest
from sqlmodel import col, select
from textual.widgets import Input, Static, TextArea

from relwork.enums import ReviewStatus
from relwork.locations import data_dir
from relwork.models import Account, ActionItem, ClientReview, Recommendation, ReviewAttendee
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.form import FormScreen
from relwork.screens.review_agenda import AgendaScreen
from relwork.screens.review_run import RunScreen
from relwork.screens.reviews import ExportChoice, ReportScreen, ReviewsScreen
from relwork.services import agenda, reviews
from relwork.services.agenda_facts import DraftItem, DraftSection
from relwork.services.clients import create_client, parse_client
from relwork.services.contacts import create_contact, parse_contact
from relwork.widgets.agenda_list import AgendaList
from tests.ui.conftest import make_app, settle, static_text

SIZES = [(80, 24), (120, 40)]
TODAY = date(2026, 11, 20)


def _client(store) -> int:
    with store.session() as session:
        client = create_client(
            session=session,
            data=parse_client({"name": "Tidewell Freight", "current_type": "cooperative"}),
        )
        for name, email in (("Dana Whitfield", "dana@tidewell.example"), ("Rhys Calloway", "")):
            create_contact(
                session=session,
                client_id=client.id,
                data=parse_contact({"name": name, "email": email}),
            )
    return client.id


def _schedule(store, client_id: int, when: str = "2026-11-26 10:00") -> int:
    with store.session() as session:
        review = reviews.schedule_review(
            session=session,
            client_id=client_id,
            data=reviews.parse_review({"scheduled_for": when, "format": "video"}),
        )
    assert review.id is not None
    return review.id


def _agenda(store, review_id: int) -> list[agenda.AgendaSection]:
    with store.session() as session:
        return agenda.load_agenda(session=session, review_id=review_id)


def _review(store, review_id: int) -> ClientReview:
    with store.session() as session:
        return reviews.get_review(session=session, review_id=review_id)


async def _reviews_screen(pilot) -> ReviewsScreen:
    await settle(pilot)
    await pilot.press("enter")  # the only client
    await settle(pilot)
    await pilot.press("R")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewsScreen)
    return pilot.app.screen


def _current(app) -> tuple[agenda.AgendaSection, agenda.AgendaItem | None]:
    current = app.screen.query_one(AgendaList).current
    assert current is not None
    return current


async def test_plan_a_review_from_the_workspace(store):
    client_id = _client(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _reviews_screen(pilot)
        assert "No reviews yet" in static_text(app.screen.query_one("#reviews-detail", Static))
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+k", *"2026-11-26 10:00")  # replace the suggested start
        await pilot.press("tab", "ctrl+k", *"90")
        await pilot.press("tab", "tab", *"Boardroom 2")
        await pilot.press("tab", "tab", "tab", "space")  # tick the first contact
        await pilot.press("tab", *"Priya Natarajan, priya@bluehaven.example, engineer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewsScreen)
        cadence = static_text(app.screen.query_one("#reviews-cadence", Static))
        assert "Reviews every 90 days · next due 2026-11-26 (in 6 days)" in cadence
    with store.session() as session:
        (review,) = session.exec(select(ClientReview)).all()
        people = session.exec(select(ReviewAttendee).order_by(col(ReviewAttendee.id))).all()
        account = session.get(Account, client_id)
    assert (review.duration_minutes, review.location) == (90, "Boardroom 2")
    assert [p.name for p in people] == ["Dana Whitfield", "Priya Natarajan"]
    assert account is not None and account.next_review_due == date(2026, 11, 26)


async def test_a_bad_start_is_explained_and_nothing_saved(store):
    _client(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _reviews_screen(pilot)
        await pilot.press("n", "ctrl+k", *"next tuesday", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        error = static_text(app.screen.query_one("#error-scheduled_for", Static))
        assert "use YYYY-MM-DD HH:MM" in error
    with store.session() as session:
        assert session.exec(select(ClientReview)).all() == []


async def test_prepare_run_and_report_a_review_by_keyboard(store):
    client_id = _client(store)
    review_id = _schedule(store, client_id)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _reviews_screen(pilot)

        # --- prepare: the agenda is drafted from the data ---------------------------
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        drafted = [s.key for s in _agenda(store, review_id)]
        assert drafted[:3] == ["priorities", "baseline", "changes"]
        assert _current(app)[0].key == "priorities"

        await pilot.press("J")  # move the first section down
        await settle(pilot)
        assert [s.key for s in _agenda(store, review_id)][:2] == ["baseline", "priorities"]
        assert _current(app)[0].key == "priorities"  # the highlight moved with it

        while _current(app)[0].key != "changes" or _current(app)[1] is None:
            await pilot.press("down")
        section, item = _current(app)
        assert item is not None and item.source.startswith(("step:", "type:"))
        await pilot.press("space")  # leave it out
        await settle(pilot)
        assert not next(
            i for s in _agenda(store, review_id) for i in s.items if i.id == item.id
        ).included

        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Their new Rotterdam warehouse", "ctrl+s")
        await settle(pilot)
        changes = next(s for s in _agenda(store, review_id) if s.key == "changes")
        typed = [i for i in changes.items if i.typed]
        assert [i.text for i in typed] == ["Their new Rotterdam warehouse"]
        assert (
            changes.items.index(typed[0])
            == changes.items.index(next(i for i in changes.items if i.id == item.id)) + 1
        )
        assert _current(app)[1] is not None and _current(app)[1].id == typed[0].id

        await pilot.press("2")  # for the secondary audience only
        await settle(pilot)
        changes = next(s for s in _agenda(store, review_id) if s.key == "changes")
        assert [i.secondary_only for i in changes.items if i.typed] == [True]
        line = app.screen.query_one(AgendaList).highlighted_option
        assert line is not None and "[appendix]" in str(line.prompt)

        await pilot.press("m")
        await settle(pilot)
        assert _review(store, review_id).status == ReviewStatus.PREPARED

        # --- run: notes, a decision, an action, a recommendation, held ---------------------
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        assert app.screen.focused is app.screen.query_one("#run-notes", TextArea)
        first = _agenda(store, review_id)[0]
        await pilot.press(*"Quiet month on the desk")
        await pilot.pause(0.8)  # notes are kept half a second after the last key
        assert _agenda(store, review_id)[0].notes == "Quiet month on the desk"
        assert first.key == "baseline"

        await pilot.press("ctrl+down")  # the first item of the service report
        await settle(pilot)
        section, item = app.screen.stop
        assert section.key == "baseline" and item is not None
        assert app.screen.query_one("#run-notes", TextArea).text == ""
        await pilot.press("tab", *"Agree targets in January")
        await pilot.press("ctrl+up", "ctrl+down")  # leaving saves at once
        await settle(pilot)
        saved = next(i for i in _agenda(store, review_id)[0].items if i.id == item.id)
        assert saved.decision == "Agree targets in January"
        assert app.screen.query_one("#run-decision", Input).value == "Agree targets in January"

        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"send revised SLA @Dana due:friday", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        with store.session() as session:
            (action,) = session.exec(select(ActionItem)).all()
        assert (action.text, action.owner, action.due_date, action.review_id) == (
            "send revised SLA",
            "Dana Whitfield",
            TODAY + timedelta(days=7),
            review_id,
        )

        await pilot.press("ctrl+g")  # no recommendation yet: refused, and asked why
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "at least one recommendation" in app.screen.title_text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        status = static_text(app.screen.query_one("#run-status", Static))
        assert "Not held yet: add a recommendation (ctrl+r)" in status
        assert _review(store, review_id).status == ReviewStatus.PREPARED

        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press(*"Add a 4G fail-over link at the cross-dock", "ctrl+s")
        await settle(pilot)
        with store.session() as session:
            (rec,) = session.exec(select(Recommendation)).all()
        assert (rec.text, rec.owner) == ("Add a 4G fail-over link at the cross-dock", "Sam Okafor")
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        assert _review(store, review_id).status == ReviewStatus.HELD
        assert "held" in static_text(app.screen.query_one("#run-info", Static))

        # --- report: back to the list, export as Word -----------------------------------
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewsScreen)
        await pilot.press("enter")  # a held review opens its report
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        report = static_text(app.screen.query_one("#report-text", Static))
        assert "Quiet month on the desk" in report and "Add a 4G fail-over link" in report
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExportChoice)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
    target = data_dir() / "exports" / "tidewell-freight-review-2026-11-26.docx"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _review(store, review_id).status == ReviewStatus.REPORTED
    with store.session() as session:
        account = session.get(Account, client_id)
    assert account is not None and account.next_review_due == TODAY + timedelta(days=90)


async def test_redrafting_asks_before_replacing_edits(store):
    client_id = _client(store)
    review_id = _schedule(store, client_id)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _reviews_screen(pilot)
        await pilot.press("enter")  # a planned review opens its agenda (drafted now)
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("a", *"Our own point", "ctrl+s")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert any(i.typed for s in _agenda(store, review_id) for i in s.items)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not any(i.typed for s in _agenda(store, review_id) for i in s.items)


async def test_a_drafted_item_cannot_be_removed_only_left_out(store):
    client_id = _client(store)
    review_id = _schedule(store, client_id)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.push_screen(AgendaScreen(review_id))
        await settle(pilot)
        while _current(app)[1] is None:
            await pilot.press("down")
        await pilot.press("d")
        await settle(pilot)
        assert len([i for s in _agenda(store, review_id) for i in s.items]) > 0
        messages = [n.message for n in app._notifications]
        assert any("press space to leave this one out" in m for m in messages)


# --- snapshots ---------------------------------------------------------------------------------


def _prepared_review(store, when: str = "2026-11-26 10:00") -> int:
    """A fixed agenda (not drafted from live data, so other areas cannot move it)."""
    client_id = _client(store)
    review_id = _schedule(store, client_id, when)
    sections = [
        DraftSection("priorities", "Your priorities and what has changed for you"),
        DraftSection(
            "baseline",
            "Service report: measures against targets",
            items=(
                DraftItem(
                    "Network availability", "99.6% (Oct 2026) · ≥ 99.5% · met · +0.1%", "metric:1"
                ),
                DraftItem("First-time fix", "71% (Oct 2026) · ≥ 75% · missed · -1%", "metric:2"),
                DraftItem(
                    "Scanner repair turnaround",
                    "3.6 days (Oct 2026) · ≤ 3 days · at risk · +0.3 days",
                    "metric:3",
                ),
            ),
        ),
        DraftSection(
            "incidents",
            "Incidents, complaints and feedback",
            items=(
                DraftItem(
                    "Complaint on 2026-10-18: a card terminal swap took five days [urgent]",
                    source="interaction:7",
                ),
            ),
        ),
        DraftSection(
            "actions",
            "Actions from the last review",
            items=(
                DraftItem(
                    "Send Martin the recovery plan",
                    "Sam Okafor · due 2026-09-25 · overdue",
                    "action:2",
                ),
                DraftItem("Survey Wi-Fi at bays 14-19", "Sam Okafor · done 2026-09-27", "action:1"),
            ),
        ),
        DraftSection(
            "risks",
            "Risks",
            items=(
                DraftItem(
                    "Single carrier circuit at the cross-dock",
                    "likelihood 2/5, impact 5/5",
                    "risk:1",
                ),
                DraftItem(
                    "Only one engineer knows the scanners",
                    "not shared with the client",
                    "risk:3",
                    True,
                ),
            ),
        ),
        DraftSection("recommendations", "Our recommendations"),
        DraftSection(
            "relationship",
            "Trust and stakeholder changes",
            secondary_only=True,
            items=(
                DraftItem(
                    "Trust index 4.0 (High), was 3.2 (Moderate)",
                    source="trust:2",
                    secondary_only=True,
                ),
            ),
        ),
    ]
    with store.session() as session:
        agenda.save_draft(session=session, review_id=review_id, sections=sections)
        saved = agenda.load_agenda(session=session, review_id=review_id)
        agenda.toggle_included(session=session, item_id=saved[3].items[1].id)
        agenda.add_item(
            session=session, section_id=saved[0].id, text="Their new Rotterdam warehouse"
        )
        agenda.save_notes(
            session=session,
            item_id=saved[1].items[1].id,
            notes="Mostly scanner faults that need a second visit.\nRhys wants spares on site.",
        )
        agenda.save_decision(
            session=session, item_id=saved[1].items[1].id, decision="Spare scanners in every van"
        )
        reviews.add_recommendation(session=session, review_id=review_id, text="Add a 4G fail-over")
    return review_id


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_agenda_editor(snap_compare, store, size):
    review_id = _prepared_review(store)

    async def open_agenda(pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(AgendaScreen(review_id))
        await settle(pilot)
        await pilot.press("down", "down", "down", "down")  # the first-time-fix item
        await settle(pilot)

    app = make_app(store, demo=False)
    assert snap_compare(app, terminal_size=size, run_before=open_agenda)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_running_review(snap_compare, store, size):
    review_id = _prepared_review(store)

    async def run_review(pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(RunScreen(review_id))
        await settle(pilot)
        await pilot.press("ctrl+down", "ctrl+down", "ctrl+down", "ctrl+down")  # first-time fix
        pilot.app.screen.query_one(AgendaList).focus()  # no blinking cursor in the picture
        await settle(pilot)

    app = make_app(store, demo=False)
    assert snap_compare(app, terminal_size=size, run_before=run_review)


def _history(store) -> int:
    """A client with a reported review, a planned one and an overdue next date."""
    review_id = _prepared_review(store, "2026-08-20 10:00")
    with store.session() as session:
        review = reviews.get_review(session=session, review_id=review_id)
        reviews.add_review_actions(
            session=session, review_id=review_id, text="send the plan\nbook the room", today=TODAY
        )
        reviews.mark_held(session=session, review_id=review_id, held_at=review.scheduled_for)
        reviews.mark_reported(session=session, review_id=review_id)
        later = reviews.schedule_review(
            session=session,
            client_id=review.account_id,
            data=reviews.parse_review(
                {
                    "scheduled_for": "2026-11-12 14:00",
                    "format": "in_person",
                    "location": "Tidewell head office, Felixstowe [boardroom 2]",
                }
            ),
        )
        for text, shared, likelihood in (
            ("Carrier outage", "yes", "2"),
            ("Key engineer", "no", "4"),
        ):
            reviews.save_risk(
                session=session,
                client_id=review.account_id,
                data=reviews.parse_risk(
                    {
                        "description": text,
                        "shared_with_client": shared,
                        "likelihood": likelihood,
                        "impact": "5",
                        "owner": "Sam Okafor",
                    }
                ),
            )
        reviews.save_responsibility(
            session=session,
            client_id=review.account_id,
            data=reviews.parse_responsibility(
                {
                    "area": "Depot network circuits",
                    "owner_party": "third_party",
                    "third_party_name": "Northline Networks",
                    "can_cause_unavailability": "yes",
                }
            ),
        )
    assert later.id is not None
    return review.account_id


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_reviews_list(snap_compare, store, size):
    client_id = _history(store)

    async def open_list(pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(ReviewsScreen(client_id))
        await settle(pilot)

    app = make_app(store, demo=False)
    assert snap_compare(app, terminal_size=size, run_before=open_list)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_risk_register(snap_compare, store, size):
    client_id = _history(store)

    async def open_register(pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(ReviewsScreen(client_id))
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)

    app = make_app(store, demo=False)
    assert snap_compare(app, terminal_size=size, run_before=open_register)


async def test_the_list_says_the_review_is_overdue_and_the_register_edits(store):
    client_id = _history(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.push_screen(ReviewsScreen(client_id))
        await settle(pilot)
        cadence = static_text(app.screen.query_one("#reviews-cadence", Static))
        assert "next due 2026-11-12: overdue by 8 days" in cadence
        await pilot.press("k")
        await settle(pilot)
        await pilot.press("tab", "n")  # a responsibility line
        await settle(pilot)
        await pilot.press(*"Warehouse system hosting", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # a third party needs its name
        error = static_text(app.screen.query_one("#error-third_party_name", Static))
        assert error == "Name the third party.\n"
        await pilot.press(*"Kestrel Cloud Hosting", "ctrl+s")  # the focus is on the field to fix
        await settle(pilot)
        await pilot.press("shift+tab", "d")  # remove the heaviest risk
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    with store.session() as session:
        lines = reviews.list_responsibilities(session=session, client_id=client_id)
        risks = reviews.list_risks(session=session, client_id=client_id)
    assert [(r.area, r.third_party_name) for r in lines] == [
        ("Depot network circuits", "Northline Networks"),
        ("Warehouse system hosting", "Kestrel Cloud Hosting"),
    ]
    assert [r.description for r in risks] == ["Carrier outage"]


async def test_notes_typed_just_before_a_hang_up_are_kept(store):
    from relwork.safety import save_open_drafts

    review_id = _prepared_review(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.push_screen(RunScreen(review_id))
        await settle(pilot)
        await pilot.press(*"They want weekend cover")
        assert _agenda(store, review_id)[0].notes == ""  # not yet: half a second has not passed
        save_open_drafts(app)  # what the hang-up and crash handlers call
        assert _agenda(store, review_id)[0].notes == "They want weekend cover"
