"""Each training-practice demo's claim holds in its own result, at its defaults, for another
seed, and stops holding (or moves the right way) when the idea is switched off."""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise

import pytest

from studyapp.demos.experiments.common import (
    BEST_VAL_LOSS,
    EPOCHS_RUN,
    FINAL_LOSS,
    FINAL_VAL_LOSS,
    VAL_ACCURACY,
)
from studyapp.demos.experiments.training import (
    BEST_EPOCH,
    CLIP_TUNED_RATES,
    CLIPPED_STEPS,
    DISTINCT_UNITS,
    GAP,
    GRAD_RATIO,
    KEPT_VAL_LOSS,
    LARGEST_GRAD,
    LATE_LOSS,
    NEAR_ZERO_SHARE,
    STEPS_RUN,
    TRAIN_EVAL_LOSS,
    UNIT_SPREAD,
    WEIGHT_NORM,
)
from studyapp.demos.result import DemoResult
from studyapp.demos.run import run_demo

Results = Callable[[str], DemoResult]


def test_early_stopping_keeps_the_weights_from_before_the_validation_loss_turned_up(
    default_result: Results,
) -> None:
    result = default_result("early-stopping")
    full, stopped = result.runs
    best = full.count(BEST_EPOCH)
    assert best is not None
    assert best < 100  # of 300 epochs
    assert full.value(FINAL_VAL_LOSS) > 2 * full.value(BEST_VAL_LOSS)  # it overfits
    assert full.value(FINAL_LOSS) < full.series["train_loss"][best - 1]  # training loss still falls
    assert stopped.count(EPOCHS_RUN) == best + 20  # patience 20
    assert stopped.count(BEST_EPOCH) == best  # the same run up to the stop
    # The kept figures are of the weights put back: the best epoch's, not the last one's.
    assert stopped.value(KEPT_VAL_LOSS) == pytest.approx(full.value(BEST_VAL_LOSS), rel=1e-9)
    assert stopped.value(KEPT_VAL_LOSS) < stopped.value(FINAL_VAL_LOSS)
    assert stopped.value(VAL_ACCURACY) == full.series["val_accuracy"][best - 1]
    assert stopped.series["val_loss"] == full.series["val_loss"][: best + 20]
    assert result.claim_holds
    assert result.answer == 0  # the best epoch, 21, is in the first quarter of 300


@pytest.mark.parametrize(
    ("epochs", "answer"), [(20, 2), (30, 2), (50, 1), (84, 0), (100, 0), (500, 0)]
)
def test_the_best_epochs_quarter_or_half_is_the_answer(epochs: int, answer: int) -> None:
    result = run_demo("early-stopping", {"epochs": epochs})  # the best epoch is 21 (or 20)
    best = result.runs[0].value(BEST_EPOCH)
    assert result.answer == answer
    assert (best / epochs <= 0.25) == (answer == 0)
    assert (0.25 < best / epochs <= 0.5) == (answer == 1)
    assert f"epoch {best:g}" in result.look_for


def test_early_stopping_that_never_runs_out_of_patience_does_not_stop() -> None:
    result = run_demo("early-stopping", {"epochs": 30})  # best epoch 21, patience 20
    full, stopped = result.runs
    assert stopped.count(EPOCHS_RUN) == full.count(EPOCHS_RUN) == 30
    assert not result.claim_holds
    assert "never ran out of patience" in result.finding


def test_dropout_narrows_the_gap_between_training_and_validation_loss(
    default_result: Results,
) -> None:
    result = default_result("dropout")
    plain, dropped = result.runs
    assert plain.value(GAP) > 0.5
    assert dropped.value(GAP) < plain.value(GAP) / 3
    assert dropped.value(TRAIN_EVAL_LOSS) > plain.value(TRAIN_EVAL_LOSS)  # it fits less...
    assert dropped.value(FINAL_VAL_LOSS) < plain.value(FINAL_VAL_LOSS) / 2  # ...and generalises
    assert len(plain.series["gap"]) == len(plain.series["epoch"]) == 200
    assert result.claim_holds
    assert result.answer == 1


def test_dropout_rate_zero_is_the_same_network() -> None:
    result = run_demo("dropout", {"rate": 0.0, "epochs": 40})
    plain, same = result.runs
    assert plain.series == same.series
    assert not result.claim_holds
    assert result.answer is None  # a tie


def test_l1_zeroes_many_weights_and_l2_shrinks_them_all(default_result: Results) -> None:
    result = default_result("l1-l2")
    none, ridge, lasso = result.runs
    assert ridge.value(WEIGHT_NORM) < none.value(WEIGHT_NORM) / 2
    assert lasso.value(WEIGHT_NORM) < none.value(WEIGHT_NORM) / 1.2
    assert none.value(NEAR_ZERO_SHARE) < 0.1  # only the random start's few small weights
    assert ridge.value(NEAR_ZERO_SHARE) < 0.2
    assert lasso.value(NEAR_ZERO_SHARE) > 0.5
    assert ridge.value(GAP) < none.value(GAP) / 2
    assert lasso.value(GAP) < none.value(GAP) / 2
    assert FINAL_LOSS not in none.metrics  # the penalised training loss is not compared
    sizes = lasso.series["weight_size"]
    assert len(sizes) == 101
    assert list(sizes) == sorted(sizes)
    assert result.claim_holds
    assert result.answer == 2


def test_without_an_l1_penalty_nothing_is_zeroed() -> None:
    result = run_demo("l1-l2", {"l1": 0.0, "epochs": 40})
    none, _, lasso = result.runs
    assert lasso.series == none.series
    assert lasso.value(NEAR_ZERO_SHARE) == none.value(NEAR_ZERO_SHARE) < 0.1
    assert not result.claim_holds


def test_batch_norm_trains_where_the_plain_network_is_unstable(default_result: Results) -> None:
    result = default_result("batch-norm")
    plain, normed = result.runs
    assert normed.value(LATE_LOSS) < plain.value(LATE_LOSS) / 2
    assert normed.value(LATE_LOSS) < 0.35
    assert normed.value(VAL_ACCURACY) > plain.value(VAL_ACCURACY)
    assert result.claim_holds
    assert result.answer == 1


def test_at_a_low_learning_rate_the_plain_deep_network_trains_too(
    default_result: Results,
) -> None:
    high = default_result("batch-norm").runs[0]
    low = run_demo("batch-norm", {"lr": 0.05}).runs[0]
    assert low.value(LATE_LOSS) < 0.3
    assert low.value(LATE_LOSS) < high.value(LATE_LOSS) / 3


def test_clipping_acts_only_at_the_spikes_and_saves_a_rate_that_blows_up(
    default_result: Results,
) -> None:
    result = default_result("gradient-clipping")
    plain, clipped, tuned = result.runs
    assert plain.diverged
    steps = plain.count(STEPS_RUN)
    assert steps is not None
    assert steps < 20
    assert plain.value(LARGEST_GRAD) > 1e6 * plain.series["grad_norm"][0]
    assert not clipped.diverged
    assert clipped.count(STEPS_RUN) == 300  # 150 training points in batches of 16, 30 epochs
    assert clipped.value(FINAL_LOSS) < 0.1 * clipped.series["step_loss"][0]
    clipped_steps = clipped.count(CLIPPED_STEPS)
    assert clipped_steps is not None
    assert 0 < clipped_steps < 300 / 10  # only the spikes
    assert clipped.value("median grad norm") < 5.0 / 4  # the threshold is well above the usual
    assert plain.series["step_loss"][0] == clipped.series["step_loss"][0]  # the same start
    # The unclipped baseline at its best rate of the grid trains, and ends no higher.
    assert tuned.label == f"without clipping, lr {tuned.value('lr'):g}"
    assert tuned.value("lr") in CLIP_TUNED_RATES
    assert not tuned.diverged
    assert tuned.value(FINAL_LOSS) <= clipped.value(FINAL_LOSS)
    assert result.claim_holds
    assert result.answer == 0  # under a quarter of the steps


def test_at_a_small_learning_rate_nothing_blows_up_and_the_claim_does_not_show() -> None:
    result = run_demo("gradient-clipping", {"lr": 0.01, "epochs": 10})
    plain, clipped, _ = result.runs
    assert not plain.diverged
    assert not clipped.diverged
    assert plain.value(FINAL_LOSS) < plain.series["step_loss"][0] / 5
    assert not result.claim_holds


def test_a_threshold_below_the_usual_gradient_clips_almost_every_step() -> None:
    result = run_demo("gradient-clipping", {"clip_norm": 0.1, "epochs": 5})
    clipped = result.runs[1]
    assert clipped.value("share clipped") > 0.75
    assert result.answer == 2
    assert not result.claim_holds  # that is a smaller step, not clipping at spikes


def test_equal_starting_weights_stay_one_unit_and_miss_the_curve(
    default_result: Results,
) -> None:
    result = default_result("init-symmetry")
    equal, random = result.runs
    assert equal.count(DISTINCT_UNITS) == 1
    assert equal.value(UNIT_SPREAD) < 1e-9
    assert random.count(DISTINCT_UNITS) == 16
    assert random.value(UNIT_SPREAD) > 1.0
    assert equal.value(FINAL_LOSS) > 0.15  # what one tanh unit can do on the moons
    assert random.value(FINAL_LOSS) < 0.01
    assert random.value(VAL_ACCURACY) > equal.value(VAL_ACCURACY)
    assert result.claim_holds
    assert result.answer == 0


def test_zero_initial_weights_learn_nothing_but_the_output_bias() -> None:
    result = run_demo("init-symmetry", {"value": 0.0, "hidden": 4, "epochs": 10})
    equal, random = result.runs
    assert equal.count(DISTINCT_UNITS) == 1
    assert random.count(DISTINCT_UNITS) == 4
    assert equal.value(BEST_VAL_LOSS) == pytest.approx(math.log(2), abs=0.01)  # a coin toss
    assert equal.value(VAL_ACCURACY) < 0.6
    assert result.claim_holds


def test_init_symmetry_is_deterministic_under_its_seed() -> None:
    params = {"epochs": 5, "hidden": 4}
    first = run_demo("init-symmetry", {**params, "seed": 3})
    again = run_demo("init-symmetry", {**params, "seed": 3})
    other = run_demo("init-symmetry", {**params, "seed": 4})
    assert [run.series for run in first.runs] == [run.series for run in again.runs]
    assert [run.metrics for run in first.runs] == [run.metrics for run in again.runs]
    assert first.finding == again.finding
    assert first.runs[1].series != other.runs[1].series


def test_gradients_vanish_toward_the_input_of_a_deep_sigmoid_network_even_with_xavier(
    default_result: Results,
) -> None:
    result = default_result("vanishing-gradients")
    sigmoid, relu = result.runs
    assert sigmoid.label == "sigmoid, xavier init"
    assert sigmoid.series["layer"] == (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0)
    norms = sigmoid.series["layer_grad_norm"]
    assert all(lower < upper for lower, upper in pairwise(norms))
    # Six sigmoid layers, slope at most 1/4 each: (1/4)**6 = 1/4096.
    assert 1e-5 < sigmoid.value(GRAD_RATIO) < 1e-3
    assert relu.value(GRAD_RATIO) > 0.1
    assert sigmoid.value(FINAL_LOSS) > 0.6  # stuck near log 2: the early layers never learn
    assert relu.value(FINAL_LOSS) < 0.3
    chart = result.charts[0]
    assert chart.x_key == "layer"
    assert [len(xs) for _, xs, _ in result.chart_lines(chart)] == [7, 7]
    assert result.claim_holds
    assert result.answer == 2  # about 1/10,000


def test_a_too_small_init_makes_the_sigmoid_networks_gradient_vanish_far_more(
    default_result: Results,
) -> None:
    xavier = default_result("vanishing-gradients").runs[0]
    small = run_demo("vanishing-gradients", {"init": "small", "epochs": 2})
    assert small.runs[0].label == "sigmoid, small init"
    assert small.runs[0].value(GRAD_RATIO) < 1e-4 * xavier.value(GRAD_RATIO)
    assert small.answer == 3  # under 1/1,000,000


def test_tanh_with_xavier_keeps_the_gradient_and_the_claim_does_not_show() -> None:
    result = run_demo("vanishing-gradients", {"activation": "tanh", "epochs": 2})
    assert result.runs[0].label == "tanh, xavier init"
    assert result.runs[0].value(GRAD_RATIO) > 0.1
    assert result.answer == 0  # about 1
    assert not result.claim_holds


def test_a_shallow_sigmoid_network_loses_much_less_of_its_gradient(
    default_result: Results,
) -> None:
    deep = default_result("vanishing-gradients").runs[0]
    shallow = run_demo("vanishing-gradients", {"layers": 2, "epochs": 5})
    sigmoid = shallow.runs[0]
    assert sigmoid.label == "sigmoid, xavier init"
    assert sigmoid.value(GRAD_RATIO) > 30 * deep.value(GRAD_RATIO)
    assert not shallow.claim_holds  # two layers: the gradient shrinks, but not a hundredfold
