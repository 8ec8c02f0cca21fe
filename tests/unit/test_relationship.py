from datetime import date

import pytest

from relwork.enums import MaturitySide, RelationshipType
from relwork.services import relationship
from relwork.services.clients import create_client, parse_client
from relwork.services.validation import InvalidInput


def _client(store) -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": "Acme Hosting"})).id


def test_target_defaults_to_current_and_gap_counts_steps(store):
    client_id = _client(store)
    with store.session() as session:
        choice = relationship.type_choice(session=session, client_id=client_id)
        assert (choice.current, choice.target, choice.gap) == (
            RelationshipType.BASIC,
            RelationshipType.BASIC,
            0,
        )
        choice = relationship.set_types(
            session=session,
            client_id=client_id,
            current=RelationshipType.BASIC,
            target=RelationshipType.PARTNERSHIP,
        )
        assert choice.gap == 2
        same = relationship.set_types(
            session=session,
            client_id=client_id,
            current=RelationshipType.COOPERATIVE,
            target=RelationshipType.COOPERATIVE,
        )
        assert same.gap == 0
        stored = relationship.type_choice(session=session, client_id=client_id)
        assert stored.target == RelationshipType.COOPERATIVE


def test_every_type_has_every_attribute_filled():
    for profile in relationship.profiles():
        for key, _label in relationship.ATTRIBUTES:
            assert getattr(profile, key).strip(), (profile.type, key)
    assert len(relationship.level_summaries()) == 6


def test_maturity_is_dated_history_and_latest_is_per_side(store):
    client_id = _client(store)
    with store.session() as session:
        for side, level, day in [
            (MaturitySide.DEMAND, RelationshipType.BASIC, date(2026, 1, 10)),
            (MaturitySide.DEMAND, RelationshipType.COOPERATIVE, date(2026, 9, 1)),
            (MaturitySide.SUPPLY, RelationshipType.PARTNERSHIP, date(2026, 5, 5)),
        ]:
            relationship.record_maturity(
                session=session, client_id=client_id, side=side, level=level, on=day
            )
        history = relationship.maturity_history(session=session, client_id=client_id)
    assert [h.assessed_on for h in history] == [
        date(2026, 9, 1),
        date(2026, 5, 5),
        date(2026, 1, 10),
    ]
    latest = relationship.latest_maturity(history)
    assert latest[MaturitySide.DEMAND].level == RelationshipType.COOPERATIVE
    assert latest[MaturitySide.SUPPLY].level == RelationshipType.PARTNERSHIP
    assert relationship.maturity_gap(latest) == ""


def test_a_two_level_gap_between_sides_is_warned_about(store):
    client_id = _client(store)
    with store.session() as session:
        relationship.record_maturity(
            session=session,
            client_id=client_id,
            side=MaturitySide.DEMAND,
            level=RelationshipType.BASIC,
        )
        relationship.record_maturity(
            session=session,
            client_id=client_id,
            side=MaturitySide.SUPPLY,
            level=RelationshipType.PARTNERSHIP,
        )
        latest = relationship.latest_maturity(
            relationship.maturity_history(session=session, client_id=client_id)
        )
    assert "supply side is two levels ahead" in relationship.maturity_gap(latest)
    assert latest[MaturitySide.DEMAND].assessed_on == date(2026, 11, 20)  # today by default


def test_maturity_form_values_are_checked():
    with pytest.raises(InvalidInput) as missing:
        relationship.parse_maturity({"side": "", "level": "basic"})
    assert "side" in missing.value.errors
    with pytest.raises(InvalidInput) as bad_date:
        relationship.parse_maturity({"side": "demand", "level": "basic", "assessed_on": "soon"})
    assert "YYYY-MM-DD" in bad_date.value.errors["assessed_on"]
