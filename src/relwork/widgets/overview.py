"""The client overview: contacts, open actions and recent notes side by side."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable

from relwork.models import ActionItem, Contact, Interaction
from relwork.models.enums import Channel, ConsumerRole, InteractionKind
from relwork.services.rules import action_overdue
from relwork.widgets.literal import cell


class Overview(Horizontal):
    """Three tables; the screen fills them and acts on the selected row."""

    def compose(self) -> ComposeResult:
        with Vertical(id="overview-left"):
            contacts = DataTable(id="contacts", cursor_type="row")
            contacts.border_title = "Contacts (c add · enter edit · d remove)"
            yield contacts
            actions = DataTable(id="actions", cursor_type="row")
            actions.border_title = "Open actions (t add · space done)"
            yield actions
        notes = DataTable(id="notes", cursor_type="row")
        notes.border_title = "Recent notes (n add · enter read)"
        yield notes

    def on_mount(self) -> None:
        self.query_one("#contacts", DataTable).add_columns("Name", "Title", "Roles")
        self.query_one("#actions", DataTable).add_columns("Due", "Action", "Owner")
        self.query_one("#notes", DataTable).add_columns("When", "Kind", "Note")

    def fill(
        self,
        contacts: list[Contact],
        actions: list[ActionItem],
        notes: list[Interaction],
        *,
        today: date,
        alert: str,
    ) -> None:
        _refill(
            self.query_one("#contacts", DataTable),
            [(c.id, [cell(c.name), cell(c.title), cell(_roles(c), "italic")]) for c in contacts],
        )
        _refill(
            self.query_one("#actions", DataTable),
            [(a.id, _action_cells(a, today, alert)) for a in actions],
        )
        _refill(
            self.query_one("#notes", DataTable),
            [
                (n.id, [cell(n.occurred_at), cell(InteractionKind(n.kind).label), cell(n.summary)])
                for n in notes
            ],
        )


def _roles(contact: Contact) -> str:
    roles = [ConsumerRole(r).label.lower() for r in contact.consumer_roles]
    channel = Channel(contact.preferred_channel).label.lower() if contact.preferred_channel else ""
    return ", ".join(roles) + (f" · {channel}" if channel else "")


def _action_cells(action: ActionItem, today: date, alert: str) -> list[Text]:
    if action_overdue(action.due_date, action.done_at, today):
        assert action.due_date is not None
        due = Text(f"{action.due_date.isoformat()} !", style=f"bold {alert}", no_wrap=True)
    else:
        due = cell(action.due_date)
    return [due, cell(action.text), cell(action.owner)]


def _refill(table: DataTable[Text], rows: list[tuple[int | None, list[Text]]]) -> None:
    """Replace the rows, keeping the cursor on the same record where it still exists."""
    selected = None
    if table.row_count:
        selected = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    table.clear()
    for record_id, cells in rows:
        table.add_row(*cells, key=str(record_id))
    if selected is not None and selected in table.rows:
        table.move_cursor(row=table.get_row_index(selected))
