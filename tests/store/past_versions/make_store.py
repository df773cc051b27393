"""Write a small store with a little history using whichever studyapp is on ``PYTHONPATH``.

Run by ``remake.sh`` with each past version's code checked out (see README.md here); it uses
only what every version since schema 1 offers, and the test results and matching games where
the version has them (schema 2 on). The clock is fixed, so the same code writes the same rows.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from studyapp.clock import FixedClock
from studyapp.collection import Collection

#: The student's zone: one hour east of UTC (the tests upgrade in the same zone).
ZONE = timezone(timedelta(hours=1))
START = datetime(2026, 3, 10, 9, 0, tzinfo=ZONE)

DECK = """---
id: past
title: Past store
tags: [history]
---

## What does the learning rate scale?
The gradient step.

short:: the step
tags:: basics

## What does momentum average?
Past gradients.

short:: gradients
distractor:: Losses

## What does weight decay shrink?
The weights.

## What stops training when validation loss rises?
Early stopping.
"""


def write_store(path: Path) -> None:
    """Create the store at ``path`` and give it a week of history, then compact it."""
    clock = FixedClock(START)
    deck_file = path.with_name("past.md")
    deck_file.write_text(DECK, encoding="utf-8")
    collection = Collection.open(f"sqlite:///{path}", clock, bundled=False)
    collection.import_file(deck_file)
    deck_file.unlink()
    first, second, third, fourth = collection.due_queue().new[:4]

    # day 1: three new cards in spaced mode, one of them seen again the same day
    collection.rate(first, 4, response_ms=3200)
    collection.rate(second, 5, response_ms=2100)
    collection.rate(third, 2, response_ms=8000)
    clock.advance(minutes=5)
    collection.rate(third, 4, response_ms=4000, scheduled=False)
    collection.rate(fourth, 3, mode="learn", scheduled=False)
    # day 2: the first card forgotten (a lapse), then recalled in the same session
    clock.advance(days=1)
    collection.rate(first, 1, response_ms=9000)
    clock.advance(minutes=3)
    collection.rate(first, 4, response_ms=2500, scheduled=False)
    collection.rate(third, 5, response_ms=1500)
    if hasattr(collection, "record_exam") or hasattr(collection, "record_test"):  # schema 2 on
        _write_results(collection, clock, first, second, third)
    # a week later: a review in spaced mode that passes
    clock.advance(days=6)
    collection.rate(second, 4)
    collection.close()
    with sqlite3.connect(path) as connection:
        connection.execute("VACUUM")


def _write_results(
    collection: Collection, clock: FixedClock, first: int, second: int, third: int
) -> None:
    """A learn answer marked right, a test of two questions, and a matching game."""
    from studyapp.scope import Scope
    from studyapp.store.results import AnswerRecord, MatchResult

    scope = Scope(decks=("past",))
    clock.advance(hours=1)
    written = AnswerRecord(
        first, "learn", "written", False, clock.now(), given="the stepp", response_ms=5000
    )
    collection.mark_answer_right(collection.record_answer(written))
    started = clock.now()
    clock.advance(minutes=2)
    test_answers = [
        AnswerRecord(second, "test", "choice", True, clock.now(), given="gradients"),
        AnswerRecord(third, "test", "true_false", False, clock.now(), given="false"),
    ]
    record = getattr(collection, "record_test", None) or collection.record_exam  # named so from 4
    record(scope, started, ["choice", "true_false"], test_answers, questions=2, correct=1)
    clock.advance(minutes=5)
    game = MatchResult(scope, clock.now(), pairs=3, mistakes=1, elapsed_ms=21000, penalty_ms=1000)
    pairs = [
        AnswerRecord(card, "matching", "matching", True, clock.now()) for card in (first, third)
    ]
    collection.record_match_game(game, pairs)


if __name__ == "__main__":
    write_store(Path(sys.argv[1]))
