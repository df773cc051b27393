"""The 2-D surfaces: gradients against finite differences, minima where they are said to be,
and the double well's local minimum a real one."""

from __future__ import annotations

import numpy as np
import pytest

from studyapp.demos.surfaces import SURFACES, Surface, TiltedDoubleWell, well_stationary_x


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


def _hessian(surface: Surface, point: np.ndarray, step: float = 1e-5) -> np.ndarray:
    """Central differences of the exact gradient."""
    columns = []
    for axis in range(2):
        offset = np.zeros(2)
        offset[axis] = step
        columns.append(
            (surface.gradient(point + offset) - surface.gradient(point - offset)) / (2 * step)
        )
    return np.array(columns).T


def test_the_double_wells_shallow_minimum_is_a_real_local_minimum() -> None:
    well = SURFACES["double-well"]
    assert isinstance(well, TiltedDoubleWell)
    local, deep, barrier = (np.array(p) for p in (well.local_minimum, well.minimum, well.barrier))
    np.testing.assert_allclose(well.gradient(local), 0.0, atol=1e-12)
    curvatures = np.linalg.eigvalsh(_hessian(well, local))
    assert curvatures.min() > 1.0  # positive both ways: 12x² − 4 ≈ 6.4 along x, 4 along y
    np.testing.assert_allclose(sorted(curvatures), [4.0, 12 * local[0] ** 2 - 4], rtol=1e-6)
    assert well.value(deep) < well.value(local)  # and not the global one
    # between the wells a saddle: zero gradient, curving down along x and up along y
    np.testing.assert_allclose(well.gradient(barrier), 0.0, atol=1e-12)
    down, up = np.linalg.eigvalsh(_hessian(well, barrier))
    assert down < 0 < up
    assert deep[0] < barrier[0] < local[0] < well.start[0]  # the start sees the shallow well first
    assert well.value(barrier) > well.value(local) > well.value(deep)


def test_a_tilt_that_leaves_only_one_well_is_refused() -> None:
    with pytest.raises(ValueError, match="two wells"):
        well_stationary_x(1.6)  # beyond 8/√27 ≈ 1.54
    with pytest.raises(ValueError, match="two wells"):
        well_stationary_x(0.0)
