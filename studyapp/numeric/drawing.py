"""Drawing one instance of a numeric card: its parameters drawn, its answer computed, its
question and answer filled in, and the wrong values of known mistakes to offer as choices.

Every draw goes through the ``random.Random`` passed in, so a seed gives the same instance.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from studyapp.numeric.grading import Tolerance, format_number
from studyapp.numeric.registry import Number
from studyapp.numeric.spec import ANSWER, NumericSpec, fill

#: The most wrong values a multiple-choice question offers.
MAX_MISTAKES = 3
#: A wrong value more than this many times larger or smaller than the right one (1e-54 for
#: 0.007) is ruled out at a glance: offered only when there are not enough others.
PLAUSIBLE_RATIO = 1000.0


@dataclass(frozen=True, slots=True)
class NumericInstance:
    """One drawn instance of a numeric card."""

    values: Mapping[str, Number]
    question: str
    answer: str  # the worked answer, filled in
    value: float
    tolerance: Tolerance
    #: wrong values from known mistakes, shown as the right one is, none within tolerance of it
    mistakes: tuple[str, ...]
    #: the value of every known mistake that is not shown as the right value: a typed number
    #: nearer one of these than the right value is wrong, even within the tolerance
    wrong_values: tuple[float, ...] = ()

    @property
    def shown(self) -> str:
        """The right value as shown: ``0.025``."""
        return format_number(self.value)

    @property
    def shown_with_tolerance(self) -> str:
        """The right value with its tolerance: ``0.025 (±1%)``."""
        stated = self.tolerance.text()
        return f"{self.shown} ({stated if stated.startswith('±') else '±' + stated})"


def show_value(value: Number) -> str:
    """A parameter value as a question shows it (whole numbers as written)."""
    return str(value) if isinstance(value, int) else format_number(value)


def draw_instance(
    spec: NumericSpec, question: str, answer: str, rng: random.Random
) -> NumericInstance:
    """Draw every parameter, compute the answer, and fill in the card's question and answer."""
    values = {name: choices.draw(rng) for name, choices in spec.params.items()}
    return instance_of(spec, question, answer, values)


def instance_of(
    spec: NumericSpec, question: str, answer: str, values: Mapping[str, Number]
) -> NumericInstance:
    """The instance of a numeric card for these parameter values."""
    computed = spec.calculator.compute(values)
    tolerance = Tolerance.parse(spec.tolerance)
    shown = {name: show_value(value) for name, value in values.items()}
    shown |= {name: format_number(value) for name, value in computed.working.items()}
    shown[ANSWER] = format_number(computed.value)
    seen = {shown[ANSWER]}
    mistakes: list[str] = []
    wrong_values = tuple(
        wrong for _why, wrong in computed.mistakes if format_number(wrong) != shown[ANSWER]
    )
    far_off: list[str] = []  # mistakes whose value no one would pick: offered only if needed
    for _why, wrong in computed.mistakes:
        text = format_number(wrong)
        if text in seen or tolerance.allows(wrong, computed.value):
            continue
        seen.add(text)
        (mistakes if _plausible(wrong, computed.value) else far_off).append(text)
    mistakes += far_off
    return NumericInstance(
        values=values,
        question=fill(question, shown),
        answer=fill(answer, shown),
        value=computed.value,
        tolerance=tolerance,
        mistakes=tuple(mistakes[:MAX_MISTAKES]),
        wrong_values=wrong_values,
    )


def _plausible(wrong: float, right: float) -> bool:
    """Whether a wrong value is within :data:`PLAUSIBLE_RATIO` of the right one, same sign."""
    if right == 0 or wrong == 0:
        return abs(wrong - right) <= 1
    ratio = wrong / right
    return 1 / PLAUSIBLE_RATIO <= ratio <= PLAUSIBLE_RATIO
