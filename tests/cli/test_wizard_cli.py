"""``relwork wizard``: listing sets, running one with questionary, resuming, stopping.

The questions are real questionary prompts fed by a prompt_toolkit pipe (keys as a
terminal would send them) and drawn on a DummyOutput; what relwork prints itself is
captured from stdout and stderr.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from relwork import cli, wizard_cli
from relwork.enums import WizardRunStatus
from relwork.models import WizardRun
from relwork.services import wizard_runs as runs
from relwork.wizards import hooks, user_dir

ENTER, DOWN, SPACE, CTRL_C = "\r", "j", " ", "\x03"
COLLAB = "engage.collab_readiness"


@pytest.fixture(autouse=True)
def keep_umask() -> Iterator[None]:
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)


@pytest.fixture
def keys(monkeypatch):
    """Type ``text`` into every prompt of the next command, in order."""
    typed: list[str] = []
    with create_pipe_input() as pipe:

        def make() -> wizard_cli.Prompter:
            pipe.send_text("".join(typed))
            return wizard_cli.Prompter(input=pipe, output=DummyOutput())

        monkeypatch.setattr(wizard_cli, "make_prompter", make)
        yield typed.append


@pytest.fixture
def demo_store(store, monkeypatch):
    """The demo portfolio with only the wizard runs added to it (other areas' demo
    records are theirs to test)."""
    from relwork.services import demo

    monkeypatch.setattr(demo, "DEMO_EXTENSIONS", ["relwork.services.wizard_runs:load_demo_runs"])
    with store.session() as session:
        demo.load_demo(session=session)
    return store


def relwork(store, *args: str) -> int:
    return cli.main(["--db", str(store.path), *args])


def client_id(store, name: str) -> int:
    rows = store.read(
        "SELECT a.id FROM account a JOIN organization o ON o.id = a.organization_id "
        "WHERE o.name = :name",
        {"name": name},
    )
    return int(rows[0]["id"])


def runs_of(store, name: str, set_key: str = COLLAB) -> list[WizardRun]:
    with store.session() as session:
        found = runs.runs_for(session=session, account_id=client_id(store, name))
        return [r for r in found if r.set_key == set_key]


def yes(evidence: str) -> str:
    return ENTER + evidence + ENTER + ENTER  # pick Yes, give evidence, no note


def no(note: str = "") -> str:
    return DOWN + DOWN + ENTER + note + ENTER  # pick No (needs no evidence), note


# --- listing -------------------------------------------------------------------------------


def test_list_shows_each_set_where_it_came_from_and_problems(demo_store, capsys):
    folder = user_dir()
    folder.mkdir(parents=True)
    (folder / "team.toml").write_text(
        textwrap.dedent("""\
            key = "team.check"
            title = "Team check"
            step = "engage"
            [[questions]]
            key = "q1"
            prompt = "Ready?"
            type = "status"
            """)
    )
    (folder / "broken.toml").write_text('key = "b"\ntitle = "B"\nstep = "engage"\nhello = 1\n')
    assert relwork(demo_store, "wizard", "--list") == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["Key", "Title", "Step", "From"]
    collab = next(line for line in lines if line.startswith(COLLAB))
    assert "Readiness for collaboration" in collab and collab.split()[-1] == "shipped"
    team = next(line for line in lines if line.startswith("team.check"))
    assert f"yours ({folder / 'team.toml'})" in team
    assert str(folder) in out, "says where own sets go"
    assert f"{folder / 'broken.toml'}:4: unknown setting 'hello'" in err


def test_wizard_with_no_name_lists_too(demo_store, capsys):
    assert relwork(demo_store, "wizard") == 0
    assert "engage.maturity_4x4" in capsys.readouterr().out


# --- a whole run -----------------------------------------------------------------------------------


def test_a_whole_run_saves_every_answer_and_prints_the_summary(demo_store, keys, capsys):
    keys(ENTER + ENTER + "Trust tool, 1 Nov" + ENTER + ENTER)  # blank evidence is refused first
    keys(DOWN + ENTER + "Map of 3 Nov" + ENTER + "sponsor unsure" + ENTER)  # Partly
    for n in range(3, 7):
        keys(yes(f"doc {n}"))
    keys(no("nobody assigned"))
    assert relwork(demo_store, "wizard", "collab", "--client", "fenm") == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "Readiness for collaboration for Fenmarsh Community Health Trust: 7 questions." in out
    assert "Score 79% · Partly ready · 7 of 7 answered" in out
    assert "Gaps (2)" in out
    assert "rc2  Partly (only partly in place)" in out
    assert "rc7  No (not in place)" in out
    (run,) = runs_of(demo_store, "Fenmarsh Community Health Trust")
    assert run.status == WizardRunStatus.FINISHED
    with demo_store.session() as session:
        answers = runs.answers_of(session=session, run_id=run.id)
    assert answers["rc1"] == runs.AnswerRecord("yes", "Trust tool, 1 Nov", "")
    assert answers["rc2"] == runs.AnswerRecord("partial", "Map of 3 Nov", "sponsor unsure")
    assert answers["rc7"] == runs.AnswerRecord("no", "", "nobody assigned")


def test_the_summary_can_be_json(demo_store, keys, capsys):
    for n in range(1, 8):
        keys(yes(f"doc {n}"))
    assert relwork(demo_store, "wizard", COLLAB, "-c", "Copperleaf", "--json") == 0
    out, err = capsys.readouterr()
    summary = json.loads(out)  # stdout holds the JSON alone; the questions went to stderr
    assert "[7/7] rc7" in err
    assert (summary["set"], summary["client"], summary["band"]) == (
        COLLAB,
        "Copperleaf Home Stores",
        "Ready",
    )
    assert summary["score"] == 1.0 and summary["gaps"] == [] and summary["status"] == "finished"


def test_stopping_keeps_the_answers_and_says_how_to_carry_on(demo_store, keys, capsys):
    keys(yes("Trust tool"))
    keys(CTRL_C)
    assert relwork(demo_store, "wizard", "collab", "-c", "fenmarsh") == 130
    out = capsys.readouterr().out
    assert "Your answers so far are saved" in out
    assert (
        "relwork wizard engage.collab_readiness --client 'Fenmarsh Community Health Trust'" in out
    )
    (run,) = runs_of(demo_store, "Fenmarsh Community Health Trust")
    assert (run.status, run.position) == (WizardRunStatus.IN_PROGRESS, "rc2")
    with demo_store.session() as session:
        assert set(runs.answers_of(session=session, run_id=run.id)) == {"rc1"}


def test_a_resumed_run_asks_only_what_is_left(demo_store, keys, capsys):
    fenmarsh = client_id(demo_store, "Fenmarsh Community Health Trust")
    with demo_store.session() as session:
        run = runs.start_run(session=session, account_id=fenmarsh, set_key=COLLAB)
        for n in (1, 2, 3):
            runs.save_answer(
                session=session,
                run_id=run.id,
                question_key=f"rc{n}",
                value="yes",
                evidence=f"doc {n}",
                position=f"rc{n + 1}",
            )
    for n in (4, 5, 6):
        keys(yes(f"doc {n}"))
    keys(no())
    assert relwork(demo_store, "wizard", "collab", "-c", "fenmarsh") == 0
    out = capsys.readouterr().out
    assert "Carrying on with the unfinished 'Readiness for collaboration'" in out
    assert "(3 answered so far)" in out
    assert "[1/7]" not in out and "[4/7] rc4" in out
    (again,) = runs_of(demo_store, "Fenmarsh Community Health Trust")
    assert again.id == run.id and again.status == WizardRunStatus.FINISHED
    with demo_store.session() as session:
        answers = runs.answers_of(session=session, run_id=run.id)
    assert answers["rc1"].evidence == "doc 1" and answers["rc7"].value == "no"


def test_a_resumed_run_asks_again_for_missing_evidence(demo_store, keys, capsys):
    fenmarsh = client_id(demo_store, "Fenmarsh Community Health Trust")
    with demo_store.session() as session:
        run = runs.start_run(session=session, account_id=fenmarsh, set_key=COLLAB)
        runs.save_answer(
            session=session, run_id=run.id, question_key="rc1", value="yes", position="rc2"
        )
    keys(yes("now with proof"))  # rc1 again: its evidence was missing
    for n in range(2, 8):
        keys(yes(f"doc {n}"))
    assert relwork(demo_store, "wizard", "collab", "-c", "fenmarsh") == 0
    with demo_store.session() as session:
        assert runs.answers_of(session=session, run_id=run.id)["rc1"].evidence == "now with proof"


# --- clients and sets that do not resolve ------------------------------------------------------------


def test_an_ambiguous_client_lists_candidates_and_saves_nothing(demo_store, keys, capsys):
    keys(yes("would be saved"))
    before = demo_store.read("SELECT count(*) AS n FROM wizard_run")[0]["n"]
    assert relwork(demo_store, "wizard", "collab", "--client", "a") == 1
    err = capsys.readouterr().err
    assert err.startswith("relwork: 'a' matches several:")
    assert "Aldermoor County Council" in err and "nothing was saved" in err
    assert demo_store.read("SELECT count(*) AS n FROM wizard_run")[0]["n"] == before
    assert (
        demo_store.read(
            "SELECT count(*) AS n FROM wizard_answer WHERE evidence = 'would be saved'"
        )[0]["n"]
        == 0
    )


def test_an_unknown_client_or_set_is_one_line(demo_store, capsys):
    assert relwork(demo_store, "wizard", "collab", "--client", "zzzz") == 1
    assert capsys.readouterr().err == "relwork: No client matches 'zzzz'. Nothing was saved.\n"
    assert relwork(demo_store, "wizard", "nosuchset", "--client", "tidewell") == 1
    err = capsys.readouterr().err
    assert err == "relwork: There is no question set 'nosuchset'; see relwork wizard --list.\n"
    assert relwork(demo_store, "wizard", "readiness", "--client", "tidewell") == 1
    assert "could be engage.change_readiness, engage.collab_readiness" in capsys.readouterr().err


def test_a_name_without_a_client_says_how(demo_store, capsys):
    assert relwork(demo_store, "wizard", "collab") == 1
    assert "--client" in capsys.readouterr().err


# --- the summary of the newest run -----------------------------------------------------------------


def test_summary_of_a_grid_set_shows_the_grid(demo_store, capsys):
    assert relwork(demo_store, "wizard", "maturity", "-c", "ravensholt", "--summary") == 0
    out = capsys.readouterr().out
    assert "Maturity on both sides (4 x 4) — Ravensholt Precision Castings (finished" in out
    assert "Grid (rows: the client; columns: us; scores 1 to 5)" in out
    grid = out[out.index("Grid") :].splitlines()
    assert grid[1].split() == ["O&P", "VS&P", "I&T", "P&S"]
    assert grid[2].split() == ["Organizations", "&", "people", "4", "4", "3", "2"]
    assert grid[5].split() == ["Partners", "&", "suppliers", "2", "2", "3", "2"]


def test_summary_of_a_run_in_progress(demo_store, capsys):
    assert relwork(demo_store, "wizard", "change", "-c", "alder", "--summary", "--json") == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["status"], summary["answered"], summary["total"]) == ("in_progress", 5, 11)
    assert [g["question"] for g in summary["gaps"]] == ["cr2", "cr4"]


def test_summary_without_a_run(demo_store, capsys):
    assert relwork(demo_store, "wizard", "maturity", "-c", "tidewell", "--summary") == 1
    assert "has no run of" in capsys.readouterr().err


# --- every answer type, groups with prefilled rows ---------------------------------------------------

ALL_TYPES = """\
key = "test.everything"
title = "Everything"
step = "onboard"
result = "assessment"

[[questions]]
key = "size"
prompt = "How big?"
help = "One to five."
type = "score"

[[questions]]
key = "kind"
prompt = "Which kind?"
type = "choice"
choices = [ { value = "new", label = "New" }, { value = "old", label = "Old" } ]

[[questions]]
key = "areas"
prompt = "Which areas?"
type = "multi"
choices = [ { value = "data", label = "Data" }, { value = "people", label = "People" } ]

[[questions]]
key = "old_only"
prompt = "Only for old ones"
type = "text"
when = [ { question = "kind", equals = "old" } ]

[[questions]]
key = "start"
prompt = "Start date?"
type = "date"

[[questions]]
key = "lead"
prompt = "Who leads?"
type = "person"

[[questions]]
key = "actions"
prompt = "What has to happen?"
type = "group"
prefill = "onboarding_actions"
[[questions.fields]]
key = "what"
label = "What"
type = "text"
required = true
[[questions.fields]]
key = "due"
label = "Due"
type = "date"
"""


def suggested(answers: Any, *, today: date) -> list[dict[str, Any]]:
    return [{"what": "Kick-off", "due": today.isoformat()}, {"what": "Train the desk"}]


def test_every_answer_type_and_a_prefilled_group(demo_store, keys, capsys, monkeypatch):
    monkeypatch.setitem(hooks.PREFILL, "onboarding_actions", f"{__name__}:suggested")
    user_dir().mkdir(parents=True)
    (user_dir() / "everything.toml").write_text(ALL_TYPES)
    keys("9" + ENTER + "\x7f" + "4" + ENTER + ENTER)  # a refused 9, then 4; no note
    keys(ENTER + ENTER)  # New (so old_only is not asked); no note
    keys(DOWN + SPACE + ENTER + ENTER)  # tick People; no note
    keys("next week" + ENTER + "\x7f" * 9 + "2026-12-07" + ENTER + ENTER)
    keys(DOWN + ENTER + ENTER)  # the second contact (A to Z); no note
    # the group: two suggested rows; add one, remove the first, keep
    keys(DOWN + ENTER + "Go live" + ENTER + "2027-01-04" + ENTER)
    keys(DOWN + DOWN + DOWN + ENTER + ENTER)  # remove a row -> the first
    keys(ENTER)  # no, keep these rows
    assert relwork(demo_store, "wizard", "test.everything", "-c", "tidewell") == 0
    out = capsys.readouterr().out
    assert "1. What: Kick-off · Due: 2026-11-20" in out, "suggested rows are shown"
    assert "Only for old ones" not in out
    (run,) = runs_of(demo_store, "Tidewell Freight", "test.everything")
    with demo_store.session() as session:
        answers = {k: r.value for k, r in runs.answers_of(session=session, run_id=run.id).items()}
    contacts = demo_store.read(
        "SELECT c.id FROM contact c JOIN account a ON a.organization_id = c.organization_id "
        "WHERE a.id = :id ORDER BY lower(c.name)",
        {"id": client_id(demo_store, "Tidewell Freight")},
    )
    assert answers == {
        "size": 4,
        "kind": "new",
        "areas": ["people"],
        "start": "2026-12-07",
        "lead": contacts[1]["id"],
        "actions": [{"what": "Train the desk"}, {"what": "Go live", "due": "2027-01-04"}],
    }
    assert run.status == WizardRunStatus.FINISHED


# --- staying light --------------------------------------------------------------------------------------


def test_the_wizard_command_does_not_import_textual():
    code = (
        "import sys, relwork.cli, relwork.wizard_cli, relwork.services.wizard_runs\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"


def test_relwork_note_does_not_load_the_wizard_code():
    code = "import sys, relwork.cli\nprint('relwork.wizard_cli' in sys.modules)\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"


def test_a_plan_summary_says_the_plan_is_saved_instead_of_scoring_it():
    from datetime import UTC, datetime

    from relwork.wizards import load_sets, summarize

    qset = load_sets().sets["onboard.plan"]
    run = WizardRun(
        id=3, account_id=1, set_key=qset.key, finished_at=datetime(2026, 11, 20, tzinfo=UTC)
    )
    text = wizard_cli.format_summary(qset, summarize(qset, {}), "Acme", run)
    assert "the onboarding plan is saved" in text
    assert "Score" not in text and "gaps" not in text.lower()
