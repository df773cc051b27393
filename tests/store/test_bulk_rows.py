"""Rows converted ahead of time store exactly what SQLAlchemy itself would have stored."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import bindparam, insert, select, text, update

from studyapp.collection import Collection
from studyapp.store.bulk_rows import BulkStatement
from studyapp.store.schema import card_states, cards, decks

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
