"""The improvement register as a pane of the Realize screen: a table of items with
add, edit, close and an open/all filter, all by keyboard. With no client (the
portfolio view) it lists every client's items and the add form asks which client."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from relwork import clock
from relwork.enums import ImprovementOrigin, ImprovementStatus
from relwork.screens.form import FormField, FormScreen
from relwork.screens.forms import DATE_HINT
from relwork.services import improvements as service
from relwork.services.validation import InvalidInput
from relwork.widgets.fitted import Column, FittedTable, selected_id
from relwork.widgets.literal import cell, literal

if TYPE_CHECKING:
    from relwork.app import RelworkApp

COLUMNS = [
    Column("Raised", 10),
    Column("Improvement", 0),
    Column("Origin", 10),
    Column("Status", 11),
    Column("Owner", 14, 100),
    Column("Closed", 10, 112),
]
CLIENT_COLUMN = Column("Client", 18)

CLOSING = [
    (ImprovementStatus.REALIZED.label, ImprovementStatus.REALIZED.value),
    (ImprovementStatus.DROPPED.label, ImprovementStatus.DROPPED.value),
]


def improvement_fields(clients: list[tuple[str, str]] | None = None) -> list[FormField]:
    """The item form; with ``clients`` (label, id) it starts with a client choice."""
    fields = [
        FormField("title", "Improvement", required=True, placeholder="What will change"),
        FormField("description", "Description", "area"),
        FormField(
            "origin",
            "Came from",
            "select",
            ImprovementOrigin.choices(),
            required=True,
            hint="a review, a complaint, feedback, an assessment, or something else",
        ),
        FormField("owner", "Owner"),
        FormField("status", "Status", "select", ImprovementStatus.choices(), required=True),
        FormField("expected_benefit", "Expected benefit", "area"),
        FormField("realized_benefit", "Realized benefit", "area"),
        FormField("raised_on", "Raised on", placeholder=f"{DATE_HINT} (empty: today)"),
        FormField(
            "closed_on",
            "Closed on",
            placeholder=f"{DATE_HINT} (realized or dropped only; empty: today)",
        ),
    ]
    if clients is not None:
        fields.insert(0, FormField("client", "Client", "select", clients, required=True))
    return fields


def close_fields() -> list[FormField]:
    return [
        FormField("status", "Closed as", "select", CLOSING, required=True),
        FormField(
            "realized_benefit",
            "What it brought",
            "area",
            hint="the benefit seen, or why it was dropped",
        ),
        FormField("closed_on", "Closed on", placeholder=f"{DATE_HINT} (empty: today)"),
    ]


class ImprovementPane(Vertical):
    """The register of one client (or of all, with ``client_id`` None)."""

    app: RelworkApp

    DEFAULT_CSS = """
    ImprovementPane {
        height: 1fr;
    }
    ImprovementPane FittedTable {
        height: 1fr;
    }
    ImprovementPane #improvement-heading {
        height: 1;
        padding: 0 1;
        text-style: bold;
    }
    ImprovementPane #improvement-detail {
        height: auto;
        max-height: 6;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="improvements.add"),
        Binding("e", "edit", "Edit", id="improvements.edit"),
        Binding("c", "close_item", "Close", id="improvements.close"),
        Binding("o", "toggle_closed", "Open/all", id="improvements.filter"),
    ]

    def __init__(self, client_id: int | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.client_id = client_id
        self.show_closed = False
        self.rows: dict[int, service.ImprovementRow] = {}

    def compose(self) -> ComposeResult:
        columns = list(COLUMNS)
        if self.client_id is None:
            columns.insert(1, CLIENT_COLUMN)
        yield Static("", id="improvement-heading")
        yield FittedTable(columns, id="improvements")
        yield Static("", id="improvement-detail")

    def on_mount(self) -> None:
        self.reload()

    # --- data -------------------------------------------------------------------------

    def reload(self) -> None:
        with self.app.store.session() as session:
            found = service.list_improvements(
                session=session, account_id=self.client_id, include_closed=self.show_closed
            )
        self.rows = {r.item.id: r for r in found if r.item.id is not None}
        table = self.query_one(FittedTable)
        table.set_rows([(item_id, self._cells(row)) for item_id, row in self.rows.items()])
        shown = "All items" if self.show_closed else "Open items"
        self.query_one("#improvement-heading", Static).update(
            f"{shown}: {len(found)} · a add · e edit · c close · "
            f"o {'open only' if self.show_closed else 'all'}"
        )
        self._describe()

    def _cells(self, row: service.ImprovementRow) -> list[Text]:
        item = row.item
        status = ImprovementStatus(item.status)
        style = "dim" if not row.is_open else ""
        cells = [
            cell(item.raised_on, style),
            cell(item.title, style),
            cell(ImprovementOrigin(item.origin).label, f"italic {style}".strip()),
            cell(status.label, "bold" if status == ImprovementStatus.REALIZED else style),
            cell(item.owner, style),
            cell(item.closed_on, style),
        ]
        if self.client_id is None:
            cells.insert(1, cell(row.client_name, style))
        return cells

    def selected(self) -> service.ImprovementRow | None:
        improvement_id = selected_id(self.query_one(FittedTable))
        return self.rows.get(improvement_id) if improvement_id is not None else None

    @on(DataTable.RowHighlighted)
    def _describe(self) -> None:
        row = self.selected()
        detail = self.query_one("#improvement-detail", Static)
        if row is None:
            detail.update(
                "Nothing open. Press a to add an improvement, o to see closed ones too."
                if not self.show_closed
                else "The register is empty. Press a to add an improvement."
            )
            return
        item = row.item
        parts = [f"Expected: {item.expected_benefit or '(not written down)'}"]
        if item.realized_benefit:
            parts.append(f"Realized: {item.realized_benefit}")
        if item.description:
            parts.insert(0, item.description)
        detail.update(literal("\n".join(parts)))

    # --- actions ----------------------------------------------------------------------

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        self.reload()

    def action_add(self) -> None:
        clients = None
        if self.client_id is None:
            clients = [(r["name"], str(r["id"])) for r in self.app.store.read(_CLIENTS_SQL)]

        def save(values: dict[str, Any]) -> int:
            account_id = self.client_id
            if account_id is None:
                if not values.get("client"):
                    raise InvalidInput({"client": "Choose the client it is for."})
                account_id = int(values["client"])
            data = service.parse_improvement(values)
            with self.app.store.session() as session:
                item = service.add_improvement(session=session, account_id=account_id, data=data)
            assert item.id is not None
            return item.id

        defaults = {
            "owner": self.app.user,
            "origin": ImprovementOrigin.OTHER.value,
            "status": ImprovementStatus.PROPOSED.value,
        }
        self._form("New improvement", improvement_fields(clients), save, defaults, "Added.")

    @on(DataTable.RowSelected)
    def action_edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        item_id = row.item.id
        assert item_id is not None

        def save(values: dict[str, Any]) -> int:
            data = service.parse_improvement(values)
            with self.app.store.session() as session:
                service.update_improvement(session=session, item_id=item_id, data=data)
            return item_id

        values = service.improvement_form(row.item)
        self._form(f"Edit: {row.item.title}", improvement_fields(), save, values, "Saved.")

    def action_close_item(self) -> None:
        row = self.selected()
        if row is None:
            return
        if not row.is_open:
            self.notify("That item is already closed; e edits it.", markup=False)
            return
        item_id = row.item.id
        assert item_id is not None

        def save(values: dict[str, Any]) -> int:
            status = values.get("status")
            if not status:
                raise InvalidInput({"status": "Choose realized or dropped."})
            values = {**service.improvement_form(row.item), **values}
            data = service.parse_improvement(values)
            with self.app.store.session() as session:
                service.update_improvement(session=session, item_id=item_id, data=data)
            return item_id

        self._form(
            f"Close: {row.item.title}",
            close_fields(),
            save,
            {
                "status": ImprovementStatus.REALIZED.value,
                "realized_benefit": row.item.realized_benefit,
                "closed_on": clock.today(),
            },
            "Closed.",
        )

    def _form(
        self, title: str, fields: list[FormField], save: Any, values: dict[str, Any], done: str
    ) -> None:
        def closed(result: int | None) -> None:
            if result is not None:
                self.notify(done)
                self.reload()
                table = self.query_one(FittedTable)
                if str(result) in table.rows:  # the cursor follows the item just saved
                    table.move_cursor(row=table.get_row_index(str(result)))

        self.app.push_screen(
            FormScreen(title=title, fields=fields, save=save, values=values), closed
        )


_CLIENTS_SQL = """
SELECT a.id, o.name FROM account a JOIN organization o ON o.id = a.organization_id
WHERE a.archived_at IS NULL ORDER BY lower(o.name)
"""
