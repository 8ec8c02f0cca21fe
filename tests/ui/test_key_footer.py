"""Several binding changes within one frame rebuild the footer once."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from relwork.widgets.footer import KeyFooter


class CountingFooter(KeyFooter):
    rebuilds = 0

    async def recompose(self) -> None:
        self.rebuilds += 1
        await super().recompose()


class FooterScreen(Screen[None]):
    BINDINGS = [Binding("x", "app.bell", "Ring")]

    def compose(self) -> ComposeResult:
        yield CountingFooter()


class FooterApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(FooterScreen())


async def test_binding_changes_in_one_frame_rebuild_the_footer_once():
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.screen.query_one(CountingFooter)
        before = footer.rebuilds
        for _ in range(5):
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert footer.rebuilds - before == 1
        assert any("Ring" in str(key.render()) for key in footer.children)
