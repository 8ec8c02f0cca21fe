"""Onboarding and offboarding plans: templates, the wizard hooks, tracking and rules.

**Templates** ship as TOML in ``data/plans/`` (``onboarding.toml``, ``offboarding.toml``,
``review.toml``). A file of the same name in ``<config folder>/plans/`` replaces the
shipped one as a whole; a broken copy is reported (file and what is wrong) and the
shipped file is used instead.

**Wizard hooks** (see :mod:`relwork.wizards.hooks`): :func:`prefill_onboarding_actions`
and :func:`prefill_offboarding_actions` propose the action rows of the plan wizards;
:func:`plan_from_run` and :func:`offboarding_from_run` write the plan when a run
finishes. Due dates are spread between the start and end dates: a template action at
``at`` (0 = start, 1 = end) falls due ``round(at x length)`` days after the start, where
the length is the plan's own (end - start) or, without an end date, the usual length
of the scenario or kind.

Finishing the same run again updates its plan: fields and scope are rewritten; actions
are matched to the wizard's rows by description, so a matched action keeps its done
mark, a row no longer in the wizard removes its action, and actions added on the plans
screen (numbered from :data:`MANUAL_ORDER`) are never touched. An onboarding plan is
saved *agreed* when the wizard says the client approved it, else *draft*; a plan that
has already moved on (running, closed) keeps its status.

**Rules** (plain functions with unit tests):

- an action is overdue when its due date has passed and it is not done (DOMAIN §5.3);
  actions of closed plans are no longer tracked, so they are never overdue;
- status moves one step at a time, draft → agreed → running → closed, or one step back
  (a closed plan can be reopened as running);
- an onboarding plan closes only after its closing review is stored; an offboarding
  plan (which has no review) closes only when every action is done;
- the closing review needs an answer for every checklist item, and cannot say every
  action is done while some are still open.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from relwork import clock
from relwork.enums import FourDimension, OffboardingKind, Performer, PlanStatus
from relwork.locations import config_dir, shipped_data_dir
from relwork.services.rules import action_overdue
from relwork.services.validation import InvalidInput
from relwork.text import clean, clean_line

if TYPE_CHECKING:
    from sqlmodel import Session

    from relwork.models import OffboardingPlan, OnboardingPlan, PlanAction, WizardRun
    from relwork.services.demo import DemoPortfolio

PlanKind = Literal["onboarding", "offboarding"]
ONBOARDING: PlanKind = "onboarding"
OFFBOARDING: PlanKind = "offboarding"

MANUAL_ORDER = 10_000  # actions added on the plans screen are numbered from here
TITLE_MAX = 200
OWNER_MAX = 120
CHECK_VALUES = ("yes", "partial", "no", "unknown", "na")
CHECK_LABELS = {
    "yes": "Yes",
    "partial": "Partly",
    "no": "No",
    "unknown": "Don't know",
    "na": "Not applicable",
}
LEVELS = ("customer", "user")
REVIEW_RULES = ("", "actions_done", "open_actions")

# The status a plan may move to from each status (forward one step, or back one).
STATUS_MOVES: dict[PlanStatus, tuple[PlanStatus, ...]] = {
    PlanStatus.DRAFT: (PlanStatus.AGREED,),
    PlanStatus.AGREED: (PlanStatus.RUNNING, PlanStatus.DRAFT),
    PlanStatus.RUNNING: (PlanStatus.CLOSED, PlanStatus.AGREED),
    PlanStatus.CLOSED: (PlanStatus.RUNNING,),
}


class PlanError(ValueError):
    """A plan cannot be changed that way; the message says what to do instead."""


# --- templates ------------------------------------------------------------------------------


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


# --- prefill providers (wizard hooks) -----------------------------------------------------


def as_date(value: object) -> date | None:
    """A date from an answer ("YYYY-MM-DD" or a date); None when empty or not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def spread_due(at: float, *, start: date, end: date | None, usual_days: int) -> date:
    """When an action at ``at`` (0..1 of the plan) falls due; see the module docstring."""
    length = (end - start).days if end is not None and end > start else usual_days
    return start + timedelta(days=int(at * length + 0.5))


def _rows(
    templates: Sequence[ActionTemplate],
    tags: set[str],
    owners: Mapping[Performer, str],
    *,
    start: date,
    end: date | None,
    usual_days: int,
) -> list[dict[str, Any]]:
    chosen = [t for t in templates if tags & set(t.applies_to)]
    rows = [
        {
            "dimension": t.dimension.value if t.dimension else "",
            "performer": t.performer.value,
            "description": t.description,
            "owner": t.owner or owners.get(t.performer, ""),
            "due": spread_due(t.at, start=start, end=end, usual_days=usual_days).isoformat(),
        }
        for t in chosen
    ]
    return sorted(rows, key=lambda row: row["due"])  # stable: template order on a tie


def prefill_onboarding_actions(answers: Mapping[str, Any], *, today: date) -> list[dict[str, Any]]:
    """Seed action rows for the chosen scenario, due between the start and end dates.

    Without a scenario there is nothing to propose (an empty list); without a start
    date the actions are spread from ``today``.
    """
    templates, _problems = load_templates()
    scenario = templates.scenario(answers.get("scenario"))
    if scenario is None:
        return []
    return _rows(
        templates.onboarding_actions,
        {scenario.value, scenario.level},
        templates.onboarding_owners,
        start=as_date(answers.get("starts_on")) or today,
        end=as_date(answers.get("ends_on")),
        usual_days=scenario.days,
    )


def prefill_offboarding_actions(answers: Mapping[str, Any], *, today: date) -> list[dict[str, Any]]:
    """Seed action rows for the kind of exit (customer, user, provider switch)."""
    templates, _problems = load_templates()
    kind = templates.kind(answers.get("kind"))
    if kind is None:
        return []
    return _rows(
        templates.offboarding_actions,
        {kind.value},
        templates.offboarding_owners,
        start=as_date(answers.get("starts_on")) or today,
        end=as_date(answers.get("ends_on")),
        usual_days=kind.days,
    )


# --- actions as data ----------------------------------------------------------------------


@dataclass(frozen=True)
class ActionData:
    """An action as entered (in a form or a wizard row), checked and cleaned."""

    description: str
    owner: str = ""
    due: date | None = None
    dimension: FourDimension | None = None
    performer: Performer = Performer.PROVIDER


def parse_action(values: Mapping[str, Any]) -> ActionData:
    """Form values (description, owner, due, dimension, performer) as :class:`ActionData`;
    raises :class:`InvalidInput` saying what to fix in each field."""
    errors: dict[str, str] = {}
    description = clean_line(str(values.get("description") or ""))
    if not description:
        errors["description"] = "Say what needs doing."
    owner = clean_line(str(values.get("owner") or ""))
    if len(owner) > OWNER_MAX:
        errors["owner"] = f"Keep the owner to {OWNER_MAX} characters."
    due: date | None = None
    raw_due = values.get("due")
    if isinstance(raw_due, date):
        due = raw_due
    elif raw_due not in (None, "") and str(raw_due).strip():
        due = as_date(str(raw_due))
        if due is None:
            errors["due"] = f"'{clean_line(str(raw_due))}' is not a date; use YYYY-MM-DD."
    dimension = None
    if values.get("dimension"):
        try:
            dimension = FourDimension(str(values["dimension"]))
        except ValueError:
            errors["dimension"] = "Choose one of the four dimensions, or none."
    performer = Performer.PROVIDER
    if values.get("performer"):
        try:
            performer = Performer(str(values["performer"]))
        except ValueError:
            errors["performer"] = "Choose provider, consumer or consumer's supplier."
    if errors:
        raise InvalidInput(errors)
    return ActionData(description, owner, due, dimension, performer)


def _row_action(row: Mapping[str, Any]) -> ActionData | None:
    """A wizard row as an action, forgiving: bad codes are dropped, not fatal."""
    description = clean_line(str(row.get("description") or ""))
    if not description:
        return None
    try:
        dimension = FourDimension(str(row["dimension"])) if row.get("dimension") else None
    except ValueError:
        dimension = None
    try:
        performer = Performer(str(row.get("performer") or Performer.PROVIDER.value))
    except ValueError:
        performer = Performer.PROVIDER
    owner = clean_line(str(row.get("owner") or ""))[:OWNER_MAX]
    return ActionData(description, owner, as_date(row.get("due")), dimension, performer)


def _group_rows(value: object) -> list[Mapping[str, Any]]:
    if not isinstance(value, list):
        return []
    return [row for row in value if isinstance(row, Mapping)]


# --- result handlers (wizard hooks) -----------------------------------------------------


def _answer_text(answers: Mapping[str, Any], key: str, *, line: bool = False) -> str:
    value = answers.get(key)
    if not isinstance(value, str):
        return ""
    return clean_line(value) if line else clean(value).strip()


def plan_from_run(*, session: Session, run: WizardRun, answers: Mapping[str, Any]) -> int:
    """Write (or, for a run finished before, update) the onboarding plan of ``run``.

    Returns the plan's id. See the module docstring for how a second finish treats
    actions and status. Flushes but does not commit: the caller (``finish_run``) commits
    the plan together with the finished run.
    """
    from sqlmodel import select

    from relwork.models import OnboardingPlan, OnboardingScopeItem

    templates, _problems = load_templates()
    plan = session.exec(select(OnboardingPlan).where(OnboardingPlan.run_id == run.id)).first()
    if plan is None:
        plan = OnboardingPlan(account_id=run.account_id, run_id=run.id)
    scenario = _answer_text(answers, "scenario", line=True)
    title = _answer_text(answers, "title", line=True)
    plan.title = (title or label_of(templates.scenarios, scenario or "onboarding"))[:TITLE_MAX]
    plan.scenario = scenario
    plan.goals = [
        {
            "goal": clean_line(str(r.get("goal") or "")),
            "measure": clean_line(str(r.get("measure") or "")),
        }
        for r in _group_rows(answers.get("goals"))
        if str(r.get("goal") or "").strip()
    ]
    plan.start_trigger = _answer_text(answers, "start_trigger", line=True)
    plan.starts_on = as_date(answers.get("starts_on"))
    plan.ends_on = as_date(answers.get("ends_on"))
    plan.end_criterion = _answer_text(answers, "end_criterion")
    chosen = answers.get("control_approach")
    plan.control_approaches = [str(c) for c in chosen] if isinstance(chosen, list) else []
    plan.notes = _answer_text(answers, "note")
    if plan.id is None or PlanStatus(plan.status) in (PlanStatus.DRAFT, PlanStatus.AGREED):
        approved = answers.get("approved") == "yes"
        plan.status = PlanStatus.AGREED if approved else PlanStatus.DRAFT
    plan.updated_at = clock.now()
    session.add(plan)
    session.flush()
    assert plan.id is not None
    for item in session.exec(
        select(OnboardingScopeItem).where(OnboardingScopeItem.plan_id == plan.id)
    ).all():
        session.delete(item)
    for row in _group_rows(answers.get("scope")):
        resource = clean(str(row.get("resource") or "")).strip()
        try:
            dimension = FourDimension(str(row.get("dimension")))
        except ValueError:
            continue
        if resource:
            session.add(
                OnboardingScopeItem(
                    plan_id=plan.id,
                    dimension=dimension,
                    resource=resource,
                    need=clean(str(row.get("need") or "")).strip(),
                )
            )
    _sync_actions(session, ONBOARDING, plan.id, answers.get("actions"))
    session.flush()
    return plan.id


def offboarding_from_run(*, session: Session, run: WizardRun, answers: Mapping[str, Any]) -> int:
    """Write (or update) the offboarding plan of ``run``; returns its id. Flushes, and
    leaves the commit to the caller as :func:`plan_from_run` does.

    A client leaving unhappy or in dispute makes the plan confidential, with the
    answer to "why" kept as the reason.
    """
    from sqlmodel import select

    from relwork.models import OffboardingPlan

    templates, _problems = load_templates()
    plan = session.exec(select(OffboardingPlan).where(OffboardingPlan.run_id == run.id)).first()
    if plan is None:
        plan = OffboardingPlan(account_id=run.account_id, run_id=run.id)
    try:
        kind = OffboardingKind(str(answers.get("kind")))
    except ValueError:
        kind = OffboardingKind.CUSTOMER
    title = _answer_text(answers, "title", line=True)
    plan.title = (title or label_of(templates.kinds, kind.value))[:TITLE_MAX]
    plan.kind = kind
    plan.reason = _answer_text(answers, "reason")
    dispute = answers.get("dissatisfied") == "yes"
    plan.is_dispute = dispute
    plan.confidential = dispute
    plan.confidential_reason = _answer_text(answers, "dispute_why") if dispute else ""
    plan.legal_expected = dispute and answers.get("legal_expected") == "yes"
    plan.starts_on = as_date(answers.get("starts_on"))
    plan.ends_on = as_date(answers.get("ends_on"))
    plan.notes = _answer_text(answers, "note")
    plan.updated_at = clock.now()
    session.add(plan)
    session.flush()
    assert plan.id is not None
    _sync_actions(session, OFFBOARDING, plan.id, answers.get("actions"))
    session.flush()
    return plan.id


def _new_action(kind: PlanKind, plan_id: int, data: ActionData, sort_order: int) -> PlanAction:
    from relwork.models import PlanAction

    action = PlanAction(
        description=data.description,
        owner=data.owner,
        due=data.due,
        dimension=data.dimension,
        performer=data.performer,
        sort_order=sort_order,
    )
    if kind == ONBOARDING:
        action.onboarding_plan_id = plan_id
    else:
        action.offboarding_plan_id = plan_id
    return action


def _plan_actions(session: Session, kind: PlanKind, plan_id: int) -> list[PlanAction]:
    from sqlmodel import col, select

    from relwork.models import PlanAction

    column = PlanAction.onboarding_plan_id if kind == ONBOARDING else PlanAction.offboarding_plan_id
    return list(
        session.exec(
            select(PlanAction)
            .where(column == plan_id)
            .order_by(col(PlanAction.sort_order), col(PlanAction.id))
        ).all()
    )


def _same(text: str) -> str:
    return " ".join(text.lower().split())


def _sync_actions(session: Session, kind: PlanKind, plan_id: int, rows: object) -> None:
    """Make the wizard-made actions of a plan match the wizard's rows (see module doc)."""
    wanted = [a for a in (_row_action(r) for r in _group_rows(rows)) if a is not None]
    existing = [a for a in _plan_actions(session, kind, plan_id) if a.sort_order < MANUAL_ORDER]
    now = clock.now()
    for order, data in enumerate(wanted):
        match = next((a for a in existing if _same(a.description) == _same(data.description)), None)
        if match is not None:
            existing.remove(match)
            action = match
        else:
            action = _new_action(kind, plan_id, data, order)
        action.description = data.description
        action.owner = data.owner
        action.due = data.due
        action.dimension = data.dimension
        action.performer = data.performer
        action.sort_order = order
        action.updated_at = now
        session.add(action)
    for gone in existing:
        session.delete(gone)


def _utc_now() -> datetime:
    """Now, in UTC: done and review times are stored in UTC and read back as UTC."""
    return clock.now().astimezone(UTC)


def stored_moment(moment: datetime | None) -> datetime | None:
    """A stored UTC time made aware (SQLite gives it back without a zone)."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- views ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    goal: str
    measure: str


@dataclass(frozen=True)
class ScopeView:
    dimension: FourDimension
    resource: str
    need: str


@dataclass(frozen=True)
class ActionView:
    id: int
    dimension: FourDimension | None
    performer: Performer
    description: str
    owner: str
    due: date | None
    done_at: datetime | None
    sort_order: int

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def overdue(self, today: date) -> bool:
        """Due date passed and not done (DOMAIN §5.3)."""
        return action_overdue(self.due, self.done_at, today)


@dataclass(frozen=True)
class PlanView:
    """One plan with everything the screens and exports show (detached from sessions).

    Onboarding-only fields are empty for an offboarding plan and the other way round.
    """

    kind: PlanKind
    id: int
    account_id: int
    title: str
    status: PlanStatus
    starts_on: date | None
    ends_on: date | None
    notes: str
    actions: tuple[ActionView, ...]
    created_at: datetime
    run_id: int | None = None
    # onboarding
    scenario: str = ""
    scenario_label: str = ""
    goals: tuple[Goal, ...] = ()
    scope: tuple[ScopeView, ...] = ()
    start_trigger: str = ""
    trigger_label: str = ""
    end_criterion: str = ""
    control_approaches: tuple[str, ...] = ()
    control_labels: tuple[str, ...] = ()
    review: Mapping[str, Any] = field(default_factory=dict)
    reviewed_at: datetime | None = None
    # offboarding
    offboarding_kind: OffboardingKind | None = None
    kind_label: str = ""
    reason: str = ""
    is_dispute: bool = False
    confidential: bool = False
    confidential_reason: str = ""
    legal_expected: bool = False

    @property
    def type_label(self) -> str:
        """Onboarding or Offboarding, for headings."""
        return self.kind.capitalize()

    @property
    def done(self) -> int:
        return sum(1 for a in self.actions if a.done)

    @property
    def total(self) -> int:
        return len(self.actions)

    def overdue(self, today: date) -> list[ActionView]:
        """Overdue actions, the longest overdue first; none once the plan is closed."""
        if self.status == PlanStatus.CLOSED:
            return []
        late = [a for a in self.actions if a.overdue(today)]
        return sorted(late, key=lambda a: (a.due or today, a.sort_order))

    @property
    def open_actions(self) -> list[ActionView]:
        return [a for a in self.actions if not a.done]

    def by_dimension(self) -> list[tuple[FourDimension | None, list[ActionView]]]:
        """Actions grouped by dimension (the four in order, then those without one)."""
        groups: list[tuple[FourDimension | None, list[ActionView]]] = []
        for dimension in [*FourDimension, None]:
            chosen = [a for a in self.actions if a.dimension == dimension]
            if chosen:
                groups.append((dimension, chosen))
        return groups

    @property
    def has_review(self) -> bool:
        return self.reviewed_at is not None and bool(self.review)

    def next_statuses(self) -> tuple[PlanStatus, ...]:
        return STATUS_MOVES[self.status]


def _action_view(action: PlanAction) -> ActionView:
    assert action.id is not None
    return ActionView(
        id=action.id,
        dimension=FourDimension(action.dimension) if action.dimension else None,
        performer=Performer(action.performer),
        description=action.description,
        owner=action.owner,
        due=action.due,
        done_at=stored_moment(action.done_at),
        sort_order=action.sort_order,
    )


def _onboarding_view(session: Session, plan: OnboardingPlan, templates: PlanTemplates) -> PlanView:
    from sqlmodel import col, select

    from relwork.models import OnboardingScopeItem

    assert plan.id is not None
    scope = session.exec(
        select(OnboardingScopeItem)
        .where(OnboardingScopeItem.plan_id == plan.id)
        .order_by(col(OnboardingScopeItem.id))
    ).all()
    order = list(FourDimension)
    return PlanView(
        kind=ONBOARDING,
        id=plan.id,
        account_id=plan.account_id,
        title=plan.title,
        status=PlanStatus(plan.status),
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        notes=plan.notes,
        actions=tuple(_action_view(a) for a in _plan_actions(session, ONBOARDING, plan.id)),
        created_at=plan.created_at,
        run_id=plan.run_id,
        scenario=plan.scenario,
        scenario_label=label_of(templates.scenarios, plan.scenario) if plan.scenario else "",
        goals=tuple(Goal(g.get("goal", ""), g.get("measure", "")) for g in plan.goals),
        scope=tuple(
            sorted(
                (ScopeView(FourDimension(s.dimension), s.resource, s.need) for s in scope),
                key=lambda s: order.index(s.dimension),
            )
        ),
        start_trigger=plan.start_trigger,
        trigger_label=label_of(templates.triggers, plan.start_trigger)
        if plan.start_trigger
        else "",
        end_criterion=plan.end_criterion,
        control_approaches=tuple(plan.control_approaches),
        control_labels=tuple(label_of(templates.controls, c) for c in plan.control_approaches),
        review=dict(plan.review or {}),
        reviewed_at=stored_moment(plan.reviewed_at),
    )


def _offboarding_view(
    session: Session, plan: OffboardingPlan, templates: PlanTemplates
) -> PlanView:
    assert plan.id is not None
    kind = OffboardingKind(plan.kind)
    return PlanView(
        kind=OFFBOARDING,
        id=plan.id,
        account_id=plan.account_id,
        title=plan.title,
        status=PlanStatus(plan.status),
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        notes=plan.notes,
        actions=tuple(_action_view(a) for a in _plan_actions(session, OFFBOARDING, plan.id)),
        created_at=plan.created_at,
        run_id=plan.run_id,
        offboarding_kind=kind,
        kind_label=label_of(templates.kinds, kind.value),
        reason=plan.reason,
        is_dispute=plan.is_dispute,
        confidential=plan.confidential,
        confidential_reason=plan.confidential_reason,
        legal_expected=plan.legal_expected,
    )


def plans_for(
    *, session: Session, account_id: int, templates: PlanTemplates | None = None
) -> list[PlanView]:
    """Every plan of a client: open plans first, each group newest first."""
    from sqlmodel import select

    from relwork.models import OffboardingPlan, OnboardingPlan

    if templates is None:
        templates, _problems = load_templates()
    views = [
        _onboarding_view(session, p, templates)
        for p in session.exec(
            select(OnboardingPlan).where(OnboardingPlan.account_id == account_id)
        ).all()
    ]
    views += [
        _offboarding_view(session, p, templates)
        for p in session.exec(
            select(OffboardingPlan).where(OffboardingPlan.account_id == account_id)
        ).all()
    ]
    views.sort(key=lambda v: (v.created_at, v.kind, v.id), reverse=True)
    views.sort(key=lambda v: v.status == PlanStatus.CLOSED)
    return views


def get_plan(
    *, session: Session, kind: PlanKind, plan_id: int, templates: PlanTemplates | None = None
) -> PlanView:
    """One plan as a view; ``LookupError`` when it does not exist."""
    from relwork.models import OffboardingPlan, OnboardingPlan

    if templates is None:
        templates, _problems = load_templates()
    if kind == ONBOARDING:
        onboarding = session.get(OnboardingPlan, plan_id)
        if onboarding is None:
            raise LookupError(f"There is no onboarding plan with id {plan_id}.")
        return _onboarding_view(session, onboarding, templates)
    offboarding = session.get(OffboardingPlan, plan_id)
    if offboarding is None:
        raise LookupError(f"There is no offboarding plan with id {plan_id}.")
    return _offboarding_view(session, offboarding, templates)


@dataclass(frozen=True)
class OverdueAction:
    """An action whose due date has passed while it is still open."""

    action_id: int
    kind: PlanKind
    plan_id: int
    plan_title: str
    description: str
    owner: str
    due: date
    confidential: bool = False  # of its plan


@dataclass(frozen=True)
class PlanProgress:
    """Where one plan stands: for the workspace, the dashboard and the review agenda."""

    kind: PlanKind
    plan_id: int
    title: str
    status: PlanStatus
    done: int
    total: int
    overdue: list[OverdueAction]
    confidential: bool
    starts_on: date | None
    ends_on: date | None

    def describe(self) -> str:
        """E.g. "7 of 12 actions done, 2 overdue"."""
        text = f"{self.done} of {self.total} actions done"
        return text + (f", {len(self.overdue)} overdue" if self.overdue else "")


def _overdue_of(view: PlanView, today: date) -> list[OverdueAction]:
    return [
        OverdueAction(
            action_id=a.id,
            kind=view.kind,
            plan_id=view.id,
            plan_title=view.title,
            description=a.description,
            owner=a.owner,
            due=a.due or today,
            confidential=view.confidential,
        )
        for a in view.overdue(today)
    ]


def progress_of(view: PlanView, today: date) -> PlanProgress:
    return PlanProgress(
        kind=view.kind,
        plan_id=view.id,
        title=view.title,
        status=view.status,
        done=view.done,
        total=view.total,
        overdue=_overdue_of(view, today),
        confidential=view.confidential,
        starts_on=view.starts_on,
        ends_on=view.ends_on,
    )


def plan_progress(*, session: Session, account_id: int, today: date) -> list[PlanProgress]:
    """Progress of each of a client's plans, in the order of :func:`plans_for`."""
    return [progress_of(v, today) for v in plans_for(session=session, account_id=account_id)]


def overdue_actions(*, session: Session, account_id: int, today: date) -> list[OverdueAction]:
    """Every overdue action of a client's plans that are not closed, longest overdue first."""
    found = [
        o for v in plans_for(session=session, account_id=account_id) for o in _overdue_of(v, today)
    ]
    return sorted(found, key=lambda o: o.due)


# --- changes --------------------------------------------------------------------------------


def _action(session: Session, action_id: int) -> PlanAction:
    from relwork.models import PlanAction

    action = session.get(PlanAction, action_id)
    if action is None:
        raise LookupError(f"There is no plan action with id {action_id}.")
    return action


def toggle_action_done(*, session: Session, action_id: int) -> bool:
    """Mark an open action done (now) or a done one open again; returns whether it is
    done afterwards."""
    action = _action(session, action_id)
    action.done_at = None if action.done_at is not None else _utc_now()
    action.updated_at = clock.now()
    session.add(action)
    session.commit()
    return action.done_at is not None


def update_action(*, session: Session, action_id: int, data: ActionData) -> ActionView:
    """Change an action's description, owner, due date, dimension and performer."""
    action = _action(session, action_id)
    action.description = data.description
    action.owner = data.owner
    action.due = data.due
    action.dimension = data.dimension
    action.performer = data.performer
    action.updated_at = clock.now()
    session.add(action)
    session.commit()
    session.refresh(action)
    return _action_view(action)


def add_action(*, session: Session, kind: PlanKind, plan_id: int, data: ActionData) -> ActionView:
    """Add an action to a plan (after the others; kept if the wizard is finished again)."""
    get_plan(session=session, kind=kind, plan_id=plan_id)  # raises for an unknown plan
    orders = [a.sort_order for a in _plan_actions(session, kind, plan_id)]
    action = _new_action(kind, plan_id, data, max([MANUAL_ORDER - 1, *orders]) + 1)
    session.add(action)
    session.commit()
    session.refresh(action)
    return _action_view(action)


def remove_action(*, session: Session, action_id: int) -> None:
    session.delete(_action(session, action_id))
    session.commit()


def status_problem(plan: PlanView, target: PlanStatus) -> str | None:
    """Why ``plan`` cannot move to ``target`` (a sentence saying what to do), or None."""
    if target == plan.status:
        return f"The plan is already {target.label.lower()}."
    if target not in STATUS_MOVES[plan.status]:
        allowed = " or ".join(s.label.lower() for s in STATUS_MOVES[plan.status])
        return (
            f"A {plan.status.label.lower()} plan can move to {allowed}, "
            f"not straight to {target.label.lower()}."
        )
    if target == PlanStatus.CLOSED:
        if plan.kind == ONBOARDING and not plan.has_review:
            return "Run the closing review first (v), then close the plan."
        still_open = len(plan.open_actions)
        if plan.kind == OFFBOARDING and still_open:
            return (
                f"{still_open} action{'s are' if still_open > 1 else ' is'} still open; "
                "mark them done or remove them before closing the plan."
            )
    return None


def _plan_row(session: Session, kind: PlanKind, plan_id: int) -> OnboardingPlan | OffboardingPlan:
    from relwork.models import OffboardingPlan, OnboardingPlan

    plan: OnboardingPlan | OffboardingPlan | None = (
        session.get(OnboardingPlan, plan_id)
        if kind == ONBOARDING
        else session.get(OffboardingPlan, plan_id)
    )
    if plan is None:
        raise LookupError(f"There is no {kind} plan with id {plan_id}.")
    return plan


def set_status(*, session: Session, kind: PlanKind, plan_id: int, status: PlanStatus) -> PlanStatus:
    """Move a plan to ``status``; raises :class:`PlanError` when the rules forbid it."""
    view = get_plan(session=session, kind=kind, plan_id=plan_id)
    problem = status_problem(view, PlanStatus(status))
    if problem:
        raise PlanError(problem)
    plan = _plan_row(session, kind, plan_id)
    plan.status = PlanStatus(status)
    plan.updated_at = clock.now()
    session.add(plan)
    session.commit()
    return PlanStatus(status)


def review_blocked(plan: PlanView) -> str | None:
    """Why ``plan`` cannot have a closing review now (what to do instead), or None."""
    if plan.kind != ONBOARDING:
        return "Offboarding plans have no closing review; s closes one once every action is done."
    if plan.status not in (PlanStatus.RUNNING, PlanStatus.CLOSED):
        return "The closing review is for a running plan; start the plan first (s)."
    return None


def review_problems(
    checks: Sequence[ReviewCheck], answers: Mapping[str, str], open_actions: int
) -> dict[str, str]:
    """What is wrong with a closing review, by item key (empty when it can be stored)."""
    problems: dict[str, str] = {}
    for check in checks:
        value = answers.get(check.key)
        if value not in CHECK_VALUES:
            problems[check.key] = "Answer this item (yes, partly, no, don't know or n/a)."
    for check in checks:
        if check.rule == "actions_done" and answers.get(check.key) == "yes" and open_actions:
            problems[check.key] = (
                f"{open_actions} action{'s are' if open_actions > 1 else ' is'} still open: "
                "answer no or partly, or mark them done first."
            )
    return problems


def close_review(
    *,
    session: Session,
    plan_id: int,
    answers: Mapping[str, str],
    notes: Mapping[str, str] | None = None,
    templates: PlanTemplates | None = None,
) -> PlanView:
    """Store the closing review of an onboarding plan (answers by item key, and a note
    per item) with today's time; raises :class:`InvalidInput` naming each item to fix,
    or :class:`PlanError` when the plan is not running or closed."""
    from relwork.models import OnboardingPlan

    if templates is None:
        templates, _problems = load_templates()
    view = get_plan(session=session, kind=ONBOARDING, plan_id=plan_id, templates=templates)
    blocked = review_blocked(view)
    if blocked:
        raise PlanError(blocked)
    problems = review_problems(templates.review, answers, len(view.open_actions))
    if problems:
        raise InvalidInput(problems)
    kept_notes = {k: clean(v).strip() for k, v in (notes or {}).items() if clean(v or "").strip()}
    review: dict[str, Any] = {c.key: answers[c.key] for c in templates.review}
    review["notes"] = {c.key: kept_notes[c.key] for c in templates.review if c.key in kept_notes}
    plan = session.get(OnboardingPlan, plan_id)
    assert plan is not None
    plan.review = review
    plan.reviewed_at = _utc_now()
    plan.updated_at = clock.now()
    session.add(plan)
    session.commit()
    return get_plan(session=session, kind=ONBOARDING, plan_id=plan_id, templates=templates)


def review_start(plan: PlanView, checks: Sequence[ReviewCheck]) -> dict[str, str]:
    """What the review form starts with: the stored answers and notes (as ``key`` and
    ``key_note``), or for a first review the open actions in the "open_actions" note."""
    values = {k: str(v) for k, v in plan.review.items() if k != "notes"}
    notes = plan.review.get("notes")
    values |= {f"{k}_note": str(v) for k, v in (notes if isinstance(notes, dict) else {}).items()}
    if not plan.has_review:
        listed = "\n".join(
            f"- {a.description}" + (f" ({a.owner})" if a.owner else "") for a in plan.open_actions
        )
        for check in checks:
            if check.rule == "open_actions" and check.note:
                values[f"{check.key}_note"] = listed
    return values


# --- demo -------------------------------------------------------------------------------------

DEMO_FILE = "demo/plans.toml"
_DATE_ANSWERS = ("starts_on", "ends_on")
_DEMO_KEYS = {"client", "set", "author", "finished_days_ago", "status", "answers"}


def load_demo_plans(*, session: Session, portfolio: DemoPortfolio) -> None:
    """Demo plans from ``data/demo/plans.toml``, made the real way: a wizard run with its
    answers is finished by the wizard engine, whose result handler writes the plan; then
    the tracking state (status, done marks) is applied.

    Dates in the file are whole days from the demo's today (negative: in the past); an
    action's ``done_days_ago`` marks it done that many days ago. A client name that is
    not in the portfolio is an error, unless none of the file's clients is (the demo
    was loaded from another file).
    """
    raw = tomllib.loads((shipped_data_dir() / DEMO_FILE).read_text("utf-8"))
    entries = raw.get("plan", [])
    if not {e.get("client") for e in entries} & set(portfolio.accounts):
        return  # a portfolio from another demo file: none of these clients is in it
    for entry in entries:
        _demo_plan(session, portfolio, entry)


def _demo_plan(session: Session, portfolio: DemoPortfolio, entry: Mapping[str, Any]) -> None:
    from relwork.models import WizardAnswer, WizardRun
    from relwork.services.demo import DemoDataError
    from relwork.services.wizard_runs import finish_run, question_set_of

    where = f"{DEMO_FILE}: plan for {entry.get('client')!r}"
    unknown = sorted(set(entry) - _DEMO_KEYS)
    if unknown:
        raise DemoDataError(f"{where} has unknown keys {unknown}")
    if entry.get("client") not in portfolio.accounts:
        raise DemoDataError(f"{where}: there is no demo client of that name")
    today = portfolio.now.date()
    answers = dict(entry["answers"])
    for key in _DATE_ANSWERS:
        if isinstance(answers.get(key), int):
            answers[key] = (today + timedelta(days=answers[key])).isoformat()
    done_days_ago: list[int | None] = []
    rows = []
    for given in answers.get("actions", []):
        row = dict(given)
        done_days_ago.append(row.pop("done_days_ago", None))
        if isinstance(row.get("due"), int):
            row["due"] = (today + timedelta(days=row["due"])).isoformat()
        rows.append(row)
    answers["actions"] = rows
    finished = portfolio.now - timedelta(days=int(entry.get("finished_days_ago", 0)))
    run = WizardRun(
        account_id=portfolio.accounts[entry["client"]],
        set_key=str(entry["set"]),
        author=str(entry.get("author", "")),
        started_at=finished,
        updated_at=finished,
    )
    session.add(run)
    session.flush()
    assert run.id is not None
    run.set_title = question_set_of(run).title
    for key, value in answers.items():
        session.add(WizardAnswer(run_id=run.id, question_key=key, value=value, updated_at=finished))
    session.flush()
    finish_run(session=session, run_id=run.id)  # the engine calls the result handler
    run.finished_at = run.updated_at = finished
    session.add(run)
    views = [v for v in plans_for(session=session, account_id=run.account_id) if v.run_id == run.id]
    if len(views) != 1 or len(views[0].actions) != len(done_days_ago):
        raise DemoDataError(f"{where}: the wizard did not write the plan as expected")
    view = views[0]
    plan = _plan_row(session, view.kind, view.id)
    plan.status = PlanStatus(entry.get("status", plan.status))
    plan.created_at = finished
    session.add(plan)
    for action, days in zip(view.actions, done_days_ago, strict=True):
        if days is not None:
            row_action = _action(session, action.id)
            row_action.done_at = (portfolio.now - timedelta(days=days)).astimezone(UTC)
            session.add(row_action)
    session.flush()
