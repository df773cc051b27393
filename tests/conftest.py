"""Shared fixtures: a fixed clock, a temp-file collection, a deck-file writer, and summaries
that take their keys at once.

With ``STUDYAPP_TEST_POSTGRES_URL`` set (a PostgreSQL database the tests may fill; ``.ci/run``
starts a throwaway server and runs the store, modes and analytics suites so), every test's
store is a new schema of that database instead of a SQLite file, dropped afterwards, and the
tests marked ``sqlite_only`` are skipped.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.demos.registry import DemoSpec, ParamSpec, register, unregister
from studyapp.scope import Scope
from studyapp.tui.screens.base import SummaryDialog
from tests import bytecode_cache, pilot_waits

#: A user one hour east of UTC, at 09:00 local time.
LOCAL = timezone(timedelta(hours=1))
START = datetime(2026, 3, 10, 9, 0, tzinfo=LOCAL)

WriteDeck = Callable[[str, str], Path]


@pytest.fixture
def clock() -> FixedClock:
    """A clock fixed at 2026-03-10 09:00 (UTC+1)."""
    return FixedClock(START)


@pytest.fixture(autouse=True)
def summaries_settle_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Summaries take their keys as soon as they open: a summary ignores keys for a moment
    after it opens, so that a key typed for the last card does not close it unseen, and only
    the test of that moment (``tests/tui/screens/test_base.py``) keeps the wait."""
    monkeypatch.setattr(SummaryDialog, "SETTLE_SECONDS", 0.0)


#: The PostgreSQL database the store tests run on instead of SQLite, if any.
POSTGRES_URL = os.environ.get("STUDYAPP_TEST_POSTGRES_URL", "")
_schema_numbers = itertools.count()


def pytest_configure(config: pytest.Config) -> None:
    """Compiled modules are kept even where the environment turned them off (see
    ``tests/bytecode_cache.py``); Pilot waits for the app to settle, not for 20 ms naps (see
    ``tests/pilot_waits.py``)."""
    bytecode_cache.keep_bytecode()
    if not os.environ.get("STUDYAPP_TEST_PILOT_NAPS"):
        pilot_waits.install()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """On PostgreSQL, skip the tests that are about SQLite itself."""
    if not POSTGRES_URL:
        return
    skip = pytest.mark.skip(reason="SQLite only (STUDYAPP_TEST_POSTGRES_URL is set)")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A URL of ``url``'s database whose connections see only a new, empty schema (dropped
    at the end, with everything in it)."""
    schema = f"test_{os.getpid()}_{next(_schema_numbers)}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield (
            make_url(url)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '20s'"))
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """A SQLite file in the test's temp folder; or, with STUDYAPP_TEST_POSTGRES_URL set, an
    empty schema of that PostgreSQL database."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'study.sqlite3'}"
        return
    with postgres_schema(POSTGRES_URL) as url:
        yield url


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


#: Two numeric cards: the inverted-dropout scale (1% tolerance) and He's std (±0.0001).
NUMERIC_DECK = """---
id: numbers
title: Numbers
---

## Inverted dropout drops units with p = {p}: by what factor are kept units scaled?

1/(1 − p) = 1/{keep} = {answer}

id:: dropout
compute:: dropout-scale
param:: p = 0.1, 0.2, 0.25, 0.5, 0.6, 0.8
tags:: dropout

## A ReLU layer has fan_in = {fan_in}: the He std?

√(2/{fan_in}) = {answer}

id:: he
compute:: he-std
param:: fan_in = 64..4096
tolerance:: ±0.0001
"""
