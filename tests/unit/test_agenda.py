"""The review agenda (relwork.services.agenda): templates, drafting on fixed data,
drafting from a store (carry-forward, confidential plans, unshared risks, the period),
and editing the saved agenda."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from relwork.db import Store
from relwork.enums import InteractionKind, PlanStatus
from relwork.models import ActionItem, Interaction, OffboardingPlan, ReviewItem, ReviewSection
from relwork.services import agenda, reviews
from relwork.services.agenda_draft import build_agenda
from relwork.services.agenda_facts import (
    ActionFact,
    AgendaInputs,
    DraftItem,
    DraftSection,
    IncidentFact,
    RecommendationFact,
    ResponsibilityFact,
    RiskFact,
    StepChange,
    TrustFact,
)
from relwork.services.agenda_templates import SectionTemplate
from relwork.services.clients import create_client, parse_client
from relwork.services.rules import Quadrant
from relwork.services.scorecard import ScorecardRow
from relwork.services.stakeholders import MapDiff, Move

TODAY = date(2026, 11, 20)
SINCE = date(2026, 8, 28)


# --- templates ------------------------------------------------------------------------------


def test_the_shipped_template_lists_the_sections_in_order() -> None:
    templates, problems = agenda.load_templates(Path("/nonexistent/agenda.toml"))
    assert problems == []
    assert [t.key for t in templates] == [
        "priorities",
        "baseline",
        "changes",
        "incidents",
        "third_parties",
        "actions",
        "open_recommendations",
        "plans",
        "risks",
        "watermelon",
        "service_levels",
        "recommendations",
        "relationship",
    ]
    assert {t.feed for t in templates} == set(agenda.FEEDS)
    assert [t.key for t in templates if t.secondary_only] == ["relationship"]


def test_a_custom_template_replaces_the_shipped_one(tmp_path: Path) -> None:
    custom = tmp_path / "agenda.toml"
    custom.write_text(
        '[[section]]\nkey = "scores"\ntitle = "How we did"\nfeed = "scorecard"\n'
        '[[section]]\nkey = "extra"\ntitle = "Board appendix"\naudience = "secondary"\n',
        "utf-8",
    )
    templates, problems = agenda.load_templates(custom)
    assert problems == []
    assert templates == [
        SectionTemplate("scores", "How we did", "scorecard"),
        SectionTemplate("extra", "Board appendix", "none", "secondary"),
    ]


def test_a_broken_custom_template_is_reported_and_the_shipped_one_used(tmp_path: Path) -> None:
    custom = tmp_path / "agenda.toml"
    custom.write_text(
        '[[section]]\nkey = "a b"\ntitle = ""\nfeed = "gossip"\naudience = "everyone"\ncolour = 1\n',
        "utf-8",
    )
    templates, problems = agenda.load_templates(custom)
    assert templates[0].key == "priorities"
    assert len(problems) == 1
    problem = problems[0]
    assert problem.startswith("review/agenda.toml: ")
    for part in ("unknown colour", "needs a 'key'", "needs a 'title'", "feed 'gossip'", "audience"):
        assert part in problem
    assert problem.endswith("the shipped one is used")
    custom.write_text("[[section]\n", "utf-8")
    assert "not valid TOML" in agenda.load_templates(custom)[1][0]


# --- drafting on fixed data -----------------------------------------------------------------


def _row(metric_id: int, name: str, value: float | None, status: str, **extra: Any) -> ScorecardRow:
    values: dict[str, Any] = {
        "metric_id": metric_id,
        "agreement_id": 1,
        "agreement_title": "Desk SLA",
        "name": name,
        "metric_class": "warranty",
        "unit": "%",
        "direction": "higher",
        "target": 99.5,
        "tolerance": 0.2,
        "latest_value": value,
        "latest_period": date(2026, 10, 1) if value is not None else None,
        "status": status,
        "trend": (),
        "change": None,
    }
    values.update(extra)
    return ScorecardRow(**values)


class Plan:
    """Shaped like relwork.services.plans.PlanProgress."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(
            {"overdue": [], "starts_on": None, "ends_on": None, "status": "running"} | values
        )


def _inputs(**values: Any) -> AgendaInputs:
    return AgendaInputs(since=SINCE, today=TODAY, **values)


def _templates(*feeds: str, secondary: tuple[str, ...] = ()) -> list[SectionTemplate]:
    return [
        SectionTemplate(feed, feed.title(), feed, "secondary" if feed in secondary else "primary")
        for feed in feeds
    ]


def test_the_scorecard_section_holds_one_item_per_measure() -> None:
    rows = [
        _row(3, "Availability", 99.62, "met", change=0.12),
        _row(4, "Resolution time", 5.0, "missed", unit="h", direction="lower", target=4, change=-1),
        _row(5, "Portal uptime", None, "no_data"),
    ]
    (section,) = build_agenda(_templates("scorecard"), _inputs(scorecard=rows))
    assert section.items == (
        DraftItem("Availability", "99.62% (Oct 2026) · ≥ 99.5% · met · +0.12%", "metric:3"),
        DraftItem("Resolution time", "5 h (Oct 2026) · ≤ 4 h · missed · -1 h", "metric:4"),
        DraftItem("Portal uptime", "no data · ≥ 99.5% · no data · –", "metric:5"),
    )
    assert agenda.metric_cells(section.items[0].text, section.items[0].detail) == (
        "Availability",
        "99.62% (Oct 2026)",
        "≥ 99.5%",
        "met",
        "+0.12%",
    )
    assert agenda.metric_cells("typed", "a note · with a dot") is None


def test_measures_of_several_agreements_name_their_agreement() -> None:
    rows = [
        _row(1, "Uptime", 99.9, "met"),
        _row(2, "Uptime", 98.0, "missed", agreement_title="WAN"),
    ]
    (section,) = build_agenda(_templates("scorecard"), _inputs(scorecard=rows))
    assert [i.text for i in section.items] == ["Uptime (Desk SLA)", "Uptime (WAN)"]


def test_what_changed_lists_moves_agreements_type_and_maturity() -> None:
    inputs = _inputs(
        step_changes=[StepChange(7, date(2026, 9, 3), "Co-create", "Realize")],
        agreements=[
            agenda.AgreementFact(2, "WAN SLA", "Active", date(2026, 9, 1), None, True, False),
            agenda.AgreementFact(
                1, "Old desk SLA", "Expired", None, date(2026, 10, 31), False, True
            ),
        ],
        relationship_type="partnership",
        target_type="partnership",
        previous_type="cooperative",
        maturity=[agenda.MaturityFact(4, "Demand", "Partnership", date(2026, 10, 2))],
    )
    (section,) = build_agenda(_templates("changes"), inputs)
    assert [(i.text, i.source) for i in section.items] == [
        ("Moved to Realize on 2026-09-03 (from Co-create)", "step:7"),
        ("New agreement: WAN SLA (active, from 2026-09-01)", "agreement:2"),
        ("Agreement ended: Old desk SLA on 2026-10-31 (expired)", "agreement:1"),
        ("Relationship type changed from Cooperative to Partnership", "type:partnership"),
        ("Relationship maturity (demand side) assessed as Partnership on 2026-10-02", "maturity:4"),
    ]


def test_the_type_line_says_unchanged_or_just_the_type() -> None:
    same = _inputs(relationship_type="basic", previous_type="basic", target_type="cooperative")
    first = _inputs(relationship_type="basic")
    assert build_agenda(_templates("changes"), same)[0].items[0].text == (
        "Relationship type unchanged: Basic, aiming for Cooperative"
    )
    assert build_agenda(_templates("changes"), first)[0].items[0].text == "Relationship type: Basic"


def test_actions_and_recommendations_are_carried_forward() -> None:
    inputs = _inputs(
        previous_actions=[
            ActionFact(12, "Send the revised SLA", "Dana", date(2026, 9, 30), None),
            ActionFact(13, "Book the workshop", "Sam", date(2026, 9, 10), date(2026, 9, 9)),
            ActionFact(14, "Quote fail-over", "Sam", date(2026, 12, 1), None),
        ],
        carried_actions=[ActionFact(5, "Old promise", "", None, None)],
        overdue_actions=[ActionFact(20, "Call Joy", "Sam", date(2026, 11, 2), None)],
        open_recommendations=[
            RecommendationFact(3, "Add 4G fail-over", "Accepted", "Sam", date(2026, 8, 28))
        ],
    )
    actions, recs = build_agenda(_templates("actions", "open_recommendations"), inputs)
    assert [(i.text, i.detail, i.source) for i in actions.items] == [
        ("Send the revised SLA", "Dana · due 2026-09-30 · overdue", "action:12"),
        ("Book the workshop", "Sam · due 2026-09-10 · done 2026-09-09", "action:13"),
        ("Quote fail-over", "Sam · due 2026-12-01 · open", "action:14"),
        ("Old promise", "carried from an earlier review · open", "action:5"),
        ("Call Joy", "also overdue · Sam · due 2026-11-02 · overdue", "action:20"),
    ]
    assert recs.items == (
        DraftItem(
            "Add 4G fail-over",
            "from the review of 2026-08-28 · accepted · Sam",
            "recommendation:3",
        ),
    )


def test_confidential_plans_and_unshared_risks_go_to_the_appendix() -> None:
    inputs = _inputs(
        plans=[
            Plan(
                kind="onboarding",
                plan_id=1,
                title="Depot rollout",
                done=3,
                total=5,
                overdue=["x"],
                confidential=False,
            ),
            Plan(
                kind="offboarding",
                plan_id=2,
                title="Print service exit",
                done=0,
                total=4,
                confidential=True,
                status="agreed",
            ),
            Plan(
                kind="onboarding",
                plan_id=3,
                title="Closed long ago",
                done=2,
                total=2,
                confidential=False,
                status="closed",
                ends_on=date(2026, 1, 5),
            ),
        ],
        risks=[
            RiskFact(1, "Carrier outage", 2, 5, "4G fail-over", "Sam", True, "Open"),
            RiskFact(2, "Key engineer leaves", 4, 4, "", "", False, "Open"),
        ],
    )
    plans, risks = build_agenda(_templates("plans", "risks"), inputs)
    assert [(i.text, i.secondary_only) for i in plans.items] == [
        ("Onboarding plan Depot rollout: 3 of 5 actions done, 1 overdue", False),
        ("Offboarding plan Print service exit: 0 of 4 actions done", True),
    ]
    assert plans.items[1].detail.startswith("confidential: for the secondary audience only")
    assert plans.items[1].source == "offboarding_plan:2"
    assert [(i.text, i.secondary_only, i.source) for i in risks.items] == [
        ("Key engineer leaves", True, "risk:2"),  # the heavier risk first
        ("Carrier outage", False, "risk:1"),
    ]
    assert risks.items[0].detail.startswith("not shared with the client")
    assert "mitigation: 4G fail-over" in risks.items[1].detail


def test_empty_feeds_say_so_and_optional_sections_are_left_out() -> None:
    sections = build_agenda(
        _templates("none", "incidents", "risks", "plans", "watermelon", "recommendations"),
        _inputs(),
    )
    assert [(s.key, [(i.text, i.source) for i in s.items]) for s in sections] == [
        ("none", []),
        (
            "incidents",
            [("No complaints or feedback logged since 2026-08-28.", "nothing:incidents")],
        ),
        ("risks", [("No open risks on the register.", "nothing:risks")]),
        ("recommendations", []),
    ]


def test_watermelon_evidence_shows_only_when_flagged() -> None:
    inputs = _inputs(watermelon=("CSAT fell from 4.4 to 2.9", "3 complaints"), green_share=1.0)
    (section,) = build_agenda(_templates("watermelon"), inputs)
    assert [(i.text, i.source) for i in section.items] == [
        ("100% of the service measures are met, yet:", "watermelon:share"),
        ("CSAT fell from 4.4 to 2.9", "watermelon:1"),
        ("3 complaints", "watermelon:2"),
    ]


def test_incidents_responsibilities_and_trust() -> None:
    long = "The tills were dead on Saturday morning. " * 5
    inputs = _inputs(
        incidents=[
            IncidentFact(9, date(2026, 10, 3), "feedback", "They like the chat channel."),
            IncidentFact(8, date(2026, 9, 20), "complaint", long),
        ],
        responsibilities=[
            ResponsibilityFact(1, "Desktops", "us", "", "", False),
            ResponsibilityFact(2, "WAN", "third_party", "Northline", "We raise faults", True),
            ResponsibilityFact(3, "Wi-Fi", "client", "", "", True),
        ],
        trust_latest=TrustFact(6, date(2026, 11, 5), 3.96, "High"),
        trust_previous=TrustFact(4, date(2026, 5, 1), 3.2, "Moderate"),
        map_diff=MapDiff(
            moved=[Move("Martin Halloran", Quadrant.KEEP_SATISFIED, Quadrant.MANAGE_CLOSELY)],
            new=["Joy Adeyemi"],
            left=["Paul Ingram"],
        ),
        map_since=date(2026, 8, 1),
        map_snapshot_id=11,
    )
    incidents, lines, trust = build_agenda(
        _templates("incidents", "responsibilities", "trust", secondary=("trust",)), inputs
    )
    assert incidents.items[0].text.startswith("Complaint on 2026-09-20: The tills were dead")
    assert incidents.items[0].text.endswith("…") and len(incidents.items[0].text) < 130
    assert incidents.items[0].detail == " ".join(long.split())
    assert incidents.items[1] == DraftItem(
        "Feedback on 2026-10-03: They like the chat channel.", "", "interaction:9"
    )
    assert [(i.text, i.detail) for i in lines.items] == [
        ("WAN: Northline", "We raise faults · can make the service unavailable"),
        ("Wi-Fi: the client", "can make the service unavailable"),
        ("Desktops: us", ""),
    ]
    assert trust.secondary_only and all(i.secondary_only for i in trust.items)
    assert [i.text for i in trust.items] == [
        "Trust index 4.0 (High) on 2026-11-05, was 3.2 (Moderate) on 2026-05-01",
        "Martin Halloran moved since 2026-08-01: Keep satisfied → Manage closely",
        "New on the stakeholder map: Joy Adeyemi",
        "No longer on the stakeholder map: Paul Ingram",
    ]


def test_a_trust_assessment_from_before_the_period_is_not_news() -> None:
    inputs = _inputs(trust_latest=TrustFact(6, date(2026, 3, 5), 3.0, "Moderate"))
    (section,) = build_agenda(_templates("trust"), inputs)
    assert section.items == (
        DraftItem("No trust assessment or stakeholder map since 2026-08-28.", "", "nothing:trust"),
    )


def test_number_formatting() -> None:
    assert agenda.number(99.5, "%") == "99.5%"
    assert agenda.number(4.0, "h") == "4 h"
    assert agenda.number(-0.001, "") == "0"
    assert agenda.number(1234.567, "") == "1234.57"


# --- drafting from a store -------------------------------------------------------------------


def _client(store: Store, **values: Any) -> int:
    with store.session() as session:
        data = parse_client({"name": "Acme Hosting", "current_type": "cooperative", **values})
        return create_client(session=session, data=data).id


def _schedule(store: Store, client_id: int, when: str) -> int:
    with store.session() as session:
        data = reviews.parse_review({"scheduled_for": when, "format": "video"})
        review = reviews.schedule_review(session=session, client_id=client_id, data=data)
    assert review.id is not None
    return review.id


def _sections(store: Store, review_id: int) -> dict[str, DraftSection]:
    with store.session() as session:
        drafted = agenda.draft_agenda(session=session, review_id=review_id, today=TODAY)
    return {s.key: s for s in drafted}


def test_the_next_draft_carries_the_last_reviews_actions_and_recommendations(
    store: Store,
) -> None:
    client_id = _client(store, start_date="2025-01-10")
    first = _schedule(store, client_id, "2026-08-20 10:00")
    with store.session() as session:
        done, still_open = reviews.add_review_actions(
            session=session,
            review_id=first,
            text="send the WAN quote due:2026-09-01\nbook the workshop due:2026-12-01",
            today=date(2026, 8, 20),
        )
        done.done_at = datetime(2026, 8, 30, tzinfo=UTC)
        session.add(done)
        late = ActionItem(
            account_id=client_id, text="Unrelated and late", due_date=date(2026, 11, 1)
        )
        session.add(late)
        session.commit()
        rec = reviews.add_recommendation(session=session, review_id=first, text="Add fail-over")
        reviews.mark_held(
            session=session, review_id=first, held_at=datetime(2026, 8, 20, 11, tzinfo=UTC)
        )
    second = _schedule(store, client_id, "2026-11-26 10:00")
    sections = _sections(store, second)
    assert [(i.text, i.source) for i in sections["actions"].items] == [
        ("send the WAN quote", f"action:{done.id}"),
        ("book the workshop", f"action:{still_open.id}"),
        ("Unrelated and late", f"action:{late.id}"),
    ]
    assert "done 2026-08-30" in sections["actions"].items[0].detail
    assert sections["actions"].items[2].detail.startswith("also overdue")
    assert [(i.text, i.source) for i in sections["open_recommendations"].items] == [
        ("Add fail-over", f"recommendation:{rec.id}")
    ]
    # the previous review's own draft did not have them (nothing earlier to carry)
    earlier = _sections(store, first)
    assert earlier["open_recommendations"].items[0].source == "nothing:open_recommendations"


def test_only_complaints_and_feedback_of_the_period_are_drafted(store: Store) -> None:
    client_id = _client(store, start_date="2025-01-10")
    first = _schedule(store, client_id, "2026-08-20 10:00")
    with store.session() as session:
        reviews.mark_held(
            session=session,
            review_id=first,
            reason="kick-off only",
            held_at=datetime(2026, 8, 20, 11, tzinfo=UTC),
        )
        for days, kind, text in (
            (120, InteractionKind.COMPLAINT, "Before the last review"),
            (30, InteractionKind.COMPLAINT, "Tills dead on Saturday"),
            (10, InteractionKind.CALL, "Just a call"),
            (5, InteractionKind.FEEDBACK, "Chat works well"),
        ):
            session.add(
                Interaction(
                    account_id=client_id,
                    occurred_at=datetime(2026, 11, 20, 9, tzinfo=UTC) - timedelta(days=days),
                    kind=kind,
                    summary=text,
                )
            )
        session.commit()
    second = _schedule(store, client_id, "2026-11-26 10:00")
    assert [i.text for i in _sections(store, second)["incidents"].items] == [
        "Complaint on 2026-10-21: Tills dead on Saturday",
        "Feedback on 2026-11-15: Chat works well",
    ]


def test_a_confidential_plan_and_an_unshared_risk_are_secondary_in_the_draft(
    store: Store,
) -> None:
    client_id = _client(store)
    with store.session() as session:
        session.add(
            OffboardingPlan(
                account_id=client_id,
                title="Print service exit",
                confidential=True,
                status=PlanStatus.AGREED,
            )
        )
        session.commit()
        for text, shared in (("Carrier outage", "yes"), ("Key engineer leaves", "no")):
            reviews.save_risk(
                session=session,
                client_id=client_id,
                data=reviews.parse_risk({"description": text, "shared_with_client": shared}),
            )
    review_id = _schedule(store, client_id, "2026-11-26 10:00")
    sections = _sections(store, review_id)
    (plan,) = sections["plans"].items
    assert plan.secondary_only and plan.text.startswith("Offboarding plan Print service exit")
    assert {(i.text, i.secondary_only) for i in sections["risks"].items} == {
        ("Carrier outage", False),
        ("Key engineer leaves", True),
    }


# --- editing the saved agenda ------------------------------------------------------------------


def _saved(store: Store) -> tuple[int, list[agenda.AgendaSection]]:
    client_id = _client(store)
    review_id = _schedule(store, client_id, "2026-11-26 10:00")
    drafted = [
        DraftSection("a", "Alpha", items=(DraftItem("a1", source="x:1"), DraftItem("a2"))),
        DraftSection("b", "Beta", items=(DraftItem("b1", source="x:2"),)),
        DraftSection("c", "Gamma", secondary_only=True),
    ]
    with store.session() as session:
        agenda.save_draft(session=session, review_id=review_id, sections=drafted)
        return review_id, agenda.load_agenda(session=session, review_id=review_id)


def _shape(store: Store, review_id: int) -> list[tuple[str, list[str]]]:
    with store.session() as session:
        return [
            (s.title, [i.text for i in s.items])
            for s in agenda.load_agenda(session=session, review_id=review_id)
        ]


def test_sections_and_items_move_up_and_down(store: Store) -> None:
    review_id, sections = _saved(store)
    alpha, beta, _gamma = sections
    a1, a2 = alpha.items
    with store.session() as session:
        assert agenda.move_section(session=session, section_id=beta.id, delta=-1)
        assert not agenda.move_section(session=session, section_id=beta.id, delta=-1)
        assert agenda.move_item(session=session, item_id=a2.id, delta=-1)
    assert _shape(store, review_id) == [
        ("Beta", ["b1"]),
        ("Alpha", ["a2", "a1"]),
        ("Gamma", []),
    ]
    with store.session() as session:
        # past the top of its section, an item moves to the end of the section before
        assert agenda.move_item(session=session, item_id=a2.id, delta=-1)
        # past the end of the last section there is nowhere to go
        assert agenda.move_item(session=session, item_id=a1.id, delta=1)
        assert not agenda.move_item(session=session, item_id=a1.id, delta=1)
    assert _shape(store, review_id) == [("Beta", ["b1", "a2"]), ("Alpha", []), ("Gamma", ["a1"])]


def test_include_exclude_appendix_add_edit_and_remove(store: Store) -> None:
    review_id, sections = _saved(store)
    alpha, beta, gamma = sections
    a1, a2 = alpha.items
    with store.session() as session:
        assert agenda.toggle_included(session=session, item_id=a1.id) is False
        assert agenda.toggle_included(session=session, section_id=beta.id) is False
        assert agenda.toggle_secondary(session=session, item_id=a2.id) is True
        new = agenda.add_item(
            session=session, section_id=alpha.id, text=" typed ", after_item_id=a1.id
        )
        in_gamma = agenda.add_item(session=session, section_id=gamma.id, text="for the board")
        agenda.edit_item(session=session, item_id=a1.id, text="a1 reworded")
        custom = agenda.add_section(
            session=session, review_id=review_id, title="Extra", after_section_id=alpha.id
        )
        with pytest.raises(agenda.AgendaError, match="Only typed items"):
            agenda.remove_item(session=session, item_id=a1.id)
        with pytest.raises(agenda.AgendaError, match="some text"):
            agenda.edit_item(session=session, item_id=a1.id, text="  ")
        with pytest.raises(agenda.AgendaError, match="Only sections you added"):
            agenda.remove_section(session=session, section_id=beta.id)
        agenda.remove_item(session=session, item_id=new)
        saved = agenda.load_agenda(session=session, review_id=review_id)
        gamma_item = session.get(ReviewItem, in_gamma)
    assert [(s.title, s.included, s.key) for s in saved] == [
        ("Alpha", True, "a"),
        ("Extra", True, "custom"),
        ("Beta", False, "b"),
        ("Gamma", True, "c"),
    ]
    assert [(i.text, i.included, i.secondary_only, i.typed) for i in saved[0].items] == [
        ("a1 reworded", False, False, False),
        ("a2", True, True, True),
    ]
    assert gamma_item is not None and gamma_item.secondary_only  # follows its section
    with store.session() as session:
        agenda.remove_section(session=session, section_id=custom)
        assert [s.title for s in agenda.load_agenda(session=session, review_id=review_id)] == [
            "Alpha",
            "Beta",
            "Gamma",
        ]


def test_redrafting_replaces_the_agenda_and_notes_are_kept_until_then(store: Store) -> None:
    review_id, sections = _saved(store)
    with store.session() as session:
        assert agenda.has_agenda(session=session, review_id=review_id)
        agenda.save_notes(session=session, section_id=sections[0].id, notes="said a lot\n")
        agenda.save_notes(session=session, item_id=sections[0].items[0].id, notes="item note")
        agenda.save_decision(session=session, item_id=sections[0].items[0].id, decision=" yes ")
        reloaded = agenda.load_agenda(session=session, review_id=review_id)
        assert reloaded[0].notes == "said a lot\n"
        assert (reloaded[0].items[0].notes, reloaded[0].items[0].decision) == ("item note", "yes")
        agenda.save_draft(
            session=session, review_id=review_id, sections=[DraftSection("z", "Only one")]
        )
        assert session.exec(select(ReviewSection).where(ReviewSection.review_id == review_id)).all()
        assert [s.title for s in agenda.load_agenda(session=session, review_id=review_id)] == [
            "Only one"
        ]
        assert session.exec(select(ReviewItem)).all() == []


def test_the_demo_drafts_use_the_scorecard_and_the_watermelon_flag(demo_store: Store) -> None:
    from relwork.models import Account, Organization

    with demo_store.session() as session:
        ids = dict(
            session.exec(
                select(Organization.name, Account.id).join_from(Account, Organization)
            ).all()
        )
        drafts = {}
        for name in ("Copperleaf Home Stores", "Tidewell Freight"):
            review = reviews.latest_review(session=session, client_id=ids[name])
            assert review is not None and review.id is not None
            drafts[name] = {
                s.key: s
                for s in agenda.draft_agenda(session=session, review_id=review.id, today=TODAY)
            }
    copperleaf, tidewell = drafts["Copperleaf Home Stores"], drafts["Tidewell Freight"]
    assert "watermelon" in copperleaf and "watermelon" not in tidewell
    assert any("complaint" in i.text for i in copperleaf["watermelon"].items)
    for draft in (copperleaf, tidewell):
        baseline = draft["baseline"].items
        assert baseline and all(i.source.startswith("metric:") for i in baseline)
        assert all(agenda.metric_cells(i.text, i.detail) for i in baseline)
    # Tidewell's planned review carries the reported one's open actions and recommendation
    assert sum(i.detail.endswith(("open", "overdue")) for i in tidewell["actions"].items) >= 2
    assert tidewell["open_recommendations"].items[0].source.startswith("recommendation:")
