"""Moving a client along the seven-step journey, and what each step already knows."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from sqlmodel import Session, col, select

from relwork import clock
from relwork.enums import JourneyStep
from relwork.locations import shipped_data_dir
from relwork.models import JourneyStepChange
from relwork.services.clients import get_client
from relwork.text import clean


def move_to_step(
    *, session: Session, client_id: int, step: JourneyStep, note: str = "", author: str = ""
) -> JourneyStepChange | None:
    """Record that the client is now at ``step``; ``None`` if it was there already.

    Journeys are not linear: any step may follow any other.
    """
    client = get_client(session=session, client_id=client_id)
    before = JourneyStep(client.account.current_step)
    if before == step:
        return None
    change = JourneyStepChange(
        account_id=client_id,
        from_step=before,
        to_step=step,
        changed_at=clock.now(),
        author=author,
        note=clean(note).strip(),
    )
    client.account.current_step = step
    client.account.updated_at = clock.now()
    session.add(client.account)
    session.add(change)
    session.commit()
    return change


def step_history(*, session: Session, client_id: int) -> list[JourneyStepChange]:
    """Every recorded step change of the client, newest first."""
    return list(
        session.exec(
            select(JourneyStepChange)
            .where(JourneyStepChange.account_id == client_id)
            .order_by(col(JourneyStepChange.changed_at).desc(), col(JourneyStepChange.id).desc())
        ).all()
    )


@dataclass(frozen=True)
class StepGuide:
    """Shipped guidance for one step: why it matters, what to find out, when to move on."""

    step: JourneyStep
    purpose: str
    questions: tuple[str, ...]
    move_on_when: tuple[str, ...]


@cache
def step_guides() -> dict[JourneyStep, StepGuide]:
    raw = tomllib.loads((shipped_data_dir() / "journey.toml").read_text(encoding="utf-8"))
    guides = {}
    for step in JourneyStep:
        entry = raw["step"][step.value]
        guides[step] = StepGuide(
            step=step,
            purpose=entry["purpose"],
            questions=tuple(entry["questions"]),
            move_on_when=tuple(entry["move_on_when"]),
        )
    return guides
