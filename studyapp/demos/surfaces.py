"""Two-dimensional loss surfaces whose optimizer paths can be drawn over their contours.

Each surface gives its value and exact gradient at a point, a usual starting point, where its
minimum is, and the box worth plotting. They are the classic pictures of optimization: a long
narrow ravine (ill-conditioning), Rosenbrock's banana valley, a saddle point, and a tilted
double well whose shallow local minimum lies on the way to the deeper one.
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


def well_stationary_x(tilt: float) -> tuple[float, float, float]:
    """Where the tilted double well's slope along x, 4x³ − 4x + t, is zero, left to right:
    the deep minimum, the barrier's top, the shallow minimum (roots polished by Newton)."""
    if not 0.0 < tilt < 8.0 / 27.0**0.5:
        raise ValueError(f"tilt must be between 0 and 8/√27 for two wells, not {tilt!r}")
    polished = []
    for root in np.sort(np.roots([4.0, 0.0, -4.0, tilt]).real):
        x = float(root)
        for _ in range(5):
            x -= (4.0 * x**3 - 4.0 * x + tilt) / (12.0 * x * x - 4.0)
        polished.append(x)
    deep, barrier, shallow = polished
    return deep, barrier, shallow


@dataclass(frozen=True)
class TiltedDoubleWell(Surface):
    """f(x, y) = (x² − 1)² + t·x + (κ/2)·y²: two wells along x, the one at x < 0 made deeper by
    the tilt t, a barrier between them, and a bowl along y."""

    tilt: float = 0.5
    curvature: float = 4.0

    def value(self, point: Vector) -> float:
        """f at ``point``."""
        x, y = float(point[0]), float(point[1])
        return (x * x - 1.0) ** 2 + self.tilt * x + 0.5 * self.curvature * y * y

    def gradient(self, point: Vector) -> Vector:
        """∇f at ``point``."""
        x, y = float(point[0]), float(point[1])
        return np.array([4.0 * x**3 - 4.0 * x + self.tilt, self.curvature * y])

    @property
    def local_minimum(self) -> tuple[float, float]:
        """The shallow well's bottom: a real minimum, higher than :attr:`minimum`."""
        return (well_stationary_x(self.tilt)[2], 0.0)

    @property
    def barrier(self) -> tuple[float, float]:
        """The saddle point between the two wells."""
        return (well_stationary_x(self.tilt)[1], 0.0)


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
    "double-well": TiltedDoubleWell(
        "double-well",
        "Tilted double well (x² − 1)² + x/2 + 2y²",
        start=(2.0, 0.0),
        minimum=(well_stationary_x(0.5)[0], 0.0),
        bounds=((-2.0, 2.5), (-1.2, 1.2)),
        tilt=0.5,
        curvature=4.0,
    ),
}
