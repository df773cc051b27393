"""Each learning-rate demo's claim holds in its own result, at its defaults and as documented."""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise

import pytest

from studyapp.demos.experiments.common import FINAL_LOSS, steps_to_key
from studyapp.demos.experiments.schedules import FINAL_LR, SETTLED, SETTLED_VAL
from studyapp.demos.result import DemoResult
from studyapp.demos.run import run_demo

Results = Callable[[str], DemoResult]


def settled(result: DemoResult) -> list[float]:
    """Each run's training loss averaged over its last epochs."""
    return [run.value(SETTLED) for run in result.runs]


# --- lr-too-large-too-small ------------------------------------------------------------------


def test_too_small_crawls_too_large_diverges_in_between_arrives(default_result: Results) -> None:
    result = default_result("lr-too-large-too-small")
    small, middle, large = result.runs
    key = steps_to_key(1e-3)
    assert small.count(key) is None
    assert small.value(FINAL_LOSS) > 1.0  # still far up the ravine after 200 steps
    reached = middle.count(key)
    assert reached is not None
    assert reached < 100
    assert large.diverged
    assert math.isinf(large.value(FINAL_LOSS))
    assert result.claim_holds
    assert result.answer == 1  # swings wider and wider until it diverges
    assert result.surface == "ravine"


def test_a_large_rate_just_below_the_limit_oscillates_but_still_converges() -> None:
    result = run_demo("lr-too-large-too-small", {"lr_large": 0.079})
    large = result.runs[2]
    assert not large.diverged
    assert large.value(FINAL_LOSS) < 0.01
    assert result.claim_holds  # the in-between rate still arrives first
    assert result.answer == 0  # it gets there, only more slowly


def test_an_in_between_rate_past_the_limit_breaks_the_claim() -> None:
    result = run_demo("lr-too-large-too-small", {"lr": 0.09})
    assert result.runs[1].diverged
    assert not result.claim_holds


# --- lr-range-test ---------------------------------------------------------------------------


def test_range_test_finds_a_minimum_and_a_tenth_of_it_trains_best(
    default_result: Results,
) -> None:
    result = default_result("lr-range-test")
    sweep, at_min, tenth, hundredth = result.runs
    lr_min = sweep.value("lr at lowest")
    assert 1.0 < lr_min < 10.0
    assert sweep.value("suggested lr") == pytest.approx(lr_min / 10)
    assert sweep.value("steps run") < 150  # stopped once the loss had blown up
    losses = sweep.series["loss"]
    assert losses[-1] >= 4 * min(losses)
    rates = sweep.series["lr"]
    assert rates[0] == pytest.approx(1e-3)
    assert all(later > earlier for earlier, later in pairwise(rates))
    assert tenth.value(FINAL_LR) == pytest.approx(lr_min / 10)
    val = [run.value(SETTLED_VAL) for run in (at_min, tenth, hundredth)]
    assert val[1] < 0.6 * val[0]
    assert val[1] < 0.8 * val[2]
    assert result.claim_holds
    assert result.answer == 1
    assert result.charts[0].x_key == "lr"
    assert result.charts[0].log_x


def test_range_test_that_stops_too_early_never_sees_the_loss_turn_up() -> None:
    result = run_demo("lr-range-test", {"end_lr": 0.1})
    sweep = result.runs[0]
    assert sweep.value("steps run") == 150
    assert sweep.value("lr at lowest") == pytest.approx(0.1)
    assert not result.claim_holds
    assert result.answer == 0  # the "minimum" was just the end of the sweep


# --- step, exponential and power decay -------------------------------------------------------


def test_step_decay_settles_below_both_constant_rates(default_result: Results) -> None:
    result = default_result("step-decay")
    high, decayed, low = settled(result)
    assert decayed < 0.8 * high
    assert decayed < 0.9 * low
    assert result.claim_holds
    assert result.answer == 1
    rates = result.runs[1].series["lr"]
    per_epoch = len(rates) // 40
    assert rates[0] == rates[15 * per_epoch - 1] == 0.05
    assert rates[15 * per_epoch] == pytest.approx(0.005)
    assert rates[-1] == pytest.approx(0.0005)


def test_step_decay_without_a_cut_is_the_constant_rate() -> None:
    result = run_demo("step-decay", {"gamma": 1.0, "epochs": 10})
    high, decayed, low = result.runs
    assert high.series == decayed.series == low.series
    assert not result.claim_holds
    assert result.answer is None  # a three-way tie


def test_exponential_decay_settles_lower_than_the_constant_rate(default_result: Results) -> None:
    result = default_result("exponential-decay")
    constant, decayed = settled(result)
    assert decayed < 0.8 * constant
    assert result.claim_holds
    assert result.answer == 2  # 0.9**39 = 0.0164: about a hundredth
    rates = result.runs[1].series["lr"]
    per_epoch = len(rates) // 40
    assert rates[per_epoch] == pytest.approx(0.05 * 0.9)
    assert rates[-1] == pytest.approx(0.05 * 0.9**39)


def test_exponential_decay_is_deterministic_and_seeded() -> None:
    first = run_demo("exponential-decay", {"epochs": 6, "seed": 3})
    again = run_demo("exponential-decay", {"epochs": 6, "seed": 3})
    other = run_demo("exponential-decay", {"epochs": 6, "seed": 4})
    assert [run.series for run in first.runs] == [run.series for run in again.runs]
    assert first.runs[0].series["train_loss"] != other.runs[0].series["train_loss"]


def test_exponential_decay_with_gamma_one_is_the_constant_rate() -> None:
    result = run_demo("exponential-decay", {"gamma": 1.0, "epochs": 10})
    constant, decayed = result.runs
    assert constant.series == decayed.series
    assert not result.claim_holds
    assert result.answer == 0  # the rate never fell: nearest of the options is a third


def test_power_schedule_halves_the_rate_after_s_steps(default_result: Results) -> None:
    result = default_result("power-schedule")
    rates = result.runs[1].series["lr"]
    assert rates[0] == 0.05
    assert rates[100] == pytest.approx(0.025)
    assert rates[-1] == pytest.approx(0.05 / (1 + (len(rates) - 1) / 100))
    constant, powered = settled(result)
    assert powered < 0.8 * constant
    assert result.claim_holds
    assert result.answer == 0  # half the initial rate


def test_power_schedule_with_c_two_quarters_the_rate_after_s_steps() -> None:
    result = run_demo("power-schedule", {"c": 2.0, "epochs": 10})
    assert result.runs[1].series["lr"][100] == pytest.approx(0.05 / 4)
    assert result.answer is None  # none of the options


def test_power_schedule_decays_less_with_a_larger_s() -> None:
    quick = run_demo("power-schedule", {"s": 10, "epochs": 10})
    slow = run_demo("power-schedule", {"s": 1000, "epochs": 10})
    assert quick.runs[1].value(FINAL_LR) < slow.runs[1].value(FINAL_LR) / 10


# --- performance scheduling ------------------------------------------------------------------


def test_performance_schedule_cuts_on_a_plateau_and_ends_lower(default_result: Results) -> None:
    result = default_result("performance-schedule")
    constant, scheduled = result.runs
    assert scheduled.value(FINAL_LR) < constant.value(FINAL_LR)
    assert scheduled.value(SETTLED_VAL) < 0.95 * constant.value(SETTLED_VAL)
    assert scheduled.value(SETTLED) < 0.8 * constant.value(SETTLED)
    # identical until the first cut: same seed, same weights, same batches
    assert scheduled.series["val_loss"][:20] == constant.series["val_loss"][:20]
    assert "after epochs" in result.finding
    assert result.claim_holds
    assert result.answer == 1


def test_performance_schedule_that_never_runs_out_of_patience_is_the_constant_rate() -> None:
    result = run_demo("performance-schedule", {"patience": 20, "epochs": 10})
    constant, scheduled = result.runs
    assert constant.series == scheduled.series
    assert "never cut" in result.finding
    assert not result.claim_holds
    assert result.answer is None


# --- cyclic-lr -------------------------------------------------------------------------------


def test_cyclic_rate_crosses_the_saddle_and_settles(default_result: Results) -> None:
    result = default_result("cyclic-lr")
    low, high, cyclic, middle = (run.value(FINAL_LOSS) for run in result.runs)
    assert middle == pytest.approx(cyclic, abs=1e-3)  # a well-chosen constant rate does as well
    assert low > -0.1  # still near the saddle
    assert high > -0.24  # bouncing around the minimum
    assert cyclic == pytest.approx(-0.25)
    rates = result.runs[2].series["lr"]
    assert rates[0] == pytest.approx(0.02)
    assert max(rates) == pytest.approx(1.2)
    assert rates[25] == pytest.approx(1.2)
    assert result.claim_holds
    assert result.answer == 1  # the middle rate ends as close to the minimum
    assert result.surface == "saddle"
    assert "middle of the range" in result.notes[0]


def test_cyclic_rate_has_no_edge_when_the_high_rate_is_stable() -> None:
    result = run_demo("cyclic-lr", {"max_lr": 0.9})
    assert result.runs[1].value(FINAL_LOSS) == pytest.approx(-0.25)
    assert not result.claim_holds  # high and cyclic tie at the minimum
    assert result.answer == 1


# --- sgdr ------------------------------------------------------------------------------------


def test_sgdr_restarts_jump_and_each_run_ends_lower(default_result: Results) -> None:
    result = default_result("sgdr")
    constant, cosine, warm = (run.series["train_loss"] for run in result.runs)
    for end in (5, 15, 35):
        assert warm[end - 1] < constant[end - 1]
    assert warm[4] < 0.8 * cosine[4]
    assert warm[14] < 0.95 * cosine[14]
    assert warm[34] == pytest.approx(cosine[34], rel=0.05)  # level when the budget is spent
    assert warm[5] > warm[4]  # the jump after the first restart
    assert warm[14] < warm[4]
    rates = result.runs[2].series["lr"]
    per_epoch = len(rates) // 35
    assert rates[0] == rates[5 * per_epoch] == rates[15 * per_epoch] == 0.05
    assert rates[5 * per_epoch - 1] < 0.001
    assert result.claim_holds
    assert result.answer == 1


def test_sgdr_without_a_restart_within_the_budget_shows_nothing() -> None:
    result = run_demo("sgdr", {"t_0": 40, "epochs": 10})
    assert not result.claim_holds
    assert result.answer is None


# --- one-cycle -------------------------------------------------------------------------------


def test_one_cycle_ends_far_below_constant_rates_and_level_with_a_cosine_decay(
    default_result: Results,
) -> None:
    result = default_result("one-cycle")
    constant, large, cosine, cycled = (run.value(FINAL_LOSS) for run in result.runs)
    assert cycled < 0.5 * constant
    assert cycled < 0.5 * large
    assert 0.5 < cycled / cosine < 2.0
    rates = result.runs[3].series["lr"]
    assert rates[0] == pytest.approx(0.5 / 25)
    assert max(rates) == pytest.approx(0.5, rel=1e-3)
    assert rates[-1] < 1e-3
    cosine_rates = result.runs[2].series["lr"]
    assert cosine_rates[0] == 0.5
    assert len(rates) == len(cosine_rates) == len(result.runs[0].series["lr"])  # one budget
    assert result.claim_holds
    assert result.answer == 1  # within a factor of 2 of the cosine decay


def test_one_cycle_with_a_small_peak_loses_to_the_constant_rate() -> None:
    result = run_demo("one-cycle", {"max_lr": 0.05, "epochs": 8})
    assert not result.claim_holds
