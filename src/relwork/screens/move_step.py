"""Confirm a move along the journey, with an optional note of why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from relwork.enums import JourneyStep
from relwork.screens import DIALOG_STYLES
from relwork.widgets.literal import literal


class MoveStepScreen(ModalScreen[str | None]):
    """Dismisses with the note ("" for none) to move, or None to stay."""

    CSS_PATH = DIALOG_STYLES

    BINDINGS = [Binding("escape", "stay", "Cancel", id="move.cancel")]

    def __init__(self, client_name: str, current: JourneyStep, target: JourneyStep) -> None:
        super().__init__()
        self.client_name = client_name
        self.current = current
        self.target = target

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                literal(
                    f"Move {self.client_name} from {self.current.number} {self.current.label} "
                    f"to {self.target.number} {self.target.label}?"
                ),
                id="question",
            )
            yield Label("Why (optional), then Enter to move · Esc to stay")
            yield Input(placeholder="e.g. contract signed", id="move-note")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_stay(self) -> None:
        self.dismiss(None)
