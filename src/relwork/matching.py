"""Pick a client or person from what the user typed.

Used by ``relwork note CLIENT …`` on the shell and by the quick-capture picker.
Names and queries are compared after Unicode NFC normalisation and
:meth:`str.casefold`, with surrounding whitespace trimmed and inner runs of
whitespace collapsed. Accents are not folded: "zoe" is not "Zoë".

:func:`match_name` tries three rules and stops at the first that finds anything:

1. **exact** — the whole name equals the query;
2. **prefix** — the name, or one of its words, starts with the query ("acme" and
   "host" both find "Acme Hosting"). A word starts at a letter or digit that
   follows a space, punctuation or the start of the name;
3. **fuzzy** — the query's characters (spaces ignored) appear in order in the name.

A single hit under rules 1 or 2 is chosen. Several hits are ambiguous and are all
listed. A fuzzy hit is chosen when it is the only one, or when its score is at least
:data:`FUZZY_MARGIN` times the runner-up's.

Scores put the rules in separate bands so that :func:`rank_names` orders a mixed list
sensibly: exact 3.0; prefix of the whole name 2.5–3.0; word prefix 2.0–2.5 (within a
band, the bigger the share of the name the query covers, the higher); fuzzy above
0 and at most 1.0. Ties go to the shorter name, then to the earlier item.

Standard library only: this module is used on the fast command-line path.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = [
    "FUZZY_MARGIN",
    "FUZZY_MIN_SCORE",
    "Candidate",
    "MatchResult",
    "match_name",
    "rank_names",
]

T = TypeVar("T")

# A fuzzy best match is chosen only if it scores at least this many times the second.
FUZZY_MARGIN = 2.0
# ... and only if its letters mostly sit at word starts or in runs: "tidwel" names
# "Tidewell Freight" (0.89), but "acme" merely scattered through "Fenmarsh Community
# Health Trust" (0.5) is only suggested.
FUZZY_MIN_SCORE = 0.6

_EXACT = 3.0
_WHOLE_PREFIX = 2.5
_WORD_PREFIX = 2.0

# Fuzzy points per matched character: one for the match, plus bonuses.
_POINT = 1.0
_WORD_START_BONUS = 2.0
_RUN_BONUS = 2.0
# A letter directly after another letter starts no word, so the best a character after
# the first can usually earn is one bonus, not both.
_BEST_POINTS = _POINT + max(_WORD_START_BONUS, _RUN_BONUS)


@dataclass(frozen=True)
class Candidate(Generic[T]):
    """A name that fits the query, the item it stands for, and how well it fits."""

    name: str
    item: T
    score: float


@dataclass(frozen=True)
class MatchResult(Generic[T]):
    """What a query picked: one unambiguous ``chosen`` candidate, or a list to choose from."""

    chosen: Candidate[T] | None
    candidates: list[Candidate[T]]

    @property
    def ambiguous(self) -> bool:
        return self.chosen is None and len(self.candidates) >= 2

    @property
    def unknown(self) -> bool:
        return not self.candidates


def _fold(value: str) -> str:
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", value).casefold())
    return " ".join(folded.split())


def _word_starts(name: str) -> list[int]:
    """Indexes in ``name`` where a word begins."""
    return [
        index
        for index, character in enumerate(name)
        if character.isalnum() and (index == 0 or not name[index - 1].isalnum())
    ]


def _prefix_score(query: str, name: str) -> float | None:
    """The prefix band score, or ``None`` if neither the name nor a word starts with it."""
    coverage = len(query) / len(name)  # below 1: an equal name is an exact match
    if name.startswith(query):
        return _WHOLE_PREFIX + 0.5 * coverage
    if any(name.startswith(query, start) for start in _word_starts(name)):
        return _WORD_PREFIX + 0.5 * coverage
    return None


def _fuzzy_score(query: str, name: str) -> float | None:
    """How well ``query`` (no spaces) fits ``name`` as a subsequence, in (0, 1]; else ``None``.

    Each matched character earns a point, more at a word start and more when it
    directly follows the previous matched character. The best placement is found by
    dynamic programming and divided by what a query of that length earns at best
    (its first character and every other one at a word start or in a run).
    """
    if not query:
        return None
    starts = set(_word_starts(name))
    width = len(name)
    points = [_POINT + (_WORD_START_BONUS if j in starts else 0.0) for j in range(width)]
    missing = float("-inf")
    # best[j]: best total with the current query character placed at name[j]
    best = [points[j] if name[j] == query[0] else missing for j in range(width)]
    for character in query[1:]:
        following = [missing] * width
        earlier = missing  # best of the previous row strictly before j - 1
        for j in range(1, width):
            if j >= 2:
                earlier = max(earlier, best[j - 2])
            if name[j] != character:
                continue
            run = best[j - 1] + _RUN_BONUS
            total = max(run, earlier)
            if total != missing:
                following[j] = total + points[j]
        best = following
    top = max(best, default=missing)
    if top == missing:
        return None
    most = _POINT + _WORD_START_BONUS + (len(query) - 1) * _BEST_POINTS
    # Punctuation in the query can, rarely, earn both bonuses at once: stay within 1.
    return min(top / most, 1.0)


def _ranked(query: str, items: Iterable[tuple[str, T]]) -> list[tuple[int, Candidate[T]]]:
    """Every item that fits ``query`` with its rule (0 exact, 1 prefix, 2 fuzzy), best first."""
    folded_query = _fold(query)
    compact_query = folded_query.replace(" ", "")
    scored: list[tuple[int, float, int, int, Candidate[T]]] = []
    for order, (name, item) in enumerate(items):
        folded = _fold(name)
        if not folded or not folded_query:
            continue
        if folded == folded_query:
            rule, score = 0, _EXACT
        else:
            prefix = _prefix_score(folded_query, folded)
            if prefix is not None:
                rule, score = 1, prefix
            else:
                fuzzy = _fuzzy_score(compact_query, folded)
                if fuzzy is None:
                    continue
                rule, score = 2, fuzzy
        scored.append((rule, -score, len(folded), order, Candidate(name, item, score)))
    scored.sort(key=lambda row: row[:4])
    return [(row[0], row[4]) for row in scored]


def _check_limit(limit: int) -> None:
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")


def rank_names(
    query: str, items: Iterable[tuple[str, T]], *, limit: int = 10
) -> list[Candidate[T]]:
    """Names fitting ``query``, best first, at most ``limit`` — for live pickers.

    Unlike :func:`match_name` this mixes the rules: exact matches, then prefix matches,
    then fuzzy ones. A blank query keeps the items in the given order with score 0.
    """
    _check_limit(limit)
    if not _fold(query):
        return [Candidate(name, item, 0.0) for name, item in list(items)[:limit]]
    return [candidate for _rule, candidate in _ranked(query, items)[:limit]]


def match_name(query: str, items: Iterable[tuple[str, T]], *, limit: int = 10) -> MatchResult[T]:
    """The item ``query`` names, if it names exactly one; otherwise what it might mean.

    ``candidates`` holds the hits of the first rule that found any (exact, prefix or
    fuzzy), best first, at most ``limit``; the choice is made before the list is cut.
    Two items with the same name make an exact query ambiguous. A blank query
    matches nothing.
    """
    _check_limit(limit)
    ranked = _ranked(query, items)
    if not ranked:
        return MatchResult(chosen=None, candidates=[])
    first_rule = ranked[0][0]
    hits = [candidate for rule, candidate in ranked if rule == first_rule]
    chosen: Candidate[T] | None = None
    if len(hits) == 1 or (first_rule == 2 and hits[0].score >= FUZZY_MARGIN * hits[1].score):
        chosen = hits[0]
    if first_rule == 2 and chosen is not None and chosen.score < FUZZY_MIN_SCORE:
        chosen = None  # letters scattered across the name: suggest it, never assume it
    return MatchResult(chosen=chosen, candidates=hits[:limit])
