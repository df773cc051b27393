"""Rows converted ahead of time store exactly what SQLAlchemy itself would have stored."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError

from studyapp.collection import Collection
from studyapp.store.bulk_rows import BulkStatement
from studyapp.store.schema import card_states, cards, decks, reviews

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def _card(key: str, demo: dict[str, object] | None) -> dict[str, object]:
    return {
        "deck_id": 0, "key": key, "position": 1, "question": "Q ‘é’", "answer": "A",
        "type": "basic", "short": None, "tags": ["a", "b"], "distractors": [], "demo": demo,
        "source": None, "content_hash": "h", "created_at": NOW, "updated_at": NOW,
    }  # fmt: skip


def test_converted_rows_store_what_sqlalchemy_stores(collection: Collection) -> None:
    with collection.writer.begin() as connection:
        deck_id = connection.execute(
            insert(decks).values(key="d", title="D", imported_at=NOW).returning(decks.c.id)
        ).scalar_one()
        rows = [_card("plain", None), _card("demo", {"name": "sgd", "params": {"lr": 0.1}})]
        connection.execute(insert(cards), [{**row, "deck_id": deck_id} for row in rows])
        bulk = BulkStatement(insert(cards), connection.dialect, list(rows[0]))
        converted = bulk.rows([{**row, "key": f"bulk-{row['key']}"} for row in rows])
        bulk.execute(connection, bulk.set_value(converted, "deck_id", [deck_id] * 2))
        stored = {
            key: rest
            for key, *rest in connection.execute(
                text("SELECT key, question, tags, distractors, demo, created_at FROM cards")
            )
        }
    assert stored["bulk-plain"] == stored["plain"]
    assert stored["bulk-demo"] == stored["demo"]
    assert stored["plain"][3] is None  # the demo column's SQL NULL, not JSON null


def test_an_update_keeps_its_fixed_values_and_converts_the_others(
    collection: Collection, write_deck
) -> None:
    collection.import_file(write_deck("deck.md", "## Q\nA\n"))
    statement = (
        update(card_states)
        .where(card_states.c.card_id == bindparam("target"))
        .values(easiness=bindparam("easiness"), due=None)
    )
    with collection.writer.begin() as connection:
        card_id = connection.scalar(select(cards.c.id))
        bulk = BulkStatement(statement, connection.dialect, ())
        bulk.execute(connection, bulk.rows([{"target": card_id, "easiness": Decimal("1.3")}]))
        assert connection.execute(select(card_states.c.easiness, card_states.c.due)).one() == (
            Decimal("1.3"),
            None,
        )


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "pg"])
def test_a_column_converts_as_each_of_its_values_would(dialect: Dialect) -> None:
    # values that are equal but not alike (2.5 and 2.50, True and 1, one moment in two zones)
    # must still convert as each would alone
    zone = timezone(timedelta(hours=-5))
    rows = [
        {"card_id": 1, "reviewed_at": NOW, "mode": "spaced", "rating": 4, "response_ms": None,
         "scheduled": True, "repetitions_before": 0, "easiness_before": Decimal("2.5"),
         "interval_before": 0, "due_before": None, "repetitions_after": 1,
         "easiness_after": Decimal("2.50"), "interval_after": 1, "due_after": date(2026, 3, 11),
         "day": date(2026, 3, 10), "rating_before": None, "fsrs_stability_before": 0.5},
        {"card_id": 2, "reviewed_at": NOW.astimezone(zone), "mode": "learn", "rating": 1,
         "response_ms": 1200, "scheduled": 1, "repetitions_before": 3,
         "easiness_before": Decimal("1.3"), "interval_before": 6, "due_before": date(2026, 3, 10),
         "repetitions_after": 0, "easiness_after": Decimal("1.30"), "interval_after": 1,
         "due_after": date(2026, 3, 11), "day": date(2026, 3, 10), "rating_before": 4,
         "fsrs_stability_before": None},
    ] * 3  # fmt: skip
    bulk = BulkStatement(insert(reviews), dialect, list(rows[0]))
    by_value = _value_by_value(bulk, rows, dialect)
    by_column = bulk.converted_columns(list(zip(*map(bulk.unconverted, rows), strict=True)))
    assert list(zip(*by_column, strict=True)) == by_value
    assert [list(map(type, row)) for row in zip(*by_column, strict=True)] == [
        list(map(type, row)) for row in by_value
    ]


def test_many_rows_go_in_through_a_staging_table_with_every_trigger_run(
    collection: Collection,
) -> None:
    # 200 cards: enough to be staged on SQLite (PostgreSQL takes them straight)
    with collection.writer.begin() as connection:
        deck_id = connection.execute(
            insert(decks).values(key="d", title="D", imported_at=NOW).returning(decks.c.id)
        ).scalar_one()
        bulk = BulkStatement(insert(cards), connection.dialect, list(_card("x", None)))
        rows = bulk.rows(
            [{**_card(f"card-{n}", None), "question": f"What is momentum {n}?"} for n in range(200)]
        )
        bulk.execute(connection, bulk.set_value(rows, "deck_id", [deck_id] * 200))
        bulk.execute(
            connection, bulk.set_value(bulk.rows([_card("last", None)]), "deck_id", [deck_id])
        )
    with collection.engine.connect() as connection:
        keys = connection.scalars(select(cards.c.key).order_by(cards.c.id)).all()
        indexed = None
        if connection.dialect.name == "sqlite":  # the search index's triggers ran for each
            indexed = connection.execute(
                text(
                    "SELECT (SELECT count(*) FROM card_tags), (SELECT count(*) FROM cards_text"
                    " WHERE cards_text MATCH 'momentum')"
                )
            ).one()
    assert keys == [*(f"card-{n}" for n in range(200)), "last"]
    assert indexed in (None, (2 * 201, 200))


@pytest.mark.sqlite_only  # the staging table is SQLite's
def test_a_staged_insert_that_fails_leaves_nothing(collection: Collection) -> None:
    def write_repeated_keys() -> None:
        with collection.writer.begin() as connection:
            deck_id = connection.execute(
                insert(decks).values(key="d", title="D", imported_at=NOW).returning(decks.c.id)
            ).scalar_one()
            bulk = BulkStatement(insert(cards), connection.dialect, list(_card("x", None)))
            rows = bulk.rows([_card(f"card-{n % 150}", None) for n in range(200)])
            bulk.execute(connection, bulk.set_value(rows, "deck_id", [deck_id] * 200))

    with pytest.raises(IntegrityError, match="UNIQUE"):
        write_repeated_keys()
    with collection.engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM cards")) == 0
        staged = "SELECT count(*) FROM temp.sqlite_master WHERE name LIKE 'studyapp%'"
        assert connection.scalar(text(staged)) == 0


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "pg"])
def test_a_column_of_json_converts_as_each_of_its_values_would(dialect: Dialect) -> None:
    if dialect.name == "postgresql":
        pytest.importorskip("psycopg")  # (its JSON conversion is the driver's; the postgres extra)
    demo = {"name": "sgd", "params": {"lr": 0.1}}
    rows = [
        {**_card("a", None), "tags": ["a", "b"], "distractors": [], "accepted": []},
        {**_card("b", demo), "tags": ["a", "b"], "distractors": ["x", 1], "accepted": ["é"]},
        {**_card("c", None), "tags": [], "distractors": [], "accepted": ["é"]},
    ] * 2
    bulk = BulkStatement(insert(cards), dialect, list(rows[0]))
    by_value = _value_by_value(bulk, rows, dialect)
    by_column = bulk.converted_columns(list(zip(*map(bulk.unconverted, rows), strict=True)))
    assert _plain(list(zip(*by_column, strict=True))) == _plain(by_value)


def _plain(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Rows with a driver's JSON wrappers (psycopg's ``Json``) replaced by what they wrap."""
    return [
        tuple(value.obj if type(value).__name__ in ("Json", "Jsonb") else value for value in row)  # type: ignore[attr-defined]
        for row in rows
    ]


def _value_by_value(
    bulk: BulkStatement, rows: list[dict[str, object]], dialect: Dialect
) -> list[tuple[object, ...]]:
    """The rows as SQLAlchemy converts each value alone: its columns' own bind processors."""
    table = reviews if "reviewed_at" in bulk.names else cards
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in bulk.names
    ]
    return [
        tuple(
            row[name] if process is None else process(row[name])
            for name, process in zip(bulk.names, processors, strict=True)
        )
        for row in rows
    ]
