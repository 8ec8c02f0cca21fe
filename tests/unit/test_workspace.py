"""Workspace step facts: what the store already knows that bears on each journey step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from relwork import clock
from relwork.db import Store
from relwork.enums import Attitude, JourneyStep, RelationshipType, StakeholderCategory
from relwork.models import Stakeholder
from relwork.services.clients import create_client, get_client, list_clients, parse_client
from relwork.services.contacts import create_contact, parse_contact
from relwork.services.journey import move_to_step
from relwork.services.notes import (
    add_action,
    add_note,
    parse_action,
    parse_note,
    set_action_done,
)
from relwork.services.reference import relationship_types
from relwork.services.workspace import RECENT_DAYS, Fact, step_facts


def _facts(session: Session, client_id: int, step: JourneyStep) -> dict[str, Fact]:
    facts = step_facts(session=session, client_id=client_id, step=step, today=clock.today())
    labels = [f.label for f in facts]
    assert len(labels) == len(set(labels)), f"duplicate labels in {labels}"
    return {f.label: f for f in facts}


def _client(session: Session, **values: object) -> int:
    values.setdefault("name", "Acme")
    return create_client(session=session, data=parse_client(values)).id


def _note(session: Session, client_id: int, kind: str, days_ago: int) -> None:
    when = clock.now() - timedelta(days=days_ago)
    data = parse_note({"kind": kind, "occurred_at": when, "summary": kind})
    add_note(session=session, client_id=client_id, data=data)


def _action(session: Session, client_id: int, due_in: int | None, *, done: bool = False) -> None:
    due = clock.today() + timedelta(days=due_in) if due_in is not None else None
    action = add_action(
        session=session, client_id=client_id, data=parse_action({"text": "t", "due_date": due})
    )
    if done:
        assert action.id is not None
        set_action_done(session=session, action_id=action.id, done=True)


def test_journey_fact_says_when_the_step_was_last_entered(store: Store) -> None:
    start = clock.now()
    with store.session() as session:
        client_id = _client(session)
        clock.freeze(start + timedelta(days=3))
        move_to_step(session=session, client_id=client_id, step=JourneyStep.ENGAGE)
        clock.freeze(start + timedelta(days=5))
        move_to_step(session=session, client_id=client_id, step=JourneyStep.EXPLORE)
        facts = _facts(session, client_id, JourneyStep.EXPLORE)
        assert facts["Journey"].value == "Last entered this step on 2026-11-25"
        assert _facts(session, client_id, JourneyStep.ENGAGE)["Journey"].value == (
            "Last entered this step on 2026-11-23"
        )
        assert _facts(session, client_id, JourneyStep.REALIZE)["Journey"].value == (
            "Not at this step yet"
        )


def test_every_step_has_facts_and_journey_comes_first(demo_store: Store) -> None:
    with demo_store.session() as session:
        for client in list_clients(session=session):
            for step in JourneyStep:
                facts = step_facts(
                    session=session, client_id=client.id, step=step, today=clock.today()
                )
                assert facts[0].label == "Journey"
                assert len(facts) >= 3
                assert all(f.value for f in facts), (client.name, step, facts)


def test_explore_names_missing_consumer_roles(store: Store) -> None:
    with store.session() as session:
        client_id = _client(session, industry="Logistics", customer_assets_note="Their WMS")
        facts = _facts(session, client_id, JourneyStep.EXPLORE)
        assert facts["Industry"].value == "Logistics"
        assert facts["Contacts"] == Fact(
            "Contacts", "0 on record; no customer, no user, no sponsor named yet", True
        )
        assert facts["Stakeholders"].value == "0 mapped"
        assert facts["Their assets we rely on"].value == "Their WMS"

        for name, roles in (("Ann", ["customer", "user"]), ("Bob", ["sponsor"])):
            data = parse_contact({"name": name, "consumer_roles": roles})
            create_contact(session=session, client_id=client_id, data=data)
        facts = _facts(session, client_id, JourneyStep.EXPLORE)
        assert facts["Contacts"] == Fact("Contacts", "2 on record", False)


def test_explore_says_when_nothing_is_recorded(store: Store) -> None:
    with store.session() as session:
        client_id = _client(session)
        facts = _facts(session, client_id, JourneyStep.EXPLORE)
    assert facts["Industry"].value == "not recorded"
    assert facts["Their assets we rely on"].value == "not recorded"


def test_engage_maps_stakeholders_critics_and_last_contact(store: Store) -> None:
    with store.session() as session:
        client_id = _client(session, current_type="cooperative", target_type="partnership")
        facts = _facts(session, client_id, JourneyStep.ENGAGE)
        assert facts["Stakeholder map"] == Fact(
            "Stakeholder map", "no stakeholders mapped yet", True
        )
        assert facts["Last contact"] == Fact("Last contact", "none logged", True)
        assert facts["Sceptics and blockers"] == Fact("Sceptics and blockers", "0", False)

        for influence, interest, attitude in (
            (5, 5, Attitude.CHAMPION),
            (4, 4, Attitude.BLOCKER),
            (2, 5, Attitude.SCEPTIC),
            (None, 3, Attitude.NEUTRAL),  # not scored: on no quadrant
        ):
            session.add(
                Stakeholder(
                    account_id=client_id,
                    category=StakeholderCategory.MANAGER,
                    influence=influence,
                    interest=interest,
                    attitude=attitude,
                )
            )
        session.commit()
        _note(session, client_id, "call", days_ago=1)
        _note(session, client_id, "email", days_ago=6)
        facts = _facts(session, client_id, JourneyStep.ENGAGE)
    assert facts["Relationship"].value == "Cooperative, aiming for partnership"
    assert facts["Stakeholder map"] == Fact(
        "Stakeholder map", "2 manage closely, 1 keep informed", False
    )
    assert facts["Sceptics and blockers"] == Fact("Sceptics and blockers", "2", True)
    assert facts["Last contact"] == Fact("Last contact", "2026-11-19 (yesterday)", False)
    assert facts["Trust is built by"].value == (
        relationship_types()[RelationshipType.COOPERATIVE].trust_built_by
    )


def test_offer_counts_recent_workshops_only(store: Store) -> None:
    with store.session() as session:
        client_id = _client(session, service_tier="Gold", current_type="basic")
        _note(session, client_id, "workshop", days_ago=10)
        _note(session, client_id, "workshop", days_ago=RECENT_DAYS - 1)
        _note(session, client_id, "workshop", days_ago=RECENT_DAYS + 5)
        _note(session, client_id, "call", days_ago=3)
        facts = _facts(session, client_id, JourneyStep.OFFER)
    assert facts["Workshops in the last 90 days"].value == "2"
    assert facts["Service tier"].value == "Gold"
    assert facts["Relationship"].value == "Basic"
    assert facts["Typical focus"].value == "Support and efficiency"


def test_agree_shows_cadence_or_the_usual_one(store: Store) -> None:
    with store.session() as session:
        unset = _client(session, name="Unset", current_type="partnership")
        cadenced = _client(session, name="Set", review_cadence_days=45)
        facts = _facts(session, unset, JourneyStep.AGREE)
        assert facts["Review cadence"].value == "not set (usual for partnership: 30 days)"
        assert facts["Next review"] == Fact("Next review", "2026-12-20 (in 30 days)", False)
        account = get_client(session=session, client_id=unset).account
        account.next_review_due = None
        session.add(account)
        session.commit()
        facts = _facts(session, unset, JourneyStep.AGREE)
        assert facts["Next review"] == Fact("Next review", "not scheduled", True)
        assert facts["Agreement that usually fits"].value == (
            "A bespoke or outcome-based contract, or none"
        )
        facts = _facts(session, cadenced, JourneyStep.AGREE)
    assert facts["Review cadence"].value == "every 45 days"
    assert facts["Next review"] == Fact("Next review", "2027-01-04 (in 45 days)", False)


def test_overdue_review_is_an_alert(store: Store) -> None:
    with store.session() as session:
        client_id = _client(session, next_review_due="2026-11-08")
        facts = _facts(session, client_id, JourneyStep.AGREE)
    assert facts["Next review"] == Fact("Next review", "2026-11-08: overdue by 12 days", True)


def test_onboard_counts_open_and_overdue_actions(store: Store) -> None:
    with store.session() as session:
        client_id = _client(session, status="prospect", start_date="2026-09-21")
        facts = _facts(session, client_id, JourneyStep.ONBOARD)
        assert facts["Open actions"] == Fact("Open actions", "0 open, 0 overdue", False)
        _action(session, client_id, -3)
        _action(session, client_id, 0)
        _action(session, client_id, None)
        _action(session, client_id, -10, done=True)
        facts = _facts(session, client_id, JourneyStep.ONBOARD)
    assert facts["Open actions"] == Fact("Open actions", "3 open, 1 overdue", True)
    assert facts["Status"].value == "Prospect"
    assert facts["Relationship started"].value == "2026-09-21"


def test_co_create_shows_recent_contact_mix_and_complaints(store: Store) -> None:
    with store.session() as session:
        client_id = _client(session)
        facts = _facts(session, client_id, JourneyStep.CO_CREATE)
        assert facts["Contact in the last 90 days"] == Fact(
            "Contact in the last 90 days", "none logged", True
        )
        for kind in ("meeting", "meeting", "complaint"):
            _note(session, client_id, kind, days_ago=5)
        _note(session, client_id, "complaint", days_ago=200)
        facts = _facts(session, client_id, JourneyStep.CO_CREATE)
    assert facts["Contact in the last 90 days"] == Fact(
        "Contact in the last 90 days", "2 meeting, 1 complaint", False
    )
    assert facts["Complaints in the last 90 days"] == Fact(
        "Complaints in the last 90 days", "1", True
    )


def test_realize_shows_tenure_done_actions_and_feedback(store: Store) -> None:
    with store.session() as session:
        client_id = _client(session, start_date="2024-05-20", next_review_due="2026-12-01")
        _action(session, client_id, -5, done=True)
        _action(session, client_id, 5)
        _note(session, client_id, "feedback", days_ago=30)
        _note(session, client_id, "feedback", days_ago=120)
        facts = _facts(session, client_id, JourneyStep.REALIZE)
        assert facts["Relationship length"].value == "2 years 6 months"
        assert facts["Actions completed in the last 90 days"].value == "1"
        assert facts["Feedback notes in the last 90 days"].value == "1"
        assert facts["Next review"] == Fact("Next review", "2026-12-01 (in 11 days)", False)

        unstarted = _client(session, name="New")
        facts = _facts(session, unstarted, JourneyStep.REALIZE)
    assert facts["Relationship length"].value == "not started"


def test_unknown_client_has_no_facts(store: Store) -> None:
    with store.session() as session, pytest.raises(LookupError):
        step_facts(session=session, client_id=404, step=JourneyStep.EXPLORE, today=clock.today())


def test_engage_lists_assessments_most_important_first_for_the_type(store: Store) -> None:
    with store.session() as session:
        basic = _client(session, name="Basic Co", current_type="basic")
        partner = _client(session, name="Partner Co", current_type="partnership")
        titles = {}
        for client_id in (basic, partner):
            facts = step_facts(
                session=session, client_id=client_id, step=JourneyStep.ENGAGE, today=clock.today()
            )
            titles[client_id] = [f for f in facts if f.label.startswith("Assessment ")]
        # a basic relationship leans on the provider's track record: maturity comes first
        assert titles[basic][0].label == "Assessment 1: Maturity on both sides (4 x 4)"
        assert titles[basic][0].alert is True  # important and never run
        assert "not done yet (w)" in titles[basic][0].value
        assert "Crucial" in titles[basic][0].value  # the reason says why
        # in a partnership, readiness comes first and maturity last
        assert titles[partner][-1].label == "Assessment 3: Maturity on both sides (4 x 4)"
        assert titles[partner][-1].alert is False  # minor for this type
        assert {f.label.split(": ")[1] for f in titles[partner][:2]} == {
            "Readiness for change",
            "Readiness for collaboration",
        }
