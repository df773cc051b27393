"""A card's marks in words."""

from __future__ import annotations

from studyapp.rendering.marks import FLAG_NAMES, marks_text


def test_star_and_flag() -> None:
    assert marks_text(starred=False, flag=0) == ""
    assert marks_text(starred=True, flag=0) == "*"
    assert marks_text(starred=False, flag=6) == "turquoise"
    assert marks_text(starred=True, flag=1, star="★") == "★ red"


def test_anki_colours_and_an_unknown_flag() -> None:
    assert FLAG_NAMES[1:] == ("red", "orange", "green", "blue", "pink", "turquoise", "purple")
    assert marks_text(starred=False, flag=9) == "flag 9"
