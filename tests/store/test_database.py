"""Opening the store: pragmas, schema version, upgrades refused from the future, URLs.

(Upgrades from each past version: ``test_migrations.py``.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text, update

from studyapp.collection import Collection
from studyapp.paths import database_url
from studyapp.store.database import StoreError, create_store_engine, prepare_schema
from studyapp.store.schema import SCHEMA_VERSION, meta


@pytest.mark.sqlite_only  # WAL and pragmas
def test_a_new_file_database_gets_wal_foreign_keys_and_a_schema_version(db_url: str) -> None:
    engine = create_store_engine(db_url)
    assert prepare_schema(engine) is True
    assert prepare_schema(engine) is False
    with engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
        assert connection.scalar(text("PRAGMA foreign_keys")) == 1
        assert connection.scalar(text("SELECT value FROM meta WHERE key='schema_version'")) == str(
            SCHEMA_VERSION
        )
    engine.dispose()


def test_foreign_keys_are_enforced(db_url: str) -> None:
    engine = create_store_engine(db_url)
    prepare_schema(engine)
    with pytest.raises(Exception, match=r"(?i)foreign key"), engine.begin() as connection:
        connection.execute(text("INSERT INTO card_states (card_id, deck_id) VALUES (999, 999)"))
    engine.dispose()


def test_a_database_from_a_newer_studyapp_is_refused(db_url: str) -> None:
    engine = create_store_engine(db_url)
    prepare_schema(engine)
    with engine.begin() as connection:
        connection.execute(
            update(meta).where(meta.c.key == "schema_version").values(value=str(SCHEMA_VERSION + 1))
        )
    with pytest.raises(StoreError, match="newer than this studyapp"):
        prepare_schema(engine)
    engine.dispose()


def test_an_unopenable_database_is_a_store_error(tmp_path: Path) -> None:
    not_a_db = tmp_path / "junk.sqlite3"
    not_a_db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"junk\.sqlite3 is not a SQLite database"):
        Collection.open(f"sqlite:///{not_a_db}", bundled=False)


def test_in_memory_databases_work(clock) -> None:
    collection = Collection.open("sqlite://", clock, bundled=False)
    assert collection.deck_keys() == []
    collection.close()


def test_database_url_precedence(tmp_path: Path) -> None:
    env = {"STUDYAPP_DB": "sqlite:///from-env.sqlite3"}
    assert database_url("postgresql://u@h/db", env) == "postgresql://u@h/db"
    assert database_url(None, env) == "sqlite:///from-env.sqlite3"
    assert database_url(str(tmp_path / "x.db"), {}) == f"sqlite:///{tmp_path / 'x.db'}"


def test_the_default_database_lives_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = database_url(None, {})
    assert url == f"sqlite:///{tmp_path / 'data' / 'studyapp' / 'studyapp.sqlite3'}"
    assert (tmp_path / "data" / "studyapp").is_dir()
