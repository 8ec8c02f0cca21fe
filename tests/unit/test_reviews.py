"""Client reviews (relwork.services.reviews): cadence and the next due date, scheduling,
the status rules, actions and recommendations from the meeting, the register, and the
overdue review showing on Today and the dashboard. The clock is Friday 2026-11-20 09:30 UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from relwork import clock
from relwork.db import Store
from relwork.enums import (
    AttendeeSide,
    RecommendationStatus,
    RelationshipType,
    ReviewFormat,
    ReviewStatus,
)
from relwork.models import Account, ActionItem, ClientReview, Organization, ReviewAttendee
from relwork.services import agenda, reviews
from relwork.services.clients import create_client, parse_client
from relwork.services.contacts import create_contact, parse_contact
from relwork.services.portfolio import portfolio_rows
from relwork.services.reference import default_review_cadence
from relwork.services.today import today_items
from relwork.services.validation import InvalidInput

TODAY = date(2026, 11, 20)


def _client(store: Store, name: str = "Acme Hosting", **values: Any) -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": name, **values})).id


def _contact(store: Store, client_id: int, name: str, email: str = "", title: str = "") -> int:
    with store.session() as session:
        contact = create_contact(
            session=session,
            client_id=client_id,
            data=parse_contact({"name": name, "email": email, "title": title}),
        )
    assert contact.id is not None
    return contact.id


def _schedule(store: Store, client_id: int, when: str = "2026-12-03 10:00", **values: Any) -> int:
    form = {"scheduled_for": when, "format": "video", **values}
    with store.session() as session:
        review = reviews.schedule_review(
            session=session, client_id=client_id, data=reviews.parse_review(form)
        )
    assert review.id is not None
    return review.id


def _account(store: Store, client_id: int) -> Account:
    with store.session() as session:
        account = session.get(Account, client_id)
        assert account is not None
        return account


def _recommend(store: Store, review_id: int, text: str = "Add a fail-over link") -> None:
    with store.session() as session:
        reviews.add_recommendation(session=session, review_id=review_id, text=text)


# --- cadence ---------------------------------------------------------------------------------


def test_cadence_is_the_clients_own_else_the_usual_for_its_type(store: Store) -> None:
    own = _client(store, "Own", review_cadence_days="45", current_type="partnership")
    usual = _client(store, "Usual", current_type="basic")
    assert reviews.cadence_days(_account(store, own)) == 45
    assert reviews.cadence_days(_account(store, usual)) == default_review_cadence(
        RelationshipType.BASIC
    )
    assert default_review_cadence(RelationshipType.BASIC) == 180


def test_next_due_is_a_cadence_after_the_day_held() -> None:
    assert reviews.next_due_after(date(2026, 11, 20), 90) == date(2027, 2, 18)
    assert reviews.next_due_after(date(2026, 12, 31), 30) == date(2027, 1, 30)


def test_due_text_says_when_and_how_late() -> None:
    assert reviews.due_text(None, TODAY) == "no review scheduled"
    assert reviews.due_text(TODAY, TODAY) == "next due 2026-11-20 (today)"
    assert reviews.due_text(TODAY + timedelta(days=1), TODAY).endswith("(in 1 day)")
    assert reviews.due_text(TODAY - timedelta(days=4), TODAY) == (
        "next due 2026-11-16: overdue by 4 days"
    )


# --- the form ----------------------------------------------------------------------------------


def test_experts_are_read_one_per_line_in_any_order() -> None:
    experts = reviews.parse_experts(
        "Priya Natarajan, priya@bluehaven.example, network engineer\n\n"
        "Tom Reyes; <tom@bluehaven.example>\n"
        "Ana Silva, security, architecture\n"
    )
    assert experts == [
        reviews.Expert("Priya Natarajan", "priya@bluehaven.example", "network engineer"),
        reviews.Expert("Tom Reyes", "tom@bluehaven.example", ""),
        reviews.Expert("Ana Silva", "", "security, architecture"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Priya, a@x.example, b@x.example", "Line 1 has two email addresses"),
        ("ok person\npriya@x.example", "Line 2 needs the person's name"),
        ("Priya, priya@nowhere", "'priya@nowhere' is not an email address"),
    ],
)
def test_experts_with_problems_name_the_line(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        reviews.parse_experts(text)


def test_the_form_says_what_to_fix() -> None:
    with pytest.raises(InvalidInput) as caught:
        reviews.parse_review(
            {
                "scheduled_for": "next week",
                "duration_minutes": "two",
                "format": "",
                "experts": "x@y.example",
            }
        )
    errors = caught.value.errors
    assert "YYYY-MM-DD HH:MM" in errors["scheduled_for"]
    assert "whole number" in errors["duration_minutes"]
    assert errors["format"] == "Choose how the review is held."
    assert "name" in errors["experts"]
    with pytest.raises(InvalidInput) as empty:
        reviews.parse_review({"scheduled_for": " ", "format": "video"})
    assert empty.value.errors["scheduled_for"].startswith("Enter when the review starts")


# --- scheduling --------------------------------------------------------------------------------


def test_scheduling_sets_the_next_due_date_and_the_attendees(store: Store) -> None:
    client_id = _client(store, start_date="2024-02-01", next_review_due="2027-05-01")
    rhys = _contact(store, client_id, "Rhys Calloway", "rhys@tidewell.example", "Head of IT")
    review_id = _schedule(
        store,
        client_id,
        "2026-12-03 10:00",
        duration_minutes="90",
        format="in_person",
        location="Boardroom 2",
        contacts=[str(rhys)],
        experts="Priya Natarajan, priya@bluehaven.example, network engineer",
    )
    assert _account(store, client_id).next_review_due == date(2026, 12, 3)
    with store.session() as session:
        review = reviews.get_review(session=session, review_id=review_id)
        people = reviews.attendees(session=session, review_id=review_id)
    assert review.status == ReviewStatus.PLANNED
    assert review.format == ReviewFormat.IN_PERSON
    assert review.duration_minutes == 90
    assert review.scheduled_for == datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    # the first review looks back to the start of the relationship
    assert review.covers_from == datetime(2024, 2, 1, tzinfo=UTC)
    assert [(p.name, p.email, p.side, p.role) for p in people] == [
        ("Rhys Calloway", "rhys@tidewell.example", AttendeeSide.CLIENT, "Head of IT"),
        ("Priya Natarajan", "priya@bluehaven.example", AttendeeSide.PROVIDER, "network engineer"),
    ]


def test_attendees_must_be_the_clients_own_contacts(store: Store) -> None:
    client_id = _client(store)
    other = _client(store, "Other Client")
    stranger = _contact(store, other, "Not Ours")
    with pytest.raises(InvalidInput) as caught:
        _schedule(store, client_id, contacts=[str(stranger)])
    assert "this client's contacts" in caught.value.errors["contacts"]
    with store.session() as session:
        assert session.exec(select(ReviewAttendee)).all() == []


def test_the_next_review_looks_back_to_the_last_held_one(store: Store) -> None:
    client_id = _client(store, current_type="cooperative")
    first = _schedule(store, client_id, "2026-08-20 10:00")
    _recommend(store, first)
    with store.session() as session:
        reviews.mark_held(
            session=session, review_id=first, held_at=datetime(2026, 8, 20, 11, tzinfo=UTC)
        )
    second = _schedule(store, client_id, "2026-11-26 10:00")
    with store.session() as session:
        assert reviews.get_review(session=session, review_id=second).covers_from == datetime(
            2026, 8, 20, 11, tzinfo=UTC
        )


def test_moving_a_planned_review_moves_the_due_date(store: Store) -> None:
    client_id = _client(store)
    review_id = _schedule(store, client_id, "2026-12-03 10:00")
    with store.session() as session:
        reviews.update_review(
            session=session,
            review_id=review_id,
            data=reviews.parse_review({"scheduled_for": "2026-12-10 14:30", "format": "phone"}),
        )
        review = reviews.get_review(session=session, review_id=review_id)
        values = reviews.review_form(
            review, reviews.attendees(session=session, review_id=review_id)
        )
    assert _account(store, client_id).next_review_due == date(2026, 12, 10)
    assert values["scheduled_for"] == "2026-12-10 14:30"
    assert values["format"] == "phone"


def test_removing_a_planned_review_falls_back_to_the_cadence(store: Store) -> None:
    client_id = _client(store, current_type="cooperative")
    held = _schedule(store, client_id, "2026-09-01 10:00")
    _recommend(store, held)
    with store.session() as session:
        reviews.mark_held(
            session=session, review_id=held, held_at=datetime(2026, 9, 1, 11, tzinfo=UTC)
        )
    planned = _schedule(store, client_id, "2026-12-01 10:00")
    assert _account(store, client_id).next_review_due == date(2026, 12, 1)
    with store.session() as session:
        reviews.delete_review(session=session, review_id=planned)
        with pytest.raises(reviews.ReviewError, match="stays"):
            reviews.delete_review(session=session, review_id=held)
    assert _account(store, client_id).next_review_due == date(2026, 11, 30)  # 1 Sep + 90


# --- status ----------------------------------------------------------------------------------------


def test_held_needs_a_recommendation_or_a_reason() -> None:
    assert "at least one recommendation" in reviews.held_problem(recommendations=0, reason="")
    assert reviews.held_problem(recommendations=0, reason="   ") != ""
    assert reviews.held_problem(recommendations=1, reason="") == ""
    assert reviews.held_problem(recommendations=0, reason="nothing needed changing") == ""


def test_marking_held_is_refused_then_allowed_and_moves_the_due_date(store: Store) -> None:
    client_id = _client(store, current_type="partnership")
    review_id = _schedule(store, client_id, "2026-11-20 08:00")
    with store.session() as session:
        with pytest.raises(reviews.ReviewError, match="recommendation"):
            reviews.mark_held(session=session, review_id=review_id)
        assert reviews.get_review(session=session, review_id=review_id).status == "planned"
    _recommend(store, review_id)
    with store.session() as session:
        review = reviews.mark_held(session=session, review_id=review_id)
        with pytest.raises(reviews.ReviewError, match="already"):
            reviews.mark_held(session=session, review_id=review_id)
    assert review.status == ReviewStatus.HELD
    assert review.held_at == clock.now()
    assert _account(store, client_id).next_review_due == TODAY + timedelta(days=30)


def test_a_reason_instead_of_a_recommendation_is_kept(store: Store) -> None:
    client_id = _client(store)
    review_id = _schedule(store, client_id)
    with store.session() as session:
        review = reviews.mark_held(
            session=session, review_id=review_id, reason="  Everything on track; no change.  "
        )
    assert review.status == ReviewStatus.HELD
    assert review.no_recommendation_reason == "Everything on track; no change."


def test_prepared_needs_an_agenda_and_reported_needs_held(store: Store) -> None:
    client_id = _client(store)
    review_id = _schedule(store, client_id)
    with store.session() as session:
        with pytest.raises(reviews.ReviewError, match="Draft the agenda first"):
            reviews.mark_prepared(session=session, review_id=review_id)
        assert reviews.mark_reported(session=session, review_id=review_id) is False
        sections = agenda.draft_agenda(session=session, review_id=review_id, today=TODAY)
        agenda.save_draft(session=session, review_id=review_id, sections=sections)
        assert reviews.mark_prepared(session=session, review_id=review_id).status == "prepared"
        assert reviews.mark_reported(session=session, review_id=review_id) is False
        assert reviews.get_review(session=session, review_id=review_id).status == "prepared"
        reviews.mark_held(session=session, review_id=review_id, reason="a check-in only")
        assert reviews.mark_reported(session=session, review_id=review_id) is True
        review = reviews.get_review(session=session, review_id=review_id)
    assert review.status == ReviewStatus.REPORTED
    assert review.reported_at == clock.now()


def test_where_enter_opens_a_review() -> None:
    assert reviews.open_mode("planned", started=False) == "agenda"
    assert reviews.open_mode("prepared", started=False) == "agenda"
    assert reviews.open_mode("prepared", started=True) == "run"
    assert reviews.open_mode("held", started=True) == "report"
    assert reviews.open_mode("reported", started=False) == "report"


def test_a_review_has_started_once_anything_is_noted(store: Store) -> None:
    client_id = _client(store)
    review_id = _schedule(store, client_id)
    with store.session() as session:
        agenda.save_draft(
            session=session,
            review_id=review_id,
            sections=agenda.draft_agenda(session=session, review_id=review_id, today=TODAY),
        )
        assert not reviews.review_started(session=session, review_id=review_id)
        section = agenda.load_agenda(session=session, review_id=review_id)[0]
        agenda.save_notes(session=session, section_id=section.id, notes="They want fewer calls.")
        assert reviews.review_started(session=session, review_id=review_id)


# --- the meeting ---------------------------------------------------------------------------------


def test_actions_in_the_capture_syntax_belong_to_the_review(store: Store) -> None:
    client_id = _client(store)
    _contact(store, client_id, "Dana Whitfield")
    review_id = _schedule(store, client_id, experts="Sam Okafor, sam@bluehaven.example")
    with store.session() as session:
        created = reviews.add_review_actions(
            session=session,
            review_id=review_id,
            text="send revised SLA @Dana due:friday\n- [ ] book the workshop @Sam due:2026-12-01",
            today=TODAY,
        )
    assert [(a.text, a.owner, a.due_date, a.review_id) for a in created] == [
        ("send revised SLA", "Dana Whitfield", date(2026, 11, 27), review_id),
        ("book the workshop", "Sam Okafor", date(2026, 12, 1), review_id),
    ]


def test_an_action_with_a_bad_due_date_saves_nothing(store: Store) -> None:
    client_id = _client(store)
    review_id = _schedule(store, client_id)
    with store.session() as session:
        with pytest.raises(reviews.ReviewError, match="line 2"):
            reviews.add_review_actions(
                session=session,
                review_id=review_id,
                text="call Dana\nsend the SLA due:someday",
                today=TODAY,
            )
        with pytest.raises(reviews.ReviewError, match="Type the action"):
            reviews.add_review_actions(session=session, review_id=review_id, text=" ", today=TODAY)
        assert session.exec(select(ActionItem)).all() == []


def test_a_recommendation_needs_text(store: Store) -> None:
    client_id = _client(store)
    review_id = _schedule(store, client_id)
    with store.session() as session:
        with pytest.raises(InvalidInput):
            reviews.add_recommendation(session=session, review_id=review_id, text="  ")
        rec = reviews.add_recommendation(
            session=session, review_id=review_id, text="Drop the unused print service", owner="Sam"
        )
        reviews.set_recommendation_status(
            session=session, recommendation_id=rec.id or 0, status=RecommendationStatus.ACCEPTED
        )
        assert [
            r.status for r in reviews.recommendations(session=session, review_id=review_id)
        ] == [RecommendationStatus.ACCEPTED]


def test_list_counts_people_recommendations_and_open_actions(store: Store) -> None:
    client_id = _client(store)
    rhys = _contact(store, client_id, "Rhys Calloway")
    old = _schedule(store, client_id, "2026-08-20 10:00", contacts=[str(rhys)])
    new = _schedule(store, client_id, "2026-12-03 10:00")
    _recommend(store, old)
    with store.session() as session:
        made = reviews.add_review_actions(
            session=session, review_id=old, text="one\ntwo", today=TODAY
        )
        made[0].done_at = clock.now()
        session.add(made[0])
        session.commit()
        rows = reviews.list_reviews(session=session, client_id=client_id)
        latest = reviews.latest_review(session=session, client_id=client_id)
    assert [r.id for r in rows] == [new, old]  # newest first
    assert (rows[1].attendees, rows[1].recommendations, rows[1].actions, rows[1].open_actions) == (
        1,
        1,
        2,
        1,
    )
    assert latest is not None and latest.id == new


# --- overdue reviews on Today and the dashboard ------------------------------------------------


def test_a_scheduled_review_not_held_in_time_shows_as_overdue(store: Store) -> None:
    client_id = _client(store, "Acme Hosting", current_type="cooperative")
    review_id = _schedule(store, client_id, "2026-11-24 10:00")

    def review_on_today(day: date) -> list[tuple[str, bool]]:
        return [(i.detail, i.overdue) for i in today_items(store, day) if i.kind == "review"]

    def dashboard(day: date) -> bool:
        row = next(r for r in portfolio_rows(store, today=day) if r.client_id == client_id)
        assert row.next_review_due == date(2026, 11, 24)
        return row.review_overdue

    assert review_on_today(TODAY) == [("due Tue 24 Nov", False)]
    assert dashboard(TODAY) is False
    later = date(2026, 11, 27)
    assert review_on_today(later) == [("overdue 3d", True)]
    assert dashboard(later) is True
    # holding it moves the due date a cadence on: nothing on Today any more
    _recommend(store, review_id)
    with store.session() as session:
        reviews.mark_held(
            session=session, review_id=review_id, held_at=datetime(2026, 11, 26, 11, tzinfo=UTC)
        )
    assert _account(store, client_id).next_review_due == date(2027, 2, 24)
    assert review_on_today(later) == []


# --- the register ----------------------------------------------------------------------------------


def test_risks_are_checked_and_ordered_by_weight(store: Store) -> None:
    client_id = _client(store)
    with pytest.raises(InvalidInput) as caught:
        reviews.parse_risk({"description": "", "likelihood": "9", "impact": "x"})
    assert caught.value.errors.keys() == {"description", "likelihood", "impact"}
    with store.session() as session:
        for text, likelihood, impact, status in (
            ("small", "1", "2", "open"),
            ("big", "4", "5", "open"),
            ("gone", "5", "5", "closed"),
        ):
            reviews.save_risk(
                session=session,
                client_id=client_id,
                data=reviews.parse_risk(
                    {
                        "description": text,
                        "likelihood": likelihood,
                        "impact": impact,
                        "status": status,
                        "shared_with_client": "yes",
                    }
                ),
            )
        risks = reviews.list_risks(session=session, client_id=client_id)
    assert [r.description for r in risks] == ["big", "small", "gone"]
    assert risks[0].shared_with_client is True
    assert reviews.risk_form(risks[0])["likelihood"] == "4"


def test_a_third_party_line_needs_the_third_partys_name(store: Store) -> None:
    with pytest.raises(InvalidInput) as caught:
        reviews.parse_responsibility({"area": "WAN", "owner_party": "third_party"})
    assert caught.value.errors == {"third_party_name": "Name the third party."}
    with pytest.raises(InvalidInput) as empty:
        reviews.parse_responsibility({"area": " ", "owner_party": ""})
    assert set(empty.value.errors) == {"area", "owner_party"}
    data = reviews.parse_responsibility(
        {
            "area": "WAN circuits",
            "owner_party": "third_party",
            "third_party_name": "Northline",
            "can_cause_unavailability": "yes",
        }
    )
    assert data.can_cause_unavailability is True


# --- demo -----------------------------------------------------------------------------------------


def test_the_demo_has_a_reported_review_a_planned_one_and_an_overdue_client(
    demo_store: Store,
) -> None:
    with demo_store.session() as session:
        names = {
            name: id_
            for id_, name in session.exec(
                select(Account.id, Organization.name).join_from(Account, Organization)
            ).all()
        }
        tidewell = reviews.list_reviews(session=session, client_id=names["Tidewell Freight"])
        copperleaf = session.get(Account, names["Copperleaf Home Stores"])
        risks = reviews.list_risks(session=session, client_id=names["Tidewell Freight"])
        lines = reviews.list_responsibilities(session=session, client_id=names["Tidewell Freight"])
        reported = session.get(ClientReview, tidewell[1].id)
    assert [r.status for r in tidewell] == [ReviewStatus.PLANNED, ReviewStatus.REPORTED]
    assert tidewell[0].starts_at.date() == TODAY + timedelta(days=6)
    assert tidewell[0].attendees >= 3
    assert tidewell[1].recommendations == 1
    assert tidewell[1].actions == 3 and tidewell[1].open_actions == 2
    assert reported is not None and reported.held_at is not None
    assert (TODAY - reported.held_at.date()).days == 84
    assert copperleaf is not None and copperleaf.next_review_due < TODAY
    assert any(not r.shared_with_client for r in risks)
    assert {line.third_party_name.split(" (")[0] for line in lines if line.third_party_name} == {
        "Northline Networks",
        "Kestrel Cloud Hosting",
    }


def test_the_demo_file_fails_loudly_on_a_typo_and_skips_another_portfolio(
    store: Store, tmp_path: Path
) -> None:
    from relwork.services.demo import DemoDataError, DemoPortfolio

    client_id = _client(store, "Acme Hosting")
    portfolio = DemoPortfolio(
        now=clock.now(), accounts={"Acme Hosting": client_id}, contacts={"Acme Hosting": {}}
    )
    source = tmp_path / "reviews.toml"
    source.write_text('[[client]]\nname = "Other Client"\n', "utf-8")
    with store.session() as session:
        reviews.load_demo(session=session, portfolio=portfolio, source=source)  # nothing to do
        source.write_text(
            '[[client]]\nname = "Acme Hosting"\n[[client.risk]]\ndescripton = "typo"\n', "utf-8"
        )
        with pytest.raises(DemoDataError, match=r"unknown field.*descripton"):
            reviews.load_demo(session=session, portfolio=portfolio, source=source)
        source.write_text(
            '[[client]]\nname = "Acme Hosting"\n[[client.review]]\nin_days = 3\n'
            'attendees = ["nobody"]\n',
            "utf-8",
        )
        with pytest.raises(DemoDataError, match="no contact nobody"):
            reviews.load_demo(session=session, portfolio=portfolio, source=source)
        assert reviews.list_reviews(session=session, client_id=client_id) == []
