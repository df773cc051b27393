"""Packed rows give back exactly what was packed, and write what SQLAlchemy itself would."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from sqlalchemy import insert, text

from studyapp.collection import Collection
from studyapp.store.bulk_rows import BulkStatement
from studyapp.store.packed_rows import PackedRows
from studyapp.store.schema import cards, decks
from tests.store.test_bulk_rows import NOW, _card


class _Unconverted:
    """A statement whose parameters need no conversion (what PackedRows asks of one)."""

    def __init__(self, names: list[str]) -> None:
        self.names = names

    def unconverted(self, values: dict[str, object]) -> tuple[object, ...]:
        return tuple(values[name] for name in self.names)

    def converted_columns(self, columns: list[tuple[object, ...]]) -> list[list[object]]:
        return [list(column) for column in columns]


@pytest.mark.parametrize(
    "loose_rows",
    [0, 15, 10**9],
    ids=["all packed", "packed once more than 15 are held", "none packed"],
)
def test_packed_rows_give_back_exactly_the_values_packed(loose_rows: int) -> None:
    # every kind of column a statement's rows can hold, over more than one chunk
    columns: dict[str, list[object]] = {
        "small": [i % 5 for i in range(25)],
        "wide": [2**40 + i for i in range(25)],
        "huge": [2**70 * (i % 2) for i in range(25)],  # beyond 64 bits: kept as Python ints
        "maybe": [None if i % 3 else i * 1000 for i in range(25)],
        "flag": [i % 2 == 0 for i in range(25)],
        "repeated": ["2026-03-10" if i % 2 else None for i in range(25)],
        "text": [f"2026-03-10 08:00:{i:02d}.000000" for i in range(25)],
        "unicode": [f"é{i}" for i in range(25)],
        "nul": [f"x{i}\x00" for i in range(25)],  # numpy's bytes would drop the NUL
        "number": [Decimal(i) / 4 for i in range(25)],
        "mixed": [1 if i % 2 else True for i in range(25)],  # equal, but not the same value
        "lists": [[i] for i in range(25)],  # unhashable
    }
    packed = PackedRows(_Unconverted(list(columns)))  # type: ignore[arg-type]
    packed.CHUNK_ROWS = 10
    packed.LOOSE_ROWS = loose_rows
    expected = list(zip(*columns.values(), strict=True))
    for row in expected:
        packed.append(dict(zip(columns, row, strict=True)))
    assert len(packed) == 25
    unpacked = [row for chunk in packed.chunks({}) for row in chunk]
    assert unpacked == expected
    assert [tuple(map(type, row)) for row in unpacked] == [
        tuple(map(type, row)) for row in expected
    ]
    replaced = [row for chunk in packed.chunks({"wide": np.arange(25)}) for row in chunk]
    assert [row[1] for row in replaced] == list(range(25))
    assert all(type(row[1]) is int for row in replaced)  # not NumPy's integers
    assert [row for chunk in packed.chunks({}) for row in chunk] == expected  # (held as given)


def test_packed_rows_write_what_sqlalchemy_stores(collection: Collection) -> None:
    with collection.writer.begin() as connection:
        deck_id = connection.execute(
            insert(decks).values(key="d", title="D", imported_at=NOW).returning(decks.c.id)
        ).scalar_one()
        row = _card("plain", {"name": "sgd", "params": {"lr": 0.1}})
        connection.execute(insert(cards), [{**row, "deck_id": deck_id}])
        bulk = BulkStatement(insert(cards), connection.dialect, list(row))
        packed = PackedRows(bulk)
        for number in range(3):
            packed.append({**row, "key": f"bulk-{number}"})
        packed.write(connection, {"deck_id": [deck_id] * 3})
        stored = connection.execute(
            text("SELECT question, tags, distractors, demo, created_at FROM cards ORDER BY id")
        ).all()
    assert stored == [stored[0]] * 4
