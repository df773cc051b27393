"""Every output channel of the real command line, against a store of hostile text.

The store holds a YAML deck whose title and question carry a clipboard write (``ESC ]52``), a
screen clear (``ESC [2J``), a right-to-left override and a C1 CSI, and an Anki package whose
deck name and media name carry them too. Each case runs a memory- and CPU-capped ``studyapp``:

- every command's output (stdout and stderr) holds no raw control and no traceback;
- ``export`` is data: to a pipe it keeps the text as it is (a CSV cell that could start a
  formula gets a ``'``), to a terminal (a pseudo-terminal here) it is sanitised;
- a reader that has gone (a closed pipe) ends each command quietly, exit status 0;
- an export onto an existing file that fails part way (the file size limit, as a full disk
  would) leaves the old file as it was and no temporary file, with one line and exit 2.
"""

from __future__ import annotations

import json
import os
import pty
import resource
import select
import subprocess
import sys
import time
import tty
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tests.hostile.conftest import Run, run_studyapp

#: The hostile part of every text: clipboard write, screen clear, RLO … PDF, C1 CSI.
HOSTILE = "\x1b]52;c;SGVsbG8=\x07 \x1b[2J \u202eevil\u202c \x9b31m"
#: The same as a YAML double-quoted escape.
HOSTILE_YAML = r"\e]52;c;SGVsbG8=\a \e[2J \u202Eevil\u202C \x9b31m"
#: What a terminal is shown of it.
SHOWN = "]52;c;SGVsbG8= [2J evil 31m"

HOSTILE_DECK = f"""\
id: hostile
title: "Title {HOSTILE_YAML}"
cards:
  - question: "Question {HOSTILE_YAML}"
    answer: "=HYPERLINK(\\"http://example.com\\") {HOSTILE_YAML}"
  - question: "-1 or +1?"
    answer: "@both"
"""
#: A card whose demo link is wrong: the import error echoes its question.
BAD_DECK = f"""\
id: bad
title: Bad
cards:
  - question: "Question {HOSTILE_YAML}"
    answer: A
    demo: "nope"
"""
#: A file size limit for the atomic-export cases, and a deck whose export is well past it.
FILE_SIZE_LIMIT = 200_000
BIG_DECK = "id: big\ntitle: Big\ncards:\n" + "".join(
    f"  - question: 'Question {n}'\n    answer: '{'x' * 4000}'\n" for n in range(100)
)


def capped(*, file_size: int | None = None) -> Callable[[], None]:
    """A preexec function capping memory and CPU time (and, if given, the file size)."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1024 * 2**20, 1024 * 2**20))
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))
        if file_size is not None:  # Python ignores SIGXFSZ: a write past it fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return limits


def environment() -> dict[str, str]:
    """The environment of run_studyapp's processes."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("STUDYAPP_DB", None)
    return env


def command(args: Sequence[str], db: Path) -> list[str]:
    return [sys.executable, "-m", "studyapp", *args, "--db", str(db)]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the bundled decks, the hostile deck, a hostile Anki package and a big deck;
    each import's report is clean."""
    from tests.decks.anki.builders import add_note, build_package, rewrite_member

    folder = tmp_path_factory.mktemp("hostile-output")
    db = folder / "store.sqlite3"
    (folder / "hostile.yaml").write_text(HOSTILE_DECK, "utf-8")
    (folder / "big.yaml").write_text(BIG_DECK, "utf-8")
    package = build_package(
        folder / "anki",
        lambda collection: add_note(
            collection, "Basic", f"Anki {HOSTILE}", {"Front": f"Front {HOSTILE}", "Back": "B"}
        ),
        legacy=True,
    )
    media = json.dumps({"0": f"media {HOSTILE}.png"}).encode()
    package = rewrite_member(package, "media", media, folder / "hostile.apkg")
    run = run_studyapp(["import", str(folder / "hostile.yaml"), str(folder / "big.yaml")], db)
    assert (run.returncode, run.stderr) == (0, ""), run.stderr
    assert run.clean, run.stdout
    run = run_studyapp(["import", str(package)], db)
    assert (run.returncode, run.stderr) == (0, ""), run.stderr
    assert run.clean, run.stdout
    assert f"cards name them): media {SHOWN}.png" in run.stdout  # the media name, sanitised
    return db


CLEAN_COMMANDS: list[tuple[list[str], int, str]] = [
    (["decks"], 0, f"Title {SHOWN}"),
    ([], 0, f"Title {SHOWN}"),  # the plain studyapp table
    (["stats", "hostile"], 0, "Statistics"),
    (["stats", "--json"], 0, '"schema"'),
    (["config"], 0, "new-per-day"),
    (["demo", "--list"], 0, "adam"),
    (["export", f"nosuch {HOSTILE}"], 2, f'no deck "nosuch {SHOWN}"'),
    (["stats", "--tag", HOSTILE], 2, f'no card has the tag "{SHOWN}"'),
    (["decks", HOSTILE], 2, f"unrecognized arguments: {SHOWN}"),
]


@pytest.mark.parametrize(("args", "status", "shown"), CLEAN_COMMANDS)
def test_every_command_prints_hostile_text_without_controls(
    store: Path, args: list[str], status: int, shown: str
) -> None:
    run = run_studyapp(args, store)
    assert run.returncode == status, run.stderr
    assert run.clean, (run.stdout, run.stderr)
    assert shown in run.stdout + run.stderr


def test_an_import_error_echoes_the_question_without_controls(store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_DECK, "utf-8")
    run = run_studyapp(["import", str(bad)], store)
    assert run.returncode == 2
    assert run.clean, run.stderr
    assert f'bad.yaml:6: card "Question {SHOWN}": demo "nope"' in run.stderr


def test_the_anki_deck_name_is_listed_without_controls(store: Path) -> None:
    run = run_studyapp(["decks"], store)
    assert run.clean
    assert f"Anki {SHOWN}" in run.stdout


def test_an_export_to_a_pipe_is_data_with_csv_formulas_guarded(store: Path) -> None:
    run = run_studyapp(["export", "hostile", "-f", "csv"], store)
    assert (run.returncode, run.stderr) == (0, "")
    assert "Traceback" not in run.stdout
    assert f"Question {HOSTILE}" in run.stdout  # kept for whatever reads the pipe
    assert "'=HYPERLINK" in run.stdout
    assert ",'-1 or +1?,'@both," in run.stdout


def run_on_a_terminal(args: Sequence[str], db: Path) -> Run:
    """Run the capped studyapp with stdout on a pseudo-terminal (raw: no CR added)."""
    leader, follower = pty.openpty()
    tty.setraw(follower)
    child = subprocess.Popen(
        command(args, db),
        stdout=follower,
        stderr=subprocess.PIPE,
        preexec_fn=capped(),
        env=environment(),
    )
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + 120
    while True:
        ready, _, _ = select.select([leader], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:  # a hung process fails the test instead of hanging it
            child.kill()
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the process has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert child.stderr is not None
    stderr = child.stderr.read().decode("utf-8", "replace")
    child.stderr.close()
    child.wait(timeout=120)
    return Run(child.returncode, b"".join(chunks).decode("utf-8", "replace"), stderr)


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_an_export_to_a_terminal_is_sanitised(store: Path, fmt: str) -> None:
    run = run_on_a_terminal(["export", "hostile", "-f", fmt], store)
    assert run.returncode == 0, run.stderr
    assert run.clean, run.stdout
    assert f"Question {SHOWN}" in run.stdout


def run_with_the_reader_gone(args: Sequence[str], db: Path) -> Run:
    """Run the capped studyapp with stdout a pipe whose reading end is already closed."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            command(args, db),
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=capped(),
            env=environment(),
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    return Run(done.returncode, "", done.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["decks"],
        ["stats"],
        ["export", "hostile"],
        ["export", "big", "-f", "json"],
        ["demo", "--list"],
    ],
)
def test_a_closed_pipe_ends_every_command_quietly(store: Path, args: list[str]) -> None:
    run = run_with_the_reader_gone(args, store)
    assert (run.returncode, run.stderr) == (0, "")


@pytest.mark.parametrize("fmt", ["md", "yaml", "csv", "json"])
def test_a_failed_export_keeps_the_old_file_and_leaves_no_temporary(
    store: Path, tmp_path: Path, fmt: str
) -> None:
    keep = tmp_path / f"keep.{fmt}"
    keep.write_text("the old export\n", "utf-8")
    done = subprocess.run(
        command(["export", "big", "-f", fmt, "-o", str(keep)], store),
        capture_output=True,
        text=True,
        preexec_fn=capped(file_size=FILE_SIZE_LIMIT),
        env=environment(),
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"studyapp: cannot write {keep}: File too large\n"
    assert keep.read_text("utf-8") == "the old export\n"
    assert os.listdir(tmp_path) == [keep.name]


def test_a_failed_export_of_every_deck_replaces_none(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "big.md").write_text("old big\n", "utf-8")
    (folder / "hostile.md").write_text("old hostile\n", "utf-8")
    done = subprocess.run(
        command(["export", "--all", "-o", str(folder)], store),
        capture_output=True,
        text=True,
        preexec_fn=capped(file_size=FILE_SIZE_LIMIT),
        env=environment(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == f"studyapp: cannot write the deck files in {folder}: File too large\n"
    assert sorted(os.listdir(folder)) == ["big.md", "hostile.md"]
    assert (folder / "hostile.md").read_text("utf-8") == "old hostile\n"
