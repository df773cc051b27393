"""An opened Anki collection's rows read into plain values, every value checked on the way.

A collection is an untrusted SQLite file: any column can hold text where a number belongs, or
NULL, or a number too large for a date; any JSON or protobuf value can be missing or the wrong
shape, or nested deeply enough to exhaust Python's stack. Each such problem is a
:class:`~studyapp.decks.errors.DeckError` naming the package, the collection file and the row.

Text columns are read leniently (NULL as empty text, invalid UTF-8 replaced): Anki itself
shows such text. Numbers are read strictly: a note whose note type is "abc" has none.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from studyapp.decks.anki.protobuf_fields import (
    FieldValues,
    ProtobufError,
    int_field,
    last_fields,
    message_field,
    text_field,
)
from studyapp.decks.anki.records import (
    FLAG_BITS,
    SUSPENDED_QUEUE,
    Card,
    Deck,
    Note,
    NoteType,
    ReviewLog,
    Template,
)
from studyapp.decks.errors import DeckError

__all__ = [
    "LEGACY_SCHEMA",
    "TABLE_SCHEMAS",
    "Contents",
    "read_collection",
]

#: The schema of older packages' collections, and the range of the table-based schema.
LEGACY_SCHEMA = 11
TABLE_SCHEMAS = range(15, 19)
#: Tables every collection has, and those of the table-based schema.
_COMMON_TABLES = ("col", "notes", "cards", "revlog")
_SCHEMA_TABLES = ("notetypes", "fields", "templates", "decks")
#: Review times outside these years are damage (Anki's review ids are milliseconds).
_FIRST_YEAR, _LAST_YEAR = 1970, 2200
_EARLIEST_MS = int(datetime(_FIRST_YEAR, 1, 1, tzinfo=UTC).timestamp() * 1000)
_LATEST_MS = int(datetime(_LAST_YEAR, 1, 1, tzinfo=UTC).timestamp() * 1000)
#: A review's answer time is kept up to a day (Anki itself stops counting after minutes).
_MAX_DURATION_MS = 24 * 3600 * 1000
#: Review-log rows read and checked at a time.
_REVIEW_CHUNK = 20_000
#: Tags of one note beyond this many are damage, not tags.
MAX_TAGS = 1000
#: The note types and decks of a collection (their JSON, or their protobuf settings) are a
#: few megabytes at most; more is damage, and parsing it would take memory or time.
MAX_SETTINGS_BYTES = 32 * 2**20

_FIELD_SEPARATOR = "\x1f"
_CLOZE_KIND = 1

TypesAndDecks = tuple[dict[int, NoteType], dict[int, Deck]]
Contents = tuple[dict[int, NoteType], dict[int, Deck], list[Note], list[Card], ReviewLog]


class _ShapeError(ValueError):
    """A value of the wrong type or shape (the message says which)."""


def read_collection(conn: sqlite3.Connection, name: str, member: str) -> Contents:
    """Note types, decks, notes, cards and reviews of an opened collection."""
    conn.text_factory = _text_from_bytes
    kinds = dict(conn.execute("SELECT name, type FROM sqlite_master"))
    _require_tables(kinds, _COMMON_TABLES, name, member)
    row = conn.execute("SELECT ver FROM col").fetchone()
    schema = row[0] if row else None
    if not isinstance(schema, int):
        raise DeckError.single(
            name, None, f"{member} is damaged: its schema version is {_shown(schema)}"
        )
    try:
        if schema == LEGACY_SCHEMA and "notetypes" not in kinds:
            note_types, decks = _legacy_types_and_decks(conn)
        elif schema in TABLE_SCHEMAS and "notetypes" in kinds:
            _require_tables(kinds, _SCHEMA_TABLES, name, member)
            note_types, decks = _table_types_and_decks(conn)
        else:
            raise DeckError.single(
                name,
                None,
                f"{member} has collection schema {schema}; this app reads schema "
                f"{LEGACY_SCHEMA} and {TABLE_SCHEMAS.start}–{TABLE_SCHEMAS.stop - 1}",
            )
    except (_ShapeError, ProtobufError, RecursionError) as error:
        reason = "they are nested too deeply" if isinstance(error, RecursionError) else error
        raise DeckError.single(
            name, None, f"{member} is damaged: its note types or decks cannot be read ({reason})"
        ) from None
    try:
        notes = list(_notes(conn, note_types))
        cards = list(_cards(conn))
        reviews = _review_log(conn)
    except _ShapeError as error:
        raise DeckError.single(name, None, f"{member} is damaged: {error}") from None
    return note_types, decks, notes, cards, reviews


def _require_tables(
    kinds: dict[Any, Any], required: tuple[str, ...], name: str, member: str
) -> None:
    """Refuse a collection missing one of ``required``, or where one of them is not a table
    (a view can be made to run forever)."""
    missing = [table for table in required if table not in kinds]
    if missing:
        raise DeckError.single(
            name,
            None,
            f"{member} is not an Anki collection (it has no {', '.join(sorted(missing))} table)",
        )
    odd = [table for table in required if kinds[table] != "table"]
    if odd:
        raise DeckError.single(
            name,
            None,
            f"{member} is damaged: {', '.join(odd)} should be a table, not a {kinds[odd[0]]}",
        )


def _text_from_bytes(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _shown(value: object, limit: int = 40) -> str:
    """A column value as the error shows it (short)."""
    if value is None:
        return "empty (NULL)"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: object, what: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _ShapeError(f"{what} is {_shown(value)}, not a whole number")


def _text(value: object) -> str:
    """A text column's value, leniently: NULL is "", a blob is decoded, a number written."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return _text_from_bytes(value)
    return str(value)


def _blob(value: object) -> bytes:
    """A protobuf column's value: NULL is an empty message."""
    if value is None:
        return b""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", errors="replace")
    raise _ShapeError(f"a settings blob is {_shown(value)}")


def _rows(conn: sqlite3.Connection, sql: str) -> Iterator[tuple[Any, ...]]:
    yield from conn.execute(sql)


def _notes(conn: sqlite3.Connection, note_types: dict[int, NoteType]) -> Iterator[Note]:
    for note_id, guid, notetype_id, tags, values in _rows(
        conn, "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
    ):
        number = _number(note_id, "a note's id")
        where = f"note {number}"
        note_type = _number(notetype_id, f"the note type of {where}")
        known = note_types.get(note_type)
        # a note has as many fields as its note type; more is damage, never read into memory
        count = max(1, len(known.fields)) if known else 1
        fields = _text(values).split(_FIELD_SEPARATOR, count)[:count]
        tag_list = _text(tags).split(None, MAX_TAGS)
        if len(tag_list) > MAX_TAGS:
            raise _ShapeError(f"{where} has more than {MAX_TAGS} tags")
        yield Note(number, _text(guid), note_type, tuple(tag_list), tuple(fields))


def _cards(conn: sqlite3.Connection) -> Iterator[Card]:
    for card_id, note_id, deck, original, template, queue, flags, data in _rows(
        conn, "SELECT id, nid, did, odid, ord, queue, flags, data FROM cards ORDER BY id"
    ):
        number = _number(card_id, "a card's id")
        where = f"card {number}"
        home = _number(original, f"the home deck of {where}") if original is not None else 0
        yield Card(
            number,
            _number(note_id, f"the note of {where}"),
            home or _number(deck, f"the deck of {where}"),
            _number(template, f"the template number of {where}"),
            queue == SUSPENDED_QUEUE,
            _flag(flags),
            fsrs_memory(data),
        )


#: The most characters of a card's ``data`` read (Anki's is a short JSON object).
MAX_CARD_DATA: Final = 10_000
#: The largest stability taken, in days (Anki's own bound: 100 years).
MAX_STABILITY: Final = 36500.0


def fsrs_memory(data: object) -> tuple[float, float] | None:
    """The FSRS memory Anki keeps in a card's ``data`` (JSON with ``s``, the stability in days,
    and ``d``, the difficulty 1–10), leniently: anything else, or values out of range, is none
    (a memory only saves working it out again)."""
    if not isinstance(data, str) or len(data) > MAX_CARD_DATA or '"s"' not in data:
        return None  # (no stability written as JSON writes it: most cards' data is "{}")
    try:
        value = json.loads(data)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    stability, difficulty = value.get("s"), value.get("d")
    if not all(
        isinstance(number, int | float) and not isinstance(number, bool)
        for number in (stability, difficulty)
    ):
        return None
    assert isinstance(stability, int | float)
    assert isinstance(difficulty, int | float)
    if not (0 < stability <= MAX_STABILITY and 1 <= difficulty <= 10):
        return None
    return float(stability), float(difficulty)


def _flag(flags: object) -> int:
    """A card's flag colour from its ``flags`` column, leniently (a flag only decorates a
    card): anything but a whole number is no flag."""
    if isinstance(flags, int) and not isinstance(flags, bool):
        return flags & FLAG_BITS
    return 0


def _review_log(conn: sqlite3.Connection) -> ReviewLog:
    """The review log in time order, read a chunk of rows at a time into compact columns
    (each grown in place, so the log is never held twice)."""
    cursor = conn.execute("SELECT id, cid, ease, time FROM revlog ORDER BY id")
    times, card_ids, buttons, durations = array("q"), array("q"), array("b"), array("i")
    while rows := cursor.fetchmany(_REVIEW_CHUNK):
        chunk_times, chunk_cards, chunk_buttons, chunk_durations = _review_columns(rows)
        times.frombytes(chunk_times.tobytes())
        card_ids.frombytes(chunk_cards.tobytes())
        # a button outside a byte's range is damage: not an answer
        chunk_buttons[(chunk_buttons < -128) | (chunk_buttons > 127)] = 0
        buttons.frombytes(chunk_buttons.astype(np.int8).tobytes())
        taken = np.clip(chunk_durations, 0, _MAX_DURATION_MS).astype(np.int32)
        durations.frombytes(taken.tobytes())
    return ReviewLog(
        np.frombuffer(card_ids, dtype=np.int64) if card_ids else np.zeros(0, np.int64),
        np.frombuffer(times, dtype=np.int64) if times else np.zeros(0, np.int64),
        np.frombuffer(buttons, dtype=np.int8) if buttons else np.zeros(0, np.int8),
        np.frombuffer(durations, dtype=np.int32) if durations else np.zeros(0, np.int32),
    )


def _review_columns(rows: list[tuple[Any, ...]]) -> tuple[NDArray[np.int64], ...]:
    """Checked rows of the review log as columns: times, cards, buttons, answer times."""
    times, card_ids, buttons, durations = zip(*rows, strict=True)
    # the common case checked a column at a time (a million rows is a heavy user's log)
    if not (
        _all_whole(times)
        and _all_whole(card_ids)
        and _all_whole(buttons)
        and min(times) >= _EARLIEST_MS
        and max(times) < _LATEST_MS
    ):
        for at, card_id, button, _ in rows:
            if not (
                type(at) is int
                and type(card_id) is int
                and type(button) is int
                and _EARLIEST_MS <= at < _LATEST_MS
            ):
                _check_review(at, card_id, button)
    if not _all_whole(durations):  # NULL or junk: not timed
        durations = tuple(taken if type(taken) is int else 0 for taken in durations)
    columns = (times, card_ids, buttons, durations)
    return tuple(np.array(column, dtype=np.int64) for column in columns)


def _all_whole(column: tuple[Any, ...]) -> bool:
    """Whether every value is a plain int (not a bool, float, text or NULL)."""
    return set(map(type, column)) == {int}


def _check_review(at: object, card_id: object, button: object) -> None:
    """Raise _ShapeError for what is wrong in a review-log row."""
    milliseconds = _number(at, "a review's id (its time)")
    where = f"review {milliseconds}"
    _number(card_id, f"the card of {where}")
    _number(button, f"the answer button of {where}")
    raise _ShapeError(
        f"{where} has an impossible time (not between {_FIRST_YEAR} and {_LAST_YEAR})"
    )


def _legacy_types_and_decks(conn: sqlite3.Connection) -> TypesAndDecks:
    """Schema 11: note types and decks as JSON objects in the ``col`` row."""
    row = conn.execute("SELECT models, decks FROM col").fetchone()
    models = _json_object(row[0], "the note types")
    note_types = {}
    for model in models.values():
        model = _mapping(model, "a note type")
        fields = tuple(
            _string(entry.get("name"), "a field's name")
            for entry in _by_order(model.get("flds"), "the fields of a note type")
        )
        templates = tuple(
            Template(
                _string(entry.get("name"), "a template's name"),
                _string(entry.get("qfmt"), "a front template"),
                _string(entry.get("afmt"), "a back template"),
            )
            for entry in _by_order(model.get("tmpls"), "the templates of a note type")
        )
        note_type_id = _json_id(model.get("id"), "a note type's id")
        note_types[note_type_id] = NoteType(
            note_type_id,
            _string(model.get("name"), "a note type's name"),
            model.get("type") == _CLOZE_KIND,
            fields,
            templates,
        )
    decks = {}
    for deck in _json_object(row[1], "the decks").values():
        deck = _mapping(deck, "a deck")
        deck_id = _json_id(deck.get("id"), "a deck's id")
        description = deck.get("desc")
        decks[deck_id] = Deck(
            deck_id,
            _string(deck.get("name"), "a deck's name"),
            description if isinstance(description, str) else "",
        )
    return note_types, decks


def _json_object(value: object, what: str) -> dict[str, Any]:
    text = _text(value)
    if len(text) > MAX_SETTINGS_BYTES:
        raise _ShapeError(f"{what} take more than {MAX_SETTINGS_BYTES // 2**20} MiB")
    try:
        parsed = json.loads(text)
    except ValueError:
        raise _ShapeError(f"{what} are not JSON") from None
    return _mapping(parsed, what)


def _mapping(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _ShapeError(f"{what} is not a JSON object")
    return value


def _string(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise _ShapeError(f"{what} is {_shown(value)}, not text")
    return value


def _json_id(value: object, what: str) -> int:
    """An id in the JSON: a whole number (old Anki versions wrote some as text)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 20:
        return int(value)
    return _number(value, what)


def _by_order(value: object, what: str) -> list[dict[str, Any]]:
    """A JSON list of objects sorted by their ``ord`` (a whole number)."""
    if not isinstance(value, list):
        raise _ShapeError(f"{what} are not a JSON list")
    entries = [_mapping(entry, what) for entry in value]
    order: Callable[[dict[str, Any]], int] = lambda entry: _number(entry.get("ord", 0), what)  # noqa: E731
    return sorted(entries, key=order)


def _table_types_and_decks(conn: sqlite3.Connection) -> TypesAndDecks:
    """Schema 15-18: note types, fields, templates and decks in tables, settings as protobuf."""
    settings_left = [MAX_SETTINGS_BYTES]

    def settings(value: object, numbers: tuple[int, ...]) -> FieldValues:
        blob = _blob(value)
        settings_left[0] -= len(blob)
        if settings_left[0] < 0:
            raise _ShapeError(f"their settings take more than {MAX_SETTINGS_BYTES // 2**20} MiB")
        return last_fields(blob, numbers)

    fields: dict[int, list[str]] = {}
    for note_type_id, field_name in _rows(conn, "SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        owner = _number(note_type_id, "the note type of a field")
        fields.setdefault(owner, []).append(_text(field_name))
    templates: dict[int, list[Template]] = {}
    for note_type_id, template_name, config in _rows(
        conn, "SELECT ntid, name, config FROM templates ORDER BY ntid, ord"
    ):
        owner = _number(note_type_id, "the note type of a template")
        template = settings(config, (1, 2))
        templates.setdefault(owner, []).append(
            Template(_text(template_name), text_field(template, 1), text_field(template, 2))
        )
    note_types = {}
    for note_type_id, type_name, config in _rows(conn, "SELECT id, name, config FROM notetypes"):
        number = _number(note_type_id, "a note type's id")
        kind = int_field(settings(config, (1,)), 1)
        note_types[number] = NoteType(
            number,
            _text(type_name),
            kind == _CLOZE_KIND,
            tuple(fields.get(number, [])),
            tuple(templates.get(number, [])),
        )
    decks = {}
    for deck_id, deck_name, kind in _rows(conn, "SELECT id, name, kind FROM decks"):
        number = _number(deck_id, "a deck's id")
        # a normal deck's settings are field 1 (filtered decks have no description)
        normal = message_field(settings(kind, (1,)), 1)
        description = text_field(last_fields(normal, (4,)), 4)
        full_name = _text(deck_name).replace(_FIELD_SEPARATOR, "::")
        decks[number] = Deck(number, full_name, description)
    return note_types, decks
