"""The review pack and its exports: Markdown, Word (read back with python-docx) and the
iCalendar invitation (read back with icalendar); private files; reported only when held."""

from __future__ import annotations

import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import icalendar
import pytest

from relwork.db import Store
from relwork.enums import ReviewFormat, ReviewStatus
from relwork.exporters.review_docx import review_docx
from relwork.exporters.review_ics import review_ics
from relwork.exporters.review_markdown import export_file_name, review_markdown
from relwork.locations import data_dir
from relwork.services import agenda, reviews
from relwork.services.agenda_facts import DraftItem, DraftSection
from relwork.services.clients import create_client, parse_client
from relwork.services.contacts import create_contact, parse_contact

USER = "Sam Okafor"
SCORE = "99.6% (Oct 2026) · ≥ 99.5% · met · +0.1%"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def review_id(store: Store) -> int:
    """A held review of 'Tidewell Freight' with a scorecard, typed and secondary items,
    notes, a decision, an action and a recommendation."""
    with store.session() as session:
        client = create_client(session=session, data=parse_client({"name": "Tidewell Freight"}))
        rhys = create_contact(
            session=session,
            client_id=client.id,
            data=parse_contact({"name": "Rhys Calloway", "email": "rhys@tidewell.example"}),
        )
        ines = create_contact(
            session=session, client_id=client.id, data=parse_contact({"name": "Ines"})
        )
        review = reviews.schedule_review(
            session=session,
            client_id=client.id,
            data=reviews.parse_review(
                {
                    "scheduled_for": "2026-11-26 10:00",
                    "duration_minutes": "90",
                    "format": "video",
                    "location": "https://meet.example/qbr",
                    "contacts": [str(rhys.id), str(ines.id)],
                    "experts": f"{USER}, sam@bluehaven.example, relationship manager",
                }
            ),
        )
        assert review.id is not None
        agenda.save_draft(
            session=session,
            review_id=review.id,
            sections=[
                DraftSection(
                    "baseline",
                    "Service report",
                    items=(
                        DraftItem("Availability", SCORE, "metric:1"),
                        DraftItem("First-time fix", "71% · ≥ 75% · missed · -1%", "metric:2"),
                        DraftItem("# Not a heading | really", "typed by hand"),
                    ),
                ),
                DraftSection(
                    "risks",
                    "Risks",
                    items=(
                        DraftItem("Carrier outage", "shared", "risk:1"),
                        DraftItem("Key engineer leaves", "not shared", "risk:2", True),
                    ),
                ),
                DraftSection("left", "Left out", items=(DraftItem("Never shown"),)),
                DraftSection(
                    "relationship",
                    "Trust and stakeholders",
                    secondary_only=True,
                    items=(DraftItem("Trust index 4.0 (High)", source="trust:1"),),
                ),
            ],
        )
        sections = agenda.load_agenda(session=session, review_id=review.id)
        agenda.toggle_included(session=session, section_id=sections[2].id)
        first_fix = sections[0].items[1]
        agenda.save_notes(
            session=session, item_id=first_fix.id, notes="Scanner swaps.\nSecond visit."
        )
        agenda.save_decision(session=session, item_id=first_fix.id, decision="Spares in every van")
        agenda.save_notes(
            session=session, section_id=sections[1].id, notes="Agreed to review in Q1."
        )
        reviews.add_review_actions(
            session=session,
            review_id=review.id,
            text="send the recovery plan @Rhys due:2026-12-04",
            today=datetime(2026, 11, 26).date(),
        )
        reviews.add_recommendation(
            session=session, review_id=review.id, text="Add a 4G fail-over router", owner=USER
        )
        reviews.mark_held(
            session=session, review_id=review.id, held_at=datetime(2026, 11, 26, 11, tzinfo=UTC)
        )
        return review.id


def _pack(store: Store, review_id: int) -> reviews.ReviewPack:
    with store.session() as session:
        return reviews.review_pack(session=session, review_id=review_id, organizer=USER)


def test_the_pack_splits_main_body_and_appendix(store: Store, review_id: int) -> None:
    pack = _pack(store, review_id)
    assert [s.title for s in pack.main] == ["Service report", "Risks"]
    assert [[i.text for i in s.items] for s in pack.appendix] == [
        ["Key engineer leaves"],
        ["Trust index 4.0 (High)"],
    ]
    assert [i.text for i in pack.main[1].items] == ["Carrier outage"]
    assert pack.main[0].scorecard == [
        ("Availability", "99.6% (Oct 2026)", "≥ 99.5%", "met", "+0.1%"),
        ("First-time fix", "71%", "≥ 75%", "missed", "-1%"),
    ]
    assert pack.decisions == [("First-time fix", "Spares in every van")]
    assert [(a.text, a.owner) for a in pack.actions] == [
        ("send the recovery plan", "Rhys Calloway")
    ]
    assert pack.status == ReviewStatus.HELD
    assert pack.ends_at - pack.starts_at == timedelta(minutes=90)


def test_markdown_shows_the_agenda_tables_and_appendix(store: Store, review_id: int) -> None:
    text = review_markdown(_pack(store, review_id))
    assert text.startswith("# Service review: Tidewell Freight, 26 November 2026\n")
    assert "## 1. Service report" in text and "## 2. Risks" in text
    assert f"| Availability | {SCORE.replace(' · ', ' | ')} |" in text
    assert "- \\# Not a heading | really — typed by hand" in text
    assert "  - _Notes:_ Scanner swaps.\n    Second visit." in text
    assert "- _Notes:_ Agreed to review in Q1." in text
    assert "| send the recovery plan | Rhys Calloway | 2026-12-04 | open |" in text
    assert "- Add a 4G fail-over router (Sam Okafor, open)" in text
    main, appendix = text.split("## Appendix: for the secondary audience")
    assert "Key engineer leaves" not in main and "Key engineer leaves" in appendix
    assert "### Trust and stakeholders" in appendix
    assert "Never shown" not in text and "Left out" not in text


def test_word_document_read_back(store: Store, review_id: int, tmp_path: Path) -> None:
    with store.session() as session:
        result = reviews.export_review(
            session=session, review_id=review_id, fmt="docx", out=tmp_path, organizer=USER
        )
        shown = agenda.load_agenda(session=session, review_id=review_id)
    assert result.path == tmp_path / "tidewell-freight-review-2026-11-26.docx"
    assert _mode(result.path) == 0o600
    document = docx.Document(str(result.path))
    paragraphs = [p.text for p in document.paragraphs]
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings == [
        "Service review: Tidewell Freight, 26 November 2026",
        "Attendees",
        "1. Service report",
        "2. Risks",
        "Decisions",
        "Actions agreed",
        "Recommendations",
        "Appendix: for the secondary audience",
        "Risks",
        "Trust and stakeholders",
    ]
    assert document.core_properties.author == USER
    assert "When: Thursday 26 November 2026, 10:00–11:30 (90 minutes)" in paragraphs
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    attendees, scorecard, actions = tables
    assert [row[0] for row in attendees[1:]] == ["Ines", "Rhys Calloway", USER]
    assert scorecard[0] == ["Measure", "Latest", "Target", "Status", "Change"]
    assert scorecard[1] == ["Availability", "99.6% (Oct 2026)", "≥ 99.5%", "met", "+0.1%"]
    assert actions[1] == ["send the recovery plan", "Rhys Calloway", "2026-12-04", "open"]
    # everything the agenda screen shows as included is in the document, the rest is not
    everything = "\n".join(paragraphs + [c for t in tables for row in t for c in row])
    for section in shown:
        for item in section.items:
            assert (item.text in everything) == (section.included and item.included)
    appendix_at = paragraphs.index("Appendix: for the secondary audience")
    assert paragraphs.index("Key engineer leaves — not shared") > appendix_at
    assert (
        "Recommendations" in paragraphs
        and "Add a 4G fail-over router (Sam Okafor, open)" in paragraphs
    )
    assert "Decision: Spares in every van" in paragraphs


def test_invitation_read_back(store: Store, review_id: int) -> None:
    pack = _pack(store, review_id)
    calendar = icalendar.Calendar.from_ical(review_ics(pack))
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 11, 26, 11, 30, tzinfo=UTC)
    assert str(event["summary"]) == "Service review: Tidewell Freight"
    assert str(event["location"]) == "https://meet.example/qbr"
    description = str(event["description"])
    assert "1. Service report\n2. Risks" in description
    assert "Trust and stakeholders" not in description  # the appendix is not on the invite
    organizer = event["organizer"]
    assert str(organizer) == "mailto:sam@bluehaven.example"
    assert organizer.params["CN"] == USER
    attendees = event["attendee"]
    assert {(str(a), a.params["CN"]) for a in attendees} == {
        ("mailto:rhys@tidewell.example", "Rhys Calloway"),
        ("mailto:sam@bluehaven.example", USER),
    }  # Ines has no email, so she is not invited by mail
    assert str(event["uid"]) == f"relwork-review-{review_id}@relwork"


def test_an_organizer_without_an_address(store: Store, review_id: int) -> None:
    pack = _pack(store, review_id)
    (event,) = icalendar.Calendar.from_ical(
        review_ics(replace(pack, organizer="Someone Else"))
    ).walk("VEVENT")
    assert str(event["organizer"]) == "invalid:nomail"
    assert event["organizer"].params["CN"] == "Someone Else"


def test_exports_go_to_the_private_exports_folder(store: Store, review_id: int) -> None:
    before = review_markdown(_pack(store, review_id))  # the report says "held": it was then
    with store.session() as session:
        result = reviews.export_review(
            session=session, review_id=review_id, fmt="md", organizer=USER
        )
    folder = data_dir() / "exports"
    assert result.path == folder / "tidewell-freight-review-2026-11-26.md"
    assert _mode(folder) == 0o700 and _mode(result.path) == 0o600
    assert result.path.read_text("utf-8") == before


def test_an_existing_file_is_replaced_and_ends_up_private(
    store: Store, review_id: int, tmp_path: Path
) -> None:
    target = tmp_path / "new" / "report.ics"
    target.parent.mkdir()
    target.write_text("old")
    target.chmod(0o644)
    with store.session() as session:
        result = reviews.export_review(
            session=session, review_id=review_id, fmt="ics", out=target, organizer=USER
        )
    assert result.path == target
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert _mode(target) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["report.ics"]  # no temporary left


def test_only_the_report_of_a_held_review_marks_it_reported(
    store: Store, review_id: int, tmp_path: Path
) -> None:
    with store.session() as session:
        invite = reviews.export_review(
            session=session, review_id=review_id, fmt="ics", out=tmp_path, organizer=USER
        )
        assert reviews.get_review(session=session, review_id=review_id).status == "held"
        report = reviews.export_review(
            session=session, review_id=review_id, fmt="md", out=tmp_path, organizer=USER
        )
        assert reviews.get_review(session=session, review_id=review_id).status == "reported"
        planned = reviews.schedule_review(
            session=session,
            client_id=reviews.get_review(session=session, review_id=review_id).account_id,
            data=reviews.parse_review({"scheduled_for": "2027-02-20 10:00", "format": "phone"}),
        )
        early = reviews.export_review(
            session=session, review_id=planned.id or 0, fmt="docx", out=tmp_path
        )
        assert reviews.get_review(session=session, review_id=planned.id or 0).status == "planned"
        with pytest.raises(reviews.ReviewError, match="md, docx or ics"):
            reviews.export_review(session=session, review_id=review_id, fmt="pdf")
    assert invite.reported is False
    assert report.reported is True
    assert early.reported is False


def test_file_names_keep_letters_and_digits() -> None:
    pack = reviews.ReviewPack(
        review_id=1,
        client_name="Pemberlow & Ashcroft / LLP",
        starts_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
        duration_minutes=60,
        format=ReviewFormat.PHONE,
        location="",
        status=ReviewStatus.PLANNED,
        primary_audience="",
        secondary_audience="",
        covers_from=None,
        held_on=None,
        attendees=(),
        main=(),
        appendix=(),
        actions=(),
        recommendations=(),
        no_recommendation_reason="because nothing changed",
    )
    assert export_file_name(pack, ".md") == "pemberlow-ashcroft-llp-review-2026-12-01.md"
    text = review_markdown(pack)
    assert "- No recommendation this time: because nothing changed" in text
    assert review_docx(pack)[:2] == b"PK"  # a zip, as .docx files are
