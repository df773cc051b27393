"""Each optimizer demo's claim holds in its own result, at its defaults and as documented."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import pytest

from studyapp.demos.experiments.common import FINAL_LOSS, VAL_ACCURACY, steps_to_key
from studyapp.demos.experiments.optimizers import ADADELTA_SGD_RATES
from studyapp.demos.result import DemoResult
from studyapp.demos.run import run_demo

Results = Callable[[str], DemoResult]


def test_sgd_mini_batches_get_further_than_the_full_batch_in_the_same_epochs(
    default_result: Results,
) -> None:
    result = default_result("sgd")
    losses = {run.label: run.value(FINAL_LOSS) for run in result.runs}
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


def test_nesterov_overshoots_less_and_settles_sooner(default_result: Results) -> None:
    result = default_result("nesterov")
    key = steps_to_key(1e-3)
    classical, ahead = result.runs
    assert classical.label == "classical momentum"
    classical_steps, ahead_steps = classical.count(key), ahead.count(key)
    assert classical_steps is not None
    assert ahead_steps is not None
    assert ahead_steps < classical_steps / 1.5
    assert ahead.value("overshoot") < 0.8 * classical.value("overshoot")
    assert classical.value("overshoot") > 1.0  # classical momentum does swing past x = 0
    assert result.claim_holds
    assert result.answer == 1
    assert result.surface == "ravine"
    assert "0.0543" in result.notes[0]


def test_nesterov_diverges_above_its_stability_limit_where_classical_momentum_does_not() -> None:
    # lr · 25 < 2(1 + m)/(1 + 2m) keeps Nesterov stable: lr < 0.0543 for m = 0.9.
    below = run_demo("nesterov", {"lr": 0.05})
    assert not below.run("Nesterov momentum").diverged
    assert below.claim_holds
    above = run_demo("nesterov", {"lr": 0.06})
    assert above.run("Nesterov momentum").diverged
    assert not above.run("classical momentum").diverged
    assert not above.claim_holds
    assert above.answer == 0
    assert "Nesterov momentum away (it diverged)" in above.finding


def test_adagrad_gives_the_flat_direction_the_larger_learning_rate(
    default_result: Results,
) -> None:
    result = default_result("adagrad")
    key = steps_to_key(1e-3)
    plain, adaptive = result.runs
    plain_steps, adaptive_steps = plain.count(key), adaptive.count(key)
    assert plain_steps is not None
    assert adaptive_steps is not None
    assert adaptive_steps < plain_steps / 1.5
    along, across = adaptive.series["lr_x"], adaptive.series["lr_y"]
    assert along[-1] > 2 * across[-1]
    assert along[-1] > 0.07  # sgd_lr: more than one rate for both could allow
    assert all(later <= earlier for earlier, later in pairwise(along))
    assert set(plain.series["lr_x"]) == {0.07}
    # The first step along x is the effective rate times the gradient there (x = −9).
    assert adaptive.path[1][0] - adaptive.path[0][0] == pytest.approx(9 * along[0])
    assert result.claim_holds
    assert result.answer == 1


def test_adagrad_with_too_small_a_learning_rate_loses_to_gradient_descent() -> None:
    result = run_demo("adagrad", {"lr": 0.5})
    assert not result.claim_holds
    assert result.answer == 0


def test_rmsprop_keeps_going_where_adagrad_stalls(default_result: Results) -> None:
    result = default_result("rmsprop")
    summed, averaged = result.runs
    assert summed.label == "Adagrad"
    assert averaged.value(FINAL_LOSS) < summed.value(FINAL_LOSS) / 10
    assert summed.value(FINAL_LOSS) > 5  # Adagrad barely left the start (loss 6.5)
    steps = summed.series["step"]
    assert steps[-1] < steps[0] / 100  # its steps shrank a hundredfold
    assert averaged.value("last step") > 10 * summed.value("last step")
    assert averaged.count(steps_to_key(0.1)) is not None
    assert result.claim_holds
    assert result.answer == 1
    assert result.surface == "rosenbrock"


def test_rmsprop_with_a_large_learning_rate_rattles_and_loses_its_lead() -> None:
    result = run_demo("rmsprop", {"lr": 0.3})
    summed, averaged = result.runs
    assert averaged.value(FINAL_LOSS) > summed.value(FINAL_LOSS)
    assert not result.claim_holds
    assert result.answer == 0


def test_adadelta_is_beaten_by_tuned_sgd_but_beats_a_badly_chosen_rate(
    default_result: Results,
) -> None:
    result = default_result("adadelta")
    tuned, *grid = result.runs
    assert tuned.label == "Adadelta"
    assert [run.label for run in grid] == [f"SGD, lr {rate:g}" for rate in ADADELTA_SGD_RATES]
    best = min(run.value(FINAL_LOSS) for run in grid)
    assert best < tuned.value(FINAL_LOSS) / 3  # SGD at its best rate, 0.3, ends far lower
    assert result.run("SGD, lr 0.03").value(FINAL_LOSS) > 2 * tuned.value(FINAL_LOSS)
    assert result.claim_holds
    assert result.answer == 0  # Adadelta several times higher than tuned SGD
    assert "0.03, 0.3, 3" in result.notes[0]


def test_adam_is_forgiving_of_its_rate_where_tuned_momentum_sgd_is_faster(
    default_result: Results,
) -> None:
    result = default_result("adam")
    key = steps_to_key(1e-3)
    adam, rmsprop, sgd = result.runs
    assert sgd.label == "momentum SGD, tuned"
    adam_steps, sgd_steps = adam.count(key), sgd.count(key)
    assert adam_steps is not None
    assert sgd_steps is not None
    assert rmsprop.count(key) is None  # RMSprop at the same lr never gets there
    assert 2 * sgd_steps < adam_steps  # tuned, momentum SGD is more than twice as fast
    assert rmsprop.value(FINAL_LOSS) > 0.1
    assert "momentum SGD at its best rate 0.002" in result.finding
    assert "0.0025 diverged, 0.003 diverged" in result.finding
    assert "Adam reached it at 3 of 3 rates" in result.finding
    # the look-for text's rate windows are the grid's: the finding lists "0.001 in 666 steps"
    # and "0.002 in 165 steps" for momentum SGD
    assert "0.001 in 666 steps" in result.finding
    assert "from 0.001 to 0.002, a factor of 2: 666 steps at 0.001, 165 at 0.002" in (
        result.look_for
    )
    assert "at 0.0025 it blows up" in result.look_for
    assert "Adam reached loss 0.001 at rates from 0.05 to 0.8, a factor of 16" in result.look_for
    # Bias correction: Adam's first step is lr along each axis, RMSprop's (alpha 0.99) 10 lr.
    for label, size in (("Adam", 0.2), ("RMSprop", 2.0)):
        (x0, y0), (x1, y1) = result.run(label).path[:2]
        assert abs(x1 - x0) == pytest.approx(size)
        assert abs(y1 - y0) == pytest.approx(size)
    assert result.claim_holds
    assert result.answer == 2  # tuned SGD takes under half as many steps as Adam


def test_adam_at_a_small_rate_no_longer_reaches_the_minimum_at_every_rate_of_its_grid() -> None:
    result = run_demo("adam", {"lr": 0.05})
    assert "Adam reached it at 2 of 3 rates" in result.finding
    assert "Adam reached loss 0.001 at rates from 0.05 to 0.2, a factor of 4" in result.look_for
    assert not result.claim_holds


def test_adam_drops_the_loss_sooner_and_sgd_generalises_about_as_well(
    default_result: Results,
) -> None:
    result = default_result("adam-vs-sgd")
    key = "epochs to train loss 0.2"
    fast, steady = result.runs
    fast_epochs, steady_epochs = fast.count(key), steady.count(key)
    assert fast_epochs is not None
    assert steady_epochs is not None
    assert fast_epochs < steady_epochs / 1.5
    assert steady.value(VAL_ACCURACY) >= fast.value(VAL_ACCURACY) - 0.03
    assert steady.value(VAL_ACCURACY) > 0.95
    assert result.claim_holds
    assert result.answer == 1  # within 3 points of each other


def test_adam_vs_sgd_is_fixed_by_its_seed_and_changes_with_it() -> None:
    params = {"epochs": 10, "seed": 7}
    first, again = run_demo("adam-vs-sgd", params), run_demo("adam-vs-sgd", params)
    assert [run.series for run in first.runs] == [run.series for run in again.runs]
    other = run_demo("adam-vs-sgd", {"epochs": 10, "seed": 8})
    assert first.runs[0].series["train_loss"] != other.runs[0].series["train_loss"]


def test_adam_with_a_tiny_learning_rate_is_no_longer_the_faster() -> None:
    result = run_demo("adam-vs-sgd", {"lr": 0.0005, "epochs": 30})
    assert not result.claim_holds
    assert result.answer == 2  # SGD's accuracy is now well ahead


def test_diffgrad_overshoots_less_than_adam_at_the_same_lr_but_not_at_a_matched_one(
    default_result: Results,
) -> None:
    result = default_result("diffgrad")
    same, matched, damped = result.runs
    assert [run.label for run in result.runs] == ["Adam, same lr", "Adam, matched lr", "DiffGrad"]
    assert damped.value("overshoot") < same.value("overshoot") / 10
    ratio = damped.value("overshoot") / matched.value("overshoot")
    assert 0.75 <= ratio <= 1 / 0.75
    assert set(same.series["friction"]) == {1.0}
    friction = damped.series["friction"]
    assert all(0.5 <= xi <= 1.0 for xi in friction)
    assert friction[0] > 0.999  # the first gradient is compared with zero
    assert 0.5 < damped.value("mean friction") < 0.6
    assert matched.value("lr") == pytest.approx(0.3 * damped.value("mean friction"))
    # The first step is Adam's (lr along x) scaled by the friction.
    assert damped.path[1][0] - damped.path[0][0] == pytest.approx(0.3 * friction[0])
    stay = "steps to stay under 0.001"
    assert damped.count(stay) == damped.count(steps_to_key(1e-3))  # no bounce back
    adam_first, adam_stays = same.count(steps_to_key(1e-3)), same.count(stay)
    assert adam_first is not None
    assert adam_stays is not None
    assert adam_stays > adam_first  # Adam got there, swung out again, came back
    assert result.claim_holds
    assert result.answer == 1  # about the same as the matched Adam


def test_diffgrad_and_adam_both_overshoot_more_with_a_larger_learning_rate(
    default_result: Results,
) -> None:
    base = default_result("diffgrad")
    larger = run_demo("diffgrad", {"lr": 1.0})
    for label in ("Adam, same lr", "Adam, matched lr", "DiffGrad"):
        assert larger.run(label).value("overshoot") > base.run(label).value("overshoot")
    assert larger.claim_holds


def test_diffgrad_at_a_small_lr_never_passes_the_minimum() -> None:
    result = run_demo("diffgrad", {"lr": 0.1})
    assert result.run("DiffGrad").value("overshoot") == 0.0
    assert result.run("Adam, matched lr").value("overshoot") == 0.0
    assert result.answer == 1  # neither passed it: the same


@pytest.mark.parametrize("seed", range(5))
def test_without_bias_correction_adams_first_steps_are_several_times_lr(seed: int) -> None:
    result = run_demo("adam-bias-correction", {"seed": seed})
    corrected, raw = result.runs
    assert corrected.label == "with bias correction"
    assert corrected.value("step 1 / lr") == pytest.approx(1.0, rel=1e-6)
    assert corrected.value("largest step / lr") <= 1.0 + 1e-6
    # (1 - 0.9) / sqrt(1 - 0.999), worked by hand: 0.1 / 0.031623 = 3.1623
    assert raw.value("step 1 / lr") == pytest.approx(3.1623, rel=1e-4)
    assert raw.value("largest step / lr") > 5.0  # it keeps growing for a while
    assert result.claim_holds
    assert result.answer == 2  # several times lr


def test_with_beta2_099_the_uncorrected_first_step_is_lr() -> None:
    result = run_demo("adam-bias-correction", {"beta2": 0.99})
    raw = result.run("without bias correction")
    assert raw.value("step 1 / lr") == pytest.approx(1.0, rel=1e-4)  # 0.1 / sqrt(0.01)
    assert raw.value("largest step / lr") > 1.5
    assert result.answer == 1
