"""The review form: its checked data (``ReviewData``), invited experts, a saved review as a form."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import field_validator
from sqlmodel import SQLModel

from relwork.enums import AttendeeSide, ReviewFormat
from relwork.services.review_cadence import local_time
from relwork.services.validation import local_datetime, optional_int, validate
from relwork.text import clean, clean_line

if TYPE_CHECKING:
    from relwork.models import ClientReview, ReviewAttendee

NAME_MAX = 200
ROLE_MAX = 120
_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


@dataclass(frozen=True)
class Expert:
    """A person from our side invited to the review."""

    name: str
    email: str = ""
    role: str = ""


def parse_experts(text: str) -> list[Expert]:
    """One expert per line: name, email and role separated by commas or semicolons, in
    any order after the name (the part with an @ is the email). Raises ``ValueError``
    naming the line to fix."""
    experts = []
    for number, line in enumerate(clean(text).splitlines(), start=1):
        parts = [p.strip().strip("<>").strip() for p in re.split(r"[,;]", line)]
        parts = [p for p in parts if p]
        if not parts:
            continue
        emails = [p for p in parts if "@" in p]
        others = [p for p in parts if "@" not in p]
        if len(emails) > 1:
            raise ValueError(f"Line {number} has two email addresses; keep one.")
        email = emails[0] if emails else ""
        if email and not _EMAIL.match(email):
            raise ValueError(f"Line {number}: '{email}' is not an email address.")
        if not others:
            raise ValueError(f"Line {number} needs the person's name before the email.")
        name, role = others[0], ", ".join(others[1:])
        experts.append(Expert(name[:NAME_MAX], email[:NAME_MAX], role[:ROLE_MAX]))
    return experts


def experts_text(experts: Sequence[Expert]) -> str:
    return "\n".join(", ".join(p for p in (e.name, e.email, e.role) if p) for e in experts)


class ReviewData(SQLModel):
    """What the review form edits; validated before anything is written."""

    scheduled_for: datetime
    duration_minutes: int = 60
    format: ReviewFormat = ReviewFormat.VIDEO
    location: str = ""
    primary_audience: str = ""
    secondary_audience: str = ""
    contact_ids: list[int] = []
    experts: list[Expert] = []

    @field_validator("scheduled_for", mode="before")
    @classmethod
    def _when(cls, value: Any) -> datetime:
        if not clean_line(str(value or "")):
            raise ValueError("Enter when the review starts, as YYYY-MM-DD HH:MM.")
        try:
            return local_datetime(value)
        except ValueError:
            raise ValueError(
                f"'{clean_line(str(value))}' is not a date and time; use YYYY-MM-DD HH:MM."
            ) from None

    @field_validator("duration_minutes", mode="before")
    @classmethod
    def _minutes(cls, value: Any) -> int:
        minutes = optional_int(value, low=5, high=600, what="the length in minutes")
        return 60 if minutes is None else minutes

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        if not value:
            raise ValueError("Choose how the review is held.")
        return value

    @field_validator("location", "primary_audience", "secondary_audience", mode="before")
    @classmethod
    def _line(cls, value: Any) -> str:
        return clean_line(str(value or ""))[:200]

    @field_validator("contact_ids", mode="before")
    @classmethod
    def _contacts(cls, value: Any) -> list[int]:
        return [int(v) for v in value or []]

    @field_validator("experts", mode="before")
    @classmethod
    def _experts(cls, value: Any) -> list[Expert]:
        if isinstance(value, list):
            return value
        return parse_experts(str(value or ""))


def parse_review(values: dict[str, Any]) -> ReviewData:
    """The review form's values (``contacts``: chosen contact ids, ``experts``: text)."""
    data = dict(values)
    if "contacts" in data:
        data["contact_ids"] = data.pop("contacts")
    return validate(ReviewData, data)


def review_form(review: ClientReview, attendees: Sequence[ReviewAttendee]) -> dict[str, Any]:
    """A saved review in the shape of the form."""
    return {
        "scheduled_for": local_time(review.scheduled_for).strftime("%Y-%m-%d %H:%M"),
        "duration_minutes": str(review.duration_minutes),
        "format": str(review.format),
        "location": review.location,
        "primary_audience": review.primary_audience,
        "secondary_audience": review.secondary_audience,
        "contacts": [str(a.contact_id) for a in attendees if a.contact_id is not None],
        "experts": experts_text(
            [Expert(a.name, a.email, a.role) for a in attendees if a.side == AttendeeSide.PROVIDER]
        ),
    }


def suggested_start(today: date, next_due: date | None) -> str:
    """A start for a new review's form: the due day if it is still ahead, at 10:00."""
    day = next_due if next_due is not None and next_due >= today else today + timedelta(days=7)
    return f"{day.isoformat()} 10:00"
