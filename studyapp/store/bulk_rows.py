"""Many rows for one statement, converted to the driver's values before the write lock is taken.

Run through SQLAlchemy, each row of a big ``executemany`` has its parameters built and every
value converted (JSON dumped, datetimes formatted, decimals scaled) while the transaction holds
the database's write lock: for a 300,000-card deck that is most of the time the lock is held.
A :class:`BulkStatement` compiles the statement for the connection's dialect once and applies
the columns' own bind processors (the very conversions SQLAlchemy would apply) when the rows
are prepared, so the write itself is the driver's ``executemany`` over ready values.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray
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
            (name, _remembering(binds[name].type.dialect_impl(dialect).bind_processor(dialect)))
            for name in names
        ]

    def row(self, values: Mapping[str, Any]) -> DriverRow:
        """One row's parameters as the driver takes them."""
        converted = self.converted(values)
        if self.positional:
            return converted
        return dict(zip(self.names, converted, strict=True))

    def converted(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """One row's parameters converted for the driver, in the order of :attr:`names`."""
        if self._defaults:
            values = {**self._defaults, **values}
        return tuple(
            [
                values[name] if process is None else process(values[name])
                for name, process in self._processors
            ]
        )

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

    def execute_packed(
        self,
        connection: Connection,
        packed: PackedRows,
        replaced: Mapping[str, Sequence[Any] | NDArray[Any]] | None = None,
    ) -> None:
        """Run the statement once per packed row, a chunk of rows at a time, with the
        parameters in ``replaced`` (a value a row, no conversion) put in place of theirs."""
        for rows in packed.chunks(replaced or {}):
            if self.positional:
                connection.exec_driver_sql(self.sql, rows)
            else:
                connection.exec_driver_sql(
                    self.sql, [dict(zip(self.names, row, strict=True)) for row in rows]
                )


#: How many converted dates and decimals a column remembers.
_REMEMBERED = 10_000


def _remembering(process: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """``process``, remembering what it made of each date and decimal: a history's rows hold a
    few thousand distinct days and easiness factors, each converted slowly, over and over."""
    if process is None:
        return None
    made: dict[object, Any] = {}

    def remembered(value: Any) -> Any:
        kind = type(value)
        if kind is date:
            key: object = value
        elif kind is Decimal and value.is_finite():
            key = (value, value.as_tuple().exponent)  # 2.5 and 2.50 are equal, not the same
        else:
            return process(value)
        try:
            return made[key]
        except KeyError:
            converted = made[key] = process(value)
            if len(made) > _REMEMBERED:
                made.clear()
            return converted

    return remembered


class PackedRows:
    """Converted rows of one :class:`BulkStatement`, kept compactly until they are written.

    A million rows kept as tuples of Python values take a gigabyte; here every
    :data:`CHUNK_ROWS` rows are packed a column at a time into a NumPy array (whole numbers in
    the narrowest type that holds them, repeated values as codes into a table, plain ASCII text
    as bytes), each compressed: a review-log row takes about 25 bytes. They are unpacked to
    the very same values a chunk at a time when written.
    """

    CHUNK_ROWS = 10_000

    def __init__(self, statement: BulkStatement) -> None:
        self.statement = statement
        self._packed: list[list[_Column]] = []
        self._pending: list[tuple[Any, ...]] = []
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def append(self, values: Mapping[str, Any]) -> None:
        """Add one row (its parameters by name, unconverted)."""
        self._pending.append(self.statement.converted(values))
        self._count += 1
        if len(self._pending) >= self.CHUNK_ROWS:
            self._pack()

    def chunks(
        self, replaced: Mapping[str, Sequence[Any] | NDArray[Any]]
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The rows, a chunk at a time, as the driver takes them (in :attr:`names` order),
        with the parameters named in ``replaced`` taken from there (one value a row)."""
        self._pack()
        at = {self.statement.names.index(name): values for name, values in replaced.items()}
        start = 0
        for packed in self._packed:
            columns = [column.unpacked() for column in packed]
            size = len(columns[0]) if columns else 0
            for index, values in at.items():
                part = values[start : start + size]
                columns[index] = part.tolist() if isinstance(part, np.ndarray) else list(part)
            start += size
            yield list(zip(*columns, strict=True))

    def _pack(self) -> None:
        if self._pending:
            columns = zip(*self._pending, strict=True)
            self._packed.append([_Column.packed(list(column)) for column in columns])
            self._pending = []


class _Column:
    """One column of a chunk of rows, packed (see :class:`PackedRows`)."""

    __slots__ = ("nones", "table", "values")

    def __init__(self, values: Any, table: list[Any] | None = None, nones: Any = None) -> None:
        # a NumPy array (compressed), or the values themselves when nothing fits
        self.values = _Compressed(values) if isinstance(values, np.ndarray) else values
        self.table = table  # the distinct values the codes in ``values`` stand for
        self.nones = None if nones is None else _Compressed(nones)  # a whole number's None

    @classmethod
    def packed(cls, column: list[Any]) -> _Column:
        """``column`` in the most compact form that gives back exactly its values."""
        kinds = set(map(type, column))
        if kinds <= {int, type(None)} and int in kinds:
            nones = None
            if type(None) in kinds:
                nones = np.array([value is None for value in column])
                column = [0 if value is None else value for value in column]
            whole = _narrow(column)
            if whole is not None:
                return cls(whole, nones=nones)
        # equal values of different types (1, 1.0, True) are told apart by their type
        keys: list[Any] = column
        if len(kinds - {type(None)}) > 1:
            keys = list(zip(map(type, column), column, strict=True))
        try:
            distinct = dict.fromkeys(keys)
        except TypeError:  # unhashable values
            return cls(column)
        if len(distinct) <= len(column) // 2:
            codes = {key: code for code, key in enumerate(distinct)}
            table = list(distinct) if keys is column else [value for _, value in distinct]
            kind = np.uint8 if len(codes) <= 2**8 else np.uint16 if len(codes) <= 2**16 else None
            return cls(np.array(list(map(codes.__getitem__, keys)), dtype=kind), table=table)
        if kinds == {str}:
            try:
                text = np.array(column).astype(np.bytes_)
            except UnicodeEncodeError:
                return cls(column)
            if text.astype(np.str_).tolist() == column:  # (NUL at the end is dropped)
                return cls(text)
        return cls(column)

    def unpacked(self) -> list[Any]:
        """The column's values, exactly as they were packed."""
        if not isinstance(self.values, _Compressed):
            return cast("list[Any]", self.values)
        array = self.values.array()
        if self.table is not None:
            return list(map(self.table.__getitem__, array.tolist()))
        if array.dtype.kind == "S":
            return cast("list[Any]", array.astype(np.str_).tolist())
        values = cast("list[Any]", array.tolist())
        if self.nones is not None:
            for index in np.flatnonzero(self.nones.array()).tolist():
                values[index] = None
        return values


class _Compressed:
    """A NumPy array kept compressed: a history's columns (times in order, days, intervals)
    repeat themselves and shrink to a fraction, and come back in a blink."""

    __slots__ = ("data", "dtype")

    def __init__(self, array: NDArray[Any]) -> None:
        self.data = zlib.compress(array.tobytes(), 1)
        self.dtype = array.dtype

    def array(self) -> NDArray[Any]:
        """The array as it was."""
        return np.frombuffer(zlib.decompress(self.data), dtype=self.dtype)


def _narrow(column: list[int]) -> Any:
    """Whole numbers as a NumPy array of the narrowest type holding them (None: none does)."""
    low, high = min(column), max(column)
    for kind in (np.int8, np.int16, np.int32, np.int64):
        limits = np.iinfo(kind)
        if limits.min <= low and high <= limits.max:
            return np.array(column, dtype=kind)
    return None
