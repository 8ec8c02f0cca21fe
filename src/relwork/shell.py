"""The quick shell commands: ``relwork note``, ``relwork today``, ``relwork log``.

They answer without the full-screen app: no Textual, no ORM, only sqlite3 and the
services written for the fast path. User text is printed literally.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from relwork import clock
from relwork.config import current_user, load_settings
from relwork.enums import InteractionKind
from relwork.matching import MatchResult, match_name
from relwork.services import quicknote

if TYPE_CHECKING:
    from relwork.db import Store


class UserError(Exception):
    """Something the user can fix; printed as one line, exit status 1."""


def run(args: argparse.Namespace, store: Store) -> int:
    command = {"note": note, "today": today, "log": log}[args.command]
    try:
        return command(args, store)
    except (UserError, quicknote.CaptureError) as exc:
        print(f"relwork: {exc}", file=sys.stderr)
        return 1


# --- relwork note -----------------------------------------------------------------------


def note(args: argparse.Namespace, store: Store) -> int:
    client_id, client_name = _pick_client(store, args.client)
    people = [_pick_person(store, client_id, name) for name in args.people]
    when = quicknote.parse_when(args.at, clock.today()) if args.at else None
    text = " ".join(args.text) if args.text else _read_stdin()
    saved = quicknote.save_note(
        store,
        quicknote.NoteToSave(
            client_id=client_id,
            text=text,
            kind=InteractionKind(args.kind),
            occurred_at=when,
            people=people,
        ),
        author=current_user(load_settings()),
        now=clock.now(),
    )
    moment = (when or clock.now()).strftime("%Y-%m-%d %H:%M")
    kind = InteractionKind(args.kind).label.lower()
    article = "an" if kind[0] in "aeiou" else "a"
    print(f"Saved {article} {kind} note for {client_name} ({moment}).")
    for action in saved.actions:
        extra = [part for part in (action.owner, action.due and f"due {action.due}") if part]
        print(f"  + action: {action.text}" + (f" ({', '.join(extra)})" if extra else ""))
    return 0


def _read_stdin() -> str:
    if sys.stdin is None:
        raise UserError("Give the note as TEXT or on standard input.")
    if sys.stdin.isatty():
        print("Type the note; end it with Ctrl-D on a line of its own.", file=sys.stderr)
    return sys.stdin.read()


# --- relwork today -------------------------------------------------------------------------


def today(args: argparse.Namespace, store: Store) -> int:
    from relwork.services.today import by_client, today_items

    items = today_items(store, clock.today())
    if args.json:
        print(json.dumps([_item_json(i) for i in items], indent=2, ensure_ascii=False))
        return 0
    if not items:
        print("Nothing needs attention today.")
        return 0
    rows = []
    for client, group in by_client(items):
        for position, item in enumerate(group):
            label = {"action": "action", "person": "call", "review": "review"}[item.kind]
            title = item.title + (f" ({item.owner})" if item.owner else "")
            when = item.detail + (" !" if item.overdue else "")
            rows.append([client if position == 0 else "", label, title, when])
    _print_columns(["Client", "", "What", "When"], rows, [24, 6, None, 22])
    return 0


def _item_json(item: Any) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "client_id": item.client_id,
        "client": item.client_name,
        "id": item.record_id,
        "title": item.title,
        "detail": item.detail,
        "due": item.due.isoformat(),
        "overdue": item.overdue,
    }


# --- relwork log ----------------------------------------------------------------------------


def log(args: argparse.Namespace, store: Store) -> int:
    from relwork.services.timeline import ACTION, STEP, timeline

    client_id, client_name = _pick_client(store, args.client, include_archived=True)
    kinds = set(args.kind) if args.kind else None
    allowed = {k.value for k in InteractionKind} | {STEP, ACTION}
    if kinds and not kinds <= allowed:
        raise UserError(
            f"Unknown kind {', '.join(sorted(kinds - allowed))}; use one of "
            f"{', '.join(sorted(allowed))}."
        )
    person = _pick_person(store, client_id, args.person) if args.person else None
    entries = timeline(store, client_id, kinds=kinds, person_id=person, limit=max(1, args.limit))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "when": e.when.isoformat(),
                        "kind": e.kind,
                        "title": e.title,
                        "text": e.body,
                        "people": e.people,
                        "author": e.author,
                        "id": e.record_id,
                    }
                    for e in entries
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    if not entries:
        print(f"Nothing logged for {client_name} yet.")
        return 0
    rows = [
        [
            clock.local(entry.when).strftime("%Y-%m-%d %H:%M"),
            entry.kind_label,
            entry.title,
            ", ".join(entry.people),
        ]
        for entry in entries
    ]
    print(client_name)
    _print_columns(["When", "Kind", "Entry", "People"], rows, [16, 9, None, 24])
    return 0


# --- shared -----------------------------------------------------------------------------------


def _pick_client(store: Store, query: str, *, include_archived: bool = False) -> tuple[int, str]:
    choices = quicknote.client_choices(store)
    if include_archived:
        rows = store.read(
            "SELECT a.id, o.name FROM account a JOIN organization o "
            "ON o.id = a.organization_id WHERE a.archived_at IS NOT NULL"
        )
        choices += [(row["name"], row["id"]) for row in rows]
    result = match_name(query, choices)
    chosen = _chosen(result, query, "client")
    return chosen.item, chosen.name


def _pick_person(store: Store, client_id: int, query: str) -> int:
    result = match_name(query, quicknote.contact_choices(store, client_id))
    return _chosen(result, query, "contact of this client").item


def _chosen(result: MatchResult[int], query: str, what: str) -> Any:
    if result.chosen is not None:
        return result.chosen
    names = ", ".join(c.name for c in result.candidates)
    if result.unknown:
        raise UserError(f"No {what} matches '{query}'. Nothing was saved.")
    if len(result.candidates) == 1:
        raise UserError(f"Did you mean {names}? Type more of the name; nothing was saved.")
    raise UserError(
        f"'{query}' matches several: {names}. Type more of the name; nothing was saved."
    )


def _print_columns(headings: list[str], rows: list[list[str]], widths: list[int | None]) -> None:
    """Plain aligned columns. On a terminal they fit its width and long values end in
    '…'; into a pipe or a file every value is printed whole. Thousands of rows take
    milliseconds this way (a Rich table took over a second)."""
    import shutil

    values = [[_one_line(v) for v in row] for row in rows]
    if sys.stdout.isatty():
        total = shutil.get_terminal_size((100, 24)).columns
        fixed = sum(w for w in widths if w is not None) + 2 * (len(widths) - 1)
        sized = [w if w is not None else max(20, total - fixed) for w in widths]
    else:
        sized = [max([len(h), *(len(r[i]) for r in values)]) for i, h in enumerate(headings)]
    lines = [_line(headings, sized)] + [_line(row, sized) for row in values]
    sys.stdout.write("\n".join(lines) + "\n")


def _line(values: list[str], widths: list[int]) -> str:
    cells = [v if len(v) <= w else v[: w - 1] + "…" for v, w in zip(values, widths, strict=True)]
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


def _one_line(value: str) -> str:
    return " ".join(value.split())
