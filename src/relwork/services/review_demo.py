"""Demo reviews, risks and responsibility lines from ``data/demo/reviews.toml``."""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from relwork.enums import RecommendationStatus
from relwork.locations import shipped_data_dir
from relwork.services import agenda_edit, agenda_gather
from relwork.services.review_form import parse_review
from relwork.services.review_meeting import (
    add_recommendation,
    add_review_actions,
    set_recommendation_status,
)
from relwork.services.review_schedule import _stored, get_review, schedule_review
from relwork.services.review_status import mark_held, mark_prepared, mark_reported
from relwork.services.risks import (
    ResponsibilityData,
    RiskData,
    parse_responsibility,
    parse_risk,
    save_responsibility,
    save_risk,
)

_DEMO_KEYS = {
    "client": {"name", "risk", "responsibility", "review"},
    "risk": set(RiskData.model_fields),
    "responsibility": set(ResponsibilityData.model_fields),
    "review": {
        "in_days", "at", "minutes", "format", "location", "primary_audience",
        "secondary_audience", "attendees", "experts", "status", "notes", "action",
        "recommendation",
    },
    "action": {"text", "done_days_after"},
    "recommendation": {"text", "owner", "status"},
}  # fmt: skip


def load_demo(*, session: Session, portfolio: Any, source: Path | None = None) -> None:
    """Demo reviews, risks and responsibility lines from ``data/demo/reviews.toml``
    (a ``relwork.services.demo`` extension). Days are relative to ``portfolio.now``.
    A name or field the file does not know raises ``DemoDataError``; a portfolio from
    another demo file, with none of these clients, gets nothing."""
    from relwork.services.demo import DemoDataError

    raw = tomllib.loads((source or shipped_data_dir() / "demo" / "reviews.toml").read_text("utf-8"))
    clients = raw.get("client", [])
    if not {c.get("name") for c in clients} & set(portfolio.accounts):
        return

    def check(entry: dict[str, Any], kind: str, where: str) -> None:
        unknown = sorted(set(entry) - _DEMO_KEYS[kind])
        if unknown:
            raise DemoDataError(
                f"demo/reviews.toml, {where}: unknown field(s) {', '.join(unknown)}"
            )

    now: datetime = portfolio.now
    for client in clients:
        name = client.get("name")
        check(client, "client", f"client {name!r}")
        if name not in portfolio.accounts:
            raise DemoDataError(f"demo/reviews.toml: {name!r} is not a demo client")
        client_id = portfolio.accounts[name]
        contacts = portfolio.contacts.get(name, {})
        for risk in client.get("risk", []):
            check(risk, "risk", f"a risk of {name}")
            save_risk(session=session, client_id=client_id, data=parse_risk(risk))
        for line in client.get("responsibility", []):
            check(line, "responsibility", f"a responsibility line of {name}")
            save_responsibility(
                session=session, client_id=client_id, data=parse_responsibility(line)
            )
        for entry in client.get("review", []):
            check(entry, "review", f"a review of {name}")
            for part in ("action", "recommendation"):
                for item in entry.get(part, []):
                    check(item, part, f"a review {part} of {name}")
            unknown = [key for key in entry.get("attendees", []) if key not in contacts]
            if unknown:
                raise DemoDataError(
                    f"demo/reviews.toml, a review of {name}: no contact {', '.join(unknown)}"
                )
            _demo_review(session, client_id, contacts, entry, now)


def _demo_review(
    session: Session, client_id: int, contacts: dict[str, int], entry: dict[str, Any], now: datetime
) -> None:
    when = (now + timedelta(days=entry["in_days"])).replace(
        hour=int(entry.get("at", "10:00")[:2]), minute=int(entry.get("at", "10:00")[3:5]), second=0
    )
    data = parse_review(
        {
            "scheduled_for": when,
            "duration_minutes": entry.get("minutes", 60),
            "format": entry.get("format", "video"),
            "location": entry.get("location", ""),
            "primary_audience": entry.get("primary_audience", ""),
            "secondary_audience": entry.get("secondary_audience", ""),
            "contacts": [contacts[key] for key in entry.get("attendees", [])],
            "experts": "\n".join(entry.get("experts", [])),
        }
    )
    review = schedule_review(session=session, client_id=client_id, data=data)
    assert review.id is not None
    if entry.get("status", "planned") != "planned":
        sections = agenda_gather.draft_agenda(
            session=session, review_id=review.id, today=when.date()
        )
        agenda_edit.save_draft(session=session, review_id=review.id, sections=sections)
        for note in entry.get("notes", []):
            _demo_note(session, review.id, note)
        mark_prepared(session=session, review_id=review.id)
    for action in entry.get("action", []):
        for row in add_review_actions(
            session=session, review_id=review.id, text=action["text"], today=when.date()
        ):
            if action.get("done_days_after") is not None:
                row.done_at = _stored(when + timedelta(days=action["done_days_after"]))
                session.add(row)
        session.commit()
    for rec in entry.get("recommendation", []):
        added = add_recommendation(
            session=session, review_id=review.id, text=rec["text"], owner=rec.get("owner", "")
        )
        if rec.get("status"):
            set_recommendation_status(
                session=session,
                recommendation_id=added.id or 0,
                status=RecommendationStatus(rec["status"]),
            )
    if entry.get("status") in ("held", "reported"):
        mark_held(session=session, review_id=review.id, held_at=when + timedelta(hours=1))
    if entry.get("status") == "reported":
        mark_reported(session=session, review_id=review.id)
        stored = get_review(session=session, review_id=review.id)
        stored.reported_at = _stored(when + timedelta(days=2))
        session.add(stored)
        session.commit()


def _demo_note(session: Session, review_id: int, note: dict[str, Any]) -> None:
    """Meeting notes on a section; with ``item``, a typed item added to it, with notes
    and a decision."""
    section = next(
        s
        for s in agenda_edit.load_agenda(session=session, review_id=review_id)
        if s.key == note["section"]
    )
    if "item" not in note:
        agenda_edit.save_notes(session=session, section_id=section.id, notes=note["notes"])
        return
    item_id = agenda_edit.add_item(session=session, section_id=section.id, text=note["item"])
    agenda_edit.save_notes(session=session, item_id=item_id, notes=note.get("notes", ""))
    agenda_edit.save_decision(session=session, item_id=item_id, decision=note.get("decision", ""))
