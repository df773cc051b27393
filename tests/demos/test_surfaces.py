"""The 2-D surfaces: gradients against finite differences, minima where they are said to be."""

from __future__ import annotations

import numpy as np
import pytest

from studyapp.demos.surfaces import SURFACES, Surface


@pytest.mark.parametrize("surface", SURFACES.values(), ids=SURFACES.keys())
def test_gradient_matches_finite_differences(surface: Surface) -> None:
    rng = np.random.default_rng(0)
    (x_low, x_high), (y_low, y_high) = surface.bounds
    for _ in range(20):
        point = np.array([rng.uniform(x_low, x_high), rng.uniform(y_low, y_high)])
        numeric = np.zeros(2)
        for axis in range(2):
            step = np.zeros(2)
            step[axis] = 1e-6
            numeric[axis] = (surface.value(point + step) - surface.value(point - step)) / 2e-6
        np.testing.assert_allclose(surface.gradient(point), numeric, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("surface", SURFACES.values(), ids=SURFACES.keys())
def test_the_minimum_is_a_stationary_point_below_the_start(surface: Surface) -> None:
    minimum, start = np.array(surface.minimum), np.array(surface.start)
    np.testing.assert_allclose(surface.gradient(minimum), 0.0, atol=1e-12)
    assert surface.value(minimum) < surface.value(start)


def test_the_saddle_is_a_saddle() -> None:
    saddle = SURFACES["saddle"]
    origin = np.zeros(2)
    np.testing.assert_allclose(saddle.gradient(origin), 0.0)
    assert saddle.value(np.array([0.1, 0.0])) > 0 > saddle.value(np.array([0.0, 0.1]))


def test_grid_covers_the_plot_box() -> None:
    xs, ys, values = SURFACES["rosenbrock"].grid(21)
    assert (xs[0], xs[-1], ys[0], ys[-1]) == (-2.0, 2.0, -1.0, 3.0)
    assert values.shape == (21, 21)  # rows follow y, columns x
    row, column = int(np.argmin(abs(ys - 1.0))), int(np.argmin(abs(xs - 1.0)))
    assert values[row, column] == pytest.approx(0.0, abs=1e-20)
