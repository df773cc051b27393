"""Rows of one bulk statement kept compactly, packed into NumPy arrays, until they are written.

A package's review history is hundreds of thousands of rows, converted for the driver while
no lock is held (:mod:`studyapp.store.bulk_rows`) and written later in one short transaction;
kept as tuples of Python values, a million rows would take a gigabyte.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Connection

from studyapp.store.bulk_rows import BulkStatement, DriverRow


class PackedRows:
    """Converted rows of one :class:`BulkStatement`, kept compactly until they are written.

    A million rows kept as tuples of Python values take a gigabyte; here every
    :data:`CHUNK_ROWS` rows are packed a column at a time into a NumPy array (whole numbers in
    the narrowest type that holds them, repeated values as codes into a table, plain ASCII text
    as bytes), each compressed: a review-log row takes about 25 bytes. They are unpacked to
    the very same values a chunk at a time when written.

    While no more than :data:`LOOSE_ROWS` rows are held, their converted columns are kept as
    they are (a review-log row so takes about 250 bytes, most of its values shared): packing
    and unpacking 200,000 of them took about half a second. The first chunk beyond that packs
    every chunk held, and every later one is packed as it comes.
    """

    CHUNK_ROWS = 10_000
    LOOSE_ROWS = 250_000

    def __init__(self, statement: BulkStatement) -> None:
        self.statement = statement
        self._chunks: list[_Chunk] = []
        self._pending: list[tuple[Any, ...]] = []
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def append(self, values: Mapping[str, Any]) -> None:
        """Add one row (its parameters by name, unconverted: they are converted a column at a
        time when packed)."""
        self._pending.append(self.statement.unconverted(values))
        self._count += 1
        if len(self._pending) >= self.CHUNK_ROWS:
            self._pack()

    def extend(self, columns: Mapping[str, Sequence[Any]]) -> None:
        """Add rows given as whole columns of parameters by name (unconverted, of equal
        length), after those added so far; packed at once, so give a chunk's worth or so."""
        self._pack()
        given = self.statement.unconverted_columns(columns)
        if given and len(given[0]):
            self._count += len(given[0])
            self._keep(self.statement.converted_columns(given))

    def chunks(
        self, replaced: Mapping[str, Sequence[Any] | NDArray[Any]]
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The rows, a chunk at a time, as the driver takes them (in :attr:`names` order),
        with the parameters named in ``replaced`` taken from there (one value a row)."""
        self._pack()
        at = {self.statement.names.index(name): values for name, values in replaced.items()}
        start = 0
        for chunk in self._chunks:
            columns = chunk.columns()
            size = len(columns[0]) if columns else 0
            for index, values in at.items():
                part = values[start : start + size]
                columns[index] = part.tolist() if isinstance(part, np.ndarray) else list(part)
            start += size
            yield list(zip(*columns, strict=True))

    def write(
        self,
        connection: Connection,
        replaced: Mapping[str, Sequence[Any] | NDArray[Any]] | None = None,
    ) -> None:
        """Run the statement once per packed row, a chunk of rows at a time, with the
        parameters in ``replaced`` (a value a row, no conversion) put in place of theirs."""
        statement = self.statement
        for rows in self.chunks(replaced or {}):
            if statement.positional:
                statement.execute(connection, cast("list[DriverRow]", rows))
            else:
                statement.execute(
                    connection, [dict(zip(statement.names, row, strict=True)) for row in rows]
                )

    def _pack(self) -> None:
        if self._pending:
            self._keep(self.statement.converted_columns(list(zip(*self._pending, strict=True))))
            self._pending = []

    def _keep(self, columns: list[list[Any]]) -> None:
        """Hold a chunk's converted columns: as they are while few rows are held, else packed
        (every chunk held so far with it)."""
        self._chunks.append(_Chunk(columns))
        if self._count > self.LOOSE_ROWS:
            for chunk in self._chunks:
                chunk.pack()


class _Chunk:
    """A chunk of rows' converted columns, as they are or packed (see :class:`PackedRows`)."""

    __slots__ = ("loose", "packed")

    def __init__(self, columns: list[list[Any]]) -> None:
        self.loose: list[list[Any]] | None = columns
        self.packed: list[_Column] = []

    def pack(self) -> None:
        """Pack the columns (once)."""
        if self.loose is not None:
            self.packed = [_Column.packed(column) for column in self.loose]
            self.loose = None

    def columns(self) -> list[list[Any]]:
        """The columns' values, exactly as they were given (a new list of them)."""
        if self.loose is not None:
            return list(self.loose)
        return [column.unpacked() for column in self.packed]


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
            joined = "".join(column)
            if joined.isascii() and "\x00" not in joined:  # (NumPy's bytes drop a final NUL)
                return cls(np.array(column, dtype=np.bytes_))
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
