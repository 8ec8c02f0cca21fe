"""The full-screen wizard: one question per page, then a review page, then finish.

Every answer is saved the moment the page is left forward or back (through
:func:`relwork.services.wizard_runs.save_answer`), so Escape never loses work: the
run resumes at the same question from the client's Assessments screen. Which
questions are asked comes from the engine (:func:`relwork.wizards.visible_questions`)
and is worked out again after each answer, so changing an earlier answer changes
what follows. The review page lists every asked question with its answer; Finish
checks completeness through :func:`relwork.services.wizard_runs.finish_run`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Static

from relwork import clock
from relwork.models import WizardRun
from relwork.palette import PaletteCommand
from relwork.screens.confirm import ConfirmScreen
from relwork.services import contacts as contact_service
from relwork.services import wizard_runs
from relwork.services.clients import get_client
from relwork.widgets.answer_input import AnswerEditor, make_editor
from relwork.widgets.fitted import Column, FittedTable
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import cell, literal
from relwork.wizards import (
    AnswerRecord,
    Question,
    QuestionSet,
    answer_label,
    initial_value,
    is_answered,
    needs_evidence,
    validate_answer,
    visible_questions,
)

if TYPE_CHECKING:
    from relwork.app import RelworkApp

LEFT_MESSAGE = "Saved — resume from the client's Assessments (w)"
BAR_WIDTH = 24
QUESTION, REVIEW = "wizard-page", "wizard-review"

REVIEW_COLUMNS = [
    Column("#", 3),
    Column("Question", 0),
    Column("Group", 18, min_table_width=100),
    Column("Answer", 18),
    Column("Evidence", 26, min_table_width=110),
]


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * done / total) if total else 0
    return "━" * filled + "╌" * (width - filled)


class ReviewPage(Vertical):
    """Every asked question with its answer and evidence, what is still needed marked;
    Enter on a question posts :class:`ReviewPage.Open`."""

    DEFAULT_CSS = """
    ReviewPage #review-info, ReviewPage #review-detail {
        height: auto;
        padding: 0 1;
    }
    ReviewPage #review-detail {
        color: $text-muted;
        max-height: 4;
    }
    ReviewPage #review-table {
        height: 1fr;
        border: round $panel-lighten-2;
    }
    ReviewPage #review-table:focus {
        border: round $primary;
    }
    """

    class Open(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: list[str] = []
        self.questions: dict[str, Question] = {}
        self.records: dict[str, AnswerRecord] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="review-info")
        yield FittedTable(REVIEW_COLUMNS, id="review-table")
        yield Static(id="review-detail")

    def focus_list(self) -> None:
        self.query_one("#review-table").focus()

    def show(
        self,
        asked: list[Question],
        records: dict[str, AnswerRecord],
        people: dict[int, str],
        *,
        current: str,
        alert: str,
    ) -> None:
        self.keys = [q.key for q in asked]
        self.questions = {q.key: q for q in asked}
        self.records = records
        rows: list[tuple[int | None, list[Text]]] = []
        problems = 0
        for number, question in enumerate(asked, start=1):
            record = records.get(question.key, AnswerRecord())
            if validate_answer(question, record.value, record.evidence):
                problems += 1
                what = "✗ evidence missing" if is_answered(record.value) else "✗ missing"
                answer = Text(what, style=f"bold {alert}")
            elif not is_answered(record.value):
                answer = Text("– (optional)", style="dim")
            else:
                answer = Text(answer_label(question, record.value, people))
                if record.evidence:
                    answer.append(" ✎")
            cells = [Text(str(number)), cell(question.prompt), cell(question.group), answer]
            rows.append((number - 1, [*cells, cell(" ".join(record.evidence.split()))]))
        table = self.query_one("#review-table", FittedTable)
        table.set_rows(rows)
        if current in self.keys:
            table.move_cursor(row=self.keys.index(current))
        info = Text.assemble(
            (f"{problems} still needed (✗)", f"bold {alert}") if problems else "Nothing missing",
            " · Enter opens a question · ctrl+s finishes",
        )
        self.query_one("#review-info", Static).update(info)
        self._show_detail()

    def selected_key(self) -> str | None:
        table = self.query_one("#review-table", FittedTable)
        row = table.cursor_row
        return self.keys[row] if table.row_count and 0 <= row < len(self.keys) else None

    @on(DataTable.RowHighlighted, "#review-table")
    def _show_detail(self) -> None:
        key = self.selected_key()
        detail = self.query_one("#review-detail", Static)
        if key is None:
            detail.update("")
            return
        record = self.records.get(key, AnswerRecord())
        lines = Text.assemble((f"{key} ", "bold"), literal(self.questions[key].prompt))
        if record.evidence:
            lines.append("\nEvidence: ", style="bold")
            lines.append_text(literal(" ".join(record.evidence.split())))
        if record.note:
            lines.append("\nNote: ", style="bold")
            lines.append_text(literal(" ".join(record.note.split())))
        detail.update(lines)

    @on(DataTable.RowSelected, "#review-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = self.selected_key()
        if key is not None:
            self.post_message(self.Open(key))


class WizardScreen(Screen[None]):
    """A run of a question set for one client, from its resume point."""

    app: RelworkApp

    DEFAULT_CSS = """
    WizardScreen #wizard-progress {
        height: 1;
        padding: 0 1;
        background: $surface;
    }
    WizardScreen #wizard-pages {
        height: 1fr;
    }
    WizardScreen #wizard-page {
        padding: 0 1;
    }
    WizardScreen #wizard-group {
        color: $accent;
        text-style: bold;
        margin-top: 1;
    }
    WizardScreen #wizard-prompt {
        text-style: bold;
    }
    WizardScreen #wizard-help {
        color: $text-muted;
        margin-bottom: 1;
    }
    WizardScreen #wizard-editor {
        height: auto;
    }
    WizardScreen #wizard-error {
        color: $text-error;
        text-style: bold;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown,ctrl+f", "next", "Next", priority=True, id="wizard.next"),
        Binding("pageup,ctrl+b", "back", "Back", priority=True, id="wizard.back"),
        Binding("ctrl+r", "review", "Review", priority=True, id="wizard.review"),
        Binding("ctrl+s", "finish", "Finish", priority=True, id="wizard.finish"),
        Binding("escape", "leave", "Leave", id="wizard.leave"),
    ]

    def __init__(self, run_id: int) -> None:
        super().__init__()
        self.run_id = run_id
        self.qset: QuestionSet | None = None
        self.records: dict[str, AnswerRecord] = {}
        self.contacts: list[tuple[int, str]] = []
        self.current = ""
        self.mode = QUESTION

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Wizard")
        yield Static(id="wizard-progress")
        with ContentSwitcher(initial=QUESTION, id="wizard-pages"):
            with VerticalScroll(id=QUESTION):
                yield Static(id="wizard-group")
                yield Static(id="wizard-prompt")
                yield Static(id="wizard-help")
                yield Vertical(id="wizard-editor")
                yield Static(id="wizard-error")
            yield ReviewPage(id=REVIEW)
        yield KeyFooter()

    async def on_mount(self) -> None:
        try:
            with self.app.store.session() as session:
                run = session.get(WizardRun, self.run_id)
                if run is None:
                    raise wizard_runs.WizardError(f"There is no wizard run {self.run_id}.")
                self.qset = wizard_runs.question_set_of(run)
                self.records = wizard_runs.answers_of(session=session, run_id=self.run_id)
                client = get_client(session=session, client_id=run.account_id)
                people = contact_service.list_contacts(session=session, client_id=run.account_id)
                position = run.position
        except (wizard_runs.WizardError, LookupError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.call_after_refresh(self.dismiss, None)
            return
        self.contacts = [
            (c.id, f"{c.name} ({c.title})" if c.title else c.name)
            for c in people
            if c.id is not None
        ]
        self.query_one(ScreenHeader).set_title(f"{self.qset.title} · {client.name}")
        keys = [q.key for q in self.asked]
        if position in keys:
            await self.show_question(position)
        elif unanswered := [k for k in keys if not self._answered(k)]:
            await self.show_question(unanswered[0])
        elif keys:
            self.current = keys[-1]
            self.show_review()

    # --- state -------------------------------------------------------------------------

    @property
    def asked(self) -> list[Question]:
        assert self.qset is not None
        return visible_questions(self.qset, self.records)

    def _answered(self, key: str) -> bool:
        record = self.records.get(key)
        return record is not None and is_answered(record.value)

    def _question(self) -> Question:
        assert self.qset is not None
        question = self.qset.question(self.current)
        assert question is not None
        return question

    def _editor(self) -> AnswerEditor | None:
        found = self.query_one("#wizard-editor").query(AnswerEditor)
        return found.first() if found else None

    def _people(self) -> dict[int, str]:
        return dict(self.contacts)

    # --- the question page ----------------------------------------------------------------

    async def show_question(self, key: str, message: str = "") -> None:
        """Show the page of question ``key``, with ``message`` under its editor."""
        assert self.qset is not None
        question = self.qset.question(key)
        if question is None:
            return
        self.current = key
        self.mode = QUESTION
        record = self.records.get(key)
        if record is None:
            value, evidence, note = self._initial(question), "", ""
        else:
            value, evidence, note = record.value, record.evidence, record.note
        editor = make_editor(question, value, evidence, note, contacts=self.contacts)
        holder = self.query_one("#wizard-editor")
        await holder.remove_children()
        await holder.mount(editor)
        self.query_one("#wizard-group", Static).update(literal(question.group or self.qset.title))
        self.query_one("#wizard-prompt", Static).update(literal(question.prompt))
        help_text = self.query_one("#wizard-help", Static)
        help_text.update(literal(question.help))
        help_text.display = bool(question.help)
        self._show_error(message)
        self._show_progress()
        self.query_one(ContentSwitcher).current = QUESTION
        self.query_one(f"#{QUESTION}", VerticalScroll).scroll_home(animate=False)
        editor.focus_editor()
        self._remember_position(key)
        self.refresh_bindings()

    def _initial(self, question: Question) -> Any:
        """A default, or a group's suggested rows, for a question not answered yet."""
        values = {k: r.value for k, r in self.records.items()}
        try:
            return initial_value(question, values, today=clock.today())
        except Exception as exc:  # a prefill provider that fails must not stop the wizard
            self.notify(
                f"No suggested rows for this question: {exc}", severity="warning", markup=False
            )
            return None

    def _remember_position(self, key: str) -> None:
        with self.app.store.session() as session:
            wizard_runs.set_position(session=session, run_id=self.run_id, question_key=key)

    def _show_progress(self) -> None:
        keys = [q.key for q in self.asked]
        total = len(keys)
        answered = sum(1 for k in keys if self._answered(k))
        line = Text()
        if self.mode == QUESTION and self.current in keys:
            number = keys.index(self.current) + 1
            line.append(f"Question {number} of {total}  ", style="bold")
            line.append(progress_bar(number, total), style=self.app.theme_variables.get("accent"))
        else:
            line.append(f"Review: {total} questions  ", style="bold")
            line.append(progress_bar(answered, total), style=self.app.theme_variables.get("accent"))
        line.append(f"  {answered} answered")
        self.query_one("#wizard-progress", Static).update(line)

    def _show_error(self, message: str) -> None:
        error = self.query_one("#wizard-error", Static)
        error.update(literal(message))
        error.display = bool(message)

    def save_current(self) -> bool:
        """Save what the page holds; False (and the reason shown) when it is not valid."""
        editor = self._editor()
        if self.mode != QUESTION or editor is None:
            return True
        question = self._question()
        value, evidence, note = editor.value, editor.evidence, editor.note
        record = self.records.get(question.key)
        if record is None and not is_answered(value) and not evidence and not note:
            return True
        if record is not None and (record.value, record.evidence, record.note) == (
            value,
            evidence,
            note,
        ):
            return True
        if is_answered(value):
            message = validate_answer(question, value, evidence)
            if message:
                self._show_error(message)
                if needs_evidence(question, value) and not evidence:
                    editor.focus_evidence()
                else:
                    editor.focus_editor()
                return False
        try:
            with self.app.store.session() as session:
                wizard_runs.save_answer(
                    session=session,
                    run_id=self.run_id,
                    question_key=question.key,
                    value=value,
                    evidence=evidence,
                    note=note,
                )
        except wizard_runs.WizardError as exc:
            self._show_error(str(exc))
            return False
        self.records[question.key] = AnswerRecord(value=value, evidence=evidence, note=note)
        self._show_error("")
        return True

    # --- moving ------------------------------------------------------------------------------

    async def action_next(self) -> None:
        if self.mode == REVIEW:
            return
        if not self.save_current():
            return
        keys = [q.key for q in self.asked]
        index = keys.index(self.current) if self.current in keys else -1
        if index + 1 < len(keys):
            await self.show_question(keys[index + 1])
        else:
            self.show_review()

    async def action_back(self) -> None:
        if self.mode == REVIEW:
            await self.show_question(self.current)
            return
        if not self.save_current():
            return
        keys = [q.key for q in self.asked]
        index = keys.index(self.current) if self.current in keys else 0
        if index > 0:
            await self.show_question(keys[index - 1])
        else:
            self.notify("This is the first question.")

    def action_review(self) -> None:
        if self.mode == QUESTION and self.save_current():
            self.show_review()

    @on(AnswerEditor.Picked)
    @on(AnswerEditor.Submitted)
    async def _move_on(self) -> None:
        await self.action_next()

    # --- the review page ---------------------------------------------------------------------

    def show_review(self) -> None:
        self.mode = REVIEW
        self.query_one(ContentSwitcher).current = REVIEW
        page = self.query_one(ReviewPage)
        alert = self.app.theme_variables.get("error", "red")
        page.show(self.asked, self.records, self._people(), current=self.current, alert=alert)
        self._show_progress()
        page.focus_list()
        self.refresh_bindings()

    @on(ReviewPage.Open)
    async def _open_from_review(self, event: ReviewPage.Open) -> None:
        await self.show_question(event.key)

    async def action_finish(self) -> None:
        if self.mode == QUESTION:
            self.action_review()
            return
        try:
            with self.app.store.session() as session:
                wizard_runs.finish_run(session=session, run_id=self.run_id)
        except wizard_runs.WizardIncomplete as exc:
            await self._incomplete(exc.missing)
            return
        except Exception as exc:  # a set gone, or a plan that could not be written
            self.notify(f"Could not finish: {exc}", severity="error", markup=False)
            return
        from relwork.screens.wizard_summary import WizardSummaryScreen

        self.notify("Finished.", markup=False)
        self.app.switch_screen(WizardSummaryScreen(self.run_id))

    async def _incomplete(self, missing: list[tuple[str, str]]) -> None:
        assert self.qset is not None
        listed = []
        for key, message in missing:
            question = self.qset.question(key)
            prompt = question.prompt if question is not None else key
            short = prompt if len(prompt) <= 50 else prompt[:49] + "…"
            listed.append(f"• {short} — {message}")
        count = len(missing)
        self.notify(
            "\n".join(listed[:6] + ([f"… and {count - 6} more"] if count > 6 else [])),
            title=f"{count} answer{'s' if count != 1 else ''} still needed",
            severity="warning",
            timeout=10,
            markup=False,
        )
        first_key, first_message = missing[0]
        await self.show_question(first_key, message=first_message)

    # --- leaving -----------------------------------------------------------------------------

    async def action_leave(self) -> None:
        editor = self._editor()
        if editor is not None and not self.save_current():
            reason = self.query_one("#wizard-error", Static).content

            def answered(leave: bool | None) -> None:
                if leave:
                    self._left()

            self.app.push_screen(
                ConfirmScreen(
                    f"This answer cannot be saved ({reason}). Leave without it? "
                    "Every other answer is saved.",
                    yes="Leave",
                    no="Stay",
                ),
                answered,
            )
            return
        self._left()

    def _left(self) -> None:
        self.notify(LEFT_MESSAGE, markup=False)
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "finish":
            return self.mode == REVIEW
        if action in ("review", "next"):
            return self.mode == QUESTION
        return True

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand("wizard: Review answers", "Every question (ctrl+r)", self.action_review),
            PaletteCommand("wizard: Leave", "Answers are saved (esc)", self.action_leave),
        ]
