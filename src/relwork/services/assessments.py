"""Which Engage assessments a client needs, and the newest run of each.

How much an assessment matters depends on the relationship type (DOMAIN §2.2 item
10): each Engage question set declares an ``emphasis`` per type (crucial, moderate,
minor or n/a) and the reason behind it. The type that counts is the one the
relationship is heading for: the account's ``target_type`` when one is set, otherwise
its ``current_type`` (:func:`type_for_assessments`), because the checks prepare the
relationship for what it is meant to become.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from relwork.enums import RelationshipType
from relwork.wizards import QuestionSet

if TYPE_CHECKING:
    from sqlmodel import Session

    from relwork.models import Account, WizardRun

EMPHASIS_ORDER = ("crucial", "moderate", "minor", "n/a")
_WORDS = {
    "crucial": "Crucial",
    "moderate": "Worth doing",
    "minor": "Of minor importance",
}


@dataclass(frozen=True)
class OfferedAssessment:
    set_key: str
    title: str
    emphasis: str  # crucial, moderate, minor or n/a
    reason: str


def type_for_assessments(account: Account) -> str:
    """The relationship type whose emphasis applies: target type, else current type."""
    chosen = account.target_type or account.current_type
    return RelationshipType(chosen).value


def offered_assessments(
    sets: Mapping[str, QuestionSet], relationship_type: str
) -> list[OfferedAssessment]:
    """The Engage sets that declare an emphasis, most important first (crucial,
    moderate, minor, then n/a; A to Z by title within each), each with the reason it
    matters, or does not, for ``relationship_type``."""
    kind = RelationshipType(relationship_type)
    offered: list[OfferedAssessment] = []
    for qset in sets.values():
        if qset.step != "engage" or not qset.emphasis:
            continue
        emphasis = qset.emphasis.get(kind.value, "n/a")
        offered.append(
            OfferedAssessment(
                set_key=qset.key,
                title=qset.title,
                emphasis=emphasis,
                reason=_reason(qset, kind, emphasis),
            )
        )
    offered.sort(key=lambda o: (EMPHASIS_ORDER.index(o.emphasis), o.title.casefold()))
    return offered


def _reason(qset: QuestionSet, kind: RelationshipType, emphasis: str) -> str:
    relationship = {
        RelationshipType.BASIC: "a basic relationship",
        RelationshipType.COOPERATIVE: "a cooperative relationship",
        RelationshipType.PARTNERSHIP: "a partnership",
    }[kind]
    if emphasis == "n/a":
        head = f"Not needed for {relationship}."
    else:
        head = f"{_WORDS[emphasis]} for {relationship}."
    return f"{head} {qset.emphasis_reason}".strip()


def latest_runs(*, session: Session, account_id: int) -> dict[str, WizardRun]:
    """The newest run of each question set for the client, finished or not."""
    from relwork.services.wizard_runs import runs_for

    newest: dict[str, WizardRun] = {}
    for run in runs_for(session=session, account_id=account_id):
        newest.setdefault(run.set_key, run)  # runs_for lists newest first
    return newest
