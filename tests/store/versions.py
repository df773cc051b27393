"""Turning a current store back into what an older studyapp wrote, to test the upgrades."""

from __future__ import annotations

from sqlalchemy import Connection, text

from studyapp.store.triggers import TRIGGERS


def back_to_version_2(connection: Connection) -> None:
    """Undo version 3: no review days or previous ratings, no daily sums, the old index."""
    for name in TRIGGERS:
        connection.execute(text(f"DROP TRIGGER {name}"))
    connection.execute(text("DROP TABLE review_days"))
    connection.execute(text("DROP INDEX ix_card_states_hardest"))
    connection.execute(text("DROP INDEX ix_reviews_card_time"))
    connection.execute(text("ALTER TABLE reviews DROP COLUMN day"))
    connection.execute(text("ALTER TABLE reviews DROP COLUMN rating_before"))
    connection.execute(text("CREATE INDEX ix_reviews_card_time ON reviews (card_id, reviewed_at)"))
    for counted in ("rating_sum", "answers", "answers_right"):
        connection.execute(text(f"ALTER TABLE card_states DROP COLUMN {counted}"))
    connection.execute(text("DROP INDEX ix_answers_card_time"))
    connection.execute(text("DROP INDEX ix_answers_time"))
    connection.execute(text("CREATE INDEX ix_answers_card_time ON answers (card_id, answered_at)"))
    connection.execute(text("UPDATE meta SET value='2' WHERE key='schema_version'"))
