"""Personas and the journey compass.

A persona is an invented but typical member of a group the client serves. It belongs
to one client, or (``account_id`` None) is shared by every client in the portfolio.
Stakeholders point at the persona that represents them (``Stakeholder.persona_id``).

The compass holds four lists (needs, wants, stereotypes, emotions) for a persona or
for a stakeholder, stored as :class:`CompassEntry` rows keyed by subject type and id.

**Machine users.** A persona can stand for a machine (a system calling the service).
Feelings and social influence mean nothing for a machine, so for a machine persona
the fields in :data:`EMOTIONAL_FIELDS` and the emotions quadrant are not shown or
exported, and new emotion entries are refused. Their stored values are kept, not
wiped: turning the flag off shows them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import field_validator
from sqlmodel import Session, SQLModel, col, delete, func, select, update

from relwork import clock
from relwork.enums import Channel, CompassQuadrant, CompassSubject
from relwork.models import Account, CompassEntry, Contact, Organization, Persona, Stakeholder
from relwork.services.validation import InvalidInput, validate
from relwork.text import clean, clean_line

# Persona fields that describe a person's feelings, voice or social world; hidden
# (not shown, not exported) when the persona is a machine user.
EMOTIONAL_FIELDS: tuple[str, ...] = ("tagline", "frustrations", "influences", "tech_comfort")

# How a feeling is rated on an emotion entry (the shared Emotion scale, -2..+2).
VALENCE_LABELS: dict[int, str] = {
    -2: "very negative",
    -1: "negative",
    0: "neutral",
    1: "positive",
    2: "very positive",
}

# What each quadrant holds, in a sentence, for screens and exports.
QUADRANT_HINTS: dict[CompassQuadrant, str] = {
    CompassQuadrant.NEEDS: "Why they start the journey at all: the outcomes that must happen.",
    CompassQuadrant.WANTS: "Nice-to-haves: where the service can do better than expected.",
    CompassQuadrant.STEREOTYPES: "What they already believe, good or bad, before we act.",
    CompassQuadrant.EMOTIONS: "The mood they bring with them; it colours everything else.",
}

# Headings of the persona's sections, shared by the card and the export.
FIELD_LABELS: dict[str, str] = {
    "day_in_life": "A day in the life",
    "background": "Background",
    "goals": "Goals",
    "frustrations": "Frustrations",
    "preferred_channels": "Preferred channels",
    "influences": "What influences them",
    "tech_comfort": "Technology comfort",
    "notes": "Notes",
}

# What each step of the 1-5 technology comfort scale means (Proposed wording).
COMFORT_LABELS: dict[int, str] = {
    1: "avoids technology where it can",
    2: "manages the basics, often with help",
    3: "at ease with familiar tools",
    4: "picks up new tools quickly",
    5: "early adopter: tries new things first",
}

MACHINE_NO_EMOTIONS = (
    "Emotions do not apply to a machine user. Record its needs, wants and stereotypes instead."
)

MAX_NAME = 200
MAX_TAGLINE = 300
MAX_ENTRY = 500

_MACHINE_WORDS = {"machine", "true", "yes", "1"}
_PERSON_WORDS = {"person", "false", "no", "0", ""}
_SHARED_WORDS = {"shared", "true", "yes", "1"}
_CLIENT_WORDS = {"client", "false", "no", "0", ""}


class PersonaData(SQLModel):
    """What the persona form edits; validated before anything is written.

    ``shared`` True stores the persona for every client (``account_id`` None).
    """

    name: str
    shared: bool = False
    is_machine: bool = False
    tagline: str = ""
    day_in_life: str = ""
    background: str = ""
    goals: str = ""
    frustrations: str = ""
    preferred_channels: list[Channel] = []
    influences: str = ""
    tech_comfort: int | None = None
    notes: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        name = clean_line(str(value or ""))
        if not name:
            raise ValueError("Enter the persona's name, e.g. 'Aisha, the ward manager'.")
        if len(name) > MAX_NAME:
            raise ValueError(f"Keep the name under {MAX_NAME} characters.")
        return name

    @field_validator("tagline", mode="before")
    @classmethod
    def _tagline(cls, value: Any) -> str:
        tagline = clean_line(str(value or ""))
        if len(tagline) > MAX_TAGLINE:
            raise ValueError(f"Keep the tagline to one sentence (under {MAX_TAGLINE} characters).")
        return tagline

    @field_validator(
        "day_in_life", "background", "goals", "frustrations", "influences", "notes", mode="before"
    )
    @classmethod
    def _text(cls, value: Any) -> str:
        return clean(str(value or "")).strip()

    @field_validator("shared", mode="before")
    @classmethod
    def _shared(cls, value: Any) -> bool:
        return _flag(value, _SHARED_WORDS, _CLIENT_WORDS, "Choose this client only, or shared.")

    @field_validator("is_machine", mode="before")
    @classmethod
    def _machine(cls, value: Any) -> bool:
        return _flag(value, _MACHINE_WORDS, _PERSON_WORDS, "Choose a person or a machine.")

    @field_validator("preferred_channels", mode="before")
    @classmethod
    def _channels(cls, value: Any) -> list[Channel]:
        if value is None or value == "":
            return []
        items = [value] if isinstance(value, str) else list(value)
        known = {member.value for member in Channel}
        channels: list[Channel] = []
        for item in items:
            code = str(item).strip().lower().replace(" ", "_").replace("-", "_")
            if code not in known:
                raise ValueError(
                    f"'{item}' is not a channel; choose from "
                    + ", ".join(member.label.lower() for member in Channel)
                    + "."
                )
            if Channel(code) not in channels:
                channels.append(Channel(code))
        return channels

    @field_validator("tech_comfort", mode="before")
    @classmethod
    def _comfort(cls, value: Any) -> int | None:
        message = (
            "Rate technology comfort from 1 (avoids it) to 5 (early adopter), or leave it empty."
        )
        number = _whole_number(value, message)
        if number is not None and not 1 <= number <= 5:
            raise ValueError(message)
        return number


@dataclass(frozen=True)
class StakeholderLink:
    """A stakeholder as the persona screens list it."""

    stakeholder_id: int
    account_id: int
    client_name: str
    name: str  # the contact's name, or the group's
    persona_id: int | None


# --- personas -----------------------------------------------------------------------------


def parse_persona(values: dict[str, Any]) -> PersonaData:
    return validate(PersonaData, values)


def persona_form(persona: Persona) -> dict[str, Any]:
    """The persona as the form's values (choice fields as their option keys)."""
    values: dict[str, Any] = {
        name: getattr(persona, name)
        for name in PersonaData.model_fields
        if name not in ("shared", "is_machine")
    }
    values["shared"] = "shared" if persona.account_id is None else "client"
    values["is_machine"] = "machine" if persona.is_machine else "person"
    values["preferred_channels"] = list(persona.preferred_channels)
    return values


def get_persona(*, session: Session, persona_id: int) -> Persona:
    persona = session.get(Persona, persona_id)
    if persona is None:
        raise LookupError(f"There is no persona with id {persona_id}.")
    return persona


def create_persona(*, session: Session, client_id: int | None, data: PersonaData) -> Persona:
    """A new persona for ``client_id``; shared if ``data.shared`` or ``client_id`` is None."""
    if client_id is not None:
        _client_account(session, client_id)
    persona = Persona(account_id=None if data.shared else client_id, **_columns(data))
    session.add(persona)
    session.commit()
    session.refresh(persona)
    return persona


def update_persona(
    *, session: Session, persona_id: int, data: PersonaData, client_id: int | None = None
) -> Persona:
    """Change a persona. A shared persona can be narrowed to ``client_id`` only if no
    stakeholder of another client is linked to it."""
    persona = get_persona(session=session, persona_id=persona_id)
    if data.shared:
        account_id = None
    elif persona.account_id is not None:
        account_id = persona.account_id
    else:
        if client_id is None:
            raise InvalidInput({"shared": "Open the persona from a client to make it theirs."})
        _client_account(session, client_id)
        elsewhere = session.exec(
            select(func.count())
            .select_from(Stakeholder)
            .where(Stakeholder.persona_id == persona_id, Stakeholder.account_id != client_id)
        ).one()
        if elsewhere:
            raise InvalidInput(
                {
                    "shared": f"{elsewhere} stakeholder(s) at other clients are linked to this "
                    "persona; unlink them there first, or keep it shared."
                }
            )
        account_id = client_id
    persona.sqlmodel_update(_columns(data))
    persona.account_id = account_id
    persona.updated_at = clock.now()
    session.add(persona)
    session.commit()
    session.refresh(persona)
    return persona


def delete_persona(*, session: Session, persona_id: int) -> None:
    """Remove a persona and its compass; linked stakeholders are kept, unlinked."""
    persona = get_persona(session=session, persona_id=persona_id)
    session.exec(
        update(Stakeholder).where(col(Stakeholder.persona_id) == persona_id).values(persona_id=None)
    )
    _delete_compass(session, CompassSubject.PERSONA, persona_id)
    session.delete(persona)
    session.commit()


def personas_for(
    *, session: Session, client_id: int | None, include_shared: bool = True
) -> list[Persona]:
    """The client's own personas by name, then (if asked) the shared ones by name.
    ``client_id`` None lists only the shared personas."""
    own: list[Persona] = []
    if client_id is not None:
        _client_account(session, client_id)
        own = list(
            session.exec(
                select(Persona)
                .where(Persona.account_id == client_id)
                .order_by(func.lower(Persona.name), col(Persona.id))
            ).all()
        )
    shared: list[Persona] = []
    if include_shared or client_id is None:
        shared = list(
            session.exec(
                select(Persona)
                .where(col(Persona.account_id).is_(None))
                .order_by(func.lower(Persona.name), col(Persona.id))
            ).all()
        )
    return own + shared


def shows_field(persona: Persona, field: str) -> bool:
    """Whether a persona field applies (emotional fields do not, for a machine user)."""
    return not (persona.is_machine and field in EMOTIONAL_FIELDS)


# --- stakeholders -------------------------------------------------------------------------


def link_stakeholder(*, session: Session, stakeholder_id: int, persona_id: int | None) -> None:
    """Say which persona represents a stakeholder (None removes the link). The persona
    must be shared or belong to the stakeholder's client."""
    stakeholder = session.get(Stakeholder, stakeholder_id)
    if stakeholder is None:
        raise LookupError(f"There is no stakeholder with id {stakeholder_id}.")
    if persona_id is not None:
        _check_persona_fits(get_persona(session=session, persona_id=persona_id), stakeholder)
    stakeholder.persona_id = persona_id
    stakeholder.updated_at = clock.now()
    session.add(stakeholder)
    session.commit()


def set_persona_stakeholders(
    *, session: Session, persona_id: int, client_id: int, stakeholder_ids: list[int]
) -> None:
    """Make exactly ``stakeholder_ids`` (of this client) the ones the persona represents.
    Links to stakeholders of other clients are left alone."""
    persona = get_persona(session=session, persona_id=persona_id)
    _client_account(session, client_id)
    wanted = set(stakeholder_ids)
    rows = session.exec(select(Stakeholder).where(Stakeholder.account_id == client_id)).all()
    unknown = wanted - {s.id for s in rows}
    if unknown:
        raise InvalidInput(
            {
                "stakeholders": "Pick stakeholders of this client only (unknown: "
                + ", ".join(str(i) for i in sorted(unknown))
                + ")."
            }
        )
    now = clock.now()
    for stakeholder in rows:
        if stakeholder.id in wanted and stakeholder.persona_id != persona_id:
            _check_persona_fits(persona, stakeholder)
            stakeholder.persona_id = persona_id
        elif stakeholder.id not in wanted and stakeholder.persona_id == persona_id:
            stakeholder.persona_id = None
        else:
            continue
        stakeholder.updated_at = now
        session.add(stakeholder)
    session.commit()


def linked_stakeholders(
    *, session: Session, persona_id: int, client_id: int | None = None
) -> list[StakeholderLink]:
    """The stakeholders the persona represents (of ``client_id`` only, if given)."""
    query = _stakeholder_query().where(Stakeholder.persona_id == persona_id)
    if client_id is not None:
        query = query.where(Stakeholder.account_id == client_id)
    return [_link(*row) for row in session.exec(query).all()]


def client_stakeholders(*, session: Session, client_id: int) -> list[StakeholderLink]:
    """Every stakeholder of the client, with the persona each is linked to."""
    _client_account(session, client_id)
    query = _stakeholder_query().where(Stakeholder.account_id == client_id)
    return [_link(*row) for row in session.exec(query).all()]


# --- compass ------------------------------------------------------------------------------


def visible_quadrants(
    *, session: Session, subject_type: CompassSubject, subject_id: int
) -> list[CompassQuadrant]:
    """The quadrants that apply to the subject: all four, or three for a machine user."""
    if _is_machine(session, CompassSubject(subject_type), subject_id):
        return [q for q in CompassQuadrant if q != CompassQuadrant.EMOTIONS]
    return list(CompassQuadrant)


def compass(
    *, session: Session, subject_type: CompassSubject, subject_id: int
) -> dict[CompassQuadrant, list[CompassEntry]]:
    """The subject's entries per quadrant, oldest first. Every applicable quadrant is a
    key (possibly with an empty list); a machine persona has no emotions key."""
    quadrants = visible_quadrants(session=session, subject_type=subject_type, subject_id=subject_id)
    result: dict[CompassQuadrant, list[CompassEntry]] = {q: [] for q in quadrants}
    entries = session.exec(
        select(CompassEntry)
        .where(
            CompassEntry.subject_type == CompassSubject(subject_type),
            CompassEntry.subject_id == subject_id,
        )
        .order_by(col(CompassEntry.created_at), col(CompassEntry.id))
    ).all()
    for entry in entries:
        quadrant = CompassQuadrant(entry.quadrant)
        if quadrant in result:
            result[quadrant].append(entry)
    return result


def add_entry(
    *,
    session: Session,
    subject_type: CompassSubject,
    subject_id: int,
    quadrant: CompassQuadrant,
    text: str,
    valence: int | str | None = None,
) -> CompassEntry:
    """Add one item to a compass quadrant. ``valence`` (-2..+2) rates an emotion and is
    refused on the other quadrants. Raises :class:`InvalidInput` for what to fix."""
    subject = _subject(subject_type)
    try:
        quadrant = CompassQuadrant(quadrant)
    except ValueError:
        raise InvalidInput({"quadrant": f"'{quadrant}' is not a compass quadrant."}) from None
    machine = _is_machine(session, subject, subject_id)
    errors: dict[str, str] = {}
    if machine and quadrant == CompassQuadrant.EMOTIONS:
        errors["quadrant"] = MACHINE_NO_EMOTIONS
    cleaned = clean_line(str(text or ""))
    if not cleaned:
        errors["text"] = f"Write what goes under {quadrant.label.lower()} first."
    elif len(cleaned) > MAX_ENTRY:
        errors["text"] = f"Keep an entry under {MAX_ENTRY} characters; split it into two."
    rating: int | None = None
    try:
        rating = parse_valence(valence)
    except ValueError as exc:
        errors["valence"] = str(exc)
    if rating is not None and quadrant != CompassQuadrant.EMOTIONS:
        errors["valence"] = "Only emotions take a rating; leave it empty for this quadrant."
    if errors:
        raise InvalidInput(errors)
    entry = CompassEntry(
        subject_type=subject, subject_id=subject_id, quadrant=quadrant, text=cleaned, valence=rating
    )
    session.add(entry)
    session.commit()
    session.refresh(entry)
    return entry


def remove_entry(*, session: Session, entry_id: int) -> None:
    entry = session.get(CompassEntry, entry_id)
    if entry is None:
        raise LookupError(f"There is no compass entry with id {entry_id}.")
    session.delete(entry)
    session.commit()


def delete_compass(*, session: Session, subject_type: CompassSubject, subject_id: int) -> int:
    """Remove every compass entry of a subject (call it when a stakeholder is deleted);
    returns how many went."""
    removed = _delete_compass(session, CompassSubject(subject_type), subject_id)
    session.commit()
    return removed


def parse_valence(value: int | str | None) -> int | None:
    """A feeling rating from -2 to +2; empty means not rated."""
    message = "Rate the feeling from -2 (very negative) to +2 (very positive), or leave it empty."
    number = _whole_number(value, message)
    if number is not None and number not in VALENCE_LABELS:
        raise ValueError(message)
    return number


def valence_text(valence: int | None) -> str:
    """'+1 positive', '-2 very negative', or '' when not rated."""
    if valence is None:
        return ""
    sign = f"{valence:+d}" if valence else "0"
    return f"{sign} {VALENCE_LABELS.get(valence, '')}".strip()


def comfort_text(tech_comfort: int | None) -> str:
    """'3 of 5: at ease with familiar tools', or '' when not rated."""
    if tech_comfort is None:
        return ""
    return f"{tech_comfort} of 5: {COMFORT_LABELS.get(tech_comfort, '')}".rstrip(": ")


def channels_text(channels: list[str]) -> str:
    """Channel codes as their labels, in the order given."""
    labels = []
    for code in channels:
        try:
            labels.append(Channel(code).label)
        except ValueError:
            labels.append(str(code))
    return ", ".join(labels)


def subject_name(*, session: Session, subject_type: CompassSubject, subject_id: int) -> str:
    """A persona's name, or a stakeholder's contact or group name."""
    if CompassSubject(subject_type) == CompassSubject.PERSONA:
        return get_persona(session=session, persona_id=subject_id).name
    row = session.exec(_stakeholder_query().where(Stakeholder.id == subject_id)).first()
    if row is None:
        raise LookupError(f"There is no stakeholder with id {subject_id}.")
    return _link(*row).name


# --- helpers ------------------------------------------------------------------------------


def _columns(data: PersonaData) -> dict[str, Any]:
    values = data.model_dump(exclude={"shared"})
    values["preferred_channels"] = [str(channel) for channel in data.preferred_channels]
    return values


def _flag(value: Any, yes: set[str], no: set[str], message: str) -> bool:
    if isinstance(value, bool):
        return value
    text = clean_line(str(value if value is not None else "")).lower()
    if text in yes:
        return True
    if text in no:
        return False
    raise ValueError(message)


def _whole_number(value: Any, message: str) -> int | None:
    """An optional whole number from a form (a typographic minus is accepted)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(message)
    if isinstance(value, int):
        return value
    text = clean_line(str(value)).replace("\u2212", "-")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError(message) from None


def _client_account(session: Session, client_id: int) -> Account:
    account = session.get(Account, client_id)
    if account is None:
        raise LookupError(f"There is no client with id {client_id}.")
    return account


def _check_persona_fits(persona: Persona, stakeholder: Stakeholder) -> None:
    if persona.account_id is not None and persona.account_id != stakeholder.account_id:
        raise InvalidInput(
            {"persona_id": f"'{persona.name}' belongs to another client; share it first."}
        )


def _subject(subject_type: Any) -> CompassSubject:
    try:
        return CompassSubject(subject_type)
    except ValueError:
        raise InvalidInput(
            {"subject_type": f"'{subject_type}' is not a persona or a stakeholder."}
        ) from None


def _is_machine(session: Session, subject_type: CompassSubject, subject_id: int) -> bool:
    """True for a machine persona; raises LookupError if the subject does not exist."""
    if subject_type == CompassSubject.PERSONA:
        return get_persona(session=session, persona_id=subject_id).is_machine
    if session.get(Stakeholder, subject_id) is None:
        raise LookupError(f"There is no stakeholder with id {subject_id}.")
    return False


def _delete_compass(session: Session, subject_type: CompassSubject, subject_id: int) -> int:
    result = session.exec(
        delete(CompassEntry).where(
            col(CompassEntry.subject_type) == subject_type,
            col(CompassEntry.subject_id) == subject_id,
        )
    )
    return int(result.rowcount or 0)


def _stakeholder_query() -> Any:
    return (
        select(Stakeholder, Contact.name, Organization.name)
        .join(Contact, col(Stakeholder.contact_id) == col(Contact.id), isouter=True)
        .join(Account, col(Stakeholder.account_id) == col(Account.id))
        .join(Organization, col(Account.organization_id) == col(Organization.id))
        .order_by(
            func.lower(Organization.name),
            func.lower(func.coalesce(Contact.name, Stakeholder.group_name)),
            col(Stakeholder.id),
        )
    )


def _link(stakeholder: Stakeholder, contact_name: str | None, client_name: str) -> StakeholderLink:
    assert stakeholder.id is not None
    return StakeholderLink(
        stakeholder_id=stakeholder.id,
        account_id=stakeholder.account_id,
        client_name=client_name,
        name=contact_name or stakeholder.group_name or f"Stakeholder {stakeholder.id}",
        persona_id=stakeholder.persona_id,
    )
