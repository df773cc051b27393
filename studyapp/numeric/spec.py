"""What a numeric card writes: the calculator it names, the values each parameter is drawn
from, the tolerance, and the ``{name}`` placeholders of its question and answer; and the
checks that make such a card valid without computing anything.

A parameter's values are a list (``5, 10, 20``) or a whole-number range (``0..60``, both ends
included). In a deck file's data a list stays a list and a range is the text ``"a..b"``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass

from studyapp.numeric.registry import CalculatorSpec, Number, get_calculator

_RANGE = re.compile(r"^\s*(?P<low>[-+]?\d+)\s*\.\.\s*(?P<high>[-+]?\d+)\s*$")
_PLACEHOLDER = re.compile(r"\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}")
#: The placeholder the computed answer fills.
ANSWER = "answer"
#: The most values one parameter may list (a range may be longer).
MAX_VALUES = 100

#: A parameter's values as deck data: a list of numbers, or a range written ``"a..b"``.
ChoicesData = list[Number] | str


@dataclass(frozen=True, slots=True)
class Choices:
    """The values one parameter is drawn from: ``values`` listed, or ``low..high``."""

    values: tuple[Number, ...] = ()
    low: int = 0
    high: int = 0

    @classmethod
    def parse(cls, data: object) -> Choices:
        """Choices from deck data (a number, a list of numbers, or ``"a..b"``); ValueError if
        they are none of these."""
        if isinstance(data, str):
            match = _RANGE.match(data)
            if match is None:
                raise ValueError(
                    f'"{data}" is neither a list of numbers (5, 10, 20) nor a range (0..60)'
                )
            low, high = int(match["low"]), int(match["high"])
            if low > high:
                raise ValueError(f'the range "{data}" runs backwards; write {high}..{low}')
            return cls(low=low, high=high)
        items: list[object] = list(data) if isinstance(data, list | tuple) else [data]
        if not items:
            raise ValueError("has no values")
        if len(items) > MAX_VALUES:
            raise ValueError(
                f"lists {len(items)} values; at most {MAX_VALUES} (or use a range a..b)"
            )
        numbers: list[Number] = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, int | float):
                raise ValueError(f"{item!r} is not a number")
            numbers.append(item)
        if len(set(numbers)) < len(numbers):
            raise ValueError("lists a value twice")
        return cls(values=tuple(numbers))

    @property
    def is_range(self) -> bool:
        """Whether the values are a range ``low..high``."""
        return not self.values

    def data(self) -> ChoicesData:
        """As deck data: the list, or the text ``"low..high"``."""
        return f"{self.low}..{self.high}" if self.is_range else list(self.values)

    def text(self) -> str:
        """As a Markdown ``param::`` line writes them: ``5, 10, 20`` or ``0..60``."""
        if self.is_range:
            return f"{self.low}..{self.high}"
        return ", ".join(repr(value) for value in self.values)

    @property
    def smallest(self) -> Number:
        """The least value."""
        return self.low if self.is_range else min(self.values)

    @property
    def largest(self) -> Number:
        """The greatest value."""
        return self.high if self.is_range else max(self.values)

    def ends(self) -> tuple[Number, ...]:
        """The values that bound the others (every one listed; a range's two ends)."""
        return (self.low, self.high) if self.is_range else self.values

    def draw(self, rng: random.Random) -> Number:
        """One value, each equally likely."""
        return rng.randint(self.low, self.high) if self.is_range else rng.choice(self.values)


@dataclass(frozen=True, slots=True)
class NumericSpec:
    """A numeric card's calculator, parameter choices and tolerance text."""

    compute: str
    params: Mapping[str, Choices]
    tolerance: str

    @property
    def calculator(self) -> CalculatorSpec:
        """The registered calculator (the spec was checked, so it exists)."""
        found = get_calculator(self.compute)
        if found is None:
            raise LookupError(f"no calculator {self.compute!r}")
        return found

    def data(self) -> dict[str, object]:
        """As the store keeps it (JSON-ready)."""
        return {
            "compute": self.compute,
            "params": {name: choices.data() for name, choices in self.params.items()},
            "tolerance": self.tolerance,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> NumericSpec:
        """From :meth:`data` (as the store keeps it)."""
        params = data["params"]
        assert isinstance(params, dict)
        return cls(
            str(data["compute"]),
            {name: Choices.parse(value) for name, value in params.items()},
            str(data["tolerance"]),
        )


def placeholders(text: str) -> list[str]:
    """The ``{name}`` placeholders of a text, in order."""
    return [match["name"] for match in _PLACEHOLDER.finditer(text)]


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with each ``{name}`` replaced by ``values[name]`` (others left as written)."""
    return _PLACEHOLDER.sub(lambda match: values.get(match["name"], match[0]), text)


def blank_placeholders(text: str) -> str:
    """The text with each ``{name}`` placeholder shown as ``…``: a numeric card's question in a
    list, where no numbers are drawn."""
    return _PLACEHOLDER.sub("…", text)


def param_problems(calculator: CalculatorSpec, params: Mapping[str, Choices]) -> list[str]:
    """What is wrong with these parameter choices for the calculator (parameters it does not
    take are the caller's to report, with a suggestion): a parameter it needs missing, a value
    out of its bounds, or parameters whose values must be in order and are not."""
    problems = []
    missing = [name for name in calculator.params if name not in params]
    if missing:
        problems.append(
            f'calculator "{calculator.name}" needs a value for {", ".join(missing)} '
            f"(write param:: {missing[0]} = …)"
        )
    for name, choices in params.items():
        param = calculator.params.get(name)
        if param is None:
            continue
        for value in choices.ends():
            problem = param.check(value)
            if problem:
                problems.append(f'param "{name}" {problem}, not {value!r}')
                break
    for low, high in calculator.ordered:
        if low in params and high in params and params[low].largest > params[high].smallest:
            problems.append(
                f'every "{low}" must be at most every "{high}" '
                f"({low} up to {params[low].largest!r}, {high} from {params[high].smallest!r})"
            )
    return problems


def placeholder_problems(calculator: CalculatorSpec, question: str, answer: str) -> list[str]:
    """Unknown placeholders, and a question with no parameter to draw in it."""
    problems = []
    in_question = placeholders(question)
    for name in in_question:
        if name not in calculator.params:
            problems.append(
                f'the question has the placeholder "{{{name}}}", which is not a parameter of '
                f'"{calculator.name}" ({", ".join(calculator.params)})'
            )
    if not any(name in calculator.params for name in in_question):
        problems.append(
            "the question shows no drawn parameter: write at least one, e.g. "
            f"{{{next(iter(calculator.params))}}}, so it is drawn afresh each time"
        )
    known = {*calculator.params, *calculator.working, ANSWER}
    for name in dict.fromkeys(placeholders(answer)):
        if name not in known:
            problems.append(
                f'the answer has the placeholder "{{{name}}}"; it may use '
                f"{', '.join(sorted(known))}"
            )
    return problems
