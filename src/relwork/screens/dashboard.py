"""The portfolio dashboard: every client on one screen, sortable and filterable."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from relwork import clock
from relwork.enums import AccountStatus
from relwork.formatting import short_ago
from relwork.palette import PaletteCommand
from relwork.services.portfolio import COLUMNS, PortfolioRow, filter_rows, portfolio_rows, sort_rows
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import cell
from relwork.widgets.today_list import TodayList

if TYPE_CHECKING:
    from relwork.app import RelworkApp

# Column key -> (heading, width); the client name takes what is left.
WIDE = {
    "name": ("Client", 0),
    "relationship_type": ("Type", 11),
    "step": ("Step", 11),
    "status": ("Status", 11),
    "last_contact": ("Contact", 8),
    "next_review_due": ("Next review", 12),
    "open_actions": ("Open", 4),
    "overdue_actions": ("Late", 4),
    "trust_index": ("Trust", 8),
    "map_review_due": ("Map", 5),
}
COMPACT = {
    "name": ("Client", 0),
    "relationship_type": ("Type", 7),
    "step": ("Step", 11),
    "last_contact": ("Contact", 8),
    "next_review_due": ("Review", 8),
    "open_actions": ("Open", 4),
    "overdue_actions": ("Late", 4),
    "trust_index": ("Trust", 5),
}
SHORT_BANDS = {"Moderate": "Mod"}
SHORT_TYPES = {"Cooperative": "Coop", "Partnership": "Partner"}


def _is_compact(width: int) -> bool:
    return width < 110


def _layout(width: int) -> dict[str, tuple[str, int]]:
    """Columns that fit ``width``, the name column sized to the space left over."""
    chosen = COMPACT if _is_compact(width) else WIDE
    fixed = sum(w for _, w in chosen.values()) + 2 * len(chosen) + 2  # padding, scrollbar
    name_width = max(14, min(40, width - fixed))
    return {key: (h, w or name_width) for key, (h, w) in chosen.items()}


_NEED_ROWS = {"open_client", "edit_client", "toggle_archive", "filter", "sort_next", "sort_reverse"}

WELCOME = (
    "Welcome to relwork.\n\n"
    "Your portfolio is empty. Press c to add your first client.\n"
    "Press ctrl+p to find any command by name, and ? to see every key."
)


class PortfolioTable(DataTable[Text]):
    """The client table; tells its screen when its width changes (resize, help panel)."""

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, DashboardScreen):
            screen.table_resized(self.size.width)


class DashboardScreen(Screen[None]):
    """One row per client; Enter opens the client workspace."""

    app: RelworkApp

    BINDINGS = [
        Binding("enter", "open_client", "Open", id="dashboard.open"),
        Binding("c", "new_client", "New client", id="dashboard.new_client"),
        Binding("e", "edit_client", "Edit", id="dashboard.edit_client"),
        Binding("x", "toggle_archive", "Archive/restore", id="dashboard.archive"),
        Binding("slash", "search", "Search", id="dashboard.search"),
        Binding("f", "filter", "Filter", id="dashboard.filter"),
        Binding("T", "today", "Today", id="dashboard.today"),
        Binding("s", "sort_next", "Sort", id="dashboard.sort"),
        Binding("S", "sort_reverse", "Reverse sort", show=False, id="dashboard.sort_reverse"),
        Binding("a", "toggle_archived", "Show archived", id="dashboard.show_archived"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[PortfolioRow] = []
        self.sort_column = "name"
        self.descending = False
        self.show_archived = False
        self.loaded = False
        self._focus_client: int | None = None
        self._compact = False
        self._drawn_width = 0

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Portfolio")
        # the client list draws first; Today follows once the rows are on screen
        today = TodayList(limit=5, urgent_first=True, load_later=True, id="today-top")
        today.border_title = "Today (T for all · d done · z snooze)"
        yield today
        yield Input(
            placeholder="Filter clients: type words, Enter to keep, Esc to clear", id="filter"
        )
        yield PortfolioTable(id="portfolio", cursor_type="row", zebra_stripes=True)
        yield Static(WELCOME, id="welcome")
        yield Static("", id="summary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#filter").display = False
        self.query_one("#welcome").display = False
        self.query_one("#portfolio").focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.reload()
            self.query_one(TodayList).reload()

    @on(TodayList.Changed)
    def _today_changed(self) -> None:
        self.reload()

    # --- data -------------------------------------------------------------------------

    def reload(self) -> None:
        self._load(self.show_archived)

    @work(thread=True, exclusive=True, group="portfolio")
    def _load(self, include_archived: bool) -> None:
        rows = portfolio_rows(
            self.app.store,
            today=clock.today(),
            include_archived=include_archived,
            map_review_days=self.app.settings.map_review_days,
        )
        self.app.call_from_thread(self._show_rows, rows)

    def _show_rows(self, rows: list[PortfolioRow]) -> None:
        first = not self.loaded
        self.rows = rows
        self.loaded = True
        self.refresh_bindings()
        self.refresh_table(keep_client=self._focus_client)
        self._focus_client = None
        if first:
            self.call_after_refresh(self.query_one(TodayList).reload)

    def visible_rows(self) -> list[PortfolioRow]:
        text = self.query_one("#filter", Input).value
        rows = filter_rows(self.rows, text)
        return sort_rows(rows, self.sort_column, descending=self.descending)

    def refresh_table(self, keep_client: int | None = None) -> None:
        table = self.query_one("#portfolio", DataTable)
        keep_client = keep_client or self.selected_client_id()
        width = table.size.width or self.size.width or 80
        self._drawn_width = table.size.width
        layout = _layout(width)
        self._compact = _is_compact(width)
        table.clear(columns=True)
        for key, (heading, width) in layout.items():
            marker = (" ▼" if self.descending else " ▲") if key == self.sort_column else ""
            table.add_column(heading + marker, key=key, width=width)
        visible = self.visible_rows()
        today = clock.today()
        for row in visible:
            cells = self._cells(row, today)
            table.add_row(*(cells[key] for key in layout), key=str(row.client_id))
        if keep_client is not None and str(keep_client) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep_client)))
        empty = not self.rows and not self.show_archived
        self.query_one("#welcome").display = empty
        table.display = not empty
        self.query_one("#today-top").display = not empty
        if table.display and self.focused is None:
            table.focus()
        self._update_summary(visible)

    def table_resized(self, width: int) -> None:
        if self.loaded and width != self._drawn_width:
            self.refresh_table()

    def _cells(self, row: PortfolioRow, today: date) -> dict[str, Text]:
        dim = "dim" if row.archived else ""
        due = ""
        if row.next_review_due:  # "25 Nov" where space is short: the year is rarely in doubt
            due = row.next_review_due.strftime("%d %b" if self._compact else "%Y-%m-%d")
        kind = row.relationship_type.label
        status = row.status.label + (" (archived)" if row.archived else "")
        name = row.name
        if self._compact and (row.archived or row.status != AccountStatus.ACTIVE):
            name += f" ({'archived' if row.archived else row.status.label.lower()})"
        return {
            "name": cell(name, dim),
            "relationship_type": cell(SHORT_TYPES.get(kind, kind) if self._compact else kind, dim),
            "step": cell(f"{row.step.number} {row.step.label}", dim),
            "status": cell(status, dim),
            "last_contact": cell(short_ago(row.last_contact, today), dim),
            "next_review_due": self._flag(due, row.review_overdue, dim),
            "open_actions": cell(str(row.open_actions), dim),
            "overdue_actions": self._flag(str(row.overdue_actions), row.overdue_actions > 0, dim),
            "trust_index": self._flag(
                SHORT_BANDS.get(row.trust_band, row.trust_band)
                if self._compact
                else row.trust_band,
                row.trust_band == "Low",
                dim,
            ),
            "map_review_due": self._flag("due", True, dim) if row.map_review_due else cell("", dim),
        }

    def _flag(self, value: str, alert: bool, style: str) -> Text:
        """Overdue values stand out by colour and by a '!' (for terminals without colour)."""
        if not alert:
            return cell(value, style)
        colour = self.app.theme_variables.get("error", "red")
        return Text(f"{value} !", style=f"bold {colour}", no_wrap=True)

    def _update_summary(self, visible: list[PortfolioRow]) -> None:
        overdue_actions = sum(r.overdue_actions for r in visible)
        overdue_reviews = sum(r.review_overdue for r in visible)
        parts = [f"{len(visible)} of {len(self.rows)} clients"]
        if overdue_actions:
            parts.append(f"{overdue_actions} overdue actions")
        if overdue_reviews:
            parts.append(f"{overdue_reviews} reviews overdue")
        maps_due = sum(r.map_review_due for r in visible)
        if maps_due:
            parts.append(f"{maps_due} stakeholder maps to review")
        parts.append(f"sorted by {COLUMNS[self.sort_column].lower()}")
        if self.show_archived:
            parts.append("archived shown")
        self.query_one("#summary", Static).update(" · ".join(parts))

    def selected_client_id(self) -> int | None:
        table = self.query_one("#portfolio", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def selected_row(self) -> PortfolioRow | None:
        client_id = self.selected_client_id()
        return next((r for r in self.rows if r.client_id == client_id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # with nothing listed, only the ways to add or reveal clients make sense
        return not (action in _NEED_ROWS and not self.rows)

    def palette_commands(self) -> list[PaletteCommand]:
        commands = [
            PaletteCommand(
                "client: Edit selected client", "Change its details", self.action_edit_client
            ),
            PaletteCommand(
                "client: Archive or restore selected client",
                "Archived clients are hidden, never deleted",
                self.action_toggle_archive,
            ),
            PaletteCommand(
                "dashboard: Filter clients", "Type words to narrow the list", self.action_filter
            ),
            PaletteCommand(
                "dashboard: Show or hide archived clients", "", self.action_toggle_archived
            ),
        ]
        for key, heading in COLUMNS.items():
            commands.append(
                PaletteCommand(
                    f"sort: By {heading.lower()}",
                    "Sort the portfolio",
                    partial(self.sort_by, key),
                )
            )
        return commands

    # --- actions ----------------------------------------------------------------------

    @on(DataTable.RowSelected, "#portfolio")
    def _row_chosen(self) -> None:
        self.action_open_client()

    def action_open_client(self) -> None:
        client_id = self.selected_client_id()
        if client_id is not None:
            self.app.open_client(client_id)

    def action_new_client(self) -> None:
        self.app.new_client(on_saved=self._after_save)

    def action_edit_client(self) -> None:
        client_id = self.selected_client_id()
        if client_id is not None:
            self.app.edit_client(client_id, on_saved=self._after_save)

    def _after_save(self, client_id: int) -> None:
        self._focus_client = client_id
        self.reload()

    def action_toggle_archive(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        self.app.set_archived(row.client_id, not row.archived)
        self.reload()

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.notify("Archived clients shown." if self.show_archived else "Archived clients hidden.")
        self.reload()

    def action_today(self) -> None:
        from relwork.screens.today import TodayScreen

        self.app.push_screen(TodayScreen())

    def action_search(self) -> None:
        self.app.open_search()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refresh_table()

    @on(Input.Submitted, "#filter")
    def _filter_kept(self) -> None:
        self.query_one("#portfolio").focus()

    def key_escape(self) -> None:
        box = self.query_one("#filter", Input)
        if box.display:
            box.value = ""
            box.display = False
            self.query_one("#portfolio").focus()

    def action_sort_next(self) -> None:
        keys = list(COLUMNS)
        self.sort_column = keys[(keys.index(self.sort_column) + 1) % len(keys)]
        self.descending = False
        self.refresh_table()

    def action_sort_reverse(self) -> None:
        self.descending = not self.descending
        self.refresh_table()

    def sort_by(self, column: str) -> None:
        self.sort_column = column
        self.descending = False
        self.refresh_table()
