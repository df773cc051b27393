"""Store faults through the capped CLI: one line, exit 2, nothing half-written, nothing let in.

A read-only store, a disk that fills up during an import (a file-size limit in the child, which
makes writes fail as a full disk does; and a real full disk on a small tmpfs where this test
may mount one), a database URL whose driver is not installed, an unknown URL scheme, and
another app's database (a plain SQLite file, and an Anki collection written by Anki's own
backend): each is refused in one line naming the database, and the database is unchanged.
"""

from __future__ import annotations

import importlib.util
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from tests.hostile.conftest import Run, run_studyapp, store_dump

#: A deck big enough that importing it writes far more than the limits below allow.
BIG_DECK = "---\nid: big\ntitle: Big\n---\n\n" + "".join(
    f"## What is item {n} of the big deck?\nIt is item number {n}, written out at length.\n\n"
    for n in range(3000)
)


def _one_line_refusal(run: Run, *expected: str) -> None:
    assert run.returncode == 2, run
    assert run.clean, run
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    for text in expected:
        assert text in lines[0], run.stderr


def _copy_store(bundled_store: Path, folder: Path) -> Path:
    db = folder / "study.sqlite3"
    shutil.copyfile(bundled_store, db)
    return db


def _files(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


@contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """``path`` (a file or a folder) made read-only even for root (immutable), or skip the
    test if it can't be."""
    if os.geteuid() != 0:
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(0o755 if path.is_dir() else 0o644)
        return
    if shutil.which("chattr") is None:
        pytest.skip("root ignores file modes and chattr is not available")
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode:
        pytest.skip("root ignores file modes and this file system refuses chattr +i")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_store_refuses_a_write_in_one_line(bundled_store: Path, tmp_path: Path) -> None:
    db = _copy_store(bundled_store, tmp_path)
    deck = tmp_path / "deck.md"
    deck.write_text(BIG_DECK[:400], encoding="utf-8")
    before = store_dump(db)
    with _read_only(db):
        run = run_studyapp(["import", str(deck)], db)
        listed = run_studyapp(["decks"], db)  # reading still works
    _one_line_refusal(run, f"{db} is read-only: cannot save changes to it")
    assert listed.returncode == 0
    assert "optimization" in listed.stdout
    assert store_dump(db) == before


def test_a_store_in_a_folder_that_is_not_writable_is_one_line(
    bundled_store: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    db = _copy_store(bundled_store, folder)
    before = store_dump(db)
    with _read_only(folder):
        new = run_studyapp(["decks"], folder / "new.sqlite3")
        existing = run_studyapp(["config", "new-per-day", "3"], db)
    _one_line_refusal(new, f"cannot create {folder / 'new.sqlite3'}: the folder {folder} is not")
    _one_line_refusal(existing, f"cannot open {db}: is its folder missing or not writable?")
    assert _files(folder) == ["study.sqlite3"]
    assert store_dump(db) == before


def _run_capped(args: list[str], db: str, file_size: int | None = None) -> Run:
    """run_studyapp's capped process with ``--db`` given as it is (run_studyapp takes a Path,
    which would spoil a URL), and, with ``file_size``, every file it writes limited to it."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1024 * 2**20, 1024 * 2**20))
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))
        if file_size is not None:  # Python ignores SIGXFSZ: a write past it fails (EFBIG)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    environment.pop("STUDYAPP_DB", None)
    done = subprocess.run(
        [sys.executable, "-m", "studyapp", *args, "--db", db],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        preexec_fn=limits,
        env=environment,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def _integrity(db: Path) -> str:
    with closing(sqlite3.connect(db)) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def test_a_write_past_the_file_size_limit_rolls_the_import_back(
    bundled_store: Path, tmp_path: Path
) -> None:
    db = _copy_store(bundled_store, tmp_path)
    deck = tmp_path / "big.md"
    deck.write_text(BIG_DECK, encoding="utf-8")
    before = store_dump(db)
    run = _run_capped(["import", str(deck)], str(db), file_size=db.stat().st_size + 64 * 1024)
    _one_line_refusal(run, str(db), "nothing was changed")
    assert "disk full" in run.stderr or "disk I/O error" in run.stderr
    assert _integrity(db) == "ok"
    assert store_dump(db) == before
    assert run_studyapp(["import", str(deck)], db).returncode == 0  # room again: it imports


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MiB tmpfs mounted for the test (root only, where mounting is allowed)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_disk_that_fills_up_during_an_import_says_disk_full_and_keeps_the_store(
    bundled_store: Path, small_disk: Path, tmp_path: Path
) -> None:
    db = _copy_store(bundled_store, small_disk)
    deck = tmp_path / "big.md"
    deck.write_text(BIG_DECK, encoding="utf-8")
    before = store_dump(db)
    room = shutil.disk_usage(small_disk).free - 96 * 1024  # leave 96 KiB: not enough
    (small_disk / "filler").write_bytes(b"\0" * room)
    run = run_studyapp(["import", str(deck)], db)
    _one_line_refusal(run, f"disk full: cannot write to {db}; nothing was changed")
    (small_disk / "filler").unlink()
    assert _integrity(db) == "ok"
    assert store_dump(db) == before


@pytest.mark.parametrize(
    ("url", "module", "expected"),
    [
        (
            "postgresql://me:secret@localhost/study",
            "psycopg",
            "its database driver (psycopg) is not installed; "
            "install it with: pip install 'studyapp[postgres]'",
        ),
        (
            "mysql://me@localhost/study",
            "MySQLdb",
            "its database driver (MySQLdb) is not installed; install it with: pip install "
            "mysqlclient",
        ),
        (
            "foo://somewhere/study",
            None,
            "unknown database URL scheme 'foo'; use a SQLite path or a postgresql:// URL",
        ),
    ],
)
def test_urls_that_cannot_be_used_are_one_line(url: str, module: str | None, expected: str) -> None:
    if module is not None and importlib.util.find_spec(module) is not None:
        pytest.skip(f"{module} is installed")
    for args in (["decks"], ["import", "cards"]):
        run = _run_capped(args, url)
        _one_line_refusal(run, expected)
        assert "secret" not in run.stderr


def _refused_unchanged(db: Path, expected: str) -> None:
    folder_before = _files(db.parent)
    content = db.read_bytes()
    for args in (["decks"], ["import", "cards"]):
        run = run_studyapp(args, db)
        _one_line_refusal(run, f"{db} ", expected)
    assert db.read_bytes() == content
    assert _files(db.parent) == folder_before  # no -wal, -shm or journal left beside it


def test_another_apps_sqlite_file_is_refused_byte_for_byte_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "recipes.db"
    with closing(sqlite3.connect(db)) as other:
        other.executescript(
            "CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT);"
            "CREATE TABLE cards (id INTEGER PRIMARY KEY, recipe INTEGER);"
            "INSERT INTO recipes (name) VALUES ('bread');"
        )
    _refused_unchanged(
        db, "is not a studyapp database (it has tables cards, recipes); choose another file"
    )


def test_an_anki_collection_is_refused_byte_for_byte_unchanged(tmp_path: Path) -> None:
    pytest.importorskip("anki")
    from anki.collection import Collection as AnkiCollection

    db = tmp_path / "collection.anki2"
    anki = AnkiCollection(str(db))
    anki.close()
    _refused_unchanged(db, "is not a studyapp database (it has tables cards, col, ")


def test_a_text_file_is_refused_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("shopping: bread, milk\n", encoding="utf-8")
    _refused_unchanged(db, "is not a SQLite database; choose another file")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    run = run_studyapp(["decks"], tmp_path)
    _one_line_refusal(run, f"{tmp_path} is a folder, not a database file")
    assert _files(tmp_path) == []
