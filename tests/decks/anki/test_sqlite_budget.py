"""A bounded, interruptible SQLite read: an endless query stops on its budget or on Ctrl-C."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
from collections.abc import Iterator

import pytest

from studyapp.decks.anki.sqlite_budget import BudgetSpentError, bounded_reading

ENDLESS = (
    "WITH RECURSIVE endless(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM endless) "
    "SELECT count(*) FROM endless"
)


@pytest.fixture
def connection() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    yield connection
    connection.close()


def test_an_endless_query_stops_when_its_steps_are_spent(connection: sqlite3.Connection) -> None:
    with pytest.raises(BudgetSpentError), bounded_reading(connection, steps=10**6, seconds=600):
        connection.execute(ENDLESS).fetchone()
    # the connection works again, without the handler
    assert connection.execute("SELECT 1").fetchone() == (1,)


def test_an_endless_query_stops_when_its_time_is_spent(connection: sqlite3.Connection) -> None:
    with pytest.raises(BudgetSpentError), bounded_reading(connection, steps=10**15, seconds=0.05):
        connection.execute(ENDLESS).fetchone()


def test_a_query_within_its_budget_runs(connection: sqlite3.Connection) -> None:
    with bounded_reading(connection, steps=10**7, seconds=600):
        rows = connection.execute(
            "WITH RECURSIVE few(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM few WHERE n < 1000) "
            "SELECT count(*) FROM few"
        ).fetchone()
    assert rows == (1000,)


def test_other_database_errors_pass_through(connection: sqlite3.Connection) -> None:
    with (
        pytest.raises(sqlite3.OperationalError, match="no such table"),
        bounded_reading(connection, steps=10**7, seconds=600),
    ):
        connection.execute("SELECT * FROM nowhere")


def _interrupt_soon() -> threading.Timer:
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    return timer


def test_ctrl_c_stops_an_endless_query(connection: sqlite3.Connection) -> None:
    handler = signal.getsignal(signal.SIGINT)
    timer = _interrupt_soon()
    try:
        with (
            pytest.raises(KeyboardInterrupt),
            bounded_reading(connection, steps=10**15, seconds=600),
        ):
            connection.execute(ENDLESS).fetchone()
    finally:
        timer.cancel()
    assert signal.getsignal(signal.SIGINT) is handler


def test_ctrl_c_between_queries_is_raised_when_the_reading_ends(
    connection: sqlite3.Connection,
) -> None:
    answers: list[object] = []

    def read() -> None:
        with bounded_reading(connection, steps=10**7, seconds=600):
            os.kill(os.getpid(), signal.SIGINT)
            answers.append(connection.execute("SELECT 1").fetchone())

    with pytest.raises(KeyboardInterrupt):
        read()
    assert answers == [(1,)]


def test_the_budget_holds_outside_the_main_thread() -> None:
    outcome: list[BaseException] = []

    def read() -> None:
        connection = sqlite3.connect(":memory:")
        try:
            with bounded_reading(connection, steps=10**6, seconds=600):
                connection.execute(ENDLESS).fetchone()
        except BudgetSpentError as error:
            outcome.append(error)
        finally:
            connection.close()

    worker = threading.Thread(target=read)
    worker.start()
    worker.join(timeout=60)
    assert len(outcome) == 1
