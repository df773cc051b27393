"""A bulk write of review-log rows: the per-day sums added by whole days, the triggers back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.bulk_sums import BULK_SUMS, log_sums_added_in_bulk
from studyapp.store.triggers import triggers_of
from tests.conftest import WriteDeck
from tests.store.summaries import kept_day_sums, kept_tag_sums, logged_day_sums, logged_tag_sums

DECK = "## a\nA\ntags:: x, y\n\n## b\nB\ntags:: x\n\n## e\nE\n"
LOG_COPY = (
    "INSERT INTO reviews (card_id, reviewed_at, mode, rating, response_ms, scheduled, "
    "repetitions_before, easiness_before, interval_before, repetitions_after, easiness_after, "
    "interval_after, day, rating_before) "
    "SELECT card_id, reviewed_at, mode, rating, response_ms, scheduled, repetitions_before, "
    "easiness_before, interval_before, repetitions_after, easiness_after, interval_after, "
    "date(day, ?), rating_before FROM reviews"
)


def _triggers(connection: Connection) -> list[tuple[str, str]]:
    return [
        (name, sql)
        for name, sql in connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        )
    ]


def _copy_then_fail(connection: Connection) -> None:
    with connection.begin(), log_sums_added_in_bulk(connection):
        connection.exec_driver_sql(LOG_COPY, ("+0 days",))
        raise RuntimeError("the write failed")


@pytest.fixture
def rated(collection: Collection, clock: FixedClock, write_deck: WriteDeck) -> None:
    """Three days of ratings of every card of a tagged deck: sums already kept for them."""
    collection.import_file(write_deck("one.md", DECK))
    ids = [card.id for card in collection.scope_cards(Scope())]
    for _ in range(3):
        for number, card in enumerate(ids):
            collection.rate(card, 2 + number, response_ms=1000 * number or None)
        collection.rate(ids[0], 5, mode="learn")
        clock.advance(days=1)


@pytest.mark.sqlite_only
def test_rows_written_in_bulk_are_summed_as_their_triggers_would(
    collection: Collection, rated: None
) -> None:
    with collection.engine.begin() as connection:
        before = _triggers(connection)
        with log_sums_added_in_bulk(connection):
            assert not {name for name, _ in _triggers(connection)} & set(BULK_SUMS)
            connection.exec_driver_sql(LOG_COPY, ("+0 days",))  # days already summed
            connection.exec_driver_sql(LOG_COPY, ("+40 days",))  # new days
        assert _triggers(connection) == before  # put back exactly as they were stored
        assert kept_day_sums(connection) == logged_day_sums(connection)
        assert kept_tag_sums(connection) == logged_tag_sums(connection)
        assert len(kept_day_sums(connection)) == 2 * 3  # (the 40-day copies are new days)


@pytest.mark.sqlite_only
def test_a_failed_bulk_write_leaves_the_triggers_in_place(
    collection: Collection, rated: None
) -> None:
    with collection.engine.connect() as connection:
        before = _triggers(connection)
        sums = kept_day_sums(connection), kept_tag_sums(connection)
        connection.rollback()  # (the reads' transaction)
        with pytest.raises(RuntimeError, match="the write failed"):
            _copy_then_fail(connection)
        assert _triggers(connection) == before
        assert (kept_day_sums(connection), kept_tag_sums(connection)) == sums
        connection.rollback()
        with connection.begin():  # and a later rating is summed by them again
            connection.exec_driver_sql(LOG_COPY, ("+1 days",))
            assert kept_day_sums(connection) == logged_day_sums(connection)
            assert kept_tag_sums(connection) == logged_tag_sums(connection)


@pytest.mark.sqlite_only
def test_every_trigger_summing_a_new_review_is_summed_in_bulk(collection: Collection) -> None:
    # a summary added later with its own insert trigger must be summed here too, or a bulk
    # write would leave it to its trigger (correct, but row by row)
    on_insert = {
        name for name, (event, _) in triggers_of("sqlite").items()
        if event == "AFTER INSERT ON reviews"
    }  # fmt: skip
    assert on_insert == set(BULK_SUMS)
    with collection.engine.connect() as connection:
        stored = {name for name, _ in _triggers(connection)}
    assert set(BULK_SUMS) <= stored


def test_an_anki_package_imported_twice_keeps_its_sums(collection: Collection) -> None:
    # (on PostgreSQL its row triggers sum the package: nothing is set aside there)
    package = Path(__file__).resolve().parents[2] / "data" / "exports" / "anki-optimizers.apkg"
    for _ in range(2):
        assert not collection.import_paths([package]).errors
        with collection.engine.connect() as connection:
            assert kept_day_sums(connection) == logged_day_sums(connection)
            assert kept_tag_sums(connection) == logged_tag_sums(connection)
            assert kept_tag_sums(connection)
