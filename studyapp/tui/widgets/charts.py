"""Charts drawn as coloured text for the width they get: bars, meters, the due forecast's
columns and plotext lines (the demos' plotext charts are :mod:`studyapp.rendering.charts`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Final

from rich.text import Text

from studyapp.tui.widgets.heatmap import shade_colors

if TYPE_CHECKING:
    from studyapp.analytics.days import DayCount

#: Rows of the line charts and of the due forecast.
LINE_CHART_HEIGHT: Final = 12
FORECAST_HEIGHT: Final = 6
BLOCKS: Final = " ▏▎▍▌▋▊▉█"  # eighths of a cell, left to right
COLUMNS: Final = " ▁▂▃▄▅▆▇█"  # eighths of a cell, bottom to top
LINE_COLORS: Final = ("green+", "orange+")
#: The grey of a meter's empty part, on a dark background and on a light one.
TRACK: Final = shade_colors(dark=True)[0]
LIGHT_TRACK: Final = shade_colors(dark=False)[0]


def bar(share: float, width: int) -> str:
    """A horizontal bar ``share`` (0–1) of ``width`` cells long, to an eighth of a cell."""
    full, part = divmod(round(max(0.0, min(1.0, share)) * width * 8), 8)
    return ("█" * full + (BLOCKS[part] if part else "")).ljust(width)


def meter(share: float, width: int, color: str = "green", *, dark: bool = True) -> Text:
    """A bar of ``share`` (0–1) over a grey track ``width`` cells long (its grey for a
    ``dark`` background, or a light one)."""
    track = TRACK if dark else LIGHT_TRACK
    full, part = divmod(round(max(0.0, min(1.0, share)) * width * 8), 8)
    text = Text(end="")
    text.append("█" * full, style=color)
    if part:
        text.append(BLOCKS[part], style=f"{color} on {track}")
    text.append(" " * (width - full - bool(part)), style=f"on {track}")
    return text


def forecast_chart(days: Sequence[DayCount], width: int, height: int = FORECAST_HEIGHT) -> Text:
    """Reviews due per day as vertical bars, today first, with totals and dates below."""
    counts = [day.count for day in days]
    total = sum(counts)
    if not total:
        return Text("Nothing due in the next 30 days.", style="dim", end="")
    top = max(counts)
    axis = len(str(top)) + 1
    step = 3 if width - axis >= 3 * len(days) else 2 if width - axis >= 2 * len(days) else 1
    shown = min(len(days), (width - axis) // step)
    thickness = max(1, step - 1)
    text = Text(no_wrap=True, end="")
    week = sum(counts[:7])
    text.append(
        f"today {counts[0]} · tomorrow {counts[1] if len(counts) > 1 else 0} · "
        f"next 7 days {week} · next 30 days {total}\n",
        style="dim",
    )
    for row in range(height - 1, -1, -1):
        text.append(f"{top if row == height - 1 else '':>{axis - 1}} ", style="dim")
        for count in counts[:shown]:
            eighths = round(count / top * height * 8)
            fill = max(0, min(8, eighths - row * 8))
            text.append(COLUMNS[fill] * thickness, style="cyan")
            text.append(" " * (step - thickness))
        text.append("\n")
    text.append(" " * axis + "▔" * (shown * step), style="dim")
    if step >= 3 and top < 100:
        text.append("\n" + " " * axis)
        text.append(
            "".join(f"{count or '':>{thickness}} " for count in counts[:shown]), style="dim"
        )
    text.append("\n" + _date_axis([day.day for day in days[:shown]], axis, step), style="dim")
    return text


def _date_axis(days: Sequence[date], indent: int, step: int) -> str:
    """Dates under bars ``step`` columns apart: the first day, then every Monday that fits."""
    line = [" "] * (indent + len(days) * step + 6)
    end = 0
    for index, day in enumerate(days):
        if index and day.weekday() != 0:
            continue
        label = day.strftime("%b %-d") if index == 0 or day.day <= 7 else str(day.day)
        at = indent + index * step
        if at <= end or at + len(label) > len(line):
            continue
        line[at : at + len(label)] = label
        end = at + len(label)
    return "".join(line).rstrip()


def line_chart(
    lines: Sequence[tuple[str, Sequence[float]]],
    x_labels: Sequence[str],
    width: int,
    height: int = LINE_CHART_HEIGHT,
    *,
    percent_axis: bool = False,
) -> Text:
    """Lines over the points ``x_labels`` name (plotext, braille), ``width`` × ``height``."""
    import plotext

    from studyapp.rendering.charts import plotext_figure

    xs = list(range(len(x_labels)))
    ticks = _tick_indices(len(x_labels), max(2, width // 12))
    with plotext_figure(width, height):
        for index, (label, ys) in enumerate(lines):
            plotext.plot(
                xs,
                list(ys),
                label=label if len(lines) > 1 else None,
                marker="braille",
                color=LINE_COLORS[index % len(LINE_COLORS)],
            )
        plotext.xticks(ticks, [x_labels[i] for i in ticks])
        if percent_axis:
            plotext.ylim(0, 100)
            plotext.yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        drawn = str(plotext.build()).rstrip("\n")
    return Text.from_ansi(drawn, no_wrap=True, end="")


def _tick_indices(points: int, most: int) -> list[int]:
    """Up to ``most`` indices spread over ``points`` points, the first and last among them."""
    if points <= most:
        return list(range(points))
    return sorted({round(i * (points - 1) / (most - 1)) for i in range(most)})
