"""A client's agreements: the list, the selected one's summary and its metrics with the
newest value against the target. From here: add and edit agreements and metrics, the
measurement grid (g), CSV import (i) and the satisfaction surveys (u)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from relwork import clock
from relwork.models import Agreement, Metric
from relwork.palette import PaletteCommand
from relwork.screens.agreement_forms import agreement_fields, metric_fields
from relwork.screens.agreement_view import (
    AGREEMENT_COLUMNS,
    METRIC_COLUMNS,
    agreement_cells,
    agreement_detail,
    metric_cells,
    status_colours,
)
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.form import FormScreen
from relwork.services import agreements as service
from relwork.services.clients import get_client
from relwork.services.measurement_import import ImportResult
from relwork.widgets.fitted import FittedTable, selected_id
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import literal

if TYPE_CHECKING:
    from relwork.app import RelworkApp


class AgreementsScreen(Screen[None]):
    app: RelworkApp

    DEFAULT_CSS = """
    AgreementsScreen FittedTable {
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        border-subtitle-color: $text-muted;
    }
    AgreementsScreen FittedTable:focus {
        border: round $primary;
        border-title-color: $primary;
    }
    AgreementsScreen #agreement-list {
        height: auto;
        max-height: 9;
    }
    AgreementsScreen #agreement-detail {
        height: auto;
        max-height: 4;
        padding: 0 1;
    }
    AgreementsScreen #metric-list {
        height: 1fr;
        min-height: 5;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="agreements.back"),
        Binding("a", "add_agreement", "Add", id="agreements.add"),
        Binding("e", "edit_agreement", "Edit", id="agreements.edit"),
        Binding("m", "add_metric", "Metric", id="agreements.add_metric"),
        Binding("g", "grid", "Grid", id="agreements.grid"),
        Binding("i", "import_csv", "Import", id="agreements.import"),
        Binding("u", "surveys", "Satisfaction", id="agreements.surveys"),
        Binding("d,delete", "remove", "Remove", show=False, id="agreements.remove"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.rows: dict[int, service.AgreementRow] = {}
        self.metrics: dict[int, Metric] = {}

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Agreements")
        yield FittedTable(AGREEMENT_COLUMNS, id="agreement-list")
        yield Static(id="agreement-detail")
        yield FittedTable(METRIC_COLUMNS, id="metric-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        with self.app.store.session() as session:
            name = get_client(session=session, client_id=self.client_id).name
        self.query_one(ScreenHeader).set_title(f"Agreements · {name}")
        self.query_one("#agreement-list").border_title = "Agreements"
        self.query_one("#metric-list").border_title = "Metrics"
        self.reload()
        self.query_one("#agreement-list").focus()

    # --- data --------------------------------------------------------------------------------

    def reload(self) -> None:
        today = clock.today()
        with self.app.store.session() as session:
            rows = service.list_agreements(session=session, account_id=self.client_id, today=today)
        self.rows = {r.agreement.id: r for r in rows if r.agreement.id is not None}
        table = self.query_one("#agreement-list", FittedTable)
        table.set_rows([(r.agreement.id, agreement_cells(r)) for r in rows])
        table.border_subtitle = "" if rows else "none yet: a adds one"
        self._show_selected()

    def selected_agreement(self) -> Agreement | None:
        agreement_id = selected_id(self.query_one("#agreement-list", FittedTable))
        row = self.rows.get(agreement_id) if agreement_id is not None else None
        return row.agreement if row else None

    def selected_metric(self) -> Metric | None:
        metric_id = selected_id(self.query_one("#metric-list", FittedTable))
        return self.metrics.get(metric_id) if metric_id is not None else None

    @on(DataTable.RowHighlighted, "#agreement-list")
    def _agreement_moved(self) -> None:
        self._show_selected()

    def on_resize(self) -> None:
        self._show_selected()  # the summary is cut to the width

    def _show_selected(self) -> None:
        agreement = self.selected_agreement()
        detail = self.query_one("#agreement-detail", Static)
        table = self.query_one("#metric-list", FittedTable)
        if agreement is None:
            self.metrics = {}
            detail.update(Text("Add the client's first agreement with a.", style="dim"))
            table.set_rows([])
            table.border_title = "Metrics"
            return
        assert agreement.id is not None
        with self.app.store.session() as session:
            metrics = service.list_metrics(session=session, agreement_id=agreement.id)
            latest = service.latest_measurements(session=session, agreement_id=agreement.id)
        self.metrics = {m.id: m for m in metrics if m.id is not None}
        detail.update(
            agreement_detail(agreement, max(20, (self.size.width or self.app.size.width) - 2))
        )
        colours = status_colours(self.app)
        table.set_rows([(m.id, metric_cells(m, latest.get(m.id or 0), colours)) for m in metrics])
        table.border_title = Text.assemble("Metrics of ", literal(agreement.title))
        table.border_subtitle = "none yet: m adds one" if not metrics else "enter edits · d removes"

    # --- agreements ----------------------------------------------------------------------------

    def _agreement_form(self, title: str, values: dict[str, Any], agreement_id: int | None) -> None:
        with self.app.store.session() as session:
            hint = service.agreement_formality_hint(session=session, account_id=self.client_id)

        def save(form_values: dict[str, Any]) -> int:
            data = service.parse_agreement(form_values)
            with self.app.store.session() as session:
                if agreement_id is None:
                    saved = service.create_agreement(
                        session=session, account_id=self.client_id, data=data
                    )
                else:
                    saved = service.update_agreement(
                        session=session, agreement_id=agreement_id, data=data
                    )
            assert saved.id is not None
            return saved.id

        def closed(saved_id: int | None) -> None:
            if saved_id is not None:
                self.notify("Agreement saved.")
                self.reload()
                _select(self.query_one("#agreement-list", FittedTable), saved_id)

        self.app.push_screen(
            FormScreen(title=title, fields=agreement_fields(hint), save=save, values=values),
            closed,
        )

    def action_add_agreement(self) -> None:
        self._agreement_form("New agreement", {"form": "sla", "status": "draft"}, None)

    def action_edit_agreement(self) -> None:
        agreement = self.selected_agreement()
        if agreement is None:
            self.notify("There is no agreement to edit yet; a adds one.")
            return
        self._agreement_form(
            f"Edit agreement: {agreement.title}", service.agreement_form(agreement), agreement.id
        )

    # --- metrics -------------------------------------------------------------------------------

    def _metric_form(self, title: str, values: dict[str, Any], metric_id: int | None) -> None:
        agreement = self.selected_agreement()
        if agreement is None or agreement.id is None:
            self.notify("Add an agreement first (a); metrics belong to an agreement.")
            return
        agreement_id = agreement.id

        def save(form_values: dict[str, Any]) -> int:
            data = service.parse_metric(form_values)
            with self.app.store.session() as session:
                if metric_id is None:
                    saved = service.add_metric(
                        session=session, agreement_id=agreement_id, data=data
                    )
                else:
                    saved = service.update_metric(session=session, metric_id=metric_id, data=data)
            assert saved.id is not None
            return saved.id

        def closed(saved_id: int | None) -> None:
            if saved_id is not None:
                self.notify("Metric saved.")
                self.reload()
                _select(self.query_one("#metric-list", FittedTable), saved_id)

        self.app.push_screen(
            FormScreen(title=title, fields=metric_fields(), save=save, values=values), closed
        )

    def action_add_metric(self) -> None:
        self._metric_form("New metric", {"metric_class": "warranty", "direction": "higher"}, None)

    def _edit_metric(self) -> None:
        metric = self.selected_metric()
        if metric is not None:
            self._metric_form(f"Edit metric: {metric.name}", service.metric_form(metric), metric.id)

    @on(DataTable.RowSelected, "#agreement-list")
    def _agreement_chosen(self) -> None:
        self.action_edit_agreement()

    @on(DataTable.RowSelected, "#metric-list")
    def _metric_chosen(self) -> None:
        self._edit_metric()

    # --- removing -------------------------------------------------------------------------------

    def action_remove(self) -> None:
        focused = self.focused.id if self.focused else None
        if focused == "metric-list":
            metric = self.selected_metric()
            if metric is not None:
                self._confirm_remove(
                    f"Remove the metric '{metric.name}' and all its measurements?",
                    lambda: self._delete_metric(metric),
                )
            return
        agreement = self.selected_agreement()
        if agreement is not None:
            count = self.rows[agreement.id or 0].metric_count
            extra = (
                f" with its {count} metric{'s' if count != 1 else ''} and their values"
                if count
                else ""
            )
            self._confirm_remove(
                f"Remove the agreement '{agreement.title}'{extra}?",
                lambda: self._delete_agreement(agreement),
            )

    def _confirm_remove(self, question: str, remove: Any) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                remove()
                self.reload()

        self.app.push_screen(ConfirmScreen(question, yes="Remove", no="Keep"), answered)

    def _delete_metric(self, metric: Metric) -> None:
        assert metric.id is not None
        with self.app.store.session() as session:
            service.delete_metric(session=session, metric_id=metric.id)
        self.notify(f"Removed {metric.name}.", markup=False)

    def _delete_agreement(self, agreement: Agreement) -> None:
        assert agreement.id is not None
        with self.app.store.session() as session:
            service.delete_agreement(session=session, agreement_id=agreement.id)
        self.notify(f"Removed {agreement.title}.", markup=False)

    # --- other screens --------------------------------------------------------------------------

    def action_grid(self) -> None:
        from relwork.screens.agreement_grid import MeasurementGridScreen

        agreement = self.selected_agreement()
        if agreement is None or agreement.id is None:
            self.notify("Add an agreement first (a).")
            return
        self.app.push_screen(MeasurementGridScreen(agreement.id), lambda _: self.reload())

    def action_import_csv(self) -> None:
        from relwork.screens.agreement_import import ImportScreen

        agreement = self.selected_agreement()
        if agreement is None or agreement.id is None:
            self.notify("Add an agreement and its metrics first.")
            return

        def done(result: ImportResult | None) -> None:
            if result is not None:
                self.notify(result.summary())
                self.reload()

        self.app.push_screen(ImportScreen(agreement.id, agreement.title), done)

    def action_surveys(self) -> None:
        from relwork.screens.agreement_surveys import SurveyScreen

        self.app.push_screen(SurveyScreen(self.client_id))

    def action_back(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_agreement", "add_metric", "grid", "import_csv"):
            return True if self.rows else None  # shown dimmed until there is an agreement
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand(
                "agreements: New agreement",
                "Add one for this client (a)",
                self.action_add_agreement,
            ),
            PaletteCommand(
                "agreements: Edit agreement",
                "The selected agreement (e)",
                self.action_edit_agreement,
            ),
            PaletteCommand(
                "agreements: New metric", "On the selected agreement (m)", self.action_add_metric
            ),
            PaletteCommand(
                "agreements: Measurement grid", "Type monthly values (g)", self.action_grid
            ),
            PaletteCommand(
                "agreements: Import measurements", "From a CSV file (i)", self.action_import_csv
            ),
            PaletteCommand(
                "agreements: Satisfaction surveys",
                "CSAT, NPS and custom results (u)",
                self.action_surveys,
            ),
        ]


def _select(table: DataTable[Text], record_id: int) -> None:
    key = str(record_id)
    if key in table.rows:
        table.move_cursor(row=table.get_row_index(key))
