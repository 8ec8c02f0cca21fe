"""Where a question set reaches into the rest of relwork, named as data.

``PREFILL`` names the providers that suggest the first rows of a group question;
``RESULTS`` names what turns a finished run into a record. Targets are written as
``"module:function"`` and imported only when used, so loading question sets stays
light.

- prefill provider: ``(answers: Mapping[str, Any], *, today: date) -> list[dict]``
  (the group's rows);
- result handler: ``(*, session, run, answers: Mapping[str, Any]) -> int`` (the id of
  the record written; called again for the same run it updates the same record).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

PREFILL: dict[str, str] = {
    "onboarding_actions": "relwork.services.plan_wizard:prefill_onboarding_actions",
    "offboarding_actions": "relwork.services.plan_wizard:prefill_offboarding_actions",
}
RESULTS: dict[str, str] = {
    "onboarding_plan": "relwork.services.plan_wizard:plan_from_run",
    "offboarding_plan": "relwork.services.plan_wizard:offboarding_from_run",
}


class HookError(LookupError):
    """A hook name that is not known, or whose target cannot be imported."""


def resolve(target: str) -> Callable[..., Any]:
    """The function named by ``"module:function"``."""
    module_name, _, function_name = target.partition(":")
    try:
        function = getattr(importlib.import_module(module_name), function_name)
    except (ImportError, AttributeError) as exc:
        raise HookError(f"Cannot use '{target}': {exc}") from exc
    if not callable(function):
        raise HookError(f"'{target}' is not a function")
    return function  # type: ignore[no-any-return]


def prefill_rows(name: str, answers: Mapping[str, Any], *, today: date) -> list[dict[str, Any]]:
    """The rows the provider ``name`` suggests for a group question."""
    if name not in PREFILL:
        raise HookError(f"There is no prefill provider called '{name}'")
    rows = resolve(PREFILL[name])(answers, today=today)
    return [dict(row) for row in rows]


def result_handler(result: str) -> Callable[..., int] | None:
    """The handler that writes the record for a finished run of this result kind;
    None for assessments, which need none."""
    target = RESULTS.get(result)
    return resolve(target) if target else None
