"""Whose database is it: another app's database or file is refused, byte for byte unchanged."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from studyapp.collection import Collection
from studyapp.store.database import StoreError


def _foreign(path: Path) -> bytes:
    with closing(sqlite3.connect(path)) as other:
        other.executescript(
            "CREATE TABLE cards (id INTEGER PRIMARY KEY, front TEXT);"
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
            "INSERT INTO notes (body) VALUES ('mine');"
        )
    return path.read_bytes()


def _files(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def test_another_apps_database_is_refused_unchanged(tmp_path: Path, clock) -> None:
    path = tmp_path / "other.sqlite3"
    before = _foreign(path)
    with pytest.raises(StoreError) as raised:
        Collection.open(f"sqlite:///{path}", clock)
    assert str(raised.value) == (
        f"{path} is not a studyapp database (it has tables cards, notes); choose another file"
    )
    assert path.read_bytes() == before
    assert _files(tmp_path) == ["other.sqlite3"]  # no -wal, no -shm, no journal


def test_a_file_that_is_not_sqlite_is_refused_unchanged(tmp_path: Path, clock) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes\n")
    with pytest.raises(StoreError, match=r"notes\.txt is not a SQLite database; choose another"):
        Collection.open(f"sqlite:///{path}", clock)
    assert path.read_text() == "my notes\n"
    assert _files(tmp_path) == ["notes.txt"]


def test_a_folder_or_a_missing_folder_is_refused(tmp_path: Path, clock) -> None:
    with pytest.raises(StoreError, match="is a folder, not a database file"):
        Collection.open(f"sqlite:///{tmp_path}", clock)
    missing = tmp_path / "nowhere" / "study.sqlite3"
    with pytest.raises(StoreError, match=r"the folder .*nowhere does not exist"):
        Collection.open(f"sqlite:///{missing}", clock)
    assert _files(tmp_path) == []


def test_an_empty_file_and_an_empty_database_become_stores(tmp_path: Path, clock) -> None:
    empty_file = tmp_path / "empty.sqlite3"
    empty_file.touch()
    empty_database = tmp_path / "blank.sqlite3"
    with closing(sqlite3.connect(empty_database)) as blank:
        blank.execute("PRAGMA user_version=1")  # a SQLite header, no tables
    assert empty_database.stat().st_size > 0
    for path in (empty_file, empty_database):
        Collection.open(f"sqlite:///{path}", clock, bundled=False).close()
        with closing(sqlite3.connect(path)) as store:
            assert store.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_the_quick_deck_list_never_writes_to_a_foreign_file(tmp_path: Path) -> None:
    from datetime import date

    from studyapp.store.deck_list import quick_deck_summaries

    path = tmp_path / "other.sqlite3"
    before = _foreign(path)
    assert quick_deck_summaries(f"sqlite:///{path}", date(2026, 3, 10), "x") is None
    assert path.read_bytes() == before
    assert _files(tmp_path) == ["other.sqlite3"]
