"""The practice demos' claims hold over five seeds, each with a stated margin, and their
answers follow the run when a parameter changes what happens."""

from __future__ import annotations

import math

import numpy as np
import pytest

from studyapp.demos.data import Dataset, make_dataset
from studyapp.demos.experiments.common import FINAL_LOSS
from studyapp.demos.experiments.practice import (
    AT_REST,
    CROSSINGS,
    DECAY_RATIO,
    DEEP,
    LOUD_DECAY,
    MOVING,
    OVERFLOW_STEP,
    QUIET_DECAY,
    SETTLED,
    SHALLOW,
    SHARPNESS,
    START_LOSS,
    STEPS_RUN,
    WEIGHT_NORM,
    batch_statistics_score,
    sharpness,
    smallest_resting_deep,
)
from studyapp.demos.mlp import MLP, MLPConfig
from studyapp.demos.registry import get_demo
from studyapp.demos.run import run_demo

SEEDS = range(5)


@pytest.mark.parametrize("seed", SEEDS)
def test_l2_in_adam_decays_quiet_weights_far_faster_adamw_decays_all_alike(seed: int) -> None:
    result = run_demo("adamw-vs-l2", {"seed": seed})
    l2, decoupled = result.runs
    # margin: seeds 0-4 measured 17-73 for L2 in Adam, 0.96-1.11 for AdamW
    assert l2.value(DECAY_RATIO) >= 10
    assert l2.value(LOUD_DECAY) > 5  # even the loudest weights: decay divided by a √v̂ ≪ 1
    assert 0.8 <= decoupled.value(DECAY_RATIO) <= 1.25
    assert all(0.75 <= rate <= 1.25 for rate in decoupled.series["decay"])  # lr·λ·w each step
    rates = l2.series["decay"]
    assert rates[0] > rates[len(rates) // 2] > rates[-1]  # falls as the gradients grow
    assert list(decoupled.series["grad_rms"]) == sorted(decoupled.series["grad_rms"])
    assert l2.value(WEIGHT_NORM) < decoupled.value(WEIGHT_NORM)
    assert result.claim_holds
    assert result.answer == 1


@pytest.mark.parametrize("weight_decay", [0.001, 0.1])
def test_the_difference_holds_at_weak_and_strong_decay(weight_decay: float) -> None:
    result = run_demo("adamw-vs-l2", {"weight_decay": weight_decay})
    l2, decoupled = result.runs
    assert l2.value(DECAY_RATIO) >= 10  # measured 240 at 0.001, 120 at 0.1
    assert all(0.75 <= rate <= 1.25 for rate in decoupled.series["decay"])
    assert decoupled.value(QUIET_DECAY) == decoupled.series["decay"][0]
    assert result.claim_holds


@pytest.mark.parametrize("seed", SEEDS)
def testbatch_statistics_score_below_running_averages_most_at_small_batches(seed: int) -> None:
    result = run_demo("batchnorm-train-vs-eval", {"seed": seed})
    batch_mode, eval_mode = result.runs
    gaps = [
        running - batch
        for batch, running in zip(
            batch_mode.series["accuracy"], eval_mode.series["accuracy"], strict=True
        )
    ]
    # margin: seeds 0-4 measured 9-27 points at batch 4 and -1 to +2 points at batch 64
    assert gaps[0] >= 0.05
    assert abs(gaps[-1]) <= 0.03
    assert gaps[0] > gaps[-1]
    assert result.claim_holds
    assert result.answer == 1


def test_scoring_with_batch_statistics_leaves_the_running_averages_alone() -> None:
    data = make_dataset("spirals", count=60, seed=3)
    model = MLP(MLPConfig((2, 8, 3), batch_norm=True), np.random.default_rng(0))
    model.forward(data.x_train, train=True)  # running statistics away from their start
    before = [(mean.copy(), var.copy()) for mean, var in model.running]
    loss, accuracy = batch_statistics_score(model, data, 4, seed=1)
    assert math.isfinite(loss)
    assert 0.0 <= accuracy <= 1.0
    for (mean, var), (old_mean, old_var) in zip(model.running, before, strict=True):
        np.testing.assert_array_equal(mean, old_mean)
        np.testing.assert_array_equal(var, old_var)


@pytest.mark.parametrize("seed", SEEDS)
def test_only_moderate_momentum_comes_to_rest_in_the_deeper_well(seed: int) -> None:
    result = run_demo("momentum-local-minimum", {"seed": seed})
    places = [run.metrics[AT_REST] for run in result.runs]
    crossings = [run.count(CROSSINGS) for run in result.runs]
    assert places == [SHALLOW, SHALLOW, DEEP, MOVING]
    assert crossings[:3] == [0, 0, 1]
    assert (crossings[3] or 0) >= 5  # margin: seeds 0-4 measured 7-14 crossings
    assert result.claim_holds
    assert result.answer == 1  # 0.9


def test_with_momentum_099_the_swings_die_out_given_time() -> None:
    result = run_demo("momentum-local-minimum", {"steps": 1000})
    places = [run.metrics[AT_REST] for run in result.runs]
    assert places == [SHALLOW, SHALLOW, DEEP, DEEP]  # the swings shrink; they never grow
    assert result.answer == 1  # 0.9 and 0.99 both rest there: 0.9 is the smallest


@pytest.mark.parametrize("lr", [0.001, 0.01, 0.03])
@pytest.mark.parametrize("steps", [50, 200, 1000])
def test_every_setting_has_exactly_one_answer(lr: float, steps: int) -> None:
    result = run_demo("momentum-local-minimum", {"lr": lr, "steps": steps})
    places = [run.metrics[AT_REST] for run in result.runs]
    spec = get_demo("momentum-local-minimum")
    assert spec is not None
    assert spec.prediction is not None
    options = spec.prediction.options
    assert result.answer is not None
    first = places.index(DEEP) if DEEP in places else len(places)  # runs: 0, 0.5, 0.9, 0.99
    by_first = {0: "0.5 or less", 1: "0.5 or less", 2: "0.9", 3: "0.99", 4: "none of them"}
    assert options[result.answer] == by_first[first]


def test_the_answer_is_the_smallest_momentum_at_rest_in_the_deeper_well() -> None:
    assert smallest_resting_deep([DEEP, DEEP, DEEP, DEEP]) == 0  # 0.5 or less
    assert smallest_resting_deep([SHALLOW, DEEP, MOVING, DEEP]) == 0  # 0.5 or less
    assert smallest_resting_deep([SHALLOW, SHALLOW, DEEP, DEEP]) == 1  # 0.9
    assert smallest_resting_deep([SHALLOW, SHALLOW, MOVING, DEEP]) == 2  # 0.99
    assert smallest_resting_deep([SHALLOW, SHALLOW, MOVING, SHALLOW]) == 3  # none of them


def test_at_a_tiny_rate_momentum_09_stays_in_the_shallow_well() -> None:
    result = run_demo("momentum-local-minimum", {"lr": 0.001})
    assert result.runs[2].metrics[AT_REST] != DEEP
    assert not result.claim_holds


@pytest.mark.parametrize("seed", SEEDS)
def test_without_warmup_the_loss_overflows_at_once_with_it_training_works(seed: int) -> None:
    result = run_demo("warmup", {"seed": seed})
    plain, warmed = result.runs
    overflow = plain.count(OVERFLOW_STEP)
    assert overflow is not None
    assert overflow <= 10  # margin: seeds 0-4 overflowed at steps 6-9
    assert f"overflows at step {overflow}." in result.look_for
    assert not warmed.diverged
    assert warmed.count(STEPS_RUN) == 300
    assert warmed.series["lr"][0] == pytest.approx(0.001)
    assert warmed.series["lr"][100:] == pytest.approx([0.1] * 200)
    # margin: seeds 0-4 ended at 0.02-0.38 of their starting loss
    assert warmed.value(FINAL_LOSS) <= 0.4 * warmed.value(START_LOSS)
    # momentum 0.9 at lr 0.1 is stable below sharpness 2·1.9/0.1 = 38; seeds 0-4 measured
    # 139-270 at the start and 7-31 where the warm-up reached the peak
    assert plain.value(SHARPNESS) >= 3 * 38
    assert warmed.value(SHARPNESS) < 38
    assert result.claim_holds
    assert result.answer == 0


def test_sharpness_is_the_hessians_largest_eigenvalue() -> None:
    # one linear unit under squared error: the Hessian in (w, b) is 2·[[E x², E x], [E x, 1]];
    # inputs around 2 keep its two eigenvalues far apart, so the power iteration settles
    rng = np.random.default_rng(2)
    x = 2.0 + rng.uniform(-1.0, 1.0, (40, 1))
    data = Dataset("line", "regression", x, 3 * x - 1, x, 3 * x - 1, classes=0)
    model = MLP(MLPConfig((1, 1), task="regression"), np.random.default_rng(0))
    before = [param.copy() for param in model.params]
    mean, square = float(x.mean()), float((x * x).mean())
    hessian = 2 * np.array([[square, mean], [mean, 1.0]])
    assert sharpness(model, data, seed=0) == pytest.approx(np.linalg.eigvalsh(hessian)[-1], 1e-6)
    for param, old in zip(model.params, before, strict=True):
        np.testing.assert_array_equal(param, old)


def test_at_a_modest_rate_no_warmup_is_needed() -> None:
    result = run_demo("warmup", {"lr": 0.02})
    assert not result.runs[0].diverged
    assert "the run without warm-up trains too" in result.look_for
    assert result.answer == 2
    assert not result.claim_holds


def test_a_warmup_longer_than_the_run_never_reaches_the_peak() -> None:
    result = run_demo("warmup", {"warmup_steps": 500, "epochs": 10})
    assert not result.claim_holds
    assert "never reaching the peak lr" in result.finding


@pytest.mark.parametrize("seed", SEEDS)
def test_eight_times_the_batch_needs_eight_times_the_rate(seed: int) -> None:
    result = run_demo("batch-size-vs-lr", {"seed": seed})
    reference, same, root, linear, _ = result.runs
    target = reference.value(SETTLED)
    # margin: seeds 0-4 measured 4.2-5.7, 2.8-3.7 and 0.97-1.04 times batch 16's loss
    assert same.value(SETTLED) >= 3 * target
    assert root.value(SETTLED) >= 2 * target
    assert 0.8 <= linear.value(SETTLED) / target <= 1.25
    assert (reference.count("steps"), same.count("steps")) == (20 * 38, 20 * 5)  # 600 points
    assert result.claim_holds
    assert result.answer == 2
