"""The forecast: how many reviews fall due on each of the coming days.

A card is due on its ``card_states.due`` day (a local day, like today). Cards already overdue
count on today, when the queue offers them; new cards (no due day) and retired cards are left
out.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from sqlalchemy import Connection, func, select

from studyapp.analytics.days import DayCount, days_between
from studyapp.analytics.selection import active_cards
from studyapp.scope import Scope
from studyapp.store.schema import card_states

#: Days the forecast covers, today included.
FORECAST_DAYS: Final = 30


def due_forecast(
    connection: Connection, scope: Scope, today: date, days: int = FORECAST_DAYS
) -> list[DayCount]:
    """Reviews due on each day from today on (``days`` days), overdue cards counted on today."""
    last = today + timedelta(days=days - 1)
    rows = connection.execute(
        select(card_states.c.due, func.count())
        .where(*active_cards(connection, scope, by_due=True), card_states.c.due <= last)
        .group_by(card_states.c.due)
    )
    due: dict[date, int] = {}
    for day, count in rows:
        shown = max(day, today)
        due[shown] = due.get(shown, 0) + int(count)
    return [DayCount(day, due.get(day, 0)) for day in days_between(today, last)]
