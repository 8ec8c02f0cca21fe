"""Action items, owners and due dates recognised in the text of a call note.

A note line that looks like an open checklist item becomes an action item when the
note is saved::

    - [ ] send revised SLA @Dana due:2026-12-05
    * [ ] book the QBR room due:fri
    [ ] chase the PO @"Dana Whitfield" due:+2w

The bullet (``-``, ``*`` or ``+``) is optional, leading spaces are allowed, and
ticked lines (``[x]`` / ``[X]``) are finished work, so they are left alone. The
first ``@name`` on the line is the owner and ``due:VALUE`` sets the due date; both
may sit anywhere on the line and are taken out of the action's text. Further
``@names`` stay in the text as written.

A due value that cannot be read is never dropped: the action keeps the token in its
text and carries a ``problem`` message telling the user what to fix. The note
itself is not rewritten here; callers store it exactly as typed.

Standard library only: this module is used on the fast command-line path.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["ParsedAction", "find_actions", "mentions", "parse_due"]


@dataclass(frozen=True)
class ParsedAction:
    """One open checklist line of a note, taken apart."""

    text: str  # the action without markers, owner and due tokens, whitespace collapsed
    owner: str  # "" if none (without the @ and quotes)
    due: date | None
    line_number: int  # 1-based line in the note
    problem: str = ""  # "" when everything parsed


# An open checkbox: optional indent, optional bullet, "[ ]", then a space or the line end.
_OPEN_ITEM = re.compile(r"^\s*(?:[-*+]\s+)?\[ \](?=\s|$)(?P<rest>.*)$")

# "@" starting a mention: not straight after a word character or another "@", so
# e-mail addresses such as dana@example.com are not mentions. '@"Full Name"' is quoted.
_AT = re.compile(r"""(?<![\w@])@(?:"(?P<quoted>[^"\n]*)")?""")

# Besides letters, marks and digits (any script), a bare name may hold these. A name
# does not end on them, so sentence punctuation ("ask @Dana.") stays out of it.
_NAME_PUNCTUATION = "_.-'’"
_NAME_TRAILING = ".-'’"

# "due:VALUE" as a whitespace-separated token; the key is case-insensitive.
_DUE = re.compile(r"(?<!\S)due:(?P<value>\S*)", re.IGNORECASE)

# Sentence punctuation that may trail a due value ("due:fri," or "due:2026-12-05.").
_TRAILING_PUNCTUATION = ".,;:!?)"

# Punctuation that closes up onto the word before it when a token between is cut.
_CLOSING_PUNCTUATION = (".", ",", ";", ":", "!", "?", ")")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RELATIVE = re.compile(r"^\+(?P<count>\d+)(?P<unit>[dwm])$")

_WEEKDAYS = {
    name: index
    for index, full in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
    for name in (full, full[:3])
}

_FORMS = "use YYYY-MM-DD, a weekday, today, tomorrow or +3d"


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _add_months(start: date, months: int) -> date:
    """The same day of the month ``months`` later, pulled back to the month's last day."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def parse_due(value: str, today: date) -> date:
    """Read a due value (the part after ``due:``) relative to ``today``.

    Accepted forms, case-insensitive:

    * ``YYYY-MM-DD`` — that date (dates in the past are allowed);
    * ``today``, ``tomorrow``;
    * a weekday name or its three-letter abbreviation (``friday``, ``fri``) — the next
      such day strictly after today, so ``fri`` on a Friday means a week later;
    * ``+Nd``, ``+Nw``, ``+Nm`` — N days, weeks or months ahead; months keep the day of
      the month and are clamped to the last day of a shorter month (31 Jan + 1m is
      28 or 29 Feb);
    * ``eow`` — end of the working week: the coming Friday, or today when today is a
      Friday (on a Saturday or Sunday that is the following Friday).

    Raises :class:`ValueError` with a message meant for the user.
    """
    shown = value.strip()
    word = shown.casefold()
    if not word:
        raise ValueError(f"due: needs a date: {_FORMS}")
    if _ISO_DATE.match(word):
        try:
            return date.fromisoformat(word)
        except ValueError:
            raise ValueError(
                f"'{shown}' is not a calendar date: check the month and the day (YYYY-MM-DD)"
            ) from None
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word == "eow":
        return today + timedelta(days=(4 - today.weekday()) % 7)
    if word in _WEEKDAYS:
        ahead = (_WEEKDAYS[word] - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    relative = _RELATIVE.match(word)
    if relative:
        try:
            count = int(relative["count"])
            if relative["unit"] == "d":
                return today + timedelta(days=count)
            if relative["unit"] == "w":
                return today + timedelta(weeks=count)
            return _add_months(today, count)
        except (OverflowError, ValueError):
            raise ValueError(f"'{shown}' is too far ahead: pick a nearer date") from None
    raise ValueError(f"'{shown}' is not a date: {_FORMS}")


def _is_name_character(character: str) -> bool:
    return character in _NAME_PUNCTUATION or unicodedata.category(character)[0] in "LMN"


def _find_mentions(text: str) -> list[tuple[str, int, int]]:
    """Each mention in ``text`` as (name, start, end); ``end`` is just past the token."""
    found: list[tuple[str, int, int]] = []
    due_spans = [token.span() for token in _DUE.finditer(text)]
    for match in _AT.finditer(text):
        start = match.start()
        if any(low <= start < high for low, high in due_spans):
            continue  # "due:@x" is a (bad) due value, not a mention
        if match["quoted"] is not None:
            name = " ".join(match["quoted"].split())
            end = match.end()
        else:
            end = match.end()
            while end < len(text) and _is_name_character(text[end]):
                end += 1
            name = text[match.end() : end].rstrip(_NAME_TRAILING)
            end = match.end() + len(name)
            # A name starts on a letter, digit or underscore ("@.x" and "@'x" are not names).
            if name and not (name[0] == "_" or unicodedata.category(name[0])[0] in "LN"):
                name = ""
        if name:
            found.append((name, start, end))
    return found


def mentions(text: str) -> list[str]:
    """Every ``@name`` in ``text``, in order of first appearance, without ``@`` or quotes.

    Names are compared case-insensitively for uniqueness; the first spelling wins.
    Quoted names have their inner whitespace collapsed and empty ones (``@""``) are
    ignored. Names come back in Unicode NFC form, so a decomposed "Zoë" and a
    precomposed one are the same person.
    """
    found: list[str] = []
    seen: set[str] = set()
    for name, _start, _end in _find_mentions(_nfc(text)):
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            found.append(name)
    return found


def _cut_out(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without ``spans``, whitespace collapsed.

    Where a token was cut just before punctuation ("ask @Dana, then"), the gap
    closes up ("ask, then") rather than leaving a space before the comma.
    """
    pieces: list[str] = []
    position = 0
    for start, end in sorted(spans):
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    joined = " ".join(pieces[0].split())
    for piece in pieces[1:]:
        piece = " ".join(piece.split())
        if not piece:
            continue
        if joined and not piece.startswith(_CLOSING_PUNCTUATION):
            joined += " "
        joined += piece
    return joined


def _parse_line(rest: str, line_number: int, today: date) -> ParsedAction | None:
    """Take owner and due out of the part of a checklist line after the box."""
    cut: list[tuple[int, int]] = []

    owner = ""
    found = _find_mentions(rest)
    if found:
        owner, start, end = found[0]
        cut.append((start, end))

    due: date | None = None
    problem = ""
    tokens = list(_DUE.finditer(rest))
    if len(tokens) > 1:
        shown = ", ".join(token[0] for token in tokens)
        problem = f"more than one due date ({shown}): keep one"
    elif tokens:
        token = tokens[0]
        value = token["value"].rstrip(_TRAILING_PUNCTUATION)
        try:
            due = parse_due(value, today)
        except ValueError as error:
            problem = str(error)
        else:
            # Cut the token but keep punctuation that trailed it ("due:fri, then").
            cut.append((token.start(), token.start("value") + len(value)))

    action_text = _cut_out(rest, cut)
    if not any(unicodedata.category(character)[0] in "LN" for character in action_text):
        return None  # nothing left but markers, tokens or punctuation
    return ParsedAction(
        text=action_text, owner=owner, due=due, line_number=line_number, problem=problem
    )


def find_actions(text: str, today: date) -> list[ParsedAction]:
    """The open checklist items of a note, in line order.

    Lines are numbered from 1 as :meth:`str.splitlines` splits them. A line left with
    no text once its markers, owner and due date are removed is skipped. Action text
    and owner names are returned in Unicode NFC form.
    """
    actions: list[ParsedAction] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        item = _OPEN_ITEM.match(_nfc(line))
        if item is None:
            continue
        action = _parse_line(item["rest"], line_number, today)
        if action is not None:
            actions.append(action)
    return actions
