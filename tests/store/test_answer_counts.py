"""Each card's answers and right answers, kept by triggers on ``answers``."""

from __future__ import annotations

from sqlalchemy import select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.results import AnswerRecord, MatchResult
from studyapp.store.schema import answers, card_states
from tests.conftest import WriteDeck
from tests.store.summaries import logged_answer_counts


def counts(collection: Collection) -> dict[int, tuple[int, int]]:
    """(answers, right) of every card that has answers."""
    with collection.engine.connect() as connection:
        rows = connection.execute(
            select(card_states.c.card_id, card_states.c.answers, card_states.c.answers_right)
        )
        return {card_id: (count, right) for card_id, count, right in rows if count}


def test_every_writer_of_answers_is_counted(
    collection: Collection, clock: FixedClock, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("d.md", "## a\nA\n\n## b\nB\n"))
    a, b = (card.id for card in collection.scope_cards(Scope()))
    now = clock.now()
    wrong = collection.record_answer(AnswerRecord(a, "learn", "written", False, now))
    collection.record_answer(AnswerRecord(a, "learn", "choice", True, now))
    assert counts(collection) == {a: (2, 1)}
    collection.mark_answer_right(wrong)  # "I was right"
    assert counts(collection) == {a: (2, 2)}
    tested = [
        AnswerRecord(a, "test", "choice", False, now),
        AnswerRecord(b, "test", "choice", True, now),
    ]
    collection.record_test(Scope(), now, ["choice"], tested, questions=2, correct=1)
    pairs = [AnswerRecord(b, "matching", "matching", False, now)]
    collection.record_match_game(MatchResult(Scope(), now, 2, 1, 9_000, 1_000), pairs)
    assert counts(collection) == {a: (3, 2), b: (2, 1)}
    with collection.engine.begin() as connection:
        connection.execute(answers.delete().where(answers.c.id == wrong))
    assert counts(collection) == {a: (2, 1), b: (2, 1)}
    with collection.engine.connect() as connection:
        assert counts(collection) == logged_answer_counts(connection)
