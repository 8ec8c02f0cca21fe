"""People at a client: add, change, remove, list."""

from __future__ import annotations

import re
from typing import Any

from pydantic import field_validator
from sqlmodel import Session, SQLModel, col, func, select, update

from relwork import clock
from relwork.enums import Channel, ConsumerRole
from relwork.models import Contact, Stakeholder
from relwork.services.clients import get_client
from relwork.services.validation import optional_int, validate
from relwork.text import clean, clean_line

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()./\s-]{3,40}$")


class ContactData(SQLModel):
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""
    consumer_roles: list[ConsumerRole] = []
    preferred_channel: Channel | None = None
    language: str = ""
    timezone: str = ""
    comm_frequency_days: int | None = None
    notes: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        name = clean_line(str(value or ""))
        if not name:
            raise ValueError("Enter the contact's name.")
        return name[:200]

    @field_validator("title", "language", "timezone", mode="before")
    @classmethod
    def _line(cls, value: Any) -> str:
        return clean_line(str(value or ""))[:200]

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: Any) -> str:
        email = clean_line(str(value or ""))
        if email and not _EMAIL.match(email):
            raise ValueError(f"'{email}' is not an email address; use name@example.com.")
        return email

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, value: Any) -> str:
        phone = clean_line(str(value or ""))
        if phone and not _PHONE.match(phone):
            raise ValueError("Use digits, spaces and + ( ) - . only, e.g. +44 20 7946 0123.")
        return phone

    @field_validator("consumer_roles", mode="after")
    @classmethod
    def _roles(cls, value: list[ConsumerRole]) -> list[ConsumerRole]:
        return list(dict.fromkeys(value))  # each role once, in the order given

    @field_validator("preferred_channel", mode="before")
    @classmethod
    def _channel(cls, value: Any) -> Any:
        return value or None

    @field_validator("comm_frequency_days", mode="before")
    @classmethod
    def _cadence(cls, value: Any) -> int | None:
        return optional_int(value, low=1, high=365, what="the stay-in-touch cadence in days")

    @field_validator("notes", mode="before")
    @classmethod
    def _notes(cls, value: Any) -> str:
        return clean(str(value or "")).strip()


def parse_contact(values: dict[str, Any]) -> ContactData:
    return validate(ContactData, values)


def contact_form(contact: Contact) -> dict[str, Any]:
    return {name: getattr(contact, name) for name in ContactData.model_fields}


def create_contact(*, session: Session, client_id: int, data: ContactData) -> Contact:
    client = get_client(session=session, client_id=client_id)
    assert client.organization.id is not None
    contact = Contact(organization_id=client.organization.id, **_columns(data))
    session.add(contact)
    session.commit()
    session.refresh(contact)
    return contact


def update_contact(*, session: Session, contact_id: int, data: ContactData) -> Contact:
    contact = _get(session, contact_id)
    contact.sqlmodel_update(_columns(data))
    contact.updated_at = clock.now()
    session.add(contact)
    session.commit()
    return contact


def delete_contact(*, session: Session, contact_id: int) -> None:
    """Remove a contact; stakeholder entries that pointed at them are kept, unlinked."""
    contact = _get(session, contact_id)
    session.exec(
        update(Stakeholder)
        .where(col(Stakeholder.contact_id) == contact_id)
        .values(contact_id=None, group_name=contact.name)
    )
    session.delete(contact)
    session.commit()


def list_contacts(*, session: Session, client_id: int) -> list[Contact]:
    client = get_client(session=session, client_id=client_id)
    return list(
        session.exec(
            select(Contact)
            .where(Contact.organization_id == client.organization.id)
            .order_by(func.lower(Contact.name))
        ).all()
    )


def _get(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise LookupError(f"There is no contact with id {contact_id}.")
    return contact


def _columns(data: ContactData) -> dict[str, Any]:
    values = data.model_dump()
    values["consumer_roles"] = [str(role) for role in data.consumer_roles]
    return values
