"""Opening the store: engine and pragmas, schema creation, and the schema version check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from studyapp.store.models import SCHEMA_VERSION, Base, Meta


class StoreError(Exception):
    """The database can't be used (unreachable, or written by a newer version)."""


#: Upgrades from version N to N+1, run in order inside one transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys on, and WAL for files."""
    kwargs: dict[str, Any] = {}
    is_sqlite = url.startswith("sqlite")
    in_memory = is_sqlite and (url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url)
    if in_memory:
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    engine = create_engine(url, **kwargs)
    if is_sqlite:

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    return engine


def prepare_schema(engine: Engine) -> bool:
    """Create the tables of a new database or upgrade an older one; True if it was new.

    Raises StoreError for a database written by a newer studyapp or one that is unreachable.
    """
    try:
        with engine.begin() as connection:
            existing = set(inspect(connection).get_table_names())
            if "meta" not in existing:
                if existing & set(Base.metadata.tables):
                    raise StoreError("the database has studyapp tables but no schema version")
                Base.metadata.create_all(connection)
                connection.execute(
                    insert(Meta).values(key="schema_version", value=str(SCHEMA_VERSION))
                )
                return True
            version = int(
                connection.scalar(select(Meta.value).where(Meta.key == "schema_version")) or 0
            )
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the database uses schema version {version}, newer than this studyapp "
                    f"({SCHEMA_VERSION}); upgrade studyapp"
                )
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](connection)
                version += 1
                connection.execute(
                    update(Meta).where(Meta.key == "schema_version").values(value=str(version))
                )
            return False
    except StoreError:
        raise
    except Exception as exc:  # any driver error: unreachable server, unreadable file, ...
        raise StoreError(f"cannot open the database: {exc}") from exc


def schema_version(session: Session) -> int:
    """The schema version recorded in the database."""
    return int(session.scalar(select(Meta.value).where(Meta.key == "schema_version")) or 0)


def get_meta(session: Session, key: str) -> str | None:
    """A value from the meta table."""
    return session.scalar(select(Meta.value).where(Meta.key == key))


def set_meta(session: Session, key: str, value: str) -> None:
    """Store a value in the meta table."""
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """The session factory for an engine (objects stay readable after commit)."""
    return sessionmaker(engine, expire_on_commit=False)
