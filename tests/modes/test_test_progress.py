"""An unfinished test kept in the store and taken up again: the same questions and answers,
changed cards left out, unreadable states refused in one line."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.saving import Saver
from studyapp.modes.test import QUESTION_KINDS, Response, TestQuestion, TestSession
from studyapp.modes.test_progress import (
    keep_test,
    resume_test,
    saved_test_summary,
    state_of_test,
)
from studyapp.modes.unfinished import UnusableStateError
from studyapp.scope import Scope
from studyapp.store.schema import test_results
from studyapp.store.unfinished import UnfinishedSession
from tests.conftest import WriteDeck, optimizer_deck
from tests.store_rows import all_rows


def _some_response(question: TestQuestion, pick: int) -> Response:
    if question.choice is not None:
        return pick % len(question.choice.options)
    if question.true_false is not None:
        return pick % 2 == 0
    if question.matching is not None:
        size = len(question.matching.answers)
        return tuple(None if pick % 3 == 0 else (pick + i) % size for i in range(size))
    return f"answer {pick}"


def _started(collection: Collection, deck: Scope, seed: int, count: int = 8) -> TestSession:
    session = TestSession.start(collection, deck, count, QUESTION_KINDS, random.Random(seed))
    return keep_test(session)


def _saved(collection: Collection, deck: Scope) -> UnfinishedSession:
    saved = collection.unfinished_session("test", deck)
    assert saved is not None
    return saved


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10_000), picks=st.lists(st.integers(0, 7), max_size=8))
def test_a_kept_test_resumes_with_the_same_questions_and_answers(
    collection: Collection, deck: Scope, clock: FixedClock, seed: int, picks: list[int]
) -> None:
    session = _started(collection, deck, seed)
    for number, pick in enumerate(picks, start=1):
        if number <= len(session.questions):
            session.answer(number, _some_response(session.questions[number - 1], pick))
    clock.advance(minutes=2)
    session.leave(resume_later=True)
    clock.advance(hours=5)  # a break: not counted in the test's time
    resumed = resume_test(collection, deck, _saved(collection, deck), saver=Saver.inline())
    assert resumed.left_out == 0
    again = resumed.session
    assert again.questions == session.questions
    assert again.responses == session.responses
    assert again.kinds == session.kinds
    assert state_of_test(again)["elapsed_ms"] == 120_000


def test_the_offer_says_how_far_the_test_came(
    collection: Collection, deck: Scope, clock: FixedClock
) -> None:
    session = _started(collection, deck, 1, count=6)
    session.answer(2, _some_response(session.questions[1], 1))
    session.answer(5, _some_response(session.questions[4], 2))
    summary = saved_test_summary(_saved(collection, deck))
    assert (summary.answered, summary.questions) == (2, 6)
    assert summary.saved_at == clock.now()


def test_a_resumed_test_is_recorded_once_and_its_state_goes(
    collection: Collection, deck: Scope, clock: FixedClock
) -> None:
    session = _started(collection, deck, 2, count=4)
    session.answer(1, _some_response(session.questions[0], 0))
    clock.advance(seconds=30)
    session.leave(resume_later=True)
    resumed = resume_test(collection, deck, _saved(collection, deck), saver=Saver.inline())
    clock.advance(seconds=45)
    resumed.session.finish()
    assert collection.unfinished_session("test", deck) is None
    with collection.engine.connect() as db:
        (row,) = all_rows(db, test_results)
    assert (row.questions, row.duration_ms) == (4, 75_000)


def test_leaving_for_good_forgets_the_test(collection: Collection, deck: Scope) -> None:
    session = _started(collection, deck, 3)
    session.answer(1, _some_response(session.questions[0], 0))
    assert collection.unfinished_session("test", deck) is not None
    session.leave(resume_later=False)
    assert collection.unfinished_session("test", deck) is None


def test_a_new_test_forgets_the_unfinished_one_only_when_it_replaces_it(
    collection: Collection, deck: Scope
) -> None:
    old = _started(collection, deck, 3)
    old.answer(1, _some_response(old.questions[0], 0))
    keep_test(TestSession.start(collection, deck, 2, QUESTION_KINDS, random.Random(4)))
    assert collection.unfinished_session("test", deck) is not None  # nothing answered yet
    keep_test(
        TestSession.start(collection, deck, 2, QUESTION_KINDS, random.Random(4)), replacing=True
    )
    assert collection.unfinished_session("test", deck) is None


def test_questions_on_changed_or_retired_cards_are_left_out(
    collection: Collection, deck: Scope, write_deck: WriteDeck
) -> None:
    session = _started(collection, deck, 4, count=10)
    written = [q for q in session.questions if q.kind == "written"]
    for question in session.questions:
        session.answer(question.number, _some_response(question, question.number))
    changed = written[0].cards[0]
    text = optimizer_deck().replace(changed.question, changed.question + " (reworded)")
    collection.import_file(write_deck("opt.md", text))
    resumed = resume_test(collection, deck, _saved(collection, deck), saver=Saver.inline())
    assert resumed.left_out == 1
    again = resumed.session
    assert [q.cards for q in again.questions] == [
        q.cards for q in session.questions if q is not written[0]
    ]
    assert [q.number for q in again.questions] == list(range(1, len(again.questions) + 1))
    assert again.answered == len(again.questions)


def test_a_test_whose_cards_are_all_gone_is_refused(
    collection: Collection, deck: Scope, write_deck: WriteDeck
) -> None:
    session = _started(collection, deck, 5, count=2)
    session.answer(1, _some_response(session.questions[0], 0))
    collection.import_file(
        write_deck("opt.md", "---\nid: opt\ntitle: Optimizers\n---\n\n## New?\nYes\n")
    )
    with pytest.raises(
        UnusableStateError, match="every card it asked about was changed or removed"
    ):
        resume_test(collection, deck, _saved(collection, deck), saver=Saver.inline())


@pytest.mark.parametrize(
    "state",
    [
        {},
        {"version": 2},
        {"version": 1, "started_at": "x", "elapsed_ms": 0, "kinds": ["choice"], "questions": []},
    ],
)
def test_an_unreadable_state_is_refused_in_one_line(
    collection: Collection, deck: Scope, state: dict[str, object]
) -> None:
    collection.keep_unfinished("test", deck, state)
    saved = _saved(collection, deck)
    with pytest.raises(UnusableStateError) as refused:
        resume_test(collection, deck, saved, saver=Saver.inline())
    assert "\n" not in str(refused.value)
    assert "could not be read" in str(refused.value)
    with pytest.raises(UnusableStateError):
        saved_test_summary(saved)


def test_an_answer_that_does_not_fit_its_question_is_refused(
    collection: Collection, deck: Scope
) -> None:
    session = _started(collection, deck, 6, count=3)
    session.answer(1, _some_response(session.questions[0], 0))
    state = state_of_test(session)
    state["questions"][0]["response"] = (
        [9, 9, 9, 9, 9] if session.questions[0].kind != "matching" else "text"
    )
    collection.keep_unfinished("test", deck, state)
    with pytest.raises(UnusableStateError, match="does not fit"):
        resume_test(collection, deck, _saved(collection, deck), saver=Saver.inline())
