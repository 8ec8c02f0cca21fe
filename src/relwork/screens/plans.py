"""A client's onboarding and offboarding plans (the Onboard step's tool).

The list at the top shows every plan with its status, progress and overdue count;
below it, the selected plan's details and its actions grouped by dimension. Space
marks the highlighted action done (or open again), e edits it, a adds one, d removes
it; s moves the plan's status on, v runs the closing review, x exports it as
Markdown, n and N start the onboarding and offboarding plan wizards. Every rule
(overdue, status moves, the review) lives in :mod:`relwork.services.plans`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from relwork import clock
from relwork.enums import PlanStatus
from relwork.palette import PaletteCommand
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.form import FormScreen
from relwork.services import plans as service
from relwork.services.plan_rules import ONBOARDING
from relwork.services.plan_templates import PlanTemplates
from relwork.services.plan_views import PlanView
from relwork.services.validation import InvalidInput
from relwork.widgets.fitted import Column, FittedTable
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.plan_actions import PlanActionsTable
from relwork.widgets.plan_detail import detail_text, plan_cells
from relwork.widgets.plan_forms import action_fields, review_fields, status_field

if TYPE_CHECKING:
    from relwork.app import RelworkApp

TALL_AT = 34  # screen rows from which the details get more room
PLAN_COLUMNS = [
    Column("Kind", 8),
    Column("Plan", 0),
    Column("Status", 7),
    Column("Progress", 11),
    Column("Late", 4),
    Column("Dates", 23, min_table_width=100),
]
WIZARDS: dict[str, str] = {ONBOARDING: "onboard.plan", service.OFFBOARDING: "onboard.offboarding"}


class PlansList(FittedTable):
    """The client's plans; Enter moves to the selected plan's actions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.focus_actions", "Actions", id="plans.to_actions")
    ]


class PlansScreen(Screen[None]):
    """A client's onboarding and offboarding plans, opened from the client workspace."""

    app: RelworkApp

    DEFAULT_CSS = """
    PlansScreen #plans-list {
        height: 5;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
    }
    PlansScreen #plans-list:focus {
        border: round $primary;
        border-title-color: $primary;
    }
    PlansScreen #plans-detail {
        height: auto;
        max-height: 6;
        padding: 0 1;
    }
    PlansScreen.-tall #plans-detail {
        max-height: 12;
    }
    PlansScreen #plans-detail-text {
        width: 100%;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    PlansScreen.-tall #plans-detail-text {
        text-wrap: wrap;
    }
    PlansScreen #plans-detail:focus {
        background: $boost;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_done", "Done", id="plans.toggle_done"),
        Binding("e", "edit_action", "Edit", id="plans.edit_action"),
        Binding("a", "add_action", "Add", id="plans.add_action"),
        Binding("d,delete", "remove_action", "Remove", id="plans.remove_action"),
        Binding("s", "change_status", "Status", id="plans.status"),
        Binding("v", "review", "Review", id="plans.review"),
        Binding("x", "export", "Export", id="plans.export"),
        Binding("n", "new_plan('onboarding')", "New plan", id="plans.new_onboarding"),
        Binding("N", "new_plan('offboarding')", "Exit plan", id="plans.new_offboarding"),
        Binding("escape", "back", "Back", id="plans.back"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.client_name = ""
        self.plans: list[PlanView] = []
        self.templates: PlanTemplates | None = None
        self._selected = 0

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Plans")
        yield PlansList(PLAN_COLUMNS, id="plans-list")
        with VerticalScroll(id="plans-detail"):
            yield Static(id="plans-detail-text")
        yield PlanActionsTable(id="plans-actions")
        yield KeyFooter()

    def on_mount(self) -> None:
        from relwork.services.clients import get_client

        self.templates, problems = service.load_templates()
        for problem in problems:
            self.notify(problem, title="Plan templates", severity="warning", markup=False)
        with self.app.store.session() as session:
            self.client_name = get_client(session=session, client_id=self.client_id).name
        self.query_one(ScreenHeader).set_title(f"Plans · {self.client_name}")
        self.query_one("#plans-list").border_title = "Plans"
        self.set_class(self.app.size.height >= TALL_AT, "-tall")
        self.reload()
        target = "#plans-actions" if self.plans else "#plans-list"
        self.query_one(target).focus()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height >= TALL_AT, "-tall")

    # --- data -------------------------------------------------------------------------------

    @property
    def plan(self) -> PlanView | None:
        """The plan highlighted in the list."""
        if not self.plans:
            return None
        return self.plans[min(self._selected, len(self.plans) - 1)]

    def reload(self, *, plan: tuple[str, int] | None = None, action: int | None = None) -> None:
        """Read the plans again; ``plan`` (kind, id) and ``action`` say what to select."""
        current = self.plan
        wanted = plan or ((current.kind, current.id) if current is not None else None)
        with self.app.store.session() as session:
            self.plans = service.plans_for(
                session=session, account_id=self.client_id, templates=self.templates
            )
        keys = [(p.kind, p.id) for p in self.plans]
        self._selected = keys.index(wanted) if wanted in keys else 0
        today, alert = clock.today(), self._alert
        table = self.query_one(PlansList)
        table.set_rows([(i, plan_cells(p, today, alert)) for i, p in enumerate(self.plans)])
        table.styles.height = min(max(len(self.plans), 1), 4) + 3
        table.border_subtitle = f"{len(self.plans)} plan{'s' if len(self.plans) != 1 else ''}"
        if self.plans:
            table.move_cursor(row=self._selected)
        self._show_plan(action=action)

    def _show_plan(self, *, action: int | None = None) -> None:
        plan, today, alert = self.plan, clock.today(), self._alert
        self.query_one("#plans-detail-text", Static).update(
            detail_text(plan, today=today, alert=alert)
        )
        actions = self.query_one(PlanActionsTable)
        success = self.app.theme_variables.get("success", "green")
        actions.show(plan, today=today, alert=alert, done=success, select=action)
        if plan is None:
            actions.border_title = "Actions"
            actions.border_subtitle = ""
        else:
            late = len(plan.overdue(today))
            actions.border_title = f"Actions · {plan.done}/{plan.total} done"
            actions.border_subtitle = f"{late} overdue" if late else ""
        self.refresh_bindings()

    @property
    def _alert(self) -> str:
        return self.app.theme_variables.get("error", "red")

    @on(DataTable.RowHighlighted, "#plans-list")
    def _plan_highlighted(self, event: DataTable.RowHighlighted) -> None:
        index = int(event.row_key.value or 0)
        if index != self._selected and index < len(self.plans):
            self._selected = index
            self._show_plan()

    def action_focus_actions(self) -> None:
        self.query_one(PlanActionsTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        plan = self.plan
        if action in ("toggle_done", "edit_action", "remove_action"):
            return self.query_one(PlanActionsTable).selected is not None or None
        if action in ("add_action", "change_status", "export"):
            return plan is not None or None
        if action == "review":
            return None if plan is None else plan.kind == ONBOARDING  # offboarding: hidden
        return True

    # --- actions on actions -----------------------------------------------------------------

    def action_toggle_done(self) -> None:
        chosen = self.query_one(PlanActionsTable).selected
        if chosen is None:
            return
        with self.app.store.session() as session:
            done = service.toggle_action_done(session=session, action_id=chosen.id)
        self.notify(("Done: " if done else "Open again: ") + chosen.description, markup=False)
        self.reload(action=chosen.id)

    def action_edit_action(self) -> None:
        chosen = self.query_one(PlanActionsTable).selected
        if chosen is None:
            return

        def save(values: dict[str, Any]) -> int:
            data = service.parse_action(values)
            with self.app.store.session() as session:
                service.update_action(session=session, action_id=chosen.id, data=data)
            return chosen.id

        values = {
            "description": chosen.description,
            "dimension": chosen.dimension.value if chosen.dimension else None,
            "performer": chosen.performer.value,
            "owner": chosen.owner,
            "due": chosen.due,
        }
        self._action_form("Edit action", save, values, "Action saved.")

    def action_add_action(self) -> None:
        plan = self.plan
        if plan is None:
            return

        def save(values: dict[str, Any]) -> int:
            data = service.parse_action(values)
            with self.app.store.session() as session:
                added = service.add_action(
                    session=session, kind=plan.kind, plan_id=plan.id, data=data
                )
            return added.id

        dimension = self.query_one(PlanActionsTable).selected_dimension
        values = {
            "performer": "provider",
            "dimension": dimension.value if dimension else None,
            "owner": self.app.user,
        }
        self._action_form(f"New action for: {plan.title}", save, values, "Action added.")

    def _action_form(self, title: str, save: Any, values: dict[str, Any], done: str) -> None:
        def closed(action_id: int | None) -> None:
            if action_id is not None:
                self.notify(done)
                self.reload(action=action_id)

        form = FormScreen(title=title, fields=action_fields(), save=save, values=values)
        self.app.push_screen(form, closed)

    def action_remove_action(self) -> None:
        chosen = self.query_one(PlanActionsTable).selected
        if chosen is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                with self.app.store.session() as session:
                    service.remove_action(session=session, action_id=chosen.id)
                self.notify(f"Removed: {chosen.description}", markup=False)
                self.reload()

        question = f"Remove this action from the plan?\n\n{chosen.description}"
        self.app.push_screen(ConfirmScreen(question, yes="Remove", no="Keep"), answered)

    # --- actions on plans -------------------------------------------------------------------

    def action_change_status(self) -> None:
        plan = self.plan
        if plan is None:
            return
        moves = plan.next_statuses()

        def save(values: dict[str, Any]) -> PlanStatus:
            target = PlanStatus(values.get("status") or moves[0])
            try:
                with self.app.store.session() as session:
                    return service.set_status(
                        session=session, kind=plan.kind, plan_id=plan.id, status=target
                    )
            except service.PlanError as exc:
                raise InvalidInput({"status": str(exc)}) from None

        def closed(status: PlanStatus | None) -> None:
            if status is not None:
                self.notify(f"{plan.title}: now {status.label.lower()}.", markup=False)
                self.reload()

        field = status_field(plan)
        form = FormScreen(
            title=f"Status of: {plan.title}",
            fields=[field],
            save=save,
            values={"status": moves[0].value},
        )
        self.app.push_screen(form, closed)

    def action_review(self) -> None:
        plan = self.plan
        if plan is None or self.templates is None:
            return
        blocked = service.review_blocked(plan)
        if blocked:
            self.notify(blocked)
            return
        templates = self.templates
        values: dict[str, Any] = dict(service.review_start(plan, templates.review))

        def save(form: dict[str, Any]) -> PlanView:
            answers = {c.key: str(form.get(c.key) or "") for c in templates.review}
            kept = {c.key: str(form.get(f"{c.key}_note") or "") for c in templates.review}
            with self.app.store.session() as session:
                return service.close_review(
                    session=session,
                    plan_id=plan.id,
                    answers=answers,
                    notes=kept,
                    templates=templates,
                )

        def closed(reviewed: PlanView | None) -> None:
            if reviewed is None:
                return
            self.reload()
            if reviewed.status != PlanStatus.RUNNING:
                self.notify("Closing review saved.")
                return
            self.app.push_screen(
                ConfirmScreen("Closing review saved. Close the plan now?", yes="Close", no="Later"),
                self._close_after_review,
            )

        form = FormScreen(
            title=f"Closing review: {plan.title}",
            fields=review_fields(templates),
            save=save,
            values=values,
        )
        self.app.push_screen(form, closed)

    def _close_after_review(self, yes: bool | None) -> None:
        plan = self.plan
        if not yes or plan is None:
            return
        try:
            with self.app.store.session() as session:
                service.set_status(
                    session=session, kind=plan.kind, plan_id=plan.id, status=PlanStatus.CLOSED
                )
        except service.PlanError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"{plan.title}: closed.", markup=False)
        self.reload()

    def action_export(self) -> None:
        from relwork.exporters.plan_markdown import export_plan

        plan = self.plan
        if plan is None:
            return
        try:
            path = export_plan(
                None,
                plan,
                client_name=self.client_name,
                today=clock.today(),
                templates=self.templates,
            )
        except OSError as exc:
            self.notify(f"Could not export: {exc}", severity="error", markup=False)
            return
        self.notify(f"Exported to {path}", title="Plan exported", timeout=10, markup=False)

    def action_new_plan(self, kind: str) -> None:
        try:
            from relwork.screens.wizard import WizardScreen
            from relwork.services import wizard_runs
        except ImportError:
            key = "n" if kind == ONBOARDING else "N"
            self.notify(
                f"The plan wizard is not installed yet; once it is, {key} here starts a new "
                f"{kind} plan.",
                markup=False,
            )
            return
        set_key = WIZARDS[kind]
        with self.app.store.session() as session:
            run = wizard_runs.unfinished_run(
                session=session, account_id=self.client_id, set_key=set_key
            ) or wizard_runs.start_run(
                session=session, account_id=self.client_id, set_key=set_key, author=self.app.user
            )
        assert run.id is not None
        self.app.push_screen(WizardScreen(run.id), lambda _: self.reload())

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand(
                "plans: New onboarding plan",
                "Start the onboarding plan wizard (n)",
                lambda: self.action_new_plan(ONBOARDING),
            ),
            PaletteCommand(
                "plans: New offboarding plan",
                "Start the offboarding plan wizard (N)",
                lambda: self.action_new_plan(service.OFFBOARDING),
            ),
            PaletteCommand(
                "plans: Change status",
                "Draft, agreed, running, closed (s)",
                self.action_change_status,
            ),
            PaletteCommand(
                "plans: Closing review", "The checklist before closing (v)", self.action_review
            ),
            PaletteCommand(
                "plans: Export as Markdown",
                "A private file in the exports folder (x)",
                self.action_export,
            ),
        ]
