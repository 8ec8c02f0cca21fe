"""Preparing a review: the agenda drafted from the data, then edited by keyboard.

ctrl+↑/ctrl+↓ (or K/J) move the highlighted section or item, space puts it on the
agenda or leaves it out, 2 (or s) sends it to the secondary audience only (the
appendix), a adds an item, A adds a section, e (or Enter) edits the text, d removes a
typed item, p drafts again from the data (asking first), m marks the review prepared,
r runs it. Every change is saved at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static

from relwork import clock
from relwork.enums import ReviewStatus
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.form import FormField, FormScreen
from relwork.services import agenda, reviews
from relwork.services.clients import get_client
from relwork.services.validation import InvalidInput
from relwork.widgets.agenda_list import ITEM, SECTION, AgendaList, describe
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader

if TYPE_CHECKING:
    from relwork.app import RelworkApp


class AgendaScreen(Screen[None]):
    app: RelworkApp

    DEFAULT_CSS = """
    AgendaScreen #agenda-info { height: 1; padding: 0 1; }
    AgendaScreen #agenda-detail { height: 3; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="agenda.back"),
        Binding("ctrl+up,K", "move(-1)", "Move", key_display="^↑↓", id="agenda.move_up"),
        Binding("ctrl+down,J", "move(1)", "Move down", show=False, id="agenda.move_down"),
        Binding("space", "include", "In/out", id="agenda.toggle"),
        Binding("2,s", "secondary", "Appendix", key_display="2", id="agenda.secondary"),
        Binding("a", "add_item", "Add", id="agenda.add_item"),
        Binding("A", "add_section", "Add section", show=False, id="agenda.add_section"),
        Binding("e", "edit", "Edit", show=False, id="agenda.edit"),
        Binding("d,delete", "remove", "Remove", show=False, id="agenda.remove"),
        Binding("p", "redraft", "Redraft", show=False, id="agenda.redraft"),
        Binding("m", "prepared", "Ready", tooltip="Mark the review prepared", id="agenda.prepared"),
        Binding("r", "run", "Run", id="agenda.run"),
    ]

    def __init__(self, review_id: int, *, redraft: bool = False) -> None:
        super().__init__()
        self.review_id = review_id
        self.redraft_first = redraft
        self.hints: dict[str, str] = {}
        self.status = ReviewStatus.PLANNED

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Agenda")
        yield Static(id="agenda-info")
        yield AgendaList(id="agenda-list")
        yield Static(id="agenda-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        templates, problems = agenda.load_templates()
        for problem in problems:
            self.notify(problem, title="Agenda template", severity="warning", markup=False)
        self.hints = {t.key: t.hint for t in templates if t.hint}
        with self.app.store.session() as session:
            exists = agenda.has_agenda(session=session, review_id=self.review_id)
        if not exists:
            self._draft()
        elif self.redraft_first:
            self.call_after_refresh(self.action_redraft)
        self.reload()
        self.query_one(AgendaList).focus()

    # --- data ------------------------------------------------------------------------------

    def _draft(self) -> None:
        with self.app.store.session() as session:
            sections = agenda.draft_agenda(
                session=session,
                review_id=self.review_id,
                today=clock.today(),
                watermelon_settings=self.app.settings.watermelon,
            )
            agenda.save_draft(session=session, review_id=self.review_id, sections=sections)

    def reload(self) -> None:
        with self.app.store.session() as session:
            review = reviews.get_review(session=session, review_id=self.review_id)
            name = get_client(session=session, client_id=review.account_id).name
            sections = agenda.load_agenda(session=session, review_id=self.review_id)
        self.status = ReviewStatus(review.status)
        when = reviews.local_time(review.scheduled_for).strftime("%d %b %Y %H:%M")
        self.query_one(ScreenHeader).set_title(f"Agenda · {name} · {when}")
        items = [i for s in sections for i in s.items]
        left_out = sum(not s.included for s in sections) + sum(not i.included for i in items)
        appendix = sum(s.secondary_only for s in sections) + sum(
            i.secondary_only for s in sections if not s.secondary_only for i in s.items
        )
        since = review.covers_from
        since_text = f" · since {reviews.local_day(since).isoformat()}" if since else ""
        self.query_one("#agenda-info", Static).update(
            f"{self.status.label}{since_text} · {len(sections)} sections · {len(items)} items"
            f" · {left_out} out · {appendix} appendix"
        )
        self.query_one(AgendaList).show(sections, self.hints)
        self._show_detail()

    @on(OptionList.OptionHighlighted)
    def _show_detail(self) -> None:
        current = self.query_one(AgendaList).current
        detail = self.query_one("#agenda-detail", Static)
        detail.update("" if current is None else describe(*current))

    def _current(self) -> tuple[agenda.AgendaSection, agenda.AgendaItem | None] | None:
        current = self.query_one(AgendaList).current
        if current is None:
            self.notify("The agenda is empty: add a section (A).")
        return current

    def _change(self, change: Callable[[Any], object]) -> object | None:
        """Run one agenda change in a session; a refusal is shown, not raised."""
        try:
            with self.app.store.session() as session:
                result = change(session)
        except agenda.AgendaError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return None
        self.reload()
        return result

    # --- editing -------------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        current = self._current()
        if current is None:
            return
        section, item = current
        if item is None:
            moved = self._change(
                lambda s: agenda.move_section(session=s, section_id=section.id, delta=delta)
            )
        else:
            moved = self._change(
                lambda s: agenda.move_item(session=s, item_id=item.id, delta=delta)
            )
        if moved is False:
            self.notify("It is already at that end of the agenda.")

    def action_include(self) -> None:
        current = self._current()
        if current is None:
            return
        section, item = current
        self._change(
            lambda s: agenda.toggle_included(
                session=s,
                section_id=section.id if item is None else None,
                item_id=item.id if item is not None else None,
            )
        )

    def action_secondary(self) -> None:
        current = self._current()
        if current is None:
            return
        section, item = current
        if item is not None and section.secondary_only:
            self.notify("The whole section goes to the appendix already.")
            return
        self._change(
            lambda s: agenda.toggle_secondary(
                session=s,
                section_id=section.id if item is None else None,
                item_id=item.id if item is not None else None,
            )
        )

    def _text_form(
        self, title: str, label: str, value: str, write: Callable[[Any, str], int | None]
    ) -> None:
        def save(values: dict[str, Any]) -> int:
            try:
                with self.app.store.session() as session:
                    result = write(session, values["text"])
            except agenda.AgendaError as exc:
                raise InvalidInput({"text": str(exc)}) from None
            return result or 0

        def closed(result: int | None) -> None:
            if result is None:
                return
            self.reload()
            if result:
                self.query_one(AgendaList).select(kind, result)
                self._show_detail()

        kind = SECTION if label == "Title" else ITEM
        field = FormField("text", label, required=True)
        self.app.push_screen(
            FormScreen(title=title, fields=[field], save=save, values={"text": value}), closed
        )

    def action_add_item(self) -> None:
        current = self._current()
        if current is None:
            return
        section, item = current
        self._text_form(
            f"New item in: {section.title}",
            "Item",
            "",
            lambda s, text: agenda.add_item(
                session=s,
                section_id=section.id,
                text=text,
                after_item_id=item.id if item is not None else None,
            ),
        )

    def action_add_section(self) -> None:
        current = self.query_one(AgendaList).current
        after = current[0].id if current else None
        self._text_form(
            "New section",
            "Title",
            "",
            lambda s, text: agenda.add_section(
                session=s, review_id=self.review_id, title=text, after_section_id=after
            ),
        )

    def action_edit(self) -> None:
        current = self._current()
        if current is None:
            return
        section, item = current
        if item is None:

            def rename(s: Any, text: str) -> int:
                agenda.rename_section(session=s, section_id=section.id, title=text)
                return section.id

            self._text_form("Section title", "Title", section.title, rename)
            return

        def edit(s: Any, text: str) -> int:
            agenda.edit_item(session=s, item_id=item.id, text=text)
            return item.id

        self._text_form("Edit item", "Item", item.text, edit)

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_edit()

    def action_remove(self) -> None:
        current = self._current()
        if current is None:
            return
        section, item = current
        if item is None:
            self._change(lambda s: agenda.remove_section(session=s, section_id=section.id))
        else:
            self._change(lambda s: agenda.remove_item(session=s, item_id=item.id))

    # --- status ---------------------------------------------------------------------------------

    def action_redraft(self) -> None:
        if self.status in reviews.HELD:
            self.notify("This review was held; its agenda is now the record.", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._draft()
                self.reload()
                self.notify("Agenda drafted again from the data.")

        self.app.push_screen(
            ConfirmScreen(
                "Draft the agenda again from the data? Your edits, typed items and notes "
                "on this agenda are replaced.",
                yes="Redraft",
                no="Keep mine",
            ),
            answered,
        )

    def action_prepared(self) -> None:
        try:
            with self.app.store.session() as session:
                reviews.mark_prepared(session=session, review_id=self.review_id)
        except reviews.ReviewError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self.notify("Marked prepared.")
        self.reload()

    def action_run(self) -> None:
        from relwork.screens.review_run import RunScreen

        self.app.push_screen(RunScreen(self.review_id), lambda _: self.reload())

    def action_back(self) -> None:
        self.dismiss(None)
