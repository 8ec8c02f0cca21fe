"""The Engage signals reach the dashboard rows and the Engage step: map review,
influential people out of touch, and the latest trust band."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from relwork import clock
from relwork.enums import JourneyStep
from relwork.services.clients import create_client, parse_client
from relwork.services.contacts import create_contact, parse_contact
from relwork.services.portfolio import portfolio_rows
from relwork.services.stakeholders import create_stakeholder, parse_stakeholder, take_snapshot
from relwork.services.trust import load_item_sets, save_assessment
from relwork.services.workspace import step_facts


def _client_with_map(store):
    with store.session() as session:
        client = create_client(session=session, data=parse_client({"name": "Acme Hosting"}))
        dana = create_contact(
            session=session, client_id=client.id, data=parse_contact({"name": "Dana Whitfield"})
        )
        create_stakeholder(
            session=session,
            client_id=client.id,
            data=parse_stakeholder(
                {
                    "contact_id": dana.id,
                    "category": "senior_executive",
                    "influence": "5",
                    "interest": "4",
                    "comm_frequency_days": "14",
                }
            ),
        )
    return client.id


def _facts(store, client_id, days=90):
    with store.session() as session:
        facts = step_facts(
            session=session,
            client_id=client_id,
            step=JourneyStep.ENGAGE,
            today=clock.today(),
            store=store,
            map_review_days=days,
        )
    return {fact.label: fact for fact in facts}


def test_a_map_never_reviewed_is_due_and_shows_on_the_dashboard(store):
    client_id = _client_with_map(store)
    row = portfolio_rows(store, today=clock.today())[0]
    assert row.client_id == client_id and row.map_review_due
    facts = _facts(store, client_id)
    assert facts["Map review"].alert


def test_a_recent_snapshot_clears_the_review_flag_until_the_interval_passes(store):
    client_id = _client_with_map(store)
    with store.session() as session:
        take_snapshot(session=session, client_id=client_id, author="Sam")
    assert not portfolio_rows(store, today=clock.today())[0].map_review_due
    later = clock.today() + timedelta(days=31)
    assert portfolio_rows(store, today=later, map_review_days=30)[0].map_review_due
    assert not _facts(store, client_id)["Map review"].alert


def test_influential_person_never_met_is_flagged_after_their_cadence(store):
    client_id = _client_with_map(store)
    assert _facts(store, client_id)["Influential, out of touch"].value == "nobody"
    clock.freeze(datetime(2026, 12, 20, 9, 30, tzinfo=UTC))
    flagged = _facts(store, client_id)["Influential, out of touch"]
    assert flagged.alert and "Dana Whitfield" in flagged.value


def test_latest_trust_band_reaches_the_row_and_the_step(store):
    client_id = _client_with_map(store)
    assert _facts(store, client_id)["Trust (latest)"].value.startswith("not assessed")
    item_set = load_item_sets()[0]["three_cs"]
    ratings = {item.key: (2, "") for item in item_set.items}
    with store.session() as session:
        save_assessment(session=session, client_id=client_id, item_set=item_set, ratings=ratings)
    row = portfolio_rows(store, today=clock.today())[0]
    assert (row.trust_index, row.trust_band) == (2.0, "Low")
    fact = _facts(store, client_id)["Trust (latest)"]
    assert fact.alert and "Low" in fact.value
