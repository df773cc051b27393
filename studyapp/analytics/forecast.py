"""The forecast: how many reviews fall due on each of the coming days.

A card is due on its ``card_states.due`` day (a local day, like today). Today counts what home's
"Due today" counts (:func:`studyapp.store.queries.due_today`): cards already overdue, cards
relearning today, and cards practised in other modes awaiting their first spaced review. New
cards (never rated) and retired cards are left out.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from sqlalchemy import Connection, func, select

from studyapp.analytics.days import DayCount, days_between
from studyapp.analytics.selection import active_cards
from studyapp.scope import Scope
from studyapp.store.due_queue import relearning_parameters
from studyapp.store.queries import due_today
from studyapp.store.schema import card_states
from studyapp.store.studiable import studiable

#: Days the forecast covers, today included.
FORECAST_DAYS: Final = 30


def due_forecast(
    connection: Connection, scope: Scope, today: date, days: int = FORECAST_DAYS
) -> list[DayCount]:
    """Reviews due on each day from today on (``days`` days); today's count is home's "Due
    today" (overdue, relearning and practised cards included)."""
    last = today + timedelta(days=days - 1)
    rows = connection.execute(
        select(card_states.c.due, func.count())
        .where(
            *active_cards(connection, scope, by_due=True),
            card_states.c.due <= last,
            card_states.c.suspended.is_(False),
        )
        .group_by(card_states.c.due)
    )
    due = {day: int(count) for day, count in rows if day > today}
    due[today] = int(
        connection.scalar(
            select(func.count()).where(
                *active_cards(connection, scope), studiable(today), due_today(today)
            ),
            relearning_parameters(today),
        )
        or 0
    )
    return [DayCount(day, due.get(day, 0)) for day in days_between(today, last)]
