"""Parameter specifications most demos share, with bounds that keep every run short."""

from __future__ import annotations

from studyapp.demos.registry import ParamSpec

MAX_SEED = 2**31 - 1


def seed(default: int = 0) -> ParamSpec:
    """The random seed: the same seed gives the same run."""
    return ParamSpec(int, default, 0, MAX_SEED, help="random seed (same seed, same run)")


def lr(default: float, low: float = 1e-5, high: float = 10.0, help: str = "") -> ParamSpec:
    """A learning rate."""
    return ParamSpec(float, default, low, high, help=help or "learning rate")


def steps(default: int, low: int = 10, high: int = 2000) -> ParamSpec:
    """Optimizer steps on a 2-D surface."""
    return ParamSpec(int, default, low, high, help="optimizer steps")


def epochs(default: int, low: int = 2, high: int = 300) -> ParamSpec:
    """Passes over the training set."""
    return ParamSpec(int, default, low, high, help="passes over the training data")


def momentum(default: float, help: str = "") -> ParamSpec:
    """A momentum coefficient (0 is none; 1 would never forget)."""
    return ParamSpec(float, default, 0.0, 0.999, help=help or "momentum coefficient")
