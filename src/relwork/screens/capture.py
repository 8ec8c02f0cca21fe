"""The quick-capture panel: a note in seconds, during the call, never lost.

The cursor starts in the text (or, with no client open, in the client picker, where
the first keystrokes choose the client). ``@name`` in the text names the people
present (Tab completes it); lines like ``- [ ] send the SLA @Dana due:friday``
become actions, previewed before saving. Every change is written to a private
draft file by a background thread; ctrl+s saves, Escape asks before throwing away.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from relwork import clock
from relwork.capture import find_actions, mentions
from relwork.drafts import Draft, DraftWriter, drafts_dir
from relwork.enums import InteractionKind
from relwork.matching import match_name, rank_names
from relwork.screens import CAPTURE_STYLES
from relwork.screens.confirm import ConfirmScreen
from relwork.services import quicknote

if TYPE_CHECKING:
    from pathlib import Path

    from relwork.app import RelworkApp

_panel_numbers = itertools.count(1)
KEPT = "Kept as a draft while you type · ctrl+s saves · esc closes"
_MENTION_AT_CURSOR = re.compile(r"@(\"?)([^\s@\"]*)$")


@dataclass(frozen=True)
class CaptureStart:
    """What the panel opens with: a client (or none), and possibly a restored draft."""

    client_id: int | None = None
    client_name: str = ""
    kind: str = InteractionKind.CALL.value
    when: str = ""
    text: str = ""
    draft_path: Path | None = None


class NoteText(TextArea):
    """The note body. Tab after '@part' completes a contact's name; otherwise Tab moves on."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "tab" and self._complete_mention():
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    def _complete_mention(self) -> bool:
        row, column = self.cursor_location
        before = self.document.get_line(row)[:column]
        found = _MENTION_AT_CURSOR.search(before)
        screen = self.screen
        if not found or not isinstance(screen, CaptureScreen):
            return False
        completion = screen.complete_person(found.group(2))
        if completion is None:
            return False
        self.replace(completion, (row, column - len(found.group(0))), (row, column))
        return True


class CaptureScreen(ModalScreen[int | None]):
    """Dismisses with the saved note's id, or None when closed without saving."""

    CSS_PATH = CAPTURE_STYLES

    app: RelworkApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", priority=True, id="capture.save"),
        Binding("escape", "close", "Close", id="capture.close"),
    ]

    DRAFT_INTERVAL = 0.5  # seconds between draft writes while typing

    def __init__(self, start: CaptureStart | None = None) -> None:
        super().__init__()
        self.start = start or CaptureStart()
        self.client_id = self.start.client_id
        self.client_name = self.start.client_name
        self._clients: list[tuple[str, int]] = []
        self._contacts: list[tuple[str, int]] = []
        self._dirty = False
        self._writer: DraftWriter | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="capture-dialog"):
            yield Static("New note", id="capture-title")
            with Horizontal(classes="capture-row"):
                yield Label("Client", classes="capture-label")
                yield Input(
                    self.client_name,
                    placeholder="type to pick a client",
                    id="capture-client",
                    compact=True,
                )
            yield OptionList(id="client-matches")
            with Horizontal(classes="capture-row"):
                yield Label("Kind", classes="capture-label")
                yield Select(
                    InteractionKind.choices(),
                    value=self.start.kind,
                    allow_blank=False,
                    id="capture-kind",
                    compact=True,
                )
                yield Label("When", classes="capture-label-short")
                yield Input(
                    self.start.when or clock.now().strftime("%Y-%m-%d %H:%M"),
                    id="capture-when",
                    compact=True,
                )
            yield Static("", id="capture-people")
            yield NoteText(
                self.start.text,
                id="capture-text",
                soft_wrap=True,
                tab_behavior="focus",
                compact=True,
            )
            yield Static("", id="capture-preview")
            yield Static(KEPT, id="capture-status")

    def on_mount(self) -> None:
        self._clients = quicknote.client_choices(self.app.store)
        self.query_one("#client-matches").display = False
        if self.client_id is not None:
            self._choose_client(self.client_id, self.client_name)
            text = self.query_one(NoteText)
            text.focus()
            text.move_cursor(text.document.end)
        else:
            self.query_one("#capture-client").focus()
        path = self.start.draft_path or drafts_dir(self.app.store.path) / (
            f"{os.getpid()}-{next(_panel_numbers)}.json"
        )
        self._writer = DraftWriter(path)
        self.app.open_drafts.add(self._writer)
        self.set_interval(self.DRAFT_INTERVAL, self._save_draft)
        self._refresh_preview()

    def on_unmount(self) -> None:
        if self._writer is not None:
            self._writer.flush()
            self._writer.stop()
            self.app.open_drafts.discard(self._writer)

    # --- client picking -------------------------------------------------------------------

    @on(Input.Changed, "#capture-client")
    def _client_typed(self, event: Input.Changed) -> None:
        matches = self.query_one("#client-matches", OptionList)
        if self.client_id is not None and event.value == self.client_name:
            matches.display = False
            return
        self.client_id = None
        ranked = rank_names(event.value, self._clients, limit=6)
        matches.clear_options()
        matches.add_options([Option(Text(c.name), id=str(c.item)) for c in ranked])
        matches.display = bool(ranked) and bool(event.value.strip())
        if ranked:
            matches.highlighted = 0
        self._dirty = True

    def on_key(self, event: events.Key) -> None:
        # arrows in the client box move through the matches below it
        matches = self.query_one("#client-matches", OptionList)
        if self.focused is self.query_one("#capture-client") and matches.display:
            if event.key == "down":
                matches.action_cursor_down()
                event.stop()
            elif event.key == "up":
                matches.action_cursor_up()
                event.stop()

    @on(Input.Submitted, "#capture-client")
    def _client_entered(self, event: Input.Submitted) -> None:
        matches = self.query_one("#client-matches", OptionList)
        if matches.display and matches.highlighted is not None:
            option = matches.get_option_at_index(matches.highlighted)
            self._choose_client(int(option.id or 0), str(option.prompt))
        else:
            result = match_name(event.value, self._clients)
            if result.chosen is None:
                self._status("Pick a client: type part of the name, then Enter.", error=True)
                return
            self._choose_client(result.chosen.item, result.chosen.name)
        self.query_one(NoteText).focus()

    @on(OptionList.OptionSelected, "#client-matches")
    def _client_clicked(self, event: OptionList.OptionSelected) -> None:
        self._choose_client(int(event.option.id or 0), str(event.option.prompt))
        self.query_one(NoteText).focus()

    def _choose_client(self, client_id: int, name: str) -> None:
        self.client_id = client_id
        self.client_name = name
        box = self.query_one("#capture-client", Input)
        if box.value != name:
            box.value = name
        self.query_one("#client-matches").display = False
        self._contacts = quicknote.contact_choices(self.app.store, client_id)
        self.query_one("#capture-title", Static).update(Text(f"New note · {name}"))
        self._refresh_preview()

    # --- people and actions ------------------------------------------------------------

    def complete_person(self, partial: str) -> str | None:
        """'@ine' + Tab -> '@Ines' (or '@"Ines Vermeulen"' when first names clash)."""
        ranked = rank_names(partial, self._contacts, limit=1)
        if not partial or not ranked:
            return None
        name = ranked[0].name
        first = name.split()[0]
        clash = sum(1 for other, _ in self._contacts if other.split()[0] == first) > 1
        return f'@"{name}" ' if clash else f"@{first} "

    def people_present(self) -> tuple[list[int], list[str]]:
        """Contact ids named with @ in the text, and the names that match no one."""
        found, unknown = [], []
        for name in mentions(self.query_one(NoteText).text):
            result = match_name(name, self._contacts)
            if result.chosen is not None:
                found.append(result.chosen.item)
            else:
                unknown.append(name)
        return list(dict.fromkeys(found)), unknown

    @on(TextArea.Changed, "#capture-text")
    def _text_changed(self) -> None:
        self._dirty = True
        self._refresh_preview()

    @on(Input.Changed, "#capture-when")
    @on(Select.Changed, "#capture-kind")
    def _detail_changed(self) -> None:
        self._dirty = True

    def _refresh_preview(self) -> None:
        text = self.query_one(NoteText).text
        people, unknown = self.people_present()
        names = {i: n for n, i in self._contacts}
        line = Text("With: ", style="bold")
        line.append(", ".join(names[i] for i in people) or "nobody named yet (type @name)")
        if unknown:
            line.append("   not a contact: " + ", ".join(f"@{n}" for n in unknown), style="italic")
        self.query_one("#capture-people", Static).update(line)
        preview = Text()
        actions = find_actions(text, clock.today())
        if actions:
            preview.append(f"Actions on save ({len(actions)}):\n", style="bold")
        for action in actions:
            preview.append("  • ")
            preview.append(action.text)
            extra = [p for p in (action.owner, action.due and f"due {action.due}") if p]
            if extra:
                preview.append(f"  ({', '.join(extra)})", style="italic")
            if action.problem:
                preview.append(
                    f"\n    ! line {action.line_number}: {action.problem}",
                    style=f"bold {self.app.theme_variables.get('error', 'red')}",
                )
            preview.append("\n")
        if not actions:
            preview.append(
                "Tip: a line like '- [ ] send the SLA @Dana due:friday' becomes an action.",
                style="italic",
            )
        self.query_one("#capture-preview", Static).update(preview)

    # --- drafts -------------------------------------------------------------------------

    def current_draft(self) -> Draft:
        return Draft(
            client_id=self.client_id,
            client_name=self.client_name,
            kind=str(self.query_one("#capture-kind", Select).value),
            when=self.query_one("#capture-when", Input).value,
            text=self.query_one(NoteText).text,
            saved_at=clock.now().isoformat(timespec="seconds"),
            pid=os.getpid(),
        )

    def keep_draft_now(self) -> None:
        """Hand the current text to the writer at once (hang-up, exit)."""
        if self._writer is not None and (self._dirty or self.start.draft_path):
            self._writer.submit(self.current_draft())

    def _save_draft(self) -> None:
        if not self._dirty or self._writer is None:
            return
        self._dirty = False
        draft = self.current_draft()
        if draft.is_blank and self.start.draft_path is None:
            return
        self._writer.submit(draft)

    def _status(self, message: str, *, error: bool = False) -> None:
        style = f"bold {self.app.theme_variables.get('error', 'red')}" if error else "italic"
        self.query_one("#capture-status", Static).update(Text(message, style=style))

    # --- save and close -----------------------------------------------------------------

    def action_save(self) -> None:
        if self.client_id is None:
            self._status("Pick the client first (type part of its name above).", error=True)
            self.query_one("#capture-client").focus()
            return
        people, _unknown = self.people_present()
        try:
            when = quicknote.parse_when(self.query_one("#capture-when", Input).value, clock.today())
            saved = quicknote.save_note(
                self.app.store,
                quicknote.NoteToSave(
                    client_id=self.client_id,
                    text=self.query_one(NoteText).text,
                    kind=InteractionKind(str(self.query_one("#capture-kind", Select).value)),
                    occurred_at=when,
                    people=people,
                ),
                author=self.app.user,
                now=clock.now(),
            )
        except quicknote.CaptureError as exc:
            self._status(str(exc), error=True)
            return
        if self._writer is not None:
            self._writer.discard()
            self.app.open_drafts.discard(self._writer)
            self._writer = None
        count = len(saved.actions)
        self.app.notify(
            f"Note saved for {self.client_name}"
            + (f" with {count} action{'s' if count != 1 else ''}." if count else "."),
            markup=False,
        )
        self.dismiss(saved.note_id)

    def action_close(self) -> None:
        if not self.query_one(NoteText).text.strip():
            self._throw_away()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._throw_away()

        self.app.push_screen(
            ConfirmScreen(
                "Throw this note away? It has not been saved.", yes="Throw away", no="Keep writing"
            ),
            answered,
        )

    def _throw_away(self) -> None:
        if self._writer is not None:
            self._writer.discard()
            self.app.open_drafts.discard(self._writer)
            self._writer = None
        self.dismiss(None)
