"""A client's stakeholders: the influence x interest map, the same people as a sortable
and filterable table, dated snapshots and what changed since the last one.

Opened with ``StakeholderScreen(client_id)``; everything it shows is reloaded from the
services after each change, so the map, the table and the flags always agree. Importing
this module loads no ORM or pydantic (the forms and sessions are imported when used), so
any screen may import it at the top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Input, Static

from relwork import clock
from relwork.commands import PaletteCommand
from relwork.enums import Attitude, ConsumerRole, StakeholderSide
from relwork.screens.confirm import ConfirmScreen
from relwork.services import stakeholders as service
from relwork.services.stakeholders import (
    ATTITUDE_MARKS,
    SORT_KEYS,
    CadenceFlag,
    MapEntry,
    MapReviewState,
    SnapshotChanges,
    quadrant_label,
)
from relwork.widgets.fitted import Column, refill, selected_id
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import cell, literal
from relwork.widgets.stakeholder_grid import StakeholderGrid

if TYPE_CHECKING:
    from relwork.app import RelworkApp
    from relwork.screens.form import FormField

MAP, TABLE = "stakeholder-map", "stakeholder-list"
COMPACT_HEIGHT = 30  # below this, each line of the notes panel is cut to one row

TABLE_COLUMNS = [
    Column("Name", 0),
    Column("Category", 24, min_table_width=110),
    Column("Side", 11, min_table_width=124),
    Column("Inf", 3),
    Column("Int", 3),
    Column("Quadrant", 14),
    Column("Attitude", 12),
    Column("Owner", 14, min_table_width=96),
    Column("Cadence", 8),
]


def stakeholder_fields(people: list[tuple[str, str]]) -> list[FormField]:
    """The stakeholder form; ``people`` are (name, contact id) of the client's contacts."""
    from relwork.screens.form import FormField

    marks = " · ".join(f"{a.label.lower()} {m}" for a, m in ATTITUDE_MARKS.items())
    return [
        FormField(
            "contact_id",
            "Person",
            "select",
            people,
            placeholder="(none: a group)",
            hint="one of the client's contacts, or leave empty and name a group below",
        ),
        FormField("group_name", "Or a group", placeholder="e.g. Ward nursing staff"),
        FormField(
            "category",
            "Category *",  # required, but with no preselected kind
            "select",
            service.category_choices(),
            placeholder="(choose)",
        ),
        FormField("side", "Side", "select", StakeholderSide.choices(), required=True),
        FormField(
            "consumer_roles",
            "Roles (space to tick)",
            "multi",
            ConsumerRole.choices(),
            hint="customer sets requirements · user uses the service · sponsor pays",
        ),
        FormField(
            "influence",
            "Influence",
            placeholder="1-5",
            hint="1 very low … 5 very high; 4 or 5 counts as high",
        ),
        FormField("interest", "Interest", placeholder="1-5", hint="interest or involvement"),
        FormField("attitude", "Attitude", "select", Attitude.choices(), required=True, hint=marks),
        FormField("owner", "Engagement owner", placeholder="who on our side keeps in touch"),
        FormField(
            "comm_frequency_days",
            "Contact every",
            placeholder="days, e.g. 30",
            hint="empty: the person's own stay-in-touch cadence",
        ),
        FormField("engagement_strategy", "Engagement strategy", "area"),
        FormField("notes", "Notes", "area"),
    ]


def snapshot_fields() -> list[FormField]:
    from relwork.screens.form import FormField

    return [
        FormField(
            "note",
            "Note",
            placeholder="optional: why now, e.g. after the steering group",
            hint="ctrl+s takes the snapshot; later changes are counted from it",
        )
    ]


def changes_text(changes: SnapshotChanges | None) -> Text:
    """The "since the last snapshot" line: counts first (they survive a narrow screen),
    then who moved quadrant, who is new and who left."""
    if changes is None:
        return Text("No snapshot yet: S takes one, and later changes are listed here.")
    day = changes.taken_at.astimezone().date().isoformat()
    text = Text.assemble(("Since the last snapshot", "bold"), f" ({day}): ")
    found = changes.diff
    if found.empty:
        text.append("no changes.")
        return text
    text.append(f"{len(found.moved)} moved, {len(found.new)} new, {len(found.left)} left. ")
    parts: list[Text] = []
    for move in found.moved:
        before = quadrant_label(move.before).lower()
        after = quadrant_label(move.after).lower()
        parts.append(Text.assemble("moved ", (move.name, "bold"), f" {before} → {after}"))
    if found.new:
        parts.append(Text("new: ") + literal(", ".join(found.new)))
    if found.left:
        parts.append(Text("left: ") + literal(", ".join(found.left)))
    text.append_text(Text("; ").join(parts))
    text.append(".")
    return text


def review_text(state: MapReviewState, alert: str) -> Text:
    today = clock.today()
    if not state.due:
        return Text(state.describe(today))
    if state.last_snapshot_at is None:
        return Text.assemble(("! Map never reviewed:", alert), " S takes the first snapshot.")
    day = state.last_snapshot_at.astimezone().date()
    age = (today - day).days
    return Text.assemble(
        ("! Map review due:", alert),
        f" last snapshot {age} days ago ({day.isoformat()}); S takes a new one.",
    )


def cadence_text(flags: list[CadenceFlag], alert: str) -> Text | None:
    if not flags:
        return None
    today = clock.today()
    text = Text.assemble(("! Out of touch (high influence): ", alert))
    text.append_text(Text(", ").join(literal(f"{f.name} ({f.describe(today)})") for f in flags))
    return text


class StakeholderScreen(Screen[None]):
    app: RelworkApp

    DEFAULT_CSS = """
    StakeholderScreen #stakeholder-views {
        height: 1fr;
    }
    StakeholderScreen #stakeholder-list {
        height: 1fr;
    }
    StakeholderScreen #stakeholder-filter {
        margin: 0 1;
        background: $boost;
    }
    StakeholderScreen #stakeholder-table {
        height: 1fr;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
    }
    StakeholderScreen #stakeholder-table:focus {
        border: round $primary;
        border-title-color: $primary;
    }
    StakeholderScreen #stakeholder-notes {
        height: auto;
        max-height: 10;
        padding: 0 1;
        background: $surface;
    }
    """

    BINDINGS = [
        Binding("escape", "back", "Back", show=False, id="stakeholders.back"),
        Binding("a", "add", "Add", id="stakeholders.add"),
        Binding("e,enter", "edit", "Edit", id="stakeholders.edit"),
        Binding("d,delete", "delete", "Remove", id="stakeholders.remove"),
        Binding("S", "snapshot", "Snapshot", key_display="S", id="stakeholders.snapshot"),
        Binding("c", "compass", "Compass", id="stakeholders.compass"),
        Binding("v,tab", "toggle_view", "Map/table", key_display="v", id="stakeholders.view"),
        Binding("s", "sort_next", "Sort", id="stakeholders.sort"),
        Binding("f", "filter", "Filter", id="stakeholders.filter"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.client_name = ""
        self.entries: list[MapEntry] = []
        self.changes: SnapshotChanges | None = None
        self.review: MapReviewState | None = None
        self.flags: list[CadenceFlag] = []
        self.sort_key = SORT_KEYS[0][0]
        self._contacts: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Stakeholders")
        with ContentSwitcher(initial=MAP, id="stakeholder-views"):
            yield StakeholderGrid(
                id=MAP, empty_text="No stakeholders yet: press a to add the first one."
            )
            with Vertical(id=TABLE):
                yield Input(
                    placeholder="Filter: words from name, category, attitude, quadrant, owner",
                    id="stakeholder-filter",
                )
                yield DataTable[Text](id="stakeholder-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="stakeholder-notes")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#stakeholder-filter").display = False
        self.reload()
        self.grid.focus()

    # --- parts --------------------------------------------------------------------------

    @property
    def grid(self) -> StakeholderGrid:
        return self.query_one(StakeholderGrid)

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#stakeholder-table", DataTable)

    @property
    def viewing_map(self) -> bool:
        return self.query_one(ContentSwitcher).current == MAP

    # --- data ---------------------------------------------------------------------------

    def reload(self) -> None:
        from relwork.services.clients import get_client
        from relwork.services.contacts import list_contacts

        today = clock.today()
        store = self.app.store
        with store.session() as session:
            self.client_name = get_client(session=session, client_id=self.client_id).name
            self.entries = service.map_entries(session=session, client_id=self.client_id)
            self.changes = service.changes_since_last_snapshot(
                session=session, client_id=self.client_id
            )
            contacts = list_contacts(session=session, client_id=self.client_id)
        self._contacts = {c.id: c.name for c in contacts if c.id is not None}
        self.review = service.map_review_state(
            store, self.client_id, today, self.app.settings.map_review_days
        )
        self.flags = service.high_influence_out_of_cadence(store, self.client_id, today)
        self.query_one(ScreenHeader).set_title(f"{self.client_name} · Stakeholders")
        self.grid.show(self.entries, {f.stakeholder_id: f.describe(today) for f in self.flags})
        self.refresh_table()
        self.refresh_notes()
        self.refresh_bindings()

    def refresh_table(self) -> None:
        flagged = {f.stakeholder_id for f in self.flags}
        text = self.query_one("#stakeholder-filter", Input).value
        shown = service.sort_entries(service.filter_entries(self.entries, text), self.sort_key)
        rows = []
        for entry in shown:
            cadence = f"{entry.cadence_days}d" if entry.cadence_days else ""
            alert = self.app.theme_variables.get("error", "red")
            rows.append(
                (
                    entry.id,
                    [
                        cell(entry.name),
                        cell(entry.category.label),
                        cell(entry.side.label),
                        cell(entry.influence),
                        cell(entry.interest),
                        cell(quadrant_label(entry.quadrant)),
                        cell(f"{entry.mark} {entry.attitude.label}"),
                        cell(entry.owner),
                        cell(
                            cadence + (" !" if entry.id in flagged else ""),
                            style=f"bold {alert}" if entry.id in flagged else "",
                        ),
                    ],
                )
            )
        refill(self.table, TABLE_COLUMNS, rows)
        label = dict(SORT_KEYS)[self.sort_key]
        title = f"Sorted by {label} (s)"
        if text.strip():
            title += f" · {len(shown)} of {len(self.entries)} match"
        self.table.border_title = title

    def refresh_notes(self) -> None:
        """Review flag, changes since the last snapshot, people out of touch. On a short
        screen each takes one row (the changes two), cut with an ellipsis."""
        alert = f"bold {self.app.theme_variables.get('error', 'red')}"
        parts: list[tuple[Text, int]] = []
        if self.review is not None and self.entries:
            parts.append((review_text(self.review, alert), 1))
        parts.append((changes_text(self.changes), 2))
        flagged = cadence_text(self.flags, alert)
        if flagged is not None:
            parts.append((flagged, 1))
        compact = 0 < self.size.height < COMPACT_HEIGHT
        width = max(20, self.size.width - 2)
        lines: list[Text] = []
        for text, rows in parts:
            wrapped = list(text.wrap(self.app.console, width))
            if compact and len(wrapped) > rows:
                wrapped = wrapped[:rows]
                last = wrapped[-1]
                last.append(" " * width)
                last.truncate(width - 1)
                last.rstrip()
                last.append("…")
            lines.extend(wrapped)
        self.query_one("#stakeholder-notes", Static).update(Text("\n").join(lines))

    def on_resize(self) -> None:
        if self.entries or self.changes:
            self.refresh_table()
            self.refresh_notes()

    def selected_id(self) -> int | None:
        if self.viewing_map:
            return self.grid.selected_id
        return selected_id(self.table)

    def _entry(self, stakeholder_id: int | None) -> MapEntry | None:
        return next((e for e in self.entries if e.id == stakeholder_id), None)

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand(
                "stakeholder: Add a stakeholder", "A person or a group", self.action_add
            ),
            PaletteCommand(
                "stakeholder: Take a map snapshot",
                "Dated; later changes are counted from it",
                self.action_snapshot,
            ),
            PaletteCommand(
                "view: Stakeholder map or table", "Switch between them", self.action_toggle_view
            ),
        ]

    # --- views --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("sort_next", "filter"):
            return not self.viewing_map
        if action in ("edit", "delete", "compass"):
            return self.selected_id() is not None or None
        return True

    def action_toggle_view(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        chosen = self.selected_id()
        if self.viewing_map:
            switcher.current = TABLE
            self.table.focus()
            self.call_after_refresh(self._show_table, chosen)
        else:
            switcher.current = MAP
            self.grid.select(chosen)
            self.grid.focus()
        self.refresh_bindings()

    def _show_table(self, chosen: int | None) -> None:
        """Columns sized to the table now that it has its width; the cursor on ``chosen``."""
        self.refresh_table()
        if chosen is not None and str(chosen) in self.table.rows:
            self.table.move_cursor(row=self.table.get_row_index(str(chosen)))

    def action_sort_next(self) -> None:
        keys = [key for key, _ in SORT_KEYS]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.refresh_table()
        self.table.move_cursor(row=0)

    def action_filter(self) -> None:
        box = self.query_one("#stakeholder-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#stakeholder-filter")
    def _filter_changed(self) -> None:
        self.refresh_table()

    @on(Input.Submitted, "#stakeholder-filter")
    def _filter_kept(self) -> None:
        self.table.focus()

    def action_back(self) -> None:
        box = self.query_one("#stakeholder-filter", Input)
        if box.display:  # Esc first clears the filter
            box.value = ""
            box.display = False
            self.refresh_table()
            self.table.focus()
            return
        self.app.pop_screen()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    @on(StakeholderGrid.Highlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    # --- changes ------------------------------------------------------------------------

    @on(StakeholderGrid.MoveRequested)
    def _move(self, event: StakeholderGrid.MoveRequested) -> None:
        before = self._entry(event.stakeholder_id)
        with self.app.store.session() as session:
            moved = service.move(
                session=session,
                stakeholder_id=event.stakeholder_id,
                d_influence=event.d_influence,
                d_interest=event.d_interest,
            )
        if before is not None and (before.influence, before.interest) == (
            moved.influence,
            moved.interest,
        ):
            self.app.bell()  # already at the edge of the grid
            return
        self.reload()

    @on(DataTable.RowSelected, "#stakeholder-table")
    def _row_chosen(self) -> None:
        self.action_edit()

    def _people(self, keep: int | None = None) -> list[tuple[str, str]]:
        """Contacts not yet on the map (and the one being edited), A-Z."""
        taken = {e.contact_id for e in self.entries if e.contact_id is not None} - {keep}
        return [
            (name, str(contact_id))
            for contact_id, name in sorted(self._contacts.items(), key=lambda i: i[1].casefold())
            if contact_id not in taken
        ]

    def action_add(self) -> None:
        def save(values: dict[str, Any]) -> int:
            data = service.parse_stakeholder(values)
            with self.app.store.session() as session:
                created = service.create_stakeholder(
                    session=session, client_id=self.client_id, data=data
                )
            assert created.id is not None
            return created.id

        initial = {"side": "consumer", "attitude": "neutral", "owner": self.app.user}
        self._form("New stakeholder", self._people(), save, initial, "Stakeholder added.")

    def action_edit(self) -> None:
        stakeholder_id = self.selected_id()
        entry = self._entry(stakeholder_id)
        if stakeholder_id is None or entry is None:
            return
        with self.app.store.session() as session:
            stored = service.get_stakeholder(session=session, stakeholder_id=stakeholder_id)
        values = service.stakeholder_form(stored)

        def save(form: dict[str, Any]) -> int:
            data = service.parse_stakeholder(form)
            with self.app.store.session() as session:
                service.update_stakeholder(
                    session=session, stakeholder_id=stakeholder_id, data=data
                )
            return stakeholder_id

        self._form(
            f"Edit stakeholder: {entry.name}",
            self._people(keep=stored.contact_id),
            save,
            values,
            "Stakeholder saved.",
        )

    def action_compass(self) -> None:
        """Needs, wants, stereotypes and emotions of the selected stakeholder or group."""
        from relwork.enums import CompassSubject
        from relwork.screens.personas import CompassScreen

        stakeholder_id = self.selected_id()
        entry = self._entry(stakeholder_id)
        if stakeholder_id is None or entry is None:
            return
        self.app.push_screen(
            CompassScreen(CompassSubject.STAKEHOLDER, stakeholder_id, f"Compass · {entry.name}")
        )

    def action_delete(self) -> None:
        stakeholder_id = self.selected_id()
        entry = self._entry(stakeholder_id)
        if stakeholder_id is None or entry is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                with self.app.store.session() as session:
                    service.delete_stakeholder(session=session, stakeholder_id=stakeholder_id)
                self.notify(f"Removed {entry.name} from the map.", markup=False)
                self.reload()

        question = (
            f"Take {entry.name} off the stakeholder map? "
            "Earlier snapshots keep them; the contact itself stays."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Remove", no="Keep"), answered)

    def action_snapshot(self) -> None:
        def save(values: dict[str, Any]) -> int:
            with self.app.store.session() as session:
                snapshot = service.take_snapshot(
                    session=session,
                    client_id=self.client_id,
                    author=self.app.user,
                    note=str(values.get("note") or ""),
                )
            assert snapshot.id is not None
            return snapshot.id

        def closed(result: int | None) -> None:
            if result is not None:
                self.notify("Snapshot taken; changes are counted from now.")
                self.reload()

        from relwork.screens.form import FormScreen

        self.app.push_screen(
            FormScreen(title="Snapshot of the map", fields=snapshot_fields(), save=save), closed
        )

    def _form(
        self,
        title: str,
        people: list[tuple[str, str]],
        save: Any,
        values: dict[str, Any],
        done: str,
    ) -> None:
        from relwork.screens.form import FormScreen

        def closed(result: int | None) -> None:
            if result is not None:
                self.notify(done)
                self.reload()
                self.grid.select(result)
                if str(result) in self.table.rows:
                    self.table.move_cursor(row=self.table.get_row_index(str(result)))

        self.app.push_screen(
            FormScreen(title=title, fields=stakeholder_fields(people), save=save, values=values),
            closed,
        )
