"""Hostile deck backups (``.studyapp-deck.json``) through the real command line: each is refused
with one clear line naming the file, in a memory- and CPU-capped process, and the store is left
exactly as it was."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from tests.cli.test_stats_json import fabricate_history
from tests.conftest import START
from tests.hostile.conftest import run_studyapp, store_dump

Document = dict[str, Any]


@pytest.fixture(scope="module")
def good_backup(tmp_path_factory: pytest.TempPathFactory) -> Document:
    """A real backup (decks alpha's cards, history, test and games) as JSON."""
    folder = tmp_path_factory.mktemp("backup")
    clock = FixedClock(START)
    collection = Collection.open(f"sqlite:///{folder / 's.sqlite3'}", clock, bundled=False)
    try:

        def write(name: str, text: str) -> Path:
            path = folder / name
            path.write_text(text, encoding="utf-8")
            return path

        fabricate_history(collection, clock, write)
        path = collection.remove_deck("alpha", folder)
    finally:
        collection.close()
    document: Document = json.loads(path.read_text(encoding="utf-8"))
    return document


def _changed(change: Callable[[Document], object]) -> Callable[[Document, Path], None]:
    def make(document: Document, path: Path) -> None:
        copy = json.loads(json.dumps(document))
        change(copy)
        path.write_text(json.dumps(copy), encoding="utf-8")

    return make


def _text(text: str) -> Callable[[Document, Path], None]:
    return lambda _document, path: path.write_text(text, encoding="utf-8")


def _sparse(size: int) -> Callable[[Document, Path], None]:
    def make(_document: Document, path: Path) -> None:
        with path.open("wb") as handle:
            handle.truncate(size)

    return make


def _column(document: Document, table: str, column: str) -> int:
    return list(document["tables"][table]["columns"]).index(column)


def _set(table: str, column: str, value: object) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        document["tables"][table]["rows"][0][_column(document, table, column)] = value

    return change


def _bad_rows(count: int) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        document["tables"]["reviews"]["rows"] = [["x"]] * count  # each row wrong

    return change


CASES: list[tuple[str, Callable[[Document, Path], None], str]] = [
    ("huge", _sparse(65 * 2**20), "file is 65.0 MiB"),
    ("not-json", _text("id: alpha\n"), "is not a studyapp deck backup (not JSON)"),
    ("deep", _text('{"format": ' + "[" * 200_000), "is not a studyapp deck backup (not JSON)"),
    ("other-format", _changed(lambda d: d.update(format="x")), "is not a studyapp deck backup"),
    ("old-schema", _changed(lambda d: d.update(schema=3)), "with store schema 3"),
    (
        "text-rating",
        _changed(_set("reviews", "rating", "5")),
        'table "reviews" row 1 column rating: str is the wrong type',
    ),
    ("bad-rating", _changed(_set("reviews", "rating", 9)), "a rating outside 1-5"),
    ("long-key", _changed(_set("cards", "key", "k" * 500)), 'table "cards" row 1 column key'),
    (
        "naive-time",
        _changed(_set("cards", "created_at", "2026-01-01T00:00:00")),
        "column created_at",
    ),
    ("tags-object", _changed(_set("cards", "tags", {"a": 1})), 'table "cards" row 1 column tags'),
    (
        "demo-without-name",
        _changed(_set("cards", "demo", {"params": {}})),
        'table "cards" row 1 column demo',
    ),
    ("odd-kind", _changed(_set("decks", "origin_kind", "evil")), "origin_kind is one of"),
    ("bad-id", _changed(_set("decks", "key", "Not An Id")), 'deck id "Not An Id" is not an id'),
    ("orphan-review", _changed(_set("reviews", "card_id", 10**6)), "for a card not in the backup"),
    (
        "extra-column",
        _changed(lambda d: d["tables"]["decks"]["columns"].append("evil")),
        'table "decks" has other columns',
    ),
    ("many-bad-rows", _changed(_bad_rows(1_500_000)), 'table "reviews" row 1: must be a list'),
    ("too-many-rows", _changed(_bad_rows(5_000_000)), "holds more than 2000000 rows"),
    ("bad-day", _changed(_set("reviews", "day", "2026-02-30")), 'table "reviews" row 1 column day'),
    (
        "two-decks",
        _changed(lambda d: d["tables"]["decks"]["rows"].append(d["tables"]["decks"]["rows"][0])),
        'table "decks" must hold one deck, not 2',
    ),
]


def test_every_hostile_backup_is_refused_cleanly(
    good_backup: Document, bundled_store: Path, tmp_path: Path
) -> None:
    db = tmp_path / "study.sqlite3"
    shutil.copy(bundled_store, db)
    before = store_dump(db)
    folder = tmp_path / "backups"
    folder.mkdir()
    paths = []
    for name, make, _ in CASES:
        path = folder / f"{name}.studyapp-deck.json"
        make(good_backup, path)
        paths.append(str(path))

    run = run_studyapp(["import", *paths], db, memory_mb=900, cpu_seconds=90, cwd=tmp_path)

    assert run.returncode == 2, run.stdout + run.stderr
    assert run.clean, run.stderr
    assert run.stdout == ""
    working, *lines = run.stderr.splitlines()  # (a huge file among them: a long import)
    assert re.fullmatch(rf"Importing {len(CASES)} files… \d+\.\d s", working), working
    for (name, _, expected), line in zip(CASES, lines, strict=False):
        assert line.startswith(f"{folder / name}.studyapp-deck.json: "), line
        assert expected in line, (expected, line)
    assert lines[-1] == f"studyapp: {len(CASES)} files had errors and were not imported; 0 imported"
    assert store_dump(db) == before


def test_the_good_backup_restores_in_the_same_capped_process(
    good_backup: Document, bundled_store: Path, tmp_path: Path
) -> None:
    db = tmp_path / "study.sqlite3"
    shutil.copy(bundled_store, db)
    path = tmp_path / "alpha.studyapp-deck.json"
    path.write_text(json.dumps(good_backup), encoding="utf-8")

    run = run_studyapp(["import", str(path)], db, memory_mb=900, cpu_seconds=90)

    assert run.returncode == 0, run.stderr
    assert f"{path}: deck alpha (backup): 4 added" in run.stdout
