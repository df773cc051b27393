"""The store's triggers: summaries the database keeps in step with the logs as rows are written.

- :mod:`studyapp.store.review_days`: the review log summed per deck and local day;
- :mod:`studyapp.store.answer_counts`: each card's answers and right answers.

Each trigger is one event and the statements it runs, written once in SQL that SQLite and
PostgreSQL both read (``NEW``/``OLD`` the row, ``CASE`` for a flag counted as 0 or 1). SQLite
runs them as ``CREATE TRIGGER ... BEGIN ... END``; PostgreSQL as a PL/pgSQL function of the same
name with a row trigger calling it. Either way they run inside the writing statement, so no
writer (the app, a bulk import, a second machine) can leave a summary behind.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from studyapp.store import answer_counts, review_days

#: The databases a store can live in (SQLAlchemy dialect names).
SUPPORTED_DIALECTS = ("sqlite", "postgresql")


#: Every trigger, by name: when it fires (``AFTER INSERT ON reviews``) and what it runs.
TRIGGERS = {**review_days.TRIGGERS, **answer_counts.TRIGGERS}


def trigger_ddl(dialect: str, name: str, event: str, body: str) -> list[str]:
    """The statements that create trigger ``name`` on ``dialect`` (sqlite or postgresql)."""
    if dialect == "sqlite":
        return [f"CREATE TRIGGER {name} {event} BEGIN {body} END"]
    if dialect == "postgresql":
        return [
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {body} RETURN NULL; END $$",
            f"CREATE TRIGGER {name} {event} FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    raise ValueError(f"no triggers for {dialect!r}; studyapp supports {SUPPORTED_DIALECTS}")


def triggers_kept(connection: Connection) -> bool:
    """Whether this database keeps the summaries (by the triggers): every supported one."""
    return connection.dialect.name in SUPPORTED_DIALECTS


def install_triggers(connection: Connection) -> None:
    """Create every trigger (a new store)."""
    for name, (event, body) in TRIGGERS.items():
        for statement in trigger_ddl(connection.dialect.name, name, event, body):
            connection.execute(text(statement))
