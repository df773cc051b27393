"""How far test-taking tricks get a student who knows nothing, measured on the app's own
multiple-choice builder (:func:`studyapp.modes.questions.make_multiple_choice`).

For each seed, every card is asked once, in card order, with one ``random.Random(seed)`` and
every card read as the pool (what a study session over all these decks draws options from).
Three tricks are scored, each against chance (one option at random, ``1/len(options)``):

- *pick the longest option* (in characters; a tie splits the credit evenly);
- *avoid absolute words*: pick among the options without an absolute word
  (:data:`studyapp.lint.wording.ABSOLUTE_WORDS`), at random; if every option has one, among all;
- *pick the option most like the others*: the one sharing the most words with the other options
  (distractors written as variations of the right answer each change one part of it, so the
  right answer shares the most; a tie splits the credit evenly).

Deterministic: the same cards and seeds give the same figures.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from studyapp.lint.sources import LintedCard
from studyapp.lint.wording import absolute_words
from studyapp.modes.grading import normalize_answer
from studyapp.modes.questions import MultipleChoice, make_multiple_choice


@dataclass(frozen=True, slots=True)
class Guessability:
    """The share of multiple-choice questions each trick answers right (0-1), and chance's."""

    seeds: int
    cards: int
    questions: int
    longest: float
    unqualified: float
    chance: float
    most_shared: float = 0.0


def measure_guessability(cards: Sequence[LintedCard], seeds: int) -> Guessability:
    """Ask every card once per seed (``0 .. seeds-1``) and score both tricks and chance."""
    if seeds < 1:
        raise ValueError("guessability needs at least one seed")
    pool = [card.view for card in cards]
    asked: set[int] = set()
    questions = 0
    longest = unqualified = chance = most_shared = 0.0
    for seed in range(seeds):
        rng = random.Random(seed)
        for view in pool:
            choice = make_multiple_choice(view, pool, rng)
            if choice is None:
                continue
            asked.add(view.id)
            questions += 1
            longest += longest_option_credit(choice)
            unqualified += unqualified_option_credit(choice)
            most_shared += most_shared_credit(choice)
            chance += 1 / len(choice.options)
    share = 1 / questions if questions else 0.0
    return Guessability(
        seeds,
        len(asked),
        questions,
        longest * share,
        unqualified * share,
        chance * share,
        most_shared * share,
    )


def longest_option_credit(choice: MultipleChoice) -> float:
    """The expected score (0-1) of picking the longest option, a tie picked at random."""
    most = max(len(option) for option in choice.options)
    longest = [index for index, option in enumerate(choice.options) if len(option) == most]
    return 1 / len(longest) if choice.answer in longest else 0.0


def unqualified_option_credit(choice: MultipleChoice) -> float:
    """The expected score (0-1) of picking at random among the options without absolute words
    (among all of them when none is without)."""
    plain = [i for i, option in enumerate(choice.options) if not absolute_words(option)]
    candidates = plain or list(range(len(choice.options)))
    return 1 / len(candidates) if choice.answer in candidates else 0.0


def most_shared_credit(choice: MultipleChoice) -> float:
    """The expected score (0-1) of picking the option that shares the most words (normalized,
    each counted once) with the other options, a tie picked at random."""
    words = [set(normalize_answer(option).split()) for option in choice.options]
    shared = [
        sum(len(mine & theirs) for j, theirs in enumerate(words) if j != i)
        for i, mine in enumerate(words)
    ]
    most = max(shared)
    best = [index for index, count in enumerate(shared) if count == most]
    return 1 / len(best) if choice.answer in best else 0.0
