"""Test mode without a screen: building a test, answering, scoring, saving."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

import pytest
from sqlalchemy import select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.test import (
    QUESTION_KINDS,
    Response,
    TestQuestion,
    TestSession,
    askable_cards,
    askable_count,
    build_test,
    draw_test_sample,
    grade_question,
    scope_askable,
)
from studyapp.modes.test_progress import keep_test, saved_test_summary
from studyapp.scheduling.rating import Rating
from studyapp.scope import Scope
from studyapp.store.cards import CardView
from studyapp.store.schema import answers, reviews, test_results
from tests.conftest import NUMERIC_DECK, WriteDeck
from tests.modes.saving_tools import held_saver
from tests.store_rows import all_rows, one_row


def _right_response(question: TestQuestion) -> Response:
    if question.choice is not None:
        return question.choice.answer
    if question.true_false is not None:
        return question.true_false.is_true
    if question.matching is not None:
        return question.matching.solution
    return question.cards[0].short or ""


def test_kinds_are_spread_evenly_and_each_card_is_asked_once(
    collection: Collection, deck: Scope
) -> None:
    cards = collection.scope_cards(deck)
    questions = build_test(cards, 6, ["choice", "true_false", "written"], random.Random(2))
    assert [q.number for q in questions] == [1, 2, 3, 4, 5, 6]
    assert Counter(q.kind for q in questions) == {"choice": 2, "true_false": 2, "written": 2}
    asked = [card.id for q in questions for card in q.cards]
    assert len(asked) == len(set(asked)) == 6


def test_a_matching_question_pairs_four_cards(collection: Collection, deck: Scope) -> None:
    questions = build_test(collection.scope_cards(deck), 2, ["matching"], random.Random(5))
    assert [len(q.cards) for q in questions] == [4, 4]
    for question in questions:
        assert question.matching is not None
        assert question.matching.card_ids == tuple(card.id for card in question.cards)


def test_an_exam_is_cut_short_when_cards_run_out(collection: Collection, deck: Scope) -> None:
    questions = build_test(collection.scope_cards(deck), 12, ["matching"], random.Random(5))
    # 10 cards for 12 matching questions: three pairs each (never two, where the first pair
    # gives the second away), and the one card left is asked on its own
    assert [len(q.cards) for q in questions] == [3, 3, 3, 1]
    assert [q.kind for q in questions][:3] == ["matching"] * 3
    assert questions[3].kind in ("written", "choice")


def test_matching_questions_shrink_so_every_question_gets_cards(
    collection: Collection, deck: Scope
) -> None:
    questions = build_test(collection.scope_cards(deck), 8, QUESTION_KINDS, random.Random(5))
    # 8 questions (2 of each kind) from 10 cards: two matching questions of three pairs and
    # 6 single-card questions would need 12, so one matching question is of another kind and
    # the other pairs the 3 cards left
    assert len(questions) == 8
    assert sorted(len(q.cards) for q in questions if q.kind == "matching") == [3]
    asked = [card.id for q in questions for card in q.cards]
    assert len(asked) == len(set(asked)) == 10


def test_no_matching_question_has_fewer_than_three_pairs(
    collection: Collection, deck: Scope
) -> None:
    cards = collection.scope_cards(deck)
    for seed in range(10):
        for count in range(1, 11):
            for kinds in (QUESTION_KINDS, ("matching", "written"), ("matching",)):
                for question in build_test(cards, count, kinds, random.Random(seed)):
                    if question.matching is not None:
                        assert 3 <= len(question.matching.prompts) <= 4
    four = build_test(cards[:4], 1, ["matching"], random.Random(1))
    assert [len(q.cards) for q in four] == [4]
    two = build_test(cards[:2], 2, ["matching"], random.Random(1))
    assert [q.kind for q in two] != ["matching"]  # two cards: asked one at a time instead
    assert all(len(q.cards) == 1 for q in two)


def test_the_exam_is_the_same_for_the_same_seed(collection: Collection, deck: Scope) -> None:
    cards = collection.scope_cards(deck)
    assert build_test(cards, 8, QUESTION_KINDS, random.Random(9)) == build_test(
        cards, 8, QUESTION_KINDS, random.Random(9)
    )


@pytest.mark.parametrize(("count", "kinds"), [(0, ["choice"]), (201, ["choice"]), (5, [])])
def test_bad_exam_settings_are_refused(
    collection: Collection, deck: Scope, count: int, kinds: list
) -> None:
    with pytest.raises(ValueError, match=r"questions|kinds"):
        build_test(collection.scope_cards(deck), count, kinds, random.Random(1))


def test_grading_each_kind(collection: Collection, deck: Scope) -> None:
    questions = build_test(collection.scope_cards(deck), 4, QUESTION_KINDS, random.Random(4))
    for question in questions:
        right = grade_question(question, _right_response(question))
        assert right.correct, question.kind
        assert not grade_question(question, None).correct
    written = next(q for q in questions if q.kind == "written")
    short = written.cards[0].short or ""
    assert grade_question(written, short.lower() + ".").correct  # lenient
    matching = next(q for q in questions if q.matching is not None)
    assert matching.matching is not None
    swapped = list(matching.matching.solution)
    swapped[0], swapped[1] = swapped[1], swapped[0]
    mark = grade_question(matching, tuple(swapped))
    assert not mark.correct
    assert mark.pairs_right == len(swapped) - 2
    statement = next(q for q in questions if q.true_false is not None)
    assert statement.true_false is not None
    assert not grade_question(statement, not statement.true_false.is_true).correct


def test_answers_of_the_wrong_shape_are_refused(collection: Collection, deck: Scope) -> None:
    session = TestSession.start(collection, deck, 4, QUESTION_KINDS, random.Random(4))
    for question in session.questions:
        with pytest.raises(ValueError, match="not an answer"):
            session.answer(question.number, 99 if question.kind == "written" else "x")


def test_a_withdrawn_answer_counts_as_unanswered_in_the_kept_test_and_the_score(
    collection: Collection, deck: Scope
) -> None:
    session = keep_test(TestSession.start(collection, deck, 3, ["written"], random.Random(4)))
    first, second, _ = session.questions
    session.answer(first.number, _right_response(first))
    session.answer(second.number, _right_response(second))
    session.withdraw(second.number)  # the student emptied the field
    session.withdraw(3)  # never answered: nothing to take back
    assert session.responses == {first.number: _right_response(first)}
    saved = collection.unfinished_session("test", deck)
    assert saved is not None
    assert saved_test_summary(saved).answered == 1
    result = session.finish()
    assert (result.correct, result.total) == (1, 3)
    with pytest.raises(RuntimeError, match="over"):
        session.withdraw(first.number)


def test_a_finished_test_is_scored_timed_and_saved(
    collection: Collection, deck: Scope, clock: FixedClock
) -> None:
    session = TestSession.start(collection, deck, 5, QUESTION_KINDS, random.Random(11))
    assert len(session.questions) == 5
    wrong = session.questions[0]
    for question in session.questions[1:]:
        clock.advance(seconds=10)
        session.answer(question.number, _right_response(question))
    assert session.answered == 4
    result = session.finish()
    assert (result.correct, result.total, result.percent) == (4, 5, 80.0)
    assert result.seconds == 40
    assert [mark.correct for mark in result.marks] == [False, True, True, True, True]
    assert result.marks[0].question is wrong
    assert session.finish() is result  # saved once
    with pytest.raises(RuntimeError, match="over"):
        session.answer(1, "late")
    with collection.engine.connect() as db:
        test_row = one_row(db, test_results)
        assert (test_row.scope, test_row.questions, test_row.correct, test_row.duration_ms) == (
            "deck:opt",
            5,
            4,
            40_000,
        )
        assert sorted(test_row.kinds) == sorted(QUESTION_KINDS)
        saved = all_rows(db, answers)
    cards_asked = sum(len(q.cards) for q in session.questions)
    assert len(saved) == cards_asked
    assert all(a.mode == "test" and a.test_id == test_row.id for a in saved)
    wrong_cards = {card.id for card in wrong.cards}
    assert {a.card_id for a in saved if not a.correct} == wrong_cards


def test_a_test_saved_late_keeps_its_time_and_its_questions_are_rated_through_the_session(
    collection: Collection, deck: Scope, clock: FixedClock
) -> None:
    with held_saver() as (saver, gate):
        session = TestSession.start(
            collection, deck, 4, ["matching", "written"], random.Random(5), saver=saver
        )
        with pytest.raises(RuntimeError, match="finish"):
            session.rate(1, 4)
        clock.advance(seconds=20)
        result = session.finish()
        assert not result.saved.done()
        clock.advance(minutes=3)  # the store lets the write in later
        matching = next(q for q in session.questions if q.kind == "matching")
        session.rate(matching.number, 2)
        with pytest.raises(ValueError, match=r"from 1 \(Not at all\) to 5"):
            session.rate(1, Rating.of(0))
        assert session.ratings == {matching.number: 2}
        gate.set()
        assert saver.flush(5)
    with collection.engine.connect() as db:
        test_row = one_row(db, test_results)
        assert (test_row.id, test_row.duration_ms) == (result.saved.result(0), 20_000)
        rated = db.execute(select(reviews.c.card_id, reviews.c.mode, reviews.c.rating)).all()
    assert sorted(rated) == sorted((card.id, "test", 2) for card in matching.cards)
    assert len(rated) == len(matching.cards) > 1


def test_i_was_right_counts_a_written_answer_in_the_score_and_the_store(
    collection: Collection, deck: Scope
) -> None:
    session = TestSession.start(collection, deck, 3, ["written"], random.Random(2))
    first, second, third = session.questions
    session.answer(first.number, "Dropout")
    session.answer(second.number, (second.cards[0].short or "") + "!")
    result = session.finish()  # the third is left unanswered
    assert result.correct == 1
    assert result.marks[0].right == first.cards[0].short  # what was expected, not a cut line
    assert not session.can_override(second.number)  # graded right already
    assert not session.can_override(third.number)  # nothing was typed
    with pytest.raises(RuntimeError, match="graded wrong"):
        session.override(third.number)
    mark = session.override(first.number)
    assert (mark.correct, mark.overridden, mark.given) == (True, True, "Dropout")
    assert session.result is not None
    assert (session.result.correct, session.result.percent) == (2, 200 / 3)
    assert session.result.marks[0] is mark
    assert not session.can_override(first.number)
    with collection.engine.connect() as db:
        assert one_row(db, test_results).correct == 2
        saved = {a.card_id: a for a in all_rows(db, answers)}
    overridden = saved[first.cards[0].id]
    assert (overridden.correct, overridden.overridden, overridden.given) == (True, True, "Dropout")
    assert [(a.correct, a.overridden) for a in saved.values()].count((True, False)) == 1


LONG_ANSWERS = """---
id: long
title: Long answers
---
## What does momentum add to SGD?
A running average of past gradients.

It damps oscillations across a ravine.

## What does weight decay do?
- shrinks every weight a little each step
- keeps the weights small

## What multiplies the gradient?
The learning rate.
"""


def test_written_questions_go_to_cards_with_an_answer_to_type(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("long.md", LONG_ANSWERS))
    cards = collection.scope_cards(Scope(decks=("long",)))
    for seed in range(6):
        questions = build_test(cards, 3, ["written"], random.Random(seed))
        # the one card whose whole answer is one short line is typed; the list, with nothing
        # fair to type, is asked by multiple choice instead; the two paragraphs, with neither
        # an answer to type nor one to show as an option, are not asked
        assert sorted(q.kind for q in questions) == ["choice", "written"]
        written = next(q for q in questions if q.kind == "written")
        assert written.cards[0].answer == "The learning rate."
        assert grade_question(written, "learning rate").correct


def test_askable_cards_are_those_a_test_asks(
    collection: Collection, write_deck: WriteDeck, deck: Scope
) -> None:
    collection.import_file(write_deck("long.md", LONG_ANSWERS))
    both = Scope(decks=("long", "opt"))
    cards = collection.scope_cards(both)
    askable = askable_cards(cards)
    # every card of the optimizer deck, and two of the three long ones: not the two paragraphs
    assert len(cards) - len(askable) == 1
    assert all(card.answer.count("\n\n") == 0 for card in askable)
    for kinds in (["choice"], ["written"], QUESTION_KINDS):
        questions = build_test(cards, len(askable), kinds, random.Random(4))
        asked = {card.id for q in questions for card in q.cards}
        assert asked <= {card.id for card in askable}
    assert len(build_test(cards, len(cards), ["choice"], random.Random(4))) == len(askable)
    lone = [card for card in cards if card.answer == "The learning rate."]
    assert askable_cards(lone) == lone  # typed, though no wrong option is there to choose


def test_a_card_with_nothing_to_type_or_choose_is_left_out(
    collection: Collection, write_deck: WriteDeck
) -> None:
    one = LONG_ANSWERS.split("## What does weight decay do?")[0]
    collection.import_file(write_deck("one.md", one))
    cards = collection.scope_cards(Scope(decks=("long",)))
    assert build_test(cards, 1, QUESTION_KINDS, random.Random(1)) == []
    assert askable_cards(cards) == []


#: Cards of every shape a short answer can give (or not): plain, Markdown, a formula, a link
#: with no text, none (a long answer, a one-line answer), a cloze card.
MIXED_DECK = """---
id: mixed
title: Mixed
---

## Plain?
A long answer.

It has two paragraphs.

short:: Adam

## Markdown?
Answer.

short:: **bold** move

## Formula?
Answer.

short:: $\\beta_1$

## Empty link?
First paragraph.

Second paragraph.

short:: [](http://example.org)

## Long?
First paragraph.

Second paragraph.

## One line?
One line that is the whole answer.

## Cloze {{c1::hidden}} word?
Text.
"""


def test_a_scope_s_askable_cards_are_counted_from_their_short_answers(
    collection: Collection, write_deck: WriteDeck, deck: Scope
) -> None:
    collection.import_file(write_deck("mixed.md", MIXED_DECK))
    collection.import_file(write_deck("numbers.md", NUMERIC_DECK))
    for scope in (Scope(), Scope(decks=("mixed",)), Scope(decks=("numbers",)), deck):
        cards = collection.scope_cards(scope)
        assert scope_askable(collection, scope) == (len(cards), len(askable_cards(cards)))
    cards = collection.scope_cards(Scope(decks=("mixed",)))
    assert len(askable_cards(cards)) < len(cards)  # the deck has cards a test can't ask


def test_askable_count_stops_at_the_most_it_is_asked_for(
    collection: Collection, deck: Scope
) -> None:
    cards = collection.scope_cards(deck)
    assert askable_count(cards, 100) == len(askable_cards(cards)) == 10
    assert askable_count(cards, 4) == 4


def test_a_big_scope_s_test_is_built_from_a_sample_of_it(
    collection: Collection, deck: Scope, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("studyapp.modes.test.SHUFFLED_AT_ONCE", 2)
    monkeypatch.setattr("studyapp.modes.test.SAMPLE_STEP", 3)
    loaded: list[int] = []

    def load(ids: Sequence[int]) -> dict[int, CardView]:
        loaded.extend(ids)
        return collection.cards(ids)

    card_ids = collection.scope_card_set(deck)
    sample = draw_test_sample(card_ids, 1, random.Random(4), load)
    assert len(sample) == len(loaded) == 6  # 4 askable cards a question: two steps of three
    assert len(set(loaded)) == 6
    session = TestSession.start(collection, deck, 2, ["choice", "written"], random.Random(4))
    assert [question.kind for question in session.questions] == ["choice", "written"] or [
        question.kind for question in session.questions
    ] == ["written", "choice"]
