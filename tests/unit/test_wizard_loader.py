"""Loading question sets: shipped and user files, and every problem with file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from relwork.enums import FourDimension
from relwork.locations import config_dir, shipped_data_dir
from relwork.wizards import SetError, load_sets, parse_set, user_dir
from relwork.wizards.hooks import PREFILL

SHIPPED = sorted((shipped_data_dir() / "wizards").glob("*.toml"))

HEADER = """\
key = "team.check"
title = "Team check"
description = "A small set for tests."
step = "engage"
result = "assessment"
version = 1
"""

GOOD = (
    HEADER
    + """
[[questions]]
key = "kind"
prompt = "Which kind?"
help = "Pick one."
type = "choice"
choices = [ { value = "a", label = "A" }, { value = "b", label = "B" } ]

[[questions]]
key = "ready"
prompt = "Ready?"
type = "status"
evidence = "required"
when = [ { question = "kind", equals = "a" } ]
"""
)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(text: str) -> list[str]:
    with pytest.raises(SetError) as caught:
        parse_set(text, source="acme.toml")
    return caught.value.problems


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


# --- shipped sets ----------------------------------------------------------------------------


def test_every_shipped_set_loads_without_problems():
    loaded = load_sets()
    assert loaded.problems == []
    assert {p.stem for p in SHIPPED} <= set(loaded.sets)
    for name in ("engage.collab_readiness", "engage.change_readiness", "engage.maturity_4x4"):
        assert name in loaded.sets


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_question_has_a_prompt_and_help(path: Path):
    qset = parse_set(path.read_text("utf-8"), source=str(path))
    assert qset.key == path.stem, "the file is named after its set's key"
    assert qset.title and qset.description
    assert [q.key for q in qset.questions if not q.prompt.strip()] == []
    assert [q.key for q in qset.questions if not q.help.strip()] == [], "questions without help"
    no_hint = [q.key for q in qset.questions if q.evidence == "required" and not q.evidence_hint]
    assert no_hint == [], "required evidence should say where to look"


def test_collaboration_readiness_is_seven_status_checks_with_required_evidence():
    qset = load_sets().sets["engage.collab_readiness"]
    assert [q.key for q in qset.questions] == [f"rc{n}" for n in range(1, 8)]
    assert {q.type for q in qset.questions} == {"status"}
    assert {q.evidence for q in qset.questions} == {"required"}
    assert qset.emphasis == {"basic": "n/a", "cooperative": "moderate", "partnership": "crucial"}


def test_change_readiness_has_eleven_items_under_four_attributes_two_inverse():
    qset = load_sets().sets["engage.change_readiness"]
    assert [q.key for q in qset.questions] == [f"cr{n}" for n in range(1, 12)]
    assert len({q.group for q in qset.questions}) == 4
    inverse = [q.key for q in qset.questions if q.inverse]
    assert inverse == ["cr8", "cr10"]
    assert all(q.type == "score" for q in qset.questions if q.inverse)
    others = [q for q in qset.questions if not q.inverse]
    assert {(q.type, q.evidence) for q in others} == {("status", "optional")}
    assert qset.emphasis == {"basic": "n/a", "cooperative": "moderate", "partnership": "crucial"}


def test_maturity_grid_has_one_score_per_cell_of_the_four_dimensions():
    qset = load_sets().sets["engage.maturity_4x4"]
    dimensions = [d.value for d in FourDimension]
    assert [r.value for r in qset.grid_rows] == dimensions
    assert [c.value for c in qset.grid_columns] == dimensions
    cells = [q.grid for q in qset.questions]
    assert len(qset.questions) == 16 and {q.type for q in qset.questions} == {"score"}
    assert sorted(cells) == sorted((r, c) for r in dimensions for c in dimensions)  # type: ignore[type-var]
    assert qset.emphasis == {"basic": "crucial", "cooperative": "moderate", "partnership": "minor"}


# --- user sets ----------------------------------------------------------------------------------


def test_user_sets_live_in_the_config_folder():
    assert user_dir() == config_dir() / "wizards"
    write(user_dir(), "team.toml", GOOD)
    assert "team.check" in load_sets().sets


def test_a_user_set_adds_to_the_shipped_ones(tmp_path):
    write(tmp_path, "team.toml", GOOD)
    loaded = load_sets(tmp_path)
    assert loaded.problems == []
    assert loaded.sets["team.check"].source == str(tmp_path / "team.toml")
    assert "engage.collab_readiness" in loaded.sets


def test_a_user_set_with_a_shipped_key_replaces_it(tmp_path):
    write(tmp_path, "mine.toml", GOOD.replace('"team.check"', '"engage.collab_readiness"'))
    qset = load_sets(tmp_path).sets["engage.collab_readiness"]
    assert qset.title == "Team check"
    assert qset.source == str(tmp_path / "mine.toml")


def test_a_changed_file_is_read_again(tmp_path):
    write(tmp_path, "team.toml", GOOD)
    assert load_sets(tmp_path).sets["team.check"].title == "Team check"
    write(tmp_path, "team.toml", GOOD.replace("Team check", "Crew check"))
    assert load_sets(tmp_path).sets["team.check"].title == "Crew check"


def test_a_broken_file_is_reported_and_the_others_still_load(tmp_path):
    write(tmp_path, "team.toml", GOOD)
    write(tmp_path, "broken.toml", 'key = "x"\ntitle = "unfinished\n')
    loaded = load_sets(tmp_path)
    assert "team.check" in loaded.sets and "engage.maturity_4x4" in loaded.sets
    assert len(loaded.problems) == 1
    assert loaded.problems[0].startswith(f"{tmp_path / 'broken.toml'}:2: not valid TOML")


def test_two_user_files_with_one_key_keep_the_first(tmp_path):
    write(tmp_path, "a.toml", GOOD)
    write(tmp_path, "b.toml", GOOD.replace("Team check", "Other"))
    loaded = load_sets(tmp_path)
    assert loaded.sets["team.check"].title == "Team check"
    assert loaded.problems == [
        f"{tmp_path / 'b.toml'}:1: key 'team.check' is already used by "
        f"{tmp_path / 'a.toml'}; this file is skipped"
    ]


def test_the_key_defaults_to_the_file_name(tmp_path):
    write(tmp_path, "crew.toml", GOOD.replace('key = "team.check"\n', ""))
    assert "crew" in load_sets(tmp_path).sets


# --- problems, each with its line ---------------------------------------------------------------


def question(body: str, extra: str = "") -> str:
    return HEADER + extra + "\n[[questions]]\n" + textwrap.dedent(body)


CASES = [
    (
        question('key = "q1"\nprompt = "Ready?"\ntype = "stauts"\n'),
        'type = "stauts"',
        "question 'q1': answer type is 'stauts'; use one of: status, score, choice",
    ),
    (
        question('key = "q1"\ntype = "status"\n'),
        'key = "q1"',
        "question 'q1': 'prompt' is missing",
    ),
    (
        question('key = "q1"\nprompt = "A?"\ntype = "status"\n')
        + '\n[[questions]]\nkey = "q1"\nprompt = "B?"\ntype = "status"\n',
        None,  # the second key line
        "question 'q1': this key is used by an earlier question",
    ),
    (
        question(
            'key = "q1"\nprompt = "A?"\ntype = "status"\nwhen = [ { question = "nope", equals = "yes" } ]\n'
        ),
        "when = ",
        "condition points at 'nope', which is no question",
    ),
    (
        question(
            'key = "q1"\nprompt = "A?"\ntype = "status"\nwhen = [ { question = "q2", equals = "yes" } ]\n'
        )
        + '\n[[questions]]\nkey = "q2"\nprompt = "B?"\ntype = "status"\n',
        "when = ",
        "condition points at 'q2', which is a later question",
    ),
    (
        question('key = "q1"\nprompt = "A?"\ntype = "status"\n')
        + '\n[[questions]]\nkey = "q2"\nprompt = "B?"\ntype = "text"\n'
        + 'when = [ { question = "q1", in = ["no", "partly"] } ]\n',
        "when = ",
        "condition on 'q1' compares with 'partly', which it cannot be (use yes, partial, no",
    ),
    (
        question('key = "q1"\nprompt = "Which?"\ntype = "choice"\n'),
        'type = "choice"',
        "question 'q1': a choice question needs 'choices'",
    ),
    (
        question('key = "q1"\nprompt = "Which?"\ntype = "multi"\nchoices = []\n'),
        "choices = []",
        "question 'q1': a multi question needs at least one choice",
    ),
    (
        question('key = "q1"\nprompt = "Rows?"\ntype = "group"\n'),
        'type = "group"',
        "question 'q1': a group question needs [[questions.fields]]",
    ),
    (
        question(
            'key = "q1"\nprompt = "How ready?"\ntype = "score"\ngrid = ["organizations_people", "moon"]\n',
            extra='grid_rows = [ { value = "organizations_people", label = "O&P" } ]\n'
            'grid_columns = [ { value = "partners_suppliers", label = "P&S" } ]\n',
        ),
        "grid = [",
        "grid cell outside the grid: column 'moon' is not in grid_columns (partners_suppliers)",
    ),
    (
        question('key = "q1"\nprompt = "A?"\ntype = "status"\nevidance = "required"\n'),
        "evidance",
        "question 'q1': unknown setting 'evidance'",
    ),
    (
        question('key = "q1"\nprompt = "A?"\ntype = "status"\n').replace(
            "version = 1", 'version = 1\ncolour = "red"'
        ),
        'colour = "red"',
        "unknown setting 'colour'",
    ),
    (
        question('key = "q1"\nprompt = "A?"\ntype = "status"\nevidence = "always"\n'),
        'evidence = "always"',
        "'evidence' must be one of: required, optional, none",
    ),
    (
        question('key = "q1"\nprompt = "How bad?"\ntype = "status"\ninverse = true\n'),
        "inverse = true",
        "'inverse' only applies to score questions",
    ),
    (
        question('key = "q1"\nprompt = "A?"\ntype = "score"\ndefault = 9\n'),
        "default = 9",
        "'default' does not fit the answer type: A score from 1 to 5",
    ),
    (
        question('key = "q1"\nprompt = "A?"\ntype = "status"\n').replace(
            'step = "engage"', 'step = "explroe"'
        ),
        'step = "explroe"',
        "'step' must be one of: explore, engage",
    ),
    (
        question('key = "q1"\nprompt = "A?"\ntype = "status"\n').replace(
            "version = 1", 'version = 1\nemphasis = { basic = "vital" }'
        ),
        "emphasis = ",
        "'emphasis' basic is 'vital'; use one of: crucial, moderate, minor, n/a",
    ),
    (
        question('key = "q1"\nprompt = "A?"\ntype = "group"\nprefill = "magic"\n')
        + '[[questions.fields]]\nkey = "what"\nlabel = "What"\n',
        'prefill = "magic"',
        "'prefill' must name a provider for a group question",
    ),
]


@pytest.mark.parametrize(("text", "at", "expected"), CASES, ids=[c[2][:40] for c in CASES])
def test_each_problem_names_the_file_the_line_and_the_fix(text, at, expected):
    problems = problems_of(text)
    line = line_of(text, at) if at else len(text.splitlines()) - 2
    assert any(p.startswith(f"acme.toml:{line}: ") and expected in p for p in problems), problems


def test_a_group_field_problem_points_at_the_field():
    text = question(
        'key = "q1"\nprompt = "Rows?"\ntype = "group"\n'
        '[[questions.fields]]\nkey = "what"\nlabel = "What"\ntype = "text"\n'
        '[[questions.fields]]\nkey = "kind"\nlabel = "Kind"\ntype = "choice"\n'
        '[[questions.fields]]\nkey = "size"\nlabel = "Size"\ntype = "group"\n'
    )
    problems = problems_of(text)
    kind, size = line_of(text, 'key = "kind"'), line_of(text, 'key = "size"')
    assert problems == [
        f"acme.toml:{kind}: question 'q1': field 'kind': a choice field needs 'choices'",
        f"acme.toml:{size}: question 'q1': field 'size': "
        "type 'group' cannot be used; use status, score, choice, multi, text, long_text, "
        "date, person",
    ]


def test_a_set_without_questions_or_title_is_refused():
    problems = problems_of('key = "empty"\nstep = "engage"\n')
    assert "acme.toml:1: 'title' is missing (it must be some text)" in problems
    assert any("has no [[questions]]" in p for p in problems)


def test_all_problems_of_a_file_are_reported_at_once():
    text = question('key = "q1"\nprompt = "A?"\ntype = "stauts"\n') + (
        '\n[[questions]]\nkey = "q2"\ntype = "status"\n'
    )
    problems = problems_of(text)
    assert len(problems) == 2
    assert "q1" in problems[0] and "q2" in problems[1]


def test_a_good_set_reads_every_setting():
    text = question(
        'key = "q1"\nprompt = "Rows?"\nhelp = "Some rows."\ngroup = "Plan"\ntype = "group"\n'
        f'prefill = "{next(iter(PREFILL))}"\nrequired = false\n'
        '[[questions.fields]]\nkey = "what"\nlabel = "What"\ntype = "text"\nrequired = true\n'
        '[[questions.fields]]\nkey = "size"\nlabel = "Size"\ntype = "choice"\n'
        'choices = ["small", { value = "big", label = "Big one" }]\n'
    ) + (
        '\n[[questions]]\nkey = "q2"\nprompt = "How bad?"\ntype = "score"\ninverse = true\n'
        'weight = 2\nmin = 0\nmax = 10\ndefault = 3\nevidence = "optional"\n'
        'when = [ { question = "q1", answered = true } ]\n'
        '\n[[questions]]\nkey = "q3"\nprompt = "Which?"\ntype = "multi"\n'
        'choices = [ { value = "x", label = "X" } ]\nwhen = { question = "q2", in = [1, 2] }\n'
    )
    qset = parse_set(text, source="acme.toml")
    q1, q2, q3 = qset.questions
    assert (q1.group, q1.required, q1.prefill) == ("Plan", False, next(iter(PREFILL)))
    assert [(f.key, f.required) for f in q1.fields] == [("what", True), ("size", False)]
    assert [(c.value, c.label) for c in q1.fields[1].choices] == [
        ("small", "small"),
        ("big", "Big one"),
    ]
    assert (q2.inverse, q2.weight, q2.min, q2.max, q2.default) == (True, 2.0, 0, 10, 3)
    assert q2.when[0].answered is True
    assert q3.when[0].in_ == (1, 2)
    assert qset.result == "assessment" and qset.version == 1 and qset.source == "acme.toml"
