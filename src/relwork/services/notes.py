"""Notes (interactions in the relationship log) and action items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import field_validator
from sqlmodel import Session, SQLModel, col, func, select

from relwork import clock
from relwork.enums import InteractionKind
from relwork.models import ActionItem, Contact, Interaction, InteractionAttendee
from relwork.services.clients import get_client
from relwork.services.validation import local_datetime, optional_date, validate
from relwork.text import clean, clean_line


class NoteData(SQLModel):
    kind: InteractionKind = InteractionKind.CALL
    occurred_at: datetime
    summary: str
    attendees: list[int] = []

    @field_validator("occurred_at", mode="before")
    @classmethod
    def _when(cls, value: Any) -> datetime:
        return local_datetime(value)

    @field_validator("summary", mode="before")
    @classmethod
    def _summary(cls, value: Any) -> str:
        text = clean(str(value or "")).strip()
        if not text:
            raise ValueError("Write the note before saving it.")
        return text


class ActionData(SQLModel):
    text: str
    owner: str = ""
    due_date: date | None = None

    @field_validator("text", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        text = clean_line(str(value or ""))
        if not text:
            raise ValueError("Say what needs doing.")
        return text

    @field_validator("owner", mode="before")
    @classmethod
    def _owner(cls, value: Any) -> str:
        return clean_line(str(value or ""))[:120]

    @field_validator("due_date", mode="before")
    @classmethod
    def _due(cls, value: Any) -> date | None:
        return optional_date(value)


def parse_note(values: dict[str, Any]) -> NoteData:
    return validate(NoteData, values)


def parse_action(values: dict[str, Any]) -> ActionData:
    return validate(ActionData, values)


def add_note(*, session: Session, client_id: int, data: NoteData, author: str = "") -> Interaction:
    get_client(session=session, client_id=client_id)
    note = Interaction(
        account_id=client_id, author=author, **data.model_dump(exclude={"attendees"})
    )
    session.add(note)
    session.flush()
    assert note.id is not None
    for contact_id in dict.fromkeys(data.attendees):
        session.add(InteractionAttendee(interaction_id=note.id, contact_id=contact_id))
    session.commit()
    session.refresh(note)
    return note


def attendee_ids(*, session: Session, note_id: int) -> list[int]:
    """Contact ids of the people present at a note, in the order they were added."""
    return list(
        session.exec(
            select(InteractionAttendee.contact_id)
            .where(InteractionAttendee.interaction_id == note_id)
            .order_by(col(InteractionAttendee.contact_id))
        ).all()
    )


def attendee_names(*, session: Session, note_id: int) -> list[str]:
    return list(
        session.exec(
            select(Contact.name)
            .join(InteractionAttendee, col(InteractionAttendee.contact_id) == Contact.id)
            .where(InteractionAttendee.interaction_id == note_id)
            .order_by(func.lower(Contact.name))
        ).all()
    )


def recent_notes(*, session: Session, client_id: int, limit: int = 50) -> list[Interaction]:
    return list(
        session.exec(
            select(Interaction)
            .where(Interaction.account_id == client_id)
            .order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc())
            .limit(limit)
        ).all()
    )


def add_action(
    *, session: Session, client_id: int, data: ActionData, interaction_id: int | None = None
) -> ActionItem:
    get_client(session=session, client_id=client_id)
    action = ActionItem(account_id=client_id, interaction_id=interaction_id, **data.model_dump())
    session.add(action)
    session.commit()
    session.refresh(action)
    return action


def update_action(*, session: Session, action_id: int, data: ActionData) -> ActionItem:
    action = _get_action(session, action_id)
    action.sqlmodel_update(data.model_dump())
    action.updated_at = clock.now()
    session.add(action)
    session.commit()
    return action


def set_action_done(*, session: Session, action_id: int, done: bool) -> ActionItem:
    action = _get_action(session, action_id)
    action.done_at = clock.now() if done else None
    action.updated_at = clock.now()
    session.add(action)
    session.commit()
    return action


def open_actions(*, session: Session, client_id: int) -> list[ActionItem]:
    """Open actions, the ones due first at the top and undated ones last."""
    return list(
        session.exec(
            select(ActionItem)
            .where(ActionItem.account_id == client_id, col(ActionItem.done_at).is_(None))
            .order_by(
                col(ActionItem.due_date).is_(None), col(ActionItem.due_date), col(ActionItem.id)
            )
        ).all()
    )


def _get_action(session: Session, action_id: int) -> ActionItem:
    action = session.get(ActionItem, action_id)
    if action is None:
        raise LookupError(f"There is no action with id {action_id}.")
    return action
