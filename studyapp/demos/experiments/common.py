"""Building blocks the demos share: turning training histories into runs, and phrasing results."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from studyapp.demos.data import Dataset
from studyapp.demos.result import Run
from studyapp.demos.surfaces import Surface
from studyapp.demos.training import (
    FitHistory,
    PathHistory,
    SteppingOptimizer,
    StepSchedule,
    descend,
)

FINAL_LOSS = "final loss"
BEST_VAL_LOSS = "best val loss"
FINAL_VAL_LOSS = "final val loss"
VAL_ACCURACY = "val accuracy"
EPOCHS_RUN = "epochs"


def steps_to_key(target: float) -> str:
    """The metric name for "steps until the loss first reached ``target``"."""
    return f"steps to {target:g}"


def epochs_to_key(target: float) -> str:
    """The metric name for "epochs trained until the validation loss first reached ``target``"."""
    return f"epochs to {target:g}"


def first_reaching(values: Sequence[float], target: float) -> int | None:
    """Index of the first value at or below ``target`` (None: never)."""
    return next((index for index, value in enumerate(values) if value <= target), None)


def first_of(counts: dict[int, int | None]) -> int | None:
    """The option whose count (steps or epochs to a target) is strictly the smallest; None
    when nothing reached the target or the best is a tie."""
    reached = {option: count for option, count in counts.items() if count is not None}
    if not reached:
        return None
    best = min(reached.values())
    winners = [option for option, count in reached.items() if count == best]
    return winners[0] if len(winners) == 1 else None


def final(values: Sequence[float]) -> float:
    """The last value of a series (inf for an empty one, as for a run that diverged at once)."""
    return float(values[-1]) if values else math.inf


def surface_run(
    label: str,
    surface: Surface,
    optimizer: SteppingOptimizer,
    *,
    steps: int,
    target: float,
    schedule: StepSchedule | None = None,
    start: tuple[float, float] | None = None,
) -> Run:
    """Walk ``optimizer`` over ``surface`` and record the loss, learning rate and path."""
    history = descend(surface, optimizer, steps=steps, start=start, schedule=schedule)
    return path_run(label, history, target=target)


def path_run(label: str, history: PathHistory, *, target: float) -> Run:
    """A run from a walk on a surface: loss per step, lr per step, the path, and
    the final loss and steps to ``target``."""
    final_loss = math.inf if history.diverged else final(history.loss)
    return Run(
        label=label,
        series={"loss": tuple(history.loss), "lr": tuple(history.lr)},
        metrics={FINAL_LOSS: final_loss, steps_to_key(target): history.steps_to(target)},
        path=tuple(history.points),
        diverged=history.diverged,
    )


def fit_run(
    label: str,
    history: FitHistory,
    data: Dataset,
    *,
    target: float | None = None,
    extra: dict[str, float | int | str | None] | None = None,
) -> Run:
    """A run from training a network: per-epoch train/val loss and accuracy, per-step lr;
    metrics final train and val loss, best val loss, val accuracy, epochs run (and the epochs
    to a validation-loss ``target`` when given)."""
    series: dict[str, tuple[float, ...]] = {
        "train_loss": tuple(history.train_loss),
        "val_loss": tuple(history.val_loss),
        "lr": tuple(history.lr),
    }
    if history.grad_norm:
        series["grad_norm"] = tuple(history.grad_norm)
    metrics: dict[str, float | int | str | None] = {
        FINAL_LOSS: math.inf if history.diverged else final(history.train_loss),
        FINAL_VAL_LOSS: math.inf if history.diverged else final(history.val_loss),
        BEST_VAL_LOSS: min(history.val_loss) if history.val_loss else math.inf,
    }
    if data.task == "classification":
        series["val_accuracy"] = tuple(history.val_accuracy)
        metrics[VAL_ACCURACY] = final(history.val_accuracy) if history.val_accuracy else 0.0
    if target is not None:
        index = first_reaching(history.val_loss, target)
        metrics[epochs_to_key(target)] = None if index is None else index + 1
    metrics[EPOCHS_RUN] = len(history.train_loss)
    metrics.update(extra or {})
    return Run(label=label, series=series, metrics=metrics, diverged=history.diverged)


def count_phrase(count: int | None, unit: str, limit: int) -> str:
    """``in 45 steps`` or ``not within 300 steps``."""
    if count is None:
        return f"not within {limit} {unit}s"
    return f"in {count} {unit}{'' if count == 1 else 's'}"


def rng_for(seed: int) -> np.random.Generator:
    """The generator every demo draws from, so a seed fixes the whole run."""
    return np.random.default_rng(seed)
