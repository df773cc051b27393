"""Stores built once and copied per test: a module whose tests all start from the same filled
store builds it once per test process and gives each test its own copy of the file, instead of
filling a new store in every test. SQLite only: on PostgreSQL (``STUDYAPP_TEST_POSTGRES_URL``)
there is no file to copy, and such a module fills each test's schema as before."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TypeVar

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from tests.conftest import START

Built = TypeVar("Built")


def build_store(folder: Path, fill: Callable[[Collection, Path], Built]) -> tuple[Path, Built]:
    """A SQLite store in ``folder`` opened as the ``collection`` fixture opens one (no bundled
    decks, the fixed clock), filled by ``fill(collection, folder)`` and closed: its file and what
    ``fill`` returned."""
    path = folder / "template.sqlite3"
    collection = Collection.open(f"sqlite:///{path}", FixedClock(START), bundled=False)
    try:
        built = fill(collection, folder)
    finally:
        collection.close()
    return path, built


def copy_store(template: Path, to: Path) -> None:
    """Copy a closed SQLite store to ``to`` with SQLite's own backup (the whole database,
    whatever its journal holds), replacing what is there."""
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(to)) as target:
        source.backup(target)
