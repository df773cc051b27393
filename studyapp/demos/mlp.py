"""A small multilayer perceptron in NumPy, with its backward pass written out by hand.

Layers are ``linear → [batch norm] → activation → [dropout]`` for each hidden layer, then a
linear output: softmax cross-entropy for classification, mean squared error for regression.
Options cover the ideas the cards ask about: initialisation (He, Xavier, small random, zeros),
dropout (inverted: kept units scaled by 1/(1−p) in training), L1 and L2 penalties on the
weights (not the biases), and batch normalisation (batch statistics in training, running
averages with momentum 0.1 in evaluation, like PyTorch's BatchNorm1d).

The parameters are a flat list of float64 arrays in a fixed order, so any optimizer of
:mod:`studyapp.demos.optimizers` can step them; :meth:`MLP.loss_and_gradients` returns the
gradients in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Activation = Literal["relu", "tanh", "sigmoid"]
Init = Literal["he", "xavier", "small", "zeros"]
Task = Literal["classification", "regression"]
ACTIVATIONS: tuple[Activation, ...] = ("relu", "tanh", "sigmoid")
INITS: tuple[Init, ...] = ("he", "xavier", "small", "zeros")
BN_EPS = 1e-5
BN_MOMENTUM = 0.1


@dataclass(frozen=True)
class MLPConfig:
    """The shape of the network and its regularisation."""

    sizes: tuple[int, ...]  # inputs, hidden layers..., outputs
    task: Task = "classification"
    activation: Activation = "relu"
    init: Init = "he"
    dropout: float = 0.0
    l1: float = 0.0
    l2: float = 0.0
    batch_norm: bool = False

    def __post_init__(self) -> None:
        if len(self.sizes) < 2 or any(size < 1 for size in self.sizes):
            raise ValueError("sizes needs at least an input and an output size, all positive")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}")
        if self.init not in INITS:
            raise ValueError(f"init must be one of {', '.join(INITS)}")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError("dropout must be at least 0 and below 1")
        if self.l1 < 0 or self.l2 < 0:
            raise ValueError("penalties cannot be negative")


@dataclass
class _Cache:
    """What the backward pass needs from one forward pass."""

    inputs: list[Array] = field(default_factory=list)  # input of each linear layer
    pre: list[Array] = field(default_factory=list)  # hidden pre-activations (after BN)
    normalized: list[Array] = field(default_factory=list)  # BN's x̂
    inv_std: list[Array] = field(default_factory=list)  # BN's 1/sqrt(var + eps)
    masks: list[Array | None] = field(default_factory=list)  # dropout masks (scaled)


class MLP:
    """The network: parameters, running batch-norm statistics, forward and backward passes."""

    def __init__(self, config: MLPConfig, rng: np.random.Generator) -> None:
        self.config = config
        self.params: list[Array] = []
        self.names: list[str] = []
        self.running: list[tuple[Array, Array]] = []  # BN running mean and variance per layer
        layers = len(config.sizes) - 1
        for index, (fan_in, fan_out) in enumerate(
            zip(config.sizes[:-1], config.sizes[1:], strict=True)
        ):
            self.params += [_init_weights(config.init, fan_in, fan_out, rng), np.zeros(fan_out)]
            self.names += [f"W{index + 1}", f"b{index + 1}"]
            if config.batch_norm and index < layers - 1:
                self.params += [np.ones(fan_out), np.zeros(fan_out)]
                self.names += [f"gamma{index + 1}", f"beta{index + 1}"]
                self.running.append((np.zeros(fan_out), np.ones(fan_out)))

    @property
    def hidden_layers(self) -> int:
        """Layers between the input and the output."""
        return len(self.config.sizes) - 2

    def _layer_params(self) -> list[tuple[Array, Array, Array | None, Array | None]]:
        """(W, b, gamma, beta) per layer; gamma and beta are None without batch norm."""
        out, position = [], 0
        for index in range(len(self.config.sizes) - 1):
            weights, bias = self.params[position], self.params[position + 1]
            position += 2
            gamma = beta = None
            if self.config.batch_norm and index < self.hidden_layers:
                gamma, beta = self.params[position], self.params[position + 1]
                position += 2
            out.append((weights, bias, gamma, beta))
        return out

    def forward(
        self, x: Array, *, train: bool = False, rng: np.random.Generator | None = None
    ) -> tuple[Array, _Cache]:
        """The network's output (logits or predictions) for ``x``, and what backward needs.

        In training, dropout draws its masks from ``rng`` and batch norm uses the batch's
        statistics (updating the running ones); in evaluation neither is random.
        """
        cache = _Cache()
        config = self.config
        activation = x
        for index, (weights, bias, gamma, beta) in enumerate(self._layer_params()):
            cache.inputs.append(activation)
            z = activation @ weights + bias
            if index == self.hidden_layers:
                return z, cache
            if gamma is not None and beta is not None:
                z = self._batch_norm(z, gamma, beta, index, train, cache)
            cache.pre.append(z)
            activation = _activate(config.activation, z)
            mask = None
            if train and config.dropout > 0:
                generator = rng if rng is not None else np.random.default_rng()
                keep = 1.0 - config.dropout
                mask = (generator.random(activation.shape) < keep) / keep
                activation = activation * mask
            cache.masks.append(mask)
        raise AssertionError("the output layer always returns")

    def _batch_norm(
        self, z: Array, gamma: Array, beta: Array, index: int, train: bool, cache: _Cache
    ) -> Array:
        mean_run, var_run = self.running[index]
        if train:
            mean, var = z.mean(axis=0), z.var(axis=0)
            count = z.shape[0]
            unbiased = var * count / max(count - 1, 1)
            mean_run *= 1 - BN_MOMENTUM
            mean_run += BN_MOMENTUM * mean
            var_run *= 1 - BN_MOMENTUM
            var_run += BN_MOMENTUM * unbiased
        else:
            mean, var = mean_run, var_run
        inv_std: Array = 1.0 / np.sqrt(var + BN_EPS)
        normalized: Array = (z - mean) * inv_std
        cache.normalized.append(normalized)
        cache.inv_std.append(inv_std)
        scaled: Array = gamma * normalized + beta
        return scaled

    def data_loss(self, output: Array, targets: NDArray[np.float64] | NDArray[np.int64]) -> float:
        """Cross-entropy (classification) or mean squared error (regression), no penalty."""
        if self.config.task == "classification":
            log_probs = _log_softmax(output)
            rows = np.arange(len(targets))
            return float(-log_probs[rows, targets.astype(np.int64)].mean())
        return float(np.mean((output - targets) ** 2))

    def penalty(self) -> float:
        """The L1 and L2 penalties: l1·Σ|W| + l2/2·ΣW² over the weight matrices."""
        if self.config.l1 == 0 and self.config.l2 == 0:
            return 0.0  # no penalty (skipping the sums matters: this runs every step)
        weights = [p for p, name in zip(self.params, self.names, strict=True) if name[0] == "W"]
        l1 = sum(float(np.abs(w).sum()) for w in weights)
        l2 = sum(float((w * w).sum()) for w in weights)
        return self.config.l1 * l1 + 0.5 * self.config.l2 * l2

    def loss(self, x: Array, targets: NDArray[np.float64] | NDArray[np.int64]) -> float:
        """The evaluation-mode data loss (no dropout, running batch-norm statistics)."""
        output, _ = self.forward(x)
        return self.data_loss(output, targets)

    def accuracy(self, x: Array, labels: NDArray[np.int64] | NDArray[np.float64]) -> float:
        """Share of examples whose largest output is their label (classification)."""
        output, _ = self.forward(x)
        return float((output.argmax(axis=1) == labels).mean())

    def loss_and_gradients(
        self,
        x: Array,
        targets: NDArray[np.float64] | NDArray[np.int64],
        rng: np.random.Generator | None = None,
    ) -> tuple[float, list[Array]]:
        """Training loss (data loss plus penalties) and its gradient for every parameter."""
        output, cache = self.forward(x, train=True, rng=rng)
        loss = self.data_loss(output, targets) + self.penalty()
        count = x.shape[0]
        if self.config.task == "classification":
            delta = np.exp(_log_softmax(output))
            delta[np.arange(count), targets.astype(np.int64)] -= 1.0
            delta /= count
        else:
            delta = 2.0 * (output - targets) / output.size
        layers = self._layer_params()
        penalised = self.config.l1 != 0 or self.config.l2 != 0
        linear: dict[int, tuple[Array, Array]] = {}
        normalization: dict[int, tuple[Array, Array]] = {}
        for index in range(len(layers) - 1, -1, -1):
            weights = layers[index][0]
            grad_w = cache.inputs[index].T @ delta
            if penalised:
                grad_w += self._penalty_gradient(weights)
            linear[index] = (grad_w, delta.sum(axis=0))
            if index == 0:
                break
            hidden = index - 1  # the hidden layer whose output fed this one
            upstream = delta @ weights.T
            mask = cache.masks[hidden]
            if mask is not None:
                upstream = upstream * mask
            upstream = upstream * _activation_slope(self.config.activation, cache.pre[hidden])
            gamma = layers[hidden][2]
            if gamma is not None:
                normalized, inv_std = cache.normalized[hidden], cache.inv_std[hidden]
                normalization[hidden] = ((upstream * normalized).sum(axis=0), upstream.sum(axis=0))
                d_norm = upstream * gamma
                upstream = inv_std * (
                    d_norm - d_norm.mean(axis=0) - normalized * (d_norm * normalized).mean(axis=0)
                )
            delta = upstream
        ordered: list[Array] = []
        for index in range(len(layers)):
            ordered += linear[index]
            if index in normalization:
                ordered += normalization[index]
        return loss, ordered

    def _penalty_gradient(self, weights: Array) -> Array:
        config = self.config
        return config.l1 * np.sign(weights) + config.l2 * weights


def _init_weights(init: Init, fan_in: int, fan_out: int, rng: np.random.Generator) -> Array:
    if init == "he":
        return rng.normal(0.0, np.sqrt(2.0 / fan_in), (fan_in, fan_out))
    if init == "xavier":
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, (fan_in, fan_out))
    if init == "small":
        return rng.normal(0.0, 0.01, (fan_in, fan_out))
    return np.zeros((fan_in, fan_out))


def _activate(name: Activation, z: Array) -> Array:
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "tanh":
        return np.tanh(z)
    return 1.0 / (1.0 + np.exp(-z))


def _activation_slope(name: Activation, z: Array) -> Array:
    if name == "relu":
        return (z > 0).astype(np.float64)
    if name == "tanh":
        return 1.0 - np.tanh(z) ** 2
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1.0 - s)


def _log_softmax(logits: Array) -> Array:
    shifted = logits - logits.max(axis=1, keepdims=True)
    result: Array = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return result
