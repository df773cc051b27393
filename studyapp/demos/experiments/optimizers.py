"""The optimizer demos: each compares optimizers on the same problem from the same start."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from studyapp.demos.data import Dataset, make_dataset
from studyapp.demos.experiments.common import (
    FINAL_LOSS,
    VAL_ACCURACY,
    count_phrase,
    first_of,
    first_reaching,
    fit_run,
    rng_for,
    steps_to_key,
    surface_run,
)
from studyapp.demos.mlp import MLP, MLPConfig
from studyapp.demos.optimizers import (
    SGD,
    Adadelta,
    Adagrad,
    Adam,
    DiffGrad,
    FloatArray,
    RMSprop,
)
from studyapp.demos.result import Chart, DemoResult, Metric, Run
from studyapp.demos.surfaces import SURFACES, Ravine, Surface
from studyapp.demos.training import SteppingOptimizer, fit

LOSS_PER_STEP = Chart("Loss per step", "loss", "step", "loss (log scale)", log_y=True)
TRAIN_LOSS = Chart("Training loss per epoch", "train_loss", "epoch", "loss", log_y=True)
VAL_ACCURACY_CHART = Chart(
    "Validation accuracy per epoch", "val_accuracy", "epoch", "share classified right"
)
STEP_LENGTH = Chart("Length of each step", "step", "step", "distance moved (log scale)", log_y=True)

OVERSHOOT = "overshoot"
SPIRALS_CONFIG = MLPConfig(sizes=(2, 32, 32, 3))
SPIRALS_BATCH = 32


def _extend(
    run: Run,
    series: dict[str, tuple[float, ...]] | None = None,
    metrics: dict[str, Metric] | None = None,
) -> Run:
    """``run`` with more series and metrics (the metrics appended after its own)."""
    return replace(
        run, series={**run.series, **(series or {})}, metrics={**run.metrics, **(metrics or {})}
    )


def _gradients(surface: Surface, run: Run) -> FloatArray:
    """The gradient each step of ``run`` followed, one row per step taken."""
    taken = len(run.series["lr"])
    return np.array([surface.gradient(np.array(point)) for point in run.path[:taken]])


def _step_lengths(run: Run) -> tuple[float, ...]:
    """How far each step of ``run`` moved (a diverged run's last, non-finite step left out)."""
    points = np.array(run.path[: len(run.series["lr"]) + 1])
    with np.errstate(over="ignore", invalid="ignore"):
        lengths = np.hypot(*np.diff(points, axis=0).T)
    return tuple(float(length) for length in lengths if math.isfinite(length))


def _axis_steps(run: Run, lr: float) -> tuple[float, ...]:
    """Each step of ``run`` as its largest move along one axis, in units of ``lr`` (Adam's
    steps are per parameter: with bias correction each is about lr)."""
    points = np.array(run.path[: len(run.series["lr"]) + 1])
    with np.errstate(over="ignore", invalid="ignore"):
        moves = np.abs(np.diff(points, axis=0)).max(axis=1) / lr
    return tuple(float(move) for move in moves if math.isfinite(move))


def _overshoot(surface: Surface, run: Run) -> float:
    """How far along x the path went past the minimum, in the direction it was travelling
    (0 if it never passed it; inf if it diverged)."""
    if run.diverged:
        return math.inf
    travel = math.copysign(1.0, surface.minimum[0] - surface.start[0])
    return max([0.0, *((x - surface.minimum[0]) * travel for x, _ in run.path)])


def _stays_under(run: Run, target: float) -> int | None:
    """The step from which the loss stays at or below ``target`` to the end (None: it
    does not end there)."""
    losses = run.series["loss"]
    if run.diverged or not losses or losses[-1] > target:
        return None
    return max((step for step, loss in enumerate(losses) if loss > target), default=-1) + 1


def _stays_key(target: float) -> str:
    """The metric name for "the step from which the loss stays at or below ``target``"."""
    return f"steps to stay under {target:g}"


def _swing(run: Run) -> str:
    """How far ``run`` went past the minimum, in words."""
    if run.diverged:
        return f"{run.label} away (it diverged)"
    return f"{run.label} to x = {run.value(OVERSHOOT):.3g}"


def _from_step(step: int | None) -> str:
    """``from step 104`` or ``never``."""
    return "never" if step is None else f"from step {step}"


def _lower(values: dict[int, float]) -> int | None:
    """The option with the strictly lowest value (None on a tie)."""
    best = min(values.values())
    winners = [option for option, value in values.items() if value == best]
    return winners[0] if len(winners) == 1 else None


def _spirals(seed: int) -> Dataset:
    """Three spiral arms, 300 points: the networks' problem for the optimizer demos."""
    return make_dataset("spirals", count=300, noise=0.25, seed=seed)


def _train(
    label: str, optimizer: SteppingOptimizer, data: Dataset, *, epochs: int, seed: int
) -> Run:
    """Train a fresh network (the same one for every label under ``seed``) and record it."""
    rng = rng_for(seed)
    model = MLP(SPIRALS_CONFIG, rng)
    history = fit(model, optimizer, data, epochs=epochs, batch_size=SPIRALS_BATCH, rng=rng)
    return fit_run(label, history, data)


def sgd(*, lr: float, epochs: int, batch_size: int, seed: int) -> DemoResult:
    """Full-batch, mini-batch and one-example gradient descent on two moons, same epochs."""
    data = make_dataset("moons", count=160, noise=0.2, seed=seed)
    config = MLPConfig(sizes=(2, 16, 2))
    sizes = {
        "full batch": len(data.x_train),
        "mini-batch": batch_size,
        "one example at a time": 1,
    }
    runs = []
    for label, size in sizes.items():
        rng = rng_for(seed)
        model = MLP(config, rng)
        history = fit(model, SGD(lr=lr), data, epochs=epochs, batch_size=size, rng=rng)
        per_epoch = -(-len(data.x_train) // size)
        runs.append(fit_run(label, history, data, extra={"steps per epoch": per_epoch}))
    losses = {run.label: run.value(FINAL_LOSS) for run in runs}
    best = min(losses, key=losses.__getitem__)
    batch, mini = losses["full batch"], losses["mini-batch"]
    return DemoResult(
        name="sgd",
        title="Batch, mini-batch and stochastic gradient descent",
        params={"lr": lr, "epochs": epochs, "batch_size": batch_size, "seed": seed},
        runs=tuple(runs),
        charts=(TRAIN_LOSS,),
        claim=(
            "With the same number of epochs, mini-batch SGD makes many cheap, noisy steps per "
            "pass where full-batch gradient descent makes one, so it gets further."
        ),
        claim_holds=mini < batch,
        finding=(
            f"After {epochs} epochs the training loss was {batch:.3g} with the full batch, "
            f"{mini:.3g} with mini-batches of {batch_size} and "
            f"{losses['one example at a time']:.3g} one example at a time."
        ),
        look_for=(
            "The full-batch curve is smooth but slow: one step per epoch. Smaller batches take "
            "more steps for the same work; their curves are noisier, and one example at a time "
            "is the noisiest."
        ),
        answer=list(sizes).index(best),
    )


def momentum(*, lr: float, momentum: float, steps: int, seed: int) -> DemoResult:
    """Gradient descent with and without momentum down a narrow ravine."""
    surface = SURFACES["ravine"]
    target = 1e-3
    plain = surface_run("plain gradient descent", surface, SGD(lr=lr), steps=steps, target=target)
    heavy = surface_run(
        "with momentum", surface, SGD(lr=lr, momentum=momentum), steps=steps, target=target
    )
    key = steps_to_key(target)
    plain_steps, heavy_steps = plain.count(key), heavy.count(key)
    holds = heavy_steps is not None and (plain_steps is None or heavy_steps < plain_steps)
    answer = first_of({0: plain_steps, 1: heavy_steps})
    return DemoResult(
        name="momentum",
        title="Momentum in a ravine",
        params={"lr": lr, "momentum": momentum, "steps": steps, "seed": seed},
        runs=(plain, heavy),
        charts=(LOSS_PER_STEP,),
        claim=(
            "Momentum averages successive gradients: the zig-zag across the ravine cancels "
            "while the steady push along it adds up, so it reaches the bottom sooner."
        ),
        claim_holds=holds,
        finding=(
            f"To loss {target:g}: plain gradient descent "
            f"{count_phrase(plain_steps, 'step', steps)}, momentum {momentum:g} "
            f"{count_phrase(heavy_steps, 'step', steps)}."
        ),
        look_for=(
            "Plain steps crawl along the flat floor of the ravine, their size capped by the "
            "steep walls. The momentum path overshoots and swings at first, then gathers speed "
            "along the valley."
        ),
        surface="ravine",
        answer=answer,
    )


def nesterov(*, lr: float, momentum: float, steps: int, seed: int) -> DemoResult:
    """Classical and Nesterov momentum, same learning rate and momentum, down a ravine."""
    surface = SURFACES["ravine"]
    target = 1e-3
    runs = []
    for label, look_ahead in (("classical momentum", False), ("Nesterov momentum", True)):
        optimizer = SGD(lr=lr, momentum=momentum, nesterov=look_ahead)
        run = surface_run(label, surface, optimizer, steps=steps, target=target)
        runs.append(_extend(run, metrics={OVERSHOOT: _overshoot(surface, run)}))
    classical, ahead = runs
    key = steps_to_key(target)
    classical_steps, ahead_steps = classical.count(key), ahead.count(key)
    sooner = ahead_steps is not None and (classical_steps is None or ahead_steps < classical_steps)
    holds = sooner and ahead.value(OVERSHOOT) < classical.value(OVERSHOOT)
    swings = " and ".join(_swing(run) for run in runs)
    notes: tuple[str, ...] = ()
    if isinstance(surface, Ravine):
        steep = surface.condition
        classical_limit = 2 * (1 + momentum) / steep
        ahead_limit = classical_limit / (1 + 2 * momentum)
        notes = (
            f"With momentum {momentum:g} on this ravine, Nesterov momentum is stable only for "
            f"lr below {ahead_limit:.3g}, classical momentum below {classical_limit:.3g}: looking "
            "ahead damps the swings along the valley but makes the steep walls less forgiving.",
        )
    return DemoResult(
        name="nesterov",
        title="Nesterov momentum against classical momentum",
        params={"lr": lr, "momentum": momentum, "steps": steps, "seed": seed},
        runs=tuple(runs),
        charts=(LOSS_PER_STEP,),
        claim=(
            "Nesterov momentum takes the gradient where the momentum is about to carry it, not "
            "where it stands, so it starts braking before the bottom: with the same learning "
            "rate and momentum it swings past the minimum less and settles sooner."
        ),
        claim_holds=holds,
        finding=(
            f"To loss {target:g}: classical momentum {count_phrase(classical_steps, 'step', steps)}"
            f", Nesterov momentum {count_phrase(ahead_steps, 'step', steps)}. Past the bottom of "
            f"the valley (x = 0) the furthest swing carried {swings}."
        ),
        look_for=(
            "Both paths roll along the valley floor, overshoot the minimum and swing back. "
            "Nesterov's swings are shorter and die out sooner, so its loss curve drops earlier."
        ),
        surface="ravine",
        answer=first_of({0: classical_steps, 1: ahead_steps}),
        notes=notes,
    )


def adagrad(*, lr: float, sgd_lr: float, steps: int, seed: int) -> DemoResult:
    """Adagrad and plain gradient descent on the ill-conditioned ravine."""
    surface = SURFACES["ravine"]
    target = 1e-3
    plain = surface_run(
        "plain gradient descent", surface, SGD(lr=sgd_lr), steps=steps, target=target
    )
    eps = 1e-10  # torch's default
    optimizer = Adagrad(lr=lr, eps=eps)
    adaptive = surface_run("Adagrad", surface, optimizer, steps=steps, target=target)
    # Adagrad's step on each parameter is lr / (√(sum of its squared gradients) + ε) · g.
    totals = np.sqrt(np.cumsum(_gradients(surface, adaptive) ** 2, axis=0)) + eps
    rates = lr / totals
    taken = len(plain.series["lr"])
    runs = []
    for run, along, across in (
        (plain, (sgd_lr,) * taken, (sgd_lr,) * taken),
        (adaptive, tuple(map(float, rates[:, 0])), tuple(map(float, rates[:, 1]))),
    ):
        runs.append(
            _extend(
                run,
                series={"lr_x": along, "lr_y": across},
                metrics={
                    "final lr along (x)": along[-1] if along else math.nan,
                    "final lr across (y)": across[-1] if across else math.nan,
                },
            )
        )
    plain, adaptive = runs
    key = steps_to_key(target)
    plain_steps, adaptive_steps = plain.count(key), adaptive.count(key)
    sooner = adaptive_steps is not None and (plain_steps is None or adaptive_steps < plain_steps)
    along_rate, across_rate = (
        adaptive.value("final lr along (x)"),
        adaptive.value("final lr across (y)"),
    )
    holds = sooner and along_rate > across_rate and along_rate > sgd_lr
    return DemoResult(
        name="adagrad",
        title="Adagrad's per-parameter step sizes in a ravine",
        params={"lr": lr, "sgd_lr": sgd_lr, "steps": steps, "seed": seed},
        runs=tuple(runs),
        charts=(
            LOSS_PER_STEP,
            Chart(
                "Effective learning rate along the valley floor (x)",
                "lr_x",
                "step",
                "learning rate (log scale)",
                log_y=True,
            ),
        ),
        claim=(
            "Adagrad divides each parameter's step by the root of the sum of its past squared "
            "gradients: the steep direction gets a small learning rate, the flat one a larger "
            "one, so both make progress. One learning rate for both must stay small enough for "
            "the steep walls (below 2/25 = 0.08 here), and then the flat floor is slow."
        ),
        claim_holds=holds,
        finding=(
            f"To loss {target:g}: plain gradient descent (lr {sgd_lr:g}) "
            f"{count_phrase(plain_steps, 'step', steps)}, Adagrad (lr {lr:g}) "
            f"{count_phrase(adaptive_steps, 'step', steps)}. Adagrad's effective learning rate "
            f"started at {rates[0, 0]:.3g} along the valley and {rates[0, 1]:.3g} across it "
            f"and ended at {along_rate:.3g} and {across_rate:.3g}; it can only shrink."
        ),
        look_for=(
            "Plain gradient descent drops into the valley at once, then crawls along its flat "
            "floor. Adagrad heads more directly for the minimum; its learning rate along the "
            "floor shrinks over the first steps and then levels off as the gradients vanish."
        ),
        surface="ravine",
        answer=first_of({0: plain_steps, 1: adaptive_steps}),
    )


def rmsprop(*, lr: float, alpha: float, steps: int, seed: int) -> DemoResult:
    """Adagrad and RMSprop, same learning rate, along Rosenbrock's long curved valley."""
    surface = SURFACES["rosenbrock"]
    target = 0.1
    runs = []
    for label, optimizer in (
        ("Adagrad", Adagrad(lr=lr)),
        ("RMSprop", RMSprop(lr=lr, alpha=alpha)),
    ):
        run = surface_run(label, surface, optimizer, steps=steps, target=target)
        lengths = _step_lengths(run)
        last = lengths[-1] if lengths else math.nan
        runs.append(_extend(run, series={"step": lengths}, metrics={"last step": last}))
    summed, averaged = runs
    key = steps_to_key(target)
    summed_loss, averaged_loss = summed.value(FINAL_LOSS), averaged.value(FINAL_LOSS)
    summed_step, averaged_step = summed.value("last step"), averaged.value("last step")
    first_step = summed.series["step"][0] if summed.series["step"] else math.nan
    return DemoResult(
        name="rmsprop",
        title="RMSprop against Adagrad on a long valley",
        params={"lr": lr, "alpha": alpha, "steps": steps, "seed": seed},
        runs=tuple(runs),
        charts=(LOSS_PER_STEP, STEP_LENGTH),
        claim=(
            "Adagrad divides by the sum of all past squared gradients, which only grows, so its "
            "steps shrink towards nothing; RMSprop divides by a moving average of recent ones, "
            "so its steps stay useful and it keeps making progress on a long problem."
        ),
        claim_holds=averaged_loss < summed_loss and averaged_step > summed_step,
        finding=(
            f"After {steps} steps at lr {lr:g} the loss was {summed_loss:.3g} with Adagrad and "
            f"{averaged_loss:.3g} with RMSprop (to {target:g}: Adagrad "
            f"{count_phrase(summed.count(key), 'step', steps)}, RMSprop "
            f"{count_phrase(averaged.count(key), 'step', steps)}). Adagrad's steps shrank from "
            f"{first_step:.3g} to {summed_step:.3g}; RMSprop's last step was {averaged_step:.3g}."
        ),
        look_for=(
            "Both start down the steep wall into the valley. Adagrad's huge early gradients stay "
            "in its sum, so its steps along the gentle valley floor are tiny and it stalls; "
            "RMSprop forgets them and keeps walking along the valley towards (1, 1)."
        ),
        surface="rosenbrock",
        answer=_lower({0: summed_loss, 1: averaged_loss}),
    )


ADADELTA_SGD_RATES = (0.03, 0.3, 3.0)  # SGD's grid: a decade apart, around its usual rates


def _ratio_option(ratio: float, band: float) -> int:
    """0 if ``ratio`` is above ``band`` (several times higher), 2 if below 1/``band`` (several
    times lower), else 1 (within a factor ``band``: about the same)."""
    return 0 if ratio > band else 2 if ratio < 1 / band else 1


def adadelta(*, rho: float, epochs: int, seed: int) -> DemoResult:
    """Adadelta, with no learning rate, against SGD at each rate of a small grid, training the
    same network; SGD's best rate is its tuned baseline."""
    data = _spirals(seed)
    tuned = _train("Adadelta", Adadelta(lr=1.0, rho=rho), data, epochs=epochs, seed=seed)
    grid = [
        _train(f"SGD, lr {rate:g}", SGD(lr=rate), data, epochs=epochs, seed=seed)
        for rate in ADADELTA_SGD_RATES
    ]
    losses = [run.value(FINAL_LOSS) for run in grid]
    best = int(np.argmin(losses))
    runs = (tuned, *grid)
    tuned_loss, best_loss = tuned.value(FINAL_LOSS), losses[best]
    ratio = tuned_loss / best_loss if best_loss > 0 else math.inf
    worse = sum(loss > tuned_loss for loss in losses)
    holds = ratio > 2.0 and worse >= 1
    band = 2.0
    return DemoResult(
        name="adadelta",
        title="Adadelta: no learning rate to choose",
        params={"rho": rho, "epochs": epochs, "seed": seed},
        runs=runs,
        charts=(TRAIN_LOSS, VAL_ACCURACY_CHART),
        claim=(
            "Adadelta needs no learning rate: each step is the gradient times the root mean "
            "square of its recent steps over that of its recent gradients, which comes out in "
            "the parameters' own units and sizes itself as training goes. That buys a decent "
            "run with nothing to tune, not the best one: SGD at a well-tuned rate ends several "
            "times lower, though at a badly chosen one it ends higher."
        ),
        claim_holds=holds,
        finding=(
            f"After {epochs} epochs the training loss was {tuned_loss:.3g} with Adadelta; SGD "
            "ended at "
            + ", ".join(
                f"{loss:.3g} (lr {rate:g})"
                for rate, loss in zip(ADADELTA_SGD_RATES, losses, strict=True)
            )
            + f". SGD's best rate, {ADADELTA_SGD_RATES[best]:g}, ended {ratio:.2g} times lower "
            f"than Adadelta; {worse} of the {len(losses)} rates ended higher than Adadelta."
        ),
        look_for=(
            "Adadelta's loss falls steadily from the start though nobody chose its step size. "
            "SGD's curves fan out by learning rate: the smallest crawls, the largest never "
            "gets going (its steps overshoot), and the one in between drops far below Adadelta."
        ),
        answer=_ratio_option(ratio, band),
        notes=(
            "SGD is tuned, not handicapped: it runs at each rate of "
            + ", ".join(f"{rate:g}" for rate in ADADELTA_SGD_RATES)
            + " for the same epochs from the same start, and its best rate is the baseline.",
        ),
    )


ADAM_SGD_RATES = (0.0005, 0.001, 0.0015, 0.002, 0.0025, 0.003)  # momentum SGD's grid
ADAM_FACTORS = (0.25, 1.0, 4.0)  # Adam's grid: lr times each
SPEED_BAND = 2.0  # within a factor 2 of steps counts as about the same
GRID_REACHED = "grid rates reaching it"  # of the optimizer's grid, how many reached the target


def _working(counts: list[int | None]) -> str:
    """``3 of 5`` rates reached the target."""
    return f"{sum(count is not None for count in counts)} of {len(counts)}"


def _rate_window(
    name: str, rates: Sequence[float], grid: Sequence[Run], target: float, steps: int
) -> str:
    """What an optimizer's grid of rates shows: from which rate to which it reached the
    target, the steps it took at the two ends, and the first rate at which it blew up."""
    key = steps_to_key(target)
    reached = [(rate, run.count(key)) for rate, run in zip(rates, grid, strict=True)]
    working = [(rate, count) for rate, count in reached if count is not None]
    blown = [rate for rate, run in zip(rates, grid, strict=True) if run.diverged]
    blew_up = f"; at {blown[0]:g} it blows up" if blown else ""
    if not working:
        return f"{name} reached loss {target:g} at none of its rates in {steps} steps{blew_up}."
    (low, slow), (high, fast) = working[0], working[-1]
    if low == high:
        return f"{name} reached loss {target:g} only at lr {low:g}, in {slow} steps{blew_up}."
    return (
        f"{name} reached loss {target:g} at rates from {low:g} to {high:g}, a factor of "
        f"{high / low:.2g}: {slow} steps at {low:g}, {fast} at {high:g}{blew_up}."
    )


def adam(*, lr: float, momentum: float, steps: int, seed: int) -> DemoResult:
    """Adam and RMSprop at lr, and momentum SGD at the best rate of a grid, on Rosenbrock; Adam
    is also run across a grid of rates, to show how forgiving each is of the rate."""
    surface = SURFACES["rosenbrock"]
    target = 1e-3
    key = steps_to_key(target)

    def walk(label: str, optimizer: SteppingOptimizer) -> Run:
        run = surface_run(label, surface, optimizer, steps=steps, target=target)
        return _extend(run, series={"step": _step_lengths(run)})

    def reach(run: Run) -> float:
        count = run.count(key)
        return math.inf if count is None else count

    sgd_grid = [
        walk(f"momentum SGD, lr {rate:g}", SGD(lr=rate, momentum=momentum))
        for rate in ADAM_SGD_RATES
    ]
    adam_grid = [
        walk(f"Adam, lr {lr * factor:g}", Adam(lr=lr * factor, betas=(momentum, 0.999)))
        for factor in ADAM_FACTORS
    ]
    best = min(range(len(sgd_grid)), key=lambda index: reach(sgd_grid[index]))
    tuned_rate = ADAM_SGD_RATES[best]
    sgd_counts = [run.count(key) for run in sgd_grid]
    adam_counts = [run.count(key) for run in adam_grid]

    def reached(counts: list[int | None]) -> dict[str, Metric]:
        return {GRID_REACHED: sum(count is not None for count in counts)}

    runs = (
        _extend(
            replace(adam_grid[ADAM_FACTORS.index(1.0)], label="Adam"),
            metrics=reached(adam_counts),
        ),
        _extend(walk("RMSprop", RMSprop(lr=lr)), metrics={GRID_REACHED: None}),
        _extend(replace(sgd_grid[best], label="momentum SGD, tuned"), metrics=reached(sgd_counts)),
    )
    both, heavy = runs[0].count(key), runs[2].count(key)
    answer = None
    if both is not None and heavy is not None:
        answer = _ratio_option(heavy / both, SPEED_BAND)  # SGD's steps against Adam's
    holds = (
        both is not None
        and heavy is not None
        and all(count is not None for count in adam_counts)
        and any(run.diverged for run in sgd_grid)
    )
    fates = ", ".join(
        f"{run.label} {'diverged' if run.diverged else count_phrase(run.count(key), 'step', steps)}"
        for run in runs
    )
    sgd_fates = ", ".join(
        f"{rate:g} {'diverged' if run.diverged else count_phrase(run.count(key), 'step', steps)}"
        for rate, run in zip(ADAM_SGD_RATES, sgd_grid, strict=True)
    )
    return DemoResult(
        name="adam",
        title="Adam: momentum plus per-parameter step sizes",
        params={"lr": lr, "momentum": momentum, "steps": steps, "seed": seed},
        runs=runs,
        charts=(LOSS_PER_STEP, STEP_LENGTH),
        claim=(
            "Adam combines momentum (a moving average of the gradients) with RMSprop's "
            "per-parameter step sizes (a moving average of their squares), both corrected for "
            "their start at zero: momentum smooths out RMSprop's zig-zag, and the scaling keeps "
            "each parameter's step about lr in size however steep the slope. What that buys is "
            "a forgiving learning rate, not raw speed: momentum SGD at its best rate can get "
            "there sooner, but its steps are lr times the gradient, so a rate a little too "
            "large blows up, where Adam reaches the minimum at every rate of a 16-fold range."
        ),
        claim_holds=holds,
        finding=(
            f"To loss {target:g}: {fates} (Adam and RMSprop at lr {lr:g}, momentum SGD at its "
            f"best rate {tuned_rate:g}, momentum {momentum:g}). Momentum SGD by rate: "
            f"{sgd_fates}. Adam reached it at {_working(adam_counts)} rates from "
            f"{lr * ADAM_FACTORS[0]:g} to {lr * ADAM_FACTORS[-1]:g}, momentum SGD at "
            f"{_working(sgd_counts)} from {ADAM_SGD_RATES[0]:g} to {ADAM_SGD_RATES[-1]:g}."
        ),
        look_for=(
            "RMSprop's first step is ten times lr along each axis (its average of squared "
            "gradients starts at zero and is not bias-corrected), and later it rattles across "
            "the valley without settling; Adam's first step is lr along each axis and it follows "
            "the valley's curve toward (1, 1). "
            + _rate_window("Momentum SGD", ADAM_SGD_RATES, sgd_grid, target, steps)
            + " "
            + _rate_window("Adam", [lr * f for f in ADAM_FACTORS], adam_grid, target, steps)
        ),
        surface="rosenbrock",
        answer=answer,
        notes=(
            "Momentum SGD is tuned, not handicapped: it runs at each rate of "
            + ", ".join(f"{rate:g}" for rate in ADAM_SGD_RATES)
            + " for the same steps from the same start, and the run shown is its fastest. "
            "Adam is run at lr times "
            + ", ".join(f"{factor:g}" for factor in ADAM_FACTORS)
            + "; the run shown is at lr.",
        ),
    )


def adam_vs_sgd(*, lr: float, sgd_lr: float, momentum: float, epochs: int, seed: int) -> DemoResult:
    """Adam and SGD with momentum training the same network on spirals."""
    data = _spirals(seed)
    target = 0.2
    key = f"epochs to train loss {target:g}"
    runs = []
    for label, optimizer in (
        ("Adam", Adam(lr=lr)),
        ("SGD with momentum", SGD(lr=sgd_lr, momentum=momentum)),
    ):
        run = _train(label, optimizer, data, epochs=epochs, seed=seed)
        reached = first_reaching(run.series["train_loss"], target)
        runs.append(_extend(run, metrics={key: None if reached is None else reached + 1}))
    fast, steady = runs
    fast_epochs, steady_epochs = fast.count(key), steady.count(key)
    sooner = fast_epochs is not None and (steady_epochs is None or fast_epochs < steady_epochs)
    fast_accuracy, steady_accuracy = fast.value(VAL_ACCURACY), steady.value(VAL_ACCURACY)
    margin = 0.03
    return DemoResult(
        name="adam-vs-sgd",
        title="Adam against SGD with momentum on a network",
        params={"lr": lr, "sgd_lr": sgd_lr, "momentum": momentum, "epochs": epochs, "seed": seed},
        runs=tuple(runs),
        charts=(TRAIN_LOSS, VAL_ACCURACY_CHART),
        claim=(
            "Adam brings the training loss down faster early on; SGD with "
            "momentum gets there too given more epochs, and ends with about the same "
            f"validation accuracy (within {margin * 100:g} percentage points here)."
        ),
        claim_holds=sooner and steady_accuracy >= fast_accuracy - margin,
        finding=(
            f"To training loss {target:g}: Adam {count_phrase(fast_epochs, 'epoch', epochs)}, "
            f"SGD with momentum {count_phrase(steady_epochs, 'epoch', epochs)}. After {epochs} "
            f"epochs the validation accuracy was {fast_accuracy:.3g} with Adam and "
            f"{steady_accuracy:.3g} with SGD (training loss {fast.value(FINAL_LOSS):.3g} and "
            f"{steady.value(FINAL_LOSS):.3g})."
        ),
        look_for=(
            "Adam's training loss falls steeply in the first epochs while SGD's lags; later the "
            "curves come together and the validation accuracies end close. On a problem this "
            "small, SGD's reputation for generalising better does not show: both fit it."
        ),
        answer=(
            0
            if fast_accuracy - steady_accuracy > margin
            else 2
            if steady_accuracy - fast_accuracy > margin
            else 1
        ),
    )


def _friction(surface: Surface, run: Run) -> FloatArray:
    """DiffGrad's friction on each step along x: ξ = sigmoid(|g_prev − g|), g_prev = 0 at first."""
    along = _gradients(surface, run)[:, 0]
    change = np.abs(np.diff(along, prepend=0.0))
    friction: FloatArray = 1.0 / (1.0 + np.exp(-change))
    return friction


DIFFGRAD_SAME = 0.75  # an overshoot ratio within [0.75, 1/0.75] counts as about the same
MEAN_FRICTION = "mean friction"


def diffgrad(*, lr: float, steps: int, seed: int) -> DemoResult:
    """DiffGrad against Adam at the same lr and at an lr matched to DiffGrad's mean friction."""
    surface = SURFACES["ravine"]
    target = 1e-3
    damped = surface_run("DiffGrad", surface, DiffGrad(lr=lr), steps=steps, target=target)
    friction = _friction(surface, damped)
    matched_lr = lr * float(friction.mean()) if friction.size else lr
    runs = []
    for label, run, rubs in (
        ("Adam, same lr", surface_run("", surface, Adam(lr=lr), steps=steps, target=target), False),
        (
            "Adam, matched lr",
            surface_run("", surface, Adam(lr=matched_lr), steps=steps, target=target),
            False,
        ),
        ("DiffGrad", damped, True),
    ):
        shown = _friction(surface, run) if rubs else np.ones(len(run.series["lr"]))
        runs.append(
            _extend(
                replace(run, label=label),
                series={"friction": tuple(map(float, shown))},
                metrics={
                    "lr": lr if label != "Adam, matched lr" else matched_lr,
                    _stays_key(target): _stays_under(run, target),
                    OVERSHOOT: _overshoot(surface, run),
                    MEAN_FRICTION: float(shown.mean()) if shown.size else math.nan,
                },
            )
        )
    same, matched, damped = runs
    same_over, matched_over, damped_over = (run.value(OVERSHOOT) for run in runs)
    if damped_over == matched_over:
        ratio = 1.0  # neither passed the minimum (or both went equally far)
    else:
        ratio = damped_over / matched_over if matched_over > 0 else math.inf
    answer = None
    if math.isfinite(damped_over) and math.isfinite(matched_over):
        answer = 0 if ratio < DIFFGRAD_SAME else 1 if ratio <= 1 / DIFFGRAD_SAME else 2
    holds = damped_over < DIFFGRAD_SAME * same_over and answer == 1
    key, stay = steps_to_key(target), _stays_key(target)

    def timing(run: Run) -> str:
        reached = count_phrase(run.count(key), "step", steps)
        return f"{run.label} {reached}, staying under it {_from_step(run.count(stay))}"

    return DemoResult(
        name="diffgrad",
        title="DiffGrad's friction against Adam",
        params={"lr": lr, "steps": steps, "seed": seed},
        runs=tuple(runs),
        charts=(
            LOSS_PER_STEP,
            Chart("Friction on the step along the valley (x)", "friction", "step", "friction"),
        ),
        claim=(
            "DiffGrad is Adam with each step scaled by a friction between 0.5 and 1, the sigmoid "
            "of how much the gradient changed since the last step. Against Adam at the same lr "
            "it overshoots much less, but most of that is a smaller step: against Adam at an lr "
            "matched to its mean friction, its swing past the minimum is about the same (within "
            f"a factor {1 / DIFFGRAD_SAME:.3g})."
        ),
        claim_holds=holds,
        finding=(
            f"DiffGrad's friction along the valley averaged {damped.value(MEAN_FRICTION):.3g}, "
            f"so the matched Adam ran at lr {lr:g} × {damped.value(MEAN_FRICTION):.3g} = "
            f"{matched_lr:.3g}. Past the bottom of the valley (x = 0) the furthest swing "
            f"carried {_swing(same)}, {_swing(matched)} and {_swing(damped)}"
            + (f" ({ratio:.2f} times the matched Adam's)" if math.isfinite(ratio) else "")
            + f". To loss {target:g}: "
            + "; ".join(timing(run) for run in runs)
            + "."
        ),
        look_for=(
            "Adam at the same lr rolls far past the minimum and comes back. DiffGrad's friction "
            "drops to about 0.5 soon after the start, and Adam at the matched lr follows almost "
            "the same path as DiffGrad: on this smooth valley the gradient changes slowly all "
            "the way, so the friction acts like a halved learning rate."
        ),
        surface="ravine",
        answer=answer,
        notes=(
            "A fair comparison: DiffGrad's friction scales every step down, so Adam is run twice, "
            "at the same lr and at lr times DiffGrad's mean friction along the valley (the same "
            "average step size).",
        ),
    )


STEP_OVER_LR = Chart("Each step over lr", "step_over_lr", "step", "largest move along an axis / lr")
FIRST_STEP = "step 1 / lr"
LARGEST_STEP = "largest step / lr"


def adam_bias_correction(*, lr: float, beta2: float, steps: int, seed: int) -> DemoResult:
    """Adam with and without its bias correction, from the same start: the size of each step
    against lr."""
    surface = SURFACES["ravine"]
    target = 1e-3
    beta1 = 0.9
    runs = []
    for label, corrected in (("with bias correction", True), ("without bias correction", False)):
        optimizer = Adam(lr=lr, betas=(beta1, beta2), bias_correction=corrected)
        run = surface_run(label, surface, optimizer, steps=steps, target=target)
        moves = _axis_steps(run, lr)
        runs.append(
            _extend(
                run,
                series={"step_over_lr": moves},
                metrics={FIRST_STEP: moves[0], LARGEST_STEP: max(moves)},
            )
        )
    corrected_run, raw = runs
    expected_first = (1 - beta1) / math.sqrt(1 - beta2)
    raw_first, raw_largest = raw.value(FIRST_STEP), raw.value(LARGEST_STEP)
    holds = (
        math.isclose(raw_first, expected_first, rel_tol=1e-3)
        and corrected_run.value(LARGEST_STEP) <= 1.01
        and raw_largest > 1.5
    )
    answer = 0 if raw_first < 0.5 else 1 if raw_first <= 1.5 else 2
    return DemoResult(
        name="adam-bias-correction",
        title="Adam's bias correction",
        params={"lr": lr, "beta2": beta2, "steps": steps, "seed": seed},
        runs=tuple(runs),
        charts=(STEP_OVER_LR, LOSS_PER_STEP),
        claim=(
            "Both of Adam's moving averages start at zero, so early on m is too small by a "
            "factor 1 − β₁ᵗ and √v by √(1 − β₂ᵗ), and the second shrinks far more: without the "
            "correction the first step is (1 − β₁)/√(1 − β₂) times lr, about 3.2 × lr with "
            "β₂ = 0.999, and the steps keep growing for a few more steps before √(1 − β₂ᵗ) "
            "slowly catches up. Dividing each average by its factor makes every early step "
            "about lr, so lr means what it says from the first step."
        ),
        claim_holds=holds,
        finding=(
            f"Step 1 along each axis: {corrected_run.value(FIRST_STEP):.2f} × lr with the "
            f"correction, {raw_first:.2f} × lr without ((1 − {beta1:g})/√(1 − {beta2:g}) = "
            f"{expected_first:.2f}). Largest step: "
            f"{corrected_run.value(LARGEST_STEP):.2f} × lr with it, {raw_largest:.2f} × lr "
            "without."
        ),
        look_for=(
            "In the step chart the corrected run starts at 1 and stays below it as the slope "
            "flattens; the uncorrected one starts several times higher, peaks within the first "
            "tens of steps and comes down only as β₂ᵗ fades. Both still reach the bottom of "
            "this bowl: without the correction the early lr is in effect several times larger, "
            "so an lr tuned with it can be too large without it. Try beta2 0.99: the first step "
            "is (1 − 0.9)/√0.01 = 1 × lr, and the gap closes much sooner."
        ),
        surface="ravine",
        answer=answer,
    )
