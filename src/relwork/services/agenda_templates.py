"""Agenda section templates: the shipped ``data/review/agenda.toml`` or a user's own, checked.

The sections, their order, titles, default audience and where their items come from ship
as ``data/review/agenda.toml``; ``<config folder>/review/agenda.toml`` replaces it for one
user. A broken file is reported (what is wrong, where) and the shipped one is used instead.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from relwork.locations import config_dir, shipped_data_dir
from relwork.text import clean_line

PRIMARY = "primary"
SECONDARY = "secondary"
CUSTOM = "custom"  # the key of a section the user added
TITLE_MAX = 200

FEEDS: dict[str, str] = {
    "none": "filled by hand or in the meeting",
    "scorecard": "each agreed measure against its target",
    "changes": "journey moves, agreements, relationship type and maturity",
    "incidents": "complaints and feedback logged in the period",
    "responsibilities": "who looks after what, third parties included",
    "actions": "actions from the last review, and other overdue ones",
    "open_recommendations": "earlier recommendations still open",
    "trust": "trust index and stakeholder map changes",
    "plans": "onboarding and offboarding progress",
    "risks": "open risks",
    "watermelon": "evidence that green figures hide an unhappy client",
    "recommendations": "recommendations made in this review",
}

_KEY = re.compile(r"^[A-Za-z0-9_-]{1,60}$")
_SECTION_FIELDS = ("key", "title", "feed", "audience", "hint")


@dataclass(frozen=True)
class SectionTemplate:
    key: str
    title: str
    feed: str = "none"
    audience: str = PRIMARY
    hint: str = ""

    @property
    def secondary_only(self) -> bool:
        return self.audience == SECONDARY


def parse_templates(text: str) -> list[SectionTemplate]:
    """Section templates from TOML text; raises ``ValueError`` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"not valid TOML ({exc})") from None
    problems: list[str] = []
    unknown = sorted(set(data) - {"section"})
    if unknown:
        problems.append(f"unknown setting {', '.join(unknown)} (only [[section]] tables)")
    raw = data.get("section")
    if not isinstance(raw, list) or not raw:
        problems.append("has no [[section]] tables (each needs key, title and feed)")
        raw = []
    templates: list[SectionTemplate] = []
    seen: set[str] = set()
    for number, entry in enumerate(raw, start=1):
        where = f"section {number}"
        if not isinstance(entry, dict):
            problems.append(f"{where} is not a table; write it as [[section]]")
            continue
        before = len(problems)
        extra = sorted(set(entry) - set(_SECTION_FIELDS))
        if extra:
            problems.append(f"{where} has unknown {', '.join(extra)}")
        key = entry.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            problems.append(f"{where} needs a 'key' of letters, digits, '_' or '-'")
            key = ""
        elif key in seen:
            problems.append(f"{where} repeats the key '{key}'")
        seen.add(str(key))
        title = entry.get("title")
        if not isinstance(title, str) or not clean_line(title):
            problems.append(f"{where} needs a 'title'")
            title = ""
        feed = entry.get("feed", "none")
        if feed not in FEEDS:
            problems.append(f"{where} has feed '{feed}' (use one of {', '.join(FEEDS)})")
        audience = entry.get("audience", PRIMARY)
        if audience not in (PRIMARY, SECONDARY):
            problems.append(f"{where} has audience '{audience}' (use primary or secondary)")
        hint = entry.get("hint", "")
        if not isinstance(hint, str):
            problems.append(f"{where}: 'hint' must be text")
            hint = ""
        if len(problems) == before:
            templates.append(
                SectionTemplate(
                    key=str(key),
                    title=clean_line(str(title))[:TITLE_MAX],
                    feed=str(feed),
                    audience=str(audience),
                    hint=clean_line(hint),
                )
            )
    if problems:
        raise ValueError("; ".join(problems))
    return templates


def load_templates(custom: Path | None = None) -> tuple[list[SectionTemplate], list[str]]:
    """The agenda's section templates, and what was wrong with a custom file, if any.

    ``custom`` defaults to ``<config folder>/review/agenda.toml``; when it exists and is
    valid it replaces the shipped file, otherwise its problems are returned and the
    shipped templates are used.
    """
    shipped = parse_templates((shipped_data_dir() / "review" / "agenda.toml").read_text("utf-8"))
    path = custom if custom is not None else config_dir() / "review" / "agenda.toml"
    if not path.is_file():
        return shipped, []
    try:
        return parse_templates(path.read_text("utf-8")), []
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        return shipped, [f"review/agenda.toml: cannot be read ({reason}); the shipped one is used"]
    except ValueError as exc:
        return shipped, [f"review/agenda.toml: {exc}; the shipped one is used"]
