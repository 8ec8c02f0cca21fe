"""Satisfaction results of one client: the monthly trend per instrument and every
result, with keys to add (a), edit (Enter) and remove (d) them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from relwork import clock
from relwork.enums import SurveyInstrument
from relwork.palette import PaletteCommand
from relwork.screens.agreement_forms import survey_fields
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.form import FormScreen
from relwork.services import surveys as service
from relwork.services.clients import get_client
from relwork.services.form_values import format_number
from relwork.widgets.fitted import Column, FittedTable, selected_id
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import cell

if TYPE_CHECKING:
    from relwork.app import RelworkApp

TREND_MONTHS = 6
BARS = "▁▂▃▄▅▆▇█"
WIDE_AT = 100  # from this width the trend lists each month's value

COLUMNS = [
    Column("Date", 10),
    Column("Survey", 6),
    Column("Who", 18),
    Column("Score", 9),
    Column("Comment", 0),
]


def sparkline(values: list[float], low: float = 1.0, high: float = 5.0) -> str:
    """One bar per value, from the lowest bar at ``low`` to a full one at ``high``."""
    last = len(BARS) - 1
    return "".join(BARS[max(0, min(last, round((v - low) / (high - low) * last)))] for v in values)


class SurveyScreen(Screen[None]):
    app: RelworkApp

    DEFAULT_CSS = """
    SurveyScreen #survey-trend {
        height: auto;
        padding: 0 1;
        margin-bottom: 1;
    }
    SurveyScreen FittedTable {
        height: 1fr;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        border-subtitle-color: $text-muted;
    }
    SurveyScreen FittedTable:focus {
        border: round $primary;
        border-title-color: $primary;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="surveys.back"),
        Binding("a", "add", "Add result", id="surveys.add"),
        Binding("d,delete", "remove", "Remove", id="surveys.remove"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.rows: dict[int, service.SurveyRow] = {}

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Satisfaction")
        yield Static(id="survey-trend")
        yield FittedTable(COLUMNS, id="survey-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        with self.app.store.session() as session:
            name = get_client(session=session, client_id=self.client_id).name
        self.query_one(ScreenHeader).set_title(f"Satisfaction · {name}")
        self.query_one("#survey-list").border_title = "Survey results, newest first"
        self.reload()
        self.query_one("#survey-list").focus()

    def reload(self) -> None:
        today = clock.today()
        with self.app.store.session() as session:
            rows = service.list_surveys(session=session, account_id=self.client_id)
            trend = service.monthly_satisfaction(
                session=session, account_id=self.client_id, months=TREND_MONTHS, today=today
            )
        self.rows = {r.response.id: r for r in rows if r.response.id is not None}
        table = self.query_one("#survey-list", FittedTable)
        table.set_rows([(r.response.id, self._cells(r)) for r in rows])
        table.border_subtitle = "a adds one" if not rows else "enter edits · d removes"
        self.query_one("#survey-trend", Static).update(self._trend(trend))

    def _cells(self, row: service.SurveyRow) -> list[Text]:
        response = row.response
        return [
            cell(response.taken_on),
            cell(SurveyInstrument(response.instrument).label),
            cell(row.contact_name) if row.contact_name else Text("all (period)", style="italic"),
            cell(row.score_text),
            cell(response.comment),
        ]

    def _trend(self, trend: dict[SurveyInstrument, list[Any]]) -> Text:
        heading = Text(
            f"Monthly average over the last {TREND_MONTHS} months, out of 5", style="bold"
        )
        if not trend:
            return Text.assemble(heading, ("\nNo results in that time yet.", "dim"))
        wide = self.app.size.width >= WIDE_AT
        lines = [heading]
        for instrument, series in trend.items():
            values = [value for _, value in series]
            line = Text(f"{instrument.label:<7}")
            line.append(sparkline(values), style=self.app.theme_variables.get("accent", "yellow"))
            line.append(f"  {format_number(round(values[0], 1))}")
            if len(values) > 1:
                line.append(f" → {format_number(round(values[-1], 1))}")
            line.append(
                f"  ({series[0][0]:%b} to {series[-1][0]:%b %Y})"
                if len(series) > 1
                else f"  ({series[0][0]:%b %Y})"
            )
            if wide:
                months = " · ".join(f"{p:%b} {format_number(round(v, 1))}" for p, v in series)
                line.append(f"   {months}", style="dim")
            lines.append(line)
        return Text("\n").join(lines)

    # --- editing -------------------------------------------------------------------------------

    def selected(self) -> service.SurveyRow | None:
        survey_id = selected_id(self.query_one("#survey-list", FittedTable))
        return self.rows.get(survey_id) if survey_id is not None else None

    def _form(self, title: str, values: dict[str, Any], survey_id: int | None) -> None:
        with self.app.store.session() as session:
            contacts = service.survey_contacts(session=session, account_id=self.client_id)

        def save(form_values: dict[str, Any]) -> int:
            data = service.parse_survey(form_values)
            with self.app.store.session() as session:
                if survey_id is None:
                    saved = service.add_survey(
                        session=session, account_id=self.client_id, data=data
                    )
                else:
                    saved = service.update_survey(session=session, survey_id=survey_id, data=data)
            assert saved.id is not None
            return saved.id

        def closed(saved_id: int | None) -> None:
            if saved_id is not None:
                self.notify("Survey result saved.")
                self.reload()

        self.app.push_screen(
            FormScreen(title=title, fields=survey_fields(contacts), save=save, values=values),
            closed,
        )

    def action_add(self) -> None:
        self._form("New survey result", {"instrument": "csat"}, None)

    def action_edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        values = service.survey_form(row.response)
        if values["contact_id"] is not None:
            values["contact_id"] = str(values["contact_id"])
        self._form("Edit survey result", values, row.response.id)

    @on(DataTable.RowSelected, "#survey-list")
    def _chosen(self) -> None:
        self.action_edit()

    def action_remove(self) -> None:
        row = self.selected()
        if row is None or row.response.id is None:
            return
        survey_id = row.response.id
        who = row.contact_name or "the period's aggregate"

        def answered(yes: bool | None) -> None:
            if yes:
                with self.app.store.session() as session:
                    service.delete_survey(session=session, survey_id=survey_id)
                self.notify("Survey result removed.")
                self.reload()

        self.app.push_screen(
            ConfirmScreen(
                f"Remove the {SurveyInstrument(row.response.instrument).label} result of "
                f"{row.response.taken_on.isoformat()} ({who})?",
                yes="Remove",
                no="Keep",
            ),
            answered,
        )

    def action_back(self) -> None:
        self.dismiss(None)

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand("satisfaction: New result", "CSAT, NPS or custom (a)", self.action_add),
            PaletteCommand(
                "satisfaction: Edit result", "The selected one (enter)", self.action_edit
            ),
        ]
