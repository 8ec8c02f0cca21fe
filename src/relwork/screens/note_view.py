"""Reading one note in full."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from relwork.enums import InteractionKind
from relwork.models import Interaction
from relwork.screens import DIALOG_STYLES
from relwork.widgets.literal import literal


class NoteViewScreen(ModalScreen[None]):
    CSS_PATH = DIALOG_STYLES
    BINDINGS = [Binding("escape,q,enter", "close", "Close", id="note_view.close")]

    def __init__(self, note: Interaction, attendee_names: list[str]) -> None:
        super().__init__()
        self.note = note
        self.attendee_names = attendee_names

    def compose(self) -> ComposeResult:
        when = self.note.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M")
        heading = f"{InteractionKind(self.note.kind).label} · {when}"
        if self.note.author:
            heading += f" · by {self.note.author}"
        with Vertical(id="note-dialog"):
            yield Static(literal(heading), id="note-heading")
            if self.attendee_names:
                yield Static(literal("With " + ", ".join(self.attendee_names)), id="note-people")
            with VerticalScroll(id="note-scroll"):
                yield Static(literal(self.note.summary), id="note-text")

    def on_mount(self) -> None:
        self.query_one("#note-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
