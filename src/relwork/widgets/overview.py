"""The client overview: contacts, open actions and recent notes side by side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable

from relwork.enums import Channel, ConsumerRole, InteractionKind
from relwork.models import ActionItem, Contact, Interaction
from relwork.services.rules import action_overdue
from relwork.widgets.literal import cell


@dataclass(frozen=True)
class Column:
    heading: str
    width: int  # 0: takes the space left over
    min_table_width: int = 0  # shown only when the table is at least this wide


CONTACT_COLUMNS = [Column("Name", 18), Column("Title", 0), Column("Roles", 22, 64)]
ACTION_COLUMNS = [Column("Due", 12), Column("Action", 0), Column("Owner", 14, 50)]
NOTE_COLUMNS = [Column("When", 10), Column("Kind", 9), Column("Note", 0)]


class Overview(Horizontal):
    """Three tables; the screen fills them and acts on the selected row."""

    def compose(self) -> ComposeResult:
        with Vertical(id="overview-left"):
            contacts: DataTable[Text] = DataTable(id="contacts", cursor_type="row")
            contacts.border_title = "Contacts (c add · enter edit · d remove)"
            yield contacts
            actions: DataTable[Text] = DataTable(id="actions", cursor_type="row")
            actions.border_title = "Open actions (t add · space done)"
            yield actions
        notes: DataTable[Text] = DataTable(id="notes", cursor_type="row")
        notes.border_title = "Recent notes (n add · enter read)"
        yield notes

    def fill(
        self,
        contacts: list[Contact],
        actions: list[ActionItem],
        notes: list[Interaction],
        *,
        today: date,
        alert: str,
    ) -> None:
        self._last = (contacts, actions, notes, today, alert)
        _refill(
            self.query_one("#contacts", DataTable),
            CONTACT_COLUMNS,
            [(c.id, [cell(c.name), cell(c.title), cell(_roles(c), "italic")]) for c in contacts],
        )
        _refill(
            self.query_one("#actions", DataTable),
            ACTION_COLUMNS,
            [(a.id, _action_cells(a, today, alert)) for a in actions],
        )
        _refill(
            self.query_one("#notes", DataTable),
            NOTE_COLUMNS,
            [
                (n.id, [cell(n.occurred_at), cell(InteractionKind(n.kind).label), cell(n.summary)])
                for n in notes
            ],
        )

    def on_resize(self) -> None:
        if hasattr(self, "_last"):
            contacts, actions, notes, today, alert = self._last
            self.fill(contacts, actions, notes, today=today, alert=alert)


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


def _refill(
    table: DataTable[Text], columns: list[Column], rows: list[tuple[int | None, list[Text]]]
) -> None:
    """Replace columns (sized to the table) and rows, keeping the cursor on the same record."""
    selected = None
    if table.row_count:
        selected = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    inner = max(table.content_region.width, 30) - 1  # room for the vertical scrollbar
    shown = [i for i, c in enumerate(columns) if inner >= c.min_table_width]
    fixed = sum(columns[i].width + 2 for i in shown)
    table.clear(columns=True)
    for i in shown:
        column = columns[i]
        table.add_column(column.heading, width=column.width or max(8, inner - fixed - 2))
    for record_id, cells in rows:
        table.add_row(*(cells[i] for i in shown), key=str(record_id))
    if selected is not None and selected in table.rows:
        table.move_cursor(row=table.get_row_index(selected))
