"""A client's timeline (relwork.services.timeline): notes, journey-step changes and
completed actions merged newest first, filtered by kind or person, and limited."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from relwork import clock
from relwork.db import Store
from relwork.enums import InteractionKind, JourneyStep
from relwork.models import ActionItem
from relwork.services.clients import create_client, parse_client
from relwork.services.contacts import create_contact, parse_contact
from relwork.services.journey import move_to_step
from relwork.services.quicknote import NoteToSave, save_note
from relwork.services.timeline import ACTION, STEP, TimelineEntry, timeline

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    clock.freeze(moment)
    try:
        yield
    finally:
        clock.freeze(NOW)


@dataclass
class Portfolio:
    client: int
    other: int
    dana: int
    lee: int
    notes: dict[str, int]
    actions: dict[str, int]


def _note(
    store: Store, client: int, text: str, kind: str, when: datetime, people: list[int]
) -> int:
    return save_note(
        store,
        NoteToSave(
            client_id=client,
            text=text,
            kind=InteractionKind(kind),
            occurred_at=when,
            people=people,
        ),
        author="Sam",
        now=NOW,
    ).note_id


def _action(store: Store, client: int, text: str, owner: str, done: datetime | None) -> int:
    with store.session() as session:
        action = ActionItem(account_id=client, text=text, owner=owner, done_at=done)
        session.add(action)
        session.commit()
        assert action.id is not None
        return action.id


@pytest.fixture
def portfolio(store: Store) -> Portfolio:
    with at(ago(30)), store.session() as session:
        client = create_client(session=session, data=parse_client({"name": "Acme"})).id
        other = create_client(session=session, data=parse_client({"name": "Other"})).id
        dana, lee = (
            create_contact(session=session, client_id=client, data=parse_contact({"name": n})).id
            for n in ("Dana Whitfield", "Lee Park")
        )
    with at(ago(15)), store.session() as session:
        move_to_step(session=session, client_id=client, step=JourneyStep.ENGAGE, note="Keen")
    assert dana is not None and lee is not None
    notes = {
        "call": _note(store, client, "First call\nwith detail", "call", ago(20), [dana]),
        "review": _note(store, client, "Quarterly review", "review", ago(10), [lee]),
        "email": _note(store, client, "Follow-up email", "email", ago(2), [dana, lee]),
        "elsewhere": _note(store, other, "Other client's call", "call", ago(1), []),
    }
    actions = {
        "dana": _action(store, client, "Dana's task", "Dana Whitfield", ago(5)),
        "sam": _action(store, client, "Sam's task", "Sam", ago(1)),
        "open": _action(store, client, "Still open", "Dana Whitfield", None),
        "elsewhere": _action(store, other, "Other client's task", "Sam", ago(3)),
    }
    return Portfolio(client, other, dana, lee, notes, actions)


def _summary(entries: list[TimelineEntry]) -> list[tuple[str, str]]:
    return [(e.kind, e.title) for e in entries]


def test_everything_merged_newest_first(store: Store, portfolio: Portfolio) -> None:
    entries = timeline(store, portfolio.client)
    assert _summary(entries) == [
        (ACTION, "Sam's task"),
        ("email", "Follow-up email"),
        (ACTION, "Dana's task"),
        ("review", "Quarterly review"),
        (STEP, "Moved from Explore to Engage"),
        ("call", "First call"),
        (STEP, "Started at Explore"),
    ]
    assert [e.when for e in entries] == [ago(1), ago(2), ago(5), ago(10), ago(15), ago(20), ago(30)]
    assert all(e.when.tzinfo is not None for e in entries)


def test_entries_carry_their_details(store: Store, portfolio: Portfolio) -> None:
    entries = {(e.kind, e.record_id): e for e in timeline(store, portfolio.client)}
    call = entries[("call", portfolio.notes["call"])]
    assert call.title == "First call"  # the first line
    assert call.body == "First call\nwith detail"
    assert call.people == ["Dana Whitfield"]
    assert call.author == "Sam"
    assert call.kind_label == "Call"
    email = entries[("email", portfolio.notes["email"])]
    assert sorted(email.people) == ["Dana Whitfield", "Lee Park"]
    done = entries[(ACTION, portfolio.actions["dana"])]
    assert (done.title, done.people, done.kind_label) == ("Dana's task", ["Dana Whitfield"], "Done")
    step = next(e for e in entries.values() if e.title == "Moved from Explore to Engage")
    assert (step.body, step.kind_label) == ("Keen", "Step")


def test_other_clients_and_open_actions_stay_out(store: Store, portfolio: Portfolio) -> None:
    titles = [e.title for e in timeline(store, portfolio.client)]
    assert "Other client's call" not in titles
    assert "Other client's task" not in titles
    assert "Still open" not in titles
    assert _summary(timeline(store, portfolio.other)) == [
        ("call", "Other client's call"),
        (ACTION, "Other client's task"),
        (STEP, "Started at Explore"),
    ]


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ({"review"}, ["Quarterly review"]),
        ({"call", "email"}, ["Follow-up email", "First call"]),
        ({STEP}, ["Moved from Explore to Engage", "Started at Explore"]),
        ({ACTION}, ["Sam's task", "Dana's task"]),
        ({"review", ACTION}, ["Sam's task", "Dana's task", "Quarterly review"]),
        ({"visit"}, []),
    ],
)
def test_kind_filter(
    store: Store, portfolio: Portfolio, kinds: set[str], expected: list[str]
) -> None:
    assert [e.title for e in timeline(store, portfolio.client, kinds=kinds)] == expected


def test_person_filter_keeps_their_notes_and_actions(store: Store, portfolio: Portfolio) -> None:
    dana = timeline(store, portfolio.client, person_id=portfolio.dana)
    assert _summary(dana) == [
        ("email", "Follow-up email"),
        (ACTION, "Dana's task"),
        ("call", "First call"),
    ]
    lee = timeline(store, portfolio.client, person_id=portfolio.lee)
    assert _summary(lee) == [("email", "Follow-up email"), ("review", "Quarterly review")]


def test_person_and_kind_filters_combine(store: Store, portfolio: Portfolio) -> None:
    entries = timeline(store, portfolio.client, kinds={"call", STEP}, person_id=portfolio.dana)
    assert _summary(entries) == [("call", "First call")]


def test_owner_matches_the_person_whatever_the_case(store: Store, portfolio: Portfolio) -> None:
    _action(store, portfolio.client, "Lower-case owner", "lee park", ago(4))
    entries = timeline(store, portfolio.client, person_id=portfolio.lee, kinds={ACTION})
    assert [e.title for e in entries] == ["Lower-case owner"]


@pytest.mark.parametrize("limit", [1, 2, 3, 6])
def test_limit_keeps_the_newest(store: Store, portfolio: Portfolio, limit: int) -> None:
    everything = timeline(store, portfolio.client)
    assert timeline(store, portfolio.client, limit=limit) == everything[:limit]


def test_limit_counts_only_the_kinds_asked_for(store: Store, portfolio: Portfolio) -> None:
    """Many recent calls must not push an older review out of '--kind review --limit 2'."""
    for days in range(1, 6):
        _note(
            store,
            portfolio.client,
            f"Recent call {days}",
            "call",
            ago(days) + timedelta(hours=1),
            [],
        )
    entries = timeline(store, portfolio.client, kinds={"review"}, limit=2)
    assert _summary(entries) == [("review", "Quarterly review")]
    calls = timeline(store, portfolio.client, kinds={"call"}, limit=2)
    assert [e.title for e in calls] == ["Recent call 1", "Recent call 2"]


def test_limit_with_a_person(store: Store, portfolio: Portfolio) -> None:
    for days in range(1, 6):
        _note(
            store,
            portfolio.client,
            f"Lee call {days}",
            "call",
            ago(days) + timedelta(hours=1),
            [portfolio.lee],
        )
    entries = timeline(store, portfolio.client, person_id=portfolio.dana, limit=2)
    assert _summary(entries) == [("email", "Follow-up email"), (ACTION, "Dana's task")]


def test_names_with_commas_stay_whole(store: Store, portfolio: Portfolio) -> None:
    with store.session() as session:
        comma = create_contact(
            session=session,
            client_id=portfolio.client,
            data=parse_contact({"name": "Whitfield, Dana Jr."}),
        ).id
    assert comma is not None
    note = _note(store, portfolio.client, "With a comma", "meeting", NOW, [comma, portfolio.lee])
    (entry,) = [e for e in timeline(store, portfolio.client) if e.record_id == note]
    assert sorted(entry.people) == ["Lee Park", "Whitfield, Dana Jr."]


def test_empty_timeline(store: Store) -> None:
    with store.session() as session:
        client = create_client(session=session, data=parse_client({"name": "Fresh"})).id
    assert _summary(timeline(store, client)) == [(STEP, "Started at Explore")]
    assert timeline(store, client, kinds={"call"}) == []
    assert timeline(store, 9999) == []
