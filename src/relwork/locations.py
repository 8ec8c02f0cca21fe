"""Where relwork keeps its files, and how they are kept private.

Everything relwork creates is readable by the user alone: folders 0700, files 0600,
whatever the umask. An existing file that others can read is tightened, and the
caller is told so it can show a notice.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

APP_NAME = "relwork"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "relwork.db"


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def shipped_data_dir() -> Path:
    """The ``data/`` folder: inside the installed package, or at the source tree's root."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    return packaged if packaged.is_dir() else here.parents[1] / "data"


def ensure_private_dir(path: Path) -> list[str]:
    """Create ``path`` (and parents) as 0700; tighten it if it is open to others."""
    notices: list[str] = []
    if not path.exists():
        path.mkdir(parents=True, mode=PRIVATE_DIR)
        os.chmod(path, PRIVATE_DIR)  # mkdir's mode is filtered by the umask
    elif _open_to_others(path):
        os.chmod(path, stat.S_IMODE(path.stat().st_mode) & ~0o077)
        notices.append(f"Folder {path} was readable by other users; it is now private.")
    return notices


def ensure_private_file(path: Path) -> list[str]:
    """Create ``path`` empty as 0600 if missing; tighten it if others can read it."""
    notices: list[str] = []
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, PRIVATE_FILE)
        os.close(fd)
        os.chmod(path, PRIVATE_FILE)
    elif _open_to_others(path):
        os.chmod(path, PRIVATE_FILE)
        notices.append(f"{path.name} was readable by other users; it is now private (0600).")
    return notices


def tighten_companions(db_path: Path) -> None:
    """SQLite's -wal and -shm files must be as private as the database itself."""
    for suffix in ("-wal", "-shm", "-journal"):
        companion = db_path.with_name(db_path.name + suffix)
        if companion.exists() and _open_to_others(companion):
            os.chmod(companion, PRIVATE_FILE)


def _open_to_others(path: Path) -> bool:
    return bool(path.stat().st_mode & 0o077)
