"""Read question sets from TOML: the shipped ones and the user's own.

Shipped sets live in ``data/wizards/``; a user or organisation adds sets as
``<config folder>/wizards/*.toml`` (see :func:`relwork.locations.config_dir`), and a
set there with the key of a shipped set replaces it. A file with anything wrong in it
is skipped as a whole and every problem is reported as ``"<file>:<line>: <what is
wrong>"``; the other sets still load. TOML syntax errors carry the parser's line;
for other problems the line is that of the setting at fault, or of the question's
``key = "…"``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from relwork.enums import JourneyStep, RelationshipType
from relwork.locations import config_dir, shipped_data_dir
from relwork.text import clean, clean_line
from relwork.wizards import hooks
from relwork.wizards.answers import validate_answer
from relwork.wizards.spec import (
    ANSWER_TYPES,
    EMPHASIS_LEVELS,
    EVIDENCE_KINDS,
    RESULT_KINDS,
    STATUS_VALUES,
    AnswerType,
    Choice,
    Condition,
    Evidence,
    GroupField,
    Question,
    QuestionSet,
    ResultKind,
)

KEY_MAX = 80  # wizard_run.set_key and wizard_answer.question_key
_KEY = re.compile(r"^[A-Za-z0-9_.-]+$")
_SET_FIELDS = (
    "key", "title", "description", "step", "result", "version", "emphasis",
    "emphasis_reason", "grid_rows", "grid_columns", "questions",
)  # fmt: skip
_QUESTION_FIELDS = (
    "key", "prompt", "type", "help", "group", "required", "evidence", "evidence_hint",
    "choices", "default", "inverse", "weight", "when", "prefill", "fields", "grid",
    "min", "max",
)  # fmt: skip
_FIELD_FIELDS = ("key", "label", "type", "required", "choices")
_CONDITION_TESTS = ("equals", "not_equals", "in", "answered")
_STEPS = tuple(step.value for step in JourneyStep)
_TYPES = tuple(kind.value for kind in RelationshipType)


@dataclass(frozen=True)
class LoadedSets:
    """Every usable set by key, and the problems found in the files."""

    sets: dict[str, QuestionSet]
    problems: list[str] = field(default_factory=list)


class SetError(ValueError):
    """A set file cannot be used; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def shipped_dir() -> Path:
    return shipped_data_dir() / "wizards"


def user_dir() -> Path:
    """Where a user's or organisation's own sets go."""
    return config_dir() / "wizards"


# parsed files by (path, text): a file is parsed again only when its text changed
_parsed: dict[tuple[str, str], QuestionSet | SetError] = {}


def load_sets(extra_dir: Path | None = None, *, user_sets: bool = True) -> LoadedSets:
    """The shipped sets, then those in ``extra_dir`` (default: :func:`user_dir`),
    which add sets or replace a shipped set with the same key. ``user_sets=False``
    loads the shipped sets alone (the demo uses that).
    """
    folders = [shipped_dir()]
    if user_sets:
        folders.append(extra_dir if extra_dir is not None else user_dir())
    sets: dict[str, QuestionSet] = {}
    problems: list[str] = []
    for folder in folders:
        try:
            paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError as exc:
            problems.append(f"{folder}: cannot be read ({exc.strerror or exc})")
            continue
        found: dict[str, QuestionSet] = {}
        for path in paths:
            try:
                text = path.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = getattr(exc, "strerror", None) or "not UTF-8 text"
                problems.append(f"{path}: cannot be read ({reason})")
                continue
            parsed = _parse_file(path, text)
            if isinstance(parsed, SetError):
                problems.extend(parsed.problems)
                continue
            if parsed.key in found:
                problems.append(
                    f"{path}:{_Lines(text).setting('key') or 1}: key '{parsed.key}' is already "
                    f"used by {found[parsed.key].source}; this file is skipped"
                )
                continue
            found[parsed.key] = parsed
        sets.update(found)
    return LoadedSets(sets, problems)


def _parse_file(path: Path, text: str) -> QuestionSet | SetError:
    cache_key = (str(path), text)
    if cache_key not in _parsed:
        if len(_parsed) > 200:
            _parsed.clear()
        try:
            _parsed[cache_key] = parse_set(text, source=str(path), default_key=path.stem)
        except SetError as exc:
            _parsed[cache_key] = exc
    return _parsed[cache_key]


def parse_set(text: str, *, source: str, default_key: str = "") -> QuestionSet:
    """A :class:`QuestionSet` from TOML ``text``; raises :class:`SetError` listing every
    problem as ``"<source>:<line>: <message>"``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_in_message(str(exc)) or 1
        raise SetError(
            [f"{source}:{line}: not valid TOML ({_without_position(str(exc))})"]
        ) from None
    return _SetReader(text, source).read(data, default_key)


def initial_value(question: Question, answers: dict[str, Any], *, today: Any) -> Any:
    """What a question shows before it is answered: a group's prefilled rows (from its
    provider), otherwise the question's default."""
    if question.type == "group" and question.prefill:
        return hooks.prefill_rows(question.prefill, answers, today=today)
    return question.default


# --- reading one file -------------------------------------------------------------------------


class _Lines:
    """Finds the line (1-based) a setting was written on."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers = [
            i for i, line in enumerate(self.lines) if re.match(r"^\s*\[\[\s*questions\s*\]\]", line)
        ]
        first_table = next(
            (i for i, line in enumerate(self.lines) if re.match(r"^\s*\[", line)), len(self.lines)
        )
        self.top_end = first_table

    def find(self, name: str, start: int = 0, end: int | None = None, value: Any = None) -> int:
        pattern = rf"^\s*[\"']?{re.escape(name)}[\"']?\s*="
        if value is not None:
            pattern += rf"\s*[\"']{re.escape(str(value))}[\"']"
        stop = len(self.lines) if end is None else end
        for i in range(start, stop):
            if re.match(pattern, self.lines[i]):
                return i + 1
        return 0

    def setting(self, name: str) -> int:
        return self.find(name, 0, self.top_end) or self._table(name)

    def _table(self, name: str) -> int:
        for i, line in enumerate(self.lines):
            if re.match(rf"^\s*\[\[?\s*{re.escape(name)}\s*\]\]?", line):
                return i + 1
        return 0

    def block(self, index: int, count: int) -> tuple[int, int]:
        """The lines of question ``index`` (when every question has its own header)."""
        if len(self.headers) != count:
            return 0, len(self.lines)
        start = self.headers[index]
        end = self.headers[index + 1] if index + 1 < count else len(self.lines)
        return start, end


class _SetReader:
    def __init__(self, text: str, source: str) -> None:
        self.lines = _Lines(text)
        self.source = source
        self.problems: list[str] = []
        self.all_keys: set[Any] = set()
        self.parsed: dict[str, Question] = {}  # the questions read so far, by key

    def report(self, line: int, message: str) -> None:
        self.problems.append(f"{self.source}:{line or 1}: {message}")

    # -- the set ---------------------------------------------------------------------------

    def read(self, data: dict[str, Any], default_key: str) -> QuestionSet:
        for name in sorted(set(data) - set(_SET_FIELDS)):
            self.report(
                self.lines.setting(name),
                f"unknown setting '{name}' (known: {', '.join(_SET_FIELDS)})",
            )
        key = data.get("key", default_key)
        if not isinstance(key, str) or not _KEY.match(key) or len(key) > KEY_MAX:
            self.report(
                self.lines.setting("key"),
                f"'key' must be a short name of letters, digits, '_', '-' or '.' "
                f"(at most {KEY_MAX} characters)",
            )
            key = default_key
        title = self.text(data, "title", required=True)
        description = self.text(data, "description", long=True)
        step = data.get("step")
        if step not in _STEPS:
            self.report(self.lines.setting("step"), f"'step' must be one of: {', '.join(_STEPS)}")
        result = data.get("result", "assessment")
        if result not in RESULT_KINDS:
            self.report(
                self.lines.setting("result"), f"'result' must be one of: {', '.join(RESULT_KINDS)}"
            )
        version = data.get("version", 1)
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            self.report(
                self.lines.setting("version"), "'version' must be a whole number, 1 or more"
            )
            version = 1
        emphasis = self.emphasis(data.get("emphasis", {}))
        reason = self.text(data, "emphasis_reason", long=True)
        rows = self.choices(data.get("grid_rows", []), "grid_rows", self.lines.setting("grid_rows"))
        columns = self.choices(
            data.get("grid_columns", []), "grid_columns", self.lines.setting("grid_columns")
        )
        if bool(rows) != bool(columns):
            self.report(
                self.lines.setting("grid_rows" if rows else "grid_columns"),
                "a grid needs both 'grid_rows' and 'grid_columns'",
            )
        questions = self.questions(data.get("questions"), rows, columns)
        if self.problems:
            raise SetError(self.problems)
        return QuestionSet(
            key=key,
            title=title,
            description=description,
            step=cast(str, step),
            result=cast(ResultKind, result),
            version=version,
            questions=tuple(questions),
            source=self.source,
            emphasis=emphasis,
            emphasis_reason=reason,
            grid_rows=tuple(rows),
            grid_columns=tuple(columns),
        )

    def text(
        self,
        data: dict[str, Any],
        name: str,
        *,
        required: bool = False,
        long: bool = False,
        line: int = 0,
        where: str = "",
    ) -> str:
        value = data.get(name, "")
        at = line or self.lines.setting(name)
        if not isinstance(value, str):
            self.report(at, f"{where}'{name}' must be text")
            return ""
        value = clean(value).strip() if long else clean_line(value)
        if required and not value:
            self.report(at, f"{where}'{name}' is missing (it must be some text)")
        return value

    def emphasis(self, raw: Any) -> dict[str, str]:
        at = self.lines.setting("emphasis")
        if not isinstance(raw, dict):
            self.report(at, "'emphasis' must be a table like { basic = \"crucial\", … }")
            return {}
        found: dict[str, str] = {}
        for name, level in raw.items():
            if name not in _TYPES:
                self.report(at, f"'emphasis' has '{name}'; use {', '.join(_TYPES)}")
            elif level not in EMPHASIS_LEVELS:
                self.report(
                    at, f"'emphasis' {name} is '{level}'; use one of: {', '.join(EMPHASIS_LEVELS)}"
                )
            else:
                found[name] = level
        return found

    def choices(self, raw: Any, name: str, line: int, where: str = "") -> list[Choice]:
        if not isinstance(raw, list):
            self.report(line, f"{where}'{name}' must be a list of {{ value = …, label = … }}")
            return []
        found: list[Choice] = []
        for entry in raw:
            if isinstance(entry, str) and entry.strip():
                found.append(Choice(entry.strip(), entry.strip()))
                continue
            if not isinstance(entry, dict) or not isinstance(entry.get("value"), str):
                self.report(line, f"{where}each of '{name}' needs a text 'value' (and a 'label')")
                continue
            unknown = sorted(set(entry) - {"value", "label"})
            if unknown:
                self.report(line, f"{where}'{name}' has unknown '{unknown[0]}' (use value, label)")
            label = entry.get("label", entry["value"])
            if not isinstance(label, str) or not clean_line(label):
                self.report(line, f"{where}'{name}' entry '{entry['value']}' needs a text label")
                continue
            found.append(Choice(clean_line(entry["value"]), clean_line(label)))
        values = [c.value for c in found]
        for value in sorted({v for v in values if values.count(v) > 1}):
            self.report(line, f"{where}'{name}' lists '{value}' more than once")
        return found

    # -- questions -------------------------------------------------------------------------

    def questions(self, raw: Any, rows: list[Choice], columns: list[Choice]) -> list[Question]:
        if not raw:
            self.report(
                self.lines.setting("questions"),
                "has no [[questions]] (each needs key, prompt and type)",
            )
            return []
        if not isinstance(raw, list):
            self.report(self.lines.setting("questions"), "write questions as [[questions]] tables")
            return []
        found: list[Question] = []
        keys: list[str] = []
        cells: dict[tuple[str, str], str] = {}
        self.all_keys = {e.get("key") for e in raw if isinstance(e, dict)}
        for index, entry in enumerate(raw):
            start, end = self.lines.block(index, len(raw))
            reader = _QuestionReader(self, index, start, end)
            question = reader.read(entry, keys, rows, columns, cells)
            if question is not None:
                found.append(question)
                self.parsed[question.key] = question
        return found


class _QuestionReader:
    """Reads one [[questions]] table, reporting problems on the right lines."""

    def __init__(self, owner: _SetReader, index: int, start: int, end: int) -> None:
        self.owner = owner
        self.lines = owner.lines
        self.index = index
        self.start, self.end = start, end
        self.key = ""
        self.where = f"question {index + 1}: "

    def line(self, name: str = "key") -> int:
        found = self.lines.find(name, self.start, self.end)
        if not found and self.key:
            found = self.lines.find("key", self.start, self.end, value=self.key)
        return found or self.start + 1

    def report(self, name: str, message: str) -> None:
        self.owner.report(self.line(name), self.where + message)

    def read(
        self,
        entry: Any,
        keys: list[str],
        rows: list[Choice],
        columns: list[Choice],
        cells: dict[tuple[str, str], str],
    ) -> Question | None:
        if not isinstance(entry, dict):
            self.owner.report(self.start + 1, f"{self.where}write it as a [[questions]] table")
            return None
        before = len(self.owner.problems)
        key = entry.get("key")
        if not isinstance(key, str) or not _KEY.match(key) or len(key) > KEY_MAX:
            self.report("key", "needs a 'key' of letters, digits, '_', '-' or '.'")
            key = ""
        else:
            self.key = key
            self.where = f"question '{key}': "
            if key in keys:
                self.report("key", "this key is used by an earlier question (keys must be unique)")
        keys.append(key)
        for name in sorted(set(entry) - set(_QUESTION_FIELDS)):
            self.report(name, f"unknown setting '{name}' (known: {', '.join(_QUESTION_FIELDS)})")
        prompt = self.owner.text(
            entry, "prompt", required=True, line=self.line("prompt"), where=self.where
        )
        kind = entry.get("type")
        if kind not in ANSWER_TYPES:
            shown = "missing" if kind is None else f"'{kind}'"
            self.report("type", f"answer type is {shown}; use one of: {', '.join(ANSWER_TYPES)}")
            kind = "text"
        help_text = self.owner.text(
            entry, "help", long=True, line=self.line("help"), where=self.where
        )
        group = self.owner.text(entry, "group", line=self.line("group"), where=self.where)
        hint = self.owner.text(
            entry, "evidence_hint", long=True, line=self.line("evidence_hint"), where=self.where
        )
        required = self.flag(entry, "required", True)
        inverse = self.flag(entry, "inverse", False)
        evidence = entry.get("evidence", "none")
        if evidence not in EVIDENCE_KINDS:
            self.report("evidence", f"'evidence' must be one of: {', '.join(EVIDENCE_KINDS)}")
            evidence = "none"
        choices = self.owner.choices(
            entry.get("choices", []), "choices", self.line("choices"), self.where
        )
        self.check_kind(kind, entry, choices, evidence, inverse)
        low, high = self.bounds(entry, kind)
        weight = entry.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            self.report("weight", "'weight' must be a number, 0 or more")
            weight = 1.0
        when = self.conditions(entry.get("when", []), keys[:-1])
        prefill = entry.get("prefill", "")
        if prefill and (kind != "group" or prefill not in hooks.PREFILL):
            known = ", ".join(sorted(hooks.PREFILL))
            self.report("prefill", f"'prefill' must name a provider for a group question ({known})")
        fields = self.fields(entry.get("fields"), kind)
        grid = self.grid(entry.get("grid"), rows, columns, cells)
        if len(self.owner.problems) > before:
            return None
        question = Question(
            key=key,
            prompt=prompt,
            type=cast(AnswerType, kind),
            help=help_text,
            group=group,
            required=required,
            evidence=cast(Evidence, evidence),
            evidence_hint=hint,
            choices=tuple(choices),
            inverse=inverse,
            weight=float(weight),
            when=tuple(when),
            prefill=prefill if isinstance(prefill, str) else "",
            fields=tuple(fields),
            grid=grid,
            min=low,
            max=high,
        )
        default = entry.get("default")
        if default is not None:
            problem = validate_answer(question, default, "x")
            if problem:
                self.report("default", f"'default' does not fit the answer type: {problem}")
                return None
            question = _with_default(question, default)
        return question

    def flag(self, entry: dict[str, Any], name: str, default: bool) -> bool:
        value = entry.get(name, default)
        if not isinstance(value, bool):
            self.report(name, f"'{name}' must be true or false")
            return default
        return value

    def check_kind(
        self, kind: str, entry: dict[str, Any], choices: list[Choice], evidence: str, inverse: bool
    ) -> None:
        if kind in ("choice", "multi") and not choices and "choices" not in entry:
            self.report("type", f"a {kind} question needs 'choices'")
        elif kind in ("choice", "multi") and not choices:
            self.report("choices", f"a {kind} question needs at least one choice")
        elif kind not in ("choice", "multi") and "choices" in entry:
            self.report("choices", "'choices' only apply to choice and multi questions")
        if kind == "group" and evidence != "none":
            self.report("evidence", "a group question cannot ask for evidence")
        if inverse and kind != "score":
            self.report("inverse", "'inverse' only applies to score questions")
        if kind != "group" and "fields" in entry:
            self.report("fields", "'fields' only apply to group questions")

    def bounds(self, entry: dict[str, Any], kind: str) -> tuple[int, int]:
        low, high = entry.get("min", 1), entry.get("max", 5)
        if ("min" in entry or "max" in entry) and kind != "score":
            self.report("min" if "min" in entry else "max", "'min' and 'max' only apply to scores")
            return 1, 5
        for name, value in (("min", low), ("max", high)):
            if isinstance(value, bool) or not isinstance(value, int):
                self.report(name, f"'{name}' must be a whole number")
                return 1, 5
        if low >= high:
            self.report("min", "'min' must be less than 'max'")
            return 1, 5
        return low, high

    def conditions(self, raw: Any, earlier: list[str]) -> list[Condition]:
        if isinstance(raw, dict):
            raw = [raw]
        if not isinstance(raw, list):
            self.report("when", "'when' must be a list like [ { question = \"…\", equals = … } ]")
            return []
        found: list[Condition] = []
        for entry in raw:
            if not isinstance(entry, dict):
                self.report("when", "each condition must be a table { question = …, equals = … }")
                continue
            target = entry.get("question")
            tests = [name for name in _CONDITION_TESTS if name in entry]
            unknown = sorted(set(entry) - {"question", *_CONDITION_TESTS})
            if unknown:
                self.report(
                    "when",
                    f"condition has unknown '{unknown[0]}' "
                    f"(use question and one of {', '.join(_CONDITION_TESTS)})",
                )
                continue
            if not isinstance(target, str) or target not in earlier:
                later = "a later question" if target in self.owner.all_keys else "no question"
                self.report(
                    "when",
                    f"condition points at '{target}', which is {later}; "
                    "a condition can only look at an earlier question",
                )
                continue
            if len(tests) != 1:
                self.report(
                    "when",
                    f"condition on '{target}' needs exactly one of {', '.join(_CONDITION_TESTS)}",
                )
                continue
            test = tests[0]
            value = entry[test]
            if test == "in" and not isinstance(value, list):
                self.report("when", f"'in' on '{target}' must be a list of values")
                continue
            if test == "answered" and not isinstance(value, bool):
                self.report("when", f"'answered' on '{target}' must be true or false")
                continue
            if test != "answered":
                problem = self.unexpected(target, value if test == "in" else [value])
                if problem:
                    self.report("when", problem)
                    continue
            if test == "in":
                found.append(Condition(target, in_=tuple(value)))
            elif test == "answered":
                found.append(Condition(target, answered=value))
            elif test == "equals":
                found.append(Condition(target, equals=value))
            else:
                found.append(Condition(target, not_equals=value))
        return found

    def unexpected(self, target: str, values: list[Any]) -> str | None:
        """A compared value the earlier question can never have (a typo, usually)."""
        earlier = self.owner.parsed.get(target)
        if earlier is None or earlier.type not in ("status", "choice", "multi"):
            return None
        allowed = (
            list(STATUS_VALUES) if earlier.type == "status" else [c.value for c in earlier.choices]
        )
        wrong = [v for v in values if v not in allowed]
        if not wrong:
            return None
        return (
            f"condition on '{target}' compares with '{wrong[0]}', which it cannot be "
            f"(use {', '.join(allowed)})"
        )

    def fields(self, raw: Any, kind: str) -> list[GroupField]:
        if kind != "group":
            return []
        if not raw or not isinstance(raw, list):
            self.report("type", "a group question needs [[questions.fields]] (its columns)")
            return []
        found: list[GroupField] = []
        seen: set[str] = set()
        for number, entry in enumerate(raw, start=1):
            at = self.field_line(number)
            if not isinstance(entry, dict):
                self.owner.report(at, f"{self.where}field {number} must be a table")
                continue
            key = entry.get("key")
            where = f"{self.where}field {number}: "
            if not isinstance(key, str) or not _KEY.match(key):
                self.owner.report(at, f"{where}needs a 'key' of letters, digits, '_', '-' or '.'")
                continue
            where = f"{self.where}field '{key}': "
            at = self.field_line(number, key)
            if key in seen:
                self.owner.report(at, f"{where}the key is used twice in this group")
            seen.add(key)
            for name in sorted(set(entry) - set(_FIELD_FIELDS)):
                self.owner.report(
                    at, f"{where}unknown setting '{name}' (known: {', '.join(_FIELD_FIELDS)})"
                )
            label = self.owner.text(entry, "label", required=True, line=at, where=where)
            field_type = entry.get("type", "text")
            if field_type not in ANSWER_TYPES or field_type == "group":
                allowed = ", ".join(t for t in ANSWER_TYPES if t != "group")
                self.owner.report(at, f"{where}type '{field_type}' cannot be used; use {allowed}")
                continue
            required = entry.get("required", False)
            if not isinstance(required, bool):
                self.owner.report(at, f"{where}'required' must be true or false")
                continue
            choices = self.owner.choices(entry.get("choices", []), "choices", at, where)
            if field_type in ("choice", "multi") and not choices:
                self.owner.report(at, f"{where}a {field_type} field needs 'choices'")
                continue
            found.append(
                GroupField(key, label, cast(AnswerType, field_type), required, tuple(choices))
            )
        return found

    def field_line(self, number: int, key: str = "") -> int:
        headers = [
            i
            for i in range(self.start, self.end)
            if re.match(r"^\s*\[\[\s*questions\.fields\s*\]\]", self.lines.lines[i])
        ]
        if number <= len(headers):
            start = headers[number - 1]
            end = headers[number] if number < len(headers) else self.end
            return self.lines.find("key", start, end) or start + 1
        if key:
            return self.lines.find("key", self.start, self.end, value=key) or self.line("fields")
        return self.line("fields")

    def grid(
        self,
        raw: Any,
        rows: list[Choice],
        columns: list[Choice],
        cells: dict[tuple[str, str], str],
    ) -> tuple[str, str] | None:
        if raw is None:
            return None
        if not rows or not columns:
            self.report("grid", "'grid' needs the set's 'grid_rows' and 'grid_columns'")
            return None
        if not isinstance(raw, list) or len(raw) != 2 or not all(isinstance(v, str) for v in raw):
            self.report("grid", '\'grid\' must be [row, column], like ["a", "b"]')
            return None
        row, column = raw
        problems = []
        if row not in {r.value for r in rows}:
            problems.append(f"row '{row}' is not in grid_rows ({_values(rows)})")
        if column not in {c.value for c in columns}:
            problems.append(f"column '{column}' is not in grid_columns ({_values(columns)})")
        if problems:
            self.report("grid", "grid cell outside the grid: " + "; ".join(problems))
            return None
        if (row, column) in cells:
            self.report(
                "grid", f"grid cell [{row}, {column}] is already used by '{cells[(row, column)]}'"
            )
            return None
        cells[(row, column)] = self.key
        return (row, column)


def _with_default(question: Question, default: Any) -> Question:
    from dataclasses import replace

    return replace(question, default=default)


def _values(choices: Iterable[Choice]) -> str:
    return ", ".join(c.value for c in choices)


def _line_in_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _without_position(message: str) -> str:
    return re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", message)
