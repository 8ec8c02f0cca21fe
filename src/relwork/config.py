"""User settings: a TOML file in the config folder (``RELWORK_CONFIG`` points elsewhere).

Settings are read lazily and only what the caller asks for; a broken file never
stops relwork from starting, it is reported instead.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relwork.locations import config_dir


@dataclass(frozen=True)
class Settings:
    user_name: str = ""
    database: str = ""
    theme: str = "relwork"
    # a stakeholder map not reviewed (no snapshot taken) for this many days is flagged
    map_review_days: int = 90
    # overrides of the watermelon warning's thresholds (the [watermelon] table), validated
    watermelon: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def config_path() -> Path:
    override = os.environ.get("RELWORK_CONFIG")
    return Path(override).expanduser() if override else config_dir() / "config.toml"


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(problems=[f"Settings file {path} was ignored: {exc}"])
    import tomllib  # only when there is a file to read

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Settings(problems=[f"Settings file {path} was ignored: {exc}"])
    problems = [
        f"Unknown setting '{key}' in {path}"
        for key in raw
        if key not in (*_KNOWN, *_NUMBERS, "watermelon")
    ]
    values: dict[str, Any] = {key: str(raw[key]) for key in _KNOWN if key in raw}
    for key, (low, high) in _NUMBERS.items():
        if key not in raw:
            continue
        value = raw[key]
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            values[key] = value
        else:
            problems.append(
                f"Setting '{key}' in {path} must be a whole number from {low} to "
                f"{high}; the default is used."
            )
    if "watermelon" in raw:
        values["watermelon"] = _watermelon(raw["watermelon"], path, problems)
    return Settings(**values, problems=problems)


_KNOWN = ("user_name", "database", "theme")
_NUMBERS = {"map_review_days": (1, 3650)}
# [watermelon] thresholds: name -> (lowest, highest, whole number only)
_WATERMELON: dict[str, tuple[float, float, bool]] = {
    "green_share": (0.0, 1.0, False),
    "window_days": (30, 730, True),
    "satisfaction_drop": (0.1, 5.0, False),
    "satisfaction_floor": (0.0, 5.0, False),
    "trust_floor": (1.0, 5.0, False),
    "trust_drop": (0.1, 4.0, False),
    "complaints": (1, 100, True),
    "complaint_days": (7, 730, True),
}


def _watermelon(raw: object, path: Path, problems: list[str]) -> dict[str, float]:
    """The valid ``[watermelon]`` thresholds; each bad one is reported and left default."""
    if not isinstance(raw, dict):
        problems.append(f"'watermelon' in {path} must be a table, [watermelon]; defaults used.")
        return {}
    chosen: dict[str, float] = {}
    for key, value in raw.items():
        if key not in _WATERMELON:
            problems.append(
                f"Unknown setting 'watermelon.{key}' in {path} (known: {', '.join(_WATERMELON)})"
            )
            continue
        low, high, whole = _WATERMELON[key]
        number = isinstance(value, int) or (not whole and isinstance(value, float))
        if isinstance(value, bool) or not number or not low <= value <= high:
            kind = "a whole number" if whole else "a number"
            problems.append(
                f"Setting 'watermelon.{key}' in {path} must be {kind} from {low:g} to "
                f"{high:g}; the default is used."
            )
            continue
        chosen[key] = value
    return chosen


def current_user(settings: Settings | None = None) -> str:
    """The name written as author/owner: the configured one, else the login name."""
    if settings and settings.user_name:
        return settings.user_name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
