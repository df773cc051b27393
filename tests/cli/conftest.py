"""Shared tools of the command line's tests: a deck, a store, a review history, a fake terminal
and ``studyapp`` run in-process."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from studyapp.cli import main
from studyapp.clock import FixedClock
from studyapp.collection import Collection
from tests.cli.test_stats_json import fabricate_history
from tests.conftest import WriteDeck

DECK = """---
id: optimizers
title: Optimizers
---
## What does momentum add to SGD?
A running average of past gradients.

short:: Running average of gradients
tags:: optimizers, momentum

## In {{RMSProp}}, the step shrinks along steep dimensions.
"""


def run(args: list[str], db: str, clock: FixedClock) -> tuple[int, str, str]:
    """Run ``studyapp --db DB ARGS`` in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", db, *args], clock=clock, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A SQLite file for the store, with no bundled decks."""
    # keep the real bundled decks out of these tests' tables: an empty bundled folder
    empty = tmp_path / "no-bundled"
    empty.mkdir()
    monkeypatch.setattr("studyapp.collection.bundled_cards_dir", lambda: empty)
    return str(tmp_path / "cli.sqlite3")


SEEDS = Path(__file__).parents[2] / "data" / "exports" / "seeds"


HOSTILE = "\x1b]52;c;SGVsbG8=\x07 \x1b[2J \u202eevil\u202c \x9b31m"

HOSTILE_DECK = """\
id: hostile
title: "Title \\e]52;c;SGVsbG8=\\a \\e[2J \\u202Eevil\\u202C \\x9b31m"
cards:
  - question: "Question \\e]52;c;SGVsbG8=\\a \\e[2J \\u202Eevil\\u202C \\x9b31m"
    answer: "=1+1"
"""


class Terminal(io.StringIO):
    """Output that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def ids(collection: Collection, clock: FixedClock, write_deck: WriteDeck) -> dict[str, int]:
    """The history of tests.cli.test_stats_json in the collection; the ids of cards a–h."""
    return fabricate_history(collection, clock, write_deck)


def section(out: str, title: str) -> list[str]:
    """The lines of a section: after its title and rule, up to the blank line before the next."""
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(title)) + 2
    ends = (n for n in range(start, len(lines) - 2) if lines[n + 2].startswith("─"))
    return lines[start : next(ends, len(lines))]
