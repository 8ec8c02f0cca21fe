"""A client's register: open risks, and who is responsible for what (third parties too).

Both feed the review agenda. Tab moves between the two tables; n adds to the one in
focus, Enter edits, d removes (after asking). Forms say what to fix beside each field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from relwork.enums import ResponsibleParty, RiskStatus
from relwork.models import ResponsibilityLine, Risk
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.form import FormField, FormScreen
from relwork.services import reviews
from relwork.services.clients import get_client
from relwork.widgets.fitted import Column, FittedTable, selected_id
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import cell

if TYPE_CHECKING:
    from relwork.app import RelworkApp

YES_NO = [("Yes", "yes"), ("No", "no")]

RISK_COLUMNS = [
    Column("Risk", 0),
    Column("L×I", 5),
    Column("Status", 10),
    Column("Shared", 6, min_table_width=60),
    Column("Owner", 14, min_table_width=90),
]
LINE_COLUMNS = [
    Column("Area", 0),
    Column("Who", 28),
    Column("Outage", 6, min_table_width=60),
]


def risk_fields() -> list[FormField]:
    return [
        FormField("description", "Risk", "area", required=True),
        FormField("likelihood", "Likelihood", placeholder="1 (rare) to 5 (almost certain)"),
        FormField("impact", "Impact", placeholder="1 (minor) to 5 (severe)"),
        FormField("mitigation", "Mitigation", "area"),
        FormField("owner", "Owner"),
        FormField(
            "shared_with_client",
            "Shared with the client",
            "select",
            YES_NO,
            required=True,
            hint="No: it goes to the appendix of review reports, for the secondary audience",
        ),
        FormField("status", "Status", "select", RiskStatus.choices(), required=True),
    ]


def responsibility_fields() -> list[FormField]:
    return [
        FormField("area", "Area", required=True, placeholder="e.g. Depot network circuits"),
        FormField(
            "owner_party", "Responsible", "select", ResponsibleParty.choices(), required=True
        ),
        FormField("third_party_name", "Third party", placeholder="who, when a third party"),
        FormField("note", "Where it meets ours", "area"),
        FormField(
            "can_cause_unavailability",
            "Can take the service down",
            "select",
            YES_NO,
            required=True,
        ),
    ]


class RisksScreen(Screen[None]):
    app: RelworkApp

    DEFAULT_CSS = """
    RisksScreen .register-title { height: 1; padding: 0 1; text-style: bold; }
    RisksScreen #risks-table { height: 1fr; }
    RisksScreen #lines-table { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Back", id="risks.back"),
        Binding("n", "new", "New", id="risks.new"),
        Binding("e", "edit", "Edit", id="risks.edit"),
        Binding("d,delete", "delete", "Remove", id="risks.delete"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.risks: dict[int, Risk] = {}
        self.lines: dict[int, ResponsibilityLine] = {}

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Risks and responsibilities")
        yield Static("Risks", classes="register-title")
        yield FittedTable(RISK_COLUMNS, id="risks-table")
        yield Static("Who is responsible for what (Tab moves here)", classes="register-title")
        yield FittedTable(LINE_COLUMNS, id="lines-table")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#risks-table").focus()

    def reload(self) -> None:
        with self.app.store.session() as session:
            name = get_client(session=session, client_id=self.client_id).name
            risks = reviews.list_risks(session=session, client_id=self.client_id)
            lines = reviews.list_responsibilities(session=session, client_id=self.client_id)
        self.query_one(ScreenHeader).set_title(f"Risks and responsibilities · {name}")
        self.risks = {r.id: r for r in risks if r.id is not None}
        self.lines = {r.id: r for r in lines if r.id is not None}
        self.query_one("#risks-table", FittedTable).set_rows(
            [(r.id, self._risk_cells(r)) for r in risks]
        )
        self.query_one("#lines-table", FittedTable).set_rows(
            [(r.id, self._line_cells(r)) for r in lines]
        )

    def _risk_cells(self, risk: Risk) -> list[Text]:
        weight = (risk.likelihood or 0) * (risk.impact or 0)
        closed = risk.status == RiskStatus.CLOSED
        return [
            cell(risk.description, "dim" if closed else ""),
            cell(str(weight) if weight else ""),
            cell(RiskStatus(risk.status).label),
            cell("yes" if risk.shared_with_client else "no"),
            cell(risk.owner),
        ]

    def _line_cells(self, line: ResponsibilityLine) -> list[Text]:
        who = (
            line.third_party_name
            if line.owner_party == ResponsibleParty.THIRD_PARTY
            else ResponsibleParty(line.owner_party).label
        )
        return [
            cell(line.area),
            cell(who),
            cell("yes" if line.can_cause_unavailability else ""),
        ]

    # --- which table ----------------------------------------------------------------------

    def _focused_table(self) -> str:
        focused = self.focused.id if self.focused else None
        return "lines" if focused == "lines-table" else "risks"

    def _selected(self, table_id: str) -> int | None:
        return selected_id(self.query_one(f"#{table_id}-table", FittedTable))

    # --- flows ---------------------------------------------------------------------------------

    def _open_form(self, which: str, record_id: int | None) -> None:
        if which == "risks":
            fields = risk_fields()
            values: dict[str, Any] = (
                reviews.risk_form(self.risks[record_id])
                if record_id is not None
                else {"shared_with_client": "no", "status": "open", "owner": self.app.user}
            )
            title = "Risk" if record_id is not None else "New risk"

            def save(form: dict[str, Any]) -> int:
                data = reviews.parse_risk(form)
                with self.app.store.session() as session:
                    saved = reviews.save_risk(
                        session=session, client_id=self.client_id, data=data, risk_id=record_id
                    )
                return saved.id or 0

        else:
            fields = responsibility_fields()
            values = (
                reviews.responsibility_form(self.lines[record_id])
                if record_id is not None
                else {"owner_party": "third_party", "can_cause_unavailability": "no"}
            )
            title = "Responsibility" if record_id is not None else "New responsibility line"

            def save(form: dict[str, Any]) -> int:
                data = reviews.parse_responsibility(form)
                with self.app.store.session() as session:
                    saved = reviews.save_responsibility(
                        session=session, client_id=self.client_id, data=data, line_id=record_id
                    )
                return saved.id or 0

        def closed(result: int | None) -> None:
            if result is not None:
                self.notify("Saved.")
                self.reload()

        self.app.push_screen(
            FormScreen(title=title, fields=fields, save=save, values=values), closed
        )

    def action_new(self) -> None:
        self._open_form(self._focused_table(), None)

    def action_edit(self) -> None:
        which = self._focused_table()
        record_id = self._selected(which)
        if record_id is None:
            self.notify("Nothing to edit here yet: n adds one.")
            return
        self._open_form(which, record_id)

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_edit()

    def action_delete(self) -> None:
        which = self._focused_table()
        record_id = self._selected(which)
        if record_id is None:
            return
        what = "risk" if which == "risks" else "responsibility line"

        def answered(yes: bool | None) -> None:
            if not yes or record_id is None:
                return
            with self.app.store.session() as session:
                if which == "risks":
                    reviews.delete_risk(session=session, risk_id=record_id)
                else:
                    reviews.delete_responsibility(session=session, line_id=record_id)
            self.notify(f"The {what} was removed.")
            self.reload()

        self.app.push_screen(
            ConfirmScreen(f"Remove this {what}?", yes="Remove", no="Keep"), answered
        )
