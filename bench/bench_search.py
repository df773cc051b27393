"""The search benchmark: typical card-browser searches on a big store.

Run ``python bench/bench_search.py [--size full|tiny] [--store FILE] [--repeat N]``.

It builds :mod:`bench_core`'s synthetic collection (full: 100,000 cards in 50 decks, 1,000,000
reviews), marks a few cards as the user would (1 % suspended, 1 % buried, 2 % starred, 3 %
flagged, 0.5 % leeches), then times ``Collection.search_cards`` for a page of 100 rows and the
total, as the browser asks: a word, a phrase, ``deck:``, ``tag:``, ``is:due``, ``prop:``, a
negation, a combination, and every card sorted by due day and by ease (target: 50 ms each,
the median, full size). See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Final

from sqlalchemy import select, update

from studyapp.collection import Collection
from studyapp.store.schema import card_states

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import (
    Measurement,
    Size,
    expect,
    kept_store,
    print_report,
    store_arguments,
    timed,
)
from bench_core import _load as load_average

#: The searches timed: (query, sort column, descending).
SEARCHES: Final = (
    ("momentum", "due", False),
    ("normaliz", "due", False),
    ('"weight decay"', "due", False),
    ("deck:bench-07", "due", False),
    ("deck:bench-1*", "due", False),
    ("tag:optimizers", "due", False),
    ("is:due", "due", False),
    ("is:new", "due", False),
    ("is:suspended", "due", False),
    ("prop:ease<2", "due", False),
    ("prop:lapses>3", "due", False),
    ("rated:7", "due", False),
    ("-tag:optimizers", "due", False),
    ("momentum -convnet", "due", False),
    ('deck:bench-0* tag:schedules -is:new prop:ivl>=10 "batch size"', "due", False),
    ("is:suspended or is:starred", "due", False),
    ("", "due", False),
    ("", "ease", False),
    ("", "ease", True),
    ("", "question", False),
    ("momentum", "ease", False),
)
#: The rows a page holds (the browser asks for a page at a time).
PAGE: Final = 100
#: Seconds each search may take (issue 18: a search at 100k cards in 50 ms).
TARGET: Final = 0.050


def mark_cards(collection: Collection, seed: int) -> dict[str, int]:
    """Mark some cards as a user would (untimed): suspended, buried, starred, flagged, leech;
    how many of each."""
    rng = random.Random(seed)
    marks: dict[str, tuple[float, dict[str, object]]] = {
        "suspended": (0.01, {"suspended": True}),
        "buried": (0.01, {"buried_until": collection.today() + timedelta(days=1)}),
        "starred": (0.02, {"starred": True}),
        "flagged": (0.03, {"flag": 1 + seed % 7}),
        "leech": (0.005, {"leech": True}),
    }
    counts = {}
    with collection.engine.begin() as connection:
        ids = list(connection.scalars(select(card_states.c.card_id)))
        for mark, (share, values) in marks.items():
            chosen = rng.sample(ids, k=max(1, round(len(ids) * share)))
            connection.execute(
                update(card_states).where(card_states.c.card_id.in_(chosen)).values(**values)
            )
            counts[mark] = len(chosen)
    return counts


def measure(collection: Collection, repeat: int) -> list[Measurement]:
    """Time each search (a page of rows and the total)."""
    results = []
    for query, sort, descending in SEARCHES:

        def search(query: str = query, sort: str = sort, descending: bool = descending) -> int:
            page = collection.search_cards(query, sort=sort, descending=descending, limit=PAGE)
            expect(len(page.rows) == min(PAGE, page.total), f"{query}: a short page")
            return page.total

        total = search()
        label = f"{query or '(every card)'}, by {sort}" + (" desc" if descending else "")
        results.append(Measurement(label, timed(repeat, search), f"{total:,} cards"))
    return results


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    return store_arguments(argv, __doc__.splitlines()[0] if __doc__ else None, repeat=7)


def prepare(collection: Collection, _size: Size, seed: int) -> str:
    """Mark cards in a new store; what was marked."""
    marked = mark_cards(collection, seed)
    return "marked: " + ", ".join(f"{count:,} {mark}" for mark, count in marked.items())


def main(argv: Sequence[str] | None = None) -> int:
    """Build (or reuse), measure, print; exit status 1 if a full-size target is missed."""
    args = parse_args(argv)
    with kept_store(args, "search", prepare) as collection:
        measurements = measure(collection, args.repeat)
    judge = args.size == "full"
    targets = {item.name: TARGET for item in measurements}
    what = f"{args.repeat} repeats each, a page of {PAGE} rows and the total"
    failed = print_report(measurements, what, judge, targets)
    print(f"load average {load_average()}")
    return 1 if judge and failed else 0


if __name__ == "__main__":
    sys.exit(main())
