"""Portfolio-wide full-text search: clients, contacts and note text in one list.

The indexes are the FTS5 tables of migration 0002, which triggers keep in step with the
real tables, so a record can be found as soon as its transaction commits. Queries run on
the plain sqlite3 reader (:meth:`Store.read`); this module imports neither SQLAlchemy,
SQLModel nor pydantic, so the search box never waits for the ORM to load.

What the user types is never passed to FTS5 as syntax: :func:`to_fts_query` keeps only
the words (runs of letters and digits, in any script), quotes each one, and lets the last
one match as a prefix, so results appear while a word is still being typed. Every word
must match, in any of the indexed fields of a record.

Ranking. bm25 scores come from four separate indexes, each with its own word statistics,
so scores of different kinds are not on one scale and are never compared directly.
Results are merged by a fixed order of groups instead:

1. clients whose name contains every word;
2. contacts whose name contains every word;
3. other client matches (industry, client notes);
4. other contact matches (job title, email, notes);
5. notes.

Within groups 1-4 the order is bm25 (a match in the name weighs most), then name A-Z.
Within notes, scores are put in ten bands relative to the best note (a note scoring 95%
of the best is "equal" to it, one scoring 85% is in the next band); notes in the same band
come newest first. Archived clients are included and flagged.

A query that matches more than RANK_POOL (2,000) records of one kind ranks only the 2,000
added most recently: scoring every one of 150,000 notes that contain "the" would blow the
100 ms budget, and for a word that common the newest records are the useful ones anyway.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from relwork.enums import InteractionKind
from relwork.services.timestamps import stored_datetime

if TYPE_CHECKING:
    import sqlite3

    from relwork.db import Store

# Sentinels around matched terms in snippets: control characters that user text cannot
# contain (relwork.text.clean strips them on the way in), unlike brackets or asterisks.
MARK_START = "\x01"
MARK_END = "\x02"
ELLIPSIS = "…"
SNIPPET_TOKENS = 12  # about one 80-column line
NOTE_BANDS = 10  # notes scoring within a tenth of each other (relative to the best) are equal
NOTE_POOL = 4  # notes fetched per result wanted, so "newest first" has candidates to reorder
RANK_POOL = 2000  # at most this many matches per index are ranked: the newest ones

# bm25 column weights, in the column order of each index (see migration 0002)
ORGANIZATION_WEIGHTS = "bm25(10.0, 3.0, 1.0)"  # name, industry, notes
ACCOUNT_WEIGHTS = "bm25(1.0, 1.0)"  # notes, customer_assets_note
CONTACT_WEIGHTS = "bm25(10.0, 3.0, 3.0, 1.0)"  # name, title, email, notes
NOTE_WEIGHTS = "bm25(1.0)"  # summary

# Group order of the merged list (lower first); see the module docstring.
CLIENT_NAME, CONTACT_NAME, CLIENT_OTHER, CONTACT_OTHER, NOTE = range(5)


@dataclass(frozen=True)
class SearchHit:
    """One result. ``rank`` is the bm25 score within its own kind (lower is better);
    the order of the list returned by :func:`search` is the merged ranking."""

    kind: str  # "client" | "contact" | "note"
    client_id: int  # the account to open
    record_id: int  # organization id / contact id / interaction id
    title: str  # client name; contact name; "<client> · <kind> · YYYY-MM-DD" for notes
    snippet: str  # plain text around the match, matched terms between MARK_START/MARK_END
    rank: float
    archived: bool  # the client is archived
    client_name: str  # the client the record belongs to (the title itself for clients)


# The inner query of each statement lets FTS5 rank with ORDER BY rank ... LIMIT, so
# snippets are made only for the rows kept and the joins run on those rows alone. The
# rowid floor limits ranking to the RANK_POOL newest matching rows: bm25 has to score
# every row it ranks, and a word found in most of 200,000 notes would otherwise take
# about 300 ms to rank (about 15 ms this way).


def _hits(index: str, snippet_column: int) -> str:
    """The ranked matches of one full-text index, as a ``hits`` CTE (see above)."""
    return f"""WITH hits AS (
    SELECT rowid AS id, rank AS score,
           snippet({index}, {snippet_column}, :mark_start, :mark_end, :ellipsis, :tokens)
           AS snippet
    FROM {index}
    WHERE {index} MATCH :query AND rank MATCH :weights AND rowid >= coalesce(
        (SELECT rowid FROM {index} WHERE {index} MATCH :query
         ORDER BY rowid DESC LIMIT 1 OFFSET :pool - 1), 0)
    ORDER BY rank LIMIT :limit
)"""


ORGANIZATION_SQL = (
    _hits("organization_fts", -1)
    + """
SELECT hits.id, hits.score, hits.snippet, a.id AS client_id, o.name, a.archived_at
FROM hits
JOIN organization o ON o.id = hits.id
JOIN account a ON a.organization_id = o.id
"""
)

ACCOUNT_SQL = (
    _hits("account_fts", -1)
    + """
SELECT o.id, hits.score, hits.snippet, a.id AS client_id, o.name, a.archived_at
FROM hits
JOIN account a ON a.id = hits.id
JOIN organization o ON o.id = a.organization_id
"""
)

CONTACT_SQL = (
    _hits("contact_fts", -1)
    + """
SELECT hits.id, hits.score, hits.snippet, c.name AS contact_name,
       a.id AS client_id, o.name, a.archived_at
FROM hits
JOIN contact c ON c.id = hits.id
JOIN organization o ON o.id = c.organization_id
JOIN account a ON a.id = (SELECT MIN(id) FROM account WHERE organization_id = o.id)
"""
)

NOTE_SQL = (
    _hits("interaction_fts", 0)
    + """
SELECT hits.id, hits.score, hits.snippet, i.kind, i.occurred_at,
       a.id AS client_id, o.name, a.archived_at
FROM hits
JOIN interaction i ON i.id = hits.id
JOIN account a ON a.id = i.account_id
JOIN organization o ON o.id = a.organization_id
"""
)


def to_fts_query(text: str) -> str:
    """What the user typed as a safe FTS5 query; ``""`` when there is nothing to look for.

    Words are runs of letters, digits and combining marks; everything else (quotes,
    operators, brackets, '*', ':', '-') only separates words. Each word is quoted, so
    ``AND``, ``NEAR`` or ``OR`` are looked for as words, and the last word matches as a
    prefix. Words are joined with FTS5's implicit AND.
    """
    words = _words(unicodedata.normalize("NFC", text))
    if not words:
        return ""
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _words(text: str) -> list[str]:
    words: list[str] = []
    current: list[str] = []
    for char in [*text, " "]:
        category = unicodedata.category(char)
        if category[0] in "LNM" or category == "Co":
            current.append(char)
            continue
        # a run of combining marks alone has nothing to look for
        if any(unicodedata.category(c)[0] in "LN" for c in current):
            words.append("".join(current))
        current = []
    return words


def search(store: Store, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Clients, contacts and notes matching every word of ``query``, best first."""
    fts = to_fts_query(query)
    if not fts or limit <= 0:
        return []
    name_only = f"name : ({fts})"
    ranked: dict[tuple[str, int], tuple[tuple[Any, ...], SearchHit]] = {}

    def keep(group: int, hit: SearchHit, *extra: Any) -> None:
        key = (hit.kind, hit.client_id if hit.kind == "client" else hit.record_id)
        order = (group, *extra)
        if key not in ranked or order < ranked[key][0]:
            ranked[key] = (order, hit)

    for group, match in ((CLIENT_NAME, name_only), (CLIENT_OTHER, fts)):
        for row in _run(store, ORGANIZATION_SQL, match, ORGANIZATION_WEIGHTS, limit):
            hit = _client_hit(row)
            keep(group, hit, hit.rank, hit.title.casefold(), hit.client_id)
    for row in _run(store, ACCOUNT_SQL, fts, ACCOUNT_WEIGHTS, limit):
        hit = _client_hit(row)
        keep(CLIENT_OTHER, hit, hit.rank, hit.title.casefold(), hit.client_id)
    for group, match in ((CONTACT_NAME, name_only), (CONTACT_OTHER, fts)):
        for row in _run(store, CONTACT_SQL, match, CONTACT_WEIGHTS, limit):
            hit = _contact_hit(row)
            keep(group, hit, hit.rank, hit.title.casefold(), hit.record_id)

    notes = [
        (_note_hit(row), stored_datetime(row["occurred_at"]))
        for row in _run(store, NOTE_SQL, fts, NOTE_WEIGHTS, limit * NOTE_POOL)
    ]
    best = min((hit.rank for hit, _ in notes), default=0.0)
    for hit, when in notes:
        newest_first = -when.timestamp() if when else 0.0
        keep(NOTE, hit, _band(hit.rank, best), newest_first, hit.rank, hit.record_id)

    return [hit for _, hit in sorted(ranked.values(), key=lambda pair: pair[0])][:limit]


def _run(store: Store, sql: str, match: str, weights: str, limit: int) -> list[sqlite3.Row]:
    return store.read(
        sql,
        {
            "query": match,
            "weights": weights,
            "limit": limit,
            "mark_start": MARK_START,
            "mark_end": MARK_END,
            "ellipsis": ELLIPSIS,
            "tokens": SNIPPET_TOKENS,
            "pool": RANK_POOL,
        },
    )


def _band(score: float, best: float) -> int:
    """0 for notes scoring within a tenth of the best note, 1 for the next tenth, ...

    bm25 scores are negative (lower is better), so ``score / best`` is the fraction of the
    best score reached, from 1.0 down towards 0.
    """
    if best >= 0:
        return 0
    reached = min(1.0, score / best)
    return min(NOTE_BANDS - 1, int((1.0 - reached) * NOTE_BANDS))


def _hit(row: sqlite3.Row, kind: str, title: str) -> SearchHit:
    """The fields every kind of hit reads the same way from its row."""
    return SearchHit(
        kind=kind,
        client_id=row["client_id"],
        record_id=row["id"],
        title=title,
        snippet=_one_line(row["snippet"]),
        rank=row["score"],
        archived=row["archived_at"] is not None,
        client_name=row["name"],
    )


def _client_hit(row: sqlite3.Row) -> SearchHit:
    return _hit(row, "client", row["name"])


def _contact_hit(row: sqlite3.Row) -> SearchHit:
    return _hit(row, "contact", row["contact_name"])


def _note_hit(row: sqlite3.Row) -> SearchHit:
    when = stored_datetime(row["occurred_at"])
    day = when.astimezone().date().isoformat() if when else ""
    parts = (row["name"], _kind_label(row["kind"]), day)
    return _hit(row, "note", " · ".join(part for part in parts if part))


def _kind_label(value: str) -> str:
    try:
        return InteractionKind(value).label
    except ValueError:
        return value.replace("_", " ").capitalize()


def _one_line(text: str | None) -> str:
    """Snippets are shown on one line: line breaks and runs of spaces become one space."""
    return re.sub(r"\s+", " ", text or "").strip()
