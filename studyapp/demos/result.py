"""What a demo returns: each run's series and metrics, the charts to draw, and what it shows.

A result is plain data (floats, tuples, text) so the CLI, the TUI and tests read it the same
way. A demo answers a card's question by comparison: ``runs`` are the things compared,
``claim`` is the idea, ``claim_holds`` says whether this run (with these parameters) shows it,
and ``finding`` says in words what the numbers were.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from studyapp.demos.registry import ParamValue

Metric = float | int | str | None
#: A diverged run is drawn up to this many times the other runs' largest value on a log-scale
#: chart (twice on a linear one), so its blow-up does not flatten the runs that stayed finite.
LOG_HEADROOM = 100.0
LINEAR_HEADROOM = 2.0
DIVERGED_MARK = " (diverged)"


@dataclass(frozen=True)
class Run:
    """One thing the demo tried: its named series (per step or epoch) and summary metrics."""

    label: str
    series: Mapping[str, tuple[float, ...]]
    metrics: Mapping[str, Metric]
    path: tuple[tuple[float, float], ...] = ()  # points visited on a 2-D surface
    diverged: bool = False

    def value(self, key: str) -> float:
        """A numeric metric as a float (TypeError if it is missing or not a number)."""
        metric = self.metrics.get(key)
        if isinstance(metric, bool) or not isinstance(metric, int | float):
            raise TypeError(f"metric {key!r} of {self.label!r} is {metric!r}, not a number")
        return float(metric)

    def count(self, key: str) -> int | None:
        """A count metric such as steps to a target (None: never reached)."""
        metric = self.metrics.get(key)
        if metric is None or (isinstance(metric, int) and not isinstance(metric, bool)):
            return metric
        raise TypeError(f"metric {key!r} of {self.label!r} is {metric!r}, not a count")


@dataclass(frozen=True)
class Chart:
    """A line chart of one series key across runs (``x_key``: another series as the x axis)."""

    title: str
    key: str
    x_label: str
    y_label: str
    log_y: bool = False
    x_key: str | None = None
    log_x: bool = False
    runs: tuple[str, ...] = ()  # run labels to draw; empty means every run with the key
    level: float | None = None  # a horizontal line to draw, such as a clipping threshold
    level_label: str = ""


@dataclass(frozen=True)
class DemoResult:
    """Everything a run of a demo produced."""

    name: str
    title: str
    params: Mapping[str, ParamValue]
    runs: tuple[Run, ...]
    charts: tuple[Chart, ...]
    claim: str
    claim_holds: bool
    finding: str
    look_for: str
    surface: str | None = None  # a name in SURFACES: draw the runs' paths over its contours
    answer: int | None = None  # index of the prediction option this result makes right
    notes: tuple[str, ...] = field(default_factory=tuple)

    def run(self, label: str) -> Run:
        """The run called ``label``."""
        for run in self.runs:
            if run.label == label:
                return run
        raise KeyError(label)

    def metric_names(self) -> list[str]:
        """Every metric any run reports, in first-seen order (the summary table's columns)."""
        names: dict[str, None] = {}
        for run in self.runs:
            names.update(dict.fromkeys(run.metrics))
        return list(names)

    def chart_lines(self, chart: Chart) -> list[tuple[str, list[float], list[float]]]:
        """(label, xs, ys) for each run drawn on ``chart``, non-finite points dropped.

        A diverged run is cut where it first passes a ceiling above the finite runs' largest
        value (see LOG_HEADROOM), that point drawn at the ceiling, and its label marked."""
        lines = []
        for run in self.runs:
            if chart.runs and run.label not in chart.runs:
                continue
            ys = run.series.get(chart.key)
            if not ys:
                continue
            xs: Sequence[float] = run.series.get(chart.x_key, ()) if chart.x_key else range(len(ys))
            points = [
                (float(x), float(y))
                for x, y in zip(xs, ys, strict=False)
                if math.isfinite(x) and math.isfinite(y)
            ]
            lines.append((run, [x for x, _ in points], [y for _, y in points]))
        ceiling = _ceiling([ys for run, _, ys in lines if not run.diverged], log=chart.log_y)
        drawn = []
        for run, line_xs, line_ys in lines:
            if not run.diverged:
                drawn.append((run.label, line_xs, line_ys))
                continue
            if ceiling is not None:
                above = next((i for i, y in enumerate(line_ys) if y > ceiling), len(line_ys))
                line_xs = line_xs[: above + 1]
                line_ys = [min(y, ceiling) for y in line_ys[: above + 1]]
            drawn.append((run.label + DIVERGED_MARK, line_xs, line_ys))
        return drawn


def _ceiling(finite_lines: Sequence[Sequence[float]], *, log: bool) -> float | None:
    """How high a diverged run is drawn: a headroom above the largest value of the runs that
    stayed finite (None when there are none, or their largest value is not above zero)."""
    top = max((max(ys) for ys in finite_lines if ys), default=0.0)
    if top <= 0:
        return None
    return top * (LOG_HEADROOM if log else LINEAR_HEADROOM)


def format_metric(value: Metric) -> str:
    """A metric as a table cell: 4 significant digits, ``—`` for none, ``∞``/``nan`` spelled."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "∞" if value > 0 else "−∞"
        return f"{value:.4g}"
    return value
