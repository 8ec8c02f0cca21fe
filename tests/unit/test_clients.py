"""Clients: create, edit, archive and restore, with validation and unique names."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import func, select

from relwork import clock
from relwork.db import Store
from relwork.enums import AccountStatus, JourneyStep, RelationshipType
from relwork.models import Account, JourneyStepChange, Organization
from relwork.services.clients import (
    create_client,
    get_client,
    list_clients,
    parse_client,
    set_archived,
    update_client,
)
from relwork.services.journey import step_history
from relwork.services.reference import default_review_cadence
from relwork.services.validation import InvalidInput


def _count(store: Store, table: type) -> int:
    with store.session() as session:
        return session.exec(select(func.count()).select_from(table)).one()


def _create(store: Store, **values: Any) -> int:
    values.setdefault("name", "Acme Logistics")
    with store.session() as session:
        return create_client(session=session, data=parse_client(values), author="Sam").id


FULL_FORM = {
    "name": "  Northwind Traders ",
    "industry": "Retail",
    "status": "prospect",
    "current_step": "engage",
    "current_type": "cooperative",
    "target_type": "partnership",
    "service_tier": "Gold",
    "rm_owner": "Sam Okafor",
    "start_date": "2026-01-15",
    "review_cadence_days": "90",
    "next_review_due": "2026-12-01",
    "customer_assets_note": "Their own ERP.",
    "notes": "Met at a trade fair.\nKeen.",
}


def test_create_client_saves_every_field(store: Store) -> None:
    client_id = _create(store, **FULL_FORM)
    with store.session() as session:
        client = get_client(session=session, client_id=client_id)
    assert client.name == "Northwind Traders"
    assert client.organization.industry == "Retail"
    account = client.account
    assert account.status == AccountStatus.PROSPECT
    assert account.current_step == JourneyStep.ENGAGE
    assert account.current_type == RelationshipType.COOPERATIVE
    assert account.target_type == RelationshipType.PARTNERSHIP
    assert account.service_tier == "Gold"
    assert account.rm_owner == "Sam Okafor"
    assert account.start_date == date(2026, 1, 15)
    assert account.review_cadence_days == 90
    assert account.next_review_due == date(2026, 12, 1)
    assert account.customer_assets_note == "Their own ERP."
    assert account.notes == "Met at a trade fair.\nKeen."
    assert account.archived_at is None
    assert account.created_at == clock.now()
    assert not client.archived


def test_create_client_records_the_starting_step(store: Store) -> None:
    client_id = _create(store, name="Contoso", current_step="offer")
    with store.session() as session:
        history = step_history(session=session, client_id=client_id)
    assert [(h.from_step, h.to_step, h.author, h.note) for h in history] == [
        (None, JourneyStep.OFFER, "Sam", "Client created")
    ]
    assert history[0].changed_at == clock.now()


def test_defaults_for_a_minimal_client(store: Store) -> None:
    client_id = _create(store, name="Minimal")
    with store.session() as session:
        account = get_client(session=session, client_id=client_id).account
    assert account.status == AccountStatus.ACTIVE
    assert account.current_step == JourneyStep.EXPLORE
    assert account.current_type == RelationshipType.BASIC
    assert account.target_type is None
    assert account.review_cadence_days is None
    # the first review is scheduled at the usual cadence of the relationship type
    assert account.next_review_due == clock.today() + timedelta(
        days=default_review_cadence(RelationshipType.BASIC)
    )


def test_first_review_follows_the_type_when_no_cadence_is_given(store: Store) -> None:
    client_id = _create(store, name="Partner", current_type="partnership")
    with store.session() as session:
        account = get_client(session=session, client_id=client_id).account
    assert account.next_review_due == clock.today() + timedelta(days=30)


def test_a_given_review_date_is_kept(store: Store) -> None:
    client_id = _create(store, name="Dated", review_cadence_days=30, next_review_due="2027-03-01")
    with store.session() as session:
        account = get_client(session=session, client_id=client_id).account
    assert account.next_review_due == date(2027, 3, 1)


def test_cadence_without_a_review_date_schedules_the_first_review(store: Store) -> None:
    client_id = _create(store, name="Cadenced", review_cadence_days=30)
    with store.session() as session:
        account = get_client(session=session, client_id=client_id).account
    assert account.next_review_due == clock.today() + timedelta(days=30)


def test_empty_target_type_means_none() -> None:
    assert parse_client({"name": "X", "target_type": ""}).target_type is None


def test_invalid_client_form_names_each_bad_field_and_saves_nothing(store: Store) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_client(
            {
                "name": " \t ",
                "start_date": "last spring",
                "review_cadence_days": "3",
                "next_review_due": "2026-13-01",
                "status": "dormant",
            }
        )
    errors = caught.value.errors
    assert set(errors) == {
        "name",
        "start_date",
        "review_cadence_days",
        "next_review_due",
        "status",
    }
    assert errors["name"] == "Enter the client's name."
    assert errors["start_date"] == "'last spring' is not a date; use YYYY-MM-DD, e.g. 2026-12-05."
    assert errors["review_cadence_days"] == (
        "The review cadence in days must be between 7 and 730."
    )
    assert "2026-13-01" in errors["next_review_due"]
    assert _count(store, Organization) == 0
    assert _count(store, Account) == 0


def test_overlong_name_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_client({"name": "x" * 201})
    assert caught.value.errors == {"name": "Keep the name under 200 characters."}
    assert parse_client({"name": "x" * 200}).name == "x" * 200


def test_names_are_cleaned_of_control_characters_and_keep_markup(store: Store) -> None:
    client_id = _create(
        store,
        name="\x1b[2J[bold]Acme[/bold]\x07",
        notes="line one\r\n\x1b[31mline two",
        industry="Tele\tcoms\n",
    )
    with store.session() as session:
        client = get_client(session=session, client_id=client_id)
    assert client.name == "[2J[bold]Acme[/bold]"
    assert client.organization.industry == "Tele coms"
    assert client.account.notes == "line one\n[31mline two"
    stored = store.read("SELECT name FROM organization")[0]["name"]
    assert "\x1b" not in stored and "\x07" not in stored


def test_client_names_are_unique_ignoring_case(store: Store) -> None:
    _create(store, name="Acme Logistics")
    for clash in ("Acme Logistics", "ACME LOGISTICS", " acme logistics "):
        with pytest.raises(InvalidInput) as caught, store.session() as session:
            create_client(session=session, data=parse_client({"name": clash}))
        assert list(caught.value.errors) == ["name"]
        assert "already exists" in caught.value.errors["name"]
    assert _count(store, Organization) == 1
    assert _count(store, Account) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [("Ärzte Verbund", "Ärzte Verbund"), ("Ärzte Verbund", "ärzte verbund"), ("ÉCOLE", "école")],
)
def test_unique_names_hold_for_non_ascii_letters(store: Store, first: str, second: str) -> None:
    _create(store, name=first)
    with pytest.raises(InvalidInput), store.session() as session:
        create_client(session=session, data=parse_client({"name": second}))
    assert _count(store, Organization) == 1


def test_update_client_changes_fields(store: Store) -> None:
    client_id = _create(store, name="Acme", industry="Retail")
    clock.freeze(clock.now() + timedelta(hours=2))
    with store.session() as session:
        client = get_client(session=session, client_id=client_id)
        form = client.as_form() | {
            "industry": "Wholesale",
            "status": "offboarding",
            "service_tier": "Bronze",
            "next_review_due": "2027-01-10",
        }
        update_client(session=session, client_id=client_id, data=parse_client(form))
    with store.session() as session:
        client = get_client(session=session, client_id=client_id)
    assert client.organization.industry == "Wholesale"
    assert client.account.status == AccountStatus.OFFBOARDING
    assert client.account.service_tier == "Bronze"
    assert client.account.next_review_due == date(2027, 1, 10)
    assert client.account.updated_at == clock.now()
    assert client.account.created_at < client.account.updated_at


def test_as_form_round_trips_through_validation(store: Store) -> None:
    client_id = _create(store, **FULL_FORM)
    with store.session() as session:
        client = get_client(session=session, client_id=client_id)
    again = parse_client(client.as_form())
    assert again == parse_client(FULL_FORM)


def test_update_may_change_only_the_case_of_the_own_name(store: Store) -> None:
    client_id = _create(store, name="Acme")
    with store.session() as session:
        form = get_client(session=session, client_id=client_id).as_form() | {"name": "ACME"}
        update_client(session=session, client_id=client_id, data=parse_client(form))
        assert get_client(session=session, client_id=client_id).name == "ACME"


def test_renaming_onto_another_client_is_refused_and_changes_nothing(store: Store) -> None:
    _create(store, name="Acme")
    other = _create(store, name="Globex", industry="Energy")
    with store.session() as session:
        form = get_client(session=session, client_id=other).as_form()
    form |= {"name": "acme", "industry": "Changed"}
    with pytest.raises(InvalidInput) as caught, store.session() as session:
        update_client(session=session, client_id=other, data=parse_client(form))
    assert "name" in caught.value.errors
    with store.session() as session:
        client = get_client(session=session, client_id=other)
    assert client.name == "Globex"
    assert client.organization.industry == "Energy"


def test_changing_the_step_in_the_form_records_a_move(store: Store) -> None:
    client_id = _create(store, name="Acme", current_step="explore")
    with store.session() as session:
        form = get_client(session=session, client_id=client_id).as_form()
        update_client(
            session=session,
            client_id=client_id,
            data=parse_client(form | {"current_step": "agree"}),
            author="Sam",
        )
    with store.session() as session:
        assert get_client(session=session, client_id=client_id).account.current_step == "agree"
        history = step_history(session=session, client_id=client_id)
    assert [(h.from_step, h.to_step) for h in history] == [
        (JourneyStep.EXPLORE, JourneyStep.AGREE),
        (None, JourneyStep.EXPLORE),
    ]


def test_saving_the_form_without_a_step_change_records_no_move(store: Store) -> None:
    client_id = _create(store, name="Acme")
    with store.session() as session:
        form = get_client(session=session, client_id=client_id).as_form()
        update_client(
            session=session, client_id=client_id, data=parse_client(form | {"notes": "x"})
        )
    assert _count(store, JourneyStepChange) == 1


def test_archive_hides_and_restore_brings_back(store: Store) -> None:
    kept = _create(store, name="Kept")
    gone = _create(store, name="Gone")
    with store.session() as session:
        archived = set_archived(session=session, client_id=gone, archived=True)
    assert archived.archived
    assert archived.account.archived_at == clock.now()
    with store.session() as session:
        assert [c.id for c in list_clients(session=session)] == [kept]
        everyone = list_clients(session=session, include_archived=True)
        assert {c.id for c in everyone} == {kept, gone}
        restored = set_archived(session=session, client_id=gone, archived=False)
    assert not restored.archived
    with store.session() as session:
        assert {c.id for c in list_clients(session=session)} == {kept, gone}
    # nothing was deleted along the way
    assert _count(store, Organization) == 2


def test_archived_client_still_holds_its_name(store: Store) -> None:
    gone = _create(store, name="Gone")
    with store.session() as session:
        set_archived(session=session, client_id=gone, archived=True)
    with pytest.raises(InvalidInput), store.session() as session:
        create_client(session=session, data=parse_client({"name": "gone"}))


def test_list_clients_sorts_by_name_ignoring_case(store: Store) -> None:
    for name in ("beta", "Alpha", "Gamma", "delta"):
        _create(store, name=name)
    with store.session() as session:
        assert [c.name for c in list_clients(session=session)] == [
            "Alpha",
            "beta",
            "delta",
            "Gamma",
        ]


def test_unknown_client_is_a_lookup_error(store: Store) -> None:
    with store.session() as session, pytest.raises(LookupError, match="no client with id 999"):
        get_client(session=session, client_id=999)
    with store.session() as session, pytest.raises(LookupError):
        set_archived(session=session, client_id=999, archived=True)
