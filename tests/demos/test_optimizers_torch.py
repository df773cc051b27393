"""The NumPy optimizers against torch.optim, 25 steps on an ill-conditioned quadratic.

Skipped when torch is not installed (CI). DiffGrad is checked against a line-by-line torch
transcription of torch-optimizer's ``diffgrad.py``, since torch-optimizer is not installed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

from studyapp.demos.optimizers import FloatArray, Optimizer, make_optimizer

torch = pytest.importorskip("torch")

STEPS = 25
RTOL = 1e-9


@pytest.fixture(autouse=True)
def _float64_scalars() -> Iterator[None]:
    """Run torch with float64 as its default dtype.

    torch keeps each parameter's ``step`` and NAdam's ``mu_product`` in the default dtype, so
    under float32 NAdam's running product of momentum coefficients is rounded to float32 every
    step, which moves float64 parameters by ~1e-7 relative.
    """
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(old)


class TorchDiffGrad(torch.optim.Optimizer):  # type: ignore[misc]
    """torch_optimizer.DiffGrad as written, with today's add_/addcmul_/addcdiv_ signatures."""

    def __init__(
        self,
        params: Any,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
    ) -> None:
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay}
        super().__init__(params, defaults)

    def step(self, closure: Any = None) -> None:
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad.data
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = 0
                    state["exp_avg"] = torch.zeros_like(p.data)
                    state["exp_avg_sq"] = torch.zeros_like(p.data)
                    state["previous_grad"] = torch.zeros_like(p.data)
                exp_avg, exp_avg_sq, previous_grad = (
                    state["exp_avg"],
                    state["exp_avg_sq"],
                    state["previous_grad"],
                )
                state["step"] += 1
                if group["weight_decay"] != 0:
                    grad.add_(p.data, alpha=group["weight_decay"])
                exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
                exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = exp_avg_sq.sqrt().add_(group["eps"])
                bias_correction1 = 1 - beta1 ** state["step"]
                bias_correction2 = 1 - beta2 ** state["step"]
                diff = abs(previous_grad - grad)
                dfc = 1.0 / (1.0 + torch.exp(-diff))
                state["previous_grad"] = grad
                exp_avg1 = exp_avg * dfc
                step_size = group["lr"] * math.sqrt(bias_correction2) / bias_correction1
                p.data.addcdiv_(exp_avg1, denom, value=-step_size)


def torch_optimizer(name: str, params: list[Any], kwargs: dict[str, Any]) -> Any:
    """The torch optimizer called ``name``, on its single-tensor (for-loop) code path."""
    if name == "DiffGrad":
        return TorchDiffGrad(params, **kwargs)
    return getattr(torch.optim, name)(params, foreach=False, **kwargs)


class Quadratic:
    """f(x, W) = ½xᵀAx − bᵀx + ½Σ d·(W − C)², with cond(A) ≈ 300: two parameters, two shapes."""

    def __init__(self, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        q, _ = np.linalg.qr(rng.standard_normal((6, 6)))
        self.a = q @ np.diag(np.logspace(-1.0, 1.5, 6)) @ q.T
        self.b = rng.standard_normal(6)
        self.c = rng.standard_normal((3, 2))
        self.d = np.array([[0.1, 1.0], [3.0, 0.5], [10.0, 0.2]])
        self.start = [rng.standard_normal(6), rng.standard_normal((3, 2))]

    def grads(self, params: list[FloatArray]) -> list[FloatArray]:
        x, w = params
        return [self.a @ x - self.b, self.d * (w - self.c)]


Schedule = Callable[[int], float | None]  # step index -> new lr before that step, or None


def run_numpy(
    name: str, kwargs: dict[str, Any], schedule: Schedule | None = None
) -> list[list[FloatArray]]:
    problem = Quadratic()
    params = [p.copy() for p in problem.start]
    optimizer = make_optimizer(name, **kwargs)
    history = []
    for step in range(STEPS):
        if schedule is not None and (lr := schedule(step)) is not None:
            optimizer.lr = lr
        optimizer.step(params, problem.grads(params))
        history.append([p.copy() for p in params])
    return history


def run_torch(
    name: str, kwargs: dict[str, Any], schedule: Schedule | None = None
) -> list[list[FloatArray]]:
    problem = Quadratic()
    params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in problem.start]
    optimizer = torch_optimizer(name, params, kwargs)
    history = []
    for step in range(STEPS):
        if schedule is not None and (lr := schedule(step)) is not None:
            optimizer.param_groups[0]["lr"] = lr
        grads = problem.grads([p.detach().numpy() for p in params])
        for p, g in zip(params, grads, strict=True):
            p.grad = torch.tensor(g)
        optimizer.step()
        history.append([p.detach().numpy().copy() for p in params])
    return history


def assert_same_trajectory(ours: list[list[FloatArray]], theirs: list[list[FloatArray]]) -> None:
    for step, (mine, torchs) in enumerate(zip(ours, theirs, strict=True), start=1):
        for index, (a, b) in enumerate(zip(mine, torchs, strict=True)):
            np.testing.assert_allclose(
                a, b, rtol=RTOL, atol=0, err_msg=f"step {step}, parameter {index}"
            )


CASES = [
    ("SGD", {"lr": 0.01}),
    ("SGD", {"lr": 0.01, "momentum": 0.9}),
    ("SGD", {"lr": 0.01, "momentum": 0.9, "dampening": 0.3}),
    ("SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.01, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.01, "maximize": True}),
    ("SGD", {"lr": 0.01, "momentum": 0.5, "weight_decay": 0.1, "nesterov": True, "maximize": True}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.05}),
    ("Adagrad", {"lr": 0.1, "weight_decay": 0.1, "initial_accumulator_value": 0.5, "eps": 1e-6}),
    ("Adagrad", {"lr": 0.1, "maximize": True}),
    ("RMSprop", {}),
    ("RMSprop", {"centered": True}),
    ("RMSprop", {"momentum": 0.9}),
    ("RMSprop", {"centered": True, "momentum": 0.8, "alpha": 0.9, "weight_decay": 0.05}),
    ("RMSprop", {"maximize": True, "eps": 1e-3}),
    ("Adadelta", {}),
    ("Adadelta", {"lr": 0.5, "rho": 0.95, "eps": 1e-4}),
    ("Adadelta", {"weight_decay": 0.1, "maximize": True}),
    ("Adam", {"lr": 0.05}),
    ("Adam", {"lr": 0.05, "betas": (0.9, 0.5), "amsgrad": True}),
    ("Adam", {"lr": 0.05, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.9), "eps": 1e-6, "maximize": True}),
    ("AdamW", {}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.1, "betas": (0.9, 0.5), "amsgrad": True}),
    ("NAdam", {}),
    ("NAdam", {"lr": 0.05, "momentum_decay": 0.02}),
    ("NAdam", {"lr": 0.05, "weight_decay": 0.1}),
    ("NAdam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("NAdam", {"lr": 0.05, "maximize": True}),
    ("DiffGrad", {}),
    ("DiffGrad", {"lr": 0.05}),
    ("DiffGrad", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
]


def _case_id(case: tuple[str, dict[str, Any]]) -> str:
    name, kwargs = case
    return "-".join([name, *(f"{key}={value}" for key, value in kwargs.items())])


@pytest.mark.parametrize(("name", "kwargs"), CASES, ids=[_case_id(case) for case in CASES])
def test_matches_torch_for_25_steps(name: str, kwargs: dict[str, Any]) -> None:
    assert_same_trajectory(run_numpy(name, kwargs), run_torch(name, kwargs))


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("SGD", {"lr": 0.01, "momentum": 0.9}),
        ("Adagrad", {"lr": 0.1, "lr_decay": 0.05}),
        ("RMSprop", {"momentum": 0.5}),
        ("Adam", {"lr": 0.05}),
        ("NAdam", {"lr": 0.05}),
        ("DiffGrad", {"lr": 0.05}),
    ],
)
def test_an_lr_change_mid_run_matches_torch(name: str, kwargs: dict[str, Any]) -> None:
    """Ours through ``optimizer.lr = ...``, torch's through ``param_groups[0]["lr"]``."""

    def schedule(step: int) -> float | None:
        return {8: 0.2 * kwargs.get("lr", 0.01), 16: 3.0 * kwargs.get("lr", 0.01)}.get(step)

    assert_same_trajectory(run_numpy(name, kwargs, schedule), run_torch(name, kwargs, schedule))


def test_a_torch_scheduler_and_our_param_groups_agree() -> None:
    """torch's ExponentialLR against the same decay written into our ``param_groups``."""
    problem = Quadratic()
    ours = [p.copy() for p in problem.start]
    theirs = [torch.tensor(p, requires_grad=True) for p in problem.start]
    numpy_adam: Optimizer = make_optimizer("Adam", lr=0.1)
    torch_adam = torch.optim.Adam(theirs, lr=0.1, foreach=False)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(torch_adam, gamma=0.8)
    for _ in range(STEPS):
        numpy_adam.step(ours, problem.grads(ours))
        numpy_adam.param_groups[0]["lr"] = 0.8 * numpy_adam.lr
        for p, g in zip(theirs, problem.grads([p.detach().numpy() for p in theirs]), strict=True):
            p.grad = torch.tensor(g)
        torch_adam.step()
        scheduler.step()
        assert numpy_adam.lr == pytest.approx(torch_adam.param_groups[0]["lr"], rel=1e-15)
        for mine, torchs in zip(ours, theirs, strict=True):
            np.testing.assert_allclose(mine, torchs.detach().numpy(), rtol=RTOL, atol=0)
