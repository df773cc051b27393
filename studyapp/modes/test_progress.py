"""An unfinished test as the store keeps it, and the test rebuilt from it.

The state holds each question as it was asked (its cards, the options, statement or tiles
shown, and the answer given), the kinds chosen, when the test began and how long it has run:
enough to show the same questions again, whatever changed elsewhere in the scope since. On
resuming, each question is checked against its cards as they are now: a question whose
cards are still in the scope, with the same question and answer, is asked again with its
answer; one whose card was retired, moved out of the scope or edited is left out (the student
is told how many). A state with no question left, or one that can not be read, is refused
with :class:`~studyapp.modes.unfinished.UnusableStateError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr
from pydantic import ValidationError as PydanticError

from studyapp.modes.questions import MatchingSet, MultipleChoice, TrueFalse, answer_label, prompt_of
from studyapp.modes.test import MATCHING_PROMPT, TestQuestion, TestSession, drawn_cards
from studyapp.modes.unfinished import SessionKeeper, UnusableStateError

if TYPE_CHECKING:
    from studyapp.collection import Collection
    from studyapp.modes.saving import Saver
    from studyapp.scope import Scope
    from studyapp.store.cards import CardView
    from studyapp.store.unfinished import UnfinishedSession

#: The version of the state's layout; a state of another version is refused.
STATE_VERSION = 1
MODE = "test"


class _SavedQuestion(BaseModel):
    """One question as it was asked; exactly the fields of its kind are set."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["choice", "true_false", "written", "matching"]
    cards: list[StrictInt] = Field(min_length=1)
    prompts: list[StrictStr]  # each card's question as asked
    labels: list[StrictStr]  # each card's answer label as asked
    options: list[StrictStr] | None = None  # multiple choice
    answer: StrictInt | None = None
    shown: StrictStr | None = None  # true/false
    is_true: StrictBool | None = None
    tiles: list[StrictStr] | None = None  # matching: the answers in the order shown
    solution: list[StrictInt] | None = None
    response: StrictBool | StrictInt | StrictStr | list[StrictInt | None] | None = None


class _SavedTest(BaseModel):
    """A test as the store keeps it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    started_at: datetime
    elapsed_ms: StrictInt = Field(ge=0)
    kinds: list[Literal["choice", "true_false", "written", "matching"]] = Field(min_length=1)
    questions: list[_SavedQuestion] = Field(min_length=1)
    draw_seed: StrictInt = Field(default=0, ge=0)  # absent from tests kept before numeric cards


@dataclass(frozen=True, slots=True)
class SavedTestSummary:
    """What the offer to resume says: answers given, questions, and when it was saved."""

    answered: int
    questions: int
    saved_at: datetime


@dataclass(frozen=True, slots=True)
class ResumedTest:
    """A test taken up again, and how many of its questions had to be left out."""

    session: TestSession
    left_out: int


def state_of_test(session: TestSession) -> dict[str, Any]:
    """The state the store keeps of a test being taken (JSON-ready)."""
    elapsed = session.collection.clock.now() - session.started_at
    return {
        "version": STATE_VERSION,
        "started_at": session.started_at.isoformat(),
        "elapsed_ms": max(0, int(elapsed.total_seconds() * 1000)),
        "kinds": list(session.kinds),
        "draw_seed": session.draw_seed,
        "questions": [
            _question_state(question, session.responses.get(question.number))
            for question in session.questions
        ],
    }


def _question_state(question: TestQuestion, response: object) -> dict[str, Any]:
    state: dict[str, Any] = {
        "kind": question.kind,
        "cards": [card.id for card in question.cards],
        "prompts": [prompt_of(card) for card in question.cards],
        "labels": [answer_label(card) for card in question.cards],
    }
    if question.choice is not None:
        state |= {"options": list(question.choice.options), "answer": question.choice.answer}
    if question.true_false is not None:
        state |= {"shown": question.true_false.shown, "is_true": question.true_false.is_true}
    if question.matching is not None:
        state |= {
            "tiles": list(question.matching.answers),
            "solution": list(question.matching.solution),
        }
    if response is not None:
        state["response"] = list(response) if isinstance(response, tuple) else response
    return state


def keep_test(session: TestSession, *, replacing: bool = False) -> TestSession:
    """Have ``session`` saved in the store as answers are given, until it is submitted;
    ``replacing``: the scope's unfinished test is forgotten now (this one starts instead)."""
    session.keeper = SessionKeeper(
        session.collection, session.saver, MODE, session.scope, state_of_test
    )
    if replacing:
        session.keeper.discard()
    return session


def _read(saved: UnfinishedSession) -> _SavedTest:
    try:
        return _SavedTest.model_validate(saved.state)
    except PydanticError as error:
        raise UnusableStateError(
            "the unfinished test could not be read (it was saved by another version of "
            f"studyapp, or is damaged: {error.error_count()} problem(s))"
        ) from None


def saved_test_summary(saved: UnfinishedSession) -> SavedTestSummary:
    """How far the saved test had come; UnusableStateError if it can not be read."""
    state = _read(saved)
    answered = sum(question.response is not None for question in state.questions)
    return SavedTestSummary(answered, len(state.questions), saved.saved_at)


def resume_test(
    collection: Collection, scope: Scope, saved: UnfinishedSession, *, saver: Saver
) -> ResumedTest:
    """The test saved over ``scope``, with the answers given, kept in the store as it goes on;
    UnusableStateError (one line) if none of its questions can be asked again."""
    state = _read(saved)
    current = {
        card.id: card for card in drawn_cards(collection.scope_cards(scope), state.draw_seed)
    }
    now = collection.clock.now()
    session = TestSession(
        collection,
        scope,
        [],
        tuple(state.kinds),
        now - timedelta(milliseconds=state.elapsed_ms),
        saver=saver,
        draw_seed=state.draw_seed,
    )
    responses: list[tuple[int, Any]] = []
    for saved_question in state.questions:
        question = _question(len(session.questions) + 1, saved_question, current)
        if question is None:
            continue
        session.questions.append(question)
        if saved_question.response is not None:
            responses.append((question.number, saved_question.response))
    if not session.questions:
        raise UnusableStateError(
            f"the unfinished test over {scope.label} can not be resumed: every card it asked "
            "about was changed or removed since"
        )
    for number, response in responses:
        try:
            session.answer(number, tuple(response) if isinstance(response, list) else response)
        except ValueError:
            raise UnusableStateError(
                f"the unfinished test over {scope.label} could not be read (question {number}'s "
                "answer does not fit it)"
            ) from None
    return ResumedTest(keep_test(session), len(state.questions) - len(session.questions))


def _question(
    number: int, saved: _SavedQuestion, current: dict[int, CardView]
) -> TestQuestion | None:
    """The saved question, if its cards are all in the scope and unchanged (else None)."""
    cards = [current.get(card_id) for card_id in saved.cards]
    if len(saved.prompts) != len(cards) or len(saved.labels) != len(cards):
        raise UnusableStateError(
            "the unfinished test could not be read (a question lost its cards)"
        )
    for card, prompt, label in zip(cards, saved.prompts, saved.labels, strict=True):
        if card is None or prompt_of(card) != prompt or answer_label(card) != label:
            return None
    kept = tuple(card for card in cards if card is not None)
    first = kept[0]
    if saved.kind == "choice" and saved.options is not None and saved.answer is not None:
        if 0 <= saved.answer < len(saved.options):
            choice = MultipleChoice(first.id, prompt_of(first), tuple(saved.options), saved.answer)
            return TestQuestion(number, "choice", kept, choice.prompt, choice=choice)
    elif saved.kind == "true_false" and saved.shown is not None and saved.is_true is not None:
        statement = TrueFalse(first.id, prompt_of(first), saved.shown, saved.is_true)
        return TestQuestion(number, "true_false", kept, statement.prompt, true_false=statement)
    elif saved.kind == "matching" and saved.tiles is not None and saved.solution is not None:
        if sorted(saved.solution) == list(range(len(saved.tiles))) == list(range(len(kept))):
            matching = MatchingSet(
                tuple(card.id for card in kept),
                tuple(saved.prompts),
                tuple(saved.tiles),
                tuple(saved.solution),
            )
            return TestQuestion(number, "matching", kept, MATCHING_PROMPT, matching=matching)
    elif saved.kind == "written" and len(kept) == 1:
        return TestQuestion(number, "written", kept, prompt_of(first))
    raise UnusableStateError(
        f"the unfinished test could not be read (question {number} is damaged)"
    )
