"""The stay-in-touch cadence is set on the contact form and drives Today."""

from datetime import timedelta

import pytest

from relwork import clock
from relwork.services.clients import create_client, parse_client
from relwork.services.contacts import contact_form, create_contact, parse_contact
from relwork.services.today import today_items
from relwork.services.validation import InvalidInput


def test_cadence_is_validated_with_a_message_that_says_what_to_fix():
    assert parse_contact({"name": "Dana", "comm_frequency_days": "30"}).comm_frequency_days == 30
    assert parse_contact({"name": "Dana", "comm_frequency_days": ""}).comm_frequency_days is None
    with pytest.raises(InvalidInput) as bad:
        parse_contact({"name": "Dana", "comm_frequency_days": "monthly"})
    assert "whole number" in bad.value.errors["comm_frequency_days"]
    with pytest.raises(InvalidInput) as zero:
        parse_contact({"name": "Dana", "comm_frequency_days": "0"})
    assert "between 1 and 365" in zero.value.errors["comm_frequency_days"]


def test_a_contact_never_spoken_to_is_due_one_cadence_after_being_added(store):
    with store.session() as session:
        client = create_client(session=session, data=parse_client({"name": "Acme Hosting"}))
        contact = create_contact(
            session=session,
            client_id=client.id,
            data=parse_contact({"name": "Dana Whitfield", "comm_frequency_days": "7"}),
        )
        assert contact_form(contact)["comm_frequency_days"] == 7
    today = clock.today()
    assert not [i for i in today_items(store, today) if i.kind == "person"]
    later = [i for i in today_items(store, today + timedelta(days=8)) if i.kind == "person"]
    assert [(i.title, i.detail) for i in later] == [("Dana Whitfield", "never · every 7d")]
