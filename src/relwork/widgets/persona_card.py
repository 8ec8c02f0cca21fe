"""A persona on one page: name and tagline first, then its sections.

Narrow (under :data:`WIDE` columns) the sections run in one column and the card
scrolls; wide, the story (day, background, goals, frustrations, notes) sits on the
left and the facts (channels, comfort, influences, who it represents, the compass)
on the right. A machine user gets a badge, and its emotional fields are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
from textual.widgets import Label, Static

from relwork.enums import CompassQuadrant
from relwork.models import CompassEntry, Persona
from relwork.services.personas import (
    FIELD_LABELS,
    channels_text,
    comfort_text,
    shows_field,
    valence_text,
)
from relwork.widgets.literal import literal

WIDE = 88  # card width (columns) from which the sections use two columns

LEFT = ("day_in_life", "background", "goals", "frustrations", "notes")
RIGHT = ("preferred_channels", "tech_comfort", "influences", "represents", "compass")
HEADINGS = {**FIELD_LABELS, "represents": "Represents", "compass": "Compass"}


class PersonaCard(VerticalScroll, can_focus=True):
    """Read-only card; fill it with :meth:`show`, or :meth:`clear` it with a message."""

    DEFAULT_CSS = """
    PersonaCard {
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        padding: 0 1;
        height: 1fr;
    }

    PersonaCard:focus {
        border: round $primary;
        border-title-color: $primary;
    }

    PersonaCard #card-name {
        text-style: bold;
        color: $text-accent;
        background: $primary-background;
        padding: 0 1;
    }

    PersonaCard #card-tagline {
        text-style: italic;
        padding: 0 1;
        margin-top: 1;
    }

    PersonaCard #card-badges {
        color: $text-muted;
        padding: 0 1;
        margin-bottom: 1;
    }

    PersonaCard #card-columns {
        layout: vertical;
        height: auto;
    }

    PersonaCard.-wide #card-columns {
        layout: horizontal;
    }

    PersonaCard #card-left, PersonaCard #card-right {
        height: auto;
        width: 1fr;
    }

    PersonaCard.-wide #card-left {
        width: 3fr;
        margin-right: 2;
    }

    PersonaCard.-wide #card-right {
        width: 2fr;
    }

    PersonaCard .card-section {
        height: auto;
        margin-bottom: 1;
    }

    PersonaCard .card-heading {
        text-style: bold;
        color: $accent;
    }

    PersonaCard #card-empty {
        color: $text-muted;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="card-name")
        yield Static(id="card-tagline")
        yield Static(id="card-badges")
        with HorizontalGroup(id="card-columns"):
            for column, keys in (("card-left", LEFT), ("card-right", RIGHT)):
                with VerticalGroup(id=column):
                    for key in keys:
                        with VerticalGroup(id=f"section-{key}", classes="card-section"):
                            yield Label(HEADINGS[key], classes="card-heading")
                            yield Static(id=f"body-{key}", classes="card-body")
        yield Static(id="card-empty")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")

    # --- filling ------------------------------------------------------------------------

    def clear(self, message: str) -> None:
        """No persona to show: only ``message``."""
        for widget_id in ("card-name", "card-tagline", "card-badges", "card-columns"):
            self.query_one(f"#{widget_id}").display = False
        empty = self.query_one("#card-empty", Static)
        empty.update(message)
        empty.display = True

    def show(
        self,
        persona: Persona,
        compass: Mapping[CompassQuadrant, Sequence[CompassEntry]],
        linked_names: Sequence[str],
        *,
        scope: str = "",
        empty_hint: str = "",
    ) -> None:
        """Show ``persona``; ``scope`` says whose it is (e.g. 'Shared across the
        portfolio'), ``empty_hint`` is shown when nothing beyond the name is written."""
        self.query_one("#card-name", Static).update(literal(persona.name))
        self.query_one("#card-name").display = True

        tagline = self.query_one("#card-tagline", Static)
        shown = bool(persona.tagline) and shows_field(persona, "tagline")
        tagline.update(literal(f"“{persona.tagline}”" if shown else ""))
        tagline.display = shown

        badges = Text()
        if persona.is_machine:
            badges.append(" MACHINE USER ", style="bold reverse")
            badges.append("  emotional fields do not apply")
        if scope:
            badges.append("\n" if badges else "")
            badges.append(scope)
        badge_line = self.query_one("#card-badges", Static)
        badge_line.update(badges)
        badge_line.display = bool(badges)
        self.query_one("#card-tagline").styles.margin = (1, 0, 0 if badges else 1, 0)

        bodies = self._bodies(persona, compass, linked_names)
        for key in (*LEFT, *RIGHT):
            body = bodies.get(key)
            self.query_one(f"#section-{key}").display = body is not None
            if body is not None:
                self.query_one(f"#body-{key}", Static).update(body)
        self.query_one("#card-columns").display = True

        written = any(key in bodies for key in (*LEFT, "preferred_channels", "tech_comfort"))
        empty = self.query_one("#card-empty", Static)
        empty.update(empty_hint if not written and not persona.tagline else "")
        empty.display = bool(empty_hint) and not written and not persona.tagline
        self.scroll_home(animate=False)

    def _bodies(
        self,
        persona: Persona,
        compass: Mapping[CompassQuadrant, Sequence[CompassEntry]],
        linked_names: Sequence[str],
    ) -> dict[str, Text]:
        bodies: dict[str, Text] = {}
        for key in ("day_in_life", "background", "goals", "frustrations", "influences", "notes"):
            value = getattr(persona, key)
            if value and shows_field(persona, key):
                bodies[key] = literal(value.strip())
        channels = channels_text(list(persona.preferred_channels))
        if channels:
            bodies["preferred_channels"] = Text(channels)
        if persona.tech_comfort is not None and shows_field(persona, "tech_comfort"):
            level = persona.tech_comfort
            bodies["tech_comfort"] = Text.assemble(
                ("●" * level + "○" * (5 - level), "bold"), " ", comfort_text(level)
            )
        if linked_names:
            bodies["represents"] = Text("\n").join(literal(f"• {n}") for n in linked_names)
        bodies["compass"] = _compass_text(compass)
        return bodies


def _compass_text(compass: Mapping[CompassQuadrant, Sequence[CompassEntry]]) -> Text:
    lines: list[Text] = []
    for quadrant, entries in compass.items():
        count = f" ({len(entries)})" if entries else ""
        lines.append(Text.assemble((quadrant.label, "bold"), (count, "dim")))
        if not entries:
            lines.append(Text("  nothing yet", style="dim italic"))
        for entry in entries:
            line = literal(f"• {entry.text}")
            rating = valence_text(entry.valence)
            if rating and quadrant == CompassQuadrant.EMOTIONS:
                line.append(f"  ({rating})", style="dim")
            lines.append(line)
    return Text("\n").join(lines)
