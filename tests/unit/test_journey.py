"""Journey step moves: dated, any step may follow any other, same step records nothing."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise, permutations

from sqlmodel import func, select

from relwork import clock
from relwork.db import Store
from relwork.enums import JourneyStep
from relwork.models import JourneyStepChange
from relwork.services.clients import create_client, get_client, parse_client
from relwork.services.journey import move_to_step, step_guides, step_history


def _client(store: Store, step: str = "explore") -> int:
    with store.session() as session:
        data = parse_client({"name": "Acme", "current_step": step})
        return create_client(session=session, data=data).id


def _changes(store: Store) -> int:
    with store.session() as session:
        return session.exec(select(func.count()).select_from(JourneyStepChange)).one()


def test_move_records_from_to_date_author_and_note(store: Store) -> None:
    client_id = _client(store)
    moment = clock.now() + timedelta(days=2, hours=3)
    clock.freeze(moment)
    with store.session() as session:
        change = move_to_step(
            session=session,
            client_id=client_id,
            step=JourneyStep.AGREE,
            note="  Signed the SLA.\x1b[0m\r\n",
            author="Sam",
        )
    assert change is not None
    with store.session() as session:
        latest = step_history(session=session, client_id=client_id)[0]
        assert latest.from_step == JourneyStep.EXPLORE
        assert latest.to_step == JourneyStep.AGREE
        assert latest.changed_at == moment
        assert latest.author == "Sam"
        assert latest.note == "Signed the SLA.[0m"
        account = get_client(session=session, client_id=client_id).account
        assert account.current_step == JourneyStep.AGREE
        assert account.updated_at == moment


def test_moving_to_the_current_step_records_nothing(store: Store) -> None:
    client_id = _client(store, "offer")
    before = _changes(store)
    with store.session() as session:
        assert move_to_step(session=session, client_id=client_id, step=JourneyStep.OFFER) is None
    assert _changes(store) == before
    with store.session() as session:
        assert get_client(session=session, client_id=client_id).account.current_step == "offer"


def test_any_step_may_follow_any_other(store: Store) -> None:
    client_id = _client(store)
    pairs = list(permutations(JourneyStep, 2))
    assert len(pairs) == 42
    with store.session() as session:
        for before, after in pairs:
            move_to_step(session=session, client_id=client_id, step=before)
            change = move_to_step(session=session, client_id=client_id, step=after)
            assert change is not None, f"{before} -> {after} was not recorded"
            assert (change.from_step, change.to_step) == (before, after)
            assert get_client(session=session, client_id=client_id).account.current_step == after


def test_history_is_newest_first_and_chains(store: Store) -> None:
    client_id = _client(store)
    route = [JourneyStep.ENGAGE, JourneyStep.OFFER, JourneyStep.ENGAGE, JourneyStep.REALIZE]
    start = clock.now()
    for days, step in enumerate(route, start=1):
        clock.freeze(start + timedelta(days=days))
        with store.session() as session:
            move_to_step(session=session, client_id=client_id, step=step)
    with store.session() as session:
        history = step_history(session=session, client_id=client_id)
    assert [h.to_step for h in history] == [*reversed(route), JourneyStep.EXPLORE]
    assert [h.changed_at for h in history] == sorted((h.changed_at for h in history), reverse=True)
    # each change starts where the previous one ended
    oldest_first = list(reversed(history))
    for earlier, later in pairwise(oldest_first):
        assert later.from_step == earlier.to_step


def test_history_with_equal_timestamps_keeps_entry_order(store: Store) -> None:
    client_id = _client(store)  # the clock is frozen: every change has the same moment
    with store.session() as session:
        for step in (JourneyStep.ENGAGE, JourneyStep.OFFER, JourneyStep.AGREE):
            move_to_step(session=session, client_id=client_id, step=step)
        history = step_history(session=session, client_id=client_id)
    assert [h.to_step for h in history] == ["agree", "offer", "engage", "explore"]


def test_history_belongs_to_one_client(store: Store) -> None:
    first = _client(store)
    with store.session() as session:
        second = create_client(session=session, data=parse_client({"name": "Other"})).id
        move_to_step(session=session, client_id=second, step=JourneyStep.REALIZE)
        assert len(step_history(session=session, client_id=first)) == 1
        assert len(step_history(session=session, client_id=second)) == 2


def test_step_guides_cover_every_step() -> None:
    guides = step_guides()
    assert list(guides) == list(JourneyStep)
    for step, guide in guides.items():
        assert guide.step is step
        assert guide.purpose.strip()
        assert guide.questions and all(q.strip() for q in guide.questions)
        assert guide.move_on_when and all(m.strip() for m in guide.move_on_when)


def test_steps_are_numbered_one_to_seven_with_labels() -> None:
    assert [s.number for s in JourneyStep] == [1, 2, 3, 4, 5, 6, 7]
    assert JourneyStep.CO_CREATE.label == "Co-create"
    assert JourneyStep.EXPLORE.label == "Explore"
