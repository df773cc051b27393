"""Terminal pictures of a demo's result: line charts of its series, and optimizer paths drawn
over a surface's contour lines. Drawn with plotext; the CLI prints them and the TUI shows them.

Log scales are applied here (plotting log10 of the values, with ticks labelled as powers of
ten) rather than by plotext, so the labels stay short and a chart can be drawn repeatedly.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import plotext

from studyapp.demos.result import Chart, DemoResult
from studyapp.demos.surfaces import SURFACES, Surface

RUN_COLORS = ("cyan+", "orange+", "green+", "magenta+", "yellow+", "blue+")
CONTOUR_COLOR = "gray"
LEVEL_COLOR = "red"  # a chart's horizontal line, such as a clipping threshold
ANSI_CODE = re.compile(r"\x1b\[[0-9;]*m")
_plotext_lock = threading.Lock()  # plotext draws on one global figure


@contextmanager
def plotext_figure(width: int, height: int) -> Iterator[None]:
    """Hold plotext's one global figure, cleared and sized ``width`` × ``height`` (at least
    20 × 6), while a chart is drawn on it (threads take turns)."""
    with _plotext_lock:
        plotext.clear_figure()
        plotext.theme("clear")
        plotext.plot_size(max(width, 20), max(height, 6))
        yield


def strip_colors(text: str) -> str:
    """``text`` without ANSI colour codes."""
    return ANSI_CODE.sub("", text)


def _power_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Tick positions (log10 values) and labels (1e-3, 0.01, 1, 100…) for a log axis."""
    first, last = math.floor(low), math.ceil(high)
    step = max(1, math.ceil((last - first) / 6))
    powers = list(range(first, last + 1, step))
    return [float(p) for p in powers], [_power_label(p) for p in powers]


def _power_label(power: int) -> str:
    if -2 <= power <= 3:
        return f"{10.0**power:g}"
    return f"1e{power}"


def _log_values(values: Sequence[float]) -> list[float]:
    """log10 of each value; values at or below zero are clamped to a tiny positive number."""
    return [math.log10(max(value, 1e-300)) for value in values]


def line_chart(result: DemoResult, chart: Chart, width: int, height: int) -> str:
    """One of the result's charts, ``width`` × ``height`` characters, with ANSI colours."""
    lines = result.chart_lines(chart)
    with plotext_figure(width, height):
        plotext.title(chart.title)
        plotext.xlabel(chart.x_label)
        all_x: list[float] = []
        all_y: list[float] = []
        for index, (label, xs, ys) in enumerate(lines):
            if chart.log_x:
                xs = _log_values(xs)
            if chart.log_y:
                ys = _log_values(ys)
            if not xs:
                continue
            all_x.extend(xs)
            all_y.extend(ys)
            color = RUN_COLORS[index % len(RUN_COLORS)]
            plotext.plot(xs, ys, label=label, marker="braille", color=color)
        if chart.level is not None and all_x:
            level = _log_values([chart.level])[0] if chart.log_y else chart.level
            all_y.append(level)
            plotext.plot(
                [min(all_x), max(all_x)],
                [level, level],
                label=chart.level_label or None,
                marker="braille",
                color=LEVEL_COLOR,
            )
        if all_y and chart.log_y:
            ticks, labels = _power_ticks(min(all_y), max(all_y))
            plotext.yticks(ticks, labels)
        if all_x and chart.log_x:
            ticks, labels = _power_ticks(min(all_x), max(all_x))
            plotext.xticks(ticks, labels)
        if not all_y:
            return f"{chart.title}: nothing to draw (every run diverged at once)"
        return str(plotext.build())


def contour_points(
    surface: Surface, columns: int, rows: int, levels: int = 14
) -> tuple[list[float], list[float]]:
    """Points on the surface's contour lines, sampled on a ``columns`` × ``rows`` grid of the
    plot box, with levels spaced evenly in log(f − min f) so the valley floor shows too."""
    (x_low, x_high), (y_low, y_high) = surface.bounds
    xs = np.linspace(x_low, x_high, columns)
    ys = np.linspace(y_low, y_high, rows)
    grid = np.array([[surface.value(np.array([x, y])) for x in xs] for y in ys])
    lifted = np.log10(grid - grid.min() + 1e-3)
    bands = np.floor((lifted - lifted.min()) / (np.ptp(lifted) or 1.0) * levels)
    edge = np.zeros_like(bands, dtype=bool)
    edge[:, :-1] |= bands[:, :-1] != bands[:, 1:]
    edge[:-1, :] |= bands[:-1, :] != bands[1:, :]
    rows_at, columns_at = np.nonzero(edge)
    return [float(x) for x in xs[columns_at]], [float(y) for y in ys[rows_at]]


def path_chart(result: DemoResult, width: int, height: int) -> str:
    """The runs' paths over the contours of the result's surface (a start ○ and minimum ×)."""
    if result.surface is None:
        raise ValueError(f"demo {result.name!r} has no surface to draw paths on")
    surface = SURFACES[result.surface]
    (x_low, x_high), (y_low, y_high) = surface.bounds
    width, height = max(width, 20), max(height, 6)
    contour_x, contour_y = contour_points(surface, max(width - 10, 10), max(height - 4, 4) * 2)
    with plotext_figure(width, height):
        plotext.title(f"Paths on the {surface.title}")
        plotext.scatter(contour_x, contour_y, marker="·", color=CONTOUR_COLOR)
        for index, run in enumerate(result.runs):
            inside = [(x, y) for x, y in run.path if x_low <= x <= x_high and y_low <= y <= y_high]
            if not inside:
                continue
            color = RUN_COLORS[index % len(RUN_COLORS)]
            plotext.plot(
                [x for x, _ in inside],
                [y for _, y in inside],
                label=run.label,
                marker="braille",
                color=color,
            )
        plotext.scatter([surface.minimum[0]], [surface.minimum[1]], marker="x", color="red+")
        plotext.xlim(x_low, x_high)
        plotext.ylim(y_low, y_high)
        return str(plotext.build())


def result_charts(result: DemoResult, width: int, height: int) -> list[str]:
    """Every picture of a result: its path plot (for surfaces) then its line charts."""
    pictures = [path_chart(result, width, height)] if result.surface else []
    pictures.extend(line_chart(result, chart, width, height) for chart in result.charts)
    return pictures
