"""A review agenda as a list: numbered sections with their items beneath.

Each line says whether it is on the agenda (✓) or left out (✗), and whether it goes to
the secondary audience only (the appendix). User text is always shown literally.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from relwork.services.agenda_edit import AgendaItem, AgendaSection
from relwork.widgets.literal import literal

SECTION = "section"
ITEM = "item"
APPENDIX = "appendix"


def _marks(included: bool, secondary: bool) -> tuple[str, str]:
    mark = "✓" if included else "✗"
    return mark, (f" [{APPENDIX}]" if secondary else "")


def section_line(number: int, section: AgendaSection, *, show_mark: bool = True) -> Text:
    mark, tag = _marks(section.included, section.secondary_only)
    style = "bold" if section.included else "dim strike"
    start = f"{mark} {number}. " if show_mark else f"{number}. "
    line = Text(start, style="bold" if section.included else "dim")
    line.append_text(literal(section.title, style))
    if tag:
        line.append(tag, style="italic")
    line.no_wrap = True
    line.overflow = "ellipsis"
    return line


def item_line(item: AgendaItem, *, in_secondary: bool = False, show_mark: bool = True) -> Text:
    mark, tag = _marks(item.included, item.secondary_only and not in_secondary)
    line = Text(f"    {mark if show_mark else '•'} ", style="" if item.included else "dim")
    line.append_text(literal(item.text, "" if item.included else "dim strike"))
    if item.detail:
        line.append("  ")
        line.append_text(literal(" ".join(item.detail.split()), "dim"))
    if tag:
        line.append(tag, style="italic")
    line.no_wrap = True
    line.overflow = "ellipsis"
    return line


def describe(section: AgendaSection, item: AgendaItem | None) -> Text:
    """Two lines about the highlighted row: what it is and where it came from."""
    if item is None:
        audience = (
            "the secondary audience only (appendix)" if section.secondary_only else "everyone"
        )
        state = "on the agenda" if section.included else "left out"
        typed = " · added by you" if section.key == "custom" else ""
        return Text(f"Section for {audience} · {state} · {len(section.items)} items{typed}")
    line = literal(item.text)
    if item.detail:
        line.append("\n")
        line.append_text(literal(item.detail, "dim"))
    origin = "typed by you" if item.typed else f"from {item.source}"
    audience = "appendix" if item.secondary_only or section.secondary_only else "everyone"
    line.append(f"\n{origin} · {audience}", style="italic dim")
    return line


class AgendaList(OptionList):
    """The agenda's sections and items; ``included_only`` hides what was left out."""

    DEFAULT_CSS = """
    AgendaList {
        height: 1fr;
        max-height: 100%;
        border: round $panel-lighten-2;
        padding: 0;
    }
    AgendaList:focus {
        border: round $primary;
    }
    """

    def __init__(self, *, included_only: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.included_only = included_only
        self.sections: list[AgendaSection] = []
        self.hints: dict[str, str] = {}
        self._drawn_width = -1

    def show(self, sections: Sequence[AgendaSection], hints: dict[str, str] | None = None) -> None:
        """Fill the list, keeping the highlight on the same section or item."""
        self.sections = list(sections)
        self.hints = dict(hints or {})
        self._draw()

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._drawn_width:
            self._draw()

    def _draw(self) -> None:
        previous = self.highlighted_option.id if self.highlighted_option else None
        width = self.scrollable_content_region.width
        self._drawn_width = width

        def fit(line: Text) -> Text:
            # one line per row: long texts end in an ellipsis instead of wrapping
            if width > 4:
                line.truncate(width, overflow="ellipsis")
            return line

        options: list[Option] = []
        number = 0
        for section in self.sections:
            if self.included_only and not section.included:
                continue
            number += 1
            line = section_line(number, section, show_mark=not self.included_only)
            options.append(Option(fit(line), id=f"s{section.id}"))
            items = [i for i in section.items if i.included or not self.included_only]
            for item in items:
                line = item_line(
                    item, in_secondary=section.secondary_only, show_mark=not self.included_only
                )
                options.append(Option(fit(line), id=f"i{item.id}"))
            hint = self.hints.get(section.key, "")
            if not items and hint and not self.included_only:
                text = Text(f"      {hint}", style="dim italic")
                options.append(Option(fit(text), id=f"h{section.id}", disabled=True))
        self.set_options(options)
        if previous is not None and self.select_id(previous):
            return
        if options:
            self.highlighted = 0

    def select_id(self, option_id: str) -> bool:
        try:
            self.highlighted = self.get_option_index(option_id)
        except Exception:  # gone since (removed, or now hidden)
            return False
        return True

    def select(self, kind: str, record_id: int) -> bool:
        return self.select_id(f"{'s' if kind == SECTION else 'i'}{record_id}")

    @property
    def current(self) -> tuple[AgendaSection, AgendaItem | None] | None:
        """The highlighted section, and the item if an item is highlighted."""
        option = self.highlighted_option
        if option is None or option.id is None:
            return None
        record = int(option.id[1:])
        for section in self.sections:
            if option.id[0] == "s" and section.id == record:
                return section, None
            for item in section.items:
                if option.id[0] == "i" and item.id == record:
                    return section, item
        return None

    def stops(self) -> list[str]:
        """Option ids that can be highlighted, in order (sections and items)."""
        return [o.id for o in self.options if o.id and not o.disabled]
