"""The guessability figure: each trick scored on the app's own builder, deterministically."""

from __future__ import annotations

from pathlib import Path

from studyapp.lint.guessability import (
    longest_option_credit,
    measure_guessability,
    most_shared_credit,
    unqualified_option_credit,
)
from studyapp.lint.sources import read_decks
from studyapp.modes.questions import MultipleChoice
from tests.lint.decks import card, deck


def choice(options: tuple[str, ...], answer: int) -> MultipleChoice:
    return MultipleChoice(1, "Q?", options, answer)


def test_the_longest_option_trick_splits_a_tie() -> None:
    assert longest_option_credit(choice(("long answer", "short", "tiny"), 0)) == 1.0
    assert longest_option_credit(choice(("long answer", "short", "tiny"), 1)) == 0.0
    assert longest_option_credit(choice(("aaaa", "bbbb", "cc"), 0)) == 0.5


def test_the_absolute_word_trick_picks_among_the_unqualified() -> None:
    assert unqualified_option_credit(choice(("It slows", "It always stops", "Never"), 0)) == 1.0
    assert unqualified_option_credit(choice(("It slows", "It stops", "Never"), 0)) == 0.5
    everything_absolute = ("Only this", "Always that", "Never these", "All those")
    assert unqualified_option_credit(choice(everything_absolute, 2)) == 0.25


TELLING = deck(
    "telling",
    card(
        "Momentum?",
        short="An exponentially decaying average of past gradients",
        distractors=("Always the largest step", "Never any gradient", "Only the last batch"),
    ),
    card(
        "RMSProp?",
        short="Root mean square",
        distractors=("Momentum buffer", "Gradient clipping", "Weight decay"),
    ),
)


def test_figures_on_a_tiny_deck_are_exact_and_repeatable(tmp_path: Path) -> None:
    (tmp_path / "telling.md").write_text(TELLING, encoding="utf-8")
    cards = read_decks([tmp_path]).cards
    figures = measure_guessability(cards, seeds=20)
    assert (figures.seeds, figures.cards, figures.questions) == (20, 2, 40)
    assert figures.chance == 0.25
    # momentum: the longest and the only unqualified option, every time; RMSProp: never the
    # longest ("Gradient clipping" is), and one of four unqualified options
    assert figures.longest == 0.5
    assert figures.unqualified == (1.0 + 0.25) / 2
    assert measure_guessability(cards, seeds=20) == figures


def test_no_card_fit_for_multiple_choice_gives_no_questions(tmp_path: Path) -> None:
    unaskable = card("Explain it.", "One paragraph.\n\nAnd another.", short=None, distractors=())
    (tmp_path / "d.md").write_text(deck("d", unaskable), encoding="utf-8")
    figures = measure_guessability(read_decks([tmp_path]).cards, seeds=3)
    assert (figures.cards, figures.questions, figures.longest, figures.chance) == (0, 0, 0.0, 0.0)


def test_the_most_like_the_others_trick_picks_the_option_sharing_most_words() -> None:
    # each distractor changes one part of the right answer: the right one shares the most
    variations = (
        "batch mean, then learned scale",
        "batch mean, then fixed scale",
        "running mean, then learned scale",
        "batch max, then learned scale",
    )
    assert most_shared_credit(choice(variations, 0)) == 1.0
    assert most_shared_credit(choice(variations, 1)) == 0.0
    assert most_shared_credit(choice(("alpha", "beta", "gamma"), 0)) == 1 / 3  # a tie
