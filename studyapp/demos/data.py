"""Small generated datasets for the demos, each with a train/validation split.

Everything is drawn from a NumPy generator seeded by the caller, so a demo gives the same
numbers every time it runs with the same seed:

- ``moons``: two interleaving half circles (binary classification), Gaussian noise added;
- ``spirals``: arms of a spiral, one per class, noise added to the angle and radius;
- ``curve``: y = sin(2x) + x/2 + noise on x in [−2, 2] (regression).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

Task = Literal["classification", "regression"]
Matrix = NDArray[np.float64]
DATASETS = ("moons", "spirals", "curve")


@dataclass(frozen=True)
class Dataset:
    """Inputs and targets, split into training and validation parts."""

    name: str
    task: Task
    x_train: Matrix
    y_train: NDArray[np.float64] | NDArray[np.int64]
    x_val: Matrix
    y_val: NDArray[np.float64] | NDArray[np.int64]
    classes: int  # 0 for regression

    @property
    def inputs(self) -> int:
        """Features per example."""
        return int(self.x_train.shape[1])

    @property
    def outputs(self) -> int:
        """Network outputs needed: one per class, or one value."""
        return self.classes or 1


def moons(count: int, noise: float, rng: np.random.Generator) -> tuple[Matrix, NDArray[np.int64]]:
    """Two interleaving half circles: ``count`` points, labels 0 and 1."""
    upper = count // 2
    angles = rng.uniform(0.0, np.pi, count)
    x = np.where(np.arange(count) < upper, np.cos(angles), 1.0 - np.cos(angles))
    y = np.where(np.arange(count) < upper, np.sin(angles), 0.5 - np.sin(angles))
    points = np.column_stack([x, y]) + rng.normal(0.0, noise, (count, 2))
    labels = (np.arange(count) >= upper).astype(np.int64)
    return points - np.array([0.5, 0.25]), labels


def spirals(
    count: int, noise: float, rng: np.random.Generator, classes: int = 3
) -> tuple[Matrix, NDArray[np.int64]]:
    """``classes`` spiral arms around the origin, ``count`` points in all."""
    labels = np.arange(count, dtype=np.int64) % classes
    radius = rng.uniform(0.05, 1.0, count)
    angle = labels * (2 * np.pi / classes) + radius * 4.0 + rng.normal(0.0, noise, count)
    radius = radius + rng.normal(0.0, noise * 0.1, count)
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), labels


def curve(count: int, noise: float, rng: np.random.Generator) -> tuple[Matrix, Matrix]:
    """y = sin(2x) + x/2 + noise for x uniform in [−2, 2]; targets are a column."""
    x = rng.uniform(-2.0, 2.0, count)
    y = np.sin(2 * x) + 0.5 * x + rng.normal(0.0, noise, count)
    return x[:, None], y[:, None]


def make_dataset(
    name: str, count: int = 400, noise: float = 0.2, seed: int = 0, val_fraction: float = 0.25
) -> Dataset:
    """One of :data:`DATASETS`, shuffled and split into training and validation parts."""
    if not 0.0 < val_fraction < 1.0:
        raise ValueError("val_fraction must be between 0 and 1")
    if count < 8:
        raise ValueError("a dataset needs at least 8 examples")
    rng = np.random.default_rng(seed)
    task: Task
    targets: NDArray[np.float64] | NDArray[np.int64]
    if name == "moons":
        points, targets = moons(count, noise, rng)
        task, classes = "classification", 2
    elif name == "spirals":
        points, targets = spirals(count, noise, rng)
        task, classes = "classification", 3
    elif name == "curve":
        points, targets = curve(count, noise, rng)
        task, classes = "regression", 0
    else:
        raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}")
    order = rng.permutation(count)
    cut = count - max(1, round(count * val_fraction))
    train, val = order[:cut], order[cut:]
    return Dataset(name, task, points[train], targets[train], points[val], targets[val], classes)
