"""The wizard by keyboard: the three Engage assessments finished, a run left and resumed,
answers that are refused, conditions, every answer editor, and the review page.

Snapshots at 80x24 and 120x40 of a status question with evidence and of the review
page. Read every changed SVG before accepting it:
`pytest tests/ui/test_wizard.py --snapshot-update -n 0`.

The helpers at the top are shared with test_wizard_summary.py and test_assessments.py.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from textual.widgets import RadioButton, Static

from relwork import clock
from relwork.enums import WizardRunStatus
from relwork.models import WizardRun
from relwork.screens.assessments import AssessmentsScreen, ResumeOrNewScreen, SetTable
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.form import FormScreen
from relwork.screens.wizard import WizardScreen
from relwork.screens.wizard_summary import WizardSummaryScreen
from relwork.services import contacts as contact_service
from relwork.services.clients import create_client, parse_client
from relwork.services.wizard_runs import answers_of, finish_run, runs_for, save_answer, start_run
from relwork.widgets.answer_input import AnswerEditor, KeyPicker
from relwork.widgets.fitted import FittedTable
from tests.ui.conftest import make_app, settle, static_text

SIZES = [(80, 24), (120, 40)]

# A set of every answer type, written to the user's wizard folder by the tests that
# need it (conditions, dates, people, lists and repeated groups).
KINDS_SET = """
key = "test.kinds"
title = "Every kind of answer"
description = "A set used by the tests."
step = "engage"
result = "assessment"
version = 1
emphasis = { basic = "minor", cooperative = "minor", partnership = "minor" }
emphasis_reason = "Only here for the tests."

[[questions]]
key = "kind"
group = "Basics"
prompt = "Which kind of work is it?"
type = "choice"
choices = [
  { value = "project", label = "A project" },
  { value = "service", label = "A running service" },
]

[[questions]]
key = "project_end"
group = "Basics"
prompt = "When does the project end?"
type = "date"
when = [ { question = "kind", equals = "project" } ]

[[questions]]
key = "areas"
group = "Basics"
prompt = "Which areas does it touch?"
type = "multi"
choices = [
  { value = "people", label = "People" },
  { value = "process", label = "Processes" },
  { value = "tech", label = "Technology" },
]

[[questions]]
key = "owner"
group = "People"
prompt = "Who owns it on the client's side?"
type = "person"

[[questions]]
key = "name"
group = "People"
prompt = "What do they call it?"
type = "text"

[[questions]]
key = "story"
group = "People"
prompt = "How did it start?"
type = "long_text"
required = false

[[questions]]
key = "risks"
group = "Risks"
prompt = "Which risks do you see?"
type = "group"
[[questions.fields]]
key = "risk"
label = "Risk"
type = "text"
required = true
[[questions.fields]]
key = "due"
label = "Review by"
type = "date"
"""


def make_client(store, name: str = "Acme Hosting", kind: str = "partnership", **extra: Any) -> int:
    values = {"name": name, "current_type": kind, **extra}
    with store.session() as session:
        return create_client(session=session, data=parse_client(values)).id


def add_contact(store, client_id: int, name: str, title: str = "") -> int:
    data = contact_service.parse_contact({"name": name, "title": title})
    with store.session() as session:
        contact = contact_service.create_contact(session=session, client_id=client_id, data=data)
    assert contact.id is not None
    return contact.id


def write_kinds_set() -> None:
    from relwork.wizards import user_dir

    folder = user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test.kinds.toml").write_text(KINDS_SET, encoding="utf-8")


def finished_run(
    store, client_id: int, set_key: str, answers: dict[str, Any], days_ago: int = 3
) -> int:
    """A run finished through the service, dated ``days_ago`` days back."""
    with store.session() as session:
        run = start_run(session=session, account_id=client_id, set_key=set_key, author="Sam")
        assert run.id is not None
        for key, given in answers.items():
            value, evidence = given if isinstance(given, tuple) else (given, "")
            save_answer(
                session=session, run_id=run.id, question_key=key, value=value, evidence=evidence
            )
        finish_run(session=session, run_id=run.id)
        stored = session.get(WizardRun, run.id)
        assert stored is not None and stored.status == WizardRunStatus.FINISHED
        when = clock.now() - timedelta(days=days_ago)
        stored.started_at = stored.finished_at = when
        session.add(stored)
        session.commit()
        return run.id


async def type_text(pilot, text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


async def open_assessments(pilot, client_id: int) -> AssessmentsScreen:
    await settle(pilot)
    await pilot.app.push_screen(AssessmentsScreen(client_id))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AssessmentsScreen)
    return screen


async def choose_set(pilot, set_key: str) -> None:
    """Move the cursor to ``set_key`` in the list of sets, by keys only."""
    table = pilot.app.screen.query_one("#assess-sets", SetTable)
    table.focus()
    for _ in range(table.row_count):
        if table.selected_key() == set_key:
            return
        await pilot.press("down")
    raise AssertionError(f"{set_key} is not listed")


async def start_set(pilot, client_id: int, set_key: str) -> WizardScreen:
    await open_assessments(pilot, client_id)
    await choose_set(pilot, set_key)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WizardScreen), screen
    return screen


def current(app) -> str:
    screen = app.screen
    assert isinstance(screen, WizardScreen)
    return screen.current if screen.mode == "wizard-page" else "review"


def editor(app) -> AnswerEditor:
    found = app.screen.query_one("#wizard-editor").query(AnswerEditor)
    return found.first()


def table_rows(table) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def editor_text(app) -> str:
    """What the answer editor shows: its texts, options and radio labels."""
    parts = []
    for widget in editor(app).query("*"):
        if isinstance(widget, RadioButton):
            parts.append(str(widget.label))
        elif isinstance(widget, KeyPicker):
            parts.append(widget.render().plain)
        elif isinstance(widget, Static):
            parts.append(static_text(widget))
    return "\n".join(parts)


async def answer_status(pilot, key: str, evidence: str = "") -> None:
    """Pick a status by its key, give the evidence (if the question takes any), move on."""
    await pilot.press(key)
    await settle(pilot)
    if editor(pilot.app).takes_evidence:
        await type_text(pilot, evidence)
        await pilot.press("enter")
        await settle(pilot)


def _answers(store, run_id: int) -> dict[str, Any]:
    with store.session() as session:
        return {
            k: (r.value, r.evidence) for k, r in answers_of(session=session, run_id=run_id).items()
        }


def _run(store, run_id: int) -> WizardRun:
    with store.session() as session:
        run = session.get(WizardRun, run_id)
        assert run is not None
        return run


def _progress(app) -> str:
    return static_text(app.screen.query_one("#wizard-progress", Static))


def _error(app) -> str:
    widget = app.screen.query_one("#wizard-error", Static)
    return static_text(widget).strip() if widget.display else ""


# --- the three Engage assessments, finished by keyboard ------------------------------------


async def test_collaboration_readiness_finished_by_keyboard(store):
    client_id = make_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await start_set(pilot, client_id, "engage.collab_readiness")
        assert "Question 1 of 7" in _progress(app)
        await answer_status(pilot, "y", "Three Cs [b]May[/b]: 3.6 and 3.4")
        assert current(app) == "rc2"
        assert "Question 2 of 7" in _progress(app)
        await answer_status(pilot, "y", "stakeholder map")
        await answer_status(pilot, "p", "minutes of the joint meeting")
        await answer_status(pilot, "n")  # no: evidence is not needed
        await answer_status(pilot, "u")
        await answer_status(pilot, "a")
        await answer_status(pilot, "y", "RACI v2")
        assert current(app) == "review"  # the last answer opens the review page
        review = static_text(app.screen.query_one("#review-info", Static))
        assert "Nothing missing" in review
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WizardSummaryScreen)
        run_id = wizard.run_id
        assert "70%" in static_text(app.screen.query_one("#summary-score", Static))

    assert _run(store, run_id).status == WizardRunStatus.FINISHED
    assert _answers(store, run_id) == {
        "rc1": ("yes", "Three Cs [b]May[/b]: 3.6 and 3.4"),
        "rc2": ("yes", "stakeholder map"),
        "rc3": ("partial", "minutes of the joint meeting"),
        "rc4": ("no", ""),
        "rc5": ("unknown", ""),
        "rc6": ("na", ""),
        "rc7": ("yes", "RACI v2"),
    }


async def test_change_readiness_finished_by_keyboard(store):
    client_id = make_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await start_set(pilot, client_id, "engage.change_readiness")
        for key in ("cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7"):
            assert current(app) == key
            await answer_status(pilot, "y", f"seen for {key}")
        assert current(app) == "cr8"  # resistance to change: a score where higher is worse
        assert "higher means more of a problem" in editor_text(app)
        await answer_status(pilot, "4", "two interviews")
        await answer_status(pilot, "n")  # cr9
        await answer_status(pilot, "2")  # cr10: little change already under way
        await answer_status(pilot, "p", "portfolio split")  # cr11
        assert current(app) == "review"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WizardSummaryScreen)
        run_id = wizard.run_id

    answers = _answers(store, run_id)
    assert answers["cr8"] == (4, "two interviews")
    assert answers["cr10"] == (2, "")
    assert answers["cr11"] == ("partial", "portfolio split")
    assert _run(store, run_id).status == WizardRunStatus.FINISHED


async def test_maturity_grid_finished_by_keyboard(store):
    client_id = make_client(store, kind="basic")
    app = make_app(store, demo=False)
    scores = "1234512345123451"
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await start_set(pilot, client_id, "engage.maturity_4x4")
        await pilot.press("tab")  # a note first, then the score moves on with both
        await type_text(pilot, "Users still call [agents] by name")
        await pilot.press("shift+tab")
        for digit in scores:  # a score takes no evidence here: each digit moves on
            await pilot.press(digit)
            await settle(pilot)
        assert current(app) == "review"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WizardSummaryScreen)
        run_id = wizard.run_id

    answers = _answers(store, run_id)
    assert [answers[q.key][0] for q in wizard.qset.questions] == [int(d) for d in scores]
    with store.session() as session:
        notes = {k: r.note for k, r in answers_of(session=session, run_id=run_id).items()}
    assert notes["op_op"] == "Users still call [agents] by name"
    assert set(notes.values()) == {"", "Users still call [agents] by name"}


# --- leaving and resuming ------------------------------------------------------------------


async def test_a_run_left_halfway_resumes_at_the_same_question(store):
    client_id = make_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await start_set(pilot, client_id, "engage.collab_readiness")
        run_id = wizard.run_id
        await answer_status(pilot, "y", "trust index 3.5")
        await answer_status(pilot, "p", "sponsor named")
        await answer_status(pilot, "n")
        assert current(app) == "rc4"
        await pilot.press("u")  # picked but not moved on: Escape keeps it too
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AssessmentsScreen)
        messages = [n.message for n in app._notifications]
        assert "Saved — resume from the client's Assessments (w)" in messages
        runs = table_rows(app.screen.query_one("#assess-runs", FittedTable))

        # Enter on the set asks whether to resume the unfinished run
        await choose_set(pilot, "engage.collab_readiness")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResumeOrNewScreen)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert app.screen.run_id == run_id
        assert current(app) == "rc4"
        assert editor(app).value == "unknown"
        await pilot.press("pageup")
        await settle(pilot)
        assert current(app) == "rc3"
        assert editor(app).value == "no"
        await pilot.press("pageup")
        await settle(pilot)
        assert (editor(app).value, editor(app).evidence) == ("partial", "sponsor named")

        # and Enter on the run itself resumes it as well
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert current(app) == "rc2"

    assert _answers(store, run_id) == {
        "rc1": ("yes", "trust index 3.5"),
        "rc2": ("partial", "sponsor named"),
        "rc3": ("no", ""),
        "rc4": ("unknown", ""),
    }
    assert runs[0][2] == "In progress"
    assert runs[0][3] == "4 of 7 done"


async def test_starting_new_instead_of_resuming_keeps_the_old_run(store):
    client_id = make_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        first = await start_set(pilot, client_id, "engage.collab_readiness")
        await answer_status(pilot, "n")
        await pilot.press("escape")
        await settle(pilot)
        await choose_set(pilot, "engage.collab_readiness")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")  # cancel: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, AssessmentsScreen)
        await pilot.press("enter", "s")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert app.screen.run_id != first.run_id
        assert current(app) == "rc1"
    with store.session() as session:
        assert len(runs_for(session=session, account_id=client_id)) == 2


# --- answers that are refused ------------------------------------------------------------------


async def test_an_invalid_answer_shows_why_and_does_not_move_on(store):
    client_id = make_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await start_set(pilot, client_id, "engage.collab_readiness")
        await pilot.press("y", "enter")  # yes without evidence
        await settle(pilot)
        assert current(app) == "rc1"
        assert _error(app).startswith("Evidence is required for 'yes' and 'partial'")
        assert app.focused is not None and app.focused.id == "answer-evidence"
        assert _answers(store, wizard.run_id) == {}
        await type_text(pilot, "three Cs")
        await pilot.press("enter")
        await settle(pilot)
        assert current(app) == "rc2"
        assert _error(app) == ""

        # leaving with an answer that cannot be saved asks first, and keeps the rest
        await pilot.press("p", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert current(app) == "rc2"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, AssessmentsScreen)
    assert _answers(store, wizard.run_id) == {"rc1": ("yes", "three Cs")}


async def test_a_bad_date_is_refused_and_a_good_one_accepted(store):
    write_kinds_set()
    client_id = make_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await start_set(pilot, client_id, "test.kinds")
        await pilot.press("enter")  # kind: A project
        await pilot.press("pagedown")
        await settle(pilot)
        assert current(app) == "project_end"
        await type_text(pilot, "2026-13-45")
        await pilot.press("enter")
        await settle(pilot)
        assert current(app) == "project_end"
        assert _error(app) == "A date like 2026-12-05"
        await pilot.press("ctrl+u")
        await type_text(pilot, "2026-12-05")
        await pilot.press("enter")
        await settle(pilot)
        assert current(app) == "areas"
    assert _answers(store, wizard.run_id)["project_end"] == ("2026-12-05", "")


async def test_finishing_with_answers_missing_lists_them_and_jumps_to_the_first(store):
    client_id = make_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await start_set(pilot, client_id, "engage.collab_readiness")
        await answer_status(pilot, "n")  # rc1
        await pilot.press("pagedown")  # rc2 skipped
        await settle(pilot)
        await answer_status(pilot, "n")  # rc3
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert current(app) == "review"
        table = static_text(app.screen.query_one("#review-info", Static))
        assert "5 still needed" in table
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert current(app) == "rc2"  # the first one missing
        assert _error(app).startswith("Pick one of")
        notice = app._notifications
        assert any(n.title == "5 answers still needed" for n in notice)
        assert _run(store, wizard.run_id).status == WizardRunStatus.IN_PROGRESS


# --- the review page ---------------------------------------------------------------------------


async def test_enter_on_the_review_page_opens_that_question(store):
    client_id = make_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_set(pilot, client_id, "engage.collab_readiness")
        await answer_status(pilot, "y", "index 3.4")
        await pilot.press("ctrl+r")
        await settle(pilot)
        rows = app.screen.query_one("#review-table", FittedTable)
        first = [str(c) for c in rows.get_row_at(0)]
        assert first[-1] == "Yes ✎"
        assert "✗ missing" in str(rows.get_row_at(1)[-1])
        assert rows.cursor_row == 1  # on the question the review was opened from
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert current(app) == "rc4"
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("pageup")  # back from the review to the question it came from
        await settle(pilot)
        assert current(app) == "rc4"


# --- conditions and every editor ------------------------------------------------------------


async def test_changing_an_earlier_answer_changes_what_follows(store):
    write_kinds_set()
    client_id = make_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_set(pilot, client_id, "test.kinds")
        assert "Question 1 of 6" in _progress(app)  # the project's end is not asked yet
        await pilot.press("down", "enter", "pagedown")  # a running service
        await settle(pilot)
        assert current(app) == "areas"
        await pilot.press("pageup")
        await settle(pilot)
        assert "Question 1 of 6" in _progress(app)
        await pilot.press("up", "enter")  # now a project: its end date is asked
        await pilot.press("pagedown")
        await settle(pilot)
        assert current(app) == "project_end"
        assert "Question 2 of 7" in _progress(app)


async def test_every_editor_by_keyboard(store):
    write_kinds_set()
    client_id = make_client(store)
    kim = add_contact(store, client_id, "Kim Lodge", "CIO")
    add_contact(store, client_id, "Ana Ruiz")
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await start_set(pilot, client_id, "test.kinds")
        await pilot.press("down", "enter", "pagedown")  # choice
        await settle(pilot)
        await pilot.press("space", "down", "down", "space", "pagedown")  # multi
        await settle(pilot)
        assert current(app) == "owner"
        labels = editor_text(app)
        assert "Ana Ruiz" in labels and "Kim Lodge (CIO)" in labels
        await pilot.press("down", "enter", "pagedown")  # person: contacts A to Z
        await settle(pilot)
        await type_text(pilot, "Route [i]planner[/i]")  # text
        await pilot.press("enter")
        await settle(pilot)
        assert current(app) == "story"
        await type_text(pilot, "It began")
        await pilot.press("enter")
        await type_text(pilot, "with a pilot.")
        await pilot.press("pagedown")
        await settle(pilot)

        # a repeated group: add two rows, edit one, remove the other
        assert current(app) == "risks"
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+s")  # a risk is required
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "Key user leaves")
        await pilot.press("tab")
        await type_text(pilot, "2027-01-15")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Budget cut")
        await pilot.press("tab")
        await type_text(pilot, "soon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # "soon" is no date
        await pilot.press("ctrl+u", "ctrl+s")
        await settle(pilot)
        await pilot.press("up", "e")
        await settle(pilot)
        await pilot.press("end")
        await type_text(pilot, " soon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("down", "d")
        await pilot.press("pagedown")
        await settle(pilot)
        assert current(app) == "review"

    answers = _answers(store, wizard.run_id)
    assert answers["kind"][0] == "service"
    assert "project_end" not in answers
    assert answers["areas"][0] == ["people", "tech"]
    assert answers["owner"][0] == kim
    assert answers["name"][0] == "Route [i]planner[/i]"
    assert answers["story"][0] == "It began\nwith a pilot."
    assert answers["risks"][0] == [{"risk": "Key user leaves soon", "due": "2027-01-15"}]


async def test_bindings_have_ids_and_show_in_the_footer(store):
    client_id = make_client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start_set(pilot, client_id, "engage.collab_readiness")
        shown = {b.id for (_k, b, enabled, _t) in screen.active_bindings.values() if enabled}
        assert {"wizard.next", "wizard.back", "wizard.review", "wizard.leave"} <= shown
        assert "wizard.finish" not in shown
        await pilot.press("ctrl+r")
        await settle(pilot)
        shown = {b.id for (_k, b, enabled, _t) in screen.active_bindings.values() if enabled}
        assert {"wizard.finish", "wizard.back", "wizard.leave"} <= shown
        assert "wizard.next" not in shown


# --- snapshots -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_wizard_status_page(snap_compare, store, size):
    client_id = make_client(store, "Fenmarsh Community Health Trust")

    async def open_question(pilot) -> None:
        await start_set(pilot, client_id, "engage.collab_readiness")
        await answer_status(pilot, "y", "Three Cs of 2026-10: 3.6 and 3.4")
        await pilot.press("p")
        await type_text(pilot, "Sponsor [b]named[/b] at the steering")
        await settle(pilot)

    assert snap_compare(make_app(store, demo=False), terminal_size=size, run_before=open_question)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_wizard_review_page(snap_compare, store, size):
    client_id = make_client(store, "Fenmarsh Community Health Trust")

    async def open_review(pilot) -> None:
        await start_set(pilot, client_id, "engage.collab_readiness")
        await answer_status(pilot, "y", "Three Cs of 2026-10: 3.6 and 3.4")
        await answer_status(pilot, "p", "Sponsor named at the steering")
        await pilot.press("pagedown")
        await settle(pilot)
        await answer_status(pilot, "n")
        await pilot.press("ctrl+r")
        await settle(pilot)

    assert snap_compare(make_app(store, demo=False), terminal_size=size, run_before=open_review)
