"""Parameter choices, placeholders, and the checks of a numeric card's spec."""

from __future__ import annotations

import random

import pytest

from studyapp.numeric.registry import CALCULATORS
from studyapp.numeric.spec import (
    Choices,
    NumericSpec,
    fill,
    param_problems,
    placeholder_problems,
    placeholders,
)


def test_choices_are_a_list_or_a_whole_number_range() -> None:
    listed = Choices.parse([5, 10, 20])
    assert (listed.values, listed.is_range, listed.text(), listed.data()) == (
        (5, 10, 20), False, "5, 10, 20", [5, 10, 20]
    )  # fmt: skip
    assert Choices.parse(0.5).values == (0.5,)
    ranged = Choices.parse(" 0 .. 60 ")
    assert (ranged.low, ranged.high, ranged.text(), ranged.data()) == (0, 60, "0..60", "0..60")
    assert (ranged.smallest, ranged.largest, ranged.ends()) == (0, 60, (0, 60))


@pytest.mark.parametrize(
    ("data", "problem"),
    [("60..0", "runs backwards; write 0..60"), ("a..b", "neither a list"), ([], "has no values"),
     ([1, 1], "lists a value twice"), (["x"], "'x' is not a number"), ([True], "True is not"),
     (list(range(101)), "at most 100")],
)  # fmt: skip
def test_bad_choices(data: object, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        Choices.parse(data)


def test_a_draw_takes_each_value_with_the_rng_given() -> None:
    choices = Choices.parse("1..3")
    drawn = {choices.draw(random.Random(seed)) for seed in range(50)}
    assert drawn == {1, 2, 3}
    listed = Choices.parse([0.1, 0.5])
    assert listed.draw(random.Random(7)) == listed.draw(random.Random(7))


def test_placeholders_and_filling() -> None:
    text = "StepLR({step_size}) at epoch {epoch}: {answer}; $x_{1}$ stays"
    assert placeholders(text) == ["step_size", "epoch", "answer"]
    assert fill(text, {"step_size": "10", "epoch": "25"}) == (
        "StepLR(10) at epoch 25: {answer}; $x_{1}$ stays"
    )


def test_param_problems() -> None:
    step = CALCULATORS["step-lr"]
    ok = {
        "lr0": Choices.parse([0.1]), "step_size": Choices.parse([10]),
        "gamma": Choices.parse([0.5]), "epoch": Choices.parse("0..60"),
    }  # fmt: skip
    assert param_problems(step, ok) == []
    missing = {key: value for key, value in ok.items() if key != "gamma"}
    assert param_problems(step, missing) == [
        'calculator "step-lr" needs a value for gamma (write param:: gamma = …)'
    ]
    assert param_problems(step, ok | {"gamma": Choices.parse([0.5, 2])}) == [
        'param "gamma" must be from 0.01–0.99, not 2'
    ]
    assert param_problems(step, ok | {"epoch": Choices.parse([2.5])}) == [
        'param "epoch" must be a whole number, not 2.5'
    ]
    cosine = CALCULATORS["cosine-lr"]
    spec = {
        "lr0": Choices.parse([0.1]), "eta_min": Choices.parse([0]),
        "t_max": Choices.parse([50, 100]), "step": Choices.parse("0..60"),
    }  # fmt: skip
    assert param_problems(cosine, spec) == [
        'every "step" must be at most every "t_max" (step up to 60, t_max from 50)'
    ]


def test_placeholder_problems() -> None:
    he = CALCULATORS["he-std"]
    assert (
        placeholder_problems(he, "fan_in = {fan_in}?", "√(2/{fan_in}) = {variance} → {answer}")
        == []
    )
    assert placeholder_problems(he, "fan_in = 512?", "{answer}") == [
        "the question shows no drawn parameter: write at least one, e.g. {fan_in}, "
        "so it is drawn afresh each time"
    ]
    assert placeholder_problems(he, "{fan_in} {fan_out}?", "{answr}") == [
        'the question has the placeholder "{fan_out}", which is not a parameter of "he-std" '
        "(fan_in)",
        'the answer has the placeholder "{answr}"; it may use answer, fan_in, variance',
    ]


def test_a_spec_goes_to_the_store_and_back() -> None:
    spec = NumericSpec("he-std", {"fan_in": Choices.parse([256, 512])}, "±0.001")
    data = spec.data()
    assert data == {"compute": "he-std", "params": {"fan_in": [256, 512]}, "tolerance": "±0.001"}
    assert NumericSpec.from_data(data) == spec
    assert spec.calculator is CALCULATORS["he-std"]
