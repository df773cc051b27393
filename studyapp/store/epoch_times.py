"""Moments kept as whole milliseconds since the epoch, given to the driver as a time column
takes them, a slice at a time.

A package's review log holds its times as epoch milliseconds in a NumPy column. Turned into a
``datetime`` each and then into SQLite's text one by one, 200,000 of them took half a second;
here SQLite's text is made for a whole slice by NumPy, the very text
:class:`~studyapp.store.schema.UTCDateTime` gives (a test holds the two together), and any
other database gets each moment through the column's own conversion.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Final, overload

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.engine import Dialect

from studyapp.store.schema import UTCDateTime, sqlite_utc_text

#: The moments whose milliseconds a ``float`` of seconds still holds to the microsecond, as
#: :func:`epoch_moment` reads them (about 1834 to 2106): NumPy's text is exactly theirs.
_EXACT_MS: Final = 2**32 * 1000


def epoch_moment(milliseconds: int) -> datetime:
    """The UTC moment ``milliseconds`` after the epoch, as the package import reads a time."""
    return datetime.fromtimestamp(milliseconds / 1000, UTC)


class DriverTimes(Sequence[Any]):
    """Epoch milliseconds as a ``UTCDateTime`` column's driver values, each slice made when
    it is taken (so a million moments are never all text at once)."""

    def __init__(self, milliseconds: NDArray[np.int64], dialect: Dialect) -> None:
        self._milliseconds = milliseconds
        kind = UTCDateTime().dialect_impl(dialect)
        self._process: Callable[[Any], Any] | None = kind.bind_processor(dialect)

    def __len__(self) -> int:
        return len(self._milliseconds)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        milliseconds = self._milliseconds[index]
        if self._process is not sqlite_utc_text:
            process = self._process or (lambda moment: moment)
            return [process(epoch_moment(each)) for each in milliseconds.tolist()]
        texts = np.datetime_as_string(
            milliseconds.astype("datetime64[ms]").astype("datetime64[us]"), unit="us"
        ).tolist()
        made = [text.replace("T", " ", 1) for text in texts]
        for at in np.flatnonzero(np.abs(milliseconds) >= _EXACT_MS).tolist():
            made[at] = sqlite_utc_text(epoch_moment(int(milliseconds[at])))
        return made
