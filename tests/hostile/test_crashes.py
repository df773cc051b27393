"""kill -9 at many points of an import, of ratings and of each schema upgrade: nothing lost.

Each case runs a child process on its own copy of a store and kills it with SIGKILL at a
deterministic point: the child (and only the child: nothing in the product reads this) counts
SQLite's progress-handler calls (one per 10 virtual-machine steps, in any statement,
DDL included) and kills itself at the step the test chose. A first run of each case, not
killed, says how many steps there are and where each upgrade starts and ends, so the kill
points fall inside the work being tested, in the middle of statements as well as between them:
every upgrade step is killed at its start, middle and end. The children are forks of one
server process that has imported studyapp already, so a kill costs no interpreter start-up.

After every kill: ``PRAGMA integrity_check`` is ok; the store opens with the current code (and
is upgraded then, if the kill came before the upgrade committed); an upgrade is all or nothing
(the old version with exactly the old schema, or the new); an import is all or nothing; and
every rating the child acknowledged (it prints an ack line once ``rate`` has returned, that is,
committed) is in the review log.
"""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
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

#: The child server: imports studyapp (and SQLAlchemy) once, then for each job it is sent forks
#: a child that opens the store (upgrading it), or imports a deck, or rates cards, killing
#: itself with SIGKILL at the job's kill_at-th progress-handler call (0: never). A fork costs
#: no interpreter start-up or import, so a case can afford a kill point per step of an upgrade.
#: The forks run two at a time; each writes what it prints to its own files, and the server
#: answers a batch of jobs with one line: the exit code of each (-9: killed).
SERVER = r"""
import json, os, signal, sys, traceback
from pathlib import Path
from sqlalchemy import event
from sqlalchemy.pool import Pool

KILL_AT = 0
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

def work(action, url, extra):
    collection = Collection.open(url, bundled=False)
    if action == "import":
        batch = collection.import_paths([Path(extra[0])])
        assert not batch.errors, batch.errors
    elif action == "rate":
        for card_id in range(1, 13):
            outcome = collection.rate(card_id, 4)
            print("ack", outcome.review_id, flush=True)
    collection.close()
    print("steps", steps, flush=True)

def child(job):
    global KILL_AT
    KILL_AT = job["kill_at"]
    signal.alarm(120)  # a fork that hangs dies (and its job fails) instead of the suite
    for fd, path in ((1, job["out"]), (2, job["err"])):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), fd)
    try:
        work(job["action"], job["url"], job["extra"])
        sys.stdout.flush()
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)

while line := sys.stdin.readline():
    jobs = list(enumerate(json.loads(line)))
    codes = [None] * len(jobs)
    running = {}
    while jobs or running:
        while jobs and len(running) < 2:
            number, job = jobs.pop(0)
            pid = os.fork()
            if pid == 0:
                child(job)
            running[pid] = number
        pid, status = os.wait()
        codes[running.pop(pid)] = os.waitstatus_to_exitcode(status)
    print(json.dumps(codes), flush=True)
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


@dataclass(frozen=True, slots=True)
class Job:
    """What a forked child is to do: ``action`` on the store at ``db``, killed at ``kill_at``."""

    action: str
    db: Path
    kill_at: int
    extra: tuple[str, ...] = ()


class Server:
    """The running child server (see SERVER)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.batches = 0

    def run(self, jobs: list[Job]) -> list[Child]:
        """Run ``jobs`` (two at a time), each in a fork of its own; what each did, in order."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.batches += 1
        outputs = [
            (self.folder / f"{self.batches}-{n}.out", self.folder / f"{self.batches}-{n}.err")
            for n in range(len(jobs))
        ]
        sent = [
            {
                "action": job.action,
                "url": f"sqlite:///{job.db}",
                "kill_at": job.kill_at,
                "extra": list(job.extra),
                "out": str(out),
                "err": str(err),
            }
            for job, (out, err) in zip(jobs, outputs, strict=True)
        ]
        self.process.stdin.write(json.dumps(sent) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, f"the child server died (exit code {self.process.wait()})"
        children = []
        for code, (out, err) in zip(json.loads(answer), outputs, strict=True):
            killed = code == -signal.SIGKILL
            assert killed or code == 0, f"exit code {code}: {err.read_text(encoding='utf-8')}"
            children.append(Child(killed, out.read_text(encoding="utf-8").splitlines()))
        return children

    def close(self) -> None:
        """End the server (it ends when its input does)."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.close()
        assert self.process.wait(30) == 0
        self.process.stdout.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One child server for the module's cases."""
    running = Server(tmp_path_factory.mktemp("crash-children"))
    yield running
    running.close()


def _run_once(server: Server, action: str, db: Path, *extra: str) -> Child:
    """Run the child on ``db`` without killing it."""
    return server.run([Job(action, db, 0, extra)])[0]


def _run_killed(
    server: Server, action: str, base: Path, folder: Path, points: list[int], *extra: str
) -> list[tuple[Path, Child]]:
    """Run the child on a copy of ``base`` per kill point; each copy's path with what its
    child did."""
    jobs = []
    for number, point in enumerate(points):
        db = folder / f"kill-{number}.sqlite3"
        shutil.copyfile(base, db)
        jobs.append(Job(action, db, point, extra))
    results = [(job.db, child) for job, child in zip(jobs, server.run(jobs), strict=True)]
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


def _kill_points(marks: dict[tuple[int, str], int], old_version: int) -> list[int]:
    """Where to kill an upgrade from ``old_version``: its first step (the one whose real input
    this store is) at its start, middle and end; each later step at one of the three, taken in
    turn along the chain, so that every step is killed inside it from several stores, at each
    of the three places; and after the last step, at the commit."""
    points = []
    for version in range(old_version, SCHEMA_VERSION):
        start, end = marks[(version, "from")], marks[(version, "to")]
        inside = [start + 1, (start + end) // 2, max(start + 1, end - 1)]
        if version == old_version:
            points += sorted(set(inside))
        else:
            points.append(inside[(version - old_version) % 3])
    points.append(marks[(SCHEMA_VERSION - 1, "to")] + 1)  # after the upgrades: the commit
    return points


@pytest.mark.parametrize("old_version", range(1, SCHEMA_VERSION))
def test_a_killed_upgrade_leaves_the_old_store_or_the_new(
    server: Server, stores: dict[int, Path], tmp_path: Path, old_version: int
) -> None:
    base = stores[old_version]
    old = _version_and_columns(base)
    counted = _run_once(server, "open", _copy(base, tmp_path / "count.sqlite3"))
    marks = counted.marks()
    points = _kill_points(marks, old_version)
    for db, _child in _run_killed(server, "open", base, tmp_path, points):
        _integrity(db)
        after = _version_and_columns(db)
        assert after == old  # the kill came before the commit: exactly the old store
        _reopens_with_its_history(db)


def test_the_kill_points_of_an_upgrade_fall_inside_it(
    server: Server, stores: dict[int, Path], tmp_path: Path
) -> None:
    counted = _run_once(server, "open", _copy(stores[1], tmp_path / "count.sqlite3"))
    marks = counted.marks()
    for version in range(1, SCHEMA_VERSION):
        assert marks[(version, "from")] < marks[(version, "to")]
        if version > 1:
            assert marks[(version - 1, "to")] <= marks[(version, "from")]
    assert marks[(SCHEMA_VERSION - 1, "to")] <= counted.steps


def test_a_killed_import_is_all_or_nothing(
    server: Server, stores: dict[int, Path], tmp_path: Path
) -> None:
    deck = tmp_path / "more.md"
    deck.write_text(
        "---\nid: more\ntitle: More\n---\n\n"
        + "".join(f"## Another question {n}?\nAnother answer {n}.\n\n" for n in range(800)),
        encoding="utf-8",
    )
    base = stores[SCHEMA_VERSION]
    total = _run_once(server, "import", _copy(base, tmp_path / "count.sqlite3"), str(deck)).steps
    points = [total * share // 100 for share in (20, 50, 80, 95)]
    for db, _child in _run_killed(server, "import", base, tmp_path, points, str(deck)):
        _integrity(db)
        collection = Collection.open(f"sqlite:///{db}", bundled=False)
        cards = {summary.key: summary.cards for summary in collection.deck_summaries()}
        collection.close()
        assert cards.get("more", 0) in (0, 800)
        assert cards["crash"] == CARDS


def test_every_acknowledged_rating_survives_a_kill(
    server: Server, stores: dict[int, Path], tmp_path: Path
) -> None:
    base = stores[SCHEMA_VERSION]
    counted = _run_once(server, "rate", _copy(base, tmp_path / "count.sqlite3"))
    assert len(counted.acked) == 12
    points = [counted.steps * share // 100 for share in (30, 55, 75, 90)]
    for db, child in _run_killed(server, "rate", base, tmp_path, points):
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
