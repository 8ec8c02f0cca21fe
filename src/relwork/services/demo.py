"""The demo portfolio: fictional clients loaded from data/demo.toml.

Dates in the file are relative (days ago / due in days) so the demo always looks
current; they are resolved against the clock when the demo is written.

Entries refer to each other by name: a stakeholder or note attendee by the contact's
``key``, a snapshot row or compass by contact key or stakeholder group name, a
stakeholder's persona by the persona's name. A name that does not resolve, or a field
the table does not have, raises :class:`DemoDataError` naming the client and the entry,
so a typo in the file fails loudly instead of dropping data.
"""

from __future__ import annotations

import importlib
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from difflib import get_close_matches
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from relwork import clock
from relwork.enums import (
    Attitude,
    CompassQuadrant,
    CompassSubject,
    MaturitySide,
    RaterPerspective,
    RelationshipType,
    TrustOrigin,
)
from relwork.locations import shipped_data_dir
from relwork.models import (
    Account,
    ActionItem,
    CompassEntry,
    Contact,
    Interaction,
    InteractionAttendee,
    JourneyStepChange,
    MapSnapshot,
    MaturityAssessment,
    Organization,
    Persona,
    Stakeholder,
    StakeholderSnapshot,
    TrustAssessment,
    TrustRating,
)

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

# Keys a [[client]] table may hold besides the Account and Organization columns.
_CLIENT_KEYS = {
    "name", "industry", "notes", "status", "current_step", "current_type", "target_type",
    "service_tier", "start_days_ago", "review_cadence_days", "next_review_in_days",
    "rm_owner", "customer_assets_note", "steps", "contact", "stakeholder", "note", "action",
    "persona", "compass", "map_snapshot", "trust", "maturity",
}  # fmt: skip
_COMPASS_KEYS = {quadrant.value for quadrant in CompassQuadrant}
_SNAPSHOT_KEYS = {"days_ago", "note", "author", "rows"}
_ROW_KEYS = {"stakeholder", "label", "influence", "interest", "attitude"}
_TRUST_KEYS = {
    "days_ago", "perspective", "origin", "author", "notes", "item_set", "ratings",
    "not_assessed", "evidence",
}  # fmt: skip
_MATURITY_KEYS = {"days_ago", "side", "level", "notes"}


class DemoDataError(ValueError):
    """The demo file names something it does not define, or a field that does not exist."""


def demo_source() -> Path:
    return shipped_data_dir() / "demo.toml"


def load_demo(*, session: Session, source: Path | None = None) -> int:
    """Write the demo portfolio into an empty store; returns the number of clients.

    Shared personas (top-level ``[[persona]]``) come first, so any client's
    stakeholders can point at them."""
    raw = tomllib.loads((source or demo_source()).read_text(encoding="utf-8"))
    now = clock.now()
    shared: dict[str, Persona] = {}
    for item in raw.get("persona", []):
        _add_persona(session, shared, None, item, "Shared personas")
    loaded = [_load_client(session, entry, now, shared) for entry in raw["client"]]
    session.flush()
    portfolio = DemoPortfolio(
        now=now,
        accounts={client.name: client.id for client in loaded},
        contacts={
            client.name: {k: _id(c) for k, c in client.contacts.items()} for client in loaded
        },
    )
    for target in DEMO_EXTENSIONS:
        module_name, _, function_name = target.partition(":")
        getattr(importlib.import_module(module_name), function_name)(
            session=session, portfolio=portfolio
        )
    session.commit()
    return len(raw["client"])


@dataclass(frozen=True)
class DemoPortfolio:
    """What the demo extensions may refer to: each client's account id by name, and
    its contacts' ids by their demo key (``contacts["Tidewell Freight"]["ines"]``)."""

    now: datetime
    accounts: dict[str, int]
    contacts: dict[str, dict[str, int]]


# Areas that add their own demo records once the clients exist ("module:function",
# called with session= and portfolio=). Each keeps its data next to its own code.
DEMO_EXTENSIONS: list[str] = [
    "relwork.services.wizard_runs:load_demo_runs",
    "relwork.services.plan_demo:load_demo_plans",
    "relwork.services.agreement_demo:load_demo",
    "relwork.services.improvements:load_demo",
    "relwork.services.review_demo:load_demo",
]


@dataclass
class _Client:
    """One client being loaded, and the names its entries may refer to."""

    name: str
    account: Account
    now: datetime
    contacts: dict[str, Contact] = field(default_factory=dict)  # by key
    stakeholders: dict[str, Stakeholder] = field(default_factory=dict)  # contact key / group
    personas: dict[str, Persona] = field(default_factory=dict)  # own and shared, by name

    @property
    def id(self) -> int:
        assert self.account.id is not None  # flushed when created
        return self.account.id

    @property
    def today(self) -> date:
        return self.now.date()

    def ago(self, days: int, at: str = "10:00") -> datetime:
        return _ago(self.now, days, at)


def _load_client(
    session: Session, entry: dict[str, Any], now: datetime, shared: dict[str, Persona]
) -> _Client:
    _check_keys(entry, _CLIENT_KEYS, entry.get("name", "a [[client]] without a name"))
    client = _Client(entry["name"], _account(session, entry, now), now, personas=dict(shared))
    _steps(session, client, entry.get("steps", []))
    _contacts(session, client, entry.get("contact", []))
    for item in entry.get("persona", []):
        _add_persona(session, client.personas, client.id, item, client.name)
    _stakeholders(session, client, entry.get("stakeholder", []))
    for item in entry.get("compass", []):
        _stakeholder_compass(session, client, item)
    _notes(session, client, entry.get("note", []))
    _actions(session, client, entry.get("action", []))
    for item in entry.get("map_snapshot", []):
        _map_snapshot(session, client, item)
    for item in entry.get("trust", []):
        _trust(session, client, item)
    for item in entry.get("maturity", []):
        _maturity(session, client, item)
    return client


def _account(session: Session, entry: dict[str, Any], now: datetime) -> Account:
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
    return account


def _steps(session: Session, client: _Client, steps: list[dict[str, Any]]) -> None:
    previous = None
    for change in steps:
        session.add(
            JourneyStepChange(
                account_id=client.id,
                from_step=previous,
                to_step=change["step"],
                changed_at=client.ago(change["days_ago"]),
                author=client.account.rm_owner,
            )
        )
        previous = change["step"]


def _contacts(session: Session, client: _Client, items: list[dict[str, Any]]) -> None:
    for item in items:
        values = {k: v for k, v in item.items() if k != "key"}
        where = f"{client.name}, contact '{item['key']}'"
        if item["key"] in client.contacts:
            raise DemoDataError(f"{where}: the key is used twice.")
        contact = Contact(
            organization_id=client.account.organization_id, **_columns(Contact, values, where)
        )
        session.add(contact)
        client.contacts[item["key"]] = contact
    session.flush()


def _stakeholders(session: Session, client: _Client, items: list[dict[str, Any]]) -> None:
    for item in items:
        values = dict(item)
        key = values.pop("contact", None)
        ref = key or values.get("group_name", "")
        where = f"{client.name}, stakeholder '{ref}'"
        if not ref or ref in client.stakeholders:
            raise DemoDataError(f"{where}: each stakeholder needs its own contact or group name.")
        person = _pick(client.contacts, key, where, "contact key") if key else None
        persona_name = values.pop("persona", None)
        persona = _pick(client.personas, persona_name, where, "persona") if persona_name else None
        stakeholder = Stakeholder(
            account_id=client.id,
            contact_id=_id(person) if person else None,
            consumer_roles=list(person.consumer_roles) if person else [],
            last_reviewed=client.today - timedelta(days=values.pop("reviewed_days_ago", 30)),
            persona_id=persona.id if persona else None,
            **_columns(Stakeholder, values, where),
        )
        session.add(stakeholder)
        client.stakeholders[ref] = stakeholder
    session.flush()


def _notes(session: Session, client: _Client, items: list[dict[str, Any]]) -> None:
    for item in items:
        note = Interaction(
            account_id=client.id,
            occurred_at=client.ago(item["days_ago"], item.get("at", "10:00")),
            kind=item["kind"],
            summary=item["text"].strip(),
            author=client.account.rm_owner,
        )
        session.add(note)
        session.flush()
        assert note.id is not None
        where = f"{client.name}, note of {item['days_ago']} days ago"
        for key in dict.fromkeys(item.get("attendees", [])):
            person = _pick(client.contacts, key, where, "contact key")
            session.add(InteractionAttendee(interaction_id=note.id, contact_id=_id(person)))


def _actions(session: Session, client: _Client, items: list[dict[str, Any]]) -> None:
    for item in items:
        due = item.get("due_in_days")
        done_ago = item.get("days_ago_done")
        session.add(
            ActionItem(
                account_id=client.id,
                text=item["text"],
                owner=item.get("owner", ""),
                due_date=client.today + timedelta(days=due) if due is not None else None,
                done_at=client.ago(done_ago or 0) if item.get("done") else None,
            )
        )


def _add_persona(
    session: Session,
    personas: dict[str, Persona],
    account_id: int | None,
    item: dict[str, Any],
    owner: str,
) -> None:
    """A persona and its compass (``needs``, ``wants``, ``stereotypes``, ``emotions``),
    added to ``personas`` by name (own and shared names must all differ)."""
    values = {k: v for k, v in item.items() if k not in _COMPASS_KEYS}
    where = f"{owner}, persona '{item.get('name', '')}'"
    if item.get("name") in personas:
        raise DemoDataError(f"{where}: another persona has this name.")
    persona = Persona(account_id=account_id, **_columns(Persona, values, where))
    session.add(persona)
    session.flush()
    assert persona.id is not None
    if persona.is_machine and item.get(CompassQuadrant.EMOTIONS):
        raise DemoDataError(f"{where}: a machine user has no emotions; remove them.")
    _compass(session, CompassSubject.PERSONA, persona.id, item, where)
    personas[persona.name] = persona


def _stakeholder_compass(session: Session, client: _Client, item: dict[str, Any]) -> None:
    """``[[client.compass]]``: the compass of a stakeholder (contact key or group name)."""
    values = dict(item)
    ref = values.pop("stakeholder", "")
    where = f"{client.name}, compass of '{ref}'"
    _check_keys(values, _COMPASS_KEYS, where)
    stakeholder = _pick(client.stakeholders, ref, where, "contact key or stakeholder group")
    assert stakeholder.id is not None
    _compass(session, CompassSubject.STAKEHOLDER, stakeholder.id, values, where)


def _compass(
    session: Session, subject: CompassSubject, subject_id: int, item: dict[str, Any], where: str
) -> None:
    """Needs, wants and stereotypes are lists of text; emotions are {text, valence} tables."""
    for quadrant in CompassQuadrant:
        for entry in item.get(quadrant.value, []):
            if quadrant == CompassQuadrant.EMOTIONS:
                _check_keys(entry, {"text", "valence"}, where)
                text, valence = entry["text"], entry.get("valence")
                if valence is not None and valence not in range(-2, 3):
                    raise DemoDataError(f"{where}: valence {valence} is not from -2 to +2.")
            else:
                text, valence = entry, None
            session.add(
                CompassEntry(
                    subject_type=subject,
                    subject_id=subject_id,
                    quadrant=quadrant,
                    text=text.strip(),
                    valence=valence,
                )
            )


def _map_snapshot(session: Session, client: _Client, item: dict[str, Any]) -> None:
    """A dated map: rows name a current stakeholder, or only carry a ``label`` for
    someone who has since left (``stakeholder_id`` None)."""
    where = f"{client.name}, map snapshot of {item.get('days_ago')} days ago"
    _check_keys(item, _SNAPSHOT_KEYS, where)
    snapshot = MapSnapshot(
        account_id=client.id,
        taken_at=client.ago(item["days_ago"]),
        author=item.get("author", client.account.rm_owner),
        note=item.get("note", "").strip(),
    )
    session.add(snapshot)
    session.flush()
    assert snapshot.id is not None
    names = {_id(c): c.name for c in client.contacts.values()}
    if item["rows"] == "current":  # a review that found the map as it stands now
        for current in client.stakeholders.values():
            session.add(
                StakeholderSnapshot(
                    snapshot_id=snapshot.id,
                    stakeholder_id=current.id,
                    label=_name(current, names),
                    influence=current.influence,
                    interest=current.interest,
                    attitude=current.attitude,
                )
            )
        return
    seen: set[str] = set()
    for row in item["rows"]:
        _check_keys(row, _ROW_KEYS, where)
        ref = row.get("stakeholder")
        if ref is None and not row.get("label"):
            raise DemoDataError(f"{where}: a row needs a stakeholder or a label.")
        if ref in seen:
            raise DemoDataError(f"{where}: '{ref}' has two rows.")
        stakeholder = None
        if ref is not None:
            seen.add(ref)
            wanted = "contact key or stakeholder group"
            stakeholder = _pick(client.stakeholders, ref, where, wanted)
        label = row.get("label") or _name(stakeholder, names)
        session.add(
            StakeholderSnapshot(
                snapshot_id=snapshot.id,
                stakeholder_id=stakeholder.id if stakeholder else None,
                label=label,
                influence=row.get("influence"),
                interest=row.get("interest"),
                attitude=_code(Attitude, row.get("attitude", "neutral"), where),
            )
        )


def _trust(session: Session, client: _Client, item: dict[str, Any]) -> None:
    """A dated three Cs assessment. ``ratings`` maps behaviour keys to 1-5; keys in
    ``not_assessed`` are stored with no score; ``evidence`` may explain either."""
    where = f"{client.name}, trust assessment of {item.get('days_ago')} days ago"
    _check_keys(item, _TRUST_KEYS, where)
    origin = item.get("origin")
    assessment = TrustAssessment(
        account_id=client.id,
        taken_at=client.ago(item["days_ago"]),
        item_set=item.get("item_set", "three_cs"),
        rater_perspective=_code(RaterPerspective, item["perspective"], where),
        trust_origin=_code(TrustOrigin, origin, where) if origin else None,
        author=item.get("author", client.account.rm_owner),
        notes=item.get("notes", "").strip(),
    )
    session.add(assessment)
    session.flush()
    assert assessment.id is not None
    scores: dict[str, int | None] = dict(item.get("ratings", {}))
    for key in item.get("not_assessed", []):
        if key in scores:
            raise DemoDataError(f"{where}: {key} is both rated and not assessed.")
        scores[key] = None
    evidence: dict[str, str] = item.get("evidence", {})
    stray = sorted(set(evidence) - set(scores))
    if stray:
        raise DemoDataError(f"{where}: evidence for behaviours not rated: {', '.join(stray)}.")
    for key, score in scores.items():
        if score is not None and score not in range(1, 6):
            raise DemoDataError(f"{where}: {key} is scored {score}; use 1 to 5.")
        session.add(
            TrustRating(
                assessment_id=assessment.id,
                behaviour_key=key,
                score=score,
                evidence=evidence.get(key, "").strip(),
            )
        )


def _maturity(session: Session, client: _Client, item: dict[str, Any]) -> None:
    where = f"{client.name}, maturity of {item.get('days_ago')} days ago"
    _check_keys(item, _MATURITY_KEYS, where)
    session.add(
        MaturityAssessment(
            account_id=client.id,
            side=_code(MaturitySide, item["side"], where),
            level=_code(RelationshipType, item["level"], where),
            assessed_on=client.today - timedelta(days=item["days_ago"]),
            notes=item.get("notes", "").strip(),
        )
    )


# --- checking names ------------------------------------------------------------------


def _pick(known: Mapping[str, T], name: str, where: str, what: str) -> T:
    """``known[name]``, or a DemoDataError saying what was wrong (and what was meant)."""
    if name in known:
        return known[name]
    close = get_close_matches(name, list(known), n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise DemoDataError(f"{where}: '{name}' is not a {what} of this client.{hint}")


def _check_keys(item: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
    unknown = sorted(set(item) - set(allowed))
    if unknown:
        raise DemoDataError(f"{where}: unknown field(s) {', '.join(unknown)}.")


def _columns(model: type[SQLModel], values: dict[str, Any], where: str) -> dict[str, Any]:
    """``values`` if every key is a column of ``model`` (the ORM would drop the rest)."""
    _check_keys(values, model.model_fields, where)
    return values


def _code(kind: type[E], value: str, where: str) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise DemoDataError(f"{where}: '{value}' is not one of {allowed}.") from None


def _name(stakeholder: Stakeholder | None, contact_names: Mapping[int, str]) -> str:
    """A stakeholder's contact name, or its group name."""
    if stakeholder is None:
        return ""
    if stakeholder.contact_id is not None:
        return contact_names[stakeholder.contact_id]
    return stakeholder.group_name


def _id(contact: Contact) -> int:
    assert contact.id is not None  # flushed above
    return contact.id


def _ago(now: datetime, days: int, at: str = "10:00") -> datetime:
    day: date = now.date() - timedelta(days=days)
    hour, minute = (int(part) for part in at.split(":"))
    moment = datetime.combine(day, time(hour, minute), tzinfo=now.tzinfo)
    return min(moment, now)
