"""Reading typed numbers, showing numbers, and tolerances."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.numeric.grading import (
    NOT_A_NUMBER,
    Tolerance,
    format_number,
    parse_number,
    typed_number_shown,
    within,
)


@pytest.mark.parametrize(
    "typed",
    ["0.025", ".025", "2.5e-2", "2.5E-2", "2.5×10^-2", "2.5 x 10^-2", "2.5*10^(-2)",
     "2.5·10⁻²", "1/40", "lr = 0.025", "η ≈ 0.025", " 0.025 ", "2.5%", "+0.025", "0.0250"],
)  # fmt: skip
def test_a_typed_number_is_read_in_every_usual_way(typed: str) -> None:
    assert parse_number(typed) == pytest.approx(0.025)


def test_other_forms() -> None:
    assert parse_number("1,000") == 1000
    assert parse_number("12 345") == 12345
    assert parse_number("−3") == -3
    assert parse_number("10^-3") == pytest.approx(0.001)
    assert parse_number("1e-5") == pytest.approx(1e-5)


@pytest.mark.parametrize("typed", ["", "abc", "1/0", "0.0.1", "1e999", "ten", "2/", "nan", "inf"])
def test_what_is_not_a_number(typed: str) -> None:
    assert parse_number(typed) is None


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.025, "0.025"), (0.1 + 0.2, "0.3"), (0.0625, "0.0625"), (12345.678, "12350"),
     (3.33333e-5, "3.333e-5"), (1e-5, "1e-5"), (2.0, "2"), (1 / 0.8, "1.25"), (0, "0"),
     (-0.5, "-0.5"), (1e8, "1e8"), (0.001 * 0.5 / (0.5 + 1e-8), "0.001")],
)  # fmt: skip
def test_numbers_are_shown_with_four_significant_digits_and_no_float_noise(
    value: float, shown: str
) -> None:
    assert format_number(value) == shown


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).filter(lambda x: x != 0))
def test_a_shown_number_reads_back_within_its_rounding(value: float) -> None:
    back = parse_number(format_number(value))
    assert back is not None
    assert back == pytest.approx(value, rel=5e-4)


def test_tolerances() -> None:
    relative = Tolerance.parse("1%")
    assert (relative.kind, relative.amount, relative.text()) == ("relative", 0.01, "1%")
    assert relative.allows(0.02525, 0.025)
    assert not relative.allows(0.0253, 0.025)
    absolute = Tolerance.parse("±0.001")
    assert absolute.text() == "±0.001"
    assert Tolerance.parse(0.001) == absolute
    assert Tolerance.parse("+-0.001") == absolute
    assert absolute.allows(0.026, 0.025)
    assert not absolute.allows(0.0262, 0.025)


@pytest.mark.parametrize(
    ("written", "problem"),
    [("0%", "must be more than 0"), ("-1", "must be more than 0"), ("lots", "is not a tolerance"),
     ("0.01%", "must be from 0.1% to 50%"), ("60%", "must be from 0.1% to 50%"),
     (True, "must be a percentage")],
)  # fmt: skip
def test_bad_tolerances(written: object, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        Tolerance.parse(written)


def test_within_the_tolerance_or_the_value_as_shown() -> None:
    one_percent = Tolerance.parse("1%")
    assert within("1/40", 0.025, one_percent)
    assert within("0.0252", 0.025, one_percent)
    assert not within("0.0125", 0.025, one_percent)
    assert not within("", 0.025, one_percent)
    # typed as shown (4 significant digits) is right even where a tight tolerance is tighter
    tight = Tolerance.parse("±1e-9")
    assert within("0.07071", 0.07071067811865475, tight)


def test_a_known_mistake_inside_the_tolerance_is_still_wrong() -> None:
    one_percent = Tolerance("relative", 0.01)
    right, one_step_more = 0.01 * 0.99**7, 0.01 * 0.99**8  # ExponentialLR: 1.0% apart
    assert within("0.009228", right, one_percent)  # inside 1%, with no mistake known
    assert not within("0.009227", right, one_percent, [one_step_more])
    assert not within("0.009228", right, one_percent, [one_step_more])
    assert within("0.00932", right, one_percent, [one_step_more])  # nearer the right value
    assert within(format_number(right), right, one_percent, [one_step_more])
    # the best constant rate 2/(λmin + λmax) against the limit 2/λmax
    assert not within("2/50.01", 2 / 50, one_percent, [2 / 50.01])
    assert within("0.04", 2 / 50, one_percent, [2 / 50.01])


@pytest.mark.parametrize(
    ("typed", "value"),
    [("0,025", 0.025), ("1,5", 1.5), ("-0,5", -0.5), ("1,000", 1000.0), ("12,345,678", 12345678.0)],
)
def test_a_comma_that_does_not_group_thousands_is_a_decimal_comma(typed: str, value: float) -> None:
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["nan", "inf", "-Infinity", "1e999", "two", "0.0.5", "1/0"])
def test_what_is_not_read_as_a_number_is_shown_as_such(typed: str) -> None:
    assert typed_number_shown(typed) == f"{typed} {NOT_A_NUMBER}"
    assert NOT_A_NUMBER == "(not read as a number)"


@pytest.mark.parametrize("typed", ["0.025", "1/40", "2.5×10^-2", "lr = 0.025", "", "  "])
def test_a_number_or_nothing_is_shown_as_typed(typed: str) -> None:
    assert typed_number_shown(typed) == typed
