"""Ask until when to snooze something: a date, a weekday, tomorrow or +3d."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from relwork import clock
from relwork.capture import parse_due
from relwork.screens import DIALOG_STYLES
from relwork.widgets.literal import literal


class SnoozeScreen(ModalScreen[date | None]):
    CSS_PATH = DIALOG_STYLES
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="snooze.cancel")
    ]

    def __init__(self, what: str, default: str = "+7d") -> None:
        super().__init__()
        self.what = what
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(literal(f"Snooze: {self.what}"), id="question")
            yield Label("Until (YYYY-MM-DD, a weekday, tomorrow, +3d, +2w), Enter to snooze")
            yield Input(self.default, id="snooze-until")
            yield Static("", id="snooze-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        today = clock.today()
        try:
            until = parse_due(event.value.strip(), today)
        except ValueError as exc:
            self._error(str(exc))
            return
        if until <= today:
            self._error("Choose a day after today.")
            return
        self.dismiss(until)

    def _error(self, message: str) -> None:
        colour = self.app.theme_variables.get("error", "red")
        self.query_one("#snooze-error", Static).update(Text(message, style=f"bold {colour}"))

    def action_cancel(self) -> None:
        self.dismiss(None)
