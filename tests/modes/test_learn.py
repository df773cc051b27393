"""Learn mode without a screen: rounds, choice then written, misses back, override, saving."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import UTC

import pytest

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.learn import LearnSession, Step
from studyapp.modes.scope_cards import ScopeCards
from studyapp.scheduling.rating import Rating
from studyapp.scope import Scope
from studyapp.store.cards import CardView
from studyapp.store.schema import answers, card_states, reviews
from tests.conftest import WriteDeck
from tests.modes.saving_tools import held_saver
from tests.store_rows import all_rows, get_row, one_row


def _start(collection: Collection, deck: Scope) -> LearnSession:
    return LearnSession.start(collection, deck, random.Random(3))


def _answer_right(session: LearnSession, rating: int = 5) -> None:
    question = session.question
    assert question is not None
    if question.kind == "choice":
        assert question.choice is not None
        session.answer_choice(question.choice.answer)
    else:
        session.answer_written(question.card.short or "")
        session.rate(rating)
    session.advance()


def _answer_wrong(session: LearnSession) -> None:
    question = session.question
    assert question is not None
    if question.kind == "choice":
        assert question.choice is not None
        session.answer_choice((question.choice.answer + 1) % len(question.choice.options))
    else:
        session.answer_written("no idea")
        session.rate(1)
    session.advance()


def _play_round(session: LearnSession, wrong: set[int] = frozenset()) -> None:  # type: ignore[assignment]
    while session.question is not None:
        if session.question.card.id in wrong:
            _answer_wrong(session)
        else:
            _answer_right(session)


def test_rounds_hold_seven_cards_asked_first_by_multiple_choice(
    collection: Collection, deck: Scope
) -> None:
    session = _start(collection, deck)
    assert session.round_number == 1
    assert len(session.round_cards) == 7
    assert session.question is not None
    assert session.question.kind == "choice"
    choice = session.question.choice
    assert choice is not None
    assert len(choice.options) == 4
    assert session.progress == 0


def test_a_card_is_learned_after_choice_then_written_and_the_session_ends(
    collection: Collection, deck: Scope
) -> None:
    session = _start(collection, deck)
    first_round = list(session.round_cards)
    _play_round(session)
    assert all(session.steps[card] == Step.WRITTEN for card in first_round)
    report = session.next_round()
    assert report is not None
    assert (report.number, report.asked, report.correct) == (1, 7, 7)
    # round 2: the seven cards in progress (written), none new yet
    assert session.round_cards == first_round
    assert session.question is not None
    assert session.question.kind == "written"
    rounds = 1
    while not session.done:
        _play_round(session)
        session.next_round()
        rounds += 1
    assert session.progress == 1
    assert session.question is None
    summary = session.summary()
    assert (summary.cards, summary.learned, summary.answers, summary.correct) == (10, 10, 20, 20)
    assert summary.ratings == {1: 0, 2: 0, 3: 0, 4: 0, 5: 10}
    assert summary.rounds == rounds == 4  # 7 choice, 7 written, then 3 choice, 3 written


def test_misses_come_back_first_in_the_next_round(collection: Collection, deck: Scope) -> None:
    session = _start(collection, deck)
    missed = session.round_cards[4]
    _play_round(session, wrong={missed})
    assert session.steps[missed] == Step.CHOICE
    session.next_round()
    assert session.round_cards[0] == missed
    assert session.question is not None
    assert session.question.kind == "choice"
    assert session.summary().hardest == (missed,)


def test_progress_counts_each_step(collection: Collection, deck: Scope) -> None:
    session = _start(collection, deck)
    _answer_right(session)
    assert session.progress == pytest.approx(1 / 20)


def test_progress_counts_only_the_steps_a_card_has(
    collection: Collection, write_deck: WriteDeck
) -> None:
    deck = (
        "---\nid: mixed\n---\n"
        "## What multiplies the gradient?\nThe learning rate.\n\n"
        "## Why does momentum help?\nIt averages past gradients.\n\nIt damps zigzags.\n\n"
        "## What stops training early?\nEarly stopping.\n"
    )
    collection.import_file(write_deck("mixed.md", deck))
    session = LearnSession.start(collection, Scope(decks=("mixed",)), random.Random(1))
    assert session.progress == 0  # nothing climbed, though one card has no option to show
    while session.question is not None:  # round 1: two choices, and the reveal known
        if session.question.kind == "reveal":
            session.reveal()
            session.rate(Rating.FOUR)
            session.advance()
        else:
            _answer_right(session)
    # two cards x two steps and the reveal-only card's one step: 3 of 5 climbed
    assert session.progress == pytest.approx(3 / 5)


def test_written_answers_are_graded_leniently_and_can_be_overridden(
    collection: Collection, deck: Scope
) -> None:
    session = _start(collection, deck)
    _play_round(session)
    session.next_round()
    question = session.question
    assert question is not None
    assert question.kind == "written"
    right = question.card.short or ""
    typo = right[:-2] + right[-1] + right[-2]  # two letters swapped
    feedback = session.answer_written(f"the {typo.upper()}!")
    assert feedback.correct
    assert feedback.grade is not None
    assert feedback.grade.typo
    session.rate(4)
    session.advance()
    wrong = session.answer_written("something else entirely")
    assert not wrong.correct
    assert wrong.right_answer == session.question.card.short
    card_id = wrong.card_id
    assert session.steps[card_id] == Step.WRITTEN
    overridden = session.override()
    assert overridden.correct
    assert session.steps[card_id] == Step.LEARNED
    assert session.misses[card_id] == 0
    with pytest.raises(RuntimeError, match="graded wrong"):
        session.override()
    with collection.engine.connect() as db:
        answer = get_row(db, answers, session.saved_answers[wrong.number].result(timeout=0))
        assert answer is not None
        assert (answer.correct, answer.overridden) == (True, True)


def test_written_answers_wait_for_a_rating_that_feeds_mastery_not_the_schedule(
    collection: Collection, deck: Scope, clock: FixedClock
) -> None:
    session = _start(collection, deck)
    _play_round(session)
    session.next_round()
    assert session.question is not None
    card_id = session.question.card.id
    clock.advance(seconds=3)
    session.answer_written("nothing like it")
    assert session.needs_rating
    with pytest.raises(RuntimeError, match="rate"):
        session.advance()
    with pytest.raises(ValueError, match=r"from 1 \(Not at all\) to 5"):
        session.rate(Rating.of(6))
    session.rate(2)
    session.advance()
    with collection.engine.connect() as db:
        state = get_row(db, card_states, card_id)
        assert state is not None
        assert (state.last_rating, state.due, state.repetitions, state.reviews) == (2, None, 0, 1)
        review = one_row(db, reviews, reviews.c.card_id == card_id)
        assert (review.mode, review.rating, review.scheduled) == ("learn", 2, False)
        saved = all_rows(db, answers, answers.c.card_id == card_id)
        assert [(a.kind, a.correct) for a in saved] == [("choice", True), ("written", False)]
        assert saved[1].response_ms == 3000
        assert saved[1].given == "nothing like it"


def test_every_answer_is_saved_when_given(collection: Collection, deck: Scope) -> None:
    session = _start(collection, deck)
    _answer_right(session)
    _answer_wrong(session)
    with collection.engine.connect() as db:
        saved = all_rows(db, answers)
        assert [(a.mode, a.kind, a.correct) for a in saved] == [
            ("learn", "choice", True),
            ("learn", "choice", False),
        ]


def test_answers_must_match_the_question(collection: Collection, deck: Scope) -> None:
    session = _start(collection, deck)
    with pytest.raises(RuntimeError, match="not written"):
        session.answer_written("x")
    with pytest.raises(RuntimeError, match="answer the question"):
        session.advance()
    with pytest.raises(IndexError):
        session.answer_choice(9)
    session.answer_choice(0)
    with pytest.raises(RuntimeError, match="no question"):
        session.answer_choice(0)


def test_a_single_card_skips_multiple_choice(collection: Collection, write_deck: WriteDeck) -> None:
    collection.import_file(write_deck("one.md", "---\nid: one\ntitle: One\n---\n## Q\nA\n"))
    session = LearnSession.start(collection, Scope(decks=("one",)))
    assert session.question is not None
    assert session.question.kind == "written"
    session.answer_written("a")
    session.rate(5)
    session.advance()
    session.next_round()
    assert session.done


def test_an_empty_scope_is_done_at_once(collection: Collection) -> None:
    session = LearnSession.start(collection, Scope(tag="nothing"))
    assert session.done
    assert session.question is None
    assert session.progress == 1


def test_answers_override_and_rating_wait_their_turn_while_the_saver_is_held(
    collection: Collection, deck: Scope, clock: FixedClock
) -> None:
    with held_saver() as (saver, gate):
        session = LearnSession.start(collection, deck, random.Random(3), saver=saver)
        _play_round(session)
        session.next_round()
        assert session.question is not None
        card_id = session.question.card.id
        wrong = session.answer_written("nothing like it")
        given_at = clock.now()
        session.override()  # the answer's row does not exist yet
        session.rate(4)
        session.advance()  # the session goes on without the database
        clock.advance(minutes=5)
        assert saver.status().kinds == {"hold": 1, "answer": 8, "correction": 1, "rating": 1}
        with collection.engine.connect() as db:
            assert all_rows(db, answers) == []
        gate.set()
        assert saver.flush(5)
    with collection.engine.connect() as db:
        answer = get_row(db, answers, session.saved_answers[wrong.number].result(0))
        assert answer is not None
        assert (answer.card_id, answer.correct, answer.overridden) == (card_id, True, True)
        review = one_row(db, reviews)
        assert (review.card_id, review.mode, review.rating) == (card_id, "learn", 4)
        assert review.reviewed_at.replace(tzinfo=None) == given_at.astimezone(UTC).replace(
            tzinfo=None
        )


LONG_ANSWERS = """---
id: long
title: Long answers
---
## What does momentum add to SGD?
A running average of past gradients, which damps oscillations across a ravine
and speeds travel along its floor.

## What does weight decay do?
- shrinks every weight a little each step
- keeps the weights small
"""


def _reveal_session(collection: Collection, write_deck: WriteDeck) -> LearnSession:
    collection.import_file(write_deck("long.md", LONG_ANSWERS))
    session = LearnSession.start(collection, Scope(decks=("long",)), random.Random(1))
    while session.question is not None and session.question.kind == "choice":
        _answer_right(session)
    session.next_round()
    return session


def test_a_card_without_a_typed_answer_is_revealed_and_self_rated(
    collection: Collection, write_deck: WriteDeck
) -> None:
    session = _reveal_session(collection, write_deck)
    question = session.question
    assert question is not None
    # too long to type, one list: choices first, then never a cut piece of it to type
    assert question.kind == "reveal"
    with pytest.raises(RuntimeError, match="not written"):
        session.answer_written("A running average of past gradients.")
    feedback = session.reveal()
    assert (feedback.kind, feedback.given) == ("reveal", "")
    assert session.needs_rating
    with pytest.raises(RuntimeError, match="rate"):
        session.advance()
    known = question.card.id
    session.rate(Rating.FOUR)
    assert session.feedback is not None
    assert session.feedback.correct
    session.advance()
    assert session.question is not None
    assert session.question.kind == "reveal"
    missed = session.question.card.id
    session.reveal()
    session.rate(Rating(3))
    session.advance()
    assert session.steps[known] == Step.LEARNED
    assert session.steps[missed] == Step.WRITTEN
    assert session.misses[missed] == 1
    assert (session.answers, session.correct) == (4, 3)  # two choices, then the reveals
    session.next_round()
    assert session.question is not None
    assert session.question.card.id == missed  # comes back next round
    with collection.engine.connect() as db:
        # the ratings are logged (learn mode, no schedule moved); no graded answer is saved
        rated = all_rows(db, reviews)
        assert [(r.card_id, r.mode, r.rating, r.scheduled) for r in rated] == [
            (known, "learn", 4, False),
            (missed, "learn", 3, False),
        ]
        saved = all_rows(db, answers)
        assert [a.kind for a in saved] == ["choice", "choice"]


def test_an_accepted_answer_is_right_and_the_short_one_is_shown(
    collection: Collection, write_deck: WriteDeck
) -> None:
    deck = (
        "---\nid: one\ntitle: One\n---\n"
        "## Q\nA long answer.\n\nshort:: Momentum\naccept:: heavy ball\n"
    )
    collection.import_file(write_deck("one.md", deck))
    session = LearnSession.start(collection, Scope(decks=("one",)))
    feedback = session.answer_written("Heavy-ball!")
    assert feedback.correct
    assert feedback.grade is not None
    assert (feedback.grade.exact, feedback.grade.matched) == (True, "heavy ball")
    assert feedback.right_answer == "Momentum"


def _rounds(session: LearnSession, wrong: set[int]) -> list[list[int]]:
    rounds = []
    while not session.done:
        rounds.append(list(session.round_cards))
        _play_round(session, wrong if len(rounds) == 1 else set())
        session.next_round()
    return rounds


def test_a_big_scope_is_learned_in_the_same_rounds_reading_only_the_cards_asked(
    collection: Collection, deck: Scope, monkeypatch: pytest.MonkeyPatch
) -> None:
    all_ids = [card.id for card in collection.scope_cards(deck)]
    wrong = {all_ids[2], all_ids[5]}
    eager = _start(collection, deck)
    assert isinstance(eager.cards, list)
    expected = _rounds(eager, wrong)
    monkeypatch.setattr("studyapp.modes.learn.LOADED_AT_ONCE", 3)  # 10 cards: a big scope
    monkeypatch.setattr("studyapp.modes.learn.CHOICE_SAMPLE", 4)
    reads: list[list[int]] = []
    read_cards = collection.cards

    def counted_reads(card_ids: Iterable[int]) -> dict[int, CardView]:
        reads.append(list(card_ids))
        return read_cards(card_ids)

    monkeypatch.setattr(collection, "cards", counted_reads)
    lazy = _start(collection, deck)
    assert isinstance(lazy.cards, ScopeCards)
    assert len(lazy.cards) == 10
    assert reads[0] == all_ids[:7]  # the first round's cards, in one read
    assert sum(len(ids) for ids in reads) <= 7 + 4  # and the sample of wrong answers
    assert lazy.progress == 0
    assert _rounds(lazy, wrong) == expected
    summary = lazy.summary()
    assert (summary.cards, summary.learned, summary.answers) == (10, 10, 22)  # 2 missed
    assert lazy.progress == 1


def test_a_big_scope_s_session_is_taken_up_where_it_was_left(
    collection: Collection, deck: Scope, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("studyapp.modes.learn.LOADED_AT_ONCE", 3)
    session = _start(collection, deck)
    _answer_right(session)
    _answer_wrong(session)
    resumed = LearnSession.resume(collection, deck, session.kept_progress(), random.Random(3))
    assert isinstance(resumed.cards, ScopeCards)
    assert resumed.steps == session.steps
    assert resumed.round_cards == session.round_cards
    assert resumed.question is not None
    assert session.question is not None
    assert resumed.question.card.id == session.question.card.id


def test_a_big_scope_s_progress_and_kept_state_count_the_cards_met(
    collection: Collection, deck: Scope, monkeypatch: pytest.MonkeyPatch
) -> None:
    eager = _start(collection, deck)
    monkeypatch.setattr("studyapp.modes.learn.LOADED_AT_ONCE", 3)
    monkeypatch.setattr("studyapp.modes.learn.CHOICE_SAMPLE", 2)
    lazy = _start(collection, deck)
    for _ in range(5):
        _answer_right(eager)
        _answer_right(lazy)
        assert lazy.progress == eager.progress  # every card of the deck starts at a choice
        assert lazy.learned == eager.learned
    kept = lazy.kept_progress()
    assert len(kept.cards) < 10  # the cards met, not every card
    assert kept.cards == {i: c for i, c in eager.kept_progress().cards.items() if i in kept.cards}
    assert all(
        card.step == 0 for i, card in eager.kept_progress().cards.items() if i not in kept.cards
    )
    resumed = LearnSession.resume(collection, deck, kept, random.Random(3))
    assert resumed.steps == lazy.steps
