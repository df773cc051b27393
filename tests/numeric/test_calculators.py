"""Every calculator, and every bundled numeric card, against values worked out by hand."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest

from studyapp.decks.files import find_deck_files, load_deck
from studyapp.numeric import calculators
from studyapp.numeric.drawing import instance_of
from studyapp.numeric.grading import format_number, within
from studyapp.numeric.registry import CALCULATORS, Number

CARDS = Path(__file__).parents[2] / "cards"
NUMERIC_CARDS = {
    card.id: card
    for path in find_deck_files([CARDS])
    for card in load_deck(path).cards
    if card.numeric is not None
}

#: Each bundled numeric card at fixed parameters, with its answer worked by hand.
HAND_WORKED: dict[str, tuple[dict[str, Number], float]] = {
    # two decays by epoch 25: 0.1 · 0.5² = 0.025
    "numbers-steplr-at-epoch": ({"lr0": 0.1, "step_size": 10, "gamma": 0.5, "epoch": 25}, 0.025),
    # 0.1 · 0.9³ = 0.1 · 0.729
    "numbers-exponentiallr-at-step": ({"lr0": 0.1, "gamma": 0.9, "step": 3}, 0.0729),
    # halfway: cos(π/2) = 0, so 0.001 + 0.099 · 1/2
    "numbers-cosine-at-step": ({"lr0": 0.1, "eta_min": 0.001, "t_max": 100, "step": 50}, 0.0505),
    # m̂ = g and v̂ = g², so lr · g/(|g| + ε) = 0.001 · 0.5/(0.5 + 1e-8)
    "numbers-adam-first-step": (
        {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "grad": 0.5},
        0.001 * 0.5 / (0.5 + 1e-8),
    ),
    # 0.01 · 2/(1 − 0.9) = 0.2
    "numbers-momentum-effective-step": ({"lr": 0.01, "beta": 0.9, "grad": 2}, 0.2),
    # √(2/512) = √(1/256) = 1/16
    "numbers-he-std": ({"fan_in": 512}, 0.0625),
    # √(2/(300 + 100)) = √0.005
    "numbers-xavier-std": ({"fan_in": 300, "fan_out": 100}, 0.07071067811865475),
    # 1/(1 − 0.2)
    "numbers-dropout-scale": ({"p": 0.2}, 1.25),
    # 2/4
    "numbers-stability-limit": ({"lambda_min": 0.1, "lambda_max": 4}, 0.5),
}


def test_at_least_eight_bundled_numeric_cards_each_worked_by_hand() -> None:
    assert len(NUMERIC_CARDS) >= 8
    assert set(HAND_WORKED) == set(NUMERIC_CARDS)


@pytest.mark.parametrize("card_id", sorted(HAND_WORKED))
def test_each_bundled_numeric_card_computes_its_hand_worked_value(card_id: str) -> None:
    card = NUMERIC_CARDS[card_id]
    assert card.numeric is not None
    values, expected = HAND_WORKED[card_id]
    instance = instance_of(card.numeric, card.question, card.answer, values)
    assert instance.value == pytest.approx(expected, rel=1e-12)
    assert "{" not in instance.question
    assert "{" not in instance.answer
    assert instance.answer.count(instance.shown) >= 1  # the worked answer ends at the value
    assert len(instance.mistakes) == 3


def test_the_worked_answers_show_their_numbers() -> None:
    card = NUMERIC_CARDS["numbers-steplr-at-epoch"]
    assert card.numeric is not None
    values = {"lr0": 0.1, "step_size": 10, "gamma": 0.5, "epoch": 25}
    instance = instance_of(card.numeric, card.question, card.answer, values)
    assert instance.question.startswith("StepLR(step_size=10, gamma=0.5) starts at lr₀ = 0.1:")
    assert "the number of decays by epoch 25 is ⌊25/10⌋ = 2:" in instance.answer
    assert instance.answer.endswith("= 0.1·0.5^2 = 0.025.")
    he = NUMERIC_CARDS["numbers-he-std"]
    assert he.numeric is not None
    assert (
        "2/512 = 0.003906"
        in instance_of(he.numeric, he.question, he.answer, {"fan_in": 512}).answer
    )


def test_the_known_mistakes_are_the_ones_students_make() -> None:
    step = calculators.step_lr(0.1, 10, 0.5, 25)
    assert dict(step.mistakes)["one decay too many"] == pytest.approx(0.0125)
    assert dict(step.mistakes)["one decay too few"] == pytest.approx(0.05)
    adam = calculators.adam_first_step(0.001, 0.9, 0.999, 0.5)
    # without bias correction: lr · (1 − β₁)/√(1 − β₂) ≈ 3.16 · lr
    assert dict(adam.mistakes)["no bias correction: lr·m/(√v + ε)"] == pytest.approx(
        0.001 * 0.1 / math.sqrt(0.001), rel=1e-6
    )
    he = dict(calculators.he_std(512).mistakes)
    assert he["√(1/fan_in), the LeCun std"] == pytest.approx(math.sqrt(1 / 512))
    assert dict(calculators.dropout_scale(0.2).mistakes)["p, the drop rate"] == 0.2
    stability = dict(calculators.stability_limit(0.1, 4).mistakes)
    assert stability["1/λ_max, the best step for the steepest direction alone"] == 0.25


def test_the_schedules_agree_with_their_closed_forms() -> None:
    for epoch in range(0, 61, 7):
        assert calculators.step_lr(0.05, 20, 0.1, epoch).value == pytest.approx(
            0.05 * 0.1 ** (epoch // 20)
        )
    assert calculators.exponential_lr(0.01, 0.95, 21).value == pytest.approx(0.01 * 0.95**21)
    for step in (0, 13, 100):
        expected = 0.001 + 0.099 * (1 + math.cos(math.pi * step / 200)) / 2
        assert calculators.cosine_lr(0.1, 0.001, 200, step).value == pytest.approx(expected)


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_every_combination_of_bounds_computes_a_finite_value(name: str) -> None:
    """The registry's bounds promise a finite answer: checked at every corner of them (and the
    middle), where the parameters that must be in order are."""
    calculator = CALCULATORS[name]
    corners = {
        key: sorted({param.low, param.high, (param.low + param.high) / 2})
        for key, param in calculator.params.items()
    }
    checked = 0
    for combination in itertools.product(*corners.values()):
        values = {
            key: int(value) if calculator.params[key].kind is int else value
            for key, value in zip(corners, combination, strict=True)
        }
        if any(values[low] > values[high] for low, high in calculator.ordered):
            continue
        computed = calculator.compute(values)
        assert math.isfinite(computed.value), values
        assert all(math.isfinite(value) for value in computed.working.values()), values
        assert all(math.isfinite(wrong) for _, wrong in computed.mistakes), values
        assert set(computed.working) == set(calculator.working)
        checked += 1
    assert checked


#: The most parameter combinations of one card checked one by one (the bundled cards have fewer).
MAX_COMBINATIONS = 5000


@pytest.mark.parametrize("card_id", sorted(HAND_WORKED))
def test_every_draw_of_a_bundled_card_offers_three_wrong_values(card_id: str) -> None:
    """Whatever is drawn, the multiple-choice question has the right value and three known
    mistakes, all shown alike, none within the tolerance of the right one."""
    card = NUMERIC_CARDS[card_id]
    spec = card.numeric
    assert spec is not None
    grids = {
        name: list(range(choices.low, choices.high + 1)) if choices.is_range else choices.values
        for name, choices in spec.params.items()
    }
    combinations = list(itertools.product(*grids.values()))
    assert len(combinations) <= MAX_COMBINATIONS
    for combination in combinations:
        values = dict(zip(grids, combination, strict=True))
        instance = instance_of(spec, card.question, card.answer, values)
        assert len(set(instance.mistakes)) == 3, values
        assert instance.shown not in instance.mistakes
        for wrong in instance.mistakes:
            typed = float(wrong)
            assert not instance.tolerance.allows(typed, instance.value), (values, wrong)
        # every known mistake typed, as shown, is graded wrong, even one inside the tolerance
        for why, wrong_value in spec.calculator.compute(values).mistakes:
            typed_text = format_number(wrong_value)
            if typed_text != instance.shown:
                assert not within(
                    typed_text, instance.value, instance.tolerance, instance.wrong_values
                ), (values, why, typed_text)
        assert within(instance.shown, instance.value, instance.tolerance, instance.wrong_values)
