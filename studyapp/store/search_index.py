"""What makes the card browser's search quick on SQLite, all kept by triggers on ``cards``.

- ``cards_text``: an FTS5 index of the questions and answers over ``cards`` itself (external
  content: the text is stored once), so it holds only the index. The tokenizer folds case and
  accents (``unicode61 remove_diacritics 2``).
- ``tag_names`` and ``card_tags``: every tag once, and which cards carry it, so ``tag:`` reads
  an index instead of every card's tag list.
- ``ix_cards_question``: the questions in order, case folded, so a page of the cards sorted by
  question is read in order instead of sorting them all.

Triggers keep the tables in step with every insert, edit and delete, whoever writes: an
import, a bulk load, an edit in the app. A tag name stays in ``tag_names`` when its last card
goes (a tag with no cards finds nothing). PostgreSQL stores have none of these: a search there
matches text with a regular expression and reads the tag lists (:mod:`studyapp.store.search`).
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, column, table, text

#: The FTS5 table's name, for queries (``cards_text MATCH ...``; its rowid is the card id).
SEARCH_TABLE: Final = "cards_text"

#: Every tag a card has carried, once (``id``, ``name`` as written).
tag_names: Final = table("tag_names", column("id"), column("name"))
#: Which cards carry each tag.
card_tags: Final = table("card_tags", column("tag_id"), column("card_id"))

_ADD_TAGS: Final = (
    "INSERT OR IGNORE INTO tag_names (name) SELECT value FROM json_each(NEW.tags); "
    "INSERT OR IGNORE INTO card_tags (tag_id, card_id) SELECT tag_names.id, NEW.id "
    "FROM json_each(NEW.tags) JOIN tag_names ON tag_names.name = json_each.value; "
)

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
)


def has_search_index(connection: Connection) -> bool:
    """Whether this store keeps the search's indexes (SQLite stores do)."""
    return connection.dialect.name == "sqlite"


def install_search_index(connection: Connection) -> None:
    """Create the search's indexes and their triggers (a new SQLite store; nothing elsewhere)."""
    if has_search_index(connection):
        for statement in SEARCH_INDEX_DDL:
            connection.execute(text(statement))
