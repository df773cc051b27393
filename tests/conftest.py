"""Shared fixtures: a fixed clock, a temp-file collection, and a deck-file writer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.demos.registry import DemoSpec, ParamSpec, register, unregister
from studyapp.scope import Scope

#: A user one hour east of UTC, at 09:00 local time.
LOCAL = timezone(timedelta(hours=1))
START = datetime(2026, 3, 10, 9, 0, tzinfo=LOCAL)

WriteDeck = Callable[[str, str], Path]


@pytest.fixture
def clock() -> FixedClock:
    """A clock fixed at 2026-03-10 09:00 (UTC+1)."""
    return FixedClock(START)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A SQLite file in the test's temp folder."""
    return f"sqlite:///{tmp_path / 'study.sqlite3'}"


@pytest.fixture
def collection(db_url: str, clock: FixedClock) -> Iterator[Collection]:
    """An empty collection (no bundled decks) on a temp file, with the fixed clock."""
    opened = Collection.open(db_url, clock, bundled=False)
    yield opened
    opened.close()


@pytest.fixture
def write_deck(tmp_path: Path) -> WriteDeck:
    """Write a deck file into the temp folder and return its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@contextmanager
def temporary_demo(name: str, **params: ParamSpec) -> Iterator[DemoSpec]:
    """A demo registered under ``name`` for the duration of a test (removed afterwards)."""
    spec = register(
        DemoSpec(name=name, summary=f"test demo {name}", runner="tests:none", params=params)
    )
    try:
        yield spec
    finally:
        unregister(name)


#: Ten cards, each with a distinct one-line answer and two distractors; six are optimizers.
OPTIMIZERS = {
    "Which optimizer keeps a running average of past gradients?": "Momentum",
    "Which optimizer divides by a running RMS of gradients?": "RMSprop",
    "Which optimizer combines momentum and RMS scaling?": "Adam",
    "Which optimizer decouples weight decay?": "AdamW",
    "Which optimizer sums squared gradients forever?": "Adagrad",
    "Which momentum looks ahead before the gradient?": "Nesterov",
    "What multiplies the gradient in each step?": "Learning rate",
    "What schedule lowers the rate at fixed epochs?": "Step decay",
    "What schedule restarts a cosine curve?": "SGDR",
    "What stops training when validation loss rises?": "Early stopping",
}


def optimizer_deck() -> str:
    """The deck file's text."""
    parts = ["---\nid: opt\ntitle: Optimizers\n---\n"]
    for number, (question, answer) in enumerate(OPTIMIZERS.items()):
        tags = "tags:: optimizers\n" if number < 6 else ""
        parts.append(
            f"## {question}\n{answer} is the answer.\n\nshort:: {answer}\n{tags}"
            "distractor:: Dropout\ndistractor:: Batch normalization\n"
        )
    return "\n".join(parts)


@pytest.fixture
def deck(collection: Collection, write_deck: WriteDeck) -> Scope:
    """The optimizer deck imported; its scope."""
    collection.import_file(write_deck("opt.md", optimizer_deck()))
    return Scope(decks=("opt",))
