"""Hypothesis strategies for the scheduling tests: SM-2 states, ratings and days."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from studyapp.scheduling.rating import Rating
from studyapp.scheduling.sm2 import SM2State

ratings = st.sampled_from(list(Rating))

#: Any day, up to the last one Python knows (a long interval ends there).
days = st.dates(min_value=date(2000, 1, 1), max_value=date.max)

#: Reachable and imported states alike: easiness with two decimals, from 0 to well above 2.5.
sm2_states = st.builds(
    SM2State,
    repetitions=st.integers(min_value=0, max_value=40),
    easiness=st.integers(min_value=0, max_value=400).map(
        lambda hundredths: Decimal(hundredths) / 100
    ),
    interval=st.integers(min_value=0, max_value=50_000),
)
