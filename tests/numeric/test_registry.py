"""The registry of calculators: bounds, what compute checks, and no NumPy to validate a card."""

from __future__ import annotations

import subprocess
import sys

import pytest

from studyapp.numeric.registry import (
    CALCULATORS,
    NumericParam,
    calculator_names,
    get_calculator,
)


def test_the_calculators_issue_17_asks_for_are_registered() -> None:
    assert calculator_names() == sorted(
        [
            "step-lr", "exponential-lr", "cosine-lr", "adam-first-step", "momentum-step",
            "he-std", "xavier-std", "dropout-scale", "stability-limit",
        ]
    )  # fmt: skip
    assert get_calculator("nope") is None


def test_a_parameter_checks_kind_and_bounds() -> None:
    epoch = NumericParam(int, 0, 1000)
    assert epoch.check(25) is None
    assert epoch.check(25.0) is None
    assert epoch.check(2.5) == "must be a whole number"
    assert epoch.check(-1) == "must be from 0–1000"
    assert epoch.check(True) == "must be a number"
    gamma = NumericParam(float, 0.01, 0.99)
    assert gamma.check(float("nan")) == "must be a finite number"
    assert gamma.describe() == "0.01–0.99"


def test_compute_refuses_what_the_bounds_refuse() -> None:
    he = CALCULATORS["he-std"]
    assert he.compute({"fan_in": 512}).value == 0.0625
    with pytest.raises(ValueError, match="fan_in must be from 1–1000000"):
        he.compute({"fan_in": 0})
    with pytest.raises(ValueError, match="fan_in is missing; no parameter 'fan_out'"):
        he.compute({"fan_out": 3})


def test_validating_a_numeric_deck_imports_no_numpy() -> None:
    code = (
        "import sys\n"
        "from studyapp.decks.models import CardSpec\n"
        "CardSpec(question='p = {p}?', answer='{answer}', type='numeric', "
        "compute='dropout-scale', params={'p': [0.5]})\n"
        "print('numpy' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
