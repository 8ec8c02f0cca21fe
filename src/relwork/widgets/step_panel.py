"""One journey step of a client: its purpose, what is known, and how to move on."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from relwork.enums import JourneyStep
from relwork.services.journey import StepGuide
from relwork.services.workspace import Fact


class StepPanel(VerticalScroll, can_focus=True):
    """Read-only page for the step being viewed; scrolls with the arrow keys."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="step-body")

    def show(
        self,
        guide: StepGuide,
        facts: list[Fact],
        *,
        current: JourneyStep,
        alert: str,
        tools: list[tuple[str, str]] | None = None,
    ) -> None:
        step = guide.step
        here = step == current
        status = (
            Text("● The client is at this step.", style="bold")
            if here
            else Text(
                f"The client is at {current.number} {current.label}. "
                f"Press m to move them to {step.label}."
            )
        )
        known = Table.grid(padding=(0, 2))
        known.add_column(style="bold", no_wrap=True)
        known.add_column()
        for fact in facts:
            value = Text(fact.value, style=f"bold {alert}" if fact.alert else "")
            if fact.alert:
                value.append(" !")
            known.add_row(Text(fact.label), value)
        body = Group(
            Text(f"Step {step.number} of 7 · {step.label}", style="bold underline"),
            status,
            Text(""),
            Text(guide.purpose),
            Text(""),
            *self._tools(tools or []),
            Text("What relwork already knows", style="bold"),
            known,
            Text(""),
            Text("Questions to answer", style="bold"),
            *(Text(f"  • {q}") for q in guide.questions),
            Text(""),
            Text("Move on when", style="bold"),
            *(Text(f"  • {m}") for m in guide.move_on_when),
        )
        self.query_one("#step-body", Static).update(body)
        self.scroll_home(animate=False)

    @staticmethod
    def _tools(tools: list[tuple[str, str]]) -> list[Text]:
        if not tools:
            return []
        line = Text.assemble(("Tools for this step: ", "bold"))
        for index, (key, label) in enumerate(tools):
            if index:
                line.append(" · ")
            line.append(key, style="bold reverse")
            line.append(f" {label}", style="")
        return [line, Text("")]
