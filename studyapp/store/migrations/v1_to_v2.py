"""Schema 1 to 2: the tables of test results, answers and matching games.

Frozen: the DDL is what schema 2 created on SQLite (as SQLAlchemy wrote it, up to whitespace),
written out so that no later change to :mod:`studyapp.store.schema` can change this step.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, text

from studyapp.clock import Zone

STATEMENTS: Final = (
    """CREATE TABLE exams (
    id INTEGER NOT NULL,
    scope VARCHAR(200) NOT NULL,
    started_at DATETIME NOT NULL,
    finished_at DATETIME NOT NULL,
    duration_ms INTEGER NOT NULL,
    questions INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    kinds JSON NOT NULL,
    PRIMARY KEY (id)
)""",
    """CREATE TABLE match_games (
    id INTEGER NOT NULL,
    scope VARCHAR(200) NOT NULL,
    finished_at DATETIME NOT NULL,
    pairs INTEGER NOT NULL,
    mistakes INTEGER NOT NULL,
    elapsed_ms INTEGER NOT NULL,
    penalty_ms INTEGER NOT NULL,
    total_ms INTEGER NOT NULL,
    PRIMARY KEY (id)
)""",
    """CREATE TABLE answers (
    id INTEGER NOT NULL,
    card_id INTEGER NOT NULL,
    answered_at DATETIME NOT NULL,
    mode VARCHAR(16) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    correct BOOLEAN NOT NULL,
    overridden BOOLEAN DEFAULT 0 NOT NULL,
    given TEXT,
    response_ms INTEGER,
    exam_id INTEGER,
    PRIMARY KEY (id),
    FOREIGN KEY(card_id) REFERENCES cards (id) ON DELETE RESTRICT,
    FOREIGN KEY(exam_id) REFERENCES exams (id) ON DELETE CASCADE
)""",
    "CREATE INDEX ix_exams_scope_time ON exams (scope, finished_at)",
    "CREATE INDEX ix_match_games_scope_total ON match_games (scope, total_ms)",
    "CREATE INDEX ix_answers_card_time ON answers (card_id, answered_at)",
    "CREATE INDEX ix_answers_exam ON answers (exam_id)",
)


def upgrade(connection: Connection, _zone: Zone) -> None:
    """Create the result tables (empty) with their indexes."""
    for statement in STATEMENTS:
        connection.execute(text(statement))
