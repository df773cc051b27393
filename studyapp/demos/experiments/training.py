"""The training-practice demos: each trains the same network on the same data from the same
start, once with and once without the idea (early stopping, dropout, a penalty, batch norm,
clipping, a random start, ReLU instead of sigmoid), and compares what happened."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np

from studyapp.demos.data import Dataset, make_dataset
from studyapp.demos.experiments.common import (
    BEST_VAL_LOSS,
    FINAL_LOSS,
    FINAL_VAL_LOSS,
    VAL_ACCURACY,
    final,
    fit_run,
    rng_for,
)
from studyapp.demos.mlp import MLP, Activation, Array, Init, MLPConfig
from studyapp.demos.optimizers import SGD, Adam
from studyapp.demos.result import Chart, DemoResult, Metric, Run
from studyapp.demos.training import FitHistory, fit

BIG_NET = (2, 64, 64, 2)  # far more weights than the 40 noisy training points need
NEAR_ZERO = 0.01  # a weight this small counts as (almost) zero
TRAIN_EVAL_LOSS = "train loss"
GAP = "val − train"
BEST_EPOCH = "best epoch"
KEPT_VAL_LOSS = "val loss kept"
WEIGHT_NORM = "weight norm"
NEAR_ZERO_SHARE = "near-zero weights"
LARGEST_GRAD = "largest grad norm"
CLIPPED_STEPS = "steps clipped"
STEPS_RUN = "steps"
DISTINCT_UNITS = "distinct units"
UNIT_SPREAD = "unit spread"
FIRST_LAYER_GRAD = "first layer grad"
LAST_LAYER_GRAD = "last layer grad"
GRAD_RATIO = "first/last"
LATE_EPOCHS = 5
LATE_LOSS = f"loss, last {LATE_EPOCHS} epochs"
EARLY_SHARE = 1 / 4  # a best epoch in the first quarter of the run is the first option
HALF_SHARE = 1 / 2  # one in the second quarter the second; one in the second half the third

VAL_LOSS = Chart("Validation loss per epoch", "val_loss", "epoch", "loss", x_key="epoch")
TRAIN_LOSS = Chart(
    "Training loss per epoch", "train_loss", "epoch", "loss (log scale)", log_y=True, x_key="epoch"
)
GAP_CHART = Chart(
    "Validation minus training loss per epoch", "gap", "epoch", "val − train loss", x_key="epoch"
)


def _noisy_moons(seed: int) -> Dataset:
    """80 points of two moons with heavy noise, half of them held out for validation."""
    return make_dataset("moons", count=80, noise=0.35, seed=seed, val_fraction=0.5)


def _with_series(run: Run, **series: Sequence[float]) -> Run:
    """``run`` with more series (and an ``epoch`` series 1, 2, … for the per-epoch charts)."""
    epochs = len(run.series["train_loss"])
    added = {key: tuple(float(v) for v in values) for key, values in series.items()}
    return dataclasses.replace(
        run,
        series={**run.series, "epoch": tuple(float(e) for e in range(1, epochs + 1)), **added},
    )


def _train(
    config: MLPConfig,
    data: Dataset,
    optimizer: SGD | Adam,
    *,
    seed: int,
    epochs: int,
    batch_size: int | None = None,
    patience: int | None = None,
    clip_norm: float | None = None,
    eval_train: bool = False,
) -> tuple[MLP, FitHistory]:
    """A fresh network from ``seed``, trained with ``optimizer`` (full batch unless given)."""
    rng = rng_for(seed)
    model = MLP(config, rng)
    history = fit(
        model,
        optimizer,
        data,
        epochs=epochs,
        batch_size=batch_size or len(data.x_train),
        rng=rng,
        patience=patience,
        clip_norm=clip_norm,
        eval_train=eval_train,
    )
    return model, history


def _without_final_loss(run: Run) -> Run:
    """``run`` without the mean training-mode loss (with dropout noise or a penalty in it, it
    does not compare with the validation loss); the evaluation-mode one stands in for it."""
    metrics = {key: value for key, value in run.metrics.items() if key != FINAL_LOSS}
    return dataclasses.replace(run, metrics=metrics)


def _gap(history: FitHistory) -> list[float]:
    """Validation loss minus the training set's evaluation-mode loss, per epoch."""
    return [
        val - train for val, train in zip(history.val_loss, history.train_eval_loss, strict=True)
    ]


def _weights(model: MLP) -> Array:
    """Every weight of every weight matrix (not biases) in one flat array."""
    return np.concatenate(
        [p.ravel() for p, name in zip(model.params, model.names, strict=True) if name[0] == "W"]
    )


def _winner(values: dict[int, float], *, lowest: bool = True) -> int | None:
    """The option with strictly the lowest (or highest) value; None on a tie."""
    best = min(values.values()) if lowest else max(values.values())
    winners = [option for option, value in values.items() if value == best]
    return winners[0] if len(winners) == 1 else None


def early_stopping(*, lr: float, epochs: int, patience: int, seed: int) -> DemoResult:
    """Train a big network on a few noisy points for every epoch, and again with early
    stopping, which keeps the weights of the best validation epoch."""
    data = _noisy_moons(seed)
    config = MLPConfig(BIG_NET)
    _, full = _train(config, data, Adam(lr=lr), seed=seed, epochs=epochs)
    restored, stopped = _train(
        config, data, Adam(lr=lr), seed=seed, epochs=epochs, patience=patience
    )
    best_epoch = full.best_epoch + 1
    full_final = math.inf if full.diverged else final(full.val_loss)
    # Early stopping put back its best epoch's weights: its figures are of those weights.
    kept = math.inf if stopped.diverged else restored.loss(data.x_val, data.y_val)
    kept_accuracy = 0.0 if stopped.diverged else restored.accuracy(data.x_val, data.y_val)
    runs = (
        _with_series(
            fit_run(
                "train to the end",
                full,
                data,
                extra={BEST_EPOCH: best_epoch, KEPT_VAL_LOSS: full_final},
            )
        ),
        _with_series(
            fit_run(
                f"early stopping, patience {patience}",
                stopped,
                data,
                extra={
                    BEST_EPOCH: stopped.best_epoch + 1,
                    KEPT_VAL_LOSS: kept,
                    VAL_ACCURACY: kept_accuracy,
                },
            )
        ),
    )
    stop_epoch = len(stopped.val_loss)
    holds = stop_epoch < len(full.val_loss) and kept < full_final
    stop_phrase = (
        f"stopped after epoch {stop_epoch}"
        if stop_epoch < len(full.val_loss)
        else "never ran out of patience"
    )
    best_val = runs[0].value(BEST_VAL_LOSS)
    last_accuracy = runs[0].value(VAL_ACCURACY)
    share = best_epoch / len(full.val_loss)
    answer = 0 if share <= EARLY_SHARE else 1 if share <= HALF_SHARE else 2
    if best_epoch < len(full.val_loss):
        shape = (
            f"The validation curve falls, bottoms out at epoch {best_epoch} of "
            f"{len(full.val_loss)} and stays above that low while the training loss keeps going "
            "down: that widening gap is overfitting."
        )
    else:
        shape = (
            f"The validation loss was lowest at the last one, epoch {best_epoch}: the network "
            "had no time to fit the noise (try more epochs)."
        )
    return DemoResult(
        name="early-stopping",
        title="Early stopping",
        params={"lr": lr, "epochs": epochs, "patience": patience, "seed": seed},
        runs=runs,
        charts=(VAL_LOSS, TRAIN_LOSS),
        claim=(
            "A big network trained on a few noisy points starts to fit the noise: its validation "
            "loss reaches a minimum early and then rises while the training loss keeps falling. "
            "Early stopping ends training once the validation loss has not improved for a few "
            "epochs and puts back the best epoch's weights, whose validation loss is lower than "
            "the last epoch's."
        ),
        claim_holds=holds,
        finding=(
            f"The validation loss was lowest, {best_val:.3g}, after epoch {best_epoch} of "
            f"{len(full.val_loss)}; training on to the end brought the training loss to "
            f"{runs[0].value(FINAL_LOSS):.3g} but left the validation loss at {full_final:.3g}. "
            f"With patience {patience}, early stopping {stop_phrase} and put back the weights "
            f"of epoch {stopped.best_epoch + 1}: validation loss {kept:.3g}. Validation "
            f"accuracy: {last_accuracy:.0%} with the last weights, {kept_accuracy:.0%} with "
            "the kept ones."
        ),
        look_for=(
            f"{shape} The early-stopping curve ends a patience's worth of epochs after the "
            "best epoch, if it stops at all. The accuracies differ far "
            "less than the losses: overfitting here shows first as over-confident wrong "
            "answers, which the loss punishes and the accuracy does not count."
        ),
        answer=answer,
        notes=(
            "The early-stopping run's figures (validation loss kept, validation accuracy) are "
            "of the weights it put back when it stopped, its best epoch's, not its last.",
            "80 points of two noisy moons, half held out; a 64×64 ReLU network; full-batch Adam.",
        ),
    )


def dropout(*, rate: float, lr: float, epochs: int, seed: int) -> DemoResult:
    """The same big network on a few noisy points, trained with and without dropout."""
    data = _noisy_moons(seed)
    runs = []
    for label, p in (("without dropout", 0.0), ("with dropout", rate)):
        _, history = _train(
            MLPConfig(BIG_NET, dropout=p),
            data,
            Adam(lr=lr),
            seed=seed,
            epochs=epochs,
            eval_train=True,
        )
        gap = _gap(history)
        extra: dict[str, Metric] = {
            TRAIN_EVAL_LOSS: final(history.train_eval_loss),
            GAP: final(gap),
        }
        run = _without_final_loss(fit_run(label, history, data, extra=extra))
        runs.append(_with_series(run, train_eval_loss=history.train_eval_loss, gap=gap))
    plain, dropped = runs
    plain_gap, dropped_gap = plain.value(GAP), dropped.value(GAP)
    return DemoResult(
        name="dropout",
        title="Dropout against overfitting",
        params={"rate": rate, "lr": lr, "epochs": epochs, "seed": seed},
        runs=tuple(runs),
        charts=(GAP_CHART, VAL_LOSS),
        claim=(
            "Dropout zeroes a random share of the hidden units on every training step, so no "
            "unit can rely on particular others to memorise the training points: the gap between "
            "training and validation loss stays narrower than without it."
        ),
        claim_holds=dropped_gap < plain_gap,
        finding=(
            f"After {epochs} epochs, without dropout the training loss was "
            f"{plain.value(TRAIN_EVAL_LOSS):.3g} and the validation loss "
            f"{plain.value(FINAL_VAL_LOSS):.3g} (gap {plain_gap:.3g}); with dropout {rate:g} "
            f"they were {dropped.value(TRAIN_EVAL_LOSS):.3g} and "
            f"{dropped.value(FINAL_VAL_LOSS):.3g} (gap {dropped_gap:.3g})."
        ),
        look_for=(
            "Without dropout the gap keeps growing as the network fits the noise. With dropout "
            "it grows much more slowly; the training loss stays higher, the validation loss "
            "lower."
        ),
        answer=_winner({0: plain_gap, 1: dropped_gap}),
        notes=(
            "Both losses are measured with dropout switched off, as at inference time.",
            "80 points of two noisy moons, half held out; a 64×64 ReLU network; full-batch Adam.",
        ),
    )


def l1_l2(*, l1: float, l2: float, lr: float, epochs: int, seed: int) -> DemoResult:
    """The same network with no penalty, an L2 penalty and an L1 penalty on its weights."""
    data = _noisy_moons(seed)
    runs = []
    for label, config in (
        ("no penalty", MLPConfig(BIG_NET)),
        ("L2", MLPConfig(BIG_NET, l2=l2)),
        ("L1", MLPConfig(BIG_NET, l1=l1)),
    ):
        model, history = _train(
            config, data, SGD(lr=lr, momentum=0.9), seed=seed, epochs=epochs, eval_train=True
        )
        gap = _gap(history)
        sizes = np.abs(_weights(model))
        extra: dict[str, Metric] = {
            WEIGHT_NORM: float(np.sqrt((sizes * sizes).sum())),
            NEAR_ZERO_SHARE: float(np.mean(sizes < NEAR_ZERO)),
            TRAIN_EVAL_LOSS: final(history.train_eval_loss),
            GAP: final(gap),
        }
        run = _without_final_loss(fit_run(label, history, data, extra=extra))
        share = np.linspace(0.0, 1.0, 101)
        runs.append(
            _with_series(
                run,
                gap=gap,
                weight_share=share.tolist(),
                weight_size=np.quantile(sizes, share).tolist(),
            )
        )
    none, ridge, lasso = runs
    norms = [run.value(WEIGHT_NORM) for run in runs]
    zeros = [run.value(NEAR_ZERO_SHARE) for run in runs]
    gaps = [run.value(GAP) for run in runs]
    holds = (
        norms[1] < norms[0] and norms[2] < norms[0] and zeros[2] > zeros[1] and zeros[2] > zeros[0]
    )
    return DemoResult(
        name="l1-l2",
        title="L1 and L2 penalties",
        params={"l1": l1, "l2": l2, "lr": lr, "epochs": epochs, "seed": seed},
        runs=(none, ridge, lasso),
        charts=(
            Chart(
                "Weight sizes, smallest to largest",
                "weight_size",
                "share of the weights",
                "|w| (log scale)",
                log_y=True,
                x_key="weight_share",
            ),
            GAP_CHART,
        ),
        claim=(
            "A penalty on the weights keeps them small. L2 (l2/2·Σw²) shrinks every weight in "
            "proportion to its size, so few reach zero; L1 (l1·Σ|w|) pulls every weight toward "
            "zero by the same amount, so the weights the data does not need end at (almost) "
            "exactly zero: a sparse network."
        ),
        claim_holds=holds,
        finding=(
            f"Weight norm: {norms[0]:.3g} with no penalty, {norms[1]:.3g} with L2 {l2:g}, "
            f"{norms[2]:.3g} with L1 {l1:g}. Weights below {NEAR_ZERO:g} in size: "
            f"{zeros[0]:.0%}, {zeros[1]:.0%} and {zeros[2]:.0%}. Validation minus training "
            f"loss: {gaps[0]:.3g}, {gaps[1]:.3g} and {gaps[2]:.3g}."
        ),
        look_for=(
            "In the weight-size chart the L1 curve sits far below the others for a large share "
            "of the weights: those are the zeroed ones. The L2 curve is lower than no penalty "
            "all along, but smooth. Both penalties keep the validation gap below the unpenalised "
            "one."
        ),
        answer=_winner({0: zeros[0], 1: zeros[1], 2: zeros[2]}, lowest=False),
        notes=(
            "Full-batch SGD with momentum 0.9: with Adam, a penalty's gradient is rescaled per "
            "weight, which blurs the difference between L1 and L2.",
            "The training loss shown is the data loss without the penalty.",
        ),
    )


def batch_norm(*, lr: float, epochs: int, seed: int) -> DemoResult:
    """A deep tanh network trained at a high learning rate, with and without batch norm."""
    data = make_dataset("moons", count=200, noise=0.2, seed=seed)
    sizes = (2, 32, 32, 32, 32, 2)
    runs = []
    for label, normalize in (("without batch norm", False), ("with batch norm", True)):
        config = MLPConfig(sizes, activation="tanh", init="xavier", batch_norm=normalize)
        _, history = _train(
            config, data, SGD(lr=lr, momentum=0.9), seed=seed, epochs=epochs, batch_size=32
        )
        late = history.train_loss[-LATE_EPOCHS:]
        settled = math.inf if history.diverged or not late else float(np.mean(late))
        run = fit_run(label, history, data, extra={LATE_LOSS: settled})
        runs.append(_with_series(run))
    plain, normed = runs
    plain_loss, normed_loss = plain.value(LATE_LOSS), normed.value(LATE_LOSS)
    return DemoResult(
        name="batch-norm",
        title="Batch normalization",
        params={"lr": lr, "epochs": epochs, "seed": seed},
        runs=tuple(runs),
        charts=(TRAIN_LOSS,),
        claim=(
            "Batch normalization rescales each layer's inputs over the mini-batch, so their "
            "scale stays steady however the earlier weights change: the deep network trains "
            "smoothly at a learning rate where the same network without it is unstable."
        ),
        claim_holds=normed_loss < plain_loss,
        finding=(
            f"At learning rate {lr:g}, the training loss over the last {LATE_EPOCHS} of "
            f"{epochs} epochs averaged {plain_loss:.3g} without batch norm and {normed_loss:.3g} "
            f"with it (validation accuracy {plain.value(VAL_ACCURACY):.0%} and "
            f"{normed.value(VAL_ACCURACY):.0%})."
        ),
        look_for=(
            "Without batch norm the loss jumps around and climbs back up between epochs; with "
            "it the loss falls fast and stays down. Lower the learning rate and the plain "
            "network trains too, only more slowly."
        ),
        answer=_winner({0: plain_loss, 1: normed_loss}),
        notes=(
            "Two moons (200 points); four tanh layers of 32 units, Xavier init; SGD with "
            "momentum 0.9, mini-batches of 32.",
        ),
    )


CLIP_TUNED_RATES = (0.01, 0.02, 0.04)  # the unclipped baseline's grid
CLIPPED_SHARE = "share clipped"
RARE_SHARE = 0.25  # clipping on at most this share of the steps acts only at spikes


def gradient_clipping(*, lr: float, clip_norm: float, epochs: int, seed: int) -> DemoResult:
    """A deep ReLU network at a high learning rate with and without clipping the gradient norm
    at a threshold above its usual size, and without clipping at the best of a grid of lower
    rates."""
    data = make_dataset("curve", count=200, noise=0.1, seed=seed)
    config = MLPConfig((1, 32, 32, 32, 1), task="regression")

    def train(label: str, rate: float, limit: float) -> Run:
        # An infinite limit never clips but still records each step's gradient norm.
        _, history = _train(
            config,
            data,
            SGD(lr=rate, momentum=0.9),
            seed=seed,
            epochs=epochs,
            batch_size=16,
            clip_norm=limit,
        )
        norms = history.grad_norm
        clipped = sum(norm > limit for norm in norms)
        extra: dict[str, Metric] = {
            "lr": rate,
            STEPS_RUN: len(history.step_loss),
            LARGEST_GRAD: max(norms, default=math.inf),
            "median grad norm": float(np.median(norms)) if norms else math.inf,
            CLIPPED_STEPS: clipped,
            CLIPPED_SHARE: clipped / len(norms) if norms else 0.0,
            "start loss": history.step_loss[0] if history.step_loss else math.inf,
        }
        run = fit_run(label, history, data, extra=extra)
        return dataclasses.replace(
            run, series={**run.series, "step_loss": tuple(history.step_loss)}
        )

    plain = train(f"without clipping, lr {lr:g}", lr, math.inf)
    clipped = train(f"clipped at {clip_norm:g}, lr {lr:g}", lr, clip_norm)
    grid = [train(f"without clipping, lr {rate:g}", rate, math.inf) for rate in CLIP_TUNED_RATES]
    tuned = min(grid, key=lambda run: run.value(FINAL_LOSS))
    start_loss = clipped.value("start loss")
    share = clipped.value(CLIPPED_SHARE)
    trained = not clipped.diverged and clipped.value(FINAL_LOSS) < start_loss / 4
    holds = plain.diverged and trained and share <= RARE_SHARE
    answer = 0 if share <= RARE_SHARE else 2 if share >= 1 - RARE_SHARE else 1

    def largest(run: Run) -> str:
        norm = run.value(LARGEST_GRAD)
        return f"{norm:.3g}" if math.isfinite(norm) else "too large for a float"

    def outcome(run: Run) -> str:
        if run.diverged:
            return f"overflowed after {run.count(STEPS_RUN)} steps"
        return f"ended at loss {run.value(FINAL_LOSS):.3g}"

    return DemoResult(
        name="gradient-clipping",
        title="Gradient clipping against spikes",
        params={"lr": lr, "clip_norm": clip_norm, "epochs": epochs, "seed": seed},
        runs=(plain, clipped, tuned),
        charts=(
            Chart(
                "Gradient norm per step (before clipping)",
                "grad_norm",
                "step",
                "norm (log scale)",
                log_y=True,
                level=clip_norm,
                level_label=f"clip_norm {clip_norm:g}",
            ),
            Chart("Training loss per step", "step_loss", "step", "loss (log scale)", log_y=True),
        ),
        claim=(
            "Where the loss surface is steep the gradient spikes, and one plain step at a high "
            "rate throws the weights far away, where the gradient is larger still: the loss "
            "blows up. Clipping the gradient's norm at a threshold above its usual size acts "
            "only on those spikes, a small share of the steps, and that is enough to keep the "
            "same rate from blowing up. It does not make the high rate better than a "
            "well-chosen lower one: clipping rescues a run from spikes, it is not a smaller step."
        ),
        claim_holds=holds,
        finding=(
            f"From a starting loss of {start_loss:.3g}: without clipping at lr {lr:g} training "
            f"{outcome(plain)} (largest gradient norm {largest(plain)}); clipped at "
            f"{clip_norm:g} it {outcome(clipped)}, clipping {clipped.count(CLIPPED_STEPS)} of "
            f"{clipped.count(STEPS_RUN)} steps ({share:.0%}; median gradient norm "
            f"{clipped.value('median grad norm'):.3g}, largest {largest(clipped)}). Without "
            f"clipping at the best of the lower rates, {tuned.value('lr'):g}, it "
            f"{outcome(tuned)}."
        ),
        look_for=(
            "Without clipping the gradient norm grows by orders of magnitude within a few steps "
            "and the loss shoots up until it overflows. With clipping the gradient (measured "
            "before clipping) still spikes, mostly in the first few dozen steps, but no step "
            "uses more than clip_norm of it; after that the norm stays below the threshold and "
            "clipping hardly ever acts. The tuned lower rate needs no clipping at all."
        ),
        answer=answer,
        notes=(
            "Regression on a noisy curve; three ReLU layers of 32 units, He init; SGD with "
            "momentum 0.9, mini-batches of 16. Clipping scales the whole gradient, like "
            "torch.nn.utils.clip_grad_norm_.",
            "The unclipped baseline is tuned: it runs at each rate of "
            + ", ".join(f"{rate:g}" for rate in CLIP_TUNED_RATES)
            + " and the run shown ended lowest.",
        ),
    )


def _hidden_units(model: MLP) -> Array:
    """One row per hidden unit: its incoming weights and its bias."""
    weights, bias = model.params[0], model.params[1]
    units: Array = np.vstack([weights, bias[None, :]]).T
    return units


def _distinct(units: Array) -> int:
    """How many rows differ from every earlier row (beyond rounding)."""
    tolerance = 1e-9 * (1.0 + float(np.abs(units).max()))
    kept: list[Array] = []
    for unit in units:
        if all(float(np.abs(unit - other).max()) > tolerance for other in kept):
            kept.append(unit)
    return len(kept)


def init_symmetry(*, value: float, hidden: int, lr: float, epochs: int, seed: int) -> DemoResult:
    """A one-hidden-layer network whose weights all start equal, against a random start."""
    data = make_dataset("moons", count=200, noise=0.1, seed=seed)
    runs = []
    for label, equal in (("equal start", True), ("random start (Xavier)", False)):
        rng = rng_for(seed)
        model = MLP(MLPConfig((2, hidden, 2), activation="tanh", init="xavier"), rng)
        if equal:
            for param, name in zip(model.params, model.names, strict=True):
                param[...] = value if name[0] == "W" else 0.0
        history = fit(model, SGD(lr=lr, momentum=0.9), data, epochs=epochs, batch_size=16, rng=rng)
        units = _hidden_units(model)
        extra: dict[str, Metric] = {
            DISTINCT_UNITS: _distinct(units),
            UNIT_SPREAD: float(np.abs(units - units.mean(axis=0)).max()),
        }
        runs.append(_with_series(fit_run(label, history, data, extra=extra)))
    equal_run, random_run = runs
    copies, varied = equal_run.count(DISTINCT_UNITS), random_run.count(DISTINCT_UNITS)
    equal_loss, random_loss = equal_run.value(FINAL_LOSS), random_run.value(FINAL_LOSS)
    holds = copies == 1 and varied == hidden and random_loss < equal_loss
    answer = 0 if copies == 1 else 2 if copies == hidden else 1
    return DemoResult(
        name="init-symmetry",
        title="Breaking symmetry at initialisation",
        params={"value": value, "hidden": hidden, "lr": lr, "epochs": epochs, "seed": seed},
        runs=(equal_run, random_run),
        charts=(
            TRAIN_LOSS,
            Chart(
                "Validation accuracy per epoch", "val_accuracy", "epoch", "accuracy", x_key="epoch"
            ),
        ),
        claim=(
            "Hidden units that start with the same weights compute the same output, get the "
            "same gradient and take the same step, so they stay copies of one another: the "
            "layer acts like a single unit and cannot learn the curved boundary. A random start "
            "breaks the symmetry."
        ),
        claim_holds=holds,
        finding=(
            f"After {epochs} epochs the equal start had {copies} distinct hidden "
            f"unit{'' if copies == 1 else 's'} of {hidden} (largest difference from the mean "
            f"unit {equal_run.value(UNIT_SPREAD):.3g}), training loss {equal_loss:.3g} and "
            f"validation accuracy {equal_run.value(VAL_ACCURACY):.0%}; the random start had "
            f"{varied} distinct units, loss {random_loss:.3g} and accuracy "
            f"{random_run.value(VAL_ACCURACY):.0%}."
        ),
        look_for=(
            "The equal start's loss levels off early, at what one hidden unit can do (a "
            "straight boundary through the moons); the random start keeps going down. With "
            "value 0 the tanh units output 0 and get no gradient at all, so nothing but the "
            "output bias learns."
        ),
        answer=answer,
        notes=(
            "Two moons (200 points, little noise); one tanh hidden layer; SGD with momentum "
            "0.9, mini-batches of 16. The equal start sets every weight to value, every bias "
            "to 0.",
        ),
    )


def _layer_gradient_norms(model: MLP, data: Dataset) -> list[float]:
    """The norm of each weight matrix's gradient on the whole training set, input first."""
    _, grads = model.loss_and_gradients(data.x_train, data.y_train)
    return [
        float(np.linalg.norm(grad))
        for grad, name in zip(grads, model.names, strict=True)
        if name[0] == "W"
    ]


RATIO_BANDS = (0.1, 1e-3, 1e-6)  # first/last at or above each: about 1, 1/100, 1/10,000


def vanishing_gradients(
    *, layers: int, activation: str, init: str, lr: float, epochs: int, seed: int
) -> DemoResult:
    """A deep network with the chosen activation and initialisation against a ReLU network
    with He init: per-layer gradient sizes at the start, and training loss."""
    data = make_dataset("moons", count=200, noise=0.2, seed=seed)
    sizes = (2, *([32] * layers), 2)
    chosen_activation: Activation = (
        "relu" if activation == "relu" else "tanh" if activation == "tanh" else "sigmoid"
    )
    chosen_init: Init = "he" if init == "he" else "small" if init == "small" else "xavier"
    choices: tuple[tuple[str, Activation, Init], ...] = (
        (f"{chosen_activation}, {chosen_init} init", chosen_activation, chosen_init),
        ("reference: relu, he init", "relu", "he"),
    )
    runs = []
    for label, act, start in choices:
        rng = rng_for(seed)
        model = MLP(MLPConfig(sizes, activation=act, init=start), rng)
        norms = _layer_gradient_norms(model, data)
        history = fit(model, SGD(lr=lr, momentum=0.9), data, epochs=epochs, batch_size=32, rng=rng)
        extra: dict[str, Metric] = {
            FIRST_LAYER_GRAD: norms[0],
            LAST_LAYER_GRAD: norms[-1],
            GRAD_RATIO: norms[0] / norms[-1],
        }
        run = fit_run(label, history, data, extra=extra)
        layer = [float(index) for index in range(1, len(norms) + 1)]
        runs.append(_with_series(run, layer=layer, layer_grad_norm=norms))
    studied, relu = runs
    ratio, relu_ratio = studied.value(GRAD_RATIO), relu.value(GRAD_RATIO)
    holds = (
        chosen_activation == "sigmoid"
        and ratio < 0.01 * relu_ratio
        and relu.value(FINAL_LOSS) < studied.value(FINAL_LOSS)
    )
    answer = next(
        (index for index, floor in enumerate(RATIO_BANDS) if ratio >= floor), len(RATIO_BANDS)
    )
    return DemoResult(
        name="vanishing-gradients",
        title="Vanishing gradients in a deep sigmoid network",
        params={
            "layers": layers,
            "activation": activation,
            "init": init,
            "lr": lr,
            "epochs": epochs,
            "seed": seed,
        },
        runs=(studied, relu),
        charts=(
            Chart(
                "Gradient norm per layer at the start",
                "layer_grad_norm",
                "layer (1 is next to the input)",
                "norm (log scale)",
                log_y=True,
                x_key="layer",
            ),
            TRAIN_LOSS,
        ),
        claim=(
            "Backpropagation multiplies the gradient by every layer's weights and activation "
            "slope on the way down. A sigmoid's slope is at most 1/4, so even with Xavier "
            "initialisation, which keeps the weights' scale right, the gradient of a deep "
            "sigmoid network shrinks layer by layer toward the input and the first layers "
            "barely learn; a too-small initialisation makes it far worse. ReLU with He "
            "initialisation keeps the gradient's size across the layers."
        ),
        claim_holds=holds,
        finding=(
            f"With {layers} hidden layers, the first layer's gradient was {ratio:.2g} times "
            f"the last layer's with {chosen_activation} and {chosen_init} init, and "
            f"{relu_ratio:.2g} times with ReLU and He init. After {epochs} epochs the training "
            f"loss was {studied.value(FINAL_LOSS):.3g} and {relu.value(FINAL_LOSS):.3g}."
        ),
        look_for=(
            "On the log scale the sigmoid network's gradient norms fall in a straight line "
            "toward layer 1, by a similar factor (about 4 or more) at each layer; the ReLU "
            "network's stay level. Try init small (the sigmoid's slope and a bad scale "
            "together) and activation tanh (slope up to 1 with Xavier init) to tell the two "
            "causes apart."
        ),
        answer=answer,
        notes=(
            "Gradient norms are of each weight matrix's gradient on the whole training set, at "
            "the initial weights.",
            "Two moons (200 points); hidden layers of 32 units; SGD with momentum 0.9, "
            "mini-batches of 32. Xavier: std √(2/(fan_in + fan_out)); He: std √(2/fan_in); "
            "small: std 0.01.",
        ),
    )
