"""Upgrading real stores written by each past version (``past_versions/``): the schema of a new
store exactly, the history kept, the new columns and summaries filled, all or nothing."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scheduling.rating import Rating
from studyapp.store import migrations
from studyapp.store.database import create_store_engine, prepare_schema
from studyapp.store.version import SCHEMA_VERSION
from tests.store.summaries import (
    kept_answer_counts,
    kept_day_sums,
    kept_tag_sums,
    logged_answer_counts,
    logged_day_sums,
    logged_tag_sums,
)

pytestmark = pytest.mark.sqlite_only  # files written by studyapp's SQLite stores

PAST_VERSIONS = Path(__file__).parent / "past_versions"
#: The zone the past stores were written in (make_store.py), and upgraded in here.
ZONE = timezone(timedelta(hours=1))
PAST = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]


def copy_of(version: int, folder: Path) -> Path:
    """A copy of the store written by schema ``version``, to upgrade."""
    folder.mkdir(exist_ok=True)
    path = folder / f"v{version}.sqlite3"
    shutil.copyfile(PAST_VERSIONS / f"v{version}.sqlite3", path)
    return path


def upgraded(version: int, folder: Path) -> Path:
    """The past store of ``version``, upgraded by today's code in the user's zone."""
    path = copy_of(version, folder)
    engine = create_store_engine(f"sqlite:///{path}")
    assert prepare_schema(engine, ZONE) is False
    engine.dispose()
    return path


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store made new by today's code."""
    path = tmp_path_factory.mktemp("fresh") / "fresh.sqlite3"
    engine = create_store_engine(f"sqlite:///{path}")
    assert prepare_schema(engine) is True
    engine.dispose()
    return path


def _words(sql: str | None) -> str:
    return " ".join((sql or "").split())


def schema_of(path: Path) -> dict[str, Any]:
    """Everything SQLite says about a database's schema: each ``sqlite_master`` row (its SQL up
    to whitespace), and each table's columns, foreign keys and indexes with their columns."""
    with closing(sqlite3.connect(path)) as connection:
        found: dict[str, Any] = {
            f"{kind} {name}": (table, _words(sql))
            for kind, name, table, sql in connection.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master"
            )
        }
        tables = [row[0] for row in connection.execute("SELECT name FROM pragma_table_list")]
        for table in tables:
            if table.startswith("sqlite_"):
                continue
            found[f"columns {table}"] = connection.execute(
                f"PRAGMA table_xinfo({table})"
            ).fetchall()
            found[f"keys {table}"] = connection.execute(
                f"PRAGMA foreign_key_list({table})"
            ).fetchall()
            for _, index, unique, origin, partial in connection.execute(
                f"PRAGMA index_list({table})"
            ):
                found[f"index {table}.{index}"] = (
                    unique,
                    origin,
                    partial,
                    connection.execute(f"PRAGMA index_xinfo({index})").fetchall(),
                )
    return found


#: The history every version holds, read with the columns of schema 1 (and 2 for results).
HISTORY = {
    "decks": "SELECT id, key, title, description, tags, source, origin, imported_at FROM decks",
    "cards": (
        "SELECT id, deck_id, key, position, question, answer, type, short, tags, distractors, "
        "demo, source, content_hash, created_at, updated_at, retired_at FROM cards"
    ),
    "reviews": (
        "SELECT id, card_id, reviewed_at, mode, rating, response_ms, scheduled, "
        "repetitions_before, easiness_before, interval_before, due_before, "
        "repetitions_after, easiness_after, interval_after, due_after FROM reviews"
    ),
    "schedule": (
        "SELECT card_id, deck_id, active, repetitions, easiness, interval, due, "
        "introduced_on, lapses, reviews, last_rating, last_reviewed_at FROM card_states"
    ),
    "meta": "SELECT key, value FROM meta WHERE key != 'schema_version'",
}


def results_queries(schema: int) -> dict[str, str]:
    """The results every version from 2 holds (schema 4 renamed the test tables)."""
    tests, test_id = ("test_results", "test_id") if schema >= 4 else ("exams", "exam_id")
    return {
        "test_results": f"SELECT * FROM {tests}",
        "answers": (
            "SELECT id, card_id, answered_at, mode, kind, correct, overridden, given, "
            f"response_ms, {test_id} FROM answers"
        ),
        "match_games": "SELECT * FROM match_games",
    }


def history_of(path: Path, version: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the history a store of ``version`` held, in id order."""
    queries = {**HISTORY, **(results_queries(version_of(path)) if version >= 2 else {})}
    with closing(sqlite3.connect(path)) as connection:
        return {
            name: sorted(connection.execute(query).fetchall()) for name, query in queries.items()
        }


def version_of(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0])


@pytest.mark.parametrize("version", PAST)
def test_each_past_store_is_what_its_version_wrote(version: int) -> None:
    assert version_of(PAST_VERSIONS / f"v{version}.sqlite3") == version


@pytest.mark.parametrize("version", PAST)
def test_an_upgraded_store_has_exactly_the_schema_of_a_new_one(
    version: int, fresh: Path, tmp_path: Path
) -> None:
    path = upgraded(version, tmp_path)
    assert version_of(path) == SCHEMA_VERSION
    assert schema_of(path) == schema_of(fresh)


@pytest.mark.parametrize("version", PAST)
def test_an_upgrade_keeps_the_whole_history(version: int, tmp_path: Path) -> None:
    before = history_of(copy_of(version, tmp_path / "before"), version)
    path = upgraded(version, tmp_path)
    assert history_of(path, version) == before
    with closing(sqlite3.connect(path)) as connection:
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("decks", "cards", "reviews", "answers", "test_results", "match_games")
        }
        lapses = connection.execute("SELECT lapses FROM card_states WHERE card_id = 1").fetchone()
        accepted = connection.execute("SELECT DISTINCT accepted FROM cards").fetchall()
        unfinished = connection.execute("SELECT count(*) FROM unfinished_sessions").fetchone()
        notes = connection.execute("SELECT DISTINCT note FROM cards").fetchall()
        numeric = connection.execute("SELECT DISTINCT numeric_spec FROM cards").fetchall()
        marks = connection.execute(
            "SELECT DISTINCT suspended, buried_until, starred, flag, leech FROM card_states"
        ).fetchall()
        kinds = connection.execute("SELECT DISTINCT origin_kind FROM decks").fetchall()
        found = connection.execute(
            "SELECT rowid FROM cards_text WHERE cards_text MATCH 'momentum'"
        ).fetchall()
        tagged = connection.execute(
            "SELECT card_id, name FROM card_tags JOIN tag_names ON tag_names.id = tag_id "
            "ORDER BY card_id, name"
        ).fetchall()
        tag_lists = connection.execute(
            "SELECT cards.id, value FROM cards, json_each(cards.tags) ORDER BY cards.id, value"
        ).fetchall()
    assert (accepted, unfinished) == ([("[]",)], (0,))  # schema 5's additions, empty
    assert notes == [(None,)]  # schema 6's: no card has a note yet
    assert numeric == [(None,)]  # schema 7's: no card is numeric yet
    assert marks == [(0, None, 0, 0, 0)]  # schema 8's: no card is marked
    assert kinds == [("file",)]  # a deck's kind is read from its file: past.md
    assert found == [(2,)]  # and the search index holds the cards: "What does momentum..."
    assert tagged == tag_lists == [(1, "basics")]  # schema 9's: each card's tags, indexed
    results = (5, 1, 1) if version >= 2 else (0, 0, 0)
    assert counts == dict(zip(counts, (1, 4, 9, *results), strict=True)), (
        "the deck, its cards, the ratings, and from schema 2 the answers, a test and a game"
    )
    assert lapses == (1,)  # the first card was forgotten on the second day


@pytest.mark.parametrize("version", PAST)
def test_an_upgrade_fills_days_previous_ratings_and_the_kept_sums(
    version: int, tmp_path: Path
) -> None:
    collection = Collection.open(
        f"sqlite:///{copy_of(version, tmp_path)}", FixedClock(datetime.now(ZONE)), bundled=False
    )
    with collection.engine.connect() as connection:
        log = connection.execute(
            text("SELECT card_id, reviewed_at, day, rating, rating_before FROM reviews ORDER BY id")
        ).all()
        sums_rows = connection.execute(text("SELECT card_id, rating_sum FROM card_states"))
        rating_sums = {int(card_id): int(total) for card_id, total in sums_rows}
        assert kept_day_sums(connection) == logged_day_sums(connection)
        assert kept_answer_counts(connection) == logged_answer_counts(connection)
        kept_days = kept_day_sums(connection)
        tag_sums = kept_tag_sums(connection)
        assert tag_sums == logged_tag_sums(connection)
    collection.close()
    previous: dict[int, int] = {}
    for card_id, reviewed_at, day, rating, rating_before in log:
        moment = datetime.fromisoformat(reviewed_at).replace(tzinfo=UTC)
        assert date.fromisoformat(day) == moment.astimezone(ZONE).date()
        assert rating_before == previous.get(card_id)
        previous[card_id] = rating
    assert rating_sums == {
        card: sum(row.rating for row in log if row.card_id == card) for card in rating_sums
    }
    # the first day: three new cards in spaced mode (4, 5, 2: two passed), a repeat, a learn
    assert kept_days[(date(2026, 3, 10), "past")] == (5, 3, 2, 17300, 4 + 5 + 4 + 3)
    assert {tag for _, tag in tag_sums} == {"basics"}  # schema 11's: card 1's days, by its tag


@pytest.mark.parametrize("version", PAST)
def test_an_upgraded_store_keeps_its_sums_as_it_is_used(version: int, tmp_path: Path) -> None:
    clock = FixedClock(datetime(2026, 3, 20, 9, 0, tzinfo=ZONE))
    collection = Collection.open(f"sqlite:///{copy_of(version, tmp_path)}", clock, bundled=False)
    collection.rate(2, Rating(3), response_ms=700)
    collection.undo(collection.rate(3, Rating(5)).review_id)
    with collection.engine.connect() as connection:
        assert kept_day_sums(connection)[(date(2026, 3, 20), "past")] == (1, 1, 1, 700, 3 - 4)
        assert kept_day_sums(connection) == logged_day_sums(connection)
        assert kept_tag_sums(connection) == logged_tag_sums(connection)
    collection.close()


def test_an_upgrade_that_fails_part_way_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_of(1, tmp_path)
    before = schema_of(path), history_of(path, 1)
    real_last_step = migrations.MIGRATIONS[SCHEMA_VERSION - 1]

    def killed_at_the_end(connection, zone) -> None:  # type: ignore[no-untyped-def]
        real_last_step(connection, zone)  # every step done, then the process is interrupted
        raise KeyboardInterrupt

    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION - 1, killed_at_the_end)
    engine = create_store_engine(f"sqlite:///{path}")
    with pytest.raises(KeyboardInterrupt):
        prepare_schema(engine, ZONE)
    engine.dispose()
    assert (schema_of(path), history_of(path, 1)) == before
    assert version_of(path) == 1
    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION - 1, real_last_step)
    engine = create_store_engine(f"sqlite:///{path}")
    assert prepare_schema(engine, ZONE) is False
    engine.dispose()
    assert version_of(path) == SCHEMA_VERSION


def test_the_upgrade_to_8_tells_each_decks_source_by_its_file(tmp_path: Path) -> None:
    path = copy_of(7, tmp_path)
    origins = {
        "optimization-in-neural-networks": "/venv/share/cards/optimization-in-neural-networks.md",
        "training-by-the-numbers": r"C:\app\cards\training-by-the-numbers.md",
        "not-bundled": "/home/me/cards/not-bundled.md",  # a user's file in a folder "cards"
        "shared": "/home/me/Downloads/Shared.APKG",
        "quizlet": "/home/me/quizlet.tsv",
        "nowhere": None,
    }
    with closing(sqlite3.connect(path)) as connection, connection:
        for key, origin in origins.items():
            connection.execute(
                "INSERT INTO decks (key, title, description, tags, origin, imported_at) "
                "VALUES (?, ?, '', '[]', ?, '2026-03-10 08:00:00')",
                (key, key, origin),
            )
    engine = create_store_engine(f"sqlite:///{path}")
    prepare_schema(engine, ZONE)
    engine.dispose()
    with closing(sqlite3.connect(path)) as connection:
        kinds = dict(connection.execute("SELECT key, origin_kind FROM decks").fetchall())
    assert kinds == {
        "past": "file",
        "optimization-in-neural-networks": "bundled",
        "training-by-the-numbers": "bundled",
        "not-bundled": "file",
        "shared": "package",
        "quizlet": "export",
        "nowhere": None,
    }
