"""An Anki package that carries FSRS memory states (Anki on FSRS keeps each card's stability
and difficulty in ``cards.data``) keeps them here: they take the place of the memory the
replayed history gives, worked out with the learner's own parameters in Anki."""

from __future__ import annotations

from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection
from anki.decks import DeckId
from sqlalchemy import select

from studyapp.collection import Collection
from studyapp.decks.anki.collection_rows import fsrs_memory
from studyapp.scheduling.fsrs_scheduler import FSRSState
from studyapp.store.schema import card_states, cards
from tests.decks.anki.builders import build_package


def _studied_on_fsrs(anki: AnkiCollection) -> None:
    """Two notes answered Good and Easy by Anki on FSRS, and one left new."""
    anki.set_config("fsrs", True)
    basic = anki.models.by_name("Basic")
    deck = DeckId(anki.decks.id("Memories"))
    for number in range(3):
        note = anki.new_note(basic)
        note["Front"], note["Back"] = f"Question {number}", f"Answer {number}"
        anki.add_note(note, deck)
    for card_id, ease in zip(anki.find_cards("Question"), (3, 4), strict=False):
        card = anki.get_card(card_id)
        card.start_timer()
        anki.sched.answerCard(card, ease)


def _anki_memories(package_folder: Path) -> dict[str, tuple[float, float]]:
    anki = AnkiCollection(str(package_folder / "collection.anki2"))
    try:
        found = {}
        for card_id in anki.find_cards(""):
            card = anki.get_card(card_id)
            if card.memory_state is not None:
                found[card.note()["Front"]] = (
                    card.memory_state.stability,
                    card.memory_state.difficulty,
                )
        return found
    finally:
        anki.close()


@pytest.mark.parametrize("scheduler", ["sm2", "fsrs"])
def test_a_package_with_fsrs_memories_keeps_them(tmp_path: Path, scheduler: str) -> None:
    package = build_package(tmp_path / "anki", _studied_on_fsrs, legacy=False)
    kept = _anki_memories(tmp_path / "anki")
    assert len(kept) == 2
    collection = Collection.open(f"sqlite:///{tmp_path / 's.sqlite3'}", bundled=False)
    try:
        collection.scheduler_name = scheduler
        collection.import_anki_package(package)
        fsrs = collection.scheduler.fsrs
        with collection.engine.connect() as connection:
            rows = connection.execute(
                select(
                    cards.c.question,
                    card_states.c.fsrs_stability,
                    card_states.c.fsrs_difficulty,
                    card_states.c.fsrs_reviewed_on,
                    card_states.c.fsrs_due,
                    card_states.c.due,
                    card_states.c.sm2_due,
                ).join(card_states, card_states.c.card_id == cards.c.id)
            ).all()
    finally:
        collection.close()
    by_question = {row[0]: row[1:] for row in rows}
    assert set(by_question) == {"Question 0", "Question 1", "Question 2"}
    for question, (stability, difficulty) in kept.items():
        got_stability, got_difficulty, reviewed_on, fsrs_due, due, sm2_due = by_question[question]
        assert (got_stability, got_difficulty) == pytest.approx((stability, difficulty), rel=1e-4)
        assert fsrs_due == fsrs.due_day(FSRSState(got_stability, got_difficulty, reviewed_on))
        assert due == (fsrs_due if scheduler == "fsrs" else sm2_due)
    assert by_question["Question 2"][0] is None  # the new card has no memory


@pytest.mark.parametrize(
    "data",
    [
        "",
        "not json",
        "[1, 2]",
        '{"s": "8", "d": 5}',
        '{"s": -1, "d": 5}',
        '{"s": 8, "d": 11}',
        '{"s": 1e400, "d": 5}',
        '{"s": true, "d": 5}',
        '{"s": NaN, "d": 5}',
        '{"pos": 1}',
        "{" + " " * 20_000 + "}",
    ],
)
def test_card_data_that_is_no_memory_is_read_as_none(data: str) -> None:
    assert fsrs_memory(data) is None


def test_card_data_with_a_memory_is_read() -> None:
    assert fsrs_memory('{"pos":1,"s":8.2956,"d":1.0,"dr":0.9,"decay":0.154}') == (8.2956, 1.0)
