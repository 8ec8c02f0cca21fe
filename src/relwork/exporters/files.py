"""Writing export files: private to the user, and never half-written."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from relwork.locations import PRIVATE_FILE


def write_private(target: Path, data: bytes) -> None:
    """Write ``data`` beside ``target`` as 0600, then move it into place in one step."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), PRIVATE_FILE)  # exactly 0600, whatever the umask
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
