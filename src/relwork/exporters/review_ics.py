"""A client review's invitation as an iCalendar file (one VEVENT).

The event starts at the review's time and lasts its duration; its description lists
the agenda's sections for everyone (not the appendix). The organizer is the relwork
user; every attendee with an email address is invited.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from relwork import clock
from relwork.exporters.files import write_private
from relwork.exporters.review_markdown import export_target, when_text
from relwork.services.review_pack import ReviewPack

PRODID = "-//relwork//client reviews//EN"
NO_MAIL = "invalid:nomail"  # the calendar convention for someone without an address


def description(pack: ReviewPack) -> str:
    lines = [when_text(pack), ""]
    if pack.main:
        lines.append("Agenda:")
        lines += [f"{n}. {s.title}" for n, s in enumerate(pack.main, start=1)]
    return "\n".join(lines)


def organizer_address(pack: ReviewPack) -> str:
    """mailto: of the organizer when one of our attendees has their name and an email."""
    for person in pack.attendees:
        if person.email and person.name.casefold() == pack.organizer.casefold():
            return f"mailto:{person.email}"
    if "@" in pack.organizer:
        return f"mailto:{pack.organizer}"
    return NO_MAIL


def review_ics(pack: ReviewPack, *, stamp: datetime | None = None) -> bytes:
    """The invitation as the bytes of an .ics file."""
    from icalendar import Calendar, Event, vCalAddress, vText

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"relwork-review-{pack.review_id}@relwork")
    event.add("dtstamp", (stamp or clock.now()).astimezone(UTC))
    event.add("dtstart", pack.starts_at.astimezone(UTC))
    event.add("dtend", pack.ends_at.astimezone(UTC))
    event.add("summary", f"Service review: {pack.client_name}")
    if pack.location:
        event.add("location", pack.location)
    event.add("description", description(pack))
    if pack.organizer:
        organizer = vCalAddress(organizer_address(pack))
        organizer.params["cn"] = vText(pack.organizer)
        event["organizer"] = organizer
    for person in pack.attendees:
        if not person.email:
            continue
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    return calendar.to_ical()


def export_review_ics(path: Path | None, pack: ReviewPack) -> Path:
    """Write the invitation to a private .ics file; returns where it went."""
    target = export_target(path, pack, ".ics")
    write_private(target, review_ics(pack))
    return target
