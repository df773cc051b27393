"""Test mode: a graded exam over a scope's cards, with the kinds of question the student picks.

The questions are multiple choice, true/false, written (graded leniently) and matching (four
questions paired with four answers, three when the cards would run out, never fewer: with two
pairs, the second is given away by the first; right only if every pair is right). Kinds are
spread evenly over the test in a random order, each card asked at most once; when the cards
can not give every matching question three, the spare matching questions are asked as the
other kinds chosen. Nothing is shown as right or wrong until the end; then the test, its
score and time, and each card's result are saved in one transaction (handed to the session's
:class:`~studyapp.modes.saving.Saver`, so the marks show without waiting for the database). An
unanswered question counts as wrong. Each question can then be rated 1–5, logged in test mode
for its cards, and a written answer graded wrong can be counted right ("I was right"), in the
score and in the stored test.

Only a card with an answer that is fair to type (:func:`~studyapp.modes.grading.typed_answer`)
is asked as a written question: a test is graded, so it has no reveal-and-self-rate questions.
A written question goes to the next card that has such an answer; a card without one is asked
by multiple choice, and left out when it has no wrong answer to offer either
(:func:`askable_cards` are those a test can ask).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Literal

from studyapp.modes.drawn import draw_card, new_draw_seed
from studyapp.modes.grading import (
    grade_answer,
    normalize_answer,
    plain_text,
    right_answer,
    typed_answer,
)
from studyapp.modes.questions import (
    LOAD_CHUNK,
    SHUFFLED_AT_ONCE,
    MatchingSet,
    MultipleChoice,
    TrueFalse,
    answer_label,
    make_matching,
    make_multiple_choice,
    make_true_false,
    pick_cards_with_distinct_answers,
    prompt_of,
    random_order,
)
from studyapp.modes.saving import Saver
from studyapp.modes.unfinished import SessionKeeper
from studyapp.scheduling.rating import Rating
from studyapp.store.results import AnswerRecord

if TYPE_CHECKING:
    from studyapp.collection import Collection
    from studyapp.scope import Scope
    from studyapp.store.cards import CardView

QuestionKind = Literal["choice", "true_false", "written", "matching"]
QUESTION_KINDS: tuple[QuestionKind, ...] = ("choice", "true_false", "written", "matching")
KIND_LABELS: dict[QuestionKind, str] = {
    "choice": "Multiple choice",
    "true_false": "True/false",
    "written": "Written",
    "matching": "Matching",
}
MATCHING_PAIRS = 4
#: The fewest pairs a matching question has (with two, placing one gives the other away).
MIN_MATCHING_PAIRS = 3
MATCHING_PROMPT = "Match each question with its answer."
MAX_QUESTIONS = 200

#: What the student gave: an option index, true/false, text, or an answer index per prompt.
Response = int | bool | str | tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class TestQuestion:
    """One question of a test; exactly the field of its kind is set."""

    number: int  # 1-based
    kind: QuestionKind
    cards: tuple[CardView, ...]
    prompt: str
    choice: MultipleChoice | None = None
    true_false: TrueFalse | None = None
    matching: MatchingSet | None = None


@dataclass(frozen=True, slots=True)
class TestMark:
    """A graded question: right or wrong, what was given and what was right."""

    question: TestQuestion
    correct: bool
    given: str
    right: str
    pairs_right: int = 0  # matching only
    overridden: bool = False  # a written answer graded wrong that the student counted right


@dataclass(frozen=True, slots=True)
class TestResult:
    """A finished test; ``saved`` resolves to its id once it is in the store."""

    marks: tuple[TestMark, ...]
    correct: int
    seconds: float
    saved: Future[int] = field(compare=False, repr=False)

    @property
    def total(self) -> int:
        """Questions asked."""
        return len(self.marks)

    @property
    def percent(self) -> float:
        """The score, 0–100."""
        return 100 * self.correct / self.total if self.total else 0.0


def build_test(
    cards: Sequence[CardView], count: int, kinds: Sequence[QuestionKind], rng: random.Random
) -> list[TestQuestion]:
    """Up to ``count`` questions over ``cards`` with ``kinds`` spread evenly, in random order.

    A multiple-choice or true/false question whose card has no wrong answer to show becomes
    written; a matching question needs :data:`MIN_MATCHING_PAIRS` cards with distinct answers
    or becomes written (or multiple choice).
    A written question takes the next card with an answer to type (see the module docstring).
    """
    if not 1 <= count <= MAX_QUESTIONS:
        raise ValueError(f"a test has 1 to {MAX_QUESTIONS} questions")
    unknown = set(kinds) - set(QUESTION_KINDS)
    if not kinds or unknown:
        raise ValueError(f"choose question kinds among {', '.join(QUESTION_KINDS)}")
    # the plan compares the askable cards with at most this many (see _spread, _matching_pairs)
    askable = askable_count(cards, MATCHING_PAIRS * count)
    plan = _spread(count, kinds, askable)
    rng.shuffle(plan)
    pairs = _matching_pairs(askable, plan)
    pool = sorted(cards, key=lambda card: card.id)
    rng.shuffle(pool)
    questions: list[TestQuestion] = []
    for kind in plan:
        if kind == "written":
            pool = _typeable_first(pool)
        question = None
        while pool and question is None:
            question = _question(len(questions) + 1, kind, pool, cards, rng, pairs)
            if question is None:  # nothing to type and nothing to choose from: left out
                pool = pool[1:]
        if question is None:
            break
        questions.append(question)
        used = {card.id for card in question.cards}
        pool = [card for card in pool if card.id not in used]
    return questions


def _typeable_first(pool: list[CardView]) -> list[CardView]:
    """The pool with its first card that has an answer to type moved to the front."""
    index = next((i for i, card in enumerate(pool) if typed_answer(card) is not None), 0)
    return [pool[index], *pool[:index], *pool[index + 1 :]] if pool else pool


def askable_cards(cards: Sequence[CardView]) -> list[CardView]:
    """The cards a test can ask: those with an answer fair to type
    (:func:`~studyapp.modes.grading.typed_answer`), and those with an answer fair to show as
    an option (:func:`~studyapp.modes.questions.answer_label`) beside a different, wrong one.
    A numeric card always can (drawn, it has both). Any other card (a long answer with no
    short one, as imported cards often have) is left out of every test."""
    return list(_askable(cards))


#: A short answer of plain characters only (no Markdown, formula or escape) with a letter:
#: plain text and grading keep its letters, so it is an answer to type (:func:`typed_answer`).
_PLAIN_SHORT = re.compile(r"[A-Za-z0-9 ,.?:;/+=%()'-]*[A-Za-z][A-Za-z0-9 ,.?:;/+=%()'-]*")


def scope_askable(collection: Collection, scope: Scope) -> tuple[int, int]:
    """How many cards ``scope`` has, and how many of them a test can ask (as
    ``len(askable_cards(...))`` of them all), from their ids and short answers: only the
    cards whose short answer is not plain text (:data:`_PLAIN_SHORT`) are loaded, and a few
    others, as whether a label can be told from the others depends on the others' labels."""
    card_ids = collection.scope_card_set(scope)
    unsure: list[int] = []
    sure: list[int] = []
    for card_id, short in collection.short_answers(scope):
        (sure if short is not None and _PLAIN_SHORT.fullmatch(short) else unsure).append(card_id)
    others = min(len(sure), LOAD_CHUNK)
    shown = _loaded_list(collection, [*unsure, *sure[:others]])
    if others < len(sure) and len(_distinct_keys(shown[len(unsure) :], 2)) < 2:
        shown = _loaded_list(collection, [*unsure, *sure])  # rare: the labels to tell apart
        others = len(sure)
    # numeric cards (not among the short answers) can always be asked
    return len(card_ids), len(card_ids) - len(unsure) - others + len(askable_cards(shown))


def _loaded_list(collection: Collection, card_ids: Sequence[int]) -> list[CardView]:
    found = collection.cards(card_ids)
    return [found[card_id] for card_id in card_ids if card_id in found]


def _distinct_keys(cards: Sequence[CardView], enough: int) -> set[str]:
    keys: set[str] = set()
    for card in cards:
        keys.add(normalize_answer(plain_text(answer_label(card))))
        keys.discard("")
        if len(keys) >= enough:
            break
    return keys


def askable_count(cards: Sequence[CardView], at_most: int) -> int:
    """``len(askable_cards(cards))``, or ``at_most`` if it is more (the cards after those are
    never looked at)."""
    return sum(1 for _ in islice(_askable(cards), at_most))


def _askable(cards: Sequence[CardView]) -> Iterator[CardView]:
    keys = _LabelKeys(cards)
    for index, card in enumerate(cards):
        if card.numeric is not None or typed_answer(card) is not None:
            yield card  # a numeric card, drawn or not, has a number to type
            continue
        key = keys.key(index)
        own_wrong = {normalize_answer(plain_text(text)) for text in card.distractors}
        if key and (keys.another_than(key) or own_wrong - {key, ""}):
            yield card


class _LabelKeys:
    """The cards' answer labels as grading compares them, each worked out when first asked
    for (most cards of a test have an answer to type, and never need theirs)."""

    def __init__(self, cards: Sequence[CardView]) -> None:
        self._cards = cards
        self._keys: dict[int, str] = {}
        self._distinct: set[str] = set()
        self._read = 0  # the cards whose keys have been read into _distinct, in order

    def key(self, index: int) -> str:
        if index not in self._keys:
            self._keys[index] = normalize_answer(plain_text(answer_label(self._cards[index])))
        return self._keys[index]

    def another_than(self, key: str) -> bool:
        """Whether some card's key is not empty and not ``key``."""
        while not self._distinct - {key} and self._read < len(self._cards):
            self._distinct.add(self.key(self._read))
            self._distinct.discard("")
            self._read += 1
        return bool(self._distinct - {key})


def _spread(count: int, kinds: Sequence[QuestionKind], askable: int) -> list[QuestionKind]:
    """``count`` kinds, ``kinds`` in turn; when the ``askable`` cards can not give every
    matching question :data:`MIN_MATCHING_PAIRS` cards, the spare matching questions (all
    but one) are of the other kinds chosen."""
    plan = [kinds[index % len(kinds)] for index in range(count)]
    others = [kind for kind in kinds if kind != "matching"]
    while others and plan.count("matching") > 1:
        matching = plan.count("matching")
        if len(plan) - matching + MIN_MATCHING_PAIRS * matching <= askable:
            break
        last = len(plan) - 1 - plan[::-1].index("matching")
        plan[last] = others[matching % len(others)]
    return plan


def _matching_pairs(cards: int, plan: Sequence[QuestionKind]) -> int:
    """Pairs per matching question: four, three when the cards would run out (never fewer)."""
    matching = plan.count("matching")
    if not matching:
        return MATCHING_PAIRS
    spare = cards - (len(plan) - matching)  # cards left once every other question has one
    return max(MIN_MATCHING_PAIRS, min(MATCHING_PAIRS, spare // matching))


def _question(
    number: int,
    kind: QuestionKind,
    pool: list[CardView],
    everything: Sequence[CardView],
    rng: random.Random,
    pairs: int = MATCHING_PAIRS,
) -> TestQuestion | None:
    card = pool[0]
    if kind == "matching":
        group = pick_cards_with_distinct_answers(pool, pairs, rng)
        if len(group) >= MIN_MATCHING_PAIRS:
            matching = make_matching(group, rng)
            return TestQuestion(
                number,
                "matching",
                tuple(group),
                MATCHING_PROMPT,
                matching=matching,
            )
    elif kind == "choice":
        choice = make_multiple_choice(card, everything, rng)
        if choice is not None:
            return TestQuestion(number, "choice", (card,), choice.prompt, choice=choice)
    # with no wrong answer to show, every true/false statement would be true
    elif kind == "true_false" and make_multiple_choice(card, everything, random.Random(0)):
        statement = make_true_false(card, everything, rng)
        return TestQuestion(number, "true_false", (card,), statement.prompt, true_false=statement)
    if typed_answer(card) is not None:
        return TestQuestion(number, "written", (card,), prompt_of(card))
    choice = make_multiple_choice(card, everything, rng)
    if choice is not None:
        return TestQuestion(number, "choice", (card,), choice.prompt, choice=choice)
    return None


@dataclass
class TestSession:
    """A test being taken: answers may be given and changed in any order until it is finished."""

    collection: Collection
    scope: Scope
    questions: list[TestQuestion]
    kinds: tuple[QuestionKind, ...]
    started_at: datetime
    responses: dict[int, Response] = field(default_factory=dict)
    result: TestResult | None = None
    saver: Saver = field(default_factory=Saver.inline)
    ratings: dict[int, Rating] = field(default_factory=dict)  # question number → rating
    #: Saves the test in the store as answers are given, to resume it (none: not saved).
    keeper: SessionKeeper[TestSession] | None = None
    #: Seeds each numeric card's numbers (kept, so a resumed test asks the same numbers).
    draw_seed: int = 0

    @classmethod
    def start(
        cls,
        collection: Collection,
        scope: Scope,
        count: int,
        kinds: Sequence[QuestionKind],
        rng: random.Random | None = None,
        *,
        saver: Saver | None = None,
    ) -> TestSession:
        """A new test over ``scope``'s active cards; ``saver`` writes the result and ratings
        (default: at once, on this thread)."""
        rng = rng or random.Random()
        draw_seed = new_draw_seed(rng)
        card_ids = collection.scope_card_set(scope)
        if len(card_ids) <= SHUFFLED_AT_ONCE:
            cards = drawn_cards(collection.scope_cards(scope), draw_seed)
        else:
            cards = drawn_cards(draw_test_sample(card_ids, count, rng, collection.cards), draw_seed)
        questions = build_test(cards, count, kinds, rng)
        session = cls(collection, scope, questions, tuple(kinds), collection.clock.now())
        session.draw_seed = draw_seed
        if saver is not None:
            session.saver = saver
        return session

    @property
    def answered(self) -> int:
        """Questions with an answer."""
        return len(self.responses)

    def answer(self, number: int, response: Response) -> None:
        """Give (or change) the answer to question ``number``."""
        if self.result is not None:
            raise RuntimeError("the test is over")
        question = self.questions[number - 1]
        _check_response(question, response)
        self.responses[number] = response
        if self.keeper is not None:
            self.keeper.keep(self)

    def withdraw(self, number: int) -> None:
        """Take back the answer to question ``number``: it counts as unanswered again."""
        if self.result is not None:
            raise RuntimeError("the test is over")
        if self.responses.pop(number, None) is not None and self.keeper is not None:
            self.keeper.keep(self)

    def leave(self, *, resume_later: bool) -> None:
        """Stop before submitting: kept in the store to resume later, or forgotten."""
        if self.keeper is None:
            return
        if resume_later:
            self.keeper.keep(self)
        else:
            self.keeper.discard()

    def finish(self) -> TestResult:
        """Grade every question and save the test with its answers (handed to the saver)."""
        if self.result is not None:
            return self.result
        now = self.collection.clock.now()
        marks = tuple(
            grade_question(question, self.responses.get(question.number))
            for question in self.questions
        )
        records = [
            record for mark in marks for record in _answer_records(mark, self.responses, now)
        ]
        correct = sum(mark.correct for mark in marks)
        collection, scope, started_at = self.collection, self.scope, self.started_at
        kinds = sorted({question.kind for question in self.questions})
        saved = self.saver.submit(
            "test result",
            lambda: collection.record_test(
                scope,
                started_at,
                kinds,
                records,
                questions=len(marks),
                correct=correct,
                finished_at=now,
            ),
        )
        seconds = max(0.0, (now - self.started_at).total_seconds())
        self.result = TestResult(marks, correct, seconds, saved)
        return self.result

    def rate(self, number: int, rating: Rating) -> None:
        """Rate how well question ``number`` was known: logged in test mode for each of
        its cards (no schedule moves). Only once the test is finished."""
        if self.result is None:
            raise RuntimeError("finish the test before rating its questions")
        question = self.questions[number - 1]
        rate, now = self.collection.rate, self.collection.clock.now()
        for card in question.cards:
            self.saver.submit(
                "rating", partial(rate, card.id, rating, mode="test", scheduled=False, at=now)
            )
        self.ratings[number] = rating

    def can_override(self, number: int) -> bool:
        """Whether question ``number`` is a written answer graded wrong, to count right (not a
        numeric card's: its number is checked against a computed value)."""
        if self.result is None:
            return False
        mark = self.result.marks[number - 1]
        return (
            mark.question.kind == "written"
            and not mark.correct
            and bool(mark.given.strip())
            and mark.question.cards[0].numeric is None
        )

    def override(self, number: int) -> TestMark:
        """ "I was right": count written question ``number``, graded wrong, as right, in the
        score and in the stored test (the answer is saved as overridden)."""
        result = self.result
        if result is None or not self.can_override(number):
            raise RuntimeError("only a written answer graded wrong can be overridden")
        mark = replace(result.marks[number - 1], correct=True, overridden=True)
        marks = (*result.marks[: number - 1], mark, *result.marks[number:])
        self.result = replace(result, marks=marks, correct=result.correct + 1)
        collection, saved, card_id = self.collection, result.saved, mark.question.cards[0].id
        # queued after the test's own write, so its id is known when this runs
        self.saver.submit(
            "correction", lambda: collection.mark_test_answer_right(saved.result(), card_id)
        )
        return mark


#: How many cards a sample of a big scope takes at a time (see :func:`draw_test_sample`).
SAMPLE_STEP = 1000


def draw_test_sample(
    card_ids: Sequence[int],
    count: int,
    rng: random.Random,
    load: Callable[[Sequence[int]], Mapping[int, CardView]],
) -> list[CardView]:
    """A random sample of the cards with these ids (a big scope's) that a test of ``count``
    questions is built from as from them all: :data:`SAMPLE_STEP` cards at a time (loaded with
    ``load``), until it holds :data:`MATCHING_PAIRS` askable cards a question, enough for any
    mix of kinds, or every card. Being a random sample, it offers each card the same chance to
    be asked, and as a wrong option the cards of its deck (or tags) the same chance each."""
    order = random_order(card_ids, rng)
    sample: list[CardView] = []
    needed = MATCHING_PAIRS * count
    while askable_count(sample, needed) < needed:
        step = list(islice(order, SAMPLE_STEP))
        if not step:
            break
        found = load(step)
        sample += [found[card_id] for card_id in step if card_id in found]
    return sample


def drawn_cards(cards: Sequence[CardView], draw_seed: int) -> list[CardView]:
    """The cards as a test asks them: each numeric card drawn once for the whole test."""
    return [draw_card(card, "test", draw_seed, card.id) for card in cards]


def _check_response(question: TestQuestion, response: Response) -> None:
    if question.choice is not None:
        valid = (
            isinstance(response, int)
            and not isinstance(response, bool)
            and 0 <= response < len(question.choice.options)
        )
    elif question.true_false is not None:
        valid = isinstance(response, bool)
    elif question.matching is not None:
        size = len(question.matching.answers)
        valid = (
            isinstance(response, tuple)
            and len(response) == len(question.matching.prompts)
            and all(pick is None or 0 <= pick < size for pick in response)
        )
    else:
        valid = isinstance(response, str)
    if not valid:
        raise ValueError(f"not an answer to a {question.kind} question: {response!r}")


def grade_question(question: TestQuestion, response: Response | None) -> TestMark:
    """Mark one question right or wrong (no response: wrong)."""
    if question.choice is not None:
        options = question.choice.options
        right = options[question.choice.answer]
        given = options[response] if isinstance(response, int) else ""
        return TestMark(question, response == question.choice.answer, given, right)
    if question.true_false is not None:
        statement = question.true_false
        given = "" if response is None else ("True" if response else "False")
        right = "True" if statement.is_true else f"False (the answer is: {_right(question)})"
        return TestMark(question, response == statement.is_true, given, right)
    if question.matching is not None:
        matching = question.matching
        picks = response if isinstance(response, tuple) else (None,) * len(matching.prompts)
        pairs_right = sum(
            pick == right for pick, right in zip(picks, matching.solution, strict=True)
        )
        given = (
            ", ".join(
                f"{index + 1}→{'?' if pick is None else chr(ord('a') + pick)}"
                for index, pick in enumerate(picks)
            )
            if response is not None
            else ""
        )
        right = ", ".join(
            f"{index + 1}→{chr(ord('a') + pick)}" for index, pick in enumerate(matching.solution)
        )
        correct = pairs_right == len(matching.prompts)
        return TestMark(question, correct, given, right, pairs_right)
    text = response if isinstance(response, str) else ""
    card = question.cards[0]
    grade = grade_answer(card, text)
    return TestMark(question, grade.correct, text, right_answer(card, grade))


def _right(question: TestQuestion) -> str:
    return answer_label(question.cards[0])


def _answer_records(
    mark: TestMark, responses: dict[int, Response], now: datetime
) -> list[AnswerRecord]:
    question = mark.question
    if question.matching is not None:
        matching = question.matching
        response = responses.get(question.number)
        picks = response if isinstance(response, tuple) else (None,) * len(matching.prompts)
        return [
            AnswerRecord(
                card_id,
                "test",
                "matching",
                pick == right,
                now,
                None if pick is None else matching.answers[pick],
            )
            for card_id, pick, right in zip(
                matching.card_ids, picks, matching.solution, strict=True
            )
        ]
    return [
        AnswerRecord(question.cards[0].id, "test", question.kind, mark.correct, now, mark.given)
    ]
