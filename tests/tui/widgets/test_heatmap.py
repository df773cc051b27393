"""The calendar heatmap as text: weekday rows, month names, the weeks that fit, the legend."""

from __future__ import annotations

from datetime import date, timedelta

from studyapp.analytics.calendar import calendar
from studyapp.analytics.days import DayCount
from studyapp.tui.widgets.heatmap import (
    LIGHT_SHADE_COLORS,
    SHADE_COLORS,
    SQUARE,
    heatmap_text,
    legend,
    weeks_that_fit,
)

TODAY = date(2026, 3, 10)  # a Tuesday
COUNTS = {TODAY: 9, date(2026, 3, 2): 5, date(2025, 7, 1): 2, date(2025, 3, 11): 1}


def year() -> list[DayCount]:
    """365 days ending today; reviews on four of them."""
    first = TODAY - timedelta(days=364)
    days = [first + timedelta(days=n) for n in range(365)]
    return [DayCount(day, COUNTS.get(day, 0)) for day in days]


def test_how_many_weeks_fit() -> None:
    assert weeks_that_fit(110, 53) == 53  # 4 for the labels, 2 a week
    assert weeks_that_fit(200, 53) == 53
    assert weeks_that_fit(80, 53) == 38
    assert weeks_that_fit(5, 53) == 0


def test_a_whole_year() -> None:
    # the first day, Tue 2025-03-11, is in the week of Mon 2025-03-10: 53 week columns
    lines = heatmap_text(calendar(year()), 110).plain.splitlines()
    assert len(lines) == 9  # months, seven weekdays, legend
    months, monday, tuesday, wednesday = lines[:4]
    # March is named over the first week: April begins three weeks later
    assert months.startswith("    Mar   Apr")
    assert monday.startswith("Mon   " + SQUARE)  # Mon 2025-03-10 is before the first day
    assert tuesday.startswith("    " + SQUARE)
    assert len(tuesday.rstrip()) == 4 + 2 * 52 + 1  # up to today, the last column
    assert len(wednesday.rstrip()) == 4 + 2 * 51 + 1  # the last week ends on Tuesday
    assert lines[5].startswith("Fri ")


def test_the_most_recent_weeks_when_narrow() -> None:
    # 38 of 53 weeks: from the week of Mon 2025-06-23; July begins in the next column
    lines = heatmap_text(calendar(year()), 80).plain.splitlines()
    months = lines[0]
    assert months.index("Jul") == 4 + 2
    assert months.index("Aug") == 4 + 2 * 5  # Fri 2025-08-01
    assert months.endswith("Mar")  # Sun 2026-03-01, in the 36th column shown
    assert max(len(line) for line in lines[1:8]) <= 80
    assert lines[9] == "    The last 38 weeks; a wider window shows the whole year."
    assert len(heatmap_text(calendar(year()), 110).plain.splitlines()) == 9  # whole: no note


def test_each_day_is_coloured_by_its_shade() -> None:
    text = heatmap_text(calendar(year()), 110)
    shades = [str(span.style) for span in text.spans if text.plain[span.start] == SQUARE]
    # the days with 1, 2, 5 and 9 reviews are the four quartiles, shades 1 to 4; the other
    # 361 days shade 0; and the legend shows each shade once
    assert [shades.count(color) for color in SHADE_COLORS] == [361 + 1, 2, 2, 2, 2]


def test_on_a_light_background_darker_is_busier_and_the_legend_is_not_dimmed() -> None:
    text = heatmap_text(calendar(year()), 110, dark=False)
    shades = [str(span.style) for span in text.spans if text.plain[span.start] == SQUARE]
    assert [shades.count(color) for color in LIGHT_SHADE_COLORS] == [361 + 1, 2, 2, 2, 2]
    squares = [
        span for span in legend((1, 2, 3, 4), dark=False).spans if span.end - span.start == 1
    ]
    assert [str(span.style) for span in squares] == list(LIGHT_SHADE_COLORS)
    assert legend((1, 2, 3, 4)).style == ""  # no dim over the squares: their own colours


def test_the_legend_names_each_shades_counts() -> None:
    assert legend((1, 2, 5, 9)).plain.endswith("(reviews a day: 0, 1, 2–4, 5–8, 9+)")
    assert legend((1, 2, 3, 4)).plain.endswith("(reviews a day: 0, 1, 2, 3, 4+)")


def test_too_narrow() -> None:
    assert heatmap_text(calendar(year()), 5).plain == "(too narrow for the calendar)"
