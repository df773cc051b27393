"""Schema 4 to 5: accepted typed answers on each card, and unfinished sessions to resume.

``cards.accepted`` is added last, as a new store defines it, so ``ALTER TABLE ... ADD COLUMN``
gives exactly a new store's table on SQLite (SQLite writes the added column after the last
one) and on PostgreSQL. Frozen: no later change to the schema changes this step.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, text

from studyapp.clock import Zone

ACCEPTED: Final = "ALTER TABLE cards ADD COLUMN accepted JSON DEFAULT '[]' NOT NULL"

UNFINISHED_SESSIONS: Final = {
    "sqlite": """
CREATE TABLE unfinished_sessions (
    mode VARCHAR(16) NOT NULL,
    scope VARCHAR(200) NOT NULL,
    saved_at DATETIME NOT NULL,
    state JSON NOT NULL,
    PRIMARY KEY (mode, scope)
)
""",
    "postgresql": """
CREATE TABLE unfinished_sessions (
    mode VARCHAR(16) NOT NULL,
    scope VARCHAR(200) NOT NULL,
    saved_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    state JSON NOT NULL,
    PRIMARY KEY (mode, scope)
)
""",
}


def upgrade(connection: Connection, _zone: Zone) -> None:
    """Add the accepted answers (none yet) and the table of unfinished sessions (empty)."""
    connection.execute(text(ACCEPTED))
    connection.execute(text(UNFINISHED_SESSIONS[connection.dialect.name]))
