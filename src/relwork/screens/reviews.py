"""A client's reviews: past and planned, the cadence and when the next one is due.

n plans a review (a form), e edits it, Enter opens it (the agenda before the meeting,
the running review once notes were taken, the report once held), p prepares (drafts)
the agenda, r runs the meeting, h marks it held, x exports the report or invitation,
d removes a review not yet held, k opens the risk and responsibility register.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from relwork import clock
from relwork.enums import ReviewFormat
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.form import FormField, FormScreen
from relwork.services import reviews
from relwork.services.clients import get_client
from relwork.widgets.fitted import Column, FittedTable, selected_id
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import cell, literal

if TYPE_CHECKING:
    from relwork.app import RelworkApp

COLUMNS = [
    Column("When", 16),
    Column("Format", 9),
    Column("Status", 9),
    Column("People", 6, min_table_width=64),
    Column("Recs", 4, min_table_width=72),
    Column("Actions", 0),
]


def review_fields(contacts: list[tuple[str, str]]) -> list[FormField]:
    return [
        FormField("scheduled_for", "Starts", required=True, placeholder="YYYY-MM-DD HH:MM"),
        FormField("duration_minutes", "Minutes", placeholder="60"),
        FormField("format", "Format", "select", ReviewFormat.choices(), required=True),
        FormField("location", "Where / link", placeholder="a room, or the video link"),
        FormField(
            "primary_audience",
            "Primary audience",
            placeholder="who is in the room, and what they care about",
        ),
        FormField(
            "secondary_audience",
            "Secondary audience",
            placeholder="who reads the report afterwards",
        ),
        FormField("contacts", "Client attendees (space to tick)", "multi", contacts),
        FormField(
            "experts",
            "Our people",
            "area",
            hint="one per line: name, email, role (e.g. Priya Natarajan, priya@example.com, "
            "network engineer)",
        ),
    ]


class ExportChoice(ModalScreen[str | None]):
    """Pick what to export: m Markdown, w Word, i invitation; Escape cancels."""

    DEFAULT_CSS = """
    ExportChoice { align: center middle; }
    #export-dialog {
        width: 60; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "pick('md')", "Markdown", id="reviews.export_md"),
        Binding("w", "pick('docx')", "Word", id="reviews.export_docx"),
        Binding("i", "pick('ics')", "Invitation", id="reviews.export_ics"),
        Binding("escape", "pick('')", "Cancel", id="reviews.export_cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Static(
                "Export this review\n\n"
                "  m  the report as Markdown\n"
                "  w  the report as a Word document\n"
                "  i  the invitation for calendars (.ics)\n\n"
                "Exporting the report of a held review marks it reported. Esc cancels."
            )

    def action_pick(self, fmt: str) -> None:
        self.dismiss(fmt or None)


class ReportScreen(Screen[None]):
    """A held review's report, as it will be exported."""

    app: RelworkApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Back", id="review_report.back"),
        Binding("x", "export", "Export", id="review_report.export"),
        Binding("r", "run", "Notes", id="review_report.run"),
    ]

    def __init__(self, review_id: int, export: Callable[[int], None]) -> None:
        super().__init__()
        self.review_id = review_id
        self.export = export

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Review report")
        with VerticalScroll(id="report-body"):
            yield Static(id="report-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#report-body").focus()

    def reload(self) -> None:
        from relwork.exporters.review_markdown import review_markdown

        with self.app.store.session() as session:
            pack = reviews.review_pack(session=session, review_id=self.review_id)
        self.query_one(ScreenHeader).set_title(f"Report · {pack.client_name}")
        self.query_one("#report-text", Static).update(literal(review_markdown(pack)))

    def action_export(self) -> None:
        self.export(self.review_id)

    def action_run(self) -> None:
        from relwork.screens.review_run import RunScreen

        self.app.push_screen(RunScreen(self.review_id), lambda _: self.reload())


class ReviewsScreen(Screen[None]):
    app: RelworkApp

    DEFAULT_CSS = """
    ReviewsScreen #reviews-cadence { height: 1; padding: 0 1; }
    ReviewsScreen #reviews-table { height: 1fr; }
    ReviewsScreen #reviews-detail { height: auto; max-height: 4; padding: 0 1; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="reviews.back"),
        Binding("n", "new", "New", id="reviews.new"),
        Binding("p", "prepare", "Prepare", id="reviews.prepare"),
        Binding("r", "run", "Run", id="reviews.run"),
        Binding("h", "held", "Held", id="reviews.held"),
        Binding("x", "export", "Export", id="reviews.export"),
        Binding("k", "register", "Risks", id="reviews.register"),
        Binding("e", "edit", "Edit", id="reviews.edit"),
        Binding("d,delete", "delete", "Remove", show=False, id="reviews.delete"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.client_name = ""
        self.rows: dict[int, reviews.ReviewRow] = {}

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Reviews")
        yield Static(id="reviews-cadence")
        yield FittedTable(COLUMNS, id="reviews-table")
        yield Static(id="reviews-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(FittedTable).focus()

    # --- data ----------------------------------------------------------------------------

    def reload(self) -> None:
        today = clock.today()
        with self.app.store.session() as session:
            client = get_client(session=session, client_id=self.client_id)
            rows = reviews.list_reviews(session=session, client_id=self.client_id)
            cadence = reviews.cadence_days(client.account)
            due = client.account.next_review_due
        self.client_name = client.name
        self.rows = {r.id: r for r in rows}
        self.query_one(ScreenHeader).set_title(f"Reviews · {client.name}")
        line = Text(f"Reviews every {cadence} days · ")
        overdue = due is not None and due < today
        alert = self.app.theme_variables.get("error", "red")
        line.append(reviews.due_text(due, today), style=f"bold {alert}" if overdue else "")
        self.query_one("#reviews-cadence", Static).update(line)
        table = self.query_one(FittedTable)
        table.set_rows([(r.id, self._cells(r, today)) for r in rows])
        self._show_detail()

    def _cells(self, row: reviews.ReviewRow, today: date) -> list[Text]:
        actions = f"{row.actions}" + (f" ({row.open_actions} open)" if row.open_actions else "")
        status, style = row.status.label, ""
        if row.status not in reviews.HELD:
            style = "bold"
            if row.starts_at.date() < today:  # its day passed without it being held
                status = "Overdue"
                style = f"bold {self.app.theme_variables.get('error', 'red')}"
        return [
            cell(row.starts_at.strftime("%Y-%m-%d %H:%M")),
            cell(row.format.label),
            cell(status, style),
            cell(str(row.attendees)),
            cell(str(row.recommendations)),
            cell(actions if row.actions else ""),
        ]

    def _selected(self) -> reviews.ReviewRow | None:
        review_id = selected_id(self.query_one(FittedTable))
        return self.rows.get(review_id) if review_id is not None else None

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        row = self._selected()
        detail = self.query_one("#reviews-detail", Static)
        if row is None:
            detail.update("No reviews yet: press n to plan one.")
            return
        text = Text()
        if row.location:
            text.append("Where: ")
            text.append_text(literal(row.location))
            text.append("\n")
        start = row.starts_at.strftime("%H:%M")
        text.append(f"{row.duration_minutes} minutes from {start} · {row.status.label}")
        detail.update(text)

    def _need(self) -> reviews.ReviewRow | None:
        row = self._selected()
        if row is None:
            self.notify("Plan a review first (n).")
        return row

    # --- flows ------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def _form(self, title: str, values: dict[str, Any], review_id: int | None) -> None:
        from relwork.services.contacts import list_contacts

        with self.app.store.session() as session:
            people = list_contacts(session=session, client_id=self.client_id)
        contacts = [(f"{c.name}" + (f", {c.title}" if c.title else ""), str(c.id)) for c in people]

        def save(form: dict[str, Any]) -> int:
            data = reviews.parse_review(form)
            with self.app.store.session() as session:
                if review_id is None:
                    saved = reviews.schedule_review(
                        session=session, client_id=self.client_id, data=data
                    )
                else:
                    saved = reviews.update_review(session=session, review_id=review_id, data=data)
            assert saved.id is not None
            return saved.id

        def closed(result: int | None) -> None:
            if result is not None:
                self.notify("Review saved; the next review date follows it.")
                self.reload()
                self.query_one(FittedTable).move_cursor(
                    row=self.query_one(FittedTable).get_row_index(str(result))
                )

        self.app.push_screen(
            FormScreen(title=title, fields=review_fields(contacts), save=save, values=values),
            closed,
        )

    def action_new(self) -> None:
        with self.app.store.session() as session:
            due = get_client(session=session, client_id=self.client_id).account.next_review_due
        values = {
            "scheduled_for": reviews.suggested_start(clock.today(), due),
            "duration_minutes": "60",
            "format": ReviewFormat.VIDEO.value,
        }
        self._form(f"New review: {self.client_name}", values, None)

    def action_edit(self) -> None:
        row = self._need()
        if row is None:
            return
        with self.app.store.session() as session:
            review = reviews.get_review(session=session, review_id=row.id)
            people = reviews.attendees(session=session, review_id=row.id)
            values = reviews.review_form(review, people)
        self._form(f"Edit review: {self.client_name}", values, row.id)

    @on(DataTable.RowSelected)
    def _open(self) -> None:
        row = self._selected()
        if row is None:
            return
        with self.app.store.session() as session:
            started = reviews.review_started(session=session, review_id=row.id)
        mode = reviews.open_mode(row.status, started=started)
        if mode == "report":
            self.app.push_screen(ReportScreen(row.id, self._export), lambda _: self.reload())
        elif mode == "run":
            self.action_run()
        else:
            self._agenda(row.id, redraft=False)

    def _agenda(self, review_id: int, *, redraft: bool) -> None:
        from relwork.screens.review_agenda import AgendaScreen

        self.app.push_screen(AgendaScreen(review_id, redraft=redraft), lambda _: self.reload())

    def action_prepare(self) -> None:
        row = self._need()
        if row is None:
            return
        if row.status in reviews.HELD:
            self.notify("This review was held; its agenda is now the record.", severity="warning")
            return
        self._agenda(row.id, redraft=True)

    def action_run(self) -> None:
        from relwork.screens.review_run import RunScreen

        row = self._need()
        if row is not None:
            self.app.push_screen(RunScreen(row.id), lambda _: self.reload())

    def action_held(self) -> None:
        row = self._need()
        if row is None:
            return
        from relwork.screens.review_run import ask_held

        ask_held(self, row.id, self.reload)

    def action_export(self) -> None:
        row = self._need()
        if row is not None:
            self._export(row.id)

    def _export(self, review_id: int) -> None:
        def chosen(fmt: str | None) -> None:
            if not fmt:
                return
            try:
                with self.app.store.session() as session:
                    result = reviews.export_review(
                        session=session, review_id=review_id, fmt=fmt, organizer=self.app.user
                    )
            except OSError as exc:
                self.notify(f"Could not write the file: {exc}", severity="error", markup=False)
                return
            what = reviews.EXPORT_FORMATS[fmt].capitalize()
            extra = " The review is marked reported." if result.reported and fmt != "ics" else ""
            self.notify(f"{what} written to {result.path}.{extra}", timeout=8, markup=False)
            self.reload()
            if isinstance(self.app.screen, ReportScreen):
                self.app.screen.reload()

        self.app.push_screen(ExportChoice(), chosen)

    def action_delete(self) -> None:
        row = self._need()
        if row is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                with self.app.store.session() as session:
                    reviews.delete_review(session=session, review_id=row.id)
            except reviews.ReviewError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify("Review removed.")
            self.reload()

        when = row.starts_at.strftime("%Y-%m-%d %H:%M")
        self.app.push_screen(
            ConfirmScreen(f"Remove the review of {when} and its agenda?", yes="Remove", no="Keep"),
            answered,
        )

    def action_register(self) -> None:
        from relwork.screens.risks import RisksScreen

        self.app.push_screen(RisksScreen(self.client_id))
