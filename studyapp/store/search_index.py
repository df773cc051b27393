"""The full-text index of the cards' questions and answers (SQLite's FTS5), kept by triggers.

``cards_text`` is an FTS5 table over ``cards`` itself (external content: the text is stored
once), so it holds only the index. Triggers on ``cards`` keep it in step with every insert,
edit and delete, whoever writes: an import, a bulk load, an edit in the app. The tokenizer folds
case and accents (``unicode61 remove_diacritics 2``). PostgreSQL stores have no such table; a
search there matches text with ``ILIKE`` (:mod:`studyapp.store.search`).
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, text

#: The FTS5 table's name, for queries (``cards_text MATCH ...``; its rowid is the card id).
SEARCH_TABLE: Final = "cards_text"

SEARCH_INDEX_DDL: Final = (
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
)


def has_search_index(connection: Connection) -> bool:
    """Whether this store keeps the full-text index (SQLite stores do)."""
    return connection.dialect.name == "sqlite"


def install_search_index(connection: Connection) -> None:
    """Create the full-text index and its triggers (a new SQLite store; nothing elsewhere)."""
    if has_search_index(connection):
        for statement in SEARCH_INDEX_DDL:
            connection.execute(text(statement))
