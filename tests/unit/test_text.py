"""User text: terminal control characters are stripped, markup-like text is kept."""

from __future__ import annotations

import pytest

from relwork.text import clean, clean_line, first_line


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),  # ESC gone: nothing left for a terminal to act on
        ("\x1b]0;pwned\x07title", "]0;pwnedtitle"),  # OSC window-title trick, BEL removed
        ("bell\x07 and backspace\x08", "bell and backspace"),
        ("nul\x00byte", "nulbyte"),
        ("del\x7fete", "delete"),
        ("csi\x9b31m c1", "csi31m c1"),  # the one-byte C1 CSI
        ("nel\x85 c1", "nel c1"),
        ("form\x0cfeed\x0bvt", "formfeedvt"),
    ],
)
def test_clean_strips_terminal_control_characters(raw: str, expected: str) -> None:
    assert clean(raw) == expected


def test_clean_keeps_tabs_newlines_and_markup_literally() -> None:
    text = "[bold]P1[/] {site}\n\tindented [link=https://x.example]here[/link]"
    assert clean(text) == text


def test_clean_normalises_line_endings() -> None:
    assert clean("one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


def test_clean_keeps_non_ascii_text() -> None:
    assert clean("Zürich – café ✓ 東京") == "Zürich – café ✓ 東京"


def test_clean_line_makes_one_trimmed_line() -> None:
    assert clean_line("  Acme\tLtd\r\nUK\x1b[0m  ") == "Acme Ltd UK[0m"
    assert clean_line("\n\n") == ""


def test_clean_line_keeps_markup_literally() -> None:
    assert clean_line("[bold]Acme[/bold]") == "[bold]Acme[/bold]"


def test_first_line_skips_blank_lines_and_trims() -> None:
    assert first_line("\n   \n  Weekly ops call.  \nsecond") == "Weekly ops call."
    assert first_line("") == ""
    assert first_line("  \n \n") == ""


def test_first_line_cuts_long_lines_with_an_ellipsis() -> None:
    cut = first_line("x" * 100, width=10)
    assert cut == "x" * 9 + "…"
    assert len(cut) == 10
    assert first_line("y" * 10, width=10) == "y" * 10
