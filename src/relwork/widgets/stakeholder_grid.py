"""The stakeholder map drawn in the terminal: influence (up) by interest (right), 1-5 on
each axis, split into four quadrants at 4 ("high"). Each quadrant's strategy is written
on its top edge; influence scores run down the left, interest scores along the bottom.

Every stakeholder is a short tag in its cell: an attitude mark (readable without
colour: ``++`` champion, ``+`` supporter, ``·`` neutral, ``−`` sceptic, ``×`` blocker),
the name shortened to fit, and ``!`` when an influential person is out of touch. A cell
with more tags than room shows as many as fit and "+n" for the rest, always including
the selected one.

Keys: ←/→ step through the stakeholders in reading order (top row first, each row left
to right, then those not yet scored); ↑/↓ jump to the nearest stakeholder (by interest)
in the next occupied row above or below. Shift+arrows ask the screen to move the selected
stakeholder one step (↑/↓ influence, ←/→ interest) with a :class:`StakeholderGrid.MoveRequested`
message; the screen saves and calls :meth:`StakeholderGrid.show` again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from relwork.enums import Attitude
from relwork.services.rules import HIGH_SCORE, Quadrant
from relwork.services.stakeholders import (
    ATTITUDE_MARKS,
    MapEntry,
    Placement,
    category_is_internal,
    place,
)

MARGIN = 3  # the influence numbers left of the grid: " 5 "
MIN_CELL = 5
MAX_ROW_LINES = 5  # taller rows only add blank space
MIN_LABEL = 4  # names are not cut shorter than this; the rest of a full cell is "+n"
SCORES = range(1, 6)

# Which columns and rows are "high" is fixed by the threshold: 4 and 5.
LOW_COLUMNS = HIGH_SCORE - 1  # interest 1..3 left of the quadrant boundary


@dataclass(frozen=True)
class GridStyles:
    """Rich styles for the parts of the map (theme colours; marks carry the meaning)."""

    champion: str = "bold green"
    supporter: str = "green"
    neutral: str = ""
    sceptic: str = "yellow"
    blocker: str = "bold red"
    alert: str = "bold red"
    frame: str = "blue"
    label: str = "bold"
    faint: str = "dim"
    selected: str = "reverse bold"

    def attitude(self, attitude: Attitude) -> str:
        return {
            Attitude.CHAMPION: self.champion,
            Attitude.SUPPORTER: self.supporter,
            Attitude.NEUTRAL: self.neutral,
            Attitude.SCEPTIC: self.sceptic,
            Attitude.BLOCKER: self.blocker,
        }[attitude]


# --- selection ----------------------------------------------------------------------


def step(placement: Placement[MapEntry], current: int | None, direction: str) -> int | None:
    """The stakeholder selected after pressing an arrow (see the module docstring)."""
    order = placement.reading_order()
    if not order:
        return None
    ids = [e.id for e in order]
    if current not in ids:
        return ids[0]
    index = ids.index(current)
    if direction == "left":
        return ids[max(0, index - 1)]
    if direction == "right":
        return ids[min(len(ids) - 1, index + 1)]
    entry = order[index]
    placed = entry.influence is not None and entry.interest is not None
    here = _clamped(entry.influence) if placed else 0
    target_interest = _clamped(entry.interest) if placed else 3
    if direction == "up":
        rows = range(here + 1, 6)
    elif direction == "down":
        rows = range(here - 1, 0, -1) if placed else range(0)
    else:
        raise ValueError(f"Unknown direction '{direction}'.")
    for influence in rows:
        row = [
            (abs(interest - target_interest), interest, position, item.id)
            for interest in SCORES
            for position, item in enumerate(placement.at(influence, interest))
        ]
        if row:
            return min(row)[3]  # nearest column; on a tie the left one, first in its cell
    if direction == "down" and placed and placement.unplaced:
        return placement.unplaced[0].id
    return current


def _clamped(score: int | None) -> int:
    return max(1, min(5, score or 3))


# --- drawing ------------------------------------------------------------------------


def short_label(name: str, width: int, *, person: bool = False) -> str:
    """``name`` in at most ``width`` characters: whole, then (for a person) "First L" or
    the first name, then cut with an ellipsis."""
    if len(name) <= width:
        return name
    words = name.split()
    if person and len(words) >= 2:
        for shorter in (f"{words[0]} {words[-1][0]}", words[0]):
            if len(shorter) <= width:
                return shorter
    if width <= 1:
        return name[:width]
    return name[: width - 1].rstrip() + "…"


def _tag(entry: MapEntry, label_width: int, flagged: bool) -> str:
    label = short_label(entry.name, label_width, person=entry.is_person)
    return entry.mark + label + ("!" if flagged else "")


def _flow(tags: Sequence[str], width: int, lines: int) -> list[list[int]] | None:
    """Indexes of ``tags`` per line, left to right, one space apart; None if they do
    not fit in ``lines`` lines of ``width``."""
    result: list[list[int]] = [[]]
    used = 0
    for i, tag in enumerate(tags):
        need = len(tag) if not result[-1] else used + 1 + len(tag)
        if need <= width:
            result[-1].append(i)
            used = need
            continue
        if len(result) == lines or len(tag) > width:
            return None
        result.append([i])
        used = len(tag)
    return result


def draw_cell(
    entries: Sequence[MapEntry],
    *,
    width: int,
    lines: int,
    selected: int | None,
    flagged: Mapping[int, str],
    styles: GridStyles,
) -> list[Text]:
    """One grid cell as ``lines`` Texts of exactly ``width`` cells each."""
    if len(entries) == 1 and lines > 1:
        wrapped = _wrapped_alone(entries[0], width, lines, selected, flagged, styles)
        if wrapped is not None:
            return wrapped
    chosen: list[MapEntry] = list(entries)
    tags: list[str] = []
    overflow = 0

    def room(entry: MapEntry) -> int:  # the most a label can take in this cell
        return width - len(entry.mark) - (1 if entry.id in flagged else 0)

    def tag(entry: MapEntry, label_width: int) -> str:
        return _tag(entry, min(label_width, room(entry)), entry.id in flagged)

    longest = max((min(len(e.name), room(e)) for e in entries), default=0)
    for label_width in range(max(longest, MIN_LABEL), MIN_LABEL - 1, -1):
        tags = [tag(e, label_width) for e in entries]
        if _flow(tags, width, lines) is not None:
            # all fit at this width; then give each tag its whole name where room allows
            for i, entry in enumerate(entries):
                longer = [*tags[:i], tag(entry, room(entry)), *tags[i + 1 :]]
                if longer[i] != tags[i] and _flow(longer, width, lines) is not None:
                    tags = longer
            break
    else:
        # Not all fit: the longest run that does, holding the selected one, then "+n".
        every = [tag(e, MIN_LABEL) for e in entries]
        ids = [e.id for e in entries]
        at = ids.index(selected) if selected in ids else 0
        count, first = 0, 0
        for size in range(len(entries) - 1, 0, -1):
            first = max(0, at - size + 1)
            if _flow([*every[first : first + size], f"+{len(entries) - size}"], width, lines):
                count = size
                break
        chosen = list(entries[first : first + count])
        tags = every[first : first + count]
        overflow = len(entries) - count
    layout = _flow([*tags, *([f"+{overflow}"] if overflow else [])], width, lines) or [[]]
    result = []
    for line in range(lines):
        text = Text()
        for n, i in enumerate(layout[line] if line < len(layout) else []):
            if n:
                text.append(" ")
            if i >= len(chosen):
                text.append(f"+{overflow}", style=styles.faint)
                continue
            entry = chosen[i]
            piece = Text(tags[i], style=styles.attitude(entry.attitude))
            if entry.id in flagged:
                piece.stylize(styles.alert, len(tags[i]) - 1)
            if entry.id == selected:
                piece.stylize(styles.selected)
            text.append_text(piece)
        text.pad_right(width - text.cell_len)
        result.append(text)
    return result


def _wrapped_alone(
    entry: MapEntry,
    width: int,
    lines: int,
    selected: int | None,
    flagged: Mapping[int, str],
    styles: GridStyles,
) -> list[Text] | None:
    """A lone stakeholder whose name is too long for one line, wrapped over the cell's
    lines at spaces (None when it fits on one line or has no space to wrap at)."""
    full = _tag(entry, len(entry.name), entry.id in flagged)
    if len(full) <= width or " " not in entry.name:
        return None
    rows: list[str] = [""]
    for word in full.split(" "):
        candidate = f"{rows[-1]} {word}" if rows[-1] else word
        if len(candidate) <= width:
            rows[-1] = candidate
        elif len(rows) < lines:
            rows.append(word[:width])
        else:
            rows[-1] = short_label(candidate, width)
            break
    style = styles.attitude(entry.attitude)
    result = []
    for n in range(lines):
        row = Text(rows[n] if n < len(rows) else "", style=style)
        if entry.id in flagged and n == len(rows) - 1 and row.plain.endswith("!"):
            row.stylize(styles.alert, len(row) - 1)
        if entry.id == selected and n < len(rows):
            row.stylize(styles.selected)
        row.pad_right(width - row.cell_len)
        result.append(row)
    return result


def legend(width: int, styles: GridStyles) -> list[Text]:
    """What the axes and marks mean: one line when there is room, else two."""
    axes = Text.assemble(
        ("↑ influence  → interest", styles.label), ("  (4–5 = high)", styles.faint)
    )
    marks = Text("  ").join(
        Text.assemble((mark, styles.attitude(attitude)), " ", attitude.label.lower())
        for attitude, mark in ATTITUDE_MARKS.items()
    )
    touch = Text.assemble(("!", styles.alert), " out of touch")
    one = Text.assemble(axes, "   ", marks, "  ", touch)
    if one.cell_len <= width:
        return [one]
    return [Text.assemble(axes, "   ", touch), marks]


def detail(
    entry: MapEntry | None, width: int, flagged: Mapping[int, str], styles: GridStyles
) -> list[Text]:
    """One line about the selected stakeholder (two on a narrow screen): name, category,
    attitude, scores, cadence (flagged when out of touch) and owner. The quadrant is
    left out: the grid shows it."""
    if entry is None:
        return [Text("No stakeholders on this map yet.", style=styles.faint)]
    side = "internal" if category_is_internal(entry.category) else "external"
    if entry.quadrant is None:
        scores = "not scored yet"
    else:
        scores = f"influence {entry.influence}, interest {entry.interest}"
    if entry.id in flagged:
        cadence = Text(f"! {flagged[entry.id]}", style=styles.alert)
    elif entry.cadence_days:
        cadence = Text(f"every {entry.cadence_days}d")
    else:
        cadence = Text("no cadence", style=styles.faint)
    pieces = [
        Text("▸ " + entry.name, style=styles.label),
        Text(f"{entry.category.label} ({side})"),
        Text.assemble(
            (f"{entry.mark} {entry.attitude.label.lower()}", styles.attitude(entry.attitude))
        ),
        Text(scores),
        cadence,
        Text(f"owner {entry.owner}" if entry.owner else "no owner"),
    ]
    first = Text()
    rest: list[Text] = []
    for piece in pieces:
        if not rest and (not first.cell_len or first.cell_len + 3 + piece.cell_len <= width):
            first.append(" │ " if first.cell_len else "", style=styles.faint)
            first.append_text(piece)
        else:
            rest.append(piece)
    lines = [first, Text("  ") + Text(" │ ", style=styles.faint).join(rest)] if rest else [first]
    for line in lines:
        line.truncate(width, overflow="ellipsis")
    return lines


def unplaced_line(
    entries: Sequence[MapEntry],
    width: int,
    selected: int | None,
    flagged: Mapping[int, str],
    styles: GridStyles,
) -> Text:
    """The stakeholders without both scores, on one line ("+n" when they do not fit)."""
    head = Text("Not scored: ", style=styles.faint)
    for label_width in (24, 12, MIN_LABEL):
        line = head.copy()
        shown = 0
        for entry in entries:
            tag = _tag(entry, label_width, entry.id in flagged)
            rest = len(entries) - shown - 1
            room = width - line.cell_len - (1 if shown else 0) - (len(f" +{rest}") if rest else 0)
            if len(tag) > room:
                break
            if shown:
                line.append(" ")
            style = styles.attitude(entry.attitude)
            if entry.id == selected:
                style = f"{style} {styles.selected}".strip()
            line.append(tag, style=style)
            shown += 1
        if shown == len(entries) or label_width == MIN_LABEL:
            if shown < len(entries):
                line.append(f" +{len(entries) - shown}", style=styles.faint)
            return line
    return head  # pragma: no cover - the loop always returns


def _border_run(width: int, label: str, styles: GridStyles) -> Text:
    """``━ Label ━━━━`` filling ``width`` cells (the label cut if needed)."""
    room = width - 4
    if room < 3:
        return Text("━" * width, style=styles.frame)
    name = short_label(label, room)
    run = Text("━ ", style=styles.frame)
    run.append(name, style=styles.label)
    run.append(" " + "━" * (width - 3 - len(name)), style=styles.frame)
    return run


def _numbered_run(width: int, number: int, styles: GridStyles) -> Text:
    """``━━ 3 ━━`` filling ``width``: the interest score under its column."""
    label = f" {number} "
    before = (width - len(label)) // 2
    return Text.assemble(
        ("━" * before, styles.frame),
        (label, styles.label),
        ("━" * (width - before - len(label)), styles.frame),
    )


def draw_map(
    entries: Sequence[MapEntry],
    *,
    width: int,
    height: int,
    selected: int | None,
    flagged: Mapping[int, str] | None = None,
    styles: GridStyles | None = None,
    empty_text: str = "",
) -> Text:
    """The whole map (grid, legend, unplaced line, selected stakeholder) as text lines
    that never exceed ``width``; the grid's rows grow to use ``height``."""
    flagged = flagged or {}
    styles = styles or GridStyles()
    placement = place(entries)
    cell = max(MIN_CELL, (width - MARGIN - 6) // 5)
    chosen = next((e for e in entries if e.id == selected), None)
    below = legend(width, styles)
    if placement.unplaced:
        below.append(unplaced_line(placement.unplaced, width, selected, flagged, styles))
    if chosen is None and empty_text:
        below.append(Text(empty_text, style=styles.faint))
    else:
        below.extend(detail(chosen, width, flagged, styles))
    row_lines = max(1, min(MAX_ROW_LINES, (height - 3 - len(below)) // 5))
    separated = row_lines >= 4  # room for a faint rule between rows

    left = LOW_COLUMNS * cell + LOW_COLUMNS - 1
    right = (5 - LOW_COLUMNS) * cell + (5 - LOW_COLUMNS) - 1
    pad = " " * MARGIN
    out: list[Text] = []
    out.append(
        Text.assemble(
            pad,
            ("┏", styles.frame),
            _border_run(left, Quadrant.KEEP_SATISFIED.label, styles),
            ("┳", styles.frame),
            _border_run(right, Quadrant.MANAGE_CLOSELY.label, styles),
            ("┓", styles.frame),
        )
    )
    for influence in range(5, 0, -1):
        cells = [
            draw_cell(
                placement.at(influence, interest),
                width=cell,
                lines=row_lines - (1 if separated else 0),
                selected=selected,
                flagged=flagged,
                styles=styles,
            )
            for interest in SCORES
        ]
        for line in range(row_lines):
            rule = separated and line == row_lines - 1
            if rule and influence in (HIGH_SCORE, 1):
                continue  # the boundary or the bottom border follows instead
            number = f"{influence:>2} " if line == 0 else pad
            text = Text(number, style=styles.label)
            for interest in SCORES:
                boundary = interest == 1 or interest == HIGH_SCORE
                text.append(
                    "┃" if boundary else "┆", style=styles.frame if boundary else styles.faint
                )
                if rule:
                    text.append("┄" * cell, style=styles.faint)
                else:
                    text.append_text(cells[interest - 1][line])
            text.append("┃", style=styles.frame)
            out.append(text)
        if influence == HIGH_SCORE:
            out.append(
                Text.assemble(
                    pad,
                    ("┣", styles.frame),
                    _border_run(left, Quadrant.MONITOR.label, styles),
                    ("╋", styles.frame),
                    _border_run(right, Quadrant.KEEP_INFORMED.label, styles),
                    ("┫", styles.frame),
                )
            )
    bottom = Text.assemble(pad, ("┗", styles.frame))
    for interest in SCORES:
        if interest > 1:
            bottom.append("┻" if interest == HIGH_SCORE else "┷", style=styles.frame)
        bottom.append_text(_numbered_run(cell, interest, styles))
    bottom.append("┛", style=styles.frame)
    out.append(bottom)
    spare = height - len(out) - len(below)
    out.extend(Text() for _ in range(max(0, spare)))
    out.extend(below)
    result = Text("\n").join(out)
    result.no_wrap = True
    result.overflow = "crop"
    return result


# --- the widget ---------------------------------------------------------------------


class StakeholderGrid(Widget, can_focus=True):
    """The map of one client's stakeholders; see the module docstring for the keys."""

    DEFAULT_CSS = """
    StakeholderGrid {
        height: 1fr;
        padding: 0 1;
    }
    StakeholderGrid:focus {
        background: $boost;
    }
    """

    BINDINGS = [
        Binding(
            "up", "step('up')", "Select", show=False, key_display="↑↓←→", id="stakeholder_map.up"
        ),
        Binding("down", "step('down')", "Down", show=False, id="stakeholder_map.down"),
        Binding("left", "step('left')", "Previous", show=False, id="stakeholder_map.left"),
        Binding("right", "step('right')", "Next", show=False, id="stakeholder_map.right"),
        Binding(
            "shift+up", "shift(1, 0)", "Move", key_display="⇧+arrows", id="stakeholder_map.move"
        ),
        Binding(
            "shift+down",
            "shift(-1, 0)",
            "Less influence",
            show=False,
            id="stakeholder_map.move_down",
        ),
        Binding(
            "shift+left",
            "shift(0, -1)",
            "Less interest",
            show=False,
            id="stakeholder_map.move_left",
        ),
        Binding(
            "shift+right",
            "shift(0, 1)",
            "More interest",
            show=False,
            id="stakeholder_map.move_right",
        ),
    ]

    class MoveRequested(Message):
        """The user asked to move a stakeholder by one step on an axis."""

        def __init__(self, stakeholder_id: int, d_influence: int, d_interest: int) -> None:
            super().__init__()
            self.stakeholder_id = stakeholder_id
            self.d_influence = d_influence
            self.d_interest = d_interest

    class Highlighted(Message):
        """The selection changed (None: the map is empty)."""

        def __init__(self, stakeholder_id: int | None) -> None:
            super().__init__()
            self.stakeholder_id = stakeholder_id

    def __init__(self, *, empty_text: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[MapEntry] = []
        self.flagged: dict[int, str] = {}
        self.selected_id: int | None = None
        self.empty_text = empty_text
        self._placement: Placement[MapEntry] = place([])

    def show(self, entries: Sequence[MapEntry], flagged: Mapping[int, str] | None = None) -> None:
        """Draw ``entries``; ``flagged`` maps out-of-touch stakeholders to a short reason.
        The selection stays on the same stakeholder when it is still there."""
        self.entries = list(entries)
        self.flagged = dict(flagged or {})
        self._placement = place(self.entries)
        order = self._placement.reading_order()
        if self.selected_id not in {e.id for e in order}:
            self._set_selected(order[0].id if order else None)
        self.refresh()

    def select(self, stakeholder_id: int | None) -> None:
        if stakeholder_id is None or any(e.id == stakeholder_id for e in self.entries):
            self._set_selected(stakeholder_id)
            self.refresh()

    @property
    def selected(self) -> MapEntry | None:
        return next((e for e in self.entries if e.id == self.selected_id), None)

    def _set_selected(self, stakeholder_id: int | None) -> None:
        if stakeholder_id != self.selected_id:
            self.selected_id = stakeholder_id
            self.post_message(self.Highlighted(stakeholder_id))

    def action_step(self, direction: str) -> None:
        self._set_selected(step(self._placement, self.selected_id, direction))
        self.refresh()

    def action_shift(self, d_influence: int, d_interest: int) -> None:
        if self.selected_id is not None:
            self.post_message(self.MoveRequested(self.selected_id, d_influence, d_interest))

    def styles_for_theme(self) -> GridStyles:
        colours = self.app.theme_variables
        success = colours.get("success", "green")
        return GridStyles(
            champion=f"bold {success}",
            supporter=success,
            sceptic=colours.get("warning", "yellow"),
            blocker=f"bold {colours.get('error', 'red')}",
            alert=f"bold {colours.get('error', 'red')}",
            frame=colours.get("primary", "blue"),
        )

    def render(self) -> Text:
        return draw_map(
            self.entries,
            width=self.content_region.width,
            height=self.content_region.height,
            selected=self.selected_id,
            flagged=self.flagged,
            styles=self.styles_for_theme(),
            empty_text=self.empty_text,
        )
