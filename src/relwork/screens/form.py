"""A modal form: fields described as data, errors shown beside each field.

Nothing is written until the values are valid; Escape asks before discarding
changes. The caller passes the fields and a ``save`` function that validates and
writes through a service, raising :class:`InvalidInput` for what to fix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from relwork.screens import DIALOG_STYLES
from relwork.screens.confirm import ConfirmScreen
from relwork.services.validation import InvalidInput
from relwork.widgets.literal import literal

ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: str = "text"  # text | select | multi | area
    options: list[tuple[str, str]] = field(default_factory=list)
    placeholder: str = ""
    required: bool = False
    hint: str = ""


class FormScreen(ModalScreen[ResultT | None], Generic[ResultT]):
    """Base for every edit form. ``ctrl+s`` saves, Escape cancels (asking if changed)."""

    CSS_PATH = DIALOG_STYLES

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        *,
        title: str,
        fields: list[FormField],
        save: Callable[[dict[str, Any]], ResultT],
        values: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.save = save
        self.initial = dict(values or {})

    # --- building -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="form-dialog"):
            yield Static(literal(self.title_text), id="form-title")
            with VerticalScroll(id="form-body"):
                for spec in self.fields:
                    label = spec.label + (" *" if spec.required else "")
                    with Horizontal(classes=f"field-row -{spec.kind}"):
                        yield Label(label, classes="field-label")
                        yield self._widget(spec)
                    if spec.hint:
                        yield Static(spec.hint, classes="field-hint")
                    yield Static("", id=f"error-{spec.name}", classes="field-error")
            with Horizontal(id="form-buttons"):
                yield Static("* required", id="form-legend")
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def _widget(self, spec: FormField) -> Widget:
        value = self.initial.get(spec.name)
        widget_id = f"field-{spec.name}"
        if spec.kind == "select":
            return Select(
                spec.options,
                value=value if value else Select.NULL,
                id=widget_id,
                allow_blank=not spec.required,
                prompt=spec.placeholder or "(none)",
            )
        if spec.kind == "multi":
            chosen = set(value or [])
            return SelectionList[str](
                *((label, key, key in chosen) for label, key in spec.options),
                id=widget_id,
                compact=True,
            )
        if spec.kind == "area":
            return TextArea(
                str(value or ""), id=widget_id, soft_wrap=True, tab_behavior="focus", compact=True
            )
        return Input(_as_text(value), placeholder=spec.placeholder, id=widget_id, compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#field-{self.fields[0].name}").focus()

    # --- values -----------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What the form holds now, keyed by field name."""
        result: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Select):
                result[spec.name] = None if widget.value == Select.NULL else widget.value
            elif isinstance(widget, SelectionList):
                result[spec.name] = list(widget.selected)
            elif isinstance(widget, TextArea):
                result[spec.name] = widget.text
            elif isinstance(widget, Input):
                result[spec.name] = widget.value
        return result

    def is_dirty(self) -> bool:
        current = self.values()
        return any(
            _normalised(current[spec.name]) != _normalised(self.initial.get(spec.name))
            for spec in self.fields
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        first = None
        for spec in self.fields:
            message = errors.get(spec.name, "")
            error = self.query_one(f"#error-{spec.name}", Static)
            error.update(literal(message))
            error.set_class(bool(message), "-shown")
            if message and first is None:
                first = self.query_one(f"#field-{spec.name}")
        unknown = [m for k, m in errors.items() if k not in {s.name for s in self.fields}]
        if unknown:
            self.notify(" ".join(unknown), severity="error", markup=False)
        if first is not None:
            first.focus()
            first.scroll_visible()

    # --- actions ----------------------------------------------------------------------

    def action_save(self) -> None:
        try:
            result = self.save(self.values())
        except InvalidInput as exc:
            self.show_errors(exc.errors)
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        if not self.is_dirty():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard your changes?", yes="Discard", no="Keep editing"), answered
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return str(
            value.isoformat(sep=" ", timespec="minutes")
            if hasattr(value, "hour")
            else value.isoformat()
        )
    return str(value)


def _normalised(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(str(v) for v in value)
    if value is None:
        return ""
    return _as_text(value).strip()
