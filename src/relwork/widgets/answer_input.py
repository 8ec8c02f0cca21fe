"""One editor per wizard answer type, all with the same small interface.

An editor shows the answer a question already has, and gives back ``value`` (in the
stored format of the wizard contract, or None when nothing is given) and ``evidence``.
Quick keys pick a status (y p n u a) or a score (the digits of its scale); when the
question takes no evidence, picking posts :class:`AnswerEditor.Picked` so the wizard
can move on at once. Enter in a one-line field posts :class:`AnswerEditor.Submitted`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.validation import Function
from textual.widget import Widget
from textual.widgets import (
    DataTable,
    Input,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)

from relwork.text import clean, clean_line
from relwork.widgets.literal import literal
from relwork.wizards.answers import answer_label, is_answered, parse_answer, value_problem
from relwork.wizards.spec import STATUS_LABELS

if TYPE_CHECKING:
    from relwork.wizards import Choice, GroupField, Question

# status value -> the key that picks it, in the order they are offered
STATUS_KEYS: dict[str, str] = {"yes": "y", "partial": "p", "no": "n", "unknown": "u", "na": "a"}
# what each point of a 1-5 scale means; inverse scales count how much of a bad thing
SCORE_WORDS = {1: "absent", 2: "weak", 3: "partial", 4: "good", 5: "strong"}
INVERSE_WORDS = {1: "very low", 2: "low", 3: "medium", 4: "high", 5: "very high"}

Contacts = Sequence[tuple[int, str]]  # (contact id, "Name (title)")


def score_words(question: Question) -> dict[int, str]:
    """What each point of the question's scale means, when it is the shared 1-5 scale."""
    if (question.min, question.max) != (1, 5):
        return {}
    return INVERSE_WORDS if question.inverse else SCORE_WORDS


# --- the common frame -------------------------------------------------------------------


class AnswerEditor(Vertical):
    """Base of every editor: the question's input, then its evidence field if any."""

    DEFAULT_CSS = """
    AnswerEditor {
        height: auto;
    }
    AnswerEditor Input, AnswerEditor TextArea, AnswerEditor SelectionList {
        background: $boost;
    }
    AnswerEditor .answer-label {
        margin-top: 1;
        text-style: bold;
    }
    AnswerEditor .answer-hint {
        color: $text-muted;
    }
    AnswerEditor #answer-note-row {
        height: 1;
        margin-top: 1;
    }
    AnswerEditor #answer-note-row .answer-label {
        width: 6;
        margin-top: 0;
    }
    AnswerEditor #answer-note {
        width: 1fr;
    }
    """

    class Picked(Message):
        """An answer was picked by a quick key and nothing else is asked: move on."""

    class Submitted(Message):
        """Enter in the last field: move on."""

    def __init__(
        self, question: Question, value: Any = None, evidence: str = "", note: str = ""
    ) -> None:
        super().__init__(classes=f"answer-{question.type}")
        self.question = question
        self.initial = value
        self.initial_evidence = evidence
        self.initial_note = note

    @property
    def takes_evidence(self) -> bool:
        return self.question.evidence in ("required", "optional")

    def compose(self) -> ComposeResult:
        yield from self.compose_input()
        if self.takes_evidence:
            yield Static(f"Evidence ({self._evidence_need()})", classes="answer-label")
            yield Input(
                self.initial_evidence,
                placeholder="where this shows: a document, a meeting, a record…",
                id="answer-evidence",
                compact=True,
            )
            if self.question.evidence_hint:
                hint = Text("Where to look: ", style="italic")
                hint.append_text(literal(self.question.evidence_hint, style="italic"))
                yield Static(hint, classes="answer-hint")
        with Horizontal(id="answer-note-row"):
            yield Static("Note", classes="answer-label")
            yield Input(
                self.initial_note,
                placeholder="optional: anything to keep with this answer",
                id="answer-note",
                compact=True,
            )

    def _evidence_need(self) -> str:
        if self.question.evidence != "required":
            return "optional"
        return "needed for yes or partly" if self.question.type == "status" else "required"

    def compose_input(self) -> ComposeResult:
        yield from ()

    @property
    def value(self) -> Any:
        return None

    @property
    def note(self) -> str:
        return clean(self.query_one("#answer-note", Input).value).strip()

    @property
    def evidence(self) -> str:
        if not self.takes_evidence:
            return self.initial_evidence
        return clean(self.query_one("#answer-evidence", Input).value).strip()

    def focus_editor(self) -> None:
        """Put the focus where typing the answer starts."""
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return

    def focus_evidence(self) -> None:
        if self.takes_evidence:
            self.query_one("#answer-evidence", Input).focus()
        else:
            self.focus_editor()

    def picked(self) -> None:
        """After a quick key: go to the evidence, or tell the wizard to move on."""
        if self.takes_evidence:
            self.query_one("#answer-evidence", Input).focus()
        else:
            self.post_message(self.Picked())

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted())


# --- quick-key pickers (status and score) ----------------------------------------------


class KeyPicker(Widget, can_focus=True):
    """A row of options, each picked by its own key; left and right move the pick."""

    DEFAULT_CSS = """
    KeyPicker {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    KeyPicker:focus {
        background-tint: $foreground 5%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous", show=False),
        Binding("right", "move(1)", "Next option", show=False),
        Binding("enter", "submit", "Next", show=False),
    ]

    selected: reactive[Any] = reactive(None)

    class Picked(Message):
        def __init__(self, picker: KeyPicker, by_key: bool) -> None:
            super().__init__()
            self.picker = picker
            self.by_key = by_key

    class Submitted(Message):
        pass

    def __init__(self, options: Sequence[tuple[str, Any, str]], value: Any = None) -> None:
        """``options``: (key, value, label) triples."""
        super().__init__()
        self.options = list(options)
        self.selected = value
        self._keys = {key: val for key, val, _label in self.options}

    def render(self) -> Text:
        line = Text()
        for i, (key, value, label) in enumerate(self.options):
            if i:
                line.append("   ")
            chosen = value == self.selected
            mark = "●" if chosen else "○"
            line.append(f"{mark} ", style="bold" if chosen else "")
            line.append(key, style="bold underline")
            line.append(f" {label}", style="bold reverse" if chosen else "")
        return line

    def pick(self, value: Any, by_key: bool = True) -> None:
        self.selected = value
        self.post_message(self.Picked(self, by_key))

    async def _on_key(self, event: events.Key) -> None:
        # the option keys are data (y p n u a, or the digits of a scale), not bindings
        key = (event.character or "").lower()
        if key and key in self._keys:
            event.stop()
            event.prevent_default()
            self.pick(self._keys[key])
            return
        await super()._on_key(event)

    def action_move(self, step: int) -> None:
        values = [value for _key, value, _label in self.options]
        index = values.index(self.selected) if self.selected in values else -1
        index = max(0, min(len(values) - 1, index + step)) if index >= 0 else 0
        self.pick(values[index], by_key=False)

    def action_submit(self) -> None:
        self.post_message(self.Submitted())


class StatusEditor(AnswerEditor):
    def compose_input(self) -> ComposeResult:
        options = [(key, value, STATUS_LABELS[value]) for value, key in STATUS_KEYS.items()]
        yield KeyPicker(options, self.initial if self.initial in STATUS_KEYS else None)

    @property
    def value(self) -> Any:
        return self.query_one(KeyPicker).selected

    @on(KeyPicker.Picked)
    def _picked(self, event: KeyPicker.Picked) -> None:
        event.stop()
        if event.by_key:
            self.picked()

    @on(KeyPicker.Submitted)
    def _enter(self, event: KeyPicker.Submitted) -> None:
        event.stop()
        if self.takes_evidence:
            self.query_one("#answer-evidence", Input).focus()
        else:
            self.post_message(self.Submitted())


class ScoreEditor(StatusEditor):
    def compose_input(self) -> ComposeResult:
        q = self.question
        words = score_words(q)
        digits = range(q.min, q.max + 1) if q.min >= 0 and q.max <= 9 else range(0)
        options = [(str(n), n, words.get(n, "")) for n in digits]
        yield KeyPicker(options, self.initial if isinstance(self.initial, int) else None)
        scale = f"{q.min} to {q.max}"
        scale += ": higher means more of a problem" if q.inverse else ": higher is better"
        yield Static(scale, classes="answer-hint")


# --- lists ------------------------------------------------------------------------------


class AnswerRadios(RadioSet):
    """A radio list whose cursor starts on the option already picked."""

    def on_mount(self) -> None:
        self.call_after_refresh(self._cursor_to_pressed)

    def _cursor_to_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index


def _radios(choices: Sequence[tuple[Any, str]], value: Any) -> RadioSet:
    return AnswerRadios(
        *(RadioButton(Text(label), value=(v == value)) for v, label in choices),
        compact=True,
    )


class ChoiceEditor(AnswerEditor):
    """One of the question's choices: up and down move, Enter or space picks."""

    def compose_input(self) -> ComposeResult:
        yield _radios(self._choices(), self.initial)

    def _choices(self) -> list[tuple[Any, str]]:
        return [(c.value, c.label) for c in self.question.choices]

    @property
    def value(self) -> Any:
        index = self.query_one(RadioSet).pressed_index
        choices = self._choices()
        return choices[index][0] if 0 <= index < len(choices) else None


class PersonEditor(ChoiceEditor):
    """One of the client's contacts."""

    def __init__(
        self,
        question: Question,
        value: Any = None,
        evidence: str = "",
        note: str = "",
        contacts: Contacts = (),
    ) -> None:
        super().__init__(question, value, evidence, note)
        self.contacts = list(contacts)

    def compose_input(self) -> ComposeResult:
        if not self.contacts:
            yield Static(
                "This client has no contacts yet: add them in the workspace (c), then come back.",
                classes="answer-hint",
            )
            return
        yield from super().compose_input()

    def _choices(self) -> list[tuple[Any, str]]:
        return list(self.contacts)

    @property
    def value(self) -> Any:
        if not self.contacts:
            return self.initial
        return super().value


class MultiEditor(AnswerEditor):
    """Any of the question's choices: space ticks or unticks."""

    def compose_input(self) -> ComposeResult:
        chosen = set(self.initial or [])
        yield SelectionList[str](
            *((Text(c.label), c.value, c.value in chosen) for c in self.question.choices),
            compact=True,
        )
        yield Static("space ticks or unticks", classes="answer-hint")

    @property
    def value(self) -> Any:
        order = [c.value for c in self.question.choices]
        selected = set(self.query_one(SelectionList).selected)
        return [v for v in order if v in selected]


# --- text and dates ---------------------------------------------------------------------


class TextEditor(AnswerEditor):
    def compose_input(self) -> ComposeResult:
        yield Input(
            str(self.initial or ""),
            placeholder="type the answer · Enter saves it and moves on",
            id="answer-text",
            compact=True,
        )

    @property
    def value(self) -> Any:
        text = clean_line(self.query_one("#answer-text", Input).value)
        return text or None


def _is_date(text: str) -> bool:
    from datetime import date

    if not text.strip():
        return True
    try:
        date.fromisoformat(text.strip())
    except ValueError:
        return False
    return len(text.strip()) == 10


class DateEditor(TextEditor):
    def compose_input(self) -> ComposeResult:
        yield Input(
            str(self.initial or ""),
            placeholder="YYYY-MM-DD, e.g. 2026-12-05",
            id="answer-text",
            validators=[Function(_is_date, "Use YYYY-MM-DD, e.g. 2026-12-05.")],
            compact=True,
        )


class LongTextEditor(AnswerEditor):
    DEFAULT_CSS = """
    LongTextEditor TextArea {
        height: 6;
    }
    """

    def compose_input(self) -> ComposeResult:
        yield TextArea(
            str(self.initial or ""),
            id="answer-long",
            soft_wrap=True,
            tab_behavior="focus",
            compact=True,
        )
        yield Static("Tab leaves the text; PgDn saves and moves on", classes="answer-hint")

    @property
    def value(self) -> Any:
        text = clean(self.query_one("#answer-long", TextArea).text).strip()
        return text or None


# --- repeated groups --------------------------------------------------------------------


class GroupEditor(AnswerEditor):
    """Rows of a repeated group in a table: a adds, Enter or e edits, d removes."""

    DEFAULT_CSS = """
    GroupEditor DataTable {
        height: auto;
        max-height: 10;
        background: $boost;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_row", "Add row", id="wizard.group_add"),
        Binding("e", "edit_row", "Edit row", id="wizard.group_edit"),
        Binding("d,delete", "remove_row", "Remove row", id="wizard.group_remove"),
    ]

    def __init__(
        self,
        question: Question,
        value: Any = None,
        evidence: str = "",
        note: str = "",
        contacts: Contacts = (),
    ) -> None:
        super().__init__(question, value, evidence, note)
        self.contacts = list(contacts)
        self.rows: list[dict[str, Any]] = [dict(r) for r in (value or []) if isinstance(r, dict)]

    def compose_input(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(cursor_type="row", id="answer-rows")
        yield table
        yield Static("a adds a row · Enter or e edits it · d removes it", classes="answer-hint")

    def on_mount(self) -> None:
        self._fill()

    @property
    def value(self) -> Any:
        return [dict(r) for r in self.rows]

    def _fill(self, cursor: int | None = None) -> None:
        table = self.query_one("#answer-rows", DataTable)
        table.clear(columns=True)
        for spec in self.question.fields:
            table.add_column(spec.label)
        for i, row in enumerate(self.rows):
            table.add_row(
                *(
                    Text(answer_label(spec, row.get(spec.key), dict(self.contacts)))
                    for spec in self.question.fields
                ),
                key=str(i),
            )
        if not self.rows:
            filler = [Text("(no rows yet: a adds one)", style="dim")]
            filler += [Text("")] * (len(self.question.fields) - 1)
            table.add_row(*filler, key="empty")
        if cursor is not None and self.rows:
            table.move_cursor(row=max(0, min(cursor, len(self.rows) - 1)))

    def _cursor(self) -> int | None:
        table = self.query_one("#answer-rows", DataTable)
        if not self.rows:
            return None
        return table.cursor_row if 0 <= table.cursor_row < len(self.rows) else None

    def action_add_row(self) -> None:
        self._edit(None)

    def action_edit_row(self) -> None:
        index = self._cursor()
        if index is not None:
            self._edit(index)

    def action_remove_row(self) -> None:
        index = self._cursor()
        if index is None:
            return
        del self.rows[index]
        self._fill(cursor=index)

    @on(DataTable.RowSelected, "#answer-rows")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.rows:
            self.action_edit_row()
        else:
            self.action_add_row()

    def _edit(self, index: int | None) -> None:
        from relwork.screens.form import FormScreen

        fields = self.question.fields
        current = self.rows[index] if index is not None else {}

        def save(values: dict[str, Any]) -> dict[str, Any]:
            return parse_row(fields, values)

        def saved(row: dict[str, Any] | None) -> None:
            if row is None:
                return
            if index is None:
                self.rows.append(row)
            else:
                self.rows[index] = row
            self._fill(cursor=len(self.rows) - 1 if index is None else index)
            self.query_one("#answer-rows").focus()

        title = f"{'New row' if index is None else 'Edit row'}: {self.question.prompt}"
        self.app.push_screen(
            FormScreen(
                title=title,
                fields=row_form_fields(fields, self.contacts),
                save=save,
                values=row_form_values(fields, current),
            ),
            saved,
        )


def row_form_fields(fields: Sequence[GroupField], contacts: Contacts) -> list[Any]:
    """The edit form of one row of a repeated group."""
    from relwork.screens.form import FormField

    result = []
    for spec in fields:
        if spec.type in ("choice", "status"):
            options = _options(spec.type, spec.choices)
            result.append(
                FormField(spec.key, spec.label, "select", options, required=spec.required)
            )
        elif spec.type == "person":
            options = [(name, str(contact_id)) for contact_id, name in contacts]
            result.append(
                FormField(spec.key, spec.label, "select", options, required=spec.required)
            )
        elif spec.type == "multi":
            options = _options(spec.type, spec.choices)
            result.append(FormField(spec.key, spec.label, "multi", options, required=spec.required))
        elif spec.type == "long_text":
            result.append(FormField(spec.key, spec.label, "area", required=spec.required))
        else:
            placeholder = {"date": "YYYY-MM-DD", "score": "a number"}.get(spec.type, "")
            result.append(
                FormField(spec.key, spec.label, placeholder=placeholder, required=spec.required)
            )
    return result


def _options(kind: str, choices: Sequence[Choice]) -> list[tuple[str, str]]:
    if kind == "status":
        return [(label, value) for value, label in STATUS_LABELS.items()]
    return [(c.label, c.value) for c in choices]


def row_form_values(fields: Sequence[GroupField], row: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in fields:
        value = row.get(spec.key)
        if spec.type == "person" and value is not None:
            value = str(value)
        values[spec.key] = value
    return values


def parse_row(fields: Sequence[GroupField], values: dict[str, Any]) -> dict[str, Any]:
    """A row in the stored formats, or :class:`InvalidInput` naming what to fix per field."""
    from relwork.services.validation import InvalidInput

    row: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in fields:
        raw = values.get(spec.key)
        value: Any
        if spec.type == "multi":
            value = list(raw or [])
        elif spec.type == "long_text":
            value = clean(str(raw or "")).strip() or None
        elif spec.type in ("choice", "status"):
            value = raw or None
        else:  # typed in: text, date, score, person (a select value, as text)
            value = parse_answer(spec, clean_line(str(raw or "")))
        row[spec.key] = value
        if not is_answered(value):
            if spec.required:
                errors[spec.key] = f"{spec.label} is required."
            continue
        problem = value_problem(spec, value)
        if problem:
            errors[spec.key] = f"{problem}."
    if errors:
        raise InvalidInput(errors)
    return row


def make_editor(
    question: Question,
    value: Any = None,
    evidence: str = "",
    note: str = "",
    *,
    contacts: Contacts = (),
) -> AnswerEditor:
    """The editor for ``question``'s answer type, showing ``value``, ``evidence`` and ``note``."""
    kinds: dict[str, type[AnswerEditor]] = {
        "status": StatusEditor,
        "score": ScoreEditor,
        "choice": ChoiceEditor,
        "multi": MultiEditor,
        "text": TextEditor,
        "long_text": LongTextEditor,
        "date": DateEditor,
    }
    if question.type == "person":
        return PersonEditor(question, value, evidence, note, contacts=contacts)
    if question.type == "group":
        return GroupEditor(question, value, evidence, note, contacts=contacts)
    return kinds.get(question.type, TextEditor)(question, value, evidence, note)
