"""Learn progress kept per scope and taken up on re-entry: the round, each card's step, the
counts; start over; cards gone or new since; unreadable progress."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.learn import LearnSession, Step
from studyapp.modes.learn_progress import (
    CardProgress,
    LearnProgress,
    progress_state,
    read_progress,
)
from studyapp.modes.unfinished import UnusableStateError
from studyapp.scope import Scope
from tests.conftest import WriteDeck, optimizer_deck


def _answer(session: LearnSession, right: bool) -> None:
    question = session.question
    assert question is not None
    if question.kind == "choice":
        assert question.choice is not None
        answer = question.choice.answer
        session.answer_choice(answer if right else (answer + 1) % len(question.choice.options))
    else:
        session.answer_written(question.card.short or "" if right else "no idea")
        session.rate(4)


def _play(session: LearnSession, outcomes: list[bool]) -> None:
    """Answer (and go on) once per outcome, starting a new round when one ends."""
    for right in outcomes:
        if session.question is None:
            if session.done:
                return
            session.next_round()
        _answer(session, right)
        session.advance()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(outcomes=st.lists(st.booleans(), max_size=40))
def test_progress_survives_the_store(outcomes: list[bool]) -> None:
    progress = LearnProgress(
        cards={7: CardProgress(2, 1, True), 8: CardProgress(0), 9: CardProgress(1, 3, True)},
        round_number=len(outcomes),
        round_cards=(9, 8),
        round_position=sum(outcomes) % 3,
        round_correct=sum(outcomes),
        missed_last_round=(9,),
        missed_this_round=(8,) if outcomes else (),
        answers=len(outcomes),
        correct=sum(outcomes),
        ratings={4: sum(outcomes)} if any(outcomes) else {},
        elapsed_ms=1000 * len(outcomes),
    )
    assert read_progress(progress_state(progress)) == progress


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(outcomes=st.lists(st.booleans(), min_size=1, max_size=30), seed=st.integers(0, 999))
def test_learn_resumes_where_it_stopped(
    collection: Collection, deck: Scope, clock: FixedClock, outcomes: list[bool], seed: int
) -> None:
    collection.discard_unfinished("learn", deck)  # each example starts afresh
    session = LearnSession.open(collection, deck, random.Random(seed))
    _play(session, outcomes)
    if session.question is not None:  # left with an answer on screen, not yet gone on from
        _answer(session, True)
    clock.advance(minutes=1)
    again = LearnSession.open(collection, deck, random.Random(seed + 1))
    if session.done:
        assert again.resumed_from is None
        assert again.learned == 0
        return
    assert again.resumed_from is not None
    assert again.steps == session.steps
    assert again.misses == session.misses
    assert again.seen == session.seen
    assert (again.round_number, again.round_cards) == (session.round_number, session.round_cards)
    position = session.round_position + (session.feedback is not None)
    assert again.round_position == position
    assert (again.answers, again.correct, again.ratings) == (
        session.answers,
        session.correct,
        session.ratings,
    )
    if again.question is not None:
        assert again.question.card.id == session.round_cards[position]


def test_progress_is_kept_per_scope_and_start_over_clears_it(
    collection: Collection, deck: Scope, clock: FixedClock
) -> None:
    session = LearnSession.open(collection, deck, random.Random(1))
    _play(session, [True] * 5)
    tagged = Scope(tag="optimizers")
    other = LearnSession.open(collection, tagged, random.Random(1))
    assert other.resumed_from is None
    left_at = clock.now()
    clock.advance(minutes=12)
    again = LearnSession.open(collection, deck, random.Random(2))
    assert again.resumed_from == left_at
    assert again.steps == session.steps
    fresh = again.start_over()
    assert collection.unfinished_session("learn", deck) is None
    assert set(fresh.steps.values()) == {Step.CHOICE}
    assert (fresh.round_number, fresh.answers) == (1, 0)
    _play(fresh, [True])
    assert collection.unfinished_session("learn", deck) is not None  # kept again as it goes


def test_a_finished_session_leaves_nothing_to_resume(collection: Collection, deck: Scope) -> None:
    session = LearnSession.open(collection, deck, random.Random(5))
    _play(session, [True] * 40)
    assert session.done
    assert collection.unfinished_session("learn", deck) is None


def test_cards_gone_are_dropped_and_new_cards_join(
    collection: Collection, deck: Scope, write_deck: WriteDeck
) -> None:
    session = LearnSession.open(collection, deck, random.Random(6))
    _play(session, [True, False, True])
    gone = session.round_cards[0]
    gone_card = session.by_id[gone]
    # its question reworded (a new card, the old one retired) and a card added before it
    text = optimizer_deck().replace(
        f"## {gone_card.question}", "## A new card?\nYes.\n\n## Reworded?"
    )
    collection.import_file(write_deck("opt.md", text))
    again = LearnSession.open(collection, deck, random.Random(6))
    assert again.resumed_from is not None
    assert gone not in again.steps
    assert gone not in again.round_cards
    assert again.round_position == 2  # one answered card left, one still there
    new = [card.id for card in again.cards if card.id not in session.steps]
    assert new
    assert all(again.steps[card_id] == Step.CHOICE for card_id in new)


@pytest.mark.parametrize("state", [{}, {"version": 1, "cards": "all"}, {"version": 9}])
def test_unreadable_progress_starts_afresh_and_says_why(
    collection: Collection, deck: Scope, state: dict[str, object]
) -> None:
    collection.keep_unfinished("learn", deck, state)
    with pytest.raises(UnusableStateError):
        read_progress(state)
    session = LearnSession.open(collection, deck, random.Random(7))
    assert session.resumed_from is None
    assert session.resume_problem is not None
    assert "could not be read" in session.resume_problem
    assert collection.unfinished_session("learn", deck) is None
