"""The heatmap's calendar grid: week columns, weekday rows, quartile shades."""

from __future__ import annotations

from datetime import date, timedelta

from studyapp.analytics.calendar import calendar, shade_of, shade_thresholds
from studyapp.analytics.days import DayCount


def test_shades_come_from_the_quartiles_of_busy_days() -> None:
    # busy days 1..8: quartile starts at indexes 0, 2, 4, 6 -> counts 1, 3, 5, 7
    thresholds = shade_thresholds([0, 0, 1, 2, 3, 4, 5, 6, 7, 8])
    assert thresholds == (1, 3, 5, 7)
    assert [shade_of(count, thresholds) for count in (0, 1, 2, 3, 6, 7, 100)] == [
        0,
        1,
        1,
        2,
        3,
        4,
        4,
    ]


def test_equal_counts_still_give_rising_thresholds() -> None:
    # equal days, or one busy day, are the darkest shade, the others split 1..its count evenly
    assert shade_thresholds([5, 5, 5]) == (1, 2, 3, 4)
    assert shade_of(5, (1, 2, 3, 4)) == 4
    assert shade_thresholds([0, 9]) == (1, 2, 4, 6)
    assert shade_of(9, (1, 2, 4, 6)) == 4
    # under four reviews a day, each count is its own shade
    assert shade_thresholds([]) == (1, 2, 3, 4)
    assert shade_thresholds([1, 2]) == (1, 2, 3, 4)


def test_after_one_study_day_the_legend_steps_evenly() -> None:
    # one day of 40 reviews: not "1–37, 38, 39, 40+", but even steps to the busiest day
    assert shade_thresholds([0, 40, 0]) == (1, 10, 20, 30)
    assert shade_thresholds([12, 40]) == (1, 10, 20, 30)
    assert shade_of(40, (1, 10, 20, 30)) == 4


def test_weeks_start_on_monday_and_end_today() -> None:
    today = date(2026, 3, 10)  # a Tuesday
    days = [DayCount(today - timedelta(days=back), back % 3) for back in range(9, -1, -1)]
    grid = calendar(days)
    # 2026-03-01 is a Sunday: its week column starts Monday 02-23
    assert len(grid.weeks) == 3
    first, middle, last = grid.weeks
    assert first[:6] == (None,) * 6
    assert first[6] is not None
    assert first[6].day == date(2026, 3, 1)
    assert [cell.day.day for cell in middle if cell] == [2, 3, 4, 5, 6, 7, 8]
    assert [cell.day for cell in last if cell] == [date(2026, 3, 9), today]
    assert last[2:] == (None,) * 5
    assert grid.month_starts() == [(0, "Mar")]
    assert first[6].count == 0
    assert first[6].shade == 0


def test_an_empty_heatmap_has_no_weeks() -> None:
    assert calendar([]).weeks == ()
