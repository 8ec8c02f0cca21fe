"""Contacts: add, edit and remove people at a client, with consumer roles."""

from __future__ import annotations

import pytest
from sqlmodel import select

from relwork import clock
from relwork.db import Store
from relwork.enums import Channel, ConsumerRole, StakeholderCategory
from relwork.models import Contact, Stakeholder
from relwork.services.clients import create_client, parse_client
from relwork.services.contacts import (
    contact_form,
    create_contact,
    delete_contact,
    list_contacts,
    parse_contact,
    update_contact,
)
from relwork.services.validation import InvalidInput


def _client(store: Store, name: str = "Acme") -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": name})).id


def _add(store: Store, client_id: int, **values: object) -> Contact:
    with store.session() as session:
        return create_contact(session=session, client_id=client_id, data=parse_contact(values))


def test_create_contact_saves_every_field(store: Store) -> None:
    client_id = _client(store)
    contact = _add(
        store,
        client_id,
        name=" Rhys Calloway ",
        title="Head of IT",
        email="rhys@tidewell.example",
        phone="+44 20 7946 0132",
        consumer_roles=["customer", "user"],
        preferred_channel="email",
        language="en",
        timezone="Europe/London",
        notes="Prefers mornings.\n",
    )
    with store.session() as session:
        stored = session.get(Contact, contact.id)
        assert stored is not None
        assert stored.name == "Rhys Calloway"
        assert stored.title == "Head of IT"
        assert stored.email == "rhys@tidewell.example"
        assert stored.phone == "+44 20 7946 0132"
        assert stored.consumer_roles == ["customer", "user"]
        assert stored.preferred_channel == Channel.EMAIL
        assert stored.language == "en"
        assert stored.timezone == "Europe/London"
        assert stored.notes == "Prefers mornings."
        assert stored.created_at == clock.now()


def test_a_contact_may_hold_every_consumer_role(store: Store) -> None:
    client_id = _client(store)
    contact = _add(
        store, client_id, name="All Roles", consumer_roles=["sponsor", "customer", "user"]
    )
    raw = store.read("SELECT consumer_roles FROM contact WHERE id = :id", {"id": contact.id})
    assert raw[0]["consumer_roles"] == '["sponsor", "customer", "user"]'  # plain strings in JSON
    with store.session() as session:
        stored = session.get(Contact, contact.id)
        assert stored is not None
        assert {ConsumerRole(r) for r in stored.consumer_roles} == set(ConsumerRole)


def test_contact_without_roles_or_channel(store: Store) -> None:
    contact = _add(store, _client(store), name="Nobody Special", preferred_channel="")
    assert contact.consumer_roles == []
    assert contact.preferred_channel is None


def test_invalid_contact_names_each_field_and_saves_nothing(store: Store) -> None:
    client_id = _client(store)
    with pytest.raises(InvalidInput) as caught:
        parse_contact(
            {
                "name": "",
                "email": "rhys at tidewell",
                "phone": "call me maybe",
                "consumer_roles": ["customer", "buyer"],
                "preferred_channel": "pigeon",
            }
        )
    errors = caught.value.errors
    assert set(errors) == {"name", "email", "phone", "consumer_roles", "preferred_channel"}
    assert errors["name"] == "Enter the contact's name."
    assert errors["email"] == "'rhys at tidewell' is not an email address; use name@example.com."
    assert errors["phone"].startswith("Use digits, spaces and + ( ) - . only")
    with store.session() as session:
        assert list_contacts(session=session, client_id=client_id) == []


@pytest.mark.parametrize("email", ["a@b.example", "first.last+tag@sub.domain.example"])
def test_plausible_email_addresses_pass(email: str) -> None:
    assert parse_contact({"name": "X", "email": email}).email == email


@pytest.mark.parametrize("email", ["@b.example", "a@b", "a b@c.example", "a@@b.example"])
def test_implausible_email_addresses_fail(email: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_contact({"name": "X", "email": email})
    assert list(caught.value.errors) == ["email"]


@pytest.mark.parametrize("phone", ["+44 20 7946 0132", "(312) 555-0147", "030.1234.5678"])
def test_plausible_phone_numbers_pass(phone: str) -> None:
    assert parse_contact({"name": "X", "phone": phone}).phone == phone


def test_contact_text_is_cleaned_and_markup_kept(store: Store) -> None:
    contact = _add(
        store, _client(store), name="\x1b[1m[b]Ann[/b]", title="Boss\x07", notes="a\r\nb\x1b"
    )
    assert contact.name == "[1m[b]Ann[/b]"
    assert contact.title == "Boss"
    assert contact.notes == "a\nb"


def test_update_contact_changes_fields_and_roles(store: Store) -> None:
    client_id = _client(store)
    contact = _add(store, client_id, name="Ann", consumer_roles=["user"])
    later = clock.now().replace(hour=15)
    clock.freeze(later)
    form = contact_form(contact) | {"title": "CIO", "consumer_roles": ["customer", "sponsor"]}
    with store.session() as session:
        assert contact.id is not None
        update_contact(session=session, contact_id=contact.id, data=parse_contact(form))
    with store.session() as session:
        stored = session.get(Contact, contact.id)
        assert stored is not None
        assert stored.title == "CIO"
        assert stored.consumer_roles == ["customer", "sponsor"]
        assert stored.updated_at == later
        assert stored.name == "Ann"


def test_contact_form_round_trips(store: Store) -> None:
    values = {
        "name": "Ann",
        "email": "ann@x.example",
        "consumer_roles": ["customer"],
        "preferred_channel": "chat",
    }
    contact = _add(store, _client(store), **values)
    assert parse_contact(contact_form(contact)) == parse_contact(values)


def test_list_contacts_only_shows_that_clients_people_sorted(store: Store) -> None:
    first, second = _client(store, "First"), _client(store, "Second")
    _add(store, first, name="zoe")
    _add(store, first, name="Adam")
    _add(store, second, name="Bert")
    with store.session() as session:
        assert [c.name for c in list_contacts(session=session, client_id=first)] == ["Adam", "zoe"]
        assert [c.name for c in list_contacts(session=session, client_id=second)] == ["Bert"]


def test_remove_contact_keeps_their_stakeholder_entry_unlinked(store: Store) -> None:
    client_id = _client(store)
    contact = _add(store, client_id, name="Ann Example")
    keep = _add(store, client_id, name="Bob")
    with store.session() as session:
        session.add(
            Stakeholder(
                account_id=client_id,
                contact_id=contact.id,
                category=StakeholderCategory.MANAGER,
                influence=5,
                interest=5,
            )
        )
        session.commit()
    with store.session() as session:
        assert contact.id is not None
        delete_contact(session=session, contact_id=contact.id)
    with store.session() as session:
        assert [c.id for c in list_contacts(session=session, client_id=client_id)] == [keep.id]
        stakeholder = session.exec(select(Stakeholder)).one()
        assert stakeholder.contact_id is None
        assert stakeholder.group_name == "Ann Example"
        assert stakeholder.influence == 5


def test_unknown_contact_or_client_is_a_lookup_error(store: Store) -> None:
    data = parse_contact({"name": "Ann"})
    with store.session() as session:
        with pytest.raises(LookupError):
            update_contact(session=session, contact_id=404, data=data)
        with pytest.raises(LookupError):
            delete_contact(session=session, contact_id=404)
        with pytest.raises(LookupError):
            create_contact(session=session, client_id=404, data=data)
