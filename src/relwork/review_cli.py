"""``relwork review CLIENT``: a client's reviews, and their report or invitation as files.

``relwork review tide`` lists the reviews; ``--export md|docx|ics`` writes the latest one
(or ``--review ID``) to the exports folder or ``--out PATH``. Exporting the report of a
held review marks it reported, as the app does. No Textual here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from relwork.config import current_user, load_settings
from relwork.matching import match_name

if TYPE_CHECKING:
    from relwork.db import Store


class ReviewCliError(Exception):
    """Something the user can fix; printed as one line, exit status 1."""


def run(args: argparse.Namespace, store: Store) -> int:
    try:
        return _run(args, store)
    except ReviewCliError as exc:
        print(f"relwork: {exc}", file=sys.stderr)
        return 1


def _pick_client(store: Store, query: str) -> tuple[int, str]:
    from relwork.services.quicknote import client_choices

    result = match_name(query, client_choices(store))
    if result.chosen is not None:
        return result.chosen.item, result.chosen.name
    names = ", ".join(c.name for c in result.candidates)
    if result.unknown:
        raise ReviewCliError(f"No client matches '{query}'. Nothing was written.")
    if len(result.candidates) == 1:
        raise ReviewCliError(f"Did you mean {names}? Type more of the name; nothing was written.")
    raise ReviewCliError(
        f"'{query}' matches several: {names}. Type more of the name; nothing was written."
    )


def _run(args: argparse.Namespace, store: Store) -> int:
    from relwork.services import reviews

    client_id, client_name = _pick_client(store, args.client)
    with store.session() as session:
        rows = reviews.list_reviews(session=session, client_id=client_id)
        if not rows:
            raise ReviewCliError(
                f"{client_name} has no reviews yet; plan one in the app (R on the client's page)."
            )
        if args.export is None:
            if args.out or args.review is not None:
                raise ReviewCliError("Say what to export with --export md, docx or ics.")
            _print_list(client_name, rows)
            return 0
        chosen = rows[0]
        if args.review is not None:
            found = [r for r in rows if r.id == args.review]
            if not found:
                numbers = ", ".join(str(r.id) for r in rows)
                raise ReviewCliError(
                    f"{client_name} has no review {args.review}; its reviews are {numbers}."
                )
            chosen = found[0]
        out = Path(args.out) if args.out else None
        try:
            result = reviews.export_review(
                session=session,
                review_id=chosen.id,
                fmt=args.export,
                out=out,
                organizer=current_user(load_settings()),
            )
        except OSError as exc:
            where = exc.filename or args.out or "the exports folder"
            raise ReviewCliError(
                f"Cannot write {where}: {exc.strerror or exc}. Nothing was written."
            ) from None
    what = reviews.EXPORT_FORMATS[args.export]
    day = chosen.starts_at.strftime("%Y-%m-%d")
    print(f"Wrote the {what} of the {day} review with {client_name} to {result.path}")
    if args.export != "ics":
        if result.reported:
            print("The review is marked reported.")
        else:
            print(f"The review is {chosen.status.label.lower()}, so it stays that way.")
    return 0


def _print_list(client_name: str, rows: list) -> None:  # type: ignore[type-arg]
    print(f"{client_name}: reviews, newest first")
    for row in rows:
        people = f"{row.attendees} attendee{'s' if row.attendees != 1 else ''}"
        print(
            f"  {row.id:>4}  {row.starts_at.strftime('%Y-%m-%d %H:%M')}  "
            f"{row.status.label:<9} {row.format.label:<9} {people}"
        )
