"""Trust on the three Cs for one client: rate the behaviours, see the scores, save.

The behaviours start from the client's newest assessment, so a reassessment changes
only what moved (▲ ▼ * mark what differs from it). Up and down move, 1-5 score the
behaviour under the cursor and move on, 0 leaves it not assessed (backspace clears it
in place), e edits the evidence, o and v set the trust origin and the rater, ctrl+s
saves a new dated assessment. All scoring comes from :mod:`relwork.services.trust`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static

from relwork import clock
from relwork.commands import PaletteCommand
from relwork.enums import RaterPerspective, TrustOrigin
from relwork.screens.confirm import ConfirmScreen
from relwork.services.trust import (
    DEFAULT_SET,
    ItemSet,
    ScoredAssessment,
    TrustError,
    TrustItem,
    TrustScores,
    assessments,
    change_between,
    format_score,
    load_item_sets,
    perspective_gap,
    save_assessment,
    trend,
)
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import literal
from relwork.widgets.trust_results import ResultsView, TrustResults
from relwork.widgets.trust_table import EVIDENCE_WIDTH, KEY_WIDTH, SCORE_WIDTH, TrustTable

if TYPE_CHECKING:
    from relwork.app import RelworkApp

WIDE_AT = 110  # columns from which the results show behaviour texts beside the scores
ORIGINS: list[TrustOrigin | None] = [None, *TrustOrigin]

Ratings = dict[str, tuple[int | None, str]]


class EvidenceScreen(ModalScreen[str | None]):
    """Edit the evidence for one behaviour; Enter keeps it, Escape leaves it as it was."""

    DEFAULT_CSS = """
    EvidenceScreen {
        align: center middle;
    }
    #trust-evidence-dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    #trust-evidence-behaviour {
        margin-bottom: 1;
    }
    #trust-evidence-input {
        background: $boost;
    }
    #trust-evidence-help {
        margin-top: 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="trust.evidence_cancel")
    ]

    def __init__(self, item: TrustItem, evidence: str) -> None:
        super().__init__()
        self.item = item
        self.evidence = evidence

    def compose(self) -> ComposeResult:
        with Vertical(id="trust-evidence-dialog"):
            heading = Text(f"Evidence for {self.item.key}: ", style="bold")
            heading.append_text(literal(self.item.text))
            yield Static(heading, id="trust-evidence-behaviour")
            yield Input(
                self.evidence,
                placeholder="what you saw: an incident, a meeting, a report…",
                id="trust-evidence-input",
                compact=True,
            )
            yield Static("Enter keeps it · Esc leaves it as it was", id="trust-evidence-help")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TrustScreen(Screen[bool]):
    """One client's trust assessment; dismisses with True if anything was saved."""

    app: RelworkApp

    DEFAULT_CSS = """
    TrustScreen #trust-info {
        height: 1;
        padding: 0 1;
        background: $surface;
    }
    TrustScreen #trust-detail {
        height: auto;
        max-height: 2;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back", id="trust.back"),
        Binding("1", "rate(1)", "Score", key_display="1-5", id="trust.score"),
        *(
            Binding(str(n), f"rate({n})", f"Score {n}", show=False, id=f"trust.score{n}")
            for n in (2, 3, 4, 5)
        ),
        Binding("0", "rate(0)", "Skip", id="trust.clear"),
        Binding("backspace", "clear", "Not assessed", show=False, id="trust.clear_here"),
        Binding("e", "evidence", "Evidence", id="trust.evidence"),
        Binding("ctrl+s", "save", "Save", id="trust.save"),
        Binding("o", "cycle_origin", "Origin", id="trust.origin"),
        Binding("v", "cycle_perspective", "Rater", id="trust.perspective"),
        Binding("i", "cycle_item_set", "Item set", id="trust.item_set"),
    ]

    def __init__(self, client_id: int, item_set: str | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.wanted_set = item_set
        self.client_name = ""
        self.item_sets: dict[str, ItemSet] = {}
        self.item_set: ItemSet | None = None
        self.history: list[ScoredAssessment] = []
        self.ratings: Ratings = {}
        self.perspective = RaterPerspective.PROVIDER_SELF
        self.origin: TrustOrigin | None = None
        self._baseline: tuple[Ratings, RaterPerspective, TrustOrigin | None] = (
            {},
            RaterPerspective.PROVIDER_SELF,
            None,
        )
        self._saved_any = False
        self._wide = False

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Trust")
        yield Static(id="trust-info")
        yield TrustTable(id="trust-items")
        yield Static(id="trust-detail")
        yield TrustResults(id="trust-results")
        yield KeyFooter()

    def on_mount(self) -> None:
        from relwork.services.clients import get_client

        self.item_sets, problems = load_item_sets()
        for problem in problems:
            self.notify(problem, title="Trust behaviour sets", severity="warning", markup=False)
        with self.app.store.session() as session:
            self.client_name = get_client(session=session, client_id=self.client_id).name
            self.history = assessments(
                session=session, client_id=self.client_id, item_sets=self.item_sets
            )
        self.query_one(ScreenHeader).set_title(f"Trust · {self.client_name}")
        self._wide = self.app.size.width >= WIDE_AT
        self._choose_set(self._first_set())
        self.query_one(TrustTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._wide = event.size.width >= WIDE_AT
        if self.item_set is not None:
            self.call_after_refresh(self._refill)

    # --- state ------------------------------------------------------------------------------

    def _first_set(self) -> ItemSet | None:
        latest = self.history[-1].item_set if self.history else None
        for key in (self.wanted_set, latest, DEFAULT_SET):
            if key is not None and key in self.item_sets:
                return self.item_sets[key]
        return next(iter(self.item_sets.values()), None)

    def _choose_set(self, item_set: ItemSet | None) -> None:
        """Work on ``item_set``, starting from the newest assessment that used it."""
        self.item_set = item_set
        if item_set is None:
            self.query_one("#trust-info", Static).update(
                Text("No trust behaviour set could be loaded; see the notices.", style="bold")
            )
            return
        previous = next((a for a in reversed(self.history) if a.item_set == item_set.key), None)
        if previous is not None:
            keys = {i.key for i in item_set.items}
            self.ratings = {k: v for k, v in previous.ratings.items() if k in keys}
            self.perspective = previous.perspective
            self.origin = previous.origin
        else:
            self.ratings = {}
        self._mark_clean()
        self._refill()

    def _mark_clean(self) -> None:
        self._baseline = (dict(self.ratings), self.perspective, self.origin)

    @property
    def dirty(self) -> bool:
        """Whether there is something to save that differs from where editing started."""
        ratings, perspective, origin = self._baseline
        if (perspective, origin) != (self.perspective, self.origin):
            return True
        keys = set(ratings) | set(self.ratings)
        blank = (None, "")
        return any(ratings.get(k, blank) != self.ratings.get(k, blank) for k in keys)

    def current_scores(self) -> TrustScores:
        assert self.item_set is not None
        return self.item_set.score({k: s for k, (s, _e) in self.ratings.items()})

    def _colours(self) -> tuple[str, str]:
        variables = self.app.theme_variables
        return variables.get("error", "red"), variables.get("accent", "yellow")

    # --- drawing ----------------------------------------------------------------------------

    def _refill(self) -> None:
        if self.item_set is None:
            return
        table = self.query_one(TrustTable)
        alert, changed = self._colours()
        width = self.size.width or self.app.size.width
        fixed = KEY_WIDTH + SCORE_WIDTH + EVIDENCE_WIDTH + 4 * 2 + 2 + 2  # padding, border, bar
        table.fill(
            self.item_set,
            self.ratings,
            self._baseline[0],
            self.current_scores(),
            text_width=max(16, width - fixed),
            alert=alert,
            changed=changed,
        )
        self._show_results()

    def _refresh(self) -> None:
        """After a change: the table's cells, the results and the info line."""
        alert, changed = self._colours()
        self.query_one(TrustTable).update_scores(
            self.ratings, self._baseline[0], self.current_scores(), alert=alert, changed=changed
        )
        self._show_results()

    def _show_results(self) -> None:
        assert self.item_set is not None
        scores = self.current_scores()
        same = [a for a in self.history if a.perspective == self.perspective]
        change = None
        if self.dirty and same:
            change = change_between(scores, same[-1])
        elif len(same) >= 2:
            change = change_between(same[-1].scores, same[-2])
        view = ResultsView(
            item_set=self.item_set,
            scores=scores,
            trend=trend(self.history, perspective=self.perspective),
            change=change,
            gap=perspective_gap(self.history),
        )
        self.query_one(TrustResults).show(view, wide=self._wide)
        self._show_info()
        self._show_detail()

    def _show_info(self) -> None:
        assert self.item_set is not None
        origin = self.origin.label.split(" (")[0] if self.origin else "not recorded"
        line = Text.assemble(("Rater ", "bold"), self.perspective.label)
        line.append(" · ")
        line.append("Origin ", style="bold")
        line.append(origin)
        if self.dirty:
            line.append(" · ")
            line.append("● unsaved", style=f"bold {self._colours()[1]}")
        self.query_one("#trust-info", Static).update(line)
        table = self.query_one(TrustTable)
        table.border_title = Text.assemble("Behaviours · ", literal(self.item_set.title))
        if self.history:
            last = self.history[-1].taken_at.astimezone()
            table.border_subtitle = f"{len(self.history)} saved, last {last:%Y-%m-%d}"
        else:
            table.border_subtitle = "first assessment"

    def _show_detail(self) -> None:
        """The behaviour under the cursor: what its score means, its hint, its evidence."""
        detail = self.query_one("#trust-detail", Static)
        item = self.query_one(TrustTable).selected
        if item is None or self.item_set is None:
            detail.update("")
            return
        value, evidence = self.ratings.get(item.key, (None, ""))
        first = Text.assemble((f"{item.key} ", "bold"))
        if value is None:
            first.append("not assessed")
        else:
            first.append(f"{value}: ")
            first.append_text(literal(self.item_set.wording(value)))
        if item.hint:
            first.append(" · ")
            first.append_text(literal(item.hint, style="italic"))
        lines = [first]
        if evidence.strip():
            second = Text.assemble(("Evidence ", "bold"))
            second.append_text(literal(" ".join(evidence.split())))
            lines.append(second)
        width = max(10, (self.size.width or self.app.size.width) - 2)
        for line in lines:
            line.truncate(width, overflow="ellipsis")
        detail.update(Text("\n").join(lines))

    @on(DataTable.RowHighlighted, "#trust-items")
    def _moved(self) -> None:
        if self.item_set is not None:
            self._show_detail()

    # --- editing ----------------------------------------------------------------------------

    def _set(self, key: str, value: int | None = None, evidence: str | None = None) -> None:
        old_value, old_evidence = self.ratings.get(key, (None, ""))
        self.ratings[key] = (
            old_value if value is None and evidence is not None else value,
            old_evidence if evidence is None else evidence,
        )
        self._refresh()

    def action_rate(self, value: int) -> None:
        table = self.query_one(TrustTable)
        item = table.selected
        if item is None:
            return
        self._set(item.key, value or None)
        table.action_cursor_down()

    def action_clear(self) -> None:
        item = self.query_one(TrustTable).selected
        if item is not None:
            self._set(item.key, None)

    def action_evidence(self) -> None:
        item = self.query_one(TrustTable).selected
        if item is None:
            return

        def kept(text: str | None) -> None:
            if text is not None:
                self._set(item.key, evidence=text)

        self.app.push_screen(EvidenceScreen(item, self.ratings.get(item.key, (None, ""))[1]), kept)

    def action_cycle_origin(self) -> None:
        self.origin = ORIGINS[(ORIGINS.index(self.origin) + 1) % len(ORIGINS)]
        self._refresh()

    def action_cycle_perspective(self) -> None:
        order = list(RaterPerspective)
        self.perspective = order[(order.index(self.perspective) + 1) % len(order)]
        self._refresh()

    def action_cycle_item_set(self) -> None:
        if self.dirty:
            self.notify("Save this assessment first (ctrl+s), or leave it with Esc.")
            return
        keys = list(self.item_sets)
        if self.item_set is None or len(keys) < 2:
            return
        following = keys[(keys.index(self.item_set.key) + 1) % len(keys)]
        self._choose_set(self.item_sets[following])
        self.notify(f"Behaviour set: {self.item_sets[following].title}", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cycle_item_set":
            return len(self.item_sets) > 1
        return True

    # --- saving and leaving -----------------------------------------------------------------

    def action_save(self) -> None:
        if self.item_set is None:
            return
        try:
            with self.app.store.session() as session:
                save_assessment(
                    session=session,
                    client_id=self.client_id,
                    item_set=self.item_set,
                    ratings=self.ratings,
                    perspective=self.perspective,
                    origin=self.origin,
                    author=self.app.user,
                    taken_at=clock.now(),
                )
                self.history = assessments(
                    session=session, client_id=self.client_id, item_sets=self.item_sets
                )
        except TrustError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._saved_any = True
        self._mark_clean()
        scores = self.current_scores()
        self.notify(
            f"Trust assessment saved: overall {format_score(scores.overall, 2)} ({scores.band}).",
            markup=False,
        )
        self._refill()

    def action_leave(self) -> None:
        if not self.dirty:
            self.dismiss(self._saved_any)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(self._saved_any)

        self.app.push_screen(
            ConfirmScreen(
                "Leave without saving this assessment? The changes will be lost.",
                yes="Leave",
                no="Stay",
            ),
            answered,
        )

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand("trust: Save assessment", "A new dated assessment", self.action_save),
            PaletteCommand(
                "trust: Change rater", "Whose view this is (v)", self.action_cycle_perspective
            ),
            PaletteCommand(
                "trust: Change trust origin",
                "Knowledge- or calculus-based (o)",
                self.action_cycle_origin,
            ),
            PaletteCommand("trust: Back", "Leave the trust assessment", self.action_leave),
        ]
