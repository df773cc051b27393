"""How well SM-2 and FSRS predict the learner's own recalls, out of sample (issue 19): the two
figures Anki's "Evaluate" gives, for FSRS with fitted parameters, FSRS with its default
parameters and SM-2, all three scored on the same predictions.

**What is predicted.** Each recall after a card's first (a training item of
:mod:`studyapp.analytics.fsrs_fit`): was the card recalled (rated 3 or more: FSRS's Hard, Good
or Easy) ``t`` days after the recall before it? A model says how likely, from the card's
recalls before it.

**Time-series splits**, cut as fsrs-rs's ``evaluate_with_time_series_splits`` cuts them (fsrs
6.6, the engine under ``fsrs-rs-python`` 0.9.3): the items in time order (by the day of the
recall each predicts; one day's in the order the histories come), cut into 6 segments of
``n // 6`` items (the last one takes the rest); split ``i`` (1 to 5) fits FSRS's parameters
to the segments before segment ``i`` and predicts segment ``i``. So every item after the first
segment is predicted once, by parameters fitted to the past only. The default parameters and
SM-2 fit nothing and predict the same items.

**The figures** are fsrs-rs's, worked out here the same way for all three models. For FSRS
they equal the engine's own, which the tests check, but for the engine adding up its log loss
in 32-bit floats (a few parts in 100,000 off, over thousands of items; the sums here are
64-bit):

* *log loss*: the mean over the predicted items of ``-(y·ln p + (1 - y)·ln(1 - p))``, ``y`` 1
  for a recall and 0 for a lapse, ``p`` the predicted recall. Lower is better.
* *RMSE (bins)*: the items go into bins by ``t`` (buckets ``round(248 · 3.62^k)``, ``k =
  floor(log_3.62 t)``), by the card's recalls a day or more after the one before, this one
  counted, plus 1 (``round(1.99 · 1.89^k)`` buckets) and by its lapses before this recall (0
  alone, else ``round(1.65 · 1.73^k)`` buckets); each bin's mean prediction is set against
  the share of its items recalled, and the figure is the root of the mean squared difference,
  each bin weighed by its items. Lower is better: it is how far, in probability of recall,
  the predictions are from what happened.

Every predicted item weighs 1, as in the engine's time-series evaluation (its
``FSRS.evaluate`` instead weighs the i-th of n items ``0.25 + 0.75·(i/(n-1))³``, favouring
recent ones; :func:`scores` takes such weights too).

**FSRS's prediction** is the engine's: the card's memory after the recalls before (its
stability ``S``), on FSRS's power forgetting curve ``R(t) = (1 + f·t/S)^-d`` with the
parameters' decay ``d`` (the 21st parameter) and ``f = 0.9^(-1/d) - 1``, so that ``R(S) = 0.9``.

**SM-2's prediction.** SM-2 gives an interval, not a probability. It is replayed
(:mod:`studyapp.scheduling.sm2`, each 1-5 rating as its quality) over the card's recalls
before the predicted one; its interval ``I`` says it expects the learner to recall at the
desired retention ``r`` (0.9 unless said) after ``I`` days. Read on FSRS's curve with the
default parameters' decay (``d = 0.1542``) and the ``S`` that makes ``R(I) = r``, that is
``R(t) = (1 + (r^(-1/d) - 1)·t/I)^-d``: ``r`` at ``t = I`` (at ``r = 0.9``, ``S = I``),
more before, less after. ``I`` is at least 1 day, so there is no division by 0, and is taken
as 36,500 days at most, the longest interval: SM-2's own grow without end, and a card rated 5
for a few dozen days running would be predicted certain, its next lapse costing an infinite
log loss (the SRS benchmark caps them the same way). The SRS benchmark reads SM-2's intervals
on an exponential curve, ``0.9^(t/I)``; FSRS's own curve here leaves the models differing
only in what they predict from.

**Same-day recalls.** ``t`` is at least 1: a card has one recall a day. A recall on the same
day as the one before (``t = 0``) would be predicted certain by every model (a lapse would
make the log loss infinite), and the engine's fitting fails on an item with no recall a day
or more after the first; so such a recall is neither fitted on nor scored (it stays in the
history of the card's later recalls).

**Too few items.** The first split fits on a sixth of the items; below
:data:`MIN_EVALUATION_ITEMS` (6 x :data:`~studyapp.analytics.fsrs_fit.MIN_TRAINING_ITEMS`)
it would hold fewer than fitting asks for, and the evaluation gives no figures.

**Too few cards.** Items are not all the engine needs. Before fitting it leaves out every
item of the cards whose (first rating, first interval) is rare: for each first rating, its
rarest first intervals as long as they add up to fewer than 20 cards (or 5 % of them, when
more), and intervals met fewer than 6 times or longer than 100 days (365 after Easy). A first
rating given to fewer than 20 cards is thus left out whole, and when fewer than 8 items are
left the engine gives the default parameters back unchanged. So a learner of a few dozen
cards gets the defaults from every split, however many their recalls;
:attr:`Evaluation.default_fits` counts the splits where that happened (the fitted and the
default figures are then the same).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Final, NamedTuple

import numpy as np
from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from studyapp.analytics.fsrs_fit import MIN_TRAINING_ITEMS, parameters_fitted_to, recall_steps
from studyapp.scheduling import sm2
from studyapp.scheduling.fsrs_scheduler import (
    DEFAULT_DESIRED_RETENTION,
    DEFAULT_FSRS_PARAMETERS,
    RETENTION_RANGE,
)
from studyapp.scheduling.registry import DEFAULT_MAXIMUM_INTERVAL
from studyapp.store.recall_history import Recalls

#: How many time-series splits (the engine's number): the items are cut into one segment more.
SPLITS: Final = 5
#: Fewer training items than this and there is no evaluation: the first split would fit on
#: fewer than :data:`~studyapp.analytics.fsrs_fit.MIN_TRAINING_ITEMS`.
MIN_EVALUATION_ITEMS: Final = (SPLITS + 1) * MIN_TRAINING_ITEMS

FSRS_FITTED: Final = "FSRS, fitted"
FSRS_DEFAULT: Final = "FSRS, default parameters"
SM2: Final = "SM-2"

#: The decay of the forgetting curve SM-2's intervals are read on: FSRS-6's default.
SM2_CURVE_DECAY: Final = DEFAULT_FSRS_PARAMETERS[20]

#: fsrs-rs's RMSE bin of an item: its days-since bucket, its recalls bucket, its lapses bucket.
Bin = tuple[int, int, int]


class RecallTarget(NamedTuple):
    """One recall to predict, with what each model predicts it from."""

    day: date  # the day of the recall
    item: FSRSItem  # the engine's training item: the card's recalls up to this one
    before: FSRSItem  # the card's recalls before this one
    elapsed: int  # days since the recall before (t)
    recalled: bool  # rated 3 or more (FSRS's Hard, Good or Easy)
    bin: Bin
    sm2_interval: int  # SM-2's interval in days after the recalls before (36,500 at most)


@dataclass(frozen=True, slots=True)
class ModelScore:
    """One model's figures over the predicted items."""

    name: str
    log_loss: float
    rmse_bins: float
    items: int  # the items predicted and scored


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The models' figures on the learner's history; ``models`` is empty when there were fewer
    than ``minimum_items`` training items to evaluate on."""

    models: tuple[ModelScore, ...]
    items: int  # recalls after a card's first (a day or more after the one before)
    recalls: int  # every recall read
    splits: int
    desired_retention: float  # what SM-2's intervals were read as
    default_fits: int = 0  # splits whose fitting gave the default parameters back
    minimum_items: int = MIN_EVALUATION_ITEMS

    @property
    def enough(self) -> bool:
        """Whether there were items enough to give figures."""
        return bool(self.models)


@lru_cache(maxsize=65536)
def recall_bin(elapsed: int, long_term_recalls: int, lapses: int) -> Bin:
    """fsrs-rs's RMSE bin for a recall ``elapsed`` (at least 1) days after the one before, the
    card's ``long_term_recalls``-th a day or more after the one before, after ``lapses``
    lapses (Again a day or more after the recall before)."""
    days = _bucket(elapsed, 3.62, 2.48 * 100.0)
    lapse_bucket = 0 if lapses == 0 else _bucket(lapses, 1.73, 1.65)
    return days, _bucket(long_term_recalls + 1, 1.89, 1.99), lapse_bucket


def _bucket(value: int, base: float, scale: float) -> int:
    """``scale`` times the power of ``base`` at or below ``value``, rounded half up."""
    power = base ** math.floor(math.log(value) / math.log(base))
    return math.floor(scale * power + 0.5)


def recall_targets(histories: Iterable[tuple[int, Recalls]]) -> tuple[list[RecallTarget], int]:
    """Every recall after a card's first (a day or more after the one before), in time order,
    and how many recalls were read."""
    targets: list[RecallTarget] = []
    recalls = 0
    sm2_reviews: dict[tuple[sm2.SM2State, int], sm2.SM2State] = {}
    for _card_id, history in histories:
        recalls += len(history)
        targets.extend(_card_targets(history, sm2_reviews))
    targets.sort(key=attrgetter("day"))  # stable: one day's stay in the histories' order
    return targets, recalls


def _card_targets(
    history: Recalls, sm2_reviews: dict[tuple[sm2.SM2State, int], sm2.SM2State]
) -> Iterator[RecallTarget]:
    """A card's recalls after its first, each with the recalls before it (``sm2_reviews``:
    SM-2's reviews met so far, kept to be met again)."""
    if not history:
        return
    steps = recall_steps(history)
    reviews = [FSRSReview(grade, elapsed) for grade, elapsed in steps]
    before = FSRSItem(reviews[:1])
    state = _sm2_review(sm2.SM2State(), history[0][1], sm2_reviews)
    long_term = lapses = 0
    for end in range(2, len(reviews) + 1):
        grade, elapsed = steps[end - 1]
        item = FSRSItem(reviews[:end])
        if elapsed > 0:
            long_term += 1
            bin_ = recall_bin(elapsed, long_term, lapses)
            interval = min(state.interval, DEFAULT_MAXIMUM_INTERVAL)
            yield RecallTarget(
                history[end - 1][0], item, before, elapsed, grade > 1, bin_, interval
            )
            lapses += grade == 1
        state = _sm2_review(state, history[end - 1][1], sm2_reviews)
        before = item


def _sm2_review(
    state: sm2.SM2State, rating: int, known: dict[tuple[sm2.SM2State, int], sm2.SM2State]
) -> sm2.SM2State:
    """SM-2's state after ``rating`` (as its quality), looked up in ``known`` first."""
    reviewed = known.get((state, rating))
    if reviewed is None:
        reviewed = known[state, rating] = sm2.review(state, rating)
    return reviewed


def fsrs_predictions(targets: Sequence[RecallTarget], parameters: Sequence[float]) -> list[float]:
    """FSRS's recall for each target, with these (FSRS-6, 21) parameters."""
    if not targets:
        return []
    memories = FSRS(list(parameters)).memory_state_batch([target.before for target in targets])
    decay = parameters[20]
    factor = 0.9 ** (-1 / decay) - 1
    return [
        (1 + factor * target.elapsed / memory.stability) ** -decay
        for target, memory in zip(targets, memories, strict=True)
    ]


def sm2_predictions(
    targets: Sequence[RecallTarget], desired_retention: float = DEFAULT_DESIRED_RETENTION
) -> list[float]:
    """The recall SM-2's interval implies for each target: ``desired_retention`` at the
    interval, on FSRS's default forgetting curve."""
    stretch = desired_retention ** (-1 / SM2_CURVE_DECAY) - 1
    return [
        (1 + stretch * target.elapsed / target.sm2_interval) ** -SM2_CURVE_DECAY
        for target in targets
    ]


def scores(
    predictions: Sequence[float],
    targets: Sequence[RecallTarget],
    weights: Sequence[float] | None = None,
) -> tuple[float, float]:
    """fsrs-rs's log loss and RMSE (bins) of these predictions of these targets (each weighing
    1 unless ``weights`` are given)."""
    if not targets or len(predictions) != len(targets):
        raise ValueError(f"{len(predictions)} predictions of {len(targets)} targets")
    predicted = np.asarray(predictions, dtype=np.float64)
    recalled = np.fromiter((target.recalled for target in targets), bool, len(targets))
    weight = np.ones(len(targets)) if weights is None else np.asarray(weights, dtype=np.float64)
    total = weight.sum()
    log_loss = -(weight * np.log(np.where(recalled, predicted, 1 - predicted))).sum() / total
    numbers: dict[Bin, int] = {}
    bins = np.fromiter(
        (numbers.setdefault(target.bin, len(numbers)) for target in targets), np.intp, len(targets)
    )
    count = np.bincount(bins)
    mean_error = (np.bincount(bins, predicted) - np.bincount(bins, recalled)) / count
    rmse_bins = math.sqrt((mean_error**2 * np.bincount(bins, weight)).sum() / total)
    return float(log_loss), rmse_bins


def evaluate_models(
    histories: Iterable[tuple[int, Recalls]],
    desired_retention: float = DEFAULT_DESIRED_RETENTION,
) -> Evaluation:
    """SM-2's and FSRS's (fitted and default) figures on these recalls, out of sample, or none
    when there are fewer than :data:`MIN_EVALUATION_ITEMS` items."""
    low, high = RETENTION_RANGE
    if not low <= desired_retention <= high:
        raise ValueError(f"desired retention is {low:.2f} to {high:.2f}, not {desired_retention}")
    targets, recalls = recall_targets(histories)
    total = len(targets)
    if total < MIN_EVALUATION_ITEMS:
        return Evaluation((), total, recalls, SPLITS, desired_retention)
    items = [target.item for target in targets]
    segment = total // (SPLITS + 1)
    scored: list[RecallTarget] = []
    fitted: list[float] = []
    default_fits = 0
    for split in range(1, SPLITS + 1):
        start = split * segment
        end = total if split == SPLITS else start + segment
        tested = targets[start:end]
        parameters = parameters_fitted_to(items[:start])
        default_fits += parameters == DEFAULT_FSRS_PARAMETERS
        fitted.extend(fsrs_predictions(tested, parameters))
        scored.extend(tested)
    models = (
        _scored(FSRS_FITTED, fitted, scored),
        _scored(FSRS_DEFAULT, fsrs_predictions(scored, DEFAULT_FSRS_PARAMETERS), scored),
        _scored(SM2, sm2_predictions(scored, desired_retention), scored),
    )
    return Evaluation(models, total, recalls, SPLITS, desired_retention, default_fits)


def _scored(name: str, predictions: Sequence[float], targets: Sequence[RecallTarget]) -> ModelScore:
    """A model's score card."""
    log_loss, rmse_bins = scores(predictions, targets)
    return ModelScore(name, log_loss, rmse_bins, len(targets))
