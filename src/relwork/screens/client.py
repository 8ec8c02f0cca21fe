"""The client workspace: essentials, the journey bar, the overview and each step."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Input, Static

from relwork import clock
from relwork.enums import JourneyStep, RelationshipType
from relwork.models import Interaction
from relwork.palette import PaletteCommand
from relwork.screens import WORKSPACE_STYLES
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.form import FormScreen
from relwork.screens.forms import action_fields, contact_fields
from relwork.screens.move_step import MoveStepScreen
from relwork.screens.note_view import NoteViewScreen
from relwork.services import contacts as contact_service
from relwork.services import journey as journey_service
from relwork.services import notes as note_service
from relwork.services.clients import Client, get_client
from relwork.services.rules import review_overdue
from relwork.services.timeline import (
    ACTION,
    STEP,
    TimelineEntry,
    TimelineFilter,
    parse_filter,
    timeline,
)
from relwork.services.watermelon import WatermelonThresholds, watermelon
from relwork.services.workspace import step_facts
from relwork.widgets.fitted import selected_id
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.journey_bar import OVERVIEW, JourneyBar
from relwork.widgets.literal import literal
from relwork.widgets.overview import Overview
from relwork.widgets.scorecard_table import WatermelonBanner
from relwork.widgets.step_panel import StepPanel

if TYPE_CHECKING:
    from relwork.app import RelworkApp


# Keys that open a step's own tools, shown on that step's page.
STEP_TOOLS: dict[JourneyStep, list[tuple[str, str]]] = {
    JourneyStep.EXPLORE: [("s", "stakeholder map"), ("p", "personas and compass")],
    JourneyStep.ENGAGE: [
        ("s", "stakeholder map"),
        ("p", "personas and compass"),
        ("r", "trust on the three Cs"),
        ("y", "relationship type and maturity"),
        ("w", "assessments and readiness"),
    ],
    JourneyStep.AGREE: [
        ("a", "agreements, metrics and satisfaction"),
        ("R", "client reviews: prepare, run, report"),
    ],
    JourneyStep.ONBOARD: [
        ("w", "assessments and readiness"),
        ("o", "onboarding and offboarding plans"),
    ],
    JourneyStep.CO_CREATE: [
        ("v", "value scorecard, KPIs and improvements"),
        ("R", "client reviews: prepare, run, report"),
    ],
    JourneyStep.REALIZE: [
        ("a", "agreements, metrics and satisfaction"),
        ("v", "value scorecard, KPIs and improvements"),
        ("R", "client reviews: prepare, run, report"),
    ],
}


class ClientScreen(Screen[None]):
    app: RelworkApp

    CSS_PATH = WORKSPACE_STYLES

    BINDINGS = [
        Binding("escape", "back", "Portfolio", id="client.back"),
        Binding("n", "new_note", "Note", id="client.note"),
        Binding("t", "new_action", "Action", id="client.action"),
        Binding("c", "new_contact", "Contact", id="client.contact"),
        Binding("e", "edit_client", "Edit client", id="client.edit"),
        Binding("m", "move_step", "Move here", id="client.move"),
        Binding("space", "toggle_done", "Mark done", id="client.toggle_done"),
        Binding("d,delete", "remove_contact", "Remove", id="client.remove_contact"),
        Binding("f", "filter_timeline", "Filter timeline", id="client.filter"),
        Binding("y", "relationship", "Type & maturity", show=False, id="client.relationship"),
        Binding("r", "trust", "Trust (3 Cs)", show=False, id="client.trust"),
        Binding("s", "stakeholders", "Stakeholder map", show=False, id="client.stakeholders"),
        Binding("p", "personas", "Personas", show=False, id="client.personas"),
        Binding("v", "value", "Value", show=False, id="client.value"),
        Binding("w", "assessments", "Assessments", show=False, id="client.assessments"),
        Binding("a", "agreements", "Agreements", show=False, id="client.agreements"),
        Binding("o", "plans", "Plans", show=False, id="client.plans"),
        Binding("R", "reviews", "Reviews", show=False, id="client.reviews"),
        Binding("x", "toggle_archive", "Archive/restore", show=False, id="client.archive"),
        Binding(
            "left_square_bracket", "view_offset(-1)", "Prev step", show=False, id="client.prev"
        ),
        Binding(
            "right_square_bracket", "view_offset(1)", "Next step", show=False, id="client.next"
        ),
        *(
            Binding(str(n), f"view({n})", label, show=False, id=f"client.view{n}")
            for n, label in [(0, "Overview")] + [(s.number, s.label) for s in JourneyStep]
        ),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.client: Client | None = None
        self.viewing = OVERVIEW
        self._actions: dict[int, Any] = {}
        self._timeline: list[TimelineEntry] = []
        self._filter = TimelineFilter()
        self._contacts: dict[int, Any] = {}

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Client")
        with Vertical(id="client-top"):
            yield Static(id="client-essentials")
            yield WatermelonBanner(id="client-watermelon")
            yield JourneyBar(id="journey-bar")
        with ContentSwitcher(initial="overview", id="views"):
            yield Overview(id="overview")
            yield StepPanel(id="step")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#timeline-filter").display = False
        self.reload()
        self.query_one("#contacts").focus()

    # --- data -------------------------------------------------------------------------

    def reload(self) -> None:
        today = clock.today()
        alert = self.app.theme_variables.get("error", "red")
        with self.app.store.session() as session:
            self.client = get_client(session=session, client_id=self.client_id)
            contacts = contact_service.list_contacts(session=session, client_id=self.client_id)
            actions = note_service.open_actions(session=session, client_id=self.client_id)
            facts = (
                step_facts(
                    session=session,
                    client_id=self.client_id,
                    step=self._viewed_step(),
                    today=today,
                    store=self.app.store,
                    map_review_days=self.app.settings.map_review_days,
                )
                if self.viewing != OVERVIEW
                else []
            )
            flag = watermelon(
                session=session,
                account_id=self.client_id,
                today=today,
                thresholds=WatermelonThresholds.from_settings(self.app.settings.watermelon),
            )
        self.query_one(WatermelonBanner).show(
            flag, self.app.theme_variables, hint="v: value", compact=True
        )
        self._contacts = {c.id: c for c in contacts if c.id is not None}
        self._actions = {a.id: a for a in actions if a.id is not None}
        self._timeline = self._load_timeline()
        self.query_one(ScreenHeader).set_title(self.client.name)
        self.query_one("#client-essentials", Static).update(self._essentials(self.client))
        bar = self.query_one(JourneyBar)
        bar.current = JourneyStep(self.client.account.current_step)
        bar.viewing = self.viewing
        if self.viewing == OVERVIEW:
            self.query_one(Overview).fill(
                contacts, actions, self._timeline, today=today, alert=alert
            )
        else:
            guide = journey_service.step_guides()[self._viewed_step()]
            self.query_one(StepPanel).show(
                guide,
                facts,
                current=bar.current,
                alert=alert,
                tools=STEP_TOOLS.get(self._viewed_step(), []),
            )

    def _load_timeline(self) -> list[TimelineEntry]:
        return timeline(
            self.app.store,
            self.client_id,
            kinds=self._filter.kinds,
            person_id=self._filter.person_id,
        )

    def action_filter_timeline(self) -> None:
        if self.viewing != OVERVIEW:
            self.action_view(OVERVIEW)
        box = self.query_one("#timeline-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#timeline-filter")
    def _timeline_filter_changed(self, event: Input.Changed) -> None:
        people = [(c.name, c.id) for c in self._contacts.values() if c.id is not None]
        self._filter = parse_filter(event.value, people)
        self.query_one("#timeline", DataTable).border_subtitle = "; ".join(self._filter.problems)
        self.reload()

    @on(Input.Submitted, "#timeline-filter")
    def _timeline_filter_kept(self) -> None:
        self.query_one("#timeline").focus()

    def _essentials(self, client: Client) -> Text:
        account = client.account
        today = clock.today()
        current = RelationshipType(account.current_type).label
        kind = current
        if account.target_type and account.target_type != account.current_type:
            kind += f" → {RelationshipType(account.target_type).label}"
        first = [client.organization.industry, account.status.capitalize(), account.service_tier]
        line = Text(" · ".join(p for p in first if p))
        if client.archived:
            line.append("  (archived: x restores)", style="bold")
        second = Text(kind)
        if account.rm_owner:
            second.append(f" · RM {account.rm_owner}")
        if account.next_review_due:
            overdue = review_overdue(account.next_review_due, today)
            style = f"bold {self.app.theme_variables.get('error', 'red')}" if overdue else ""
            second.append(" · Next review ")
            second.append(
                account.next_review_due.isoformat() + (" (overdue)" if overdue else ""), style=style
            )
        return Text("\n").join([literal(line.plain), second])

    def _viewed_step(self) -> JourneyStep:
        return list(JourneyStep)[self.viewing - 1]

    def _selected(self, table_id: str) -> int | None:
        return selected_id(self.query_one(f"#{table_id}", DataTable))

    def palette_commands(self) -> list[PaletteCommand]:
        commands = [
            PaletteCommand("action: New action", "Add an action item", self.action_new_action),
            PaletteCommand("contact: New contact", "Add a person", self.action_new_contact),
            PaletteCommand(
                "client: Edit this client", "Change its details", self.action_edit_client
            ),
            PaletteCommand(
                "client: Archive or restore this client", "", self.action_toggle_archive
            ),
            PaletteCommand(
                "view: Overview", "Contacts, notes and actions", lambda: self.action_view(OVERVIEW)
            ),
            PaletteCommand(
                "engage: Relationship type and maturity",
                "Current and target type, maturity per side (y)",
                self.action_relationship,
            ),
            PaletteCommand(
                "engage: Trust assessment (three Cs)",
                "Score capability, commitment and consistency (r)",
                self.action_trust,
            ),
            PaletteCommand(
                "engage: Stakeholder map",
                "Influence and interest, snapshots and changes (s)",
                self.action_stakeholders,
            ),
            PaletteCommand(
                "engage: Personas and compass",
                "Personas, their cards and compass views (p)",
                self.action_personas,
            ),
            PaletteCommand(
                "realize: Value scorecard, KPIs and improvements",
                "Targets met, relationship KPIs, the improvement register (v)",
                self.action_value,
            ),
            PaletteCommand(
                "onboard: Onboarding and offboarding plans",
                "Plans, their actions, status and closing review (o)",
                self.action_plans,
            ),
            PaletteCommand(
                "client: Assessments",
                "Readiness and maturity checks, plan wizards and their runs (w)",
                self.action_assessments,
            ),
            PaletteCommand(
                "review: Client reviews",
                "Plan, prepare and run reviews; export the report or invitation (R)",
                self.action_reviews,
            ),
            PaletteCommand(
                "agree: Agreements, metrics and satisfaction",
                "Agreements, measurements and survey results (a)",
                self.action_agreements,
            ),
        ]
        for step in JourneyStep:
            commands.append(
                PaletteCommand(
                    f"view: {step.label} step",
                    f"Step {step.number} of 7",
                    partial(self.action_view, step.number),
                )
            )
            commands.append(
                PaletteCommand(
                    f"journey: Move client to {step.label}",
                    "Recorded with today's date",
                    partial(self._move_to, step.number),
                )
            )
        return commands

    def _move_to(self, number: int) -> None:
        self.action_view(number)
        self.action_move_step()

    # --- views ------------------------------------------------------------------------

    def action_view(self, number: int) -> None:
        self.viewing = number
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "overview" if number == OVERVIEW else "step"
        self.reload()
        if number != OVERVIEW:
            self.query_one(StepPanel).focus()
        else:
            self.query_one("#contacts").focus()
        self.refresh_bindings()

    def action_view_offset(self, delta: int) -> None:
        self.action_view((self.viewing + delta) % 8)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        focused = self.focused.id if self.focused else None
        if action == "move_step":
            return self.viewing != OVERVIEW
        if action == "toggle_done":
            return focused == "actions" and self.viewing == OVERVIEW
        if action == "remove_contact":
            return focused == "contacts" and self.viewing == OVERVIEW
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    # --- flows ------------------------------------------------------------------------

    def action_back(self) -> None:
        box = self.query_one("#timeline-filter", Input)
        if box.display:  # Esc first clears the timeline filter
            box.value = ""
            box.display = False
            self.query_one("#timeline").focus()
            return
        self.app.pop_screen()

    def action_relationship(self) -> None:
        from relwork.screens.relationship import RelationshipScreen

        self.app.push_screen(RelationshipScreen(self.client_id), lambda _: self.reload())

    def action_stakeholders(self) -> None:
        from relwork.screens.stakeholders import StakeholderScreen

        self.app.push_screen(StakeholderScreen(self.client_id), lambda _: self.reload())

    def action_personas(self) -> None:
        from relwork.screens.personas import PersonaScreen

        self.app.push_screen(PersonaScreen(self.client_id), lambda _: self.reload())

    def action_reviews(self) -> None:
        from relwork.screens.reviews import ReviewsScreen

        self.app.push_screen(ReviewsScreen(self.client_id), lambda _: self.reload())

    def action_agreements(self) -> None:
        from relwork.screens.agreements import AgreementsScreen

        self.app.push_screen(AgreementsScreen(self.client_id), lambda _: self.reload())

    def action_plans(self) -> None:
        from relwork.screens.plans import PlansScreen

        self.app.push_screen(PlansScreen(self.client_id), lambda _: self.reload())

    def action_assessments(self) -> None:
        from relwork.screens.assessments import AssessmentsScreen

        self.app.push_screen(AssessmentsScreen(self.client_id), lambda _: self.reload())

    def action_value(self) -> None:
        from relwork.screens.realize import RealizeScreen

        self.app.push_screen(RealizeScreen(self.client_id), lambda _: self.reload())

    def action_trust(self) -> None:
        from relwork.screens.trust import TrustScreen

        self.app.push_screen(TrustScreen(self.client_id), lambda _: self.reload())

    def action_edit_client(self) -> None:
        self.app.edit_client(self.client_id, on_saved=lambda _id: self.reload())

    def action_toggle_archive(self) -> None:
        if self.client is not None:
            self.app.set_archived(self.client_id, not self.client.archived)
            self.reload()

    def action_move_step(self) -> None:
        if self.client is None or self.viewing == OVERVIEW:
            return
        step = self._viewed_step()
        current = JourneyStep(self.client.account.current_step)
        if step == current:
            self.notify(f"The client is already at {step.label}.")
            return

        def moved(note: str | None) -> None:
            if note is None:
                return
            with self.app.store.session() as session:
                journey_service.move_to_step(
                    session=session,
                    client_id=self.client_id,
                    step=step,
                    note=note,
                    author=self.app.user,
                )
            self.notify(f"Moved to {step.number} {step.label}.", markup=False)
            self.reload()

        self.app.push_screen(MoveStepScreen(self.client.name, current, step), moved)

    def action_new_note(self) -> None:
        self.app.action_capture()

    def action_new_action(self) -> None:
        def save(values: dict[str, Any]) -> int:
            data = note_service.parse_action(values)
            with self.app.store.session() as session:
                action = note_service.add_action(
                    session=session, client_id=self.client_id, data=data
                )
            assert action.id is not None
            return action.id

        self._form("New action", action_fields(), save, {"owner": self.app.user}, "Action added.")

    def action_new_contact(self) -> None:
        def save(values: dict[str, Any]) -> int:
            data = contact_service.parse_contact(values)
            with self.app.store.session() as session:
                contact = contact_service.create_contact(
                    session=session, client_id=self.client_id, data=data
                )
            assert contact.id is not None
            return contact.id

        self._form("New contact", contact_fields(), save, {}, "Contact added.")

    @on(DataTable.RowSelected, "#contacts")
    def _edit_contact(self) -> None:
        contact_id = self._selected("contacts")
        if contact_id is None:
            return
        contact = self._contacts[contact_id]

        def save(values: dict[str, Any]) -> int:
            data = contact_service.parse_contact(values)
            with self.app.store.session() as session:
                contact_service.update_contact(session=session, contact_id=contact_id, data=data)
            return contact_id

        self._form(
            f"Edit contact: {contact.name}",
            contact_fields(),
            save,
            contact_service.contact_form(contact),
            "Contact saved.",
        )

    @on(DataTable.RowSelected, "#actions")
    def _edit_action(self) -> None:
        action_id = self._selected("actions")
        if action_id is None:
            return
        action = self._actions[action_id]

        def save(values: dict[str, Any]) -> int:
            data = note_service.parse_action(values)
            with self.app.store.session() as session:
                note_service.update_action(session=session, action_id=action_id, data=data)
            return action_id

        values = {"text": action.text, "owner": action.owner, "due_date": action.due_date}
        self._form("Edit action", action_fields(), save, values, "Action saved.")

    @on(DataTable.RowSelected, "#timeline")
    def _read_entry(self) -> None:
        index = self._selected("timeline")
        if index is None or index >= len(self._timeline):
            return
        entry = self._timeline[index]
        if entry.kind in (STEP, ACTION):
            self.notify(f"{entry.title}. {entry.body}".strip(), markup=False)
            return
        with self.app.store.session() as session:
            note = session.get(Interaction, entry.record_id)
            names = note_service.attendee_names(session=session, note_id=entry.record_id)
        if note is not None:
            self.app.push_screen(NoteViewScreen(note, names))

    def action_toggle_done(self) -> None:
        action_id = self._selected("actions")
        if action_id is None:
            return
        with self.app.store.session() as session:
            note_service.set_action_done(session=session, action_id=action_id, done=True)
        text = self._actions[action_id].text

        self.notify(f"Done: {text}", markup=False)
        self.reload()

    def action_remove_contact(self) -> None:
        contact_id = self._selected("contacts")
        if contact_id is None:
            return
        name = self._contacts[contact_id].name

        def answered(yes: bool | None) -> None:
            if yes:
                with self.app.store.session() as session:
                    contact_service.delete_contact(session=session, contact_id=contact_id)
                self.notify(f"Removed {name}.", markup=False)
                self.reload()

        self.app.push_screen(
            ConfirmScreen(f"Remove {name} from this client's contacts?", yes="Remove", no="Keep"),
            answered,
        )

    def _form(
        self, title: str, fields: list[Any], save: Any, values: dict[str, Any], done: str
    ) -> None:
        def closed(result: int | None) -> None:
            if result is not None:
                self.notify(done)
                self.reload()

        self.app.push_screen(
            FormScreen(title=title, fields=fields, save=save, values=values), closed
        )
