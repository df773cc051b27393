"""The user's local days: how the figures turn the store's UTC moments into days.

The app's day is the local date of the clock's ``now`` (:meth:`Collection.today` is
``clock.now().date()``), and ``card_states.due`` and ``introduced_on`` are such days. The
figures use the same days: a review belongs to the local date of its moment in the user's zone.

The zone is the clock's (``clock.now().tzinfo``): a fixed offset in the tests, or a
``ZoneInfo`` with its daylight-saving rules. The system clock's ``now()`` carries only today's
UTC offset, which would move every review made before a daylight-saving change by an hour; for
it the zone is the machine's own rules (``None``, as ``datetime.astimezone()`` reads them),
which give the same date for today and the true midnight of every earlier day.

SQL never converts a time zone: Python finds the UTC moment of each local midnight
(:func:`day_start`) and queries compare the stored UTC times with those bounds, which is exact
for 23- and 25-hour days and lets SQLite answer from the ``reviewed_at`` index. A range of days
becomes small tables of bounds (:func:`day_tables`) that a correlated subquery counts in.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import (
    CTE,
    BindParameter,
    ColumnElement,
    Connection,
    Integer,
    String,
    bindparam,
    cast,
    column,
    func,
    literal,
    select,
    text,
)

from studyapp.clock import Clock, SystemClock
from studyapp.store.schema import UTCDateTime

#: A user's time zone; None means the machine's local rules.
Zone = tzinfo | None

ONE_DAY = timedelta(days=1)
#: Days per listed table: three parameters a day stay under SQLite's oldest limit (999).
DAYS_PER_LIST = 300


@dataclass(frozen=True, slots=True)
class DayCount:
    """A number for one local day (reviews made, reviews due)."""

    day: date
    count: int


def zone_of(clock: Clock) -> Zone:
    """The zone whose days the figures use: the clock's, or the machine's for the real clock."""
    return None if isinstance(clock, SystemClock) else clock.now().tzinfo


def local_day(moment: datetime, zone: Zone) -> date:
    """The user's local date of an aware moment."""
    return moment.astimezone(zone).date()


def day_start(day: date, zone: Zone) -> datetime:
    """The UTC moment at which a local day begins (its first instant, even across a DST gap)."""
    midnight = datetime.combine(day, time())
    local = midnight.astimezone() if zone is None else midnight.replace(tzinfo=zone)
    return local.astimezone(UTC)


def days_between(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last``, both included (none if ``last`` is earlier)."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def day_tables(connection: Connection, first: date, last: date, zone: Zone) -> Iterator[CTE]:
    """Tables ``(day, start, end)`` that together hold the days ``first`` to ``last``: each
    day's ordinal and the UTC moments it spans (``start <= moment < end``).

    On SQLite a run of 24-hour days is one tiny statement that makes the days itself
    (:func:`_counted_run`); the rest (a day that daylight saving makes 23 or 25 hours long, or
    every day on another database) come as listed tables of at most :data:`DAYS_PER_LIST` days.
    Each table is to be queried on its own.
    """
    counted = connection.dialect.name == "sqlite"
    run: list[tuple[date, datetime]] = []
    listed: list[tuple[date, datetime, datetime]] = []
    end = day_start(first, zone)
    for day in days_between(first, last):
        start, end = end, day_start(day + ONE_DAY, zone)
        if counted and end - start == ONE_DAY:
            run.append((day, start))
            continue
        if run:
            yield _counted_run(run[0][0], run[0][1], len(run))
            run = []
        listed.append((day, start, end))
    if run:
        yield _counted_run(run[0][0], run[0][1], len(run))
    for number in range(0, len(listed), DAYS_PER_LIST):
        yield _listed(listed[number : number + DAYS_PER_LIST])


def _counted_run(first: date, start: datetime, count: int) -> CTE:
    """``count`` days of 24 hours from ``first`` (which starts at ``start``), made by SQLite."""
    steps = select(literal(0, Integer).label("n")).cte("day_steps", recursive=True)
    steps = steps.union_all(select((steps.c.n + 1).label("n")).where(steps.c.n + 1 < count))
    origin = literal(start, UTCDateTime)

    def after(days: ColumnElement[int]) -> ColumnElement[datetime]:
        return func.datetime(origin, "+" + cast(days, String) + " days", type_=UTCDateTime)

    return select(
        (steps.c.n + first.toordinal()).label("day"),
        after(steps.c.n).label("start"),
        after(steps.c.n + 1).label("end"),
    ).cte("day_bounds")


def _listed(days: Sequence[tuple[date, datetime, datetime]]) -> CTE:
    """A ``VALUES`` table of days and their bounds (as text: SQLAlchemy's ``values()`` takes
    tens of milliseconds to compile a year of rows)."""
    rows: list[str] = []
    params: list[BindParameter[Any]] = []
    for number, (day, start, end) in enumerate(days):
        rows.append(f"(:day{number}, :start{number}, :end{number})")
        params += [
            bindparam(f"day{number}", day.toordinal(), type_=Integer),
            bindparam(f"start{number}", start, type_=UTCDateTime),
            bindparam(f"end{number}", end, type_=UTCDateTime),
        ]
    table = text(
        f'SELECT column1 AS day, column2 AS start, column3 AS "end" FROM (VALUES {", ".join(rows)})'
    )
    return (
        table.bindparams(*params)
        .columns(column("day", Integer), column("start", UTCDateTime), column("end", UTCDateTime))
        .cte("day_bounds")
    )
