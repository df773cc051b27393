"""Schema 8 to 9: on SQLite, the cards' tags as a table of their own and the questions in
order, for the card browser's search.

``tag_names`` holds every tag once and ``card_tags`` which cards carry it, kept by triggers on
``cards`` like the full-text index; both are filled from every card's tag list. The index
``ix_cards_question`` orders the questions, case folded. PostgreSQL stores get nothing new.
Frozen: no later change to the schema changes this step.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, text

from studyapp.clock import Zone

_ADD_TAGS: Final = (
    "INSERT OR IGNORE INTO tag_names (name) SELECT value FROM json_each(NEW.tags); "
    "INSERT OR IGNORE INTO card_tags (tag_id, card_id) SELECT tag_names.id, NEW.id "
    "FROM json_each(NEW.tags) JOIN tag_names ON tag_names.name = json_each.value; "
)

SQLITE_TAGS_AND_ORDER: Final = (
    "CREATE TABLE tag_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "CREATE TABLE card_tags (tag_id INTEGER NOT NULL, card_id INTEGER NOT NULL, "
    "PRIMARY KEY (tag_id, card_id)) WITHOUT ROWID",
    "CREATE INDEX ix_card_tags_card ON card_tags (card_id)",
    f"CREATE TRIGGER card_tags_insert AFTER INSERT ON cards BEGIN {_ADD_TAGS}END",
    "CREATE TRIGGER card_tags_delete AFTER DELETE ON cards BEGIN "
    "DELETE FROM card_tags WHERE card_id = OLD.id; END",
    "CREATE TRIGGER card_tags_update AFTER UPDATE OF tags ON cards BEGIN "
    f"DELETE FROM card_tags WHERE card_id = OLD.id; {_ADD_TAGS}END",
    "CREATE INDEX ix_cards_question ON cards (question COLLATE NOCASE)",
    "INSERT OR IGNORE INTO tag_names (name) "
    "SELECT DISTINCT value FROM cards, json_each(cards.tags) ORDER BY value",
    "INSERT OR IGNORE INTO card_tags (tag_id, card_id) SELECT tag_names.id, cards.id "
    "FROM cards, json_each(cards.tags) JOIN tag_names ON tag_names.name = json_each.value",
)


def upgrade(connection: Connection, _zone: Zone) -> None:
    """Build the tag tables and the question order (SQLite; nothing on PostgreSQL)."""
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_TAGS_AND_ORDER:
            connection.execute(text(statement))
