"""Picking a client or person from what the user typed (relwork.matching)."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

import pytest

from relwork.matching import FUZZY_MARGIN, Candidate, MatchResult, match_name, rank_names

CLIENTS = [
    "Acme Hosting",
    "Acme Logistics",
    "Alpha Group",
    "Blue Harbor",
    "Bob Smith",
    "Nordwind GmbH",
    "Smith-Jones Ltd",
    "Zoë Adams",
    "ÄRZTE Verbund",
]


def _items(*names: str) -> list[tuple[str, int]]:
    return [(name, index) for index, name in enumerate(names)]


def _names(candidates: list[Candidate[int]]) -> list[str]:
    return [candidate.name for candidate in candidates]


def _chosen(query: str, names: list[str] | tuple[str, ...] = tuple(CLIENTS)) -> str | None:
    result = match_name(query, _items(*names))
    return result.chosen.name if result.chosen else None


# --- exact -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "Acme Hosting",
        "acme hosting",
        "ACME HOSTING",
        "  acme hosting  ",
        "acme   hosting",
        "aCmE hOsTiNg",
    ],
)
def test_exact_match_ignores_case_and_surrounding_spaces(query: str) -> None:
    result = match_name(query, _items(*CLIENTS))
    assert result.chosen == Candidate("Acme Hosting", 0, 3.0)
    assert result.candidates == [result.chosen]
    assert not result.ambiguous
    assert not result.unknown


def test_exact_match_wins_over_longer_names_it_prefixes() -> None:
    result = match_name("acme", _items("Acme Hosting", "Acme", "Acme Logistics"))
    assert result.chosen is not None
    assert (result.chosen.name, result.chosen.item) == ("Acme", 1)
    assert _names(result.candidates) == ["Acme"]


def test_two_items_with_the_same_name_are_ambiguous() -> None:
    result = match_name("acme", _items("Acme", "Acme Hosting", "ACME"))
    assert result.chosen is None
    assert result.ambiguous
    assert [(c.name, c.item) for c in result.candidates] == [("Acme", 0), ("ACME", 2)]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("ärzte verbund", "ÄRZTE Verbund"),
        ("ÄRZTE", "ärzte"),
        ("STRASSE", "Straße"),  # casefold, not lower
        ("ΟΔΟΣ", "οδος"),  # final sigma
        (unicodedata.normalize("NFD", "zoë adams"), "Zoë Adams"),
        ("Zoë Adams", unicodedata.normalize("NFD", "Zoë Adams")),
    ],
)
def test_exact_match_casefolds_and_normalises_unicode(query: str, name: str) -> None:
    result = match_name(query, _items("Someone Else", name))
    assert result.chosen is not None
    assert result.chosen.name == name
    assert result.chosen.score == 3.0


@pytest.mark.parametrize("query", ["zoe", "zoe adams", "arzte"])
def test_accents_are_not_folded(query: str) -> None:
    result = match_name(query, _items("Zoë Adams", "ÄRZTE Verbund"))
    assert result.unknown
    assert result.chosen is None


# --- prefix ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("acme h", "Acme Hosting"),
        ("acme l", "Acme Logistics"),
        ("ACME LOG", "Acme Logistics"),
        ("nord", "Nordwind GmbH"),
        ("alp", "Alpha Group"),
        ("ärz", "ÄRZTE Verbund"),
        ("ÄRZ", "ÄRZTE Verbund"),
        ("zoë", "Zoë Adams"),
        ("  blue  ", "Blue Harbor"),
    ],
)
def test_a_unique_prefix_of_the_whole_name_is_chosen(query: str, expected: str) -> None:
    assert _chosen(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("host", "Acme Hosting"),
        ("HOSTING", "Acme Hosting"),
        ("logi", "Acme Logistics"),
        ("gmbh", "Nordwind GmbH"),
        ("harb", "Blue Harbor"),
        ("jones", "Smith-Jones Ltd"),  # a hyphen starts a word too
        ("jones l", "Smith-Jones Ltd"),  # the prefix may run on over later words
        ("ltd", "Smith-Jones Ltd"),
        ("verb", "ÄRZTE Verbund"),
        ("adams", "Zoë Adams"),
    ],
)
def test_a_unique_word_prefix_is_chosen(query: str, expected: str) -> None:
    assert _chosen(query) == expected


def test_a_word_prefix_must_start_at_a_word() -> None:
    # "sting" is inside "Hosting" but starts no word: not a prefix match, only fuzzy.
    result = match_name("sting", _items("Acme Hosting"))
    assert result.chosen is not None
    assert result.chosen.score <= 1.0


def test_acme_is_ambiguous_between_two_clients() -> None:
    result = match_name("acme", _items("Acme Hosting", "Acme Logistics", "Blue Harbor"))
    assert result.chosen is None
    assert result.ambiguous
    assert not result.unknown
    assert _names(result.candidates) == ["Acme Hosting", "Acme Logistics"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("smith", ["Smith-Jones Ltd", "Bob Smith"]),  # whole-name prefix before word prefix
        ("a", ["Alpha Group", "Acme Hosting", "Acme Logistics", "Zoë Adams"]),
        ("b", ["Bob Smith", "Blue Harbor"]),  # the shorter name covers more of itself
    ],
)
def test_ambiguous_prefixes_are_listed_best_first(query: str, expected: list[str]) -> None:
    result = match_name(query, _items(*CLIENTS))
    assert result.ambiguous
    assert _names(result.candidates) == expected


def test_prefix_matches_hide_fuzzy_ones() -> None:
    result = match_name("acme", _items("Arcadia Cement", "Acme Hosting", "Acme Logistics"))
    assert _names(result.candidates) == ["Acme Hosting", "Acme Logistics"]


def test_prefix_scores_sit_in_their_band() -> None:
    whole = match_name("acme h", _items("Acme Hosting")).chosen
    word = match_name("host", _items("Acme Hosting")).chosen
    assert whole is not None and word is not None
    assert 2.5 < whole.score < 3.0
    assert 2.0 < word.score < 2.5


# --- fuzzy -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nwg", "Nordwind GmbH"),
        ("aclog", "Acme Logistics"),
        ("ac lg", "Acme Logistics"),  # spaces in the query are ignored
        ("a c l g", "Acme Logistics"),
        ("sjl", "Smith-Jones Ltd"),
        ("bhrb", "Blue Harbor"),
        ("ärzvb", "ÄRZTE Verbund"),
        ("ÄRZVB", "ÄRZTE Verbund"),
    ],
)
def test_a_single_fuzzy_match_is_chosen(query: str, expected: str) -> None:
    result = match_name(query, _items(*CLIENTS))
    assert result.chosen is not None
    assert result.chosen.name == expected
    assert 0.0 < result.chosen.score <= 1.0
    assert _names(result.candidates) == [expected]


def test_a_fuzzy_match_far_ahead_of_the_next_is_chosen() -> None:
    # "ah": both word starts in "Acme Hosting"; two scattered letters in "Bach".
    result = match_name("ah", _items("Bach", "Acme Hosting"))
    assert _names(result.candidates) == ["Acme Hosting", "Bach"]
    best, second = result.candidates
    assert best.score >= FUZZY_MARGIN * second.score
    assert result.chosen == best
    assert not result.ambiguous


@pytest.mark.parametrize(
    ("query", "names", "expected"),
    [
        ("alg", ["Acme Logistics", "Alpha Group"], ["Alpha Group", "Acme Logistics"]),
        ("bh", ["Bob Smith", "Blue Harbor"], ["Blue Harbor", "Bob Smith"]),
    ],
)
def test_close_fuzzy_matches_are_ambiguous(
    query: str, names: list[str], expected: list[str]
) -> None:
    result = match_name(query, _items(*names))
    assert result.chosen is None
    assert result.ambiguous
    assert _names(result.candidates) == expected
    best, second = result.candidates
    assert second.score < best.score < FUZZY_MARGIN * second.score


@pytest.mark.parametrize(
    ("query", "names", "expected"),
    [
        # word starts beat letters inside words, even for a longer name
        ("gs", ["Gates", "Green Seas"], ["Green Seas", "Gates"]),
        # a contiguous run beats scattered letters, even for a longer name
        ("ar", ["Banter", "Barnstormer"], ["Barnstormer", "Banter"]),
        # equal scores: the shorter name first
        ("bx", ["Boxes", "Box"], ["Box", "Boxes"]),
        # equal scores and lengths: the given order
        ("bx", ["Boxer", "Boxen"], ["Boxer", "Boxen"]),
        ("bx", ["Boxen", "Boxer"], ["Boxen", "Boxer"]),
    ],
)
def test_fuzzy_ranking(query: str, names: list[str], expected: list[str]) -> None:
    assert _names(rank_names(query, _items(*names))) == expected


def test_fuzzy_scores_reward_word_starts_and_runs() -> None:
    scores = {c.name: c.score for c in rank_names("ab", _items("Ax Bx", "xAB", "AxxB", "xAxB"))}
    assert scores["Ax Bx"] == pytest.approx(1.0)  # both at word starts: the best possible
    assert scores["Ax Bx"] > scores["xAB"] > scores["xAxB"]
    assert scores["AxxB"] > scores["xAxB"]


@pytest.mark.parametrize("query", ["xyz", "qq", "hostingx", "zoe", "gbm"])
def test_nothing_fits_means_unknown(query: str) -> None:
    result = match_name(query, _items(*CLIENTS))
    assert result.unknown
    assert not result.ambiguous
    assert result.chosen is None
    assert result.candidates == []


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_a_blank_query_matches_nothing(query: str) -> None:
    assert match_name(query, _items(*CLIENTS)).unknown


def test_no_items_means_unknown() -> None:
    assert match_name("acme", []).unknown


# --- limit -------------------------------------------------------------------------------


def test_limit_cuts_the_list_after_deciding() -> None:
    names = [f"Acme {n:02}" for n in range(15)]
    result = match_name("acme", _items(*names), limit=3)
    assert result.ambiguous
    assert len(result.candidates) == 3
    assert match_name("acme", _items(*names)).candidates.__len__() == 10  # the default


def test_a_clear_fuzzy_winner_is_chosen_even_with_limit_one() -> None:
    result = match_name("ah", _items("Bach", "Acme Hosting"), limit=1)
    assert result.chosen is not None
    assert result.chosen.name == "Acme Hosting"
    assert _names(result.candidates) == ["Acme Hosting"]


def test_limit_one_on_an_ambiguous_query_is_still_not_chosen() -> None:
    result = match_name("acme", _items("Acme Hosting", "Acme Logistics"), limit=1)
    assert result.chosen is None
    assert _names(result.candidates) == ["Acme Hosting"]


@pytest.mark.parametrize("limit", [0, -1])
def test_limit_must_be_positive(limit: int) -> None:
    with pytest.raises(ValueError, match="limit"):
        match_name("acme", _items(*CLIENTS), limit=limit)
    with pytest.raises(ValueError, match="limit"):
        rank_names("acme", _items(*CLIENTS), limit=limit)


# --- rank_names --------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "  "])
def test_rank_names_with_a_blank_query_keeps_the_given_order(query: str) -> None:
    ranked = rank_names(query, _items(*CLIENTS), limit=4)
    assert [(c.name, c.item, c.score) for c in ranked] == [
        ("Acme Hosting", 0, 0.0),
        ("Acme Logistics", 1, 0.0),
        ("Alpha Group", 2, 0.0),
        ("Blue Harbor", 3, 0.0),
    ]


def test_rank_names_puts_exact_then_prefix_then_fuzzy() -> None:
    names = ["Tiara Cook", "Big Taco Co", "Tacos Inc", "Taco"]
    ranked = rank_names("taco", _items(*names))
    # exact, whole-name prefix, word prefix, then a fuzzy t..a..c..o
    assert _names(ranked) == ["Taco", "Tacos Inc", "Big Taco Co", "Tiara Cook"]
    assert [c.item for c in ranked] == [3, 2, 1, 0]
    assert ranked[0].score == 3.0
    assert 2.5 < ranked[1].score < 3.0
    assert 2.0 < ranked[2].score < 2.5
    assert 0.0 < ranked[3].score <= 1.0


def test_rank_names_mixes_rules_that_match_name_keeps_apart() -> None:
    items = _items("Arcadia Cement", "Acme Hosting", "Acme Logistics")
    assert _names(rank_names("acme", items)) == [
        "Acme Hosting",
        "Acme Logistics",
        "Arcadia Cement",
    ]
    ranked = rank_names("acme", items)
    assert ranked[2].score <= 1.0 < ranked[1].score


def test_rank_names_respects_limit_and_keeps_the_best() -> None:
    ranked = rank_names("a", _items(*CLIENTS), limit=2)
    assert _names(ranked) == ["Alpha Group", "Acme Hosting"]


def test_match_candidates_are_the_top_of_rank_names() -> None:
    for query in ["acme", "a", "smith", "alg", "nwg", "host"]:
        ranked = rank_names(query, _items(*CLIENTS), limit=50)
        candidates = match_name(query, _items(*CLIENTS), limit=50).candidates
        assert candidates == ranked[: len(candidates)], query


def test_items_may_be_any_iterable_and_carry_any_payload() -> None:
    payloads = [{"id": 7}, {"id": 9}]
    result = match_name(
        "host", ((n, p) for n, p in zip(["Acme Hosting", "Blue Harbor"], payloads, strict=True))
    )
    assert result.chosen is not None
    assert result.chosen.item is payloads[0]
    ranked = rank_names("", iter([("One", "x"), ("Two", "y")]))
    assert [c.item for c in ranked] == ["x", "y"]


# --- MatchResult -------------------------------------------------------------------------


def test_match_result_flags() -> None:
    one = Candidate("Acme", 1, 3.0)
    two = Candidate("Acme Hosting", 2, 2.6)
    assert MatchResult(chosen=None, candidates=[]).unknown
    assert not MatchResult(chosen=None, candidates=[]).ambiguous
    assert MatchResult(chosen=None, candidates=[one, two]).ambiguous
    assert not MatchResult(chosen=one, candidates=[one, two]).ambiguous
    assert not MatchResult(chosen=None, candidates=[one]).ambiguous
    assert not MatchResult(chosen=None, candidates=[one]).unknown


def test_results_are_frozen() -> None:
    result = match_name("host", _items(*CLIENTS))
    with pytest.raises(AttributeError):
        result.chosen = None  # type: ignore[misc]
    assert result.chosen is not None
    with pytest.raises(AttributeError):
        result.chosen.score = 0.0  # type: ignore[misc]


# --- no heavy imports --------------------------------------------------------------------


def test_matching_imports_only_the_standard_library() -> None:
    heavy = ["textual", "sqlalchemy", "sqlmodel", "pydantic"]
    code = (
        "import json, sys\n"
        "import relwork.matching\n"
        f"print(json.dumps({{name: name in sys.modules for name in {heavy!r}}}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == dict.fromkeys(heavy, False)


def test_scattered_letters_are_suggested_but_never_chosen() -> None:
    clients = [("Fenmarsh Community Health Trust", 1), ("Tidewell Freight", 2)]
    scattered = match_name("acme", clients)
    assert scattered.chosen is None
    assert [c.name for c in scattered.candidates] == ["Fenmarsh Community Health Trust"]
    assert match_name("tidwel", clients).chosen is not None
