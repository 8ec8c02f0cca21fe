"""Relationship type and maturity: what distinguishes the three types, where the
client is and where it is heading, and the dated maturity of each side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from relwork.enums import MaturitySide, RelationshipType
from relwork.screens.form import FormField, FormScreen
from relwork.services import relationship
from relwork.services.clients import get_client
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import literal

if TYPE_CHECKING:
    from relwork.app import RelworkApp


def maturity_fields() -> list[FormField]:
    return [
        FormField(
            "side",
            "Side",
            "select",
            MaturitySide.choices(),
            required=True,
            hint="demand: the client's side · supply: ours",
        ),
        FormField("level", "Level", "select", RelationshipType.choices(), required=True),
        FormField("assessed_on", "Assessed on", placeholder="YYYY-MM-DD (empty: today)"),
        FormField("notes", "Evidence and notes", "area"),
    ]


class RelationshipScreen(Screen[None]):
    app: RelworkApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="relationship.back"),
        Binding("c", "cycle_current", "Current type", id="relationship.current"),
        Binding("t", "cycle_target", "Target type", id="relationship.target"),
        Binding("m", "record_maturity", "Record maturity", id="relationship.maturity"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Relationship")
        with VerticalScroll(id="relationship-body"):
            yield Static(id="relationship-types")
            yield Static(id="relationship-maturity")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#relationship-body").focus()
        self.reload()

    def reload(self) -> None:
        with self.app.store.session() as session:
            name = get_client(session=session, client_id=self.client_id).name
            choice = relationship.type_choice(session=session, client_id=self.client_id)
            history = relationship.maturity_history(session=session, client_id=self.client_id)
        self.query_one(ScreenHeader).set_title(f"{name} · relationship type and maturity")
        self.query_one("#relationship-types", Static).update(self._types(choice))
        self.query_one("#relationship-maturity", Static).update(self._maturity(history))

    def _types(self, choice: relationship.TypeChoice) -> Group:
        table = Table(
            expand=True, box=box.SIMPLE_HEAD, pad_edge=False, header_style="bold", show_edge=False
        )
        table.add_column("", style="bold", ratio=2)
        for profile in relationship.profiles():
            marks = []
            if profile.type == choice.current:
                marks.append("● now")
            if profile.type == choice.target and choice.target != choice.current:
                marks.append("◎ target")
            heading = profile.type.label + (f" ({', '.join(marks)})" if marks else "")
            style = "reverse" if profile.type == choice.current else ""
            table.add_column(Text(heading, style=style), ratio=3)
        for key, label in relationship.ATTRIBUTES:
            table.add_row(label, *(getattr(p, key) for p in relationship.profiles()))
        if choice.gap > 0:
            direction = f"Aiming {choice.gap} step{'s' if choice.gap > 1 else ''} closer."
        elif choice.gap < 0:
            direction = "Aiming for a looser relationship than today."
        else:
            direction = "Staying at this type."
        intro = Text.assemble(
            ("Now: ", "bold"),
            choice.current.label,
            ("   Target: ", "bold"),
            choice.target.label,
            f"   {direction}   (c / t change them)",
        )
        return Group(intro, Text(""), table)

    def _maturity(self, history: list[Any]) -> Group:
        latest = relationship.latest_maturity(history)
        summaries = relationship.level_summaries()
        parts: list[Any] = [Text(""), Text("Relationship maturity (m records a level)", "bold")]
        for side in MaturitySide:
            entry = latest[side]
            if entry is None:
                parts.append(Text(f"  {side.label}: not assessed yet"))
                continue
            level = RelationshipType(entry.level)
            parts.append(
                Text.assemble(
                    f"  {side.label}: ",
                    (level.label, "bold"),
                    f" on {entry.assessed_on.isoformat()}",
                )
            )
            parts.append(Text(f"    {summaries[(side, level)]}", style="italic"))
        warning = relationship.maturity_gap(latest)
        if warning:
            colour = self.app.theme_variables.get("warning", "yellow")
            parts.append(Text(f"  ! {warning}", style=f"bold {colour}"))
        if history:
            parts.append(Text(""))
            parts.append(Text("History", "bold"))
            for entry in history:
                line = Text(
                    f"  {entry.assessed_on.isoformat()}  {MaturitySide(entry.side).label:<7}"
                    f"{RelationshipType(entry.level).label}"
                )
                if entry.notes:
                    line.append("  ")
                    line.append_text(literal(entry.notes.splitlines()[0]))
                parts.append(line)
        return Group(*parts)

    # --- actions ----------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def _cycle(self, which: str) -> None:
        kinds = list(RelationshipType)
        with self.app.store.session() as session:
            choice = relationship.type_choice(session=session, client_id=self.client_id)
            current, target = choice.current, choice.target
            if which == "current":
                current = kinds[(kinds.index(current) + 1) % len(kinds)]
            else:
                target = kinds[(kinds.index(target) + 1) % len(kinds)]
            relationship.set_types(
                session=session, client_id=self.client_id, current=current, target=target
            )
        self.notify(f"Now {current.label}, target {target.label}.")
        self.reload()

    def action_cycle_current(self) -> None:
        self._cycle("current")

    def action_cycle_target(self) -> None:
        self._cycle("target")

    def action_record_maturity(self) -> None:
        def save(values: dict[str, Any]) -> int:
            data = relationship.parse_maturity(values)
            with self.app.store.session() as session:
                entry = relationship.record_maturity(
                    session=session,
                    client_id=self.client_id,
                    side=data.side,
                    level=data.level,
                    on=data.assessed_on,
                    notes=data.notes,
                )
            assert entry.id is not None
            return entry.id

        def closed(result: int | None) -> None:
            if result is not None:
                self.notify("Maturity level recorded.")
                self.reload()

        self.app.push_screen(
            FormScreen(
                title="Record relationship maturity",
                fields=maturity_fields(),
                save=save,
                values={"side": "demand"},
            ),
            closed,
        )
