"""Schema 10 to 11: the review log summed per tag and local day (``tag_days``), kept by
triggers on ``reviews`` and on a card's tags, so a tag's view reads its days instead of its
cards' whole log.

The table is made as a new store defines it, its triggers on SQLite (``CREATE TRIGGER``) or
PostgreSQL (a PL/pgSQL function and a row trigger each), then it is filled from the log: each
review counted once for each distinct tag its card carries now. Frozen: no later change to the
schema changes this step.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, text

from studyapp.clock import Zone

TABLE: Final = """
    CREATE TABLE tag_days (
        tag TEXT NOT NULL,
        day DATE NOT NULL,
        reviews INTEGER NOT NULL,
        recalls INTEGER NOT NULL,
        recalled INTEGER NOT NULL,
        response_ms INTEGER NOT NULL,
        rating_change INTEGER NOT NULL,
        PRIMARY KEY (tag, day)
    )
    """
#: What follows the table's definition on each database.
TABLE_OPTIONS: Final = {"sqlite": "WITHOUT ROWID", "postgresql": ""}

#: The function listing a JSON array's elements (as ``value``) on each database.
ELEMENTS: Final = {"sqlite": "json_each", "postgresql": "json_array_elements_text"}
#: The distinct tags of the card of review ``{row}`` (NEW or OLD) on each database: the tag
#: index on SQLite, the card's JSON list on PostgreSQL.
CARD_TAGS: Final = {
    "sqlite": (
        "SELECT tag_names.name AS value FROM card_tags JOIN tag_names "
        "ON tag_names.id = card_tags.tag_id WHERE card_tags.card_id = {row}.card_id"
    ),
    "postgresql": (
        "SELECT DISTINCT value FROM json_array_elements_text("
        "(SELECT tags FROM cards WHERE id = {row}.card_id))"
    ),
}

#: The triggers, by name: when each fires and its statements, ``{each}`` standing for the
#: database's function in ELEMENTS and ``{new_tags}``, ``{old_tags}`` for its CARD_TAGS of
#: NEW and OLD.
TRIGGERS: Final = {
    "reviews_tag_summed_on_insert": (
        "AFTER INSERT ON reviews",
        """
        INSERT INTO tag_days (tag, day, reviews, recalls, recalled, response_ms,
        rating_change) SELECT tags.value, NEW.day, 1, CASE WHEN NEW.mode = 'spaced' AND
        NEW.scheduled THEN 1 ELSE 0 END, CASE WHEN NEW.mode = 'spaced' AND NEW.scheduled AND
        NEW.rating >= 3 THEN 1 ELSE 0 END, coalesce(NEW.response_ms, 0), NEW.rating -
        coalesce(NEW.rating_before, 0) FROM ({new_tags}) AS tags WHERE true ON CONFLICT
        (tag, day) DO UPDATE SET reviews = tag_days.reviews + excluded.reviews, recalls =
        tag_days.recalls + excluded.recalls, recalled = tag_days.recalled +
        excluded.recalled, response_ms = tag_days.response_ms + excluded.response_ms,
        rating_change = tag_days.rating_change + excluded.rating_change;
        """,
    ),
    "reviews_tag_summed_on_delete": (
        "AFTER DELETE ON reviews",
        """
        UPDATE tag_days SET reviews = reviews - (1), recalls = recalls - (CASE WHEN OLD.mode
        = 'spaced' AND OLD.scheduled THEN 1 ELSE 0 END), recalled = recalled - (CASE WHEN
        OLD.mode = 'spaced' AND OLD.scheduled AND OLD.rating >= 3 THEN 1 ELSE 0 END),
        response_ms = response_ms - (coalesce(OLD.response_ms, 0)), rating_change =
        rating_change - (OLD.rating - coalesce(OLD.rating_before, 0)) WHERE day = OLD.day
        AND tag IN ({old_tags});
        """,
    ),
    "reviews_tag_summed_on_update": (
        "AFTER UPDATE OF card_id, day, mode, scheduled, rating, rating_before, response_ms "
        "ON reviews",
        """
        UPDATE tag_days SET reviews = reviews - (1), recalls = recalls - (CASE WHEN OLD.mode
        = 'spaced' AND OLD.scheduled THEN 1 ELSE 0 END), recalled = recalled - (CASE WHEN
        OLD.mode = 'spaced' AND OLD.scheduled AND OLD.rating >= 3 THEN 1 ELSE 0 END),
        response_ms = response_ms - (coalesce(OLD.response_ms, 0)), rating_change =
        rating_change - (OLD.rating - coalesce(OLD.rating_before, 0)) WHERE day = OLD.day
        AND tag IN ({old_tags}); INSERT INTO tag_days (tag, day, reviews, recalls, recalled,
        response_ms, rating_change) SELECT tags.value, NEW.day, 1, CASE WHEN NEW.mode =
        'spaced' AND NEW.scheduled THEN 1 ELSE 0 END, CASE WHEN NEW.mode = 'spaced' AND
        NEW.scheduled AND NEW.rating >= 3 THEN 1 ELSE 0 END, coalesce(NEW.response_ms, 0),
        NEW.rating - coalesce(NEW.rating_before, 0) FROM ({new_tags}) AS tags WHERE true ON
        CONFLICT (tag, day) DO UPDATE SET reviews = tag_days.reviews + excluded.reviews,
        recalls = tag_days.recalls + excluded.recalls, recalled = tag_days.recalled +
        excluded.recalled, response_ms = tag_days.response_ms + excluded.response_ms,
        rating_change = tag_days.rating_change + excluded.rating_change;
        """,
    ),
    "cards_retagged": (
        "AFTER UPDATE OF tags ON cards",
        """
        UPDATE tag_days SET reviews = reviews - (SELECT sum(1) FROM reviews AS R WHERE
        R.card_id = NEW.id AND R.day = tag_days.day), recalls = recalls - (SELECT sum(CASE
        WHEN R.mode = 'spaced' AND R.scheduled THEN 1 ELSE 0 END) FROM reviews AS R WHERE
        R.card_id = NEW.id AND R.day = tag_days.day), recalled = recalled - (SELECT sum(CASE
        WHEN R.mode = 'spaced' AND R.scheduled AND R.rating >= 3 THEN 1 ELSE 0 END) FROM
        reviews AS R WHERE R.card_id = NEW.id AND R.day = tag_days.day), response_ms =
        response_ms - (SELECT sum(coalesce(R.response_ms, 0)) FROM reviews AS R WHERE
        R.card_id = NEW.id AND R.day = tag_days.day), rating_change = rating_change -
        (SELECT sum(R.rating - coalesce(R.rating_before, 0)) FROM reviews AS R WHERE
        R.card_id = NEW.id AND R.day = tag_days.day) WHERE tag IN (SELECT value FROM
        {each}(OLD.tags) EXCEPT SELECT value FROM {each}(NEW.tags)) AND day IN (SELECT day
        FROM reviews WHERE card_id = NEW.id); INSERT INTO tag_days (tag, day, reviews,
        recalls, recalled, response_ms, rating_change) SELECT tags.value, R.day, sum(1),
        sum(CASE WHEN R.mode = 'spaced' AND R.scheduled THEN 1 ELSE 0 END), sum(CASE WHEN
        R.mode = 'spaced' AND R.scheduled AND R.rating >= 3 THEN 1 ELSE 0 END),
        sum(coalesce(R.response_ms, 0)), sum(R.rating - coalesce(R.rating_before, 0)) FROM
        reviews AS R, (SELECT value FROM {each}(NEW.tags) EXCEPT SELECT value FROM
        {each}(OLD.tags)) AS tags WHERE R.card_id = NEW.id GROUP BY tags.value, R.day ON
        CONFLICT (tag, day) DO UPDATE SET reviews = tag_days.reviews + excluded.reviews,
        recalls = tag_days.recalls + excluded.recalls, recalled = tag_days.recalled +
        excluded.recalled, response_ms = tag_days.response_ms + excluded.response_ms,
        rating_change = tag_days.rating_change + excluded.rating_change;
        """,
    ),
}

#: The log summed per tag and day, each review once for each distinct tag of its card.
SUMS: Final = """
    INSERT INTO tag_days (tag, day, reviews, recalls, recalled, response_ms, rating_change)
    SELECT tags.value, reviews.day, count(*),
        sum(CASE WHEN reviews.mode = 'spaced' AND reviews.scheduled THEN 1 ELSE 0 END),
        sum(CASE WHEN reviews.mode = 'spaced' AND reviews.scheduled AND reviews.rating >= 3
            THEN 1 ELSE 0 END),
        sum(coalesce(reviews.response_ms, 0)),
        sum(reviews.rating - coalesce(reviews.rating_before, 0))
    FROM reviews JOIN (
        SELECT DISTINCT cards.id AS card_id, value FROM cards, {each}(cards.tags)
    ) AS tags ON tags.card_id = reviews.card_id
    GROUP BY tags.value, reviews.day
    """


def _trigger(dialect: str, name: str, event: str, body: str) -> list[str]:
    """The statements making one trigger on ``dialect``."""
    if dialect == "sqlite":
        return [f"CREATE TRIGGER {name} {event} BEGIN {body} END"]
    return [
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {body} RETURN NULL; END $$",
        f"CREATE TRIGGER {name} {event} FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def upgrade(connection: Connection, _zone: Zone) -> None:
    """Make ``tag_days`` and its triggers, and sum the log into it."""
    dialect = connection.dialect.name
    each = ELEMENTS[dialect]
    statements = [TABLE + TABLE_OPTIONS[dialect]]
    for name, (event, body) in TRIGGERS.items():
        for placeholder, value in (
            ("{new_tags}", CARD_TAGS[dialect].replace("{row}", "NEW")),
            ("{old_tags}", CARD_TAGS[dialect].replace("{row}", "OLD")),
            ("{each}", each),
        ):
            body = body.replace(placeholder, value)
        statements += _trigger(dialect, name, event, body)
    statements.append(SUMS.replace("{each}", each))
    for statement in statements:
        connection.execute(text(statement))
