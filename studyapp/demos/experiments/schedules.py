"""The learning-rate demos: each compares rates or schedules on the same problem, same start.

The decay demos (step, exponential, power, performance, warm restarts) share one problem: a
small network fitting a noisy curve with mini-batches of 4, where a constant rate leaves the
weights bouncing in the gradient noise and lowering the rate lets them settle.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from studyapp.demos.data import Dataset, make_dataset
from studyapp.demos.experiments.common import (
    FINAL_LOSS,
    VAL_ACCURACY,
    count_phrase,
    first_of,
    fit_run,
    rng_for,
    steps_to_key,
    surface_run,
)
from studyapp.demos.mlp import MLP, MLPConfig
from studyapp.demos.optimizers import SGD
from studyapp.demos.result import Chart, DemoResult, Run
from studyapp.demos.schedules import (
    CosineAnnealingLR,
    CosineAnnealingWarmRestarts,
    CyclicLR,
    CyclicMode,
    ExponentialLR,
    LRRangeTest,
    LRScheduler,
    OneCycleLR,
    PowerLR,
    ReduceLROnPlateau,
    StepLR,
)
from studyapp.demos.surfaces import SURFACES
from studyapp.demos.training import PlateauSchedule, StepSchedule, fit

TAIL = 5  # epochs averaged for the loss a run "settles" at
SETTLED = f"loss, last {TAIL} epochs"
SETTLED_VAL = f"val loss, last {TAIL} epochs"
FINAL_LR = "final lr"

CURVE_CONFIG = MLPConfig(sizes=(1, 32, 1), task="regression", activation="tanh")
CURVE_BATCH = 4
SPIRAL_CONFIG = MLPConfig(sizes=(2, 32, 3))

LOSS_PER_STEP = Chart("Loss per step", "loss", "step", "loss (log scale)", log_y=True)
SADDLE_LOSS = Chart("Loss per step", "loss", "step", "loss")
LR_PER_STEP = Chart("Learning rate per step", "lr", "step", "learning rate")
LR_LOG = Chart("Learning rate per step", "lr", "step", "learning rate (log scale)", log_y=True)
TRAIN_LOSS = Chart("Training loss per epoch", "train_loss", "epoch", "loss (log scale)", log_y=True)
VAL_LOSS = Chart("Validation loss per epoch", "val_loss", "epoch", "loss (log scale)", log_y=True)

ScheduleFactory = Callable[[SGD], StepSchedule]
PlateauFactory = Callable[[SGD], PlateauSchedule]


# --- shared pieces ---------------------------------------------------------------------------


def _noisy_curve(seed: int) -> Dataset:
    """100 training and 100 validation points of y = sin(2x) + x/2 + noise (sd 0.3)."""
    return make_dataset("curve", count=200, noise=0.3, seed=seed, val_fraction=0.5)


def _spirals(seed: int) -> Dataset:
    """Three spiral arms, 225 training and 75 validation points."""
    return make_dataset("spirals", count=300, noise=0.2, seed=seed)


def _batches(data: Dataset, batch_size: int) -> int:
    """Optimizer steps in one epoch."""
    return -(-len(data.x_train) // batch_size)


def _tail_mean(values: Sequence[float], diverged: bool) -> float:
    """The mean of the last TAIL values (inf for a run that diverged)."""
    if diverged or not values:
        return math.inf
    tail = values[-TAIL:]
    return float(sum(tail) / len(tail))


class _EveryEpoch:
    """Steps a schedule once per epoch, although the training loop steps it after every batch
    (torch's examples call such schedules once per epoch)."""

    def __init__(self, schedule: LRScheduler, batches: int) -> None:
        self._schedule = schedule
        self._batches = batches
        self._count = 0

    def step(self) -> None:
        """Count one batch; at the end of each epoch, step the schedule."""
        self._count += 1
        if self._count % self._batches == 0:
            self._schedule.step()


def _train(
    label: str,
    data: Dataset,
    config: MLPConfig,
    *,
    lr: float,
    epochs: int,
    batch_size: int,
    seed: int,
    momentum: float = 0.0,
    schedule: ScheduleFactory | None = None,
    plateau: PlateauFactory | None = None,
    settled_val: bool = False,
) -> Run:
    """Train a fresh network (same seed: same weights, same batches) with SGD and a schedule;
    ``settled_val`` adds the validation loss averaged over the last epochs to the metrics."""
    rng = rng_for(seed)
    model = MLP(config, rng)
    optimizer = SGD(lr=lr, momentum=momentum)
    history = fit(
        model,
        optimizer,
        data,
        epochs=epochs,
        batch_size=batch_size,
        rng=rng,
        schedule=schedule(optimizer) if schedule else None,
        plateau=plateau(optimizer) if plateau else None,
    )
    extra: dict[str, float | int | str | None] = {
        SETTLED: _tail_mean(history.train_loss, history.diverged)
    }
    if settled_val:
        extra[SETTLED_VAL] = _tail_mean(history.val_loss, history.diverged)
    extra[FINAL_LR] = history.lr[-1] if history.lr else lr
    return fit_run(label, history, data, extra=extra)


def _curve_run(
    label: str,
    data: Dataset,
    *,
    lr: float,
    epochs: int,
    seed: int,
    schedule: ScheduleFactory | None = None,
    plateau: PlateauFactory | None = None,
    settled_val: bool = False,
) -> Run:
    """Train the curve network with mini-batches of CURVE_BATCH."""
    return _train(
        label,
        data,
        CURVE_CONFIG,
        lr=lr,
        epochs=epochs,
        batch_size=CURVE_BATCH,
        seed=seed,
        schedule=schedule,
        plateau=plateau,
        settled_val=settled_val,
    )


def _lowest(values: dict[int, float]) -> int | None:
    """The option whose value is strictly the lowest (None on a tie or if none is finite)."""
    finite = {option: value for option, value in values.items() if math.isfinite(value)}
    if not finite:
        return None
    best = min(finite.values())
    winners = [k for k, v in finite.items() if math.isclose(v, best, rel_tol=1e-9, abs_tol=1e-12)]
    return winners[0] if len(winners) == 1 else None


def _epoch_list(epochs: Sequence[int], shown: int = 6) -> str:
    """``epoch 15`` or ``epochs 15, 30`` (the first few, and how many in all, for long lists)."""
    if len(epochs) == 1:
        return f"epoch {epochs[0]}"
    listed = ", ".join(str(epoch) for epoch in epochs[:shown])
    more = f", ... ({len(epochs)} in all)" if len(epochs) > shown else ""
    return f"epochs {listed}{more}"


def _curve_params_text(epochs: int) -> str:
    """The start of a finding about the settled training loss."""
    return f"Over the last {min(TAIL, epochs)} of {epochs} epochs the training loss averaged"


# --- a learning rate too small, too large ----------------------------------------------------


def lr_too_large_too_small(
    *, lr_small: float, lr: float, lr_large: float, steps: int, seed: int
) -> DemoResult:
    """Plain gradient descent down the ravine with three learning rates."""
    surface = SURFACES["ravine"]
    target = 1e-3
    key = steps_to_key(target)
    rates = {"too small": lr_small, "in between": lr, "too large": lr_large}
    runs = [
        surface_run(f"{role} ({rate:g})", surface, SGD(lr=rate), steps=steps, target=target)
        for role, rate in rates.items()
    ]
    small, middle, large = runs
    counts = {index: run.count(key) for index, run in enumerate(runs)}
    first = first_of(counts)
    start_loss = surface.value(np.array(surface.start))
    blew_up = large.diverged or large.value(FINAL_LOSS) >= start_loss
    answer = 1 if blew_up else 2 if first == 2 else 0

    def outcome(run: Run, rate: float) -> str:
        if run.diverged:
            return f"rate {rate:g} diverged, leaving the plot after {len(run.path) - 1} steps"
        reached = run.count(key)
        text = f"rate {rate:g} {count_phrase(reached, 'step', steps)}"
        if reached is None:
            text += f" (loss {run.value(FINAL_LOSS):.3g} at the end)"
        return text

    return DemoResult(
        name="lr-too-large-too-small",
        title="A learning rate too small, about right, and too large",
        params={"lr_small": lr_small, "lr": lr, "lr_large": lr_large, "steps": steps, "seed": seed},
        runs=tuple(runs),
        charts=(LOSS_PER_STEP,),
        claim=(
            "Too small a learning rate crawls towards the minimum; too large a rate overshoots "
            "it, swinging from side to side, and beyond a limit (here 2/25 = 0.08, set by the "
            "steepest direction) each swing is wider and it diverges. In between, it gets there "
            "fastest."
        ),
        claim_holds=first == 1,
        finding=(
            f"Starting at loss {start_loss:.3g}, to reach loss {target:g}: "
            f"{outcome(small, lr_small)}; {outcome(middle, lr)}; {outcome(large, lr_large)}."
        ),
        look_for=(
            "The small rate's path slides down to the floor of the ravine, then creeps along "
            "it and stops far from the centre. The large rate's path zig-zags across the "
            "ravine, each jump longer than the last. In between, the path zig-zags with "
            "shrinking swings and runs to the centre."
        ),
        surface="ravine",
        answer=answer,
    )


# --- the LR range test -----------------------------------------------------------------------

RANGE_START = 1e-3
RANGE_BATCH = 32
SMOOTHING = 0.9  # exponential moving average of the batch losses, bias-corrected
STOP_FACTOR = 4.0  # the test stops once the smoothed loss is 4 times its lowest


@dataclass
class _Sweep:
    """The range test's record: per step the learning rate, batch loss and smoothed loss."""

    lr: list[float] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    smooth: list[float] = field(default_factory=list)
    stopped: bool = False  # stopped early because the loss blew up


@np.errstate(over="ignore", invalid="ignore", divide="ignore")  # a blow-up is the point
def _sweep(data: Dataset, *, steps: int, end_lr: float, seed: int) -> _Sweep:
    """Train one network while the learning rate grows exponentially, one batch per step."""
    rng = rng_for(seed)
    model = MLP(SPIRAL_CONFIG, rng)
    optimizer = SGD(lr=RANGE_START)
    schedule = LRRangeTest(optimizer, RANGE_START, end_lr, steps)
    sweep = _Sweep()
    count = len(data.x_train)
    order, position = rng.permutation(count), 0
    average, lowest = 0.0, math.inf
    for step in range(steps):
        if position + RANGE_BATCH > count:
            order, position = rng.permutation(count), 0
        batch = order[position : position + RANGE_BATCH]
        position += RANGE_BATCH
        loss, grads = model.loss_and_gradients(data.x_train[batch], data.y_train[batch], rng)
        if not math.isfinite(loss):
            sweep.stopped = True
            break
        average = SMOOTHING * average + (1 - SMOOTHING) * loss
        smooth = average / (1 - SMOOTHING ** (step + 1))
        sweep.lr.append(optimizer.lr)
        sweep.loss.append(loss)
        sweep.smooth.append(smooth)
        lowest = min(lowest, smooth)
        if smooth > STOP_FACTOR * lowest:
            sweep.stopped = True
            break
        optimizer.step(model.params, grads)
        if step < steps - 1:
            schedule.step()
    return sweep


def _steepest(sweep: _Sweep, until: int) -> float | None:
    """The learning rate where the smoothed loss falls fastest against log(lr), before
    index ``until`` (slopes over a window of a twentieth of the test); None if too short."""
    width = max(1, len(sweep.lr) // 20)
    log_lr = np.log(np.array(sweep.lr))
    smooth = np.array(sweep.smooth)
    centres = range(width, until - width + 1)
    if not centres:
        return None
    slopes = [
        (smooth[i + width] - smooth[i - width]) / (log_lr[i + width] - log_lr[i - width])
        for i in centres
    ]
    best = int(np.argmin(slopes))
    return sweep.lr[centres[best]] if slopes[best] < 0 else None


def lr_range_test(*, steps: int, end_lr: float, epochs: int, seed: int) -> DemoResult:
    """An LR range test on the spirals, then training from scratch with three rates it suggests."""
    data = _spirals(seed)
    sweep = _sweep(data, steps=steps, end_lr=end_lr, seed=seed)
    bottom = int(np.argmin(sweep.smooth))
    lr_min = sweep.lr[bottom]
    lowest = sweep.smooth[bottom]
    turned_up = sweep.stopped or max(sweep.smooth[bottom:]) >= 2 * lowest
    fell = lowest < 0.8 * sweep.smooth[0]
    steepest = _steepest(sweep, bottom)
    suggested = lr_min / 10
    range_run = Run(
        label="range test",
        series={
            "loss": tuple(sweep.smooth),
            "batch_loss": tuple(sweep.loss),
            "lr": tuple(sweep.lr),
        },
        metrics={
            "lowest loss": lowest,
            "lr at lowest": lr_min,
            "lr falling fastest": steepest,
            "suggested lr": suggested,
            "steps run": len(sweep.lr),
        },
    )
    roles = {
        "at the lowest": lr_min,
        "a tenth, suggested": suggested,
        "a hundredth": lr_min / 100,
    }
    trained = [
        _train(
            f"{role} ({rate:.3g})",
            data,
            SPIRAL_CONFIG,
            lr=rate,
            epochs=epochs,
            batch_size=RANGE_BATCH,
            seed=seed,
            settled_val=True,
        )
        for role, rate in roles.items()
    ]
    settled = {index: run.value(SETTLED_VAL) for index, run in enumerate(trained)}
    answer = _lowest(settled)
    shape = (
        f"The smoothed loss fell from {sweep.smooth[0]:.3g} to its lowest, {lowest:.3g}, at "
        f"lr {lr_min:.3g}"
        if fell
        else f"The smoothed loss never fell much below its start ({sweep.smooth[0]:.3g})"
    )
    if turned_up:
        shape += f", then shot up (the test stopped at lr {sweep.lr[-1]:.3g})"
    else:
        shape += f", and had not turned up by lr {sweep.lr[-1]:.3g}"
    if steepest is not None:
        shape += f"; it fell fastest around lr {steepest:.3g}"
    trained_text = "; ".join(
        f"{rate:.3g}: {run.value(SETTLED_VAL):.3g} (training loss {run.value(SETTLED):.3g}, "
        f"val accuracy {run.value(VAL_ACCURACY):.2f})"
        for rate, run in zip(roles.values(), trained, strict=True)
    )
    tail = min(TAIL, epochs)
    return DemoResult(
        name="lr-range-test",
        title="The learning-rate range test",
        params={"steps": steps, "end_lr": end_lr, "epochs": epochs, "seed": seed},
        runs=(range_run, *trained),
        charts=(
            Chart(
                "Range test: loss against learning rate",
                "loss",
                "learning rate (log scale)",
                "smoothed batch loss",
                x_key="lr",
                log_x=True,
                runs=("range test",),
            ),
            Chart(
                "Trained from scratch: validation loss per epoch",
                "val_loss",
                "epoch",
                "loss (log scale)",
                log_y=True,
                runs=tuple(run.label for run in trained),
            ),
        ),
        claim=(
            "In one short run with the learning rate growing exponentially, the loss falls, "
            "bottoms out and then shoots up. The rate at the bottom is already too large to "
            "train well with; a rate about ten times lower trains best, and much lower is slow."
        ),
        claim_holds=fell and turned_up and answer == 1,
        finding=(
            f"{shape}. Suggested: {suggested:.3g}. Trained from scratch for {epochs} epochs, the "
            f"validation loss over the last {tail} epochs averaged, by rate, {trained_text}."
        ),
        look_for=(
            "On the log-scale chart the loss is flat while the rate is tiny, falls steeply, "
            "bottoms out and turns sharply up. Trained from scratch, the rate at the bottom "
            "gives a jumpy validation loss, a tenth of it falls fast and steadily, a hundredth "
            "crawls."
        ),
        answer=answer,
    )


# --- decay schedules on the noisy curve --------------------------------------------------------


def step_decay(*, lr: float, step_size: int, gamma: float, epochs: int, seed: int) -> DemoResult:
    """A constant high rate, step decay from it, and a constant low rate, on a noisy curve."""
    data = _noisy_curve(seed)
    batches = _batches(data, CURVE_BATCH)
    low = lr * gamma
    high_run = _curve_run("constant high rate", data, lr=lr, epochs=epochs, seed=seed)
    decayed = _curve_run(
        "step decay",
        data,
        lr=lr,
        epochs=epochs,
        seed=seed,
        schedule=lambda opt: _EveryEpoch(StepLR(opt, step_size=step_size, gamma=gamma), batches),
    )
    low_run = _curve_run("constant low rate", data, lr=low, epochs=epochs, seed=seed)
    settled = {i: run.value(SETTLED) for i, run in enumerate((high_run, decayed, low_run))}
    cuts = list(range(step_size, epochs, step_size))
    cut_text = (
        f"cut by {gamma:g} after {_epoch_list(cuts)}, ending at {decayed.value(FINAL_LR):.3g}"
        if cuts
        else "never cut within the run"
    )
    return DemoResult(
        name="step-decay",
        title="Step decay (piecewise constant learning rate)",
        params={"lr": lr, "step_size": step_size, "gamma": gamma, "epochs": epochs, "seed": seed},
        runs=(high_run, decayed, low_run),
        charts=(TRAIN_LOSS, LR_LOG),
        claim=(
            "A high constant rate learns fast but then bounces in the mini-batch noise; a low "
            "one is steady but slow. Starting high and cutting the rate in steps gets both: "
            "fast progress first, then the loss settles lower after each cut."
        ),
        claim_holds=settled[1] < settled[0] and settled[1] < settled[2],
        finding=(
            f"{_curve_params_text(epochs)} {settled[0]:.3g} at the constant rate {lr:g}, "
            f"{settled[1]:.3g} with step decay from {lr:g} ({cut_text}) and {settled[2]:.3g} at "
            f"the constant rate {low:.3g}."
        ),
        look_for=(
            "The step-decay curve follows the high rate's at first, then drops at the first "
            "cut and goes flat and smooth, while the constant high rate's curve stays jagged. "
            "The low rate's curve is smooth but falls slowly."
        ),
        answer=_lowest(settled),
    )


EXPONENTIAL_OPTIONS = (1 / 3, 1 / 10, 1 / 100, 1 / 1000)  # final lr / lr0 for each option


def _nearest_ratio(ratio: float, options: Sequence[float]) -> int | None:
    """The option nearest ``ratio`` on a log scale (None for a ratio that is not positive)."""
    if not ratio > 0:
        return None
    distances = [abs(math.log(ratio / option)) for option in options]
    return distances.index(min(distances))


def exponential_decay(*, lr: float, gamma: float, epochs: int, seed: int) -> DemoResult:
    """A constant rate against one multiplied by gamma every epoch, on a noisy curve."""
    data = _noisy_curve(seed)
    batches = _batches(data, CURVE_BATCH)
    constant = _curve_run("constant rate", data, lr=lr, epochs=epochs, seed=seed)
    decayed = _curve_run(
        "exponential decay",
        data,
        lr=lr,
        epochs=epochs,
        seed=seed,
        schedule=lambda opt: _EveryEpoch(ExponentialLR(opt, gamma=gamma), batches),
    )
    settled = {0: constant.value(SETTLED), 1: decayed.value(SETTLED)}
    return DemoResult(
        name="exponential-decay",
        title="Exponential decay of the learning rate",
        params={"lr": lr, "gamma": gamma, "epochs": epochs, "seed": seed},
        runs=(constant, decayed),
        charts=(TRAIN_LOSS, LR_LOG),
        claim=(
            "Multiplying the rate by gamma < 1 every epoch (lr_t = lr_0 · gamma^t) keeps the "
            "early steps large and makes the late ones small, so the weights stop bouncing in "
            "the mini-batch noise and the loss settles lower than at a constant rate."
        ),
        claim_holds=settled[1] < settled[0],
        finding=(
            f"{_curve_params_text(epochs)} {settled[0]:.3g} at the constant rate {lr:g} and "
            f"{settled[1]:.3g} with the rate decaying by {gamma:g} per epoch, from {lr:g} to "
            f"{decayed.value(FINAL_LR):.3g}."
        ),
        look_for=(
            "The two curves start together; as the rate shrinks, the decayed curve turns "
            "smooth and sinks below the constant rate's jagged one. The rate chart is a "
            "staircase falling by the same factor every epoch."
        ),
        answer=_nearest_ratio(decayed.value(FINAL_LR) / lr, EXPONENTIAL_OPTIONS),
    )


POWER_OPTIONS = (0.5, 0.1, 1 / math.e)  # lr(s) / lr0 for each prediction option


def power_schedule(*, lr: float, s: int, c: float, epochs: int, seed: int) -> DemoResult:
    """A constant rate against power scheduling lr0 / (1 + t/s)^c (t counts steps)."""
    data = _noisy_curve(seed)
    constant = _curve_run("constant rate", data, lr=lr, epochs=epochs, seed=seed)
    powered = _curve_run(
        "power scheduling",
        data,
        lr=lr,
        epochs=epochs,
        seed=seed,
        schedule=lambda opt: PowerLR(opt, s=s, c=c),
    )
    settled = {0: constant.value(SETTLED), 1: powered.value(SETTLED)}
    rates = powered.series["lr"]
    at_s = rates[s] if s < len(rates) else None
    answer = None
    if at_s is not None:
        ratio = at_s / lr
        matches = [i for i, value in enumerate(POWER_OPTIONS) if math.isclose(ratio, value)]
        answer = matches[0] if matches else None
    at_s_text = (
        f"at step s = {s} it was {at_s:.3g} ({at_s / lr:.3g} of lr0)"
        if at_s is not None
        else f"step s = {s} lies beyond the run's {len(rates)} steps"
    )
    return DemoResult(
        name="power-schedule",
        title="Power scheduling: lr0 / (1 + t/s)^c",
        params={"lr": lr, "s": s, "c": c, "epochs": epochs, "seed": seed},
        runs=(constant, powered),
        charts=(TRAIN_LOSS, LR_PER_STEP),
        claim=(
            "Power scheduling lowers the rate with the step count t as lr0 / (1 + t/s)^c: "
            "after s steps it has dropped by 2^c (halved when c = 1), then ever more slowly. "
            "The shrinking steps let the loss settle lower than at a constant rate."
        ),
        claim_holds=settled[1] < settled[0],
        finding=(
            f"{_curve_params_text(epochs)} {settled[0]:.3g} at the constant rate {lr:g} and "
            f"{settled[1]:.3g} with power scheduling (s = {s}, c = {c:g}). Its rate started at "
            f"{lr:g}; {at_s_text}; it ended at {powered.value(FINAL_LR):.3g}."
        ),
        look_for=(
            "The rate falls quickly at first, then flattens out: a long tail rather than "
            "steps. As it falls, the scheduled loss curve smooths out below the constant "
            "rate's jagged one."
        ),
        answer=answer,
    )


def _cut_epochs(run: Run, batches: int) -> list[int]:
    """The epochs (1-based) after which the rate was lower than during the epoch before."""
    rates = run.series["lr"]
    per_epoch = [rates[i] for i in range(0, len(rates), batches)]
    return [epoch for epoch in range(1, len(per_epoch)) if per_epoch[epoch] < per_epoch[epoch - 1]]


def performance_schedule(
    *, lr: float, factor: float, patience: int, epochs: int, seed: int
) -> DemoResult:
    """A constant rate against ReduceLROnPlateau on the validation loss, on a noisy curve."""
    data = _noisy_curve(seed)
    constant = _curve_run("constant rate", data, lr=lr, epochs=epochs, seed=seed, settled_val=True)
    scheduled = _curve_run(
        "performance scheduling",
        data,
        lr=lr,
        epochs=epochs,
        seed=seed,
        settled_val=True,
        plateau=lambda opt: ReduceLROnPlateau(opt, factor=factor, patience=patience),
    )
    cuts = _cut_epochs(scheduled, _batches(data, CURVE_BATCH))
    val = {0: constant.value(SETTLED_VAL), 1: scheduled.value(SETTLED_VAL)}
    train = {0: constant.value(SETTLED), 1: scheduled.value(SETTLED)}
    cut_text = (
        f"cut the rate by {factor:g} after {_epoch_list(cuts)}, "
        f"ending at {scheduled.value(FINAL_LR):.3g}"
        if cuts
        else "never cut the rate"
    )
    return DemoResult(
        name="performance-schedule",
        title="Performance scheduling (reduce the rate on a plateau)",
        params={"lr": lr, "factor": factor, "patience": patience, "epochs": epochs, "seed": seed},
        runs=(constant, scheduled),
        charts=(VAL_LOSS, LR_LOG),
        claim=(
            "Performance scheduling watches the validation loss and cuts the rate by a factor "
            "when it has not improved for a few epochs; the smaller steps let the weights "
            "settle, so the validation loss ends lower than at a constant rate."
        ),
        claim_holds=bool(cuts) and val[1] < val[0],
        finding=(
            f"Performance scheduling {cut_text}. Over the last {min(TAIL, epochs)} of {epochs} "
            f"epochs the validation loss averaged {val[0]:.3g} at the constant rate {lr:g} and "
            f"{val[1]:.3g} with performance scheduling (training loss {train[0]:.3g} and "
            f"{train[1]:.3g})."
        ),
        look_for=(
            "Each drop of the rate comes a few epochs after the validation loss stopped "
            "improving (patience). After the drops the scheduled curve calms down below the "
            "constant rate's, which keeps jumping around."
        ),
        answer=_lowest(val),
    )


# --- cyclic rates, warm restarts, one cycle ----------------------------------------------------

SADDLE_TARGET = -0.2  # near a minimum (-0.25), well off the saddle (0)
CYCLIC_SAME = 1e-3  # final losses this close count as as close to the minimum


def cyclic_lr(
    *, base_lr: float, max_lr: float, step_size: int, mode: str, steps: int, seed: int
) -> DemoResult:
    """A cyclic rate against its two bounds held constant, from near a saddle point."""
    surface = SURFACES["saddle"]
    key = steps_to_key(SADDLE_TARGET)
    low = surface_run(
        "constant low rate", surface, SGD(lr=base_lr), steps=steps, target=SADDLE_TARGET
    )
    high = surface_run(
        "constant high rate", surface, SGD(lr=max_lr), steps=steps, target=SADDLE_TARGET
    )
    optimizer = SGD(lr=base_lr)
    cycle_mode: CyclicMode = "triangular2" if mode == "triangular2" else "triangular"
    schedule = CyclicLR(
        optimizer,
        base_lr=base_lr,
        max_lr=max_lr,
        step_size_up=step_size,
        mode=cycle_mode,
        cycle_momentum=False,
    )
    cyclic = surface_run(
        "cyclic rate", surface, optimizer, steps=steps, target=SADDLE_TARGET, schedule=schedule
    )
    middle_lr = (base_lr + max_lr) / 2
    middle = surface_run(
        "constant middle rate", surface, SGD(lr=middle_lr), steps=steps, target=SADDLE_TARGET
    )
    runs = (low, high, cyclic, middle)
    finals = {index: run.value(FINAL_LOSS) for index, run in enumerate(runs)}
    holds = finals[2] < finals[0] - 1e-9 and finals[2] < finals[1] - 1e-9
    # The question: the middle rate against the cycle, at the end (loss within 0.001: as close).
    gap = finals[3] - finals[2]
    answer = None
    if math.isfinite(finals[2]) or math.isfinite(finals[3]):
        answer = 0 if gap > CYCLIC_SAME else 2 if gap < -CYCLIC_SAME else 1

    def phrase(run: Run) -> str:
        if run.diverged:
            return "diverged"
        reached = count_phrase(run.count(key), "step", steps)
        return f"reached loss {SADDLE_TARGET:g} {reached} and ended at {run.value(FINAL_LOSS):.4g}"

    cycles = steps / (2 * step_size)
    middle_steps, cyclic_steps = middle.count(key), cyclic.count(key)
    as_well = middle_steps is not None and (cyclic_steps is None or middle_steps <= cyclic_steps)
    note = (
        f"For comparison, a constant rate of {middle_lr:.3g} (the middle of the range) "
        f"{phrase(middle)}. "
        + (
            "On a surface this simple a well-chosen constant rate does at least as well; the "
            "cycle's advantage is that it needs no such rate found, only a range."
            if as_well
            else "Here it was slower than the cycle."
        )
    )
    return DemoResult(
        name="cyclic-lr",
        title="Cyclic learning rate across a saddle",
        params={
            "base_lr": base_lr,
            "max_lr": max_lr,
            "step_size": step_size,
            "mode": mode,
            "steps": steps,
            "seed": seed,
        },
        runs=runs,
        charts=(SADDLE_LOSS, LR_PER_STEP),
        claim=(
            "A low rate is stable but creeps across the flat saddle; a high rate crosses fast "
            "but then bounces around the minimum. Cycling between them crosses the saddle on "
            "the rises and settles on the falls, ending closer to the minimum than either."
        ),
        claim_holds=holds,
        finding=(
            f"Over {steps} steps ({cycles:.3g} cycles of {2 * step_size} steps, {cycle_mode}) "
            f"the constant low rate {base_lr:g} {phrase(low)}; the constant high rate "
            f"{max_lr:g} {phrase(high)}; the cyclic rate {phrase(cyclic)}."
        ),
        look_for=(
            "The low rate's path creeps towards the saddle at the centre and lingers there. "
            "The high rate's path jumps off the saddle to the minimum at (0, 1), then bounces "
            "around it for good. The cyclic path speeds up as its rate rises, crosses the "
            "saddle, bounces while the rate is at its peak and settles as the rate falls."
        ),
        surface="saddle",
        answer=answer,
        notes=(note,),
    )


def _run_ends(t_0: int, t_mult: int, epochs: int) -> list[int]:
    """The epochs at which SGDR's runs end (a restart follows each but the last)."""
    ends, length, end = [], t_0, t_0
    while end <= epochs:
        ends.append(end)
        length *= t_mult
        end += length
    return ends


SGDR_SAME = 0.05  # final losses within 5% count as level


def sgdr(*, lr: float, t_0: int, t_mult: int, epochs: int, seed: int) -> DemoResult:
    """Cosine annealing with warm restarts against one long cosine and a constant rate."""
    data = _noisy_curve(seed)
    batches = _batches(data, CURVE_BATCH)
    constant = _curve_run("constant rate", data, lr=lr, epochs=epochs, seed=seed)
    cosine = _curve_run(
        "one cosine",
        data,
        lr=lr,
        epochs=epochs,
        seed=seed,
        schedule=lambda opt: CosineAnnealingLR(opt, T_max=epochs * batches),
    )
    restarts = _curve_run(
        "warm restarts",
        data,
        lr=lr,
        epochs=epochs,
        seed=seed,
        schedule=lambda opt: CosineAnnealingWarmRestarts(opt, T_0=t_0 * batches, T_mult=t_mult),
    )
    ends = _run_ends(t_0, t_mult, epochs)
    losses = {run.label: run.series["train_loss"] for run in (constant, cosine, restarts)}
    warm, flat, single = losses["warm restarts"], losses["constant rate"], losses["one cosine"]
    restarted = bool(ends) and ends[0] < epochs
    later_ends = ends[1:]
    holds = (
        restarted
        and bool(later_ends)
        and all(
            warm[end - 1] < flat[end - 1] and warm[end - 1] < single[end - 1]
            for end in later_ends[:-1]
        )
        and warm[later_ends[-1] - 1] < flat[later_ends[-1] - 1]
        and (later_ends[-1] != epochs or math.isclose(warm[-1], single[-1], rel_tol=SGDR_SAME))
    )
    answer = None
    jump_text = ""
    if restarted:
        first = ends[0]
        jumped = warm[first] > warm[first - 1]
        later = ends[1] if len(ends) > 1 else epochs
        answer = 0 if not jumped else 1 if warm[later - 1] < warm[first - 1] else 2
        jump_text = (
            f" After the first restart the loss went from {warm[first - 1]:.3g} "
            f"(epoch {first}) to {warm[first]:.3g} (epoch {first + 1}), and was "
            f"{warm[later - 1]:.3g} at epoch {later}."
        )
    shown = ends[:4]
    at_ends = "; ".join(
        f"epoch {end}: {warm[end - 1]:.3g} (one cosine {single[end - 1]:.3g}, "
        f"constant {flat[end - 1]:.3g})"
        for end in shown
    )
    return DemoResult(
        name="sgdr",
        title="Warm restarts (SGDR)",
        params={"lr": lr, "t_0": t_0, "t_mult": t_mult, "epochs": epochs, "seed": seed},
        runs=(constant, cosine, restarts),
        charts=(TRAIN_LOSS, LR_PER_STEP),
        claim=(
            "SGDR anneals the rate along a cosine, then jumps it back up (a warm restart, the "
            "weights kept), each run longer than the last. The loss jumps after each restart, "
            "but the end of every later run leaves a good model: below the constant rate's "
            "loss and, before the budget is spent, below one long cosine's over the same "
            "epochs. When the last run ends with the budget, the two end about level (within "
            f"{SGDR_SAME:.0%}): restarts give good models along the way, not a better last one."
        ),
        claim_holds=holds,
        finding=(
            (
                "Training loss at the end of each warm-restart run, against one cosine over "
                f"all {epochs} epochs and the constant rate {lr:g} at the same epoch: "
                f"{at_ends}.{jump_text} After all {epochs} epochs: warm restarts "
                f"{warm[-1]:.3g}, one cosine {single[-1]:.3g}, constant {flat[-1]:.3g}."
            )
            if ends
            else f"The first run ({t_0} epochs) does not end within {epochs} epochs."
        ),
        look_for=(
            "On the rate chart, each run is a cosine falling to zero, then a jump back to the "
            "top. On the loss chart the warm-restart curve dips at the end of each run, "
            "jumps at the restart, and dips lower the next time."
        ),
        answer=answer,
    )


ONE_CYCLE_BATCH = 16
ONE_CYCLE_BAND = 2.0  # final losses within this factor count as about the same


def one_cycle(*, max_lr: float, lr: float, momentum: float, epochs: int, seed: int) -> DemoResult:
    """One cycle up to max_lr and far down against a cosine decay from the same peak and
    constant rates, all for the same epochs, on spirals."""
    data = _spirals(seed)
    batches = _batches(data, ONE_CYCLE_BATCH)
    total = epochs * batches

    def train(label: str, rate: float, schedule: ScheduleFactory | None = None) -> Run:
        return _train(
            label,
            data,
            SPIRAL_CONFIG,
            lr=rate,
            epochs=epochs,
            batch_size=ONE_CYCLE_BATCH,
            seed=seed,
            momentum=momentum,
            schedule=schedule,
        )

    constant = train("constant rate", lr)
    large = train("constant rate at max_lr", max_lr)
    cosine = train(
        "cosine decay from max_lr", max_lr, lambda opt: CosineAnnealingLR(opt, T_max=total)
    )
    cycled = train(
        "one-cycle",
        max_lr,
        lambda opt: OneCycleLR(opt, max_lr=max_lr, epochs=epochs, steps_per_epoch=batches),
    )
    runs = (constant, large, cosine, cycled)
    finals = [run.value(FINAL_LOSS) for run in runs]
    ratio = finals[3] / finals[2] if finals[2] > 0 else math.inf
    answer = None
    if all(math.isfinite(value) for value in finals[2:]):
        answer = 0 if ratio < 1 / ONE_CYCLE_BAND else 2 if ratio > ONE_CYCLE_BAND else 1
    holds = answer == 1 and all(
        finals[3] * ONE_CYCLE_BAND < value for value in finals[:2] if math.isfinite(value)
    )
    results = [
        f"{run.value(FINAL_LOSS):.3g} (val accuracy {run.value(VAL_ACCURACY):.2f}) {label}"
        for run, label in zip(
            runs,
            (
                f"at the constant rate {lr:g}",
                f"at the constant rate {max_lr:g}",
                f"with a cosine decay from {max_lr:g}",
                "with one-cycle",
            ),
            strict=True,
        )
    ]
    return DemoResult(
        name="one-cycle",
        title="The one-cycle policy",
        params={"max_lr": max_lr, "lr": lr, "momentum": momentum, "epochs": epochs, "seed": seed},
        runs=runs,
        charts=(TRAIN_LOSS, LR_PER_STEP),
        claim=(
            "One cycle warms the rate up to a large max_lr, too large to train with for long, "
            "then anneals it far below where it started (momentum moving the other way). In "
            f"the same number of epochs it ends more than {ONE_CYCLE_BAND:g} times lower than "
            "a usual constant rate and than the large rate held constant. A standard cosine "
            "decay from the same peak, same budget, ends within a factor "
            f"{ONE_CYCLE_BAND:g} of it: most of the gain is the annealing to a small rate."
        ),
        claim_holds=holds,
        finding=(
            f"After {epochs} epochs ({total} steps) the training loss was "
            f"{', '.join(results[:-1])} and {results[-1]}"
            + (
                f": one-cycle ended at {ratio:.2f} times the cosine's."
                if math.isfinite(ratio)
                else "."
            )
        ),
        look_for=(
            "The one-cycle curve keeps pace early, wobbles while the rate is near its peak, "
            "then drops steeply as the rate is annealed; the cosine decay's curve drops in the "
            "same way and ends close to it. The large constant rate's curve stays jagged; the "
            "usual constant rate's falls steadily but stays higher."
        ),
        answer=answer,
        notes=(
            "Equal budgets: every run has the same epochs, batches and start; the cosine decay "
            "and one-cycle share the peak max_lr, and all runs use SGD with the same momentum "
            "(one-cycle cycles its own between 0.85 and 0.95, as torch's OneCycleLR does).",
        ),
    )
