"""Shared tools of the hostile-input tests: a bounded ``studyapp`` process and a store's dump.

Every case here runs the real command line in a subprocess whose memory and CPU time are
capped with ``resource.setrlimit``, so a regression (a memory bomb, an endless loop) fails its
test instead of exhausting the machine.
"""

from __future__ import annotations

import os
import re
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

#: Any terminal control a command could print: C0 (but tab and newline), DEL, C1, bidi.
RAW_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


@dataclass(frozen=True, slots=True)
class Run:
    """What a finished ``studyapp`` process did."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def clean(self) -> bool:
        """No traceback and no raw terminal control in anything it printed."""
        both = self.stdout + self.stderr
        return "Traceback" not in both and not RAW_CONTROL.search(both)


def run_studyapp(
    args: Sequence[str],
    db: Path,
    *,
    memory_mb: int = 1024,
    cpu_seconds: int = 60,
    timeout: float = 120,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> Run:
    """Run ``python -m studyapp ARGS --db DB`` with capped memory and CPU time."""

    def limits() -> None:
        cap = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))

    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **(env or {})}
    environment.pop("STUDYAPP_DB", None)
    done = subprocess.run(
        [sys.executable, "-m", "studyapp", *args, "--db", str(db)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        preexec_fn=limits,
        env=environment,
        cwd=cwd,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def build_files(
    folder: Path, cases: Sequence[tuple[str, Callable[[Path], object], object]]
) -> list[Path]:
    """Make each case's file (name, how to make it, expectation) in a new ``folder``."""
    folder.mkdir()
    for name, make, _ in cases:
        make(folder / name)
    return [folder / name for name, _, _ in cases]


def store_dump(db: Path) -> list[str]:
    """Every row and every schema object of a SQLite store, as SQL text (for before/after)."""
    if not db.exists():
        return []
    with closing(sqlite3.connect(db)) as connection:
        return list(connection.iterdump())


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the bundled decks, made once by the real command (copy it to change it)."""
    db = tmp_path_factory.mktemp("bundled") / "study.sqlite3"
    made = run_studyapp(["decks"], db)
    assert made.returncode == 0, made.stderr
    return db


#: Holds a SQLite file's write lock until a line (or end of file) arrives on its stdin.
_LOCKER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("COMMIT")
"""


@contextmanager
def another_process_writing(db: Path) -> Iterator[Callable[[], None]]:
    """A second (capped) process holding the store's write lock, as a long import would, until
    the test lets go: the context gives the release (called again on leaving, harmlessly)."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (256 * 2**20, 256 * 2**20))
        resource.setrlimit(resource.RLIMIT_CPU, (10, 10))

    locker = subprocess.Popen(
        [sys.executable, "-c", _LOCKER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=limits,
    )
    assert locker.stdin is not None
    assert locker.stdout is not None
    stdin = locker.stdin

    def release() -> None:
        if not stdin.closed:
            stdin.write("go\n")
            stdin.close()
        assert locker.wait(30) == 0

    try:
        assert locker.stdout.readline().strip() == "locked"
        yield release
    finally:
        release()
        locker.stdout.close()
