"""The statistics benchmark: every figure of ``studyapp stats`` on a big collection.

Run ``python bench/bench_stats.py [--size full|tiny] [--store FILE] [--repeat N]``.

It builds :mod:`bench_core`'s synthetic collection (full: 100,000 cards, 1,000,000 reviews),
adds a year of objective results (learn answers, tests, matching games: full 100,000 answers),
then times ``Collection.stats()`` for the overall view (target ≤ 300 ms), each figure on its
own, and a deck and a tag view (target ≤ 300 ms, issue 20 part 3). See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any, Final

from sqlalchemy import insert, select

from studyapp.analytics.activity import heatmap, streaks, time_studied
from studyapp.analytics.calibration import calibration_report
from studyapp.analytics.daily import daily_work
from studyapp.analytics.forecast import due_forecast
from studyapp.analytics.hardest import hardest_cards
from studyapp.analytics.history import mastery_over_time, match_times, scores_of_tests
from studyapp.analytics.mastery import card_counts
from studyapp.analytics.retention import retention
from studyapp.clock import local_day, zone_of
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.schema import answers, card_states, match_games, test_results

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import (
    TODAY_MOMENT,
    Measurement,
    Size,
    kept_store,
    print_report,
    store_arguments,
    timed,
)
from bench_core import _load as load_average

OVERALL: Final = "stats() overall"
TAG_VIEW: Final = "stats() tag optimizers"
#: Seconds the median may take (issue 6: all figures of the overall view in 300 ms; issue 20
#: part 3: a tag's view in 300 ms too).
TARGETS: Final = {OVERALL: 0.300, TAG_VIEW: 0.300}
#: Objective results per review in the synthetic year (full: 100,000 answers).
ANSWERS_PER_REVIEW: Final = 0.1
ANSWERS_PER_TEST: Final = 20
PAIRS_PER_GAME: Final = 6


def add_results(collection: Collection, size: Size, seed: int) -> tuple[int, int, int]:
    """Add a year of learn answers, tests and matching games on reviewed cards.

    Answers go to cards reviewed at least once, each card's share right rising with its latest
    rating (so calibration has real gaps to find); a third are learn answers, a third belong to
    tests of 20, a third to matching games of 6 pairs. Returns (answers, test_results, games).
    """
    rng = random.Random(seed + 7)
    start = TODAY_MOMENT - timedelta(days=365)
    with collection.engine.connect() as connection:
        rated = connection.execute(
            select(card_states.c.card_id, card_states.c.last_rating).where(
                card_states.c.last_rating.is_not(None)
            )
        ).all()
    total = int(size.reviews * ANSWERS_PER_REVIEW)
    moments = sorted(start + timedelta(seconds=rng.uniform(0, 365 * 86400)) for _ in range(total))
    answer_rows: list[dict[str, Any]] = []
    test_rows: list[dict[str, Any]] = []
    game_rows: list[dict[str, Any]] = []
    index = 0
    kinds = ("learn", "test", "matching")
    while index < len(moments):
        kind = kinds[rng.randrange(3)]
        batch = 1 if kind == "learn" else ANSWERS_PER_TEST if kind == "test" else PAIRS_PER_GAME
        chosen = moments[index : index + batch]
        index += len(chosen)
        finished = chosen[-1].astimezone(UTC)
        right = 0
        for moment in chosen:
            card_id, rating = rated[rng.randrange(len(rated))]
            correct = rng.random() < 0.35 + 0.12 * rating
            right += correct
            answer_rows.append(
                {
                    "card_id": card_id,
                    "answered_at": moment.astimezone(UTC),
                    "mode": kind,
                    "kind": "matching" if kind == "matching" else "written",
                    "correct": correct,
                    "overridden": False,
                    "given": None,
                    "response_ms": rng.randint(2_000, 20_000) if kind == "learn" else None,
                    "test_id": len(test_rows) + 1 if kind == "test" else None,
                }
            )
        if kind == "test":
            test_rows.append(
                {
                    "scope": "all",
                    "started_at": finished - timedelta(minutes=8),
                    "finished_at": finished,
                    "duration_ms": 480_000,
                    "questions": len(chosen),
                    "correct": right,
                    "kinds": ["written"],
                }
            )
        elif kind == "matching":
            mistakes = len(chosen) - right
            elapsed = rng.randint(15_000, 60_000)
            game_rows.append(
                {
                    "scope": "all",
                    "finished_at": finished,
                    "pairs": len(chosen),
                    "mistakes": mistakes,
                    "elapsed_ms": elapsed,
                    "penalty_ms": 1_000 * mistakes,
                    "total_ms": elapsed + 1_000 * mistakes,
                }
            )
    with collection.engine.begin() as connection:
        connection.execute(
            insert(test_results), test_rows
        )  # ids 1… in order, as the answers expect
        connection.execute(insert(answers), answer_rows)
        connection.execute(insert(match_games), game_rows)
    return len(answer_rows), len(test_rows), len(game_rows)


def measure(collection: Collection, repeat: int) -> list[Measurement]:
    """Time the whole report and each figure, overall, then a deck and a tag view."""
    clock = collection.clock
    zone, now = zone_of(clock), clock.now()
    today = local_day(now, zone)
    everything = Scope()
    results = [Measurement(OVERALL, timed(repeat, collection.stats), _summary(collection))]
    with collection.engine.connect() as connection:
        work = daily_work(connection, everything)
        counts = card_counts(connection, everything)
        figures: dict[str, Callable[[], object]] = {
            "  days of the log (daily_work)": lambda: daily_work(connection, everything),
            "  cards by stage and mastery": lambda: card_counts(connection, everything),
            "  retention 7/30/365": lambda: retention(work, today),
            "  due forecast": lambda: due_forecast(connection, everything, today),
            "  heatmap": lambda: heatmap(work, today),
            "  streaks": lambda: streaks(work, today),
            "  time studied": lambda: time_studied(connection, everything, work, today, zone),
            "  hardest cards": lambda: hardest_cards(connection, everything),
            "  mastery over time": lambda: mastery_over_time(
                connection, everything, work, counts, today
            ),
            "  test scores": lambda: scores_of_tests(connection, everything, zone),
            "  matching times": lambda: match_times(connection, everything, zone),
            "  calibration": lambda: calibration_report(connection, everything),
        }
        for name, figure in figures.items():
            results.append(Measurement(name, timed(repeat, figure)))
    deck = Scope(decks=("bench-01",))
    results.append(
        Measurement("stats() deck bench-01", timed(repeat, lambda: collection.stats(deck)))
    )
    tag = Scope(tag="optimizers")
    results.append(
        Measurement(
            TAG_VIEW,
            timed(repeat, lambda: collection.stats(tag)),
            f"{len(collection.scope_card_set(tag)):,} cards; its days from the per-tag sums",
        )
    )
    return results


def _summary(collection: Collection) -> str:
    """What the overall report found, to show the work was real."""
    report = collection.stats()
    reviews_year = sum(day.count for day in report.heatmap)
    return (
        f"{report.cards.cards:,} cards, mastery {report.cards.mastery:.1f} %, "
        f"{reviews_year:,} reviews in the last year, "
        f"{report.calibration.summary.cards:,} cards compared for calibration"
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    return store_arguments(argv, __doc__.splitlines()[0] if __doc__ else None, repeat=5)


def prepare(collection: Collection, size: Size, seed: int) -> str:
    """Add the year of objective results to a new store; what was added."""
    started = time.perf_counter()
    added = add_results(collection, size, seed)
    return (
        f"added {added[0]:,} answers, {added[1]:,} tests and {added[2]:,} matching games "
        f"in {time.perf_counter() - started:.1f} s"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Build (or reuse), measure, print; exit status 0 unless something crashed."""
    args = parse_args(argv)
    with kept_store(args, "stats", prepare) as collection:
        measurements = measure(collection, args.repeat)
    what = f"{args.repeat} repeats each; median judged against the target"
    print_report(measurements, what, args.size == "full", TARGETS)
    print(f"load average {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
