"""Shared fixtures: an isolated environment, a pinned clock and a fresh store per test."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from relwork import clock
from relwork.db import Store, open_store

# The moment every test lives in: a Friday morning, UTC.
FROZEN_NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the user's real folders, settings or database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("RELWORK_CONFIG", str(home / "no-settings.toml"))
    monkeypatch.delenv("RELWORK_DB", raising=False)
    monkeypatch.delenv("RELWORK_TODAY", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[datetime]:
    clock.freeze(FROZEN_NOW)
    yield FROZEN_NOW
    clock.freeze(None)


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database at the newest schema, made once and copied per test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    open_store(path).close()
    return path


@pytest.fixture
def store(tmp_path: Path, _migrated_template: Path) -> Iterator[Store]:
    path = tmp_path / "relwork.db"
    shutil.copyfile(_migrated_template, path)
    os.chmod(path, 0o600)
    opened = open_store(path)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(store: Store) -> Store:
    from relwork.services.demo import load_demo

    with store.session() as session:
        load_demo(session=session)
    return store
