"""A client review's report pack as a Word document (python-docx).

The same content as the Markdown report: title, the review's facts, attendees, a heading
per agenda section (the scorecard as a table), decisions, a table of the actions
agreed, the recommendations, and an appendix for the secondary audience.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from relwork.exporters.files import write_private
from relwork.exporters.review_markdown import (
    ACTION_COLUMNS,
    APPENDIX_TITLE,
    action_cells,
    export_target,
    facts,
    recommendation_text,
)
from relwork.services.agenda_draft import METRIC_COLUMNS
from relwork.services.review_pack import PackSection, ReviewPack
from relwork.text import clean

TABLE_STYLE = "Table Grid"


def _text(value: str) -> str:
    # Word's XML refuses control characters; notes are cleaned on entry, this is a backstop
    return clean(value)


def _table(document: Any, headings: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = TABLE_STYLE
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = _text(value)
    document.add_paragraph()


def _labelled(document: Any, label: str, text: str, style: str | None = None) -> None:
    paragraph = document.add_paragraph(style=style)
    paragraph.add_run(f"{label}: ").italic = True
    paragraph.add_run(_text(text.strip()))


def _section(document: Any, title: str, section: PackSection, level: int) -> None:
    document.add_heading(_text(title), level=level)
    if section.scorecard:
        _table(document, METRIC_COLUMNS, section.scorecard)
    for item in section.items:
        if item.metric_cells is None:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(_text(item.text))
            if item.detail:
                paragraph.add_run(f" — {_text(item.detail)}")
        elif not (item.notes or item.decision):
            continue
        else:
            document.add_paragraph(_text(item.text), style="List Bullet")
        if item.notes.strip():
            _labelled(document, "Notes", item.notes, "List Continue")
        if item.decision.strip():
            _labelled(document, "Decision", item.decision, "List Continue")
    if section.notes.strip():
        _labelled(document, "Notes", section.notes)
    if not section.items and not section.notes.strip():
        document.add_paragraph("Nothing recorded.").runs[0].italic = True


def review_docx(pack: ReviewPack) -> bytes:
    """The report pack as the bytes of a .docx file."""
    from docx import Document

    document = Document()
    document.core_properties.title = _text(pack.title)
    document.core_properties.author = _text(pack.organizer)
    document.add_heading(_text(pack.title), level=0)
    for label, value in facts(pack):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(_text(value))
    if pack.attendees:
        document.add_heading("Attendees", level=1)
        _table(
            document,
            ("Name", "Role", "Side", "Email"),
            [
                (p.name, p.role or "–", "client" if p.side == "client" else "us", p.email or "–")
                for p in pack.attendees
            ],
        )
    for number, section in enumerate(pack.main, start=1):
        _section(document, f"{number}. {section.title}", section, 1)
    if pack.decisions:
        document.add_heading("Decisions", level=1)
        for item, decision in pack.decisions:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(f"{_text(item)}: ").bold = True
            paragraph.add_run(_text(decision))
    document.add_heading("Actions agreed", level=1)
    if pack.actions:
        _table(document, ACTION_COLUMNS, [action_cells(a) for a in pack.actions])
    else:
        document.add_paragraph("No new actions.")
    document.add_heading("Recommendations", level=1)
    recs = recommendation_text(pack)
    for line in recs:
        document.add_paragraph(_text(line), style="List Bullet")
    if not recs:
        document.add_paragraph("None recorded yet.")
    if pack.appendix:
        document.add_page_break()
        document.add_heading(APPENDIX_TITLE, level=1)
        for section in pack.appendix:
            _section(document, section.title, section, 2)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def export_review_docx(path: Path | None, pack: ReviewPack) -> Path:
    """Write the pack as a Word document to a private file; returns where it went."""
    target = export_target(path, pack, ".docx")
    write_private(target, review_docx(pack))
    return target
