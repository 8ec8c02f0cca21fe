"""The measurement grid of one agreement: its metrics by the last six months.

Type a number on a month's cell and press Enter to save it (a value already there is
replaced); Enter on an empty input clears the cell; anything that is not a number is
refused with a message and nothing changes. ``[`` and ``]`` move the months shown.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Static

from relwork import clock
from relwork.palette import PaletteCommand
from relwork.screens.agreement_view import status_colours
from relwork.services import agreements as service
from relwork.services.measurement_import import ImportResult
from relwork.services.scorecard import STATUS_LABELS, metric_status
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import literal
from relwork.widgets.measurement_grid import MeasurementGridTable

if TYPE_CHECKING:
    from relwork.app import RelworkApp


def default_last_month(today: date) -> date:
    """The newest month the grid shows at first: last month, the latest complete one."""
    return service.add_months(today, -1)


class MeasurementGridScreen(Screen[bool]):
    """Dismisses with True if anything was saved."""

    app: RelworkApp

    DEFAULT_CSS = """
    MeasurementGridScreen #grid-help {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    MeasurementGridScreen MeasurementGridTable {
        height: 1fr;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
    }
    MeasurementGridScreen MeasurementGridTable:focus {
        border: round $primary;
        border-title-color: $primary;
    }
    MeasurementGridScreen #grid-detail {
        height: 1;
        padding: 0 1;
    }
    MeasurementGridScreen #grid-edit {
        height: 1;
        padding: 0 1;
    }
    MeasurementGridScreen #grid-edit-label {
        width: auto;
        text-style: bold;
        padding-right: 1;
    }
    MeasurementGridScreen #grid-input {
        width: 1fr;
        background: $boost;
    }
    MeasurementGridScreen #grid-message {
        height: auto;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="grid.back"),
        Binding("left_square_bracket", "shift(-1)", "Earlier", key_display="[", id="grid.earlier"),
        Binding("right_square_bracket", "shift(1)", "Later", key_display="]", id="grid.later"),
        Binding("i", "import_csv", "Import CSV", id="grid.import"),
    ]

    def __init__(self, agreement_id: int) -> None:
        super().__init__()
        self.agreement_id = agreement_id
        self.last_month = default_last_month(clock.today())
        self.editing: tuple[int, str, date] | None = None  # metric id, name, month
        self.saved_any = False
        self.agreement_title = ""

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Measurements")
        yield Static(
            "Type a number on a month, Enter saves · empty clears · [ ] other months",
            id="grid-help",
            markup=False,
        )
        yield MeasurementGridTable(id="grid")
        yield Static(id="grid-detail")
        with Horizontal(id="grid-edit"):
            yield Static(id="grid-edit-label")
            yield Input(
                id="grid-input",
                compact=True,
                placeholder="a number; empty clears",
                select_on_focus=False,  # what was typed on the grid must stay
            )
        yield Static(id="grid-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#grid-edit").display = False
        with self.app.store.session() as session:
            agreement = service.get_agreement(session=session, agreement_id=self.agreement_id)
            self.agreement_title = agreement.title
        self.query_one(ScreenHeader).set_title(f"Measurements · {self.agreement_title}")
        self.reload()
        self.query_one(MeasurementGridTable).focus()  # on last month, the newest shown
        self._show_detail()

    # --- data --------------------------------------------------------------------------------

    def reload(self) -> None:
        periods = service.grid_periods(last=self.last_month)
        with self.app.store.session() as session:
            grid = service.measurement_grid(
                session=session, agreement_id=self.agreement_id, periods=periods
            )
        table = self.query_one(MeasurementGridTable)
        table.show(grid, status_colours(self.app))
        table.border_title = f"{periods[0]:%b %Y} to {periods[-1]:%b %Y}"
        if not grid.rows:
            table.border_subtitle = "no metrics yet: add them on the agreements screen (m)"
        else:
            table.border_subtitle = ""
        self._show_detail()

    @on(MeasurementGridTable.CellHighlighted)
    def _moved(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        table = self.query_one(MeasurementGridTable)
        detail = self.query_one("#grid-detail", Static)
        chosen = table.selected
        grid = table.grid
        if grid is None or not grid.rows:
            detail.update("")
            return
        row = grid.rows[min(table.cursor_row, len(grid.rows) - 1)]
        metric = row.metric
        line = Text.assemble(
            literal(metric.name, style="bold"), f"  target {service.target_text(metric)}"
        )
        if metric.tolerance:
            line.append(f", at risk within {service.format_number(metric.tolerance)}")
        if chosen is not None:
            line.append(f"  ·  {chosen.period:%b %Y}: ")
            if chosen.value is None:
                line.append("no value")
            else:
                status = metric_status(
                    chosen.value,
                    target=metric.target,
                    tolerance=metric.tolerance,
                    direction=metric.direction,
                )
                line.append(service.format_number(chosen.value))
                line.append(
                    f" {STATUS_LABELS[status].lower()}", style=status_colours(self.app)[status]
                )
        line.truncate(max(10, self.size.width - 2), overflow="ellipsis")
        detail.update(line)

    # --- editing -----------------------------------------------------------------------------

    @on(MeasurementGridTable.EditRequested)
    def _start_edit(self, event: MeasurementGridTable.EditRequested) -> None:
        chosen = self.query_one(MeasurementGridTable).selected
        if chosen is None:
            return
        box = self.query_one("#grid-input", Input)
        cell_key = (chosen.metric_id, chosen.metric_name, chosen.period)
        if self.editing == cell_key:  # keys that reached the grid before the input had focus
            if event.typed:
                box.insert_text_at_cursor(event.text)
            return
        self.editing = cell_key
        label = Text.assemble(literal(chosen.metric_name), f", {chosen.period:%b %Y}:")
        self.query_one("#grid-edit-label", Static).update(label)
        self.query_one("#grid-edit").display = True
        box.value = event.text
        box.cursor_position = len(event.text)
        if not event.typed:
            box.select_all()  # typing replaces the value shown; Enter keeps it
        box.focus()
        self._message("")

    @on(Input.Submitted, "#grid-input")
    def _save_edit(self, event: Input.Submitted) -> None:
        if self.editing is None:
            return
        metric_id, name, period = self.editing
        try:
            with self.app.store.session() as session:
                saved = service.record_typed_value(
                    session=session,
                    metric_id=metric_id,
                    period=period,
                    text=event.value,
                    today=clock.today(),
                )
        except ValueError as exc:
            self._message(f"{exc} Nothing was changed.", error=True)
            return
        self.saved_any = True
        self._stop_edit()
        self.reload()
        if saved is None:
            self._message(f"Cleared {name} for {period:%b %Y}.")
        else:
            self._message(f"Saved {service.format_number(saved.value)} for {name}, {period:%b %Y}.")
        self.query_one(MeasurementGridTable).action_cursor_down()

    def _stop_edit(self) -> None:
        self.editing = None
        self.query_one("#grid-edit").display = False
        self.query_one(MeasurementGridTable).focus()

    def _message(self, text: str, *, error: bool = False) -> None:
        style = f"bold {self.app.theme_variables.get('error', 'red')}" if error else ""
        self.query_one("#grid-message", Static).update(literal(text, style=style))

    # --- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.editing is not None:
            self._stop_edit()
            self._message("Left as it was.")
            return
        self.dismiss(self.saved_any)

    def action_shift(self, months: int) -> None:
        if self.editing is not None:
            return
        self.last_month = service.add_months(self.last_month, months)
        self.reload()

    def action_import_csv(self) -> None:
        from relwork.screens.agreement_import import ImportScreen

        def done(result: ImportResult | None) -> None:
            if result is not None:
                self.saved_any = True
                self.reload()
                self._message(result.summary())

        self.app.push_screen(ImportScreen(self.agreement_id, self.agreement_title), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in ("shift", "import_csv") and self.editing is not None)

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand(
                "grid: Earlier months",
                "Move the window back a month ([)",
                lambda: self.action_shift(-1),
            ),
            PaletteCommand(
                "grid: Later months", "Move the window on a month (])", lambda: self.action_shift(1)
            ),
            PaletteCommand(
                "grid: Import CSV", "metric,period,value[,note] (i)", self.action_import_csv
            ),
        ]
