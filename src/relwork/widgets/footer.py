"""The key footer, redrawn at most once per frame.

Textual's Footer rebuilds all its keys for every bindings change; at start-up and on
screen switches several changes arrive within one frame (focus moves, rows load), and
each rebuild restyles a dozen widgets. Coalescing them keeps the first frame fast.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()
