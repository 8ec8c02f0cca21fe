"""A client's assessments and plan wizards: which question sets matter for its type of
relationship (most important first, with the reason), and every run so far.

Enter on a set starts a run (or offers to resume the unfinished one); Enter on a run
resumes it, or opens its summary when it is finished. The emphasis and its reason
come from :func:`relwork.services.assessments.offered_assessments`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Static

from relwork.enums import RelationshipType, WizardRunStatus
from relwork.palette import PaletteCommand
from relwork.services import wizard_runs
from relwork.services.assessments import offered_assessments, type_for_assessments
from relwork.services.clients import get_client
from relwork.widgets.fitted import Column, FittedTable, cursor_key
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.heading_rows import skip_headings
from relwork.widgets.literal import cell, literal
from relwork.wizards import QuestionSet, RunSummary, load_sets, percent

if TYPE_CHECKING:
    from relwork.app import RelworkApp
    from relwork.models import WizardRun

EMPHASIS_LABELS = {"crucial": "Crucial", "moderate": "Moderate", "minor": "Minor", "n/a": "n/a"}
HEADING = "heading:"

SET_COLUMNS = [
    Column("Question set", 32),
    Column("Emphasis", 9),
    Column("Why", 0),
]
RUN_COLUMNS = [
    Column("Run of", 0),
    Column("Started", 10),
    Column("Status", 11),
    Column("Score", 17),
    Column("Gaps", 4),
]


class ResumeOrNewScreen(ModalScreen[str | None]):
    """Resume the unfinished run of a set, or start a new one ("resume", "new", None)."""

    DEFAULT_CSS = """
    ResumeOrNewScreen {
        align: center middle;
    }
    ResumeOrNewScreen #resume-dialog {
        width: 64;
        max-width: 100%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    ResumeOrNewScreen #resume-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ResumeOrNewScreen Button {
        margin-left: 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('resume')", "Resume", id="assessments.resume"),
        Binding("s", "choose('new')", "Start new", id="assessments.start_new"),
        Binding("escape", "choose('')", "Cancel", id="assessments.cancel"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-dialog"):
            yield Static(literal(self.question))
            with Horizontal(id="resume-buttons"):
                yield Button("Resume (r)", id="resume", variant="primary", compact=True)
                yield Button("Start new (s)", id="new", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose("" if event.button.id == "cancel" else str(event.button.id))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)


class SetTable(FittedTable):
    """The sets with a heading row per kind; the cursor never rests on a heading."""

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        value = super().validate_cursor_coordinate(value)
        headings = {r for r in range(self.row_count) if self._is_heading(r)}
        return skip_headings(value, self.cursor_coordinate, self.row_count, headings)

    def _is_heading(self, row: int) -> bool:
        try:
            key = self.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        except Exception:
            return False
        return bool(key and key.startswith(HEADING))

    def selected_key(self) -> str | None:
        key = cursor_key(self)
        return None if key is None or key.startswith(HEADING) else key


class AssessmentsScreen(Screen[None]):
    """The question sets offered to one client and the client's runs."""

    app: RelworkApp

    DEFAULT_CSS = """
    AssessmentsScreen #assess-info {
        height: 1;
        padding: 0 1;
        background: $surface;
    }
    AssessmentsScreen #assess-sets {
        height: auto;
        max-height: 11;
    }
    AssessmentsScreen #assess-runs {
        height: 1fr;
        min-height: 4;
    }
    AssessmentsScreen FittedTable {
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
    }
    AssessmentsScreen FittedTable:focus {
        border: round $primary;
        border-title-color: $primary;
    }
    AssessmentsScreen #assess-reason {
        height: auto;
        max-height: 4;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="assessments.back"),
        # ahead of the tables' own Enter, so the footer names what Enter does here
        Binding("enter", "open", "Start / open", priority=True, id="assessments.open"),
        Binding("tab", "switch", "Sets ↔ runs", id="assessments.switch"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.sets: dict[str, QuestionSet] = {}
        self.reasons: dict[str, str] = {}
        self.runs: dict[str, WizardRun] = {}

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Assessments")
        yield Static(id="assess-info")
        yield SetTable(SET_COLUMNS, id="assess-sets")
        yield Static(id="assess-reason")
        yield FittedTable(RUN_COLUMNS, id="assess-runs")
        yield KeyFooter()

    def on_mount(self) -> None:
        loaded = load_sets()
        for problem in loaded.problems:
            self.notify(problem, title="Question sets", severity="warning", markup=False)
        self.sets = loaded.sets
        self.reload()
        self.query_one("#assess-sets").focus()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.reload()

    # --- data -------------------------------------------------------------------------------

    def reload(self) -> None:
        with self.app.store.session() as session:
            client = get_client(session=session, client_id=self.client_id)
            kind = type_for_assessments(client.account)
            runs = wizard_runs.runs_for(session=session, account_id=self.client_id)
            summaries: dict[int, RunSummary | None] = {}
            for run in runs:
                assert run.id is not None
                try:
                    summaries[run.id] = wizard_runs.summary_of(
                        session=session, run_id=run.id, sets=self.sets
                    )
                except wizard_runs.WizardError:
                    summaries[run.id] = None
        self.runs = {str(run.id): run for run in runs}
        self.query_one(ScreenHeader).set_title(f"Assessments · {client.name}")
        self._show_info(client.account.current_type, kind)
        self._fill_sets(kind)
        self._fill_runs(runs, summaries)

    def _show_info(self, current: str, kind: str) -> None:
        label = RelationshipType(kind).label.lower()
        if kind != current:
            now = RelationshipType(current).label.lower()
            note = f"for a {label} (target; now {now})"
        else:
            note = f"for a {label} relationship"
        line = Text.assemble(("Emphasis ", "bold"), note, " · Enter starts or opens")
        self.query_one("#assess-info", Static).update(line)

    def _fill_sets(self, kind: str) -> None:
        offered = offered_assessments(self.sets, kind)
        listed = {o.set_key for o in offered}
        plans = [s for s in self.sets.values() if s.result != "assessment"]
        others = [s for s in self.sets.values() if s.key not in listed and s.result == "assessment"]
        rows: list[tuple[str, list[Text]]] = []
        self.reasons = {}

        def heading(title: str) -> None:
            rows.append((f"{HEADING}{title}", [Text(title, style="bold"), Text(""), Text("")]))

        heading("Assessments")
        for item in offered:
            self.reasons[item.set_key] = item.reason
            why = self.sets[item.set_key].emphasis_reason  # the full reason shows below
            rows.append((item.set_key, self._set_row(item.title, item.emphasis, why)))
        for title, group in (("Plans", plans), ("Other question sets", others)):
            if not group:
                continue
            heading(title)
            for qset in sorted(group, key=lambda s: s.title.casefold()):
                emphasis = qset.emphasis.get(kind, "")
                reason = qset.emphasis_reason or qset.description
                self.reasons[qset.key] = " ".join(reason.split())
                rows.append((qset.key, self._set_row(qset.title, emphasis, reason)))
        table = self.query_one("#assess-sets", SetTable)
        table.set_rows(rows)  # type: ignore[arg-type]
        table.border_title = "Question sets"
        if table.row_count > 1 and table.cursor_row == 0:
            table.move_cursor(row=1)
        self._show_reason()

    def _set_row(self, title: str, emphasis: str, reason: str) -> list[Text]:
        style = {"crucial": "bold", "n/a": "dim"}.get(emphasis, "")
        return [
            cell(title),
            Text(EMPHASIS_LABELS.get(emphasis, emphasis or "–"), style=style),
            Text(" ".join(reason.split()), no_wrap=True, overflow="ellipsis"),
        ]

    def _fill_runs(self, runs: list[WizardRun], summaries: dict[int, RunSummary | None]) -> None:
        rows: list[tuple[int | None, list[Text]]] = []
        for run in runs:
            assert run.id is not None
            summary = summaries.get(run.id)
            qset = self.sets.get(run.set_key)
            title = run.set_title or (qset.title if qset else run.set_key)
            finished = run.status == WizardRunStatus.FINISHED
            status = Text(
                "Finished" if finished else "In progress", style="" if finished else "bold"
            )
            if summary is None:
                score, gaps = Text("set missing", style="dim"), Text("–", style="dim")
            elif finished:
                score = Text(f"{percent(summary.score)} {summary.band}")
                gaps = Text(str(len(summary.gaps)))
            else:
                answered = f"{summary.answered} of {summary.total} done"
                score, gaps = Text(answered, style="dim"), Text("–", style="dim")
            started = run.started_at.astimezone().strftime("%Y-%m-%d")
            rows.append((run.id, [cell(title), Text(started), status, score, gaps]))
        table = self.query_one("#assess-runs", FittedTable)
        table.set_rows(rows)
        table.border_title = f"Runs ({len(runs)})" if runs else "Runs: none yet"

    @on(DataTable.RowHighlighted, "#assess-sets")
    def _show_reason(self) -> None:
        key = self.query_one("#assess-sets", SetTable).selected_key()
        reason = self.reasons.get(key or "", "")
        qset = self.sets.get(key or "")
        line = Text()
        if qset is not None:
            line.append(f"{qset.title}: ", style="bold")
            line.append_text(literal(reason))
        self.query_one("#assess-reason", Static).update(line)

    # --- actions ----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_switch(self) -> None:
        sets, runs = self.query_one("#assess-sets"), self.query_one("#assess-runs")
        (runs if sets.has_focus else sets).focus()

    def action_open(self) -> None:
        if self.query_one("#assess-runs").has_focus:
            self.open_run()
        else:
            self.start_set()

    @on(DataTable.RowSelected, "#assess-sets")
    def start_set(self) -> None:
        key = self.query_one("#assess-sets", SetTable).selected_key()
        if key is None or key not in self.sets:
            return
        with self.app.store.session() as session:
            unfinished = wizard_runs.unfinished_run(
                session=session, account_id=self.client_id, set_key=key
            )
        if unfinished is None:
            self._start(key)
            return
        run_id = unfinished.id
        started = unfinished.started_at.astimezone().strftime("%Y-%m-%d")

        def chosen(choice: str | None) -> None:
            if choice == "resume" and run_id is not None:
                self._open_wizard(run_id)
            elif choice == "new":
                self._start(key)

        self.app.push_screen(
            ResumeOrNewScreen(
                f"'{self.sets[key].title}' has a run in progress, started {started}. "
                "Resume it, or start a new one (the unfinished one stays in the list)?"
            ),
            chosen,
        )

    def _start(self, key: str) -> None:
        try:
            with self.app.store.session() as session:
                run = wizard_runs.start_run(
                    session=session,
                    account_id=self.client_id,
                    set_key=key,
                    author=self.app.user,
                    sets=self.sets,
                )
        except wizard_runs.WizardError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        assert run.id is not None
        self._open_wizard(run.id)

    def _open_wizard(self, run_id: int) -> None:
        from relwork.screens.wizard import WizardScreen

        self.app.push_screen(WizardScreen(run_id))

    @on(DataTable.RowSelected, "#assess-runs")
    def open_run(self) -> None:
        run = self.runs.get(cursor_key(self.query_one("#assess-runs", FittedTable)) or "")
        if run is None or run.id is None:
            return
        if run.status == WizardRunStatus.FINISHED:
            from relwork.screens.wizard_summary import WizardSummaryScreen

            self.app.push_screen(WizardSummaryScreen(run.id))
        else:
            self._open_wizard(run.id)

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand(
                "assessments: Start or open", "The set or run under the cursor", self.action_open
            ),
        ]
