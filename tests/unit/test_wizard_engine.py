"""The pure engine: conditions, visible questions, answer checks, scores, bands and gaps."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from typing import Any

import pytest

from relwork.wizards import (
    AnswerRecord,
    Choice,
    Condition,
    GroupField,
    Question,
    QuestionSet,
    answer_label,
    hooks,
    initial_value,
    parse_answer,
    summarize,
    validate_answer,
    visible_questions,
)
from relwork.wizards.scoring import band_of, percent


def make_set(*questions: Question, **extra: Any) -> QuestionSet:
    return QuestionSet(
        key="t.set",
        title="Test set",
        description="",
        step="engage",
        result="assessment",
        version=1,
        questions=questions,
        source="test",
        **extra,
    )


def status(key: str, group: str = "", **extra: Any) -> Question:
    return Question(key=key, prompt=f"{key}?", type="status", group=group, **extra)


def score(key: str, group: str = "", **extra: Any) -> Question:
    return Question(key=key, prompt=f"{key}?", type="score", group=group, **extra)


KIND = Question(
    key="kind",
    prompt="Kind?",
    type="choice",
    choices=(Choice("customer", "Customer"), Choice("user", "User")),
)
TOPICS = Question(
    key="topics",
    prompt="Topics?",
    type="multi",
    choices=(Choice("data", "Data"), Choice("people", "People"), Choice("money", "Money")),
)
ROWS = Question(
    key="rows",
    prompt="Rows?",
    type="group",
    fields=(
        GroupField("what", "What", "text", required=True),
        GroupField("due", "Due", "date"),
        GroupField("size", "Size", "choice", choices=(Choice("s", "Small"), Choice("l", "Large"))),
    ),
)


# --- conditions ----------------------------------------------------------------------------------


def keys(qset: QuestionSet, answers: dict[str, Any]) -> list[str]:
    return [q.key for q in visible_questions(qset, answers)]


def test_equals_and_not_equals():
    qset = make_set(
        KIND,
        status("c", when=(Condition("kind", equals="customer"),)),
        status("u", when=(Condition("kind", not_equals="customer"),)),
    )
    assert keys(qset, {"kind": "customer"}) == ["kind", "c"]
    assert keys(qset, {"kind": "user"}) == ["kind", "u"]
    assert keys(qset, {}) == ["kind"], "nothing to compare with: neither is asked"


def test_in_on_a_single_answer_and_any_overlap_on_a_multi_answer():
    qset = make_set(
        KIND,
        TOPICS,
        status("k", when=(Condition("kind", in_=("customer", "sponsor")),)),
        status("t", when=(Condition("topics", in_=("money", "data")),)),
    )
    assert keys(qset, {"kind": "customer", "topics": ["people", "data"]}) == [
        "kind",
        "topics",
        "k",
        "t",
    ]
    assert keys(qset, {"kind": "user", "topics": ["people"]}) == ["kind", "topics"]
    assert keys(qset, {"topics": []}) == ["kind", "topics"]


def test_equals_on_a_multi_answer_means_it_was_ticked():
    qset = make_set(
        TOPICS,
        status("d", when=(Condition("topics", equals="data"),)),
        status("n", when=(Condition("topics", not_equals="data"),)),
    )
    assert keys(qset, {"topics": ["people", "data"]}) == ["topics", "d"]
    assert keys(qset, {"topics": ["people"]}) == ["topics", "n"]


def test_answered_and_all_conditions_must_hold():
    qset = make_set(
        KIND,
        status("a", when=(Condition("kind", answered=True),)),
        status("b", when=(Condition("kind", answered=False),)),
        status("c", when=(Condition("kind", answered=True), Condition("a", equals="no"))),
    )
    assert keys(qset, {}) == ["kind", "b"]
    assert keys(qset, {"kind": "user"}) == ["kind", "a"]
    assert keys(qset, {"kind": "user", "a": "no"}) == ["kind", "a", "c"]
    assert keys(qset, {"kind": " "}) == ["kind", "b"], "blank text is no answer"


def test_the_answer_of_a_hidden_question_does_not_count():
    qset = make_set(
        KIND,
        status("a", when=(Condition("kind", equals="customer"),)),
        status("b", when=(Condition("a", equals="yes"),)),
    )
    assert keys(qset, {"kind": "customer", "a": "yes"}) == ["kind", "a", "b"]
    # 'a' was answered while it was asked; now it is hidden, so 'b' goes too
    assert keys(qset, {"kind": "user", "a": "yes"}) == ["kind"]


def test_visible_questions_accept_answer_records():
    qset = make_set(KIND, status("c", when=(Condition("kind", equals="customer"),)))
    assert keys(qset, {"kind": AnswerRecord("customer")}) == ["kind", "c"]


# --- validation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        (status("s"), "maybe", "Pick one of: yes, partial, no, unknown, na"),
        (status("s"), None, "Pick one of: yes, partial, no, unknown, na"),
        (score("n"), 6, "A score from 1 to 5"),
        (score("n"), "4", "A score from 1 to 5"),
        (score("n"), True, "A score from 1 to 5"),
        (score("n", min=0, max=10), 11, "A score from 0 to 10"),
        (KIND, "partner", "Pick one of: customer, user"),
        (TOPICS, ["data", "moon"], "Pick any of: data, people, money (each at most once)"),
        (TOPICS, [], "Pick at least one of: data, people, money"),
        (Question(key="d", prompt="When?", type="date"), "5 Dec", "A date like 2026-12-05"),
        (Question(key="d", prompt="When?", type="date"), "2026-02-30", "A date like 2026-12-05"),
        (Question(key="t", prompt="Why?", type="text"), "  ", "An answer is required"),
        (Question(key="p", prompt="Who?", type="person"), "Dana", "Pick a person"),
        (ROWS, [], "Add at least one row"),
        (ROWS, [{"due": "2026-12-01"}], "Row 1: What is required"),
        (ROWS, [{"what": "a"}, {"what": "b", "due": "soon"}], "Row 2, Due: A date like"),
        (ROWS, [{"what": "a", "size": "xl"}], "Row 1, Size: Pick one of: s, l"),
        (ROWS, [{"what": "a", "colour": "red"}], "Row 1 has an unknown field 'colour'"),
    ],
)
def test_a_bad_answer_says_what_to_fix(question, value, message):
    problem = validate_answer(question, value)
    assert problem is not None and problem.startswith(message), problem


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (status("s"), "na"),
        (score("n"), 1),
        (KIND, "user"),
        (TOPICS, ["money"]),
        (Question(key="d", prompt="When?", type="date"), "2026-12-05"),
        (Question(key="p", prompt="Who?", type="person"), 12),
        (ROWS, [{"what": "Train the desk", "due": "2026-12-01", "size": "s"}]),
        (status("s", required=False), None),
        (Question(key="t", prompt="Why?", type="text", required=False), ""),
    ],
)
def test_a_good_answer_passes(question, value):
    assert validate_answer(question, value) is None


def test_required_evidence_is_needed_for_yes_and_partial_only():
    checked = status("rc1", evidence="required", evidence_hint="the trust tool")
    for value in ("yes", "partial"):
        assert validate_answer(checked, value) == (
            "Evidence is required for 'yes' and 'partial': say where it can be checked "
            "(the trust tool)"
        )
        assert validate_answer(checked, value, "   ") is not None
        assert validate_answer(checked, value, "Trust tool, 1 Nov") is None
    for value in ("no", "unknown", "na"):
        assert validate_answer(checked, value) is None


def test_optional_evidence_is_never_demanded():
    assert validate_answer(status("cr1", evidence="optional"), "yes") is None


def test_typed_answers_are_parsed_for_checking():
    assert parse_answer(score("n"), " 4 ") == 4
    assert parse_answer(score("n"), "four") == "four"
    assert validate_answer(score("n"), parse_answer(score("n"), "four")) == "A score from 1 to 5"
    assert parse_answer(TOPICS, "data, money") == ["data", "money"]
    assert parse_answer(status("s"), "  ") is None


def test_answer_labels():
    assert answer_label(status("s"), "partial") == "Partly"
    assert answer_label(score("n"), 2) == "2 of 5"
    assert answer_label(KIND, "user") == "User"
    assert answer_label(TOPICS, ["data", "money"]) == "Data, Money"
    assert answer_label(ROWS, [{"what": "x"}]) == "1 row"
    assert answer_label(Question(key="p", prompt="Who?", type="person"), 7, {7: "Dana"}) == "Dana"
    assert answer_label(status("s"), None) == "–"


# --- scoring ---------------------------------------------------------------------------------------------


def records(**values: Any) -> dict[str, AnswerRecord]:
    return {k: v if isinstance(v, AnswerRecord) else AnswerRecord(v) for k, v in values.items()}


def test_status_points_and_unknown_and_na_left_out():
    qset = make_set(status("a"), status("b"), status("c"), status("d"), status("e"))
    summary = summarize(qset, records(a="yes", b="partial", c="no", d="unknown", e="na"))
    assert summary.score == pytest.approx(0.5)  # (1 + 0.5 + 0) / 3, not / 5
    assert summary.band == "Partly ready"
    assert (summary.answered, summary.total) == (5, 5)


def test_scores_are_normalised_and_inverse_flips():
    qset = make_set(score("up"), score("down", inverse=True), score("wide", min=0, max=10))
    summary = summarize(qset, records(up=4, down=4, wide=10))
    # up: 3/4 = 0.75; down: 1 - 0.75 = 0.25; wide: 1.0
    assert summary.score == pytest.approx((0.75 + 0.25 + 1.0) / 3)


def test_weights_apply():
    qset = make_set(status("a", weight=3), status("b"), status("c", weight=0))
    assert summarize(qset, records(a="yes", b="no", c="no")).score == pytest.approx(0.75)


def test_groups_are_scored_separately():
    qset = make_set(status("a", "Trust"), status("b", "Trust"), status("c", "Ground"))
    summary = summarize(qset, records(a="yes", b="no", c="unknown"))
    assert summary.by_group == {"Trust": 0.5, "Ground": None}


def test_nothing_scorable_is_not_assessed():
    qset = make_set(status("a"), KIND)
    summary = summarize(qset, records(a="na", kind="user"))
    assert (summary.score, summary.band) == (None, "Not assessed")
    assert summarize(qset, {}).answered == 0


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (None, "Not assessed"),
        (0.0, "Not ready"),
        (0.49, "Not ready"),
        (0.5, "Partly ready"),
        (0.79, "Partly ready"),
        (0.8, "Ready"),
        (1.0, "Ready"),
    ],
)
def test_bands(value, band):
    assert band_of(value) == band


def test_hidden_questions_do_not_count():
    qset = make_set(KIND, status("c", when=(Condition("kind", equals="customer"),)))
    summary = summarize(qset, records(kind="user", c="no"))
    assert summary.total == 1 and summary.gaps == [] and summary.score is None


def test_gaps():
    qset = make_set(
        status("yes_ok", "G"),
        status("partly", "G"),
        status("no", "G"),
        status("dunno", "G"),
        status("na", "G"),
        score("low"),
        score("mid"),
        score("worse", inverse=True),
        score("fine", inverse=True),
        status("proof", evidence="required"),
        status("proof_no", evidence="required"),
    )
    summary = summarize(
        qset,
        records(
            yes_ok="yes",
            partly="partial",
            no="no",
            dunno="unknown",
            na="na",
            low=2,
            mid=3,
            worse=4,
            fine=2,
            proof=AnswerRecord("yes", evidence=" "),
            proof_no=AnswerRecord("no"),
        ),
    )
    found = {g.question_key: (g.answer_label, g.reason) for g in summary.gaps}
    assert found == {
        "partly": ("Partly", "only partly in place"),
        "no": ("No", "not in place"),
        "dunno": ("Don't know", "nobody knows yet"),
        "low": ("2 of 5", "low"),
        "worse": ("4 of 5", "high, and higher is worse"),
        "proof": ("Yes", "no evidence given"),
        "proof_no": ("No", "not in place"),
    }
    assert summary.gaps[0].group == "G" and summary.gaps[0].prompt == "partly?"


def test_a_partial_without_required_evidence_is_one_gap_with_both_reasons():
    qset = make_set(status("rc5", evidence="required"))
    (gap,) = summarize(qset, records(rc5="partial")).gaps
    assert gap.reason == "only partly in place; no evidence given"


def test_grid_cells_are_filled_from_score_answers():
    rows = (Choice("a", "A"), Choice("b", "B"))
    qset = make_set(
        score("aa", grid=("a", "a")),
        score("ab", grid=("a", "b")),
        score("ba", grid=("b", "a")),
        grid_rows=rows,
        grid_columns=rows,
    )
    summary = summarize(qset, records(aa=4, ab=1))
    assert summary.grid == {("a", "a"): 4, ("a", "b"): 1, ("b", "a"): None, ("b", "b"): None}
    assert summarize(make_set(score("x")), records(x=3)).grid == {}


def test_percent():
    assert (percent(None), percent(0.785), percent(1.0)) == ("–", "79%", "100%")


PREFILL_CALLS: list[Any] = []


def suggest_rows(answers: Any, *, today: date) -> list[dict[str, Any]]:
    PREFILL_CALLS.append((dict(answers), today))
    return [{"what": "Kick-off"}]


def test_a_prefilled_group_starts_with_the_providers_rows(monkeypatch):
    PREFILL_CALLS.clear()
    monkeypatch.setitem(hooks.PREFILL, "onboarding_actions", f"{__name__}:suggest_rows")
    grouped = Question(
        key="rows", prompt="Rows?", type="group", prefill="onboarding_actions", fields=ROWS.fields
    )
    rows = initial_value(grouped, {"kind": "new"}, today=date(2026, 11, 20))
    assert rows == [{"what": "Kick-off"}]
    assert [({"kind": "new"}, date(2026, 11, 20))] == PREFILL_CALLS
    assert initial_value(score("n", default=3), {}, today=date(2026, 11, 20)) == 3


def test_the_engine_imports_neither_textual_nor_the_orm():
    code = (
        "import sys, relwork.wizards, relwork.wizards.hooks\n"
        "print(sorted(m for m in ('textual', 'sqlalchemy', 'sqlmodel') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
