"""The registry of demos that deck files may link to, with each demo's parameter bounds.

Deck files are data: a card can only name a registered demo and pass it parameters that
are checked against that demo's declared bounds. The registry itself imports nothing heavy,
so validating a deck never loads NumPy; a demo's code is imported only when it runs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

ParamValue = int | float | bool | str


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """What one demo parameter accepts: its type, default, and (for numbers) its bounds."""

    kind: type[int] | type[float] | type[bool] | type[str]
    default: ParamValue
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    help: str = ""

    def parse(self, text: str) -> ParamValue:
        """Turn command-line text into this parameter's type (ValueError if it is not one)."""
        if self.kind is bool:
            lowered = text.strip().lower()
            if lowered in {"true", "yes", "1", "on"}:
                return True
            if lowered in {"false", "no", "0", "off"}:
                return False
            raise ValueError("must be true or false")
        if self.kind is str:
            return text
        try:
            number = float(text)
        except ValueError:
            raise ValueError("must be a number") from None
        if self.kind is int:
            if not number.is_integer():
                raise ValueError("must be a whole number")
            return int(number)
        return number

    def describe(self) -> str:
        """The accepted values in a few words, e.g. ``0.0001–1`` or ``sgd|adam``."""
        if self.kind is bool:
            return "true|false"
        if self.kind is str:
            return "|".join(self.choices) if self.choices else "text"
        low = "" if self.low is None else _number(self.low, self.kind)
        high = "" if self.high is None else _number(self.high, self.kind)
        return f"{low}–{high}" if low or high else self.kind.__name__

    def check(self, value: ParamValue) -> str | None:
        """Return what is wrong with ``value`` for this parameter, or None if it is valid."""
        if self.kind is bool:
            return None if isinstance(value, bool) else "must be true or false"
        if self.kind is str:
            if not isinstance(value, str):
                return "must be text"
            if self.choices and value not in self.choices:
                return f"must be one of {', '.join(self.choices)}"
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number"
        if self.kind is int and not isinstance(value, int):
            return "must be a whole number"
        if not math.isfinite(value):
            return "must be a finite number"
        if self.low is not None and value < self.low:
            return f"must be at least {self.low:g}"
        if self.high is not None and value > self.high:
            return f"must be at most {self.high:g}"
        return None


def format_param(value: ParamValue) -> str:
    """A parameter value as a user types it: ``true``, ``0.03``, ``300``, ``triangular``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _number(value: float, kind: type) -> str:
    return str(int(value)) if kind is int else f"{value:g}"


@dataclass(frozen=True, slots=True)
class Prediction:
    """A question the learner answers before a run; the run's result decides the answer.

    ``which_wins`` marks a question that only asks whether the technique in the demo's title
    beats its baseline; the title all but gives such an answer away, so few demos ask one.
    """

    question: str
    options: tuple[str, ...]
    which_wins: bool = False


class DemoParamError(ValueError):
    """Parameters a demo does not accept; ``problems`` lists each one."""

    def __init__(self, demo: str, problems: list[str]) -> None:
        super().__init__(f"demo {demo!r}: " + "; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class DemoSpec:
    """A registered demo: its name, what it shows, its parameters and where its code lives."""

    name: str
    summary: str
    runner: str  # "module:function", imported only when the demo runs
    params: Mapping[str, ParamSpec] = field(default_factory=dict)
    title: str = ""
    prediction: Prediction | None = None

    def resolve(self, given: Mapping[str, ParamValue] | None = None) -> dict[str, ParamValue]:
        """Every parameter's value: ``given`` where set, else the default; all checked.

        An int where a float is expected is accepted (``lr=1``); anything unknown or out of
        bounds raises :class:`DemoParamError` naming every problem at once.
        """
        given = dict(given or {})
        problems = [f"no parameter {key!r}" for key in given if key not in self.params]
        values: dict[str, ParamValue] = {}
        for key, param in self.params.items():
            value = given.get(key, param.default)
            if param.kind is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            problem = param.check(value)
            if problem:
                problems.append(f"{key} {problem}, not {value!r}")
            values[key] = value
        if problems:
            raise DemoParamError(self.name, problems)
        return values


_REGISTRY: dict[str, DemoSpec] = {}
_catalog_loaded = False


def _load_catalog() -> None:
    """Register the bundled demos (once, on first use of the registry)."""
    global _catalog_loaded
    if not _catalog_loaded:
        _catalog_loaded = True
        import studyapp.demos.catalog  # noqa: F401  (registers on import)


def register(spec: DemoSpec) -> DemoSpec:
    """Add a demo to the registry; a name can be registered only once."""
    _load_catalog()
    if spec.name in _REGISTRY:
        raise ValueError(f"demo {spec.name!r} is already registered")
    _REGISTRY[spec.name] = spec
    return spec


def unregister(name: str) -> None:
    """Remove a demo (used by tests that register temporary demos)."""
    _REGISTRY.pop(name, None)


def demo_names() -> list[str]:
    """Names of every registered demo, sorted."""
    _load_catalog()
    return sorted(_REGISTRY)


def get_demo(name: str) -> DemoSpec | None:
    """The demo registered under ``name``, if any."""
    _load_catalog()
    return _REGISTRY.get(name)


def registry_fingerprint() -> str:
    """A text that changes whenever the registered demos or their parameters change.

    A deck file's validity depends on the registry, so it is part of a deck file's digest.
    """
    _load_catalog()
    parts = []
    for name in sorted(_REGISTRY):
        params = _REGISTRY[name].params
        specs = ",".join(
            f"{key}:{p.kind.__name__}:{p.low}:{p.high}:{'|'.join(p.choices)}"
            for key, p in sorted(params.items())
        )
        parts.append(f"{name}({specs})")
    return ";".join(parts)
