"""The demo portfolio: fictional clients loaded from data/demo.toml.

Dates in the file are relative (days ago / due in days) so the demo always looks
current; they are resolved against the clock when the demo is written.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from relwork import clock
from relwork.locations import shipped_data_dir
from relwork.models import (
    Account,
    ActionItem,
    Contact,
    Interaction,
    InteractionAttendee,
    JourneyStepChange,
    Organization,
    Stakeholder,
)


def demo_source() -> Path:
    return shipped_data_dir() / "demo.toml"


def load_demo(*, session: Session, source: Path | None = None) -> int:
    """Write the demo portfolio into an empty store; returns the number of clients."""
    raw = tomllib.loads((source or demo_source()).read_text(encoding="utf-8"))
    now = clock.now()
    for entry in raw["client"]:
        _load_client(session, entry, now)
    session.commit()
    return len(raw["client"])


def _load_client(session: Session, entry: dict[str, Any], now: datetime) -> None:
    today = now.date()
    org = Organization(
        name=entry["name"], industry=entry.get("industry", ""), notes=entry.get("notes", "")
    )
    session.add(org)
    session.flush()
    assert org.id is not None
    start = entry.get("start_days_ago")
    review = entry.get("next_review_in_days")
    account = Account(
        organization_id=org.id,
        rm_owner=entry.get("rm_owner", ""),
        status=entry["status"],
        current_step=entry["current_step"],
        current_type=entry["current_type"],
        target_type=entry.get("target_type"),
        service_tier=entry.get("service_tier", ""),
        start_date=today - timedelta(days=start) if start is not None else None,
        review_cadence_days=entry.get("review_cadence_days"),
        next_review_due=today + timedelta(days=review) if review is not None else None,
        customer_assets_note=entry.get("customer_assets_note", ""),
        notes=entry.get("notes", ""),
    )
    session.add(account)
    session.flush()
    assert account.id is not None

    previous = None
    for change in entry.get("steps", []):
        session.add(
            JourneyStepChange(
                account_id=account.id,
                from_step=previous,
                to_step=change["step"],
                changed_at=_ago(now, change["days_ago"]),
                author=account.rm_owner,
            )
        )
        previous = change["step"]

    contacts: dict[str, Contact] = {}
    for item in entry.get("contact", []):
        contact = Contact(
            organization_id=org.id,
            **{k: v for k, v in item.items() if k != "key"},
        )
        session.add(contact)
        contacts[item["key"]] = contact
    session.flush()

    for item in entry.get("stakeholder", []):
        values = dict(item)
        person = contacts[values.pop("contact")] if "contact" in values else None
        session.add(
            Stakeholder(
                account_id=account.id,
                contact_id=person.id if person else None,
                consumer_roles=list(person.consumer_roles) if person else [],
                last_reviewed=today - timedelta(days=values.pop("reviewed_days_ago", 30)),
                **values,
            )
        )

    for item in entry.get("note", []):
        note = Interaction(
            account_id=account.id,
            occurred_at=_ago(now, item["days_ago"], item.get("at", "10:00")),
            kind=item["kind"],
            summary=item["text"].strip(),
            author=account.rm_owner,
        )
        session.add(note)
        session.flush()
        assert note.id is not None
        for key in dict.fromkeys(item.get("attendees", [])):
            session.add(InteractionAttendee(interaction_id=note.id, contact_id=_id(contacts[key])))

    for item in entry.get("action", []):
        due = item.get("due_in_days")
        done_ago = item.get("days_ago_done")
        session.add(
            ActionItem(
                account_id=account.id,
                text=item["text"],
                owner=item.get("owner", ""),
                due_date=today + timedelta(days=due) if due is not None else None,
                done_at=_ago(now, done_ago or 0) if item.get("done") else None,
            )
        )


def _id(contact: Contact) -> int:
    assert contact.id is not None  # flushed above
    return contact.id


def _ago(now: datetime, days: int, at: str = "10:00") -> datetime:
    day: date = now.date() - timedelta(days=days)
    hour, minute = (int(part) for part in at.split(":"))
    moment = datetime.combine(day, time(hour, minute), tzinfo=now.tzinfo)
    return min(moment, now)
