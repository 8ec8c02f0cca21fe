"""What the client workspace shows for each journey step before richer tools exist:
facts already recorded that matter to the step, computed from the store."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, func, select

from relwork.db import Store
from relwork.enums import (
    Attitude,
    ConsumerRole,
    InteractionKind,
    JourneyStep,
    RelationshipType,
)
from relwork.formatting import duration, long_ago
from relwork.models import (
    Account,
    ActionItem,
    Contact,
    Interaction,
    JourneyStepChange,
    Stakeholder,
)
from relwork.services.clients import Client, get_client
from relwork.services.reference import default_review_cadence, relationship_types
from relwork.services.rules import action_overdue, quadrant, review_overdue

RECENT_DAYS = 90


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    alert: bool = False


def step_facts(
    *,
    session: Session,
    client_id: int,
    step: JourneyStep,
    today: date,
    store: Store | None = None,
    map_review_days: int = 90,
) -> list[Fact]:
    """Facts already known that bear on ``step``, most useful first. With the ``store``,
    the Engage step also reports the map review, people out of touch and trust."""
    client = get_client(session=session, client_id=client_id)
    facts = _entered(session, client_id, step)
    facts += _BUILDERS[step](session, client, today)
    if step == JourneyStep.ENGAGE and store is not None:
        facts += engage_signals(store, client_id, today, map_review_days)
    if step == JourneyStep.ENGAGE:
        facts += assessment_facts(session=session, account=client.account)
    return facts


def assessment_facts(*, session: Session, account: Account) -> list[Fact]:
    """The readiness and maturity assessments, most important first for this
    relationship type, each with why it matters and how far the latest run got."""
    from relwork.services.assessments import (
        latest_runs,
        offered_assessments,
        type_for_assessments,
    )
    from relwork.wizards import load_sets

    kind = type_for_assessments(account)
    assert account.id is not None
    runs = latest_runs(session=session, account_id=account.id)
    facts = []
    for number, offer in enumerate(offered_assessments(load_sets().sets, kind), start=1):
        run = runs.get(offer.set_key)
        if run is None:
            state = "not done yet"
        elif run.finished_at is not None:
            state = f"done {run.finished_at.date().isoformat()}"
        else:
            state = "started, not finished"
        important = offer.emphasis == "crucial"
        facts.append(
            Fact(
                f"Assessment {number}: {offer.title}",
                f"{state} (w) · {offer.reason}",  # the reason names the emphasis
                important and run is None,
            )
        )
    return facts


def engage_signals(store: Store, client_id: int, today: date, map_review_days: int) -> list[Fact]:
    """What the Engage tools have found: is the map current, who of influence is out of
    touch, and how trust stood at the last assessment."""
    from relwork.services.stakeholders import high_influence_out_of_cadence, map_review_state
    from relwork.services.trust import latest_trust, load_item_sets

    review = map_review_state(store, client_id, today, map_review_days)
    out_of_touch = high_influence_out_of_cadence(store, client_id, today)
    trust = latest_trust(store, load_item_sets()[0]).get(client_id)
    names = ", ".join(flag.name for flag in out_of_touch[:3])
    more = f" and {len(out_of_touch) - 3} more" if len(out_of_touch) > 3 else ""
    return [
        Fact("Map review", review.describe(today), review.due),
        Fact(
            "Influential, out of touch",
            f"{names}{more}" if out_of_touch else "nobody",
            bool(out_of_touch),
        ),
        _trust_fact(trust),
    ]


def _trust_fact(trust: tuple[float | None, str] | None) -> Fact:
    if trust is None:
        return Fact("Trust (latest)", "not assessed yet (press r)")
    index, band = trust
    from relwork.services.trust import format_score

    return Fact("Trust (latest)", f"{format_score(index, 2)} · {band}", band == "Low")


def _entered(session: Session, client_id: int, step: JourneyStep) -> list[Fact]:
    last = session.exec(
        select(JourneyStepChange.changed_at)
        .where(JourneyStepChange.account_id == client_id, JourneyStepChange.to_step == step)
        .order_by(col(JourneyStepChange.changed_at).desc())
    ).first()
    if last is None:
        return [Fact("Journey", "Not at this step yet")]
    return [Fact("Journey", f"Last entered this step on {_day(last)}")]


def _explore(session: Session, client: Client, today: date) -> list[Fact]:
    contacts = _contacts(session, client)
    roles = Counter(role for c in contacts for role in c.consumer_roles)
    missing = [r.label.lower() for r in ConsumerRole if not roles[r]]
    return [
        Fact("Industry", client.organization.industry or "not recorded"),
        Fact(
            "Contacts",
            f"{len(contacts)} on record"
            + (f"; no {', no '.join(missing)} named yet" if missing else ""),
            bool(missing),
        ),
        Fact("Stakeholders", f"{_count(session, Stakeholder, client.id)} mapped"),
        Fact("Their assets we rely on", client.account.customer_assets_note or "not recorded"),
    ]


def _engage(session: Session, client: Client, today: date) -> list[Fact]:
    stakeholders = session.exec(
        select(Stakeholder).where(Stakeholder.account_id == client.id)
    ).all()
    places = Counter(q.label for s in stakeholders if (q := quadrant(s.influence, s.interest)))
    critics = sum(1 for s in stakeholders if s.attitude in (Attitude.SCEPTIC, Attitude.BLOCKER))
    last = _last_contact(session, client.id)
    current = RelationshipType(client.account.current_type)
    return [
        Fact("Relationship", _type_line(client)),
        Fact(
            "Stakeholder map",
            ", ".join(f"{n} {q.lower()}" for q, n in places.most_common())
            or "no stakeholders mapped yet",
            not stakeholders,
        ),
        Fact("Sceptics and blockers", str(critics), critics > 0),
        Fact("Last contact", long_ago(last, today) if last else "none logged", last is None),
        Fact("Trust is built by", relationship_types()[current].trust_built_by),
    ]


def _offer(session: Session, client: Client, today: date) -> list[Fact]:
    profile = relationship_types()[RelationshipType(client.account.current_type)]
    workshops = _recent_kinds(session, client.id, today)[InteractionKind.WORKSHOP]
    return [
        Fact("Relationship", _type_line(client)),
        Fact("Service tier", client.account.service_tier or "not recorded"),
        Fact("Typical focus", profile.focus),
        Fact("Workshops in the last 90 days", str(workshops)),
    ]


def _agree(session: Session, client: Client, today: date) -> list[Fact]:
    account = client.account
    kind = RelationshipType(account.current_type)
    cadence = account.review_cadence_days
    return [
        Fact("Agreement that usually fits", relationship_types()[kind].agreement),
        Fact(
            "Review cadence",
            f"every {cadence} days"
            if cadence
            else f"not set (usual for {kind.label.lower()}: {default_review_cadence(kind)} days)",
        ),
        _review_fact(account.next_review_due, today),
    ]


def _onboard(session: Session, client: Client, today: date) -> list[Fact]:
    account = client.account
    opened, overdue = _action_counts(session, client.id, today)
    return [
        Fact("Status", account.status.capitalize()),
        Fact("Relationship started", _day(account.start_date) if account.start_date else "not yet"),
        Fact("Open actions", f"{opened} open, {overdue} overdue", overdue > 0),
        *_plan_facts(session, client.id, today),
    ]


def _plan_facts(session: Session, client_id: int, today: date) -> list[Fact]:
    """One line per plan that is not closed, e.g. "7 of 12 actions done, 2 overdue"."""
    from relwork.enums import PlanStatus
    from relwork.services.plans import plan_progress

    found = plan_progress(session=session, account_id=client_id, today=today)
    open_plans = [p for p in found if p.status != PlanStatus.CLOSED]
    if not open_plans:
        return [Fact("Plans", "none open (press o)" if found else "none yet (press o)")]
    return [
        Fact(
            f"{p.kind.capitalize()} plan" + (" (confidential)" if p.confidential else ""),
            f"{p.describe()} · {p.status.label.lower()}",
            bool(p.overdue),
        )
        for p in open_plans
    ]


def _co_create(session: Session, client: Client, today: date) -> list[Fact]:
    kinds = _recent_kinds(session, client.id, today)
    opened, overdue = _action_counts(session, client.id, today)
    mix = ", ".join(f"{n} {InteractionKind(k).label.lower()}" for k, n in kinds.most_common())
    return [
        Fact("Contact in the last 90 days", mix or "none logged", not kinds),
        Fact(
            "Complaints in the last 90 days",
            str(kinds[InteractionKind.COMPLAINT]),
            kinds[InteractionKind.COMPLAINT] > 0,
        ),
        Fact("Open actions", f"{opened} open, {overdue} overdue", overdue > 0),
    ]


def _realize(session: Session, client: Client, today: date) -> list[Fact]:
    account = client.account
    since = _since(today)
    done = session.exec(
        select(func.count())
        .select_from(ActionItem)
        .where(ActionItem.account_id == client.id, col(ActionItem.done_at) >= since)
    ).one()
    kinds = _recent_kinds(session, client.id, today)
    tenure = (today - account.start_date).days if account.start_date else None
    return [
        Fact(
            "Relationship length",
            duration(tenure) if tenure is not None else "not started",
        ),
        _review_fact(account.next_review_due, today),
        Fact("Actions completed in the last 90 days", str(done)),
        Fact("Feedback notes in the last 90 days", str(kinds[InteractionKind.FEEDBACK])),
    ]


_BUILDERS = {
    JourneyStep.EXPLORE: _explore,
    JourneyStep.ENGAGE: _engage,
    JourneyStep.OFFER: _offer,
    JourneyStep.AGREE: _agree,
    JourneyStep.ONBOARD: _onboard,
    JourneyStep.CO_CREATE: _co_create,
    JourneyStep.REALIZE: _realize,
}


def _type_line(client: Client) -> str:
    current = RelationshipType(client.account.current_type).label
    target = client.account.target_type
    if target and target != client.account.current_type:
        return f"{current}, aiming for {RelationshipType(target).label.lower()}"
    return current


def _review_fact(due: date | None, today: date) -> Fact:
    if due is None:
        return Fact("Next review", "not scheduled", True)
    if review_overdue(due, today):
        return Fact("Next review", f"{_day(due)}: overdue by {(today - due).days} days", True)
    return Fact("Next review", f"{_day(due)} (in {(due - today).days} days)")


def _contacts(session: Session, client: Client) -> list[Contact]:
    return list(
        session.exec(select(Contact).where(Contact.organization_id == client.organization.id)).all()
    )


def _count(session: Session, table: type[Stakeholder], client_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(table).where(table.account_id == client_id)
    ).one()


def _last_contact(session: Session, client_id: int) -> datetime | None:
    return session.exec(
        select(func.max(Interaction.occurred_at)).where(Interaction.account_id == client_id)
    ).one()


def _recent_kinds(session: Session, client_id: int, today: date) -> Counter[str]:
    rows = session.exec(
        select(Interaction.kind).where(
            Interaction.account_id == client_id, col(Interaction.occurred_at) >= _since(today)
        )
    ).all()
    return Counter(str(kind) for kind in rows)


def _action_counts(session: Session, client_id: int, today: date) -> tuple[int, int]:
    rows = session.exec(
        select(col(ActionItem.due_date), col(ActionItem.done_at)).where(
            ActionItem.account_id == client_id, col(ActionItem.done_at).is_(None)
        )
    ).all()
    return len(rows), sum(1 for due, done in rows if action_overdue(due, done, today))


def _since(today: date) -> datetime:
    start = today - timedelta(days=RECENT_DAYS)
    return datetime(start.year, start.month, start.day).astimezone()


def _day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = value.astimezone().date()
    return value.isoformat()
