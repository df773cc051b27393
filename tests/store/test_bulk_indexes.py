"""A bulk write of review-log rows: the log's indexes built once after a batch at least as big
as the log, kept as they are for a smaller one, and back as stored whatever happens."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection

from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store import bulk_indexes
from studyapp.store.bulk_indexes import log_indexes_built_after
from tests.conftest import WriteDeck
from tests.store.test_bulk_sums import LOG_COPY  # the log copied onto itself, days later

PACKAGE = Path(__file__).resolve().parents[2] / "data" / "exports" / "anki-optimizers.apkg"


def _indexes(connection: Connection) -> list[tuple[str, str]]:
    listed = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = 'reviews' AND sql IS NOT NULL ORDER BY name"
    )
    return [(name, sql) for name, sql in listed]


def _count(connection: Connection) -> int:
    return int(connection.exec_driver_sql("SELECT count(*) FROM reviews").scalar_one())


@pytest.fixture
def rated(collection: Collection, write_deck: WriteDeck) -> int:
    """Every card of a three-card deck rated twice: the log's row count."""
    collection.import_file(write_deck("one.md", "## a\nA\n\n## b\nB\n\n## c\nC\n"))
    for _ in range(2):
        for card in collection.scope_cards(Scope()):
            collection.rate(card.id, 4)
    return 6


@pytest.fixture
def any_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of any size count as big enough."""
    monkeypatch.setattr(bulk_indexes, "LEAST_BATCH", 1)


@pytest.mark.sqlite_only
@pytest.mark.usefixtures("any_batch")
def test_a_batch_as_big_as_the_log_is_indexed_once_after(
    collection: Collection, rated: int
) -> None:
    with collection.engine.begin() as connection:
        stored = _indexes(connection)
        assert len(stored) >= 2
        with log_indexes_built_after(connection, rated):
            assert _indexes(connection) == []
            connection.exec_driver_sql(LOG_COPY, ("+1 days",))
        assert _indexes(connection) == stored  # created again exactly as they were stored
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        plan = " ".join(
            str(row[-1])
            for row in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT rating FROM reviews WHERE card_id = 1 "
                "ORDER BY reviewed_at"
            )
        )
        assert "ix_reviews_card_time" in plan
    with collection.engine.connect() as connection:
        assert _count(connection) == 2 * rated


@pytest.mark.sqlite_only
@pytest.mark.usefixtures("any_batch")
def test_a_batch_smaller_than_the_log_keeps_the_indexes(collection: Collection, rated: int) -> None:
    with collection.engine.begin() as connection:
        before = _indexes(connection)
        with log_indexes_built_after(connection, rated - 1):
            assert _indexes(connection) == before
            connection.exec_driver_sql(LOG_COPY, ("+1 days",))


def test_small_batches_and_postgresql_keep_the_indexes(collection: Collection, rated: int) -> None:
    # (on PostgreSQL, or below the least batch on SQLite: nothing is dropped)
    with collection.engine.begin() as connection:
        on_sqlite = connection.dialect.name == "sqlite"
        before = _indexes(connection) if on_sqlite else []
        with log_indexes_built_after(connection, bulk_indexes.LEAST_BATCH - 1):
            assert (_indexes(connection) if on_sqlite else []) == before


@pytest.mark.sqlite_only
@pytest.mark.usefixtures("any_batch")
def test_a_failed_batch_leaves_the_log_and_its_indexes_as_they_were(
    collection: Collection, rated: int
) -> None:
    with collection.engine.connect() as connection:
        stored = _indexes(connection)
        connection.rollback()  # (the read's transaction)
        with (  # noqa: PT012 (the failure is the batch's: raised inside it)
            pytest.raises(RuntimeError, match="the write failed"),
            connection.begin(),
            log_indexes_built_after(connection, rated),
        ):
            connection.exec_driver_sql(LOG_COPY, ("+1 days",))
            raise RuntimeError("the write failed")
        assert _indexes(connection) == stored
        assert _count(connection) == rated


def _imported_log(url: str, collection: Collection) -> list[tuple[object, ...]]:
    """The review log of a new store at ``url`` after importing the package."""
    store = Collection.open(url, clock=collection.clock)
    try:
        assert not store.import_paths([PACKAGE]).errors
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
            return [tuple(row) for row in connection.exec_driver_sql("SELECT * FROM reviews")]
    finally:
        store.close()


@pytest.mark.sqlite_only
def test_a_package_imported_with_its_indexes_built_after_gives_the_same_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collection: Collection
) -> None:
    kept = _imported_log(f"sqlite:///{tmp_path / 'kept.sqlite3'}", collection)
    monkeypatch.setattr(bulk_indexes, "LEAST_BATCH", 1)
    rebuilt = _imported_log(f"sqlite:///{tmp_path / 'rebuilt.sqlite3'}", collection)
    assert rebuilt == kept
    assert kept
