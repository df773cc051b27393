"""Gradient-descent optimizers in NumPy, with PyTorch's names, arguments, defaults and numerics.

Each class follows the single-tensor code path of its ``torch.optim`` namesake (PyTorch 2.13)
step for step in float64, so a demo can show learners exactly what ``torch.optim.Adam`` does;
``DiffGrad`` follows ``torch_optimizer.DiffGrad`` (jettify/pytorch-optimizer).

Usage::

    opt = make_optimizer("Adam", lr=0.01)
    for _ in range(100):
        opt.step([w, b], [grad_w, grad_b])  # updates w and b in place
    opt.lr = 0.001  # or opt["lr"] = ..., or opt.param_groups[0]["lr"] = ... as in torch

Hyperparameters live in one dict, ``hyperparams`` (torch's ``param_groups[0]``; there is a
single group). State is kept per parameter, keyed by the parameter's position in the list
given to ``step``, so pass the same parameters in the same order every step. As in torch,
each parameter's state holds its step count as a 0-d array under ``"step"``.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = [
    "OPTIMIZERS",
    "SGD",
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "DiffGrad",
    "FloatArray",
    "HyperValue",
    "NAdam",
    "Optimizer",
    "RMSprop",
    "make_optimizer",
]

FloatArray = npt.NDArray[np.float64]
HyperValue = float | bool | tuple[float, float]
ParamState = dict[str, FloatArray]

_SCALAR_STATE = frozenset({"step", "mu_product"})


def _require(ok: bool, message: str) -> None:
    """Raise ValueError(message) unless ``ok`` (torch's argument checks)."""
    if not ok:
        raise ValueError(message)


def _lerp_(start: FloatArray, end: FloatArray, weight: float) -> None:
    """``start += weight * (end - start)`` in place, rounded the way ``torch.lerp`` rounds."""
    if abs(weight) < 0.5:
        start += weight * (end - start)
    else:
        start[...] = end - (end - start) * (1.0 - weight)


def _normalize(value: HyperValue) -> HyperValue:
    """Store numbers as floats and betas as a tuple of two floats."""
    if isinstance(value, bool):
        return value
    if isinstance(value, tuple):
        first, second = value
        return (float(first), float(second))
    return float(value)


class Optimizer(ABC):
    """Base class: hyperparameters in ``hyperparams``, per-parameter state in ``state``."""

    def __init__(self, **hyperparams: HyperValue) -> None:
        self.hyperparams: dict[str, HyperValue] = {
            key: _normalize(value) for key, value in hyperparams.items()
        }
        self.state: dict[int, ParamState] = {}
        self._check()

    # --- hyperparameters -------------------------------------------------------------

    @property
    def param_groups(self) -> list[dict[str, HyperValue]]:
        """``[hyperparams]``, so torch-style schedules (``param_groups[0]["lr"] = x``) work."""
        return [self.hyperparams]

    @property
    def param_group(self) -> dict[str, HyperValue]:
        """The one parameter group (the hyperparameters), as the schedules and loops use it."""
        return self.hyperparams

    @property
    def lr(self) -> float:
        """The learning rate; setting it takes effect on the next step."""
        return self._float("lr")

    @lr.setter
    def lr(self, value: float) -> None:
        self["lr"] = value

    def __getitem__(self, key: str) -> HyperValue:
        return self.hyperparams[key]

    def __setitem__(self, key: str, value: HyperValue) -> None:
        """Set a known hyperparameter, checked as the constructor checks it."""
        if key not in self.hyperparams:
            raise KeyError(f"{type(self).__name__} has no hyperparameter {key!r}")
        old = self.hyperparams[key]
        self.hyperparams[key] = _normalize(value)
        try:
            self._check()
        except (ValueError, TypeError):
            self.hyperparams[key] = old
            raise

    def __repr__(self) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in self.hyperparams.items())
        return f"{type(self).__name__}({args})"

    def _float(self, key: str) -> float:
        value = self.hyperparams[key]
        if type(value) is float:  # the usual case, first: this runs several times a step
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{key} must be a number, not {value!r}")
        return float(value)

    def _flag(self, key: str) -> bool:
        value = self.hyperparams[key]
        if not isinstance(value, bool):
            raise TypeError(f"{key} must be True or False, not {value!r}")
        return value

    def _betas(self) -> tuple[float, float]:
        value = self.hyperparams["betas"]
        if not isinstance(value, tuple) or len(value) != 2:
            raise TypeError(f"betas must be a pair of numbers, not {value!r}")
        return float(value[0]), float(value[1])

    def _check(self) -> None:
        """Raise ValueError for an invalid hyperparameter (subclasses extend this)."""
        lr = self._float("lr")
        _require(lr >= 0.0, f"Invalid learning rate: {lr}")

    # --- stepping --------------------------------------------------------------------

    def step(
        self, params: Sequence[FloatArray] | FloatArray, grads: Sequence[FloatArray] | FloatArray
    ) -> None:
        """Update each float64 parameter array in place from its gradient."""
        self._check()  # hyperparams may have been edited through param_groups
        if isinstance(params, np.ndarray):
            params = [params]
        if isinstance(grads, np.ndarray):
            grads = [grads]
        if len(params) != len(grads):
            raise ValueError(f"got {len(params)} parameters but {len(grads)} gradients")
        for index, (param, grad) in enumerate(zip(params, grads, strict=True)):
            if not isinstance(param, np.ndarray) or param.dtype != np.float64:
                kind = getattr(param, "dtype", type(param).__name__)
                raise TypeError(f"parameter {index} must be a float64 NumPy array, not {kind}")
            if not param.flags.writeable:
                raise ValueError(f"parameter {index} is read-only")
            grad64 = np.asarray(grad, dtype=np.float64)
            if grad64.shape != param.shape:
                raise ValueError(
                    f"gradient {index} has shape {grad64.shape}, parameter has {param.shape}"
                )
            self._update(param, grad64, self._state_for(index, param))

    def reset_state(self) -> None:
        """Forget every parameter's state, as a freshly built optimizer would have none."""
        self.state.clear()

    def _state_for(self, index: int, param: FloatArray) -> ParamState:
        state = self.state.setdefault(index, {})
        for key, buffer in state.items():
            if key not in _SCALAR_STATE and buffer.shape != param.shape:
                raise ValueError(
                    f"parameter {index} has shape {param.shape}, its state {buffer.shape}"
                )
        return state

    @staticmethod
    def _zeros(state: ParamState, key: str, param: FloatArray, fill: float = 0.0) -> FloatArray:
        """The state buffer ``key``, created filled with ``fill`` the first time it is needed."""
        if key not in state:
            state[key] = np.full_like(param, fill)
        return state[key]

    def _direction(self, param: FloatArray, grad: FloatArray) -> FloatArray:
        """The gradient to follow: negated for ``maximize``, plus L2 weight decay; decoupled
        weight decay (AdamW) shrinks ``param`` in place instead, as torch does."""
        if self.hyperparams.get("maximize", False):
            grad = -grad
        weight_decay = self._float("weight_decay")
        if weight_decay != 0:
            if self.hyperparams.get("decoupled_weight_decay", False):
                param *= 1.0 - self.lr * weight_decay
            else:
                grad = grad + weight_decay * param
        return grad

    @staticmethod
    def _tick(state: ParamState) -> float:
        """Add one to the parameter's step count and return the new count."""
        step = state.setdefault("step", np.zeros((), dtype=np.float64))
        step += 1.0
        return float(step)

    @abstractmethod
    def _update(self, param: FloatArray, grad: FloatArray, state: ParamState) -> None:
        """Apply one step to one parameter; ``grad`` must not be modified."""


class SGD(Optimizer):
    """b = μ·b + (1−τ)·g (b = g at first); g ← g + μ·b if nesterov else b; p −= lr·g."""

    def __init__(
        self,
        lr: float = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        super().__init__(
            lr=lr,
            momentum=momentum,
            dampening=dampening,
            weight_decay=weight_decay,
            nesterov=nesterov,
            maximize=maximize,
        )

    def _check(self) -> None:
        super()._check()
        momentum, weight_decay = self._float("momentum"), self._float("weight_decay")
        _require(momentum >= 0.0, f"Invalid momentum value: {momentum}")
        _require(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        _require(
            not self._flag("nesterov") or (momentum > 0 and self._float("dampening") == 0),
            "Nesterov momentum requires a momentum and zero dampening",
        )

    def _update(self, param: FloatArray, grad: FloatArray, state: ParamState) -> None:
        momentum = self._float("momentum")
        grad = self._direction(param, grad)
        if momentum != 0:
            if "momentum_buffer" not in state:
                state["momentum_buffer"] = grad.copy()  # first step: no momentum, no dampening
            else:
                buf = state["momentum_buffer"]
                buf *= momentum
                buf += (1.0 - self._float("dampening")) * grad
            buf = state["momentum_buffer"]
            grad = grad + momentum * buf if self._flag("nesterov") else buf
        param -= self.lr * grad


class Adagrad(Optimizer):
    """s += g²; p −= lr/(1 + (t−1)·lr_decay) · g/(√s + ε)."""

    def __init__(
        self,
        lr: float = 1e-2,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
        *,
        maximize: bool = False,
    ) -> None:
        super().__init__(
            lr=lr,
            lr_decay=lr_decay,
            weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value,
            eps=eps,
            maximize=maximize,
        )

    def _check(self) -> None:
        super()._check()
        for key, label in (
            ("lr_decay", "lr_decay value"),
            ("weight_decay", "weight_decay value"),
            ("initial_accumulator_value", "initial_accumulator_value value"),
            ("eps", "epsilon value"),
        ):
            value = self._float(key)
            _require(value >= 0.0, f"Invalid {label}: {value}")

    def _update(self, param: FloatArray, grad: FloatArray, state: ParamState) -> None:
        step = self._tick(state)
        total = self._zeros(state, "sum", param, self._float("initial_accumulator_value"))
        grad = self._direction(param, grad)
        clr = self.lr / (1 + (step - 1) * self._float("lr_decay"))
        total += grad * grad
        std = np.sqrt(total) + self._float("eps")
        param -= clr * grad / std


class RMSprop(Optimizer):
    """v = α·v + (1−α)·g²; p −= lr·g/(√(v − ḡ²) + ε) with ḡ the mean g if centered."""

    def __init__(
        self,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        super().__init__(
            lr=lr,
            alpha=alpha,
            eps=eps,
            weight_decay=weight_decay,
            momentum=momentum,
            centered=centered,
            maximize=maximize,
        )

    def _check(self) -> None:
        super()._check()
        for key, label in (
            ("eps", "epsilon"),
            ("momentum", "momentum"),
            ("weight_decay", "weight_decay"),
            ("alpha", "alpha"),
        ):
            value = self._float(key)
            _require(value >= 0.0, f"Invalid {label} value: {value}")

    def _update(self, param: FloatArray, grad: FloatArray, state: ParamState) -> None:
        self._tick(state)
        alpha, momentum = self._float("alpha"), self._float("momentum")
        grad = self._direction(param, grad)
        square_avg = self._zeros(state, "square_avg", param)
        square_avg *= alpha
        square_avg += (1.0 - alpha) * grad * grad
        if self._flag("centered"):
            grad_avg = self._zeros(state, "grad_avg", param)
            _lerp_(grad_avg, grad, 1.0 - alpha)
            avg = np.sqrt(square_avg - grad_avg * grad_avg)
        else:
            avg = np.sqrt(square_avg)
        avg += self._float("eps")
        if momentum > 0:
            buf = self._zeros(state, "momentum_buffer", param)
            buf *= momentum
            buf += grad / avg
            param -= self.lr * buf
        else:
            param -= self.lr * grad / avg


class Adadelta(Optimizer):
    """v = ρ·v + (1−ρ)·g²; Δ = √(u + ε)/√(v + ε)·g; u = ρ·u + (1−ρ)·Δ²; p −= lr·Δ."""

    def __init__(
        self,
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0.0,
        *,
        maximize: bool = False,
    ) -> None:
        super().__init__(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize)

    def _check(self) -> None:
        super()._check()
        rho, eps, weight_decay = (self._float(k) for k in ("rho", "eps", "weight_decay"))
        _require(0.0 <= rho <= 1.0, f"Invalid rho value: {rho}")
        _require(eps >= 0.0, f"Invalid epsilon value: {eps}")
        _require(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")

    def _update(self, param: FloatArray, grad: FloatArray, state: ParamState) -> None:
        self._tick(state)
        rho, eps = self._float("rho"), self._float("eps")
        grad = self._direction(param, grad)
        square_avg = self._zeros(state, "square_avg", param)
        acc_delta = self._zeros(state, "acc_delta", param)
        square_avg *= rho
        square_avg += (1.0 - rho) * grad * grad
        std = np.sqrt(square_avg + eps)
        delta = np.sqrt(acc_delta + eps) / std * grad
        acc_delta *= rho
        acc_delta += (1.0 - rho) * delta * delta
        param -= self.lr * delta


class Adam(Optimizer):
    """m, v = EMAs of g, g²; p −= lr/(1−β₁ᵗ) · m/(√v/√(1−β₂ᵗ) + ε)."""

    def __init__(
        self,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        decoupled_weight_decay: bool = False,
        bias_correction: bool = True,
    ) -> None:
        # not in torch, and not a hyperparameter: the switch of the demo that shows what the
        # correction does; False drops both 1−βᵗ factors: p −= lr · m/(√v + ε)
        self.bias_correction = bias_correction
        super().__init__(
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            amsgrad=amsgrad,
            maximize=maximize,
            decoupled_weight_decay=decoupled_weight_decay,
        )

    def _check(self) -> None:
        super()._check()
        eps, weight_decay = self._float("eps"), self._float("weight_decay")
        beta1, beta2 = self._betas()
        _require(eps >= 0.0, f"Invalid epsilon value: {eps}")
        _require(0.0 <= beta1 < 1.0, f"Invalid beta parameter at index 0: {beta1}")
        _require(0.0 <= beta2 < 1.0, f"Invalid beta parameter at index 1: {beta2}")
        _require(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")

    def _update(self, param: FloatArray, grad: FloatArray, state: ParamState) -> None:
        step = self._tick(state)
        lr = self.lr
        beta1, beta2 = self._betas()
        grad = self._direction(param, grad)
        exp_avg = self._zeros(state, "exp_avg", param)
        exp_avg_sq = self._zeros(state, "exp_avg_sq", param)
        _lerp_(exp_avg, grad, 1.0 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += (1.0 - beta2) * grad * grad
        if self.bias_correction:
            step_size = lr / (1.0 - beta1**step)
            bias_correction2_sqrt = (1.0 - beta2**step) ** 0.5
        else:  # the raw averages, both started at zero
            step_size, bias_correction2_sqrt = lr, 1.0
        if self._flag("amsgrad"):
            max_exp_avg_sq = self._zeros(state, "max_exp_avg_sq", param)
            np.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
            second = max_exp_avg_sq
        else:
            second = exp_avg_sq
        denom = np.sqrt(second) / bias_correction2_sqrt + self._float("eps")
        param -= step_size * exp_avg / denom


class AdamW(Adam):
    """Adam with decoupled weight decay: p ← p·(1 − lr·λ) before the Adam step."""

    def __init__(
        self,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        super().__init__(
            lr, betas, eps, weight_decay, amsgrad, maximize=maximize, decoupled_weight_decay=True
        )


class NAdam(Optimizer):
    """Adam with Nesterov momentum: p −= lr·((1−μₜ)/(1−Πμ)·g + μₜ₊₁/(1−Πμ·μₜ₊₁)·m)/(√v̂ + ε)."""

    def __init__(
        self,
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum_decay: float = 4e-3,
        decoupled_weight_decay: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        super().__init__(
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            momentum_decay=momentum_decay,
            decoupled_weight_decay=decoupled_weight_decay,
            maximize=maximize,
        )

    def _check(self) -> None:
        super()._check()
        eps, weight_decay = self._float("eps"), self._float("weight_decay")
        momentum_decay = self._float("momentum_decay")
        beta1, beta2 = self._betas()
        _require(eps >= 0.0, f"Invalid epsilon value: {eps}")
        _require(0.0 <= beta1 < 1.0, f"Invalid beta parameter at index 0: {beta1}")
        _require(0.0 <= beta2 < 1.0, f"Invalid beta parameter at index 1: {beta2}")
        _require(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        _require(momentum_decay >= 0.0, f"Invalid momentum_decay value: {momentum_decay}")

    def _update(self, param: FloatArray, grad: FloatArray, state: ParamState) -> None:
        step = self._tick(state)
        lr = self.lr
        momentum_decay = self._float("momentum_decay")
        beta1, beta2 = self._betas()
        bias_correction2 = 1.0 - beta2**step
        grad = self._direction(param, grad)
        # The momentum cache: μₜ and μₜ₊₁, and the running product of the μ's.
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * momentum_decay))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * momentum_decay))
        mu_product = state.setdefault("mu_product", np.ones((), dtype=np.float64))
        mu_product *= mu
        mu_product_next = float(mu_product) * mu_next
        exp_avg = self._zeros(state, "exp_avg", param)
        exp_avg_sq = self._zeros(state, "exp_avg_sq", param)
        _lerp_(exp_avg, grad, 1.0 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += (1.0 - beta2) * grad * grad
        denom = np.sqrt(exp_avg_sq / bias_correction2) + self._float("eps")
        param += (-lr * (1.0 - mu) / (1.0 - float(mu_product))) * grad / denom
        param += (-lr * mu_next / (1.0 - mu_product_next)) * exp_avg / denom


class DiffGrad(Optimizer):
    """Adam whose m is scaled by ξ = sigmoid(|g_prev − g|): p −= lr·√(1−β₂ᵗ)/(1−β₁ᵗ)·ξm/(√v + ε)."""

    def __init__(
        self,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def _check(self) -> None:
        super()._check()  # torch-optimizer does not check weight_decay
        eps = self._float("eps")
        beta1, beta2 = self._betas()
        _require(eps >= 0.0, f"Invalid epsilon value: {eps}")
        _require(0.0 <= beta1 < 1.0, f"Invalid beta parameter at index 0: {beta1}")
        _require(0.0 <= beta2 < 1.0, f"Invalid beta parameter at index 1: {beta2}")

    def _update(self, param: FloatArray, grad: FloatArray, state: ParamState) -> None:
        step = self._tick(state)
        beta1, beta2 = self._betas()
        weight_decay = self._float("weight_decay")
        if weight_decay != 0:
            grad = grad + weight_decay * param
        exp_avg = self._zeros(state, "exp_avg", param)
        exp_avg_sq = self._zeros(state, "exp_avg_sq", param)
        previous_grad = self._zeros(state, "previous_grad", param)
        exp_avg *= beta1
        exp_avg += (1.0 - beta1) * grad
        exp_avg_sq *= beta2
        exp_avg_sq += (1.0 - beta2) * grad * grad
        denom = np.sqrt(exp_avg_sq) + self._float("eps")
        bias_correction1 = 1.0 - beta1**step
        bias_correction2 = 1.0 - beta2**step
        dfc = 1.0 / (1.0 + np.exp(-np.abs(previous_grad - grad)))
        previous_grad[...] = grad  # the gradient after weight decay, as torch-optimizer keeps it
        step_size = self.lr * math.sqrt(bias_correction2) / bias_correction1
        param -= step_size * (exp_avg * dfc) / denom


OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.__name__: cls for cls in (SGD, Adagrad, RMSprop, Adadelta, Adam, AdamW, NAdam, DiffGrad)
}


def make_optimizer(name: str, **kwargs: HyperValue) -> Optimizer:
    """Build the optimizer called ``name`` (any letter case) with torch-style keyword arguments."""
    cls = OPTIMIZERS.get(name) or next(
        (c for key, c in OPTIMIZERS.items() if key.lower() == name.lower()), None
    )
    if cls is None:
        raise ValueError(f"unknown optimizer {name!r}; choose from {', '.join(OPTIMIZERS)}")
    return cls(**kwargs)
