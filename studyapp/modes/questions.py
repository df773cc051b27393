"""Questions made from cards for the learn, test and matching modes: choices, true/false, pairs.

Every random choice goes through the ``random.Random`` passed in, and the pool is put in id
order first, so a seed gives the same questions whatever order the pool came in. Answers are
told apart by their normalized form (:func:`studyapp.modes.grading.normalize_answer`), so an
option list never holds the right answer twice, even written in another case or punctuation.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from studyapp.decks.cloze import cloze_prompt
from studyapp.modes.grading import cloze_words, first_paragraph, normalize_answer, plain_text

if TYPE_CHECKING:
    from studyapp.store.cards import CardView

#: A Markdown list item: ``- item``, ``* item``, ``1. item``.
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")

#: The longest answer label drawn from a card's whole answer (an option wraps to two lines).
LABEL_LENGTH = 120


@dataclass(frozen=True, slots=True)
class MultipleChoice:
    """A multiple-choice question: ``options[answer]`` is the right one."""

    card_id: int
    prompt: str
    options: tuple[str, ...]
    answer: int


@dataclass(frozen=True, slots=True)
class TrueFalse:
    """A true/false question: is ``shown`` the answer to ``prompt``?"""

    card_id: int
    prompt: str
    shown: str
    is_true: bool


@dataclass(frozen=True, slots=True)
class MatchingSet:
    """A matching game: ``prompts[i]`` is matched by ``answers[solution[i]]``."""

    card_ids: tuple[int, ...]
    prompts: tuple[str, ...]
    answers: tuple[str, ...]
    solution: tuple[int, ...]


def answer_label(card: CardView) -> str:
    """The one-line answer a choice, a true/false statement or a matching tile shows for a
    card, or "" when it has none that is fair to show (such a card is never an option).

    It is the short answer, else a cloze card's hidden words, else the whole answer on one
    line when it is one paragraph (or one list, its items joined by "; ") of at most
    :data:`LABEL_LENGTH` characters. Never a cut piece of a longer answer: a first line of
    code, a lead-in ending in ":" or a first paragraph cut short would show a wrong answer
    as the right one.
    """
    if card.numeric is not None and card.drawn is None:
        return ""  # a numeric card's template: only a drawn instance has an answer to show
    short = plain_text(card.short or "")
    if short:
        return short
    blanks = cloze_words(card)
    if blanks:
        return ", ".join(blanks)
    whole = _whole_answer_line(card.answer)
    return whole if len(whole) <= LABEL_LENGTH else ""


def _whole_answer_line(markdown: str) -> str:
    """The whole answer on one line if it is one paragraph or one list, else ""."""
    whole = plain_text(markdown)
    if first_paragraph(markdown) == whole:
        return whole
    lines = [line for line in markdown.splitlines() if line.strip()]
    items = [plain_text(line) for line in lines]
    if lines and all(_LIST_ITEM.match(line) for line in lines) and all(items):
        return "; ".join(items)
    return ""


def prompt_of(card: CardView) -> str:
    """The question as a study screen shows it (a cloze card's blanks as ``[...]``)."""
    return cloze_prompt(card.question) if card.type == "cloze" else card.question


def _wrong_candidates(
    card: CardView, pool: Sequence[CardView], rng: random.Random
) -> Iterator[str]:
    """Wrong answers to offer, best first: the card's own distractors, then other cards' labels
    (same deck, then a shared tag, then the rest), each group in random order."""
    own = list(card.distractors)
    rng.shuffle(own)
    yield from own
    if card.drawn is not None:
        return  # a numeric card's wrong values are its own known mistakes, never other cards'
    others = sorted(
        (other for other in pool if other.id != card.id and other.numeric is None),
        key=lambda c: c.id,
    )
    tags = set(card.tags)
    groups: tuple[list[CardView], list[CardView], list[CardView]] = ([], [], [])
    for other in others:
        group = 0 if other.deck == card.deck else 1 if tags.intersection(other.tags) else 2
        groups[group].append(other)
    for group_cards in groups:
        rng.shuffle(group_cards)
        for other in group_cards:
            yield answer_label(other)


def _wrong_answers(
    card: CardView, right: str, pool: Sequence[CardView], rng: random.Random, count: int
) -> list[str]:
    """Up to ``count`` wrong answers, distinct from the right one and from each other."""
    seen = {normalize_answer(right)}
    chosen: list[str] = []
    for candidate in _wrong_candidates(card, pool, rng):
        if len(chosen) >= count:
            break
        label = plain_text(candidate)
        key = normalize_answer(label)
        if key and key not in seen:
            seen.add(key)
            chosen.append(label)
    return chosen


#: How many options a multiple-choice question offers at most (the keys 1–4 pick one).
CHOICE_OPTIONS = 4


def make_multiple_choice(
    card: CardView, pool: Sequence[CardView], rng: random.Random, options: int = CHOICE_OPTIONS
) -> MultipleChoice | None:
    """A question with up to ``options`` choices, or None when no wrong choice can be found."""
    if options < 2:
        raise ValueError("a multiple-choice question needs at least 2 options")
    right = answer_label(card)
    if not normalize_answer(right):
        return None
    wrong = _wrong_answers(card, right, pool, rng, options - 1)
    if not wrong:
        return None
    choices = [right, *wrong]
    rng.shuffle(choices)
    return MultipleChoice(card.id, prompt_of(card), tuple(choices), choices.index(right))


def make_true_false(card: CardView, pool: Sequence[CardView], rng: random.Random) -> TrueFalse:
    """A true/false question: half the time the right answer, else a wrong one (if any)."""
    right = answer_label(card)
    if rng.random() < 0.5:
        wrong = _wrong_answers(card, right, pool, rng, 1)
        if wrong:
            return TrueFalse(card.id, prompt_of(card), wrong[0], is_true=False)
    return TrueFalse(card.id, prompt_of(card), right, is_true=True)


def _distinct(cards: Iterable[CardView], count: int | None = None) -> list[tuple[CardView, str]]:
    """The cards in order with their labels, leaving out repeats and colliding labels (read
    only as far as ``count`` of them need)."""
    return list(islice(_distinct_labels(cards), count))


def _distinct_labels(cards: Iterable[CardView]) -> Iterator[tuple[CardView, str]]:
    ids: set[int] = set()
    keys: set[str] = set()
    for card in cards:
        label = answer_label(card)
        key = normalize_answer(label)
        if card.numeric is None and key and key not in keys and card.id not in ids:
            keys.add(key)
            ids.add(card.id)
            yield card, label


def make_matching(cards: Sequence[CardView], rng: random.Random) -> MatchingSet:
    """A matching game of the given cards, answers shuffled; a card whose answer label
    collides with an earlier one (after normalization) is left out, and so is a numeric card
    (a matching game is about facts, not numbers drawn for one question)."""
    kept = _distinct(cards)
    order = list(range(len(kept)))
    rng.shuffle(order)
    solution = [0] * len(kept)
    for position, index in enumerate(order):
        solution[index] = position
    return MatchingSet(
        card_ids=tuple(card.id for card, _ in kept),
        prompts=tuple(prompt_of(card) for card, _ in kept),
        answers=tuple(kept[index][1] for index in order),
        solution=tuple(solution),
    )


def pick_cards_with_distinct_answers(
    cards: Sequence[CardView], count: int, rng: random.Random
) -> list[CardView]:
    """A random sample of up to ``count`` cards whose answer labels are pairwise distinct."""
    shuffled = sorted(cards, key=lambda card: card.id)
    rng.shuffle(shuffled)
    return [card for card, _ in _distinct(shuffled, count)]


#: How many cards a drawn sample loads at a time.
LOAD_CHUNK = 32
#: Up to how many ids :func:`random_order` shuffles at once (as a whole list of cards was).
SHUFFLED_AT_ONCE = 5000


def draw_cards_with_distinct_answers(
    card_ids: Sequence[int],
    count: int,
    rng: random.Random,
    *,
    load: Callable[[Sequence[int]], Mapping[int, CardView]],
) -> list[CardView]:
    """:func:`pick_cards_with_distinct_answers` over the cards with these ids (as random a
    sample), loading (``load``: ids → cards) only as many as it reads, a few at a time: a
    scope of 100,000 cards needs its ids, not its cards."""
    return [card for card, _ in _distinct(_loaded(random_order(card_ids, rng), load), count)]


def random_order(items: Sequence[int], rng: random.Random) -> Iterator[int]:
    """``items`` (put in order first, so a seed gives the same draw) in a random order: up to
    :data:`SHUFFLED_AT_ONCE` of them shuffled at once, more each drawn only when it is read
    (the steps of ``rng.shuffle`` one at a time, Fisher–Yates from the end), so the first few
    of 100,000 ids cost a few draws, not a shuffle of them all."""
    order = sorted(items)
    if len(order) <= SHUFFLED_AT_ONCE:
        rng.shuffle(order)
        yield from order
        return
    for last in range(len(order) - 1, 0, -1):
        pick = rng.randrange(last + 1)
        order[last], order[pick] = order[pick], order[last]
        yield order[last]
    if order:
        yield order[0]


def _loaded(
    card_ids: Iterable[int], load: Callable[[Sequence[int]], Mapping[int, CardView]]
) -> Iterator[CardView]:
    """The cards with these ids in this order, loaded a chunk at a time as they are read (a
    card no longer there is skipped)."""
    ids = iter(card_ids)
    while chunk := list(islice(ids, LOAD_CHUNK)):
        found = load(chunk)
        yield from (found[card_id] for card_id in chunk if card_id in found)


def why_no_matching(cards: Sequence[CardView], label: str, needed: int) -> str:
    """Why the cards of ``label`` (a deck, tag or "all decks") make no matching of ``needed``
    pairs ("" when they do): it needs that many cards with different answers, and numeric
    cards are not matched."""
    found = len(pick_cards_with_distinct_answers(cards, needed, random.Random(0)))
    if found >= needed:
        return ""
    has = "none" if not found else f"only {found}"
    numeric = any(card.numeric is not None for card in cards)
    because = "; numeric cards are not matched, so" if numeric else ";"
    return f"Matching needs {needed} cards with different answers{because} {label} has {has}."


def why_no_matching_drawn(
    card_ids: Sequence[int],
    load: Callable[[Sequence[int]], Mapping[int, CardView]],
    label: str,
    needed: int,
) -> str:
    """:func:`why_no_matching` for the cards with these ids (a big scope's), reading only as
    many as it takes to find ``needed`` with different answers (all of them when it can not)."""
    if (
        len(draw_cards_with_distinct_answers(card_ids, needed, random.Random(0), load=load))
        >= needed
    ):
        return ""
    found = load(card_ids)
    return why_no_matching(
        [found[card_id] for card_id in card_ids if card_id in found], label, needed
    )
