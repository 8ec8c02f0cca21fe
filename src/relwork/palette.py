"""What a screen offers the command palette; kept apart from the palette itself so
screens can describe their commands without loading it."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple


class PaletteCommand(NamedTuple):
    title: str
    help: str
    run: Callable[[], object]
