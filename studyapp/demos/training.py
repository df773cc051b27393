"""Training loops for the demos: an MLP on a dataset, or a point on a 2-D surface.

Both loops take any optimizer with ``step(params, grads)`` and a ``param_group`` dict (as in
:mod:`studyapp.demos.optimizers`), and optionally a learning-rate schedule with ``step()``
(stepped once per optimizer step) or a plateau schedule stepped with the validation loss after
each epoch. They record what the demo screens plot: the loss (and validation figures) over
time, the learning rate used, and for surfaces the path taken.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from studyapp.demos.data import Dataset
from studyapp.demos.mlp import MLP
from studyapp.demos.surfaces import Surface

Array = NDArray[np.float64]


class SteppingOptimizer(Protocol):
    """What the loops need of an optimizer."""

    @property
    def param_group(self) -> dict[str, Any]:
        """The hyperparameters (a schedule sets ``"lr"`` here)."""

    def step(self, params: Sequence[Array], grads: Sequence[Array]) -> None:
        """Update ``params`` in place from ``grads``."""


class StepSchedule(Protocol):
    """A schedule stepped once per optimizer step."""

    def step(self) -> None:
        """Advance one step (sets the optimizer's learning rate)."""


class PlateauSchedule(Protocol):
    """A schedule stepped with a metric after each epoch (ReduceLROnPlateau)."""

    def step(self, metric: float) -> None:
        """Advance one epoch given its validation loss."""


def clip_grad_norm(grads: Sequence[Array], max_norm: float) -> float:
    """Scale ``grads`` in place so their joint L2 norm is at most ``max_norm`` (as torch's
    ``clip_grad_norm_``: factor max_norm / (norm + 1e-6), applied only when below 1); the
    norm before clipping."""
    norm = math.sqrt(sum(float((g * g).sum()) for g in grads))
    factor = max_norm / (norm + 1e-6)
    if factor < 1.0:
        for grad in grads:
            grad *= factor
    return norm


@dataclass
class FitHistory:
    """Per epoch: training loss, validation loss and accuracy (and, when asked for, the
    training set's loss in evaluation mode); per step: the learning rate, the mini-batch's
    training loss and (when clipping) the gradient norm before clipping."""

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    grad_norm: list[float] = field(default_factory=list)
    step_loss: list[float] = field(default_factory=list)
    train_eval_loss: list[float] = field(default_factory=list)
    diverged: bool = False

    @property
    def best_epoch(self) -> int:
        """The epoch (0-based) with the lowest validation loss."""
        return int(np.argmin(self.val_loss)) if self.val_loss else 0


@np.errstate(over="ignore", invalid="ignore", divide="ignore")  # divergence is a result
def fit(
    model: MLP,
    optimizer: SteppingOptimizer,
    data: Dataset,
    *,
    epochs: int,
    batch_size: int,
    rng: np.random.Generator,
    schedule: StepSchedule | None = None,
    plateau: PlateauSchedule | None = None,
    clip_norm: float | None = None,
    patience: int | None = None,
    eval_train: bool = False,
) -> FitHistory:
    """Train with mini-batches for ``epochs``; with ``patience``, stop early once the
    validation loss has not improved for that many epochs and put back the parameters of the
    epoch with the lowest validation loss (the weights early stopping keeps; batch norm's
    running statistics stay as they are). A loss that turns non-finite ends training and
    marks the history as diverged. With ``eval_train``, also record the whole training set's
    data loss in evaluation mode (no dropout, no penalty) after each epoch, which compares
    with the validation loss like for like."""
    history = FitHistory()
    count = len(data.x_train)
    best, waited = math.inf, 0
    kept = [param.copy() for param in model.params]
    for _epoch in range(epochs):
        order = rng.permutation(count)
        losses = []
        for start in range(0, count, batch_size):
            batch = order[start : start + batch_size]
            loss, grads = model.loss_and_gradients(data.x_train[batch], data.y_train[batch], rng)
            if not math.isfinite(loss):
                history.diverged = True
                return history
            history.step_loss.append(loss)
            if clip_norm is not None:
                history.grad_norm.append(clip_grad_norm(grads, clip_norm))
            history.lr.append(float(optimizer.param_group["lr"]))
            optimizer.step(model.params, grads)
            if schedule is not None:
                schedule.step()
            losses.append(loss)
        val_loss = model.loss(data.x_val, data.y_val)
        history.train_loss.append(float(np.mean(losses)))
        history.val_loss.append(val_loss)
        if eval_train:
            history.train_eval_loss.append(model.loss(data.x_train, data.y_train))
        if data.task == "classification":
            history.val_accuracy.append(model.accuracy(data.x_val, data.y_val))
        if not math.isfinite(val_loss):
            history.diverged = True
            return history
        if plateau is not None:
            plateau.step(val_loss)
        if patience is not None:
            if val_loss < best - 1e-12:
                best, waited = val_loss, 0
                kept = [param.copy() for param in model.params]
            else:
                waited += 1
                if waited >= patience:
                    break
    if patience is not None:
        for param, best_param in zip(model.params, kept, strict=True):
            param[...] = best_param
    return history


@dataclass
class PathHistory:
    """An optimizer's walk over a surface: every point visited and the loss there."""

    points: list[tuple[float, float]] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    diverged: bool = False

    def steps_to(self, target: float) -> int | None:
        """The first step at which the loss is at most ``target`` (None: never)."""
        return next((step for step, value in enumerate(self.loss) if value <= target), None)


@np.errstate(over="ignore", invalid="ignore")  # a diverging walk is a result
def descend(
    surface: Surface,
    optimizer: SteppingOptimizer,
    *,
    steps: int,
    start: tuple[float, float] | None = None,
    schedule: StepSchedule | None = None,
    limit: float = 1e6,
) -> PathHistory:
    """Walk ``steps`` optimizer steps on ``surface`` from its start (or ``start``); a walk that
    leaves ``limit`` in either coordinate (or turns non-finite) stops as diverged."""
    point = np.array(start if start is not None else surface.start, dtype=np.float64)
    history = PathHistory()
    for _ in range(steps + 1):
        value = surface.value(point)
        history.points.append((float(point[0]), float(point[1])))
        history.loss.append(value)
        if not math.isfinite(value) or np.abs(point).max() > limit:
            history.diverged = True
            break
        if len(history.loss) > steps:
            break
        history.lr.append(float(optimizer.param_group["lr"]))
        optimizer.step([point], [surface.gradient(point)])
        if schedule is not None:
            schedule.step()
    return history
