"""The floor for start-up time: a Textual app that draws one Label and nothing else.

bench/run.py starts it under a pseudo-terminal, exactly like relwork, and waits for
READY_TEXT to appear; ctrl+q (Textual's default quit key) ends it.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Label

READY_TEXT = "minimal app ready"


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label(READY_TEXT)


if __name__ == "__main__":
    MinimalApp().run()
