"""Scores, bands and gaps of a run, computed from its answers (never stored).

**Rule.** Status answers count yes = 1, partial = 0.5, no = 0; *unknown* and *n/a*
are left out (never counted as zero). A score answer counts (s - min) / (max - min),
flipped (1 - x) when the question is ``inverse`` (higher is worse). The set score and
each group score are weighted means of what counts, between 0 and 1. Band: under 0.5
"Not ready", under 0.8 "Partly ready", otherwise "Ready"; with nothing to count,
"Not assessed".

**Gaps.** A status answer no, partial or unknown; a score at or below min + 1 (2 on
the usual 1..5), or at or above max - 1 when inverse; an answer that needs evidence
and has none. Only questions that are asked count; one gap per question.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from relwork.wizards.answers import answer_label, is_answered, needs_evidence, visible_questions
from relwork.wizards.spec import AnswerRecord, Question, QuestionSet

STATUS_POINTS = {"yes": 1.0, "partial": 0.5, "no": 0.0}  # unknown and na are left out

NOT_READY = "Not ready"
PARTLY_READY = "Partly ready"
READY = "Ready"
NOT_ASSESSED = "Not assessed"

_GAP_REASONS = {
    "no": "not in place",
    "partial": "only partly in place",
    "unknown": "nobody knows yet",
}


@dataclass(frozen=True)
class Gap:
    """A question whose answer shows something to work on."""

    question_key: str
    prompt: str
    group: str
    answer_label: str
    reason: str


@dataclass(frozen=True)
class RunSummary:
    score: float | None  # 0..1
    band: str
    by_group: dict[str, float | None]
    gaps: list[Gap]
    grid: dict[tuple[str, str], int | None] = field(default_factory=dict)
    answered: int = 0
    total: int = 0


def band_of(score: float | None) -> str:
    if score is None:
        return NOT_ASSESSED
    if score < 0.5:
        return NOT_READY
    if score < 0.8:
        return PARTLY_READY
    return READY


def points(question: Question, value: Any) -> float | None:
    """What an answer counts for on the 0..1 scale; None when it does not count."""
    if question.type == "status":
        return STATUS_POINTS.get(value)
    if question.type == "score" and isinstance(value, int) and not isinstance(value, bool):
        span = question.max - question.min
        if span <= 0 or not question.min <= value <= question.max:
            return None
        share = (value - question.min) / span
        return 1.0 - share if question.inverse else share
    return None


def gap_reason(question: Question, record: AnswerRecord) -> str | None:
    """Why the answer is a gap, or None when it is not one."""
    reasons: list[str] = []
    value = record.value
    if question.type == "status" and value in _GAP_REASONS:
        reasons.append(_GAP_REASONS[value])
    elif question.type == "score" and isinstance(value, int) and not isinstance(value, bool):
        if question.inverse and value >= question.max - 1:
            reasons.append("high, and higher is worse")
        elif not question.inverse and value <= question.min + 1:
            reasons.append("low")
    if needs_evidence(question, value) and not record.evidence.strip():
        reasons.append("no evidence given")
    return "; ".join(reasons) or None


def summarize(qset: QuestionSet, answers: Mapping[str, AnswerRecord]) -> RunSummary:
    """Score, band, group scores, gaps and grid of ``answers`` to ``qset`` (pure)."""
    records = {
        k: v if isinstance(v, AnswerRecord) else AnswerRecord(value=v) for k, v in answers.items()
    }
    asked = visible_questions(qset, records)
    overall: list[tuple[float, float]] = []
    groups: dict[str, list[tuple[float, float]]] = {}
    gaps: list[Gap] = []
    answered = 0
    for question in asked:
        record = records.get(question.key, AnswerRecord())
        if question.type in ("status", "score"):
            groups.setdefault(question.group, [])
        if not is_answered(record.value):
            continue
        answered += 1
        counted = points(question, record.value)
        if counted is not None and question.weight > 0:
            overall.append((counted, question.weight))
            groups[question.group].append((counted, question.weight))
        reason = gap_reason(question, record)
        if reason:
            gaps.append(
                Gap(
                    question_key=question.key,
                    prompt=question.prompt,
                    group=question.group,
                    answer_label=answer_label(question, record.value),
                    reason=reason,
                )
            )
    score = _weighted(overall)
    return RunSummary(
        score=score,
        band=band_of(score),
        by_group={name: _weighted(found) for name, found in groups.items()},
        gaps=gaps,
        grid=_grid(qset, asked, records),
        answered=answered,
        total=len(asked),
    )


def _weighted(found: list[tuple[float, float]]) -> float | None:
    total = sum(weight for _value, weight in found)
    if not found or total <= 0:
        return None
    return sum(value * weight for value, weight in found) / total


def _grid(
    qset: QuestionSet, asked: list[Question], records: Mapping[str, AnswerRecord]
) -> dict[tuple[str, str], int | None]:
    if not qset.is_grid:
        return {}
    cells: dict[tuple[str, str], int | None] = {
        (row.value, column.value): None for row in qset.grid_rows for column in qset.grid_columns
    }
    for question in asked:
        value = records.get(question.key, AnswerRecord()).value
        if question.grid is not None and isinstance(value, int) and not isinstance(value, bool):
            cells[question.grid] = value
    return cells


def percent(score: float | None) -> str:
    """A 0..1 score as a whole percentage, rounded half up ("79%"); an en dash when
    there is none."""
    return "–" if score is None else f"{math.floor(score * 100 + 0.5)}%"
