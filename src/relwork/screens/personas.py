"""Personas of a client (and the shared ones), and the four-view compass.

:class:`PersonaScreen` lists the client's personas beside the card of the one
highlighted; :class:`CompassScreen` shows the needs, wants, stereotypes and
emotions of a persona or a stakeholder, two by two when there is room.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from relwork.commands import PaletteCommand
from relwork.enums import Channel, CompassQuadrant, CompassSubject
from relwork.models import Persona
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.form import FormField, FormScreen
from relwork.services import personas as persona_service
from relwork.services.clients import get_client
from relwork.services.validation import InvalidInput
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import literal
from relwork.widgets.persona_card import PersonaCard

if TYPE_CHECKING:
    from relwork.app import RelworkApp

SHARED_LABEL = "Shared across the portfolio"
SHARED_HEADING = "Shared (all clients)"
COMPASS_WIDE = 100  # screen width from which the compass shows two by two

# Short reminders shown in an empty quadrant.
QUADRANT_PROMPTS = {
    CompassQuadrant.NEEDS: "What must happen for them",
    CompassQuadrant.WANTS: "What would delight them",
    CompassQuadrant.STEREOTYPES: "What they already believe about us or services like ours",
    CompassQuadrant.EMOTIONS: "The mood they bring; rate each from -2 to +2",
}


def persona_fields() -> list[FormField]:
    """The persona form. The emotional fields are hidden while 'machine' is chosen."""
    return [
        FormField("name", "Name", required=True, placeholder="e.g. Aisha, the ward manager"),
        FormField(
            "shared",
            "Belongs to",
            "select",
            [("This client only", "client"), ("Every client (shared)", "shared")],
            required=True,
        ),
        FormField(
            "is_machine",
            "The user is",
            "select",
            [
                ("A person (or a group of people)", "person"),
                ("A machine (system to system)", "machine"),
            ],
            required=True,
            hint="a machine user has no tagline, frustrations, influences, comfort or emotions",
        ),
        FormField("tagline", "Tagline", placeholder="In their own words, one sentence"),
        FormField("day_in_life", "A day in the life", "area"),
        FormField("background", "Background", "area"),
        FormField("goals", "Goals", "area"),
        FormField("frustrations", "Frustrations", "area"),
        FormField(
            "preferred_channels", "Preferred channels (space ticks)", "multi", Channel.choices()
        ),
        FormField("influences", "What influences them", "area"),
        FormField(
            "tech_comfort", "Technology comfort", placeholder="1 (avoids it) to 5 (early adopter)"
        ),
        FormField("notes", "Notes", "area"),
    ]


class PersonaFormScreen(FormScreen[int]):
    """The persona form: hides the emotional fields while the user is a machine."""

    def on_mount(self) -> None:  # FormScreen's own on_mount runs as well
        self._row("preferred_channels").styles.height = 7
        self._apply_machine(self.initial.get("is_machine") == "machine")

    @on(Select.Changed, "#field-is_machine")
    def _machine_changed(self, event: Select.Changed) -> None:
        self._apply_machine(event.value == "machine")

    def _apply_machine(self, machine: bool) -> None:
        for name in persona_service.EMOTIONAL_FIELDS:
            self._row(name).display = not machine
            if machine:
                self.query_one(f"#error-{name}").display = False
            else:
                self.query_one(f"#error-{name}").styles.clear_rule("display")

    def _row(self, name: str) -> Any:
        parent = self.query_one(f"#field-{name}").parent
        assert parent is not None
        return parent


class PersonaList(OptionList):
    """The personas; Enter shows the highlighted one's card full-screen."""

    BINDINGS = [Binding("enter", "screen.toggle_card", "Card", id="personas.full")]


class PersonaScreen(Screen[None]):
    """The client's personas and the shared ones, with the highlighted one's card."""

    app: RelworkApp

    DEFAULT_CSS = """
    PersonaScreen #personas-body {
        height: 1fr;
    }

    PersonaScreen #persona-list {
        width: 30;
        height: 1fr;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }

    PersonaScreen #persona-list:focus {
        border: round $primary;
        border-title-color: $primary;
    }

    PersonaScreen.-narrow #persona-list {
        width: 24;
    }

    PersonaScreen.-full-card #persona-list {
        display: none;
    }
    """

    BINDINGS = [
        Binding("a", "add", "Add", id="personas.add"),
        Binding("e", "edit", "Edit", id="personas.edit"),
        Binding("c", "compass", "Compass", id="personas.compass"),
        Binding("x", "export", "Export", id="personas.export"),
        Binding("l", "link", "Link", id="personas.link"),
        Binding("d,delete", "delete", "Delete", id="personas.delete"),
        Binding("enter", "toggle_card", "Card", id="personas.full"),
        Binding("escape", "back", "Back", id="personas.back"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.client_name = ""
        self.personas: dict[int, Persona] = {}

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Personas")
        with Horizontal(id="personas-body"):
            listing = PersonaList(id="persona-list", markup=False)
            listing.border_title = "Personas"
            yield listing
            card = PersonaCard(id="persona-card")
            card.border_title = "Persona card"
            yield card
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(PersonaList).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < 100, "-narrow")

    # --- data -------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Refill the list (keeping the highlight, or moving it to ``select``)."""
        with self.app.store.session() as session:
            self.client_name = get_client(session=session, client_id=self.client_id).name
            personas = persona_service.personas_for(session=session, client_id=self.client_id)
        self.query_one(ScreenHeader).set_title(f"{self.client_name} · Personas")
        self.personas = {p.id: p for p in personas if p.id is not None}
        listing = self.query_one(PersonaList)
        keep = select if select is not None else self.selected_id
        own = [p for p in personas if p.account_id is not None]
        shared = [p for p in personas if p.account_id is None]
        options: list[Option | None] = [self._option(p) for p in own]
        if shared:
            if own:
                options.append(None)  # a divider
            options.append(Option(Text(SHARED_HEADING, "dim italic"), disabled=True))
            options += [self._option(p) for p in shared]
        listing.set_options(options)
        listing.border_subtitle = f"{len(personas)}" if personas else ""
        if personas:
            chosen = keep if keep in self.personas else personas[0].id
            listing.highlighted = listing.get_option_index(str(chosen))
        self._show_card()
        self.refresh_bindings()

    def _option(self, persona: Persona) -> Option:
        prompt = literal(persona.name)
        if persona.is_machine:
            prompt.append(" · machine", style="dim italic")
        return Option(prompt, id=str(persona.id))

    @property
    def selected_id(self) -> int | None:
        option = self.query_one(PersonaList).highlighted_option
        return int(option.id) if option is not None and option.id else None

    def _show_card(self) -> None:
        card = self.query_one(PersonaCard)
        persona_id = self.selected_id
        if persona_id is None:
            card.clear(
                "No personas yet. A persona is an invented but typical member of a group "
                "this client serves: press a to write one."
            )
            return
        with self.app.store.session() as session:
            persona = persona_service.get_persona(session=session, persona_id=persona_id)
            wheel = persona_service.compass(
                session=session, subject_type=CompassSubject.PERSONA, subject_id=persona_id
            )
            names = self._linked_names(session, persona_id)
        scope = SHARED_LABEL if persona.account_id is None else f"{self.client_name} only"
        card.show(
            persona,
            wheel,
            names,
            scope=scope,
            empty_hint="Only the name so far: press e to describe them.",
        )

    def _linked_names(self, session: Any, persona_id: int) -> list[str]:
        links = persona_service.linked_stakeholders(session=session, persona_id=persona_id)
        return [
            link.name if link.account_id == self.client_id else f"{link.name} ({link.client_name})"
            for link in links
        ]

    @on(OptionList.OptionHighlighted, "#persona-list")
    def _highlighted(self) -> None:
        self._show_card()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete", "compass", "link", "export", "toggle_card"):
            return self.selected_id is not None
        return True

    def palette_commands(self) -> list[PaletteCommand]:
        commands = [
            PaletteCommand("persona: New persona", "Describe a typical user", self.action_add)
        ]
        if self.selected_id is not None:
            commands += [
                PaletteCommand(
                    "persona: Edit persona", "Change the highlighted one", self.action_edit
                ),
                PaletteCommand(
                    "persona: Open compass",
                    "Needs, wants, stereotypes, emotions",
                    self.action_compass,
                ),
                PaletteCommand(
                    "persona: Link stakeholders", "Who this persona stands for", self.action_link
                ),
                PaletteCommand("persona: Export to Markdown", "A private file", self.action_export),
            ]
        return commands

    # --- actions ----------------------------------------------------------------------

    def action_back(self) -> None:
        if self.has_class("-full-card"):
            self.action_toggle_card()
            return
        self.app.pop_screen()

    def action_toggle_card(self) -> None:
        full = not self.has_class("-full-card")
        self.set_class(full, "-full-card")
        if full:
            self.query_one(PersonaCard).focus()
        else:
            self.query_one(PersonaList).focus()

    def action_add(self) -> None:
        def save(values: dict[str, Any]) -> int:
            data = persona_service.parse_persona(values)
            with self.app.store.session() as session:
                persona = persona_service.create_persona(
                    session=session, client_id=self.client_id, data=data
                )
            assert persona.id is not None
            return persona.id

        self._form("New persona", {"shared": "client", "is_machine": "person"}, save, "added")

    def action_edit(self) -> None:
        persona_id = self.selected_id
        if persona_id is None:
            return
        persona = self.personas[persona_id]

        def save(values: dict[str, Any]) -> int:
            data = persona_service.parse_persona(values)
            with self.app.store.session() as session:
                persona_service.update_persona(
                    session=session, persona_id=persona_id, data=data, client_id=self.client_id
                )
            return persona_id

        kind = "shared persona" if persona.account_id is None else "persona"
        self._form(
            f"Edit {kind}: {persona.name}", persona_service.persona_form(persona), save, "saved"
        )

    def _form(self, title: str, values: dict[str, Any], save: Any, done: str) -> None:
        def closed(result: int | None) -> None:
            if result is not None:
                self.notify(f"Persona {done}.")
                self.reload(select=result)

        self.app.push_screen(
            PersonaFormScreen(title=title, fields=persona_fields(), save=save, values=values),
            closed,
        )

    def action_delete(self) -> None:
        persona_id = self.selected_id
        if persona_id is None:
            return
        persona = self.personas[persona_id]
        with self.app.store.session() as session:
            linked = len(
                persona_service.linked_stakeholders(session=session, persona_id=persona_id)
            )
        question = f"Delete the persona {persona.name}? Its compass goes with it."
        if linked:
            question += f" {linked} linked stakeholder(s) stay, unlinked."
        if persona.account_id is None:
            question += " It is shared, so every client loses it."

        def answered(yes: bool | None) -> None:
            if yes:
                with self.app.store.session() as session:
                    persona_service.delete_persona(session=session, persona_id=persona_id)
                self.notify(f"Deleted {persona.name}.", markup=False)
                self.reload()

        self.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep"), answered)

    def action_compass(self) -> None:
        persona_id = self.selected_id
        if persona_id is not None:
            name = self.personas[persona_id].name
            self.app.push_screen(CompassScreen(CompassSubject.PERSONA, persona_id, name))

    def action_link(self) -> None:
        persona_id = self.selected_id
        if persona_id is None:
            return
        persona = self.personas[persona_id]
        with self.app.store.session() as session:
            stakeholders = persona_service.client_stakeholders(
                session=session, client_id=self.client_id
            )
        if not stakeholders:
            self.notify(
                f"{self.client_name} has no stakeholders yet; map them first.", markup=False
            )
            return
        others = {p.id: p.name for p in self.personas.values()}
        options = []
        for link in stakeholders:
            label = link.name
            if link.persona_id not in (None, persona_id):
                label += f" (now: {others.get(link.persona_id, 'another persona')})"
            options.append((label, str(link.stakeholder_id)))
        ticked = [str(s.stakeholder_id) for s in stakeholders if s.persona_id == persona_id]

        def save(values: dict[str, Any]) -> int:
            chosen = [int(v) for v in values["stakeholders"]]
            with self.app.store.session() as session:
                persona_service.set_persona_stakeholders(
                    session=session,
                    persona_id=persona_id,
                    client_id=self.client_id,
                    stakeholder_ids=chosen,
                )
            return persona_id

        def closed(result: int | None) -> None:
            if result is not None:
                self.notify("Links saved.")
                self.reload(select=result)

        field = FormField(
            "stakeholders",
            "Represented (space ticks)",
            "multi",
            options,
            hint="ticking one linked to another persona moves it here",
        )
        form = LinkFormScreen(
            title=f"Link stakeholders to persona: {persona.name}",
            fields=[field],
            save=save,
            values={"stakeholders": ticked},
        )
        self.app.push_screen(form, closed)

    def action_export(self) -> None:
        from relwork.exporters.persona_markdown import export_persona

        persona_id = self.selected_id
        if persona_id is None:
            return
        with self.app.store.session() as session:
            persona = persona_service.get_persona(session=session, persona_id=persona_id)
            wheel = persona_service.compass(
                session=session, subject_type=CompassSubject.PERSONA, subject_id=persona_id
            )
            names = self._linked_names(session, persona_id)
        try:
            path = export_persona(None, persona, wheel, names, client_name=self.client_name)
        except OSError as exc:
            self.notify(f"Could not export: {exc}", severity="error", markup=False)
            return
        self.notify(f"Exported to {path}", title="Persona exported", timeout=10, markup=False)


class LinkFormScreen(FormScreen[int]):
    """Ticking the stakeholders a persona represents; the list gets room to breathe."""

    def on_mount(self) -> None:  # FormScreen's own on_mount runs as well
        widget = self.query_one("#field-stakeholders", OptionList)
        if widget.parent is not None:
            widget.parent.styles.height = max(3, min(widget.option_count, 14))


class QuadrantList(OptionList):
    """One quadrant of the compass; an option's id is its entry's id."""

    def __init__(self, quadrant: CompassQuadrant, number: int) -> None:
        super().__init__(id=f"quadrant-{quadrant.value}", markup=False)
        self.quadrant = quadrant
        self.border_title = f"{number} {quadrant.label}"


class CompassScreen(Screen[None]):
    """The compass of a persona or stakeholder: 1-4 pick a view, a adds, d removes."""

    app: RelworkApp

    DEFAULT_CSS = """
    CompassScreen #compass-grid {
        height: 1fr;
        layout: vertical;
    }

    CompassScreen.-wide #compass-grid {
        layout: grid;
        grid-size: 2 2;
        grid-gutter: 0 1;
    }

    CompassScreen QuadrantList {
        height: 1fr;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        border-subtitle-color: $text-muted;
    }

    CompassScreen.-narrow QuadrantList:focus {
        height: 2fr;
    }

    CompassScreen QuadrantList:focus {
        border: round $primary;
        border-title-color: $primary;
    }

    CompassScreen #compass-add {
        height: 1;
        margin: 0 1;
        display: none;
    }

    CompassScreen #compass-add.-shown {
        display: block;
    }

    CompassScreen #compass-add-label {
        width: auto;
        text-style: bold;
        margin-right: 1;
    }

    CompassScreen #compass-add Input {
        background: $boost;
    }

    CompassScreen #compass-text {
        width: 1fr;
    }

    CompassScreen #compass-valence {
        width: 14;
        margin-left: 1;
    }

    CompassScreen #compass-error {
        height: auto;
        margin: 0 1;
        color: $text-error;
        display: none;
    }

    CompassScreen #compass-error.-shown {
        display: block;
    }
    """

    BINDINGS = [
        Binding("a", "add", "Add", id="compass.add"),
        Binding("d,delete", "remove", "Remove", id="compass.remove"),
        *(
            Binding(str(n), f"pick({n})", q.label, id=f"compass.{q.value}")
            for n, q in enumerate(CompassQuadrant, start=1)
        ),
        Binding("escape", "back", "Back", id="compass.back"),
    ]

    def __init__(self, subject_type: CompassSubject, subject_id: int, title: str) -> None:
        super().__init__()
        self.subject_type = CompassSubject(subject_type)
        self.subject_id = subject_id
        self.title_text = title
        self.quadrant = CompassQuadrant.NEEDS
        self.shown_quadrants: list[CompassQuadrant] = list(CompassQuadrant)

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Compass")
        with Grid(id="compass-grid"):
            for number, quadrant in enumerate(CompassQuadrant, start=1):
                yield QuadrantList(quadrant, number)
        with Horizontal(id="compass-add"):
            yield Label("Add to needs:", id="compass-add-label")
            yield Input(id="compass-text", compact=True)
            yield Input(placeholder="feeling -2..+2", id="compass-valence", compact=True)
        yield Static(id="compass-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        subject = "Persona" if self.subject_type == CompassSubject.PERSONA else "Stakeholder"
        self.query_one(ScreenHeader).set_title(f"Compass · {subject}: {self.title_text}")
        try:
            self.reload()
        except LookupError as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.app.pop_screen()
            return
        self._list(self.quadrant).focus()

    def on_resize(self, event: events.Resize) -> None:
        wide = event.size.width >= COMPASS_WIDE
        self.set_class(wide, "-wide")
        self.set_class(not wide, "-narrow")

    # --- data -------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Refill the quadrants; ``select`` highlights that entry (e.g. one just added)."""
        with self.app.store.session() as session:
            wheel = persona_service.compass(
                session=session, subject_type=self.subject_type, subject_id=self.subject_id
            )
        self.shown_quadrants = list(wheel)
        for quadrant in CompassQuadrant:
            box = self._list(quadrant)
            keep = box.highlighted
            if quadrant not in wheel:
                box.set_options(
                    [
                        Option(
                            Text("Not for a machine user: feelings do not apply.", "dim italic"),
                            disabled=True,
                        )
                    ]
                )
                box.border_subtitle = ""
                box.disabled = True
                continue
            box.disabled = False
            entries = wheel[quadrant]
            box.border_subtitle = str(len(entries)) if entries else ""
            if not entries:
                prompt = Text(f"{QUADRANT_PROMPTS[quadrant]}. Press a to add.", "dim italic")
                box.set_options([Option(prompt, disabled=True)])
                continue
            box.set_options(self._option(quadrant, e) for e in entries)
            ids = [e.id for e in entries]
            if select in ids:
                box.highlighted = ids.index(select)
            elif keep is not None:
                box.highlighted = min(keep, len(entries) - 1)
            else:
                box.highlighted = 0

    def _option(self, quadrant: CompassQuadrant, entry: Any) -> Option:
        prompt = literal(entry.text)
        rating = persona_service.valence_text(entry.valence)
        if rating and quadrant == CompassQuadrant.EMOTIONS:
            prompt.append(f"  {rating}", style="dim")
        return Option(prompt, id=str(entry.id))

    def _list(self, quadrant: CompassQuadrant) -> QuadrantList:
        return self.query_one(f"#quadrant-{quadrant.value}", QuadrantList)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, QuadrantList):
            self.quadrant = event.widget.quadrant
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        adding = self.query_one("#compass-add").has_class("-shown")
        if action in ("pick", "remove"):
            return not adding
        return True

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand(
                f"compass: Add to {q.label.lower()}",
                persona_service.QUADRANT_HINTS[q],
                partial(self._add_to, q),
            )
            for q in self.shown_quadrants
        ]

    # --- actions ----------------------------------------------------------------------

    def action_pick(self, number: int) -> None:
        quadrant = list(CompassQuadrant)[number - 1]
        if quadrant not in self.shown_quadrants:
            self.notify(persona_service.MACHINE_NO_EMOTIONS)
            return
        self.quadrant = quadrant
        self._list(quadrant).focus()

    def action_add(self) -> None:
        self._add_to(self.quadrant)

    def _add_to(self, quadrant: CompassQuadrant) -> None:
        if quadrant not in self.shown_quadrants:
            self.notify(persona_service.MACHINE_NO_EMOTIONS)
            return
        self.quadrant = quadrant
        row = self.query_one("#compass-add")
        row.add_class("-shown")
        self.query_one("#compass-add-label", Label).update(f"Add to {quadrant.label.lower()}:")
        text = self.query_one("#compass-text", Input)
        text.placeholder = f"{QUADRANT_PROMPTS[quadrant]} · Enter saves, Esc cancels"
        text.value = ""
        valence = self.query_one("#compass-valence", Input)
        valence.value = ""
        valence.display = quadrant == CompassQuadrant.EMOTIONS
        self._error("")
        text.focus()
        self.refresh_bindings()

    @on(Input.Submitted, "#compass-text, #compass-valence")
    def _save(self) -> None:
        text = self.query_one("#compass-text", Input).value
        valence_box = self.query_one("#compass-valence", Input)
        valence = valence_box.value if valence_box.display else None
        try:
            with self.app.store.session() as session:
                entry = persona_service.add_entry(
                    session=session,
                    subject_type=self.subject_type,
                    subject_id=self.subject_id,
                    quadrant=self.quadrant,
                    text=text,
                    valence=valence,
                )
        except InvalidInput as exc:
            self._error(" ".join(exc.errors.values()))
            if "valence" in exc.errors and "text" not in exc.errors:
                valence_box.focus()
            return
        self._close_add()
        self.reload(select=entry.id)
        self.notify(f"Added to {self.quadrant.label.lower()}.")

    def _close_add(self) -> None:
        self.query_one("#compass-add").remove_class("-shown")
        self._error("")
        self._list(self.quadrant).focus()
        self.refresh_bindings()

    def _error(self, message: str) -> None:
        error = self.query_one("#compass-error", Static)
        error.update(literal(message))
        error.set_class(bool(message), "-shown")

    def action_remove(self) -> None:
        focused = self.focused
        if not isinstance(focused, QuadrantList):
            return
        option = focused.highlighted_option
        if option is None or option.id is None:
            return
        with self.app.store.session() as session:
            persona_service.remove_entry(session=session, entry_id=int(option.id))
        self.reload()
        self.notify(f"Removed from {focused.quadrant.label.lower()}.")

    def action_back(self) -> None:
        if self.query_one("#compass-add").has_class("-shown"):
            self._close_add()
            return
        self.app.pop_screen()
