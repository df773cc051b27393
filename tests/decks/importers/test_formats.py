"""An export's format is told from its beginning, so a long one is told as fast as a short one."""

from __future__ import annotations

from studyapp.decks.importers.formats import SAMPLE_CHARACTERS, detect_format, sample


def test_a_short_text_is_its_own_sample() -> None:
    assert sample("Q\tA\n") == "Q\tA\n"


def test_a_long_text_is_sampled_to_a_whole_line() -> None:
    text = "".join(f"What is term {n}?\tIts definition {n}\n" for n in range(20_000))
    beginning = sample(text)
    assert len(beginning) <= SAMPLE_CHARACTERS
    assert text.startswith(beginning)
    assert text[len(beginning)] == "\n"
    assert detect_format(text, "long.txt").name == "quizlet"


def test_a_long_line_without_an_end_is_cut_at_the_limit() -> None:
    assert sample("x" * (SAMPLE_CHARACTERS + 10)) == "x" * SAMPLE_CHARACTERS
