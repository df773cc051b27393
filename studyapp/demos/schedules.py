"""Learning-rate schedules with the names and step-by-step values of ``torch.optim.lr_scheduler``.

A scheduler drives one optimizer-like object that exposes a mutable ``param_group`` dict (see
:class:`HasParamGroup`), keyed by torch's hyperparameter names: ``"lr"``, and ``"momentum"`` or
``"betas"`` for the schedules that cycle momentum. As in torch, building a scheduler performs
an initial step (``last_epoch`` becomes 0), and each later :meth:`LRScheduler.step` advances
``last_epoch`` by one and writes the new ``param_group["lr"]``. The values follow torch 2.13
exactly, including its *chainable* (recursive) forms: StepLR, MultiStepLR, ExponentialLR,
PolynomialLR, CosineAnnealingLR and LinearLR scale the group's current lr rather than
recomputing it from the initial one, so they compose with outside changes the way torch's do.

Two schedules torch lacks are added: :class:`PowerLR` (power scheduling) and
:class:`LRRangeTest` (the exponential sweep used to pick a learning rate). :func:`lr_curve`
lists a schedule's learning rates without an optimizer, for plotting.

The module is pure Python (only :mod:`math`); it never imports torch.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, SupportsFloat

__all__ = [
    "BaseScheduler",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "CyclicLR",
    "ExponentialLR",
    "HasParamGroup",
    "LRRangeTest",
    "LRScheduler",
    "LinearLR",
    "MultiStepLR",
    "OneCycleLR",
    "PolynomialLR",
    "PowerLR",
    "ReduceLROnPlateau",
    "StepLR",
    "lr_curve",
]


class HasParamGroup(Protocol):
    """An optimizer-like object with one mutable dict of hyperparameters.

    Schedulers read and write ``param_group["lr"]``; CyclicLR and OneCycleLR also write
    ``param_group["betas"]`` (its first entry) if that key exists, else ``"momentum"``.
    """

    @property
    def param_group(self) -> dict[str, Any]:
        """The hyperparameters, keyed by torch's names ("lr", "momentum", "betas", ...)."""
        ...


# --- argument checks -------------------------------------------------------------------------


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def _non_negative_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return value


def _non_negative(name: str, value: float) -> float:
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite non-negative number, got {value!r}")
    return value


def _positive(name: str, value: float) -> float:
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite positive number, got {value!r}")
    return value


def _pow(base: float, exponent: float) -> float:
    """``base ** exponent`` typed as a float (the bases here are never negative)."""
    return float(base**exponent)


def _momentum_key(group: dict[str, Any]) -> str:
    """Which key momentum cycling writes: torch prefers ``betas`` (beta1) over ``momentum``."""
    if "betas" in group:
        return "betas"
    if "momentum" in group:
        return "momentum"
    raise ValueError("cycle_momentum needs an optimizer whose param_group has momentum or betas")


def _set_momentum(group: dict[str, Any], key: str, value: float) -> None:
    if key == "betas":
        group["betas"] = (value, *tuple(group["betas"])[1:])
    else:
        group["momentum"] = value


# --- bases -----------------------------------------------------------------------------------


class BaseScheduler:
    """What every scheduler shares: its optimizer, ``initial_lr``, ``last_epoch``, ``last_lr``."""

    def __init__(self, optimizer: HasParamGroup) -> None:
        self.optimizer = optimizer
        self.initial_lr: float = float(optimizer.param_group["lr"])
        self.last_epoch: int = -1
        self._last_lr: float = self.initial_lr

    @property
    def last_lr(self) -> float:
        """The learning rate this scheduler set most recently (torch's ``get_last_lr()[0]``)."""
        return self._last_lr

    def get_last_lr(self) -> list[float]:
        """Torch's spelling: a one-element list holding :attr:`last_lr`."""
        return [self._last_lr]

    def _current_lr(self) -> float:
        return float(self.optimizer.param_group["lr"])

    def _write_lr(self, lr: float) -> None:
        self.optimizer.param_group["lr"] = lr
        self._last_lr = lr


class LRScheduler(BaseScheduler, ABC):
    """A schedule indexed by step count. Subclasses implement :meth:`_next_lr`.

    Subclasses set their own attributes first and then call ``super().__init__``, which records
    ``initial_lr`` and performs the initial step (``last_epoch`` -1 -> 0), as torch does.
    """

    def __init__(self, optimizer: HasParamGroup) -> None:
        super().__init__(optimizer)
        self._initial = True
        self.step()
        self._initial = False

    def step(self) -> None:
        """Advance one step (epoch or batch) and write the new ``param_group["lr"]``."""
        self.last_epoch += 1
        self._write_lr(self._next_lr())

    @abstractmethod
    def _next_lr(self) -> float:
        """The lr for the (already incremented) ``last_epoch``; ``self._initial`` on step 0."""


# --- chainable decays ------------------------------------------------------------------------


class StepLR(LRScheduler):
    """Multiply the lr by ``gamma`` every ``step_size`` steps."""

    def __init__(self, optimizer: HasParamGroup, step_size: int, gamma: float = 0.1) -> None:
        self.step_size = _positive_int("step_size", step_size)
        self.gamma = gamma
        super().__init__(optimizer)

    def _next_lr(self) -> float:
        lr = self._current_lr()
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return lr
        return lr * self.gamma


class MultiStepLR(LRScheduler):
    """Multiply the lr by ``gamma`` at each milestone (by ``gamma**k`` if listed k times).

    As in torch, a milestone of 0 already applies at construction.
    """

    def __init__(
        self, optimizer: HasParamGroup, milestones: Iterable[int], gamma: float = 0.1
    ) -> None:
        self.milestones: Counter[int] = Counter(
            _non_negative_int("milestone", m) for m in milestones
        )
        self.gamma = gamma
        super().__init__(optimizer)

    def _next_lr(self) -> float:
        lr = self._current_lr()
        if self.last_epoch not in self.milestones:
            return lr
        return lr * self.gamma ** self.milestones[self.last_epoch]


class ExponentialLR(LRScheduler):
    """Multiply the lr by ``gamma`` every step."""

    def __init__(self, optimizer: HasParamGroup, gamma: float) -> None:
        self.gamma = gamma
        super().__init__(optimizer)

    def _next_lr(self) -> float:
        lr = self._current_lr()
        return lr if self._initial else lr * self.gamma


class PolynomialLR(LRScheduler):
    """Decay to 0 over ``total_iters`` steps as ``(1 - t/total_iters)**power``, then hold."""

    def __init__(self, optimizer: HasParamGroup, total_iters: int = 5, power: float = 1.0) -> None:
        self.total_iters = _positive_int("total_iters", total_iters)
        self.power = _non_negative("power", power)
        super().__init__(optimizer)

    def _next_lr(self) -> float:
        lr = self._current_lr()
        t = self.last_epoch
        if self._initial or t > self.total_iters:
            return lr
        # torch's recursive form: the ratio of consecutive closed-form factors
        ratio = (1.0 - t / self.total_iters) / (1.0 - (t - 1) / self.total_iters)
        return lr * _pow(ratio, self.power)


class CosineAnnealingLR(LRScheduler):
    """Cosine from the initial lr down to ``eta_min`` over ``T_max`` steps (torch's recursion).

    Torch updates the lr recursively, so the values match the closed form
    ``eta_min + (lr0 - eta_min) * (1 + cos(pi * t / T_max)) / 2`` only up to rounding; past
    ``T_max`` the lr climbs back up and keeps oscillating with period ``2 * T_max``.
    """

    def __init__(self, optimizer: HasParamGroup, T_max: int, eta_min: float = 0.0) -> None:  # noqa: N803
        self.T_max = _positive_int("T_max", T_max)
        self.eta_min = _non_negative("eta_min", eta_min)
        super().__init__(optimizer)

    def _next_lr(self) -> float:
        lr = self._current_lr()
        t = self.last_epoch
        if self._initial:
            return lr
        if (t - 1 - self.T_max) % (2 * self.T_max) == 0:
            # the step just after a minimum, where the ratio below would divide by zero
            return lr + (self.initial_lr - self.eta_min) * (1 - math.cos(math.pi / self.T_max)) / 2
        ratio = (1 + math.cos(math.pi * t / self.T_max)) / (
            1 + math.cos(math.pi * (t - 1) / self.T_max)
        )
        return ratio * (lr - self.eta_min) + self.eta_min


# --- closed-form schedules -------------------------------------------------------------------


class CosineAnnealingWarmRestarts(LRScheduler):
    """SGDR: cosine from the initial lr towards ``eta_min`` over ``T_i`` steps, then restart.

    The first period is ``T_0`` steps and each restart multiplies it by ``T_mult``, so restarts
    (lr back to the initial lr) happen at steps ``T_0``, ``T_0 * (1 + T_mult)``, ...
    """

    def __init__(
        self,
        optimizer: HasParamGroup,
        T_0: int,  # noqa: N803
        T_mult: int = 1,  # noqa: N803
        eta_min: float = 0.0,
    ) -> None:
        self.T_0 = _positive_int("T_0", T_0)
        self.T_mult = _positive_int("T_mult", T_mult)
        self.eta_min = _non_negative("eta_min", eta_min)
        self.T_i = self.T_0
        self.T_cur = -1
        super().__init__(optimizer)

    def _next_lr(self) -> float:
        if self._initial:
            self.T_i, self.T_cur = self.T_0, 0
        else:
            self.T_cur += 1
            if self.T_cur >= self.T_i:
                self.T_cur %= self.T_i
                self.T_i *= self.T_mult
        cosine = 1 + math.cos(math.pi * self.T_cur / self.T_i)
        return self.eta_min + (self.initial_lr - self.eta_min) * cosine / 2


CyclicMode = Literal["triangular", "triangular2", "exp_range"]


class CyclicLR(LRScheduler):
    """Cyclical learning rates (Smith 2015): a triangle between ``base_lr`` and ``max_lr``.

    A cycle rises for ``step_size_up`` steps and falls for ``step_size_down`` (default: the
    same). ``triangular2`` halves the amplitude each cycle; ``exp_range`` scales it by
    ``gamma**t``. With ``cycle_momentum``, momentum (or beta1) moves inversely between
    ``max_momentum`` and ``base_momentum``. The lr is set to ``base_lr`` at construction.
    """

    def __init__(
        self,
        optimizer: HasParamGroup,
        base_lr: float,
        max_lr: float,
        step_size_up: int = 2000,
        step_size_down: int | None = None,
        mode: CyclicMode = "triangular",
        gamma: float = 1.0,
        cycle_momentum: bool = True,
        base_momentum: float = 0.8,
        max_momentum: float = 0.9,
    ) -> None:
        if mode not in ("triangular", "triangular2", "exp_range"):
            raise ValueError(f"unknown CyclicLR mode {mode!r}")
        self.base_lr = _non_negative("base_lr", base_lr)
        self.max_lr = _non_negative("max_lr", max_lr)
        up = float(_positive_int("step_size_up", step_size_up))
        down = (
            up
            if step_size_down is None
            else float(_non_negative_int("step_size_down", step_size_down))
        )
        self.total_size = up + down
        self.step_ratio = up / self.total_size
        self.mode: CyclicMode = mode
        self.gamma = _positive("gamma", gamma)
        self.cycle_momentum = cycle_momentum
        self.base_momentum = base_momentum
        self.max_momentum = max_momentum
        group = optimizer.param_group
        self._momentum_key = _momentum_key(group) if cycle_momentum else ""
        group["lr"] = base_lr
        if cycle_momentum:
            _set_momentum(group, self._momentum_key, max_momentum)
        super().__init__(optimizer)

    def _scale(self, cycle: int) -> float:
        if self.mode == "triangular":
            return 1.0
        if self.mode == "triangular2":
            return 1 / (2.0 ** (cycle - 1))
        return self.gamma**self.last_epoch  # exp_range scales by iterations, not cycles

    def _next_lr(self) -> float:
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        rising = x <= self.step_ratio
        fraction = x / self.step_ratio if rising else (x - 1) / (self.step_ratio - 1)
        scale = self._scale(cycle)
        if self.cycle_momentum:
            height = (self.max_momentum - self.base_momentum) * fraction
            momentum = self.max_momentum - height * scale
            _set_momentum(self.optimizer.param_group, self._momentum_key, momentum)
        return self.base_lr + (self.max_lr - self.base_lr) * fraction * scale


@dataclass(frozen=True, slots=True)
class _Phase:
    end_step: float
    start_lr: float
    end_lr: float
    start_momentum: float
    end_momentum: float


class OneCycleLR(LRScheduler):
    """The 1cycle policy: warm up to ``max_lr``, then anneal far below the starting lr.

    The lr starts at ``max_lr / div_factor``, peaks at ``max_lr`` after about
    ``pct_start * total_steps`` steps and reaches ``initial_lr / final_div_factor`` at step
    ``total_steps - 1``; momentum moves inversely. ``three_phase`` makes the warm-up and
    cool-down symmetric and adds a final annihilation phase. As in torch, the length is
    ``total_steps``, or else ``epochs * steps_per_epoch``, and stepping past it raises
    ValueError.
    """

    def __init__(
        self,
        optimizer: HasParamGroup,
        max_lr: float,
        total_steps: int | None = None,
        epochs: int | None = None,
        steps_per_epoch: int | None = None,
        pct_start: float = 0.3,
        anneal_strategy: Literal["cos", "linear"] = "cos",
        cycle_momentum: bool = True,
        base_momentum: float = 0.85,
        max_momentum: float = 0.95,
        div_factor: float = 25.0,
        final_div_factor: float = 1e4,
        three_phase: bool = False,
    ) -> None:
        total_steps = self.total_steps = _cycle_length(total_steps, epochs, steps_per_epoch)
        if not 0.0 <= pct_start <= 1.0:
            raise ValueError(f"pct_start must lie in [0, 1], got {pct_start!r}")
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"anneal_strategy must be 'cos' or 'linear', got {anneal_strategy!r}")
        self.anneal_strategy = anneal_strategy
        self.max_lr = _non_negative("max_lr", max_lr)
        start_lr = max_lr / _positive("div_factor", div_factor)
        self.min_lr = start_lr / _positive("final_div_factor", final_div_factor)
        self.cycle_momentum = cycle_momentum
        self.base_momentum = base_momentum
        self.max_momentum = max_momentum
        peak = float(pct_start * total_steps) - 1
        last = float(total_steps - 1)
        lo, hi = base_momentum, max_momentum
        self.phases: tuple[_Phase, ...]
        if three_phase:
            self.phases = (
                _Phase(peak, start_lr, max_lr, hi, lo),
                _Phase(float(2 * pct_start * total_steps) - 2, max_lr, start_lr, lo, hi),
                _Phase(last, start_lr, self.min_lr, hi, hi),
            )
        else:
            self.phases = (
                _Phase(peak, start_lr, max_lr, hi, lo),
                _Phase(last, max_lr, self.min_lr, lo, hi),
            )
        group = optimizer.param_group
        self._momentum_key = _momentum_key(group) if cycle_momentum else ""
        if cycle_momentum:
            _set_momentum(group, self._momentum_key, max_momentum)
        group["lr"] = start_lr  # torch's base_lrs come from initial_lr = max_lr / div_factor
        super().__init__(optimizer)

    def step(self) -> None:
        """Advance one batch; raises ValueError after ``total_steps`` steps."""
        if self.last_epoch + 1 > self.total_steps:
            raise ValueError(
                f"Tried to step {self.last_epoch + 2} times; total_steps is {self.total_steps}"
            )
        super().step()

    def _anneal(self, start: float, end: float, pct: float) -> float:
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def _next_lr(self) -> float:
        t = self.last_epoch
        start_step = 0.0
        for i, phase in enumerate(self.phases):
            if t <= phase.end_step or i == len(self.phases) - 1:
                if phase.end_step == start_step:
                    raise ValueError(
                        "OneCycleLR phase of zero length: change pct_start or total_steps"
                    )
                pct = (t - start_step) / (phase.end_step - start_step)
                if self.cycle_momentum:
                    momentum = self._anneal(phase.start_momentum, phase.end_momentum, pct)
                    _set_momentum(self.optimizer.param_group, self._momentum_key, momentum)
                return self._anneal(phase.start_lr, phase.end_lr, pct)
            start_step = phase.end_step
        raise AssertionError("unreachable: the last phase always matches")


def _cycle_length(total_steps: int | None, epochs: int | None, steps_per_epoch: int | None) -> int:
    """OneCycleLR's length: ``total_steps``, else ``epochs * steps_per_epoch`` (torch's rule)."""
    if total_steps is not None:
        return _positive_int("total_steps", total_steps)
    if epochs is not None and steps_per_epoch is not None:
        return _positive_int("epochs", epochs) * _positive_int("steps_per_epoch", steps_per_epoch)
    raise ValueError("give total_steps, or both epochs and steps_per_epoch")


# --- schedules torch lacks -------------------------------------------------------------------


class PowerLR(LRScheduler):
    """Power scheduling: ``lr_t = lr0 / (1 + t / s) ** c`` (with c=1 the lr halves at t=s)."""

    def __init__(self, optimizer: HasParamGroup, s: float, c: float = 1.0) -> None:
        self.s = _positive("s", s)
        self.c = _positive("c", c)
        super().__init__(optimizer)

    def _next_lr(self) -> float:
        return self.initial_lr / _pow(1 + self.last_epoch / self.s, self.c)


class LRRangeTest(LRScheduler):
    """An lr range test: grow the lr exponentially from ``start_lr`` to ``end_lr``.

    ``lr_t = start_lr * (end_lr / start_lr) ** (t / (num_steps - 1))`` for t = 0 .. num_steps-1;
    both endpoints are exact, and stepping past the last one raises ValueError. The lr is set
    to ``start_lr`` at construction.
    """

    def __init__(
        self, optimizer: HasParamGroup, start_lr: float, end_lr: float, num_steps: int
    ) -> None:
        self.start_lr = _positive("start_lr", start_lr)
        self.end_lr = _positive("end_lr", end_lr)
        if end_lr <= start_lr:
            raise ValueError(f"end_lr ({end_lr!r}) must exceed start_lr ({start_lr!r})")
        self.num_steps = _positive_int("num_steps", num_steps)
        if num_steps < 2:
            raise ValueError(f"num_steps must be at least 2, got {num_steps!r}")
        optimizer.param_group["lr"] = start_lr
        super().__init__(optimizer)

    def step(self) -> None:
        """Advance one batch; raises ValueError once the sweep has reached ``end_lr``."""
        if self.last_epoch + 1 >= self.num_steps:
            raise ValueError(f"the range test has only {self.num_steps} steps")
        super().step()

    def _next_lr(self) -> float:
        t = self.last_epoch
        if t == self.num_steps - 1:
            return self.end_lr
        return self.start_lr * _pow(self.end_lr / self.start_lr, t / (self.num_steps - 1))


# --- metric-driven ---------------------------------------------------------------------------


class ReduceLROnPlateau(BaseScheduler):
    """Multiply the lr by ``factor`` once a metric has not improved for ``patience`` steps.

    ``step(metric)`` is called once per epoch. An epoch improves on the best so far only by more
    than ``threshold`` (relative or absolute). After a reduction, ``cooldown`` epochs pass
    before bad epochs count again. The lr never drops below ``min_lr``, and reductions smaller
    than ``eps`` are skipped. Unlike the other schedulers there is no initial step:
    ``last_epoch`` starts at 0.
    """

    def __init__(
        self,
        optimizer: HasParamGroup,
        mode: Literal["min", "max"] = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: Literal["rel", "abs"] = "rel",
        cooldown: int = 0,
        min_lr: float = 0,
        eps: float = 1e-8,
    ) -> None:
        if not 0.0 <= factor < 1.0:
            raise ValueError(f"factor must lie in [0, 1), got {factor!r}")
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
        if threshold_mode not in ("rel", "abs"):
            raise ValueError(f"threshold_mode must be 'rel' or 'abs', got {threshold_mode!r}")
        super().__init__(optimizer)
        self.mode = mode
        self.factor = factor
        self.patience = _non_negative_int("patience", patience)
        self.threshold = _non_negative("threshold", threshold)
        self.threshold_mode = threshold_mode
        self.cooldown = _non_negative_int("cooldown", cooldown)
        self.min_lr = _non_negative("min_lr", min_lr)
        self.eps = _non_negative("eps", eps)
        self.last_epoch = 0
        self.best = math.inf if mode == "min" else -math.inf
        self.num_bad_epochs = 0
        self.cooldown_counter = 0

    @property
    def in_cooldown(self) -> bool:
        """Whether a recent reduction still makes bad epochs not count."""
        return self.cooldown_counter > 0

    def _is_better(self, value: float) -> bool:
        if self.mode == "min" and self.threshold_mode == "rel":
            return value < self.best * (1.0 - self.threshold)
        if self.mode == "min":
            return value < self.best - self.threshold
        if self.threshold_mode == "rel":
            return value > self.best * (self.threshold + 1.0)
        return value > self.best + self.threshold

    def step(self, metric: SupportsFloat) -> None:
        """Record one epoch's metric and reduce the lr if it has plateaued."""
        current = float(metric)
        self.last_epoch += 1
        if self._is_better(current):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            old_lr = self._current_lr()
            new_lr = max(old_lr * self.factor, self.min_lr)
            if old_lr - new_lr > self.eps:
                self.optimizer.param_group["lr"] = new_lr
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self._last_lr = self._current_lr()


# --- warm-up ---------------------------------------------------------------------------------


class LinearLR(LRScheduler):
    """Scale the lr linearly from ``start_factor`` to ``end_factor`` times the initial lr over
    ``total_iters`` steps, then hold it: a linear warm-up with the defaults' direction.

    Like torch's, the update is chainable: each step multiplies the group's current lr by the
    ratio of consecutive factors, so on its own it follows
    ``lr0 * (start_factor + (end_factor - start_factor) * min(t, total_iters) / total_iters)``
    up to rounding. ``total_iters`` 0 holds ``start_factor`` times the lr from the start.
    """

    def __init__(
        self,
        optimizer: HasParamGroup,
        start_factor: float = 1.0 / 3,
        end_factor: float = 1.0,
        total_iters: int = 5,
    ) -> None:
        if not 0.0 < start_factor <= 1.0:
            raise ValueError(
                f"start_factor must be greater than 0 and at most 1, got {start_factor!r}"
            )
        if not 0.0 <= end_factor <= 1.0:
            raise ValueError(f"end_factor must be between 0 and 1, got {end_factor!r}")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = _non_negative_int("total_iters", total_iters)
        super().__init__(optimizer)

    def _next_lr(self) -> float:
        lr = self._current_lr()
        t = self.last_epoch
        if self._initial:
            return lr * self.start_factor
        if t > self.total_iters:
            return lr
        change = self.end_factor - self.start_factor
        return lr * (1.0 + change / (self.total_iters * self.start_factor + (t - 1) * change))


# --- plotting helper -------------------------------------------------------------------------


@dataclass
class _DummyOptimizer:
    param_group: dict[str, Any] = field(default_factory=dict)


def lr_curve(
    schedule_factory: Callable[[HasParamGroup], LRScheduler], steps: int, lr0: float
) -> list[float]:
    """The lr in effect at each of ``steps`` training steps, without a real optimizer.

    ``schedule_factory`` builds the scheduler on a dummy param group ``{"lr": lr0,
    "momentum": 0.0}``, e.g. ``lambda opt: StepLR(opt, step_size=10)``. Entry 0 is the lr right
    after construction; entry ``k`` is the lr after ``k`` calls to ``step()``.
    """
    _non_negative_int("steps", steps)
    scheduler = schedule_factory(_DummyOptimizer({"lr": lr0, "momentum": 0.0}))
    curve: list[float] = []
    for k in range(steps):
        if k:
            scheduler.step()
        curve.append(scheduler.last_lr)
    return curve
