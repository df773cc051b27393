"""Terminal charts of demo results: line charts with log axes, and paths over contours."""

from __future__ import annotations

import re

from studyapp.demos.result import Chart, DemoResult, Run
from studyapp.demos.surfaces import SURFACES
from studyapp.rendering.charts import (
    _power_ticks,
    contour_points,
    line_chart,
    path_chart,
    result_charts,
    strip_colors,
)


def make_result(surface: str | None = None) -> DemoResult:
    fast = Run("fast", {"loss": (10.0, 1.0, 0.01, 1e-4)}, {}, path=((-5.0, 1.0), (0.0, 0.0)))
    slow = Run("slow", {"loss": (10.0, 5.0, float("nan"))}, {}, path=((-5.0, 1.0), (50.0, 9.0)))
    chart = Chart("Loss per step", "loss", "step", "loss", log_y=True)
    return DemoResult(
        name="toy",
        title="Toy",
        params={},
        runs=(fast, slow),
        charts=(chart,),
        claim="c",
        claim_holds=True,
        finding="f",
        look_for="l",
        surface=surface,
    )


def test_log_axis_ticks_are_powers_of_ten() -> None:
    assert _power_ticks(-4.0, 1.0) == (
        [-4.0, -3.0, -2.0, -1.0, 0.0, 1.0],
        ["1e-4", "1e-3", "0.01", "0.1", "1", "10"],
    )
    ticks, labels = _power_ticks(-30.0, 2.0)
    assert len(ticks) <= 7
    assert labels[0] == "1e-30"


def test_line_chart_has_title_legend_and_log_labels() -> None:
    result = make_result()
    picture = strip_colors(line_chart(result, result.charts[0], 60, 16))
    lines = picture.splitlines()
    assert len(lines) == 16
    assert max(len(line) for line in lines) <= 60
    assert "Loss per step" in lines[0]
    assert "fast" in picture
    assert "slow" in picture
    assert "1e-4" in picture
    assert "10" in picture
    assert "\x1b[" in line_chart(result, result.charts[0], 60, 16)  # coloured by default


def test_a_charts_level_is_drawn_as_a_labelled_line_and_in_range() -> None:
    result = make_result()
    chart = Chart("Norm", "loss", "step", "norm", log_y=True, level=1e3, level_label="clip 1000")
    picture = strip_colors(line_chart(result, chart, 60, 16))
    assert "clip 1000" in picture
    # the level is in range: a flat run of braille across the plot (the toy's lines all slope)
    assert re.search(r"([\u2801-\u28ff])\1{29}", picture)


def test_chart_lines_drop_non_finite_points() -> None:
    result = make_result()
    (_, _, fast), (_, xs, slow) = result.chart_lines(result.charts[0])
    assert fast == [10.0, 1.0, 0.01, 1e-4]
    assert (xs, slow) == ([0.0, 1.0], [10.0, 5.0])


def test_contour_points_lie_in_the_plot_box() -> None:
    surface = SURFACES["ravine"]
    xs, ys = contour_points(surface, 40, 20)
    assert len(xs) == len(ys) > 40
    (x_low, x_high), (y_low, y_high) = surface.bounds
    assert all(x_low <= x <= x_high for x in xs)
    assert all(y_low <= y <= y_high for y in ys)


def test_path_chart_draws_each_run_inside_the_box() -> None:
    picture = strip_colors(path_chart(make_result("ravine"), 70, 20))
    assert "Paths on the Ill-conditioned ravine" in picture
    assert "fast" in picture
    assert "slow" in picture  # its point inside the box is drawn; the one outside is dropped
    assert "x" in picture  # the minimum


def test_result_charts_put_the_path_first_for_surfaces() -> None:
    assert len(result_charts(make_result(), 60, 14)) == 1
    pictures = result_charts(make_result("ravine"), 60, 14)
    assert len(pictures) == 2
    assert "Paths on" in pictures[0]
