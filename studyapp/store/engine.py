"""The engine over a store's URL: real transactions on SQLite, short write locks, named faults.

SQLite through pysqlite needs help to give every transaction its own ``BEGIN`` (SQLAlchemy's
documented recipe): the driver is put in autocommit mode and the engine's "begin" event emits
the ``BEGIN`` itself, so DDL and DML share one transaction, all or nothing, and a SAVEPOINT
stays inside it. A write transaction (:func:`write_transaction`) begins with
``BEGIN IMMEDIATE``: it takes the write lock before reading anything, so a read-then-write can
never fail half-way with a lock error it could not wait for; reads stay deferred and never wait
(WAL). Waiting for the lock is bounded: quietly for a moment, then, after telling the caller
once (``on_wait``), up to ``lock_wait`` seconds in all, then :class:`StoreBusyError`.

PostgreSQL gets the same rule from an advisory lock that every write transaction takes first
(``pg_try_advisory_xact_lock``, released at commit or rollback): one writer at a time, however
many machines share the store, with the same bounded wait; reads never wait.

Faults the user can act on (a read-only file, a full disk, a missing driver, an unknown URL
scheme) become :class:`StoreError` with one line naming the database. PostgreSQL URLs get
none of the SQLite pragmas or events; a plain ``postgresql://`` URL uses psycopg 3, the driver
``pip install 'studyapp[postgres]'`` installs.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Final

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from studyapp.store.errors import StoreError, busy_error, store_fault

#: How long SQLite waits for a lock inside a statement before it reports "database is locked".
BUSY_TIMEOUT_MS = 5000
#: How long a write waits for the lock before it tells the caller it is waiting.
QUIET_WAIT = 1.0
#: How long a write waits for another process's write lock in all, by default.
DEFAULT_LOCK_WAIT = 60.0
#: The execution option that makes a transaction a write transaction (``BEGIN IMMEDIATE``).
WRITE_OPTION = "studyapp_write"
#: PostgreSQL's advisory lock that write transactions take ("studyap" in ASCII), and how often
#: a waiting write tries it again.
WRITE_LOCK_KEY = 0x73747564796170
LOCK_POLL = 0.05

#: What to install for each database backend's driver.
DRIVER_PACKAGES = {
    "postgresql": "pip install 'studyapp[postgres]'",
    "mysql": "pip install mysqlclient",
    "mariadb": "pip install mariadb",
}
_SUPPORTED = "use a SQLite path or a postgresql:// URL"


def database_name(url: str | URL) -> str:
    """How messages name a store: its file, or its URL without the password."""
    parsed = make_url(url) if isinstance(url, str) else url
    path = sqlite_path(parsed)
    if path is not None:
        return str(path)
    if parsed.get_backend_name() == "sqlite":
        return "the in-memory database"
    return parsed.render_as_string(hide_password=True)


def sqlite_path(url: str | URL) -> Path | None:
    """The file of a SQLite URL, or None for another database or one in memory."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or parsed.query.get("mode") == "memory":
        return None
    if database.startswith("file:"):  # a URI filename (?uri=true)
        database = database[len("file:") :].split("?", 1)[0]
    return Path(database)


def create_store_engine(
    url: str,
    *,
    lock_wait: float = DEFAULT_LOCK_WAIT,
    on_wait: Callable[[], None] | None = None,
) -> Engine:
    """An engine for ``url``; SQLite gets real transactions, foreign keys and bounded lock waits.

    ``on_wait`` is called once, the first time a write has to wait for another process's
    lock; after ``lock_wait`` seconds of waiting a write raises :class:`StoreBusyError`.
    WAL mode is switched on by :func:`studyapp.store.database.prepare_schema`, once the
    database is known to be a studyapp store or empty. Raises StoreError for an unknown URL
    scheme or a driver that is not installed.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"cannot read the database URL {url!r}; {_SUPPORTED}") from None
    backend = parsed.get_backend_name()
    shown = database_name(parsed)
    if parsed.drivername == "postgresql":  # psycopg 3 (the extra), whatever SQLAlchemy's default
        parsed = parsed.set(drivername="postgresql+psycopg")
    is_sqlite = backend == "sqlite"
    if is_sqlite and parsed.get_driver_name() != "pysqlite":
        raise StoreError(f"unknown SQLite driver {parsed.get_driver_name()!r}; {_SUPPORTED}")
    in_memory = is_sqlite and sqlite_path(parsed) is None
    kwargs: dict[str, Any] = {}
    if in_memory:
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    try:
        engine = create_engine(parsed, **kwargs)
    except NoSuchModuleError:
        scheme = parsed.drivername
        raise StoreError(f"unknown database URL scheme {scheme!r}; {_SUPPORTED}") from None
    except ImportError as error:
        install = DRIVER_PACKAGES.get(backend, f"pip install {error.name}")
        raise StoreError(
            f"cannot use {shown}: its database driver ({error.name}) is not installed; "
            f"install it with: {install}"
        ) from None
    waiter = _LockWaiter(lock_wait, on_wait)
    if is_sqlite:
        _make_sqlite_transactional(engine, shown, in_memory, waiter)
    elif backend == "postgresql":
        _make_postgresql_writes_one_at_a_time(engine, shown, waiter)
    return engine


def write_transaction(engine: Engine) -> AbstractContextManager[Connection]:
    """A transaction that takes the write lock at its start (SQLite: ``BEGIN IMMEDIATE``).

    Use it for every transaction that writes; plain ``engine.begin()`` stays a deferred one.
    """
    return engine.execution_options(**{WRITE_OPTION: True}).begin()


def writer(engine: Engine) -> Engine:
    """The engine whose ``begin()`` is a write transaction (see :func:`write_transaction`)."""
    return engine.execution_options(**{WRITE_OPTION: True})


class _LockWaiter:
    """Takes the store's write lock for a transaction, waiting for it as long as allowed."""

    def __init__(self, lock_wait: float, on_wait: Callable[[], None] | None) -> None:
        self.lock_wait = lock_wait
        self.on_wait = on_wait
        self.told = False

    def begin_immediate(self, dbapi_connection: sqlite3.Connection, database: str) -> None:
        """``BEGIN IMMEDIATE``: quietly for a moment, then telling the caller, then give up."""
        deadline = time.monotonic() + self.lock_wait
        quiet = True
        try:
            while True:
                left = deadline - time.monotonic()
                wait = min(QUIET_WAIT, left) if quiet else left
                dbapi_connection.execute(f"PRAGMA busy_timeout={max(int(wait * 1000), 0)}")
                try:
                    dbapi_connection.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as error:
                    fault = store_fault(error, database)
                    if fault is None:
                        raise
                    if not str(error.sqlite_errorname).startswith("SQLITE_BUSY"):
                        raise fault from error
                    if time.monotonic() >= deadline - 0.001:
                        raise busy_error(database, self.lock_wait) from error
                    if quiet and self.on_wait is not None and not self.told:
                        self.told = True
                        self.on_wait()
                    quiet = False
                    continue
                return
        finally:
            dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    def advisory_lock(self, connection: Connection, database: str) -> None:
        """PostgreSQL's transaction-level advisory lock: the same waits as ``BEGIN IMMEDIATE``."""
        started = time.monotonic()
        take = f"SELECT pg_try_advisory_xact_lock({WRITE_LOCK_KEY})"
        while not connection.exec_driver_sql(take).scalar():
            waited = time.monotonic() - started
            if waited >= self.lock_wait:
                raise busy_error(database, self.lock_wait)
            if waited >= QUIET_WAIT and self.on_wait is not None and not self.told:
                self.told = True
                self.on_wait()
            time.sleep(min(LOCK_POLL, max(self.lock_wait - waited, 0)))


def _make_postgresql_writes_one_at_a_time(
    engine: Engine, database: str, waiter: _LockWaiter
) -> None:
    """A write transaction on PostgreSQL first takes an advisory lock, held until it ends."""

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        if connection.get_execution_options().get(WRITE_OPTION):
            waiter.advisory_lock(connection, database)


#: The most each SQLite connection keeps of the database's pages in memory, in KiB.
CACHE_KIB: Final = 64 * 1024


def _make_sqlite_transactional(
    engine: Engine, database: str, in_memory: bool, waiter: _LockWaiter
) -> None:
    """The SQLite events: connection pragmas, our own BEGIN, faults as StoreError."""

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver sends no BEGIN: we do
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not in_memory:
            cursor.execute("PRAGMA synchronous=NORMAL")  # per connection: writes nothing
        # a page cache of up to 64 MB (SQLite's default is 2 MB), filled only as pages are
        # read: a big import's index pages stay in it instead of being written out and read
        # back again (importing 200,000 reviews took half as long)
        cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        if connection.get_execution_options().get(WRITE_OPTION):
            dbapi_connection = connection.connection.dbapi_connection
            assert isinstance(dbapi_connection, sqlite3.Connection)
            waiter.begin_immediate(dbapi_connection, database)
        else:
            connection.exec_driver_sql("BEGIN")

    @event.listens_for(engine, "handle_error")
    def _faults(context: ExceptionContext) -> StoreError | None:
        return store_fault(context.original_exception, database)
