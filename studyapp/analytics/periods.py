"""Sums over trailing periods of local days: the last 7, 30, 365 days, or all time.

A period of ``n`` days is today and the ``n - 1`` days before it, from the local midnight that
starts it to the one that ends today. Nested periods are summed from disjoint slices of time
(today back to the start of the shortest, then on to the next one's start, …), so every row is
read once however many periods are asked for.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, select

from studyapp.analytics.daily import period_start
from studyapp.analytics.days import ONE_DAY
from studyapp.clock import Zone, day_start


def period_sums(
    connection: Connection,
    moment: ColumnElement[datetime],
    sums: Sequence[ColumnElement[Any]],
    conditions: Sequence[ColumnElement[bool]],
    periods: Sequence[int | None],
    today: date,
    zone: Zone,
) -> list[tuple[int, ...]]:
    """For each period (days, or None for all time), the ``sums`` over the rows it holds.

    ``moment`` is the rows' time column, ``conditions`` select the rows; rows later than today
    count in no period. Returns one tuple of integers per period, in the order asked.
    """
    longest_last = sorted(set(periods), key=lambda days: math.inf if days is None else days)
    totals: dict[int | None, tuple[int, ...]] = {}
    running = [0] * len(sums)
    upper = day_start(today + ONE_DAY, zone)
    for days in longest_last:
        first = period_start(days, today)
        start = None if first is None else day_start(first, zone)
        window = [moment < upper] if start is None else [moment >= start, moment < upper]
        row = connection.execute(select(*sums).where(*conditions, *window)).one()
        running = [total + int(value or 0) for total, value in zip(running, row, strict=True)]
        totals[days] = tuple(running)
        if start is not None:
            upper = start
    return [totals[days] for days in periods]
