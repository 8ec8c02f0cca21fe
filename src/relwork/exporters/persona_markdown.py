"""A persona as a Markdown page: its card, the people it represents and its compass.

User text goes in as typed. Only what would break the page's structure is escaped:
a line that would start a heading, a code fence, an HTML block or a rule (or turn
the line above into a heading) gets a backslash before its first character.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from relwork.enums import CompassQuadrant
from relwork.exporters.files import write_private
from relwork.locations import data_dir, ensure_private_dir
from relwork.models import CompassEntry, Persona
from relwork.services.personas import (
    FIELD_LABELS,
    QUADRANT_HINTS,
    channels_text,
    comfort_text,
    shows_field,
    valence_text,
)

EXPORTS_FOLDER = "exports"
MAX_STEM = 80

# Starts of a line that Markdown reads as structure rather than text.
_STRUCTURAL_START = re.compile(r"^( {0,3})(#|```|~~~|<)")
# Lines that are a rule, or that would make the line above a heading.
_RULE_OR_UNDERLINE = re.compile(r"^( {0,3})(=+|-+|([*_])( *\3){2,}|-( *-){2,}) *$")
_CLOSING_HASHES = re.compile(r"(^|\s)(#+)\s*$")


def persona_markdown(
    persona: Persona,
    compass: Mapping[CompassQuadrant, Sequence[CompassEntry]],
    linked_names: Sequence[str],
    *,
    client_name: str | None = None,
) -> str:
    """The persona as Markdown (pure: builds text only). ``client_name`` names the
    client of a client-specific persona; fields empty or not applicable are left out."""
    lines = [f"# {_heading(persona.name)}", ""]
    if persona.tagline and shows_field(persona, "tagline"):
        lines += [f"> {_line(persona.tagline)}", ""]
    lines += [_scope(persona, client_name), ""]

    for field in ("day_in_life", "background", "goals", "frustrations"):
        value = getattr(persona, field)
        if value and shows_field(persona, field):
            lines += _section(FIELD_LABELS[field], _block(value))
    channels = channels_text(list(persona.preferred_channels))
    if channels:
        lines += _section(FIELD_LABELS["preferred_channels"], channels)
    if persona.influences and shows_field(persona, "influences"):
        lines += _section(FIELD_LABELS["influences"], _block(persona.influences))
    comfort = comfort_text(persona.tech_comfort)
    if comfort and shows_field(persona, "tech_comfort"):
        lines += _section(FIELD_LABELS["tech_comfort"], comfort)
    if linked_names:
        lines += _section("Represents", "\n".join(f"- {_line(n)}" for n in linked_names))

    lines += ["## Compass", ""]
    for quadrant in CompassQuadrant:
        if quadrant == CompassQuadrant.EMOTIONS and persona.is_machine:
            continue
        entries = compass.get(quadrant, [])
        items = [f"- {_entry(e, quadrant)}" for e in entries] or ["_Nothing recorded yet._"]
        lines += [f"### {quadrant.label}", "", f"_{QUADRANT_HINTS[quadrant]}_", "", *items, ""]

    if persona.notes:
        lines += _section(FIELD_LABELS["notes"], _block(persona.notes))
    return "\n".join(lines).rstrip("\n") + "\n"


def export_persona(
    path: Path | None,
    persona: Persona,
    compass: Mapping[CompassQuadrant, Sequence[CompassEntry]],
    linked_names: Sequence[str],
    *,
    client_name: str | None = None,
) -> Path:
    """Write the persona's Markdown to a private file (0600) and return where it went.

    ``path`` None: ``data_dir()/exports/<name>.md`` (folders made 0700). An existing
    folder: ``<folder>/<name>.md``. Anything else is the file itself; a missing
    parent folder is created 0700, an existing one is left as it is. An existing
    file is replaced in one step and ends up 0600.
    """
    text = persona_markdown(persona, compass, linked_names, client_name=client_name)
    if path is None:
        ensure_private_dir(data_dir())
        folder = data_dir() / EXPORTS_FOLDER
        ensure_private_dir(folder)
        target = folder / export_file_name(persona.name)
    elif path.is_dir():
        target = path / export_file_name(persona.name)
    else:
        target = path
        if not target.parent.exists():
            ensure_private_dir(target.parent)
    write_private(target, text.encode("utf-8"))
    return target


def export_file_name(name: str) -> str:
    """A file name from a persona name: letters and digits kept, the rest become '-'."""
    stem = re.sub(r"[\W_]+", "-", name.lower()).strip("-")[:MAX_STEM].strip("-")
    return f"{stem or 'persona'}.md"


# --- text ---------------------------------------------------------------------------------


def _scope(persona: Persona, client_name: str | None) -> str:
    if persona.account_id is None:
        scope = "Persona shared across the portfolio."
    elif client_name:
        scope = f"Persona for {_inline(client_name)}."
    else:
        scope = "Persona for one client."
    if persona.is_machine:
        scope += " **Machine user**: feelings and emotional fields do not apply."
    return scope


def _section(title: str, body: str) -> list[str]:
    return [f"## {title}", "", body, ""]


def _entry(entry: CompassEntry, quadrant: CompassQuadrant) -> str:
    text = _line(entry.text)
    rating = valence_text(entry.valence) if quadrant == CompassQuadrant.EMOTIONS else ""
    return f"{text} _({rating})_" if rating else text


def _block(text: str) -> str:
    """Multi-line user text, each line made safe for the page's structure."""
    return "\n".join(_line(line) for line in text.strip("\n").splitlines())


def _line(text: str) -> str:
    match = _RULE_OR_UNDERLINE.match(text) or _STRUCTURAL_START.match(text)
    if match:
        indent = len(match.group(1))
        return text[:indent] + "\\" + text[indent:]
    return text


def _heading(text: str) -> str:
    """Text for a '# ' heading: a trailing run of '#' would be dropped, so escape it."""
    match = _CLOSING_HASHES.search(text)
    if match:
        start = match.start(2)
        text = text[:start] + "\\" + text[start:]
    return text


def _inline(text: str) -> str:
    return text.replace("\n", " ")


# --- files --------------------------------------------------------------------------------
