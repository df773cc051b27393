"""The engine: real SQLite transactions, write locks taken first and waited for, named faults."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from studyapp.collection import Collection
from studyapp.store.database import StoreBusyError, StoreError, is_busy, prepare_schema
from studyapp.store.engine import create_store_engine, database_name, write_transaction


@contextmanager
def write_lock_held(path: Path) -> Iterator[threading.Event]:
    """Another connection holds the write lock until the yielded event is set."""
    release, taken = threading.Event(), threading.Event()

    def hold() -> None:
        with closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            taken.set()
            release.wait(30)
            other.execute("COMMIT")

    holder = threading.Thread(target=hold)
    holder.start()
    taken.wait(10)
    try:
        yield release
    finally:
        release.set()
        holder.join()


def test_ddl_rolls_back_with_the_transaction(db_url: str) -> None:
    engine = create_store_engine(db_url)

    def create_then_fail() -> None:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE scratch (x INTEGER)"))
            connection.execute(text("INSERT INTO scratch VALUES (1)"))
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        create_then_fail()
    with engine.connect() as connection:
        assert inspect(connection).get_table_names() == []
    engine.dispose()


def test_a_savepoint_stays_inside_its_transaction(db_url: str) -> None:
    engine = create_store_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE scratch (x INTEGER)"))

    def release_savepoint_then_fail() -> None:
        with engine.begin() as connection:
            with connection.begin_nested():
                connection.execute(text("INSERT INTO scratch VALUES (1)"))
            raise RuntimeError("the outer transaction fails after the savepoint was released")

    with pytest.raises(RuntimeError):
        release_savepoint_then_fail()
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM scratch")) == 0
    engine.dispose()


def test_a_write_transaction_takes_the_lock_at_its_start(tmp_path: Path) -> None:
    path = tmp_path / "study.sqlite3"
    engine = create_store_engine(f"sqlite:///{path}")
    prepare_schema(engine)
    with write_transaction(engine) as connection:
        connection.execute(text("SELECT 1"))  # only a read so far, yet the lock is ours
        with (
            closing(sqlite3.connect(path, timeout=0)) as other,
            pytest.raises(sqlite3.OperationalError, match="locked"),
        ):
            other.execute("BEGIN IMMEDIATE")
    engine.dispose()


def test_a_write_waits_for_another_process_and_says_so_once(tmp_path: Path, clock) -> None:
    path = tmp_path / "study.sqlite3"
    told: list[float] = []
    collection = Collection.open(
        f"sqlite:///{path}", clock, bundled=False, on_wait=lambda: told.append(1), lock_wait=30
    )
    with write_lock_held(path) as release:
        threading.Timer(1.3, release.set).start()
        collection.new_per_day = 7
    collection.new_per_day = 8  # a later write that does not wait says nothing
    assert (collection.new_per_day, told) == (8, [1])
    collection.close()


def test_a_write_that_waits_too_long_is_a_busy_store_error(tmp_path: Path, clock) -> None:
    path = tmp_path / "study.sqlite3"
    collection = Collection.open(f"sqlite:///{path}", clock, bundled=False, lock_wait=0.3)
    with write_lock_held(path), pytest.raises(StoreBusyError) as raised:
        collection.new_per_day = 7
    assert is_busy(raised.value)
    assert "\n" not in str(raised.value)
    assert str(path) in str(raised.value)
    assert collection.new_per_day == 20
    collection.close()


def test_reads_do_not_wait_for_a_writer(tmp_path: Path, clock) -> None:
    path = tmp_path / "study.sqlite3"
    collection = Collection.open(f"sqlite:///{path}", clock, bundled=False, lock_wait=0.1)
    with write_lock_held(path):
        assert collection.deck_keys() == []
    collection.close()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "foo://x/y",
            "unknown database URL scheme 'foo'; use a SQLite path or a postgresql:// URL",
        ),
        (
            "postgresql://me:secret@localhost/study",
            "cannot use postgresql://me:***@localhost/study: its database driver (psycopg) is "
            "not installed; install it with: pip install 'studyapp[postgres]'",
        ),
        (
            "mysql://me@localhost/study",
            "cannot use mysql://me@localhost/study: its database driver (MySQLdb) is not "
            "installed; install it with: pip install mysqlclient",
        ),
    ],
)
def test_unusable_urls_are_one_line_store_errors(url: str, message: str) -> None:
    if "postgresql" in url and _installed("psycopg"):
        pytest.skip("psycopg is installed")
    if "mysql" in url and _installed("MySQLdb"):
        pytest.skip("MySQLdb is installed")
    with pytest.raises(StoreError) as raised:
        create_store_engine(url)
    assert str(raised.value) == message


def test_stores_are_named_by_file_or_by_url_without_password() -> None:
    assert database_name("sqlite:////data/study.sqlite3") == "/data/study.sqlite3"
    assert database_name("sqlite://") == "the in-memory database"
    assert database_name("postgresql://u:pw@h/db") == "postgresql://u:***@h/db"


def test_a_read_only_store_is_a_store_error_on_write(tmp_path: Path, clock) -> None:
    path = tmp_path / "study.sqlite3"
    Collection.open(f"sqlite:///{path}", clock, bundled=False).close()
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    collection = Collection.open(url, clock, bundled=False)
    with pytest.raises(StoreError, match=r"is read-only: cannot save changes to it$"):
        collection.new_per_day = 3
    collection.close()


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None
