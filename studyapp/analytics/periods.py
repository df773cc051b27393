"""Sums over trailing periods of local days: the last 7, 30, 365 days, or all time.

A period of ``n`` days is today and the ``n - 1`` days before it, from the local midnight that
starts it to the one that ends today. Every row is read once however many periods are asked for:
all rows (the overall view) as disjoint slices of time, each a range of the time's index (today
back to the start of the shortest, then on to the next one's start, …); the rows of some cards
(a deck or tag view, found through their cards) in one pass, each period's sum counting the
rows since its start.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, case, func, select

from studyapp.analytics.daily import period_start
from studyapp.analytics.days import ONE_DAY
from studyapp.clock import Zone, day_start


def period_sums(
    connection: Connection,
    moment: ColumnElement[datetime],
    values: Sequence[ColumnElement[Any]],
    conditions: Sequence[ColumnElement[bool]],
    periods: Sequence[int | None],
    today: date,
    zone: Zone,
) -> list[tuple[int, ...]]:
    """For each period (days, or None for all time), the sum of each of ``values`` over the
    rows it holds.

    ``moment`` is the rows' time column, ``conditions`` select the rows; rows later than today
    count in no period. Returns one tuple of integers per period, in the order asked.
    """
    starts = {days: _start(days, today, zone) for days in periods}
    upper = day_start(today + ONE_DAY, zone)
    if conditions:
        in_period = [
            func.sum(value if start is None else case((moment >= start, value)))
            for start in starts.values()
            for value in values
        ]
        row = connection.execute(select(*in_period).where(*conditions, moment < upper)).one()
        found = [int(value or 0) for value in row]
        width = len(values)
        by_period = {
            days: tuple(found[number * width : (number + 1) * width])
            for number, days in enumerate(starts)
        }
        return [by_period[days] for days in periods]
    longest_last = sorted(starts, key=lambda days: math.inf if days is None else days)
    totals: dict[int | None, tuple[int, ...]] = {}
    running = [0] * len(values)
    for days in longest_last:
        start = starts[days]
        window = [moment < upper] if start is None else [moment >= start, moment < upper]
        row = connection.execute(
            select(*(func.sum(value) for value in values)).where(*window)
        ).one()
        running = [total + int(value or 0) for total, value in zip(running, row, strict=True)]
        totals[days] = tuple(running)
        if start is not None:
            upper = start
    return [totals[days] for days in periods]


def _start(days: int | None, today: date, zone: Zone) -> datetime | None:
    """The moment the period of ``days`` days up to ``today`` starts (None: all time)."""
    first = period_start(days, today)
    return None if first is None else day_start(first, zone)
