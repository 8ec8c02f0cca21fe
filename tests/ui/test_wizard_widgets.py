"""The small pieces behind the wizard screens: parsing a row of a repeated group, the
short grid labels, the progress bar and the score scale words."""

from __future__ import annotations

import pytest

from relwork.screens.wizard import progress_bar
from relwork.services.validation import InvalidInput
from relwork.widgets.answer_input import parse_row, row_form_fields, row_form_values, score_words
from relwork.widgets.maturity_grid import GridColours, cell_style, grid_legend, short_label
from relwork.wizards import Choice, GroupField, Question

FIELDS = (
    GroupField("task", "Task", "text", required=True),
    GroupField("due", "Due", "date"),
    GroupField("who", "Who", "person"),
    GroupField(
        "side",
        "Side",
        "choice",
        choices=(Choice("us", "Us"), Choice("them", "Them")),
    ),
    GroupField("tags", "Tags", "multi", choices=(Choice("a", "A"), Choice("b", "B"))),
)


def test_a_row_is_parsed_into_the_stored_formats():
    row = parse_row(
        FIELDS,
        {"task": "  Train\tthe pickers ", "due": "2026-12-05", "who": "7", "side": "them",
         "tags": ["b"]},
    )  # fmt: skip
    assert row == {
        "task": "Train the pickers",
        "due": "2026-12-05",
        "who": 7,
        "side": "them",
        "tags": ["b"],
    }


def test_a_row_with_problems_names_each_field():
    with pytest.raises(InvalidInput) as caught:
        parse_row(FIELDS, {"task": " ", "due": "5 Dec", "who": None, "side": None, "tags": []})
    assert caught.value.errors == {"task": "Task is required.", "due": "A date like 2026-12-05."}


def test_row_form_fields_follow_the_field_types():
    fields = row_form_fields(FIELDS, [(7, "Kim Lodge (CIO)")])
    kinds = {f.name: (f.kind, f.required) for f in fields}
    assert kinds == {
        "task": ("text", True),
        "due": ("text", False),
        "who": ("select", False),
        "side": ("select", False),
        "tags": ("multi", False),
    }
    assert fields[2].options == [("Kim Lodge (CIO)", "7")]
    assert row_form_values(FIELDS, {"who": 7, "task": "x"})["who"] == "7"


def test_short_labels_use_initials_per_part():
    assert short_label("Organizations & people") == "O&P"
    assert short_label("Value streams & processes") == "VS&P"
    assert short_label("Information and technology") == "I&T"
    assert short_label("Customer experience design") == "CED"
    assert short_label("Very long label with many words in it") == "Very"


def test_grid_colours_and_legend():
    colours = GridColours(weak="red", partial="yellow", strong="green")
    assert [cell_style(s, colours) for s in (None, 1, 2, 3, 4, 5)] == [
        "dim", "bold red", "bold red", "bold yellow", "bold green", "bold green",
    ]  # fmt: skip
    rows = (Choice("op", "Organizations & people"), Choice("it", "Information & technology"))
    legend = grid_legend(rows, rows, colours).plain
    assert "O&P Organizations & people · I&T Information & technology" in legend
    assert legend.count("O&P") == 1


def test_progress_bar_and_score_words():
    assert progress_bar(1, 4, width=8) == "━━╌╌╌╌╌╌"
    assert progress_bar(0, 0, width=3) == "╌╌╌"
    plain = Question("q", "How strong?", "score")
    assert score_words(plain)[1] == "absent"
    assert score_words(Question("q", "How much resistance?", "score", inverse=True))[5] == (
        "very high"
    )
    assert score_words(Question("q", "Out of ten?", "score", min=0, max=10)) == {}
