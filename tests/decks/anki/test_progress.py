"""Learning progress taken to Anki: schedules and review log, checked in Anki's backend,
and brought back by the import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
from sqlalchemy import select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.decks.anki.export import write_apkg
from studyapp.decks.anki.progress import RATING_BUTTONS
from studyapp.scheduling.rating import Rating
from studyapp.scope import Scope
from studyapp.store.review_import import ANKI_BUTTON_RATINGS
from studyapp.store.schema import card_states, cards
from tests.conftest import START, WriteDeck

DECK = """---
id: progress
title: Progress
---
## What does momentum add?
A velocity.

## Adam
Adaptive moments.

type:: reversible

## Never studied
Still new.
"""


@pytest.fixture
def studied(tmp_path: Path, write_deck: WriteDeck) -> Iterator[tuple[Collection, FixedClock]]:
    """A store where the first card was rated 1, 4, 5 and the second 4 on separate days,
    and the third only in learn mode."""
    clock = FixedClock(START)
    collection = Collection.open(f"sqlite:///{tmp_path / 'a.sqlite3'}", clock, bundled=False)
    collection.import_file(write_deck("progress.md", DECK))
    ids = {card.question: card.id for card in collection.scope_cards(Scope())}
    collection.rate(ids["What does momentum add?"], 1, response_ms=5000)
    collection.rate(ids["What does momentum add?"], 4, scheduled=False)
    collection.rate(ids["Adam"], 4)
    clock.advance(days=1)
    collection.rate(ids["What does momentum add?"], 4, response_ms=3000)
    clock.advance(days=1)
    collection.rate(ids["What does momentum add?"], 5)
    collection.rate(ids["Never studied"], 3, mode="learn")
    yield collection, clock
    collection.close()


def _export(collection: Collection, path: Path) -> Path:
    deck = collection.export_deck("progress")
    assert deck is not None
    progress = {"progress": collection.deck_progress("progress")}
    summary = write_apkg([deck], path, progress, today=collection.today())
    assert summary.reviews == 5
    return path


def _imported_into_anki(package: Path, path: Path) -> AnkiCollection:
    """A new Anki collection that imported ``package`` with its scheduling (the caller closes
    it)."""
    anki = AnkiCollection(str(path))
    options = ImportAnkiPackageOptions(with_scheduling=True)
    anki.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))
    return anki


def _states(collection: Collection) -> dict[str, tuple[object, ...]]:
    with collection.engine.connect() as connection:
        rows = connection.execute(
            select(cards.c.key, card_states.c.repetitions, card_states.c.easiness,
                   card_states.c.interval, card_states.c.due, card_states.c.lapses)
            .join(card_states, card_states.c.card_id == cards.c.id)
        )  # fmt: skip
        return {key: tuple(rest) for key, *rest in rows}


def test_the_rating_maps_undo_each_other_where_they_can() -> None:
    for rating in (1, 3, 4, 5):
        assert ANKI_BUTTON_RATINGS[RATING_BUTTONS[Rating(rating)]] == rating
    assert RATING_BUTTONS[Rating.TWO] == RATING_BUTTONS[Rating.NOT_AT_ALL]  # both fail a recall
    assert list(RATING_BUTTONS) == list(Rating)


def test_anki_takes_the_schedules_and_the_review_log(
    studied: tuple[Collection, FixedClock], tmp_path: Path
) -> None:
    collection, clock = studied
    package = _export(collection, tmp_path / "progress.apkg")
    anki = _imported_into_anki(package, tmp_path / "anki.anki2")
    try:
        today_here = clock.now().date()
        states = _states(collection)
        by_front = {anki.get_note(anki.get_card(c).nid).fields[0]: anki.get_card(c)
                    for c in anki.find_cards("card:1")}  # fmt: skip
        momentum = by_front["What does momentum add?"]
        _, easiness, interval, due, lapses = states[momentum.note().guid.split(":")[2]]
        assert (momentum.type, momentum.queue) == (2, 2)
        assert momentum.ivl == interval
        assert momentum.factor == int(easiness * 1000)
        assert momentum.lapses == lapses == 1
        assert momentum.due - anki.sched.today == (due - today_here).days
        eases = anki.db.list(f"SELECT ease FROM revlog WHERE cid = {momentum.id} ORDER BY id")
        assert eases == [1, 3, 3, 4]  # ratings 1, 4 (a same-day repeat), 4, 5
        assert (
            anki.db.scalar(f"SELECT time FROM revlog WHERE cid = {momentum.id} ORDER BY id") == 5000
        )
        assert by_front["Adam"].type == 2
        reverse = [anki.get_card(c) for c in anki.find_cards("card:2")]
        assert [card.type for card in reverse] == [0]  # the reverse side starts new in Anki
        assert by_front["Never studied"].type == 0  # learn-mode ratings are not Anki reviews
    finally:
        anki.close()


def test_the_progress_comes_back_into_a_fresh_store(
    studied: tuple[Collection, FixedClock], tmp_path: Path
) -> None:
    collection, clock = studied
    package = _export(collection, tmp_path / "progress.apkg")
    fresh = Collection.open(f"sqlite:///{tmp_path / 'b.sqlite3'}", clock, bundled=False)
    try:
        batch = fresh.import_paths([package])
        assert batch.reports[-1].remarks[0] == (
            "5 of 5 reviews from Anki's history replayed into the schedule"
        )
        assert _states(fresh) == _states(collection)  # the never-studied card is still new
    finally:
        fresh.close()


def test_a_package_to_share_carries_no_progress(
    studied: tuple[Collection, FixedClock], tmp_path: Path
) -> None:
    collection, _ = studied
    deck = collection.export_deck("progress")
    assert deck is not None
    assert write_apkg([deck], tmp_path / "shared.apkg").reviews == 0


def test_on_fsrs_anki_takes_each_cards_fsrs_memory_interval_and_due_day(
    studied: tuple[Collection, FixedClock], tmp_path: Path
) -> None:
    collection, clock = studied
    collection.change_settings({"scheduler": "fsrs", "desired-retention": 85})
    package = _export(collection, tmp_path / "progress.apkg")
    with collection.engine.connect() as connection:
        memories = {
            key: rest
            for key, *rest in connection.execute(
                select(
                    cards.c.key,
                    card_states.c.fsrs_stability,
                    card_states.c.fsrs_difficulty,
                    card_states.c.fsrs_reviewed_on,
                    card_states.c.fsrs_due,
                    card_states.c.due,
                ).join(card_states, card_states.c.card_id == cards.c.id)
            )
        }
    anki = _imported_into_anki(package, tmp_path / "anki.anki2")
    try:
        today_here = clock.now().date()
        reviewed = anki.find_cards("card:1 -is:new")
        assert len(reviewed) == 2  # momentum and Adam
        for card_id in reviewed:
            card = anki.get_card(card_id)
            stability, difficulty, reviewed_on, fsrs_due, due = memories[
                card.note().guid.split(":")[2]
            ]
            assert due == fsrs_due
            assert card.memory_state is not None
            assert card.memory_state.stability == pytest.approx(stability, rel=1e-4)
            assert card.memory_state.difficulty == pytest.approx(difficulty, rel=1e-4)
            assert card.desired_retention == pytest.approx(0.85)
            assert card.ivl == (fsrs_due - reviewed_on).days
            assert card.due - anki.sched.today == (fsrs_due - today_here).days
    finally:
        anki.close()
