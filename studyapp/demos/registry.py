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


@dataclass(frozen=True, slots=True)
class DemoSpec:
    """A registered demo: its name, what it shows, its parameters and where its code lives."""

    name: str
    summary: str
    runner: str  # "module:function", imported only when the demo runs
    params: Mapping[str, ParamSpec] = field(default_factory=dict)


_REGISTRY: dict[str, DemoSpec] = {}


def register(spec: DemoSpec) -> DemoSpec:
    """Add a demo to the registry; a name can be registered only once."""
    if spec.name in _REGISTRY:
        raise ValueError(f"demo {spec.name!r} is already registered")
    _REGISTRY[spec.name] = spec
    return spec


def unregister(name: str) -> None:
    """Remove a demo (used by tests that register temporary demos)."""
    _REGISTRY.pop(name, None)


def demo_names() -> list[str]:
    """Names of every registered demo, sorted."""
    return sorted(_REGISTRY)


def get_demo(name: str) -> DemoSpec | None:
    """The demo registered under ``name``, if any."""
    return _REGISTRY.get(name)


def registry_fingerprint() -> str:
    """A text that changes whenever the registered demos or their parameters change.

    A deck file's validity depends on the registry, so it is part of a deck file's digest.
    """
    parts = []
    for name in sorted(_REGISTRY):
        params = _REGISTRY[name].params
        specs = ",".join(
            f"{key}:{p.kind.__name__}:{p.low}:{p.high}:{'|'.join(p.choices)}"
            for key, p in sorted(params.items())
        )
        parts.append(f"{name}({specs})")
    return ";".join(parts)
