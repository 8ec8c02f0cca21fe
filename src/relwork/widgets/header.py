"""A one-line header: where you are, and whether this is the demo portfolio."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from relwork.app import RelworkApp


class ScreenHeader(Static):
    def __init__(self, title: str) -> None:
        super().__init__(id="screen-header")
        self.title_text = title

    def on_mount(self) -> None:
        self.set_title(self.title_text)

    def set_title(self, title: str) -> None:
        self.title_text = title
        app: RelworkApp = self.app  # type: ignore[assignment]
        line = Text.assemble(("relwork", "bold"), "  ·  ", Text(title))
        if app.demo:
            line.append("   DEMO DATA", style="bold reverse")
        self.update(line)
