"""Running a review: the agenda is the screen, taken item by item.

Notes go straight into the text area and are saved as they are typed (half a second
after the last key, and whenever the item changes), so a closed terminal loses nothing.
ctrl+↓ / ctrl+↑ move to the next or previous item, ctrl+t records actions in the capture
syntax (``send revised SLA @Dana due:friday``), ctrl+r a recommendation, ctrl+o moves a
carried-forward action or recommendation on, ctrl+g marks the review held (which needs a
recommendation, or a reason why there is none).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Static, TextArea

from relwork import clock
from relwork.enums import RecommendationStatus, ReviewStatus
from relwork.screens.form import FormField, FormScreen
from relwork.services import agenda, reviews
from relwork.services.clients import get_client
from relwork.services.notes import set_action_done
from relwork.services.validation import InvalidInput
from relwork.widgets.agenda_list import AgendaList, describe
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader

if TYPE_CHECKING:
    from textual.screen import Screen as AnyScreen

    from relwork.app import RelworkApp

SAVE_AFTER = 0.5  # seconds after the last key before notes are written
NEXT_STATUS = {
    RecommendationStatus.OPEN: RecommendationStatus.ACCEPTED,
    RecommendationStatus.ACCEPTED: RecommendationStatus.DONE,
    RecommendationStatus.DONE: RecommendationStatus.DECLINED,
    RecommendationStatus.DECLINED: RecommendationStatus.OPEN,
}


def stop_key(stop: tuple[agenda.AgendaSection, agenda.AgendaItem | None] | None) -> str | None:
    """Which section or item a stop is ("s3", "i12"), whatever its notes say now."""
    if stop is None:
        return None
    section, item = stop
    return f"i{item.id}" if item is not None else f"s{section.id}"


def ask_held(screen: AnyScreen[Any], review_id: int, done: Callable[[], None]) -> bool:
    """Mark a review held; without a recommendation, say so and ask why there is none.
    True when it is now held; False when it was refused (the reason form may be open)."""
    app: RelworkApp = screen.app  # type: ignore[assignment]
    try:
        with app.store.session() as session:
            review = reviews.mark_held(session=session, review_id=review_id)
            due = get_client(session=session, client_id=review.account_id).account.next_review_due
    except reviews.ReviewError as exc:
        message = str(exc)
        if "already" in message:
            screen.notify(message, severity="warning", markup=False)
            return False
        screen.notify(message, severity="error", markup=False, timeout=8)
        _ask_reason(screen, app, review_id, message, done)
        return False
    screen.notify(f"Marked held. The next review is due {due.isoformat() if due else '–'}.")
    done()
    return True


def _ask_reason(
    screen: AnyScreen[Any], app: RelworkApp, review_id: int, message: str, done: Callable[[], None]
) -> None:
    def save(values: dict[str, Any]) -> int:
        reason = values.get("reason") or ""
        if not reason.strip():
            raise InvalidInput({"reason": "Say why there is no recommendation, or press Esc."})
        try:
            with app.store.session() as session:
                reviews.mark_held(session=session, review_id=review_id, reason=reason)
        except reviews.ReviewError as exc:
            raise InvalidInput({"reason": str(exc)}) from None
        return review_id

    def closed(result: int | None) -> None:
        if result is not None:
            screen.notify("Marked held, with your reason for no recommendation.")
            done()

    field = FormField(
        "reason",
        "None, because…",
        "area",
        hint="Or press Esc and add a recommendation first (ctrl+r while running the review).",
    )
    app.push_screen(
        FormScreen(title=message, fields=[field], save=save, values={"reason": ""}), closed
    )


class NotesKeeper:
    """Lets the app's hang-up and crash handlers write notes not saved yet."""

    def __init__(self, screen: RunScreen) -> None:
        self.screen = screen

    def flush(self) -> None:
        self.screen.write_pending()


class RunScreen(Screen[None]):
    app: RelworkApp

    DEFAULT_CSS = """
    RunScreen #run-info { height: 1; padding: 0 1; }
    RunScreen #run-agenda { height: 1fr; max-height: 14; min-height: 5; }
    RunScreen #run-current { height: auto; max-height: 3; padding: 0 1; }
    RunScreen #run-notes { height: 1fr; min-height: 4; border: round $panel-lighten-2; }
    RunScreen #run-notes:focus { border: round $primary; }
    RunScreen #run-decision-row { height: 1; padding: 0 1; }
    RunScreen #run-decision-label { width: 10; }
    RunScreen #run-decision { width: 1fr; }
    RunScreen #run-status { height: 1; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="run.back"),
        Binding("ctrl+down", "step(1)", "Next", key_display="^↓", priority=True, id="run.next"),
        Binding("ctrl+up", "step(-1)", "Prev", key_display="^↑", priority=True, id="run.previous"),
        Binding("ctrl+t", "new_action", "Action", priority=True, id="run.action"),
        Binding("ctrl+r", "recommend", "Recommend", priority=True, id="run.recommend"),
        Binding("ctrl+o", "progress", "Progress", show=False, priority=True, id="run.progress"),
        Binding("ctrl+g", "held", "Held", priority=True, id="run.held"),
    ]

    def __init__(self, review_id: int) -> None:
        super().__init__()
        self.review_id = review_id
        self.stop: tuple[agenda.AgendaSection, agenda.AgendaItem | None] | None = None
        self._saved: tuple[str, str] = ("", "")  # notes, decision as stored for the stop
        self._timer: Timer | None = None
        self._pending: tuple[str, str] | None = None  # typed, not yet written
        self._keeper = NotesKeeper(self)
        self._loading = False

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Running the review")
        yield Static(id="run-info")
        yield AgendaList(included_only=True, id="run-agenda")
        yield Static(id="run-current")
        notes = TextArea(id="run-notes", soft_wrap=True, tab_behavior="focus")
        notes.border_title = "Notes (kept as you type)"
        yield notes
        with Horizontal(id="run-decision-row"):
            yield Label("Decision", id="run-decision-label")
            yield Input(id="run-decision", placeholder="what was agreed", compact=True)
        yield Static(id="run-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        with self.app.store.session() as session:
            exists = agenda.has_agenda(session=session, review_id=self.review_id)
            if not exists:  # run straight away: draft the agenda first
                sections = agenda.draft_agenda(
                    session=session,
                    review_id=self.review_id,
                    today=clock.today(),
                    watermelon_settings=self.app.settings.watermelon,
                )
                agenda.save_draft(session=session, review_id=self.review_id, sections=sections)
        self.reload()
        self._enter_stop()
        self.query_one("#run-notes", TextArea).focus()
        # a hang-up or a crash writes what was typed in the last half second too
        self.app.open_drafts.add(self._keeper)  # type: ignore[arg-type]

    def on_unmount(self) -> None:
        self.app.open_drafts.discard(self._keeper)  # type: ignore[arg-type]
        self._flush()

    # --- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        with self.app.store.session() as session:
            review = reviews.get_review(session=session, review_id=self.review_id)
            name = get_client(session=session, client_id=review.account_id).name
            sections = agenda.load_agenda(session=session, review_id=self.review_id)
            recs = reviews.recommendation_count(session=session, review_id=self.review_id)
            actions = len(reviews.review_actions(session=session, review_id=self.review_id))
        when = reviews.local_time(review.scheduled_for).strftime("%d %b %H:%M")
        self.query_one(ScreenHeader).set_title(f"Review · {name} · {when}")
        status = ReviewStatus(review.status)
        state = "held" if status in reviews.HELD else "not held yet"
        agenda_list = self.query_one(AgendaList)
        agenda_list.show(sections)
        stops = agenda_list.stops()
        current = agenda_list.highlighted_option
        position = stops.index(current.id) + 1 if current and current.id in stops else 0
        self.query_one("#run-info", Static).update(
            f"{position} of {len(stops)} · {recs} recommendation{'s' if recs != 1 else ''} · "
            f"{actions} action{'s' if actions != 1 else ''} · {state}"
        )
        if status in reviews.HELD:
            self._status("")

    def _status(self, message: str, style: str = "") -> None:
        self.query_one("#run-status", Static).update(Text(message, style=style))

    def _enter_stop(self) -> None:
        """Show the highlighted section or item with its notes and decision as stored."""
        self._flush()
        self.reload()
        self.stop = self.query_one(AgendaList).current
        notes_area = self.query_one("#run-notes", TextArea)
        decision = self.query_one("#run-decision", Input)
        self._loading = True
        try:
            if self.stop is None:
                self.query_one("#run-current", Static).update("The agenda is empty.")
                notes_area.load_text("")
                decision.value = ""
                self._saved = ("", "")
                return
            section, item = self.stop
            self.query_one("#run-current", Static).update(self._current_text(section, item))
            notes = item.notes if item is not None else section.notes
            choice = item.decision if item is not None else ""
            notes_area.load_text(notes)
            decision.value = choice
            decision.disabled = item is None
            decision.placeholder = "what was agreed" if item else "decisions go on items"
            self._saved = (notes, choice)
        finally:
            self._loading = False

    def _current_text(self, section: agenda.AgendaSection, item: agenda.AgendaItem | None) -> Text:
        if item is not None:
            return describe(section, item)
        line = Text(section.title, style="bold")
        if section.key == "recommendations":
            with self.app.store.session() as session:
                recs = reviews.recommendations(session=session, review_id=self.review_id)
            line.append(f"\n{len(recs)} recorded" + (f"; latest: {recs[-1].text}" if recs else ""))
        return line

    # --- saving as the user types -----------------------------------------------------------------

    @on(TextArea.Changed, "#run-notes")
    @on(Input.Changed, "#run-decision")
    def _edited(self) -> None:
        if self._loading:
            return
        # keep what is typed now: a flush may run after the widgets are gone
        self._pending = (
            self.query_one("#run-notes", TextArea).text,
            self.query_one("#run-decision", Input).value,
        )
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_AFTER, self._flush)

    def _flush(self) -> None:
        """Write the current stop's notes and decision if they changed."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.write_pending()

    def write_pending(self) -> None:
        pending, self._pending = self._pending, None
        if self.stop is None or pending is None or pending == self._saved:
            return
        notes, decision = pending
        section, item = self.stop
        with self.app.store.session() as session:
            if item is None:
                agenda.save_notes(session=session, section_id=section.id, notes=notes)
            else:
                agenda.save_notes(session=session, item_id=item.id, notes=notes)
                agenda.save_decision(session=session, item_id=item.id, decision=decision)
        self._saved = pending

    # --- moving -----------------------------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        agenda_list = self.query_one(AgendaList)
        stops = agenda_list.stops()
        if not stops:
            return
        current = agenda_list.highlighted_option
        index = stops.index(current.id) if current and current.id in stops else -1
        target = min(max(index + delta, 0), len(stops) - 1)
        if target == index:
            self._status("That is the end of the agenda." if delta > 0 else "That is the start.")
            return
        self._flush()
        agenda_list.select_id(stops[target])

    @on(OptionList.OptionHighlighted, "#run-agenda")
    def _highlighted(self) -> None:
        if stop_key(self.query_one(AgendaList).current) != stop_key(self.stop):
            self._enter_stop()

    # --- what the meeting decides -------------------------------------------------------------------

    def _after_change(self) -> None:
        self._flush()
        self.reload()
        if self.stop is not None:
            self.query_one("#run-current", Static).update(self._current_text(*self.stop))

    def action_new_action(self) -> None:
        self._flush()

        def save(values: dict[str, Any]) -> int:
            try:
                with self.app.store.session() as session:
                    created = reviews.add_review_actions(
                        session=session,
                        review_id=self.review_id,
                        text=values.get("text") or "",
                        today=clock.today(),
                    )
            except reviews.ReviewError as exc:
                raise InvalidInput({"text": str(exc)}) from None
            return len(created)

        def closed(count: int | None) -> None:
            if count:
                self.notify(f"{count} action{'s' if count != 1 else ''} added to the review.")
                self._after_change()

        field = FormField(
            "text",
            "Action",
            "area",
            required=True,
            hint="One per line, e.g. send revised SLA @Dana due:friday (owner with @, "
            "due: a date, a weekday, tomorrow or +3d).",
        )
        self.app.push_screen(
            FormScreen(title="New actions from this review", fields=[field], save=save), closed
        )

    def action_recommend(self) -> None:
        self._flush()

        def save(values: dict[str, Any]) -> int:
            with self.app.store.session() as session:
                rec = reviews.add_recommendation(
                    session=session,
                    review_id=self.review_id,
                    text=values.get("text") or "",
                    owner=values.get("owner") or "",
                )
            return rec.id or 0

        def closed(result: int | None) -> None:
            if result is not None:
                self.notify("Recommendation recorded.")
                self._status("")
                self._after_change()

        fields = [
            FormField(
                "text",
                "Recommendation",
                "area",
                required=True,
                hint="A change that helps the client get the benefit: a tier, a service "
                "added or removed, a process or SLA change.",
            ),
            FormField("owner", "Owner"),
        ]
        self.app.push_screen(
            FormScreen(
                title="Recommendation", fields=fields, save=save, values={"owner": self.app.user}
            ),
            closed,
        )

    def action_progress(self) -> None:
        """Move a carried-forward item on: an action done (or open again), a recommendation
        to its next status."""
        if self.stop is None or self.stop[1] is None:
            self._status("Pick an action or a recommendation from an earlier review.")
            return
        kind, _, number = self.stop[1].source.partition(":")
        if kind not in ("action", "recommendation") or not number.isdigit():
            self._status("Only actions and recommendations from earlier reviews move on here.")
            return
        from relwork.models import ActionItem, Recommendation

        with self.app.store.session() as session:
            if kind == "action":
                found = session.get(ActionItem, int(number))
                if found is None:
                    return
                done = found.done_at is None
                set_action_done(session=session, action_id=int(number), done=done)
                message = "Action marked done." if done else "Action open again."
            else:
                rec = session.get(Recommendation, int(number))
                if rec is None:
                    return
                status = NEXT_STATUS[RecommendationStatus(rec.status)]
                reviews.set_recommendation_status(
                    session=session, recommendation_id=int(number), status=status
                )
                message = f"Recommendation now {status.label.lower()}."
        self._status(message)

    def action_held(self) -> None:
        self._flush()

        def done() -> None:
            self._status("")
            self.reload()

        if not ask_held(self, self.review_id, done):  # say what is missing here too
            self._status(
                "Not held yet: add a recommendation (ctrl+r) or give the reason there is none.",
                "bold",
            )

    def action_back(self) -> None:
        self._flush()
        self.dismiss(None)
