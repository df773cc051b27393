"""The optimizer demos: each compares optimizers on the same problem from the same start."""

from __future__ import annotations

from studyapp.demos.data import make_dataset
from studyapp.demos.experiments.common import (
    FINAL_LOSS,
    count_phrase,
    first_of,
    fit_run,
    rng_for,
    steps_to_key,
    surface_run,
)
from studyapp.demos.mlp import MLP, MLPConfig
from studyapp.demos.optimizers import SGD
from studyapp.demos.result import Chart, DemoResult
from studyapp.demos.surfaces import SURFACES
from studyapp.demos.training import fit

LOSS_PER_STEP = Chart("Loss per step", "loss", "step", "loss (log scale)", log_y=True)
TRAIN_LOSS = Chart("Training loss per epoch", "train_loss", "epoch", "loss", log_y=True)


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
