"""The demo portfolio and the shipped reference data."""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from relwork import clock
from relwork.db import Store
from relwork.enums import (
    AccountStatus,
    Attitude,
    Channel,
    ConsumerRole,
    InteractionKind,
    JourneyStep,
    RelationshipType,
    StakeholderCategory,
    StakeholderSide,
)
from relwork.locations import shipped_data_dir
from relwork.models import (
    Account,
    ActionItem,
    Contact,
    Interaction,
    JourneyStepChange,
    Organization,
    Stakeholder,
)
from relwork.services.clients import list_clients, parse_client
from relwork.services.contacts import contact_form, parse_contact
from relwork.services.demo import demo_source, load_demo
from relwork.services.journey import step_history
from relwork.services.notes import attendee_ids
from relwork.services.reference import default_review_cadence, relationship_types


@pytest.fixture(scope="module")
def demo_toml() -> dict:
    return tomllib.loads(demo_source().read_text(encoding="utf-8"))


def _count(store: Store, table: type) -> int:
    with store.session() as session:
        return session.exec(select(func.count()).select_from(table)).one()


def test_demo_source_is_the_shipped_file() -> None:
    assert demo_source() == shipped_data_dir() / "demo.toml"
    assert demo_source().is_file()


def test_load_demo_writes_eight_clients(store: Store, demo_toml: dict) -> None:
    with store.session() as session:
        assert load_demo(session=session) == 8
    assert _count(store, Organization) == 8
    assert _count(store, Account) == 8
    clients = demo_toml["client"]
    assert _count(store, Contact) == sum(len(c.get("contact", [])) for c in clients)
    assert _count(store, Stakeholder) == sum(len(c.get("stakeholder", [])) for c in clients)
    assert _count(store, Interaction) == sum(len(c.get("note", [])) for c in clients)
    assert _count(store, ActionItem) == sum(len(c.get("action", [])) for c in clients)
    assert _count(store, JourneyStepChange) == sum(len(c.get("steps", [])) for c in clients)


def test_every_journey_step_is_some_clients_current_step(demo_store: Store) -> None:
    with demo_store.session() as session:
        steps = {JourneyStep(c.account.current_step) for c in list_clients(session=session)}
    assert steps == set(JourneyStep)


def test_demo_uses_every_relationship_type_and_several_statuses(demo_store: Store) -> None:
    with demo_store.session() as session:
        clients = list_clients(session=session)
    assert {RelationshipType(c.account.current_type) for c in clients} == set(RelationshipType)
    statuses = Counter(AccountStatus(c.account.status) for c in clients)
    assert statuses[AccountStatus.PROSPECT] >= 1
    assert statuses[AccountStatus.ACTIVE] >= 1
    assert len(statuses) >= 3


def test_demo_history_ends_at_each_clients_current_step(demo_store: Store) -> None:
    with demo_store.session() as session:
        for client in list_clients(session=session):
            history = step_history(session=session, client_id=client.id)
            assert history, client.name
            assert history[0].to_step == client.account.current_step, client.name
            assert history[-1].from_step is None
            oldest_first = list(reversed(history))
            for earlier, later in pairwise(oldest_first):
                assert later.from_step == earlier.to_step, client.name
                assert later.changed_at >= earlier.changed_at, client.name


def test_demo_dates_are_relative_to_today(demo_store: Store) -> None:
    today = clock.today()
    with demo_store.session() as session:
        tidewell = next(c for c in list_clients(session=session) if c.name == "Tidewell Freight")
        assert tidewell.account.start_date == today - timedelta(days=1040)
        assert tidewell.account.next_review_due == today + timedelta(days=9)
        latest = session.exec(
            select(func.max(Interaction.occurred_at)).where(Interaction.account_id == tidewell.id)
        ).one()
        assert latest is not None
        assert latest.date() == today - timedelta(days=3)
        # nothing in the demo happens in the future
        assert (
            session.exec(
                select(func.count()).where(col(Interaction.occurred_at) > clock.now())
            ).one()
            == 0
        )
        assert (
            session.exec(select(func.count()).where(col(ActionItem.done_at) > clock.now())).one()
            == 0
        )


def test_demo_has_overdue_and_done_actions(demo_store: Store) -> None:
    today = clock.today()
    with demo_store.session() as session:
        actions = session.exec(select(ActionItem)).all()
    overdue = [a for a in actions if a.done_at is None and a.due_date and a.due_date < today]
    assert overdue
    assert any(a.done_at is not None for a in actions)
    assert any(a.due_date is None for a in actions)


def test_demo_values_are_valid_codes(demo_store: Store) -> None:
    with demo_store.session() as session:
        several = [c for c in session.exec(select(Contact)).all() if len(c.consumer_roles) > 1]
        assert several, "the demo should show a contact holding several roles"
        for contact in session.exec(select(Contact)).all():
            for role in contact.consumer_roles:
                ConsumerRole(role)
            if contact.preferred_channel is not None:
                Channel(contact.preferred_channel)
        for stakeholder in session.exec(select(Stakeholder)).all():
            StakeholderCategory(stakeholder.category)
            StakeholderSide(stakeholder.side)
            Attitude(stakeholder.attitude)
            for score in (stakeholder.influence, stakeholder.interest):
                assert score is None or 1 <= score <= 5
            assert stakeholder.contact_id is not None or stakeholder.group_name
        for note in session.exec(select(Interaction)).all():
            InteractionKind(note.kind)
            assert note.summary == note.summary.strip()
            assert attendee_ids(session=session, note_id=note.id)


def test_demo_clients_and_contacts_pass_the_forms_validation(demo_store: Store) -> None:
    with demo_store.session() as session:
        for client in list_clients(session=session):
            parse_client(client.as_form())
        for contact in session.exec(select(Contact)).all():
            parse_contact(contact_form(contact))


def test_demo_stakeholders_point_at_contacts_of_their_own_client(demo_store: Store) -> None:
    with demo_store.session() as session:
        rows = session.exec(
            select(Stakeholder, Account, Contact)
            .join(Account, col(Account.id) == Stakeholder.account_id)
            .join(Contact, col(Contact.id) == Stakeholder.contact_id)
        ).all()
        assert rows
        for stakeholder, account, contact in rows:
            assert contact.organization_id == account.organization_id
            assert stakeholder.consumer_roles == contact.consumer_roles


def test_demo_note_attendees_are_contacts_of_the_same_client(demo_store: Store) -> None:
    with demo_store.session() as session:
        org_of_contact = {c.id: c.organization_id for c in session.exec(select(Contact)).all()}
        org_of_account = {a.id: a.organization_id for a in session.exec(select(Account)).all()}
        for note in session.exec(select(Interaction)).all():
            for attendee in attendee_ids(session=session, note_id=note.id):
                assert org_of_contact[attendee] == org_of_account[note.account_id]


def test_demo_keeps_markup_like_text_literally(demo_store: Store) -> None:
    rows = demo_store.read("SELECT summary FROM interaction WHERE summary LIKE '%[bold]%'")
    assert len(rows) == 1
    assert 'subject = "[bold]P1[/] {site}: {device} unreachable"' in rows[0]["summary"]


def test_load_demo_from_another_file(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "tiny.toml"
    source.write_text(
        """
[[client]]
name = "Tiny Co"
status = "prospect"
current_type = "basic"
current_step = "explore"
steps = [ { step = "explore", days_ago = 2 } ]
""",
        encoding="utf-8",
    )
    with store.session() as session:
        assert load_demo(session=session, source=source) == 1
        clients = list_clients(session=session)
    assert [c.name for c in clients] == ["Tiny Co"]


def test_relationship_types_reference_covers_every_type() -> None:
    types = relationship_types()
    assert list(types) == list(RelationshipType)
    for kind, profile in types.items():
        assert profile.type is kind
        for text in (profile.focus, profile.agreement, profile.trust_built_by, profile.exit):
            assert text.strip()
    cadences = [default_review_cadence(kind) for kind in RelationshipType]
    assert cadences == [180, 90, 30]  # closer relationships are reviewed more often
    assert relationship_types() is types  # loaded once
