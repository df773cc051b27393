"""The core benchmark: import, today's queue, one rating and ``studyapp decks`` on a big store.

Run ``python bench/bench_core.py [--size full|tiny] [--workdir DIR] [--repeat N]``.

It builds a synthetic collection (full: 100,000 cards in 50 decks and 1,000,000 reviews over
the two years before a fixed "today"; tiny: 1,000 cards, 10,000 reviews) in a SQLite file made
by the app itself (``Collection.open``), then times the operations a user waits for and prints
a table against the targets. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import platform
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from itertools import accumulate, cycle
from pathlib import Path
from typing import Any, Final, TypeVar

from sqlalchemy import Connection, Table, delete, insert, select, text

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.decks.files import load_deck
from studyapp.decks.models import CardSpec, derive_card_id
from studyapp.scheduling import sm2
from studyapp.store import schema
from studyapp.store.importer import ImportReport, card_row, content_hash
from studyapp.store.reviews import RatingOutcome

_T = TypeVar("_T")

# --- parameters ------------------------------------------------------------------------------

SEED: Final = 20260615
#: "Today" for the whole benchmark: a fixed local moment in a fixed UTC offset (UTC+02:00).
LOCAL_TZ: Final = timezone(timedelta(hours=2), "UTC+02:00")
TODAY_MOMENT: Final = datetime(2026, 6, 15, 12, 0, tzinfo=LOCAL_TZ)
HISTORY_DAYS: Final = 730  # reviews fall in the two years before today
NEW_FRACTION: Final = 0.05  # the last 5% of each deck has never been reviewed
IMPORT_DECK_KEY: Final = "bench-import"


@dataclass(frozen=True, slots=True)
class Size:
    """How big the synthetic collection and the import file are."""

    name: str
    decks: int
    cards_per_deck: int
    reviews: int
    import_cards: int

    @property
    def cards(self) -> int:
        """Cards in the synthetic collection."""
        return self.decks * self.cards_per_deck


SIZES: Final = {
    "full": Size("full", decks=50, cards_per_deck=2_000, reviews=1_000_000, import_cards=10_000),
    "tiny": Size("tiny", decks=5, cards_per_deck=200, reviews=10_000, import_cards=200),
}

#: Targets (seconds) on the reference 2-core machine; judged on the median, full size only.
TARGETS: Final = {
    "import fresh": 1.0,
    "import unchanged": 0.3,
    # an edited file in which no card changed (issue 20 part 3)
    "import unchanged, file re-read": 0.3,
    "due_queue()": 0.005,
    "rate() one card": 0.003,
    "studyapp decks (process)": 0.6,
}


# --- realistic card text ---------------------------------------------------------------------

_CONCEPTS: Final = (
    "momentum",
    "weight decay",
    "dropout",
    "batch normalization",
    "layer normalization",
    "learning-rate warmup",
    "cosine annealing",
    "gradient clipping",
    "label smoothing",
    "Adam's second moment",
    "the softmax temperature",
    "residual connections",
    "mixed precision",
    "gradient accumulation",
    "early stopping",
    "data augmentation",
    "He initialization",
    "the cross-entropy loss",
    "the attention scale factor",
    "teacher forcing",
)
_SUBJECTS: Final = (
    "a deep MLP",
    "a small convnet",
    "a transformer encoder",
    "an LSTM language model",
    "a ResNet-50",
    "a GAN discriminator",
    "a linear probe",
    "a diffusion model",
)
_CONDITIONS: Final = (
    "the batch size doubles",
    "training diverges after a few steps",
    "the validation loss plateaus",
    "the gradients vanish",
    "the data set is tiny",
    "the learning rate is too high",
    "inputs are not normalized",
    "the loss is noisy",
)
_EFFECTS: Final = (
    "smooths the update direction",
    "keeps activations in a healthy range",
    "reduces overfitting",
    "stabilizes the early steps",
    "lets a larger learning rate work",
    "changes the effective step size",
    "keeps the gradient norm bounded",
    "improves calibration",
)
_DETAILS: Final = (
    "it acts like an exponential average over recent steps",
    "its effect grows with the learning rate",
    "it interacts with the optimizer's own scaling",
    "it costs almost nothing at inference time",
    "it needs retuning when the batch size changes",
    "it is usually disabled during evaluation",
    "the paper that introduced it reported a large speed-up",
    "its hyperparameter is rarely worth tuning finely",
    "it can hide a bug in the data pipeline",
    "it trades a little bias for much less variance",
)
_TAGS: Final = (
    "optimizers",
    "regularization",
    "normalization",
    "schedules",
    "initialization",
    "losses",
    "architectures",
    "training-tricks",
    "debugging",
    "attention",
)


@dataclass(frozen=True, slots=True)
class CardText:
    """The content of one synthetic card."""

    question: str
    answer: str
    short: str
    tags: tuple[str, ...]


def make_card_text(rng: random.Random, number: int) -> CardText:
    """A plausible card: a question, a 2-4 line Markdown answer with a list, short, tags."""
    concept = rng.choice(_CONCEPTS)
    subject = rng.choice(_SUBJECTS)
    condition = rng.choice(_CONDITIONS)
    effect = rng.choice(_EFFECTS)
    question = f"Card {number}: what does {concept} do for {subject} when {condition}?"
    items = [f"- {detail[0].upper()}{detail[1:]}." for detail in rng.sample(_DETAILS, k=3)]
    bullets = items[: rng.randint(1, 3)]
    answer = "\n".join([f"In {subject}, {concept} {effect}.", *bullets])
    short = f"It {effect}"
    tags = tuple(rng.sample(_TAGS, k=rng.randint(1, 3)))
    return CardText(question, answer, short, tags)


def write_markdown_deck(path: Path, key: str, count: int, seed: int) -> None:
    """Write a Markdown deck file of ``count`` cards (ids derived from the questions)."""
    rng = random.Random(seed)
    out = ["---", f"id: {key}", "title: Benchmark import deck", "---"]
    for number in range(1, count + 1):
        card = make_card_text(rng, number)
        out += [
            "",
            f"## {card.question}",
            "",
            card.answer,
            "",
            f"short:: {card.short}",
            f"tags:: {', '.join(card.tags)}",
        ]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# --- review history simulation ---------------------------------------------------------------

_NEW_STATE: Final = sm2.SM2State()


class StepCache:
    """``sm2.review`` memoized on (repetitions, easiness, interval, q): exact and much faster."""

    def __init__(self) -> None:
        self._results: dict[tuple[int, Decimal, int, int], sm2.SM2State] = {}

    def review(self, state: sm2.SM2State, q: int) -> sm2.SM2State:
        """The state after rating ``state`` with quality ``q`` (the app's own SM-2)."""
        key = (state.repetitions, state.easiness, state.interval, q)
        found = self._results.get(key)
        if found is None:
            found = self._results[key] = sm2.review(state, q)
        return found

    def __len__(self) -> int:
        return len(self._results)


@dataclass(frozen=True, slots=True)
class Step:
    """One simulated review: its day relative to the card's first review, and the states."""

    day: int
    rating: int
    before: sm2.SM2State
    after: sm2.SM2State


@dataclass(slots=True)
class CardLog:
    """A card's simulated review history, placed on the calendar."""

    card_id: int
    first_day: int  # proleptic ordinal of the first review
    steps: list[Step]


def simulate_steps(rng: random.Random, cache: StepCache, horizon: int) -> list[Step]:
    """A new card reviewed on (or a little after) each due day, for ``horizon`` days."""
    difficulty = rng.random() ** 2  # most cards are easy, a few are hard
    weights = (
        0.02 + 0.08 * difficulty,  # 1: blackout
        0.03 + 0.09 * difficulty,  # 2: wrong
        0.20 + 0.05 * difficulty,  # 3: hard pass
        0.47 - 0.12 * difficulty,  # 4: good
        0.28 - 0.10 * difficulty,  # 5: easy
    )
    cumulative = list(accumulate(weights))
    scale = cumulative[-1]
    steps: list[Step] = []
    state = _NEW_STATE
    day = 0
    while day < horizon:
        rating = 1 + bisect_right(cumulative, rng.random() * scale)
        after = cache.review(state, rating)
        steps.append(Step(day, rating, state, after))
        state = after
        late = 0 if rng.random() < 0.7 else min(1 + int(rng.expovariate(0.5)), 14)
        day += after.interval + late
    return steps


def simulate_history(
    rng: random.Random, cache: StepCache, card_ids: Sequence[int], total: int, today: int
) -> list[CardLog]:
    """Exactly ``total`` reviews over ``card_ids``, each card studied from its first day on.

    Each card gets a timeline of reviews (relative days) and a first day within the window;
    it keeps the reviews before today, so its schedule is wherever that timeline stands today
    (due in the future, due today, or overdue when the next review would have been late).
    The first days are ``today - span`` with ``span = 1 + (window - 1) * u**shape``, ``u``
    uniform per card and ``shape`` bisected so the total is just above ``total``; a few cards
    then start a little later to make it exact.
    """
    timelines = [simulate_steps(rng, cache, HISTORY_DAYS) for _ in card_ids]
    days = [[step.day for step in steps] for steps in timelines]
    draws = [rng.random() for _ in card_ids]

    def spans(shape: float) -> list[int]:
        return [1 + int((HISTORY_DAYS - 1) * u**shape) for u in draws]

    def reviews(spans_: list[int]) -> int:
        return sum(bisect_left(d, span) for d, span in zip(days, spans_, strict=True))

    low, high = 1e-6, 50.0  # reviews(spans(low)) is the most the timelines allow
    if reviews(spans(low)) < total:
        raise ValueError(f"{len(card_ids)} cards cannot hold {total} reviews in the window")
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if reviews(spans(middle)) >= total else (low, middle)
    chosen = spans(low)
    excess = reviews(chosen) - total
    for index in rng.sample(range(len(card_ids)), k=len(card_ids)):
        if excess == 0:
            break
        kept = bisect_left(days[index], chosen[index])
        drop = min(excess, kept - 1)
        if drop:
            kept -= drop
            chosen[index] = rng.randint(days[index][kept - 1] + 1, days[index][kept])
            excess -= drop
    logs = [
        CardLog(card_id, today - span, steps[: bisect_left(d, span)])
        for card_id, span, steps, d in zip(card_ids, chosen, timelines, days, strict=True)
    ]
    assert sum(len(log.steps) for log in logs) == total
    return logs


# --- building the collection -----------------------------------------------------------------


def _insert_chunks(
    connection: Connection, table: Table, rows: Iterator[dict[str, Any]], chunk: int = 20_000
) -> int:
    """Bulk-insert rows with Core executemany, ``chunk`` rows at a time; returns the count."""
    batch: list[dict[str, Any]] = []
    count = 0
    for row in rows:
        batch.append(row)
        if len(batch) == chunk:
            connection.execute(insert(table), batch)
            count += len(batch)
            batch = []
    if batch:
        connection.execute(insert(table), batch)
        count += len(batch)
    return count


@dataclass(frozen=True, slots=True)
class BuildStats:
    """What building the synthetic collection produced."""

    seconds: float
    decks: int
    cards: int
    new_cards: int
    reviews: int
    sm2_states_cached: int
    phases: dict[str, float]
    first_review: date
    last_review: date


def build_collection(url: str, clock: FixedClock, size: Size, seed: int) -> BuildStats:
    """Create the store with the app's schema, then bulk-insert decks, cards, states, reviews."""
    started = time.perf_counter()
    collection = Collection.open(url, clock, bundled=False)
    text_rng = random.Random(seed)
    sim_rng = random.Random(seed + 1)
    now = clock.now()
    today = now.date().toordinal()
    created = (now - timedelta(days=HISTORY_DAYS + 1)).astimezone(UTC)

    deck_rows: list[dict[str, Any]] = []
    card_rows: list[dict[str, Any]] = []
    reviewed_ids: list[int] = []
    new_per_deck = round(size.cards_per_deck * NEW_FRACTION)
    card_id = 0
    for deck_index in range(size.decks):
        deck_id = deck_index + 1
        key = f"bench-{deck_id:02d}"
        deck_rows.append(
            {
                "id": deck_id,
                "key": key,
                "title": f"Benchmark deck {deck_id}",
                "description": "Synthetic cards for the core benchmark.",
                "tags": ["bench"],
                "source": None,
                "origin": f"/bench/{key}.md",
                "imported_at": created,
            }
        )
        for position in range(size.cards_per_deck):
            card_id += 1
            content = make_card_text(text_rng, card_id)
            spec = CardSpec.model_construct(
                id=None,
                question=content.question,
                answer=content.answer,
                type="basic",
                short=content.short,
                tags=list(content.tags),
                distractors=[],
                demo=None,
                source=None,
            )
            row = card_row(spec)
            card_rows.append(
                {
                    **row,
                    "id": card_id,
                    "deck_id": deck_id,
                    "key": derive_card_id(key, content.question),
                    "position": position,
                    "content_hash": content_hash(spec),
                    "created_at": created,
                    "updated_at": created,
                    "retired_at": None,
                }
            )
            if position < size.cards_per_deck - new_per_deck:
                reviewed_ids.append(card_id)

    phases = {"cards": time.perf_counter() - started}
    cache = StepCache()
    logs = simulate_history(sim_rng, cache, reviewed_ids, size.reviews, today)
    by_card = {log.card_id: log for log in logs}
    dates: dict[int, date] = {}

    def day(ordinal: int) -> date:
        found = dates.get(ordinal)
        if found is None:
            found = dates[ordinal] = date.fromordinal(ordinal)
        return found

    # Reviews as compact tuples first, so they can be inserted in time order like a real log.
    review_tuples: list[tuple[datetime, int, int, int, Step, date | None, date, int | None]] = []
    state_rows: list[dict[str, Any]] = []
    for row in card_rows:
        log = by_card.get(row["id"])
        if log is None:
            state_rows.append(_new_state_row(row["id"], row["deck_id"]))
            continue
        due_before: date | None = None
        rating_before: int | None = None
        lapses = 0
        reviewed_at = created
        for step in log.steps:
            ordinal = log.first_day + step.day
            local = datetime.combine(day(ordinal), datetime.min.time(), LOCAL_TZ)
            local += timedelta(seconds=sim_rng.randint(7 * 3600, 23 * 3600 - 1))
            reviewed_at = local.astimezone(UTC)
            due_after = day(ordinal + step.after.interval)
            response_ms = min(int(sim_rng.lognormvariate(8.6, 0.6)), 120_000)
            review_tuples.append(
                (
                    reviewed_at,
                    row["id"],
                    step.rating,
                    response_ms,
                    step,
                    due_before,
                    due_after,
                    rating_before,
                )
            )
            due_before = due_after
            rating_before = step.rating
            lapses += step.rating < 3
        last = log.steps[-1]
        state_rows.append(
            {
                "card_id": row["id"],
                "deck_id": row["deck_id"],
                "active": True,
                "repetitions": last.after.repetitions,
                "easiness": last.after.easiness,
                "interval": last.after.interval,
                "due": due_before,
                "sm2_due": due_before,  # SM-2's: FSRS's memory is worked out on a switch
                "introduced_on": day(log.first_day),
                "lapses": lapses,
                "reviews": len(log.steps),
                "rating_sum": sum(step.rating for step in log.steps),
                "last_rating": last.rating,
                "last_reviewed_at": reviewed_at,
            }
        )
    review_tuples.sort(key=lambda item: (item[0], item[1]))
    phases["simulation"] = time.perf_counter() - started - sum(phases.values())

    def review_rows() -> Iterator[dict[str, Any]]:
        for item in review_tuples:
            reviewed_at, cid, rating, response_ms, step, due_before, due_after, previous = item
            yield {
                "card_id": cid,
                "reviewed_at": reviewed_at,
                "mode": "spaced",
                "rating": rating,
                "response_ms": response_ms,
                "scheduled": True,
                "repetitions_before": step.before.repetitions,
                "easiness_before": step.before.easiness,
                "interval_before": step.before.interval,
                "due_before": due_before,
                "sm2_due_before": due_before,
                "repetitions_after": step.after.repetitions,
                "easiness_after": step.after.easiness,
                "interval_after": step.after.interval,
                "due_after": due_after,
                "day": reviewed_at.astimezone(LOCAL_TZ).date(),
                "rating_before": previous,
            }

    with collection.engine.begin() as connection:
        _insert_chunks(connection, schema.decks, iter(deck_rows))
        _insert_chunks(connection, schema.cards, iter(card_rows))
        _insert_chunks(connection, schema.card_states, iter(state_rows))
        inserted = _insert_chunks(connection, schema.reviews, review_rows())
    with collection.engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    collection.close()
    phases["inserts"] = time.perf_counter() - started - sum(phases.values())
    assert inserted == size.reviews, (inserted, size.reviews)
    return BuildStats(
        seconds=time.perf_counter() - started,
        decks=len(deck_rows),
        cards=len(card_rows),
        new_cards=len(card_rows) - len(logs),
        reviews=inserted,
        sm2_states_cached=len(cache),
        phases=phases,
        first_review=review_tuples[0][0].astimezone(LOCAL_TZ).date(),
        last_review=review_tuples[-1][0].astimezone(LOCAL_TZ).date(),
    )


def _new_state_row(card_id: int, deck_id: int) -> dict[str, Any]:
    return {
        "card_id": card_id,
        "deck_id": deck_id,
        "active": True,
        "repetitions": 0,
        "easiness": sm2.INITIAL_EASINESS,
        "interval": 0,
        "due": None,
        "sm2_due": None,
        "introduced_on": None,
        "lapses": 0,
        "reviews": 0,
        "rating_sum": 0,
        "last_rating": None,
        "last_reviewed_at": None,
    }


def check_consistency(collection: Collection, samples: int, seed: int) -> int:
    """Replay the logs of sampled cards with the app's SM-2 and compare with card_states."""
    rng = random.Random(seed)
    with collection.engine.connect() as connection:
        reviewed = list(
            connection.scalars(
                select(schema.card_states.c.card_id).where(schema.card_states.c.reviews > 0)
            )
        )
        checked = 0
        for card_id in rng.sample(reviewed, k=min(samples, len(reviewed))):
            stored = connection.execute(
                select(schema.card_states).where(schema.card_states.c.card_id == card_id)
            ).one()
            log = connection.execute(
                select(schema.reviews)
                .where(schema.reviews.c.card_id == card_id)
                .order_by(schema.reviews.c.reviewed_at)
            ).all()
            state = sm2.SM2State()
            due: date | None = None
            for entry in log:
                assert entry.repetitions_before == state.repetitions
                assert entry.easiness_before == state.easiness
                assert entry.due_before == due
                state = sm2.review(state, entry.rating)
                due = sm2.next_due(entry.reviewed_at.astimezone(LOCAL_TZ).date(), state)
                assert (entry.repetitions_after, entry.interval_after) == (
                    state.repetitions,
                    state.interval,
                )
                assert entry.easiness_after == state.easiness
                assert entry.due_after == due
            got = (stored.repetitions, stored.easiness, stored.interval, stored.due)
            assert got == (state.repetitions, state.easiness, state.interval, due), card_id
            assert stored.reviews == len(log)
            assert stored.lapses == sum(entry.rating < 3 for entry in log)
            assert stored.last_rating == log[-1].rating
            first_day = log[0].reviewed_at.astimezone(LOCAL_TZ).date()
            assert stored.introduced_on == first_day
            assert stored.due is not None
            assert stored.due >= collection.today() - timedelta(days=31)
            checked += 1
    return checked


# --- measuring -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Measurement:
    """Timings of one operation."""

    name: str
    times: list[float]
    note: str = ""

    @property
    def median(self) -> float:
        """Median of the repeats, in seconds."""
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        """Fastest repeat, in seconds."""
        return min(self.times)


def timed(
    repeat: int,
    action: Callable[[], _T],
    setup: Callable[[], None] | None = None,
    check: Callable[[_T], None] | None = None,
) -> list[float]:
    """Time ``action`` ``repeat`` times; ``setup`` and ``check`` (of the result) are untimed.

    Garbage is collected before each repeat and no result is kept, so no repeat pays for
    the objects an earlier one left behind.
    """
    times: list[float] = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        gc.collect()
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
        if check is not None:
            check(result)
        del result
    return times


def expect(condition: bool, message: str) -> None:
    """Stop the benchmark if the code under test did not do what it should."""
    if not condition:
        raise AssertionError(message)


def delete_deck(collection: Collection, key: str) -> None:
    """Remove a deck with its cards, states and reviews (so the next import is truly fresh)."""
    with collection.engine.begin() as connection:
        deck_id = connection.scalar(select(schema.decks.c.id).where(schema.decks.c.key == key))
        if deck_id is not None:
            deck_cards = select(schema.cards.c.id).where(schema.cards.c.deck_id == deck_id)
            connection.execute(
                delete(schema.reviews).where(schema.reviews.c.card_id.in_(deck_cards))
            )
            connection.execute(
                delete(schema.card_states).where(schema.card_states.c.card_id.in_(deck_cards))
            )
            connection.execute(delete(schema.cards).where(schema.cards.c.deck_id == deck_id))
            connection.execute(delete(schema.decks).where(schema.decks.c.id == deck_id))


@dataclass(frozen=True, slots=True)
class Processes:
    """Runs Python child processes the way an installed app runs: with compiled bytecode.

    The environment may forbid writing bytecode (PYTHONDONTWRITEBYTECODE), which would make
    every child compile part of the app again, depending on which ``__pycache__`` folders
    happen to exist. Children get their own bytecode cache in the work dir instead, filled
    by an untimed first run.
    """

    url: str
    pycache: Path

    def env(self) -> dict[str, str]:
        """The children's environment."""
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(self.pycache)
        return env

    def decks_command(self) -> list[str]:
        """The ``studyapp decks`` command line for this store."""
        return [sys.executable, "-m", "studyapp", "--db", self.url, "decks"]

    def run(self, command: Sequence[str]) -> str:
        """Run a command to completion; its standard output."""
        done = subprocess.run(command, capture_output=True, text=True, check=True, env=self.env())
        return done.stdout

    def decks(self) -> str:
        """Run ``studyapp decks``; its output."""
        return self.run(self.decks_command())


@dataclass
class Bench:
    """The built store, the import file and the open collection under measurement."""

    collection: Collection
    deck_file: Path
    processes: Processes
    cards_in_file: int
    due_cards: Iterator[int] = field(default_factory=lambda: iter(()))

    def fresh(self) -> None:
        """Delete the imported deck so the next import adds every card again."""
        delete_deck(self.collection, IMPORT_DECK_KEY)

    def import_file(self) -> ImportReport:
        """Import the deck file (parse and store)."""
        return self.collection.import_file(self.deck_file)


def measure(bench: Bench, size: Size, repeat: int) -> list[Measurement]:
    """Time every operation on the built collection (see the README for what each covers)."""
    collection = bench.collection
    deck_file = bench.deck_file
    results: list[Measurement] = []
    n = bench.cards_in_file

    def added_all(report: ImportReport) -> None:
        expect(report.added == n, f"fresh import added {report.added}, not {n}")

    def all_unchanged(report: ImportReport) -> None:
        expect(report.unchanged == n, f"second import: {report.summary()}")

    times = timed(repeat, lambda: load_deck(deck_file))
    kib = deck_file.stat().st_size / 1024
    results.append(Measurement("parse only (load_deck)", times, f"{n:,} cards, {kib:,.0f} KiB"))

    times = timed(repeat, bench.import_file, setup=bench.fresh, check=added_all)
    note = f"{n:,} added each repeat; deck deleted (untimed) before each repeat"
    results.append(Measurement("import fresh", times, note))

    parsed = [load_deck(deck_file)]  # dropped after use, like every other result
    times = timed(
        repeat,
        lambda: collection.import_spec(parsed[0], origin=str(deck_file), fmt="md"),
        setup=bench.fresh,
        check=added_all,
    )
    parsed.clear()
    results.append(Measurement("store only, fresh (import_spec)", times, "pre-parsed deck"))

    bench.import_file()  # untimed: records the file's digest, as any real import does
    times = timed(repeat, bench.import_file, check=all_unchanged)
    note = f"{n:,} unchanged each repeat; same bytes, so skipped by the file digest"
    results.append(Measurement("import unchanged", times, note))

    def touch_file() -> None:
        with deck_file.open("a", encoding="utf-8") as handle:
            handle.write("\n")  # a new digest, the same cards: parsed and compared in full

    times = timed(repeat, bench.import_file, setup=touch_file, check=all_unchanged)
    note = f"{n:,} unchanged; a newline appended (untimed) first, so parsed and compared"
    results.append(Measurement("import unchanged, file re-read", times, note))

    times = timed(repeat, collection.due_queue)
    queue = collection.due_queue()
    due_today = sum(s.due for s in collection.deck_summaries())
    note = (
        f"{len(queue.reviews):,} reviews (daily cap {collection.reviews_per_day}) "
        f"+ {len(queue.new)} new; {due_today:,} due in all"
    )
    results.append(Measurement("due_queue()", times, note))

    cap = collection.reviews_per_day
    collection.reviews_per_day = 10_000_000
    times = timed(repeat, collection.due_queue)
    uncapped = len(collection.due_queue().reviews)
    collection.reviews_per_day = cap
    note = f"{uncapped:,} reviews: every due card, no daily cap"
    results.append(Measurement("due_queue() uncapped", times, note))

    expect(bool(queue.reviews), "nothing is due today: the synthetic data is wrong")
    bench.due_cards = cycle(queue.reviews)  # cycles only if --repeat exceeds the due cards
    current: list[int] = []

    def pick_card() -> None:
        current[:] = [next(bench.due_cards)]

    def moved(outcome: RatingOutcome) -> None:
        expect(outcome.scheduled and outcome.due_after is not None, "rating did not schedule")

    times = timed(repeat, lambda: collection.rate(current[0], 4), setup=pick_card, check=moved)
    results.append(Measurement("rate() one card", times, "a different due card each repeat"))

    times = timed(repeat, collection.deck_summaries)
    note = "the query behind studyapp decks"
    results.append(Measurement("deck_summaries() in-process", times, note))

    first = bench.processes.decks()  # untimed: imports the bundled decks, fills the pycache
    if size.name == "full":  # skipped at tiny size to keep CI fast
        startup = [sys.executable, "-c", "import studyapp.cli, studyapp.collection"]
        times = timed(repeat, lambda: bench.processes.run(startup))
        note = "interpreter start + imports only"
        results.append(Measurement("python -c 'import studyapp…' (process)", times, note))

    def same_decks(out: str) -> None:
        # Deck ids and card counts only: the due column follows the real clock.
        decks = [line.split()[:2] for line in out.splitlines()]
        expect(decks == [line.split()[:2] for line in first.splitlines()], out)

    times = timed(repeat, bench.processes.decks, check=same_decks)
    rows = len(first.strip().splitlines()) - 1
    note = f"{rows} table rows; the CLI uses the real clock"
    results.append(Measurement("studyapp decks (process)", times, note))
    return results


def profile_all(bench: Bench, top: int) -> None:
    """Profile each judged operation once more and print its top functions."""
    collection = bench.collection
    profile_call("load_deck (parse only)", lambda: load_deck(bench.deck_file), top)
    bench.fresh()
    profile_call("import fresh", bench.import_file, top)
    profile_call("import unchanged", bench.import_file, top)
    profile_call("due_queue()", collection.due_queue, top)
    card = next(bench.due_cards)
    profile_call("rate() one card", lambda: collection.rate(card, 4), top)
    out = bench.processes.pycache.parent / "decks.pstats"
    command = bench.processes.decks_command()
    bench.processes.run([sys.executable, "-m", "cProfile", "-o", str(out), *command[1:]])
    buffer = io.StringIO()
    _print_stats("studyapp decks (process)", pstats.Stats(str(out), stream=buffer), buffer, top)
    buffer = io.StringIO()
    stats = pstats.Stats(str(out), stream=buffer)
    label = "studyapp decks (process), studyapp functions only"
    _print_stats(label, stats, buffer, top, only="/studyapp/")


def format_seconds(seconds: float) -> str:
    """A duration for the table: ms below one second."""
    if seconds >= 1:
        return f"{seconds:.3f} s"
    if seconds >= 0.01:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1000:.3f} ms"


def results_table(
    measurements: list[Measurement], judge: bool, targets: dict[str, float] = TARGETS
) -> tuple[str, int]:
    """The results as a Markdown table, and how many ``targets`` (seconds) were missed."""
    lines = [
        "| measurement | target | median | min | result | notes |",
        "|---|---:|---:|---:|:---:|---|",
    ]
    failed = 0
    for item in measurements:
        target = targets.get(item.name)
        if target is None:
            verdict, target_text = "info", "-"
        elif not judge:
            verdict, target_text = "not judged", f"≤ {format_seconds(target)}"
        else:
            ok = item.median <= target
            failed += not ok
            verdict, target_text = ("PASS" if ok else "**FAIL**"), f"≤ {format_seconds(target)}"
        lines.append(
            f"| {item.name} | {target_text} | {format_seconds(item.median)} | "
            f"{format_seconds(item.best)} | {verdict} | {item.note} |"
        )
    return "\n".join(lines), failed


def profile_call(label: str, action: Callable[[], object], top: int) -> None:
    """Run ``action`` once under cProfile and print the top functions by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    action()
    profiler.disable()
    buffer = io.StringIO()
    _print_stats(label, pstats.Stats(profiler, stream=buffer), buffer, top)


def _print_stats(
    label: str, stats: pstats.Stats, buffer: io.StringIO, top: int, only: str | None = None
) -> None:
    stats.sort_stats("cumulative")
    if only:
        stats.print_stats(only, top)
    else:
        stats.print_stats(top)
    print(f"\n=== cProfile: {label} (top {top} by cumulative time) ===")
    print(buffer.getvalue().strip())


# --- main ------------------------------------------------------------------------------------


def machine() -> str:
    """One line about the machine and the Python running the benchmark."""
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {platform.machine()}, "
        f"Python {platform.python_version()}, SQLite {_sqlite_version()}"
    )


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def _load() -> str:
    """The 1, 5 and 15 minute load averages (other work on the machine skews timings)."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def code_version() -> str:
    """The commit of the code under test, and whether studyapp/ has uncommitted changes."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "studyapp"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{commit}{' + uncommitted changes in studyapp/' if dirty else ''}"


def store_arguments(
    argv: Sequence[str] | None, description: str | None, repeat: int
) -> argparse.Namespace:
    """The command line of a benchmark run on a store it keeps (bench_stats, bench_search):
    ``--size``, ``--store FILE``, ``--repeat N`` (default ``repeat``), ``--seed``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument(
        "--store",
        type=Path,
        help="a SQLite file: built there when missing, reused when this script built it before",
    )
    parser.add_argument(
        "--repeat", type=int, default=repeat, help=f"timed runs of each (default {repeat})"
    )
    parser.add_argument("--seed", type=int, default=SEED, help="random seed of the data")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def print_header(name: str, size: Size, store: Path, seed: int) -> None:
    """What a benchmark runs on: the machine, the code, the store, the day and the seed."""
    print(f"studyapp {name} benchmark, size {size.name}: {machine()}")
    print(f"code: studyapp {code_version()}; load average {_load()}")
    print(f"store: {store}; today: {TODAY_MOMENT.isoformat()}; seed {seed}")


@contextmanager
def kept_store(
    args: argparse.Namespace, name: str, prepare: Callable[[Collection, Size, int], str]
) -> Iterator[Collection]:
    """For bench_stats and bench_search: the header printed, then the collection on the store
    of ``--store`` (built and given ``prepare``, which says what it did, when the file does
    not exist; else reused as it is) or on a temporary one, removed at the end."""
    size = SIZES[args.size]
    workdir = None if args.store is not None else Path(tempfile.mkdtemp(prefix=f"studyapp-{name}-"))
    store: Path = args.store or (workdir or Path()) / f"{name}-{size.name}.sqlite3"
    url = f"sqlite:///{store}"
    clock = FixedClock(TODAY_MOMENT)
    try:
        print_header(name, size, store, args.seed)
        if store.exists():
            collection = Collection.open(url, clock, bundled=False)
            print("reusing the store as it is")
        else:
            built = build_collection(url, clock, size, args.seed)
            print(
                f"built in {built.seconds:.1f} s: {built.reviews:,} reviews, {built.cards:,} cards"
            )
            collection = Collection.open(url, clock, bundled=False)
            print(prepare(collection, size, args.seed))
        try:
            yield collection
        finally:
            collection.close()
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


def print_report(
    measurements: list[Measurement], what: str, judge: bool, targets: dict[str, float]
) -> int:
    """The results table (``what`` was timed, in words), every repeat, and, when ``judge``,
    the verdict; how many ``targets`` were missed."""
    table, failed = results_table(measurements, judge, targets)
    print(f"\nResults ({what}):\n")
    print(table)
    print("\nEvery repeat (ms):")
    for item in measurements:
        print(f"  {item.name.strip()}: {', '.join(f'{t * 1000:.1f}' for t in item.times)}")
    if judge:
        print(f"\n{f'{failed} target(s) missed' if failed else 'all targets met'}")
    return failed


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="where the SQLite file and deck file go (kept); default: a temp dir, removed",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed of the data")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also profile each timed operation once and print its top N functions",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Build, measure, print; exit status 0 unless something crashed."""
    args = parse_args(argv)
    size = SIZES[args.size]
    wall = time.perf_counter()
    temporary = args.workdir is None
    workdir: Path = Path(tempfile.mkdtemp(prefix="studyapp-bench-")) if temporary else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / f"bench-{size.name}.sqlite3"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    clock = FixedClock(TODAY_MOMENT)
    try:
        print_header("core", size, db, args.seed)
        stats = build_collection(url, clock, size, args.seed)
        print(
            f"built in {stats.seconds:.1f} s: {stats.decks} decks, {stats.cards:,} cards "
            f"({stats.new_cards:,} new), {stats.reviews:,} reviews from {stats.first_review} "
            f"to {stats.last_review} ({stats.sm2_states_cached:,} distinct SM-2 steps), "
            f"{db.stat().st_size / 2**20:.0f} MiB"
        )
        print("  build phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in stats.phases.items()))
        with_clock = Collection.open(url, clock, bundled=False)
        checked = check_consistency(with_clock, samples=200, seed=args.seed)
        with_clock.close()
        print(f"consistency: {checked} sampled cards replayed through sm2.review and match")
        deck_file = workdir / f"{IMPORT_DECK_KEY}.md"
        write_markdown_deck(deck_file, IMPORT_DECK_KEY, size.import_cards, args.seed + 2)
        bench = Bench(
            collection=Collection.open(url, clock, bundled=False),
            deck_file=deck_file,
            processes=Processes(url, workdir / "pycache"),
            cards_in_file=size.import_cards,
        )
        measurements = measure(bench, size, args.repeat)
        judge = size.name == "full"
        table, failed = results_table(measurements, judge)
        repeats = f"{args.repeat} repeat{'s' if args.repeat > 1 else ''} each"
        print(f"\nResults ({repeats}; median judged against the target):\n")
        print(table)
        print("\nEvery repeat (ms):")
        for item in measurements:
            print(f"  {item.name}: {', '.join(f'{t * 1000:.1f}' for t in item.times)}")
        if judge:
            verdict = f"{failed} target(s) missed" if failed else "all targets met"
            print(f"\n{verdict}")
        else:
            print("\n(tiny size: figures shown, not judged)")
        print(f"total wall time {time.perf_counter() - wall:.1f} s; load average {_load()}")
        if args.profile:
            profile_all(bench, args.profile)
        bench.collection.close()
    finally:
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
