"""The text charts: bars and meters to an eighth of a cell, and the due forecast's columns."""

from __future__ import annotations

from datetime import date, timedelta

from studyapp.analytics.days import DayCount
from studyapp.tui.widgets.charts import LIGHT_TRACK, TRACK, bar, forecast_chart, meter


def test_bars_to_an_eighth_of_a_cell() -> None:
    assert bar(0.5, 10) == "█████     "
    assert bar(0.55, 10) == "█████▌    "  # 44 eighths: 5 cells and a half
    assert bar(1.5, 4) == "████"
    track = meter(0.3, 10)  # 24 eighths: 3 cells, then a grey track
    assert track.plain == "███       "
    assert [str(span.style) for span in track.spans] == ["green", f"on {TRACK}"]
    light = meter(0.3, 10, dark=False)  # a lighter grey on a light theme
    assert [str(span.style) for span in light.spans] == ["green", f"on {LIGHT_TRACK}"]


def test_the_due_forecast_chart() -> None:
    days = [DayCount(date(2026, 3, 10) + timedelta(days=n), 0) for n in range(30)]
    days[0] = DayCount(days[0].day, 2)
    days[7] = DayCount(days[7].day, 4)
    lines = forecast_chart(days, 100).plain.splitlines()
    assert lines[0] == "today 2 · tomorrow 0 · next 7 days 2 · next 30 days 6"
    # the axis takes 2 columns ("4 "), 98 leave 3 a day: bars 2 wide; 6 rows of 8 eighths
    bars = lines[1:7]
    assert bars[0].startswith("4 ")
    assert [row[2:4] for row in bars] == ["  ", "  ", "  ", "██", "██", "██"]  # 2 of 4
    assert [row[23:25] for row in bars] == ["██"] * 6  # 03-17, the 8th day: 4 of 4
    assert lines[8].split() == ["2", "4"]  # the counts under the bars
    # the first day, then each Monday: 03-16, 03-23, 03-30 and 04-06 (a new month)
    dates = lines[9]
    assert [dates.index(label) for label in ("Mar 10", "16", "23", "30", "Apr 6")] == [
        2,
        2 + 6 * 3,
        2 + 13 * 3,
        2 + 20 * 3,
        2 + 27 * 3,
    ]
    nothing = [DayCount(day.day, 0) for day in days]
    assert forecast_chart(nothing, 80).plain == "Nothing due in the next 30 days."
