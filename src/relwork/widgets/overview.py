"""The client overview: contacts and open actions beside the client's timeline."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from relwork.enums import Channel, ConsumerRole
from relwork.models import ActionItem, Contact
from relwork.services.rules import action_overdue
from relwork.services.timeline import TimelineEntry
from relwork.widgets.fitted import Column, FittedTable
from relwork.widgets.literal import cell

CONTACT_COLUMNS = [Column("Name", 18), Column("Title", 0), Column("Roles", 22, 64)]
ACTION_COLUMNS = [Column("Due", 12), Column("Action", 0), Column("Owner", 14, 50)]
TIMELINE_COLUMNS = [
    Column("When", 10),
    Column("Kind", 9),
    Column("Entry", 0),
    Column("People", 18, 60),
]


class Overview(Horizontal):
    """Three tables; the screen fills them and acts on the selected row."""

    def compose(self) -> ComposeResult:
        with Vertical(id="overview-left"):
            contacts = FittedTable(CONTACT_COLUMNS, id="contacts")
            contacts.border_title = "Contacts (c add · enter edit · d remove)"
            yield contacts
            actions = FittedTable(ACTION_COLUMNS, id="actions")
            actions.border_title = "Open actions (t add · space done)"
            yield actions
        with Vertical(id="overview-right"):
            yield Input(
                placeholder="Filter: kinds (call, meeting, step, action…) and @person",
                id="timeline-filter",
                compact=True,
            )
            timeline = FittedTable(TIMELINE_COLUMNS, id="timeline")
            timeline.border_title = "Timeline (n note · f filter · enter read)"
            yield timeline

    def fill(
        self,
        contacts: list[Contact],
        actions: list[ActionItem],
        timeline: list[TimelineEntry],
        *,
        today: date,
        alert: str,
    ) -> None:
        self.query_one("#contacts", FittedTable).set_rows(
            [(c.id, [cell(c.name), cell(c.title), cell(_roles(c), "italic")]) for c in contacts],
        )
        self.query_one("#actions", FittedTable).set_rows(
            [(a.id, _action_cells(a, today, alert)) for a in actions],
        )
        self.query_one("#timeline", FittedTable).set_rows(
            [
                (
                    index,
                    [
                        cell(e.when),
                        cell(e.kind_label, "italic"),
                        cell(e.title),
                        cell(", ".join(e.people)),
                    ],
                )
                for index, e in enumerate(timeline)
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
