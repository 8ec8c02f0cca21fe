"""What a finished run adds up to: score and band, a bar per group, the 4 x 4 grid for
grid sets, and the gaps, each of which ``t`` turns into an action on the client.

For plan sets the summary names the plan the run wrote and ``o`` opens the client's
plans. Every number comes from :func:`relwork.wizards.summarize`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from relwork import clock
from relwork.models import WizardRun
from relwork.palette import PaletteCommand
from relwork.screens.form import FormField, FormScreen
from relwork.services import wizard_runs
from relwork.services.clients import get_client
from relwork.services.plans import plan_of_run
from relwork.services.validation import InvalidInput, optional_date
from relwork.widgets.fitted import Column, FittedTable
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import cell, literal
from relwork.widgets.maturity_grid import GridColours, MaturityGrid, grid_legend
from relwork.wizards import Gap, QuestionSet, RunSummary, percent

if TYPE_CHECKING:
    from relwork.app import RelworkApp

GROUP_BAR = 10
DUE_IN_DAYS = 14  # the default due date of an action made from a gap

GAP_COLUMNS = [
    Column("Question", 0),
    Column("Group", 20, min_table_width=110),
    Column("Answer", 13),
    Column("Why it is a gap", 26, min_table_width=100),
    Column("Action", 8),
]

PLAN_WORDS = {"onboarding_plan": "Onboarding plan", "offboarding_plan": "Offboarding plan"}


def share_bar(share: float | None, width: int = GROUP_BAR) -> str:
    if share is None:
        return "·" * width
    filled = round(width * share)
    return "█" * filled + "░" * (width - filled)


class GroupBars(Static):
    """A bar and a percentage per group, labels cut to the width the widget has."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.groups: dict[str, float | None] = {}
        self.style_of: Callable[[float | None], str] = lambda _share: ""

    def show(
        self, groups: dict[str, float | None], style_of: Callable[[float | None], str]
    ) -> None:
        self.groups, self.style_of = dict(groups), style_of
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if not self.groups:
            self.update("")
            return
        width = self.content_region.width or 40
        names = [name or "Other" for name in self.groups]
        label_width = min(max(len(n) for n in names), max(8, width - GROUP_BAR - 6))
        lines = Text(no_wrap=True, overflow="ellipsis")
        lines.append("By group", style="bold")
        for name, share in zip(names, self.groups.values(), strict=True):
            label = name if len(name) <= label_width else name[: label_width - 1] + "…"
            lines.append(f"\n{label:<{label_width}} ")
            lines.append(share_bar(share), style=self.style_of(share))
            lines.append(f" {percent(share):>4}")
        self.update(lines)


def gap_action_fields() -> list[FormField]:
    return [
        FormField("owner", "Owner", placeholder="who follows it up"),
        FormField("due", "Due", placeholder="YYYY-MM-DD (empty: no date)"),
    ]


def parse_gap_action(values: dict[str, Any]) -> tuple[str, date | None]:
    """Owner and due date from the form, or :class:`InvalidInput` saying what to fix."""
    try:
        due = optional_date(values.get("due"))
    except ValueError as exc:
        raise InvalidInput({"due": str(exc)}) from None
    return str(values.get("owner") or "").strip(), due


class WizardSummaryScreen(Screen[None]):
    """The summary of one run (normally a finished one)."""

    app: RelworkApp

    DEFAULT_CSS = """
    WizardSummaryScreen #summary-top {
        height: auto;
        max-height: 70%;
        padding: 0 1;
    }
    WizardSummaryScreen #summary-score {
        height: auto;
    }
    WizardSummaryScreen #summary-figures {
        height: auto;
    }
    WizardSummaryScreen MaturityGrid {
        margin-right: 3;
    }
    WizardSummaryScreen #summary-groups {
        width: 1fr;
        height: auto;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    WizardSummaryScreen #summary-legend, WizardSummaryScreen #summary-plan {
        height: auto;
    }
    WizardSummaryScreen #summary-gaps {
        height: 1fr;
        min-height: 5;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
    }
    WizardSummaryScreen #summary-gaps:focus {
        border: round $primary;
        border-title-color: $primary;
    }
    WizardSummaryScreen #summary-detail {
        height: auto;
        max-height: 3;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="summary.back"),
        Binding("t", "gap_to_action", "Gap → action", id="summary.gap_action"),
        Binding("o", "open_plan", "Open plan", id="summary.open_plan"),
    ]

    def __init__(self, run_id: int) -> None:
        super().__init__()
        self.run_id = run_id
        self.account_id = 0
        self.qset: QuestionSet | None = None
        self.summary: RunSummary | None = None
        self.actioned: set[str] = set()
        self.plan: tuple[int, str] | None = None  # (id, title) of the plan the run wrote
        self.started_at: datetime | None = None
        self.finished_at: datetime | None = None

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Summary")
        with VerticalScroll(id="summary-top"):
            yield Static(id="summary-score")
            with Horizontal(id="summary-figures"):
                yield MaturityGrid(id="summary-grid")
                yield GroupBars(id="summary-groups")
            yield Static(id="summary-legend")
            yield Static(id="summary-plan")
        yield FittedTable(GAP_COLUMNS, id="summary-gaps")
        yield Static(id="summary-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        try:
            self._load()
        except (wizard_runs.WizardError, LookupError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.call_after_refresh(self.dismiss, None)
            return
        self._show()
        self.query_one("#summary-gaps").focus()

    def on_screen_resume(self) -> None:
        if self.summary is not None:
            self._show()

    # --- data -------------------------------------------------------------------------------

    def _load(self) -> None:
        with self.app.store.session() as session:
            run = session.get(WizardRun, self.run_id)
            if run is None:
                raise wizard_runs.WizardError(f"There is no wizard run {self.run_id}.")
            self.account_id = run.account_id
            self.qset = wizard_runs.question_set_of(run)
            self.summary = wizard_runs.summary_of(session=session, run_id=self.run_id)
            client = get_client(session=session, client_id=run.account_id)
            found = plan_of_run(session=session, run_id=run.id) if run.id is not None else None
            self.plan = found[1:] if found is not None else None
            self.actioned |= wizard_runs.gaps_with_open_actions(session=session, run_id=self.run_id)
            self.finished_at = run.finished_at
            self.started_at = run.started_at
        self.query_one(ScreenHeader).set_title(f"Summary: {self.qset.title} · {client.name}")

    # --- drawing ----------------------------------------------------------------------------

    def _colours(self) -> GridColours:
        theme = self.app.theme_variables
        return GridColours(
            weak=theme.get("error", "red"),
            partial=theme.get("warning", "yellow"),
            strong=theme.get("success", "green"),
        )

    def _band_style(self, score: float | None) -> str:
        colours = self._colours()
        if score is None:
            return "bold"
        if score < 0.5:
            return f"bold {colours.weak}"
        if score < 0.8:
            return f"bold {colours.partial}"
        return f"bold {colours.strong}"

    def _show(self) -> None:
        assert self.qset is not None and self.summary is not None
        summary, qset = self.summary, self.qset
        line = Text.assemble(("Score ", "bold"), (percent(summary.score), "bold"))
        line.append(" · ")
        line.append(summary.band, style=self._band_style(summary.score))
        line.append(f" · {summary.answered} of {summary.total} answered")
        when = self.finished_at or self.started_at
        if when is not None:
            state = "finished" if self.finished_at else "in progress, started"
            line.append(f" · {state} {when.astimezone():%Y-%m-%d}")
        self.query_one("#summary-score", Static).update(line)

        grid = self.query_one(MaturityGrid)
        legend = self.query_one("#summary-legend", Static)
        grid.display = legend.display = qset.is_grid
        if qset.is_grid:
            grid.show(qset.grid_rows, qset.grid_columns, summary.grid, self._colours())
            legend.update(grid_legend(qset.grid_rows, qset.grid_columns, self._colours()))
        self.query_one(GroupBars).show(
            self.summary.by_group, lambda share: self._band_style(share).replace("bold ", "")
        )
        plan = self.query_one("#summary-plan", Static)
        plan.display = qset.result in PLAN_WORDS
        plan.update(self._plan_line())
        self._fill_gaps()

    def _plan_line(self) -> Text:
        assert self.qset is not None
        what = PLAN_WORDS.get(self.qset.result, "Plan")
        if self.plan is None:
            return Text(f"No {what.lower()} was written for this run yet.", style="bold")
        plan_id, title = self.plan
        line = Text.assemble((f"{what} created: ", "bold"), literal(title or "(untitled)"))
        line.append(f" (plan #{plan_id})")
        if _plans_screen() is not None:
            line.append(" · o opens the client's plans")
        return line

    def _fill_gaps(self) -> None:
        assert self.summary is not None
        success = self._colours().strong
        rows: list[tuple[int | None, list[Text]]] = []
        for index, gap in enumerate(self.summary.gaps):
            done = gap.question_key in self.actioned
            rows.append(
                (
                    index,
                    [
                        cell(gap.prompt),
                        cell(gap.group),
                        cell(gap.answer_label),
                        cell(gap.reason),
                        Text("✓ action", style=f"bold {success}") if done else Text("–", "dim"),
                    ],
                )
            )
        table = self.query_one("#summary-gaps", FittedTable)
        table.set_rows(rows)
        count = len(self.summary.gaps)
        table.border_title = (
            f"Gaps ({count}) · t turns one into an action"
            if count
            else "No gaps: nothing to act on"
        )
        self._show_detail()

    def _selected_gap(self) -> Gap | None:
        assert self.summary is not None
        table = self.query_one("#summary-gaps", FittedTable)
        if not self.summary.gaps or not table.row_count:
            return None
        row = table.cursor_row
        return self.summary.gaps[row] if 0 <= row < len(self.summary.gaps) else None

    @on(DataTable.RowHighlighted, "#summary-gaps")
    def _show_detail(self) -> None:
        detail = self.query_one("#summary-detail", Static)
        gap = self._selected_gap() if self.summary is not None else None
        if gap is None:
            detail.update("")
            return
        line = Text.assemble((f"{gap.question_key} ", "bold"), literal(gap.prompt))
        line.append("\nAnswered ", style="bold")
        line.append_text(literal(gap.answer_label))
        line.append(": ")
        line.append_text(literal(gap.reason))
        if gap.group:
            line.append(" · ")
            line.append_text(literal(gap.group))
        detail.update(line)

    # --- actions ----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_gap_to_action(self) -> None:
        gap = self._selected_gap()
        if gap is None:
            self.notify("There is no gap to turn into an action.")
            return
        if gap.question_key in self.actioned:
            self.notify("An action for this gap is already open.")
            return

        def save(values: dict[str, Any]) -> int:
            owner, due = parse_gap_action(values)
            with self.app.store.session() as session:
                action = wizard_runs.gap_to_action(
                    session=session,
                    run_id=self.run_id,
                    question_key=gap.question_key,
                    owner=owner,
                    due=due,
                )
            assert action.id is not None
            return action.id

        def saved(action_id: int | None) -> None:
            if action_id is None:
                return
            self.actioned.add(gap.question_key)
            self._fill_gaps()
            self.notify("Action added to the client's open actions.", markup=False)

        due = clock.today() + timedelta(days=DUE_IN_DAYS)
        self.app.push_screen(
            FormScreen(
                title=f"Action for the gap: {gap.prompt}",
                fields=gap_action_fields(),
                save=save,
                values={"owner": self.app.user, "due": due.isoformat()},
            ),
            saved,
        )

    def action_open_plan(self) -> None:
        screen = _plans_screen()
        if screen is None or self.plan is None:
            if self.plan is not None:
                self.notify(f"Plan #{self.plan[0]}: {self.plan[1]}", markup=False)
            return
        self.app.push_screen(screen(self.account_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_plan":
            return self.plan is not None
        if action == "gap_to_action":
            return bool(self.summary and self.summary.gaps)
        return True

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand(
                "summary: Turn the gap into an action",
                "On the gap under the cursor (t)",
                self.action_gap_to_action,
            ),
        ]


def _plans_screen() -> Any:
    """The plans screen, when that part of relwork is installed."""
    try:
        from relwork.screens.plans import PlansScreen
    except ImportError:
        return None
    return PlansScreen
