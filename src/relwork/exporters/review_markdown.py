"""A client review's report pack as Markdown, and the private files every review export
is written to (the Word and iCalendar exporters use the same helpers).

User text goes in as typed; only what would change the page's structure is escaped (a
leading heading, quote, list or fence marker, and table pipes inside table cells).
"""

from __future__ import annotations

import re
from pathlib import Path

from relwork.enums import AttendeeSide
from relwork.exporters.files import write_private
from relwork.locations import data_dir, ensure_private_dir
from relwork.services.agenda_draft import METRIC_COLUMNS
from relwork.services.review_pack import PackAction, PackSection, ReviewPack

EXPORTS_FOLDER = "exports"
MAX_STEM = 80
ACTION_COLUMNS = ("Action", "Owner", "Due", "Status")

# Line starts Markdown reads as structure: headings, quotes, list markers, fences, HTML,
# rules and setext underlines.
_STRUCTURAL = re.compile(
    r"^(#{1,6}(\s|$)|>|[-+*](\s|$)|\d{1,9}[.)](\s|$)|```|~~~|<|[-_*=]{3,}\s*$|\|)"
)


# --- files --------------------------------------------------------------------------------


def export_file_name(pack: ReviewPack, suffix: str) -> str:
    """ "tidewell-freight-review-2026-11-26.md": the client, the word review, the day."""
    stem = re.sub(r"[\W_]+", "-", pack.client_name.lower()).strip("-")[:MAX_STEM].strip("-")
    return f"{stem or 'client'}-review-{pack.starts_at.date().isoformat()}{suffix}"


def export_target(path: Path | None, pack: ReviewPack, suffix: str) -> Path:
    """Where an export goes: ``None`` is the exports folder in the data folder (made
    0700); an existing folder gets the usual file name; anything else is the file
    itself (a missing parent folder is made 0700)."""
    if path is None:
        ensure_private_dir(data_dir())
        folder = data_dir() / EXPORTS_FOLDER
        ensure_private_dir(folder)
        return folder / export_file_name(pack, suffix)
    path = path.expanduser()
    if path.is_dir():
        return path / export_file_name(pack, suffix)
    if not path.parent.exists():
        ensure_private_dir(path.parent)
    return path


def export_review_markdown(path: Path | None, pack: ReviewPack) -> Path:
    """Write the pack as Markdown to a private file; returns where it went."""
    target = export_target(path, pack, ".md")
    write_private(target, review_markdown(pack).encode("utf-8"))
    return target


# --- shared wording ---------------------------------------------------------------------------


def when_text(pack: ReviewPack) -> str:
    start, end = pack.starts_at, pack.ends_at
    return (
        f"{start.strftime('%A %d %B %Y, %H:%M')}–{end.strftime('%H:%M')} "
        f"({pack.duration_minutes} minutes)"
    )


def facts(pack: ReviewPack) -> list[tuple[str, str]]:
    """The lines under the title: when, how, where, status and the audiences."""
    rows = [("When", when_text(pack)), ("Format", pack.format.label)]
    if pack.location:
        rows.append(("Where", pack.location))
    status = pack.status.label
    if pack.held_on:
        status += f" (held on {pack.held_on.isoformat()})"
    rows.append(("Status", status))
    if pack.covers_from:
        rows.append(("Looks back to", pack.covers_from.isoformat()))
    if pack.primary_audience:
        rows.append(("Primary audience", pack.primary_audience))
    if pack.secondary_audience:
        rows.append(("Secondary audience", pack.secondary_audience))
    return rows


def person_text(name: str, role: str, side: AttendeeSide, email: str) -> str:
    who = name + (f", {role}" if role else "")
    side_text = "client" if side == AttendeeSide.CLIENT else "us"
    return f"{who} ({side_text})" + (f" <{email}>" if email else "")


def action_cells(action: PackAction) -> tuple[str, str, str, str]:
    return (
        action.text,
        action.owner or "–",
        action.due.isoformat() if action.due else "–",
        "done" if action.done else "open",
    )


def recommendation_text(pack: ReviewPack) -> list[str]:
    """One line per recommendation, or the reason there is none."""
    lines = []
    for rec in pack.recommendations:
        extra = ", ".join(p for p in (rec.owner, rec.status.lower()) if p)
        lines.append(rec.text + (f" ({extra})" if extra else ""))
    if not lines and pack.no_recommendation_reason:
        lines.append(f"No recommendation this time: {pack.no_recommendation_reason}")
    return lines


APPENDIX_TITLE = "Appendix: for the secondary audience"


# --- Markdown ---------------------------------------------------------------------------------


def _inline(text: str) -> str:
    """One line of user text that cannot start a heading, list, quote or fence."""
    line = " ".join(text.split())
    return "\\" + line if _STRUCTURAL.match(line) else line


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|") or "–"


def _table(headings: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _block(label: str, text: str, indent: str) -> list[str]:
    rows = [line for line in text.strip().splitlines() if line.strip()]
    if not rows:
        return []
    first, *rest = rows
    return [f"{indent}- _{label}:_ {_inline(first)}", *(f"{indent}  {_inline(r)}" for r in rest)]


def _section(number: str, section: PackSection, level: str) -> list[str]:
    lines = [f"{level} {number}{_inline(section.title)}", ""]
    if section.scorecard:
        lines += _table(METRIC_COLUMNS, section.scorecard)
    for item in section.other_items:
        text = _inline(item.text)
        if item.detail:
            text += f" — {_inline(item.detail)}"
        lines.append(f"- {text}")
        lines += _block("Notes", item.notes, "  ")
        lines += _block("Decision", item.decision, "  ")
    for item in section.items:
        if item.metric_cells is not None and (item.notes or item.decision):
            lines.append(f"- {_inline(item.text)}")
            lines += _block("Notes", item.notes, "  ")
            lines += _block("Decision", item.decision, "  ")
    if section.other_items or any(i.notes or i.decision for i in section.items):
        lines.append("")
    if section.notes.strip():
        lines += [*_block("Notes", section.notes, ""), ""]
    if not section.items and not section.notes.strip():
        lines += ["_Nothing recorded._", ""]
    return lines


def review_markdown(pack: ReviewPack) -> str:
    """The report pack as Markdown (pure: builds text only)."""
    lines = [f"# {_inline(pack.title)}", ""]
    lines += [f"- **{label}:** {_inline(value)}" for label, value in facts(pack)]
    lines.append("")
    if pack.attendees:
        lines += ["## Attendees", ""]
        lines += [
            f"- {_inline(person_text(p.name, p.role, p.side, p.email))}" for p in pack.attendees
        ]
        lines.append("")
    for number, section in enumerate(pack.main, start=1):
        lines += _section(f"{number}. ", section, "##")
    if pack.decisions:
        lines += ["## Decisions", ""]
        lines += [f"- {_inline(item)}: {_inline(decision)}" for item, decision in pack.decisions]
        lines.append("")
    lines += ["## Actions agreed", ""]
    if pack.actions:
        lines += _table(ACTION_COLUMNS, [action_cells(a) for a in pack.actions])
    else:
        lines += ["_No new actions._", ""]
    lines += ["## Recommendations", ""]
    recs = recommendation_text(pack)
    lines += [f"- {_inline(r)}" for r in recs] if recs else ["_None recorded yet._"]
    lines.append("")
    if pack.appendix:
        lines += [f"## {APPENDIX_TITLE}", ""]
        for section in pack.appendix:
            lines += _section("", section, "###")
    return "\n".join(lines).rstrip("\n") + "\n"
