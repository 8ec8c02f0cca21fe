"""The improvement register: validation that says what to fix, add, edit, close, the
open/all list across clients, and the demo records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from relwork import clock
from relwork.enums import ImprovementOrigin, ImprovementStatus, InteractionKind
from relwork.models import Account, ImprovementItem, Interaction
from relwork.services.improvements import (
    add_improvement,
    close_improvement,
    improvement_form,
    list_improvements,
    parse_improvement,
    update_improvement,
)
from relwork.services.validation import InvalidInput
from tests.unit.test_scorecard import new_client

TODAY = date(2026, 11, 20)


def test_a_title_is_required_and_kept_short():
    with pytest.raises(InvalidInput) as caught:
        parse_improvement({"title": "  ", "origin": "review", "status": "proposed"})
    assert caught.value.errors == {"title": "Give the improvement a short title."}
    with pytest.raises(InvalidInput) as caught:
        parse_improvement({"title": "x" * 201})
    assert caught.value.errors["title"] == "Keep the title to 200 characters (now 201)."


def test_choices_and_dates_are_checked_field_by_field():
    with pytest.raises(InvalidInput) as caught:
        parse_improvement(
            {"title": "Pilot", "origin": None, "status": "nonsense", "raised_on": "tomorrow"}
        )
    errors = caught.value.errors
    assert errors["origin"] == "Choose one."
    assert "status" in errors
    assert errors["raised_on"] == "'tomorrow' is not a date; use YYYY-MM-DD, e.g. 2026-12-05."


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"raised_on": "2026-12-01"}, "raised_on", "It cannot be raised in the future."),
        (
            {"closed_on": "2026-11-01"},
            "closed_on",
            "An open item has no closed date: clear it, or set the status to realized or dropped.",
        ),
        (
            {"status": "realized", "raised_on": "2026-11-10", "closed_on": "2026-11-01"},
            "closed_on",
            "It cannot close before the day it was raised.",
        ),
        (
            {"status": "dropped", "closed_on": "2026-11-30"},
            "closed_on",
            "It cannot be closed in the future.",
        ),
    ],
)
def test_dates_must_agree_with_the_status(values, field, message):
    with pytest.raises(InvalidInput) as caught:
        parse_improvement({"title": "Pilot", **values})
    assert caught.value.errors == {field: message}


def test_a_closed_item_without_a_date_closes_today_and_text_is_cleaned():
    data = parse_improvement(
        {
            "title": " Weekend\tpilot ",
            "status": "realized",
            "owner": " Sam ",
            "realized_benefit": "  Fewer\r\ncalls \x1b[31m ",
        }
    )
    assert data.title == "Weekend pilot"
    assert data.owner == "Sam"
    assert data.closed_on == TODAY
    assert data.realized_benefit == "Fewer\ncalls [31m"
    assert data.raised_on is None  # the register fills in today when saving


def test_add_edit_and_close(store):
    client = new_client(store)
    with store.session() as session:
        item = add_improvement(
            session=session,
            account_id=client,
            data=parse_improvement(
                {"title": "Pilot", "origin": "complaint", "expected_benefit": "Fewer calls"}
            ),
        )
        assert item.id is not None
        assert (item.raised_on, item.status, item.closed_on) == (
            TODAY,
            ImprovementStatus.PROPOSED,
            None,
        )
        values = improvement_form(item)
        values.update(status="in_progress", owner="Dana")
        edited = update_improvement(
            session=session, item_id=item.id, data=parse_improvement(values)
        )
        assert (edited.status, edited.owner, edited.expected_benefit) == (
            ImprovementStatus.IN_PROGRESS,
            "Dana",
            "Fewer calls",
        )
        closed = close_improvement(
            session=session, item_id=item.id, realized_benefit="Calls halved"
        )
        assert (closed.status, closed.closed_on, closed.realized_benefit) == (
            ImprovementStatus.REALIZED,
            TODAY,
            "Calls halved",
        )
        assert closed.origin == ImprovementOrigin.COMPLAINT
        with pytest.raises(InvalidInput):
            close_improvement(session=session, item_id=item.id, status=ImprovementStatus.APPROVED)
        with pytest.raises(LookupError):
            close_improvement(session=session, item_id=999)
        with pytest.raises(LookupError):
            add_improvement(session=session, account_id=999, data=parse_improvement({"title": "x"}))


def test_the_list_puts_open_items_first_and_spans_clients(store):
    first = new_client(store, "Alpha")
    second = new_client(store, "Beta")
    archived = new_client(store, "Gone")
    today = clock.today()
    with store.session() as session:
        for account, title, status, raised in [
            (first, "Old open", "approved", 30),
            (first, "New open", "proposed", 2),
            (first, "Done", "realized", 40),
            (second, "Theirs", "in_progress", 10),
            (archived, "Hidden", "proposed", 1),
        ]:
            session.add(
                ImprovementItem(
                    account_id=account,
                    title=title,
                    status=status,
                    raised_on=today - timedelta(days=raised),
                    closed_on=today if status == "realized" else None,
                )
            )
        gone = session.get(Account, archived)
        assert gone is not None
        gone.archived_at = clock.now()
        session.add(gone)
        session.commit()
        mine = list_improvements(session=session, account_id=first)
        open_only = list_improvements(session=session, account_id=first, include_closed=False)
        everyone = list_improvements(session=session, include_closed=False)
    assert [r.item.title for r in mine] == ["New open", "Old open", "Done"]
    assert [r.is_open for r in mine] == [True, True, False]
    assert [r.item.title for r in open_only] == ["New open", "Old open"]
    assert [(r.client_name, r.item.title) for r in everyone] == [
        ("Alpha", "New open"),
        ("Beta", "Theirs"),
        ("Alpha", "Old open"),
    ]


def test_demo_adds_complaints_and_improvements(demo_store):
    from sqlmodel import select

    from relwork.models import Organization

    since = clock.now() - timedelta(days=90)
    with demo_store.session() as session:
        copperleaf = session.exec(
            select(Account.id)
            .join(Organization, Organization.id == Account.organization_id)
            .where(Organization.name == "Copperleaf Home Stores")
        ).one()
        complaints = session.exec(
            select(Interaction)
            .where(Interaction.account_id == copperleaf)
            .where(Interaction.kind == InteractionKind.COMPLAINT)
        ).all()
        items = list_improvements(session=session)
    recent = [c for c in complaints if c.occurred_at.replace(tzinfo=since.tzinfo) >= since]
    assert len(recent) == 3
    assert {r.client_name for r in items} >= {
        "Copperleaf Home Stores",
        "Tidewell Freight",
        "Fenmarsh Community Health Trust",
    }
    assert {ImprovementOrigin(r.item.origin) for r in items} == set(ImprovementOrigin)
    assert {ImprovementStatus(r.item.status) for r in items} == set(ImprovementStatus)
