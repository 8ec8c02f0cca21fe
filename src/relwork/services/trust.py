"""Trust on the three Cs: behaviour sets, the scoring rule, and dated assessments.

**Behaviour sets** ship as TOML in ``data/trust/``; an organisation adds its own as
``<config folder>/trust/*.toml`` (a set there with the key of a shipped set replaces
it). A broken file is reported (file and what is wrong) and skipped; the others load.

**Scoring rule** (DOMAIN §2.2 item 5, "Proposed scoring"), the one used by every
screen and export:

- each behaviour is scored 1-5 (``Score5``) or left *not assessed* (``None``), which
  is left out of every mean, never counted as zero;
- a *cell* (party x dimension) is the mean of that party's rated behaviours in the
  dimension;
- a *dimension* score is the mean of all rated behaviours in the dimension, both
  parties together;
- a *party index* is the mean of that party's rated cells;
- the *overall index* is the mean of the dimension scores that have any rating;
- an index is banded after rounding to two decimals (half up): under ``low_below``
  (2.5) is low, over ``high_above`` (3.5) is high, anything between, both ends
  included, is moderate; no rating at all is "Not assessed";
- the *weakest dimension* is the one with the lowest score (ties go to capability,
  then commitment, then consistency), and the behaviours *pulling it down* are its
  behaviours rated 3 or less, lowest first (ties in the set's order).

Everything derived is computed here, never stored. The scoring part imports no ORM,
so the dashboard can use :func:`latest_trust` on the fast ``Store.read`` path; the
functions that use sessions import the models when called.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relwork.enums import RaterPerspective, TrustDimension, TrustOrigin, TrustParty
from relwork.locations import config_dir, shipped_data_dir
from relwork.text import clean, clean_line

if TYPE_CHECKING:
    from sqlmodel import Session

    from relwork.db import Store
    from relwork.models import TrustAssessment

DEFAULT_SET = "three_cs"
SCORES = (1, 2, 3, 4, 5)
PULLING_DOWN_AT = 3  # a behaviour rated this or lower pulls its dimension down
KEY_MAX = 40  # trust_rating.behaviour_key
SET_KEY_MAX = 80  # trust_assessment.item_set

LOW = "Low"
MODERATE = "Moderate"
HIGH = "High"
NOT_ASSESSED = "Not assessed"

DEFAULT_SCALE: tuple[str, ...] = (
    "Not seen, or the opposite is seen",
    "Seen now and then",
    "Usually seen, with clear gaps",
    "Seen reliably",
    "Seen reliably, unprompted and with evidence to show",
)

_SET_KEY = re.compile(r"^[A-Za-z0-9_.-]+$")
_ITEM_FIELDS = ("key", "party", "dimension", "text", "hint")
_SET_FIELDS = ("key", "title", "description", "scale", "bands", "item")
_PARTIES = "provider or customer"
_DIMENSIONS = "capability, commitment or consistency"


# --- behaviour sets -----------------------------------------------------------------------


@dataclass(frozen=True)
class Bands:
    """Band thresholds for a trust index on the 1-5 scale."""

    low_below: float = 2.5
    high_above: float = 3.5

    def of(self, index: float | None) -> str:
        """The band label of ``index`` (rounded to two decimals first)."""
        if index is None:
            return NOT_ASSESSED
        value = rounded(index)
        if value < self.low_below:
            return LOW
        if value > self.high_above:
            return HIGH
        return MODERATE


DEFAULT_BANDS = Bands()


@dataclass(frozen=True)
class TrustItem:
    """One behaviour to rate."""

    key: str
    party: TrustParty
    dimension: TrustDimension
    text: str
    hint: str = ""


@dataclass(frozen=True)
class ItemSet:
    """A named set of behaviours with its scale wording and band thresholds."""

    key: str
    title: str
    items: tuple[TrustItem, ...]
    description: str = ""
    scale: tuple[str, ...] = DEFAULT_SCALE  # wording for scores 1..5
    bands: Bands = DEFAULT_BANDS
    source: str = ""  # where it came from, e.g. "trust/three_cs.toml"

    def item(self, key: str) -> TrustItem | None:
        return next((i for i in self.items if i.key == key), None)

    def items_for(self, party: TrustParty, dimension: TrustDimension) -> list[TrustItem]:
        return [i for i in self.items if i.party == party and i.dimension == dimension]

    def score(self, ratings: Mapping[str, int | None]) -> TrustScores:
        return score(self.items, ratings, bands=self.bands)

    def wording(self, value: int) -> str:
        """What a score means in this set."""
        return self.scale[value - 1]


class ItemSetError(ValueError):
    """A behaviour-set file cannot be used; ``problems`` says everything that is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_item_set(text: str, *, default_key: str, source: str = "") -> ItemSet:
    """An :class:`ItemSet` from TOML text; raises :class:`ItemSetError` listing the problems."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ItemSetError([f"not valid TOML ({exc})"]) from None
    problems: list[str] = []
    unknown = sorted(set(data) - set(_SET_FIELDS))
    if unknown:
        problems.append(
            f"unknown setting {_names(unknown)} (known: {', '.join(_SET_FIELDS[:-1])}, [[item]])"
        )
    key = data.get("key", default_key)
    if not isinstance(key, str) or not _SET_KEY.match(key) or len(key) > SET_KEY_MAX:
        problems.append(
            "'key' must be a short name of letters, digits, '_', '-' or '.' "
            f"(at most {SET_KEY_MAX} characters)"
        )
        key = default_key
    title = _text_setting(data, "title", problems) or key
    description = _text_setting(data, "description", problems, line=False)
    scale = _scale(data.get("scale"), problems)
    bands = _bands(data.get("bands"), problems)
    items = _items(data.get("item"), problems)
    if problems:
        raise ItemSetError(problems)
    return ItemSet(
        key=key,
        title=title,
        description=description,
        items=tuple(items),
        scale=scale,
        bands=bands,
        source=source,
    )


def load_item_sets(extra_dir: Path | None = None) -> tuple[dict[str, ItemSet], list[str]]:
    """Every usable behaviour set by key, and the problems found on the way.

    Shipped sets come from ``data/trust/``; custom ones from ``extra_dir`` (by default
    ``<config folder>/trust``) and replace a shipped set with the same key. Problems
    read like ``"trust/acme.toml: item 3 has no 'dimension' (use capability, commitment
    or consistency)"``; a file with any problem is skipped as a whole.
    """
    sets: dict[str, ItemSet] = {}
    problems: list[str] = []
    custom = extra_dir if extra_dir is not None else config_dir() / "trust"
    for folder in (shipped_data_dir() / "trust", custom):
        found: dict[str, ItemSet] = {}
        try:
            paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError as exc:
            problems.append(f"{folder}: cannot be read ({exc.strerror or exc})")
            continue
        for path in paths:
            name = f"trust/{path.name}"
            try:
                text = path.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = getattr(exc, "strerror", None) or "not UTF-8 text"
                problems.append(f"{name}: cannot be read ({reason})")
                continue
            try:
                item_set = parse_item_set(text, default_key=path.stem, source=name)
            except ItemSetError as exc:
                problems.extend(f"{name}: {problem}" for problem in exc.problems)
                continue
            if item_set.key in found:
                problems.append(
                    f"{name}: key '{item_set.key}' is already used by "
                    f"{found[item_set.key].source}; this file is skipped"
                )
                continue
            found[item_set.key] = item_set
        sets.update(found)
    return sets, problems


def _names(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _text_setting(
    data: dict[str, Any], name: str, problems: list[str], *, line: bool = True
) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        problems.append(f"'{name}' must be text")
        return ""
    return clean_line(value) if line else clean(value).strip()


def _scale(raw: object, problems: list[str]) -> tuple[str, ...]:
    if raw is None:
        return DEFAULT_SCALE
    if not isinstance(raw, dict):
        problems.append('[scale] must be a table of wording for 1 to 5, like 1 = "Not seen"')
        return DEFAULT_SCALE
    wording = list(DEFAULT_SCALE)
    for name, text in raw.items():
        if name not in {str(s) for s in SCORES}:
            problems.append(f"[scale] has '{name}'; only 1, 2, 3, 4 and 5 are scores")
        elif not isinstance(text, str) or not clean_line(text):
            problems.append(f"[scale] {name} must be some text")
        else:
            wording[int(name) - 1] = clean_line(text)
    return tuple(wording)


def _bands(raw: object, problems: list[str]) -> Bands:
    if raw is None:
        return DEFAULT_BANDS
    if not isinstance(raw, dict):
        problems.append("[bands] must be a table with low_below and high_above")
        return DEFAULT_BANDS
    unknown = sorted(set(raw) - {"low_below", "high_above"})
    if unknown:
        problems.append(f"[bands] has unknown {_names(unknown)} (use low_below and high_above)")
    values: dict[str, float] = {}
    for name, default in (("low_below", 2.5), ("high_above", 3.5)):
        value = raw.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 5:
            problems.append(f"[bands] {name} must be a number from 1 to 5")
            value = default
        values[name] = float(value)
    if values["low_below"] > values["high_above"]:
        problems.append("[bands] low_below must not be more than high_above")
    return Bands(**values)


def _items(raw: object, problems: list[str]) -> list[TrustItem]:
    if not raw:
        problems.append("has no [[item]] entries (each needs key, party, dimension and text)")
        return []
    if not isinstance(raw, list):
        problems.append("'item' must be written as [[item]] tables")
        return []
    items: list[TrustItem] = []
    seen: set[str] = set()
    for number, entry in enumerate(raw, start=1):
        where = f"item {number}"
        if not isinstance(entry, dict):
            problems.append(f"{where} is not a table; write it as [[item]]")
            continue
        before = len(problems)
        key = entry.get("key")
        if not isinstance(key, str) or not clean_line(key):
            problems.append(f"{where} has no 'key' (a short code such as 'P-CAP-1')")
            key = ""
        else:
            key = clean_line(key)
            if len(key) > KEY_MAX:
                problems.append(f"{where}: 'key' is longer than {KEY_MAX} characters")
            elif key in seen:
                problems.append(f"{where} repeats the key '{key}' (keys must be unique)")
            seen.add(key)
            where = f"item {number} ('{key}')"
        unknown = sorted(set(entry) - set(_ITEM_FIELDS))
        if unknown:
            problems.append(
                f"{where} has unknown {_names(unknown)} (known: {', '.join(_ITEM_FIELDS)})"
            )
        party = _choice(entry, "party", TrustParty, _PARTIES, where, problems)
        dimension = _choice(entry, "dimension", TrustDimension, _DIMENSIONS, where, problems)
        text = entry.get("text")
        if not isinstance(text, str) or not clean_line(text):
            problems.append(f"{where} has no 'text' (the behaviour to rate)")
            text = ""
        hint = entry.get("hint", "")
        if not isinstance(hint, str):
            problems.append(f"{where}: 'hint' must be text")
            hint = ""
        if len(problems) == before and party is not None and dimension is not None:
            items.append(TrustItem(key, party, dimension, clean_line(text), clean_line(hint)))
    return items


def _choice(
    entry: dict[str, Any],
    name: str,
    kind: type[TrustParty] | type[TrustDimension],
    allowed: str,
    where: str,
    problems: list[str],
) -> Any:
    value = entry.get(name)
    if value is None:
        problems.append(f"{where} has no '{name}' (use {allowed})")
        return None
    try:
        return kind(str(value).strip().lower())
    except ValueError:
        problems.append(f"{where} has {name} '{value}' (use {allowed})")
        return None


# --- scoring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rated:
    """A behaviour with the score it was given."""

    item: TrustItem
    score: int


@dataclass(frozen=True)
class TrustScores:
    """Everything derived from one set of ratings (see the module docstring for the rule)."""

    cells: Mapping[tuple[TrustParty, TrustDimension], float | None]
    dimensions: Mapping[TrustDimension, float | None]
    parties: Mapping[TrustParty, float | None]
    party_weakest: Mapping[TrustParty, TrustDimension | None]
    overall: float | None
    band: str
    weakest: TrustDimension | None
    pulling_down: tuple[Rated, ...]
    rated: int
    not_assessed: int

    def cell(self, party: TrustParty, dimension: TrustDimension) -> float | None:
        return self.cells[(party, dimension)]

    def party_band(self, party: TrustParty, bands: Bands = DEFAULT_BANDS) -> str:
        return bands.of(self.parties[party])


def score(
    items: Iterable[TrustItem],
    ratings: Mapping[str, int | None],
    *,
    bands: Bands = DEFAULT_BANDS,
) -> TrustScores:
    """Score ``ratings`` (behaviour key -> 1..5 or None) against ``items``.

    Ratings for keys that are not among ``items`` are ignored; a score outside 1..5
    raises ``ValueError``. Safe when nothing is rated: every score is then None.
    """
    items = list(items)
    given: dict[str, int] = {}
    for item in items:
        value = ratings.get(item.key)
        if value is not None:
            given[item.key] = check_score(value)

    def rated_in(dimension: TrustDimension, party: TrustParty | None = None) -> list[Rated]:
        return [
            Rated(i, given[i.key])
            for i in items
            if i.key in given and i.dimension == dimension and party in (None, i.party)
        ]

    cells = {
        (party, dimension): mean(r.score for r in rated_in(dimension, party))
        for party in TrustParty
        for dimension in TrustDimension
    }
    dimensions = {d: mean(r.score for r in rated_in(d)) for d in TrustDimension}
    parties = {p: mean(cells[(p, d)] for d in TrustDimension) for p in TrustParty}
    party_weakest = {p: lowest({d: cells[(p, d)] for d in TrustDimension}) for p in TrustParty}
    overall = mean(dimensions.values())
    weakest = lowest(dimensions)
    pulling: list[Rated] = []
    if weakest is not None:
        candidates = [r for r in rated_in(weakest) if r.score <= PULLING_DOWN_AT]
        pulling = sorted(candidates, key=lambda r: r.score)  # stable: set order on ties
    return TrustScores(
        cells=cells,
        dimensions=dimensions,
        parties=parties,
        party_weakest=party_weakest,
        overall=overall,
        band=bands.of(overall),
        weakest=weakest,
        pulling_down=tuple(pulling),
        rated=len(given),
        not_assessed=len(items) - len(given),
    )


def band(index: float | None, bands: Bands = DEFAULT_BANDS) -> str:
    """Low, Moderate or High for a trust index; "Not assessed" for None."""
    return bands.of(index)


def check_score(value: object) -> int:
    """A valid ``Score5`` value, or ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCORES:
        raise ValueError(f"A trust score is a whole number from 1 to 5, not {value!r}.")
    return value


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def lowest(scores: Mapping[TrustDimension, float | None]) -> TrustDimension | None:
    """The dimension with the lowest score; ties go to the earlier dimension."""
    found: TrustDimension | None = None
    least = 0.0
    for dimension in TrustDimension:
        value = scores.get(dimension)
        if value is not None and (found is None or value < least):
            found, least = dimension, value
    return found


def rounded(value: float, places: int = 2) -> float:
    """``value`` rounded half up (2.345 -> 2.35), the way the screens show it."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def format_score(value: float | None, places: int = 1) -> str:
    """A score or index for display; an en dash when not assessed."""
    if value is None:
        return "–"
    return f"{rounded(value, places):.{places}f}"


def format_change(delta: float | None, places: int = 1) -> str:
    """A signed change such as "+0.5", "-0.3" or "0.0"; an en dash when unknown."""
    if delta is None:
        return "–"
    value = rounded(delta, places)
    if value == 0:
        return f"{0:.{places}f}"
    return f"{value:+.{places}f}"


# --- history ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoredAssessment:
    """A saved assessment with its ratings and scores (detached from any session)."""

    id: int
    taken_at: datetime  # aware
    item_set: str
    perspective: RaterPerspective
    origin: TrustOrigin | None
    author: str
    notes: str
    ratings: Mapping[str, tuple[int | None, str]]  # key -> (score, evidence)
    scores: TrustScores
    set_found: bool = True  # False when its behaviour set is no longer available


@dataclass(frozen=True)
class Trend:
    """Scores over time, oldest first; one entry per assessment."""

    taken_at: list[datetime] = field(default_factory=list)
    dimensions: dict[TrustDimension, list[float | None]] = field(default_factory=dict)
    overall: list[float | None] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    """The newest assessment against the one before it from the same perspective."""

    since: datetime
    perspective: RaterPerspective
    dimensions: dict[TrustDimension, float | None]
    overall: float | None


def _of_perspective(
    history: Sequence[ScoredAssessment], perspective: RaterPerspective | None
) -> list[ScoredAssessment]:
    return [a for a in history if perspective is None or a.perspective == perspective]


def trend(
    history: Sequence[ScoredAssessment], *, perspective: RaterPerspective | None = None
) -> Trend:
    """Per-dimension and overall scores of each assessment (optionally one perspective)."""
    chosen = _of_perspective(history, perspective)
    return Trend(
        taken_at=[a.taken_at for a in chosen],
        dimensions={d: [a.scores.dimensions[d] for a in chosen] for d in TrustDimension},
        overall=[a.scores.overall for a in chosen],
    )


def _delta(new: float | None, old: float | None) -> float | None:
    return None if new is None or old is None else new - old


def change_since_previous(
    history: Sequence[ScoredAssessment], *, perspective: RaterPerspective | None = None
) -> Change | None:
    """How the newest assessment differs from the previous one of the same perspective.

    ``perspective`` None takes the perspective of the newest assessment. None when
    there is no earlier assessment to compare with. A dimension not rated in either
    of the two has no change (None).
    """
    if perspective is None and history:
        perspective = history[-1].perspective
    chosen = _of_perspective(history, perspective)
    if len(chosen) < 2:
        return None
    return change_between(chosen[-1].scores, chosen[-2])


def change_between(new: TrustScores, previous: ScoredAssessment) -> Change:
    """How ``new`` scores (saved or still being edited) differ from ``previous``."""
    old = previous.scores
    return Change(
        since=previous.taken_at,
        perspective=previous.perspective,
        dimensions={d: _delta(new.dimensions[d], old.dimensions[d]) for d in TrustDimension},
        overall=_delta(new.overall, old.overall),
    )


def perspective_gap(history: Sequence[ScoredAssessment]) -> float | None:
    """The customer's view of the provider minus the provider's view of itself.

    Compares the provider index of the newest assessment of each of those two
    perspectives; None unless both exist. Negative: the provider rates itself higher
    than its customer does.
    """
    newest: dict[RaterPerspective, ScoredAssessment] = {a.perspective: a for a in history}
    own = newest.get(RaterPerspective.PROVIDER_SELF)
    theirs = newest.get(RaterPerspective.CUSTOMER_VIEW_OF_PROVIDER)
    if own is None or theirs is None:
        return None
    return _delta(
        theirs.scores.parties[TrustParty.PROVIDER], own.scores.parties[TrustParty.PROVIDER]
    )


def stored_moment(value: str | datetime) -> datetime:
    """A datetime as stored (UTC, no offset) made aware."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- database -------------------------------------------------------------------------------


class TrustError(ValueError):
    """An assessment cannot be saved as it is; the message says what to fix."""


def save_assessment(
    *,
    session: Session,
    client_id: int,
    item_set: ItemSet,
    ratings: Mapping[str, tuple[int | None, str]],
    perspective: RaterPerspective = RaterPerspective.PROVIDER_SELF,
    origin: TrustOrigin | None = None,
    author: str = "",
    taken_at: datetime | None = None,
    notes: str = "",
) -> TrustAssessment:
    """Save a new dated assessment: one rating row per behaviour of ``item_set``.

    Behaviours missing from ``ratings`` are stored as not assessed. Raises
    :class:`TrustError` for an unknown client, a key not in the set, a score outside
    1..5, or when no behaviour is scored at all.
    """
    from relwork import clock
    from relwork.models import Account, TrustAssessment, TrustRating

    if session.get(Account, client_id) is None:
        raise TrustError(f"There is no client with id {client_id}.")
    unknown = sorted(set(ratings) - {i.key for i in item_set.items})
    if unknown:
        raise TrustError(f"Not behaviours of '{item_set.key}': {', '.join(unknown)}.")
    rows: list[tuple[str, int | None, str]] = []
    for item in item_set.items:
        value, evidence = ratings.get(item.key, (None, ""))
        try:
            checked = None if value is None else check_score(value)
        except ValueError as exc:
            raise TrustError(f"{item.key}: {exc}") from None
        rows.append((item.key, checked, clean(evidence or "").strip()))
    if all(value is None for _, value, _ in rows):
        raise TrustError("Score at least one behaviour before saving the assessment.")
    moment = taken_at or clock.now()
    if moment.tzinfo is None:
        moment = moment.astimezone()
    assessment = TrustAssessment(
        account_id=client_id,
        taken_at=moment.astimezone(UTC),
        item_set=item_set.key,
        rater_perspective=perspective,
        trust_origin=origin,
        author=clean_line(author)[:120],
        notes=clean(notes).strip(),
    )
    session.add(assessment)
    session.flush()
    assert assessment.id is not None
    for key, value, evidence in rows:
        session.add(
            TrustRating(
                assessment_id=assessment.id, behaviour_key=key, score=value, evidence=evidence
            )
        )
    session.commit()
    session.refresh(assessment)
    return assessment


def assessments(
    *,
    session: Session,
    client_id: int,
    item_sets: Mapping[str, ItemSet] | None = None,
) -> list[ScoredAssessment]:
    """A client's assessments, oldest first, each scored with its own behaviour set.

    ``item_sets`` defaults to :func:`load_item_sets`. An assessment whose set is no
    longer available keeps its ratings but has no scores (``set_found`` False).
    """
    from sqlmodel import col, select

    from relwork.models import TrustAssessment, TrustRating

    if item_sets is None:
        item_sets, _problems = load_item_sets()
    runs = session.exec(
        select(TrustAssessment)
        .where(TrustAssessment.account_id == client_id)
        .order_by(col(TrustAssessment.taken_at), col(TrustAssessment.id))
    ).all()
    ids = [a.id for a in runs]
    ratings: dict[int, dict[str, tuple[int | None, str]]] = {i: {} for i in ids if i is not None}
    if ids:
        for rating in session.exec(
            select(TrustRating)
            .where(col(TrustRating.assessment_id).in_(ids))
            .order_by(col(TrustRating.id))
        ).all():
            ratings[rating.assessment_id][rating.behaviour_key] = (rating.score, rating.evidence)
    result = []
    for run in runs:
        assert run.id is not None
        given = ratings[run.id]
        found = item_sets.get(run.item_set)
        scores = (
            found.score({k: s for k, (s, _e) in given.items()})
            if found is not None
            else score((), {})
        )
        result.append(
            ScoredAssessment(
                id=run.id,
                taken_at=stored_moment(run.taken_at),
                item_set=run.item_set,
                perspective=RaterPerspective(run.rater_perspective),
                origin=TrustOrigin(run.trust_origin) if run.trust_origin else None,
                author=run.author,
                notes=run.notes,
                ratings=given,
                scores=scores,
                set_found=found is not None,
            )
        )
    return result


# --- fast path for the dashboard -----------------------------------------------------------

LATEST_SQL = """
SELECT t.account_id, t.item_set, r.behaviour_key, r.score
FROM trust_assessment t
LEFT JOIN trust_rating r ON r.assessment_id = t.id
WHERE t.id = (
    SELECT n.id FROM trust_assessment n WHERE n.account_id = t.account_id
    ORDER BY n.taken_at DESC, n.id DESC LIMIT 1
)
"""


def latest_trust(
    store: Store, item_sets: Mapping[str, ItemSet]
) -> dict[int, tuple[float | None, str]]:
    """Client (account) id -> (overall index, band label) of its newest assessment.

    Uses the plain sqlite3 reader, so it loads no ORM. Clients without an assessment
    are absent; so are clients whose newest assessment uses a set not in ``item_sets``.
    The index is unrounded; show it with :func:`format_score`.
    """
    sets: dict[int, str] = {}
    ratings: dict[int, dict[str, int | None]] = {}
    for row in store.read(LATEST_SQL):
        client_id = row["account_id"]
        sets[client_id] = row["item_set"]
        given = ratings.setdefault(client_id, {})
        if row["behaviour_key"] is not None:
            given[row["behaviour_key"]] = row["score"]
    result: dict[int, tuple[float | None, str]] = {}
    for client_id, key in sets.items():
        item_set = item_sets.get(key)
        if item_set is None:
            continue
        try:
            scores = item_set.score(ratings[client_id])
        except ValueError:  # a score edited outside relwork; show nothing rather than fail
            continue
        result[client_id] = (scores.overall, scores.band)
    return result
