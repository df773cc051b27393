"""Another process holds the store's write lock while ``studyapp import`` runs (CLI side).

The other process takes the lock with ``BEGIN IMMEDIATE`` (as a long import would) and keeps
it until the test lets go, so nothing here depends on how fast the machine is: the import
waits, says so once, and succeeds when the lock is free; with a short configured wait
(``STUDYAPP_LOCK_WAIT``) it gives up with one line, exit 2, nothing changed. Two imports
started together both succeed.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.conftest import another_process_writing, run_studyapp, store_dump

WAITING = "studyapp: waiting for another studyapp process to finish writing"


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1024 * 2**20, 1024 * 2**20))
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))


def _studyapp(args: list[str], db: Path, **env: str) -> subprocess.Popen[str]:
    """A capped ``studyapp`` process, as run_studyapp's, left running."""
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **env}
    environment.pop("STUDYAPP_DB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "studyapp", *args, "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        preexec_fn=_limits,
        env=environment,
    )


def _deck(folder: Path, deck_id: str, cards: int) -> Path:
    path = folder / f"{deck_id}.md"
    path.write_text(
        f"---\nid: {deck_id}\ntitle: {deck_id}\n---\n\n"
        + "".join(f"## {deck_id} question {n}?\nAnswer {n}.\n\n" for n in range(cards)),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def store(bundled_store: Path, tmp_path: Path) -> Path:
    db = tmp_path / "study.sqlite3"
    shutil.copyfile(bundled_store, db)
    return db


def test_an_import_waits_for_the_lock_says_so_once_and_succeeds(
    store: Path, tmp_path: Path
) -> None:
    deck = _deck(tmp_path, "waited", 20)
    with another_process_writing(store):
        importing = _studyapp(["import", str(deck)], store, STUDYAPP_LOCK_WAIT="10")
        assert importing.stderr is not None
        assert importing.stderr.readline().startswith(WAITING)  # blocks until it says so
    out, err = importing.communicate(timeout=60)
    assert importing.returncode == 0, err
    assert "waited (md): 20 added" in out
    assert "Traceback" not in out + err
    assert WAITING not in err  # said once
    listed = run_studyapp(["decks"], store)
    assert "waited" in listed.stdout


def test_an_import_that_waits_longer_than_allowed_fails_in_one_line(
    store: Path, tmp_path: Path
) -> None:
    deck = _deck(tmp_path, "refused", 5)
    before = store_dump(store)
    with another_process_writing(store):
        run = run_studyapp(["import", str(deck)], store, env={"STUDYAPP_LOCK_WAIT": "0.5"})
    assert run.returncode == 2, run
    assert run.clean, run
    lines = [line for line in run.stderr.splitlines() if not line.startswith(WAITING)]
    assert lines == [
        f"studyapp: the database is busy: another studyapp process has been writing to {store} "
        "for more than 0.5 s; nothing was changed, try again when it has finished"
    ]
    assert store_dump(store) == before


def test_two_imports_at_the_same_moment_both_succeed(store: Path, tmp_path: Path) -> None:
    decks = [_deck(tmp_path, name, 300) for name in ("first", "second")]
    with another_process_writing(store):  # both start while the lock is held: both wait for it
        running = [
            _studyapp(["import", str(deck)], store, STUDYAPP_LOCK_WAIT="10") for deck in decks
        ]
        for process in running:
            assert process.stderr is not None
            assert process.stderr.readline().startswith(WAITING)
    for process, deck in zip(running, decks, strict=True):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert f"{deck.stem} (md): 300 added" in out
        assert "Traceback" not in out + err
