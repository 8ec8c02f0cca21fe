"""Build (or reuse) the large benchmark portfolio: bench/out/portfolio.db.

    uv run --group bench python bench/generate.py            # build if missing or stale
    uv run --group bench python bench/generate.py --force    # build again

Sizes: 500 clients, 20,000 contacts, 200,000 notes, 50,000 actions, plus attendees,
journey-step changes and stakeholders. One client ("Hollis & Brandt Logistics") has
exactly 2,000 notes. Everything comes from a fixed seed and is dated relative to a fixed
day (ANCHOR, 2026-11-22), so every build is identical and the benchmark passes that day
to relwork (RELWORK_TODAY) to see the same "today" each run.

How the file is made: ``relwork.db.open_store`` creates an empty database with the real
migrations (schema, FTS5 tables and their triggers); then plain ``sqlite3`` inserts all
rows with ``executemany``, one transaction per table. Nothing is dropped or disabled:
the triggers fill the full-text indexes row by row, exactly as in use. During the load
the rollback journal is switched off and ``synchronous`` is OFF (the file is built under
a temporary name and thrown away on any error); at the end the file is put back into WAL
mode, the indexes are checked, and it is renamed into place. No ANALYZE is run, since
relwork itself never runs one: the query planner sees what it sees on a user's database.

The file is rebuilt only when it is missing or when its recorded key differs: the key
covers GENERATOR_VERSION, the seed, the sizes and a hash of relwork's migration files
(a schema change means a new file). bench/out/portfolio.json records the key, the
build time and the facts the benchmark needs (ids and names of the clients it uses).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import sqlite3
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import wordlists as W

GENERATOR_VERSION = 2
SEED = 20261122
ANCHOR = date(2026, 11, 22)  # the portfolio's "today"
SIZES = {"clients": 500, "contacts": 20_000, "notes": 200_000, "actions": 50_000}
BIG_CLIENT_NAME = "Hollis & Brandt Logistics"
BIG_CLIENT_NOTES = 2_000
BIG_CLIENT_CONTACTS = 80
OTHER_CLIENT_MAX_NOTES = 1_500  # so the big client is the only one with 2,000
NOTE_CLIENT_NAME = "Kestrel Retail Ltd"  # `relwork note` writes here (on a copy)
HISTORY_YEARS = 6
RARE_SHARE = 0.0002  # each rare sentence appears in about this share of notes

Rows = list[tuple[Any, ...]]

OUT = Path(__file__).resolve().parent / "out"
DB_PATH = OUT / "portfolio.db"
META_PATH = OUT / "portfolio.json"

STEPS = ["explore", "engage", "offer", "agree", "onboard", "co_create", "realize"]
KINDS = [
    "call",
    "meeting",
    "email",
    "message",
    "workshop",
    "review",
    "visit",
    "complaint",
    "feedback",
    "other",
]
KIND_WEIGHTS = [30, 22, 20, 8, 4, 6, 3, 2, 3, 2]
ROLES = ["customer", "user", "sponsor"]
CHANNELS = [None, "phone", "email", "meeting", "face_to_face", "chat", "portal"]
CATEGORIES = [
    "owner",
    "board",
    "senior_executive",
    "manager",
    "employee",
    "user",
    "internal_customer",
    "control_function",
    "governance_risk_compliance",
]
ATTITUDES = ["champion", "supporter", "neutral", "sceptic", "blocker"]
TIMEZONES = [
    "Europe/Berlin",
    "Europe/London",
    "Europe/Stockholm",
    "Europe/Paris",
    "Europe/Warsaw",
    "Europe/Dublin",
    "Europe/Madrid",
    "Europe/Oslo",
]
LANGUAGES = ["en", "de", "sv", "fr", "pl", "da", "es", "nl", "no", "fi"]


# --- cache --------------------------------------------------------------------------------


def migrations_hash() -> str:
    from relwork.db import MIGRATIONS_DIR

    digest = hashlib.sha256()
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key() -> str:
    parts = [
        f"v{GENERATOR_VERSION}",
        f"seed{SEED}",
        json.dumps(SIZES, sort_keys=True),
        migrations_hash(),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def load_meta() -> dict[str, Any] | None:
    try:
        return json.loads(META_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def ensure_portfolio(*, force: bool = False, quiet: bool = False) -> dict[str, Any]:
    """The portfolio's facts; builds the file first if it is missing or stale."""
    key = cache_key()
    meta = load_meta()
    if not force and meta and meta.get("key") == key and DB_PATH.exists():
        return {**meta, "cached": True}
    if not quiet:
        reason = "forced" if force else ("missing" if not DB_PATH.exists() else "stale")
        print(f"Building the benchmark portfolio ({reason}); this takes a while...", flush=True)
    meta = build(DB_PATH, key, quiet=quiet)
    return {**meta, "cached": False}


# --- helpers ------------------------------------------------------------------------------


def stored(moment: datetime) -> str:
    """A UTC datetime as relwork stores it (see relwork.services.quicknote.stored)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


ANCHOR_NOON = datetime(ANCHOR.year, ANCHOR.month, ANCHOR.day, 12, 0, tzinfo=UTC)
HISTORY_SECONDS = HISTORY_YEARS * 365 * 86_400


class Filler:
    """Fills the {slots} of a template with random words (only the slots it has)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        choice, randint = rng.choice, rng.randint
        self.makers: dict[str, Any] = {
            "topic": lambda: choice(W.TOPICS),
            "topic_cap": lambda: (t := choice(W.TOPICS))[0].upper() + t[1:],
            "service": lambda: choice(W.SERVICES),
            "system": lambda: choice(W.SYSTEMS),
            "team": lambda: choice(W.TEAMS),
            "month": lambda: choice(W.MONTHS),
            "weekday": lambda: choice(W.WEEKDAYS),
            "city": lambda: choice(W.CITIES),
            "title": lambda: choice(W.TITLES),
            "pct": lambda: choice((5, 8, 10, 12, 15, 20, 25, 30, 40, 50)),
            "days": lambda: randint(10, 90),
            "amount": lambda: f"{randint(2, 95) * 250:,}",
            "score": lambda: choice(("6.8", "7.1", "7.4", "7.9", "8.2", "8.6")),
        }

    def fill(self, template: str, people: list[str]) -> str:
        return template.format_map(_Slots(self, people))


class _Slots(dict):  # type: ignore[type-arg]
    """A template's values, each made the first time the template asks for it."""

    def __init__(self, filler: Filler, people: list[str]) -> None:
        super().__init__()
        self.filler = filler
        self.people = people

    def __missing__(self, key: str) -> Any:
        if key == "person":
            value: Any = self.filler.rng.choice(self.people)
        elif key in ("first", "first2"):
            value = self.filler.rng.choice(self.people).split()[0]
        else:
            value = self.filler.makers[key]()
        self[key] = value
        return value


def note_text(filler: Filler, rng: random.Random, people: list[str]) -> str:
    """A note of 100-1,500 characters: a subject line, then paragraphs of sentences."""
    target = min(1500, max(100, int(rng.lognormvariate(math.log(480), 0.65))))
    subject = filler.fill(rng.choice(W.SUBJECTS), people)
    parts = [subject, "\n"]
    length = len(subject) + 1
    in_paragraph = 0
    while length < target:
        if rng.random() < RARE_SHARE * 2 / 7:  # ~7 sentences per note on average
            sentence = filler.fill(rng.choice(W.RARE_SENTENCES), people)
        else:
            sentence = filler.fill(rng.choice(W.SENTENCES), people)
        if in_paragraph and rng.random() < 0.3:
            parts.append("\n\n")
            length += 2
            in_paragraph = 0
        elif in_paragraph:
            parts.append(" ")
            length += 1
        parts.append(sentence)
        length += len(sentence)
        in_paragraph += 1
    text = "".join(parts)
    if len(text) > 1500:  # cut at the last sentence end that fits
        cut = text.rfind(".", 0, 1500)
        text = text[: cut + 1] if cut >= 100 else text[:1500]
    return text


def action_text(filler: Filler, rng: random.Random, people: list[str]) -> str:
    """An action of 30-120 characters: a task, sometimes with a tail that says more."""
    text = filler.fill(rng.choice(W.ACTION_TEMPLATES), people)
    if rng.random() < 0.5:
        text += filler.fill(rng.choice(W.ACTION_TAILS), people)
    if len(text) > 120:  # cut at a word boundary
        text = text[: text.rfind(" ", 0, 120)]
    while len(text) < 30:
        text += " (see notes)"
    return text[:120]


def split_total(rng: random.Random, total: int, count: int, cap: int) -> list[int]:
    """``count`` skewed positive integers summing to ``total``, none above ``cap``."""
    weights = [rng.lognormvariate(0, 0.8) for _ in range(count)]
    scale = total / sum(weights)
    parts = [max(1, min(cap, int(w * scale))) for w in weights]
    diff = total - sum(parts)
    order = list(range(count))
    while diff:
        rng.shuffle(order)
        for i in order:
            if diff > 0 and parts[i] < cap:
                parts[i] += 1
                diff -= 1
            elif diff < 0 and parts[i] > 1:
                parts[i] -= 1
                diff += 1
            if not diff:
                break
    return parts


# --- the build ----------------------------------------------------------------------------


def build(final_path: Path, key: str, *, quiet: bool = False) -> dict[str, Any]:
    from relwork.db import open_store

    def say(message: str) -> None:
        if not quiet:
            print(f"  {time.perf_counter() - started:6.1f}s  {message}", flush=True)

    started = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = final_path.with_name(final_path.name + ".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
        leftover.unlink(missing_ok=True)
    try:
        store = open_store(tmp)
        store.close()
        say("schema created by relwork.db.open_store")
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA cache_size = -262144")
            facts = _fill(conn, say)
            conn.execute("PRAGMA journal_mode = WAL")
            _check(conn, facts)
            say("checked: counts, foreign keys, full-text indexes")
        finally:
            conn.close()
        for companion in (Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            companion.unlink(missing_ok=True)
        final_path.unlink(missing_ok=True)
        for companion in (Path(f"{final_path}-wal"), Path(f"{final_path}-shm")):
            companion.unlink(missing_ok=True)
        os.replace(tmp, final_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    seconds = time.perf_counter() - started
    meta = {
        "key": key,
        "generator_version": GENERATOR_VERSION,
        "built_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "build_seconds": round(seconds, 1),
        "fts_fill": "triggers (rows inserted with the FTS5 triggers active; no rebuild)",
        "anchor": ANCHOR.isoformat(),
        "size_bytes": final_path.stat().st_size,
        **facts,
    }
    META_PATH.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"done: {final_path} ({meta['size_bytes'] / 1e6:.0f} MB)")
    return meta


def _fill(conn: sqlite3.Connection, say: Any) -> dict[str, Any]:
    rng = random.Random(SEED)
    filler = Filler(rng)
    n_clients = SIZES["clients"]

    # --- clients --------------------------------------------------------------------------
    names: list[str] = []
    seen = {BIG_CLIENT_NAME, NOTE_CLIENT_NAME}
    while len(names) < n_clients - 2:
        form = rng.choice(W.COMPANY_FORMS)
        name = f"{rng.choice(W.COMPANY_HEADS)} {rng.choice(W.COMPANY_TRADES)}"
        name = f"{name} {form}" if form else name
        if name not in seen:
            seen.add(name)
            names.append(name)
    big_index = 137  # somewhere in the middle of the id range
    note_index = 311
    names.insert(big_index, BIG_CLIENT_NAME)
    names.insert(note_index, NOTE_CLIENT_NAME)
    client_ids = list(range(1, n_clients + 1))  # organization id == account id
    big_id = client_ids[big_index]
    note_client_id = client_ids[note_index]

    organizations: Rows = []
    accounts: Rows = []
    steps: Rows = []
    step_id = 0
    for cid, name in zip(client_ids, names, strict=True):
        created = ANCHOR_NOON - timedelta(days=rng.randint(200, HISTORY_YEARS * 365))
        industry = rng.choice(W.INDUSTRIES)
        rm = rng.choice(W.RM_NAMES)
        organizations.append(
            (
                cid,
                name,
                "client",
                industry,
                0,
                filler.fill(rng.choice(W.SENTENCES), [rm]) if rng.random() < 0.4 else "",
                stored(created),
                stored(created),
            )
        )
        step_no = rng.choices(range(7), weights=[6, 8, 8, 8, 12, 30, 28])[0]
        status = (
            "prospect"
            if step_no < 3
            else rng.choices(["active", "offboarding", "former"], weights=[90, 6, 4])[0]
        )
        current_type = rng.choices(["basic", "cooperative", "partnership"], weights=[5, 4, 2])[0]
        target = rng.choice([None, None, "cooperative", "partnership"])
        cadence = rng.choice([None, 90, 90, 180, 365])
        review = (
            (ANCHOR + timedelta(days=rng.randint(-60, 300))).isoformat()
            if rng.random() < 0.85
            else None
        )
        start = (
            (created.date() + timedelta(days=rng.randint(0, 120))).isoformat()
            if status != "prospect"
            else None
        )
        assets = (
            filler.fill(
                "Their {system} and the {service} runbooks are on their side; {first} holds the keys.",
                [rm],
            )
            if rng.random() < 0.5
            else ""
        )
        accounts.append(
            (
                cid,
                cid,
                rm,
                status,
                STEPS[step_no],
                current_type,
                target,
                rng.choice(W.SERVICE_TIERS),
                start,
                None,
                cadence,
                review,
                assets,
                "",
                None,
                stored(created),
                stored(created),
            )
        )
        # the path up the journey to the current step, with a step back now and then
        moments = sorted(
            rng.randint(0, max(1, (ANCHOR_NOON - created).days)) for _ in range(step_no + 1)
        )
        previous = None
        for number, offset in enumerate(moments):
            step_id += 1
            when = created + timedelta(days=offset, hours=rng.randint(0, 8))
            to_step = STEPS[number]
            if number and rng.random() < 0.05:
                to_step = STEPS[number - 1]
            steps.append(
                (
                    step_id,
                    cid,
                    previous,
                    to_step,
                    stored(when),
                    rm,
                    rng.choice(
                        [
                            "",
                            "",
                            "Agreed in the steering committee.",
                            "Contract signed.",
                            "Pilot finished.",
                        ]
                    ),
                    stored(when),
                )
            )
            previous = to_step
        if previous != STEPS[step_no]:  # end where the account says it is
            step_id += 1
            steps.append(
                (
                    step_id,
                    cid,
                    previous,
                    STEPS[step_no],
                    stored(ANCHOR_NOON - timedelta(days=rng.randint(1, 30))),
                    rm,
                    "",
                    stored(ANCHOR_NOON),
                )
            )

    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO organization (id, name, kind, industry, is_internal, notes, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        organizations,
    )
    conn.executemany(
        "INSERT INTO account (id, organization_id, rm_owner, status, current_step, current_type, "
        "target_type, service_tier, start_date, end_date, review_cadence_days, next_review_due, "
        "customer_assets_note, notes, archived_at, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        accounts,
    )
    conn.executemany(
        "INSERT INTO journey_step_change (id, account_id, from_step, to_step, changed_at, author, "
        "note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        steps,
    )
    conn.execute("COMMIT")
    rm_of = {a[0]: a[2] for a in accounts}
    created_of = {a[0]: a[15] for a in accounts}
    say(f"{n_clients} clients, {len(steps)} journey-step changes")

    # --- contacts -------------------------------------------------------------------------
    others = [c for c in client_ids if c != big_id]
    contact_counts = dict(
        zip(
            others,
            split_total(rng, SIZES["contacts"] - BIG_CLIENT_CONTACTS, len(others), 150),
            strict=True,
        )
    )
    for cid in others:  # everyone has a few people to talk to
        contact_counts[cid] = max(contact_counts[cid], 3)
    excess = sum(contact_counts.values()) + BIG_CLIENT_CONTACTS - SIZES["contacts"]
    for cid in sorted(others, key=lambda c: -contact_counts[c]):
        if excess <= 0:
            break
        take = min(excess, contact_counts[cid] - 3)
        contact_counts[cid] -= take
        excess -= take
    contact_counts[big_id] = BIG_CLIENT_CONTACTS

    contacts: Rows = []
    stakeholders: Rows = []
    people_of: dict[int, list[tuple[int, str]]] = {}
    contact_id = stakeholder_id = 0
    for cid in client_ids:
        domain = names[cid - 1].split()[0].lower().replace("&", "and")
        domain = "".join(ch for ch in domain if ch.isascii() and ch.isalnum()) or "client"
        rm = rm_of[cid]
        for _ in range(contact_counts[cid]):
            contact_id += 1
            first, last = rng.choice(W.FIRST_NAMES), rng.choice(W.LAST_NAMES)
            name = f"{first} {last}"
            email_local = "".join(
                ch
                for ch in f"{first}.{last}".lower()
                if ch.isascii() and (ch.isalnum() or ch == ".")
            )
            added = stored(ANCHOR_NOON - timedelta(days=rng.randint(30, HISTORY_YEARS * 365)))
            roles = rng.sample(ROLES, rng.choice((0, 1, 1, 1, 2)))
            own_cadence = rng.choice((14, 30, 60)) if rng.random() < 0.05 else None
            snoozed = (
                (ANCHOR + timedelta(days=rng.randint(1, 20))).isoformat()
                if own_cadence and rng.random() < 0.1
                else None
            )
            contacts.append(
                (
                    contact_id,
                    cid,
                    name,
                    rng.choice(W.TITLES),
                    f"{email_local}@{domain}.example",
                    f"+{rng.randint(30, 49)} {rng.randint(100, 999)} {rng.randint(100000, 999999)}",
                    json.dumps(roles),
                    rng.choice(CHANNELS),
                    rng.choice(LANGUAGES),
                    rng.choice(TIMEZONES),
                    int(rng.random() < 0.08),
                    filler.fill(rng.choice(W.STRATEGIES), [name]) if rng.random() < 0.2 else "",
                    added,
                    added,
                    own_cadence,
                    snoozed,
                )
            )
            people_of.setdefault(cid, []).append((contact_id, name))
            if rng.random() < 0.15:  # a mapped stakeholder, most with a cadence
                stakeholder_id += 1
                stakeholders.append(
                    (
                        stakeholder_id,
                        cid,
                        contact_id,
                        "",
                        rng.choice(CATEGORIES),
                        "consumer",
                        json.dumps(roles),
                        rng.randint(1, 5),
                        rng.randint(1, 5),
                        rng.choice(ATTITUDES),
                        filler.fill(rng.choice(W.STRATEGIES), [name]),
                        rng.choice((14, 30, 30, 45, 60, 90)) if rng.random() < 0.7 else None,
                        rm,
                        (ANCHOR - timedelta(days=rng.randint(0, 400))).isoformat(),
                        "",
                        added,
                        added,
                    )
                )
        for _ in range(rng.randint(0, 2)):  # groups without a contact record
            stakeholder_id += 1
            stakeholders.append(
                (
                    stakeholder_id,
                    cid,
                    None,
                    filler.fill(rng.choice(W.GROUP_STAKEHOLDERS), [rm]),
                    rng.choice(CATEGORIES),
                    "consumer",
                    "[]",
                    rng.randint(1, 5),
                    rng.randint(1, 5),
                    rng.choice(ATTITUDES),
                    filler.fill(rng.choice(W.STRATEGIES), [rm]),
                    None,
                    rm,
                    None,
                    "",
                    created_of[cid],
                    created_of[cid],
                )
            )
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO contact (id, organization_id, name, title, email, phone, consumer_roles, "
        "preferred_channel, language, timezone, is_super_user, notes, created_at, updated_at, "
        "comm_frequency_days, snoozed_until) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        contacts,
    )
    conn.executemany(
        "INSERT INTO stakeholder (id, account_id, contact_id, group_name, category, side, "
        "consumer_roles, influence, interest, attitude, engagement_strategy, "
        "comm_frequency_days, owner, last_reviewed, notes, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        stakeholders,
    )
    conn.execute("COMMIT")
    say(f"{len(contacts)} contacts, {len(stakeholders)} stakeholders")

    # --- notes and attendees ---------------------------------------------------------------
    note_counts = dict(
        zip(
            others,
            split_total(
                rng, SIZES["notes"] - BIG_CLIENT_NOTES, len(others), OTHER_CLIENT_MAX_NOTES
            ),
            strict=True,
        )
    )
    note_counts[big_id] = BIG_CLIENT_NOTES
    # (seconds before ANCHOR_NOON, client) for every note, oldest first, so ids grow with time
    plan: list[tuple[int, int]] = []
    for cid in client_ids:
        newest = 3_600  # the newest note is at least an hour old
        for _ in range(note_counts[cid]):
            plan.append((newest + int(HISTORY_SECONDS * rng.random()), cid))
    plan.sort(reverse=True)
    notes: Rows = []
    attendees: Rows = []
    note_ids_of: dict[int, list[int]] = {}
    for note_id, (seconds_ago, cid) in enumerate(plan, start=1):
        people = people_of[cid]
        weights = [1.0 / (i + 1) ** 0.7 for i in range(len(people))]  # key people attend more
        # 1-3 different people; dict keeps the order, so the build does not depend on hashing
        present = list(
            dict.fromkeys(rng.choices(people, weights=weights, k=rng.choice((1, 1, 2, 2, 3))))
        )
        names_present = [n for _, n in present]
        moment = ANCHOR_NOON - timedelta(seconds=seconds_ago)
        author = rm_of[cid] if rng.random() < 0.9 else rng.choice(W.RM_NAMES)
        occurred = stored(moment)
        logged = stored(moment + timedelta(minutes=rng.randint(2, 240)))
        notes.append(
            (
                note_id,
                cid,
                occurred,
                rng.choices(KINDS, weights=KIND_WEIGHTS)[0],
                note_text(filler, rng, names_present),
                author,
                logged,
                logged,
            )
        )
        attendees.extend((note_id, pid) for pid, _ in present)
        note_ids_of.setdefault(cid, []).append(note_id)
    say(
        f"{len(notes)} notes and {len(attendees)} attendee links made; inserting "
        "(FTS triggers index every note)"
    )
    conn.execute("BEGIN")
    for offset in range(0, len(notes), 20_000):
        conn.executemany(
            "INSERT INTO interaction (id, account_id, occurred_at, kind, summary, author, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            notes[offset : offset + 20_000],
        )
    conn.executemany(
        "INSERT INTO interaction_attendee (interaction_id, contact_id) VALUES (?, ?)", attendees
    )
    conn.execute("COMMIT")
    text_chars = sum(len(n[4]) for n in notes)
    shortest = min(len(n[4]) for n in notes)
    longest = max(len(n[4]) for n in notes)
    say(f"notes inserted ({text_chars / 1e6:.0f} M characters, {shortest}-{longest} per note)")
    del notes

    # --- actions --------------------------------------------------------------------------
    # in proportion to each client's notes
    total_notes = sum(note_counts.values())
    action_counts = {
        c: max(1, round(SIZES["actions"] * note_counts[c] / total_notes)) for c in client_ids
    }
    diff = SIZES["actions"] - sum(action_counts.values())
    for cid in rng.sample(client_ids, abs(diff)) if diff else []:
        action_counts[cid] += 1 if diff > 0 else -1
    actions: Rows = []
    action_id = 0
    for cid in client_ids:
        who = [n for _, n in people_of[cid]]
        for _ in range(action_counts[cid]):
            action_id += 1
            created = ANCHOR_NOON - timedelta(seconds=int(HISTORY_SECONDS * rng.random()))
            age_days = (ANCHOR_NOON - created).days
            due = None
            if rng.random() < 0.9:
                due = (created + timedelta(days=rng.randint(3, 45))).date()
            done_at = None
            # older actions are mostly done; a tail of stale ones stays open and overdue
            if (age_days > 60 and rng.random() < 0.99) or (age_days <= 60 and rng.random() < 0.45):
                done_at = stored(
                    min(
                        ANCHOR_NOON - timedelta(hours=1),
                        created + timedelta(days=rng.randint(1, 50)),
                    )
                )
            snoozed = None
            if done_at is None and due and due < ANCHOR and rng.random() < 0.05:
                snoozed = (ANCHOR + timedelta(days=rng.randint(1, 10))).isoformat()
            owner = rm_of[cid] if rng.random() < 0.6 else rng.choice(who)
            link = rng.choice(note_ids_of[cid]) if rng.random() < 0.5 else None
            actions.append(
                (
                    action_id,
                    cid,
                    link,
                    action_text(filler, rng, who),
                    owner,
                    due.isoformat() if due else None,
                    done_at,
                    stored(created),
                    done_at or stored(created),
                    snoozed,
                )
            )
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO action_item (id, account_id, interaction_id, text, owner, due_date, done_at, "
        "created_at, updated_at, snoozed_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        actions,
    )
    conn.execute("COMMIT")
    open_actions = sum(1 for a in actions if a[6] is None)
    overdue = sum(1 for a in actions if a[6] is None and a[5] and a[5] < ANCHOR.isoformat())
    say(f"{len(actions)} actions ({open_actions} open, {overdue} of them overdue)")

    first_on_dashboard = min(names, key=lambda n: (n.casefold(), n))
    return {
        "counts": {
            "clients": n_clients,
            "contacts": len(contacts),
            "notes": len(plan),
            "attendee_links": len(attendees),
            "actions": len(actions),
            "open_actions": open_actions,
            "overdue_actions": overdue,
            "journey_step_changes": len(steps),
            "stakeholders": len(stakeholders),
            "note_characters": text_chars,
        },
        "big_client": {"id": big_id, "name": BIG_CLIENT_NAME, "notes": BIG_CLIENT_NOTES},
        "note_client": {"id": note_client_id, "name": NOTE_CLIENT_NAME},
        "first_on_dashboard": first_on_dashboard,
    }


def _check(conn: sqlite3.Connection, facts: dict[str, Any]) -> None:
    counts = facts["counts"]
    expected = {
        "account": counts["clients"],
        "contact": counts["contacts"],
        "interaction": counts["notes"],
        "action_item": counts["actions"],
    }
    for table, want in expected.items():
        got = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        if got != want:
            raise RuntimeError(f"{table}: {got} rows, expected {want}")
    big = conn.execute(
        "SELECT COUNT(*) FROM interaction WHERE account_id = ?", (facts["big_client"]["id"],)
    ).fetchone()[0]
    if big != BIG_CLIENT_NOTES:
        raise RuntimeError(f"the big client has {big} notes, expected {BIG_CLIENT_NOTES}")
    if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise RuntimeError("foreign key check failed")
    for index in ("organization_fts", "account_fts", "contact_fts", "interaction_fts"):
        conn.execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")
    indexed = conn.execute(
        "SELECT COUNT(*) FROM interaction_fts WHERE interaction_fts MATCH 'quokka'"
    ).fetchone()[0]
    planted = conn.execute(
        "SELECT COUNT(*) FROM interaction WHERE summary LIKE '%quokka%'"
    ).fetchone()[0]
    if not indexed or indexed != planted:
        raise RuntimeError(
            f"full-text index finds {indexed} notes with 'quokka', text has {planted}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="build again even if cached")
    args = parser.parse_args()
    try:
        meta = ensure_portfolio(force=args.force)
    except Exception as exc:  # e.g. relwork's migrations fail on a new database
        print(f"BROKEN: could not build the benchmark portfolio: {exc}", file=sys.stderr)
        return 1
    state = "cached (key matches)" if meta["cached"] else "built now"
    print(f"{DB_PATH}: {state}; last build took {meta['build_seconds']} s")
    print(json.dumps(meta["counts"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
