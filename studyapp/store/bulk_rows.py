"""Many rows for one statement, converted to the driver's values before the write lock is taken.

Run through SQLAlchemy, each row of a big ``executemany`` has its parameters built and every
value converted (JSON dumped, datetimes formatted, decimals scaled) while the transaction holds
the database's write lock: for a 300,000-card deck that is most of the time the lock is held.
A :class:`BulkStatement` compiles the statement for the connection's dialect once and applies
the columns' own bind processors (the very conversions SQLAlchemy would apply) when the rows
are prepared, so the write itself is the driver's ``executemany`` over ready values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

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
        self._processors: list[tuple[str, Callable[[Any], Any] | None]] = [
            (name, binds[name].type.dialect_impl(dialect).bind_processor(dialect)) for name in names
        ]

    def row(self, values: Mapping[str, Any]) -> DriverRow:
        """One row's parameters as the driver takes them."""
        converted: list[Any] = []
        for name, process in self._processors:
            value = values[name] if name in values else self._defaults[name]
            converted.append(value if process is None else process(value))
        if self.positional:
            return tuple(converted)
        return dict(zip(self.names, converted, strict=True))

    def rows(self, values: Iterable[Mapping[str, Any]]) -> list[DriverRow]:
        """Every row's parameters as the driver takes them."""
        return [self.row(each) for each in values]

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
        """Run the statement once per row (nothing to do for no rows)."""
        if rows:
            connection.exec_driver_sql(self.sql, rows)
