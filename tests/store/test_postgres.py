"""The store on PostgreSQL: created, used, imported into, upgraded, and another app's database
refused.

Runs only when ``STUDYAPP_TEST_POSTGRES_URL`` names a PostgreSQL database the tests may fill
(and psycopg is installed: ``pip install 'studyapp[postgres]'``); each test gets a schema of
its own (the ``db_url`` fixture).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, text

from studyapp.collection import Collection
from studyapp.scheduling.rating import Rating
from studyapp.store.database import (
    StoreBusyError,
    StoreError,
    create_store_engine,
    prepare_schema,
    write_transaction,
)
from studyapp.store.triggers import triggers_of
from studyapp.store.version import SCHEMA_VERSION
from tests.conftest import POSTGRES_URL, postgres_schema
from tests.store.summaries import (
    kept_answer_counts,
    kept_day_sums,
    kept_tag_sums,
    logged_answer_counts,
    logged_day_sums,
    logged_tag_sums,
)

#: Every trigger of a PostgreSQL store.
TRIGGERS = triggers_of("postgresql")

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="STUDYAPP_TEST_POSTGRES_URL is not set")

EXPORTS = Path(__file__).resolve().parents[2] / "data" / "exports"


@pytest.fixture
def postgres(db_url: str) -> str:
    """An empty schema of the test database."""
    pytest.importorskip("psycopg")
    return db_url


def test_a_store_on_postgresql_works_like_one_on_sqlite(postgres: str, clock, write_deck) -> None:
    collection = Collection.open(postgres, clock)
    assert len(collection.deck_summaries()) >= 1
    collection.rate(collection.due_queue().new[0], Rating(4))
    deck = write_deck("deck.md", "---\nid: pg\ntitle: PG\n---\n\n## One?\nA.\n\n## Two?\nB.\n")
    assert [report.added for report in collection.import_paths([deck]).reports] == [2]
    deck.write_text("---\nid: pg\ntitle: PG\n---\n\n## One?\nChanged.\n", encoding="utf-8")
    again = collection.import_paths([deck]).reports[0]
    assert (again.updated, again.retired) == (1, 1)
    package = collection.import_paths([EXPORTS / "anki-optimizers.apkg"])
    assert not package.errors
    assert package.reports[-1].remarks[0].startswith("6 of 6 reviews")
    with collection.engine.connect() as connection:
        assert kept_day_sums(connection) == logged_day_sums(connection)
        assert sum(figures[0] for figures in kept_day_sums(connection).values()) == 7
        assert kept_tag_sums(connection) == logged_tag_sums(connection)
    collection.close()
    reopened = Collection.open(postgres, clock)
    assert "pg" in [summary.key for summary in reopened.deck_summaries()]
    reopened.close()


def test_another_apps_postgresql_database_is_refused(postgres: str) -> None:
    engine = create_engine(postgres)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE recipes (id SERIAL PRIMARY KEY, name TEXT)"))
    engine.dispose()
    with pytest.raises(StoreError, match=r"\(it has tables recipes\); choose another database$"):
        Collection.open(postgres)


def test_a_schema_3_store_gets_its_triggers_and_sums(postgres: str, clock, write_deck) -> None:
    """Schema 3 on PostgreSQL had today's tables but no triggers (the figures read the logs):
    the upgrade to 4 makes them and sums the logs once."""
    collection = Collection.open(postgres, clock, bundled=False)
    collection.import_file(write_deck("d.md", "## a\nA\ntags:: t\n\n## b\nB\n"))
    first, second = collection.due_queue().new
    collection.rate(first, Rating(4), response_ms=900)
    collection.rate(second, Rating(2))
    with collection.engine.connect() as connection:
        kept = kept_day_sums(connection), kept_answer_counts(connection)
    with collection.engine.begin() as connection:  # what a schema 3 store was on PostgreSQL
        for name in TRIGGERS:
            connection.execute(text(f"DROP TRIGGER {name} ON {name.split('_')[0]}"))
            connection.execute(text(f"DROP FUNCTION {name}()"))
        connection.execute(text("DELETE FROM review_days"))
        connection.execute(text("UPDATE card_states SET answers = 0, answers_right = 0"))
        for statement in SCHEMA_3_SHAPE:
            connection.execute(text(statement))
        connection.execute(text("UPDATE meta SET value = '3' WHERE key = 'schema_version'"))
    collection.close()

    upgraded = Collection.open(postgres, clock, bundled=False)
    with upgraded.engine.connect() as connection:
        assert connection.scalar(text("SELECT value FROM meta WHERE key = 'schema_version'")) == (
            str(SCHEMA_VERSION)
        )
        assert (kept_day_sums(connection), kept_answer_counts(connection)) == kept
        assert kept_tag_sums(connection) == logged_tag_sums(connection)
        upgraded_triggers = _triggers(connection)
    assert sorted(upgraded_triggers) == sorted(TRIGGERS)
    with postgres_schema(POSTGRES_URL) as fresh_url:
        fresh = Collection.open(fresh_url, clock, bundled=False)
        with fresh.engine.connect() as connection:
            assert _triggers(connection) == upgraded_triggers  # exactly a new store's
            fresh_names = _names(connection)
        fresh.close()
    with upgraded.engine.connect() as connection:
        assert _names(connection) == fresh_names
    upgraded.rate(first, Rating(5))
    with upgraded.engine.connect() as connection:
        assert kept_day_sums(connection) == logged_day_sums(connection)
        assert kept_tag_sums(connection) == logged_tag_sums(connection)
        assert kept_answer_counts(connection) == logged_answer_counts(connection)
    upgraded.close()


#: A new store made back into schema 3: the additions of schemas 5 to 11 go, and the test tables
#: take schema 3's names again (the upgrades add and rename them back).
SCHEMA_3_SHAPE = (
    "DROP TABLE tag_days",
    *(
        f"ALTER TABLE card_states DROP COLUMN {name}"
        for name in ("sm2_due", "fsrs_stability", "fsrs_difficulty", "fsrs_reviewed_on", "fsrs_due")
    ),
    *(
        f"ALTER TABLE reviews DROP COLUMN {name}"
        for name in (
            "sm2_due_before",
            "fsrs_stability_before",
            "fsrs_difficulty_before",
            "fsrs_reviewed_on_before",
            "fsrs_due_before",
            "fsrs_stability_after",
            "fsrs_difficulty_after",
        )
    ),
    "DROP INDEX ix_card_states_queue",
    "DROP INDEX ix_card_states_deck",
    *(
        f"ALTER TABLE card_states DROP COLUMN {name}"
        for name in ("suspended", "buried_until", "starred", "flag", "leech")
    ),
    "CREATE INDEX ix_card_states_queue ON card_states (active, due, card_id)",
    "CREATE INDEX ix_card_states_deck ON card_states (active, deck_id, due, last_rating)",
    "ALTER TABLE cards DROP COLUMN edited_at",
    *(
        f"ALTER TABLE {table} ALTER COLUMN scope TYPE VARCHAR(200)"
        for table in ("test_results", "match_games", "unfinished_sessions")
    ),
    "ALTER TABLE decks DROP COLUMN origin_kind",
    "ALTER TABLE cards DROP COLUMN numeric_spec",
    "ALTER TABLE cards DROP COLUMN note",
    "ALTER TABLE cards DROP COLUMN accepted",
    "DROP TABLE unfinished_sessions",
    "ALTER TABLE test_results RENAME TO exams",
    "ALTER SEQUENCE test_results_id_seq RENAME TO exams_id_seq",
    "ALTER INDEX test_results_pkey RENAME TO exams_pkey",
    "ALTER INDEX ix_test_results_scope_time RENAME TO ix_exams_scope_time",
    "ALTER TABLE answers RENAME COLUMN test_id TO exam_id",
    "ALTER TABLE answers RENAME CONSTRAINT answers_test_id_fkey TO answers_exam_id_fkey",
    "ALTER INDEX ix_answers_test RENAME TO ix_answers_exam",
)


def _names(connection: Connection) -> dict[str, list[tuple[str, ...]]]:
    """Every name in the store's schema: tables and columns, constraints, indexes, sequences,
    and each column's default (a sequence's name shows there)."""
    queries = {
        "columns": "SELECT table_name, column_name, data_type, coalesce(column_default, '') "
        "FROM information_schema.columns WHERE table_schema = current_schema()",
        "constraints": "SELECT table_name, constraint_name, constraint_type "
        "FROM information_schema.table_constraints WHERE table_schema = current_schema() "
        "AND constraint_type != 'CHECK'",
        "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes "
        "WHERE schemaname = current_schema()",
        "sequences": "SELECT sequence_name FROM information_schema.sequences "
        "WHERE sequence_schema = current_schema()",
    }
    schema = connection.scalar(text("SELECT current_schema()"))
    return {
        name: sorted(
            tuple(str(value).replace(f"{schema}.", "") for value in row)
            for row in connection.execute(text(query))
        )
        for name, query in queries.items()
    }


def _triggers(connection: Connection) -> dict[str, tuple[str, str]]:
    """The store's triggers: each one's definition, and its function's body up to whitespace."""
    rows = connection.execute(
        text(
            "SELECT tgname, pg_get_triggerdef(pg_trigger.oid), prosrc FROM pg_trigger "
            "JOIN pg_class ON pg_class.oid = tgrelid JOIN pg_proc ON pg_proc.oid = tgfoid "
            "WHERE relnamespace = current_schema()::regnamespace AND NOT tgisinternal"
        )
    )
    schema = connection.scalar(text("SELECT current_schema()"))
    return {
        name: (definition.replace(f"{schema}.", ""), " ".join(body.split()))
        for name, definition, body in rows
    }


def test_a_postgresql_store_older_than_3_is_refused(postgres: str) -> None:
    collection = Collection.open(postgres, bundled=False)
    with collection.engine.begin() as connection:
        connection.execute(text("UPDATE meta SET value = '2' WHERE key = 'schema_version'"))
    collection.close()
    with pytest.raises(StoreError, match="from before studyapp supported PostgreSQL"):
        Collection.open(postgres, bundled=False)


def test_a_write_waits_for_another_machines_write_then_gives_up(postgres: str) -> None:
    holder = create_store_engine(postgres)
    prepare_schema(holder)
    told: list[bool] = []
    other = create_store_engine(postgres, lock_wait=1.5, on_wait=lambda: told.append(True))
    with write_transaction(holder) as writing:
        writing.execute(text("UPDATE meta SET value = value WHERE key = 'schema_version'"))
        busy = pytest.raises(StoreBusyError, match="another studyapp process has been writing")
        with busy, write_transaction(other) as waiting:
            waiting.execute(text("SELECT 1"))
        with other.connect() as reading:  # reads never wait
            assert reading.scalar(text("SELECT count(*) FROM meta")) >= 1
    assert told == [True]
    with write_transaction(other) as connection:  # free again
        connection.execute(text("UPDATE meta SET value = value WHERE key = 'schema_version'"))
    holder.dispose()
    other.dispose()


def test_a_scope_key_longer_than_200_characters_is_kept(postgres: str, clock) -> None:
    """A parent of many nested decks, or a long custom search, names a scope of any length."""
    collection = Collection.open(postgres, clock, bundled=False)
    scope = "deck:" + ",".join(f"machine-learning-deck-{n}" for n in range(20))
    with collection.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO match_games (scope, finished_at, pairs, mistakes, elapsed_ms, "
                "penalty_ms, total_ms) VALUES (:scope, now(), 6, 0, 1000, 0, 1000)"
            ),
            {"scope": scope},
        )
        stored = connection.scalar(text("SELECT scope FROM match_games"))
    collection.close()
    assert len(scope) > 200
    assert stored == scope
