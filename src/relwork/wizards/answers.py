"""Which questions are asked, whether an answer is acceptable, and how it reads.

**Conditions.** A question with ``when`` conditions is asked only when every one holds.
Questions are considered in set order, so the answer of a question that is itself not
asked counts as missing. For a missing answer only ``answered = false`` holds;
``equals``, ``not_equals`` and ``in`` need an answer to compare with. On a multi
answer (a list), ``equals`` holds when the list contains the value, ``not_equals``
when it does not, and ``in`` when the two lists share any value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from relwork.wizards.spec import (
    STATUS_LABELS,
    STATUS_VALUES,
    AnswerRecord,
    Choice,
    Condition,
    GroupField,
    Question,
    QuestionSet,
)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EVIDENCE_FOR = ("yes", "partial")  # status answers that need evidence when it is required


def is_answered(value: Any) -> bool:
    """False for no answer at all: None, blank text or an empty list."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return bool(value)
    return True


def plain_values(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answer values by key, whether given plain or as :class:`AnswerRecord`."""
    return {k: v.value if isinstance(v, AnswerRecord) else v for k, v in answers.items()}


def condition_holds(condition: Condition, value: Any) -> bool:
    """Whether ``condition`` holds for ``value``, the answer of its question (None when
    that question is unanswered or not asked)."""
    answered = is_answered(value)
    if condition.answered is not None:
        return answered == condition.answered
    if not answered:
        return False
    many = isinstance(value, list | tuple)
    if condition.in_ is not None:
        if many:
            return any(v in condition.in_ for v in value)
        return value in condition.in_
    if condition.not_equals is not None:
        return condition.not_equals not in value if many else value != condition.not_equals
    return condition.equals in value if many else value == condition.equals


def visible_questions(qset: QuestionSet, answers: Mapping[str, Any]) -> list[Question]:
    """The questions of ``qset`` that are asked, given the answers so far, in set order."""
    values = plain_values(answers)
    asked: list[Question] = []
    seen: dict[str, Any] = {}
    for question in qset.questions:
        if all(condition_holds(c, seen.get(c.question)) for c in question.when):
            asked.append(question)
            seen[question.key] = values.get(question.key)
    return asked


def needs_evidence(question: Question, value: Any) -> bool:
    """Whether ``value`` must come with evidence: a 'yes' or 'partial' to a status
    question with required evidence, or any answer to another such question."""
    if question.evidence != "required" or not is_answered(value):
        return False
    return value in EVIDENCE_FOR if question.type == "status" else True


# --- validation ---------------------------------------------------------------------------


def validate_answer(question: Question, value: Any, evidence: str = "") -> str | None:
    """None when ``value`` (with ``evidence``) is an acceptable answer to ``question``;
    otherwise a message that says what to fix."""
    if not is_answered(value):
        return _missing(question) if question.required else None
    if question.type == "group":
        problem = _group_problem(question, value)
    else:
        problem = value_problem(question, value)
    if problem:
        return problem
    if needs_evidence(question, value) and not evidence.strip():
        hint = f" ({question.evidence_hint})" if question.evidence_hint else ""
        if question.type == "status":
            return (
                "Evidence is required for 'yes' and 'partial': say where it can be checked" + hint
            )
        return "Evidence is required: say where this can be checked" + hint
    return None


def value_problem(item: Question | GroupField, value: Any) -> str | None:
    """What is wrong with the shape of a non-empty ``value`` for ``item``'s type."""
    kind = item.type
    if kind == "status":
        return None if value in STATUS_VALUES else f"Pick one of: {', '.join(STATUS_VALUES)}"
    if kind == "score":
        low, high = _bounds(item)
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return None if ok else f"A score from {low} to {high}"
    if kind == "choice":
        values = [c.value for c in item.choices]
        return None if value in values else f"Pick one of: {', '.join(values)}"
    if kind == "multi":
        values = [c.value for c in item.choices]
        ok = isinstance(value, list | tuple) and all(v in values for v in value)
        if ok and len(set(value)) == len(value):
            return None
        return f"Pick any of: {', '.join(values)} (each at most once)"
    if kind in ("text", "long_text"):
        return None if isinstance(value, str) else "Write the answer as text"
    if kind == "date":
        return None if _is_date(value) else "A date like 2026-12-05"
    if kind == "person":
        ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
        return None if ok else "Pick a person from the client's contacts"
    if kind == "group" and isinstance(item, Question):
        return _group_problem(item, value)
    return f"Cannot check an answer of type '{kind}'"


def _missing(question: Question) -> str:
    kind = question.type
    if kind == "status":
        return f"Pick one of: {', '.join(STATUS_VALUES)}"
    if kind == "score":
        return f"A score from {question.min} to {question.max}"
    if kind == "choice":
        return f"Pick one of: {', '.join(c.value for c in question.choices)}"
    if kind == "multi":
        return f"Pick at least one of: {', '.join(c.value for c in question.choices)}"
    if kind == "date":
        return "A date like 2026-12-05"
    if kind == "person":
        return "Pick a person from the client's contacts"
    if kind == "group":
        return "Add at least one row"
    return "An answer is required: write something"


def _group_problem(question: Question, value: Any) -> str | None:
    if not isinstance(value, list | tuple) or not all(isinstance(r, dict) for r in value):
        return "Rows must be a list of entries"
    known = {f.key: f for f in question.fields}
    for number, row in enumerate(value, start=1):
        unknown = sorted(set(row) - set(known))
        if unknown:
            return f"Row {number} has an unknown field '{unknown[0]}'"
        for group_field in question.fields:
            cell = row.get(group_field.key)
            if not is_answered(cell):
                if group_field.required:
                    return f"Row {number}: {group_field.label} is required"
                continue
            problem = value_problem(group_field, cell)
            if problem:
                return f"Row {number}, {group_field.label}: {problem}"
    return None


def _bounds(item: Question | GroupField) -> tuple[int, int]:
    if isinstance(item, Question):
        return item.min, item.max
    return 1, 5


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


# --- typed-in answers and labels -------------------------------------------------------------


def parse_answer(item: Question | GroupField, text: str) -> Any:
    """The stored value for ``text`` typed in for ``item`` (score and person become
    int, multi a list split on commas); None for blank text. The result still needs
    :func:`validate_answer`: text that is no number stays text, so the check says why."""
    text = text.strip()
    if not text:
        return [] if item.type in ("multi", "group") else None
    if item.type in ("score", "person"):
        try:
            return int(text)
        except ValueError:
            return text
    if item.type == "multi":
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def answer_label(
    item: Question | GroupField, value: Any, people: Mapping[int, str] | None = None
) -> str:
    """A short human reading of a stored value ("Partly", "4 of 5", "2 rows")."""
    if not is_answered(value):
        return "–"
    if item.type == "status":
        return STATUS_LABELS.get(value, str(value))
    if item.type == "score":
        high = item.max if isinstance(item, Question) else 5
        return f"{value} of {high}"
    if item.type == "choice":
        return _label_of(item.choices, value)
    if item.type == "multi" and isinstance(value, Sequence):
        return ", ".join(_label_of(item.choices, v) for v in value)
    if item.type == "person":
        return (people or {}).get(value, f"contact #{value}")
    if item.type == "group" and isinstance(value, list):
        return "1 row" if len(value) == 1 else f"{len(value)} rows"
    return str(value)


def _label_of(choices: Sequence[Choice], value: Any) -> str:
    return next((c.label for c in choices if c.value == value), str(value))
