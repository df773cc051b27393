"""The MLP's hand-written backward pass against finite differences, for every option."""

from __future__ import annotations

import numpy as np
import pytest

from studyapp.demos.data import make_dataset
from studyapp.demos.mlp import MLP, MLPConfig

CASES = {
    "plain relu": MLPConfig((2, 5, 3)),
    "tanh, two hidden layers": MLPConfig((2, 4, 4, 3), activation="tanh", init="xavier"),
    "sigmoid": MLPConfig((2, 3, 3), activation="sigmoid"),
    "l2": MLPConfig((2, 5, 3), activation="tanh", l2=0.3),
    "l1": MLPConfig((2, 5, 3), activation="tanh", l1=0.2),
    "dropout": MLPConfig((2, 6, 3), activation="tanh", dropout=0.4),
    "batch norm": MLPConfig((2, 5, 4, 3), activation="tanh", batch_norm=True),
    "everything": MLPConfig(
        (2, 6, 5, 3), activation="tanh", batch_norm=True, dropout=0.3, l1=0.05, l2=0.1
    ),
    "regression": MLPConfig((1, 6, 1), task="regression", activation="tanh"),
}


def _batch(config: MLPConfig) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(7, config.sizes[0]))
    if config.task == "regression":
        return x, rng.normal(size=(7, 1))
    return x, rng.integers(0, config.sizes[-1], 7)


@pytest.mark.parametrize("config", CASES.values(), ids=CASES.keys())
def test_gradients_match_finite_differences(config: MLPConfig) -> None:
    model = MLP(config, np.random.default_rng(0))
    x, y = _batch(config)

    def loss() -> float:  # the same dropout masks every time: a fresh generator
        return model.loss_and_gradients(x, y, np.random.default_rng(5))[0]

    _, grads = model.loss_and_gradients(x, y, np.random.default_rng(5))
    assert [g.shape for g in grads] == [p.shape for p in model.params]
    step = 1e-6
    for param, grad in zip(model.params, grads, strict=True):
        numeric = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            kept = param[index]
            param[index] = kept + step
            up = loss()
            param[index] = kept - step
            down = loss()
            param[index] = kept
            numeric[index] = (up - down) / (2 * step)
        # L1's kink at 0 aside (no weight sits exactly at 0 here), central differences agree
        np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-7)


def test_parameters_come_in_a_fixed_named_order() -> None:
    model = MLP(MLPConfig((2, 4, 3, 2), batch_norm=True), np.random.default_rng(0))
    assert model.names == ["W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"]


def test_initialisations_have_their_scales() -> None:
    rng = np.random.default_rng(0)
    he = MLP(MLPConfig((400, 300, 2), init="he"), rng).params[0]
    xavier = MLP(MLPConfig((400, 300, 2), init="xavier"), rng).params[0]
    zeros = MLP(MLPConfig((400, 300, 2), init="zeros"), rng).params[0]
    assert he.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert xavier.std() == pytest.approx(np.sqrt(2 / 700), rel=0.02)
    assert not zeros.any()


def test_zero_initialisation_keeps_hidden_units_identical() -> None:
    model = MLP(MLPConfig((2, 4, 2), activation="tanh", init="zeros"), np.random.default_rng(0))
    model.params[0][:] = 0.3  # every hidden unit starts the same (but not dead)
    x, y = _batch(model.config)
    _, grads = model.loss_and_gradients(x, y)
    assert np.allclose(grads[0], grads[0][:, :1])  # same gradient for each unit: no symmetry break


def test_evaluation_is_deterministic_and_uses_running_statistics() -> None:
    model = MLP(MLPConfig((2, 5, 3), dropout=0.5, batch_norm=True), np.random.default_rng(0))
    x, y = _batch(model.config)
    before = model.loss(x, y)
    assert model.loss(x, y) == before  # no dropout, no batch statistics at evaluation
    model.loss_and_gradients(x, y, np.random.default_rng(1))
    mean, var = model.running[0]
    assert mean.any()
    assert not np.allclose(var, 1.0)


def test_dropout_scales_kept_units() -> None:
    model = MLP(MLPConfig((3, 2000, 2), activation="relu", dropout=0.5), np.random.default_rng(0))
    x = np.ones((1, 3))
    _, cache = model.forward(x, train=True, rng=np.random.default_rng(2))
    mask = cache.masks[0]
    assert mask is not None
    assert set(np.unique(mask)) == {0.0, 2.0}
    assert mask.mean() == pytest.approx(1.0, abs=0.05)


@pytest.mark.parametrize(
    "config",
    [
        {"sizes": (2,)},
        {"sizes": (2, 0, 2)},
        {"sizes": (2, 2), "dropout": 1.0},
        {"sizes": (2, 2), "l2": -1.0},
        {"sizes": (2, 2), "activation": "gelu"},
        {"sizes": (2, 2), "init": "orthogonal"},
    ],
)
def test_bad_configurations_are_refused(config: dict) -> None:
    with pytest.raises(ValueError, match=r"must|needs|cannot"):
        MLPConfig(**config)


def test_datasets_are_seeded_and_split() -> None:
    first, again = make_dataset("moons", 200, seed=3), make_dataset("moons", 200, seed=3)
    np.testing.assert_array_equal(first.x_train, again.x_train)
    assert (len(first.x_train), len(first.x_val)) == (150, 50)
    assert set(np.unique(first.y_train)) == {0, 1}
    spirals = make_dataset("spirals", 300, seed=1)
    assert (spirals.classes, spirals.outputs, spirals.inputs) == (3, 3, 2)
    curve = make_dataset("curve", 100, noise=0.0, seed=1)
    assert curve.task == "regression"
    assert curve.outputs == 1
    np.testing.assert_allclose(
        curve.y_train[:, 0], np.sin(2 * curve.x_train[:, 0]) + 0.5 * curve.x_train[:, 0]
    )
    with pytest.raises(ValueError, match="unknown dataset"):
        make_dataset("mnist")
