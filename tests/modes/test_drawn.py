"""Numeric cards in the study modes: drawn per question, fixed while asked, graded by value."""

from __future__ import annotations

import random

import pytest

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.drawn import draw_card, is_undrawn_numeric
from studyapp.modes.grading import grade_answer, numeric_prompt, right_answer, typed_answer
from studyapp.modes.learn import LearnSession
from studyapp.modes.matching import MatchGame
from studyapp.modes.questions import answer_label, make_multiple_choice
from studyapp.modes.saving import Saver
from studyapp.modes.spaced import SpacedSession
from studyapp.modes.test import TestSession
from studyapp.modes.test_progress import keep_test, resume_test
from studyapp.scheduling.rating import Rating
from studyapp.scope import Scope
from studyapp.store.cards import CardView
from tests.conftest import NUMERIC_DECK, WriteDeck, optimizer_deck


@pytest.fixture
def numbers(collection: Collection, write_deck: WriteDeck) -> Scope:
    collection.import_file(write_deck("numbers.md", NUMERIC_DECK))
    collection.import_file(write_deck("opt.md", optimizer_deck()))
    return Scope(decks=("numbers",))


def _card(collection: Collection, scope: Scope, starts: str) -> CardView:
    return next(card for card in collection.scope_cards(scope) if card.question.startswith(starts))


def test_a_drawn_card_is_filled_in_and_the_same_seed_draws_it_again(
    collection: Collection, numbers: Scope
) -> None:
    template = _card(collection, numbers, "Inverted dropout")
    assert is_undrawn_numeric(template)
    assert answer_label(template) == ""
    assert typed_answer(template) is None
    drawn = draw_card(template, "learn", 1, template.id, 0)
    assert not is_undrawn_numeric(drawn)
    assert drawn.drawn is not None
    assert draw_card(template, "learn", 1, template.id, 0) == drawn
    p = drawn.drawn.values["p"]
    assert drawn.question == (
        f"Inverted dropout drops units with p = {p}: by what factor are kept units scaled?"
    )
    assert drawn.short == drawn.drawn.shown
    assert typed_answer(drawn) == drawn.short
    assert len(drawn.distractors) == 3
    assert draw_card(drawn, "other seed") is drawn  # drawn once, never again
    others = {draw_card(template, "learn", 1, template.id, n).question for n in range(20)}
    assert len(others) > 1  # asked again, drawn afresh


def test_a_typed_number_is_right_within_the_tolerance(
    collection: Collection, numbers: Scope
) -> None:
    template = _card(collection, numbers, "Inverted dropout")
    drawn = next(
        card
        for n in range(50)
        if (card := draw_card(template, n)).drawn is not None and card.drawn.values["p"] == 0.2
    )
    for typed in ("1.25", "5/4", "scale = 1.2549", "125%"):
        assert grade_answer(drawn, typed).correct, typed
    for typed in ("1.27", "0.8", "", "a lot"):
        assert not grade_answer(drawn, typed).correct, typed
    grade = grade_answer(drawn, "1.2549")
    assert (grade.exact, grade.matched) == (False, "1.25 (±1%)")
    assert grade_answer(drawn, "1.250").exact
    assert right_answer(drawn, grade) == "1.25 (±1%)"
    assert numeric_prompt(drawn) == (
        "Type the number (right within ±1%), then enter; 1/40, 2.5e-2 and 2.5×10^-2 are read too."
    )
    assert numeric_prompt(template) is None


def test_multiple_choice_offers_only_the_known_mistakes(
    collection: Collection, numbers: Scope
) -> None:
    pool = collection.scope_cards(Scope())
    template = _card(collection, numbers, "Inverted dropout")
    for seed in range(20):
        drawn = draw_card(template, seed)
        assert drawn.drawn is not None
        choice = make_multiple_choice(drawn, pool, random.Random(seed))
        assert choice is not None
        assert choice.options[choice.answer] == drawn.drawn.shown
        assert sorted(choice.options) == sorted([drawn.drawn.shown, *drawn.drawn.mistakes])
    # and a numeric card is never offered as a wrong answer to another card
    other = next(card for card in pool if card.deck == "opt")
    for seed in range(20):
        choice = make_multiple_choice(other, pool, random.Random(seed))
        assert choice is not None
        assert not any(option[0].isdigit() for option in choice.options)


def _answer_right(session: LearnSession) -> None:
    question = session.question
    assert question is not None
    assert question.card.drawn is not None
    if question.kind == "choice":
        assert question.choice is not None
        session.answer_choice(question.choice.answer)
    else:
        session.answer_written(question.card.drawn.shown)
        session.rate(Rating.PERFECTLY)
    session.advance()


def test_learn_asks_a_numeric_card_by_choice_then_written_with_fresh_numbers(
    collection: Collection, numbers: Scope
) -> None:
    session = LearnSession.start(collection, numbers, random.Random(3))
    asked: list[tuple[str, str]] = []
    while not session.done and len(asked) < 20:
        question = session.question
        if question is None:
            session.next_round()
            continue
        assert question.card.drawn is not None
        assert "{" not in question.prompt
        assert session.question is question  # showing it again shows the same numbers
        asked.append((question.kind, question.prompt))
        _answer_right(session)
    assert session.done
    assert [kind for kind, _ in asked] == ["choice", "choice", "written", "written"]


def test_learn_grades_a_written_number_and_shows_it_with_the_tolerance(
    collection: Collection, numbers: Scope
) -> None:
    session = LearnSession.start(collection, numbers, random.Random(3))
    _answer_right(session)
    _answer_right(session)
    session.next_round()
    question = session.question
    assert question is not None
    assert question.kind == "written"
    assert question.card.drawn
    wrong = session.answer_written(question.card.drawn.mistakes[0])
    assert not wrong.correct
    assert wrong.right_answer == question.card.drawn.shown_with_tolerance
    assert wrong.computed
    assert not session.can_override()  # a computed number: "I was right" cannot overrule it


def test_a_resumed_learn_session_shows_the_same_numbers(
    collection: Collection, numbers: Scope
) -> None:
    session = LearnSession.open(collection, numbers, random.Random(5))
    _answer_right(session)
    shown = session.question
    assert shown is not None
    again = LearnSession.open(collection, numbers, random.Random(99))
    assert again.resumed_from is not None
    assert again.question is not None
    assert (again.question.prompt, again.question.card.drawn) == (shown.prompt, shown.card.drawn)


def test_a_test_grades_numbers_and_resumes_with_the_same_ones(
    collection: Collection, numbers: Scope, clock: FixedClock
) -> None:
    session = keep_test(TestSession.start(collection, numbers, 2, ("written",), random.Random(4)))
    prompts = [question.prompt for question in session.questions]
    assert len(prompts) == 2
    assert all("{" not in prompt for prompt in prompts)
    first, second = session.questions
    assert first.cards[0].drawn is not None
    session.answer(1, first.cards[0].drawn.shown)
    session.leave(resume_later=True)
    saved = collection.unfinished_session("test", numbers)
    assert saved is not None
    taken_up = resume_test(collection, numbers, saved, saver=Saver.inline())
    assert taken_up.left_out == 0
    resumed = taken_up.session
    assert [question.prompt for question in resumed.questions] == prompts
    resumed.answer(2, "0")
    result = resumed.finish()
    assert [mark.correct for mark in result.marks] == [True, False]
    assert not resumed.can_override(2)  # graded against a computed value
    assert result.marks[1].right == second.cards[0].drawn.shown_with_tolerance  # type: ignore[union-attr]


def test_spaced_draws_each_showing_and_an_undo_shows_the_same_numbers(
    collection: Collection, numbers: Scope
) -> None:
    session = SpacedSession.start(collection, numbers)
    first = session.current
    assert first is not None
    assert first.drawn is not None
    assert session.current is first  # re-rendering draws nothing new
    session.reveal()
    session.rate(Rating.TWO)  # below 4: it comes back in this session
    session.undo()
    assert session.current == first
    shown = []
    for _ in range(6):
        card = session.current
        assert card is not None
        assert card.drawn is not None
        shown.append((card.id, card.question))
        session.reveal()
        session.rate(Rating.NOT_AT_ALL)
    same_card = [question for card_id, question in shown if card_id == shown[0][0]]
    assert len(same_card) >= 2
    assert len(set(same_card)) > 1


def test_matching_leaves_numeric_cards_out(collection: Collection, numbers: Scope) -> None:
    assert MatchGame.start(collection, numbers, random.Random(1)) is None  # nothing to match
    for seed in range(10):
        game = MatchGame.start(collection, Scope(), random.Random(seed))
        assert game is not None
        assert not any(tile.card_id in _numeric_ids(collection) for tile in game.tiles)


def _numeric_ids(collection: Collection) -> set[int]:
    return {card.id for card in collection.scope_cards(Scope()) if card.numeric is not None}
