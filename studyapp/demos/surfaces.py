"""Two-dimensional loss surfaces whose optimizer paths can be drawn over their contours.

Each surface gives its value and exact gradient at a point, a usual starting point, where its
minimum is, and the box worth plotting. They are the classic pictures of optimization: a long
narrow ravine (ill-conditioning), Rosenbrock's banana valley, and a saddle point.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Vector = NDArray[np.float64]


@dataclass(frozen=True)
class Surface(ABC):
    """A smooth function of two variables, with what a plot of it needs."""

    name: str
    title: str
    start: tuple[float, float]
    minimum: tuple[float, float]
    bounds: tuple[tuple[float, float], tuple[float, float]]  # (x low, x high), (y low, y high)

    @abstractmethod
    def value(self, point: Vector) -> float:
        """f at ``point``."""

    @abstractmethod
    def gradient(self, point: Vector) -> Vector:
        """∇f at ``point``."""

    def grid(self, size: int = 60) -> tuple[Vector, Vector, Vector]:
        """x and y coordinates and f over a ``size`` × ``size`` grid of the plot box."""
        (x_low, x_high), (y_low, y_high) = self.bounds
        xs, ys = np.linspace(x_low, x_high, size), np.linspace(y_low, y_high, size)
        values = np.array([[self.value(np.array([x, y])) for x in xs] for y in ys])
        return xs, ys, values


@dataclass(frozen=True)
class Ravine(Surface):
    """f(x, y) = (x² + κ·y²) / 2: curvature κ times steeper across the valley than along it."""

    condition: float = 25.0

    def value(self, point: Vector) -> float:
        """f at ``point``."""
        x, y = float(point[0]), float(point[1])
        return 0.5 * (x * x + self.condition * y * y)

    def gradient(self, point: Vector) -> Vector:
        """∇f at ``point``."""
        return np.array([point[0], self.condition * point[1]], dtype=np.float64)


@dataclass(frozen=True)
class Rosenbrock(Surface):
    """f(x, y) = (a − x)² + b·(y − x²)²: a curved valley with its minimum at (a, a²)."""

    a: float = 1.0
    b: float = 100.0

    def value(self, point: Vector) -> float:
        """f at ``point``."""
        x, y = float(point[0]), float(point[1])
        return (self.a - x) ** 2 + self.b * (y - x * x) ** 2

    def gradient(self, point: Vector) -> Vector:
        """∇f at ``point``."""
        x, y = float(point[0]), float(point[1])
        across = y - x * x
        return np.array([-2 * (self.a - x) - 4 * self.b * x * across, 2 * self.b * across])


@dataclass(frozen=True)
class Saddle(Surface):
    """f(x, y) = x²/2 − y²/2 + y⁴/4: a saddle at the origin, minima at (0, ±1)."""

    def value(self, point: Vector) -> float:
        """f at ``point``."""
        x, y = float(point[0]), float(point[1])
        return 0.5 * x * x - 0.5 * y * y + 0.25 * y**4

    def gradient(self, point: Vector) -> Vector:
        """∇f at ``point``."""
        x, y = float(point[0]), float(point[1])
        return np.array([x, -y + y**3])


SURFACES: dict[str, Surface] = {
    "ravine": Ravine(
        "ravine",
        "Ill-conditioned ravine (x² + 25y²)/2",
        start=(-9.0, 1.8),
        minimum=(0.0, 0.0),
        bounds=((-10.0, 10.0), (-2.5, 2.5)),
    ),
    "rosenbrock": Rosenbrock(
        "rosenbrock",
        "Rosenbrock (1 − x)² + 100(y − x²)²",
        start=(-1.5, 2.0),
        minimum=(1.0, 1.0),
        bounds=((-2.0, 2.0), (-1.0, 3.0)),
    ),
    "saddle": Saddle(
        "saddle",
        "Saddle x²/2 − y²/2 + y⁴/4",
        start=(2.0, 1e-3),
        minimum=(0.0, 1.0),
        bounds=((-2.5, 2.5), (-1.6, 1.6)),
    ),
}
