"""Test tools for saving that has to wait: a store's write lock held, and a saver held back."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import Engine

from studyapp.modes.saving import Saver


def store_path(engine: Engine) -> Path:
    """The file of a SQLite engine."""
    database = engine.url.database
    assert database, "a store in a file"
    return Path(database)


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Hold the store's write lock (``BEGIN IMMEDIATE`` on another connection) until exit."""
    with closing(sqlite3.connect(path, isolation_level=None)) as holder:
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("COMMIT")


@contextmanager
def held_saver() -> Iterator[tuple[Saver, threading.Event]]:
    """A background saver whose first write waits until the event is set, so every write
    given meanwhile is still pending; closed at exit."""
    saver, gate = Saver(retry_delays=(0.01,)), threading.Event()
    saver.submit("hold", lambda: gate.wait(5))
    try:
        yield saver, gate
    finally:
        gate.set()
        saver.close()
