"""The deck backup file (``<deck>-<UTC time>.studyapp-deck.json``): a deck with its whole history.

``studyapp deck rm`` writes one before removing a deck, and ``studyapp import`` restores it. It
is plain JSON: a header (format, version, the store's schema version, when it was written) and,
for each table that holds the deck (:data:`BACKUP_TABLES`), its column names and rows as lists
(half the size of objects). Values are written as JSON reads them back: times and days in ISO
8601, SM-2 easiness as a decimal string.

A backup is data from anywhere, so reading one (:func:`read_backup`) bounds its size, checks
every value against the column it goes to (type, length, nullability; pydantic models made from
the schema's tables) and the links between rows, and reports what is wrong as one DeckError
naming the file, without a traceback.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any, Final

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, JsonValue, ValidationError
from pydantic import create_model
from sqlalchemy import JSON, Boolean, Column, Date, Integer, String, Table

from studyapp.decks.dispatch import DECK_BACKUP_SUFFIX
from studyapp.decks.errors import DeckError
from studyapp.decks.models import DECK_ID_PATTERN
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
#: The largest backup read (bytes): its JSON takes several times that in memory.
MAX_BACKUP_BYTES: Final = 64 * 1024 * 1024

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
                [_json_value(row[name]) for name in table.columns.keys()]
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


def backup_file_name(key: str, written_at: datetime) -> str:
    """``<deck>-<UTC time>.studyapp-deck.json`` (the time to the second, no separators)."""
    return f"{key}-{written_at.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}{DECK_BACKUP_SUFFIX}"


# --- reading ---------------------------------------------------------------------------------


def _field_type(column: Column[Any]) -> Any:
    """The Python type a backup's value must have to go into ``column``."""
    kind = column.type
    base: Any
    if isinstance(kind, UTCDateTime):
        base = AwareDatetime
    elif isinstance(kind, Easiness):
        base = Annotated[Decimal, Field(ge=0, le=1000)]
    elif isinstance(kind, Boolean):
        base = bool
    elif isinstance(kind, Date):
        base = date
    elif isinstance(kind, Integer):
        base = Annotated[int, Field(ge=-(2**62), le=2**62)]
    elif isinstance(kind, String) and kind.length is not None:
        base = Annotated[str, Field(max_length=kind.length)]
    elif isinstance(kind, JSON):
        base = JsonValue
    else:
        base = str
    return base | None if column.nullable else base


def _rows_model(table: Table) -> type[BaseModel]:
    """A table as a backup holds it: column names, and rows as tuples of checked values."""
    row = tuple.__class_getitem__(tuple(_field_type(c) for c in table.columns.values()))
    return create_model(  # type: ignore[call-overload,no-any-return]
        f"Backup_{table.name}",
        __config__=ConfigDict(extra="forbid", strict=True),
        columns=(list[str], ...),
        rows=(list[row], ...),  # type: ignore[valid-type]
    )


_TABLES: Final = create_model(  # type: ignore[call-overload]
    "BackupTables",
    __config__=ConfigDict(extra="forbid", strict=True),
    **{table.name: (_rows_model(table), ...) for table in BACKUP_TABLES},
)


class _BackupDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    format: str
    version: int
    schema_version: int = Field(alias="schema")
    written_at: AwareDatetime
    tables: _TABLES  # type: ignore[valid-type]


class _BackupHeader(BaseModel):
    """What a backup says it is, read before its tables (a newer format fails here first)."""

    model_config = ConfigDict(extra="ignore")
    format: str
    version: int
    schema_version: int = Field(alias="schema")


def read_backup(data: bytes, path: str) -> DeckBackup:
    """The backup in ``data`` (the file ``path``), checked; DeckError saying what is wrong."""
    if len(data) > MAX_BACKUP_BYTES:
        raise DeckError.single(path, None, f"a backup is at most {MAX_BACKUP_BYTES >> 20} MiB")
    try:
        header = _BackupHeader.model_validate_json(data)
    except ValidationError:
        raise DeckError.single(path, None, "is not a studyapp deck backup") from None
    if header.format != BACKUP_FORMAT or header.version != BACKUP_VERSION:
        raise DeckError.single(
            path, None, f"is not a studyapp deck backup of version {BACKUP_VERSION}"
        )
    if header.schema_version != SCHEMA_VERSION:
        raise DeckError.single(
            path,
            None,
            f"was written by a studyapp with store schema {header.schema_version}; this one "
            f"reads schema {SCHEMA_VERSION}",
        )
    try:
        document = _BackupDocument.model_validate_json(data)
    except ValidationError as error:
        raise DeckError.single(path, None, _first_problem(error)) from None
    rows: dict[str, list[Row]] = {}
    for table in BACKUP_TABLES:
        given = getattr(document.tables, table.name)
        names = list(table.columns.keys())
        if given.columns != names:
            raise DeckError.single(
                path, None, f'table "{table.name}" has other columns than {", ".join(names)}'
            )
        rows[table.name] = [dict(zip(names, values, strict=True)) for values in given.rows]
    backup = DeckBackup(document.written_at, rows)
    problem = _link_problem(backup)
    if problem is not None:
        raise DeckError.single(path, None, problem)
    return backup


def _first_problem(error: ValidationError) -> str:
    """The first thing wrong, located as ``table "cards" row 3 column question``."""
    first = error.errors(include_url=False)[0]
    loc = list(first["loc"])
    where = ".".join(str(part) for part in loc) or "the file"
    if len(loc) >= 4 and loc[0] == "tables" and loc[2] == "rows" and isinstance(loc[3], int):
        table = {t.name: t for t in BACKUP_TABLES}.get(str(loc[1]))
        where = f'table "{loc[1]}" row {loc[3] + 1}'
        if table is not None and len(loc) >= 5 and isinstance(loc[4], int):
            where += f" column {list(table.columns.keys())[loc[4]]}"
    more = error.error_count() - 1
    also = f" (and {more} more)" if more else ""
    return f"{where}: {first['msg']}{also}"


def _link_problem(backup: DeckBackup) -> str | None:
    """What is wrong with how the rows fit together, or None."""
    rows = backup.rows
    if len(rows["decks"]) != 1:
        return f'table "decks" must hold one deck, not {len(rows["decks"])}'
    key = backup.key
    if not re.fullmatch(DECK_ID_PATTERN, key):
        return f'deck id "{key}" is not an id (lowercase letters, digits, - and _)'
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
