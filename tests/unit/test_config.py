"""Settings file, user folders (platformdirs / XDG) and the clock."""

from __future__ import annotations

import getpass
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from relwork import clock
from relwork.cli import _database_location
from relwork.config import Settings, config_path, current_user, load_settings
from relwork.locations import config_dir, data_dir, default_db_path, shipped_data_dir


def _home() -> Path:
    return Path(os.environ["HOME"])


def test_missing_settings_file_gives_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "absent.toml")
    assert settings == Settings()
    assert settings.theme == "relwork"
    assert settings.problems == []


def test_settings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'user_name = "Sam Okafor"\ndatabase = "~/work.db"\ntheme = "textual-dark"\n',
        encoding="utf-8",
    )
    settings = load_settings(path)
    assert settings == Settings(user_name="Sam Okafor", database="~/work.db", theme="textual-dark")


def test_unknown_setting_is_reported_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('user_name = "Sam"\ncolour = "blue"\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.user_name == "Sam"
    assert settings.problems == [f"Unknown setting 'colour' in {path}"]


@pytest.mark.parametrize("content", [b"user_name = ", b"\xff\xfe not utf-8", b"[[["])
def test_broken_settings_file_is_reported_and_ignored(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(content)
    settings = load_settings(path)
    assert (settings.user_name, settings.database, settings.theme) == ("", "", "relwork")
    assert len(settings.problems) == 1
    assert settings.problems[0].startswith(f"Settings file {path} was ignored: ")


def test_settings_folder_is_reported_not_fatal(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert len(settings.problems) == 1


def test_config_path_honours_relwork_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELWORK_CONFIG", "~/elsewhere/relwork.toml")
    assert config_path() == _home() / "elsewhere" / "relwork.toml"


def test_default_config_path_is_in_the_xdg_config_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RELWORK_CONFIG")
    assert config_dir() == _home() / "config" / "relwork"
    assert config_path() == _home() / "config" / "relwork" / "config.toml"


def test_load_settings_reads_the_configured_file(monkeypatch: pytest.MonkeyPatch) -> None:
    path = _home() / "mine.toml"
    path.write_text('user_name = "From file"\n', encoding="utf-8")
    monkeypatch.setenv("RELWORK_CONFIG", str(path))
    assert load_settings().user_name == "From file"


def test_data_folder_follows_xdg_data_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert data_dir() == _home() / "data" / "relwork"
    assert default_db_path() == _home() / "data" / "relwork" / "relwork.db"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "relwork" / "relwork.db"


def test_shipped_data_folder_holds_the_reference_files() -> None:
    folder = shipped_data_dir()
    for name in ("demo.toml", "journey.toml", "relationship_types.toml"):
        assert (folder / name).is_file()


def test_current_user_prefers_the_configured_name() -> None:
    assert current_user(Settings(user_name="Sam Okafor")) == "Sam Okafor"
    assert current_user(Settings()) == getpass.getuser()
    assert current_user(None) == getpass.getuser()


def test_database_location_order(monkeypatch: pytest.MonkeyPatch) -> None:
    # nothing chosen: the user data folder, owned by relwork (kept 0700)
    assert _database_location(None) == (_home() / "data" / "relwork" / "relwork.db", True)
    settings = _home() / "settings.toml"
    settings.write_text('database = "~/from-settings.db"\n', encoding="utf-8")
    monkeypatch.setenv("RELWORK_CONFIG", str(settings))
    # a chosen path is returned as given: open_store expands ~ and reports a bad one
    assert _database_location(None) == (Path("~/from-settings.db"), False)
    monkeypatch.setenv("RELWORK_DB", "~/from-env.db")
    assert _database_location(None) == (Path("~/from-env.db"), False)
    assert _database_location("~/from-flag.db") == (Path("~/from-flag.db"), False)


def test_frozen_clock_is_what_tests_see(frozen_clock: datetime) -> None:
    assert clock.now() == frozen_clock == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    assert clock.today() == date(2026, 11, 20)


def test_freezing_a_naive_moment_makes_it_aware() -> None:
    clock.freeze(datetime(2027, 1, 2, 3, 4))
    assert clock.now().tzinfo is not None
    assert clock.now() == datetime(2027, 1, 2, 3, 4, tzinfo=UTC)


def test_relwork_today_pins_the_process_to_nine(monkeypatch: pytest.MonkeyPatch) -> None:
    clock.freeze(None)
    monkeypatch.setenv("RELWORK_TODAY", "2030-05-06")
    assert clock.now() == datetime(2030, 5, 6, 9, 0, tzinfo=UTC)
    assert clock.today() == date(2030, 5, 6)


def test_unfrozen_clock_is_aware_and_whole_seconds() -> None:
    clock.freeze(None)
    moment = clock.now()
    assert moment.tzinfo is not None
    assert moment.microsecond == 0
    assert abs((moment - datetime.now(UTC)).total_seconds()) < 5


def test_local_shows_a_stored_time_in_the_local_zone() -> None:
    stored = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    assert clock.local(stored) == stored
    assert clock.local(stored).tzinfo is not None
