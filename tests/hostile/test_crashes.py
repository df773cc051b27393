"""kill -9 at many points of an import, of ratings and of each schema upgrade: nothing lost.

Each case runs a child process on its own copy of a store and kills it with SIGKILL at a
deterministic point: the child (and only the child: nothing in the product reads this) counts
SQLite's progress-handler calls (one per 10 virtual-machine steps, in any statement,
DDL included) and kills itself at the step the test chose. A first run of each case, not
killed, says how many steps there are and where each upgrade starts and ends, so the kill
points fall inside the work being tested, in the middle of statements as well as between them.

After every kill: ``PRAGMA integrity_check`` is ok; the store opens with the current code (and
is upgraded then, if the kill came before the upgrade committed); an upgrade is all or nothing
(the old version with exactly the old schema, or the new); an import is all or nothing; and
every rating the child acknowledged (it prints an ack line once ``rate`` has returned, that is,
committed) is in the review log.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scheduling.paired import PairedScheduler
from studyapp.store.review_import import ImportedRating, replay_ratings
from studyapp.store.version import SCHEMA_VERSION

pytestmark = pytest.mark.sqlite_only  # kills a process mid-write to a SQLite file

#: Stores written by each past schema version (see its README).
PAST_VERSIONS = Path(__file__).resolve().parents[1] / "store" / "past_versions"

#: The child: opens the store (upgrading it), or imports a deck, or rates cards, killing
#: itself with SIGKILL at the CRASH_AT_STEP-th progress-handler call (0: never).
CHILD = r"""
import os, signal, sys
from pathlib import Path
from sqlalchemy import event
from sqlalchemy.pool import Pool

KILL_AT = int(os.environ["CRASH_AT_STEP"])
steps = 0

def step():
    global steps
    steps += 1
    if steps == KILL_AT:
        os.kill(os.getpid(), signal.SIGKILL)
    return 0

@event.listens_for(Pool, "connect")
def watch(dbapi_connection, _record):
    dbapi_connection.set_progress_handler(step, 10)

from studyapp.collection import Collection
from studyapp.store import migrations

def marked(version, upgrade):
    def run(connection, zone):
        print("upgrade", version, "from", steps, flush=True)
        upgrade(connection, zone)
        print("upgrade", version, "to", steps, flush=True)
    return run

for version, upgrade in list(migrations.MIGRATIONS.items()):
    migrations.MIGRATIONS[version] = marked(version, upgrade)

action, url = sys.argv[1], sys.argv[2]
collection = Collection.open(url, bundled=False)
if action == "import":
    batch = collection.import_paths([Path(sys.argv[3])])
    assert not batch.errors, batch.errors
elif action == "rate":
    for card_id in range(1, 13):
        outcome = collection.rate(card_id, 4)
        print("ack", outcome.review_id, flush=True)
collection.close()
print("steps", steps, flush=True)
"""

CARDS = 120
REVIEWS = 3000
START = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Child:
    """A finished child: killed or not, and what it printed."""

    killed: bool
    lines: list[str]

    def marks(self) -> dict[tuple[int, str], int]:
        """The step counts printed at each upgrade's start and end."""
        found = {}
        for line in self.lines:
            if line.startswith("upgrade "):
                _, version, where, step = line.split()
                found[(int(version), where)] = int(step)
        return found

    @property
    def steps(self) -> int:
        return int(next(line.split()[1] for line in self.lines if line.startswith("steps ")))

    @property
    def acked(self) -> list[int]:
        return [int(line.split()[1]) for line in self.lines if line.startswith("ack ")]


def _start(action: str, db: Path, kill_at: int, *extra: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "CRASH_AT_STEP": str(kill_at)}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, action, f"sqlite:///{db}", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )


def _finish(child: subprocess.Popen[str]) -> Child:
    out, err = child.communicate(timeout=120)
    killed = child.returncode == -signal.SIGKILL
    assert killed or child.returncode == 0, err
    return Child(killed, out.splitlines())


def _run_killed(
    action: str, base: Path, folder: Path, points: list[int], *extra: str
) -> list[tuple[Path, Child]]:
    """Run the child on a copy of ``base`` per kill point, two at a time; each copy's path
    with what its child did."""
    results: list[tuple[Path, Child]] = []
    running = []
    for number, point in enumerate(points):
        db = folder / f"kill-{number}.sqlite3"
        shutil.copyfile(base, db)
        running.append((db, _start(action, db, point, *extra)))
        if len(running) == 2:
            results += [(path, _finish(child)) for path, child in running]
            running = []
    results += [(path, _finish(child)) for path, child in running]
    for (_, child), point in zip(results, points, strict=True):
        assert child.killed, f"the child finished before step {point}"
    return results


def _integrity(db: Path) -> None:
    with closing(sqlite3.connect(db)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _version_and_columns(db: Path) -> tuple[int, set[str], set[str]]:
    with closing(sqlite3.connect(db)) as connection:
        version = int(
            connection.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
        )
        columns = {row[1] for row in connection.execute("PRAGMA table_info(reviews)")}
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    return version, columns, tables


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """A current store with a deck and a long history, and each past version's store with its
    log grown as long."""
    folder = tmp_path_factory.mktemp("crash-stores")
    deck = folder / "deck.md"
    deck.write_text(
        "---\nid: crash\ntitle: Crash\n---\n\n"
        + "".join(f"## Question {n}?\nAnswer {n}.\n\n" for n in range(CARDS)),
        encoding="utf-8",
    )
    current = folder / "current.sqlite3"
    collection = Collection.open(f"sqlite:///{current}", FixedClock(START), bundled=False)
    collection.import_file(deck)
    card_ids = list(collection.cards(range(1, CARDS + 1)))
    ratings = [
        ImportedRating(card_ids[n % CARDS], START + timedelta(hours=7 * n), 1 + n % 5, 900)
        for n in range(REVIEWS)
    ]
    with collection.writer.begin() as connection:
        replay_ratings(connection, PairedScheduler(), ratings, UTC)
    collection.close()
    return {
        SCHEMA_VERSION: current,
        **{version: _grown(version, folder) for version in range(1, SCHEMA_VERSION)},
    }


def _grown(version: int, folder: Path) -> Path:
    """The store written by schema ``version``, its log copied forward a week at a time (in its
    own columns, by its own triggers) until it holds REVIEWS ratings."""
    path = folder / f"v{version}.sqlite3"
    shutil.copyfile(PAST_VERSIONS / f"v{version}.sqlite3", path)
    with closing(sqlite3.connect(path)) as connection:
        names = [row[1] for row in connection.execute("PRAGMA table_info(reviews)")]
        shifted = {
            "reviewed_at": "strftime('%Y-%m-%d %H:%M:%S', reviewed_at, :shift) || '.000000'",
            "day": "date(day, :shift)",
        }
        columns = [name for name in names if name != "id"]
        values = ", ".join(shifted.get(name, name) for name in columns)
        weeks = 1
        while (count := connection.execute("SELECT count(*) FROM reviews").fetchone()[0]) < REVIEWS:
            connection.execute(
                f"INSERT INTO reviews ({', '.join(columns)}) SELECT {values} FROM reviews "
                "ORDER BY id LIMIT :missing",
                {"shift": f"+{7 * weeks} days", "missing": REVIEWS - count},
            )
            weeks *= 2
        connection.commit()
    return path


@pytest.mark.parametrize("old_version", range(1, SCHEMA_VERSION))
def test_a_killed_upgrade_leaves_the_old_store_or_the_new(
    stores: dict[int, Path], tmp_path: Path, old_version: int
) -> None:
    base = stores[old_version]
    old = _version_and_columns(base)
    counted = _finish(_start("open", _copy(base, tmp_path / "count.sqlite3"), 0))
    marks = counted.marks()
    points = []
    for version in range(old_version, SCHEMA_VERSION):
        start, end = marks[(version, "from")], marks[(version, "to")]
        points += sorted({start + 1, (start + end) // 2, max(start + 1, end - 1)})
    points.append(marks[(SCHEMA_VERSION - 1, "to")] + 1)  # after the upgrades: the commit
    for db, _child in _run_killed("open", base, tmp_path, points):
        _integrity(db)
        after = _version_and_columns(db)
        assert after == old  # the kill came before the commit: exactly the old store
        _reopens_with_its_history(db)


def test_the_kill_points_of_an_upgrade_fall_inside_it(
    stores: dict[int, Path], tmp_path: Path
) -> None:
    counted = _finish(_start("open", _copy(stores[1], tmp_path / "count.sqlite3"), 0))
    marks = counted.marks()
    for version in range(1, SCHEMA_VERSION):
        assert marks[(version, "from")] < marks[(version, "to")]
        if version > 1:
            assert marks[(version - 1, "to")] <= marks[(version, "from")]
    assert marks[(SCHEMA_VERSION - 1, "to")] <= counted.steps


def test_a_killed_import_is_all_or_nothing(stores: dict[int, Path], tmp_path: Path) -> None:
    deck = tmp_path / "more.md"
    deck.write_text(
        "---\nid: more\ntitle: More\n---\n\n"
        + "".join(f"## Another question {n}?\nAnother answer {n}.\n\n" for n in range(800)),
        encoding="utf-8",
    )
    base = stores[SCHEMA_VERSION]
    total = _finish(_start("import", _copy(base, tmp_path / "count.sqlite3"), 0, str(deck))).steps
    points = [total * share // 100 for share in (20, 50, 80, 95)]
    for db, _child in _run_killed("import", base, tmp_path, points, str(deck)):
        _integrity(db)
        collection = Collection.open(f"sqlite:///{db}", bundled=False)
        cards = {summary.key: summary.cards for summary in collection.deck_summaries()}
        collection.close()
        assert cards.get("more", 0) in (0, 800)
        assert cards["crash"] == CARDS


def test_every_acknowledged_rating_survives_a_kill(stores: dict[int, Path], tmp_path: Path) -> None:
    base = stores[SCHEMA_VERSION]
    counted = _finish(_start("rate", _copy(base, tmp_path / "count.sqlite3"), 0))
    assert len(counted.acked) == 12
    points = [counted.steps * share // 100 for share in (30, 55, 75, 90)]
    for db, child in _run_killed("rate", base, tmp_path, points):
        _integrity(db)
        collection = Collection.open(f"sqlite:///{db}", bundled=False)
        with collection.engine.connect() as connection:
            logged = set(
                connection.scalars(text("SELECT id FROM reviews WHERE id > :n"), {"n": REVIEWS})
            )
        collection.close()
        assert set(child.acked) <= logged
        assert len(logged) - len(child.acked) in (0, 1)  # at most the one being written


def _reopens_with_its_history(db: Path) -> None:
    collection = Collection.open(f"sqlite:///{db}", bundled=False)
    with collection.engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM reviews")) == REVIEWS
        assert connection.scalar(text("SELECT count(*) FROM reviews WHERE day = ''")) == 0
    collection.close()
    assert _version_and_columns(db)[0] == SCHEMA_VERSION


def _copy(base: Path, db: Path) -> Path:
    shutil.copyfile(base, db)
    return db
