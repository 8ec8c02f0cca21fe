"""What needs attention, as a table you can act on: Enter opens the client, d marks
the item done, z snoozes it to a chosen day. Used on the Today screen and at the top
of the dashboard."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from relwork import clock
from relwork.widgets.fitted import Column, FittedTable, cursor_key
from relwork.widgets.literal import cell

if TYPE_CHECKING:
    from datetime import date

    from relwork.app import RelworkApp
    from relwork.services.today import TodayItem

KIND_LABELS = {"action": "Action", "person": "Call", "review": "Review"}
TODAY_COLUMNS = [Column("Client", 20), Column("", 6), Column("What", 0), Column("When", 20)]


class TodayList(FittedTable):
    app: RelworkApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open client", id="today.open"),
        Binding("d", "done", "Done", id="today.done"),
        Binding("z", "snooze", "Snooze", id="today.snooze"),
    ]

    class Changed(Message):
        """An item was done or snoozed: the portfolio figures may have moved."""

    def __init__(
        self,
        *,
        limit: int | None = None,
        urgent_first: bool = False,
        load_later: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(TODAY_COLUMNS, id=id, zebra_stripes=True)
        self.limit = limit
        self.urgent_first = urgent_first  # most pressing first, across clients
        self.load_later = load_later  # the owner calls reload() when it suits it
        self.items: list[TodayItem] = []

    def on_mount(self) -> None:
        if not self.load_later:
            self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="today")
    def _load(self) -> None:
        # loaded here, in the worker: the list is filled after the first frame
        from relwork.services.today import most_urgent_first, today_items

        items = today_items(self.app.store, clock.today())
        if self.urgent_first:
            items = most_urgent_first(items)
        self.app.call_from_thread(self._show, items)

    def _show(self, items: list[TodayItem]) -> None:
        self.items = items
        shown = items if self.limit is None else items[: self.limit]
        alert = self.app.theme_variables.get("error", "red")
        rows = []
        previous = None
        for index, item in enumerate(shown):
            # the Today screen groups by client; the dashboard's short list names each one
            client = item.client_name if item.client_name != previous or self.urgent_first else ""
            previous = item.client_name
            when = Text(item.detail, style=f"bold {alert}" if item.overdue else "")
            if item.overdue:
                when.append(" !")
            rows.append(
                (
                    index,
                    [
                        cell(client, "bold") if client else Text(""),
                        cell(KIND_LABELS[item.kind], "italic"),
                        cell(item.title),
                        when,
                    ],
                )
            )
        self.set_rows(rows)
        self.border_subtitle = self.summary()

    def summary(self) -> str:
        if not self.items:
            return "nothing needs attention"
        counts = {kind: sum(1 for i in self.items if i.kind == kind) for kind in KIND_LABELS}
        parts = [
            f"{counts['action']} actions",
            f"{counts['person']} people to call",
            f"{counts['review']} reviews",
        ]
        hidden = len(self.items) - (self.limit or len(self.items))
        return " · ".join(parts) + (f" · {hidden} more on Today (T)" if hidden > 0 else "")

    def selected(self) -> TodayItem | None:
        key = cursor_key(self)
        return self.items[int(key)] if key is not None else None

    # --- acting on an item ------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        item = self.selected()
        if item is not None:
            self.app.open_client(item.client_id)

    def action_done(self) -> None:
        item = self.selected()
        if item is None:
            return
        from relwork.services.today import mark_done

        mark_done(self.app.store, item, now=clock.now(), author=self.app.user)
        verb = {"action": "Done", "person": "Logged a check-in with", "review": "Review held:"}
        self.notify(f"{verb[item.kind]} {item.title}", markup=False)
        self._changed()

    def action_snooze(self) -> None:
        from relwork.screens.snooze import SnoozeScreen

        item = self.selected()
        if item is None:
            return

        def chosen(until: date | None) -> None:
            if until is not None:
                from relwork.services.today import snooze

                snooze(self.app.store, item, until)
                self.notify(f"Snoozed until {until.isoformat()}: {item.title}", markup=False)
                self._changed()

        self.app.push_screen(SnoozeScreen(item.title), chosen)

    def _changed(self) -> None:
        self.reload()
        self.post_message(self.Changed())
