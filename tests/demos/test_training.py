"""The training loops: surfaces walked, an MLP fitted, clipping, early stopping, divergence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from studyapp.demos.data import make_dataset
from studyapp.demos.mlp import MLP, MLPConfig
from studyapp.demos.surfaces import SURFACES
from studyapp.demos.training import clip_grad_norm, descend, fit


class PlainSGD:
    """p ← p − lr·g: enough to drive the loops without the optimizers module."""

    def __init__(self, lr: float) -> None:
        self.param_group: dict[str, Any] = {"lr": lr}

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        for param, grad in zip(params, grads, strict=True):
            param -= self.param_group["lr"] * grad


class Halving:
    """Halves the learning rate every step."""

    def __init__(self, optimizer: PlainSGD) -> None:
        self.optimizer = optimizer

    def step(self) -> None:
        self.optimizer.param_group["lr"] /= 2


def test_descent_on_the_ravine_converges_below_the_stability_limit() -> None:
    ravine = SURFACES["ravine"]  # curvature 25 across: plain GD is stable for lr < 2/25
    path = descend(ravine, PlainSGD(0.07), steps=300)
    assert not path.diverged
    assert len(path.points) == len(path.loss) == 301
    assert path.points[0] == ravine.start
    assert path.loss[-1] < 1e-6
    assert path.steps_to(0.1) is not None


def test_descent_diverges_above_the_stability_limit() -> None:
    path = descend(SURFACES["ravine"], PlainSGD(0.09), steps=1000)
    assert path.diverged
    assert len(path.loss) < 1000
    assert path.steps_to(0.1) is None


def test_a_schedule_is_stepped_once_per_step() -> None:
    optimizer = PlainSGD(0.04)
    path = descend(SURFACES["ravine"], optimizer, steps=4, schedule=Halving(optimizer))
    assert path.lr == [0.04, 0.02, 0.01, 0.005]


def test_clipping_scales_the_joint_norm_like_torch() -> None:
    grads = [np.array([3.0, 0.0]), np.array([[4.0]])]
    norm = clip_grad_norm(grads, 1.0)
    assert norm == 5.0
    factor = 1.0 / (5.0 + 1e-6)
    np.testing.assert_allclose(grads[0], [3.0 * factor, 0.0])
    small = [np.array([0.3, 0.4])]
    assert clip_grad_norm(small, 1.0) == pytest.approx(0.5)
    np.testing.assert_array_equal(small[0], [0.3, 0.4])  # under the limit: untouched


def test_an_mlp_learns_the_moons() -> None:
    data = make_dataset("moons", 400, noise=0.15, seed=0)
    rng = np.random.default_rng(0)
    model = MLP(MLPConfig((2, 16, 2), activation="tanh", init="xavier"), rng)
    history = fit(model, PlainSGD(0.5), data, epochs=60, batch_size=32, rng=rng)
    assert not history.diverged
    assert len(history.train_loss) == len(history.val_loss) == 60
    assert history.train_loss[-1] < history.train_loss[0] / 3
    assert history.val_accuracy[-1] > 0.9
    assert len(history.lr) == 60 * 10  # 300 training examples in batches of 32


def test_early_stopping_stops_after_patience_epochs_without_improvement() -> None:
    data = make_dataset("curve", 60, noise=0.5, seed=2)
    rng = np.random.default_rng(0)
    model = MLP(MLPConfig((1, 64, 64, 1), task="regression", activation="tanh"), rng)
    history = fit(model, PlainSGD(0.05), data, epochs=500, batch_size=8, rng=rng, patience=10)
    stopped = len(history.val_loss)
    assert stopped < 500
    assert stopped - 1 - history.best_epoch == 10


def test_early_stopping_puts_back_the_best_epochs_weights() -> None:
    data = make_dataset("curve", 60, noise=0.5, seed=2)
    rng = np.random.default_rng(0)
    model = MLP(MLPConfig((1, 64, 64, 1), task="regression", activation="tanh"), rng)
    history = fit(model, PlainSGD(0.05), data, epochs=500, batch_size=8, rng=rng, patience=10)
    best = history.val_loss[history.best_epoch]
    assert history.val_loss[-1] > best  # the last epoch's weights were worse…
    assert model.loss(data.x_val, data.y_val) == best  # …and the best epoch's are back


def test_without_patience_the_last_weights_stay() -> None:
    data = make_dataset("curve", 60, noise=0.5, seed=2)
    rng = np.random.default_rng(0)
    model = MLP(MLPConfig((1, 16, 1), task="regression", activation="tanh"), rng)
    history = fit(model, PlainSGD(0.05), data, epochs=5, batch_size=8, rng=rng)
    assert model.loss(data.x_val, data.y_val) == history.val_loss[-1]


def test_a_diverging_fit_is_marked() -> None:
    data = make_dataset("moons", 100, seed=0)
    rng = np.random.default_rng(0)
    model = MLP(MLPConfig((2, 8, 2)), rng)
    history = fit(model, PlainSGD(1e6), data, epochs=20, batch_size=10, rng=rng)
    assert history.diverged


def test_the_real_optimizers_and_schedules_drive_the_loops() -> None:
    from studyapp.demos.optimizers import SGD, Adam
    from studyapp.demos.schedules import OneCycleLR, StepLR

    optimizer = SGD(lr=0.05, momentum=0.9)
    schedule = StepLR(optimizer, step_size=10, gamma=0.5)
    path = descend(SURFACES["ravine"], optimizer, steps=30, schedule=schedule)
    assert path.lr[:10] == [0.05] * 10
    assert path.lr[10:20] == [0.025] * 10
    adam = Adam(lr=0.01)
    cycle = OneCycleLR(adam, max_lr=0.1, total_steps=50)
    walk = descend(SURFACES["rosenbrock"], adam, steps=50, schedule=cycle)
    assert max(walk.lr) == pytest.approx(0.1, rel=1e-3)
    assert adam.param_group["betas"][0] != 0.9  # beta1 cycles with the learning rate


def test_each_steps_loss_is_recorded_and_averages_to_the_epochs_loss() -> None:
    data = make_dataset("moons", 100, seed=0)
    rng = np.random.default_rng(0)
    model = MLP(MLPConfig((2, 8, 2)), rng)
    history = fit(model, PlainSGD(0.1), data, epochs=3, batch_size=25, rng=rng)
    assert len(history.step_loss) == len(history.lr) == 3 * 3  # 75 examples, batches of 25
    for epoch in range(3):
        steps = history.step_loss[epoch * 3 : epoch * 3 + 3]
        assert np.mean(steps) == history.train_loss[epoch]


def test_eval_train_records_the_training_sets_loss_without_dropout() -> None:
    data = make_dataset("moons", 100, seed=0)
    rng = np.random.default_rng(0)
    model = MLP(MLPConfig((2, 16, 2), dropout=0.5, l2=0.1), rng)
    history = fit(model, PlainSGD(0.1), data, epochs=4, batch_size=25, rng=rng, eval_train=True)
    assert len(history.train_eval_loss) == 4
    assert history.train_eval_loss[-1] == model.loss(data.x_train, data.y_train)
    assert history.train_eval_loss[-1] < history.train_loss[-1]  # no dropout noise, no penalty
    plain = fit(model, PlainSGD(0.1), data, epochs=2, batch_size=25, rng=rng)
    assert plain.train_eval_loss == []
