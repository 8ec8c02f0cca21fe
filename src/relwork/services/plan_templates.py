"""Plan templates: the scenarios, kinds, actions and review items the plan wizards offer.

They ship as TOML in ``data/plans/`` (``onboarding.toml``, ``offboarding.toml``,
``review.toml``). A file of the same name in ``<config folder>/plans/`` replaces the
shipped one as a whole; a broken copy is reported (file and what is wrong) and the
shipped file is used instead.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relwork.enums import FourDimension, OffboardingKind, Performer
from relwork.locations import config_dir, shipped_data_dir
from relwork.text import clean_line

LEVELS = ("customer", "user")
REVIEW_RULES = ("", "actions_done", "open_actions")


@dataclass(frozen=True)
class Option:
    """A choice offered by the plan wizards (scenario, trigger, control approach, kind)."""

    value: str
    label: str
    help: str = ""
    level: str = ""  # scenarios: "customer" or "user"
    days: int = 0  # scenarios and kinds: usual length of the plan


@dataclass(frozen=True)
class ActionTemplate:
    dimension: FourDimension | None
    performer: Performer
    description: str
    at: float  # 0 = plan start, 1 = plan end
    applies_to: tuple[str, ...]  # scenario or kind values
    owner: str = ""


@dataclass(frozen=True)
class ReviewCheck:
    """One item of the closing review."""

    key: str
    label: str  # a few words, for forms
    prompt: str
    help: str = ""
    note: str = ""  # heading of a note to write down beside the answer, if any
    rule: str = ""  # "actions_done" or "open_actions" (see data/plans/review.toml)


@dataclass(frozen=True)
class PlanTemplates:
    scenarios: tuple[Option, ...]
    triggers: tuple[Option, ...]
    controls: tuple[Option, ...]
    onboarding_actions: tuple[ActionTemplate, ...]
    onboarding_owners: Mapping[Performer, str]
    kinds: tuple[Option, ...]
    offboarding_actions: tuple[ActionTemplate, ...]
    offboarding_owners: Mapping[Performer, str]
    review: tuple[ReviewCheck, ...]

    def scenario(self, value: object) -> Option | None:
        return _find(self.scenarios, value)

    def trigger(self, value: object) -> Option | None:
        return _find(self.triggers, value)

    def control(self, value: object) -> Option | None:
        return _find(self.controls, value)

    def kind(self, value: object) -> Option | None:
        return _find(self.kinds, value)


def _find(options: Iterable[Option], value: object) -> Option | None:
    return next((o for o in options if o.value == value), None)


def label_of(options: Iterable[Option], value: str) -> str:
    """The label of ``value`` among ``options``; the value itself when unknown."""
    found = _find(options, value)
    return found.label if found else value.replace("_", " ")


class TemplateError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


TEMPLATE_FILES = ("onboarding.toml", "offboarding.toml", "review.toml")


def load_templates(extra_dir: Path | None = None) -> tuple[PlanTemplates, list[str]]:
    """The plan templates and the problems met on the way.

    Each file comes from ``extra_dir`` (default ``<config folder>/plans``) when a copy
    is there and usable, else from ``data/plans/``. Problems read like
    ``"plans/onboarding.toml: action 3 has performer 'us' (use provider, consumer or
    consumer_supplier)"``.
    """
    custom = extra_dir if extra_dir is not None else config_dir() / "plans"
    problems: list[str] = []
    parsed: dict[str, dict[str, Any]] = {}
    for name in TEMPLATE_FILES:
        own = custom / name
        if own.is_file():
            try:
                parsed[name] = _PARSERS[name](own.read_text("utf-8"))
                continue
            except (OSError, UnicodeDecodeError) as exc:
                reason = getattr(exc, "strerror", None) or "not UTF-8 text"
                problems.append(f"plans/{name}: cannot be read ({reason}); the shipped one is used")
            except TemplateError as exc:
                problems.extend(f"plans/{name}: {p}" for p in exc.problems)
                problems.append(f"plans/{name}: not used; the shipped one is used instead")
        parsed[name] = _PARSERS[name]((shipped_data_dir() / "plans" / name).read_text("utf-8"))
    onboarding, offboarding, review = (parsed[n] for n in TEMPLATE_FILES)
    return (
        PlanTemplates(
            scenarios=onboarding["scenario"],
            triggers=onboarding["trigger"],
            controls=onboarding["control"],
            onboarding_actions=onboarding["action"],
            onboarding_owners=onboarding["owners"],
            kinds=offboarding["kind"],
            offboarding_actions=offboarding["action"],
            offboarding_owners=offboarding["owners"],
            review=review["item"],
        ),
        problems,
    )


def _toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError([f"not valid TOML ({exc})"]) from None


def _parse_onboarding(text: str) -> dict[str, Any]:
    data = _toml(text)
    problems: list[str] = []
    _unknown(data, ("scenario", "trigger", "control", "owners", "action"), "", problems)
    scenarios = _options(data, "scenario", problems, level=True, days=True)
    triggers = _options(data, "trigger", problems)
    controls = _options(data, "control", problems)
    tags = {o.value for o in scenarios} | set(LEVELS)
    actions = _actions(data, tags, problems)
    owners = _owners(data, problems)
    for option in scenarios:
        if option.level not in LEVELS:
            problems.append(f'scenario \'{option.value}\' needs level "customer" or "user"')
    if problems:
        raise TemplateError(problems)
    return {
        "scenario": scenarios,
        "trigger": triggers,
        "control": controls,
        "action": actions,
        "owners": owners,
    }


def _parse_offboarding(text: str) -> dict[str, Any]:
    data = _toml(text)
    problems: list[str] = []
    _unknown(data, ("kind", "owners", "action"), "", problems)
    kinds = _options(data, "kind", problems, days=True)
    for option in kinds:
        if option.value not in {k.value for k in OffboardingKind}:
            problems.append(
                f"kind '{option.value}' is not one of {', '.join(k.value for k in OffboardingKind)}"
            )
    actions = _actions(data, {o.value for o in kinds}, problems)
    owners = _owners(data, problems)
    if problems:
        raise TemplateError(problems)
    return {"kind": kinds, "action": actions, "owners": owners}


def _parse_review(text: str) -> dict[str, Any]:
    data = _toml(text)
    problems: list[str] = []
    _unknown(data, ("item",), "", problems)
    items: list[ReviewCheck] = []
    for where, entry in _tables(data, "item", problems):
        _unknown(entry, ("key", "label", "prompt", "help", "note", "rule"), where + " ", problems)
        rule = _text(entry, "rule", where, problems)
        if rule not in REVIEW_RULES:
            problems.append(f"{where} has rule '{rule}' (use {' or '.join(REVIEW_RULES[1:])})")
        key = _text(entry, "key", where, problems, required=True)
        if key == "notes":
            problems.append(f"{where}: 'notes' is reserved; choose another key")
        if key in {i.key for i in items}:
            problems.append(f"{where} repeats the key '{key}'")
        prompt = _text(entry, "prompt", where, problems, required=True)
        items.append(
            ReviewCheck(
                key,
                _text(entry, "label", where, problems) or key.replace("_", " ").capitalize(),
                prompt,
                _text(entry, "help", where, problems),
                _text(entry, "note", where, problems),
                rule if rule in REVIEW_RULES else "",
            )
        )
    if problems:
        raise TemplateError(problems)
    return {"item": tuple(items)}


_PARSERS = {
    "onboarding.toml": _parse_onboarding,
    "offboarding.toml": _parse_offboarding,
    "review.toml": _parse_review,
}


def _unknown(
    entry: Mapping[str, Any], known: Sequence[str], where: str, problems: list[str]
) -> None:
    extra = sorted(set(entry) - set(known))
    if extra:
        names = ", ".join(f"'{e}'" for e in extra)
        problems.append(f"{where}has unknown {names} (known: {', '.join(known)})".strip())


def _tables(
    data: Mapping[str, Any], name: str, problems: list[str]
) -> list[tuple[str, dict[str, Any]]]:
    raw = data.get(name)
    if not isinstance(raw, list) or not raw:
        problems.append(f"has no [[{name}]] entries")
        return []
    found = []
    for number, entry in enumerate(raw, start=1):
        if isinstance(entry, dict):
            found.append((f"{name} {number}", entry))
        else:
            problems.append(f"{name} {number} is not a table; write it as [[{name}]]")
    return found


def _text(
    entry: Mapping[str, Any], name: str, where: str, problems: list[str], *, required: bool = False
) -> str:
    value = entry.get(name, "")
    if not isinstance(value, str):
        problems.append(f"{where}: '{name}' must be text")
        return ""
    value = clean_line(value)
    if required and not value:
        problems.append(f"{where} has no '{name}'")
    return value


def _options(
    data: Mapping[str, Any],
    name: str,
    problems: list[str],
    *,
    level: bool = False,
    days: bool = False,
) -> tuple[Option, ...]:
    known = ["value", "label", "help"] + (["level"] if level else []) + (["days"] if days else [])
    options: list[Option] = []
    for where, entry in _tables(data, name, problems):
        _unknown(entry, known, where + " ", problems)
        value = _text(entry, "value", where, problems, required=True)
        if value in {o.value for o in options}:
            problems.append(f"{where} repeats the value '{value}'")
        length = entry.get("days", 30)
        if days and (isinstance(length, bool) or not isinstance(length, int) or length < 1):
            problems.append(f"{where}: 'days' must be a whole number of days, 1 or more")
            length = 30
        options.append(
            Option(
                value=value,
                label=_text(entry, "label", where, problems, required=True),
                help=_text(entry, "help", where, problems),
                level=_text(entry, "level", where, problems) if level else "",
                days=length if days else 0,
            )
        )
    return tuple(options)


def _actions(
    data: Mapping[str, Any], tags: set[str], problems: list[str]
) -> tuple[ActionTemplate, ...]:
    known = ("dimension", "performer", "description", "at", "for", "owner")
    actions: list[ActionTemplate] = []
    for where, entry in _tables(data, "action", problems):
        _unknown(entry, known, where + " ", problems)
        before = len(problems)
        dimension = _enum(entry, "dimension", FourDimension, where, problems, required=False)
        performer = _enum(entry, "performer", Performer, where, problems, required=True)
        description = _text(entry, "description", where, problems, required=True)
        at = entry.get("at")
        if isinstance(at, bool) or not isinstance(at, int | float) or not 0 <= at <= 1:
            problems.append(f"{where}: 'at' must be a number from 0 (plan start) to 1 (plan end)")
            at = 0.0
        applies = entry.get("for")
        if not isinstance(applies, list) or not applies:
            problems.append(f"{where}: 'for' must list the scenarios or kinds it applies to")
            applies = []
        for tag in applies:
            if tag not in tags:
                problems.append(f"{where}: 'for' names '{tag}' (use {', '.join(sorted(tags))})")
        owner = _text(entry, "owner", where, problems)
        if len(problems) == before and isinstance(performer, Performer):
            actions.append(
                ActionTemplate(dimension, performer, description, float(at), tuple(applies), owner)
            )
    return tuple(actions)


def _owners(data: Mapping[str, Any], problems: list[str]) -> dict[Performer, str]:
    raw = data.get("owners", {})
    if not isinstance(raw, dict):
        problems.append('[owners] must be a table: provider = "…", consumer = "…"')
        return {}
    _unknown(raw, [p.value for p in Performer], "[owners] ", problems)
    return {p: clean_line(raw[p.value]) for p in Performer if isinstance(raw.get(p.value), str)}


def _enum(
    entry: Mapping[str, Any],
    name: str,
    kind: type[FourDimension] | type[Performer],
    where: str,
    problems: list[str],
    *,
    required: bool,
) -> Any:
    value = entry.get(name)
    if value is None:
        if required:
            problems.append(f"{where} has no '{name}' (use {', '.join(k.value for k in kind)})")
        return None
    try:
        return kind(str(value))
    except ValueError:
        problems.append(f"{where} has {name} '{value}' (use {', '.join(k.value for k in kind)})")
        return None
