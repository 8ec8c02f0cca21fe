"""The ``relwork`` command line.

Argument parsing and opening the store use only the standard library and
relwork's own light modules; Textual is imported only when the app starts.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import NoReturn

from relwork import __version__
from relwork.enums import InteractionKind


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # one line, no usage dump: say what is wrong and where to look
        self.exit(2, f"relwork: {message} (see relwork --help)\n")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", help="use the database at PATH")
    # on subcommands --db only overrides when given, so 'relwork --db X note ...' works too
    sub_common = _Parser(add_help=False)
    sub_common.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS, help="use the database at PATH"
    )
    parser = _Parser(
        prog="relwork",
        parents=[common],
        description="A keyboard-driven workbench for relationship managers.",
        epilog="The database is, in order: --db, $RELWORK_DB, 'database' in the settings "
        "file, or relwork.db in the user data folder.",
    )
    parser.add_argument("--version", action="version", version=f"relwork {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open a throw-away copy of the demo portfolio"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser("demo", help="write the demo portfolio into a new database file")
    demo.add_argument("path", metavar="PATH", help="the new database file")

    note = commands.add_parser(
        "note",
        parents=[sub_common],
        help="save a note for a client without opening the app",
        description="Save a note. With no TEXT the note is read from standard input. "
        "Lines like '- [ ] send the SLA @Dana due:friday' become action items.",
    )
    note.add_argument(
        "client", metavar="CLIENT", help="the client: a unique prefix or part of the name"
    )
    note.add_argument("text", metavar="TEXT", nargs="*", help="the note (default: standard input)")
    note.add_argument(
        "--kind",
        "-k",
        default="call",
        choices=[k.value for k in InteractionKind],
        metavar="KIND",
        help="call (default), meeting, email, message, workshop, "
        "review, visit, complaint, feedback or other",
    )
    note.add_argument(
        "--at",
        metavar="WHEN",
        help="when it happened: 'YYYY-MM-DD HH:MM', 'YYYY-MM-DD' or 'HH:MM' today (default: now)",
    )
    note.add_argument(
        "--with",
        "-w",
        dest="people",
        metavar="NAME",
        action="append",
        default=[],
        help="a contact who was there (repeat for several)",
    )

    today = commands.add_parser(
        "today", parents=[sub_common], help="what needs attention: actions, people to call, reviews"
    )
    today.add_argument("--json", action="store_true", help="print JSON for scripts")

    log = commands.add_parser("log", parents=[sub_common], help="a client's recent timeline")
    log.add_argument("client", metavar="CLIENT")
    log.add_argument(
        "--kind",
        "-k",
        action="append",
        metavar="KIND",
        help="only this kind (a note kind, 'step' or 'action'); repeatable",
    )
    log.add_argument(
        "--with", "-w", dest="person", metavar="NAME", help="only what involves this contact"
    )
    log.add_argument(
        "--limit", "-n", type=int, default=30, metavar="N", help="how many entries (default 30)"
    )
    log.add_argument("--json", action="store_true", help="print JSON for scripts")

    wizard = commands.add_parser(
        "wizard",
        parents=[sub_common],
        help="list question sets, or run one for a client in the shell",
        description="With no NAME (or with --list): the question sets you can run. "
        "With NAME and --client: ask the set's questions, saving each answer as you go "
        "(an unfinished run is picked up again), then print the summary.",
    )
    wizard.add_argument(
        "name", metavar="NAME", nargs="?", help="the set: its key, part of it, or its title"
    )
    wizard.add_argument(
        "--client", "-c", metavar="CLIENT", help="the client: a unique prefix or part of the name"
    )
    wizard.add_argument("--list", "-l", action="store_true", help="list the question sets")
    wizard.add_argument(
        "--summary",
        action="store_true",
        help="print the summary of the client's newest run without asking anything",
    )
    wizard.add_argument("--json", action="store_true", help="print the summary as JSON")

    review = commands.add_parser(
        "review",
        parents=[sub_common],
        help="a client's reviews; export a review's report or invitation",
        description="With no --export: list the client's reviews. With --export: write "
        "the latest review (or --review ID) as a Markdown or Word report, or as a calendar "
        "invitation. Exporting the report of a held review marks it reported.",
    )
    review.add_argument(
        "client", metavar="CLIENT", help="the client: a unique prefix or part of the name"
    )
    review.add_argument(
        "--export",
        "-e",
        choices=["md", "docx", "ics"],
        metavar="FORMAT",
        help="md (Markdown report), docx (Word report) or ics (calendar invitation)",
    )
    review.add_argument(
        "--out", "-o", metavar="PATH", help="file or folder to write (default: exports folder)"
    )
    review.add_argument(
        "--review", "-r", type=int, metavar="ID", help="which review (default: the latest)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    os.umask(0o077)  # whatever relwork creates is private to the user
    # Starting up builds a few hundred thousand objects that live as long as the process
    # (modules, classes, styles), and Python's cycle collector would walk them again and
    # again: ~20 ms before the app's first frame. It stays off until that frame is drawn
    # (RelworkApp.after_first_frame) or, for the quick shell commands, until they end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _dispatch(build_parser().parse_args(argv))
    finally:
        if collecting:
            gc.enable()


def _dispatch(args: argparse.Namespace) -> int:
    try:
        if args.command in ("demo", "wizard", "review"):
            gc.enable()  # long or interactive: collect as usual
        if args.command == "demo":
            return _write_demo(Path(args.path))
        if args.command == "wizard":
            from relwork import wizard_cli

            return wizard_cli.run(args, lambda: _open(*_database_location(args.db)))
        if args.command == "review":
            from relwork import review_cli

            store = _open(*_database_location(args.db))
            if store is None:
                return 1
            try:
                return review_cli.run(args, store)
            finally:
                store.close()
        if args.command in ("note", "today", "log"):
            from relwork import shell

            store = _open(*_database_location(args.db))
            if store is None:
                return 1
            try:
                return shell.run(args, store)
            finally:
                store.close()
        if args.demo:
            return _run_demo()
        return _run(*_database_location(args.db))
    except KeyboardInterrupt:
        return 130


def _database_location(flag: str | None) -> tuple[Path, bool]:
    """Where the user's database is, and whether relwork owns its folder."""
    from relwork.config import load_settings
    from relwork.locations import default_db_path

    chosen = flag or os.environ.get("RELWORK_DB") or load_settings().database
    if chosen:
        return Path(chosen), False  # open_store expands ~ and reports a bad path
    return default_db_path(), True


def _open(path: Path, private_parent: bool = False):  # type: ignore[no-untyped-def]
    from relwork.db import StoreError, open_store

    try:
        return open_store(path, private_parent=private_parent)
    except StoreError as exc:
        print(f"relwork: {exc}", file=sys.stderr)
        return None


def _run(path: Path, private_parent: bool) -> int:
    store = _open(path, private_parent=private_parent)
    if store is None:
        return 1
    return _run_app(store, demo=False)


def _run_app(store, *, demo: bool) -> int:  # type: ignore[no-untyped-def]
    from relwork.app import create_app

    try:
        app = create_app(store, demo=demo)
        app.run()
    finally:
        store.close()
    return app.return_code or 0  # e.g. 143 after SIGTERM (see safety.protect_drafts)


def _write_demo(path: Path) -> int:
    try:
        path = path.expanduser()
        taken = path.exists() and path.stat().st_size > 0
    except (OSError, RuntimeError) as exc:  # e.g. ~unknown-user, a name too long
        reason = getattr(exc, "strerror", None) or str(exc)
        print(f"relwork: Cannot use {path}: {reason.rstrip('.')}.", file=sys.stderr)
        return 1
    if taken:
        print(
            f"relwork: {path} already exists; give a new file name for the demo.", file=sys.stderr
        )
        return 1
    store = _open(path)
    if store is None:
        return 1
    count = _fill_demo(store)
    store.close()
    print(f"Wrote the demo portfolio ({count} clients) to {path}")
    return 0


def _fill_demo(store) -> int:  # type: ignore[no-untyped-def]
    from relwork.services.demo import load_demo

    with store.session() as session:
        return load_demo(session=session)


def _run_demo() -> int:
    """The demo lives in a private scratch folder that is removed afterwards, so it
    never touches the user's own database."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="relwork-demo-"))
    try:
        store = _open(folder / "demo.db")
        if store is None:
            return 1
        gc.enable()  # filling the demo portfolio leaves garbage behind: collect it
        _fill_demo(store)
        gc.disable()
        return _run_app(store, demo=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
