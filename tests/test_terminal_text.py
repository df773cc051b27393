"""The one sanitiser: no control character, escape sequence or bidi control gets through."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.terminal_text import TERMINAL_CONTROLS, one_line, terminal_safe

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def is_terminal_control(char: str) -> bool:
    """What the sanitiser must remove, said independently of its regular expression."""
    code = ord(char)
    c0 = code < 0x20 and char not in "\t\n"
    return c0 or 0x7F <= code <= 0x9F or char in BIDI_CONTROLS


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Deck \x1b]52;c;SGVsbG8=\x07 title", "Deck ]52;c;SGVsbG8= title"),  # clipboard write
        ("\x1b[2Jcleared", "[2Jcleared"),
        ("\x9b31mred \x9d0;title\x9c", "31mred 0;title"),  # C1: CSI, OSC, ST
        ("abc\u202edcba\u202c", "abcdcba"),  # right-to-left override
        ("\u2066isolated\u2069 \u200emark\u200f \u061cALM", "isolated mark ALM"),
        ("tab\tand\nnew line", "tab\tand\nnew line"),
        ("carriage\rreturn\x00nul\x7fdel\x85nel", "carriagereturnnuldelnel"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        (
            "plain, ünïcödé, 中文, emoji 🙂, ‘quotes’ — dash",
            "plain, ünïcödé, 中文, emoji 🙂, ‘quotes’ — dash",
        ),
    ],
)
def test_terminal_safe_removes_controls_and_keeps_text(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown


@given(st.text())
def test_the_result_never_holds_a_terminal_control(text: str) -> None:
    safe = terminal_safe(text)
    assert not any(is_terminal_control(char) for char in safe)
    assert not any(unicodedata.category(char) == "Cs" for char in safe)  # encodable
    safe.encode("utf-8")


@given(st.text().filter(lambda text: not any(map(is_terminal_control, text))))
def test_text_without_controls_is_unchanged(text: str) -> None:
    text = "".join(char for char in text if unicodedata.category(char) != "Cs")
    assert terminal_safe(text) == text


def test_the_pattern_is_exactly_the_controls() -> None:
    removed = {chr(code) for code in range(0x3000) if TERMINAL_CONTROLS.fullmatch(chr(code))}
    assert removed == {chr(code) for code in range(0x3000) if is_terminal_control(chr(code))}


def test_one_line_flattens_whitespace_after_sanitising() -> None:
    assert one_line("  What is\x1b[2J this\n\tcard?\u202e ") == "What is[2J this card?"
