"""Schema 7 to 8: where each deck comes from, cards edited in the app, the user's marks on each
card (suspended, buried, starred, flag, leech), and the full-text index of the cards.

The new columns are added last, as a new store defines them, so ``ALTER TABLE ... ADD COLUMN``
gives exactly a new store's tables on SQLite and PostgreSQL. The two card-state indexes that now
carry the marks are made again. ``decks.origin_kind`` is worked out from each deck's file: the
bundled decks of this version (their ids, from a folder ``cards``), Anki packages and deck files
by their suffix, anything else another app's export; NULL for a deck with no file. On SQLite,
the FTS5 index of the questions and answers is created with its triggers and filled from the
cards; on PostgreSQL, study scope keys become unbounded text. Frozen: no later change to the
schema changes this step.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, text

from studyapp.clock import Zone

_FALSE: Final = {"sqlite": "0", "postgresql": "false"}
_DATETIME: Final = {"sqlite": "DATETIME", "postgresql": "TIMESTAMP WITHOUT TIME ZONE"}

COLUMNS: Final = (
    "ALTER TABLE decks ADD COLUMN origin_kind VARCHAR(16)",
    "ALTER TABLE cards ADD COLUMN edited_at {datetime}",
    "ALTER TABLE card_states ADD COLUMN suspended BOOLEAN DEFAULT {false} NOT NULL",
    "ALTER TABLE card_states ADD COLUMN buried_until DATE",
    "ALTER TABLE card_states ADD COLUMN starred BOOLEAN DEFAULT {false} NOT NULL",
    "ALTER TABLE card_states ADD COLUMN flag INTEGER DEFAULT 0 NOT NULL",
    "ALTER TABLE card_states ADD COLUMN leech BOOLEAN DEFAULT {false} NOT NULL",
)

INDEXES: Final = (
    "DROP INDEX ix_card_states_queue",
    "DROP INDEX ix_card_states_deck",
    "CREATE INDEX ix_card_states_queue ON card_states "
    "(active, due, card_id, suspended, buried_until)",
    "CREATE INDEX ix_card_states_deck ON card_states "
    "(active, deck_id, due, last_rating, suspended, buried_until)",
)

#: The ids of the decks bundled when schema 8 came, each in ``cards/<id>.md``.
BUNDLED_DECKS: Final = (
    "backprop-and-learning-rate",
    "hyperparameters-regularization-and-optimizers",
    "learning-rate-momentum-and-regularization",
    "optimization-for-deep-models",
    "optimization-in-neural-networks",
    "training-by-the-numbers",
)

ORIGIN_KINDS: Final = f"""
UPDATE decks SET origin_kind = CASE
    WHEN origin IS NULL THEN NULL
    WHEN key IN ({", ".join(f"'{key}'" for key in BUNDLED_DECKS)})
        AND origin LIKE '%cards_' || key || '.md' THEN 'bundled'
    WHEN lower(origin) LIKE '%.apkg' OR lower(origin) LIKE '%.colpkg' THEN 'package'
    WHEN lower(origin) LIKE '%.md' OR lower(origin) LIKE '%.markdown'
        OR lower(origin) LIKE '%.yaml' OR lower(origin) LIKE '%.yml' THEN 'file'
    ELSE 'export'
END
"""

SQLITE_SEARCH_INDEX: Final = (
    "CREATE VIRTUAL TABLE cards_text USING fts5(question, answer, content='cards', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER cards_text_insert AFTER INSERT ON cards BEGIN "
    "INSERT INTO cards_text (rowid, question, answer) VALUES (NEW.id, NEW.question, NEW.answer); "
    "END",
    "CREATE TRIGGER cards_text_delete AFTER DELETE ON cards BEGIN "
    "INSERT INTO cards_text (cards_text, rowid, question, answer) "
    "VALUES ('delete', OLD.id, OLD.question, OLD.answer); END",
    "CREATE TRIGGER cards_text_update AFTER UPDATE OF question, answer ON cards BEGIN "
    "INSERT INTO cards_text (cards_text, rowid, question, answer) "
    "VALUES ('delete', OLD.id, OLD.question, OLD.answer); "
    "INSERT INTO cards_text (rowid, question, answer) VALUES (NEW.id, NEW.question, NEW.answer); "
    "END",
    "INSERT INTO cards_text (cards_text) VALUES ('rebuild')",
)


#: Scope keys unbounded on PostgreSQL (SQLite never enforced their 200 characters).
POSTGRESQL_SCOPES: Final = tuple(
    f"ALTER TABLE {table} ALTER COLUMN scope TYPE TEXT"
    for table in ("test_results", "match_games", "unfinished_sessions")
)


def upgrade(connection: Connection, _zone: Zone) -> None:
    """Add the new columns (unset, but each deck's kind), remake the two indexes, build the
    search index."""
    dialect = connection.dialect.name
    for statement in COLUMNS:
        connection.execute(
            text(statement.format(false=_FALSE[dialect], datetime=_DATETIME[dialect]))
        )
    for statement in INDEXES:
        connection.execute(text(statement))
    connection.execute(text(ORIGIN_KINDS))
    if dialect == "sqlite":
        for statement in SQLITE_SEARCH_INDEX:
            connection.execute(text(statement))
    else:
        for statement in POSTGRESQL_SCOPES:
            connection.execute(text(statement))
