"""The calendar heatmap in the terminal: a column of seven coloured squares per week.

It draws :class:`studyapp.analytics.calendar.Calendar` (Monday-first weeks, shades 0–4) as
text: month names above the week in which a month begins, Mon / Wed / Fri on the left, one
square per day in five greens (the first for a day without reviews), and a legend. A week takes
two columns, so a year needs about 110; in a narrower space the most recent weeks that fit are
drawn, and a line under the legend says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from rich.text import Text

if TYPE_CHECKING:
    from studyapp.analytics.calendar import Calendar

#: Colours of shades 0 (no review) to 4 (a busy day), as on GitHub's contribution calendar: on
#: a dark background (brighter is busier) and on a light one (darker is busier).
SHADE_COLORS: Final = ("#3b424c", "#0e4429", "#006d32", "#26a641", "#39d353")
LIGHT_SHADE_COLORS: Final = ("#c4c9cf", "#9be9a8", "#40c463", "#30a14e", "#216e39")


def shade_colors(dark: bool) -> tuple[str, ...]:
    """The shades for a dark background, or a light one."""
    return SHADE_COLORS if dark else LIGHT_SHADE_COLORS


SQUARE: Final = "■"
#: Columns of the weekday labels ("Mon ") and of one week ("■ ").
LABEL_WIDTH: Final = 4
WEEK_WIDTH: Final = 2
_LABELLED_WEEKDAYS: Final = {0: "Mon", 2: "Wed", 4: "Fri"}


def weeks_that_fit(width: int, weeks: int) -> int:
    """How many of ``weeks`` (the most recent) a heatmap ``width`` columns wide can show."""
    return max(0, min(weeks, (width - LABEL_WIDTH) // WEEK_WIDTH))


def heatmap_text(calendar: Calendar, width: int, *, dark: bool = True) -> Text:
    """The calendar as coloured text at most ``width`` columns wide, with a legend below, in
    the shades for a ``dark`` background or a light one."""
    colors = shade_colors(dark)
    shown = weeks_that_fit(width, len(calendar.weeks))
    if shown == 0:
        return Text("(too narrow for the calendar)", style="dim", end="")
    first = len(calendar.weeks) - shown
    weeks = calendar.weeks[first:]
    text = Text(no_wrap=True, end="")
    text.append(_month_line(calendar, first, width), style="dim")
    for weekday in range(7):
        text.append("\n")
        text.append(f"{_LABELLED_WEEKDAYS.get(weekday, ''):<{LABEL_WIDTH}}", style="dim")
        for week in weeks:
            day = week[weekday]
            if day is None:
                text.append(" " * WEEK_WIDTH)
            else:
                text.append(SQUARE, style=colors[day.shade])
                text.append(" " * (WEEK_WIDTH - 1))
    text.append("\n")
    text.append_text(legend(calendar.thresholds, dark=dark))
    if shown < len(calendar.weeks):
        text.append(
            f"\n{' ' * LABEL_WIDTH}The last {shown} weeks; a wider window shows the whole year.",
            style="dim",
        )
    return text


def legend(thresholds: tuple[int, ...], *, dark: bool = True) -> Text:
    """What the shades mean: ``Less ■ ■ ■ ■ ■ More  (reviews a day: 1, 2–3, 4–6, 7+)``; its
    squares in the calendar's very colours (not dimmed with the words)."""
    text = Text(end="")
    text.append(" " * LABEL_WIDTH + "Less ", style="dim")
    for color in shade_colors(dark):
        text.append(SQUARE, style=color)
        text.append(" ")
    ranges = []
    for index, low in enumerate(thresholds):
        high = thresholds[index + 1] - 1 if index + 1 < len(thresholds) else None
        ranges.append(f"{low}+" if high is None else str(low) if high == low else f"{low}–{high}")
    text.append(f"More   (reviews a day: 0, {', '.join(ranges)})", style="dim")
    return text


def _month_line(calendar: Calendar, first: int, width: int) -> str:
    """Month names over the weeks from ``first`` on, each above the week in which it begins.

    The first column is named after its month too when there is room before the next name.
    """
    line = [" "] * width
    starts = [(column - first, name) for column, name in calendar.month_starts() if column >= first]
    opening = next((day for day in calendar.weeks[first] if day is not None), None)
    if opening is not None and (not starts or starts[0][0] >= 3):
        starts.insert(0, (0, opening.day.strftime("%b")))
    end = 0  # where the last name placed ends: names keep a space between them
    for column, name in starts:
        at = LABEL_WIDTH + column * WEEK_WIDTH
        if at <= end or at + len(name) > width:
            continue
        line[at : at + len(name)] = name
        end = at + len(name)
    return "".join(line).rstrip()
