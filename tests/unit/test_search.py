"""Portfolio search: FTS5 indexes kept in step by triggers, safe queries, merged ranking."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import relwork.db
from relwork.db import Store, migrate, open_store
from relwork.services import search as search_service
from relwork.services.clients import create_client, parse_client, set_archived, update_client
from relwork.services.contacts import create_contact, delete_contact, parse_contact, update_contact
from relwork.services.notes import add_note, parse_note
from relwork.services.search import MARK_END, MARK_START, SearchHit, search, to_fts_query

TS = "2026-11-20 09:30:00.000000"


def _client(store: Store, name: str, **values: Any) -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": name, **values})).id


def _contact(store: Store, client_id: int, name: str, **values: Any) -> int:
    with store.session() as session:
        contact = create_contact(
            session=session, client_id=client_id, data=parse_contact({"name": name, **values})
        )
    assert contact.id is not None
    return contact.id


def _note(store: Store, client_id: int, summary: str, when: str = "2026-11-18 14:30") -> int:
    values = {"kind": "call", "occurred_at": when, "summary": summary}
    with store.session() as session:
        note = add_note(session=session, client_id=client_id, data=parse_note(values))
    assert note.id is not None
    return note.id


@contextmanager
def _sqlite(store: Store) -> Iterator[sqlite3.Connection]:
    """A separate plain connection, as another program writing to the file would use."""
    conn = sqlite3.connect(store.path)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def _raw_note(store: Store, client_id: int, summary: str, when: str = TS) -> int:
    with _sqlite(store) as conn:
        cursor = conn.execute(
            "INSERT INTO interaction (account_id, occurred_at, kind, summary, author, "
            "created_at, updated_at) VALUES (?, ?, 'email', ?, '', ?, ?)",
            (client_id, when, summary, TS, TS),
        )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _found(store: Store, query: str, kind: str | None = None) -> list[tuple[str, int]]:
    return [(h.kind, h.record_id) for h in search(store, query) if kind in (None, h.kind)]


def _plain(snippet: str) -> str:
    return snippet.replace(MARK_START, "").replace(MARK_END, "")


# -- to_fts_query ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("hosp", '"hosp"*'),
        ("  Ward   staff ", '"Ward" "staff"*'),
        ('"sla', '"sla"*'),
        ("p1 -- (urgent)", '"p1" "urgent"*'),
        ("NEAR", '"NEAR"*'),
        ("a AND b OR NOT c", '"a" "AND" "b" "OR" "NOT" "c"*'),
        ("a*b", '"a" "b"*'),
        ("c++", '"c"*'),
        ("O'Brien", '"O" "Brien"*'),
        ("#123", '"123"*'),
        ("name:zoe", '"name" "zoe"*'),
        ("{name}: x^y", '"name" "x" "y"*'),
        ("under_score", '"under" "score"*'),
        ("Zoë Ärzte", '"Zoë" "Ärzte"*'),
        ("Zoe\u0308", '"Zoë"*'),  # decomposed input is composed first
        ("Москва", '"Москва"*'),
        ("", ""),
        ("   ", ""),
        ('"*-:()^{}+', ""),
        ("\u0308", ""),  # a lone combining mark is not a word
    ],
)
def test_typed_text_becomes_quoted_words_with_a_prefix_last(typed: str, query: str) -> None:
    assert to_fts_query(typed) == query


@pytest.mark.parametrize(
    "typed",
    ['"sla', "p1 -- (urgent)", "NEAR", "NEAR(", "a*b", "c++", "O'Brien", "#123", 'x"y"z', "AND",
     "OR OR", "-", "*", "^foo", "col:val", "(", ")", "'", '"""', "\\", "%_", "NOT sla"],
)  # fmt: skip
def test_punctuation_and_fts_syntax_never_raise(demo_store: Store, typed: str) -> None:
    hits = search(demo_store, typed)
    assert all(isinstance(hit, SearchHit) for hit in hits)


@pytest.mark.parametrize("typed", ["", "   ", "--", '""', "(*)", "!?"])
def test_nothing_to_look_for_finds_nothing(demo_store: Store, typed: str) -> None:
    assert search(demo_store, typed) == []


# -- kept in step with the tables -------------------------------------------------------


def test_a_note_saved_through_the_orm_is_found_at_once(store: Store) -> None:
    client_id = _client(store, "Acme")
    assert search(store, "escalation") == []  # the reader is open before the write
    note_id = _note(store, client_id, "Escalation call about the overnight outage.")
    (hit,) = search(store, "escalation")
    assert (hit.kind, hit.record_id, hit.client_id) == ("note", note_id, client_id)


def test_a_row_inserted_with_plain_sqlite_is_found(store: Store) -> None:
    client_id = _client(store, "Acme")
    assert search(store, "tapeworm") == []
    note_id = _raw_note(store, client_id, "Tapeworm in the backup rotation script.")
    assert _found(store, "tapeworm") == [("note", note_id)]


def test_note_updates_and_deletes_are_reflected(store: Store) -> None:
    client_id = _client(store, "Acme")
    note_id = _raw_note(store, client_id, "Firewall change approved.")
    with _sqlite(store) as conn:
        conn.execute(
            "UPDATE interaction SET summary = 'Router swap approved.' WHERE id = ?", (note_id,)
        )
    assert search(store, "firewall") == []
    assert _found(store, "router") == [("note", note_id)]
    with _sqlite(store) as conn:
        conn.execute("UPDATE interaction SET kind = 'meeting' WHERE id = ?", (note_id,))
    assert _found(store, "router") == [("note", note_id)]  # other columns leave it alone
    with _sqlite(store) as conn:
        conn.execute("DELETE FROM interaction WHERE id = ?", (note_id,))
    assert search(store, "router") == []


def test_client_and_contact_changes_are_reflected(store: Store) -> None:
    client_id = _client(store, "Quillfeather Ltd", industry="Publishing")
    contact_id = _contact(store, client_id, "Dana Whitlock", title="Head of IT")
    assert _found(store, "quillfeather", "client") == [("client", client_id)]
    assert _found(store, "whitlock") == [("contact", contact_id)]

    with store.session() as session:
        update_client(
            session=session, client_id=client_id, data=parse_client({"name": "Inkwell Ltd"})
        )
        update_contact(
            session=session,
            contact_id=contact_id,
            data=parse_contact({"name": "Dana Marsh", "title": "CIO"}),
        )
    assert search(store, "quillfeather") == []
    assert search(store, "whitlock") == []
    assert _found(store, "inkwell", "client") == [("client", client_id)]
    assert _found(store, "dana cio") == [("contact", contact_id)]

    with store.session() as session:
        delete_contact(session=session, contact_id=contact_id)
    assert search(store, "dana") == []


def test_client_notes_written_by_the_form_are_found(store: Store) -> None:
    """The client form keeps its notes on the account, which has an index of its own."""
    client_id = _client(store, "Acme", notes="Prefers invoices by post.")
    (hit,) = search(store, "invoices")
    assert (hit.kind, hit.client_id, hit.title) == ("client", client_id, "Acme")
    assert f"{MARK_START}invoices{MARK_END}" in hit.snippet
    with store.session() as session:
        update_client(
            session=session,
            client_id=client_id,
            data=parse_client({"name": "Acme", "notes": "Pays by card."}),
        )
    assert search(store, "invoices") == []
    assert [h.client_id for h in search(store, "card")] == [client_id]


# -- what is found -------------------------------------------------------------------------


def test_diacritics_and_case_are_ignored(store: Store) -> None:
    client_id = _client(store, "Ärzte Verbund")
    contact_id = _contact(store, client_id, "Zoë Ångström")
    assert _found(store, "zoe") == [("contact", contact_id)]
    assert _found(store, "Zoë") == [("contact", contact_id)]
    assert _found(store, "ZOË ANGSTROM") == [("contact", contact_id)]
    assert _found(store, "ärzte", "client") == [("client", client_id)]
    assert _found(store, "arzte", "client") == [("client", client_id)]


def test_cyrillic_and_greek_words_are_found(store: Store) -> None:
    client_id = _client(store, "Acme")
    moscow = _note(store, client_id, "Встреча в Москве: обсудили продление договора.")
    athens = _note(store, client_id, "Συνάντηση στην Αθήνα για την ανανέωση.")
    assert _found(store, "москве") == [("note", moscow)]
    assert _found(store, "МОСКВЕ договор") == [("note", moscow)]  # case, and a prefix
    assert _found(store, "αθήνα") == [("note", athens)]
    assert _found(store, "ΑΘΉΝΑ") == [("note", athens)]


def test_the_last_word_matches_as_a_prefix(store: Store) -> None:
    client_id = _client(store, "Acme")
    note_id = _note(store, client_id, "Visited the hospital ward.")
    for typed in ("h", "ho", "hosp", "hospital", "visited hosp", "hospital visit"):
        assert _found(store, typed, "note") == [("note", note_id)], typed
    assert search(store, "hosp visited") == []  # only the last word is a prefix
    assert search(store, "hospital ward visited x") == []  # every word must match
    assert search(store, "hospitals") == []


def test_clients_contacts_and_notes_carry_the_client_to_open(store: Store) -> None:
    first = _client(store, "Tarnbrook Water")
    second = _client(store, "Acme")
    contact_id = _contact(store, second, "Ivo Tarnbrook")
    note_id = _note(store, second, "Talked to Tarnbrook about the merger.", "2026-11-03 09:00")
    org_id = store.read("SELECT organization_id FROM account WHERE id = ?", [first])[0][0]
    hits = {h.kind: h for h in search(store, "tarnbrook")}
    assert set(hits) == {"client", "contact", "note"}
    assert (hits["client"].client_id, hits["client"].record_id) == (first, org_id)
    assert hits["client"].title == "Tarnbrook Water"
    assert (hits["contact"].client_id, hits["contact"].record_id) == (second, contact_id)
    assert (hits["contact"].title, hits["contact"].client_name) == ("Ivo Tarnbrook", "Acme")
    assert (hits["note"].client_id, hits["note"].record_id) == (second, note_id)
    assert hits["note"].title == "Acme · Call · 2026-11-03"


def test_matched_terms_are_marked_in_a_one_line_snippet(store: Store) -> None:
    client_id = _client(store, "Acme")
    _note(store, client_id, "First line.\n\nThe [bold]P1[/] outage\twas  resolved.")
    (hit,) = search(store, "outage p1")
    assert f"{MARK_START}P1{MARK_END}" in hit.snippet
    assert f"{MARK_START}outage{MARK_END}" in hit.snippet
    assert _plain(hit.snippet) == "First line. The [bold]P1[/] outage was resolved."


def test_archived_clients_are_found_and_flagged(store: Store) -> None:
    kept = _client(store, "Larchfield Active")
    gone = _client(store, "Larchfield Archived")
    _contact(store, gone, "Pat Larchfield")
    _note(store, gone, "Larchfield exit meeting.")
    with store.session() as session:
        set_archived(session=session, client_id=gone, archived=True)
    flags = {(h.kind, h.title): h.archived for h in search(store, "larchfield")}
    assert flags == {
        ("client", "Larchfield Active"): False,
        ("client", "Larchfield Archived"): True,
        ("contact", "Pat Larchfield"): True,
        ("note", "Larchfield Archived · Call · 2026-11-18"): True,
    }
    assert kept in {h.client_id for h in search(store, "larchfield")}


# -- ranking -------------------------------------------------------------------------------


def test_name_matches_come_before_notes_that_mention_the_word(store: Store) -> None:
    other = _client(store, "Acme")
    for day in range(1, 6):
        _note(store, other, "Kestrel Kestrel Kestrel.", f"2026-11-{day:02d} 10:00")
    kestrel = _client(store, "Kestrel Mining Group", industry="Mining")
    contact_id = _contact(store, other, "Sam Kestrel")
    hits = search(store, "kestrel")
    assert [(h.kind, h.client_id) for h in hits[:2]] == [("client", kestrel), ("contact", other)]
    assert hits[1].record_id == contact_id
    assert [h.kind for h in hits[2:]] == ["note"] * 5


def test_client_matches_in_other_fields_come_after_names_and_before_notes(store: Store) -> None:
    named = _client(store, "Osprey Health")
    described = _client(store, "Acme", industry="Osprey tracking")
    _note(store, named, "Osprey rollout call.")
    assert [(h.kind, h.client_id) for h in search(store, "osprey")] == [
        ("client", named),
        ("client", described),
        ("note", named),
    ]


def test_a_client_found_in_two_indexes_is_listed_once(store: Store) -> None:
    client_id = _client(store, "Heron Bank", notes="Heron wants a quarterly review.")
    assert [(h.kind, h.client_id) for h in search(store, "heron")] == [("client", client_id)]


def test_equally_relevant_notes_come_newest_first(store: Store) -> None:
    client_id = _client(store, "Acme")
    old = _note(store, client_id, "Quarterly review held.", "2026-06-01 10:00")
    new = _note(store, client_id, "Quarterly review held.", "2026-11-01 10:00")
    mid = _note(store, client_id, "Quarterly review held.", "2026-09-01 10:00")
    assert _found(store, "quarterly") == [("note", new), ("note", mid), ("note", old)]


def test_clearly_more_relevant_notes_come_first_whatever_their_date(store: Store) -> None:
    client_id = _client(store, "Acme")
    strong = _note(store, client_id, "Patching. Patching plan. Patching.", "2026-01-01 10:00")
    weak = _note(
        store,
        client_id,
        "Long catch-up about the budget, the roadmap, staffing, the new office, "
        "the service desk, training, and at the very end patching.",
        "2026-11-01 10:00",
    )
    assert _found(store, "patching") == [("note", strong), ("note", weak)]


def test_the_limit_applies_to_the_merged_list(store: Store) -> None:
    client_id = _client(store, "Acme")
    for n in range(8):
        _note(store, client_id, f"Backlog grooming session {n}.", f"2026-11-{n + 1:02d} 10:00")
    assert len(search(store, "backlog", limit=5)) == 5
    assert search(store, "backlog", limit=0) == []


def test_only_the_newest_matches_are_ranked_when_there_are_very_many(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_service, "RANK_POOL", 3)
    client_id = _client(store, "Acme")
    ids = [_raw_note(store, client_id, f"Standup number {n}.") for n in range(6)]
    assert sorted(h.record_id for h in search(store, "standup")) == ids[-3:]


def test_search_on_the_demo_portfolio(demo_store: Store) -> None:
    hits = search(demo_store, "sla")
    assert hits
    assert {h.kind for h in hits} >= {"client", "note"}
    for hit in hits:
        assert MARK_START in hit.snippet and MARK_END in hit.snippet
        assert hit.snippet.count(MARK_START) == hit.snippet.count(MARK_END)


# -- schema ----------------------------------------------------------------------------------


def test_an_upgraded_database_has_its_old_rows_indexed(tmp_path: Path) -> None:
    path = tmp_path / "relwork.db"
    migrate(path, "0001")
    path.chmod(0o600)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO organization VALUES (1, 'Ölwerk Süd', 'client', 'Energy', 0, "
            "'Legacy notes on pipelines', ?, ?)",
            (TS, TS),
        )
        conn.execute(
            "INSERT INTO account (id, organization_id, rm_owner, status, current_step, "
            "current_type, service_tier, customer_assets_note, notes, created_at, updated_at) "
            "VALUES (1, 1, '', 'active', 'engage', 'basic', '', '', 'Old account remark', ?, ?)",
            (TS, TS),
        )
        conn.execute(
            "INSERT INTO contact (id, organization_id, name, title, email, phone, "
            "consumer_roles, language, timezone, is_super_user, notes, created_at, updated_at) "
            "VALUES (1, 1, 'Zoë Brandt', 'CTO', 'zoe@example.com', '', '[]', '', '', 0, '', ?, ?)",
            (TS, TS),
        )
        conn.execute(
            "INSERT INTO interaction (id, account_id, occurred_at, kind, summary, attendees, "
            "author, created_at, updated_at) "
            "VALUES (1, 1, '2026-10-01 10:00:00.000000', 'visit', 'Compressor audit', '[1]', "
            "'', ?, ?)",
            (TS, TS),
        )
    conn.close()
    store = open_store(path)
    try:
        assert _found(store, "olwerk") == [("client", 1)]
        assert _found(store, "pipelines") == [("client", 1)]
        assert _found(store, "remark") == [("client", 1)]
        assert _found(store, "zoe brandt") == [("contact", 1)]
        assert _found(store, "compressor") == [("note", 1)]
        # and new rows are indexed from then on
        assert _found(store, "turbine") == []
        _note(store, 1, "Turbine inspection.")
        assert [h.kind for h in search(store, "turbine")] == ["note"]
    finally:
        store.close()


def _schema_names(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()


def test_downgrade_removes_the_indexes_and_triggers(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    path = tmp_path / "relwork.db"
    open_store(path).close()
    assert {"interaction_fts", "interaction_fts_after_insert"} <= _schema_names(path)
    engine = relwork.db.make_engine(relwork.db.sqlite_url(path), foreign_keys=False)
    config = Config()
    config.set_main_option("script_location", str(relwork.db.MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
    finally:
        engine.dispose()
    assert not {name for name in _schema_names(path) if "_fts" in name}
