"""The training-practice demos around the optimizer: where weight decay goes in Adam, batch
norm's training and evaluation modes, momentum past a local minimum, learning-rate warm-up,
and scaling the learning rate with the batch size. Each run decides its own answer."""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from studyapp.demos.data import Dataset, make_dataset
from studyapp.demos.experiments.common import FINAL_LOSS, fit_run, rng_for
from studyapp.demos.mlp import MLP, Array, MLPConfig
from studyapp.demos.optimizers import SGD, Adam, AdamW
from studyapp.demos.result import Chart, DemoResult, Metric, Run
from studyapp.demos.schedules import LinearLR
from studyapp.demos.surfaces import SURFACES, TiltedDoubleWell
from studyapp.demos.training import descend, fit

TRAIN_LOSS = Chart("Training loss per epoch", "train_loss", "epoch", "loss (log scale)", log_y=True)


def _spirals(count: int, seed: int) -> Dataset:
    """Three spiral arms, a quarter of the points held out."""
    return make_dataset("spirals", count=count, noise=0.2, seed=seed)


# --- AdamW against L2 in Adam ------------------------------------------------------------------

FORK_STEPS = 50  # steps over which each weight's decay is measured
FORK_BATCH = 32
GROUPS = 10  # weights are ranked by gradient size and cut into this many equal groups
QUIET_DECAY = "decay, quietest 10%"
LOUD_DECAY = "decay, loudest 10%"
DECAY_RATIO = "quietest / loudest"
WEIGHT_NORM = "weight norm"
SAME_RATE = 1.5  # decay rates within this factor of each other count as one rate
BETAS = (0.9, 0.999)  # torch's defaults, for both optimizers

AdamFactory = Callable[[float], Adam]


@dataclass(frozen=True)
class _DecayProfile:
    """Per weight (those with a gradient): the RMS of its gradient as Adam sees it (√v̂), its
    size |w|, and how fast weight decay shrank it, per step, in units of lr·λ·|w| (AdamW's
    decoupled decay is exactly 1)."""

    rms: Array
    sizes: Array
    rates: Array

    def groups(self) -> list[NDArray[np.intp]]:
        """The weights' indices cut into GROUPS groups, smallest gradients first."""
        return np.array_split(np.argsort(self.rms, kind="stable"), GROUPS)

    def rate(self, members: NDArray[np.intp]) -> float:
        """A group's decay rate: its total shrink over its total lr·λ·|w|."""
        sizes = self.sizes[members]
        return float((self.rates[members] * sizes).sum() / sizes.sum())


def _weight_indices(model: MLP) -> list[int]:
    """Positions of the weight matrices (not biases) in the model's parameter list."""
    return [index for index, name in enumerate(model.names) if name[0] == "W"]


def _flat(arrays: Sequence[Array]) -> Array:
    return np.concatenate([array.ravel() for array in arrays])


def _continue(model: MLP, optimizer: Adam, data: Dataset, *, steps: int, seed: int) -> MLP:
    """A copy of ``model`` after ``steps`` more steps of ``optimizer`` on mini-batches drawn
    from ``seed``: two calls with the same seed see the same batches."""
    model = copy.deepcopy(model)
    rng = rng_for(seed)
    count = len(data.x_train)
    for _ in range(steps):
        batch = rng.choice(count, FORK_BATCH, replace=False)
        _, grads = model.loss_and_gradients(data.x_train[batch], data.y_train[batch], rng)
        optimizer.step(model.params, grads)
    return model


def _gradient_rms(optimizer: Adam, indices: Sequence[int]) -> Array:
    """Each weight's root-mean-square gradient as Adam sees it: √v̂ (bias-corrected)."""
    parts = []
    for index in indices:
        state = optimizer.state[index]
        correction = 1.0 - BETAS[1] ** float(state["step"])
        parts.append(np.sqrt(state["exp_avg_sq"] / correction))
    return _flat(parts)


def _decay_profile(
    make: AdamFactory, model: MLP, optimizer: Adam, data: Dataset, *, weight_decay: float, seed: int
) -> _DecayProfile:
    """Measure what weight decay does to each weight: FORK_STEPS more steps from the trained
    state, once with ``weight_decay`` and once without, on the same batches; the difference
    between the two is the decay's doing."""
    indices = _weight_indices(model)
    branches = []
    for decay in (weight_decay, 0.0):
        branch = make(decay)
        branch.state = copy.deepcopy(optimizer.state)
        branches.append(_continue(model, branch, data, steps=FORK_STEPS, seed=seed + 1))
    decayed, free = branches
    weights = _flat([model.params[i] for i in indices])
    shrink = _flat([free.params[i] - decayed.params[i] for i in indices])
    rms = _gradient_rms(optimizer, indices)
    keep = (rms > 0) & (weights != 0)  # a weight that never had a gradient has no scale
    lr = float(optimizer.lr)
    per_step = shrink[keep] * np.sign(weights[keep]) / FORK_STEPS
    return _DecayProfile(
        rms=rms[keep],
        sizes=np.abs(weights[keep]),
        rates=per_step / (lr * weight_decay * np.abs(weights[keep])),
    )


def _faster_decayed(quiet_over_loud: float) -> int:
    """The prediction option the decay rates give: 0 the weights with large gradients decay
    faster, 1 those with small gradients, 2 all at one rate (within SAME_RATE)."""
    if quiet_over_loud > SAME_RATE:
        return 1
    return 0 if quiet_over_loud < 1.0 / SAME_RATE else 2


def adamw_vs_l2(*, lr: float, weight_decay: float, epochs: int, seed: int) -> DemoResult:
    """Adam with weight decay added to its gradient (L2) and AdamW (decoupled decay): how fast
    the decay shrinks each weight, against the size of that weight's gradients."""
    data = _spirals(300, seed)
    config = MLPConfig((2, 32, 32, 3))
    makers: tuple[tuple[str, AdamFactory], ...] = (
        ("Adam, L2 in the gradient", lambda decay: Adam(lr, BETAS, weight_decay=decay)),
        ("AdamW, decoupled", lambda decay: AdamW(lr, BETAS, weight_decay=decay)),
    )
    runs = []
    for label, make in makers:
        rng = rng_for(seed)
        model = MLP(config, rng)
        optimizer = make(weight_decay)
        history = fit(model, optimizer, data, epochs=epochs, batch_size=FORK_BATCH, rng=rng)
        profile = _decay_profile(make, model, optimizer, data, weight_decay=weight_decay, seed=seed)
        groups = profile.groups()
        rates = tuple(profile.rate(group) for group in groups)
        weights = _flat([model.params[i] for i in _weight_indices(model)])
        extra: dict[str, Metric] = {
            WEIGHT_NORM: float(np.sqrt((weights * weights).sum())),
            QUIET_DECAY: rates[0],
            LOUD_DECAY: rates[-1],
            DECAY_RATIO: rates[0] / rates[-1],
        }
        run = fit_run(label, history, data, extra=extra)
        by_group = {"grad_rms": tuple(float(profile.rms[g].mean()) for g in groups)}
        runs.append(dataclasses.replace(run, series={**run.series, **by_group, "decay": rates}))
    l2, decoupled = runs
    l2_ratio, decoupled_ratio = l2.value(DECAY_RATIO), decoupled.value(DECAY_RATIO)
    holds = l2_ratio > SAME_RATE and 1.0 / SAME_RATE <= decoupled_ratio <= SAME_RATE
    return DemoResult(
        name="adamw-vs-l2",
        title="AdamW against L2 in Adam",
        params={"lr": lr, "weight_decay": weight_decay, "epochs": epochs, "seed": seed},
        runs=(l2, decoupled),
        charts=(
            Chart(
                "Decay per step against gradient size (10 groups of weights)",
                "decay",
                "gradient RMS √v̂ (log scale)",
                "decay / (lr·λ·|w|) (log scale)",
                log_y=True,
                x_key="grad_rms",
                log_x=True,
            ),
            TRAIN_LOSS,
        ),
        claim=(
            "Adam divides every step by √v̂, the RMS of that weight's gradients. Weight decay "
            "added to the gradient (L2, Adam's weight_decay) is divided too, so weights with "
            "large gradients are decayed far less than weights with small ones. AdamW takes the "
            "decay out of the gradient and shrinks every weight by lr·λ·w per step, one rate for "
            "all (Loshchilov & Hutter, decoupled weight decay)."
        ),
        claim_holds=holds,
        finding=(
            f"Decay per step in units of lr·λ·|w| (AdamW's rate), measured over {FORK_STEPS} "
            f"steps after {epochs} epochs: with L2 in Adam {l2.value(QUIET_DECAY):.3g} for the "
            f"10% of weights with the smallest gradients and {l2.value(LOUD_DECAY):.3g} for the "
            f"10% with the largest ({l2_ratio:.3g} times as fast); with AdamW "
            f"{decoupled.value(QUIET_DECAY):.3g} and {decoupled.value(LOUD_DECAY):.3g} "
            f"({decoupled_ratio:.2f} times)."
        ),
        look_for=(
            "In the decay chart AdamW's line lies flat at 1. The L2 line falls from left to "
            "right: the larger a weight's √v̂, the less it is decayed. It lies far above 1 "
            "because the gradients here are much smaller than 1, so the same λ decays far "
            "harder inside Adam than outside it."
        ),
        answer=_faster_decayed(l2_ratio),
        notes=(
            f"Measured, not computed from a formula: from each run's trained state, {FORK_STEPS} "
            "more steps once with weight decay and once without, on the same mini-batches; the "
            "difference per weight is what the decay did. The weights (not biases) are ranked "
            "by √v̂ and cut into 10 groups.",
            f"The training losses differ too: {l2.value(FINAL_LOSS):.3g} with L2 in Adam and "
            f"{decoupled.value(FINAL_LOSS):.3g} with AdamW at the same λ = {weight_decay:g}, "
            f"weight norms {l2.value(WEIGHT_NORM):.3g} and {decoupled.value(WEIGHT_NORM):.3g}: "
            "λ does not mean the same in the two, so a λ tuned for one does not carry over.",
            "Three spiral arms (300 points); a 32×32 ReLU network; mini-batches of 32.",
        ),
    )


# --- momentum past a local minimum ------------------------------------------------------------

MOMENTA = (0.0, 0.5, 0.9, 0.99)
REST_WINDOW = 20  # the last steps that must all stay near a minimum to count as at rest
REST_RADIUS = 0.05
DEEP, SHALLOW, MOVING = "deeper well", "shallow well", "still moving"
AT_REST = "at rest in"
CROSSINGS = "barrier crossings"
FINAL_X = "final x"


def _resting_place(
    path: Sequence[tuple[float, float]], deep: tuple[float, float], shallow: tuple[float, float]
) -> str:
    """Which minimum the last REST_WINDOW points all stay within REST_RADIUS of, if any."""
    tail = np.array(path[-REST_WINDOW:])
    for name, point in ((DEEP, deep), (SHALLOW, shallow)):
        if len(path) >= REST_WINDOW and np.hypot(*(tail - point).T).max() <= REST_RADIUS:
            return name
    return MOVING


def _crossings(xs: Sequence[float], barrier: float) -> int:
    """How many times the path went over the barrier's top, either way."""
    sides = np.sign(np.array(xs) - barrier)
    return int(np.count_nonzero(sides[1:] != sides[:-1]))


def smallest_resting_deep(places: Sequence[Metric]) -> int:
    """The prediction's option for the smallest momentum at rest in the deeper well, given
    each run's resting place (momentum 0, 0.5, 0.9, 0.99): 0 for "0.5 or less", 1 for 0.9,
    2 for 0.99, 3 for "none of them"."""
    first = next((index for index, place in enumerate(places) if place == DEEP), len(MOMENTA))
    return max(first - 1, 0)


def momentum_local_minimum(*, lr: float, steps: int, seed: int) -> DemoResult:
    """Gradient descent with momentum 0, 0.5, 0.9 and 0.99 from the same start on a tilted
    double well: which comes to rest in the deeper minimum beyond the shallow one."""
    surface = SURFACES["double-well"]
    if not isinstance(surface, TiltedDoubleWell):
        raise TypeError("the double-well surface must be a TiltedDoubleWell")
    rng = rng_for(seed)
    start = (surface.start[0] + rng.uniform(-0.25, 0.25), surface.start[1] + rng.uniform(-1, 1))
    deep, shallow, barrier = surface.minimum, surface.local_minimum, surface.barrier[0]
    runs = []
    for beta in MOMENTA:
        history = descend(surface, SGD(lr=lr, momentum=beta), steps=steps, start=start)
        xs = [x for x, _ in history.points]
        metrics: dict[str, Metric] = {
            FINAL_LOSS: math.inf if history.diverged else history.loss[-1],
            FINAL_X: xs[-1],
            AT_REST: _resting_place(history.points, deep, shallow),
            CROSSINGS: _crossings(xs, barrier),
        }
        runs.append(
            Run(
                label=f"momentum {beta:g}",
                series={"loss": tuple(history.loss), "x": tuple(xs)},
                metrics=metrics,
                path=tuple(history.points),
                diverged=history.diverged,
            )
        )
    places = [run.metrics[AT_REST] for run in runs]
    crossings = [run.count(CROSSINGS) or 0 for run in runs]
    plain, *_, heaviest = runs
    holds = (
        places[0] == SHALLOW
        and any(places[index] == DEEP for index in (1, 2))
        and crossings[-1] > max(crossings[1:-1])
    )
    heights = (surface.value(np.array(shallow)), surface.value(np.array(deep)))
    top = surface.value(np.array(surface.barrier))
    curvature = 12 * shallow[0] ** 2 - 4
    described = "; ".join(
        f"momentum {beta:g}: {place}, {count} crossing{'' if count == 1 else 's'}"
        for beta, place, count in zip(MOMENTA, places, crossings, strict=True)
    )
    fade = math.sqrt(MOMENTA[-1]) ** steps
    return DemoResult(
        name="momentum-local-minimum",
        title="Momentum past a local minimum",
        params={"lr": lr, "steps": steps, "seed": seed},
        runs=tuple(runs),
        charts=(
            Chart("Position along the wells per step", "x", "step", "x"),
            Chart("Loss per step", "loss", "step", "loss"),
        ),
        claim=(
            "Plain gradient descent stops at the first minimum it meets: there the gradient is "
            "zero and every nearby step points back in. Momentum keeps the speed gathered on "
            "the way down, enough to climb over a low barrier into a deeper well; with too "
            "much momentum the speed lasts so long that the path swings back and forth over "
            "the barrier, and the swings die out only slowly."
        ),
        claim_holds=holds,
        finding=(
            f"After {steps} steps at lr {lr:g} from ({start[0]:.2f}, {start[1]:.2f}): "
            f"{described}. The path ended at x = {plain.value(FINAL_X):.3g} without momentum "
            f"and at x = {heaviest.value(FINAL_X):.3g} with {MOMENTA[-1]:g}."
        ),
        look_for=(
            "Without momentum the path slides into the first well at x ≈ "
            f"{shallow[0]:.2f} and stays. With enough momentum (0.9 at the defaults) it runs "
            f"through that well, over the barrier at x ≈ {barrier:.2f} and settles in the "
            f"deeper well at x ≈ {deep[0]:.2f}. With 0.99 it swings from one well to the other "
            "again and again, each swing a little shorter; given enough steps (try 1000) it "
            "may come to rest too, in whichever well its last swing ends."
        ),
        surface="double-well",
        answer=smallest_resting_deep(places),
        notes=(
            f"The shallow well's bottom is a real minimum: gradient 0, curvature "
            f"{curvature:.2f} along x and {surface.curvature:g} along y, both positive; its "
            f"height is {heights[0]:.3f}, the deeper well's {heights[1]:.3f}, the barrier's "
            f"{top:.3f}.",
            "On a steady slope momentum β makes the step 1/(1 − β) times lr·gradient: 2× with "
            "0.5, 10× with 0.9, 100× with 0.99. Near a minimum the swings shrink by about √β "
            f"per step: with 0.99, to {fade:.0%} of their size after {steps} steps.",
            f"At rest means the last {REST_WINDOW} points all within {REST_RADIUS:g} of a "
            "minimum. The seed picks the start near (2, 0).",
        ),
    )


# --- learning-rate warm-up --------------------------------------------------------------------

WARMUP_START = 0.01  # the warm-up starts at this fraction of the peak lr
EARLY = 20  # the prediction's "within 20 steps"
START_LOSS = "start loss"
PEAK_RATIO = "peak / start"
OVERFLOW_STEP = "overflowed at step"
STEPS_RUN = "steps"
SHARPNESS = "sharpness at peak lr"
WARMUP_MOMENTUM = 0.9
POWER_ROUNDS = 12  # rounds of power iteration for the sharpness (converged by then here)
PROBE = 1e-4  # finite-difference step along the unit direction
GRADIENT_CHUNK = 50


def _flat_gradient(model: MLP, data: Dataset) -> Array:
    """The gradient of the whole training set's loss, every parameter in one vector: the
    size-weighted mean of the gradients of chunks of GRADIENT_CHUNK examples (small matrix
    products stay on one core, which on a busy machine is many times faster than one big
    product that BLAS spreads over threads)."""
    count = len(data.x_train)
    total = np.zeros(sum(param.size for param in model.params))
    for start in range(0, count, GRADIENT_CHUNK):
        x = data.x_train[start : start + GRADIENT_CHUNK]
        _, grads = model.loss_and_gradients(x, data.y_train[start : start + GRADIENT_CHUNK])
        total += _flat(grads) * (len(x) / count)
    return total


def _set_params(model: MLP, flat: Array) -> None:
    """Write one flat vector back into the model's parameters, in place."""
    offset = 0
    for param in model.params:
        param[...] = flat[offset : offset + param.size].reshape(param.shape)
        offset += param.size


def sharpness(model: MLP, data: Dataset, seed: int) -> float:
    """The training loss's sharpness: the largest eigenvalue of its Hessian at the model's
    weights, by power iteration on Hessian-vector products taken as differences of the
    gradient a small step apart. The weights are left as they were."""
    weights = _flat(model.params).copy()
    here = _flat_gradient(model, data)
    direction = rng_for(seed).normal(size=weights.size)
    direction /= np.linalg.norm(direction)
    eigenvalue = 0.0
    for _ in range(POWER_ROUNDS):
        _set_params(model, weights + PROBE * direction)
        product = (_flat_gradient(model, data) - here) / PROBE
        eigenvalue = float(direction @ product)
        direction = product / np.linalg.norm(product)
    _set_params(model, weights)
    return eigenvalue


class _SharpnessAt:
    """A schedule that steps another and, after ``step`` optimizer steps, measures the
    model's sharpness (to see how steep the loss is where the warm-up has led)."""

    def __init__(
        self, schedule: LinearLR, model: MLP, data: Dataset, *, step: int, seed: int
    ) -> None:
        self._schedule, self._model, self._data = schedule, model, data
        self._at, self._seed, self._count = step, seed, 0
        self.measured: float | None = None

    def step(self) -> None:
        """Step the schedule; measure once the given number of steps is done."""
        self._schedule.step()
        self._count += 1
        if self._count == self._at:
            self.measured = sharpness(self._model, self._data, self._seed)


def warmup(*, lr: float, warmup_steps: int, epochs: int, seed: int) -> DemoResult:
    """A ReLU network trained with SGD and momentum at a high learning rate: from the first
    step, or after a linear warm-up from 1% of it (LinearLR)."""
    data = make_dataset("curve", count=400, noise=0.2, seed=seed)
    config = MLPConfig((1, 64, 64, 1), task="regression")
    runs = []
    for label, ramp in (("no warm-up", 0), (f"warm-up over {warmup_steps} steps", warmup_steps)):
        rng = rng_for(seed)
        model = MLP(config, rng)
        optimizer = SGD(lr=lr, momentum=WARMUP_MOMENTUM)
        probe = None
        if ramp:
            linear = LinearLR(optimizer, start_factor=WARMUP_START, total_iters=ramp)
            probe = _SharpnessAt(linear, model, data, step=ramp, seed=seed)
        else:  # the peak lr from the first step: how steep is the loss there?
            at_peak = sharpness(model, data, seed)
        history = fit(model, optimizer, data, epochs=epochs, batch_size=32, rng=rng, schedule=probe)
        losses = history.step_loss
        start = losses[0] if losses else math.inf
        extra: dict[str, Metric] = {
            START_LOSS: start,
            PEAK_RATIO: max(losses, default=math.inf) / start,
            OVERFLOW_STEP: len(losses) if history.diverged else None,
            STEPS_RUN: len(losses),
            SHARPNESS: probe.measured if probe else at_peak,
        }
        run = fit_run(label, history, data, extra=extra)
        runs.append(dataclasses.replace(run, series={**run.series, "step_loss": tuple(losses)}))
    plain, warmed = runs
    plain_overflow = plain.count(OVERFLOW_STEP)
    total = warmed.count(STEPS_RUN) or 0
    reached_peak = warmup_steps < total
    limit = 2 * (1 + WARMUP_MOMENTUM) / lr  # sharpness above it: momentum SGD at lr diverges
    steep_start = plain.value(SHARPNESS)
    steep_peak = warmed.metrics[SHARPNESS]
    flattened = isinstance(steep_peak, float) and steep_peak < limit < steep_start
    holds = (
        plain_overflow is not None
        and not warmed.diverged
        and reached_peak
        and flattened
        and warmed.value(FINAL_LOSS) < warmed.value(START_LOSS) / 2
    )
    steepness = (
        f" The sharpness (the Hessian's largest eigenvalue) was {steep_start:.3g} at the start, "
        f"above the {limit:.3g} that momentum {WARMUP_MOMENTUM:g} at lr {lr:g} can take; "
        + (
            f"after the warm-up it was {steep_peak:.3g}."
            if isinstance(steep_peak, float)
            else "the warm-up never ended, so it was not measured at the peak."
        )
    )
    answer = 2 if plain_overflow is None else 0 if plain_overflow < EARLY else 1

    def outcome(run: Run) -> str:
        if run.diverged:
            return (
                f"overflowed at step {run.count(OVERFLOW_STEP)}, the last finite loss "
                f"{run.value(PEAK_RATIO):.3g} times the start"
            )
        return (
            f"trained for {run.count(STEPS_RUN)} steps, at most {run.value(PEAK_RATIO):.3g} "
            f"times the start, and ended at {run.value(FINAL_LOSS):.3g}"
        )

    return DemoResult(
        name="warmup",
        title="Learning-rate warm-up",
        params={"lr": lr, "warmup_steps": warmup_steps, "epochs": epochs, "seed": seed},
        runs=(plain, warmed),
        charts=(
            Chart("Training loss per step", "step_loss", "step", "loss (log scale)", log_y=True),
            Chart("Learning rate per step", "lr", "step", "lr"),
        ),
        claim=(
            "A freshly initialised network can be too steep for a high learning rate: the first "
            "steps overshoot, each makes the next gradient larger, and the loss blows up. A "
            "warm-up raises the rate from a small value over the first steps; meanwhile the "
            "weights move to where the loss is less sharply curved, below what the peak rate "
            "can take, and the same peak rate then trains."
        ),
        claim_holds=holds,
        finding=(
            f"At peak lr {lr:g} from a starting loss of {plain.value(START_LOSS):.3g}: without "
            f"warm-up the loss {outcome(plain)}; with {warmup_steps} warm-up steps it "
            f"{outcome(warmed)}"
            + ("." if reached_peak else f", never reaching the peak lr in {total} steps.")
            + steepness
        ),
        look_for=(
            (
                f"Without warm-up the loss shoots up until it overflows at step {plain_overflow}. "
                if plain_overflow is not None
                else f"At peak lr {lr:g} the run without warm-up trains too: this rate is not "
                "too high for the start (try 0.1). "
            )
            + "With warm-up the lr chart climbs in a straight line to the peak and then stays "
            "there; the loss may jump as the rate nears the peak, then settles and keeps "
            "falling: it is the start that needed the small steps, not the whole run."
        ),
        answer=answer,
        notes=(
            f"The warm-up is LinearLR(start_factor={WARMUP_START:g}, "
            f"total_iters={warmup_steps}): lr·{WARMUP_START:g} at step 0, rising by the same "
            "amount every step to lr, then held, as torch.optim.lr_scheduler.LinearLR does.",
            "On a quadratic with curvature h, SGD with momentum β is stable only while "
            f"lr·h < 2(1 + β): here a sharpness below {limit:.3g}. The sharpness is the largest "
            f"curvature of the whole training set's loss, by {POWER_ROUNDS} rounds of power "
            "iteration, at the start and when the warm-up reaches the peak.",
            "Regression on a noisy curve (300 training points); two ReLU layers of 64 units, "
            "He init; SGD with momentum 0.9, mini-batches of 32.",
        ),
    )


# --- batch size against learning rate ---------------------------------------------------------

SMALL_BATCH, SCALE = 16, 8
LR_FACTORS = (1.0, math.sqrt(SCALE), float(SCALE), 4.0 * SCALE)
SETTLED = "loss, last 3 epochs"
SETTLE_EPOCHS = 3


def _settled(history_loss: Sequence[float], diverged: bool) -> float:
    """The mean training loss of the last SETTLE_EPOCHS epochs (inf for a diverged run)."""
    if diverged or not history_loss:
        return math.inf
    return float(np.mean(history_loss[-SETTLE_EPOCHS:]))


def batch_size_vs_lr(*, lr: float, epochs: int, seed: int) -> DemoResult:
    """Batch 16 at ``lr`` against batch 128 at 1, √8, 8 and 32 times ``lr``, every run for the
    same number of epochs (so batch 128 takes 8 times fewer steps)."""
    data = _spirals(800, seed)
    config = MLPConfig((2, 32, 32, 3))
    settings = [(SMALL_BATCH, lr)] + [(SMALL_BATCH * SCALE, lr * f) for f in LR_FACTORS]
    runs = []
    for batch, rate in settings:
        rng = rng_for(seed)
        model = MLP(config, rng)
        history = fit(model, SGD(lr=rate), data, epochs=epochs, batch_size=batch, rng=rng)
        extra: dict[str, Metric] = {
            "batch": batch,
            "lr": rate,
            "steps": len(history.step_loss),
            SETTLED: _settled(history.train_loss, history.diverged),
        }
        runs.append(fit_run(f"{batch} at lr {rate:.3g}", history, data, extra=extra))
    reference, *large = runs
    target = reference.value(SETTLED)
    distance = [
        abs(math.log(run.value(SETTLED) / target))
        if math.isfinite(run.value(SETTLED))
        else math.inf
        for run in large
    ]
    closest = min(range(len(large)), key=distance.__getitem__)
    answer = closest if math.isfinite(distance[closest]) else None
    same_lr, *_ = large
    holds = answer == LR_FACTORS.index(float(SCALE)) and same_lr.value(SETTLED) > 2 * target
    listed = ", ".join(
        f"{factor:.2g} × lr: {run.value(SETTLED):.3g}"
        for factor, run in zip(LR_FACTORS, large, strict=True)
    )
    return DemoResult(
        name="batch-size-vs-lr",
        title="Batch size against learning rate",
        params={"lr": lr, "epochs": epochs, "seed": seed},
        runs=tuple(runs),
        charts=(TRAIN_LOSS,),
        claim=(
            "An epoch of batch 128 takes 8 times fewer steps than one of batch 16, each step "
            "following an average of 8 times as many gradients. At the same lr it falls behind; "
            "the linear scaling rule (Goyal et al.) multiplies lr by the batch's growth, 8, and "
            "the large batch keeps pace again, up to a limit where the rate is too large for "
            "the loss surface."
        ),
        claim_holds=holds,
        finding=(
            f"Mean training loss over the last {SETTLE_EPOCHS} of {epochs} epochs: batch "
            f"{SMALL_BATCH} at lr {lr:g}: {target:.3g}. Batch {SMALL_BATCH * SCALE} at "
            f"{listed}. Closest to batch {SMALL_BATCH}: {LR_FACTORS[closest]:.2g} × lr."
        ),
        look_for=(
            f"The batch-{SMALL_BATCH * SCALE} curve at the same lr lags far behind; at "
            f"{SCALE} × lr it follows batch {SMALL_BATCH}'s curve closely. At {4 * SCALE} × lr "
            "the steps are too long: the loss jumps, stalls or blows up. Try lr 0.1: "
            f"{SCALE} × lr is then 0.8, near the limit, and for some seeds it no longer keeps "
            "pace."
        ),
        answer=answer,
        notes=(
            f"Every run sees the data {epochs} times: batch {SMALL_BATCH} takes "
            f"{reference.count('steps')} steps, batch {SMALL_BATCH * SCALE} "
            f"{same_lr.count('steps')}. Goyal et al. also warm the rate up over the first "
            "epochs, which lets a larger scaled rate start safely.",
            "Three spiral arms (800 points); a 32×32 ReLU network; plain SGD.",
        ),
    )


# --- batch norm: training mode against evaluation mode -----------------------------------------

BN_BATCHES = (4, 16, 64)
SAME_SCORE = 0.02  # accuracies within this of each other count as the same
BATCH_STATS, RUNNING = "batch statistics (training mode)", "running averages (evaluation mode)"


def _accuracy_key(batch: int) -> str:
    return f"accuracy, batch {batch}"


def _loss_key(batch: int) -> str:
    return f"loss, batch {batch}"


def batch_statistics_score(
    model: MLP, data: Dataset, batch_size: int, seed: int
) -> tuple[float, float]:
    """Loss and accuracy on the training set in training mode: each mini-batch of
    ``batch_size`` normalized with its own statistics, as during training. The running
    averages are left as they were."""
    saved = [(mean.copy(), var.copy()) for mean, var in model.running]
    rng = rng_for(seed)
    count = len(data.x_train)
    outputs = np.zeros((count, data.outputs))
    order = rng.permutation(count)
    for start in range(0, count, batch_size):
        batch = order[start : start + batch_size]
        outputs[batch], _ = model.forward(data.x_train[batch], train=True, rng=rng)
    for (mean, var), (old_mean, old_var) in zip(model.running, saved, strict=True):
        mean[...], var[...] = old_mean, old_var
    labels = data.y_train
    accuracy = float((outputs.argmax(axis=1) == labels).mean())
    return model.data_loss(outputs, labels), accuracy


def batchnorm_train_vs_eval(*, lr: float, epochs: int, seed: int) -> DemoResult:
    """A batch-norm network trained with batches of 4, 16 and 64, each scored on its training
    set twice: normalizing with each batch's statistics (training mode) and with the running
    averages (evaluation mode)."""
    data = _spirals(240, seed)
    config = MLPConfig((2, 32, 32, 3), batch_norm=True)
    scores: dict[str, dict[str, Metric]] = {BATCH_STATS: {}, RUNNING: {}}
    for batch in BN_BATCHES:
        rng = rng_for(seed)
        model = MLP(config, rng)
        fit(model, Adam(lr=lr), data, epochs=epochs, batch_size=batch, rng=rng)
        loss, accuracy = batch_statistics_score(model, data, batch, seed + 1)
        scores[BATCH_STATS][_accuracy_key(batch)] = accuracy
        scores[BATCH_STATS][_loss_key(batch)] = loss
        scores[RUNNING][_accuracy_key(batch)] = model.accuracy(data.x_train, data.y_train)
        scores[RUNNING][_loss_key(batch)] = model.loss(data.x_train, data.y_train)
    runs = tuple(
        Run(
            label=label,
            series={
                "batch_size": tuple(float(b) for b in BN_BATCHES),
                "accuracy": tuple(float(metrics[_accuracy_key(b)] or 0) for b in BN_BATCHES),
                "loss": tuple(float(metrics[_loss_key(b)] or 0) for b in BN_BATCHES),
            },
            metrics=metrics,
        )
        for label, metrics in scores.items()
    )
    batch_mode, eval_mode = runs
    gaps = [
        eval_mode.value(_accuracy_key(b)) - batch_mode.value(_accuracy_key(b)) for b in BN_BATCHES
    ]
    smallest = BN_BATCHES[0]
    holds = gaps[0] > 2 * SAME_SCORE and gaps[0] > gaps[-1]
    answer = 2 if abs(gaps[0]) <= SAME_SCORE else 1 if gaps[0] > 0 else 0
    spread = [1.0 / math.sqrt(2 * (b - 1)) for b in BN_BATCHES]
    listed = "; ".join(
        f"batch {b}: {batch_mode.value(_accuracy_key(b)):.0%} with batch statistics, "
        f"{eval_mode.value(_accuracy_key(b)):.0%} with running averages"
        for b in BN_BATCHES
    )
    return DemoResult(
        name="batchnorm-train-vs-eval",
        title="Batch norm: training mode against evaluation mode",
        params={"lr": lr, "epochs": epochs, "seed": seed},
        runs=runs,
        charts=(
            Chart(
                "Training-set accuracy by batch size",
                "accuracy",
                "batch size (log scale)",
                "share classified right",
                x_key="batch_size",
                log_x=True,
            ),
            Chart(
                "Training-set loss by batch size",
                "loss",
                "batch size (log scale)",
                "loss (log scale)",
                log_y=True,
                x_key="batch_size",
                log_x=True,
            ),
        ),
        claim=(
            "In training mode batch norm normalizes each example with the mean and variance of "
            "its own mini-batch; in evaluation mode with running averages gathered during "
            "training. A small batch's statistics are noisy, so in training mode an example's "
            "output depends on which others share its batch, and the same network scores "
            "differently in the two modes; the gap closes as the batch grows."
        ),
        claim_holds=holds,
        finding=(
            f"After {epochs} epochs, on the training set: {listed}. The running averages "
            f"scored {100 * gaps[0]:+.0f} points against batch statistics at batch {smallest}, "
            f"{100 * gaps[-1]:+.0f} at batch {BN_BATCHES[-1]}."
        ),
        look_for=(
            "The two accuracy lines are far apart at batch 4 and meet by batch 64. The "
            "running-average line is the one the network shows at inference, and the one "
            "model.eval() gives in torch; a training loop's logged accuracy is the other."
        ),
        answer=answer,
        notes=(
            f"A batch of n gives its standard deviation with a relative error of about "
            f"1/√(2(n − 1)): {spread[0]:.0%} for 4, {spread[1]:.0%} for 16, {spread[2]:.0%} for "
            "64 examples; the running averages (momentum 0.1, as torch's BatchNorm1d) smooth "
            "over about the last 10 batches.",
            "Each batch size trains its own network from the same start. Three spiral arms "
            "(240 points); two layers of 32 ReLU units with batch norm; Adam.",
        ),
    )
