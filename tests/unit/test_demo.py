"""The demo portfolio and the shipped reference data."""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from relwork import clock
from relwork.config import Settings
from relwork.db import Store
from relwork.enums import (
    AccountStatus,
    Attitude,
    Channel,
    CompassQuadrant,
    CompassSubject,
    ConsumerRole,
    InteractionKind,
    JourneyStep,
    MaturitySide,
    RaterPerspective,
    RelationshipType,
    StakeholderCategory,
    StakeholderSide,
    TrustOrigin,
)
from relwork.locations import shipped_data_dir
from relwork.models import (
    Account,
    ActionItem,
    Agreement,
    ClientReview,
    CompassEntry,
    Contact,
    ImprovementItem,
    Interaction,
    JourneyStepChange,
    MapSnapshot,
    MaturityAssessment,
    Measurement,
    OffboardingPlan,
    OnboardingPlan,
    Organization,
    Persona,
    ResponsibilityLine,
    Risk,
    Stakeholder,
    StakeholderSnapshot,
    SurveyResponse,
    TrustAssessment,
    TrustRating,
    WizardRun,
)
from relwork.services.clients import list_clients, parse_client
from relwork.services.contacts import contact_form, parse_contact
from relwork.services.demo import DemoDataError, demo_source, load_demo
from relwork.services.journey import step_history
from relwork.services.notes import attendee_ids
from relwork.services.reference import default_review_cadence, relationship_types
from relwork.services.relationship import latest_maturity, maturity_gap, maturity_history
from relwork.services.rules import Quadrant, quadrant

FENMARSH = "Fenmarsh Community Health Trust"
TIDEWELL = "Tidewell Freight"

# The behaviours of the shipped "three_cs" set (data/trust/three_cs.toml).
TRUST_KEYS = {
    *(f"P-CAP-{n}" for n in range(1, 4)),
    *(f"P-COM-{n}" for n in range(1, 6)),
    *(f"P-CON-{n}" for n in range(1, 4)),
    "C-CAP-1",
    *(f"C-COM-{n}" for n in range(1, 5)),
    "C-CON-1",
    "C-CON-2",
}


@pytest.fixture(scope="module")
def demo_toml() -> dict:
    return tomllib.loads(demo_source().read_text(encoding="utf-8"))


def _count(store: Store, table: type) -> int:
    with store.session() as session:
        return session.exec(select(func.count()).select_from(table)).one()


def test_demo_source_is_the_shipped_file() -> None:
    assert demo_source() == shipped_data_dir() / "demo.toml"
    assert demo_source().is_file()


def test_load_demo_writes_eight_clients(
    store: Store, demo_toml: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    # only what demo.toml itself holds: the areas' own demo files add more (tested below)
    monkeypatch.setattr("relwork.services.demo.DEMO_EXTENSIONS", [])
    with store.session() as session:
        assert load_demo(session=session) == 8
    assert _count(store, Organization) == 8
    assert _count(store, Account) == 8
    clients = demo_toml["client"]
    assert _count(store, Contact) == sum(len(c.get("contact", [])) for c in clients)
    assert _count(store, Stakeholder) == sum(len(c.get("stakeholder", [])) for c in clients)
    assert _count(store, Interaction) == sum(len(c.get("note", [])) for c in clients)
    assert _count(store, ActionItem) == sum(len(c.get("action", [])) for c in clients)
    assert _count(store, JourneyStepChange) == sum(len(c.get("steps", [])) for c in clients)


def test_every_journey_step_is_some_clients_current_step(demo_store: Store) -> None:
    with demo_store.session() as session:
        steps = {JourneyStep(c.account.current_step) for c in list_clients(session=session)}
    assert steps == set(JourneyStep)


def test_demo_uses_every_relationship_type_and_several_statuses(demo_store: Store) -> None:
    with demo_store.session() as session:
        clients = list_clients(session=session)
    assert {RelationshipType(c.account.current_type) for c in clients} == set(RelationshipType)
    statuses = Counter(AccountStatus(c.account.status) for c in clients)
    assert statuses[AccountStatus.PROSPECT] >= 1
    assert statuses[AccountStatus.ACTIVE] >= 1
    assert len(statuses) >= 3


def test_demo_history_ends_at_each_clients_current_step(demo_store: Store) -> None:
    with demo_store.session() as session:
        for client in list_clients(session=session):
            history = step_history(session=session, client_id=client.id)
            assert history, client.name
            assert history[0].to_step == client.account.current_step, client.name
            assert history[-1].from_step is None
            oldest_first = list(reversed(history))
            for earlier, later in pairwise(oldest_first):
                assert later.from_step == earlier.to_step, client.name
                assert later.changed_at >= earlier.changed_at, client.name


def test_demo_dates_are_relative_to_today(demo_store: Store) -> None:
    today = clock.today()
    with demo_store.session() as session:
        tidewell = next(c for c in list_clients(session=session) if c.name == "Tidewell Freight")
        assert tidewell.account.start_date == today - timedelta(days=1040)
        # the planned review next week sets the date (data/demo/reviews.toml)
        planned = session.exec(
            select(ClientReview).where(
                ClientReview.account_id == tidewell.id, ClientReview.status == "planned"
            )
        ).one()
        assert tidewell.account.next_review_due == planned.scheduled_for.date()
        assert tidewell.account.next_review_due == today + timedelta(days=6)
        latest = session.exec(
            select(func.max(Interaction.occurred_at)).where(Interaction.account_id == tidewell.id)
        ).one()
        assert latest is not None
        assert latest.date() == today - timedelta(days=3)
        # nothing in the demo happens in the future
        assert (
            session.exec(
                select(func.count()).where(col(Interaction.occurred_at) > clock.now())
            ).one()
            == 0
        )
        assert (
            session.exec(select(func.count()).where(col(ActionItem.done_at) > clock.now())).one()
            == 0
        )


def test_demo_has_overdue_and_done_actions(demo_store: Store) -> None:
    today = clock.today()
    with demo_store.session() as session:
        actions = session.exec(select(ActionItem)).all()
    overdue = [a for a in actions if a.done_at is None and a.due_date and a.due_date < today]
    assert overdue
    assert any(a.done_at is not None for a in actions)
    assert any(a.due_date is None for a in actions)


def test_demo_values_are_valid_codes(demo_store: Store) -> None:
    with demo_store.session() as session:
        several = [c for c in session.exec(select(Contact)).all() if len(c.consumer_roles) > 1]
        assert several, "the demo should show a contact holding several roles"
        for contact in session.exec(select(Contact)).all():
            for role in contact.consumer_roles:
                ConsumerRole(role)
            if contact.preferred_channel is not None:
                Channel(contact.preferred_channel)
        for stakeholder in session.exec(select(Stakeholder)).all():
            StakeholderCategory(stakeholder.category)
            StakeholderSide(stakeholder.side)
            Attitude(stakeholder.attitude)
            for score in (stakeholder.influence, stakeholder.interest):
                assert score is None or 1 <= score <= 5
            assert stakeholder.contact_id is not None or stakeholder.group_name
        for note in session.exec(select(Interaction)).all():
            InteractionKind(note.kind)
            assert note.summary == note.summary.strip()
            assert attendee_ids(session=session, note_id=note.id)


def test_demo_clients_and_contacts_pass_the_forms_validation(demo_store: Store) -> None:
    with demo_store.session() as session:
        for client in list_clients(session=session):
            parse_client(client.as_form())
        for contact in session.exec(select(Contact)).all():
            parse_contact(contact_form(contact))


def test_demo_stakeholders_point_at_contacts_of_their_own_client(demo_store: Store) -> None:
    with demo_store.session() as session:
        rows = session.exec(
            select(Stakeholder, Account, Contact)
            .join(Account, col(Account.id) == Stakeholder.account_id)
            .join(Contact, col(Contact.id) == Stakeholder.contact_id)
        ).all()
        assert rows
        for stakeholder, account, contact in rows:
            assert contact.organization_id == account.organization_id
            assert stakeholder.consumer_roles == contact.consumer_roles


def test_demo_note_attendees_are_contacts_of_the_same_client(demo_store: Store) -> None:
    with demo_store.session() as session:
        org_of_contact = {c.id: c.organization_id for c in session.exec(select(Contact)).all()}
        org_of_account = {a.id: a.organization_id for a in session.exec(select(Account)).all()}
        for note in session.exec(select(Interaction)).all():
            for attendee in attendee_ids(session=session, note_id=note.id):
                assert org_of_contact[attendee] == org_of_account[note.account_id]


def test_demo_keeps_markup_like_text_literally(demo_store: Store) -> None:
    rows = demo_store.read("SELECT summary FROM interaction WHERE summary LIKE '%[bold]%'")
    assert len(rows) == 1
    assert 'subject = "[bold]P1[/] {site}: {device} unreachable"' in rows[0]["summary"]


def test_load_demo_from_another_file(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "tiny.toml"
    source.write_text(
        """
[[client]]
name = "Tiny Co"
status = "prospect"
current_type = "basic"
current_step = "explore"
steps = [ { step = "explore", days_ago = 2 } ]
""",
        encoding="utf-8",
    )
    with store.session() as session:
        assert load_demo(session=session, source=source) == 1
        clients = list_clients(session=session)
    assert [c.name for c in clients] == ["Tiny Co"]


def test_relationship_types_reference_covers_every_type() -> None:
    types = relationship_types()
    assert list(types) == list(RelationshipType)
    for kind, profile in types.items():
        assert profile.type is kind
        for text in (profile.focus, profile.agreement, profile.trust_built_by, profile.exit):
            assert text.strip()
    cadences = [default_review_cadence(kind) for kind in RelationshipType]
    assert cadences == [180, 90, 30]  # closer relationships are reviewed more often
    assert relationship_types() is types  # loaded once


# --- the Engage artifacts -----------------------------------------------------------------


def _client_ids(store: Store) -> dict[str, int]:
    with store.session() as session:
        return {c.name: c.id for c in list_clients(session=session)}


def _stakeholder_names(store: Store, client_id: int) -> dict[int, str]:
    with store.session() as session:
        rows = session.exec(
            select(Stakeholder, Contact.name)
            .join(Contact, col(Contact.id) == Stakeholder.contact_id, isouter=True)
            .where(Stakeholder.account_id == client_id)
        ).all()
    result = {}
    for stakeholder, contact_name in rows:
        assert stakeholder.id is not None
        result[stakeholder.id] = contact_name or stakeholder.group_name
    return result


def test_load_demo_writes_every_engage_artifact_in_the_file(store: Store, demo_toml: dict) -> None:
    """Nothing in the file is silently dropped: each entry becomes rows."""
    with store.session() as session:
        load_demo(session=session)
    clients = demo_toml["client"]

    def total(kind: str) -> int:
        return sum(len(c.get(kind, [])) for c in clients)

    assert _count(store, Persona) == len(demo_toml["persona"]) + total("persona") == 5
    assert _count(store, MapSnapshot) == total("map_snapshot") == 7

    def rows_of(client: dict, snapshot: dict) -> int:
        # "current" copies every stakeholder of the client as it stands
        if snapshot["rows"] == "current":
            return len(client.get("stakeholder", []))
        return len(snapshot["rows"])

    assert _count(store, StakeholderSnapshot) == sum(
        rows_of(c, s) for c in clients for s in c.get("map_snapshot", [])
    )
    assert _count(store, TrustAssessment) == total("trust") == 6
    assert _count(store, TrustRating) == sum(
        len(t.get("ratings", {})) + len(t.get("not_assessed", []))
        for c in clients
        for t in c.get("trust", [])
    )
    assert _count(store, MaturityAssessment) == total("maturity")
    quadrants = [q.value for q in CompassQuadrant]
    compass_lists = [*demo_toml["persona"], *(x for c in clients for x in c.get("persona", []))]
    compass_lists += [x for c in clients for x in c.get("compass", [])]
    assert _count(store, CompassEntry) == sum(
        len(item.get(q, [])) for item in compass_lists for q in quadrants
    )


def test_fenmarsh_has_a_full_map_and_the_others_stay_small(demo_store: Store) -> None:
    ids = _client_ids(demo_store)
    with demo_store.session() as session:
        stakeholders = session.exec(select(Stakeholder)).all()
    by_client = Counter(s.account_id for s in stakeholders)
    fenmarsh = [s for s in stakeholders if s.account_id == ids[FENMARSH]]
    assert len(fenmarsh) >= 28
    assert {quadrant(s.influence, s.interest) for s in fenmarsh} == set(Quadrant)
    assert {Attitude(s.attitude) for s in fenmarsh} == set(Attitude)
    assert {StakeholderSide(s.side) for s in fenmarsh} == set(StakeholderSide)
    assert any(s.contact_id is None for s in fenmarsh)
    assert sum(s.contact_id is not None for s in fenmarsh) >= 10
    # whoever must be managed closely has an owner and a contact cadence
    for s in fenmarsh:
        if quadrant(s.influence, s.interest) is Quadrant.MANAGE_CLOSELY:
            assert s.owner and s.comm_frequency_days, s
    for name, client_id in ids.items():
        if name != FENMARSH:
            assert 3 <= by_client[client_id] <= 5, name


def test_demo_stakeholders_pass_the_forms_validation(demo_store: Store) -> None:
    from relwork.services.stakeholders import parse_stakeholder, stakeholder_form

    with demo_store.session() as session:
        for stakeholder in session.exec(select(Stakeholder)).all():
            parse_stakeholder(stakeholder_form(stakeholder))


def test_demo_map_snapshots_show_moves_arrivals_and_departures(demo_store: Store) -> None:
    ids = _client_ids(demo_store)
    today = clock.today()
    with demo_store.session() as session:
        snapshots = session.exec(select(MapSnapshot)).all()
        rows = session.exec(select(StakeholderSnapshot)).all()
        current = {s.id: s for s in session.exec(select(Stakeholder)).all()}
    ages = {s.account_id: (today - s.taken_at.date()).days for s in snapshots}
    assert len(ages) == len(snapshots)  # one snapshot per client that has one
    ravensholt = ids["Ravensholt Precision Castings"]
    stories = {ids[FENMARSH]: 60, ids[TIDEWELL]: 60, ids["Linnmouth University"]: 60}
    quiet = {
        ids[name]: 30
        for name in ("Aldermoor County Council", "Copperleaf Home Stores", "Pemberlow Ashcroft LLP")
    }
    assert ages == {**stories, **quiet, ravensholt: 200}
    assert ages[ravensholt] > Settings().map_review_days  # its map is overdue for review
    assert all(age < Settings().map_review_days for age in (*stories.values(), *quiet.values()))
    for snapshot in snapshots:
        assert snapshot.note and snapshot.author
        mine = [r for r in rows if r.snapshot_id == snapshot.id]
        for row in mine:
            Attitude(row.attitude)
            assert row.label
            assert row.influence is not None and 1 <= row.influence <= 5
            assert row.interest is not None and 1 <= row.interest <= 5
            if row.stakeholder_id is not None:
                assert current[row.stakeholder_id].account_id == snapshot.account_id
        linked = {r.stakeholder_id for r in mine if r.stakeholder_id is not None}
        assert len(linked) == sum(r.stakeholder_id is not None for r in mine)  # no duplicates
        now = {i for i, s in current.items() if s.account_id == snapshot.account_id}
        if snapshot.account_id in quiet:  # a review that changed nothing
            assert linked == now
            assert all(
                (r.influence, r.interest)
                == (current[r.stakeholder_id].influence, current[r.stakeholder_id].interest)
                for r in mine
            )
            continue
        assert now - linked, "a current stakeholder should be new since the snapshot"
        moved = [
            r
            for r in mine
            if r.stakeholder_id is not None
            and quadrant(r.influence, r.interest)
            != quadrant(current[r.stakeholder_id].influence, current[r.stakeholder_id].interest)
        ]
        assert moved, "someone should have changed quadrant since the snapshot"
        if snapshot.account_id in stories:
            assert any(r.stakeholder_id is None for r in mine), "someone has left since"


def test_fenmarsh_snapshot_rows_as_they_stood_then(demo_store: Store) -> None:
    client_id = _client_ids(demo_store)[FENMARSH]
    names = _stakeholder_names(demo_store, client_id)
    with demo_store.session() as session:
        (snapshot,) = session.exec(
            select(MapSnapshot).where(MapSnapshot.account_id == client_id)
        ).all()
        rows = session.exec(
            select(StakeholderSnapshot).where(StakeholderSnapshot.snapshot_id == snapshot.id)
        ).all()
    assert snapshot.taken_at.date() == clock.today() - timedelta(days=60)
    linked = {r.stakeholder_id: r for r in rows if r.stakeholder_id is not None}
    left = [r.label for r in rows if r.stakeholder_id is None]
    assert left == ["Brian Cartwright, Head of Procurement (left)"]
    assert {names[i] for i in set(names) - set(linked)} == {
        "Lydia Marchetti",
        "Ward 7 night shift nurses",
    }
    for stakeholder_id, row in linked.items():
        assert row.label == names[stakeholder_id]  # labelled with the name of the day
    aisha = next(r for r in rows if r.label == "Aisha Rahman")
    assert quadrant(aisha.influence, aisha.interest) is Quadrant.KEEP_INFORMED
    assert aisha.attitude == "neutral"


def test_demo_personas(demo_store: Store) -> None:
    from relwork.services.personas import parse_persona, persona_form

    ids = _client_ids(demo_store)
    with demo_store.session() as session:
        personas = session.exec(select(Persona)).all()
        entries = session.exec(
            select(CompassEntry).where(CompassEntry.subject_type == CompassSubject.PERSONA)
        ).all()
        stakeholders = session.exec(select(Stakeholder)).all()
        for persona in personas:
            parse_persona(persona_form(persona))
    owners = Counter(p.account_id for p in personas)
    assert 2 <= owners[ids[FENMARSH]] <= 3
    assert owners[ids[TIDEWELL]] == 1
    assert owners[None] == 1
    machines = [p for p in personas if p.is_machine]
    assert [p.account_id for p in machines] == [ids[FENMARSH]]
    assert machines[0].preferred_channels == [Channel.MACHINE_INTERFACE]
    for persona in personas:
        assert persona.name and persona.day_in_life and persona.background and persona.goals
        for channel in persona.preferred_channels:
            Channel(channel)
        quadrants = {CompassQuadrant(e.quadrant) for e in entries if e.subject_id == persona.id}
        if persona.is_machine:
            assert quadrants == set(CompassQuadrant) - {CompassQuadrant.EMOTIONS}
        else:
            assert persona.tagline and persona.frustrations and persona.influences
            assert persona.tech_comfort is not None and 1 <= persona.tech_comfort <= 5
            assert quadrants == set(CompassQuadrant)
    # stakeholders point at personas of their own client, or at the shared one
    by_id = {p.id: p for p in personas}
    linked = [s for s in stakeholders if s.persona_id is not None]
    assert linked
    for stakeholder in linked:
        assert by_id[stakeholder.persona_id].account_id in (None, stakeholder.account_id)
    shared = next(p for p in personas if p.account_id is None)
    assert len({s.account_id for s in linked if s.persona_id == shared.id}) >= 2


def test_demo_compass_entries_are_valid_and_cover_a_stakeholder_group(demo_store: Store) -> None:
    with demo_store.session() as session:
        entries = session.exec(select(CompassEntry)).all()
        about_stakeholders = [e for e in entries if e.subject_type == CompassSubject.STAKEHOLDER]
        groups = {e.subject_id: session.get(Stakeholder, e.subject_id) for e in about_stakeholders}
    for entry in entries:
        assert entry.text and entry.text == entry.text.strip() and len(entry.text) <= 500
        if entry.quadrant == CompassQuadrant.EMOTIONS:
            assert entry.valence is not None and -2 <= entry.valence <= 2
        else:
            assert entry.valence is None
    assert groups
    for subject_id, stakeholder in groups.items():
        assert stakeholder is not None
        assert stakeholder.contact_id is None and stakeholder.group_name
        quadrants = {e.quadrant for e in about_stakeholders if e.subject_id == subject_id}
        assert quadrants == set(CompassQuadrant)
    assert "Ward 7 night shift nurses" in {s.group_name for s in groups.values() if s}


def test_demo_trust_ratings_use_the_three_cs_behaviours(demo_store: Store) -> None:
    with demo_store.session() as session:
        assessments = session.exec(select(TrustAssessment)).all()
        ratings = session.exec(select(TrustRating)).all()
    assert {r.behaviour_key for r in ratings} == TRUST_KEYS  # every key, and only these
    assert all(r.score is None or 1 <= r.score <= 5 for r in ratings)
    assert any(r.score is None for r in ratings)
    assert any(r.evidence for r in ratings)
    pairs = [(r.assessment_id, r.behaviour_key) for r in ratings]
    assert len(pairs) == len(set(pairs))
    for assessment in assessments:
        assert assessment.item_set == "three_cs"
        RaterPerspective(assessment.rater_perspective)
        assert assessment.trust_origin is not None
        TrustOrigin(assessment.trust_origin)
        assert assessment.notes and assessment.author
        assert assessment.taken_at.date() < clock.today()
        assert any(r.assessment_id == assessment.id and r.score for r in ratings)


def _dimension_means(store: Store, client_id: int) -> list[tuple[int, dict[str, float]]]:
    """(days ago, mean score per dimension) of each provider_self assessment, oldest first."""
    with store.session() as session:
        runs = session.exec(
            select(TrustAssessment)
            .where(TrustAssessment.account_id == client_id)
            .order_by(col(TrustAssessment.taken_at))
        ).all()
        result = []
        for run in runs:
            assert run.rater_perspective == RaterPerspective.PROVIDER_SELF
            assert run.trust_origin == TrustOrigin.KNOWLEDGE_BASED
            scores: dict[str, list[int]] = {"CAP": [], "COM": [], "CON": []}
            for rating in session.exec(
                select(TrustRating).where(TrustRating.assessment_id == run.id)
            ).all():
                assert rating.behaviour_key.startswith("P-")
                if rating.score is not None:
                    scores[rating.behaviour_key[2:5]].append(rating.score)
            means = {dim: sum(values) / len(values) for dim, values in scores.items()}
            result.append(((clock.today() - run.taken_at.date()).days, means))
    return result


def test_fenmarsh_trust_shows_capability_holding_while_the_rest_slides(demo_store: Store) -> None:
    client_id = _client_ids(demo_store)[FENMARSH]
    history = _dimension_means(demo_store, client_id)
    assert [days for days, _ in history] == [270, 150, 20]
    for (_, earlier), (_, later) in pairwise(history):
        assert later["CAP"] >= earlier["CAP"] - 0.01
        assert later["COM"] < earlier["COM"]
        assert later["CON"] < earlier["CON"]
    with demo_store.session() as session:
        runs = session.exec(
            select(TrustAssessment)
            .where(TrustAssessment.account_id == client_id)
            .order_by(col(TrustAssessment.taken_at).desc())
        ).all()
        ratings = {
            run.id: session.exec(
                select(TrustRating).where(TrustRating.assessment_id == run.id)
            ).all()
            for run in runs
        }
    newest = ratings[runs[0].id]
    assert 1 <= sum(r.score is None for r in newest) <= 2  # a behaviour or two not assessed
    assert all(r.score is not None for r in ratings[runs[-1].id])  # the oldest is complete
    assert sum(bool(r.evidence) for r in newest) >= 3


def test_tidewell_trust_is_rising_and_a_third_client_has_one_assessment(demo_store: Store) -> None:
    ids = _client_ids(demo_store)
    history = _dimension_means(demo_store, ids[TIDEWELL])
    assert len(history) == 2
    (_, before), (_, after) = history
    assert sum(after.values()) > sum(before.values())
    with demo_store.session() as session:
        per_client = Counter(a.account_id for a in session.exec(select(TrustAssessment)).all())
    others = {k: v for k, v in per_client.items() if k not in (ids[FENMARSH], ids[TIDEWELL])}
    assert list(others.values()) == [1]


def test_demo_maturity_levels_and_a_two_level_gap(demo_store: Store) -> None:
    today = clock.today()
    with demo_store.session() as session:
        entries = session.exec(select(MaturityAssessment)).all()
        clients = {e.account_id for e in entries}
        gaps = {}
        for client_id in clients:
            history = maturity_history(session=session, client_id=client_id)
            gaps[client_id] = maturity_gap(latest_maturity(history))
    assert len(clients) == 4
    for entry in entries:
        MaturitySide(entry.side)
        RelationshipType(entry.level)
        assert entry.assessed_on < today
        assert entry.notes
    for client_id in clients:
        sides = {MaturitySide(e.side) for e in entries if e.account_id == client_id}
        assert sides == set(MaturitySide)
    dates = Counter(
        (e.account_id, e.side) for e in entries
    )  # a side assessed more than once shows a history
    assert any(n >= 2 for n in dates.values())
    assert sum(bool(gap) for gap in gaps.values()) == 1
    order = list(RelationshipType)
    latest: dict[tuple[int, str], MaturityAssessment] = {}
    for entry in sorted(entries, key=lambda e: e.assessed_on):
        latest[(entry.account_id, entry.side)] = entry
    spreads = [
        abs(
            order.index(RelationshipType(latest[(c, "demand")].level))
            - order.index(RelationshipType(latest[(c, "supply")].level))
        )
        for c in clients
    ]
    assert spreads.count(2) == 1


# --- a wrong name in the file fails loudly ------------------------------------------------

_TINY = """
[[client]]
name = "Tiny Co"
status = "active"
current_type = "basic"
current_step = "engage"
steps = [ { step = "explore", days_ago = 30 }, { step = "engage", days_ago = 10 } ]
stakeholder = [
  { contact = "ann", category = "manager", influence = 4, interest = 4 },
  { group_name = "Night team", category = "user", influence = 2, interest = 5 },
]
[[client.contact]]
key = "ann"
name = "Ann Example"
[[client.persona]]
name = "Night worker"
"""


@pytest.mark.parametrize(
    ("extra", "wrong"),
    [
        ('[[client.note]]\ndays_ago = 1\nkind = "call"\nattendees = ["anne"]\ntext = "x"', "anne"),
        (
            "[[client.map_snapshot]]\ndays_ago = 9\n"
            'rows = [ { stakeholder = "Nite team", influence = 1, interest = 1 } ]',
            "Nite team",
        ),
        ('[[client.compass]]\nstakeholder = "Night teams"\nneeds = ["sleep"]', "Night teams"),
        ('[[client.persona]]\nname = "X"\ntagilne = "typo"', "tagilne"),
        ('[[client.persona]]\nname = "Night worker"', "another persona has this name"),
        (
            '[[client.persona]]\nname = "M"\nis_machine = true\nemotions = [ { text = "x" } ]',
            "machine",
        ),
        ("[[client.map_snapshots]]\ndays_ago = 9\nrows = []", "map_snapshots"),
        (
            '[[client.trust]]\ndays_ago = 5\nperspective = "provider_self"\n'
            'ratings = { "P-CAP-1" = 3 }\nevidence = { "P-CAP-2" = "x" }',
            "P-CAP-2",
        ),
        (
            '[[client.trust]]\ndays_ago = 5\nperspective = "provider_self"\nratings = { "P-CAP-1" = 6 }',
            "6",
        ),
        ('[[client.trust]]\ndays_ago = 5\nperspective = "customer"\nratings = {}', "customer"),
        ('[[client.maturity]]\ndays_ago = 5\nside = "demand"\nlevel = "advanced"', "advanced"),
    ],
)
def test_a_wrong_name_in_the_demo_file_fails_loudly(
    store: Store, tmp_path: Path, extra: str, wrong: str
) -> None:
    source = tmp_path / "tiny.toml"
    source.write_text(_TINY + extra + "\n", encoding="utf-8")
    with store.session() as session, pytest.raises(DemoDataError, match="Tiny Co") as caught:
        load_demo(session=session, source=source)
    assert wrong in str(caught.value)


def test_a_misspelt_stakeholder_reference_suggests_the_right_name(
    store: Store, tmp_path: Path
) -> None:
    source = tmp_path / "tiny.toml"
    source.write_text(
        _TINY.replace('contact = "ann"', 'contact = "anne"', 1)
        + '[[client.compass]]\nstakeholder = "Night team"\nneeds = ["sleep"]\n',
        encoding="utf-8",
    )
    with store.session() as session, pytest.raises(DemoDataError) as caught:
        load_demo(session=session, source=source)
    assert "'anne' is not a contact key" in str(caught.value)
    assert "Did you mean 'ann'?" in str(caught.value)


def test_a_tiny_file_with_every_engage_artifact_loads(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "tiny.toml"
    source.write_text(
        _TINY.replace('category = "user"', 'category = "user", persona = "Night worker"')
        + """needs = ["Sleep"]
emotions = [ { text = "Tired", valence = -1 } ]
[[client.compass]]
stakeholder = "ann"
wants = ["Fewer meetings"]
[[client.map_snapshot]]
days_ago = 100
rows = [ { stakeholder = "ann", influence = 3, interest = 4 }, { label = "Bob (left)" } ]
[[client.trust]]
days_ago = 5
perspective = "provider_self"
ratings = { "P-CAP-1" = 3 }
not_assessed = ["P-CAP-2"]
evidence = { "P-CAP-2" = "Not seen yet" }
[[client.maturity]]
days_ago = 5
side = "supply"
level = "cooperative"
""",
        encoding="utf-8",
    )
    with store.session() as session:
        assert load_demo(session=session, source=source) == 1
        persona = session.exec(select(Persona)).one()
        night = session.exec(select(Stakeholder).where(Stakeholder.group_name != "")).one()
        assert night.persona_id == persona.id
        rows = session.exec(select(StakeholderSnapshot)).all()
        assert [(r.label, r.stakeholder_id is None) for r in rows] == [
            ("Ann Example", False),
            ("Bob (left)", True),
        ]
        ratings = {
            r.behaviour_key: (r.score, r.evidence) for r in session.exec(select(TrustRating))
        }
        assert ratings == {"P-CAP-1": (3, ""), "P-CAP-2": (None, "Not seen yet")}
    assert _count(store, CompassEntry) == 3


def test_every_area_adds_its_own_demo_records(demo_store: Store) -> None:
    """relwork --demo shows something on every screen: each area's demo file loaded."""
    for table in (
        WizardRun,
        OnboardingPlan,
        OffboardingPlan,
        Agreement,
        Measurement,
        SurveyResponse,
        ImprovementItem,
        ClientReview,
        Risk,
        ResponsibilityLine,
    ):
        assert _count(demo_store, table) > 0, table.__name__


def test_in_the_demo_you_act_as_its_relationship_manager(demo_store: Store) -> None:
    from relwork.app import DEMO_USER, create_app

    with demo_store.session() as session:
        owners = {c.account.rm_owner for c in list_clients(session=session)}
    assert owners == {DEMO_USER}
    assert create_app(demo_store, demo=True, settings=Settings()).user == DEMO_USER
    # a name you set yourself wins, and your own portfolio never uses the demo's name
    named = Settings(user_name="Dana Reyes")
    assert create_app(demo_store, demo=True, settings=named).user == "Dana Reyes"
    assert create_app(demo_store, demo=False, settings=Settings()).user != DEMO_USER
