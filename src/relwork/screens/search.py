"""Portfolio search: one box that finds clients, contacts and note text.

Results follow the typing: each change waits a moment (so a fast typist does not start a
query per key), then the query runs in a thread worker on the fast sqlite3 reader and the
results come back to the UI thread. A newer query cancels an older one, and results that
no longer match what is in the box are dropped.

Everything shown comes from user data, so results are built as Rich ``Text`` and never
go through markup parsing: a note containing ``[bold]x[/]`` shows those characters. The
matched words arrive wrapped in the sentinels of :mod:`relwork.services.search` and are
turned into styled spans here.

Keys: down moves from the box into the results, up from the first result back to the
box, Enter opens the client (and, for a note, the note over it), Escape closes the search.
The ORM is imported only when a note is opened, so opening this screen stays light.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from relwork.services.search import MARK_END, MARK_START, SearchHit, search, to_fts_query
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import literal

if TYPE_CHECKING:
    from relwork.app import RelworkApp

DEBOUNCE_SECONDS = 0.15
RESULT_LIMIT = 50
KIND_LABELS = {"client": "Client", "contact": "Contact", "note": "Note"}
KIND_WIDTH = 9  # "Contact" and two spaces
PROMPT = "Type part of a name, or any words from a note."
NO_MATCHES = "No matches — try fewer or shorter words"


def marked_text(snippet: str, mark_style: str, style: str = "") -> Text:
    """A snippet as ``Text``: the parts between the sentinels get ``mark_style``.

    The sentinels themselves never show; a stray end mark is ignored and a start mark
    without an end marks the rest of the line.
    """
    text = Text(style=style, no_wrap=True, overflow="ellipsis")
    marked = False
    start = 0
    for index, char in enumerate(snippet):
        if char in (MARK_START, MARK_END):
            text.append(snippet[start:index], style=mark_style if marked else "")
            marked = char == MARK_START
            start = index + 1
    text.append(snippet[start:], style=mark_style if marked else "")
    return text


def _plain(snippet: str) -> str:
    return snippet.replace(MARK_START, "").replace(MARK_END, "")


def result_prompt(hit: SearchHit, mark_style: str) -> Text:
    """One result: kind and title on the first line, the matching text below it.

    When the match is the title itself (a client or a person found by name), the title
    is shown marked and there is no second line.
    """
    kind = Text(KIND_LABELS.get(hit.kind, hit.kind).ljust(KIND_WIDTH), style="bold")
    in_title = _plain(hit.snippet) == hit.title
    title = marked_text(hit.snippet, mark_style) if in_title else literal(hit.title)
    first = Text.assemble(kind, title, no_wrap=True, overflow="ellipsis")
    if hit.kind == "contact":
        first.append(" · ")
        first.append(hit.client_name)
    if hit.archived:
        first.append(" (archived)", style="italic")
    if in_title:
        return first
    second = Text(" " * KIND_WIDTH, no_wrap=True, overflow="ellipsis")
    second.append_text(marked_text(hit.snippet, mark_style))
    return Text("\n", no_wrap=True, overflow="ellipsis").join([first, second])


def count_line(text: str, hits: list[SearchHit], limit: int = RESULT_LIMIT) -> str:
    if not to_fts_query(text):
        return PROMPT
    if not hits:
        return NO_MATCHES
    what = text.strip()
    if len(hits) >= limit:
        return f"Best {len(hits)} results for '{what}' — add words to narrow them"
    return f"{len(hits)} result{'s' if len(hits) != 1 else ''} for '{what}'"


class SearchBox(Input):
    """The search box; down moves into the results (and says so in the footer)."""

    BINDINGS = [Binding("down", "screen.to_results", "Results", id="search.results")]


class SearchResults(OptionList):
    """The result list; up from the first result goes back to the search box."""

    BINDINGS = [Binding("enter", "select", "Open", id="search.open")]

    def action_cursor_up(self) -> None:
        if self.highlighted in (None, 0):
            self.screen.query_one("#search-input", Input).focus()
        else:
            super().action_cursor_up()


class SearchScreen(Screen[None]):
    """Search every client, contact and note; Enter opens what was found."""

    app: RelworkApp

    DEFAULT_CSS = """
    SearchScreen #search-input {
        margin: 0 1;
    }

    SearchScreen #search-count {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }

    SearchScreen #search-results {
        width: 100%;
        height: 1fr;
        border: round $panel-lighten-2;
        padding: 0;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }

    SearchScreen #search-results:focus {
        border: round $primary;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="search.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []
        self.shown_for: str | None = None  # the text the listed hits were found for
        self._timer: Timer | None = None
        self._focus_results_when_shown = False

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Search")
        yield SearchBox(placeholder="Search clients, contacts and notes", id="search-input")
        yield Static(PROMPT, id="search-count")
        yield SearchResults(id="search-results", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()

    def on_screen_resume(self) -> None:
        # back from a client: what was found may have changed there (the highlighted
        # result stays highlighted if it is still found)
        if self.shown_for is not None:
            self._start_search()

    # --- querying -------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.query_one("#search-input", Input).value

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if to_fts_query(event.value):
            self._timer = self.set_timer(DEBOUNCE_SECONDS, self._start_search)
        else:
            self.workers.cancel_group(self, "search")
            self._show(event.value, [])

    def _start_search(self) -> None:
        self._timer = None
        self._search(self.text)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, text: str) -> None:
        try:
            hits = search(self.app.store, text, limit=RESULT_LIMIT)
        except sqlite3.Error as exc:  # e.g. the file is locked for longer than the timeout
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._failed, text, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, text, hits)

    def _failed(self, text: str, reason: str) -> None:
        if self.is_attached and text == self.text:
            message = f"The search could not run: {reason}. Try again in a moment."
            self.query_one("#search-count", Static).update(literal(message))

    def _show(self, text: str, hits: list[SearchHit]) -> None:
        if not self.is_attached or text != self.text:
            return  # the screen is gone, or the box has changed since
        results = self.query_one(SearchResults)
        mark = f"bold underline {self.app.theme_variables.get('accent', 'yellow')}"
        keep = self._highlighted_record() if text == self.shown_for else None
        self.hits = hits
        self.shown_for = text if to_fts_query(text) else None
        results.clear_options()
        results.add_options(
            Option(result_prompt(hit, mark), id=str(index)) for index, hit in enumerate(hits)
        )
        if hits:
            records = [(hit.kind, hit.record_id) for hit in hits]
            results.highlighted = records.index(keep) if keep in records else 0
            if self._focus_results_when_shown:
                results.focus()
        self._focus_results_when_shown = False
        self.query_one("#search-count", Static).update(literal(count_line(text, hits)))
        self.refresh_bindings()

    def _highlighted_record(self) -> tuple[str, int] | None:
        index = self.query_one(SearchResults).highlighted
        if index is None or index >= len(self.hits):
            return None
        return (self.hits[index].kind, self.hits[index].record_id)

    # --- moving and opening ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_results":
            return bool(self.hits)
        return True

    def action_to_results(self) -> None:
        results = self.query_one(SearchResults)
        if results.option_count:
            results.focus()
            results.highlighted = results.highlighted or 0

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        """Enter in the box moves to the results (once they are in, if still coming)."""
        if self._timer is not None:
            self._timer.stop()
            self._focus_results_when_shown = True
            self._start_search()
        else:
            self.action_to_results()

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.hits):
            self.open_hit(self.hits[event.option_index])

    def open_hit(self, hit: SearchHit) -> None:
        """Open the client of a result; for a note, show the note over the client."""
        if hit.kind != "note":
            self.app.open_client(hit.client_id)
            return
        from relwork.models import Interaction
        from relwork.screens.note_view import NoteViewScreen
        from relwork.services.notes import attendee_names

        with self.app.store.session() as session:
            note = session.get(Interaction, hit.record_id)
            names = attendee_names(session=session, note_id=hit.record_id) if note else []
        self.app.open_client(hit.client_id)
        if note is None:
            self.notify("That note has been removed since the search.", severity="warning")
            return
        self.app.push_screen(NoteViewScreen(note, names))

    def action_close(self) -> None:
        self.dismiss(None)
