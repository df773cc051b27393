"""Every demo's claim holds at seeds 0 to 4, with a stated margin, not just by a hair.

Each demo has a list of margins: a figure from its result and the bound it must clear (at
least ``low``, at most ``high``). The bounds sit well inside what the runs show, so a claim
that holds only by luck of the seed fails here. The prediction's answer must also be the same
at every seed: a question whose answer flips with the seed would teach nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from studyapp.demos.experiments.common import (
    BEST_VAL_LOSS,
    FINAL_LOSS,
    FINAL_VAL_LOSS,
    steps_to_key,
)
from studyapp.demos.experiments.optimizers import GRID_REACHED
from studyapp.demos.experiments.schedules import SETTLED, SETTLED_VAL
from studyapp.demos.experiments.training import (
    BEST_EPOCH,
    DISTINCT_UNITS,
    GAP,
    GRAD_RATIO,
    KEPT_VAL_LOSS,
    LATE_LOSS,
    NEAR_ZERO_SHARE,
    WEIGHT_NORM,
)
from studyapp.demos.result import DemoResult, Run

Seeded = Callable[[str, int], DemoResult]
STEPS = steps_to_key(1e-3)
SEEDS = range(5)  # seed 0 is the default, shared with the other demo tests


@dataclass(frozen=True)
class Margin:
    """A figure from a result and the bound it must clear."""

    what: str
    value: float
    low: float = -math.inf
    high: float = math.inf

    def cleared(self) -> bool:
        """Whether the figure lies within its bounds."""
        return self.low <= self.value <= self.high


def _steps(run: Run, key: str = STEPS) -> float:
    """Steps (or epochs) to the target; inf when it was never reached."""
    count = run.count(key)
    return math.inf if count is None else float(count)


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.inf


def _sgd(result: DemoResult) -> list[Margin]:
    full, mini, one = (run.value(FINAL_LOSS) for run in result.runs)
    return [
        Margin("full batch / mini-batch final loss", _ratio(full, mini), low=1.1),
        Margin("mini-batch / one-example final loss", _ratio(mini, one), low=2.0),
    ]


def _first_of_two(label: str) -> Callable[[DemoResult], list[Margin]]:
    def margins(result: DemoResult) -> list[Margin]:
        baseline, technique = result.runs
        return [
            Margin(f"baseline / {label} steps", _ratio(_steps(baseline), _steps(technique)), 1.5)
        ]

    return margins


def _nesterov(result: DemoResult) -> list[Margin]:
    classical, ahead = result.runs
    return [
        Margin("classical / Nesterov steps", _ratio(_steps(classical), _steps(ahead)), low=1.5),
        Margin(
            "classical / Nesterov overshoot",
            _ratio(classical.value("overshoot"), ahead.value("overshoot")),
            low=1.25,
        ),
    ]


def _rmsprop(result: DemoResult) -> list[Margin]:
    summed, averaged = result.runs
    ratio = _ratio(summed.value(FINAL_LOSS), averaged.value(FINAL_LOSS))
    return [Margin("Adagrad / RMSprop final loss", ratio, low=10.0)]


def _adadelta(result: DemoResult) -> list[Margin]:
    adadelta, *grid = (run.value(FINAL_LOSS) for run in result.runs)
    return [
        Margin("Adadelta / tuned SGD final loss", _ratio(adadelta, min(grid)), low=3.0),
        Margin("worst SGD rate / Adadelta final loss", _ratio(max(grid), adadelta), low=2.0),
    ]


def _adam(result: DemoResult) -> list[Margin]:
    adam, _, sgd = result.runs
    return [
        Margin("Adam / tuned momentum SGD steps", _ratio(_steps(adam), _steps(sgd)), low=2.5),
        Margin("Adam's 3 grid rates reaching loss 0.001", adam.value(GRID_REACHED), low=3),
        Margin("SGD's 6 grid rates reaching loss 0.001", sgd.value(GRID_REACHED), high=4),
    ]


def _adam_vs_sgd(result: DemoResult) -> list[Margin]:
    key = "epochs to train loss 0.2"
    adam, sgd = result.runs
    gap = adam.value("val accuracy") - sgd.value("val accuracy")
    return [
        Margin("SGD / Adam epochs to loss 0.2", _ratio(_steps(sgd, key), _steps(adam, key)), 1.5),
        Margin("|Adam − SGD| val accuracy", abs(gap), high=0.02),
    ]


def _diffgrad(result: DemoResult) -> list[Margin]:
    same, matched, damped = (run.value("overshoot") for run in result.runs)
    return [
        Margin("same-lr Adam / DiffGrad overshoot", _ratio(same, damped), low=5.0),
        Margin("DiffGrad / matched Adam overshoot", _ratio(damped, matched), low=0.9, high=1.25),
    ]


def _bias_correction(result: DemoResult) -> list[Margin]:
    corrected, raw = result.runs
    ratio = _ratio(raw.value("step 1 / lr"), corrected.value("step 1 / lr"))
    return [Margin("uncorrected / corrected first step", ratio, low=3.0)]


def _lr_too_large(result: DemoResult) -> list[Margin]:
    small, middle, large = result.runs
    return [
        Margin("too-large rate diverged", float(large.diverged), low=1.0),
        Margin(
            "too-small / in-between final loss",
            _ratio(small.value(FINAL_LOSS), middle.value(FINAL_LOSS)),
            low=100.0,
        ),
    ]


def _range_test(result: DemoResult) -> list[Margin]:
    at_min, tenth, hundredth = (run.value(SETTLED_VAL) for run in result.runs[1:])
    return [
        Margin("at-minimum / tenth val loss", _ratio(at_min, tenth), low=1.5),
        Margin("hundredth / tenth val loss", _ratio(hundredth, tenth), low=1.2),
    ]


def _settled_below(
    *baselines: int, index: int, low: float, key: str = SETTLED
) -> Callable[[DemoResult], list[Margin]]:
    def margins(result: DemoResult) -> list[Margin]:
        values = [run.value(key) for run in result.runs]
        return [
            Margin(
                f"{result.runs[b].label} / {result.runs[index].label}",
                values[b] / values[index],
                low,
            )
            for b in baselines
        ]

    return margins


def _cyclic(result: DemoResult) -> list[Margin]:
    low, high, cyclic, middle = (run.value(FINAL_LOSS) for run in result.runs)
    return [
        Margin("low-rate − cyclic final loss", low - cyclic, low=0.1),
        Margin("high-rate − cyclic final loss", high - cyclic, low=0.005),
        Margin("|middle-rate − cyclic| final loss", abs(middle - cyclic), high=1e-4),
    ]


def _sgdr(result: DemoResult) -> list[Margin]:
    constant, cosine, warm = (run.series["train_loss"] for run in result.runs)
    second_end = 15 - 1  # t_0 5, t_mult 2: runs end after epochs 5, 15 and 35
    return [
        Margin("cosine / SGDR loss after epoch 15", cosine[second_end] / warm[second_end], 1.05),
        Margin("constant / SGDR loss after epoch 15", constant[second_end] / warm[second_end], 1.1),
        Margin("SGDR / cosine loss at the end", warm[-1] / cosine[-1], low=0.98, high=1.02),
    ]


def _one_cycle(result: DemoResult) -> list[Margin]:
    constant, large, cosine, cycled = (run.value(FINAL_LOSS) for run in result.runs)
    return [
        Margin("constant / one-cycle final loss", constant / cycled, low=2.5),
        Margin("constant at max_lr / one-cycle final loss", large / cycled, low=2.5),
        Margin("one-cycle / cosine final loss", cycled / cosine, low=0.6, high=1.5),
    ]


def _early_stopping(result: DemoResult) -> list[Margin]:
    full, stopped = result.runs
    return [
        Margin(
            "last-epoch / kept val loss",
            _ratio(full.value(FINAL_VAL_LOSS), stopped.value(KEPT_VAL_LOSS)),
            low=1.5,
        ),
        Margin(
            "kept val loss − best",
            stopped.value(KEPT_VAL_LOSS) - full.value(BEST_VAL_LOSS),
            low=-1e-9,
            high=1e-9,
        ),
        Margin("best epoch / epochs", full.value(BEST_EPOCH) / 300, high=0.12),
    ]


def _dropout(result: DemoResult) -> list[Margin]:
    plain, dropped = result.runs
    return [
        Margin("gap without − with dropout", plain.value(GAP) - dropped.value(GAP), low=0.2),
        Margin(
            "val loss with / without dropout",
            _ratio(dropped.value(FINAL_VAL_LOSS), plain.value(FINAL_VAL_LOSS)),
            high=0.85,
        ),
    ]


def _l1_l2(result: DemoResult) -> list[Margin]:
    none, ridge, lasso = result.runs
    return [
        Margin(
            "L1 / L2 near-zero share",
            _ratio(lasso.value(NEAR_ZERO_SHARE), ridge.value(NEAR_ZERO_SHARE)),
            low=2.0,
        ),
        Margin(
            "no-penalty / L2 weight norm",
            _ratio(none.value(WEIGHT_NORM), ridge.value(WEIGHT_NORM)),
            low=1.5,
        ),
    ]


def _batch_norm(result: DemoResult) -> list[Margin]:
    plain, normed = result.runs
    ratio = _ratio(plain.value(LATE_LOSS), normed.value(LATE_LOSS))
    return [Margin("plain / batch-norm late loss", ratio, low=2.0)]


def _clipping(result: DemoResult) -> list[Margin]:
    plain, clipped, _ = result.runs
    return [
        Margin("unclipped run diverged", float(plain.diverged), low=1.0),
        Margin("share of steps clipped", clipped.value("share clipped"), high=0.1),
        Margin(
            "start / clipped final loss",
            _ratio(clipped.value("start loss"), clipped.value(FINAL_LOSS)),
            low=5.0,
        ),
    ]


def _init_symmetry(result: DemoResult) -> list[Margin]:
    equal, random = result.runs
    return [
        Margin("distinct units from the equal start", equal.value(DISTINCT_UNITS), high=1.0),
        Margin("distinct units from the random start", random.value(DISTINCT_UNITS), low=16.0),
        Margin(
            "equal / random final loss",
            _ratio(equal.value(FINAL_LOSS), random.value(FINAL_LOSS)),
            low=5.0,
        ),
    ]


def _vanishing(result: DemoResult) -> list[Margin]:
    sigmoid, relu = result.runs
    return [
        Margin(
            "ReLU / sigmoid first-to-last gradient ratio",
            _ratio(relu.value(GRAD_RATIO), sigmoid.value(GRAD_RATIO)),
            low=300.0,
        ),
        Margin(
            "sigmoid / ReLU final loss",
            _ratio(sigmoid.value(FINAL_LOSS), relu.value(FINAL_LOSS)),
            low=3.0,
        ),
    ]


# demo name: (its margins, the prediction's answer at every seed)
MARGINS: dict[str, tuple[Callable[[DemoResult], list[Margin]], int]] = {
    "sgd": (_sgd, 2),
    "momentum": (_first_of_two("momentum"), 1),
    "nesterov": (_nesterov, 1),
    "adagrad": (_first_of_two("Adagrad"), 1),
    "rmsprop": (_rmsprop, 1),
    "adadelta": (_adadelta, 0),
    "adam": (_adam, 2),
    "adam-vs-sgd": (_adam_vs_sgd, 1),
    "diffgrad": (_diffgrad, 1),
    "adam-bias-correction": (_bias_correction, 2),
    "lr-too-large-too-small": (_lr_too_large, 1),
    "lr-range-test": (_range_test, 1),
    "step-decay": (_settled_below(0, 2, index=1, low=1.1), 1),
    "exponential-decay": (_settled_below(0, index=1, low=1.1), 2),
    "power-schedule": (_settled_below(0, index=1, low=1.05), 0),
    "performance-schedule": (_settled_below(0, index=1, low=1.05, key=SETTLED_VAL), 1),
    "cyclic-lr": (_cyclic, 1),
    "sgdr": (_sgdr, 1),
    "one-cycle": (_one_cycle, 1),
    "early-stopping": (_early_stopping, 0),
    "dropout": (_dropout, 1),
    "l1-l2": (_l1_l2, 2),
    "batch-norm": (_batch_norm, 1),
    "gradient-clipping": (_clipping, 0),
    "init-symmetry": (_init_symmetry, 0),
    "vanishing-gradients": (_vanishing, 2),
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", sorted(MARGINS))
def test_claim_holds_with_its_margin_at_every_seed(
    name: str, seed: int, seeded_result: Seeded
) -> None:
    result = seeded_result(name, seed)
    margins, answer = MARGINS[name]
    assert result.claim_holds, result.finding
    assert result.answer == answer, result.finding
    missed = [margin for margin in margins(result) if not margin.cleared()]
    assert not missed, missed
