"""Trust on the three Cs: behaviour sets, the scoring rule, history and the fast path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from relwork.enums import RaterPerspective, TrustDimension, TrustOrigin, TrustParty
from relwork.models import TrustAssessment, TrustRating
from relwork.services.clients import create_client, parse_client
from relwork.services.trust import (
    DEFAULT_SET,
    HIGH,
    LOW,
    MODERATE,
    NOT_ASSESSED,
    Bands,
    ItemSet,
    TrustError,
    TrustItem,
    assessments,
    band,
    change_since_previous,
    format_change,
    format_score,
    latest_trust,
    load_item_sets,
    perspective_gap,
    rounded,
    save_assessment,
    score,
    trend,
)

CAP, COM, CON = TrustDimension.CAPABILITY, TrustDimension.COMMITMENT, TrustDimension.CONSISTENCY
PROVIDER, CUSTOMER = TrustParty.PROVIDER, TrustParty.CUSTOMER


@pytest.fixture
def no_custom(tmp_path):
    return tmp_path / "no-custom-sets"


@pytest.fixture
def three_cs(no_custom) -> ItemSet:
    sets, problems = load_item_sets(no_custom)
    assert problems == []
    return sets[DEFAULT_SET]


def _client(store, name="Acme Hosting") -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": name})).id


# --- the shipped set -------------------------------------------------------------------------


def test_shipped_set_has_the_eleven_provider_and_seven_customer_behaviours(three_cs):
    keys = [i.key for i in three_cs.items]
    assert keys == [
        *(f"P-CAP-{n}" for n in (1, 2, 3)),
        *(f"P-COM-{n}" for n in (1, 2, 3, 4, 5)),
        *(f"P-CON-{n}" for n in (1, 2, 3)),
        "C-CAP-1",
        *(f"C-COM-{n}" for n in (1, 2, 3, 4)),
        "C-CON-1",
        "C-CON-2",
    ]
    for item in three_cs.items:
        assert item.party == (PROVIDER if item.key.startswith("P") else CUSTOMER)
        assert item.dimension.value[:3].upper() == item.key.split("-")[1]
        assert item.text
    assert three_cs.bands == Bands(low_below=2.5, high_above=3.5)
    assert len(three_cs.scale) == 5 and all(three_cs.scale)
    assert three_cs.title and three_cs.description
    assert three_cs.source == "trust/three_cs.toml"


def test_default_custom_folder_is_the_config_folder(tmp_path, monkeypatch):
    from relwork.locations import config_dir

    folder = config_dir() / "trust"
    folder.mkdir(parents=True)
    (folder / "ours.toml").write_text(_custom_set("ours"), "utf-8")
    sets, problems = load_item_sets()
    assert problems == []
    assert set(sets) == {DEFAULT_SET, "ours"}


# --- custom sets and their problems -----------------------------------------------------------


def _custom_set(key: str, *, extra: str = "") -> str:
    return f"""
key = "{key}"
title = "Our own trust check"
[bands]
low_below = 3.0
high_above = 4.0
[scale]
5 = "Outstanding"
[[item]]
key = "A"
party = "provider"
dimension = "capability"
text = "Knows the [bold]kit[/bold]"
hint = "Certifications"
[[item]]
key = "B"
party = "customer"
dimension = "commitment"
text = "Turns up to reviews"
{extra}
"""


def test_a_custom_set_loads_beside_the_shipped_one(tmp_path):
    (tmp_path / "ours.toml").write_text(_custom_set("ours"), "utf-8")
    sets, problems = load_item_sets(tmp_path)
    assert problems == []
    ours = sets["ours"]
    assert DEFAULT_SET in sets
    assert ours.title == "Our own trust check"
    assert [i.key for i in ours.items] == ["A", "B"]
    assert ours.items[0].text == "Knows the [bold]kit[/bold]"  # kept as typed
    assert ours.wording(5) == "Outstanding"
    assert ours.wording(1) == sets[DEFAULT_SET].wording(1)  # default wording fills gaps
    assert ours.bands == Bands(3.0, 4.0)
    assert ours.score({"A": 4, "B": 4}).band == MODERATE  # its own thresholds apply
    assert ours.source == "trust/ours.toml"


def test_a_custom_set_with_the_same_key_replaces_the_shipped_one(tmp_path):
    (tmp_path / "replacement.toml").write_text(_custom_set(DEFAULT_SET), "utf-8")
    sets, problems = load_item_sets(tmp_path)
    assert problems == []
    assert [i.key for i in sets[DEFAULT_SET].items] == ["A", "B"]


def test_the_key_defaults_to_the_file_name(tmp_path):
    text = _custom_set("x").replace('key = "x"\n', "", 1)
    (tmp_path / "from_name.toml").write_text(text, "utf-8")
    sets, problems = load_item_sets(tmp_path)
    assert problems == []
    assert "from_name" in sets


def test_a_broken_file_is_reported_and_the_others_still_load(tmp_path):
    broken = """
key = "acme"
[[item]]
key = "A1"
party = "provider"
dimension = "capability"
text = "Fine"
[[item]]
key = "A2"
party = "provider"
dimension = "capability"
text = "Fine too"
[[item]]
key = "A3"
party = "customer"
text = "No dimension"
"""
    (tmp_path / "acme.toml").write_text(broken, "utf-8")
    (tmp_path / "good.toml").write_text(_custom_set("good"), "utf-8")
    (tmp_path / "syntax.toml").write_text("key = \n", "utf-8")
    sets, problems = load_item_sets(tmp_path)
    assert set(sets) == {DEFAULT_SET, "good"}
    assert (
        "trust/acme.toml: item 3 ('A3') has no 'dimension' (use capability, commitment or consistency)"
        in problems
    )
    assert any(p.startswith("trust/syntax.toml: not valid TOML (") for p in problems)
    assert len(problems) == 2


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        (
            'party = "provider"\ndimension = "capability"\ntext = "x"',
            "item 3 has no 'key' (a short code such as 'P-CAP-1')",
        ),
        (
            'key = "C"\nparty = "vendor"\ndimension = "capability"\ntext = "x"',
            "item 3 ('C') has party 'vendor' (use provider or customer)",
        ),
        (
            'key = "C"\ndimension = "capability"\ntext = "x"',
            "item 3 ('C') has no 'party' (use provider or customer)",
        ),
        (
            'key = "C"\nparty = "provider"\ndimension = "competence"\ntext = "x"',
            "item 3 ('C') has dimension 'competence' (use capability, commitment or consistency)",
        ),
        (
            'key = "C"\nparty = "provider"\ndimension = "capability"',
            "item 3 ('C') has no 'text' (the behaviour to rate)",
        ),
        (
            'key = "A"\nparty = "provider"\ndimension = "capability"\ntext = "x"',
            "item 3 repeats the key 'A' (keys must be unique)",
        ),
        (
            'key = "C"\nparty = "provider"\ndimension = "capability"\ntext = "x"\nhnit = "y"',
            "item 3 ('C') has unknown 'hnit' (known: key, party, dimension, text, hint)",
        ),
    ],
)
def test_item_problems_name_the_item_and_the_fix(tmp_path, item, problem):
    (tmp_path / "acme.toml").write_text(_custom_set("acme", extra=f"[[item]]\n{item}\n"), "utf-8")
    sets, problems = load_item_sets(tmp_path)
    assert "acme" not in sets
    assert f"trust/acme.toml: {problem}" in problems


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('key = "x"\n', "has no [[item]] entries"),
        ('key = "bad key!"\n[[item]]\nkey="A"\nparty="provider"\n', "'key' must be a short name"),
        ("[bands]\nlow_below = 4\nhigh_above = 3\n", "low_below must not be more than high_above"),
        ("[bands]\nlow_below = 7\n", "[bands] low_below must be a number from 1 to 5"),
        ('[scale]\n6 = "Too high"\n', "[scale] has '6'"),
        ('colour = "blue"\n', "unknown setting 'colour'"),
    ],
)
def test_set_problems_are_reported(tmp_path, text, problem):
    (tmp_path / "odd.toml").write_text(text, "utf-8")
    sets, problems = load_item_sets(tmp_path)
    assert "odd" not in sets and "x" not in sets
    assert any(p.startswith("trust/odd.toml: ") and problem in p for p in problems), problems


def test_two_custom_files_with_one_key_keep_the_first(tmp_path):
    (tmp_path / "a.toml").write_text(_custom_set("same"), "utf-8")
    (tmp_path / "b.toml").write_text(_custom_set("same"), "utf-8")
    sets, problems = load_item_sets(tmp_path)
    assert sets["same"].source == "trust/a.toml"
    assert problems == [
        "trust/b.toml: key 'same' is already used by trust/a.toml; this file is skipped"
    ]


def test_an_unreadable_file_is_reported(tmp_path):
    (tmp_path / "latin.toml").write_bytes(b'title = "caf\xe9"\n')
    _sets, problems = load_item_sets(tmp_path)
    assert problems == ["trust/latin.toml: cannot be read (not UTF-8 text)"]


# --- scoring ---------------------------------------------------------------------------------


def test_nothing_rated_is_none_everywhere(three_cs):
    scores = three_cs.score({})
    assert scores.overall is None
    assert scores.band == NOT_ASSESSED
    assert scores.weakest is None
    assert scores.pulling_down == ()
    assert all(v is None for v in scores.cells.values())
    assert all(v is None for v in scores.dimensions.values())
    assert all(v is None for v in scores.parties.values())
    assert (scores.rated, scores.not_assessed) == (0, 18)
    assert three_cs.score({k.key: None for k in three_cs.items}) == scores


def test_not_assessed_is_left_out_not_counted_as_zero(three_cs):
    scores = three_cs.score({"P-CAP-1": 4, "P-CAP-2": None})
    assert scores.cell(PROVIDER, CAP) == 4.0
    assert scores.dimensions[CAP] == 4.0
    assert scores.dimensions[COM] is None
    assert scores.parties[PROVIDER] == 4.0
    assert scores.parties[CUSTOMER] is None
    assert scores.overall == 4.0
    assert scores.band == HIGH
    assert (scores.rated, scores.not_assessed) == (1, 17)


def test_cells_dimensions_parties_and_overall(three_cs):
    ratings = {
        "P-CAP-1": 5,
        "P-CAP-2": 4,
        "P-CAP-3": 3,  # provider capability 4.0
        "C-CAP-1": 2,  # customer capability 2.0; capability (5+4+3+2)/4 = 3.5
        "P-COM-1": 2,
        "P-COM-3": 1,  # provider commitment 1.5
        "C-COM-2": 4,  # customer commitment 4.0; commitment 7/3
        "P-CON-2": 4,  # provider consistency 4.0; consistency 4.0
    }
    scores = score(three_cs.items, ratings)
    assert scores.cells == {
        (PROVIDER, CAP): 4.0,
        (PROVIDER, COM): 1.5,
        (PROVIDER, CON): 4.0,
        (CUSTOMER, CAP): 2.0,
        (CUSTOMER, COM): 4.0,
        (CUSTOMER, CON): None,
    }
    assert scores.dimensions[CAP] == 3.5  # mean of the behaviours, not of the two cells
    assert scores.dimensions[COM] == pytest.approx(7 / 3)
    assert scores.dimensions[CON] == 4.0
    assert scores.parties[PROVIDER] == pytest.approx(9.5 / 3)
    assert scores.parties[CUSTOMER] == 3.0  # only its rated dimensions count
    assert scores.overall == pytest.approx((3.5 + 7 / 3 + 4.0) / 3)  # 3.28
    assert scores.band == MODERATE
    assert scores.weakest == COM
    assert [(r.item.key, r.score) for r in scores.pulling_down] == [("P-COM-3", 1), ("P-COM-1", 2)]
    assert scores.party_weakest == {PROVIDER: COM, CUSTOMER: CAP}
    assert (scores.rated, scores.not_assessed) == (8, 10)


def test_weakest_ties_go_to_capability_then_commitment(three_cs):
    even = three_cs.score({"P-CAP-1": 3, "P-COM-1": 3, "P-CON-1": 3})
    assert even.weakest == CAP
    later = three_cs.score({"P-COM-1": 2, "P-CON-1": 2, "P-CAP-1": 4})
    assert later.weakest == COM


def test_only_behaviours_rated_three_or_less_pull_down(three_cs):
    scores = three_cs.score({"P-CON-1": 4, "P-CON-2": 3, "C-CON-2": 3, "P-CAP-1": 5})
    assert scores.weakest == CON
    assert [r.item.key for r in scores.pulling_down] == ["P-CON-2", "C-CON-2"]  # set order
    strong = three_cs.score({"P-CAP-1": 4, "P-COM-1": 5})
    assert strong.weakest == CAP and strong.pulling_down == ()


def test_ratings_for_unknown_behaviours_are_ignored_and_bad_scores_refused(three_cs):
    assert three_cs.score({"NOPE": 1, "P-CAP-1": 4}).overall == 4.0
    for bad in (0, 6, 2.5, True, "3"):
        with pytest.raises(ValueError, match="whole number from 1 to 5"):
            three_cs.score({"P-CAP-1": bad})  # type: ignore[dict-item]


def test_score_works_on_any_item_list():
    items = [
        TrustItem("X", CUSTOMER, CON, "Shows up"),
        TrustItem("Y", CUSTOMER, CON, "Calls back"),
    ]
    scores = score(items, {"X": 1, "Y": 2})
    assert scores.dimensions[CON] == 1.5
    assert scores.overall == 1.5
    assert scores.band == LOW
    assert scores.parties == {PROVIDER: None, CUSTOMER: 1.5}


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (None, NOT_ASSESSED),
        (1.0, LOW),
        (2.49, LOW),
        (2.495, MODERATE),  # shown as 2.50
        (2.5, MODERATE),
        (3.5, MODERATE),
        (3.504, MODERATE),  # shown as 3.50
        (3.505, HIGH),
        (3.51, HIGH),
        (5.0, HIGH),
    ],
)
def test_bands(index, expected):
    assert band(index) == expected


def test_formatting_helpers():
    assert rounded(2.345) == 2.35
    assert format_score(None) == "–"
    assert format_score(3.25) == "3.3"
    assert format_score(10 / 3, 2) == "3.33"
    assert format_change(0.5) == "+0.5"
    assert format_change(-1 / 3) == "-0.3"
    assert format_change(0.01) == "0.0"
    assert format_change(None) == "–"


# --- saving and history ----------------------------------------------------------------------


def test_save_stores_a_row_per_behaviour_with_not_assessed_as_null(store, three_cs):
    client_id = _client(store)
    with store.session() as session:
        saved = save_assessment(
            session=session,
            client_id=client_id,
            item_set=three_cs,
            ratings={
                "P-CAP-1": (4, "  Fixed the \x1b[31mP1\x1b[0m in an hour \n"),
                "C-CON-2": (2, ""),
            },
            perspective=RaterPerspective.CUSTOMER_VIEW_OF_PROVIDER,
            origin=TrustOrigin.CALCULUS_BASED,
            author="Sam Okafor",
        )
    with store.session() as session:
        run = session.get(TrustAssessment, saved.id)
        assert run is not None
        assert run.item_set == DEFAULT_SET
        assert run.rater_perspective == "customer_view_of_provider"
        assert run.trust_origin == "calculus_based"
        assert run.author == "Sam Okafor"
        rows = session.exec(
            select(TrustRating)
            .where(TrustRating.assessment_id == saved.id)
            .order_by(col(TrustRating.id))
        ).all()
    assert len(rows) == 18
    by_key = {r.behaviour_key: r for r in rows}
    assert by_key["P-CAP-1"].score == 4
    assert by_key["P-CAP-1"].evidence == "Fixed the [31mP1[0m in an hour"  # control chars gone
    assert by_key["C-CON-2"].score == 2
    assert by_key["P-COM-1"].score is None


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ({}, "Score at least one behaviour"),
        ({"P-CAP-1": (None, "seen nothing yet")}, "Score at least one behaviour"),
        ({"P-XXX-9": (3, "")}, "Not behaviours of 'three_cs': P-XXX-9"),
        ({"P-CAP-1": (6, "")}, "P-CAP-1: A trust score is a whole number from 1 to 5"),
    ],
)
def test_save_refuses_what_cannot_be_scored(store, three_cs, ratings, message):
    client_id = _client(store)
    with store.session() as session, pytest.raises(TrustError, match=message):
        save_assessment(session=session, client_id=client_id, item_set=three_cs, ratings=ratings)


def test_save_refuses_an_unknown_client(store, three_cs):
    with store.session() as session, pytest.raises(TrustError, match="no client with id 999"):
        save_assessment(
            session=session, client_id=999, item_set=three_cs, ratings={"P-CAP-1": (3, "")}
        )


def _save(store, client_id, item_set, when, ratings, perspective=RaterPerspective.PROVIDER_SELF):
    with store.session() as session:
        return save_assessment(
            session=session,
            client_id=client_id,
            item_set=item_set,
            ratings={k: (v, "") for k, v in ratings.items()},
            perspective=perspective,
            taken_at=when,
        )


def test_history_is_dated_oldest_first_with_scores_trend_and_change(store, three_cs, frozen_clock):
    client_id = _client(store)
    other = _client(store, "Other Co")
    now = frozen_clock
    _save(store, client_id, three_cs, now - timedelta(days=10), {"P-CAP-1": 4, "P-COM-1": 3})
    _save(store, client_id, three_cs, now - timedelta(days=90), {"P-CAP-1": 2, "P-COM-1": 2})
    _save(store, other, three_cs, now, {"P-CAP-1": 1})
    _save(store, client_id, three_cs, now, {"P-CAP-1": 5, "P-COM-1": 2, "P-CON-1": 4})
    with store.session() as session:
        history = assessments(
            session=session, client_id=client_id, item_sets={DEFAULT_SET: three_cs}
        )
    assert [a.taken_at for a in history] == [
        now - timedelta(days=90),
        now - timedelta(days=10),
        now,
    ]
    assert all(a.taken_at.tzinfo is not None for a in history)
    assert [a.scores.overall for a in history] == [2.0, 3.5, pytest.approx(11 / 3)]
    assert history[-1].ratings["P-CON-1"] == (4, "")
    assert history[-1].ratings["C-CON-2"] == (None, "")

    series = trend(history)
    assert series.dimensions[CAP] == [2.0, 4.0, 5.0]
    assert series.dimensions[CON] == [None, None, 4.0]
    assert series.overall == [2.0, 3.5, pytest.approx(11 / 3)]
    assert len(series.taken_at) == 3

    change = change_since_previous(history)
    assert change is not None
    assert change.since == now - timedelta(days=10)
    assert change.dimensions == {CAP: 1.0, COM: -1.0, CON: None}
    assert change.overall == pytest.approx(11 / 3 - 3.5)


def test_change_compares_like_with_like(store, three_cs, frozen_clock):
    client_id = _client(store)
    now = frozen_clock
    customer = RaterPerspective.CUSTOMER_VIEW_OF_PROVIDER
    _save(store, client_id, three_cs, now - timedelta(days=30), {"P-CAP-1": 4})
    _save(store, client_id, three_cs, now - timedelta(days=20), {"P-CAP-1": 2}, customer)
    _save(store, client_id, three_cs, now, {"P-CAP-1": 5})
    with store.session() as session:
        history = assessments(session=session, client_id=client_id)
    change = change_since_previous(history)
    assert change is not None and change.dimensions[CAP] == 1.0  # against the self-rating
    assert change_since_previous(history, perspective=customer) is None
    assert trend(history, perspective=customer).dimensions[CAP] == [2.0]
    assert perspective_gap(history) == -3.0  # the customer sees less than we claim
    assert change_since_previous(history[:1]) is None
    assert change_since_previous([]) is None


def test_an_assessment_whose_set_is_gone_keeps_its_ratings(store, three_cs):
    client_id = _client(store)
    _save(store, client_id, three_cs, None, {"P-CAP-1": 4})
    with store.session() as session:
        (run,) = assessments(session=session, client_id=client_id, item_sets={})
    assert run.set_found is False
    assert run.ratings["P-CAP-1"] == (4, "")
    assert run.scores.overall is None


# --- the dashboard's fast path ---------------------------------------------------------------


def test_latest_trust_is_the_newest_assessment_per_client(store, three_cs, frozen_clock):
    first = _client(store, "First")
    second = _client(store, "Second")
    _client(store, "Never assessed")
    now = frozen_clock
    _save(store, first, three_cs, now - timedelta(days=1), {"P-CAP-1": 5})
    _save(store, first, three_cs, now - timedelta(days=50), {"P-CAP-1": 1})
    _save(store, second, three_cs, now - timedelta(days=3), {"P-CAP-1": 2, "C-COM-1": 3})
    assert latest_trust(store, {DEFAULT_SET: three_cs}) == {
        first: (5.0, HIGH),
        second: (2.5, MODERATE),
    }
    assert latest_trust(store, {}) == {}


def test_latest_trust_loads_no_orm(store, three_cs):
    client_id = _client(store)
    _save(store, client_id, three_cs, datetime(2026, 1, 5, tzinfo=UTC), {"P-CAP-1": 2})
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from relwork.db import Store\n"
        "from relwork.services.trust import latest_trust, load_item_sets\n"
        f"found = latest_trust(Store(Path({str(store.path)!r})), load_item_sets()[0])\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'textual') if m in sys.modules]\n"
        "print(json.dumps({'found': {str(k): v for k, v in found.items()}, 'heavy': heavy}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"found": {str(client_id): [2.0, LOW]}, "heavy": []}
