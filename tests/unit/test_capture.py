"""Action items, owners and due dates recognised in note text (relwork.capture)."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from datetime import date, timedelta

import pytest

from relwork import clock
from relwork.capture import ParsedAction, find_actions, mentions, parse_due

FRIDAY = date(2026, 11, 20)  # the frozen test day


@pytest.fixture
def today() -> date:
    return clock.today()


def test_the_frozen_test_day_is_a_friday(today: date) -> None:
    assert today == FRIDAY
    assert today.weekday() == 4


# --- parse_due ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-05", date(2026, 12, 5)),
        ("2027-01-01", date(2027, 1, 1)),
        ("2026-11-01", date(2026, 11, 1)),  # in the past: allowed
        ("  2026-12-05  ", date(2026, 12, 5)),
        ("today", FRIDAY),
        ("TODAY", FRIDAY),
        ("tomorrow", date(2026, 11, 21)),
        ("Tomorrow", date(2026, 11, 21)),
        # weekdays: the next such day strictly after Friday 2026-11-20
        ("saturday", date(2026, 11, 21)),
        ("sunday", date(2026, 11, 22)),
        ("monday", date(2026, 11, 23)),
        ("tuesday", date(2026, 11, 24)),
        ("wednesday", date(2026, 11, 25)),
        ("thursday", date(2026, 11, 26)),
        ("friday", date(2026, 11, 27)),  # a week on, not today
        ("sat", date(2026, 11, 21)),
        ("sun", date(2026, 11, 22)),
        ("mon", date(2026, 11, 23)),
        ("tue", date(2026, 11, 24)),
        ("wed", date(2026, 11, 25)),
        ("thu", date(2026, 11, 26)),
        ("fri", date(2026, 11, 27)),
        ("FRI", date(2026, 11, 27)),
        ("Friday", date(2026, 11, 27)),
        ("MoNdAy", date(2026, 11, 23)),
        # relative
        ("+0d", FRIDAY),
        ("+1d", date(2026, 11, 21)),
        ("+3d", date(2026, 11, 23)),
        ("+12d", date(2026, 12, 2)),
        ("+1w", date(2026, 11, 27)),
        ("+2w", date(2026, 12, 4)),
        ("+1m", date(2026, 12, 20)),
        ("+2m", date(2027, 1, 20)),
        ("+14m", date(2028, 1, 20)),
        ("+3D", date(2026, 11, 23)),
        ("+2W", date(2026, 12, 4)),
        # end of the week: today, because today is a Friday
        ("eow", FRIDAY),
        ("EOW", FRIDAY),
    ],
)
def test_parse_due_reads_every_form_relative_to_the_frozen_friday(
    today: date, value: str, expected: date
) -> None:
    assert parse_due(value, today) == expected


@pytest.mark.parametrize(
    ("start", "value", "expected"),
    [
        (date(2026, 1, 31), "+1m", date(2026, 2, 28)),
        (date(2028, 1, 31), "+1m", date(2028, 2, 29)),  # leap year
        (date(2026, 1, 29), "+1m", date(2026, 2, 28)),
        (date(2026, 3, 31), "+1m", date(2026, 4, 30)),
        (date(2026, 8, 31), "+1m", date(2026, 9, 30)),
        (date(2026, 12, 31), "+2m", date(2027, 2, 28)),
        (date(2026, 10, 31), "+1m", date(2026, 11, 30)),
        (date(2026, 10, 31), "+2m", date(2026, 12, 31)),  # clamps only when it has to
        (date(2026, 5, 31), "+12m", date(2027, 5, 31)),
        (date(2026, 12, 15), "+1m", date(2027, 1, 15)),  # year rolls over
        (date(2026, 2, 28), "+1m", date(2026, 3, 28)),  # keeps the day, not "last day"
    ],
)
def test_months_keep_the_day_and_clamp_to_the_last_day(
    start: date, value: str, expected: date
) -> None:
    assert parse_due(value, start) == expected


@pytest.mark.parametrize("offset", range(7))
@pytest.mark.parametrize(
    "name", ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)
def test_a_weekday_is_always_the_next_one_strictly_after_today(offset: int, name: str) -> None:
    start = date(2026, 11, 16) + timedelta(days=offset)  # Monday .. Sunday
    for spelling in (name, name[:3]):
        due = parse_due(spelling, start)
        assert start < due <= start + timedelta(days=7)
        assert due.strftime("%A").casefold() == name


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 11, 16), date(2026, 11, 20)),  # Monday -> this Friday
        (date(2026, 11, 19), date(2026, 11, 20)),  # Thursday -> tomorrow
        (date(2026, 11, 20), date(2026, 11, 20)),  # Friday -> today
        (date(2026, 11, 21), date(2026, 11, 27)),  # Saturday -> next Friday
        (date(2026, 11, 22), date(2026, 11, 27)),  # Sunday -> next Friday
    ],
)
def test_eow_is_the_coming_friday_or_today_on_a_friday(start: date, expected: date) -> None:
    assert parse_due("eow", start) == expected


@pytest.mark.parametrize(
    "value",
    [
        "someday",
        "next week",
        "2026-13-40",
        "2026-02-30",
        "2026-12-5",
        "12/05/2026",
        "20261205",
        "2026-W49-1",
        "+3y",
        "+d",
        "-3d",
        "3d",
        "fr",
        "fridays",
        "thur",
        "",
        "   ",
    ],
)
def test_parse_due_rejects_what_it_cannot_read(today: date, value: str) -> None:
    with pytest.raises(ValueError):
        parse_due(value, today)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "someday",
            "'someday' is not a date: use YYYY-MM-DD, a weekday, today, tomorrow or +3d",
        ),
        ("+3y", "'+3y' is not a date: use YYYY-MM-DD, a weekday, today, tomorrow or +3d"),
        ("2026-13-40", "'2026-13-40' is not a calendar date: check the month and the day"),
        ("2026-02-30", "'2026-02-30' is not a calendar date: check the month and the day"),
        ("+99999999d", "'+99999999d' is too far ahead: pick a nearer date"),
        ("+999999m", "'+999999m' is too far ahead: pick a nearer date"),
        ("", "due: needs a date: use YYYY-MM-DD"),
    ],
)
def test_parse_due_messages_tell_the_user_what_to_fix(
    today: date, value: str, message: str
) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("+", r"\+")):
        parse_due(value, today)


# --- find_actions: which lines are actions -----------------------------------------------


def test_the_example_line_gives_text_owner_and_due(today: date) -> None:
    actions = find_actions("- [ ] send revised SLA @Dana due:2026-12-05", today)
    assert actions == [
        ParsedAction(text="send revised SLA", owner="Dana", due=date(2026, 12, 5), line_number=1)
    ]
    assert actions[0].problem == ""


@pytest.mark.parametrize(
    "line",
    [
        "- [ ] call back",
        "* [ ] call back",
        "+ [ ] call back",
        "[ ] call back",
        "    - [ ] call back",
        "  * [ ] call back",
        "\t[ ] call back",
        "-   [ ]   call back  ",
    ],
)
def test_open_checkbox_forms_are_actions(today: date, line: str) -> None:
    assert find_actions(line, today) == [
        ParsedAction(text="call back", owner="", due=None, line_number=1)
    ]


@pytest.mark.parametrize(
    "line",
    [
        "- [x] call back",
        "- [X] call back",
        "* [x] call back",
        "[x] call back",
        "  - [X] call back @Dana due:fri",
        "- [] call back",
        "- [  ] call back",
        "-[ ] call back",
        "- [ ]call back",
        "1. [ ] call back",
        "notes - [ ] call back",
        "call back",
        "- call back",
        "",
    ],
)
def test_ticked_and_other_lines_are_not_actions(today: date, line: str) -> None:
    assert find_actions(line, today) == []


@pytest.mark.parametrize(
    "line",
    [
        "- [ ]",
        "- [ ]    ",
        "[ ]",
        "- [ ] @Dana",
        "- [ ] due:fri",
        "- [ ] @Dana due:fri",
        '- [ ] @"Dana Whitfield" due:2026-12-05',
        "- [ ] @Dana.",
        "- [ ] due:fri.",
    ],
)
def test_an_action_with_nothing_left_is_skipped(today: date, line: str) -> None:
    assert find_actions(line, today) == []


def test_line_numbers_count_every_line_of_the_note(today: date) -> None:
    note = (
        "Call with Acme\n"
        "\n"
        "- [x] sent the agenda\n"
        "- [ ] send revised SLA @Dana due:fri\n"
        "They asked about the DR test.\n"
        "  * [ ] book the DR rehearsal due:+2w\n"
        "- [ ]\n"
        "[ ] thank @Lee\n"
    )
    actions = find_actions(note, today)
    assert [(a.line_number, a.text, a.owner, a.due) for a in actions] == [
        (4, "send revised SLA", "Dana", date(2026, 11, 27)),
        (6, "book the DR rehearsal", "", date(2026, 12, 4)),
        (8, "thank", "Lee", None),
    ]


def test_windows_line_endings_give_the_same_line_numbers(today: date) -> None:
    note = "intro\r\n- [ ] first\r\nmiddle\r\n- [ ] second @Dana\r\n"
    actions = find_actions(note, today)
    assert [(a.line_number, a.text, a.owner) for a in actions] == [
        (2, "first", ""),
        (4, "second", "Dana"),
    ]


# --- find_actions: owner and due ---------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "- [ ] @Dana send revised SLA due:2026-12-05",
        "- [ ] send @Dana revised SLA due:2026-12-05",
        "- [ ] send revised SLA @Dana due:2026-12-05",
        "- [ ] send revised SLA due:2026-12-05 @Dana",
        "- [ ] due:2026-12-05 send revised SLA @Dana",
        "- [ ] due:2026-12-05 @Dana send revised SLA",
        "- [ ] send  revised\tSLA   @Dana   due:2026-12-05   ",
    ],
)
def test_owner_and_due_may_sit_anywhere_and_are_taken_out(today: date, line: str) -> None:
    assert find_actions(line, today) == [
        ParsedAction(text="send revised SLA", owner="Dana", due=date(2026, 12, 5), line_number=1)
    ]


@pytest.mark.parametrize(
    ("due_token", "expected"),
    [
        ("due:2026-12-05", date(2026, 12, 5)),
        ("due:today", date(2026, 11, 20)),
        ("due:tomorrow", date(2026, 11, 21)),
        ("due:friday", date(2026, 11, 27)),
        ("due:fri", date(2026, 11, 27)),
        ("due:mon", date(2026, 11, 23)),
        ("due:Thursday", date(2026, 11, 26)),
        ("due:+3d", date(2026, 11, 23)),
        ("due:+2w", date(2026, 12, 4)),
        ("due:+1m", date(2026, 12, 20)),
        ("due:eow", date(2026, 11, 20)),
        ("DUE:fri", date(2026, 11, 27)),
        ("Due:+1d", date(2026, 11, 21)),
    ],
)
def test_every_due_form_works_inside_a_line(today: date, due_token: str, expected: date) -> None:
    (action,) = find_actions(f"- [ ] renew the contract {due_token}", today)
    assert action.text == "renew the contract"
    assert action.due == expected
    assert action.problem == ""


@pytest.mark.parametrize(
    ("line", "text", "due"),
    [
        ("- [ ] call due:fri, then email", "call, then email", date(2026, 11, 27)),
        ("- [ ] call by due:2026-12-05.", "call by.", date(2026, 12, 5)),
        ("- [ ] call due:tomorrow; chase", "call; chase", date(2026, 11, 21)),
    ],
)
def test_punctuation_after_a_due_date_is_kept_in_the_text(
    today: date, line: str, text: str, due: date
) -> None:
    (action,) = find_actions(line, today)
    assert (action.text, action.due, action.problem) == (text, due, "")


@pytest.mark.parametrize(
    ("line", "owner", "text"),
    [
        ('- [ ] send SLA @"Dana Whitfield"', "Dana Whitfield", "send SLA"),
        ('- [ ] @"Dana   Whitfield" send SLA', "Dana Whitfield", "send SLA"),
        ('- [ ] send @" Dana Whitfield " the SLA', "Dana Whitfield", "send the SLA"),
        ('- [ ] send SLA @"Zoë Müller-Lüdenscheidt"', "Zoë Müller-Lüdenscheidt", "send SLA"),
        ("- [ ] send SLA @Zoë", "Zoë", "send SLA"),
        ("- [ ] send SLA @José", "José", "send SLA"),
        ("- [ ] send SLA @José-María", "José-María", "send SLA"),
        ("- [ ] send SLA @Øyvind", "Øyvind", "send SLA"),
        ("- [ ] send SLA @李雷", "李雷", "send SLA"),
        ("- [ ] send SLA @Дмитрий", "Дмитрий", "send SLA"),
        ("- [ ] send SLA @अनिल", "अनिल", "send SLA"),  # vowel sign is a combining mark
        ("- [ ] send SLA @O'Brien", "O'Brien", "send SLA"),
        ("- [ ] send SLA @O’Brien", "O’Brien", "send SLA"),
        ("- [ ] send SLA @j.smith", "j.smith", "send SLA"),
        ("- [ ] send SLA @dev_ops", "dev_ops", "send SLA"),
        ("- [ ] send SLA @team2", "team2", "send SLA"),
        ("- [ ] send SLA @Anne-Marie", "Anne-Marie", "send SLA"),
        ("- [ ] ask @Dana.", "Dana", "ask."),
        ("- [ ] ask @Dana, then chase", "Dana", "ask, then chase"),
        ("- [ ] ask @Dana's team", "Dana's", "ask team"),
        ("- [ ] ask (@Dana) today", "Dana", "ask () today"),
    ],
)
def test_owner_names(today: date, line: str, owner: str, text: str) -> None:
    (action,) = find_actions(line, today)
    assert (action.owner, action.text) == (owner, text)


def test_a_decomposed_owner_name_comes_back_composed(today: date) -> None:
    decomposed = unicodedata.normalize("NFD", "- [ ] send SLA @Zoë")
    assert "Zoë" not in decomposed
    (action,) = find_actions(decomposed, today)
    assert action.owner == "Zoë"


def test_only_the_first_mention_is_the_owner(today: date) -> None:
    (action,) = find_actions("- [ ] @Dana to ask @Lee about the SLA", today)
    assert action.owner == "Dana"
    assert action.text == "to ask @Lee about the SLA"


@pytest.mark.parametrize(
    "line",
    [
        "- [ ] write to dana@example.com",
        "- [ ] ask about @ signs",
        '- [ ] an empty @"" owner',
        "- [ ] not a name @.hidden",
        "- [ ] twice @@Dana",
    ],
)
def test_things_that_are_not_owners(today: date, line: str) -> None:
    (action,) = find_actions(line, today)
    assert action.owner == ""
    assert action.text == line.removeprefix("- [ ] ")


# --- find_actions: problems --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "text", "problem"),
    [
        (
            "- [ ] send SLA @Dana due:someday",
            "send SLA due:someday",
            "'someday' is not a date: use YYYY-MM-DD, a weekday, today, tomorrow or +3d",
        ),
        (
            "- [ ] send SLA due:2026-13-40 @Dana",
            "send SLA due:2026-13-40",
            "'2026-13-40' is not a calendar date: check the month and the day (YYYY-MM-DD)",
        ),
        (
            "- [ ] due:next-week send SLA @Dana",
            "due:next-week send SLA",
            "'next-week' is not a date: use YYYY-MM-DD, a weekday, today, tomorrow or +3d",
        ),
        (
            "- [ ] send SLA @Dana due:",
            "send SLA due:",
            "due: needs a date: use YYYY-MM-DD, a weekday, today, tomorrow or +3d",
        ),
        (
            "- [ ] send SLA @Dana due:fri due:mon",
            "send SLA due:fri due:mon",
            "more than one due date (due:fri, due:mon): keep one",
        ),
    ],
)
def test_an_unreadable_due_date_stays_in_the_text_with_a_problem(
    today: date, line: str, text: str, problem: str
) -> None:
    (action,) = find_actions(line, today)
    assert action == ParsedAction(text=text, owner="Dana", due=None, line_number=1, problem=problem)


def test_a_bad_due_value_alone_is_still_reported(today: date) -> None:
    (action,) = find_actions("- [ ] due:someday", today)
    assert action.text == "due:someday"
    assert action.problem.startswith("'someday' is not a date")


def test_a_mention_inside_a_due_token_is_a_bad_date_not_an_owner(today: date) -> None:
    (action,) = find_actions("- [ ] chase due:@Dana", today)
    assert action.owner == ""
    assert action.text == "chase due:@Dana"
    assert action.problem.startswith("'@Dana' is not a date")
    assert mentions("- [ ] chase due:@Dana") == []


def test_parsed_actions_are_frozen(today: date) -> None:
    (action,) = find_actions("- [ ] call back", today)
    with pytest.raises(AttributeError):
        action.text = "changed"  # type: ignore[misc]


# --- mentions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("no one here", []),
        ("@Dana", ["Dana"]),
        ("met @Lee and @Dana, then @Lee again", ["Lee", "Dana"]),
        ("@dana first, then @Dana and @DANA", ["dana"]),  # case-insensitive, first spelling
        ('@"Dana Whitfield" and @Dana', ["Dana Whitfield", "Dana"]),
        ('@"Dana  Whitfield" and @"dana whitfield"', ["Dana Whitfield"]),
        ("@Zoë, @José and @李雷.", ["Zoë", "José", "李雷"]),
        ("write to dana@example.com or @Sam", ["Sam"]),
        ('@"" @ @. @-x', []),
        ("ask @O'Brien's team", ["O'Brien's"]),
        ("ends with @Dana.", ["Dana"]),
        (
            "Intro with @Priya\n- [x] done by @Lee\n- [ ] next by @Sam due:fri\nthanks @Priya",
            ["Priya", "Lee", "Sam"],
        ),
    ],
)
def test_mentions_are_in_order_and_unique(text: str, expected: list[str]) -> None:
    assert mentions(text) == expected


def test_mentions_treat_composed_and_decomposed_names_as_one() -> None:
    text = "@Zoë and " + unicodedata.normalize("NFD", "@Zoë")
    assert mentions(text) == ["Zoë"]


# --- no heavy imports --------------------------------------------------------------------


def test_capture_imports_only_the_standard_library() -> None:
    heavy = ["textual", "sqlalchemy", "sqlmodel", "pydantic"]
    code = (
        "import json, sys\n"
        "import relwork.capture\n"
        f"print(json.dumps({{name: name in sys.modules for name in {heavy!r}}}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == dict.fromkeys(heavy, False)
