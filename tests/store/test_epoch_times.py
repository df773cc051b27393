"""Epoch milliseconds given to the driver exactly as the time column would give them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine
from sqlalchemy.engine import Dialect

from studyapp.store.epoch_times import DriverTimes, epoch_moment
from studyapp.store.schema import UTCDateTime, sqlite_utc_text

#: From the first moment of year 1 to the last of 9999, in milliseconds after the epoch.
FIRST_MS, LAST_MS = -62_135_596_800_000, 253_402_300_799_999


def _sqlite() -> Dialect:
    return create_engine("sqlite://").dialect


def _column_values(milliseconds: list[int], dialect: Dialect) -> list[Any]:
    process = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert process is not None
    return [process(epoch_moment(each)) for each in milliseconds]


_MILLISECONDS = st.lists(
    st.one_of(
        st.integers(FIRST_MS, LAST_MS),
        st.integers(-(2**32) * 1000, 2**32 * 1000),  # where NumPy makes the text
        st.integers(1_600_000_000_000, 1_800_000_000_000),  # today's times
        st.sampled_from([0, -1, 999, 2**32 * 1000 - 1, 2**32 * 1000, FIRST_MS, LAST_MS]),
    ),
    max_size=40,
)


@settings(database=None, max_examples=300, deadline=None)
@given(milliseconds=_MILLISECONDS, cut=st.integers(0, 40))
def test_sqlite_gets_the_very_text_the_time_column_makes(milliseconds: list[int], cut: int) -> None:
    dialect = _sqlite()
    assert UTCDateTime().dialect_impl(dialect).bind_processor(dialect) is sqlite_utc_text
    times = DriverTimes(np.array(milliseconds, dtype=np.int64), dialect)
    expected = _column_values(milliseconds, dialect)
    assert len(times) == len(milliseconds)
    assert times[:cut] + times[cut:] == expected
    assert [times[index] for index in range(len(times))] == expected


def test_postgresql_gets_each_moment_through_the_column_itself() -> None:
    pytest.importorskip("psycopg")
    dialect = create_engine("postgresql+psycopg://", module=None).dialect
    milliseconds = [0, -1, 1_700_000_000_123, LAST_MS]
    times = DriverTimes(np.array(milliseconds, dtype=np.int64), dialect)
    assert times[:] == _column_values(milliseconds, dialect)
    assert times[1] == _column_values([-1], dialect)[0]


def test_a_moment_is_read_to_the_millisecond() -> None:
    moment = epoch_moment(1_700_000_000_123)
    assert (moment.isoformat(), moment.microsecond) == ("2023-11-14T22:13:20.123000+00:00", 123_000)
