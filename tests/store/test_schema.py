"""The store's own column types convert values as SQLAlchemy's would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import DateTime
from sqlalchemy.dialects import sqlite

from studyapp.store.schema import UTCDateTime

_ZONES = st.builds(
    timezone, st.integers(-14 * 60, 14 * 60).map(lambda minutes: timedelta(minutes=minutes))
)


@given(st.datetimes(min_value=datetime(2, 1, 1), timezones=_ZONES))
def test_utc_times_convert_on_sqlite_as_sqlalchemy_would(moment: datetime) -> None:
    dialect = sqlite.dialect()
    fast = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    general = DateTime().dialect_impl(dialect).bind_processor(dialect)
    assert fast is not None
    assert general is not None
    assert fast(moment) == general(moment.astimezone(UTC).replace(tzinfo=None))
    assert fast(None) is None


def test_a_naive_time_is_refused() -> None:
    dialect = sqlite.dialect()
    fast = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert fast is not None
    with pytest.raises(ValueError, match="timezone-aware"):
        fast(datetime(2026, 3, 10, 8, 0))
