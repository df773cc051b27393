"""The deck backup file (``<deck>-<UTC time>.studyapp-deck.json``): a deck with its whole history.

``studyapp deck rm`` writes one before removing a deck, and ``studyapp import`` restores it. It
is plain JSON: a header (format, version, the store's schema version, when it was written) and,
for each table that holds the deck (:data:`BACKUP_TABLES`), its column names and rows as lists
(half the size of objects). Values are written as JSON reads them back: times and days in ISO
8601, SM-2 easiness as a decimal string.

A backup is data from anywhere, so reading one (:func:`read_backup`) bounds its size and its
number of JSON values before parsing it, checks every value against the column it goes to (its
JSON type, then type, length and nullability with pydantic, from the schema's tables) and the
links between rows, and reports the first thing wrong as one DeckError naming the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any, Final, get_args

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    TypeAdapter,
    ValidationError,
)
from sqlalchemy import JSON, Boolean, Column, Date, Float, Integer, String, Table

from studyapp.decks.dispatch import DECK_BACKUP_SUFFIX
from studyapp.decks.errors import DeckError
from studyapp.decks.models import DECK_ID_PATTERN
from studyapp.store.deck_source import DeckKind
from studyapp.store.schema import (
    ANSWER_KINDS,
    MODES,
    Easiness,
    UTCDateTime,
    answers,
    card_states,
    cards,
    decks,
    match_games,
    reviews,
    test_results,
    unfinished_sessions,
)
from studyapp.store.version import SCHEMA_VERSION

#: What the ``format`` field of a backup says, and the file names' ending.
BACKUP_FORMAT: Final = "studyapp deck backup"
BACKUP_VERSION: Final = 1
#: The largest backup read (bytes), and the most JSON arrays and objects in it (one a row, and
#: one a tag list or demo link): its parsed JSON takes several times that in memory.
MAX_BACKUP_BYTES: Final = 64 * 1024 * 1024
MAX_BACKUP_CONTAINERS: Final = 2_000_000

#: The tables a backup holds, in the order they are restored (rows before those that point to
#: them). ``decks`` has one row; the others hold the deck's rows (see
#: :mod:`studyapp.store.deck_removal`).
BACKUP_TABLES: Final[tuple[Table, ...]] = (
    decks,
    cards,
    card_states,
    test_results,
    reviews,
    answers,
    match_games,
    unfinished_sessions,
)

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class DeckBackup:
    """A deck's rows, table by table (column name → value, as the store reads them)."""

    written_at: datetime
    rows: dict[str, list[Row]]

    @property
    def deck(self) -> Row:
        """The deck's ``decks`` row."""
        return self.rows["decks"][0]

    @property
    def key(self) -> str:
        """The deck's id."""
        return str(self.deck["key"])


def backup_text(backup: DeckBackup) -> str:
    """The backup as the text of its file."""
    tables = {
        table.name: {
            "columns": list(table.columns.keys()),
            "rows": [
                [_json_value(row[column.name]) for column in table.columns]
                for row in backup.rows[table.name]
            ],
        }
        for table in BACKUP_TABLES
    }
    document = {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "schema": SCHEMA_VERSION,
        "written_at": backup.written_at.isoformat(),
        "tables": tables,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def backup_file_name(key: str, written_at: datetime, number: int = 1) -> str:
    """``<deck>-<UTC time>.studyapp-deck.json`` (the time to the second, no separators), with
    ``-<number>`` after the time from the second backup of a deck in one second on."""
    moment = written_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{key}-{moment}{f'-{number}' if number > 1 else ''}{DECK_BACKUP_SUFFIX}"


# --- reading ---------------------------------------------------------------------------------


class _DemoValue(BaseModel):
    """A card's stored demo link (:class:`~studyapp.decks.models.DemoLink` dumped)."""

    model_config = ConfigDict(extra="forbid")
    name: str
    params: dict[str, JsonValue]


class _NumericValue(BaseModel):
    """A numeric card's stored spec (:meth:`~studyapp.numeric.spec.NumericSpec.data`)."""

    model_config = ConfigDict(extra="forbid")
    compute: str
    params: dict[str, list[int | float] | str]
    tolerance: str


def _as_dict(value: BaseModel) -> dict[str, Any]:
    return value.model_dump()


#: The shapes the app reads JSON columns in (any other JSON column: any JSON value).
_JSON_SHAPES: Final[dict[tuple[str, str], Any]] = {
    ("decks", "tags"): list[str],
    ("cards", "tags"): list[str],
    ("cards", "distractors"): list[str],
    ("cards", "accepted"): list[str],
    ("cards", "demo"): Annotated[_DemoValue, AfterValidator(_as_dict)],
    ("cards", "numeric_spec"): Annotated[_NumericValue, AfterValidator(_as_dict)],
    ("test_results", "kinds"): list[str],
    ("unfinished_sessions", "state"): dict[str, JsonValue],
}


def _field_type(column: Column[Any]) -> tuple[Any, tuple[type, ...]]:
    """What a backup's value must be to go into ``column``: the checked Python type, and the
    JSON types it may be written as (checked first, so that lax checking never turns text
    into a number)."""
    kind = column.type
    base: Any
    written: tuple[type, ...] = (str,)
    if isinstance(kind, UTCDateTime):
        base = AwareDatetime
    elif isinstance(kind, Easiness):
        base = Annotated[Decimal, Field(ge=0, le=1000)]
    elif isinstance(kind, Boolean):
        base, written = bool, (bool,)
    elif isinstance(kind, Date):
        base = date
    elif isinstance(kind, Float):
        base, written = Annotated[float, Field(allow_inf_nan=False)], (int, float)
    elif isinstance(kind, Integer):
        base, written = Annotated[int, Field(ge=-(2**62), le=2**62)], (int,)
    elif isinstance(kind, String) and kind.length is not None:
        base = Annotated[str, Field(max_length=kind.length)]
    elif isinstance(kind, JSON):
        base = _JSON_SHAPES.get((column.table.name, column.name), JsonValue)
        written = (str, int, float, bool, list, dict)
    else:
        base = str
    if column.nullable:
        return base | None, (*written, type(None))
    return base, written


@dataclass(frozen=True, slots=True)
class _TableCheck:
    """How the rows of one table are checked."""

    columns: list[str]
    written: list[tuple[type, ...]]
    row: TypeAdapter[tuple[Any, ...]]


def _table_check(table: Table, absent: int = 0) -> _TableCheck:
    columns = list(table.columns.values())[: len(table.columns) - absent]
    fields = [_field_type(column) for column in columns]
    row_type: Any = tuple.__class_getitem__(tuple(field for field, _ in fields))
    return _TableCheck(
        [column.name for column in columns],
        [written for _, written in fields],
        TypeAdapter(row_type),
    )


#: The backups of older schemas read too: the columns each lacks, by table (added last since).
UPGRADED_BACKUPS: Final[dict[int, dict[str, tuple[str, ...]]]] = {
    9: {
        "card_states": (
            "sm2_due",
            "fsrs_stability",
            "fsrs_difficulty",
            "fsrs_reviewed_on",
            "fsrs_due",
        ),
        "reviews": (
            "sm2_due_before",
            "fsrs_stability_before",
            "fsrs_difficulty_before",
            "fsrs_reviewed_on_before",
            "fsrs_due_before",
            "fsrs_stability_after",
            "fsrs_difficulty_after",
        ),
    }
}
BACKUP_TABLES_BY_NAME: Final = {table.name: table for table in BACKUP_TABLES}


def _fill_schema_10_columns(rows: dict[str, list[Row]]) -> None:
    """Give a schema-9 backup's rows schema 10's columns: every schedule then was SM-2's (its
    due day is SM-2's), and FSRS's memory is not known (worked out when FSRS is chosen)."""
    absent = UPGRADED_BACKUPS[9]
    for name, due in (("card_states", "due"), ("reviews", "due_before")):
        first = absent[name][0]
        for row in rows[name]:
            row.update(dict.fromkeys(absent[name]))
            row[first] = row[due]


_CHECKS: Final = {table.name: _table_check(table) for table in BACKUP_TABLES}


def read_backup(data: bytes, path: str) -> DeckBackup:
    """The backup in ``data`` (the file ``path``), checked; DeckError saying what is wrong.

    Memory is bounded before anything is parsed: the size, and the number of JSON arrays and
    objects (each row is one), counted in the bytes.
    """

    def refused(message: str) -> DeckError:
        return DeckError.single(path, None, message)

    if len(data) > MAX_BACKUP_BYTES:
        raise refused(f"a backup is at most {MAX_BACKUP_BYTES >> 20} MiB")
    if data.count(b"[") + data.count(b"{") > MAX_BACKUP_CONTAINERS:
        raise refused(f"holds more than {MAX_BACKUP_CONTAINERS} rows and values")
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        raise refused("is not a studyapp deck backup (not JSON)") from None
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise refused("is not a studyapp deck backup")
    if document.get("version") != BACKUP_VERSION:
        raise refused(f"is not a studyapp deck backup of version {BACKUP_VERSION}")
    schema = document.get("schema")
    if schema not in (SCHEMA_VERSION, *UPGRADED_BACKUPS):
        raise refused(
            f"was written by a studyapp with store schema {schema!r}; this one reads schema "
            f"{', '.join(map(str, sorted(UPGRADED_BACKUPS)))} and {SCHEMA_VERSION}"
        )
    try:
        written_at = TypeAdapter(AwareDatetime).validate_python(document.get("written_at"))
    except ValidationError:
        raise refused("written_at: not a time with its UTC offset") from None
    tables = document.get("tables")
    if not isinstance(tables, dict) or set(tables) != set(_CHECKS):
        raise refused(f"its tables must be {', '.join(_CHECKS)}")
    absent = UPGRADED_BACKUPS.get(schema, {})
    rows = {
        name: _checked_rows(name, tables[name], refused, len(absent.get(name, ())))
        for name in _CHECKS
    }
    if absent:
        _fill_schema_10_columns(rows)
    backup = DeckBackup(written_at, rows)
    problem = _link_problem(backup)
    if problem is not None:
        raise refused(problem)
    return backup


def _checked_rows(
    name: str, given: Any, refused: Callable[[str], DeckError], absent: int = 0
) -> list[Row]:
    """A table's rows checked against its columns, but its last ``absent`` (columns a newer
    schema added), and the first problem is the error."""
    check = _CHECKS[name]
    if absent:
        check = _table_check(BACKUP_TABLES_BY_NAME[name], absent)
    if not isinstance(given, dict) or given.get("columns") != check.columns:
        raise refused(f'table "{name}" has other columns than {", ".join(check.columns)}')
    values = given.get("rows")
    if not isinstance(values, list):
        raise refused(f'table "{name}": its rows must be a list')
    checked: list[Row] = []
    for number, row in enumerate(values, start=1):
        where = f'table "{name}" row {number}'
        if not isinstance(row, list) or len(row) != len(check.columns):
            raise refused(f"{where}: must be a list of {len(check.columns)} values")
        for column, value, written in zip(check.columns, row, check.written, strict=True):
            if not isinstance(value, written) or (isinstance(value, bool) and bool not in written):
                raise refused(f"{where} column {column}: {type(value).__name__} is the wrong type")
        try:
            valid = check.row.validate_python(row)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            column = check.columns[int(first["loc"][0])] if first["loc"] else "?"
            raise refused(f"{where} column {column}: {first['msg']}") from None
        checked.append(dict(zip(check.columns, valid, strict=True)))
    return checked


def _link_problem(backup: DeckBackup) -> str | None:
    """What is wrong with how the rows fit together, or None."""
    rows = backup.rows
    if len(rows["decks"]) != 1:
        return f'table "decks" must hold one deck, not {len(rows["decks"])}'
    key = backup.key
    if not re.fullmatch(DECK_ID_PATTERN, key):
        return f'deck id "{key}" is not an id (lowercase letters, digits, - and _)'
    kinds = get_args(DeckKind)
    if backup.deck["origin_kind"] not in (None, *kinds):
        return f"the deck's origin_kind is one of {', '.join(kinds)}"
    card_ids = [row["id"] for row in rows["cards"]]
    if len(set(card_ids)) != len(card_ids):
        return "two cards have the same row id"
    card_keys = [row["key"] for row in rows["cards"]]
    if len(set(card_keys)) != len(card_keys):
        return "two cards have the same id"
    known = set(card_ids)
    states = [row["card_id"] for row in rows["card_states"]]
    if sorted(states) != sorted(card_ids):
        return "every card needs exactly one card_states row"
    for name in ("reviews", "answers"):
        if any(row["card_id"] not in known for row in rows[name]):
            return f'a row of "{name}" is for a card not in the backup'
    if any(not 1 <= row["rating"] <= 5 or row["mode"] not in MODES for row in rows["reviews"]):
        return 'a row of "reviews" has a rating outside 1-5 or an unknown mode'
    if any(row["kind"] not in ANSWER_KINDS for row in rows["answers"]):
        return 'a row of "answers" has an unknown kind'
    if any(not 0 <= row["flag"] <= 7 for row in rows["card_states"]):
        return "a card's flag is not 0-7"
    test_ids = [row["id"] for row in rows["test_results"]]
    if len(set(test_ids)) != len(test_ids):
        return "two tests have the same row id"
    scope = f"deck:{key}"
    for name in ("test_results", "match_games", "unfinished_sessions"):
        if any(row["scope"] != scope for row in rows[name]):
            return f'a row of "{name}" is not of the deck\'s scope "{scope}"'
    return None
