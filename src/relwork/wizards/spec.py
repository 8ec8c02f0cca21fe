"""What a question set is made of: plain frozen dataclasses, no ORM, no Textual.

A set is data (TOML, see :mod:`relwork.wizards.loader`); these classes are the shape
the loader produces and every other part of the engine reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

AnswerType = Literal[
    "status", "score", "choice", "multi", "text", "long_text", "date", "person", "group"
]
ANSWER_TYPES: tuple[str, ...] = get_args(AnswerType)

Evidence = Literal["required", "optional", "none"]
EVIDENCE_KINDS: tuple[str, ...] = get_args(Evidence)

ResultKind = Literal["assessment", "onboarding_plan", "offboarding_plan"]
RESULT_KINDS: tuple[str, ...] = get_args(ResultKind)

STATUS_VALUES = ("yes", "partial", "no", "unknown", "na")  # na = not applicable
STATUS_LABELS: dict[str, str] = {
    "yes": "Yes",
    "partial": "Partly",
    "no": "No",
    "unknown": "Don't know",
    "na": "Not applicable",
}

EMPHASIS_LEVELS = ("crucial", "moderate", "minor", "n/a")


@dataclass(frozen=True)
class Choice:
    """One option of a choice or multi question (or a grid row or column)."""

    value: str
    label: str


@dataclass(frozen=True)
class Condition:
    """A question is asked only when all its conditions hold.

    Exactly one of ``equals``, ``not_equals``, ``in_`` (TOML key ``in``) and
    ``answered`` is set. ``question`` is the key of an earlier question.
    """

    question: str
    equals: Any = None
    not_equals: Any = None
    in_: tuple[Any, ...] | None = None
    answered: bool | None = None


@dataclass(frozen=True)
class GroupField:
    """A column of a repeated group (its type is never "group")."""

    key: str
    label: str
    type: AnswerType
    required: bool = False
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    type: AnswerType
    help: str = ""
    group: str = ""  # section heading ("Trust", "Leadership")
    required: bool = True
    evidence: Evidence = "none"
    evidence_hint: str = ""
    choices: tuple[Choice, ...] = ()
    default: Any = None
    inverse: bool = False  # score: higher is worse
    weight: float = 1.0
    when: tuple[Condition, ...] = ()
    prefill: str = ""  # group: name of a prefill provider (see hooks)
    fields: tuple[GroupField, ...] = ()  # group only
    grid: tuple[str, str] | None = None  # (row, column) for grid sets
    min: int = 1  # score bounds
    max: int = 5

    def choice_label(self, value: Any) -> str:
        """The label of a choice value (the value itself when it is not a choice)."""
        return next((c.label for c in self.choices if c.value == value), str(value))


@dataclass(frozen=True)
class QuestionSet:
    key: str
    title: str
    description: str
    step: str  # journey step value ("engage", "onboard")
    result: ResultKind
    version: int
    questions: tuple[Question, ...]
    source: str  # the file it came from
    emphasis: dict[str, str] = field(default_factory=dict)
    emphasis_reason: str = ""
    grid_rows: tuple[Choice, ...] = ()
    grid_columns: tuple[Choice, ...] = ()

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    @property
    def is_grid(self) -> bool:
        return bool(self.grid_rows and self.grid_columns)


@dataclass(frozen=True)
class AnswerRecord:
    """An answer as stored: the value (see the contract for its shape per type), the
    evidence that backs it and a free note."""

    value: Any = None
    evidence: str = ""
    note: str = ""
