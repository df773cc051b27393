"""Learn mode (as Quizlet's Learn): rounds of about seven cards, multiple choice then written.

Each card climbs two steps: first a multiple-choice question, then written recall (typed,
graded leniently). A card is learned once it has been answered right in both forms. A round
holds the cards already in progress (missed ones first), filled up with cards not yet seen;
a card missed in a round comes back in the next one. A card with no wrong answer to offer
(a one-card deck) starts at the written step.

A card with no answer that is fair to type (:func:`~studyapp.modes.grading.typed_answer`: an
imported card with a long answer and no short one) is asked at the written step as "reveal
and self-rate": the student recalls the answer, reveals it, and rates it 1–5; a rating of 4
or 5 counts as known (the card climbs), anything lower as missed (it comes back next round).
No objective answer is saved for it, only the rating: there was nothing to grade.

A numeric card is drawn afresh each time it is asked (:mod:`studyapp.modes.drawn`; the numbers
of the question on screen are kept with the progress, so a resumed session shows them again):
its choices are the calculator's known mistakes, and a typed number is right within the
card's tolerance.

Every answer is handed to the session's :class:`~studyapp.modes.saving.Saver` as an objective
result at once, and the session goes on without waiting for the database. After a written
answer the student rates how well they knew it, 1–5: that rating is logged in learn mode and
feeds mastery, but learn mode never moves an SM-2 schedule.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import IntEnum
from itertools import islice
from typing import TYPE_CHECKING, Literal

from studyapp.modes.drawn import draw_card, new_draw_seed
from studyapp.modes.grading import WrittenGrade, grade_answer, right_answer, typed_answer
from studyapp.modes.learn_progress import (
    MODE,
    CardProgress,
    LearnProgress,
    progress_state,
    read_progress,
)
from studyapp.modes.questions import (
    SHUFFLED_AT_ONCE,
    MultipleChoice,
    answer_label,
    make_multiple_choice,
    prompt_of,
    random_order,
)
from studyapp.modes.saving import Saver
from studyapp.modes.scope_cards import ScopeCards
from studyapp.modes.unfinished import SessionKeeper, UnusableStateError
from studyapp.scheduling.rating import Rating
from studyapp.store.results import AnswerRecord

#: Up to how many cards a session loads at once (a bigger scope is read as it is asked).
LOADED_AT_ONCE = SHUFFLED_AT_ONCE
#: How many of a big scope's cards a multiple-choice question draws its wrong answers from.
CHOICE_SAMPLE = 500

if TYPE_CHECKING:
    from studyapp.collection import Collection
    from studyapp.scope import Scope
    from studyapp.store.cards import CardView

ROUND_SIZE = 7
#: The lowest self-rating that counts a revealed card as known.
KNOWN_RATING = Rating.FOUR

QuestionKind = Literal["choice", "written", "reveal"]


class Step(IntEnum):
    """How far a card has come."""

    CHOICE = 0
    WRITTEN = 1
    LEARNED = 2


@dataclass(frozen=True, slots=True)
class LearnQuestion:
    """The question being asked: multiple choice (``choice`` set), written, or a card to
    recall, reveal and rate."""

    card: CardView
    kind: QuestionKind
    prompt: str
    choice: MultipleChoice | None


@dataclass(frozen=True, slots=True)
class Feedback:
    """How an answer went."""

    card_id: int
    kind: QuestionKind
    correct: bool  # a revealed card: whether it was rated known (False until rated)
    right_answer: str  # the answer to show ("" for a revealed card: its whole answer shows)
    given: str
    grade: WrittenGrade | None  # for written answers
    number: int  # the answer's number in the session, from 1
    computed: bool = False  # a numeric card's number, checked against a computed value


@dataclass(frozen=True, slots=True)
class RoundReport:
    """A finished round."""

    number: int
    asked: int
    correct: int
    learned_total: int
    cards: int


@dataclass(frozen=True, slots=True)
class LearnSummary:
    """The whole session."""

    cards: int
    learned: int
    answers: int
    correct: int
    rounds: int
    seconds: float
    ratings: dict[int, int]
    hardest: tuple[int, ...]  # card ids missed most often, most first


@dataclass
class LearnSession:
    """A learn session over a scope's cards; answers and ratings are saved as given."""

    collection: Collection
    scope: Scope
    cards: Sequence[CardView]  # a big scope's: a ScopeCards, read as they are asked
    rng: random.Random
    round_size: int = ROUND_SIZE
    steps: dict[int, Step] = field(default_factory=dict)
    #: Each card's first step: written for a card with no option to show (worked out once).
    first_steps: dict[int, Step] = field(default_factory=dict, repr=False)
    misses: Counter[int] = field(default_factory=Counter)
    seen: set[int] = field(default_factory=set)
    round_number: int = 0
    round_cards: list[int] = field(default_factory=list)
    round_position: int = 0
    round_correct: int = 0
    question: LearnQuestion | None = None
    feedback: Feedback | None = None
    rated: dict[int, Rating] = field(default_factory=dict)  # answer number → rating
    ratings: list[Rating] = field(default_factory=list)
    answers: int = 0
    correct: int = 0
    started_at: datetime | None = None
    saver: Saver = field(default_factory=Saver.inline)
    #: Each answer's write, by its number; resolves to the answer's id in the store.
    saved_answers: dict[int, Future[int]] = field(default_factory=dict)
    #: Keeps the progress in the store as answers are given, to resume it (none: not kept).
    keeper: SessionKeeper[LearnSession] | None = None
    #: When the progress this session took up was kept (None: it started afresh).
    resumed_from: datetime | None = None
    #: Why kept progress could not be taken up, if it could not (the session started afresh).
    resume_problem: str | None = None
    #: Seeds each numeric card's numbers with the question's number (kept, so a resumed
    #: session shows the question on screen with the same numbers).
    draw_seed: int = 0
    _asked_at: datetime | None = None
    _pool: list[CardView] | None = field(default=None, repr=False)
    _order: dict[int, int] | None = field(default=None, repr=False)
    _missed_last_round: list[int] = field(default_factory=list)
    _missed_this_round: list[int] = field(default_factory=list)

    @classmethod
    def start(
        cls,
        collection: Collection,
        scope: Scope,
        rng: random.Random | None = None,
        round_size: int = ROUND_SIZE,
        *,
        saver: Saver | None = None,
    ) -> LearnSession:
        """A session over every active card of ``scope`` (none learned yet); ``saver`` writes
        the answers and ratings (default: each at once, on this thread)."""
        session = cls(collection, scope, session_cards(collection, scope), rng or random.Random())
        session.round_size = round_size
        session.draw_seed = new_draw_seed(session.rng)
        if saver is not None:
            session.saver = saver
        session.steps = dict.fromkeys(session.card_ids, Step.CHOICE)
        session.started_at = collection.clock.now()
        session.next_round()
        return session

    @classmethod
    def open(
        cls,
        collection: Collection,
        scope: Scope,
        rng: random.Random | None = None,
        round_size: int = ROUND_SIZE,
        *,
        saver: Saver | None = None,
    ) -> LearnSession:
        """The scope's learn session: its kept progress taken up (see :meth:`resume`), else a
        new one; either way its progress is kept in the store as answers are given."""
        rng = rng or random.Random()
        saved = collection.unfinished_session(MODE, scope)
        session: LearnSession | None = None
        problem = None
        if saved is not None:
            try:
                progress = read_progress(saved.state)
            except UnusableStateError as error:
                problem = str(error)
            else:
                session = cls.resume(collection, scope, progress, rng, round_size, saver=saver)
                session.resumed_from = saved.saved_at
        if session is None or session.done:
            session = cls.start(collection, scope, rng, round_size, saver=saver)
            session.resume_problem = problem
        session.keeper = SessionKeeper(
            collection,
            session.saver,
            MODE,
            scope,
            lambda kept: progress_state(kept.kept_progress()),
        )
        if saved is not None and session.resumed_from is None:
            session.keeper.discard()
        return session

    @classmethod
    def resume(
        cls,
        collection: Collection,
        scope: Scope,
        progress: LearnProgress,
        rng: random.Random,
        round_size: int = ROUND_SIZE,
        *,
        saver: Saver | None = None,
    ) -> LearnSession:
        """A session over ``scope``'s active cards where ``progress`` left it: cards no longer
        in the scope are dropped (from the round too), cards new to it start at the beginning."""
        cards = session_cards(collection, scope)
        session = cls(collection, scope, cards, rng, round_size)
        if saver is not None:
            session.saver = saver
        known = set(session.card_ids)
        kept = {card_id: card for card_id, card in progress.cards.items() if card_id in known}
        session.steps = {
            card_id: Step(kept[card_id].step) if card_id in kept else Step.CHOICE
            for card_id in session.card_ids
        }
        session.misses = Counter({card_id: card.misses for card_id, card in kept.items()})
        session.seen = {card_id for card_id, card in kept.items() if card.seen}
        session.round_number = progress.round_number
        session.round_cards = [card_id for card_id in progress.round_cards if card_id in known]
        asked = progress.round_cards[: progress.round_position]
        session.round_position = sum(card_id in known for card_id in asked)
        session.round_correct = progress.round_correct
        session._missed_last_round = [i for i in progress.missed_last_round if i in known]
        session._missed_this_round = [i for i in progress.missed_this_round if i in known]
        session.answers, session.correct = progress.answers, progress.correct
        session.draw_seed = progress.draw_seed
        session.ratings = [
            Rating.of(rating) for rating, count in sorted(progress.ratings.items())
            for _ in range(count)
        ]  # fmt: skip
        session.started_at = collection.clock.now() - timedelta(milliseconds=progress.elapsed_ms)
        if session.round_number:
            session._ask()
        else:
            session.next_round()
        return session

    def kept_progress(self) -> LearnProgress:
        """Where the session stands, as the store keeps it (an answered question counts as
        passed: taken up again, the session goes on with the next one)."""
        now = self.collection.clock.now()
        elapsed = now - (self.started_at or now)
        kept = self.steps
        if isinstance(self.cards, ScopeCards):  # a big scope's: only the cards met so far (a
            kept = {i: self.steps[i] for i in self._met()}  # card left out starts afresh)
        return LearnProgress(
            cards={
                card_id: CardProgress(int(step), self.misses[card_id], card_id in self.seen)
                for card_id, step in kept.items()
            },
            round_number=self.round_number,
            round_cards=tuple(self.round_cards),
            round_position=self.round_position + (self.feedback is not None),
            round_correct=self.round_correct,
            missed_last_round=tuple(self._missed_last_round),
            missed_this_round=tuple(self._missed_this_round),
            answers=self.answers,
            correct=self.correct,
            ratings=dict(Counter(int(rating) for rating in self.ratings)),
            elapsed_ms=max(0, int(elapsed.total_seconds() * 1000)),
            draw_seed=self.draw_seed,
        )

    def start_over(self) -> LearnSession:
        """A new session over the same scope, every card back at the start; the kept progress
        is forgotten (answers and ratings already given stay in the store)."""
        fresh = LearnSession.start(
            self.collection, self.scope, self.rng, self.round_size, saver=self.saver
        )
        fresh.keeper = self.keeper
        if fresh.keeper is not None:
            fresh.keeper.discard()
        return fresh

    def _keep(self) -> None:
        """Keep the progress in the store (forget it once every card is learned)."""
        if self.keeper is None:
            return
        if self.done:
            self.keeper.discard()
        else:
            self.keeper.keep(self)

    @property
    def by_id(self) -> Mapping[int, CardView]:
        """The session's cards by id (a big scope's: those read so far, every card asked)."""
        if isinstance(self.cards, ScopeCards):
            return self.cards.loaded()
        return {card.id: card for card in self.cards}

    @property
    def card_ids(self) -> list[int]:
        """The session's cards' ids, in order."""
        if isinstance(self.cards, ScopeCards):
            return self.cards.ids
        return [card.id for card in self.cards]

    def _card(self, card_id: int) -> CardView:
        if isinstance(self.cards, ScopeCards):
            return self.cards.card(card_id)
        return self.by_id[card_id]

    def _positions(self) -> dict[int, int]:
        """Each card's place in the session's order (worked out once)."""
        if self._order is None:
            self._order = {card_id: index for index, card_id in enumerate(self.card_ids)}
        return self._order

    def _choice_pool(self) -> Sequence[CardView]:
        """The cards whose answers a multiple-choice question offers as wrong ones: all of
        them, or for a big scope a random sample (:data:`CHOICE_SAMPLE` cards, read once), so
        that each card of a deck stands the same chance, as among them all."""
        if not isinstance(self.cards, ScopeCards):
            return self.cards
        if self._pool is None:
            drawn = random_order(self.cards.ids, random.Random(self.draw_seed))
            self._pool = self.cards.cards(list(islice(drawn, CHOICE_SAMPLE)))
        return self._pool

    @property
    def done(self) -> bool:
        """Whether every card is learned."""
        return all(step == Step.LEARNED for step in self.steps.values())

    @property
    def learned(self) -> int:
        """Cards learned so far."""
        if isinstance(self.cards, ScopeCards):  # only the cards met can be
            return sum(self.steps[card_id] == Step.LEARNED for card_id in self._met())
        return sum(step == Step.LEARNED for step in self.steps.values())

    @property
    def progress(self) -> float:
        """Steps climbed out of all there are (0–1): the progress bar."""
        if not self.steps:
            return 1.0
        if isinstance(self.cards, ScopeCards):  # the cards read so far (the others count as
            for card in self.cards.loaded().values():  # starting at multiple choice)
                if card.id not in self.first_steps:
                    self.first_steps[card.id] = _first_step(card)
        elif not self.first_steps:
            self.first_steps = {card.id: _first_step(card) for card in self.cards}
        if isinstance(self.cards, ScopeCards):  # only the cards met can have moved
            climbed = sum(
                max(0, self.steps[i] - self.first_steps.get(i, Step.CHOICE)) for i in self._met()
            )
            starts = sum(first for i, first in self.first_steps.items() if i in self.steps)
            needed = Step.LEARNED * len(self.steps) - starts
            return climbed / needed if needed else 1.0
        climbed = needed = 0
        for card_id, step in self.steps.items():
            first = self.first_steps.get(card_id, Step.CHOICE)
            climbed += max(0, step - first)
            needed += Step.LEARNED - first
        return climbed / needed if needed else 1.0

    def _met(self) -> set[int]:
        """A big scope's cards that may be past their first step: those read (asked, or
        offered as wrong answers) and those seen (in progress kept earlier too)."""
        assert isinstance(self.cards, ScopeCards)
        return (self.seen | self.cards.loaded().keys() | self.misses.keys()) & self.steps.keys()

    @property
    def needs_rating(self) -> bool:
        """Whether the shown feedback waits for a 1–5 rating (written answers and revealed
        cards do)."""
        return (
            self.feedback is not None
            and self.feedback.kind in ("written", "reveal")
            and self.feedback.number not in self.rated
        )

    def next_round(self) -> RoundReport | None:
        """Start the next round; the report of the one that ended (None at the start)."""
        report = None
        if self.round_number:
            report = RoundReport(
                self.round_number,
                len(self.round_cards),
                self.round_correct,
                self.learned,
                len(self.cards),
            )
        if self.done:
            self.round_cards = []
            self.question = None
            return report
        self._missed_last_round, self._missed_this_round = self._missed_this_round, []
        self.round_cards = self._pick_round()
        self.round_number += 1
        self.round_position = 0
        self.round_correct = 0
        self._ask()
        return report

    def _pick_round(self) -> list[int]:
        missed = [i for i in self._missed_last_round if self.steps[i] != Step.LEARNED]
        left_out = set(missed)
        in_progress = [
            card_id
            for card_id in self.seen
            if card_id in self.steps  # still in the scope
            and card_id not in left_out
            and self.steps[card_id] != Step.LEARNED
        ]
        if in_progress:  # in the session's order (worked out the first time it is needed)
            in_progress.sort(key=self._positions().__getitem__)
        wanted = self.round_size - len(missed) - len(in_progress)
        untouched = []  # the first cards not seen yet (a card learned or missed was seen)
        if wanted > 0:
            for card_id in self.card_ids:
                if card_id not in self.seen:
                    untouched.append(card_id)
                    if len(untouched) == wanted:
                        break
        picked = (missed + in_progress + untouched)[: self.round_size]
        if isinstance(self.cards, ScopeCards):
            self.cards.cards(picked)  # the round's cards read at once
        return picked

    def _ask(self) -> None:
        self.feedback = None
        if self.round_position >= len(self.round_cards):
            self.question = None
            return
        card = draw_card(
            self._card(self.round_cards[self.round_position]),
            "learn", self.draw_seed, self.round_cards[self.round_position], self.answers,
        )  # fmt: skip
        choice = None
        if self.steps[card.id] == Step.CHOICE:
            choice = make_multiple_choice(card, self._choice_pool(), self.rng)
            if choice is None:  # nothing to choose from: straight to written
                self.steps[card.id] = Step.WRITTEN
        kind: QuestionKind = "choice" if choice else "written"
        if kind == "written" and typed_answer(card) is None:
            kind = "reveal"
        self.question = LearnQuestion(card, kind, prompt_of(card), choice)
        self._asked_at = self.collection.clock.now()

    def answer_choice(self, picked: int) -> Feedback:
        """Answer the multiple-choice question with option ``picked`` (0-based)."""
        question = self._expect("choice")
        assert question.choice is not None
        if not 0 <= picked < len(question.choice.options):
            raise IndexError(f"no option {picked + 1}")
        correct = picked == question.choice.answer
        right = question.choice.options[question.choice.answer]
        return self._record(question, correct, right, question.choice.options[picked], None)

    def answer_written(self, text: str) -> Feedback:
        """Answer the written question; graded leniently."""
        question = self._expect("written")
        grade = grade_answer(question.card, text)
        right = right_answer(question.card, grade)
        return self._record(question, grade.correct, right, text, grade)

    def reveal(self) -> Feedback:
        """Show the answer of the card to recall; it then waits for a 1–5 rating."""
        question = self._expect("reveal")
        self.seen.add(question.card.id)
        self.feedback = Feedback(question.card.id, "reveal", False, "", "", None, self.answers + 1)
        return self.feedback

    def _expect(self, kind: str) -> LearnQuestion:
        if self.question is None or self.feedback is not None:
            raise RuntimeError("no question is waiting for an answer")
        if self.question.kind != kind:
            raise RuntimeError(f"the question is {self.question.kind}, not {kind}")
        return self.question

    def _record(
        self,
        question: LearnQuestion,
        correct: bool,
        right: str,
        given: str,
        grade: WrittenGrade | None,
    ) -> Feedback:
        now = self.collection.clock.now()
        asked = self._asked_at or now
        response_ms = max(0, int((now - asked).total_seconds() * 1000))
        record = AnswerRecord(
            question.card.id, "learn", question.kind, correct, now, given, response_ms
        )
        collection = self.collection
        self.answers += 1
        self.saved_answers[self.answers] = self.saver.submit(
            "answer", lambda: collection.record_answer(record)
        )
        self.seen.add(question.card.id)
        self._apply(question.card.id, correct)
        self.feedback = Feedback(
            question.card.id,
            question.kind,
            correct,
            right,
            given,
            grade,
            self.answers,
            computed=question.card.numeric is not None,
        )
        self._keep()
        return self.feedback

    def _apply(self, card_id: int, correct: bool) -> None:
        if correct:
            self.correct += 1
            self.round_correct += 1
            self.steps[card_id] = Step(min(Step.LEARNED, self.steps[card_id] + 1))
        else:
            self.misses[card_id] += 1
            self._missed_this_round.append(card_id)

    def can_override(self) -> bool:
        """Whether the last answer is one "I was right" can count as right: written, graded
        wrong, not empty, and not a number checked against a computed value (a numeric card)."""
        feedback = self.feedback
        return (
            feedback is not None
            and feedback.kind == "written"
            and not feedback.correct
            and bool(feedback.given.strip())
            and not feedback.computed
        )

    def override(self) -> Feedback:
        """ "I was right": count the last written answer, graded wrong, as right."""
        feedback = self.feedback
        if feedback is None or not self.can_override():
            raise RuntimeError("only a written answer graded wrong can be overridden")
        collection, answer = self.collection, self.saved_answers[feedback.number]
        # queued after the answer's own write, so its id is known when this runs
        self.saver.submit("correction", lambda: collection.mark_answer_right(answer.result()))
        self.misses[feedback.card_id] -= 1
        self._missed_this_round.remove(feedback.card_id)
        self._apply(feedback.card_id, True)
        self.feedback = Feedback(
            feedback.card_id,
            feedback.kind,
            True,
            feedback.right_answer,
            feedback.given,
            feedback.grade,
            feedback.number,
        )
        self._keep()
        return self.feedback

    def rate(self, rating: Rating) -> None:
        """Rate how well the card of the last written answer (or revealed card) was known
        (learn mode); a revealed card climbs when rated at least :data:`KNOWN_RATING`."""
        if not self.needs_rating or self.feedback is None:
            raise RuntimeError("ratings follow a written answer")
        card_id = self.feedback.card_id
        if self.feedback.kind == "reveal":
            known = rating >= KNOWN_RATING
            self.answers += 1
            self._apply(card_id, known)
            self.feedback = replace(self.feedback, correct=known)
        rate, now = self.collection.rate, self.collection.clock.now()
        self.saver.submit(
            "rating", lambda: rate(card_id, rating, mode="learn", scheduled=False, at=now)
        )
        self.rated[self.feedback.number] = rating
        self.ratings.append(rating)
        self._keep()

    def advance(self) -> None:
        """Go on after the feedback to the next question of the round (or the round's end)."""
        if self.feedback is None:
            raise RuntimeError("answer the question first")
        if self.needs_rating:
            raise RuntimeError("rate the card 1–5 first")
        self.round_position += 1
        self._ask()

    def summary(self) -> LearnSummary:
        """Counts and time of the session so far."""
        now = self.collection.clock.now()
        counts = Counter(self.ratings)
        hardest = [card_id for card_id, missed in self.misses.most_common() if missed > 0]
        return LearnSummary(
            cards=len(self.cards),
            learned=self.learned,
            answers=self.answers,
            correct=self.correct,
            rounds=self.round_number,
            seconds=max(0.0, (now - (self.started_at or now)).total_seconds()),
            ratings={rating: counts.get(rating, 0) for rating in Rating},
            hardest=tuple(hardest[:5]),
        )


def _first_step(card: CardView) -> Step:
    """Where a card starts: multiple choice, or written when it has no answer to show."""
    return Step.CHOICE if card.numeric or answer_label(card) else Step.WRITTEN


def session_cards(collection: Collection, scope: Scope) -> Sequence[CardView]:
    """The scope's cards for a learn session: all of them read at once, or for a big scope
    (over :data:`LOADED_AT_ONCE`) their ids in order and each card read when it is asked."""
    card_ids = collection.scope_card_order(scope)
    if len(card_ids) <= LOADED_AT_ONCE:
        found = collection.cards(card_ids)
        return [found[card_id] for card_id in card_ids]
    return ScopeCards(card_ids, collection.cards)
