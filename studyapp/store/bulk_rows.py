"""Many rows for one statement, converted to the driver's values before the write lock is taken.

Run through SQLAlchemy, each row of a big ``executemany`` has its parameters built and every
value converted (JSON dumped, datetimes formatted, decimals scaled) while the transaction holds
the database's write lock: for a 300,000-card deck that is most of the time the lock is held.
A :class:`BulkStatement` compiles the statement for the connection's dialect once and applies
the columns' own bind processors (the very conversions SQLAlchemy would apply) when the rows
are prepared, so the write itself is the driver's ``executemany`` over ready values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import JSON, Boolean, Connection, Date, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement
from sqlalchemy.types import TypeDecorator, TypeEngine

from studyapp.store.schema import Easiness, UTCDateTime

#: A row ready for the driver: a tuple (positional paramstyles) or a dict (named ones).
DriverRow = tuple[Any, ...] | dict[str, Any]


class BulkStatement:
    """An INSERT or UPDATE compiled for one dialect, with its rows converted ahead of time."""

    def __init__(self, statement: ClauseElement, dialect: Dialect, keys: Sequence[str]) -> None:
        compiled = cast("SQLCompiler", statement.compile(dialect=dialect, column_keys=list(keys)))
        self.sql = str(compiled)
        self.positional = bool(compiled.positional)
        binds = compiled.binds
        names = list(compiled.positiontup or []) if self.positional else list(binds)
        self.names: list[str] = names
        self._defaults = {name: binds[name].value for name in names if name not in keys}
        types = [binds[name].type.dialect_impl(dialect) for name in names]
        self._column_converters = [_column_converter(kind, dialect) for kind in types]
        self._pick: Callable[[Mapping[str, Any]], tuple[Any, ...]] = (
            itemgetter(*names) if len(names) > 1 else lambda values: (values[names[0]],)
        )

    def unconverted(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """One row's parameters as given, in the order of :attr:`names` (to convert a column
        at a time with :meth:`converted_columns`)."""
        if self._defaults:
            values = {**self._defaults, **values}
        return self._pick(values)

    def unconverted_columns(self, columns: Mapping[str, Sequence[Any]]) -> list[Sequence[Any]]:
        """Whole columns of parameters given by name, in the order of :attr:`names` (those
        not given filled with their defaults), to convert with :meth:`converted_columns`."""
        size = len(next(iter(columns.values()))) if columns else 0
        return [
            columns[name] if name in columns else [self._defaults[name]] * size
            for name in self.names
        ]

    def converted_columns(self, columns: Sequence[Sequence[Any]]) -> list[list[Any]]:
        """Whole columns of parameters (in the order of :attr:`names`) converted for the
        driver: each column's conversion runs over it in one go, and a value met again in a
        column of days, times or easiness factors is converted once."""
        return [
            list(column) if convert is None else convert(column)
            for convert, column in zip(self._column_converters, columns, strict=True)
        ]

    def rows(self, values: Iterable[Mapping[str, Any]]) -> list[DriverRow]:
        """Every row's parameters as the driver takes them."""
        given = [self.unconverted(each) for each in values]
        if not given:
            return []
        converted = list(zip(*self.converted_columns(list(zip(*given, strict=True))), strict=True))
        if self.positional:
            return cast("list[DriverRow]", converted)
        return [dict(zip(self.names, row, strict=True)) for row in converted]

    def set_value(self, rows: list[DriverRow], name: str, values: Sequence[Any]) -> list[DriverRow]:
        """The rows with parameter ``name`` replaced, row by row, by ``values`` (ids known only
        at write time, such as a new deck's or new cards'). The values need no conversion."""
        if not self.positional:
            named = cast("list[dict[str, Any]]", rows)
            return [{**row, name: value} for row, value in zip(named, values, strict=True)]
        at = self.names.index(name)
        positional = cast("list[tuple[Any, ...]]", rows)
        return [
            (*row[:at], value, *row[at + 1 :])
            for row, value in zip(positional, values, strict=True)
        ]

    def execute(self, connection: Connection, rows: list[DriverRow]) -> None:
        """Run the statement once per row (nothing to do for no rows).

        On SQLite, many rows of an INSERT are first put in a temporary table and inserted
        from there in one statement: each statement of an ``executemany`` makes SQLite's
        full-text index write out what it has gathered (inserting 10,000 new cards one
        statement at a time took eight times as long), and the triggers run once per row
        either way."""
        if not rows:
            return
        staged = _STAGEABLE_INSERT.fullmatch(self.sql) if self.positional else None
        if staged is None or len(rows) < _STAGED_ROWS or connection.dialect.name != "sqlite":
            connection.exec_driver_sql(self.sql, rows)
            return
        columns = ", ".join(f"c{number}" for number in range(len(self.names)))
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{_STAGING_TABLE}")
        connection.exec_driver_sql(f"CREATE TEMP TABLE {_STAGING_TABLE} ({columns})")
        connection.exec_driver_sql(
            f"INSERT INTO temp.{_STAGING_TABLE} VALUES ({staged['values']})", rows
        )
        connection.exec_driver_sql(
            f"{staged['insert']} SELECT {columns} FROM temp.{_STAGING_TABLE} ORDER BY rowid"
        )
        connection.exec_driver_sql(f"DROP TABLE temp.{_STAGING_TABLE}")


#: An INSERT whose values are all parameters, which can take its rows from a table instead.
_STAGEABLE_INSERT = re.compile(
    r"(?P<insert>INSERT INTO [^()]+ \([^()]*\)) VALUES \((?P<values>\?(?:, \?)*)\)", re.DOTALL
)
#: The fewest rows put through a temporary table (fewer go straight in).
_STAGED_ROWS = 64
_STAGING_TABLE = "studyapp_staged_rows"


class _Converted(dict[Any, Any]):
    """Values already converted by one processor, converting the others on first use."""

    def __init__(self, process: Callable[[Any], Any]) -> None:
        super().__init__()
        self.process = process

    def __missing__(self, value: Any) -> Any:
        converted = self[value] = self.process(value)
        return converted


def _column_converter(
    kind: TypeEngine[Any], dialect: Dialect
) -> Callable[[Sequence[Any]], list[Any]] | None:
    """What converts a whole column of ``kind`` for the driver (None: nothing to convert)."""
    process = kind.bind_processor(dialect)
    if process is None:
        return None
    if isinstance(kind, JSON):
        return partial(_converted_json, process)
    if not _converts_equals_alike(kind):
        return lambda column: list(map(process, column))

    def convert(column: Sequence[Any]) -> list[Any]:
        converted = _Converted(process)
        try:
            return list(map(converted.__getitem__, column))
        except TypeError:  # an unhashable value
            return list(map(process, column))

    return convert


def _converted_json(process: Callable[[Any], Any], column: Sequence[Any]) -> list[Any]:
    """A column of JSON values converted: each distinct list of strings (a card's tags, its
    distractors, most often none) and None once, anything else value by value."""
    made: dict[tuple[str, ...] | None, Any] = {}
    converted = []
    for value in column:
        if value is None:
            key = None
        elif type(value) is list and (not value or all(type(item) is str for item in value)):
            key = tuple(value)
        else:
            converted.append(process(value))
            continue
        try:
            converted.append(made[key])
        except KeyError:
            made[key] = process(value)
            converted.append(made[key])
    return converted


def _converts_equals_alike(kind: TypeEngine[Any]) -> bool:
    """Whether equal values of a column of ``kind`` always convert to the same value: dates,
    UTC times, booleans and easiness factors (1 and True, or 2.5 and 2.50, are equal)."""
    if isinstance(kind, TypeDecorator):
        return isinstance(kind, (UTCDateTime, Easiness))
    return isinstance(kind, (Date, Boolean)) and not isinstance(kind, DateTime)
