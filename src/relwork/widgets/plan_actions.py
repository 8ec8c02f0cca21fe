"""The actions of one plan, grouped by dimension, one row each.

Group rows ("Organizations & people · 2/3", done of all) carry the group's progress; the
cursor skips them, so up and down always land on an action. Done actions show ✓ and
are dimmed; overdue ones show ! and their due date in the error colour.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.coordinate import Coordinate

from relwork.enums import FourDimension, Performer
from relwork.services.plan_views import ActionView, PlanView
from relwork.widgets.fitted import cursor_key
from relwork.widgets.heading_rows import skip_headings
from relwork.widgets.literal import literal
from relwork.widgets.text_table import TextTable

MARK_WIDTH = 1
BY_WIDTH = 8
DUE_WIDTH = 10
OWNER_WIDTH = 16
WIDE_OWNER_WIDTH = 22
WIDE_AT = 110
NO_DIMENSION = "Other"

# Short names for who does an action, so the table fits 80 columns.
PERFORMER_SHORT = {
    Performer.PROVIDER: "Us",
    Performer.CONSUMER: "Client",
    Performer.CONSUMER_SUPPLIER: "Supplier",
}


def group_key(dimension: FourDimension | None) -> str:
    return f"group:{dimension.value if dimension else 'none'}"


class PlanActionsTable(TextTable):
    DEFAULT_CSS = """
    PlanActionsTable {
        height: 1fr;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        border-subtitle-color: $text-muted;
    }
    PlanActionsTable:focus {
        border: round $primary;
        border-title-color: $primary;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self._groups: set[int] = set()
        self._actions: dict[str, ActionView] = {}
        self._plan: PlanView | None = None
        self._today = date.min
        self._alert = "red"
        self._done = "green"
        self._width = -1

    # --- the cursor never rests on a group row ----------------------------------------------

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        value = super().validate_cursor_coordinate(value)
        return skip_headings(value, self.cursor_coordinate, self.row_count, self._groups)

    @property
    def selected(self) -> ActionView | None:
        """The action under the cursor."""
        return self._actions.get(cursor_key(self) or "")

    @property
    def selected_dimension(self) -> FourDimension | None:
        """The dimension of the group the cursor is in (for a new action)."""
        action = self.selected
        return action.dimension if action is not None else None

    # --- contents -------------------------------------------------------------------------

    def show(
        self,
        plan: PlanView | None,
        *,
        today: date,
        alert: str,
        done: str,
        select: int | None = None,
    ) -> None:
        """Show ``plan``'s actions; the cursor stays on its action, or goes to ``select``."""
        keep = self.selected
        self._plan, self._today, self._alert, self._done = plan, today, alert, done
        target = select if select is not None else (keep.id if keep is not None else None)
        self._fill(target)

    def on_resize(self) -> None:
        if self.content_region.width != self._width and self._plan is not None:
            keep = self.selected
            self._fill(keep.id if keep is not None else None)

    def _fill(self, target: int | None) -> None:
        self._width = self.content_region.width
        width = self._width or (self.app.size.width - 4)
        owner_width = WIDE_OWNER_WIDTH if width >= WIDE_AT else OWNER_WIDTH
        fixed = MARK_WIDTH + BY_WIDTH + owner_width + DUE_WIDTH + 5 * 2 + 2  # padding, scrollbar
        self.clear(columns=True)
        self.add_column("", key="mark", width=MARK_WIDTH)
        self.add_column("Action", key="action", width=max(12, width - fixed))
        self.add_column("By", key="by", width=BY_WIDTH)
        self.add_column("Owner", key="owner", width=owner_width)
        self.add_column("Due", key="due", width=DUE_WIDTH)
        self._groups = set()
        self._actions = {}
        plan = self._plan
        if plan is None:
            return
        for dimension, actions in plan.by_dimension():
            self._groups.add(self.row_count)
            done = sum(1 for a in actions if a.done)
            heading = dimension.label if dimension else NO_DIMENSION
            self.add_row(
                Text(""),
                Text(f"{heading} · {done}/{len(actions)}", style="bold"),
                Text(""),
                Text(""),
                Text(""),
                key=group_key(dimension),
            )
            for action in actions:
                self._actions[str(action.id)] = action
                self.add_row(*self._cells(action), key=str(action.id))
        rows = [r for r in range(self.row_count) if r not in self._groups]
        row = self.get_row_index(str(target)) if str(target) in self._actions else None
        if row is None and rows:
            row = rows[0]
        if row is not None:
            self.move_cursor(row=row, scroll=True)

    def _cells(self, action: ActionView) -> list[Text]:
        late = action.overdue(self._today)
        if action.done:
            mark = Text("✓", style=f"bold {self._done}")
        elif late:
            mark = Text("!", style=f"bold {self._alert}")
        else:
            mark = Text("·", style="dim")
        description = literal(action.description)
        description.no_wrap = True
        description.overflow = "ellipsis"
        if action.done:
            description.stylize("dim")
        elif late:
            description.stylize(self._alert)
        owner = literal(action.owner or "–", style="" if action.owner else "dim")
        owner.no_wrap = True
        owner.overflow = "ellipsis"
        due = Text(action.due.isoformat() if action.due else "–", style="" if action.due else "dim")
        if late:
            due.stylize(f"bold {self._alert}")
        return [mark, description, Text(PERFORMER_SHORT[action.performer]), owner, due]
