"""The character diff of a typed answer against the expected one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from studyapp.modes.answer_diff import AnswerDiff, DiffPart, answer_diff


def test_a_typo_marks_the_wrong_and_the_missing_character() -> None:
    assert answer_diff("momentom", "Momentum") == AnswerDiff(
        typed=(DiffPart("moment", "right"), DiffPart("o", "wrong"), DiffPart("m", "right")),
        expected=(DiffPart("Moment", "right"), DiffPart("u", "missing"), DiffPart("m", "right")),
    )


def test_extra_and_left_out_words() -> None:
    assert answer_diff("the adam optimizer", "Adam") == AnswerDiff(
        typed=(
            DiffPart("the ", "wrong"),
            DiffPart("adam", "right"),
            DiffPart(" optimizer", "wrong"),
        ),
        expected=(DiffPart("Adam", "right"),),
    )
    assert answer_diff("SGD", "SGD with momentum") == AnswerDiff(
        typed=(DiffPart("SGD", "right"),),
        expected=(DiffPart("SGD", "right"), DiffPart(" with momentum", "missing")),
    )


def test_nothing_typed_is_all_missing_and_space_runs_are_one() -> None:
    assert answer_diff("  ", "Adam") == AnswerDiff((), (DiffPart("Adam", "missing"),))
    assert answer_diff(" learning   rate ", "learning rate") == AnswerDiff(
        (DiffPart("learning rate", "right"),), (DiffPart("learning rate", "right"),)
    )


@given(typed=st.text(max_size=30), expected=st.text(max_size=30))
def test_each_line_gives_back_its_text_with_the_right_kinds(typed: str, expected: str) -> None:
    diff = answer_diff(typed, expected)
    assert "".join(part.text for part in diff.typed) == " ".join(typed.split())
    assert "".join(part.text for part in diff.expected) == " ".join(expected.split())
    assert {part.kind for part in diff.typed} <= {"right", "wrong"}
    assert {part.kind for part in diff.expected} <= {"right", "missing"}
    right_typed = "".join(p.text for p in diff.typed if p.kind == "right")
    right_expected = "".join(p.text for p in diff.expected if p.kind == "right")
    assert right_typed.casefold() == right_expected.casefold()
