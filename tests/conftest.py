"""Shared fixtures: a fixed clock, a temp-file collection, and a deck-file writer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.demos.registry import DemoSpec, ParamSpec, register, unregister

#: A user one hour east of UTC, at 09:00 local time.
LOCAL = timezone(timedelta(hours=1))
START = datetime(2026, 3, 10, 9, 0, tzinfo=LOCAL)

WriteDeck = Callable[[str, str], Path]


@pytest.fixture
def clock() -> FixedClock:
    """A clock fixed at 2026-03-10 09:00 (UTC+1)."""
    return FixedClock(START)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A SQLite file in the test's temp folder."""
    return f"sqlite:///{tmp_path / 'study.sqlite3'}"


@pytest.fixture
def collection(db_url: str, clock: FixedClock) -> Iterator[Collection]:
    """An empty collection (no bundled decks) on a temp file, with the fixed clock."""
    opened = Collection.open(db_url, clock, bundled=False)
    yield opened
    opened.close()


@pytest.fixture
def write_deck(tmp_path: Path) -> WriteDeck:
    """Write a deck file into the temp folder and return its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@contextmanager
def temporary_demo(name: str, **params: ParamSpec) -> Iterator[DemoSpec]:
    """A demo registered under ``name`` for the duration of a test (removed afterwards)."""
    spec = register(
        DemoSpec(name=name, summary=f"test demo {name}", runner="tests:none", params=params)
    )
    try:
        yield spec
    finally:
        unregister(name)
