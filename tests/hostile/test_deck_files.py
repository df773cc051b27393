"""Hostile deck files through the real command line: each is refused with one clear line.

Every file is built here at test time and imported by a memory- and CPU-capped ``studyapp``
process into a store that already holds the bundled decks; a refusal must leave that store's
dump exactly as it was, print no traceback and no raw terminal control, and exit 2.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from tests.hostile.conftest import build_files, run_studyapp, store_dump

#: A file name, how to make it in a folder, and what the error line must say.
Case = tuple[str, Callable[[Path], object], str]


def _write(text: str) -> Callable[[Path], object]:
    return lambda path: path.write_text(text, encoding="utf-8")


def _write_bytes(data: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(data)


def _sparse(size: int) -> Callable[[Path], object]:
    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.truncate(size)

    return make


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_to_dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


_BILLION_LAUGHS = "id: lol\ntitle: &a lol\n" + "".join(
    f"x{n}: &a{n} [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" for n in range(9)
)

CASES: list[Case] = [
    (
        "nul-escape.yaml",
        _write('id: nul\ntitle: "Bad\\0title"\ncards:\n  - question: Q?\n    answer: A\n'),
        "nul-escape.yaml:2: title: contains a NUL character",
    ),
    (
        "nfd-twin.yaml",
        _write(
            "id: nfd\ntitle: Twins\ncards:\n"
            '  - question: "Caf\\u00e9?"\n    answer: one\n'
            '  - question: "Cafe\\u0301?"\n    answer: two\n'
        ),
        "nfd-twin.yaml:6:",  # the same question as line 4, in another Unicode form
    ),
    ("fifo.md", _fifo, "fifo.md: is not a regular file"),
    ("zero.md", _link_to_dev_zero, "zero.md: is not a regular file"),
    ("huge.md", _sparse(17 * 2**20), "huge.md: file is 17.0 MiB; deck files are limited"),
    ("laughs.yaml", _write(_BILLION_LAUGHS), "laughs.yaml:2: YAML anchors and aliases"),
    ("deep.yaml", _write("id: deep\ntitle: " + "[" * 50_000), "deep.yaml"),
    (
        "code.yaml",
        _write('id: code\ntitle: !!python/object/apply:os.system ["touch pwned"]\n'),
        "code.yaml:2:",
    ),
    ("binary.md", _write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8), "binary.md:1:"),
    ("latin1.md", _write_bytes("# Caf\u00e9\n\n## Q?\n\nA\n".encode("latin-1")), "latin1.md:1:"),
]


def test_every_hostile_deck_file_is_refused_cleanly(bundled_store: Path, tmp_path: Path) -> None:
    db = tmp_path / "study.sqlite3"
    shutil.copy(bundled_store, db)
    before = store_dump(db)
    paths = [str(path) for path in build_files(tmp_path / "decks", CASES)]

    run = run_studyapp(["import", *paths], db, memory_mb=700, cpu_seconds=60, cwd=tmp_path)

    assert run.returncode == 2, run.stdout + run.stderr
    assert run.clean, run.stderr
    assert run.stdout == ""
    for _, _, expected in CASES:
        assert expected in run.stderr, expected
    assert run.stderr.splitlines()[-1] == (
        f"studyapp: {len(CASES)} files had errors and were not imported; 0 imported"
    )
    assert store_dump(db) == before
    assert not (tmp_path / "pwned").exists()  # a deck file never runs code


def test_a_good_file_beside_hostile_ones_still_imports(bundled_store: Path, tmp_path: Path) -> None:
    db = tmp_path / "study.sqlite3"
    shutil.copy(bundled_store, db)
    good = tmp_path / "good.md"
    good.write_text("---\nid: good\ntitle: Good\n---\n\n## Q?\n\nA\n", encoding="utf-8")
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)

    run = run_studyapp(["import", str(fifo), str(good)], db, memory_mb=700)

    assert run.returncode == 2
    assert run.clean
    assert "good.md: deck good (md): 1 added" in run.stdout
    assert f"{fifo}: is not a regular file" in run.stderr
