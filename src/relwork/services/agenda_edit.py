"""The saved agenda: a draft written as review section/item rows, read back and edited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from relwork.services.agenda_templates import CUSTOM, TITLE_MAX
from relwork.text import clean, clean_line

if TYPE_CHECKING:
    from sqlmodel import Session

    from relwork.models import ReviewItem, ReviewSection
    from relwork.services.agenda_facts import DraftSection


class AgendaError(ValueError):
    """An agenda change that cannot be made; the message says why."""


@dataclass(frozen=True)
class AgendaItem:
    id: int
    section_id: int
    text: str
    detail: str
    source: str
    included: bool
    secondary_only: bool
    notes: str
    decision: str

    @property
    def typed(self) -> bool:
        """Typed by the user (rather than drafted from the data)."""
        return self.source == ""


@dataclass(frozen=True)
class AgendaSection:
    id: int
    key: str
    title: str
    included: bool
    secondary_only: bool
    notes: str
    items: tuple[AgendaItem, ...] = field(default_factory=tuple)


def has_agenda(*, session: Session, review_id: int) -> bool:
    from sqlmodel import select

    from relwork.models import ReviewSection

    return (
        session.exec(select(ReviewSection.id).where(ReviewSection.review_id == review_id)).first()
        is not None
    )


def save_draft(*, session: Session, review_id: int, sections: Iterable[DraftSection]) -> None:
    """Write ``sections`` as the review's agenda, replacing any agenda it had (the caller
    asks the user first: typed items, order and notes of the old one are lost)."""
    from sqlmodel import col, delete, select

    from relwork.models import ClientReview, ReviewItem, ReviewSection

    if session.get(ClientReview, review_id) is None:
        raise LookupError(f"There is no review with id {review_id}.")
    old = list(
        session.exec(select(ReviewSection.id).where(ReviewSection.review_id == review_id)).all()
    )
    if old:
        session.execute(delete(ReviewItem).where(col(ReviewItem.section_id).in_(old)))
        session.execute(delete(ReviewSection).where(col(ReviewSection.id).in_(old)))
    for position, draft in enumerate(sections):
        row = ReviewSection(
            review_id=review_id,
            key=draft.key,
            title=draft.title,
            sort_order=position,
            secondary_only=draft.secondary_only,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        for number, item in enumerate(draft.items):
            session.add(
                ReviewItem(
                    section_id=row.id,
                    sort_order=number,
                    text=item.text,
                    detail=item.detail,
                    source=item.source,
                    secondary_only=item.secondary_only,
                )
            )
    session.commit()


def load_agenda(*, session: Session, review_id: int) -> list[AgendaSection]:
    """The saved agenda in order, with every item (included or not)."""
    from sqlmodel import col, select

    from relwork.models import ReviewItem, ReviewSection

    sections = session.exec(
        select(ReviewSection)
        .where(ReviewSection.review_id == review_id)
        .order_by(col(ReviewSection.sort_order), col(ReviewSection.id))
    ).all()
    ids = [s.id for s in sections]
    items: dict[int, list[AgendaItem]] = {}
    if ids:
        for row in session.exec(
            select(ReviewItem)
            .where(col(ReviewItem.section_id).in_(ids))
            .order_by(col(ReviewItem.sort_order), col(ReviewItem.id))
        ).all():
            items.setdefault(row.section_id, []).append(_item(row))
    return [
        AgendaSection(
            id=s.id or 0,
            key=s.key,
            title=s.title,
            included=s.included,
            secondary_only=s.secondary_only,
            notes=s.notes,
            items=tuple(items.get(s.id or 0, [])),
        )
        for s in sections
    ]


def _item(row: ReviewItem) -> AgendaItem:
    return AgendaItem(
        id=row.id or 0,
        section_id=row.section_id,
        text=row.text,
        detail=row.detail,
        source=row.source,
        included=row.included,
        secondary_only=row.secondary_only,
        notes=row.notes,
        decision=row.decision,
    )


def _section_row(session: Session, section_id: int) -> ReviewSection:
    from relwork.models import ReviewSection

    row = session.get(ReviewSection, section_id)
    if row is None:
        raise AgendaError("That section is no longer on the agenda.")
    return row


def _item_row(session: Session, item_id: int) -> ReviewItem:
    from relwork.models import ReviewItem

    row = session.get(ReviewItem, item_id)
    if row is None:
        raise AgendaError("That item is no longer on the agenda.")
    return row


def _ordered_sections(session: Session, review_id: int) -> list[ReviewSection]:
    from sqlmodel import col, select

    from relwork.models import ReviewSection

    return list(
        session.exec(
            select(ReviewSection)
            .where(ReviewSection.review_id == review_id)
            .order_by(col(ReviewSection.sort_order), col(ReviewSection.id))
        ).all()
    )


def _ordered_items(session: Session, section_id: int) -> list[ReviewItem]:
    from sqlmodel import col, select

    from relwork.models import ReviewItem

    return list(
        session.exec(
            select(ReviewItem)
            .where(ReviewItem.section_id == section_id)
            .order_by(col(ReviewItem.sort_order), col(ReviewItem.id))
        ).all()
    )


def _renumber(rows: Sequence[Any], session: Session) -> None:
    for position, row in enumerate(rows):
        if row.sort_order != position:
            row.sort_order = position
            session.add(row)


def move_section(*, session: Session, section_id: int, delta: int) -> bool:
    """Move a section up (-1) or down (+1); False when it is already at that end."""
    row = _section_row(session, section_id)
    rows = _ordered_sections(session, row.review_id)
    index = next(i for i, s in enumerate(rows) if s.id == section_id)
    target = index + delta
    if not 0 <= target < len(rows):
        return False
    rows.insert(target, rows.pop(index))
    _renumber(rows, session)
    session.commit()
    return True


def move_item(*, session: Session, item_id: int, delta: int) -> bool:
    """Move an item up (-1) or down (+1) in its section; past the section's first or
    last item it goes to the end of the section before or the start of the one after.
    False when there is nowhere to go."""
    row = _item_row(session, item_id)
    section = _section_row(session, row.section_id)
    siblings = _ordered_items(session, row.section_id)
    index = next(i for i, s in enumerate(siblings) if s.id == item_id)
    target = index + delta
    if 0 <= target < len(siblings):
        siblings.insert(target, siblings.pop(index))
        _renumber(siblings, session)
        session.commit()
        return True
    sections = _ordered_sections(session, section.review_id)
    position = next(i for i, s in enumerate(sections) if s.id == section.id)
    neighbour = position + (1 if delta > 0 else -1)
    if not 0 <= neighbour < len(sections):
        return False
    other = sections[neighbour]
    assert other.id is not None
    siblings.pop(index)
    _renumber(siblings, session)
    moved_to = _ordered_items(session, other.id)
    row.section_id = other.id
    if delta > 0:
        moved_to.insert(0, row)
    else:
        moved_to.append(row)
    _renumber(moved_to, session)
    for item in moved_to:
        session.add(item)
    session.commit()
    return True


def toggle_included(
    *, session: Session, section_id: int | None = None, item_id: int | None = None
) -> bool:
    """Include or exclude a section or an item; returns whether it is now included."""
    row: ReviewSection | ReviewItem = (
        _section_row(session, section_id)
        if section_id is not None
        else _item_row(session, item_id or 0)
    )
    row.included = not row.included
    session.add(row)
    session.commit()
    return row.included


def toggle_secondary(
    *, session: Session, section_id: int | None = None, item_id: int | None = None
) -> bool:
    """Mark a section or an item for the secondary audience only (the appendix), or
    back for everyone; returns whether it is now secondary only."""
    row: ReviewSection | ReviewItem = (
        _section_row(session, section_id)
        if section_id is not None
        else _item_row(session, item_id or 0)
    )
    row.secondary_only = not row.secondary_only
    session.add(row)
    session.commit()
    return row.secondary_only


def _required_text(text: str, what: str) -> str:
    value = clean_line(text)
    if not value:
        raise AgendaError(f"Type the {what} first.")
    return value


def add_section(
    *, session: Session, review_id: int, title: str, after_section_id: int | None = None
) -> int:
    """Add a typed section after ``after_section_id`` (or at the end); returns its id."""
    from relwork.models import ReviewSection

    value = _required_text(title, "section's title")[:TITLE_MAX]
    rows = _ordered_sections(session, review_id)
    position = len(rows)
    if after_section_id is not None:
        position = next((i + 1 for i, s in enumerate(rows) if s.id == after_section_id), position)
    row = ReviewSection(review_id=review_id, key=CUSTOM, title=value)
    session.add(row)
    session.flush()
    rows.insert(position, row)
    _renumber(rows, session)
    session.commit()
    assert row.id is not None
    return row.id


def add_item(
    *, session: Session, section_id: int, text: str, after_item_id: int | None = None
) -> int:
    """Add a typed item to a section, after ``after_item_id`` (or at its end)."""
    from relwork.models import ReviewItem

    value = clean(text).strip()
    if not value:
        raise AgendaError("Type the item's text first.")
    section = _section_row(session, section_id)
    rows = _ordered_items(session, section_id)
    position = len(rows)
    if after_item_id is not None:
        position = next((i + 1 for i, s in enumerate(rows) if s.id == after_item_id), position)
    row = ReviewItem(section_id=section_id, text=value, secondary_only=section.secondary_only)
    session.add(row)
    session.flush()
    rows.insert(position, row)
    _renumber(rows, session)
    session.commit()
    assert row.id is not None
    return row.id


def edit_item(*, session: Session, item_id: int, text: str) -> None:
    """Change an item's text (a drafted item keeps its source)."""
    value = clean(text).strip()
    if not value:
        raise AgendaError("An item needs some text; exclude it (space) to leave it out.")
    row = _item_row(session, item_id)
    row.text = value
    session.add(row)
    session.commit()


def rename_section(*, session: Session, section_id: int, title: str) -> None:
    row = _section_row(session, section_id)
    row.title = _required_text(title, "section's title")[:TITLE_MAX]
    session.add(row)
    session.commit()


def remove_item(*, session: Session, item_id: int) -> None:
    """Remove a typed item. Drafted items are excluded instead, so their source stays."""
    row = _item_row(session, item_id)
    if row.source:
        raise AgendaError("Only typed items can be removed; press space to leave this one out.")
    session.delete(row)
    session.commit()


def remove_section(*, session: Session, section_id: int) -> None:
    """Remove a section the user added, with its typed items."""
    row = _section_row(session, section_id)
    items = _ordered_items(session, section_id)
    if row.key != CUSTOM or any(i.source for i in items):
        raise AgendaError(
            "Only sections you added can be removed; press space to leave this one out."
        )
    for item in items:
        session.delete(item)
    session.delete(row)
    session.commit()


def save_notes(
    *, session: Session, notes: str, section_id: int | None = None, item_id: int | None = None
) -> None:
    """Keep the meeting notes of a section or an item (called as they are typed)."""
    row: ReviewSection | ReviewItem = (
        _section_row(session, section_id)
        if section_id is not None
        else _item_row(session, item_id or 0)
    )
    row.notes = clean(notes)
    session.add(row)
    session.commit()


def save_decision(*, session: Session, item_id: int, decision: str) -> None:
    row = _item_row(session, item_id)
    row.decision = clean(decision).strip()
    session.add(row)
    session.commit()
