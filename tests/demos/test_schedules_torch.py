"""The schedules step for step against torch.optim.lr_scheduler (skipped when torch is absent)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from studyapp.demos import schedules

torch = pytest.importorskip("torch", exc_type=ImportError)  # absent or broken: skip

LR0 = 0.1
REL = 1e-12

SGD = "sgd"  # momentum=0.9, so CyclicLR and OneCycleLR cycle "momentum"
ADAM = "adam"  # betas=(0.9, 0.999), so they cycle beta1

CASES: list[tuple[str, dict[str, Any], str, int]] = [
    ("StepLR", {"step_size": 7, "gamma": 0.5}, SGD, 100),
    ("StepLR", {"step_size": 3}, SGD, 100),
    ("MultiStepLR", {"milestones": [10, 25, 25, 60], "gamma": 0.3}, SGD, 100),
    ("MultiStepLR", {"milestones": [0, 5]}, SGD, 20),
    ("ExponentialLR", {"gamma": 0.95}, SGD, 100),
    ("PolynomialLR", {}, SGD, 20),
    ("PolynomialLR", {"total_iters": 40, "power": 2.0}, SGD, 100),
    ("PolynomialLR", {"total_iters": 30, "power": 0.5}, SGD, 100),
    ("CosineAnnealingLR", {"T_max": 30}, SGD, 100),
    ("CosineAnnealingLR", {"T_max": 7, "eta_min": 0.01}, SGD, 100),
    ("CosineAnnealingLR", {"T_max": 1}, SGD, 10),
    ("CosineAnnealingWarmRestarts", {"T_0": 10}, SGD, 100),
    ("CosineAnnealingWarmRestarts", {"T_0": 5, "T_mult": 2, "eta_min": 0.001}, SGD, 100),
    ("CosineAnnealingWarmRestarts", {"T_0": 1}, SGD, 10),
    ("CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 10}, SGD, 100),
    (
        "CyclicLR",
        {"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 5, "step_size_down": 15},
        SGD,
        100,
    ),
    (
        "CyclicLR",
        {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4, "mode": "triangular2"},
        SGD,
        100,
    ),
    (
        "CyclicLR",
        {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 6, "mode": "exp_range", "gamma": 0.97},
        SGD,
        100,
    ),
    (
        "CyclicLR",
        {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 8, "base_momentum": 0.7},
        ADAM,
        100,
    ),
    (
        "CyclicLR",
        {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 8, "cycle_momentum": False},
        ADAM,
        100,
    ),
    ("OneCycleLR", {"max_lr": 1.0, "total_steps": 100}, SGD, 100),
    ("OneCycleLR", {"max_lr": 0.5, "total_steps": 100, "anneal_strategy": "linear"}, SGD, 100),
    ("OneCycleLR", {"max_lr": 0.5, "total_steps": 100, "three_phase": True}, SGD, 100),
    (
        "OneCycleLR",
        {
            "max_lr": 0.3,
            "total_steps": 77,
            "pct_start": 0.25,
            "div_factor": 10.0,
            "final_div_factor": 100.0,
            "base_momentum": 0.8,
            "max_momentum": 0.9,
        },
        ADAM,
        77,
    ),
    ("OneCycleLR", {"max_lr": 0.5, "total_steps": 50, "cycle_momentum": False}, ADAM, 50),
]


class Group:
    """A dummy optimizer for our schedulers."""

    def __init__(self, **hyper: Any) -> None:
        self.param_group: dict[str, Any] = dict(hyper)


def make_pair(kind: str) -> tuple[Any, Group]:
    param = torch.nn.Parameter(torch.zeros(1))
    if kind == SGD:
        return torch.optim.SGD([param], lr=LR0, momentum=0.9), Group(lr=LR0, momentum=0.9)
    return (
        torch.optim.Adam([param], lr=LR0, betas=(0.9, 0.999)),
        Group(lr=LR0, betas=(0.9, 0.999)),
    )


def momentum_of(group: dict[str, Any]) -> float:
    return float(group["betas"][0] if "betas" in group else group["momentum"])


def case_id(case: tuple[str, dict[str, Any], str, int]) -> str:
    name, kwargs, kind, _ = case
    options = ",".join(f"{key}={value}" for key, value in kwargs.items())
    return f"{name}({options})-{kind}"


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_every_step_matches_torch(case: tuple[str, dict[str, Any], str, int]) -> None:
    name, kwargs, kind, steps = case
    optimizer, group = make_pair(kind)
    theirs = getattr(torch.optim.lr_scheduler, name)(optimizer, **kwargs)
    ours = getattr(schedules, name)(group, **kwargs)
    torch_group = optimizer.param_groups[0]
    for t in range(steps + 1):
        if t:
            optimizer.step()  # zero grads; keeps torch from warning about the call order
            theirs.step()
            ours.step()
        assert ours.last_epoch == theirs.last_epoch == t
        assert ours.last_lr == pytest.approx(theirs.get_last_lr()[0], rel=REL, abs=0), t
        assert ours.get_last_lr() == [ours.last_lr]
        assert group.param_group["lr"] == ours.last_lr
        assert momentum_of(group.param_group) == pytest.approx(
            momentum_of(torch_group), rel=REL, abs=0
        ), t
        if kind == ADAM:
            assert group.param_group["betas"][1] == torch_group["betas"][1] == 0.999


def test_one_cycle_refuses_to_step_past_total_steps_like_torch() -> None:
    optimizer, group = make_pair(SGD)
    theirs = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1.0, total_steps=10)
    ours = schedules.OneCycleLR(group, max_lr=1.0, total_steps=10)
    for _ in range(10):
        optimizer.step()
        theirs.step()
        ours.step()
    assert ours.last_lr == pytest.approx(theirs.get_last_lr()[0], rel=REL, abs=0)
    with pytest.raises(ValueError, match="total steps"):
        theirs.step()
    with pytest.raises(ValueError, match="total_steps"):
        ours.step()


def test_chained_schedulers_scale_the_current_lr_like_torch() -> None:
    optimizer, group = make_pair(SGD)
    theirs = [
        torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9),
        torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=20, eta_min=0.001),
    ]
    ours: list[schedules.LRScheduler] = [
        schedules.ExponentialLR(group, gamma=0.9),
        schedules.CosineAnnealingLR(group, T_max=20, eta_min=0.001),
    ]
    for _ in range(50):
        optimizer.step()
        for torch_scheduler, our_scheduler in zip(theirs, ours, strict=True):
            torch_scheduler.step()
            our_scheduler.step()
        assert group.param_group["lr"] == pytest.approx(
            optimizer.param_groups[0]["lr"], rel=REL, abs=0
        )


def noisy_plateau(seed: int, n: int = 120) -> list[float]:
    """A loss that falls, stalls, wobbles, and falls again."""
    rng = random.Random(seed)
    values = []
    level = 1.0
    for t in range(n):
        if t % 30 < 12:
            level *= 0.95
        values.append(level * (1 + 0.02 * rng.uniform(-1, 1)))
    return values


PLATEAU_CASES: list[dict[str, Any]] = [
    {},
    {"patience": 2},
    {"patience": 0, "factor": 0.5},
    {"patience": 3, "cooldown": 4, "factor": 0.5, "min_lr": 0.004},
    {"patience": 2, "threshold": 0.05, "threshold_mode": "abs"},
    {"mode": "max", "patience": 2, "factor": 0.3},
    {"mode": "max", "patience": 1, "threshold": 0.01, "threshold_mode": "abs", "cooldown": 2},
    {"patience": 0, "factor": 0.5, "eps": 0.02},
]


@pytest.mark.parametrize("kwargs", PLATEAU_CASES, ids=[str(kwargs) for kwargs in PLATEAU_CASES])
@pytest.mark.parametrize("seed", [0, 1])
def test_reduce_on_plateau_matches_torch(kwargs: dict[str, Any], seed: int) -> None:
    optimizer, group = make_pair(SGD)
    theirs = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, **kwargs)
    ours = schedules.ReduceLROnPlateau(group, **kwargs)
    assert ours.last_lr == theirs.get_last_lr()[0] == LR0
    metrics = noisy_plateau(seed)
    if kwargs.get("mode") == "max":
        metrics = [1 - value for value in metrics]
    reductions = 0
    for metric in metrics:
        before = ours.last_lr
        optimizer.step()
        theirs.step(metric)
        ours.step(metric)
        assert ours.last_epoch == theirs.last_epoch
        assert ours.num_bad_epochs == theirs.num_bad_epochs
        assert ours.cooldown_counter == theirs.cooldown_counter
        assert ours.best == theirs.best
        assert ours.last_lr == pytest.approx(theirs.get_last_lr()[0], rel=REL, abs=0)
        reductions += ours.last_lr < before
    assert reductions >= 1  # the sequence exercises at least one reduction
