"""The FSRS benchmark: fitting FSRS's parameters to a big review log, and judging SM-2 and FSRS
on it (issue 19).

Run ``python bench/bench_fsrs.py [--size full|tiny] [--store FILE] [--repeat N]``.

It builds (or reuses) :mod:`bench_core`'s synthetic collection (full: 100,000 cards, 1,000,000
reviews), reads every card's recalls (its scheduled spaced ratings, one a day:
:mod:`studyapp.store.recall_history`), keeps the first cards' until there are 200,000 recalls
(full size), and times reading them, fitting FSRS to them
(:func:`studyapp.analytics.fsrs_fit.fit_parameters`; target: 10 s at full size, the median) and
evaluating SM-2 and FSRS on them out of sample
(:func:`studyapp.analytics.fsrs_evaluation.evaluate_models`, five fits included; target: 15 s).
See ``bench/README.md``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import (
    SIZES,
    Measurement,
    Size,
    expect,
    kept_store,
    print_report,
    store_arguments,
    timed,
)
from bench_core import _load as load_average

from studyapp.analytics.fsrs_evaluation import Evaluation, evaluate_models
from studyapp.analytics.fsrs_fit import fit_parameters
from studyapp.collection import Collection
from studyapp.store.recall_history import Recalls, recall_histories
from studyapp.store.reviews import RatingOutcome

#: The recalls fitted on at full size (issue 19: fitting on 200,000 reviews in 10 s).
FULL_RECALLS: Final = 200_000
#: Seconds fitting may take at full size.
TARGET: Final = 10.0
#: Seconds one rating may take under FSRS (issue 19: 3 ms).
RATING_TARGET: Final = 0.003
#: Seconds evaluating SM-2 and FSRS may take at full size (issue 19: 200,000 reviews in 15 s).
EVALUATION_TARGET: Final = 15.0


def read_recalls(collection: Collection, most: int | None) -> list[tuple[int, Recalls]]:
    """The cards' recalls, whole cards only, until ``most`` recalls (None: all)."""
    kept: list[tuple[int, Recalls]] = []
    total = 0
    with collection.engine.connect() as connection:
        for card_id, history in recall_histories(connection):
            if most is not None and total + len(history) > most:
                break
            kept.append((card_id, history))
            total += len(history)
    return kept


def measure(collection: Collection, size: Size, repeat: int) -> list[Measurement]:
    """Time reading the recalls, fitting FSRS to them and evaluating SM-2 and FSRS on them."""
    most = FULL_RECALLS if size.name == "full" else None
    histories = read_recalls(collection, most)
    recalls = sum(len(history) for _, history in histories)
    expect(recalls > 0, "the store has no recalls to fit")
    reading = timed(repeat, lambda: read_recalls(collection, most))
    fitted = fit_parameters(histories)
    note = f"{recalls:,} recalls of {len(histories):,} cards, {fitted.items:,} items"
    fitting = timed(repeat, lambda: fit_parameters(histories))
    evaluation = evaluate_models(histories)
    evaluating = timed(repeat, lambda: evaluate_models(histories))
    return [
        Measurement("read the recalls", reading, note),
        Measurement("fit FSRS's parameters", fitting, note),
        Measurement("evaluate SM-2 and FSRS", evaluating, evaluation_note(evaluation)),
        *measure_fsrs_ratings(collection, repeat),
    ]


def measure_fsrs_ratings(collection: Collection, repeat: int) -> list[Measurement]:
    """Time switching the collection to FSRS (its memories worked out from the whole log the
    first time) and back, and one rating under FSRS (a different due card each repeat); the
    store is left on SM-2, as it was."""
    switching = timed(1, lambda: setattr(collection, "scheduler_name", "fsrs"))
    due = [row.card_id for row in collection.search_cards("is:due", limit=repeat * 10).rows]
    expect(len(due) == repeat * 10, "too few cards due under FSRS")
    cards_due = iter(due)
    current: list[int] = []

    def pick_card() -> None:
        current[:] = [next(cards_due)]

    def moved(outcome: RatingOutcome) -> None:
        expect(outcome.scheduled and outcome.after.fsrs is not None, "the rating moved FSRS")

    rating = timed(
        repeat * 10, lambda: collection.rate(current[0], 4), setup=pick_card, check=moved
    )
    back = timed(1, lambda: setattr(collection, "scheduler_name", "sm2"))
    cards = f"{collection.stats().cards.cards:,} cards"
    return [
        Measurement("switch to FSRS", switching, f"{cards}, memories worked out the first time"),
        Measurement("rate() one card under FSRS", rating, "a different due card each repeat"),
        Measurement("switch back to SM-2", back, cards),
    ]


def evaluation_note(evaluation: Evaluation) -> str:
    """What the evaluation found: each model's log loss and RMSE (bins), or too few items."""
    if not evaluation.enough:
        return f"{evaluation.items:,} items: too few (from {evaluation.minimum_items:,})"
    figures = "; ".join(
        f"{model.name} {model.log_loss:.4f} / {model.rmse_bins:.4f}" for model in evaluation.models
    )
    scored = evaluation.models[0].items
    return f"{scored:,} of {evaluation.items:,} items scored; log loss / RMSE (bins): {figures}"


def prepare(_collection: Collection, _size: Size, _seed: int) -> str:
    """Nothing to add to a new store: its reviews are what is fitted."""
    return "nothing added"


def main(argv: Sequence[str] | None = None) -> int:
    """Build (or reuse), measure, print; exit status 1 if the full-size target is missed."""
    args = store_arguments(argv, __doc__.splitlines()[0] if __doc__ else None, repeat=3)
    with kept_store(args, "fsrs", prepare) as collection:
        measurements = measure(collection, SIZES[args.size], args.repeat)
    judge = args.size == "full"
    targets = {
        "fit FSRS's parameters": TARGET,
        "evaluate SM-2 and FSRS": EVALUATION_TARGET,
        "rate() one card under FSRS": RATING_TARGET,
    }
    failed = print_report(measurements, f"{args.repeat} repeats each", judge, targets)
    print(f"load average {load_average()}")
    return 1 if judge and failed else 0


if __name__ == "__main__":
    sys.exit(main())
