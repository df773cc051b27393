"""Drawing an instance of a numeric card."""

from __future__ import annotations

import random

from studyapp.numeric.drawing import draw_instance, instance_of, show_value
from studyapp.numeric.spec import Choices, NumericSpec

STEP = NumericSpec(
    "step-lr",
    {
        "lr0": Choices.parse([0.1]),
        "step_size": Choices.parse([10]),
        "gamma": Choices.parse([0.5]),
        "epoch": Choices.parse("1..60"),
    },
    "1%",
)
QUESTION = "StepLR(step_size={step_size}, gamma={gamma}), lr₀ = {lr0}: the lr at epoch {epoch}?"
ANSWER = "lr₀·γ^⌊epoch/step_size⌋ = {lr0}·{gamma}^{decays} = {answer}"


def test_an_instance_fills_question_and_answer_and_offers_known_mistakes() -> None:
    values = {"lr0": 0.1, "step_size": 10, "gamma": 0.5, "epoch": 25}
    instance = instance_of(STEP, QUESTION, ANSWER, values)
    assert instance.question == "StepLR(step_size=10, gamma=0.5), lr₀ = 0.1: the lr at epoch 25?"
    assert instance.answer == "lr₀·γ^⌊epoch/step_size⌋ = 0.1·0.5^2 = 0.025"
    assert (instance.shown, instance.shown_with_tolerance) == ("0.025", "0.025 (±1%)")
    # one decay too many, one too few, no floor (0.5^2.5)
    assert instance.mistakes == ("0.0125", "0.05", "0.01768")


def test_the_same_seed_draws_the_same_instance_and_others_differ() -> None:
    first = draw_instance(STEP, QUESTION, ANSWER, random.Random("a"))
    assert draw_instance(STEP, QUESTION, ANSWER, random.Random("a")) == first
    epochs = {draw_instance(STEP, QUESTION, ANSWER, random.Random(seed)).values["epoch"]
              for seed in range(30)}  # fmt: skip
    assert len(epochs) > 10


def test_an_absolute_tolerance_is_shown_as_written() -> None:
    spec = NumericSpec("dropout-scale", {"p": Choices.parse([0.5])}, "±0.01")
    instance = draw_instance(spec, "p = {p}?", "{answer}", random.Random(1))
    assert instance.shown_with_tolerance == "2 (±0.01)"


def test_parameter_values_are_shown_as_written() -> None:
    assert [show_value(value) for value in (512, 0.1, 0.30000000000000004, 1e-5)] == [
        "512", "0.1", "0.3", "1e-5"
    ]  # fmt: skip


def test_far_off_mistakes_are_offered_only_when_there_are_not_enough_others() -> None:
    from studyapp.numeric.drawing import PLAUSIBLE_RATIO, _plausible

    assert _plausible(0.0125, 0.025)
    assert not _plausible(1e-54, 0.007)
    assert not _plausible(0.025 * PLAUSIBLE_RATIO * 2, 0.025)
    assert not _plausible(-0.025, 0.025)  # the other sign


def test_the_exponential_card_no_longer_offers_1e_54() -> None:
    from pathlib import Path

    from studyapp.decks.files import load_deck

    deck = load_deck(Path(__file__).parents[2] / "cards" / "training-by-the-numbers.md")
    card = next(card for card in deck.cards if card.id == "numbers-exponentiallr-at-step")
    assert card.numeric is not None
    drawn = instance_of(
        card.numeric, card.question, card.answer, {"lr0": 0.01, "gamma": 0.99, "step": 26}
    )
    assert len(drawn.mistakes) == 3
    assert all(1e-3 <= float(wrong) / drawn.value <= 1e3 for wrong in drawn.mistakes), (
        drawn.mistakes
    )
