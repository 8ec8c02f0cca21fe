"""Build hook: an editable install byte-compiles relwork's own modules.

uv's ``compile-bytecode`` compiles what it installs into the environment, but an
editable install leaves relwork's code in ``src/``, where Python would compile every
module again on each start when bytecode writing is off (PYTHONDONTWRITEBYTECODE).
Compiling them once here gives ``uv run relwork`` the same start as a wheel install.
Stale files are harmless: Python checks each source's time stamp and size, and
compiles an edited module in memory until the next install.
"""

from __future__ import annotations

import compileall
import py_compile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class EditableBytecodeHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version != "editable":
            return  # wheels are compiled by the installer
        compileall.compile_dir(
            Path(self.root) / "src" / "relwork",
            quiet=2,
            # time stamps, not hashes: an unchanged file is not read twice per start
            invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP,
        )
