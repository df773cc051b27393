"""Each optimizer demo's claim holds in its own result, at its defaults and as documented."""

from __future__ import annotations

from collections.abc import Callable

from studyapp.demos.experiments.common import FINAL_LOSS, steps_to_key
from studyapp.demos.result import DemoResult
from studyapp.demos.run import run_demo

Results = Callable[[str], DemoResult]


def test_sgd_mini_batches_get_further_than_the_full_batch_in_the_same_epochs(
    default_result: Results,
) -> None:
    result = default_result("sgd")
    losses = {run.label: run.metrics[FINAL_LOSS] for run in result.runs}
    assert losses["mini-batch"] < losses["full batch"]
    assert losses["one example at a time"] < losses["mini-batch"]
    assert result.claim_holds
    assert result.answer == 2  # one example at a time, the most steps
    assert [run.metrics["steps per epoch"] for run in result.runs] == [1, 8, 120]


def test_momentum_reaches_the_ravine_floor_in_fewer_steps(default_result: Results) -> None:
    result = default_result("momentum")
    key = steps_to_key(1e-3)
    plain, heavy = (run.metrics[key] for run in result.runs)
    assert isinstance(plain, int)
    assert isinstance(heavy, int)
    assert heavy < plain / 1.5
    assert result.claim_holds
    assert result.answer == 1
    assert result.surface == "ravine"
    assert len(result.runs[0].path) == 301


def test_momentum_zero_is_plain_gradient_descent() -> None:
    result = run_demo("momentum", {"momentum": 0.0, "steps": 50})
    plain, same = result.runs
    assert plain.series["loss"] == same.series["loss"]
    assert not result.claim_holds
    assert result.answer is None  # a tie: neither is first
