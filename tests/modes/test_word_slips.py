"""Slips counted word by word: within each word's allowance and the answer's budget."""

from __future__ import annotations

import pytest

from studyapp.modes.word_slips import slip_edits, word_allowance


@pytest.mark.parametrize(
    ("word", "slips"),
    [("sgd", 0), ("adam", 1), ("momentum", 1), ("decoupled", 1), ("regularization", 2)],
)
def test_each_word_has_its_own_allowance(word: str, slips: int) -> None:
    assert word_allowance(word) == slips


@pytest.mark.parametrize(
    ("typed", "accepted", "budget", "edits"),
    [
        ("momentum", "momentum", 0, 0),
        ("momentun", "momentum", 2, 1),
        ("momentun", "momentum", 0, None),  # over the answer's budget
        ("learningrate decay", "learning rate decay", 2, 1),  # two words typed as one
        ("drop out", "dropout", 2, 1),  # one typed as two
        ("multiply by k", "multiply it by k", 3, 3),  # "it" left out: its length plus one
        ("multiply by k", "multiply it by k", 2, None),
        ("it does converge", "it does not converge", 9, None),  # a negation is never left out
        ("outside the step", "inside the step", 9, None),  # beyond the word's own allowance
        ("regularisaton", "regularization", 3, 2),
    ],
)
def test_slip_edits(typed: str, accepted: str, budget: int, edits: int | None) -> None:
    assert slip_edits(typed, accepted, budget) == edits
