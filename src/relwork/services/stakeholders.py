"""The stakeholder register and map of a client: who matters, where they sit on the
influence x interest grid, how the map changed between dated snapshots, and who needs
attention (a map not reviewed for a while, influential people not spoken to in time).

Importing this module loads neither SQLAlchemy, SQLModel nor pydantic: the checks the
dashboard and the client header run (:func:`maps_needing_review`,
:func:`map_review_state`, :func:`high_influence_out_of_cadence`) use the store's plain
sqlite3 reader, and the pure helpers (:func:`place`, :func:`diff`, sorting, filtering)
need no database at all. The functions that write take a SQLModel ``session=`` and
import the ORM when first called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, Protocol, TypeVar

from relwork import clock
from relwork.enums import Attitude, ConsumerRole, StakeholderCategory, StakeholderSide
from relwork.services.portfolio import stored_datetime
from relwork.services.rules import (
    HIGH_SCORE,
    Quadrant,
    next_contact_due,
    out_of_cadence,
    quadrant,
)
from relwork.text import clean, clean_line

if TYPE_CHECKING:
    from sqlmodel import Session

    from relwork.db import Store
    from relwork.models import MapSnapshot, Stakeholder

LOW, HIGH = 1, 5  # the Score5 range of influence and interest
GROUP_NAME_MAX = 200

# Internal and external categories, as the domain brief splits them.
INTERNAL_CATEGORIES = frozenset(
    {
        StakeholderCategory.OWNER,
        StakeholderCategory.BOARD,
        StakeholderCategory.SENIOR_EXECUTIVE,
        StakeholderCategory.MANAGER,
        StakeholderCategory.EMPLOYEE,
        StakeholderCategory.USER,
        StakeholderCategory.UNION,
        StakeholderCategory.INTERNAL_CUSTOMER,
        StakeholderCategory.INTERNAL_SUPPLIER,
        StakeholderCategory.CONTROL_FUNCTION,
        StakeholderCategory.GOVERNANCE_RISK_COMPLIANCE,
    }
)

# How each attitude is marked on the map: readable without colour.
ATTITUDE_MARKS = {
    Attitude.CHAMPION: "++",
    Attitude.SUPPORTER: "+",
    Attitude.NEUTRAL: "·",
    Attitude.SCEPTIC: "−",
    Attitude.BLOCKER: "×",
}

# Quadrants in the order they matter: where the time goes first.
QUADRANT_ORDER = [
    Quadrant.MANAGE_CLOSELY,
    Quadrant.KEEP_SATISFIED,
    Quadrant.KEEP_INFORMED,
    Quadrant.MONITOR,
]


def category_is_internal(category: StakeholderCategory | str) -> bool:
    """Internal to the client organisation (owner ... governance), else external."""
    return StakeholderCategory(category) in INTERNAL_CATEGORIES


def category_choices() -> list[tuple[str, str]]:
    """(label, value) pairs for a Select: internal kinds first, each marked."""
    internal = [
        (f"{c.label} (internal)", c.value) for c in StakeholderCategory if c in INTERNAL_CATEGORIES
    ]
    external = [
        (f"{c.label} (external)", c.value)
        for c in StakeholderCategory
        if c not in INTERNAL_CATEGORIES
    ]
    return internal + external


def quadrant_label(value: Quadrant | None) -> str:
    return value.label if value is not None else "Not placed"


# --- input --------------------------------------------------------------------------


@dataclass(frozen=True)
class StakeholderData:
    """What the stakeholder form edits, checked: a person (``contact_id``) or a named
    group, never both; scores 1-5 or empty; a cadence of 1-365 days or empty."""

    category: StakeholderCategory
    contact_id: int | None = None
    group_name: str = ""
    side: StakeholderSide = StakeholderSide.CONSUMER
    consumer_roles: tuple[ConsumerRole, ...] = ()
    influence: int | None = None
    interest: int | None = None
    attitude: Attitude = Attitude.NEUTRAL
    engagement_strategy: str = ""
    comm_frequency_days: int | None = None
    owner: str = ""
    notes: str = ""

    def columns(self) -> dict[str, Any]:
        """The values as the ``stakeholder`` table stores them."""
        return {
            "contact_id": self.contact_id,
            "group_name": self.group_name,
            "category": self.category,
            "side": self.side,
            "consumer_roles": [str(role) for role in self.consumer_roles],
            "influence": self.influence,
            "interest": self.interest,
            "attitude": self.attitude,
            "engagement_strategy": self.engagement_strategy,
            "comm_frequency_days": self.comm_frequency_days,
            "owner": self.owner,
            "notes": self.notes,
        }


def parse_stakeholder(values: Mapping[str, Any]) -> StakeholderData:
    """Check form values; raises ``InvalidInput`` with one message per field to fix."""
    from relwork.services.validation import InvalidInput, optional_int

    errors: dict[str, str] = {}
    parsed: dict[str, Any] = {}

    def attempt(name: str, parse: Callable[[Any], Any]) -> None:
        try:
            parsed[name] = parse(values.get(name))
        except ValueError as exc:
            errors.setdefault(name, str(exc))

    attempt("contact_id", _contact_id)
    attempt("group_name", _group_name)
    attempt("category", _category)
    attempt("side", lambda v: _choice(StakeholderSide, v, "side", StakeholderSide.CONSUMER))
    attempt("consumer_roles", _roles)
    attempt("influence", lambda v: _score(v, "influence"))
    attempt("interest", lambda v: _score(v, "interest"))
    attempt("attitude", lambda v: _choice(Attitude, v, "attitude", Attitude.NEUTRAL))
    attempt(
        "comm_frequency_days",
        lambda v: optional_int(v, low=1, high=365, what="the contact cadence in days"),
    )
    attempt("owner", lambda v: clean_line(str(v or ""))[:120])
    attempt("engagement_strategy", lambda v: clean(str(v or "")).strip())
    attempt("notes", lambda v: clean(str(v or "")).strip())

    person = parsed.get("contact_id")
    group = parsed.get("group_name")
    if "contact_id" not in errors and "group_name" not in errors:
        if person is None and not group:
            errors["contact_id"] = "Choose a person from the client's contacts, or name a group."
        elif person is not None and group:
            errors["group_name"] = (
                "A stakeholder is one person or one group: clear the group name, "
                "or leave the person empty."
            )
    if errors:
        raise InvalidInput(errors)
    parsed["consumer_roles"] = tuple(parsed["consumer_roles"])
    return StakeholderData(**parsed)


def _contact_id(value: Any) -> int | None:
    if value is None or isinstance(value, int):
        return value
    text = clean_line(str(value))
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError("Choose the person from the list.") from None


def _group_name(value: Any) -> str:
    name = clean_line(str(value or ""))
    if len(name) > GROUP_NAME_MAX:
        raise ValueError(f"Keep the group name under {GROUP_NAME_MAX} characters.")
    return name


def _category(value: Any) -> StakeholderCategory:
    if not value:
        raise ValueError("Choose what kind of stakeholder this is.")
    return _choice(StakeholderCategory, value, "stakeholder category", None)


E = TypeVar("E", StakeholderCategory, StakeholderSide, Attitude)


def _choice(kind: type[E], value: Any, what: str, default: E | None) -> E:
    if not value and default is not None:
        return default
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(member.label.lower() for member in kind)
        raise ValueError(f"'{value}' is not a {what}; choose one of: {allowed}.") from None


def _roles(value: Any) -> list[ConsumerRole]:
    roles: list[ConsumerRole] = []
    for item in value or []:
        try:
            roles.append(ConsumerRole(str(item)))
        except ValueError:
            raise ValueError(
                f"'{item}' is not a consumer role; use customer, user or sponsor."
            ) from None
    return list(dict.fromkeys(roles))


def _score(value: Any, what: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int):
        number = value
    else:
        text = clean_line(str(value))
        if not text:
            return None
        try:
            number = int(text)
        except ValueError:
            number = 0
    if not LOW <= number <= HIGH:
        raise ValueError(
            f"Score {what} from {LOW} (very low) to {HIGH} (very high), or leave it empty."
        )
    return number


def stakeholder_form(stakeholder: Stakeholder) -> dict[str, Any]:
    """A stored stakeholder in the shape the form shows (select values as text)."""
    return {
        "contact_id": str(stakeholder.contact_id) if stakeholder.contact_id is not None else None,
        "group_name": "" if stakeholder.contact_id is not None else stakeholder.group_name,
        "category": str(stakeholder.category),
        "side": str(stakeholder.side),
        "consumer_roles": list(stakeholder.consumer_roles),
        "influence": stakeholder.influence,
        "interest": stakeholder.interest,
        "attitude": str(stakeholder.attitude),
        "owner": stakeholder.owner,
        "comm_frequency_days": stakeholder.comm_frequency_days,
        "engagement_strategy": stakeholder.engagement_strategy,
        "notes": stakeholder.notes,
    }


# --- reading and writing ------------------------------------------------------------


def create_stakeholder(*, session: Session, client_id: int, data: StakeholderData) -> Stakeholder:
    from relwork.models import Stakeholder

    _check_person(session, client_id, data, stakeholder_id=None)
    stakeholder = Stakeholder(account_id=client_id, last_reviewed=clock.today(), **data.columns())
    session.add(stakeholder)
    session.commit()
    session.refresh(stakeholder)
    return stakeholder


def update_stakeholder(
    *, session: Session, stakeholder_id: int, data: StakeholderData
) -> Stakeholder:
    stakeholder = get_stakeholder(session=session, stakeholder_id=stakeholder_id)
    _check_person(session, stakeholder.account_id, data, stakeholder_id=stakeholder_id)
    stakeholder.sqlmodel_update(data.columns())
    stakeholder.last_reviewed = clock.today()
    stakeholder.updated_at = clock.now()
    session.add(stakeholder)
    session.commit()
    return stakeholder


def delete_stakeholder(*, session: Session, stakeholder_id: int) -> None:
    """Remove a stakeholder. Snapshots keep their copy (unlinked), so the next change
    list reports them as having left the map; their compass entries go with them."""
    from sqlmodel import col, delete

    from relwork.enums import CompassSubject
    from relwork.models import CompassEntry

    stakeholder = get_stakeholder(session=session, stakeholder_id=stakeholder_id)
    session.exec(
        delete(CompassEntry)
        .where(col(CompassEntry.subject_type) == CompassSubject.STAKEHOLDER)
        .where(col(CompassEntry.subject_id) == stakeholder_id)
    )
    session.delete(stakeholder)
    session.commit()


def get_stakeholder(*, session: Session, stakeholder_id: int) -> Stakeholder:
    from relwork.models import Stakeholder

    stakeholder = session.get(Stakeholder, stakeholder_id)
    if stakeholder is None:
        raise LookupError(f"There is no stakeholder with id {stakeholder_id}.")
    return stakeholder


def list_stakeholders(*, session: Session, client_id: int) -> list[Stakeholder]:
    """The client's stakeholders in the order they were added."""
    from sqlmodel import col, select

    from relwork.models import Stakeholder

    return list(
        session.exec(
            select(Stakeholder)
            .where(Stakeholder.account_id == client_id)
            .order_by(col(Stakeholder.id))
        ).all()
    )


def move(
    *, session: Session, stakeholder_id: int, d_influence: int, d_interest: int
) -> Stakeholder:
    """Shift a stakeholder on the grid, staying within 1-5 on each axis. A score not yet
    assessed starts from the middle (3), so moving an unplaced stakeholder places it."""
    stakeholder = get_stakeholder(session=session, stakeholder_id=stakeholder_id)
    stakeholder.influence = _clamp((stakeholder.influence or 3) + d_influence)
    stakeholder.interest = _clamp((stakeholder.interest or 3) + d_interest)
    stakeholder.last_reviewed = clock.today()
    stakeholder.updated_at = clock.now()
    session.add(stakeholder)
    session.commit()
    return stakeholder


def _clamp(score: int) -> int:
    return max(LOW, min(HIGH, score))


def _check_person(
    session: Session, client_id: int, data: StakeholderData, *, stakeholder_id: int | None
) -> None:
    """The person must be one of the client's contacts and on the map once; a group
    name is used once per client (case does not matter)."""
    from sqlmodel import col, func, select

    from relwork.models import Contact, Stakeholder
    from relwork.services.clients import get_client
    from relwork.services.validation import InvalidInput

    client = get_client(session=session, client_id=client_id)
    others = select(Stakeholder).where(Stakeholder.account_id == client_id)
    if stakeholder_id is not None:
        others = others.where(col(Stakeholder.id) != stakeholder_id)
    if data.contact_id is not None:
        contact = session.get(Contact, data.contact_id)
        if contact is None or contact.organization_id != client.organization.id:
            raise InvalidInput({"contact_id": "Choose one of this client's contacts."})
        if session.exec(others.where(Stakeholder.contact_id == data.contact_id)).first():
            raise InvalidInput({"contact_id": f"{contact.name} is already on this map."})
    else:
        same = others.where(func.lower(Stakeholder.group_name) == data.group_name.lower()).where(
            col(Stakeholder.contact_id).is_(None)
        )
        if session.exec(same).first():
            raise InvalidInput({"group_name": f"'{data.group_name}' is already on this map."})


class _Named(Protocol):
    @property
    def contact_id(self) -> int | None: ...
    @property
    def group_name(self) -> str: ...


def display_name(stakeholder: _Named, contact_names: Mapping[int, str]) -> str:
    """The person's current name, else the group's name."""
    if stakeholder.contact_id is not None and stakeholder.contact_id in contact_names:
        return contact_names[stakeholder.contact_id]
    if stakeholder.group_name:
        return stakeholder.group_name
    return f"Contact {stakeholder.contact_id}" if stakeholder.contact_id else "(unnamed)"


@dataclass(frozen=True)
class MapEntry:
    """One stakeholder as the map and the table show it (names resolved)."""

    id: int
    name: str
    category: StakeholderCategory
    side: StakeholderSide
    attitude: Attitude
    influence: int | None = None
    interest: int | None = None
    contact_id: int | None = None
    consumer_roles: tuple[str, ...] = ()
    owner: str = ""
    cadence_days: int | None = None  # the stakeholder's own, else the contact's
    engagement_strategy: str = ""
    notes: str = ""

    @property
    def quadrant(self) -> Quadrant | None:
        return quadrant(self.influence, self.interest)

    @property
    def is_person(self) -> bool:
        return self.contact_id is not None

    @property
    def mark(self) -> str:
        return ATTITUDE_MARKS[self.attitude]


def map_entries(*, session: Session, client_id: int) -> list[MapEntry]:
    """The client's stakeholders with names resolved, A-Z."""
    from relwork.services.contacts import list_contacts

    contacts = {c.id: c for c in list_contacts(session=session, client_id=client_id)}
    names = {cid: c.name for cid, c in contacts.items() if cid is not None}
    entries = []
    for s in list_stakeholders(session=session, client_id=client_id):
        assert s.id is not None
        contact = contacts.get(s.contact_id) if s.contact_id is not None else None
        entries.append(
            MapEntry(
                id=s.id,
                name=display_name(s, names),
                category=StakeholderCategory(s.category),
                side=StakeholderSide(s.side),
                attitude=Attitude(s.attitude),
                influence=s.influence,
                interest=s.interest,
                contact_id=s.contact_id,
                consumer_roles=tuple(s.consumer_roles),
                owner=s.owner,
                cadence_days=s.comm_frequency_days
                or (contact.comm_frequency_days if contact else None),
                engagement_strategy=s.engagement_strategy,
                notes=s.notes,
            )
        )
    entries.sort(key=lambda e: (e.name.casefold(), e.id))
    return entries


# --- placing on the grid ------------------------------------------------------------


class Scored(Protocol):
    @property
    def influence(self) -> int | None: ...
    @property
    def interest(self) -> int | None: ...


T = TypeVar("T", bound=Scored)


@dataclass(frozen=True)
class Placement(Generic[T]):
    """Stakeholders by grid cell: ``cells[(influence, interest)]`` in the given order;
    those without both scores are ``unplaced``."""

    cells: dict[tuple[int, int], list[T]]
    unplaced: list[T]

    def at(self, influence: int, interest: int) -> list[T]:
        return self.cells.get((influence, interest), [])

    def reading_order(self) -> list[T]:
        """Top row (influence 5) first, each row left to right, then the unplaced."""
        ordered = [
            item
            for influence in range(HIGH, LOW - 1, -1)
            for interest in range(LOW, HIGH + 1)
            for item in self.at(influence, interest)
        ]
        return ordered + self.unplaced


def place(stakeholders: Iterable[T]) -> Placement[T]:
    """Put each stakeholder in its (influence, interest) cell; out-of-range scores are
    drawn at the nearest edge."""
    cells: dict[tuple[int, int], list[T]] = {}
    unplaced: list[T] = []
    for item in stakeholders:
        if item.influence is None or item.interest is None:
            unplaced.append(item)
        else:
            cells.setdefault((_clamp(item.influence), _clamp(item.interest)), []).append(item)
    return Placement(cells, unplaced)


# --- the table: sort and filter -----------------------------------------------------

SORT_KEYS: list[tuple[str, str]] = [
    ("quadrant", "quadrant"),
    ("name", "name"),
    ("influence", "influence"),
    ("interest", "interest"),
    ("attitude", "attitude"),
    ("category", "category"),
    ("owner", "owner"),
]

_ATTITUDE_RANK = {a: i for i, a in enumerate(Attitude)}


def sort_entries(entries: Iterable[MapEntry], key: str) -> list[MapEntry]:
    """Sorted for the table: scores high first and unscored last; attitudes from
    champion to blocker; quadrants from manage closely to monitor; ties by name."""

    def name(e: MapEntry) -> str:
        return e.name.casefold()

    def high_first(score: int | None) -> int:
        return -score if score is not None else 1

    keys: dict[str, Callable[[MapEntry], Any]] = {
        "name": lambda e: (name(e),),
        "quadrant": lambda e: (
            QUADRANT_ORDER.index(e.quadrant) if e.quadrant else len(QUADRANT_ORDER),
            high_first(e.influence),
            high_first(e.interest),
            name(e),
        ),
        "influence": lambda e: (high_first(e.influence), high_first(e.interest), name(e)),
        "interest": lambda e: (high_first(e.interest), high_first(e.influence), name(e)),
        "attitude": lambda e: (_ATTITUDE_RANK[e.attitude], name(e)),
        "category": lambda e: (e.category.label.casefold(), name(e)),
        "owner": lambda e: (e.owner == "", e.owner.casefold(), name(e)),
    }
    if key not in keys:
        raise ValueError(f"Cannot sort stakeholders by '{key}'.")
    return sorted(entries, key=keys[key])


def filter_entries(entries: Iterable[MapEntry], text: str) -> list[MapEntry]:
    """Entries matching every word of ``text`` in their name, category, side, roles,
    attitude, quadrant or owner (case does not matter)."""
    words = clean_line(text).casefold().split()
    if not words:
        return list(entries)

    def haystack(e: MapEntry) -> str:
        parts = [
            e.name,
            e.category.label,
            "internal" if category_is_internal(e.category) else "external",
            e.side.label,
            e.attitude.label,
            quadrant_label(e.quadrant),
            e.owner,
            *e.consumer_roles,
        ]
        return " ".join(parts).casefold()

    return [e for e in entries if all(word in haystack(e) for word in words)]


# --- snapshots and what changed -----------------------------------------------------


class MapRow(NamedTuple):
    """A stakeholder's place on the map, now or at a snapshot."""

    stakeholder_id: int | None  # None: the stakeholder was deleted since
    name: str
    influence: int | None
    interest: int | None

    @property
    def quadrant(self) -> Quadrant | None:
        return quadrant(self.influence, self.interest)


class Move(NamedTuple):
    name: str
    before: Quadrant | None  # None: not placed
    after: Quadrant | None


@dataclass(frozen=True)
class MapDiff:
    moved: list[Move] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.moved or self.new or self.left)


def diff(previous_rows: Sequence[MapRow], current_rows: Sequence[MapRow]) -> MapDiff:
    """Who changed quadrant, who is new and who left between two maps. Stakeholders are
    matched by id, so a renamed person is not counted as one leaving and one arriving."""
    before = {r.stakeholder_id: r for r in previous_rows if r.stakeholder_id is not None}
    now_ids = {r.stakeholder_id for r in current_rows}
    moved = []
    new = []
    for row in current_rows:
        earlier = before.get(row.stakeholder_id) if row.stakeholder_id is not None else None
        if earlier is None:
            new.append(row.name)
        elif earlier.quadrant != row.quadrant:
            moved.append(Move(row.name, earlier.quadrant, row.quadrant))
    left = [
        r.name for r in previous_rows if r.stakeholder_id is None or r.stakeholder_id not in now_ids
    ]
    return MapDiff(
        moved=sorted(moved, key=lambda m: m.name.casefold()),
        new=sorted(new, key=str.casefold),
        left=sorted(left, key=str.casefold),
    )


def entry_rows(entries: Iterable[MapEntry]) -> list[MapRow]:
    """The map as it is now, in the shape of snapshot rows."""
    return [MapRow(e.id, e.name, e.influence, e.interest) for e in entries]


def take_snapshot(*, session: Session, client_id: int, author: str, note: str = "") -> MapSnapshot:
    """Copy the map as it is now, dated; taking one counts as reviewing the map."""
    from relwork.models import MapSnapshot, StakeholderSnapshot

    entries = map_entries(session=session, client_id=client_id)
    snapshot = MapSnapshot(
        account_id=client_id,
        taken_at=clock.now(),
        author=clean_line(author)[:120],
        note=clean(note).strip(),
    )
    session.add(snapshot)
    session.flush()
    assert snapshot.id is not None
    for entry in entries:
        session.add(
            StakeholderSnapshot(
                snapshot_id=snapshot.id,
                stakeholder_id=entry.id,
                label=entry.name[:200],
                influence=entry.influence,
                interest=entry.interest,
                attitude=str(entry.attitude),
            )
        )
    today = clock.today()
    for stakeholder in list_stakeholders(session=session, client_id=client_id):
        stakeholder.last_reviewed = today
        session.add(stakeholder)
    session.commit()
    session.refresh(snapshot)
    return snapshot


def list_snapshots(*, session: Session, client_id: int) -> list[MapSnapshot]:
    """The client's map snapshots, newest first."""
    from sqlmodel import col, select

    from relwork.models import MapSnapshot

    return list(
        session.exec(
            select(MapSnapshot)
            .where(MapSnapshot.account_id == client_id)
            .order_by(col(MapSnapshot.taken_at).desc(), col(MapSnapshot.id).desc())
        ).all()
    )


def snapshot_rows(*, session: Session, snapshot_id: int) -> list[MapRow]:
    """The map as it was at a snapshot. Plain columns, not ORM objects: a session that
    loaded the rows before a stakeholder was deleted would otherwise still hold the old
    link, which the database has since cleared."""
    from sqlmodel import col, select

    from relwork.models import StakeholderSnapshot as Row

    rows = session.exec(
        select(Row.stakeholder_id, Row.label, Row.influence, Row.interest)
        .where(Row.snapshot_id == snapshot_id)
        .order_by(col(Row.id))
    ).all()
    return [MapRow(*row) for row in rows]


@dataclass(frozen=True)
class SnapshotChanges:
    """What changed on the map since the latest snapshot."""

    snapshot_id: int
    taken_at: datetime  # aware
    author: str
    note: str
    diff: MapDiff


def changes_since_last_snapshot(*, session: Session, client_id: int) -> SnapshotChanges | None:
    """The map now compared with the latest snapshot; None if none was taken yet."""
    snapshots = list_snapshots(session=session, client_id=client_id)
    if not snapshots:
        return None
    last = snapshots[0]
    assert last.id is not None
    previous = snapshot_rows(session=session, snapshot_id=last.id)
    now = entry_rows(map_entries(session=session, client_id=client_id))
    taken = stored_datetime(last.taken_at)
    assert taken is not None
    return SnapshotChanges(last.id, taken, last.author, last.note, diff(previous, now))


# --- review and cadence flags (plain sqlite3, no ORM) -------------------------------


def map_review_due(last_snapshot_at: datetime | date | None, today: date, days: int) -> bool:
    """A map is due for review ``days`` after its last snapshot (or now, if it never had
    one; callers decide whether an empty map needs one at all)."""
    if last_snapshot_at is None:
        return True
    day = (
        last_snapshot_at.astimezone().date()
        if isinstance(last_snapshot_at, datetime)
        else last_snapshot_at
    )
    return today >= day + timedelta(days=days)


MAP_REVIEW_SQL = """
SELECT a.id AS client_id,
       (SELECT MAX(m.taken_at) FROM map_snapshot m WHERE m.account_id = a.id) AS last_snapshot,
       (SELECT COUNT(*) FROM stakeholder s WHERE s.account_id = a.id) AS stakeholders
FROM account a
WHERE (:client_id IS NULL OR a.id = :client_id)
"""


@dataclass(frozen=True)
class MapReviewState:
    """Whether a client's stakeholder map needs reviewing, and why."""

    client_id: int
    last_snapshot_at: datetime | None  # aware
    stakeholders: int
    review_days: int
    due: bool

    def describe(self, today: date) -> str:
        """One line for the client header or the stakeholder screen."""
        if self.last_snapshot_at is None:
            if not self.stakeholders:
                return "No stakeholders mapped yet."
            return "Stakeholder map never reviewed: no snapshot taken yet."
        day = self.last_snapshot_at.astimezone().date()
        age = (today - day).days
        ago = "today" if age <= 0 else "yesterday" if age == 1 else f"{age} days ago"
        if self.due:
            return (
                f"Stakeholder map review due: last snapshot {day.isoformat()} ({ago}); "
                f"maps are reviewed every {self.review_days} days."
            )
        return f"Stakeholder map reviewed {day.isoformat()} ({ago})."


def _review_states(
    store: Store, today: date, days: int, client_id: int | None
) -> list[MapReviewState]:
    states = []
    for row in store.read(MAP_REVIEW_SQL, {"client_id": client_id}):
        last = stored_datetime(row["last_snapshot"])
        count = int(row["stakeholders"])
        due = map_review_due(last, today, days) if last is not None else count > 0
        states.append(MapReviewState(row["client_id"], last, count, days, due))
    return states


def maps_needing_review(store: Store, today: date, days: int) -> set[int]:
    """Ids of clients whose map is due for review: the last snapshot is ``days`` or more
    old, or there never was one although stakeholders are mapped. One query, no ORM."""
    return {s.client_id for s in _review_states(store, today, days, None) if s.due}


def map_review_state(store: Store, client_id: int, today: date, days: int) -> MapReviewState:
    """The review state of one client's map (the same rule as :func:`maps_needing_review`)."""
    states = _review_states(store, today, days, client_id)
    if not states:
        raise LookupError(f"There is no client with id {client_id}.")
    return states[0]


OUT_OF_CADENCE_SQL = """
SELECT s.id, s.contact_id, c.name, s.influence, c.created_at,
       COALESCE(s.comm_frequency_days, c.comm_frequency_days) AS days,
       (SELECT MAX(ia.occurred_at) FROM interaction_attendee ia
         WHERE ia.contact_id = s.contact_id) AS last_contact
FROM stakeholder s JOIN contact c ON c.id = s.contact_id
WHERE s.account_id = :client_id AND s.influence >= :high
"""


@dataclass(frozen=True)
class CadenceFlag:
    """An influential person not spoken to within their cadence."""

    stakeholder_id: int
    contact_id: int
    name: str
    influence: int
    cadence_days: int
    last_contact: datetime | None  # aware; None: never logged
    due: date  # when contact was due

    def describe(self, today: date) -> str:
        """'every 30d, last 45d ago' / 'every 30d, never logged'."""
        if self.last_contact is None:
            return f"every {self.cadence_days}d, never logged"
        days = (today - self.last_contact.astimezone().date()).days
        return f"every {self.cadence_days}d, last {days}d ago"


def high_influence_out_of_cadence(store: Store, client_id: int, today: date) -> list[CadenceFlag]:
    """People on the map with high influence (4 or 5) whose last logged interaction
    is older than their cadence (the stakeholder's own, else the contact's). Someone
    never met counts from the day they were added as a contact. Most overdue first."""
    flags = []
    params = {"client_id": client_id, "high": HIGH_SCORE}
    for row in store.read(OUT_OF_CADENCE_SQL, params):
        if not row["days"]:
            continue
        last = stored_datetime(row["last_contact"])
        added = stored_datetime(row["created_at"])
        assert added is not None
        last_day = last.astimezone().date() if last else None
        since = added.astimezone().date()
        if not out_of_cadence(last_day, row["days"], since, today):
            continue
        due = next_contact_due(last_day, row["days"], since)
        flags.append(
            CadenceFlag(
                row["id"], row["contact_id"], row["name"], row["influence"], row["days"], last, due
            )
        )
    flags.sort(key=lambda f: (f.due, f.name.casefold()))
    return flags
