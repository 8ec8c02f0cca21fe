"""relwork's benchmarks on a large portfolio. See bench/README.md.

    uv run --group bench python bench/run.py            # everything, about 2 minutes
    uv run --group bench python bench/run.py --quick    # fewer runs, for a first look
    uv run --group bench python bench/run.py --only search,today

Prints median, min and max of each measure, with the target and PASS/MISS where a target
is set. A MISS is a finding, not a failure: the exit status is 0. If something being
measured does not work (the app never draws its dashboard, a search finds nothing, a
note is not saved), the section is reported as BROKEN and the exit status is 1.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import platform
import re
import select
import shutil
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import termios
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import generate
from minimal_app import READY_TEXT

BENCH = Path(__file__).resolve().parent
WORK = generate.OUT / "work"  # scratch: a copy of the portfolio, private HOME, journal
RESULTS_JSON = generate.OUT / "results.json"
RESULTS_MD = generate.OUT / "results.md"
ANCHOR = generate.ANCHOR
COLUMNS, ROWS = 100, 30

START_RATIO_TARGET = 1.5
SEARCH_TARGET_MS = 100.0
TODAY_TARGET_MS = 100.0

SEARCH_QUERIES = [
    ("common word", "renewal"),
    ("rare word", "quokka"),
    ("two words", "security questionnaire"),
    ("prefix", "escal"),
    ("accented name, typed without accents", "muller"),
]


class Broken(RuntimeError):
    """Something the benchmark measures does not work."""


@dataclass
class Row:
    section: str
    label: str
    samples: list[float]  # milliseconds
    unit: str = "ms"
    target: str = ""
    verdict: str = ""  # PASS, MISS or "" (no target)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        print(f"    {row.label}: {fmt(row)}", flush=True)
        return row


def fmt(row: Row) -> str:
    if row.unit == "x":
        text = f"{row.samples[0]:.2f}x"
    else:
        text = (
            f"median {row.median:8.1f} ms  (min {min(row.samples):.1f}, "
            f"max {max(row.samples):.1f}, n={len(row.samples)})"
        )
    if row.target:
        text += f"   target {row.target}: {row.verdict}"
    return text


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


# --- environment --------------------------------------------------------------------------


def compile_relwork() -> int:
    """Byte-compile relwork's own modules where their bytecode is missing or stale.

    An install does this (uv's compile-bytecode for a wheel, the build hook in
    hatch_build.py for the editable install), but modules edited since then would
    otherwise be compiled again on every start the benchmark times, as
    PYTHONDONTWRITEBYTECODE keeps Python from saving the result.
    """
    import compileall
    import py_compile

    import relwork

    package = Path(relwork.__file__).parent
    before = sum(1 for _ in package.rglob("*.pyc"))
    compileall.compile_dir(
        package, quiet=2, invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP
    )
    return sum(1 for _ in package.rglob("*.pyc")) - before


def prepare_work(meta: dict[str, Any]) -> dict[str, Any]:
    """A fresh scratch folder: the portfolio copy, a private HOME, a jrnl config."""
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    home = WORK / "home"
    for sub in ("config", "data", "cache", "state"):
        (home / sub).mkdir(parents=True)
    copy = WORK / "portfolio.db"
    # the cached file is never written by the benchmark; every run works on this copy
    with sqlite3.connect(generate.DB_PATH) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copyfile(generate.DB_PATH, copy)
    # written out now, so the copy's write-back does not land in the timed start-ups
    with open(copy, "rb+") as handle:
        os.fsync(handle.fileno())
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RELWORK_", "TEXTUAL", "XDG_"))
        and key not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "VIRTUAL_ENV")
    }
    env.update(
        {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_STATE_HOME": str(home / "state"),
            "RELWORK_TODAY": ANCHOR.isoformat(),
            "TERM": "xterm-256color",
        }
    )
    return {"copy": copy, "env": env, "home": home}


def relwork_command() -> list[str]:
    script = Path(sys.executable).parent / "relwork"
    return [str(script)] if script.exists() else [sys.executable, "-m", "relwork"]


# --- 1. start-up under a pseudo-terminal --------------------------------------------------

_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def screen_text(raw: bytes) -> str:
    return _ESCAPES.sub(b"", raw).decode("utf-8", "replace")


def time_to_text(
    argv: list[str], needles: list[str], env: dict[str, str], timeout: float = 30.0
) -> float:
    """Start ``argv`` on a 100x30 pseudo-terminal; seconds until every needle is on screen.

    Then ctrl+q is sent and the process must end within 10 seconds.
    """
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    raw = bytearray()
    found: float | None = None
    wanted = [n.encode() for n in needles]
    try:
        deadline = started + timeout
        while found is None:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise Broken(
                    f"{Path(argv[-1]).name}: {needles} not on screen after {timeout:.0f}"
                    f" s; screen ends with: {screen_text(bytes(raw))[-400:]!r}"
                )
            ready, _, _ = select.select([master], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise Broken(
                    f"{argv[0]} ended (status {proc.wait()}) before showing {needles}; "
                    f"output: {screen_text(bytes(raw))[-400:]!r}"
                )
            raw += chunk
            if all(n in raw for n in wanted):
                found = time.perf_counter()
            elif all(n in screen_text(bytes(raw)).encode() for n in wanted):
                found = time.perf_counter()  # the text was split by colour codes
        os.write(master, b"\x11")  # ctrl+q
        quit_by = time.perf_counter() + 10
        while proc.poll() is None and time.perf_counter() < quit_by:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    if not os.read(master, 65536):
                        break
                except OSError:
                    break
        try:
            proc.wait(timeout=max(0.1, quit_by - time.perf_counter()))
        except subprocess.TimeoutExpired:
            raise Broken(f"{argv[-1]} did not quit on ctrl+q within 10 s") from None
        return found - started
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def bench_startup(report: Report, work: dict[str, Any], meta: dict[str, Any], runs: int) -> None:
    clients = (
        sqlite3.connect(work["copy"])
        .execute("SELECT COUNT(*) FROM account WHERE archived_at IS NULL")
        .fetchone()[0]
    )
    # the summary line under the table, and the start of the first row's client name
    relwork_needles = [f"of {clients} clients", meta["first_on_dashboard"][:8]]
    relwork_argv = [*relwork_command(), "--db", str(work["copy"])]
    minimal_argv = [sys.executable, str(BENCH / "minimal_app.py")]
    env = work["env"]
    for _ in range(1):  # warm-up: file cache, first-run folders
        time_to_text(relwork_argv, relwork_needles, env)
        time_to_text(minimal_argv, [READY_TEXT], env)
    ours, floor = [], []
    for _ in range(runs):  # alternate, so load from elsewhere hits both alike
        ours.append(time_to_text(relwork_argv, relwork_needles, env) * 1000)
        floor.append(time_to_text(minimal_argv, [READY_TEXT], env) * 1000)
    report.add(Row("start-up", f"relwork to dashboard with rows ({relwork_needles[0]!r})", ours))
    report.add(Row("start-up", "minimal Textual app to its label", floor))
    ratio = statistics.median(ours) / statistics.median(floor)
    report.add(
        Row(
            "start-up",
            "ratio relwork / minimal (medians)",
            [ratio],
            unit="x",
            target=f"<= {START_RATIO_TARGET}x",
            verdict=verdict(ratio <= START_RATIO_TARGET),
        )
    )
    # for reading the ratio: the same start on the 8-client demo portfolio
    demo = WORK / "demo.db"
    made = subprocess.run(
        [*relwork_command(), "demo", str(demo)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if made.returncode != 0:
        raise Broken(f"relwork demo failed: {made.stderr.strip()}")
    demo_clients = (
        sqlite3.connect(demo)
        .execute("SELECT COUNT(*) FROM account WHERE archived_at IS NULL")
        .fetchone()[0]
    )
    demo_argv = [*relwork_command(), "--db", str(demo)]
    demo_needles = [f"of {demo_clients} clients"]
    time_to_text(demo_argv, demo_needles, env)
    small = [time_to_text(demo_argv, demo_needles, env) * 1000 for _ in range(max(3, runs // 2))]
    report.add(
        Row(
            "start-up",
            f"relwork on the demo portfolio ({demo_clients} clients), for comparison",
            small,
        )
    )


# --- 2 and 6: in-process with run_test ----------------------------------------------------


def run_inprocess(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(BENCH / "inprocess.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0:
        raise Broken(f"inprocess.py {args[0]} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_open_client(
    report: Report, work: dict[str, Any], meta: dict[str, Any], processes: int, opens: int
) -> None:
    big = meta["big_client"]
    cold: list[float] = []
    warm: list[float] = []
    warm_cpu: list[float] = []
    for _ in range(processes):
        last = run_inprocess(
            ["open-client", str(work["copy"]), str(big["id"]), str(opens)], work["env"]
        )
        cold.append(last["cold"] * 1000)
        warm.extend(t * 1000 for t in last["warm"])
        warm_cpu.extend(t * 1000 for t in last["warm_cpu"])
    label = f"open {big['name']} ({big['notes']} notes)"
    report.add(
        Row(
            "open client",
            f"{label}: Enter to settled, first open in a process",
            cold,
            note="includes importing the ORM and the client screen",
        )
    )
    report.add(Row("open client", f"{label}: Enter to settled, later opens", warm))
    report.add(
        Row(
            "open client",
            f"{label}: CPU time of the process, later opens",
            warm_cpu,
            note="without the harness's idle waits",
        )
    )
    services = {k: round(v * 1000, 1) for k, v in last["services"].items()}
    report.details["open_client"] = {"services_ms": services, "profile": last["profile"]}
    print(f"      service calls (ms, warm): {services}")


def bench_typing(report: Report, work: dict[str, Any], meta: dict[str, Any], chars: int) -> None:
    from importlib.util import find_spec

    if find_spec("relwork.screens.capture") is None:
        print("    relwork.screens.capture does not exist: keystroke timing skipped")
        return
    big = meta["big_client"]
    result = run_inprocess(["typing", str(work["copy"]), str(big["id"]), str(chars)], work["env"])
    base = run_inprocess(["typing-baseline", str(chars)], work["env"])
    ms = {
        "panel_wall": [v * 1000 for v in result["wall"]],
        "panel_cpu": [v * 1000 for v in result["cpu"]],
        "bare_wall": [v * 1000 for v in base["wall"]],
        "bare_cpu": [v * 1000 for v in base["cpu"]],
    }
    report.add(
        Row(
            "typing",
            "note panel: wall time per key press",
            ms["panel_wall"],
            note="includes >= 40 ms of harness idle waits per key",
        )
    )
    report.add(Row("typing", "note panel: CPU time per key press", ms["panel_cpu"]))
    report.add(Row("typing", "bare Textual TextArea: wall time per key press", ms["bare_wall"]))
    report.add(Row("typing", "bare Textual TextArea: CPU time per key press", ms["bare_cpu"]))


# --- 3 and 4: services on the fast reader -------------------------------------------------


def timed(call: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    result = call()  # warm-up (and the result to check)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, result


def bench_search(report: Report, store: Any, runs: int) -> None:
    from relwork.services import search as search_service

    slow: dict[str, Any] = {}
    for label, query in SEARCH_QUERIES:
        samples, hits = timed(partial(search_service.search, store, query), runs)
        if not hits:
            raise Broken(f"search for {query!r} found nothing")
        if query == "quokka" and not any(h.kind == "note" for h in hits):
            raise Broken("search for the rare word found no note")
        kinds = {k: sum(1 for h in hits if h.kind == k) for k in ("client", "contact", "note")}
        row = report.add(
            Row(
                "search",
                f"{label}: {query!r}",
                samples,
                target=f"< {SEARCH_TARGET_MS:.0f} ms",
                verdict=verdict(statistics.median(samples) < SEARCH_TARGET_MS),
                note=f"{len(hits)} hits {kinds}",
            )
        )
        if row.verdict == "MISS":
            slow[query] = search_breakdown(store, search_service, query)
    if slow:
        report.details["search_misses"] = slow


def search_breakdown(store: Any, module: Any, query: str) -> dict[str, Any]:
    """Time each of the search's SQL statements alone, with its query plan."""
    fts = module.to_fts_query(query)
    parts = {
        "organization_fts (name only)": (
            module.ORGANIZATION_SQL,
            f"name : ({fts})",
            module.ORGANIZATION_WEIGHTS,
            50,
        ),
        "organization_fts": (module.ORGANIZATION_SQL, fts, module.ORGANIZATION_WEIGHTS, 50),
        "account_fts": (module.ACCOUNT_SQL, fts, module.ACCOUNT_WEIGHTS, 50),
        "contact_fts (name only)": (
            module.CONTACT_SQL,
            f"name : ({fts})",
            module.CONTACT_WEIGHTS,
            50,
        ),
        "contact_fts": (module.CONTACT_SQL, fts, module.CONTACT_WEIGHTS, 50),
        "interaction_fts (notes)": (
            module.NOTE_SQL,
            fts,
            module.NOTE_WEIGHTS,
            50 * module.NOTE_POOL,
        ),
    }
    result: dict[str, Any] = {"fts_query": fts}
    for name, (sql, match, weights, limit) in parts.items():
        samples, rows = timed(partial(module._run, store, sql, match, weights, limit), 5)
        result[name] = {"median_ms": round(statistics.median(samples), 1), "rows": len(rows)}
    count_sql = "SELECT COUNT(*) FROM interaction_fts WHERE interaction_fts MATCH :q"
    samples, rows = timed(lambda: store.read(count_sql, {"q": fts}), 3)
    result["notes matching (COUNT only, no ranking)"] = {
        "median_ms": round(statistics.median(samples), 1),
        "rows": rows[0][0],
    }
    result["plan of the notes query"] = [
        " ".join(str(v) for v in tuple(r)[1:])
        for r in store.read(
            "EXPLAIN QUERY PLAN " + module.NOTE_SQL,
            {
                "query": fts,
                "weights": module.NOTE_WEIGHTS,
                "limit": 200,
                "mark_start": "[",
                "mark_end": "]",
                "ellipsis": "...",
                "tokens": 12,
            },
        )
    ]
    return result


def bench_today(report: Report, store: Any, runs: int) -> None:
    from relwork.services import today as today_service

    samples, items = timed(lambda: today_service.today_items(store, ANCHOR), runs)
    kinds = {k: sum(1 for i in items if i.kind == k) for k in ("action", "person", "review")}
    if not all(kinds.values()):
        raise Broken(f"today_items is missing a kind of item: {kinds}")
    row = report.add(
        Row(
            "today",
            f"today_items(store, {ANCHOR})",
            samples,
            target=f"< {TODAY_TARGET_MS:.0f} ms",
            verdict=verdict(statistics.median(samples) < TODAY_TARGET_MS),
            note=f"{len(items)} items {kinds}",
        )
    )
    parts: dict[str, Any] = {}
    params = {
        "today": ANCHOR.isoformat(),
        "horizon": date.fromordinal(ANCHOR.toordinal() + today_service.WEEK).isoformat(),
    }
    for name in ("ACTIONS_SQL", "PEOPLE_SQL", "REVIEWS_SQL"):
        sql = getattr(today_service, name, None)
        if sql is None:
            continue
        samples, rows = timed(partial(store.read, sql, params), 5)
        parts[name] = {"median_ms": round(statistics.median(samples), 1), "rows": len(rows)}
        if row.verdict == "MISS":
            parts[name]["plan"] = [
                " ".join(str(v) for v in tuple(r)[1:])
                for r in store.read("EXPLAIN QUERY PLAN " + sql, params)
            ]
    report.details["today_parts"] = parts
    print(f"      SQL alone: { {k: v['median_ms'] for k, v in parts.items()} }")


# --- 5. shell commands as fresh processes -------------------------------------------------


def jrnl_setup(home: Path) -> tuple[list[str], Path]:
    """A private jrnl: config in $XDG_CONFIG_HOME/jrnl, journal in $XDG_DATA_HOME."""
    from importlib.metadata import version

    jrnl = Path(sys.executable).parent / "jrnl"
    if not jrnl.exists():
        raise Broken("jrnl is not installed: run with `uv run --group bench ...`")
    journal = home / "data" / "jrnl" / "journal.txt"
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.touch()
    config = home / "config" / "jrnl" / "jrnl.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f'version: "{version("jrnl")}"\n'
        "journals:\n"
        "  default:\n"
        f'    journal: "{journal}"\n'
        'editor: ""\n'
        "encrypt: false\n"
        "template: false\n"
        "default_hour: 9\n"
        "default_minute: 0\n"
        'timeformat: "%F %r"\n'
        'tagsymbols: "#@"\n'
        "highlight: false\n"
        "linewrap: 79\n"
        'indent_character: "|"\n'
        "colors:\n  body: none\n  date: none\n  tags: none\n  title: none\n",
        encoding="utf-8",
    )
    return [str(jrnl)], journal


def run_cli(argv: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    proc = subprocess.run(
        argv, env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    return (time.perf_counter() - started) * 1000, proc


def bench_shell(report: Report, work: dict[str, Any], meta: dict[str, Any], runs: int) -> None:
    env, copy = work["env"], str(work["copy"])
    client = meta["note_client"]["name"]
    relwork = relwork_command()
    jrnl, journal = jrnl_setup(work["home"])
    before = sqlite3.connect(copy).execute("SELECT COUNT(*) FROM interaction").fetchone()[0]
    text = (
        "Call with Dana about the SLA renewal; she wants the revised draft before the "
        "steering committee and asked for a second on-call engineer in March. {tag}"
    )
    samples: dict[str, list[float]] = {"pass": [], "note": [], "jrnl": [], "today": []}
    for number in range(runs + 1):  # the first round is a warm-up
        tag = f"bench-{os.getpid()}-{number}"
        results = {
            "pass": run_cli([sys.executable, "-c", "pass"], env),
            "note": run_cli([*relwork, "--db", copy, "note", client, text.format(tag=tag)], env),
            "jrnl": run_cli([*jrnl, text.format(tag=tag)], env),
            "today": run_cli([*relwork, "--db", copy, "today"], env),
        }
        for name, (_ms, proc) in results.items():
            if proc.returncode != 0:
                raise Broken(f"{name} exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
        if f"note for {client}" not in results["note"][1].stdout:
            raise Broken(f"relwork note said: {results['note'][1].stdout.strip()!r}")
        if tag not in journal.read_text(encoding="utf-8"):
            raise Broken("jrnl exited 0 but the entry is not in its journal file")
        if "overdue" not in results["today"][1].stdout:
            raise Broken("relwork today listed nothing overdue on a portfolio full of it")
        if number:
            for name, (ms, _proc) in results.items():
                samples[name].append(ms)
    conn = sqlite3.connect(copy)
    saved = conn.execute(
        "SELECT COUNT(*) FROM interaction WHERE summary LIKE ?", (f"%bench-{os.getpid()}-%",)
    ).fetchone()[0]
    after = conn.execute("SELECT COUNT(*) FROM interaction").fetchone()[0]
    indexed = conn.execute(
        "SELECT COUNT(*) FROM interaction_fts WHERE interaction_fts MATCH ?",
        (f'"bench {os.getpid()}"',),
    ).fetchone()[0]
    conn.close()
    if saved != runs + 1 or after != before + runs + 1 or indexed != runs + 1:
        raise Broken(f"relwork note: {saved} notes saved, {indexed} indexed; expected {runs + 1}")
    report.add(Row("shell", "python -c pass (the floor)", samples["pass"]))
    report.add(
        Row(
            "shell",
            f"relwork note {client!r} TEXT",
            samples["note"],
            note="on the scratch copy; each run adds one note",
        )
    )
    report.add(Row("shell", "jrnl TEXT (plain-text journal, no encryption)", samples["jrnl"]))
    printed = results["today"][1].stdout.count("\n")
    report.add(
        Row(
            "shell",
            "relwork today (full list to a pipe)",
            samples["today"],
            note=f"prints {printed} lines",
        )
    )
    ratio = statistics.median(samples["note"]) / statistics.median(samples["jrnl"])
    report.add(Row("shell", "ratio relwork note / jrnl (medians)", [ratio], unit="x"))


# --- main ---------------------------------------------------------------------------------

SECTIONS = ["startup", "open", "search", "today", "shell", "typing"]


def machine() -> dict[str, str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": str(os.cpu_count()),
        "cpu": model or platform.processor(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def write_results(
    report: Report, meta: dict[str, Any], info: dict[str, str], seconds: float
) -> None:
    rows = [
        {
            "section": r.section,
            "label": r.label,
            "unit": r.unit,
            "median": round(r.median, 3),
            "min": round(min(r.samples), 3),
            "max": round(max(r.samples), 3),
            "runs": len(r.samples),
            "target": r.target,
            "verdict": r.verdict,
            "note": r.note,
        }
        for r in report.rows
    ]
    RESULTS_JSON.write_text(
        json.dumps(
            {
                "machine": info,
                "portfolio": {k: meta[k] for k in ("counts", "build_seconds", "key")},
                "seconds": round(seconds, 1),
                "rows": rows,
                "details": report.details,
                "broken": report.broken,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    lines = [
        "| Measure | Median | Min | Max | Runs | Target | Result |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in report.rows:
        if r.unit == "x":
            lines.append(f"| {r.label} | {r.median:.2f}x | | | | {r.target} | {r.verdict} |")
        else:
            lines.append(
                f"| {r.label} | {r.median:.1f} ms | {min(r.samples):.1f} | "
                f"{max(r.samples):.1f} | {len(r.samples)} | {r.target} | {r.verdict} |"
            )
    RESULTS_MD.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description="relwork benchmarks on a large portfolio")
    parser.add_argument("--quick", action="store_true", help="fewer runs of everything")
    parser.add_argument("--only", help=f"comma-separated sections: {','.join(SECTIONS)}")
    parser.add_argument("--keep-work", action="store_true", help=f"keep {WORK} afterwards")
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else SECTIONS
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    q = args.quick
    started = time.perf_counter()
    info = machine()
    print(
        f"Machine: {info['cpus']} CPUs, {info['cpu']}, Python {info['python']}, "
        f"load {info['load_average_at_start']}"
    )

    try:
        meta = generate.ensure_portfolio()
    except Exception as exc:  # e.g. relwork's migrations fail on a new database
        print(f"\nBROKEN: could not build the benchmark portfolio: {exc}")
        return 1
    how = "cached" if meta["cached"] else "built now"
    print(
        f"Portfolio: {generate.DB_PATH} ({how}; a build takes {meta['build_seconds']} s): "
        f"{meta['counts']['clients']} clients, {meta['counts']['contacts']} contacts, "
        f"{meta['counts']['notes']} notes, {meta['counts']['actions']} actions"
    )
    compile_relwork()
    work = prepare_work(meta)
    report = Report()

    def section(name: str, title: str, body: Callable[[], None]) -> None:
        if name not in chosen:
            return
        print(f"\n[{name}] {title}", flush=True)
        began = time.perf_counter()
        try:
            body()
            print(f"    ({time.perf_counter() - began:.0f} s)", flush=True)
        except Broken as exc:
            report.broken.append(f"{name}: {exc}")
            print(f"    BROKEN: {exc}", flush=True)
        except Exception:
            report.broken.append(f"{name}: {traceback.format_exc()}")
            print(f"    BROKEN (unexpected error):\n{traceback.format_exc()}", flush=True)

    from relwork.db import open_store

    try:
        store = open_store(work["copy"])
    except Exception as exc:
        print(f"\nBROKEN: relwork cannot open the portfolio copy: {exc}")
        return 1
    try:
        section(
            "startup",
            "relwork start-up to the dashboard, against a minimal Textual app",
            lambda: bench_startup(report, work, meta, 3 if q else 11),
        )
        section(
            "open",
            "opening the client with 2,000 notes (run_test, in-process)",
            lambda: bench_open_client(report, work, meta, 1 if q else 3, 2 if q else 5),
        )
        section(
            "search",
            "full-text search, relwork.services.search.search",
            lambda: bench_search(report, store, 5 if q else 15),
        )
        section(
            "today",
            "Today, relwork.services.today.today_items",
            lambda: bench_today(report, store, 5 if q else 15),
        )
        section(
            "shell",
            "shell commands, each a fresh process",
            lambda: bench_shell(report, work, meta, 3 if q else 10),
        )
        section(
            "typing",
            "typing into the note panel (run_test, in-process)",
            lambda: bench_typing(report, work, meta, 200),
        )
    finally:
        store.close()
        if not args.keep_work:
            shutil.rmtree(WORK, ignore_errors=True)

    seconds = time.perf_counter() - started
    info["load_average_at_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    write_results(report, meta, info, seconds)
    print(
        f"\nSummary ({seconds:.0f} s; also in {RESULTS_MD.relative_to(BENCH.parent)} "
        f"and {RESULTS_JSON.relative_to(BENCH.parent)})"
    )
    width = max(len(r.label) for r in report.rows) if report.rows else 10
    for r in report.rows:
        print(f"  {r.label:<{width}}  {fmt(r)}")
    if report.broken:
        print("\nBROKEN - these could not be measured because something did not work:")
        for problem in report.broken:
            print(f"  * {problem}")
        return 1
    misses = [r.label for r in report.rows if r.verdict == "MISS"]
    print(
        f"\n{len(misses)} target(s) missed"
        + (": " + "; ".join(misses) if misses else "")
        + ". Misses are findings, not failures."
    )
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(main())
