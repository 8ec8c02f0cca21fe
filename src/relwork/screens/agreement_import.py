"""Import an agreement's measurements from a CSV file: a path, then the result or every
problem found (nothing is imported while there is one)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from relwork import clock
from relwork.services.measurement_import import (
    ImportProblems,
    ImportResult,
    import_measurements,
)
from relwork.widgets.literal import literal

if TYPE_CHECKING:
    from relwork.app import RelworkApp

FORMAT_HELP = (
    "A header line, then one value per line: metric,period,value[,note]. "
    "metric: a metric's name (any case) · period: 2026-10 or 2026-10-01 · "
    "value: a number with a dot for decimals. Any bad line and nothing is imported; "
    "a value for a month that has one replaces it."
)


class ImportScreen(ModalScreen[ImportResult | None]):
    """Ask for a CSV path; dismisses with the result, or None if left with Escape."""

    app: RelworkApp

    DEFAULT_CSS = """
    ImportScreen {
        align: center middle;
    }
    #import-dialog {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    #import-title {
        text-style: bold;
        background: $primary-background;
        padding: 0 1;
    }
    #import-help {
        color: $text-muted;
        margin: 1 0;
    }
    #import-path {
        background: $boost;
    }
    #import-problems {
        height: auto;
        max-height: 12;
        margin-top: 1;
        color: $text-error;
    }
    #import-keys {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="agreements.import_cancel"),
    ]

    def __init__(self, agreement_id: int, title: str) -> None:
        super().__init__()
        self.agreement_id = agreement_id
        self.agreement_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog"):
            yield Static(
                Text.assemble("Import measurements into ", literal(self.agreement_title)),
                id="import-title",
            )
            yield Static(FORMAT_HELP, id="import-help", markup=False)
            yield Input(
                placeholder="path of the CSV file, e.g. ~/reports/october.csv",
                id="import-path",
                compact=True,
            )
            with VerticalScroll(id="import-problems"):
                yield Static("", id="import-problem-list")
            yield Static("Enter imports · Esc closes", id="import-keys")

    def on_mount(self) -> None:
        self.query_one("#import-problems").display = False
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            with self.app.store.session() as session:
                result = import_measurements(
                    session=session,
                    agreement_id=self.agreement_id,
                    path=event.value,
                    today=clock.today(),
                )
        except ImportProblems as exc:
            self.show_problems(exc.problems)
            return
        self.dismiss(result)

    def show_problems(self, problems: list[str]) -> None:
        shown = Text.assemble(
            ("Nothing was imported. Fix these and press Enter again:", "bold"),
            "\n",
            literal("\n".join(f"• {p}" for p in problems)),
        )
        self.query_one("#import-problem-list", Static).update(shown)
        self.query_one("#import-problems").display = True

    def action_cancel(self) -> None:
        self.dismiss(None)
