"""Tests for studyapp.scheduling.sm2.

Every expected value in the hand-computed sequences below was worked out by hand from the SM-2
rules (see the comments next to each step), never by calling the code under test.
"""

import dataclasses
import math
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, localcontext
from fractions import Fraction
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.scheduling.sm2 import (
    INITIAL_EASINESS,
    MIN_EASINESS,
    SM2State,
    easiness_delta,
    is_pass,
    next_due,
    review,
)

# (repetitions, easiness as a decimal string, interval in days)
Step = tuple[int, str, int]


def run(ratings: Iterable[int], start: SM2State | None = None) -> list[Step]:
    """Review a card with each quality in turn and record the state after every step."""
    state = SM2State() if start is None else start
    steps: list[Step] = []
    for q in ratings:
        state = review(state, q)
        steps.append((state.repetitions, str(state.easiness), state.interval))
    return steps


# --- constants and small functions -------------------------------------------------------


def test_constants() -> None:
    assert str(INITIAL_EASINESS) == "2.5"
    assert str(MIN_EASINESS) == "1.3"
    assert isinstance(INITIAL_EASINESS, Decimal)
    assert isinstance(MIN_EASINESS, Decimal)


def test_new_state_defaults() -> None:
    state = SM2State()
    assert (state.repetitions, state.easiness, state.interval) == (0, Decimal("2.5"), 0)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("5", "0.1"),  # 0.1 - 0 * (...)                    = 0.1
        ("4", "0"),  # 0.1 - 1 * (0.08 + 1 * 0.02) = 0.1 - 0.10 = 0
        ("3", "-0.14"),  # 0.1 - 2 * (0.08 + 2 * 0.02) = 0.1 - 0.24 = -0.14
        ("2", "-0.32"),  # 0.1 - 3 * (0.08 + 3 * 0.02) = 0.1 - 0.42 = -0.32
        ("1", "-0.54"),  # 0.1 - 4 * (0.08 + 4 * 0.02) = 0.1 - 0.64 = -0.54
        ("0", "-0.8"),  # 0.1 - 5 * (0.08 + 5 * 0.02) = 0.1 - 0.90 = -0.8
    ],
)
def test_easiness_delta_is_exact(q: str, expected: str) -> None:
    delta = easiness_delta(int(q))
    assert isinstance(delta, Decimal)
    assert delta == Decimal(expected)
    assert str(delta) == expected


def test_easiness_delta_is_exact_under_a_low_precision_caller_context() -> None:
    with localcontext() as ctx:
        ctx.prec = 1
        # 0.08 + 2 * 0.02 = 0.12 would round to 0.1 at one digit of precision.
        assert easiness_delta(3) == Decimal("-0.14")


@pytest.mark.parametrize(
    ("q", "expected"), [(0, False), (1, False), (2, False), (3, True), (4, True), (5, True)]
)
def test_is_pass(q: int, expected: bool) -> None:
    assert is_pass(q) is expected


# --- hand-computed sequences --------------------------------------------------------------


def test_new_card_rated_5_every_time() -> None:
    assert run([5, 5, 5, 5, 5]) == [
        (1, "2.6", 1),  # n=1 -> I=1;                        EF 2.5 + 0.1 = 2.6
        (2, "2.7", 6),  # n=2 -> I=6;                        EF 2.6 + 0.1 = 2.7
        (3, "2.8", 17),  # I = ceil(6 * 2.7)  = ceil(16.2)  = 17; EF 2.7 + 0.1 = 2.8
        (4, "2.9", 48),  # I = ceil(17 * 2.8) = ceil(47.6)  = 48; EF 2.8 + 0.1 = 2.9
        (5, "3", 140),  # I = ceil(48 * 2.9) = ceil(139.2) = 140; EF 2.9 + 0.1 = 3.0
    ]


def test_new_card_rated_4_every_time_keeps_easiness_at_2_5() -> None:
    assert run([4, 4, 4, 4, 4, 4]) == [
        (1, "2.5", 1),  # n=1 -> 1 day; delta(4) = 0
        (2, "2.5", 6),  # n=2 -> 6 days
        (3, "2.5", 15),  # ceil(6 * 2.5)  = ceil(15)    = 15
        (4, "2.5", 38),  # ceil(15 * 2.5) = ceil(37.5)  = 38
        (5, "2.5", 95),  # ceil(38 * 2.5) = ceil(95)    = 95
        (6, "2.5", 238),  # ceil(95 * 2.5) = ceil(237.5) = 238
    ]


def test_new_card_rated_3_every_time_loses_0_14_until_the_floor() -> None:
    assert run([3] * 11) == [
        (1, "2.36", 1),  # n=1 -> 1;                                EF 2.5  - 0.14 = 2.36
        (2, "2.22", 6),  # n=2 -> 6;                                EF 2.36 - 0.14 = 2.22
        (3, "2.08", 14),  # ceil(6 * 2.22)    = ceil(13.32)  = 14;  EF 2.22 - 0.14 = 2.08
        (4, "1.94", 30),  # ceil(14 * 2.08)   = ceil(29.12)  = 30;  EF 2.08 - 0.14 = 1.94
        (5, "1.8", 59),  # ceil(30 * 1.94)   = ceil(58.2)   = 59;  EF 1.94 - 0.14 = 1.80
        (6, "1.66", 107),  # ceil(59 * 1.80)   = ceil(106.2)  = 107; EF 1.80 - 0.14 = 1.66
        (7, "1.52", 178),  # ceil(107 * 1.66)  = ceil(177.62) = 178; EF 1.66 - 0.14 = 1.52
        (8, "1.38", 271),  # ceil(178 * 1.52)  = ceil(270.56) = 271; EF 1.52 - 0.14 = 1.38
        (9, "1.3", 374),  # ceil(271 * 1.38)  = ceil(373.98) = 374; EF 1.24 -> floor 1.3
        (10, "1.3", 487),  # ceil(374 * 1.3)   = ceil(486.2)  = 487; EF 1.16 -> floor 1.3
        (11, "1.3", 634),  # ceil(487 * 1.3)   = ceil(633.1)  = 634; EF 1.16 -> floor 1.3
    ]


def test_lapse_in_the_middle_restarts_repetitions_but_keeps_the_lowered_easiness() -> None:
    assert run([5, 4, 4, 4, 2, 4, 4, 4, 4]) == [
        (1, "2.6", 1),  # n=1 -> 1;                              EF 2.5 + 0.1 = 2.6
        (2, "2.6", 6),  # n=2 -> 6;                              EF unchanged (q=4)
        (3, "2.6", 16),  # ceil(6 * 2.6)   = ceil(15.6)  = 16
        (4, "2.6", 42),  # ceil(16 * 2.6)  = ceil(41.6)  = 42
        (0, "2.28", 1),  # lapse: n=0, I=1;                       EF 2.6 - 0.32 = 2.28
        (1, "2.28", 1),  # n=1 -> 1 (not reset to 2.5)
        (2, "2.28", 6),  # n=2 -> 6
        (3, "2.28", 14),  # ceil(6 * 2.28)  = ceil(13.68) = 14
        (4, "2.28", 32),  # ceil(14 * 2.28) = ceil(31.92) = 32
    ]


def test_quality_0_on_a_new_card() -> None:
    assert run([0, 0, 5]) == [
        (0, "1.7", 1),  # EF 2.5 - 0.8 = 1.7
        (0, "1.3", 1),  # EF 1.7 - 0.8 = 0.9 -> floor 1.3
        (1, "1.4", 1),  # pass: n=1 -> 1; EF 1.3 + 0.1 = 1.4
    ]


def test_quality_1_on_a_new_card() -> None:
    assert run([1, 1, 1]) == [
        (0, "1.96", 1),  # EF 2.5  - 0.54 = 1.96
        (0, "1.42", 1),  # EF 1.96 - 0.54 = 1.42
        (0, "1.3", 1),  # EF 1.42 - 0.54 = 0.88 -> floor 1.3
    ]


def test_quality_2_on_a_new_card() -> None:
    assert run([2]) == [(0, "2.18", 1)]  # EF 2.5 - 0.32 = 2.18


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (0, (0, "1.7", 1)),  # EF 2.5 - 0.8  = 1.7
        (1, (0, "1.96", 1)),  # EF 2.5 - 0.54 = 1.96
        (2, (0, "2.18", 1)),  # EF 2.5 - 0.32 = 2.18
    ],
)
def test_failing_an_established_card(q: int, expected: Step) -> None:
    established = SM2State(repetitions=4, easiness=Decimal("2.5"), interval=38)
    assert run([q], established) == [expected]


def test_easiness_floor_is_reached_and_held() -> None:
    at_floor = SM2State(repetitions=3, easiness=Decimal("1.3"), interval=10)
    assert run([3, 4, 0, 3, 3, 3], at_floor) == [
        (4, "1.3", 13),  # ceil(10 * 1.3) = 13;  EF 1.3 - 0.14 = 1.16 -> 1.3
        (5, "1.3", 17),  # ceil(13 * 1.3) = ceil(16.9) = 17; EF unchanged (q=4)
        (0, "1.3", 1),  # lapse; EF 1.3 - 0.8 = 0.5 -> 1.3
        (1, "1.3", 1),  # n=1 -> 1
        (2, "1.3", 6),  # n=2 -> 6
        (3, "1.3", 8),  # ceil(6 * 1.3) = ceil(7.8) = 8
    ]


def test_imported_easiness_below_the_floor_is_raised_to_it() -> None:
    imported = SM2State(repetitions=2, easiness=Decimal("1.1"), interval=10)
    # Interval uses the EF in force before the review: ceil(10 * 1.1) = 11.
    # The new EF is max(1.3, 1.1 + 0) = 1.3.
    assert run([4], imported) == [(3, "1.3", 11)]


def test_interval_uses_the_easiness_from_before_the_rating() -> None:
    state = SM2State(repetitions=2, easiness=Decimal("2.5"), interval=10)
    # q=5: ceil(10 * 2.5) = 25 with the old EF; the new EF 2.6 would give 26.
    assert review(state, 5) == SM2State(repetitions=3, easiness=Decimal("2.6"), interval=25)
    # q=3: ceil(10 * 2.5) = 25 with the old EF; the new EF 2.36 would give ceil(23.6) = 24.
    assert review(state, 3) == SM2State(repetitions=3, easiness=Decimal("2.36"), interval=25)


def test_pass_on_state_with_zero_interval_treats_previous_interval_as_one_day() -> None:
    inconsistent = SM2State(repetitions=5, easiness=Decimal("2.5"), interval=0)
    # n = 6 > 2 and the stored interval is 0: previous interval taken as 1 -> ceil(1 * 2.5) = 3.
    assert review(inconsistent, 4) == SM2State(repetitions=6, easiness=Decimal("2.5"), interval=3)


def test_pass_with_imported_zero_easiness_still_gives_at_least_one_day() -> None:
    imported = SM2State(repetitions=2, easiness=0, interval=6)
    # ceil(6 * 0) = 0, raised to the 1-day minimum; EF max(1.3, 0 + 0.1) = 1.3.
    assert review(imported, 5) == SM2State(repetitions=3, easiness=Decimal("1.3"), interval=1)


def test_first_and_second_pass_ignore_the_stored_interval() -> None:
    # An imported card with repetitions 0 or 1 gets the fixed 1- and 6-day intervals.
    assert review(SM2State(repetitions=0, interval=30), 4).interval == 1
    assert review(SM2State(repetitions=1, interval=30), 4).interval == 6


# --- exactness ----------------------------------------------------------------------------


def test_six_times_one_and_a_half_is_nine_days() -> None:
    state = SM2State(repetitions=2, easiness=1.5, interval=6)
    assert review(state, 4) == SM2State(repetitions=3, easiness=Decimal("1.5"), interval=9)


@pytest.mark.parametrize(
    ("interval", "easiness", "expected"),
    [
        # Products that are whole numbers in decimal; several are not in binary floating point,
        # where e.g. 100 * 1.1 == 110.00000000000001 and would be rounded up to 111.
        (6, "1.5", 9),  # 6 * 1.5 = 9
        (10, "1.3", 13),  # 10 * 1.3 = 13
        (100, "2.3", 230),  # 100 * 2.3 = 230
        (10, "1.7", 17),  # 10 * 1.7 = 17
        (20, "1.15", 23),  # 20 * 1.15 = 20 + 3 = 23
        (100, "1.1", 110),  # 100 * 1.1 = 110         (float: 110.00000000000001)
        (180, "1.35", 243),  # 180 + 180 * 0.35 = 180 + 63 = 243  (float: 243.00000000000003)
        (75, "1.36", 102),  # 75 + 75 * 0.36 = 75 + 27 = 102     (float: 102.00000000000001)
        (25, "2.2", 55),  # 25 * 2.2 = 50 + 5 = 55              (float: 55.00000000000001)
        (50, "2.18", 109),  # 50 * 2.18 = 100 + 9 = 109          (float: 109.00000000000001)
        (100, "2.22", 222),  # 100 * 2.22 = 222                  (float: 222.00000000000003)
        (90, "2.7", 243),  # 90 * 2.7 = 180 + 63 = 243           (float: 243.00000000000003)
        (100, "2.45", 245),  # 100 * 2.45 = 245                  (float: 245.00000000000003)
        # And products that are not whole numbers still round up:
        (3, "1.7", 6),  # 3 * 1.7 = 5.1 -> 6
        (7, "1.3", 10),  # 7 * 1.3 = 9.1 -> 10
    ],
)
@pytest.mark.parametrize("kind", [float, str, Decimal])
def test_products_are_exact(interval: int, easiness: str, expected: int, kind: type) -> None:
    state = SM2State(repetitions=2, easiness=kind(easiness), interval=interval)
    after = review(state, 4)
    assert after.interval == expected
    assert after.easiness == max(Decimal(easiness), Decimal("1.3"))


def test_accumulated_easiness_is_exact() -> None:
    # 2.5 - 0.14 - 0.14 = 2.22 exactly; then 100 * 2.22 = 222 exactly
    # (the float route gives 2.2199999999999998 or 222.00000000000003).
    state = SM2State()
    for q in (3, 3):
        state = review(state, q)
    assert state.easiness == Decimal("2.22")
    state = dataclasses.replace(state, interval=100)
    assert review(state, 4).interval == 222


def test_products_beyond_default_decimal_precision_are_exact() -> None:
    # 29 significant digits: 1.3 + 1e-28.
    easiness = Decimal("1.3000000000000000000000000001")
    state = SM2State(repetitions=5, easiness=easiness, interval=10**10)
    # 10**10 * (1.3 + 1e-28) = 13000000000 + 1e-18, so the ceiling is 13000000001.
    # (At the default 28-digit precision the 1e-18 would be rounded away, giving 13000000000.)
    assert review(state, 4).interval == 13_000_000_001


def test_easiness_sum_beyond_default_decimal_precision_is_exact() -> None:
    state = SM2State(easiness=Decimal("1.30000000000000000000000000001"))
    # 1.30000000000000000000000000001 + 0.1, with all 30 significant digits kept.
    assert review(state, 5).easiness == Decimal("1.40000000000000000000000000001")


def test_review_is_exact_under_a_low_precision_caller_context() -> None:
    state = SM2State(repetitions=3, easiness=Decimal("2.46"), interval=101)
    with localcontext() as ctx:
        ctx.prec = 2
        after = review(state, 5)
    # ceil(101 * 2.46) = ceil(248.46) = 249 (two-digit precision would give 250);
    # EF 2.46 + 0.1 = 2.56 (two-digit precision would give 2.6).
    assert after == SM2State(repetitions=4, easiness=Decimal("2.56"), interval=249)


# --- SM2State construction and validation ---------------------------------------------------


@pytest.mark.parametrize(
    ("given_easiness", "expected"),
    [
        (1.5, "1.5"),
        (1.3, "1.3"),  # not 1.3000000000000000444089209850062616169452667236328125
        (0.1, "0.1"),
        (2.0, "2"),
        (2, "2"),
        ("2.5", "2.5"),
        (" 2.50 ", "2.5"),
        (Decimal("2.60"), "2.6"),
        (0, "0"),
        (-0.0, "0"),
    ],
)
def test_easiness_is_stored_as_an_exact_decimal(
    given_easiness: Decimal | float | int | str, expected: str
) -> None:
    state = SM2State(easiness=given_easiness)
    assert isinstance(state.easiness, Decimal)
    assert state.easiness == Decimal(expected)
    assert str(state.easiness) == expected


def test_state_is_frozen_and_slotted() -> None:
    state = SM2State()
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.interval = 3  # type: ignore[misc]
    assert not hasattr(state, "__dict__")


def test_states_with_equal_values_are_equal_and_hash_alike() -> None:
    assert SM2State(1, Decimal("2.50"), 1) == SM2State(1, 2.5, 1)
    assert hash(SM2State(1, Decimal("2.50"), 1)) == hash(SM2State(1, 2.5, 1))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"repetitions": -1}, "repetitions must be >= 0"),
        ({"interval": -1}, "interval must be >= 0"),
        ({"easiness": -0.1}, "easiness must be >= 0"),
        ({"easiness": Decimal("-1")}, "easiness must be >= 0"),
        ({"easiness": "-2.5"}, "easiness must be >= 0"),
        ({"easiness": float("nan")}, "easiness must be finite"),
        ({"easiness": Decimal("NaN")}, "easiness must be finite"),
        ({"easiness": Decimal("sNaN")}, "easiness must be finite"),
        ({"easiness": "nan"}, "easiness must be finite"),
        ({"easiness": float("inf")}, "easiness must be finite"),
        ({"easiness": Decimal("Infinity")}, "easiness must be finite"),
        ({"easiness": "-inf"}, "easiness must be finite"),
        ({"easiness": "two and a half"}, "easiness is not a number"),
        ({"easiness": ""}, "easiness is not a number"),
    ],
)
def test_invalid_state_values_raise_value_error(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}"):
        SM2State(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"repetitions": True},
        {"repetitions": 1.0},
        {"repetitions": "1"},
        {"interval": False},
        {"interval": 6.0},
        {"interval": None},
        {"easiness": True},
        {"easiness": None},
        {"easiness": Fraction(5, 2)},
        {"easiness": [2.5]},
    ],
)
def test_wrong_types_raise_type_error(kwargs: dict[str, object]) -> None:
    with pytest.raises(TypeError):
        SM2State(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("q", [-1, 6, 10, -100])
def test_review_rejects_quality_out_of_range(q: int) -> None:
    with pytest.raises(ValueError, match="quality"):
        review(SM2State(), q)


@pytest.mark.parametrize("q", [True, False])
def test_review_rejects_bool_quality(q: bool) -> None:
    with pytest.raises(ValueError, match="bool"):
        review(SM2State(), q)


@pytest.mark.parametrize("q", [4.0, "4", None, Decimal(4)])
def test_review_rejects_non_int_quality(q: object) -> None:
    with pytest.raises(TypeError):
        review(SM2State(), q)  # type: ignore[arg-type]


@pytest.mark.parametrize("q", [-1, 6, True])
def test_easiness_delta_and_is_pass_validate_quality(q: int) -> None:
    with pytest.raises(ValueError, match="quality"):
        easiness_delta(q)
    with pytest.raises(ValueError, match="quality"):
        is_pass(q)


# --- duck typing --------------------------------------------------------------------------


def test_review_accepts_a_simple_namespace() -> None:
    row = SimpleNamespace(repetitions=2, easiness=2.5, interval=6)
    after = review(row, 4)
    assert type(after) is SM2State
    assert after == SM2State(repetitions=3, easiness=Decimal("2.5"), interval=15)  # ceil(6 * 2.5)
    assert vars(row) == {"repetitions": 2, "easiness": 2.5, "interval": 6}


def test_review_accepts_an_object_with_read_only_properties() -> None:
    class Row:
        @property
        def repetitions(self) -> int:
            return 2

        @property
        def easiness(self) -> float:
            return 1.1

        @property
        def interval(self) -> int:
            return 100

    after = review(Row(), 4)
    # 100 * 1.1 = 110 exactly, although the row holds the float 1.1; EF max(1.3, 1.1) = 1.3.
    assert after == SM2State(repetitions=3, easiness=Decimal("1.3"), interval=110)


def test_review_accepts_an_int_easiness_on_a_duck() -> None:
    row = SimpleNamespace(repetitions=3, easiness=2, interval=7)
    assert review(row, 5) == SM2State(repetitions=4, easiness=Decimal("2.1"), interval=14)  # 7 * 2


@pytest.mark.parametrize(
    "row",
    [
        SimpleNamespace(repetitions=1, easiness=float("nan"), interval=1),
        SimpleNamespace(repetitions=-1, easiness=2.5, interval=1),
        SimpleNamespace(repetitions=1, easiness=2.5, interval=-6),
    ],
)
def test_review_validates_ducks(row: SimpleNamespace) -> None:
    with pytest.raises(ValueError, match=r"^(repetitions|interval|easiness) "):
        review(row, 4)


def test_review_rejects_an_object_missing_a_field() -> None:
    with pytest.raises(AttributeError):
        review(SimpleNamespace(repetitions=1, easiness=2.5), 4)


# --- next_due -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reviewed_on", "interval", "expected"),
    [
        (date(2024, 3, 10), 1, date(2024, 3, 11)),
        (date(2024, 3, 10), 6, date(2024, 3, 16)),
        (date(2024, 1, 31), 1, date(2024, 2, 1)),  # month boundary
        (date(2024, 2, 28), 1, date(2024, 2, 29)),  # leap day
        (date(2023, 2, 28), 1, date(2023, 3, 1)),  # no leap day in 2023
        (date(2023, 12, 31), 1, date(2024, 1, 1)),  # year boundary
        (date(2023, 12, 20), 15, date(2024, 1, 4)),  # 11 days to Dec 31, 4 more into January
        (date(2024, 1, 1), 366, date(2025, 1, 1)),  # 2024 has 366 days
        (date(2024, 5, 5), 0, date(2024, 5, 5)),  # never scheduled
    ],
)
def test_next_due_adds_the_interval_in_days(
    reviewed_on: date, interval: int, expected: date
) -> None:
    assert next_due(reviewed_on, SM2State(repetitions=1, interval=interval)) == expected


def test_a_due_date_past_the_calendar_ends_on_its_last_day() -> None:
    last = date(9999, 12, 31)
    assert next_due(date(9999, 12, 30), SM2State(repetitions=9, interval=1)) == last
    assert next_due(date(2026, 3, 10), SM2State(repetitions=40, interval=10**12)) == last
    # a perfect rating every day, due or not, outgrows the calendar in a few dozen reviews
    state, day = SM2State(), date(2026, 3, 10)
    for _ in range(40):
        state = review(state, 5)
        due = next_due(day, state)
    assert due == last


def test_next_due_after_a_review() -> None:
    state = review(SM2State(repetitions=2, easiness=Decimal("2.5"), interval=6), 4)  # 15 days
    assert next_due(date(2023, 12, 20), state) == date(2024, 1, 4)


# --- properties ---------------------------------------------------------------------------

PROPERTY_SETTINGS = settings(database=None, max_examples=300, deadline=None)

easiness_values = st.one_of(
    st.decimals(min_value=0, max_value=5, places=2),
    st.decimals(min_value=0, max_value=100, allow_nan=False, allow_infinity=False),
    st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=100),
)
qualities = st.integers(min_value=0, max_value=5)
states = st.builds(
    SM2State,
    repetitions=st.integers(min_value=0, max_value=60),
    easiness=easiness_values,
    interval=st.integers(min_value=0, max_value=100_000),
)


def delta_oracle(q: int) -> Fraction:
    """The SM-2 easiness change, computed with fractions."""
    d = 5 - q
    return Fraction(1, 10) - d * (Fraction(8, 100) + d * Fraction(2, 100))


@PROPERTY_SETTINGS
@given(state=states, q=qualities)
def test_property_easiness_and_interval_bounds(state: SM2State, q: int) -> None:
    after = review(state, q)
    assert after.easiness >= Decimal("1.3")
    assert after.interval >= 1
    assert isinstance(after.easiness, Decimal)


@PROPERTY_SETTINGS
@given(state=states, q=qualities)
def test_property_easiness_matches_fraction_oracle(state: SM2State, q: int) -> None:
    expected = max(Fraction(13, 10), Fraction(state.easiness) + delta_oracle(q))
    assert Fraction(review(state, q).easiness) == expected


@PROPERTY_SETTINGS
@given(state=states, q=st.integers(min_value=0, max_value=2))
def test_property_failure_restarts_repetitions(state: SM2State, q: int) -> None:
    after = review(state, q)
    assert after.repetitions == 0
    assert after.interval == 1


@PROPERTY_SETTINGS
@given(state=states, q=st.integers(min_value=3, max_value=5))
def test_property_pass_increments_repetitions(state: SM2State, q: int) -> None:
    after = review(state, q)
    assert after.repetitions == state.repetitions + 1
    if after.repetitions == 1:
        assert after.interval == 1
    elif after.repetitions == 2:
        assert after.interval == 6


@PROPERTY_SETTINGS
@given(state=states)
def test_property_quality_4_keeps_easiness_unless_below_floor(state: SM2State) -> None:
    after = review(state, 4)
    if state.easiness >= Decimal("1.3"):
        assert after.easiness == state.easiness
    else:
        assert after.easiness == Decimal("1.3")


@PROPERTY_SETTINGS
@given(
    repetitions=st.integers(min_value=2, max_value=60),
    easiness=easiness_values.filter(lambda e: e != 0),
    interval=st.integers(min_value=1, max_value=100_000),
    q=st.integers(min_value=3, max_value=5),
)
def test_property_later_intervals_match_fraction_oracle(
    repetitions: int, easiness: Decimal | float | int, interval: int, q: int
) -> None:
    state = SM2State(repetitions=repetitions, easiness=easiness, interval=interval)
    expected = math.ceil(Fraction(interval) * Fraction(state.easiness))
    assert review(state, q).interval == expected


@PROPERTY_SETTINGS
@given(
    repetitions=st.integers(min_value=2, max_value=60),
    easiness=easiness_values,
    q=st.integers(min_value=3, max_value=5),
)
def test_property_zero_interval_is_treated_as_one_day(
    repetitions: int, easiness: Decimal | float | int, q: int
) -> None:
    state = SM2State(repetitions=repetitions, easiness=easiness, interval=0)
    expected = max(1, math.ceil(Fraction(state.easiness)))
    assert review(state, q).interval == expected


@PROPERTY_SETTINGS
@given(x=st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False))
def test_property_float_easiness_uses_the_shortest_repr(x: float) -> None:
    stored = SM2State(easiness=x).easiness
    assert stored == Decimal(repr(x))
    assert float(stored) == x


@PROPERTY_SETTINGS
@given(state=states, q=qualities)
def test_property_review_is_pure(state: SM2State, q: int) -> None:
    before = (state.repetitions, state.easiness, state.interval)
    first = review(state, q)
    second = review(state, q)
    assert first == second
    assert (state.repetitions, state.easiness, state.interval) == before


@PROPERTY_SETTINGS
@given(state=states, q=qualities)
def test_property_duck_gives_same_result_as_state(state: SM2State, q: int) -> None:
    row = SimpleNamespace(
        repetitions=state.repetitions, easiness=state.easiness, interval=state.interval
    )
    snapshot = dict(vars(row))
    assert review(row, q) == review(state, q)
    assert vars(row) == snapshot


_EASINESS_VALUES = st.one_of(
    st.integers(0, 10**40).map(lambda hundredths: Decimal(hundredths).scaleb(-2)),
    st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False, places=5),
    st.just(Decimal("1.3000000000000000000000000001")),
)


@PROPERTY_SETTINGS
@given(
    repetitions=st.integers(0, 50),
    easiness=_EASINESS_VALUES,
    interval=st.integers(0, 10**12),
    quality=st.integers(0, 5),
)
def test_whole_hundredths_review_as_exact_decimals_do(
    repetitions: int, easiness: Decimal, interval: int, quality: int
) -> None:
    # the review in whole hundredths of EF (every EF SM-2 reaches from 2.5) is the exact one
    from studyapp.scheduling.sm2 import _reviewed, _reviewed_in_decimals

    state = SM2State(repetitions=repetitions, easiness=easiness, interval=interval)
    fast, exact = _reviewed(state, quality), _reviewed_in_decimals(state, quality)
    assert fast == exact
    assert fast.easiness.as_tuple() == exact.easiness.as_tuple()  # the same digits, too
