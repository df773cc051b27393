"""A collection's rows checked on the way in: every wrong type or shape is one clear DeckError.

The packages are the hostile tests' small hand-written ones (tests/hostile/packages.py), read
in this process: the command-line runs of the same cases are in tests/hostile.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

from studyapp.decks.anki import collection_rows, package
from studyapp.decks.anki.package import read_package
from studyapp.decks.errors import DeckError
from tests.hostile.packages import (
    NOTE_TYPE_ID,
    legacy_collection,
    legacy_package,
    modern_collection,
    modern_package,
)

ENDLESS_DECKS = (
    "DROP TABLE decks;"
    "CREATE VIEW decks AS WITH RECURSIVE endless(id, name, kind) AS"
    " (SELECT 1, 'x', x'' UNION ALL SELECT id + 1, name, kind FROM endless)"
    " SELECT * FROM endless;"
)


def _legacy(tmp_path: Path, extra_sql: str = "", **options: Any) -> Path:
    collection = legacy_collection(tmp_path / "c.db", "Deck", extra_sql=extra_sql, **options)
    return legacy_package(tmp_path / "p.apkg", collection)


def _modern(tmp_path: Path, extra_sql: str = "") -> Path:
    collection = modern_collection(tmp_path / "c.db", "Deck", extra_sql=extra_sql)
    return modern_package(tmp_path / "p.apkg", collection)


def _error(path: Path) -> str:
    with pytest.raises(DeckError) as caught:
        read_package(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        ("UPDATE col SET ver = NULL", "its schema version is empty (NULL)"),
        ("UPDATE col SET ver = 11.5", "its schema version is 11.5"),
        ("UPDATE cards SET did = 'x'", "the deck of card 10 is 'x', not a whole number"),
        ("UPDATE cards SET nid = NULL", "the note of card 10 is empty (NULL)"),
        ("UPDATE cards SET ord = 1.5", "the template number of card 10 is 1.5"),
        ("UPDATE cards SET odid = 'home'", "the home deck of card 10 is 'home'"),
        ("UPDATE revlog SET cid = x'00'", "the card of review 1700000000000 is b'\\x00'"),
        ("UPDATE col SET models = '[1, 2]'", "the note types is not a JSON object"),
        ("UPDATE col SET models = 'not json'", "the note types are not JSON"),
        ("UPDATE col SET decks = '{\"1\": 5}'", "a deck is not a JSON object"),
        (
            """UPDATE col SET decks = '{"1": {"id": "x", "name": "D"}}'""",
            "a deck's id is 'x', not a whole number",
        ),
        (
            """UPDATE col SET models = '{"1": {"id": 1, "name": "B", "flds": {}, "tmpls": []}}'""",
            "the fields of a note type are not a JSON list",
        ),
        (
            'UPDATE col SET models = \'{"1": {"id": 1, "name": "B", "flds": '
            '[{"name": "F", "ord": "first"}], "tmpls": []}}\'',
            "the fields of a note type is 'first', not a whole number",
        ),
        ("DROP TABLE revlog; CREATE VIEW revlog AS SELECT 1 AS id", "revlog should be a table"),
    ],
)
def test_wrong_values_in_a_legacy_collection(tmp_path: Path, spoil: str, expected: str) -> None:
    assert expected in _error(_legacy(tmp_path, spoil))


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        ("UPDATE fields SET ntid = 'x'", "the note type of a field is 'x'"),
        ("UPDATE templates SET config = 5", "a settings blob is 5"),
        ("UPDATE decks SET kind = x'0a05'", "truncated message"),
        ("UPDATE notetypes SET id = id", ""),  # (unchanged: reads)
        ("DROP TABLE templates", "it has no templates table"),
        (ENDLESS_DECKS, "decks should be a table, not a view"),
    ],
)
def test_wrong_values_in_a_modern_collection(tmp_path: Path, spoil: str, expected: str) -> None:
    path = _modern(tmp_path, spoil)
    if not expected:
        assert read_package(path).decks[1].description == "A deck"
        return
    assert expected in _error(path)


def test_odd_text_is_read_leniently(tmp_path: Path) -> None:
    path = _legacy(tmp_path, "UPDATE notes SET guid = NULL, tags = NULL, flds = x'51ff1f41'")
    (note,) = read_package(path).notes
    assert (note.guid, note.tags, note.fields) == ("", (), ("Q\ufffd", "A"))


def test_a_note_with_more_fields_than_its_type_keeps_its_types_number(tmp_path: Path) -> None:
    path = _legacy(tmp_path, notes=[(1, "g", NOTE_TYPE_ID, "", "Q" + "\x1f" * 10_000)])
    (note,) = read_package(path).notes
    assert note.fields == ("Q", "")


def test_a_note_with_thousands_of_tags_is_damage(tmp_path: Path) -> None:
    path = _legacy(tmp_path, notes=[(1, "g", NOTE_TYPE_ID, " t" * 1001, "Q\x1fA")])
    assert "note 1 has more than 1000 tags" in _error(path)


def _without_view_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a view through, to reach the reading budget behind that check."""
    monkeypatch.setattr(collection_rows, "_require_tables", lambda *args: None)
    monkeypatch.setattr(package, "READ_STEPS_BASE", 10**6)


def test_a_collection_that_never_ends_takes_too_long_to_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_view_check(monkeypatch)
    path = _modern(tmp_path, ENDLESS_DECKS)
    assert _error(path).endswith("collection.anki21b takes too long to read: is it damaged?")


def _in_scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return scratch


def test_ctrl_c_while_reading_removes_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_view_check(monkeypatch)
    monkeypatch.setattr(package, "READ_STEPS_BASE", 10**15)
    path = _modern(tmp_path, ENDLESS_DECKS)
    scratch = _in_scratch(tmp_path, monkeypatch)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            read_package(path)
    finally:
        timer.cancel()
    assert list(scratch.iterdir()) == []


def test_every_refusal_removes_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _legacy(tmp_path, "UPDATE cards SET did = 'x'")
    scratch = _in_scratch(tmp_path, monkeypatch)
    _error(path)
    assert list(scratch.iterdir()) == []


def test_the_review_log_is_read_in_chunks_into_compact_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collection_rows, "_REVIEW_CHUNK", 3)
    start = 1_700_000_000_000
    reviews = [  # written out of time order; answer times odd or junk
        (start + 5000, 10, 3, None),
        (start + 1000, 10, 1, 2500),
        (start + 3000, 11, 1000, -4),  # a button beyond a byte: not an answer
        (start + 2000, 10, 4, "slow"),
        (start + 4000, 11, 2, 10**12),  # a day at most
        (start + 6000, 12, 0, 700),
        (start + 7000, 10, 3, 1.5),
    ]
    found = read_package(_legacy(tmp_path, reviews=reviews)).reviews
    assert len(found) == 7
    assert found.times_ms.tolist() == [start + 1000 * n for n in range(1, 8)]
    assert found.card_ids.tolist() == [10, 10, 11, 11, 10, 12, 10]
    assert found.buttons.tolist() == [1, 4, 0, 2, 3, 0, 3]
    assert found.durations_ms.tolist() == [2500, 0, 0, 24 * 3600 * 1000, 0, 700, 0]
    first = next(iter(found))
    assert (first.card_id, first.button, first.duration_ms) == (10, 1, 2500)
    assert first.reviewed_at.timestamp() * 1000 == start + 1000
    assert first.reviewed_at.tzinfo is not None


def test_a_bad_review_in_a_later_chunk_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collection_rows, "_REVIEW_CHUNK", 3)
    start = 1_700_000_000_000
    reviews: list[tuple[object, ...]] = [(start + n, 10, 3, 100) for n in range(8)]
    reviews[6] = (start + 6, "ten", 3, 100)
    reviews[7] = (start + 7, 10, None, 100)
    assert _error(_legacy(tmp_path, reviews=reviews)).endswith(
        f"is damaged: the card of review {start + 6} is 'ten', not a whole number"
    )
