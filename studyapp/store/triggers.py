"""The store's triggers: summaries the database keeps in step with the logs as rows are written.

- :mod:`studyapp.store.review_days`: the review log summed per deck and local day;
- :mod:`studyapp.store.tag_days`: the review log summed per tag and local day;
- :mod:`studyapp.store.answer_counts`: each card's answers and right answers.

Each trigger is one event and the statements it runs, written in SQL that SQLite and
PostgreSQL both read (``NEW``/``OLD`` the row, ``CASE`` for a flag counted as 0 or 1), but for
the function that lists a card's tags (``tag_days``' triggers are made for each database). SQLite
runs them as ``CREATE TRIGGER ... BEGIN ... END``; PostgreSQL as a PL/pgSQL function of the same
name with a row trigger calling it. Either way they run inside the writing statement, so no
writer (the app, a bulk import, a second machine) can leave a summary behind; the one bulk
writer that sets the log's insert triggers aside adds their sums itself, in the same
transaction (:mod:`studyapp.store.bulk_sums`).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from studyapp.store import answer_counts, review_days, tag_days

#: The databases a store can live in (SQLAlchemy dialect names).
SUPPORTED_DIALECTS = ("sqlite", "postgresql")


#: The triggers written alike for every database, by name: when each fires (``AFTER INSERT ON
#: reviews``) and what it runs.
TRIGGERS = {**review_days.TRIGGERS, **answer_counts.TRIGGERS}


def triggers_of(dialect: str) -> dict[str, tuple[str, str]]:
    """Every trigger of a store on ``dialect`` (sqlite or postgresql), by name."""
    return {**TRIGGERS, **tag_days.triggers(dialect)}


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
    for name, (event, body) in triggers_of(connection.dialect.name).items():
        for statement in trigger_ddl(connection.dialect.name, name, event, body):
            connection.execute(text(statement))
