"""The command palette: every client, screen and main action, reachable by name.

Titles read "category: Action". Screens add their own commands by defining
``palette_commands()``; later features add theirs the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from relwork.palette import PaletteCommand

if TYPE_CHECKING:
    from relwork.app import RelworkApp


CLIENT_NAMES_SQL = """
SELECT a.id, o.name, a.archived_at FROM account a
JOIN organization o ON o.id = a.organization_id ORDER BY lower(o.name)
"""


class RelworkCommands(Provider):
    async def startup(self) -> None:
        app: RelworkApp = self.app  # type: ignore[assignment]
        self._commands = list(self._collect(app))

    def _collect(self, app: RelworkApp) -> Iterable[PaletteCommand]:
        screen = self.screen
        provided = getattr(screen, "palette_commands", None)
        if provided is not None:
            yield from provided()
        yield PaletteCommand("client: New client", "Create a client", app.new_client)
        yield PaletteCommand("view: Portfolio dashboard", "All clients", app.show_dashboard)
        yield PaletteCommand(
            "view: Today", "Actions, people to call and reviews due", app.open_today
        )
        yield PaletteCommand(
            "search: Search clients, contacts and notes", "Full-text search", app.open_search
        )
        yield PaletteCommand(
            "note: New note", "Capture a note (n, or ctrl+n anywhere)", app.action_capture
        )
        yield PaletteCommand("help: Show keys", "Every key of this screen", app.action_toggle_help)
        for row in app.store.read(CLIENT_NAMES_SQL):
            suffix = " (archived)" if row["archived_at"] else ""
            client_id = row["id"]
            yield PaletteCommand(
                f"client: Open {row['name']}{suffix}",
                "Open the client workspace",
                partial(app.open_client, client_id),
            )

    async def discover(self) -> Hits:
        for command in self._commands:
            if not command.title.startswith("client: Open "):
                yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands:
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)
