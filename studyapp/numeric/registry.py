"""The calculators a numeric card may name, with each one's parameters and their bounds.

A deck file is data: a numeric card names a registered calculator (``compute:: step-lr``) and
gives each parameter the values to draw from, checked against the bounds declared here. The
bounds are chosen so that every combination inside them computes a finite answer, so checking
a card never computes anything. This module imports nothing heavy: a calculator's code
(:mod:`studyapp.numeric.calculators`, which uses the demos' schedules and optimizers) is
imported only when an answer is computed.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

Number = int | float


@dataclass(frozen=True, slots=True)
class NumericParam:
    """One parameter of a calculator: whole or real, and its inclusive bounds."""

    kind: type[int] | type[float]
    low: float
    high: float
    help: str = ""

    def check(self, value: Number) -> str | None:
        """What is wrong with ``value`` for this parameter, or None if it is valid."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number"
        if self.kind is int and not (isinstance(value, int) or float(value).is_integer()):
            return "must be a whole number"
        if not math.isfinite(value):
            return "must be a finite number"
        if value < self.low or value > self.high:
            return f"must be from {self.describe()}"
        return None

    def describe(self) -> str:
        """The bounds in a few words, e.g. ``1–1000`` or ``0–0.999``."""
        if self.kind is int:
            return f"{int(self.low)}–{int(self.high)}"
        return f"{self.low:g}–{self.high:g}"


@dataclass(frozen=True, slots=True)
class Computed:
    """A calculator's answer, the named steps of its working, and the wrong answers that known
    mistakes give (each with the mistake in a few words), most common mistake first."""

    value: float
    working: Mapping[str, float] = field(default_factory=dict)
    mistakes: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class CalculatorSpec:
    """A registered calculator: what it computes, its parameters, and where its code lives."""

    name: str
    summary: str
    formula: str
    params: Mapping[str, NumericParam]
    runner: str  # "module:function", imported only when an answer is computed
    #: names of the intermediate values an answer may show as ``{name}`` placeholders
    working: tuple[str, ...] = ()
    #: pairs (a, b) of parameters where every value drawn for a must be at most every one for b
    ordered: tuple[tuple[str, str], ...] = ()

    def compute(self, values: Mapping[str, Number]) -> Computed:
        """The answer for these parameter values (each checked against its bounds first)."""
        problems = [
            f"{key} {problem}"
            for key, param in self.params.items()
            if (problem := param.check(values[key]) if key in values else "is missing")
        ]
        problems += [f"no parameter {key!r}" for key in values if key not in self.params]
        if problems:
            raise ValueError(f"calculator {self.name!r}: " + "; ".join(problems))
        module, _, function = self.runner.partition(":")
        runner: Callable[..., Computed] = getattr(importlib.import_module(module), function)
        typed = {
            key: int(value) if self.params[key].kind is int else float(value)
            for key, value in values.items()
        }
        return runner(**typed)


def _int(low: int, high: int, help: str) -> NumericParam:
    return NumericParam(int, low, high, help)


def _real(low: float, high: float, help: str) -> NumericParam:
    return NumericParam(float, low, high, help)


_RUNNERS = "studyapp.numeric.calculators"
_LR0 = _real(1e-6, 10.0, "the initial learning rate lr₀")

CALCULATORS: Mapping[str, CalculatorSpec] = {
    spec.name: spec
    for spec in (
        CalculatorSpec(
            "step-lr",
            "StepLR's learning rate at an epoch (torch.optim.lr_scheduler.StepLR)",
            "lr₀·γ^⌊epoch/step_size⌋",
            {
                "lr0": _LR0,
                "step_size": _int(1, 1000, "epochs between decays"),
                "gamma": _real(0.01, 0.99, "the decay factor γ"),
                "epoch": _int(0, 1000, "the epoch asked about"),
            },
            f"{_RUNNERS}:step_lr",
            ("decays",),
        ),
        CalculatorSpec(
            "exponential-lr",
            "ExponentialLR's learning rate at a step (torch.optim.lr_scheduler.ExponentialLR)",
            "lr₀·γ^step",
            {
                "lr0": _LR0,
                "gamma": _real(0.5, 0.999, "the decay factor γ per step"),
                "step": _int(0, 1000, "the step asked about"),
            },
            f"{_RUNNERS}:exponential_lr",
            ("factor",),
        ),
        CalculatorSpec(
            "cosine-lr",
            "CosineAnnealingLR's learning rate at a step within its first half-period",
            "η_min + (lr₀ − η_min)·(1 + cos(π·step/T_max))/2",
            {
                "lr0": _LR0,
                "eta_min": _real(0.0, 1.0, "the lowest learning rate η_min (below lr₀)"),
                "t_max": _int(1, 10000, "the steps T_max from lr₀ down to η_min"),
                "step": _int(0, 10000, "the step asked about (at most T_max)"),
            },
            f"{_RUNNERS}:cosine_lr",
            ("cosine", "half"),
            (("step", "t_max"), ("eta_min", "lr0")),
        ),
        CalculatorSpec(
            "adam-first-step",
            "How far Adam's first step moves a weight (torch.optim.Adam, bias-corrected)",
            "lr·m̂/(√v̂ + ε) with m̂ = g, v̂ = g²: ≈ lr",
            {
                "lr": _real(1e-6, 1.0, "the learning rate"),
                "beta1": _real(0.0, 0.999, "β₁, the decay of the first moment"),
                "beta2": _real(0.9, 0.99999, "β₂, the decay of the second moment"),
                "grad": _real(1e-3, 1000.0, "the first gradient g (positive)"),
            },
            f"{_RUNNERS}:adam_first_step",
            ("m", "v", "m_hat", "v_hat", "uncorrected"),
        ),
        CalculatorSpec(
            "momentum-step",
            "SGD with momentum's step under a constant gradient, once the velocity has settled",
            "lr·g/(1 − β)",
            {
                "lr": _real(1e-6, 10.0, "the learning rate"),
                "beta": _real(0.0, 0.999, "the momentum β"),
                "grad": _real(1e-3, 1000.0, "the constant gradient g"),
            },
            f"{_RUNNERS}:momentum_step",
            ("amplification",),
        ),
        CalculatorSpec(
            "he-std",
            "The standard deviation of He (Kaiming) normal initialisation for ReLU layers",
            "√(2/fan_in)",
            {"fan_in": _int(1, 1_000_000, "inputs per unit")},
            f"{_RUNNERS}:he_std",
            ("variance",),
        ),
        CalculatorSpec(
            "xavier-std",
            "The standard deviation of Xavier (Glorot) normal initialisation",
            "√(2/(fan_in + fan_out))",
            {
                "fan_in": _int(1, 1_000_000, "inputs per unit"),
                "fan_out": _int(1, 1_000_000, "outputs per unit"),
            },
            f"{_RUNNERS}:xavier_std",
            ("variance",),
        ),
        CalculatorSpec(
            "dropout-scale",
            "The factor inverted dropout multiplies kept activations by during training",
            "1/(1 − p)",
            {"p": _real(0.01, 0.95, "the probability of dropping a unit")},
            f"{_RUNNERS}:dropout_scale",
            ("keep",),
        ),
        CalculatorSpec(
            "stability-limit",
            "The largest learning rate at which gradient descent on a quadratic does not diverge",
            "2/λ_max",
            {
                "lambda_min": _real(1e-4, 1e4, "the Hessian's smallest eigenvalue"),
                "lambda_max": _real(1e-4, 1e4, "the Hessian's largest eigenvalue (≥ λ_min)"),
            },
            f"{_RUNNERS}:stability_limit",
            ("optimal",),
            (("lambda_min", "lambda_max"),),
        ),
    )
}


def calculator_names() -> list[str]:
    """Names of every registered calculator, sorted."""
    return sorted(CALCULATORS)


def get_calculator(name: str) -> CalculatorSpec | None:
    """The calculator registered under ``name``, if any."""
    return CALCULATORS.get(name)


def calculator_table() -> str:
    """The calculators as the Markdown table cards/README.md shows (a test keeps them equal)."""
    rows = [
        "| compute:: | what it computes | formula | param:: names and bounds | working |",
        "|---|---|---|---|---|",
    ]
    for spec in CALCULATORS.values():
        params = ", ".join(
            f"`{name}` {'whole ' if param.kind is int else ''}{param.describe()}"
            for name, param in spec.params.items()
        )
        if spec.ordered:
            params += "; " + ", ".join(f"{low} ≤ {high}" for low, high in spec.ordered)
        working = ", ".join(f"`{{{name}}}`" for name in spec.working)
        rows.append(f"| `{spec.name}` | {spec.summary} | {spec.formula} | {params} | {working} |")
    return "\n".join(rows)
