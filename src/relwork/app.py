"""RelworkApp: wiring of store, screens, theme, global keys and the command palette."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import Reactive

from relwork import safety
from relwork.db import Store
from relwork.theme import RELWORK_THEME

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen
    from textual.theme import Theme

    from relwork.config import Settings
    from relwork.drafts import DraftWriter


def _relwork_commands() -> type[Provider]:
    # loaded when the palette first opens, not on the way to the first frame
    from relwork.commands import RelworkCommands

    return RelworkCommands


class RelworkApp(App[None]):
    """The full-screen workbench. Build it with :func:`create_app`."""

    CSS_PATH = "app.tcss"
    TITLE = "relwork"
    COMMANDS: ClassVar = App.COMMANDS | {_relwork_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "capture", "Note", id="app.note"),
        # works inside text fields too, so a note can start from anywhere mid-typing
        Binding("ctrl+n", "capture", "Note", show=False, priority=True, id="app.note_anywhere"),
        Binding("question_mark", "toggle_help", "Keys", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit"),
    ]
    # relwork's theme is the one the app starts with, so the stylesheet is parsed once,
    # with its colours: switching theme after start-up parses every stylesheet again
    theme: Reactive[str] = Reactive(RELWORK_THEME.name)

    def __init__(
        self,
        store: Store,
        *,
        demo: bool = False,
        user: str = "",
        theme: str = "relwork",
        settings: Settings | None = None,
    ) -> None:
        from relwork.config import Settings

        super().__init__()
        self.store = store
        self.settings = settings or Settings()
        self.demo = demo
        self.user = user
        if theme != self.theme and theme in self.available_themes:
            self.theme = theme
        self.open_drafts: set[DraftWriter] = set()

    @property
    def available_themes(self) -> dict[str, Theme]:
        # available from the start of App.__init__, which already reads the theme's colours
        return {**super().available_themes, RELWORK_THEME.name: RELWORK_THEME}

    def get_default_screen(self) -> Screen[Any]:
        # the dashboard is the bottom screen itself: no empty screen is drawn first
        from relwork.screens.dashboard import DashboardScreen

        return DashboardScreen()

    def on_mount(self) -> None:
        for notice in self.store.notices:
            self.notify(notice, title="Storage", timeout=8, markup=False)
        safety.protect_drafts(self)
        self.call_after_refresh(self.after_first_frame)
        self.call_after_refresh(self.offer_unsaved_drafts)

    def after_first_frame(self) -> None:
        """Turn the cycle collector back on if the command line held it back to start."""
        if not gc.isenabled():
            # What start-up built lives on, so later collections need not walk it each
            # time. The few cycles that were already garbage (~0.5 MB once) stay too:
            # collecting them first would hold up the screen's next steps by 25-100 ms.
            gc.freeze()
            gc.enable()

    # --- capture ------------------------------------------------------------------------

    def action_capture(self) -> None:
        """Open the note panel; the open client, if any, is preselected."""
        from relwork.screens.capture import CaptureScreen, CaptureStart
        from relwork.screens.client import ClientScreen

        if isinstance(self.screen, CaptureScreen):
            return
        start = CaptureStart()
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ClientScreen) and screen.client is not None:
                start = CaptureStart(client_id=screen.client_id, client_name=screen.client.name)
                break
        self.push_screen(CaptureScreen(start), self._after_capture)

    def _after_capture(self, note_id: int | None) -> None:
        if note_id is not None and hasattr(self.screen, "reload"):
            self.screen.reload()

    def offer_unsaved_drafts(self) -> None:
        """A note left unsaved by a closed terminal or a crash is offered back, untouched."""
        from relwork.drafts import drafts_dir, orphaned_drafts

        found = orphaned_drafts(drafts_dir(self.store.path))
        if not found:
            return
        from relwork.screens.capture import CaptureScreen, CaptureStart
        from relwork.screens.confirm import ConfirmScreen

        path, draft = found[0]
        client = f" for {draft.client_name}" if draft.client_name else ""
        question = (
            f"A note{client} was not saved (last kept {draft.saved_at[:16].replace('T', ' ')}, "
            f"{len(draft.text)} characters). Restore it now?"
        )

        def answered(restore: bool | None) -> None:
            if restore:
                start = CaptureStart(
                    client_id=draft.client_id,
                    client_name=draft.client_name,
                    kind=draft.kind,
                    when=draft.when,
                    text=draft.text,
                    draft_path=path,
                )
                self.push_screen(CaptureScreen(start), self._after_capture)
            else:
                self.notify("The draft is kept; relwork offers it again at the next start.")

        self.push_screen(ConfirmScreen(question, yes="Restore", no="Later"), answered)

    def _fatal_error(self) -> None:
        # Textual's default prints a traceback with local variables, which may hold note
        # text; relwork writes a private crash log instead and says where it is.
        safety.report_crash(self)

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    # --- client flows shared by the dashboard, the workspace and the palette ------------

    def open_client(self, client_id: int) -> None:
        from relwork.screens.client import ClientScreen

        self.push_screen(ClientScreen(client_id))

    def open_search(self) -> None:
        from relwork.screens.search import SearchScreen

        self.push_screen(SearchScreen())

    def open_today(self) -> None:
        from relwork.screens.today import TodayScreen

        self.push_screen(TodayScreen())

    def show_dashboard(self) -> None:
        from relwork.screens.dashboard import DashboardScreen

        while not isinstance(self.screen, DashboardScreen) and len(self.screen_stack) > 1:
            self.pop_screen()

    def new_client(self, on_saved: Callable[[int], None] | None = None) -> None:
        self._client_form(None, on_saved)

    def edit_client(self, client_id: int, on_saved: Callable[[int], None] | None = None) -> None:
        self._client_form(client_id, on_saved)

    def set_archived(self, client_id: int, archived: bool) -> None:
        from relwork.services.clients import set_archived

        with self.store.session() as session:
            client = set_archived(session=session, client_id=client_id, archived=archived)
        verb = "Archived" if archived else "Restored"
        self.notify(f"{verb} {client.name}.", markup=False)

    def _client_form(self, client_id: int | None, on_saved: Callable[[int], None] | None) -> None:
        from relwork.screens.form import FormScreen
        from relwork.screens.forms import client_fields
        from relwork.services import clients

        if client_id is None:
            title = "New client"
            values: dict[str, Any] = {
                "status": "active",
                "current_step": "explore",
                "current_type": "basic",
                "rm_owner": self.user,
            }
        else:
            with self.store.session() as session:
                existing = clients.get_client(session=session, client_id=client_id)
            title = f"Edit client: {existing.name}"
            values = existing.as_form()

        def save(form: dict[str, Any]) -> int:
            data = clients.parse_client(form)
            with self.store.session() as session:
                if client_id is None:
                    saved = clients.create_client(session=session, data=data, author=self.user)
                else:
                    saved = clients.update_client(
                        session=session, client_id=client_id, data=data, author=self.user
                    )
            return saved.id

        def closed(result: int | None) -> None:
            if result is not None:
                self.notify("Client saved.")
                if on_saved:
                    on_saved(result)

        self.push_screen(
            FormScreen(title=title, fields=client_fields(), save=save, values=values), closed
        )


DEMO_USER = "Sam Okafor"  # the relationship manager of every client in data/demo.toml


def create_app(store: Store, *, demo: bool = False, settings: Settings | None = None) -> RelworkApp:
    """The one app factory, used by the command line and by the tests."""
    from relwork.config import current_user, load_settings

    settings = settings or load_settings()
    store.notices.extend(settings.problems)
    # in the demo you act as the demo portfolio's relationship manager, unless you set a name
    user = DEMO_USER if demo and not settings.user_name else current_user(settings)
    return RelworkApp(store, demo=demo, user=user, theme=settings.theme, settings=settings)
