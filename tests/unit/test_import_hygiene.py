"""Layering: the domain never pulls in Textual, and start-up stays light."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import relwork.services

SERVICES = sorted(
    f"relwork.services.{p.stem}"
    for p in Path(relwork.services.__file__).parent.glob("*.py")
    if p.stem != "__init__"
)


def _loaded_after(imports: list[str], watched: list[str]) -> dict[str, bool]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {imports!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps({{m: m in sys.modules for m in {watched!r}}}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_service_list_is_complete() -> None:
    for expected in ("clients", "contacts", "demo", "journey", "notes", "portfolio", "rules"):
        assert f"relwork.services.{expected}" in SERVICES


def test_domain_and_command_line_do_not_import_textual() -> None:
    modules = [
        *SERVICES,
        "relwork.models",
        "relwork.db",
        "relwork.cli",
        "relwork.config",
        "relwork.text",
        "relwork.clock",
        "relwork.locations",
    ]
    watched = ["textual", "relwork.app", "relwork.screens", "relwork.widgets", "sqlmodel"]
    assert _loaded_after(modules, watched) == {
        "textual": False,
        "relwork.app": False,
        "relwork.screens": False,
        "relwork.widgets": False,
        "sqlmodel": True,  # the check does see a heavy import when one happens
    }


def test_start_up_path_does_not_import_the_orm_or_alembic() -> None:
    loaded = _loaded_after(
        ["relwork.cli", "relwork.db", "relwork.locations", "relwork.config"],
        ["sqlalchemy", "sqlmodel", "alembic", "pydantic", "textual"],
    )
    assert not any(loaded.values()), loaded


def test_first_screen_query_does_not_import_the_orm() -> None:
    """The dashboard's rows come from plain sqlite3, so the first frame need not wait
    for SQLAlchemy or pydantic to load."""
    loaded = _loaded_after(
        [
            "relwork.services.portfolio",
            "relwork.services.today",
            "relwork.services.search",
            "relwork.services.timeline",
            "relwork.services.quicknote",
            "relwork.services.stakeholders",
            "relwork.services.trust",
            "relwork.enums",
            "relwork.formatting",
        ],
        ["sqlalchemy", "sqlmodel", "pydantic"],
    )
    assert not any(loaded.values()), loaded


def test_the_app_starts_without_loading_the_orm() -> None:
    """The first frame (dashboard, Today list, search and the note panel) needs only
    sqlite3; the ORM loads when a client is opened or a form saved."""
    loaded = _loaded_after(
        [
            "relwork.cli",
            "relwork.app",
            "relwork.screens.dashboard",
            "relwork.screens.capture",
            "relwork.screens.today",
            "relwork.screens.search",
        ],
        ["sqlalchemy", "sqlmodel", "pydantic", "alembic", "textual"],
    )
    assert loaded == {
        "sqlalchemy": False,
        "sqlmodel": False,
        "pydantic": False,
        "alembic": False,
        "textual": True,  # the check does see an import when one happens
    }


def test_first_frame_modules_leave_the_heavier_services_for_later() -> None:
    """The app and its dashboard import neither the trust and stakeholder rules nor the
    Today computation: those fill in after the first frame (in workers)."""
    loaded = _loaded_after(
        ["relwork.app", "relwork.screens.dashboard"],
        [
            "relwork.services.trust",
            "relwork.services.stakeholders",
            "relwork.services.today",
            "relwork.services.watermelon",
            "sqlmodel",
            "relwork.services.portfolio",
        ],
    )
    assert loaded == {
        "relwork.services.trust": False,
        "relwork.services.stakeholders": False,
        "relwork.services.today": False,
        "relwork.services.watermelon": False,
        "sqlmodel": False,
        "relwork.services.portfolio": True,  # the check does see what the dashboard needs
    }
