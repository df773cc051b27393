"""Learning-rate schedules: values worked out by hand or from each schedule's closed form."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable
from itertools import pairwise
from typing import Any

import pytest

from studyapp.demos.schedules import (
    CosineAnnealingLR,
    CosineAnnealingWarmRestarts,
    CyclicLR,
    ExponentialLR,
    HasParamGroup,
    LinearLR,
    LRRangeTest,
    LRScheduler,
    MultiStepLR,
    OneCycleLR,
    PolynomialLR,
    PowerLR,
    ReduceLROnPlateau,
    StepLR,
    lr_curve,
)

approx = pytest.approx


class Opt:
    """A dummy optimizer: just the param group."""

    def __init__(self, **hyper: Any) -> None:
        self.param_group: dict[str, Any] = dict(hyper)


def sgd(lr: float = 0.1, momentum: float = 0.9) -> Opt:
    return Opt(lr=lr, momentum=momentum)


def lrs(scheduler: LRScheduler, steps: int) -> list[float]:
    """The lr after construction and after each of ``steps`` steps."""
    values = [scheduler.last_lr]
    for _ in range(steps):
        scheduler.step()
        values.append(scheduler.last_lr)
    return values


# --- StepLR, MultiStepLR, ExponentialLR, PolynomialLR -----------------------------------------


def test_step_lr_decays_by_gamma_every_step_size() -> None:
    opt = sgd(0.1)
    scheduler = StepLR(opt, step_size=3)
    assert scheduler.last_epoch == 0
    values = lrs(scheduler, 7)
    assert values[:3] == [0.1, 0.1, 0.1]
    assert values[3:6] == approx([0.01] * 3)
    assert values[6:] == approx([0.001, 0.001])
    assert opt.param_group["lr"] == scheduler.last_lr
    assert scheduler.last_epoch == 7
    assert scheduler.initial_lr == 0.1
    assert scheduler.get_last_lr() == [scheduler.last_lr]


def test_step_lr_is_chainable_it_scales_the_current_lr() -> None:
    opt = sgd(0.1)
    scheduler = StepLR(opt, step_size=2, gamma=0.5)
    scheduler.step()
    opt.param_group["lr"] = 0.4  # someone else changed it
    scheduler.step()
    assert scheduler.last_lr == approx(0.2)


def test_multistep_lr_decays_at_each_milestone() -> None:
    values = lrs(MultiStepLR(sgd(1.0), milestones=[2, 5], gamma=0.5), 6)
    assert values == approx([1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25])


def test_multistep_lr_repeated_milestone_and_milestone_zero() -> None:
    values = lrs(MultiStepLR(sgd(1.0), milestones=[3, 3], gamma=0.5), 4)
    assert values == approx([1.0, 1.0, 1.0, 0.25, 0.25])
    at_zero = MultiStepLR(sgd(1.0), milestones=[0])  # applied by the initial step, as in torch
    assert at_zero.last_lr == approx(0.1)


def test_exponential_lr_is_gamma_to_the_t() -> None:
    values = lrs(ExponentialLR(sgd(0.2), gamma=0.9), 30)
    assert values == approx([0.2 * 0.9**t for t in range(31)], rel=1e-12)


@pytest.mark.parametrize("power", [1.0, 2.0, 0.5])
def test_polynomial_lr_follows_the_closed_form_then_holds_at_zero(power: float) -> None:
    values = lrs(PolynomialLR(sgd(0.3), total_iters=10, power=power), 15)
    expected = [0.3 * (1 - min(t, 10) / 10) ** power for t in range(16)]
    assert values == approx(expected, rel=1e-12, abs=1e-15)
    assert values[10:] == [0.0] * 6


def test_polynomial_lr_default_is_linear_over_five_steps() -> None:
    assert lrs(PolynomialLR(sgd(1.0)), 6) == approx([1.0, 0.8, 0.6, 0.4, 0.2, 0.0, 0.0])


# --- cosine annealing and SGDR ----------------------------------------------------------------


def test_cosine_annealing_halfway_and_end() -> None:
    values = lrs(CosineAnnealingLR(sgd(0.1), T_max=20, eta_min=0.01), 40)
    assert values[0] == 0.1
    assert values[10] == approx((0.1 + 0.01) / 2, rel=1e-12)
    assert values[20] == 0.01  # exactly: the recursion multiplies by 1 + cos(pi) = 0
    assert values[40] == approx(0.1, rel=1e-12)  # and climbs back over the next T_max steps
    closed = [0.01 + 0.09 * (1 + math.cos(math.pi * t / 20)) / 2 for t in range(41)]
    assert values == approx(closed, rel=1e-10)


def test_sgdr_restarts_at_t0_and_t0_times_one_plus_t_mult() -> None:
    scheduler = CosineAnnealingWarmRestarts(sgd(0.1), T_0=4, T_mult=2, eta_min=0.0)
    values = lrs(scheduler, 13)
    assert values[0] == approx(0.1)
    assert values[2] == approx(0.05)  # halfway through the first 4-step period
    assert values[4] == approx(0.1)  # restart at T_0
    assert values[8] == approx(0.05)  # halfway through the second, 8-step period
    assert values[12] == approx(0.1)  # restart at T_0 * (1 + T_mult)
    assert values[3] < values[2] < values[1] < values[0]
    assert (scheduler.T_cur, scheduler.T_i) == (1, 16)


def test_sgdr_with_t_mult_one_repeats_each_period() -> None:
    values = lrs(CosineAnnealingWarmRestarts(sgd(0.1), T_0=5, eta_min=0.02), 15)
    assert values[5:10] == approx(values[0:5])
    assert values[10:15] == approx(values[0:5])
    assert min(values) > 0.02


# --- CyclicLR --------------------------------------------------------------------------------


def test_cyclic_triangular_peaks_at_step_size_up_with_momentum_inverse() -> None:
    opt = sgd(lr=0.5)
    scheduler = CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=4)
    assert scheduler.last_lr == 0.01  # set at construction
    assert scheduler.initial_lr == 0.01
    assert opt.param_group["momentum"] == approx(0.9)
    values = [scheduler.last_lr]
    momenta = [opt.param_group["momentum"]]
    for _ in range(16):
        scheduler.step()
        values.append(scheduler.last_lr)
        momenta.append(opt.param_group["momentum"])
    assert values[2] == approx(0.055)
    assert values[4] == approx(0.1)
    assert values[8] == approx(0.01)
    assert values[12] == approx(0.1)
    assert values[0:8] == approx(values[8:16])
    assert momenta[4] == approx(0.8)
    assert momenta[8] == approx(0.9)
    # momentum moves exactly against the lr: both are linear in the same fraction
    for lr, momentum in zip(values, momenta, strict=True):
        assert (lr - 0.01) / 0.09 == approx((0.9 - momentum) / 0.1, abs=1e-12)


def test_cyclic_triangular2_halves_the_amplitude_each_cycle() -> None:
    scheduler = CyclicLR(sgd(), base_lr=0.0, max_lr=0.8, step_size_up=2, mode="triangular2")
    values = lrs(scheduler, 12)
    assert [values[2], values[6], values[10]] == approx([0.8, 0.4, 0.2])


def test_cyclic_asymmetric_and_exp_range() -> None:
    values = lrs(CyclicLR(sgd(), 0.0, 1.0, step_size_up=1, step_size_down=3), 4)
    assert values == approx([0.0, 1.0, 2 / 3, 1 / 3, 0.0])
    scheduler = CyclicLR(sgd(), 0.0, 1.0, step_size_up=2, mode="exp_range", gamma=0.5)
    assert lrs(scheduler, 2)[2] == approx(0.25)  # amplitude scaled by gamma**t at t=2


def test_cyclic_cycles_beta1_of_betas_and_keeps_beta2() -> None:
    opt = Opt(lr=0.1, betas=(0.9, 0.999))
    scheduler = CyclicLR(opt, 0.01, 0.1, step_size_up=2, base_momentum=0.85, max_momentum=0.95)
    assert opt.param_group["betas"] == approx((0.95, 0.999))
    scheduler.step()
    scheduler.step()
    assert opt.param_group["betas"] == approx((0.85, 0.999))
    assert isinstance(opt.param_group["betas"], tuple)
    assert "momentum" not in opt.param_group


def test_cycling_momentum_needs_momentum_or_betas() -> None:
    with pytest.raises(ValueError, match="momentum or betas"):
        CyclicLR(Opt(lr=0.1), 0.01, 0.1)
    with pytest.raises(ValueError, match="momentum or betas"):
        OneCycleLR(Opt(lr=0.1), 0.1, total_steps=10)
    scheduler = CyclicLR(Opt(lr=0.1), 0.01, 0.1, step_size_up=2, cycle_momentum=False)
    scheduler.step()
    assert scheduler.last_lr == approx(0.055)


# --- OneCycleLR ------------------------------------------------------------------------------


def test_one_cycle_starts_peaks_and_ends_where_it_should() -> None:
    opt = sgd()
    scheduler = OneCycleLR(opt, max_lr=1.0, total_steps=100)
    assert scheduler.last_lr == approx(1.0 / 25)
    assert opt.param_group["momentum"] == approx(0.95)
    values = [scheduler.last_lr]
    momenta = [opt.param_group["momentum"]]
    for _ in range(99):
        scheduler.step()
        values.append(scheduler.last_lr)
        momenta.append(opt.param_group["momentum"])
    peak = 29  # torch ends the warm-up at step pct_start * total_steps - 1
    assert values[peak] == approx(1.0)
    assert max(values) == values[peak]
    assert momenta[peak] == approx(0.85)
    assert values[99] == approx(1.0 / 25 / 1e4)
    assert momenta[99] == approx(0.95)
    assert all(a < b for a, b in pairwise(values[: peak + 1]))
    assert all(a > b for a, b in pairwise(values[peak:]))


def test_one_cycle_linear_three_phase() -> None:
    scheduler = OneCycleLR(
        sgd(),
        max_lr=1.0,
        total_steps=20,
        pct_start=0.25,
        anneal_strategy="linear",
        div_factor=10.0,
        final_div_factor=100.0,
        three_phase=True,
    )
    values = lrs(scheduler, 19)
    assert values[0] == approx(0.1)
    assert values[4] == approx(1.0)  # end of warm-up: 0.25 * 20 - 1
    assert values[2] == approx(0.55)
    assert values[8] == approx(0.1)  # back down symmetrically: 2 * 0.25 * 20 - 2
    assert values[19] == approx(0.001)


def test_one_cycle_refuses_to_step_past_total_steps() -> None:
    scheduler = OneCycleLR(sgd(), max_lr=1.0, total_steps=5)
    for _ in range(5):
        scheduler.step()
    with pytest.raises(ValueError, match="total_steps"):
        scheduler.step()
    assert scheduler.last_epoch == 5


def test_one_cycle_takes_epochs_and_steps_per_epoch_as_torch_does() -> None:
    by_epochs = OneCycleLR(sgd(), max_lr=1.0, epochs=4, steps_per_epoch=25)
    by_total = OneCycleLR(sgd(), max_lr=1.0, total_steps=100)
    assert by_epochs.total_steps == 100
    assert lrs(by_epochs, 99) == lrs(by_total, 99)
    # total_steps wins when both are given, as in torch
    assert OneCycleLR(sgd(), 1.0, total_steps=10, epochs=4, steps_per_epoch=25).total_steps == 10
    with pytest.raises(ValueError, match="give total_steps, or both epochs and steps_per_epoch"):
        OneCycleLR(sgd(), max_lr=1.0, epochs=4)
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        OneCycleLR(sgd(), max_lr=1.0, epochs=0, steps_per_epoch=25)
    with pytest.raises(ValueError, match="steps_per_epoch must be a positive integer"):
        OneCycleLR(sgd(), max_lr=1.0, epochs=2, steps_per_epoch=2.5)  # type: ignore[arg-type]


def test_one_cycle_zero_length_phase_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="zero length"):
        OneCycleLR(sgd(), max_lr=1.0, total_steps=10, pct_start=0.1)  # torch: ZeroDivisionError


# --- ReduceLROnPlateau -----------------------------------------------------------------------


def feed(scheduler: ReduceLROnPlateau, metrics: list[float]) -> list[float]:
    values = []
    for metric in metrics:
        scheduler.step(metric)
        values.append(scheduler.last_lr)
    return values


def test_plateau_reduces_after_patience_bad_epochs() -> None:
    opt = sgd(1.0)
    scheduler = ReduceLROnPlateau(opt, patience=2, factor=0.5)
    assert (scheduler.last_epoch, scheduler.last_lr) == (0, 1.0)
    # epoch 1 sets the best; epochs 2-3 are bad but tolerated; the third bad one reduces
    assert feed(scheduler, [1.0, 1.0, 1.0, 1.0]) == [1.0, 1.0, 1.0, 0.5]
    assert opt.param_group["lr"] == 0.5
    assert scheduler.num_bad_epochs == 0
    # an improvement resets the count
    assert feed(scheduler, [0.5, 0.6, 0.6, 0.4, 0.6, 0.6]) == [0.5] * 6
    assert scheduler.last_epoch == 10


def test_plateau_improvement_must_beat_the_threshold() -> None:
    scheduler = ReduceLROnPlateau(sgd(1.0), patience=0, factor=0.5, threshold=0.1)
    assert feed(scheduler, [1.0, 0.95]) == [1.0, 0.5]  # 0.95 is not below 1.0 * (1 - 0.1)
    absolute = ReduceLROnPlateau(sgd(1.0), patience=0, factor=0.5, threshold_mode="abs")
    assert feed(absolute, [1.0, 0.9999, 0.99989]) == [1.0, 0.5, 0.5]


def test_plateau_respects_cooldown() -> None:
    scheduler = ReduceLROnPlateau(sgd(1.0), patience=0, factor=0.5, cooldown=2)
    assert feed(scheduler, [1.0, 2.0, 2.0, 2.0, 2.0]) == [1.0, 0.5, 0.5, 0.5, 0.25]
    assert scheduler.in_cooldown
    assert scheduler.cooldown_counter == 2


def test_plateau_respects_min_lr_and_eps() -> None:
    scheduler = ReduceLROnPlateau(sgd(1.0), patience=0, factor=0.1, min_lr=0.05)
    assert feed(scheduler, [1.0, 2.0, 2.0, 2.0]) == approx([1.0, 0.1, 0.05, 0.05])
    tiny = ReduceLROnPlateau(sgd(1e-8), patience=0, factor=0.5)  # a cut of 5e-9 < eps
    assert feed(tiny, [1.0, 2.0]) == [1e-8, 1e-8]


def test_plateau_max_mode() -> None:
    scheduler = ReduceLROnPlateau(sgd(1.0), mode="max", patience=1, factor=0.5)
    assert feed(scheduler, [0.5, 0.6, 0.6, 0.6, 0.7]) == [1.0, 1.0, 1.0, 0.5, 0.5]


# --- PowerLR, LRRangeTest, lr_curve ----------------------------------------------------------


def test_power_lr_halves_at_s_for_c_one() -> None:
    values = lrs(PowerLR(sgd(0.2), s=10), 30)
    assert values[0] == 0.2
    assert values[10] == approx(0.1)
    assert values[30] == approx(0.05)
    squared = lrs(PowerLR(sgd(0.2), s=5, c=2.0), 5)
    assert squared[5] == approx(0.05)


def test_lr_range_test_endpoints_are_exact() -> None:
    opt = sgd(0.5)
    scheduler = LRRangeTest(opt, start_lr=1e-7, end_lr=10.0, num_steps=9)
    values = lrs(scheduler, 8)
    assert values[0] == 1e-7
    assert values[8] == 10.0
    assert opt.param_group["lr"] == 10.0
    assert values[4] == approx(math.sqrt(1e-7 * 10.0))  # geometric midpoint
    ratios = [b / a for a, b in pairwise(values)]
    assert ratios == approx([ratios[0]] * 8)
    with pytest.raises(ValueError, match="9 steps"):
        scheduler.step()


def test_lr_curve_lists_the_lr_at_each_training_step() -> None:
    curve = lr_curve(lambda opt: StepLR(opt, step_size=2, gamma=0.5), 5, 1.0)
    assert curve == [1.0, 1.0, 0.5, 0.5, 0.25]
    one_cycle = lr_curve(lambda opt: OneCycleLR(opt, max_lr=1.0, total_steps=50), 50, 0.123)
    assert len(one_cycle) == 50
    assert one_cycle[-1] == approx(1.0 / 25 / 1e4)
    assert lr_curve(lambda opt: ExponentialLR(opt, 0.5), 0, 1.0) == []
    with pytest.raises(ValueError, match="steps"):
        lr_curve(lambda opt: ExponentialLR(opt, 0.5), -1, 1.0)


def test_a_property_param_group_satisfies_the_protocol() -> None:
    class WithProperty:
        def __init__(self) -> None:
            self._hyper: dict[str, Any] = {"lr": 1.0}

        @property
        def param_group(self) -> dict[str, Any]:
            return self._hyper

    opt: HasParamGroup = WithProperty()
    ExponentialLR(opt, gamma=0.5).step()
    assert opt.param_group["lr"] == 0.5


# --- bad arguments ---------------------------------------------------------------------------

BAD: list[tuple[str, Callable[[Opt], object]]] = [
    ("step_size", lambda o: StepLR(o, step_size=0)),
    ("step_size", lambda o: StepLR(o, step_size=-3)),
    ("milestone", lambda o: MultiStepLR(o, milestones=[3, -1])),
    ("total_iters", lambda o: PolynomialLR(o, total_iters=0)),
    ("T_max", lambda o: CosineAnnealingLR(o, T_max=0)),
    ("T_max", lambda o: CosineAnnealingLR(o, T_max=-5)),
    ("eta_min", lambda o: CosineAnnealingLR(o, T_max=5, eta_min=-0.1)),
    ("T_0", lambda o: CosineAnnealingWarmRestarts(o, T_0=0)),
    ("T_mult", lambda o: CosineAnnealingWarmRestarts(o, T_0=5, T_mult=0)),
    ("mode", lambda o: CyclicLR(o, 0.01, 0.1, mode="sawtooth")),  # type: ignore[arg-type]
    ("step_size_up", lambda o: CyclicLR(o, 0.01, 0.1, step_size_up=-1)),
    ("step_size_down", lambda o: CyclicLR(o, 0.01, 0.1, step_size_down=-1)),
    ("base_lr", lambda o: CyclicLR(o, -0.01, 0.1)),
    ("total_steps", lambda o: OneCycleLR(o, 0.1, total_steps=0)),
    ("pct_start", lambda o: OneCycleLR(o, 0.1, total_steps=10, pct_start=1.5)),
    ("anneal_strategy", lambda o: OneCycleLR(o, 0.1, 10, anneal_strategy="exp")),  # type: ignore[arg-type]
    ("div_factor", lambda o: OneCycleLR(o, 0.1, total_steps=10, div_factor=0.0)),
    ("factor", lambda o: ReduceLROnPlateau(o, factor=1.0)),
    ("mode", lambda o: ReduceLROnPlateau(o, mode="lowest")),  # type: ignore[arg-type]
    ("threshold_mode", lambda o: ReduceLROnPlateau(o, threshold_mode="pct")),  # type: ignore[arg-type]
    ("patience", lambda o: ReduceLROnPlateau(o, patience=-1)),
    ("min_lr", lambda o: ReduceLROnPlateau(o, min_lr=-1.0)),
    ("s", lambda o: PowerLR(o, s=0)),
    ("c", lambda o: PowerLR(o, s=10, c=-1.0)),
    ("start_lr", lambda o: LRRangeTest(o, start_lr=0.0, end_lr=1.0, num_steps=10)),
    ("end_lr", lambda o: LRRangeTest(o, start_lr=1.0, end_lr=0.1, num_steps=10)),
    ("num_steps", lambda o: LRRangeTest(o, start_lr=1e-5, end_lr=1.0, num_steps=1)),
]


@pytest.mark.parametrize(
    ("what", "build"), BAD, ids=[f"{i}-{what}" for i, (what, _) in enumerate(BAD)]
)
def test_bad_arguments_raise_value_error(what: str, build: Callable[[Opt], object]) -> None:
    opt = sgd(0.1)
    with pytest.raises(ValueError, match=what):
        build(opt)
    assert opt.param_group == {"lr": 0.1, "momentum": 0.9}  # rejected before touching it


def test_the_module_imports_nothing_heavy() -> None:
    script = (
        "import sys, studyapp.demos.schedules\n"
        "heavy = {'torch', 'numpy', 'textual', 'sqlalchemy', 'pydantic'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


# --- LinearLR (warm-up) ----------------------------------------------------------------------


def test_linear_lr_warms_up_in_equal_steps_then_holds() -> None:
    opt = sgd(0.1)
    values = lrs(LinearLR(opt, start_factor=0.5, end_factor=1.0, total_iters=4), 6)
    assert values == approx([0.05, 0.0625, 0.075, 0.0875, 0.1, 0.1, 0.1])
    assert opt.param_group["lr"] == approx(0.1)


def test_linear_lr_defaults_and_decay() -> None:
    # torch's defaults: a third of the lr, up to the lr over 5 steps
    assert lrs(LinearLR(sgd(0.3)), 6) == approx([0.1, 0.14, 0.18, 0.22, 0.26, 0.3, 0.3])
    falling = lrs(LinearLR(sgd(1.0), start_factor=1.0, end_factor=0.2, total_iters=4), 5)
    assert falling == approx([1.0, 0.8, 0.6, 0.4, 0.2, 0.2])


def test_linear_lr_over_zero_steps_holds_the_start_factor() -> None:
    assert lrs(LinearLR(sgd(0.3), start_factor=0.5, total_iters=0), 3) == approx([0.15] * 4)


def test_linear_lr_is_chainable_it_scales_the_current_lr() -> None:
    opt = sgd(1.0)
    scheduler = LinearLR(opt, start_factor=0.25, total_iters=3)  # 0.25, 0.5, 0.75, 1
    scheduler.step()
    opt.param_group["lr"] = 1.0  # someone else doubled it
    scheduler.step()
    assert scheduler.last_lr == approx(1.5)  # times 0.75 / 0.5


@pytest.mark.parametrize(
    ("what", "kwargs"),
    [
        ("start_factor", {"start_factor": 0.0}),
        ("start_factor", {"start_factor": 1.5}),
        ("end_factor", {"end_factor": -0.1}),
        ("end_factor", {"end_factor": 1.1}),
        ("total_iters", {"total_iters": -1}),
    ],
)
def test_linear_lr_refuses_bad_arguments(what: str, kwargs: dict[str, Any]) -> None:
    opt = sgd(0.1)
    with pytest.raises(ValueError, match=what):
        LinearLR(opt, **kwargs)
    assert opt.param_group == {"lr": 0.1, "momentum": 0.9}
