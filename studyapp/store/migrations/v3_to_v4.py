"""Schema 3 to 4: one shape for every store, and the summaries kept on PostgreSQL too.

On SQLite, the upgrade to 3 had added its columns with ``ALTER TABLE``: ``reviews.day`` carried
``DEFAULT ''`` and ``card_states``' counts came after its last columns, unlike a new store. This
step rebuilds both tables to the canonical definition, after SQLite's documented table rebuild
(https://www.sqlite.org/lang_altertable.html#otheralter) inside the upgrade's one transaction;
a table already in that shape (a store created at 3) is left as it is. The documented order
(create ``new_X``, copy, drop ``X``, rename ``new_X`` to ``X``) would leave the name quoted in
``sqlite_master`` (``CREATE TABLE "reviews"``), unlike a new store, so the old table is renamed
away first instead; that is safe here because no other table's foreign key, and no view, refers
to these two, and the triggers (which do) are dropped first and made again. Foreign keys stay
on (``PRAGMA foreign_keys`` can't change inside a transaction); neither table is a parent, and
``PRAGMA foreign_key_check`` must find nothing before the step ends.

On PostgreSQL, schema 3 had the same tables but no triggers (its figures read the logs): this
step creates them as PL/pgSQL functions and sums the logs once.

On both, a finished test's table takes the app's one word for the mode: ``exams`` becomes
``test_results`` and ``answers.exam_id`` becomes ``test_id`` (SQLite: both tables made anew,
since its ``ALTER TABLE ... RENAME`` would leave quoted names in the definitions; PostgreSQL:
renamed in place, with their sequence, constraints and indexes).

Every trigger is made again from the literal DDL here (the same statements in both databases:
flags counted with ``CASE``). Frozen: no later change to the schema changes this step.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, text

from studyapp.clock import Zone
from studyapp.store.errors import StoreError

#: Schema 3's trigger names (SQLite only).
OLD_TRIGGERS: Final = (
    "reviews_summed_on_insert",
    "reviews_summed_on_delete",
    "reviews_summed_on_update",
    "answers_counted_on_insert",
    "answers_counted_on_delete",
    "answers_counted_on_update",
)

REVIEWS: Final = """
CREATE TABLE reviews (
    id INTEGER NOT NULL,
    card_id INTEGER NOT NULL,
    reviewed_at DATETIME NOT NULL,
    mode VARCHAR(16) NOT NULL,
    rating INTEGER NOT NULL,
    response_ms INTEGER,
    scheduled BOOLEAN NOT NULL,
    repetitions_before INTEGER NOT NULL,
    easiness_before INTEGER NOT NULL,
    interval_before INTEGER NOT NULL,
    due_before DATE,
    repetitions_after INTEGER NOT NULL,
    easiness_after INTEGER NOT NULL,
    interval_after INTEGER NOT NULL,
    due_after DATE,
    day DATE NOT NULL,
    rating_before INTEGER,
    PRIMARY KEY (id),
    FOREIGN KEY(card_id) REFERENCES cards (id) ON DELETE RESTRICT
)
"""

REVIEWS_INDEXES: Final = (
    "CREATE INDEX ix_reviews_time ON reviews (reviewed_at)",
    "CREATE INDEX ix_reviews_card_time ON reviews (card_id, reviewed_at, rating)",
)

CARD_STATES: Final = """
CREATE TABLE card_states (
    card_id INTEGER NOT NULL,
    deck_id INTEGER NOT NULL,
    active BOOLEAN DEFAULT 1 NOT NULL,
    repetitions INTEGER DEFAULT 0 NOT NULL,
    easiness INTEGER DEFAULT 2500 NOT NULL,
    interval INTEGER DEFAULT 0 NOT NULL,
    due DATE,
    introduced_on DATE,
    lapses INTEGER DEFAULT 0 NOT NULL,
    reviews INTEGER DEFAULT 0 NOT NULL,
    rating_sum INTEGER DEFAULT 0 NOT NULL,
    answers INTEGER DEFAULT 0 NOT NULL,
    answers_right INTEGER DEFAULT 0 NOT NULL,
    last_rating INTEGER,
    last_reviewed_at DATETIME,
    PRIMARY KEY (card_id),
    FOREIGN KEY(card_id) REFERENCES cards (id) ON DELETE CASCADE,
    FOREIGN KEY(deck_id) REFERENCES decks (id) ON DELETE RESTRICT
)
"""

CARD_STATES_INDEXES: Final = (
    "CREATE INDEX ix_card_states_hardest ON card_states (lapses DESC, easiness, card_id)",
    "CREATE INDEX ix_card_states_queue ON card_states (active, due, card_id)",
    "CREATE INDEX ix_card_states_deck ON card_states (active, deck_id, due, last_rating)",
    "CREATE INDEX ix_card_states_introduced ON card_states (introduced_on)",
)

TEST_RESULTS: Final = """
CREATE TABLE test_results (
    id INTEGER NOT NULL,
    scope VARCHAR(200) NOT NULL,
    started_at DATETIME NOT NULL,
    finished_at DATETIME NOT NULL,
    duration_ms INTEGER NOT NULL,
    questions INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    kinds JSON NOT NULL,
    PRIMARY KEY (id)
)
"""

ANSWERS: Final = """
CREATE TABLE answers (
    id INTEGER NOT NULL,
    card_id INTEGER NOT NULL,
    answered_at DATETIME NOT NULL,
    mode VARCHAR(16) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    correct BOOLEAN NOT NULL,
    overridden BOOLEAN DEFAULT 0 NOT NULL,
    given TEXT,
    response_ms INTEGER,
    test_id INTEGER,
    PRIMARY KEY (id),
    FOREIGN KEY(card_id) REFERENCES cards (id) ON DELETE RESTRICT,
    FOREIGN KEY(test_id) REFERENCES test_results (id) ON DELETE CASCADE
)
"""

#: Schema 3's test tables renamed on SQLite: each new table is filled from the old one.
TEST_TABLES_MADE_ANEW: Final = (
    "DROP INDEX IF EXISTS ix_exams_scope_time",
    "DROP INDEX IF EXISTS ix_answers_card_time",
    "DROP INDEX IF EXISTS ix_answers_time",
    "DROP INDEX IF EXISTS ix_answers_exam",
    TEST_RESULTS,
    "INSERT INTO test_results (id, scope, started_at, finished_at, duration_ms, questions, "
    "correct, kinds) SELECT id, scope, started_at, finished_at, duration_ms, questions, correct, "
    "kinds FROM exams",
    "ALTER TABLE answers RENAME TO answers_v3",
    ANSWERS,
    "INSERT INTO answers (id, card_id, answered_at, mode, kind, correct, overridden, given, "
    "response_ms, test_id) SELECT id, card_id, answered_at, mode, kind, correct, overridden, "
    "given, response_ms, exam_id FROM answers_v3",
    "DROP TABLE answers_v3",
    "DROP TABLE exams",
    "CREATE INDEX ix_test_results_scope_time ON test_results (scope, finished_at)",
    "CREATE INDEX ix_answers_card_time ON answers (card_id, answered_at, correct, overridden)",
    "CREATE INDEX ix_answers_test ON answers (test_id)",
    "CREATE INDEX ix_answers_time ON answers (answered_at, response_ms)",
)

#: The same renames on PostgreSQL, in place.
TEST_TABLES_RENAMED: Final = (
    "ALTER TABLE exams RENAME TO test_results",
    "ALTER SEQUENCE exams_id_seq RENAME TO test_results_id_seq",
    "ALTER INDEX exams_pkey RENAME TO test_results_pkey",
    "ALTER INDEX ix_exams_scope_time RENAME TO ix_test_results_scope_time",
    "ALTER TABLE answers RENAME COLUMN exam_id TO test_id",
    "ALTER TABLE answers RENAME CONSTRAINT answers_exam_id_fkey TO answers_test_id_fkey",
    "ALTER INDEX ix_answers_exam RENAME TO ix_answers_test",
)

#: The rebuilt tables: name, definition, indexes.
REBUILT: Final = (
    ("reviews", REVIEWS, REVIEWS_INDEXES),
    ("card_states", CARD_STATES, CARD_STATES_INDEXES),
)

#: Schema 4's triggers on SQLite.
SQLITE_TRIGGERS: Final = (
    """
    CREATE TRIGGER reviews_summed_on_insert AFTER INSERT ON reviews BEGIN INSERT INTO
    review_days (deck_id, day, reviews, recalls, recalled, response_ms, rating_change) SELECT
    cards.deck_id, NEW.day, 1, CASE WHEN NEW.mode = 'spaced' AND NEW.scheduled THEN 1 ELSE 0
    END, CASE WHEN NEW.mode = 'spaced' AND NEW.scheduled AND NEW.rating >= 3 THEN 1 ELSE 0 END,
    coalesce(NEW.response_ms, 0), NEW.rating - coalesce(NEW.rating_before, 0) FROM cards WHERE
    cards.id = NEW.card_id ON CONFLICT (day, deck_id) DO UPDATE SET reviews =
    review_days.reviews + excluded.reviews, recalls = review_days.recalls + excluded.recalls,
    recalled = review_days.recalled + excluded.recalled, response_ms = review_days.response_ms +
    excluded.response_ms, rating_change = review_days.rating_change + excluded.rating_change;
    END
    """,
    """
    CREATE TRIGGER reviews_summed_on_delete AFTER DELETE ON reviews BEGIN UPDATE review_days SET
    reviews = reviews - (1), recalls = recalls - (CASE WHEN OLD.mode = 'spaced' AND
    OLD.scheduled THEN 1 ELSE 0 END), recalled = recalled - (CASE WHEN OLD.mode = 'spaced' AND
    OLD.scheduled AND OLD.rating >= 3 THEN 1 ELSE 0 END), response_ms = response_ms -
    (coalesce(OLD.response_ms, 0)), rating_change = rating_change - (OLD.rating -
    coalesce(OLD.rating_before, 0)) WHERE deck_id = (SELECT deck_id FROM cards WHERE id =
    OLD.card_id) AND day = OLD.day; END
    """,
    """
    CREATE TRIGGER reviews_summed_on_update AFTER UPDATE OF card_id, day, mode, scheduled,
    rating, rating_before, response_ms ON reviews BEGIN UPDATE review_days SET reviews = reviews
    - (1), recalls = recalls - (CASE WHEN OLD.mode = 'spaced' AND OLD.scheduled THEN 1 ELSE 0
    END), recalled = recalled - (CASE WHEN OLD.mode = 'spaced' AND OLD.scheduled AND OLD.rating
    >= 3 THEN 1 ELSE 0 END), response_ms = response_ms - (coalesce(OLD.response_ms, 0)),
    rating_change = rating_change - (OLD.rating - coalesce(OLD.rating_before, 0)) WHERE deck_id
    = (SELECT deck_id FROM cards WHERE id = OLD.card_id) AND day = OLD.day; INSERT INTO
    review_days (deck_id, day, reviews, recalls, recalled, response_ms, rating_change) SELECT
    cards.deck_id, NEW.day, 1, CASE WHEN NEW.mode = 'spaced' AND NEW.scheduled THEN 1 ELSE 0
    END, CASE WHEN NEW.mode = 'spaced' AND NEW.scheduled AND NEW.rating >= 3 THEN 1 ELSE 0 END,
    coalesce(NEW.response_ms, 0), NEW.rating - coalesce(NEW.rating_before, 0) FROM cards WHERE
    cards.id = NEW.card_id ON CONFLICT (day, deck_id) DO UPDATE SET reviews =
    review_days.reviews + excluded.reviews, recalls = review_days.recalls + excluded.recalls,
    recalled = review_days.recalled + excluded.recalled, response_ms = review_days.response_ms +
    excluded.response_ms, rating_change = review_days.rating_change + excluded.rating_change;
    END
    """,
    """
    CREATE TRIGGER answers_counted_on_insert AFTER INSERT ON answers BEGIN UPDATE card_states
    SET answers = answers + 1, answers_right = answers_right + CASE WHEN NEW.correct OR
    NEW.overridden THEN 1 ELSE 0 END WHERE card_id = NEW.card_id; END
    """,
    """
    CREATE TRIGGER answers_counted_on_delete AFTER DELETE ON answers BEGIN UPDATE card_states
    SET answers = answers - 1, answers_right = answers_right - CASE WHEN OLD.correct OR
    OLD.overridden THEN 1 ELSE 0 END WHERE card_id = OLD.card_id; END
    """,
    """
    CREATE TRIGGER answers_counted_on_update AFTER UPDATE OF card_id, correct, overridden ON
    answers BEGIN UPDATE card_states SET answers = answers - 1, answers_right = answers_right -
    CASE WHEN OLD.correct OR OLD.overridden THEN 1 ELSE 0 END WHERE card_id = OLD.card_id;
    UPDATE card_states SET answers = answers + 1, answers_right = answers_right + CASE WHEN
    NEW.correct OR NEW.overridden THEN 1 ELSE 0 END WHERE card_id = NEW.card_id; END
    """,
)

#: Schema 4's triggers on PostgreSQL: a function and a row trigger each.
POSTGRESQL_TRIGGERS: Final = (
    """
    CREATE FUNCTION reviews_summed_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO review_days (deck_id, day, reviews, recalls, recalled, response_ms,
    rating_change) SELECT cards.deck_id, NEW.day, 1, CASE WHEN NEW.mode = 'spaced' AND
    NEW.scheduled THEN 1 ELSE 0 END, CASE WHEN NEW.mode = 'spaced' AND NEW.scheduled AND
    NEW.rating >= 3 THEN 1 ELSE 0 END, coalesce(NEW.response_ms, 0), NEW.rating -
    coalesce(NEW.rating_before, 0) FROM cards WHERE cards.id = NEW.card_id ON CONFLICT (day,
    deck_id) DO UPDATE SET reviews = review_days.reviews + excluded.reviews, recalls =
    review_days.recalls + excluded.recalls, recalled = review_days.recalled + excluded.recalled,
    response_ms = review_days.response_ms + excluded.response_ms, rating_change =
    review_days.rating_change + excluded.rating_change; RETURN NULL; END $$
    """,
    """
    CREATE TRIGGER reviews_summed_on_insert AFTER INSERT ON reviews FOR EACH ROW EXECUTE
    FUNCTION reviews_summed_on_insert()
    """,
    """
    CREATE FUNCTION reviews_summed_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    UPDATE review_days SET reviews = reviews - (1), recalls = recalls - (CASE WHEN OLD.mode =
    'spaced' AND OLD.scheduled THEN 1 ELSE 0 END), recalled = recalled - (CASE WHEN OLD.mode =
    'spaced' AND OLD.scheduled AND OLD.rating >= 3 THEN 1 ELSE 0 END), response_ms = response_ms
    - (coalesce(OLD.response_ms, 0)), rating_change = rating_change - (OLD.rating -
    coalesce(OLD.rating_before, 0)) WHERE deck_id = (SELECT deck_id FROM cards WHERE id =
    OLD.card_id) AND day = OLD.day; RETURN NULL; END $$
    """,
    """
    CREATE TRIGGER reviews_summed_on_delete AFTER DELETE ON reviews FOR EACH ROW EXECUTE
    FUNCTION reviews_summed_on_delete()
    """,
    """
    CREATE FUNCTION reviews_summed_on_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    UPDATE review_days SET reviews = reviews - (1), recalls = recalls - (CASE WHEN OLD.mode =
    'spaced' AND OLD.scheduled THEN 1 ELSE 0 END), recalled = recalled - (CASE WHEN OLD.mode =
    'spaced' AND OLD.scheduled AND OLD.rating >= 3 THEN 1 ELSE 0 END), response_ms = response_ms
    - (coalesce(OLD.response_ms, 0)), rating_change = rating_change - (OLD.rating -
    coalesce(OLD.rating_before, 0)) WHERE deck_id = (SELECT deck_id FROM cards WHERE id =
    OLD.card_id) AND day = OLD.day; INSERT INTO review_days (deck_id, day, reviews, recalls,
    recalled, response_ms, rating_change) SELECT cards.deck_id, NEW.day, 1, CASE WHEN NEW.mode =
    'spaced' AND NEW.scheduled THEN 1 ELSE 0 END, CASE WHEN NEW.mode = 'spaced' AND
    NEW.scheduled AND NEW.rating >= 3 THEN 1 ELSE 0 END, coalesce(NEW.response_ms, 0),
    NEW.rating - coalesce(NEW.rating_before, 0) FROM cards WHERE cards.id = NEW.card_id ON
    CONFLICT (day, deck_id) DO UPDATE SET reviews = review_days.reviews + excluded.reviews,
    recalls = review_days.recalls + excluded.recalls, recalled = review_days.recalled +
    excluded.recalled, response_ms = review_days.response_ms + excluded.response_ms,
    rating_change = review_days.rating_change + excluded.rating_change; RETURN NULL; END $$
    """,
    """
    CREATE TRIGGER reviews_summed_on_update AFTER UPDATE OF card_id, day, mode, scheduled,
    rating, rating_before, response_ms ON reviews FOR EACH ROW EXECUTE FUNCTION
    reviews_summed_on_update()
    """,
    """
    CREATE FUNCTION answers_counted_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    UPDATE card_states SET answers = answers + 1, answers_right = answers_right + CASE WHEN
    NEW.correct OR NEW.overridden THEN 1 ELSE 0 END WHERE card_id = NEW.card_id; RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER answers_counted_on_insert AFTER INSERT ON answers FOR EACH ROW EXECUTE
    FUNCTION answers_counted_on_insert()
    """,
    """
    CREATE FUNCTION answers_counted_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    UPDATE card_states SET answers = answers - 1, answers_right = answers_right - CASE WHEN
    OLD.correct OR OLD.overridden THEN 1 ELSE 0 END WHERE card_id = OLD.card_id; RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER answers_counted_on_delete AFTER DELETE ON answers FOR EACH ROW EXECUTE
    FUNCTION answers_counted_on_delete()
    """,
    """
    CREATE FUNCTION answers_counted_on_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    UPDATE card_states SET answers = answers - 1, answers_right = answers_right - CASE WHEN
    OLD.correct OR OLD.overridden THEN 1 ELSE 0 END WHERE card_id = OLD.card_id; UPDATE
    card_states SET answers = answers + 1, answers_right = answers_right + CASE WHEN NEW.correct
    OR NEW.overridden THEN 1 ELSE 0 END WHERE card_id = NEW.card_id; RETURN NULL; END $$
    """,
    """
    CREATE TRIGGER answers_counted_on_update AFTER UPDATE OF card_id, correct, overridden ON
    answers FOR EACH ROW EXECUTE FUNCTION answers_counted_on_update()
    """,
)

#: The review log summed afresh (PostgreSQL: schema 3 kept no sums there).
SUMS: Final = (
    "DELETE FROM review_days",
    """
    INSERT INTO review_days
        (deck_id, day, reviews, recalls, recalled, response_ms, rating_change)
    SELECT cards.deck_id, reviews.day, count(*),
        sum(CASE WHEN reviews.mode = 'spaced' AND reviews.scheduled THEN 1 ELSE 0 END),
        sum(CASE WHEN reviews.mode = 'spaced' AND reviews.scheduled AND reviews.rating >= 3
            THEN 1 ELSE 0 END),
        sum(coalesce(reviews.response_ms, 0)),
        sum(reviews.rating - coalesce(reviews.rating_before, 0))
    FROM reviews JOIN cards ON cards.id = reviews.card_id
    GROUP BY cards.deck_id, reviews.day
    """,
    """
    UPDATE card_states SET answers = counted.answers, answers_right = counted.right_answers
    FROM (
        SELECT card_id, count(*) AS answers,
            sum(CASE WHEN correct OR overridden THEN 1 ELSE 0 END) AS right_answers
        FROM answers GROUP BY card_id
    ) AS counted
    WHERE counted.card_id = card_states.card_id
    """,
)


def upgrade(connection: Connection, _zone: Zone) -> None:
    """Rebuild the drifted tables (SQLite) or sum the logs (PostgreSQL), rename the test
    tables, and make the triggers."""
    if connection.dialect.name != "sqlite":
        for statement in (*TEST_TABLES_RENAMED, *SUMS, *POSTGRESQL_TRIGGERS):
            connection.execute(text(statement))
        return
    for name in OLD_TRIGGERS:
        connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    for name, definition, indexes in REBUILT:
        if _definition(connection, name) != _words(definition):
            _rebuild(connection, name, definition, indexes)
    if _views(connection):
        raise StoreError("cannot rebuild the test tables: the database has a view")
    for statement in TEST_TABLES_MADE_ANEW:
        connection.execute(text(statement))
    for statement in SQLITE_TRIGGERS:
        connection.execute(text(statement))
    broken = connection.execute(text("PRAGMA foreign_key_check")).first()
    if broken is not None:
        raise StoreError(f"the upgrade to schema 4 found a broken reference: {tuple(broken)}")


def _rebuild(connection: Connection, name: str, definition: str, indexes: tuple[str, ...]) -> None:
    """Make table ``name`` anew from ``definition``, with its rows and ``indexes``."""
    referring = connection.execute(
        text(
            "SELECT m.name FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS f "
            "WHERE m.type = 'table' AND f.\"table\" = :name"
        ),
        {"name": name},
    ).first()
    if referring is not None or _views(connection):
        raise StoreError(f"cannot rebuild {name}: another table or a view refers to it")
    columns = ", ".join(row.name for row in connection.execute(text(f"PRAGMA table_info({name})")))
    for index in indexes:
        connection.execute(text(f"DROP INDEX IF EXISTS {index.split()[2]}"))
    connection.execute(text(f"ALTER TABLE {name} RENAME TO {name}_v3"))
    connection.execute(text(definition))
    connection.execute(text(f"INSERT INTO {name} ({columns}) SELECT {columns} FROM {name}_v3"))
    connection.execute(text(f"DROP TABLE {name}_v3"))
    for index in indexes:
        connection.execute(text(index))


def _definition(connection: Connection, name: str) -> str:
    """The words of table ``name``'s stored ``CREATE TABLE``."""
    stored = connection.scalar(
        text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": name},
    )
    return _words(str(stored))


def _views(connection: Connection) -> bool:
    """Whether the database has any view (none of studyapp's)."""
    views = connection.scalar(text("SELECT count(*) FROM sqlite_master WHERE type = 'view'"))
    return bool(views)


def _words(sql: str) -> str:
    """SQL with every run of whitespace as one space: two definitions compared."""
    return " ".join(sql.split())
