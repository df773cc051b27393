"""The NumPy optimizers against tiny scalar references written from PyTorch's definitions.

Each ``ref_*`` function below is an independent plain-float transcription of the algorithm box
in the PyTorch docs (and of torch-optimizer's ``diffgrad.py`` for DiffGrad). Its keyword
defaults are torch's, so the cases also check that the NumPy classes default the same way.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from studyapp.demos.optimizers import (
    OPTIMIZERS,
    SGD,
    Adadelta,
    Adagrad,
    Adam,
    AdamW,
    DiffGrad,
    NAdam,
    Optimizer,
    RMSprop,
    make_optimizer,
)

Vector = list[float]
Reference = Callable[..., list[Vector]]

X0: Vector = [1.0, -2.0, 0.5, 3.0]
GRADS: list[Vector] = [  # one fixed gradient per step: sign flips, a zero, shrinking sizes
    [0.5, -1.5, 2.0, 0.0],
    [0.3, -1.0, -2.5, 0.1],
    [-0.2, 0.4, 1.0, 0.0],
    [0.1, 0.0, -0.5, -0.3],
    [0.05, 0.2, 0.25, 0.0],
]


# --- the references: one parameter coordinate at a time, in Python floats ---------------------


def ref_sgd(
    x0: Vector,
    grads: list[Vector],
    *,
    lr: float = 1e-3,
    momentum: float = 0.0,
    dampening: float = 0.0,
    weight_decay: float = 0.0,
    nesterov: bool = False,
    maximize: bool = False,
) -> list[Vector]:
    x, buf, history = list(x0), [0.0] * len(x0), []
    for t, grad in enumerate(grads, start=1):
        for i, g in enumerate(grad):
            g = (-g if maximize else g) + weight_decay * x[i]
            if momentum != 0:
                buf[i] = g if t == 1 else momentum * buf[i] + (1 - dampening) * g
                g = g + momentum * buf[i] if nesterov else buf[i]
            x[i] -= lr * g
        history.append(list(x))
    return history


def ref_adagrad(
    x0: Vector,
    grads: list[Vector],
    *,
    lr: float = 1e-2,
    lr_decay: float = 0.0,
    weight_decay: float = 0.0,
    initial_accumulator_value: float = 0.0,
    eps: float = 1e-10,
    maximize: bool = False,
) -> list[Vector]:
    x, total, history = list(x0), [initial_accumulator_value] * len(x0), []
    for t, grad in enumerate(grads, start=1):
        decayed_lr = lr / (1 + (t - 1) * lr_decay)
        for i, g in enumerate(grad):
            g = (-g if maximize else g) + weight_decay * x[i]
            total[i] += g * g
            x[i] -= decayed_lr * g / (math.sqrt(total[i]) + eps)
        history.append(list(x))
    return history


def ref_rmsprop(
    x0: Vector,
    grads: list[Vector],
    *,
    lr: float = 1e-2,
    alpha: float = 0.99,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
    momentum: float = 0.0,
    centered: bool = False,
    maximize: bool = False,
) -> list[Vector]:
    n = len(x0)
    x, v, g_ave, buf, history = list(x0), [0.0] * n, [0.0] * n, [0.0] * n, []
    for grad in grads:
        for i, g in enumerate(grad):
            g = (-g if maximize else g) + weight_decay * x[i]
            v[i] = alpha * v[i] + (1 - alpha) * g * g
            v_tilde = v[i]
            if centered:
                g_ave[i] = alpha * g_ave[i] + (1 - alpha) * g
                v_tilde -= g_ave[i] ** 2
            if momentum > 0:
                buf[i] = momentum * buf[i] + g / (math.sqrt(v_tilde) + eps)
                x[i] -= lr * buf[i]
            else:
                x[i] -= lr * g / (math.sqrt(v_tilde) + eps)
        history.append(list(x))
    return history


def ref_adadelta(
    x0: Vector,
    grads: list[Vector],
    *,
    lr: float = 1.0,
    rho: float = 0.9,
    eps: float = 1e-6,
    weight_decay: float = 0.0,
    maximize: bool = False,
) -> list[Vector]:
    x, v, u, history = list(x0), [0.0] * len(x0), [0.0] * len(x0), []
    for grad in grads:
        for i, g in enumerate(grad):
            g = (-g if maximize else g) + weight_decay * x[i]
            v[i] = rho * v[i] + (1 - rho) * g * g
            delta = math.sqrt(u[i] + eps) / math.sqrt(v[i] + eps) * g
            u[i] = rho * u[i] + (1 - rho) * delta * delta
            x[i] -= lr * delta
        history.append(list(x))
    return history


def ref_adam(
    x0: Vector,
    grads: list[Vector],
    *,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 0.0,
    amsgrad: bool = False,
    maximize: bool = False,
    decoupled_weight_decay: bool = False,
) -> list[Vector]:
    b1, b2 = betas
    n = len(x0)
    x, m, v, v_max, history = list(x0), [0.0] * n, [0.0] * n, [0.0] * n, []
    for t, grad in enumerate(grads, start=1):
        for i, g in enumerate(grad):
            g = -g if maximize else g
            if decoupled_weight_decay:
                x[i] -= lr * weight_decay * x[i]
            else:
                g += weight_decay * x[i]
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            v_max[i] = max(v_max[i], v[i])
            m_hat = m[i] / (1 - b1**t)
            v_hat = (v_max[i] if amsgrad else v[i]) / (1 - b2**t)
            x[i] -= lr * m_hat / (math.sqrt(v_hat) + eps)
        history.append(list(x))
    return history


def ref_adamw(
    x0: Vector, grads: list[Vector], *, weight_decay: float = 1e-2, **kwargs: Any
) -> list[Vector]:
    return ref_adam(x0, grads, weight_decay=weight_decay, decoupled_weight_decay=True, **kwargs)


def ref_nadam(
    x0: Vector,
    grads: list[Vector],
    *,
    lr: float = 2e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 0.0,
    momentum_decay: float = 4e-3,
    decoupled_weight_decay: bool = False,
    maximize: bool = False,
) -> list[Vector]:
    b1, b2 = betas

    def mu(t: int) -> float:
        return b1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))

    x, m, v, history = list(x0), [0.0] * len(x0), [0.0] * len(x0), []
    for t, grad in enumerate(grads, start=1):
        product_t = math.prod(mu(k) for k in range(1, t + 1))
        product_next = product_t * mu(t + 1)
        for i, g in enumerate(grad):
            g = -g if maximize else g
            if decoupled_weight_decay:
                x[i] -= lr * weight_decay * x[i]
            else:
                g += weight_decay * x[i]
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            m_hat = mu(t + 1) * m[i] / (1 - product_next) + (1 - mu(t)) * g / (1 - product_t)
            v_hat = v[i] / (1 - b2**t)
            x[i] -= lr * m_hat / (math.sqrt(v_hat) + eps)
        history.append(list(x))
    return history


def ref_diffgrad(
    x0: Vector,
    grads: list[Vector],
    *,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 0.0,
) -> list[Vector]:
    b1, b2 = betas
    n = len(x0)
    x, m, v, previous, history = list(x0), [0.0] * n, [0.0] * n, [0.0] * n, []
    for t, grad in enumerate(grads, start=1):
        for i, g in enumerate(grad):
            g += weight_decay * x[i]
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            friction = 1 / (1 + math.exp(-abs(previous[i] - g)))  # sigmoid(|Δg|)
            previous[i] = g
            step_size = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
            x[i] -= step_size * friction * m[i] / (math.sqrt(v[i]) + eps)
        history.append(list(x))
    return history


REFERENCES: dict[str, Reference] = {
    "SGD": ref_sgd,
    "Adagrad": ref_adagrad,
    "RMSprop": ref_rmsprop,
    "Adadelta": ref_adadelta,
    "Adam": ref_adam,
    "AdamW": ref_adamw,
    "NAdam": ref_nadam,
    "DiffGrad": ref_diffgrad,
}

CASES = [
    pytest.param("SGD", {"lr": 0.1}, id="sgd"),
    pytest.param("SGD", {"lr": 0.1, "momentum": 0.9}, id="sgd-momentum"),
    pytest.param("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}, id="sgd-dampening"),
    pytest.param("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}, id="sgd-nesterov"),
    pytest.param("SGD", {"lr": 0.1, "weight_decay": 0.2}, id="sgd-weight-decay"),
    pytest.param("SGD", {"lr": 0.1, "momentum": 0.5, "maximize": True}, id="sgd-maximize"),
    pytest.param(
        "SGD",
        {"lr": 0.1, "momentum": 0.8, "weight_decay": 0.1, "nesterov": True, "maximize": True},
        id="sgd-all",
    ),
    pytest.param("Adagrad", {}, id="adagrad-defaults"),
    pytest.param("Adagrad", {"lr": 0.1, "lr_decay": 0.5}, id="adagrad-lr-decay"),
    pytest.param(
        "Adagrad",
        {"lr": 0.1, "weight_decay": 0.1, "initial_accumulator_value": 0.5, "eps": 1e-3},
        id="adagrad-options",
    ),
    pytest.param("RMSprop", {}, id="rmsprop-defaults"),
    pytest.param("RMSprop", {"centered": True, "alpha": 0.9}, id="rmsprop-centered"),
    pytest.param("RMSprop", {"momentum": 0.9}, id="rmsprop-momentum"),
    pytest.param(
        "RMSprop",
        {"lr": 0.05, "centered": True, "momentum": 0.8, "alpha": 0.9, "weight_decay": 0.1},
        id="rmsprop-centered-momentum",
    ),
    pytest.param("Adadelta", {}, id="adadelta-defaults"),
    pytest.param(
        "Adadelta", {"lr": 0.5, "rho": 0.5, "eps": 1e-3, "weight_decay": 0.1}, id="adadelta-options"
    ),
    pytest.param("Adam", {}, id="adam-defaults"),
    pytest.param("Adam", {"lr": 0.1, "betas": (0.8, 0.5), "amsgrad": True}, id="adam-amsgrad"),
    pytest.param("Adam", {"lr": 0.1, "weight_decay": 0.2, "eps": 1e-3}, id="adam-weight-decay"),
    pytest.param(
        "Adam",
        {"lr": 0.1, "weight_decay": 0.2, "decoupled_weight_decay": True, "maximize": True},
        id="adam-decoupled-maximize",
    ),
    pytest.param("AdamW", {}, id="adamw-defaults"),
    pytest.param("AdamW", {"lr": 0.1, "weight_decay": 0.5, "amsgrad": True}, id="adamw-options"),
    pytest.param("NAdam", {}, id="nadam-defaults"),
    pytest.param("NAdam", {"lr": 0.1, "momentum_decay": 0.1}, id="nadam-momentum-decay"),
    pytest.param("NAdam", {"lr": 0.1, "weight_decay": 0.2}, id="nadam-weight-decay"),
    pytest.param(
        "NAdam",
        {"lr": 0.1, "weight_decay": 0.2, "decoupled_weight_decay": True, "maximize": True},
        id="nadam-decoupled-maximize",
    ),
    pytest.param("DiffGrad", {}, id="diffgrad-defaults"),
    pytest.param(
        "DiffGrad",
        {"lr": 0.1, "betas": (0.8, 0.9), "eps": 1e-3, "weight_decay": 0.2},
        id="diffgrad-options",
    ),
]

TORCH_DEFAULTS: dict[str, dict[str, object]] = {
    "SGD": {
        "lr": 1e-3,
        "momentum": 0.0,
        "dampening": 0.0,
        "weight_decay": 0.0,
        "nesterov": False,
        "maximize": False,
    },
    "Adagrad": {
        "lr": 1e-2,
        "lr_decay": 0.0,
        "weight_decay": 0.0,
        "initial_accumulator_value": 0.0,
        "eps": 1e-10,
        "maximize": False,
    },
    "RMSprop": {
        "lr": 1e-2,
        "alpha": 0.99,
        "eps": 1e-8,
        "weight_decay": 0.0,
        "momentum": 0.0,
        "centered": False,
        "maximize": False,
    },
    "Adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0, "maximize": False},
    "Adam": {
        "lr": 1e-3,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "weight_decay": 0.0,
        "amsgrad": False,
        "maximize": False,
        "decoupled_weight_decay": False,
    },
    "AdamW": {
        "lr": 1e-3,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "weight_decay": 1e-2,
        "amsgrad": False,
        "maximize": False,
        "decoupled_weight_decay": True,
    },
    "NAdam": {
        "lr": 2e-3,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "weight_decay": 0.0,
        "momentum_decay": 4e-3,
        "decoupled_weight_decay": False,
        "maximize": False,
    },
    "DiffGrad": {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0},
}


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_steps_match_the_reference(name: str, kwargs: dict[str, Any]) -> None:
    expected = REFERENCES[name](X0, GRADS, **kwargs)
    optimizer = make_optimizer(name, **kwargs)
    x = np.array(X0)
    for step, (grad, want) in enumerate(zip(GRADS, expected, strict=True), start=1):
        optimizer.step(x, np.array(grad))
        assert x.tolist() == pytest.approx(want, rel=1e-12, abs=0), f"step {step}"


def test_the_amsgrad_case_really_uses_the_running_maximum() -> None:
    with_max = ref_adam(X0, GRADS, lr=0.1, betas=(0.8, 0.5), amsgrad=True)
    without = ref_adam(X0, GRADS, lr=0.1, betas=(0.8, 0.5))
    assert with_max[-1] != pytest.approx(without[-1], rel=1e-6)


@pytest.mark.parametrize("name", sorted(TORCH_DEFAULTS))
def test_defaults_are_torchs(name: str) -> None:
    assert OPTIMIZERS[name]().hyperparams == TORCH_DEFAULTS[name]


def test_sgd_momentum_starts_from_the_plain_gradient() -> None:
    x = np.array([1.0, 2.0])
    optimizer = SGD(lr=0.5, momentum=0.9, dampening=0.5)
    optimizer.step(x, np.array([1.0, -1.0]))  # buffer = g: no momentum, no dampening yet
    assert x.tolist() == [0.5, 2.5]
    assert optimizer.state[0]["momentum_buffer"].tolist() == [1.0, -1.0]


# --- the param-group interface -------------------------------------------------------------


def _set_lr_by_attribute(optimizer: Optimizer, lr: float) -> None:
    optimizer.lr = lr


def _set_lr_by_item(optimizer: Optimizer, lr: float) -> None:
    optimizer["lr"] = lr


def _set_lr_by_param_groups(optimizer: Optimizer, lr: float) -> None:
    optimizer.param_groups[0]["lr"] = lr


@pytest.mark.parametrize("set_lr", [_set_lr_by_attribute, _set_lr_by_item, _set_lr_by_param_groups])
def test_an_lr_change_takes_effect_on_the_next_step(
    set_lr: Callable[[Optimizer, float], None],
) -> None:
    x = np.array([1.0])
    optimizer = SGD(lr=0.25)
    optimizer.step(x, np.array([1.0]))
    set_lr(optimizer, 0.5)
    assert optimizer.lr == 0.5
    assert optimizer["lr"] == 0.5
    optimizer.step(x, np.array([1.0]))
    assert x.tolist() == [0.25]


def test_other_hyperparameters_change_through_the_same_interface() -> None:
    x = np.array([0.0])
    optimizer = SGD(lr=1.0)
    optimizer.step(x, np.array([1.0]))
    optimizer["momentum"] = 0.5  # buffer created now, from this step's gradient
    optimizer.step(x, np.array([1.0]))
    optimizer.step(x, np.array([1.0]))  # buffer 0.5 * 1 + 1 = 1.5
    assert x.tolist() == [-3.5]


def test_a_bad_lr_through_the_setter_raises_and_keeps_the_old_one() -> None:
    optimizer = Adam(lr=0.1)
    with pytest.raises(ValueError, match=r"^Invalid learning rate: -1\.0$"):
        optimizer.lr = -1.0
    with pytest.raises(ValueError, match=r"Invalid beta parameter at index 1: 1\.0"):
        optimizer["betas"] = (0.9, 1.0)
    assert optimizer.lr == 0.1
    assert optimizer["betas"] == (0.9, 0.999)


def test_a_bad_value_through_param_groups_raises_on_the_next_step() -> None:
    x = np.array([1.0])
    optimizer = SGD(lr=0.1)
    optimizer.param_groups[0]["lr"] = -0.1
    with pytest.raises(ValueError, match="Invalid learning rate"):
        optimizer.step(x, np.array([1.0]))
    assert x.tolist() == [1.0]


def test_an_unknown_hyperparameter_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="momentum"):
        Adam()["momentum"] = 0.9


def test_repr_shows_the_hyperparameters() -> None:
    assert repr(Adadelta()) == (
        "Adadelta(lr=1.0, rho=0.9, eps=1e-06, weight_decay=0.0, maximize=False)"
    )


# --- parameters and state -------------------------------------------------------------------


def test_state_is_per_parameter() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(3), rng.standard_normal((2, 2))
    alone_a, alone_b = a.copy(), b.copy()
    together, only_a, only_b = NAdam(lr=0.1), NAdam(lr=0.1), NAdam(lr=0.1)
    for _ in range(4):
        ga, gb = rng.standard_normal(3), rng.standard_normal((2, 2))
        together.step([a, b], [ga, gb])
        only_a.step(alone_a, ga)
        only_b.step(alone_b, gb)
    np.testing.assert_array_equal(a, alone_a)
    np.testing.assert_array_equal(b, alone_b)
    assert sorted(together.state) == [0, 1]
    assert together.state[1]["exp_avg"].shape == (2, 2)
    assert float(together.state[0]["step"]) == 4.0


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_params_change_in_place_and_grads_do_not(name: str) -> None:
    kwargs: dict[str, Any] = {"lr": 0.1} if name == "Adadelta" else {}
    if name != "AdamW":
        kwargs["weight_decay"] = 0.1
    optimizer = make_optimizer(name, **kwargs)
    x, grad = np.array(X0), np.array(GRADS[0])
    before = x
    for _ in range(2):
        optimizer.step([x], [grad])
    assert x is before
    assert x.tolist() != X0
    assert grad.tolist() == GRADS[0]


def test_reset_state_starts_afresh() -> None:
    x, y = np.array(X0), np.array(X0)
    optimizer = Adam(lr=0.1)
    optimizer.step(x, np.array(GRADS[0]))
    optimizer.reset_state()
    optimizer.step(x, np.array(GRADS[1]))
    fresh = Adam(lr=0.1)
    fresh.step(y, np.array(GRADS[0]))
    Adam(lr=0.1).step(y, np.array(GRADS[1]))
    np.testing.assert_array_equal(x, y)


def test_bad_parameters_and_gradients_raise() -> None:
    optimizer = SGD(lr=0.1)
    x = np.zeros(3)
    with pytest.raises(ValueError, match="2 parameters but 1 gradients"):
        optimizer.step([x, x], [np.zeros(3)])
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        optimizer.step(x, np.zeros(2))
    with pytest.raises(TypeError, match="float64"):
        optimizer.step(np.zeros(3, dtype=np.float32), np.zeros(3))
    frozen = np.zeros(3)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        optimizer.step(frozen, np.zeros(3))
    momentum = SGD(lr=0.1, momentum=0.9)
    momentum.step(x, np.ones(3))
    with pytest.raises(ValueError, match="its state"):
        momentum.step(np.zeros(4), np.ones(4))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SGD(lr=-0.1), "Invalid learning rate: -0.1"),
        (lambda: SGD(momentum=-0.5), "Invalid momentum value: -0.5"),
        (lambda: SGD(weight_decay=-1), "Invalid weight_decay value: -1.0"),
        (lambda: SGD(nesterov=True), "Nesterov momentum requires a momentum and zero dampening"),
        (
            lambda: SGD(momentum=0.9, dampening=0.1, nesterov=True),
            "Nesterov momentum requires a momentum and zero dampening",
        ),
        (lambda: Adagrad(lr_decay=-1), "Invalid lr_decay value: -1.0"),
        (
            lambda: Adagrad(initial_accumulator_value=-1),
            "Invalid initial_accumulator_value value: -1.0",
        ),
        (lambda: Adagrad(eps=-1), "Invalid epsilon value: -1.0"),
        (lambda: RMSprop(alpha=-0.1), "Invalid alpha value: -0.1"),
        (lambda: RMSprop(momentum=-0.1), "Invalid momentum value: -0.1"),
        (lambda: Adadelta(rho=1.5), "Invalid rho value: 1.5"),
        (lambda: Adam(betas=(1.0, 0.999)), "Invalid beta parameter at index 0: 1.0"),
        (lambda: Adam(betas=(0.9, -0.1)), "Invalid beta parameter at index 1: -0.1"),
        (lambda: AdamW(weight_decay=-0.01), "Invalid weight_decay value: -0.01"),
        (lambda: NAdam(momentum_decay=-1), "Invalid momentum_decay value: -1.0"),
        (lambda: DiffGrad(eps=-1e-8), "Invalid epsilon value: -1e-08"),
        (lambda: DiffGrad(lr=float("nan")), "Invalid learning rate: nan"),
    ],
)
def test_bad_arguments_raise_like_torch(make: Callable[[], Optimizer], message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        make()


# --- the registry ------------------------------------------------------------------------------


def test_every_optimizer_is_registered_by_name() -> None:
    assert sorted(OPTIMIZERS) == sorted(REFERENCES)
    assert all(cls.__name__ == name for name, cls in OPTIMIZERS.items())
    assert all(cls.__doc__ and "\n" not in cls.__doc__ for cls in OPTIMIZERS.values())


def test_make_optimizer_takes_any_letter_case() -> None:
    optimizer = make_optimizer("adamw", lr=0.1, betas=(0.5, 0.6))
    assert isinstance(optimizer, AdamW)
    assert optimizer.hyperparams["betas"] == (0.5, 0.6)
    assert optimizer.lr == 0.1
    assert isinstance(make_optimizer("rmsprop"), RMSprop)


def test_make_optimizer_rejects_unknown_names_and_arguments() -> None:
    with pytest.raises(ValueError, match="unknown optimizer 'lion'; choose from SGD, Adagrad"):
        make_optimizer("lion")
    with pytest.raises(TypeError, match="nesterov"):
        make_optimizer("Adam", nesterov=True)


def test_the_module_loads_only_numpy() -> None:
    script = (
        "import sys, studyapp.demos.optimizers\n"
        "heavy = {'torch', 'textual', 'sqlalchemy', 'pydantic', 'yaml'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
