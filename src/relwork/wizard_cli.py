"""``relwork wizard``: list question sets, or run one for a client in the shell.

The questions are asked with questionary (no Textual). Every answer is saved the
moment it is given, so Ctrl-C leaves a run that the same command picks up again.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from relwork import clock
from relwork.matching import match_name
from relwork.shell import UserError, _pick_client
from relwork.wizards import (
    STATUS_LABELS,
    STATUS_VALUES,
    AnswerRecord,
    GroupField,
    Question,
    QuestionSet,
    RunSummary,
    answer_label,
    initial_value,
    is_answered,
    load_sets,
    parse_answer,
    percent,
    validate_answer,
    visible_questions,
)
from relwork.wizards.answers import needs_evidence, value_problem
from relwork.wizards.hooks import HookError

if TYPE_CHECKING:
    from sqlmodel import Session

    from relwork.db import Store
    from relwork.models import WizardRun

_SKIP = "__skip__"  # questionary takes a None value to mean "use the title"
_KEEP, _ADD, _EDIT, _REMOVE = "keep", "add", "edit", "remove"


class Stopped(Exception):
    """The user pressed Ctrl-C or Ctrl-D at a question."""


class Prompter:
    """The questionary prompts the wizard uses; tests hand in a pipe input."""

    def __init__(self, input: Any = None, output: Any = None) -> None:
        self.io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}

    def _ask(self, question: Any) -> Any:
        try:
            answer = question.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise Stopped from None
        if answer is None:  # questionary's own interrupt handling
            raise Stopped
        return answer

    def select(
        self, message: str, choices: list[tuple[str, str]], default: str | None = None
    ) -> str:
        import questionary

        options = [questionary.Choice(title=title, value=value) for title, value in choices]
        chosen = default if default in {value for _t, value in choices} else None
        return str(self._ask(questionary.select(message, options, default=chosen, **self.io)))

    def checkbox(
        self,
        message: str,
        choices: list[tuple[str, str]],
        checked: list[str],
        validate: Callable[[list[str]], bool | str] | None = None,
    ) -> list[str]:
        import questionary

        options = [
            questionary.Choice(title=title, value=value, checked=value in checked)
            for title, value in choices
        ]
        extra: dict[str, Any] = {"validate": validate} if validate else {}
        return list(self._ask(questionary.checkbox(message, options, **extra, **self.io)))

    def text(
        self,
        message: str,
        default: str = "",
        validate: Callable[[str], bool | str] | None = None,
        instruction: str | None = None,
    ) -> str:
        import questionary

        extra: dict[str, Any] = {"validate": validate} if validate else {}
        if instruction:
            extra["instruction"] = instruction
        return str(self._ask(questionary.text(message, default=default, **extra, **self.io)))


def make_prompter() -> Prompter:
    """The prompter for a real terminal (tests replace this function)."""
    if not sys.stdin.isatty():
        raise UserError(
            "A wizard asks its questions on a terminal; with no terminal, use --summary."
        )
    return Prompter()


# --- entry ----------------------------------------------------------------------------------


def run(args: argparse.Namespace, open_store: Callable[[], Store | None]) -> int:
    try:
        if args.list or not args.name:
            return list_sets()
        loaded = load_sets()
        qset = pick_set(loaded.sets, args.name)
        if not args.client:
            raise UserError(
                f"Say which client with --client NAME (relwork wizard {qset.key} -c …)."
            )
        store = open_store()
        if store is None:
            return 1
        try:
            client_id, client_name = _pick_client(store, args.client)
            if args.summary:
                return show_latest(store, qset, client_id, client_name, as_json=args.json)
            wizard = _Wizard(store, qset, client_id, client_name, make_prompter())
            return wizard.run(as_json=args.json)
        finally:
            store.close()
    except UserError as exc:
        print(f"relwork: {exc}", file=sys.stderr)
        return 1


def pick_set(sets: Mapping[str, QuestionSet], query: str) -> QuestionSet:
    """A set by its key (or a unique part of it), or by its title."""
    if query in sets:
        return sets[query]
    result = match_name(query, [(key, key) for key in sorted(sets)])
    if result.unknown:
        result = match_name(query, [(s.title, s.key) for s in sets.values()])
    if result.chosen is not None:
        return sets[result.chosen.item]
    names = ", ".join(c.item for c in result.candidates)
    if result.unknown:
        raise UserError(f"There is no question set '{query}'; see relwork wizard --list.")
    raise UserError(f"'{query}' could be {names}; type more of it (see relwork wizard --list).")


def list_sets() -> int:
    """Print every usable set, where it came from, and any problems in set files."""
    from relwork.shell import _print_columns
    from relwork.wizards import user_dir

    loaded = load_sets()
    shipped = load_sets(user_sets=False).sets
    rows = []
    for key in sorted(loaded.sets):
        qset = loaded.sets[key]
        if key in shipped and shipped[key].source == qset.source:
            origin = "shipped"
        elif key in shipped:
            origin = f"yours, replaces shipped ({qset.source})"
        else:
            origin = f"yours ({qset.source})"
        rows.append([key, qset.title, qset.step, origin])
    if rows:
        _print_columns(["Key", "Title", "Step", "From"], rows, [26, 32, 8, None])
    else:
        print("No question sets found.")
    print(f"\nYour own sets go in {user_dir()} (one TOML file per set).")
    print("Run one with: relwork wizard KEY --client CLIENT")
    if loaded.problems:
        print("\nProblems (these files were skipped):", file=sys.stderr)
        for problem in loaded.problems:
            print(f"  {problem}", file=sys.stderr)
    return 0


def show_latest(
    store: Store, qset: QuestionSet, client_id: int, client_name: str, *, as_json: bool
) -> int:
    from relwork.services.wizard_runs import answers_of, runs_for, summarize

    with store.session() as session:
        found = [
            r for r in runs_for(session=session, account_id=client_id) if r.set_key == qset.key
        ]
        if not found:
            raise UserError(f"{client_name} has no run of '{qset.title}' yet.")
        run = found[0]
        assert run.id is not None
        summary = summarize(qset, answers_of(session=session, run_id=run.id))
        _print_summary(qset, summary, client_name, run, as_json=as_json)
    return 0


# --- asking ----------------------------------------------------------------------------------


class _Wizard:
    def __init__(
        self, store: Store, qset: QuestionSet, client_id: int, client_name: str, ask: Prompter
    ) -> None:
        from relwork.services.quicknote import contact_choices

        self.store = store
        self.qset = qset
        self.client_id = client_id
        self.client_name = client_name
        self.ask = ask
        self.people = contact_choices(store, client_id)
        self.names = {person_id: name for name, person_id in self.people}
        self.answers: dict[str, AnswerRecord] = {}
        self.done: set[str] = set()
        self.group = ""
        self.out = sys.stdout  # sys.stderr when stdout is kept for JSON

    def _say(self, *text: str) -> None:
        print(*text, file=self.out)

    def run(self, *, as_json: bool) -> int:
        from relwork.config import current_user, load_settings
        from relwork.services import wizard_runs as runs

        if as_json:
            self.out = sys.stderr

        sets = {self.qset.key: self.qset}
        with self.store.session() as session:
            run = runs.unfinished_run(
                session=session, account_id=self.client_id, set_key=self.qset.key
            )
            assert self.qset.questions
            if run is not None:
                assert run.id is not None
                self.answers = runs.answers_of(session=session, run_id=run.id)
                given = sum(1 for r in self.answers.values() if is_answered(r.value))
                self._say(
                    _wrap(
                        f"Carrying on with the unfinished '{self.qset.title}' for "
                        f"{self.client_name}, started "
                        f"{clock.local(_aware(run.started_at)):%Y-%m-%d} ({given} answered so far)."
                    )
                )
            else:
                run = runs.start_run(
                    session=session,
                    account_id=self.client_id,
                    set_key=self.qset.key,
                    author=current_user(load_settings()),
                    sets=sets,
                )
                total = len(visible_questions(self.qset, {}))
                self._say(f"{self.qset.title} for {self.client_name}: {total} questions.")
                if self.qset.description:
                    self._say(_wrap(self.qset.description))
            self._say("Each answer is saved as you go; Ctrl-C stops and keeps them.\n")
            assert run.id is not None
            try:
                self._ask_all(session, run)
                summary = runs.finish_run(session=session, run_id=run.id, sets=sets)
            except Stopped:
                self._say(
                    f"\nStopped. Your answers so far are saved. To carry on, run:\n  {self._again()}"
                )
                return 130
            except runs.WizardIncomplete as exc:
                print("This run cannot be finished yet:", file=sys.stderr)
                for key, message in exc.missing:
                    print(f"  {key}: {message}", file=sys.stderr)
                print(f"Answers are saved; carry on with: {self._again()}", file=sys.stderr)
                return 1
            session.refresh(run)
            self._say()
            _print_summary(self.qset, summary, self.client_name, run, as_json=as_json)
        return 0

    def _again(self) -> str:
        return f"relwork wizard {self.qset.key} --client {_quoted(self.client_name)}"

    def _ask_all(self, session: Session, run: WizardRun) -> None:
        from relwork.services.wizard_runs import save_answer

        assert run.id is not None
        position = run.position
        while (question := self._next(position)) is not None:
            record = self._ask_question(question)
            self.answers[question.key] = record
            self.done.add(question.key)
            keys = [q.key for q in visible_questions(self.qset, self.answers)]
            after = keys[keys.index(question.key) + 1 :] if question.key in keys else []
            position = after[0] if after else question.key
            save_answer(
                session=session,
                run_id=run.id,
                question_key=question.key,
                value=record.value,
                evidence=record.evidence,
                note=record.note,
                position=position,
                sets={self.qset.key: self.qset},
            )

    def _next(self, position: str) -> Question | None:
        """The next question to ask: from the resume point on, each one without a
        usable answer; then any earlier required one still missing."""
        asked = visible_questions(self.qset, self.answers)
        keys = [q.key for q in asked]
        start = keys.index(position) if position in keys else 0
        for index, question in enumerate(asked):
            if question.key in self.done:
                continue
            record = self.answers.get(question.key, AnswerRecord())
            problem = validate_answer(question, record.value, record.evidence)
            if problem or (index >= start and not is_answered(record.value)):
                return question
        return None

    # -- one question ---------------------------------------------------------------------

    def _ask_question(self, question: Question) -> AnswerRecord:
        asked = visible_questions(self.qset, self.answers)
        number = next((i for i, q in enumerate(asked, 1) if q.key == question.key), 0)
        if question.group and question.group != self.group:
            self.group = question.group
            self._say(f"— {question.group} —")
        self._say(f"[{number}/{len(asked)}] {question.key}")
        if question.help:
            self._say(_wrap(question.help, indent="  "))
        before = self.answers.get(question.key, AnswerRecord())
        current = before.value if is_answered(before.value) else None
        if current is None and question.type == "group":
            try:
                current = initial_value(question, _plain(self.answers), today=clock.today())
            except HookError as exc:
                self._say(f"  No suggested rows: {exc}.")
        elif current is None:
            current = question.default
        value = self._value(question, current)
        evidence = self._evidence(question, value, before.evidence)
        note = before.note
        if question.type not in ("group", "text", "long_text"):  # those answers are notes
            note = self.ask.text("Note", default=before.note, instruction="(Enter to skip)")
        return AnswerRecord(value=value, evidence=evidence.strip(), note=note.strip())

    def _value(self, question: Question, current: Any) -> Any:
        kind = question.type
        if kind == "group":
            return self._rows(question, list(current or []))
        return self._field(question, question.prompt, current, question.required)

    def _field(
        self, item: Question | GroupField, message: str, current: Any, required: bool
    ) -> Any:
        kind = item.type
        if kind == "status":
            choices = [(STATUS_LABELS[v], v) for v in STATUS_VALUES]
            return self._pick(message, choices, current, required)
        if kind == "choice":
            return self._pick(
                message, [(c.label, c.value) for c in item.choices], current, required
            )
        if kind == "person":
            if not self.people:
                self._say(
                    f"  {self.client_name} has no contacts to pick from; add them in the app."
                )
                return None
            choices = [(name, str(person_id)) for name, person_id in self.people]
            picked = self._pick(
                message, choices, None if current is None else str(current), required
            )
            return None if picked is None else int(picked)
        if kind == "multi":
            choices = [(c.label, c.value) for c in item.choices]

            def check_multi(values: list[str]) -> bool | str:
                return bool(values) or not required or "Pick at least one (space ticks a choice)"

            return self.ask.checkbox(message, choices, list(current or []), validate=check_multi)
        return self._typed(item, message, current, required)

    def _pick(
        self, message: str, choices: list[tuple[str, str]], current: Any, required: bool
    ) -> str | None:
        if not required:
            choices = [*choices, ("Skip this one", _SKIP)]
        picked = self.ask.select(message, choices, default=current)
        return None if picked == _SKIP else picked

    def _typed(
        self, item: Question | GroupField, message: str, current: Any, required: bool
    ) -> Any:
        hints = {
            "score": f"({item.min} to {item.max}{', higher is worse' if item.inverse else ''})"
            if isinstance(item, Question)
            else "(1 to 5)",
            "date": "(YYYY-MM-DD)",
        }
        instruction = hints.get(item.type, "")
        if not required:
            instruction = f"{instruction} (Enter to skip)".strip()

        def check(text: str) -> bool | str:
            value = parse_answer(item, text)
            if not is_answered(value):
                return not required or _missing_message(item)
            return value_problem(item, value) or True

        text = self.ask.text(
            message,
            default="" if current is None else str(current),
            validate=check,
            instruction=instruction or None,
        )
        return parse_answer(item, text)

    def _evidence(self, question: Question, value: Any, before: str) -> str:
        """Ask for evidence where the set wants it; required evidence cannot be blank."""
        if question.evidence == "none" or question.type == "group" or not is_answered(value):
            return before
        needed = needs_evidence(question, value)
        if question.evidence == "required" and not needed:
            return before  # e.g. a 'no' needs nothing to back it
        if question.evidence_hint:
            self._say(_wrap(f"Evidence to look for: {question.evidence_hint}", indent="  "))

        def check(text: str) -> bool | str:
            if validate_answer(question, value, text) is None:
                return True
            if question.type == "status":
                return "Evidence is required for 'yes' and 'partial': say where it can be checked"
            return "Evidence is required: say where this can be checked"

        return self.ask.text(
            "Evidence: where can this be checked?",
            default=before,
            validate=check,
            instruction=None if needed else "(Enter to skip)",
        )

    # -- repeated groups ------------------------------------------------------------------

    def _rows(self, question: Question, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self._say(f"  {question.prompt}")
        while True:
            self._show_rows(question, rows)
            choices = [
                (f"No, keep {_count(rows)}" if rows else "No, leave it empty", _KEEP),
                ("Yes, add a row", _ADD),
            ]
            if rows:
                choices += [("Change a row", _EDIT), ("Remove a row", _REMOVE)]
            action = self.ask.select("Add another row?", choices, default=_KEEP)
            if action == _KEEP:
                problem = validate_answer(question, rows)
                if problem is None:
                    return rows
                self._say(f"  {problem}")
            elif action == _ADD:
                rows.append(self._row(question, {}))
            else:
                index = self._which_row(question, rows, action)
                if action == _REMOVE:
                    del rows[index]
                else:
                    rows[index] = self._row(question, rows[index])

    def _row(self, question: Question, row: dict[str, Any]) -> dict[str, Any]:
        filled: dict[str, Any] = {}
        for group_field in question.fields:
            value = self._field(
                group_field,
                f"  {group_field.label}",
                row.get(group_field.key),
                group_field.required,
            )
            if is_answered(value):
                filled[group_field.key] = value
        return filled

    def _which_row(self, question: Question, rows: list[dict[str, Any]], action: str) -> int:
        choices = [(self._row_text(question, row), str(i)) for i, row in enumerate(rows)]
        verb = "remove" if action == _REMOVE else "change"
        return int(self.ask.select(f"Which row do you want to {verb}?", choices))

    def _show_rows(self, question: Question, rows: list[dict[str, Any]]) -> None:
        if not rows:
            self._say("  (no rows yet)")
        for number, row in enumerate(rows, start=1):
            self._say(f"  {number}. {self._row_text(question, row)}")

    def _row_text(self, question: Question, row: dict[str, Any]) -> str:
        parts = [
            f"{f.label}: {answer_label(f, row.get(f.key), self.names)}"
            for f in question.fields
            if is_answered(row.get(f.key))
        ]
        return _one_line(" · ".join(parts) or "(empty row)")


# --- summary ------------------------------------------------------------------------------------


def _print_summary(
    qset: QuestionSet, summary: RunSummary, client_name: str, run: WizardRun, *, as_json: bool
) -> None:
    if as_json:
        print(
            json.dumps(summary_json(qset, summary, client_name, run), indent=2, ensure_ascii=False)
        )
    else:
        print(format_summary(qset, summary, client_name, run))


def summary_json(
    qset: QuestionSet, summary: RunSummary, client_name: str, run: WizardRun
) -> dict[str, Any]:
    return {
        "set": qset.key,
        "title": qset.title,
        "client": client_name,
        "run_id": run.id,
        "status": str(run.status),
        "started_at": _aware(run.started_at).isoformat(),
        "finished_at": _aware(run.finished_at).isoformat() if run.finished_at else None,
        "score": None if summary.score is None else round(summary.score, 4),
        "band": summary.band,
        "answered": summary.answered,
        "total": summary.total,
        "by_group": {
            name: None if value is None else round(value, 4)
            for name, value in summary.by_group.items()
        },
        "gaps": [
            {
                "question": gap.question_key,
                "group": gap.group,
                "prompt": gap.prompt,
                "answer": gap.answer_label,
                "reason": gap.reason,
            }
            for gap in summary.gaps
        ],
        "grid": [
            {"row": row, "column": column, "score": value}
            for (row, column), value in summary.grid.items()
        ],
    }


def format_summary(qset: QuestionSet, summary: RunSummary, client_name: str, run: WizardRun) -> str:
    """The summary of a run as plain text: score and band, groups, gaps, grid."""
    state = (
        f"finished {clock.local(_aware(run.finished_at)):%Y-%m-%d}"
        if run.finished_at
        else "in progress"
    )
    lines = [f"{qset.title} — {client_name} ({state})"]
    answered = f"{summary.answered} of {summary.total} answered"
    if qset.result != "assessment" and summary.score is None:
        saved = "saved" if run.finished_at else "saved when the run is finished"
        lines.append(f"{answered} · the {qset.result.replace('_', ' ')} is {saved}")
    else:
        lines.append(f"Score {percent(summary.score)} · {summary.band} · {answered}")
    named = {name: value for name, value in summary.by_group.items() if name}
    if named:
        width = max(len(name) for name in named)
        lines += ["", "By group"]
        lines += [f"  {name.ljust(width)}  {percent(value):>4}" for name, value in named.items()]
    if summary.gaps or qset.result == "assessment":
        lines += ["", f"Gaps ({len(summary.gaps)})" if summary.gaps else "No gaps."]
    for gap in summary.gaps:
        lines.append(f"  {gap.question_key}  {gap.answer_label} ({gap.reason})")
        lines.append(_wrap(gap.prompt, indent="      "))
    if summary.grid:
        lines += ["", *_grid_lines(qset, summary)]
    return "\n".join(lines)


def _grid_lines(qset: QuestionSet, summary: RunSummary) -> list[str]:
    short = [_abbreviation(c.label) for c in qset.grid_columns]
    width = max(len(r.label) for r in qset.grid_rows)
    cell = max(4, *(len(s) for s in short))
    lines = [
        "Grid (rows: the client; columns: us; scores 1 to 5)",
        " " * (width + 2) + "".join(s.rjust(cell + 2) for s in short),
    ]
    for row in qset.grid_rows:
        values = [summary.grid.get((row.value, c.value)) for c in qset.grid_columns]
        shown = "".join(("–" if v is None else str(v)).rjust(cell + 2) for v in values)
        lines.append(f"  {row.label.ljust(width)}{shown}")
    legend = ", ".join(f"{s} = {c.label}" for s, c in zip(short, qset.grid_columns, strict=True))
    lines.append(f"  ({legend})")
    return lines


def _abbreviation(label: str) -> str:
    words = label.replace("&", " & ").split()
    return "".join("&" if w == "&" else w[0].upper() for w in words)


# --- helpers --------------------------------------------------------------------------------------


def _plain(answers: Mapping[str, AnswerRecord]) -> dict[str, Any]:
    return {key: record.value for key, record in answers.items()}


def _missing_message(item: Question | GroupField) -> str:
    if isinstance(item, Question):
        return validate_answer(item, None) or "An answer is required"
    return f"{item.label} is required"


def _count(rows: list[Any]) -> str:
    return "this row" if len(rows) == 1 else f"these {len(rows)} rows"


def _aware(moment: Any) -> Any:
    from datetime import UTC

    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def _quoted(name: str) -> str:
    import shlex

    return shlex.quote(name)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _wrap(text: str, indent: str = "") -> str:
    import textwrap

    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "\n".join(
        textwrap.fill(_one_line(p), width=88, initial_indent=indent, subsequent_indent=indent)
        for p in paragraphs
    )
