"""The seven journey steps in one line, with the client's current step marked."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from relwork.enums import JourneyStep

OVERVIEW = 0


class JourneyBar(Widget):
    """Shows ``0 Overview`` and ``1``–``7`` for the steps. ``viewing`` is highlighted;
    the client's ``current`` step carries a ● marker."""

    DEFAULT_CSS = """
    JourneyBar { height: 1; }
    """

    current: reactive[JourneyStep] = reactive(JourneyStep.EXPLORE)
    viewing: reactive[int] = reactive(OVERVIEW)

    def render(self) -> Text:
        bar = Text(no_wrap=True, overflow="ellipsis")
        items = [(OVERVIEW, "Overview")] + [(s.number, s.label) for s in JourneyStep]
        for number, label in items:
            is_current = number == self.current.number
            style = "reverse bold" if number == self.viewing else ""
            if is_current:
                style += " underline"
            if number:
                bar.append(" ")
            bar.append(("●" if is_current else "") + f"{number} {label}", style=style.strip())
        return bar
