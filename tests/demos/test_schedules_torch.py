"""The NumPy learning-rate schedules against torch.optim.lr_scheduler, step by step.

Skipped when torch is not installed (CI); torch is only an oracle here, never a dependency.
"""

from __future__ import annotations

from typing import Any

import pytest

from studyapp.demos.schedules import LinearLR, OneCycleLR

torch = pytest.importorskip("torch")


class Opt:
    """A dummy optimizer for the NumPy schedules: just the param group."""

    def __init__(self, **hyper: Any) -> None:
        self.param_group: dict[str, Any] = dict(hyper)


@pytest.mark.parametrize(
    "lengths",
    [
        {"total_steps": 60},
        {"epochs": 6, "steps_per_epoch": 10},
        {"epochs": 3, "steps_per_epoch": 7},
    ],
)
@pytest.mark.parametrize("three_phase", [False, True])
@pytest.mark.parametrize("anneal_strategy", ["cos", "linear"])
def test_one_cycle_matches_torch(
    lengths: dict[str, int], three_phase: bool, anneal_strategy: str
) -> None:
    ours_opt = Opt(lr=0.1, momentum=0.9)
    ours = OneCycleLR(
        ours_opt, max_lr=0.5, three_phase=three_phase, anneal_strategy=anneal_strategy, **lengths
    )
    weight = torch.nn.Parameter(torch.zeros(1))
    theirs_opt = torch.optim.SGD([weight], lr=0.1, momentum=0.9)
    theirs = torch.optim.lr_scheduler.OneCycleLR(
        theirs_opt, max_lr=0.5, three_phase=three_phase, anneal_strategy=anneal_strategy, **lengths
    )
    assert ours.total_steps == theirs.total_steps
    for _ in range(ours.total_steps - 1):
        group = theirs_opt.param_groups[0]
        assert ours.last_lr == pytest.approx(group["lr"], rel=1e-12)
        assert ours_opt.param_group["momentum"] == pytest.approx(group["momentum"], rel=1e-12)
        theirs_opt.step()
        theirs.step()
        ours.step()


@pytest.mark.parametrize(
    ("start_factor", "end_factor", "total_iters"),
    [(1 / 3, 1.0, 5), (0.01, 1.0, 100), (1.0, 0.25, 7), (0.5, 0.5, 3), (0.2, 1.0, 0)],
)
def test_linear_lr_matches_torch(start_factor: float, end_factor: float, total_iters: int) -> None:
    ours_opt = Opt(lr=0.1, momentum=0.9)
    ours = LinearLR(
        ours_opt, start_factor=start_factor, end_factor=end_factor, total_iters=total_iters
    )
    weight = torch.nn.Parameter(torch.zeros(1))
    theirs_opt = torch.optim.SGD([weight], lr=0.1, momentum=0.9)
    theirs = torch.optim.lr_scheduler.LinearLR(
        theirs_opt, start_factor=start_factor, end_factor=end_factor, total_iters=total_iters
    )
    for _ in range(total_iters + 10):
        assert ours.last_lr == pytest.approx(theirs_opt.param_groups[0]["lr"], rel=1e-12)
        assert ours.last_lr == pytest.approx(theirs.get_last_lr()[0], rel=1e-12)
        theirs_opt.step()
        theirs.step()
        ours.step()
