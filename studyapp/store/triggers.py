"""The store's triggers: summaries SQLite keeps in step with the logs as rows are written.

- :mod:`studyapp.store.review_days`: the review log summed per deck and local day;
- :mod:`studyapp.store.answer_counts`: each card's answers and right answers.

Only SQLite gets them (the app's store); on another database the figures read the logs.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from studyapp.store import answer_counts, review_days

#: Every trigger, by name.
TRIGGERS = {**review_days.TRIGGERS, **answer_counts.TRIGGERS}


def triggers_kept(connection: Connection) -> bool:
    """Whether this database keeps the summaries (SQLite: by the triggers)."""
    return connection.dialect.name == "sqlite"


def install_triggers(connection: Connection) -> None:
    """Create the triggers (nothing on other databases)."""
    if not triggers_kept(connection):
        return
    for name, body in TRIGGERS.items():
        connection.execute(text(f"CREATE TRIGGER IF NOT EXISTS {name} {body}"))
