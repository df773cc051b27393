"""Hostile Anki packages through the real command line: refused in one line, or imported cleanly.

Every package is built here at test time (:mod:`tests.hostile.packages`) and imported by a
memory- and CPU-capped ``studyapp`` process into a store that already holds the bundled decks.
A refusal names the package, prints no traceback and no raw terminal control, exits 2 and
leaves the store's dump as it was; the bombs run under a memory cap well below what reading
them whole would take. Every run has its own ``$TMPDIR``, which must be left empty.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.conftest import Run, build_files, run_studyapp, store_dump
from tests.hostile.packages import (
    NOTE_TYPE_ID,
    Member,
    deflated,
    deflated_zeros,
    legacy_collection,
    legacy_package,
    modern_collection,
    modern_package,
    stored,
    write_zip,
    zstd_zeros,
)

#: Far below what any of the bombs would take if read whole (each unpacks to GiBs).
MEMORY_MB = 600

#: A package's file name, how to make it in a folder, and what its error line must say.
Case = tuple[str, Callable[[Path], None], str]


def _legacy(**spoil: Any) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        collection = legacy_collection(path.with_suffix(".db"), path.stem, **spoil)
        legacy_package(path, collection)

    return make


def _modern(**spoil: Any) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        collection = modern_collection(path.with_suffix(".db"), path.stem, **spoil)
        modern_package(path, collection)

    return make


def _modern_with(*extra: Member, compressed: bytes | None = None) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        collection = modern_collection(path.with_suffix(".db"), path.stem)
        modern_package(path, collection, *extra, compressed=compressed)

    return make


def _legacy_member(member: Callable[[bytes], Member]) -> Callable[[Path], None]:
    """A legacy package whose collection is written as ``member`` makes it."""

    def make(path: Path) -> None:
        collection = legacy_collection(path.with_suffix(".db"), path.stem)
        write_zip(path, [member(collection), deflated("media", b"{}")])

    return make


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_to_dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _huge_file_list(path: Path) -> None:
    """A zip whose end record claims a 1 GiB list of files."""
    path.write_bytes(b"PK\x05\x06" + bytes(8) + (2**30).to_bytes(4, "little") + bytes(6))


_DEEP_MODELS = '{"1000": ' + "[" * 200_000 + "]" * 200_000 + "}"
_ENDLESS_DECKS = (
    "DROP TABLE decks;"
    "CREATE VIEW decks AS WITH RECURSIVE endless(id, name, kind) AS"
    " (SELECT 1, 'x', x'' UNION ALL SELECT id + 1, name, kind FROM endless)"
    " SELECT * FROM endless;"
)
_BAD_MODEL = json.dumps(
    {"1000": {"id": NOTE_TYPE_ID, "name": 5, "flds": [], "tmpls": [], "type": 0}}
)

REFUSED: list[Case] = [
    ("ver-text.apkg", _legacy(version="eleven"), "schema version is 'eleven'"),
    (
        "mid-text.apkg",
        _legacy(notes=[(1, "g", "abc", "", "Q\x1fA")]),
        "the note type of note 1 is 'abc', not a whole number",
    ),
    ("mid-null.apkg", _legacy(notes=[(1, "g", None, "", "Q\x1fA")]), "is empty (NULL)"),
    (
        "revlog-future.apkg",
        _legacy(reviews=[(9 * 10**18, 10, 3, 1000)]),
        "has an impossible time",
    ),
    (
        "revlog-past.apkg",
        _legacy(reviews=[(-9 * 10**18, 10, 3, 1000)]),
        "has an impossible time",
    ),
    (
        "ease-text.apkg",
        _legacy(reviews=[(1_700_000_000_000, 10, "good", 1000)]),
        "the answer button of review 1700000000000 is 'good'",
    ),
    ("deep-json.apkg", _legacy(models=_DEEP_MODELS), "nested too deeply"),
    ("model-shape.apkg", _legacy(models=_BAD_MODEL), "a note type's name is 5, not text"),
    ("endless-view.apkg", _modern(extra_sql=_ENDLESS_DECKS), "decks should be a table, not a view"),
    (
        "bad-protobuf.apkg",
        _modern(note_type_config=b"\xff\xff\xff"),
        "its note types or decks cannot be read",
    ),
    (
        "encrypted.apkg",
        _legacy_member(lambda data: deflated("collection.anki2", data, flags=1)),
        "collection.anki2 is encrypted",
    ),
    (
        "deflate64.apkg",
        _legacy_member(lambda data: deflated("collection.anki2", data, method=9)),
        "compressed with deflate64, which this app cannot unpack",
    ),
    ("fifo.apkg", _fifo, "is not a regular file"),
    ("zero.apkg", _link_to_dev_zero, "is not a regular file"),
    ("file-list.apkg", _huge_file_list, "lists more files than this app reads"),
    # the bombs: each would take GiBs of memory or of $TMPDIR if read whole
    (
        "meta-bomb.apkg",
        _modern_with(deflated_zeros("meta", 2048)),
        "its meta file is larger than 64 KiB",
    ),
    (
        "zstd-bomb.apkg",
        _modern_with(compressed=zstd_zeros(8192)),
        "is a zip bomb: collection.anki21b unpacks to over",
    ),
    (
        "deflate-bomb.apkg",
        _legacy_member(lambda _: deflated_zeros("collection.anki2", 3072)),
        "is a zip bomb: collection.anki2 unpacks to over 3072 MiB",
    ),
    (
        "too-large.apkg",
        _legacy_member(lambda _: deflated_zeros("collection.anki2", 5 * 1024)),
        "its collection is larger than 4 GiB unpacked",
    ),
]


@pytest.fixture
def store(bundled_store: Path, tmp_path: Path) -> Path:
    db = tmp_path / "study.sqlite3"
    shutil.copy(bundled_store, db)
    return db


def _import(paths: list[Path], db: Path, scratch: Path, **limits: int) -> Run:
    """``studyapp import PATHS`` with ``scratch`` as its $TMPDIR, capped."""
    scratch.mkdir(exist_ok=True)
    return run_studyapp(
        ["import", *map(str, paths)],
        db,
        memory_mb=limits.get("memory_mb", MEMORY_MB),
        cpu_seconds=limits.get("cpu_seconds", 60),
        env={"TMPDIR": str(scratch)},
    )


def test_every_hostile_package_is_refused_cleanly(store: Path, tmp_path: Path) -> None:
    before = store_dump(store)
    paths = build_files(tmp_path / "packages", REFUSED)
    scratch = tmp_path / "tmp"

    run = _import(paths, store, scratch)

    assert run.returncode == 2, run.stdout + run.stderr
    assert run.clean, run.stderr
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    for (name, _, expected), path in zip(REFUSED, paths, strict=True):
        line = next((line for line in lines if line.startswith(f"{path}: ")), "")
        assert expected in line, f"{name}: {expected!r} not in {line!r}\n{run.stderr}"
    assert lines[-1] == (
        f"studyapp: {len(REFUSED)} files had errors and were not imported; 0 imported"
    )
    assert store_dump(store) == before
    assert list(scratch.iterdir()) == []  # every temporary folder removed


def _card_keys(db: Path) -> dict[str, list[str]]:
    """Each deck's card ids in the store."""
    with closing(sqlite3.connect(db)) as connection:
        rows = connection.execute(
            "SELECT decks.key, cards.key FROM cards JOIN decks ON decks.id = cards.deck_id"
            " ORDER BY cards.key"
        ).fetchall()
    keys: dict[str, list[str]] = {}
    for deck, card in rows:
        keys.setdefault(deck, []).append(card)
    return keys


def _hashed(guid: str) -> str:
    return "anki-" + hashlib.sha1(guid.encode()).hexdigest()[:12]


#: A package's file name, how to make it, and the card ids its deck must end up with.
Imported = tuple[str, Callable[[Path], object], int]

IMPORTED: list[Imported] = [
    (  # genanki gives identical notes identical GUIDs: one card for both
        "twins.apkg",
        _legacy(
            notes=[
                (1, "same", NOTE_TYPE_ID, "", "Q?\x1fA"),
                (2, "same", NOTE_TYPE_ID, "", "Q?\x1fA"),
            ],
            cards=[(10, 1, 1, 0, 0, 0), (11, 2, 1, 0, 0, 0)],
            reviews=[(1_700_000_000_000, 10, 3, 1000), (1_700_000_100_000, 11, 4, 1000)],
        ),
        1,
    ),
    (  # two different notes sharing a GUID: a card each
        "shared-guid.apkg",
        _legacy(
            notes=[
                (1, "same", NOTE_TYPE_ID, "", "Q1?\x1fA"),
                (2, "same", NOTE_TYPE_ID, "", "Q2?\x1fA"),
            ],
            cards=[(10, 1, 1, 0, 0, 0), (11, 2, 1, 0, 0, 0)],
        ),
        2,
    ),
    (  # an exported-looking GUID naming another note's hashed id, read first
        "id-clash.apkg",
        _legacy(
            notes=[
                (1, f"studyapp:x:{_hashed('plain')}", NOTE_TYPE_ID, "", "Q1?\x1fA"),
                (2, "plain", NOTE_TYPE_ID, "", "Q2?\x1fA"),
            ],
            cards=[(10, 1, 1, 0, 0, 0), (11, 2, 1, 0, 0, 0)],
        ),
        2,
    ),
    (  # odd values Anki never writes, but harmless: read leniently
        "odd-values.apkg",
        _legacy(
            notes=[(1, None, NOTE_TYPE_ID, None, b"Q?\x1fA\xff")],
            cards=[(10, 1, 1, -7, "x", None)],
            reviews=[(1_700_000_000_000, 10, 3, None)],
        ),
        1,
    ),
    (  # a media list unpacking to 4 GiB: the files are counted by their numbers instead
        "media-bomb.apkg",
        lambda path: legacy_package(
            path,
            legacy_collection(path.with_suffix(".db"), path.stem),
            deflated_zeros("media", 4096),
        ),
        1,
    ),
    (  # the same as a zstd protobuf list in a modern package
        "media-zstd-bomb.apkg",
        lambda path: modern_package(
            path,
            modern_collection(path.with_suffix(".db"), path.stem),
            media=stored("media", zstd_zeros(4096)),
        ),
        1,
    ),
]


def test_odd_but_harmless_packages_import(store: Path, tmp_path: Path) -> None:
    paths = build_files(tmp_path / "packages", IMPORTED)
    scratch = tmp_path / "tmp"

    run = _import(paths, store, scratch)

    assert run.returncode == 0, run.stdout + run.stderr
    assert run.clean, run.stdout + run.stderr
    keys = _card_keys(store)
    for name, _, cards in IMPORTED:
        deck = name.removesuffix(".apkg")
        assert len(keys.get(deck, [])) == cards, (name, keys.get(deck), run.stdout)
    assert keys["id-clash"][0] != keys["id-clash"][1]
    assert "1 of 2 reviews" not in run.stdout  # both twins' reviews reach their one card
    assert list(scratch.iterdir()) == []


def test_a_full_disk_while_unpacking_is_one_line_and_leaves_nothing(
    store: Path, tmp_path: Path
) -> None:
    """$TMPDIR filling up (here: a file-size limit, which fails writes the same way)."""
    text = os.urandom(3 * 2**20).hex()  # 6 MiB of text that does not compress away
    package = tmp_path / "big.apkg"
    legacy_package(
        package,
        legacy_collection(
            tmp_path / "big.db", "Big", notes=[(1, "g", NOTE_TYPE_ID, "", f"Q?\x1f{text}")]
        ),
    )
    before = store_dump(store)
    scratch = tmp_path / "tmp"
    scratch.mkdir()

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_MB * 2**20,) * 2)
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))
        resource.setrlimit(resource.RLIMIT_FSIZE, (2 * 2**20,) * 2)

    done = subprocess.run(
        [sys.executable, "-m", "studyapp", "import", str(package), "--db", str(store)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limits,
        env={**os.environ, "TMPDIR": str(scratch), "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )

    assert done.returncode == 2, done.stderr
    assert f"{package}: not enough disk space to unpack collection.anki2 into {scratch}" in (
        done.stderr
    )
    assert "Traceback" not in done.stderr
    assert store_dump(store) == before
    assert list(scratch.iterdir()) == []


def test_a_stale_temporary_folder_is_swept_and_a_fresh_one_kept(
    store: Path, tmp_path: Path
) -> None:
    scratch = tmp_path / "tmp"
    stale = scratch / "studyapp-anki-killed"
    fresh = scratch / "studyapp-anki-running"
    other = scratch / "someone-else"
    for folder in (stale, fresh, other):
        (folder / "collection.sqlite3").parent.mkdir(parents=True)
        (folder / "collection.sqlite3").write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    for folder in (stale, other):
        os.utime(folder, (two_days_ago, two_days_ago))
    package = legacy_package(
        tmp_path / "sweep.apkg", legacy_collection(tmp_path / "sweep.db", "Sweep")
    )

    run = _import([package], store, scratch)

    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in scratch.iterdir()) == ["someone-else", "studyapp-anki-running"]


#: The real command, in a process of its own, with the table check turned off so that an
#: endless view reaches SQLite (the read budget is made huge: only the signal can end it).
_ENDLESS_IMPORT = """
import sys
from studyapp.decks.anki import collection_rows, package
collection_rows._require_tables = lambda *args: None
package.READ_STEPS_BASE = 10**15
from studyapp.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    ("signal_number", "status", "said"), [(2, 130, "interrupted"), (15, 143, "terminated")]
)
def test_a_signal_during_an_endless_read_ends_it_and_removes_the_temporary_folder(
    store: Path, tmp_path: Path, signal_number: int, status: int, said: str
) -> None:
    package = tmp_path / "endless.apkg"
    modern_package(package, modern_collection(tmp_path / "endless.db", "Endless",
                                              extra_sql=_ENDLESS_DECKS))  # fmt: skip
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    before = store_dump(store)

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_MB * 2**20,) * 2)
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))

    process = subprocess.Popen(
        [sys.executable, "-c", _ENDLESS_IMPORT, "import", str(package), "--db", str(store)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limits,
        env={**os.environ, "TMPDIR": str(scratch), "NO_COLOR": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while not list(scratch.glob("studyapp-anki-*/collection.sqlite3")):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the package was never unpacked"
            time.sleep(0.05)
        time.sleep(0.3)  # reading now: the view never ends
        process.send_signal(signal_number)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait()

    assert process.returncode == status, stderr
    assert stderr.strip() == f"studyapp: {said}"
    assert list(scratch.iterdir()) == []
    assert store_dump(store) == before
