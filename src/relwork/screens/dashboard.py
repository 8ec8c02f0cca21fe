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
from relwork.services.portfolio import (
    COLUMNS,
    ClientSignals,
    PortfolioRow,
    filter_rows,
    portfolio_rows,
    portfolio_signals,
    sort_rows,
    with_signals,
    with_watermelons,
)
from relwork.widgets.fitted import selected_id
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import cell
from relwork.widgets.text_table import TextTable
from relwork.widgets.today_list import TodayList

if TYPE_CHECKING:
    from relwork.app import RelworkApp
    from relwork.services.watermelon import WatermelonFlag

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


SIGNAL_COLUMNS = ("trust_index", "map_review_due")  # filled in once the rows are on screen

_NEED_ROWS = {"open_client", "edit_client", "toggle_archive", "filter", "sort_next", "sort_reverse"}

WELCOME = (
    "Welcome to relwork.\n\n"
    "Your portfolio is empty. Press c to add your first client.\n"
    "Press ctrl+p to find any command by name, and ? to see every key."
)


class PortfolioTable(TextTable):
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
        self._drawn_layout: dict[str, tuple[str, int]] = {}
        self._fill_generation = 0
        self.watermelons: dict[int, WatermelonFlag] = {}
        self._was_suspended = False

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Portfolio")
        # the client list draws first; Today follows once the rows are on screen
        today = TodayList(limit=5, urgent_first=True, load_later=True, id="today-top")
        today.border_title = "Today (T for all · d done · z snooze)"
        yield today
        # the filter box and the welcome text are mounted when first needed
        yield PortfolioTable(id="portfolio", cursor_type="row", zebra_stripes=True)
        yield Static("", id="summary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#portfolio").focus()
        # The first load runs here, before the first frame (a few ms of plain SQL even
        # on a large portfolio), so the list is drawn at once rather than one frame later.
        self._show_rows(self._query_rows(self.show_archived, signals=False))
        # trust bands and map reviews need more loading than the rows: they follow
        self.call_after_refresh(self._load_signals)

    def on_screen_suspend(self) -> None:
        self._was_suspended = True

    def on_screen_resume(self) -> None:
        # back from another screen: things may have changed there (not on the first show)
        if self._was_suspended:
            self._was_suspended = False
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
        self.app.call_from_thread(self._show_rows, self._query_rows(include_archived))

    def _query_rows(self, include_archived: bool, *, signals: bool = True) -> list[PortfolioRow]:
        return portfolio_rows(
            self.app.store,
            today=clock.today(),
            include_archived=include_archived,
            map_review_days=self.app.settings.map_review_days,
            signals=signals,
        )

    @work(thread=True, exclusive=True, group="signals")
    def _load_signals(self) -> None:
        signals = portfolio_signals(
            self.app.store, clock.today(), self.app.settings.map_review_days
        )
        self.app.call_from_thread(self._show_signals, signals)

    def _show_signals(self, signals: dict[int, ClientSignals]) -> None:
        self.rows = with_signals(self.rows, signals)
        if self.sort_column in SIGNAL_COLUMNS:
            self.refresh_table()
            return
        # only the cells that changed: redrawing the whole table would measure every row
        table = self.query_one("#portfolio", DataTable)
        today = clock.today()
        for row in self.rows:
            key = str(row.client_id)
            if row.client_id not in signals or key not in table.rows:
                continue
            cells = self._cells(row, today)
            for column in SIGNAL_COLUMNS:
                if column in self._drawn_layout:
                    table.update_cell(key, column, cells[column])
        self._update_summary(self.visible_rows())  # it counts maps due for review

    def _filter_box(self) -> Input | None:
        found = self.query("#filter")
        return found.first(Input) if found else None

    def _filter_text(self) -> str:
        box = self._filter_box()
        return box.value if box is not None else ""

    def _show_welcome(self, empty: bool) -> None:
        found = self.query("#welcome")
        if found:
            found.first().display = empty
        elif empty:
            self.mount(Static(WELCOME, id="welcome"), after="#portfolio")

    def _show_rows(self, rows: list[PortfolioRow]) -> None:
        first = not self.loaded
        self.rows = with_watermelons(rows, self.watermelons) if self.watermelons else rows
        self.loaded = True
        self.refresh_bindings()
        self.refresh_table(keep_client=self._focus_client)
        self._focus_client = None
        if first:
            self.call_after_refresh(self.query_one(TodayList).reload)
        # watermelon flags read more tables: they follow once the rows are on screen
        self.call_after_refresh(self._load_watermelons)

    @work(thread=True, exclusive=True, group="watermelons")
    def _load_watermelons(self) -> None:
        from relwork.services.watermelon import WatermelonThresholds, watermelon_flags

        flags = watermelon_flags(
            self.app.store,
            today=clock.today(),
            thresholds=WatermelonThresholds.from_settings(self.app.settings.watermelon),
        )
        self.app.call_from_thread(self._show_watermelons, flags)

    def _show_watermelons(self, flags: dict[int, WatermelonFlag]) -> None:
        before = self.watermelons
        changed = {c for c in {*flags, *before} if flags.get(c) != before.get(c)}
        if not changed:
            return
        self.watermelons = flags
        self.rows = with_watermelons(self.rows, flags)
        if self._filter_text():  # "watermelon" is a filter word: the list itself may change
            self.refresh_table()
            return
        # only the names that changed, as for the signals
        table = self.query_one("#portfolio", DataTable)
        today = clock.today()
        for row in self.rows:
            if row.client_id in changed and str(row.client_id) in table.rows:
                table.update_cell(str(row.client_id), "name", self._cells(row, today)["name"])
        self._update_summary(self.visible_rows())
        self._show_watermelon_note()

    @on(DataTable.RowHighlighted, "#portfolio")
    def _show_watermelon_note(self) -> None:
        """The evidence of the highlighted client's watermelon flag, under the table."""
        row = self.selected_row()
        flag = row.watermelon if row is not None else None
        found = self.query("#watermelon-note")
        if not found and flag is None:
            return
        from relwork.widgets.scorecard_table import WatermelonBanner

        if found:
            note = found.first(WatermelonBanner)
        else:
            note = WatermelonBanner(id="watermelon-note")
            self.mount(note, after="#portfolio")
        assert row is not None or flag is None
        note.show(
            flag,
            self.app.theme_variables,
            compact=True,
            name=row.name if row is not None else "",
            hint="enter, then v",
        )

    def visible_rows(self) -> list[PortfolioRow]:
        rows = filter_rows(self.rows, self._filter_text())
        return sort_rows(rows, self.sort_column, descending=self.descending)

    def refresh_table(self, keep_client: int | None = None) -> None:
        table = self.query_one("#portfolio", DataTable)
        keep_client = keep_client or self.selected_client_id()
        # before the first layout the table has no size yet: the terminal's width is close
        width = table.size.width or self.size.width or self.app.size.width or 80
        layout = _layout(width)
        self._drawn_layout = layout
        self._compact = _is_compact(width)
        table.clear(columns=True)
        for key, (heading, width) in layout.items():
            marker = (" ▼" if self.descending else " ▲") if key == self.sort_column else ""
            table.add_column(heading + marker, key=key, width=width)
        visible = self.visible_rows()
        self._fill_generation += 1
        # A screenful goes in before the first paint (the table is never taller than the
        # terminal); the rest follows right after it. Measuring hundreds of rows for the
        # table's dimensions otherwise holds back the first frame by ~0.2 s on a
        # 500-client portfolio, and every row more costs ~0.15 ms.
        first = max(10, self.app.size.height)
        if keep_client is not None and all(r.client_id != keep_client for r in visible[:first]):
            first = len(visible)
        self._add_rows(visible[:first], layout)
        if len(visible) > first:
            self.call_after_refresh(
                self._add_more_rows, self._fill_generation, visible[first:], layout
            )
        if keep_client is not None and str(keep_client) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep_client)))
        empty = not self.rows and not self.show_archived
        self._show_welcome(empty)
        table.display = not empty
        self.query_one("#today-top").display = not empty
        if table.display and self.focused is None:
            table.focus()
        self._update_summary(visible)

    def _add_rows(self, rows: list[PortfolioRow], layout: dict[str, tuple[str, int]]) -> None:
        table = self.query_one("#portfolio", DataTable)
        today = clock.today()
        for row in rows:
            cells = self._cells(row, today)
            table.add_row(*(cells[key] for key in layout), key=str(row.client_id))

    def _add_more_rows(
        self, generation: int, rows: list[PortfolioRow], layout: dict[str, tuple[str, int]]
    ) -> None:
        if generation == self._fill_generation:  # the table was not redrawn meanwhile
            current = {row.client_id: row for row in self.rows}  # signals may have come in
            self._add_rows([current.get(row.client_id, row) for row in rows], layout)

    def table_resized(self, width: int) -> None:
        if self.loaded and _layout(width) != self._drawn_layout:
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
        name_style = dim
        if row.watermelon is not None:  # reverse video: marked without colour too
            name_style = f"bold reverse {self.app.theme_variables.get('error', 'red')}"
        return {
            "name": cell(name, name_style),
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
        melons = sum(r.watermelon is not None for r in visible)
        if melons:  # first: the one thing the table's colours cannot tell
            parts.append(f"{melons} watermelon{'s' if melons > 1 else ''} (reversed)")
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
        return selected_id(self.query_one("#portfolio", DataTable))

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
            PaletteCommand(
                "portfolio: KPIs",
                "Relationship KPIs of every client over a period",
                partial(self._open_value, "kpis"),
            ),
            PaletteCommand(
                "portfolio: Watermelon clients",
                "Service targets met while the client is unhappy",
                partial(self._open_value, "watermelons"),
            ),
            PaletteCommand(
                "portfolio: Improvement register",
                "Every client's improvement items",
                partial(self._open_value, "improvements"),
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

    def _open_value(self, tab: str) -> None:
        from relwork.screens.realize import RealizeScreen

        self.app.push_screen(RealizeScreen(None, tab=tab))

    def action_today(self) -> None:
        from relwork.screens.today import TodayScreen

        self.app.push_screen(TodayScreen())

    def action_search(self) -> None:
        self.app.open_search()

    def action_filter(self) -> None:
        box = self._filter_box()
        if box is None:
            box = Input(
                placeholder="Filter clients: type words, Enter to keep, Esc to clear", id="filter"
            )
            self.mount(box, before="#portfolio")
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refresh_table()

    @on(Input.Submitted, "#filter")
    def _filter_kept(self) -> None:
        self.query_one("#portfolio").focus()

    def key_escape(self) -> None:
        box = self._filter_box()
        if box is not None and box.display:
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
