"""Today: every action, person and review that needs attention, per client."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from relwork import clock
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.today_list import TodayList

if TYPE_CHECKING:
    from relwork.app import RelworkApp

HELP = "Enter opens the client · d done · z snooze to a day · r refresh · Esc back"


class TodayScreen(Screen[None]):
    app: RelworkApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="today_screen.back"),
        Binding("r", "refresh", "Refresh", id="today_screen.refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Today · " + clock.today().strftime("%A %Y-%m-%d"))
        yield TodayList(id="today-list")
        yield Static(HELP, id="today-help")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(TodayList).focus()

    def on_screen_resume(self) -> None:
        self.query_one(TodayList).reload()

    def action_refresh(self) -> None:
        self.query_one(TodayList).reload()

    def action_back(self) -> None:
        self.app.pop_screen()
