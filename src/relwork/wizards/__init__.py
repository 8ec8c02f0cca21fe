"""The wizard engine: question sets as data, which questions are asked, what an answer
must look like, and what a run adds up to.

Nothing here imports Textual or the ORM; the Textual screens, the questionary shell
path and :mod:`relwork.services.wizard_runs` (which stores runs) all build on it.
"""

from __future__ import annotations

from relwork.wizards.answers import (
    answer_label,
    condition_holds,
    is_answered,
    needs_evidence,
    parse_answer,
    validate_answer,
    visible_questions,
)
from relwork.wizards.loader import (
    LoadedSets,
    SetError,
    initial_value,
    load_sets,
    parse_set,
    shipped_dir,
    user_dir,
)
from relwork.wizards.scoring import Gap, RunSummary, band_of, percent, summarize
from relwork.wizards.spec import (
    ANSWER_TYPES,
    STATUS_LABELS,
    STATUS_VALUES,
    AnswerRecord,
    AnswerType,
    Choice,
    Condition,
    GroupField,
    Question,
    QuestionSet,
)

__all__ = [
    "ANSWER_TYPES",
    "STATUS_LABELS",
    "STATUS_VALUES",
    "AnswerRecord",
    "AnswerType",
    "Choice",
    "Condition",
    "Gap",
    "GroupField",
    "LoadedSets",
    "Question",
    "QuestionSet",
    "RunSummary",
    "SetError",
    "answer_label",
    "band_of",
    "condition_holds",
    "initial_value",
    "is_answered",
    "load_sets",
    "needs_evidence",
    "parse_answer",
    "parse_set",
    "percent",
    "shipped_dir",
    "summarize",
    "user_dir",
    "validate_answer",
    "visible_questions",
]
