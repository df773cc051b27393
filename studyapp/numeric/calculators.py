"""The calculators behind numeric cards: each computes the right answer with the app's own
schedules and optimizers (or the textbook formula), the steps of its working, and the wrong
answers that the mistakes students make would give.

Imported only when an answer is computed (the registry names each function by its path).
"""

from __future__ import annotations

import math

import numpy as np

from studyapp.demos.optimizers import Adam
from studyapp.demos.schedules import CosineAnnealingLR, ExponentialLR, StepLR, lr_curve
from studyapp.numeric.registry import Computed


def step_lr(lr0: float, step_size: int, gamma: float, epoch: int) -> Computed:
    """StepLR's lr after ``epoch`` scheduler steps: lr₀·γ^⌊epoch/step_size⌋."""
    value = lr_curve(lambda opt: StepLR(opt, step_size, gamma), epoch + 1, lr0)[-1]
    decays = epoch // step_size
    mistakes = [("one decay too many", lr0 * gamma ** (decays + 1))]
    if decays:
        mistakes.append(("one decay too few", lr0 * gamma ** (decays - 1)))
    mistakes += [
        ("no floor: γ^(epoch/step_size)", lr0 * gamma ** (epoch / step_size)),
        ("γ applied every epoch", lr0 * gamma**epoch),
        ("rounded up: γ^⌈epoch/step_size⌉", lr0 * gamma ** -(-epoch // step_size)),
        ("two decays too many", lr0 * gamma ** (decays + 2)),
    ]
    return Computed(value, {"decays": decays}, tuple(mistakes))


def exponential_lr(lr0: float, gamma: float, step: int) -> Computed:
    """ExponentialLR's lr after ``step`` scheduler steps: lr₀·γ^step."""
    value = lr_curve(lambda opt: ExponentialLR(opt, gamma), step + 1, lr0)[-1]
    mistakes = [("one step too many", lr0 * gamma ** (step + 1))]
    if step:
        mistakes.append(("one step too few", lr0 * gamma ** (step - 1)))
    mistakes += [
        ("a linear decay: lr₀·(1 − step·(1 − γ))", lr0 * abs(1 - step * (1 - gamma))),
        ("(1 − γ) taken as the factor", lr0 * (1 - gamma) ** step),
        ("γ^step read as γ·step", lr0 * gamma * step),
        ("divided by γ at every step", lr0 / gamma**step),
    ]
    return Computed(value, {"factor": gamma**step}, tuple(mistakes))


def cosine_lr(lr0: float, eta_min: float, t_max: int, step: int) -> Computed:
    """CosineAnnealingLR's lr after ``step`` scheduler steps (step ≤ T_max)."""
    value = lr_curve(lambda opt: CosineAnnealingLR(opt, t_max, eta_min), step + 1, lr0)[-1]
    cosine = math.cos(math.pi * step / t_max)
    span = lr0 - eta_min
    mistakes = (
        ("the halving left out", eta_min + span * (1 + cosine)),
        ("the 1 + left out", eta_min + span * abs(cosine) / 2),
        ("η_min left out", lr0 * (1 + cosine) / 2),
        (
            "a full period: cos(2π·step/T_max)",
            eta_min + span * (1 + math.cos(2 * math.pi * step / t_max)) / 2,
        ),
        ("a linear decay", lr0 - span * step / t_max),
        (
            "T_max taken as the full period",
            eta_min + span * (1 + math.cos(math.pi * step / (2 * t_max))) / 2,
        ),
        ("rising instead of falling: (1 − cos)/2", eta_min + span * (1 - cosine) / 2),
        (
            "the steps counted from 1",
            eta_min + span * (1 + math.cos(math.pi * min(step + 1, t_max) / t_max)) / 2,
        ),
    )
    return Computed(value, {"cosine": cosine, "half": (1 + cosine) / 2}, mistakes)


def adam_first_step(lr: float, beta1: float, beta2: float, grad: float) -> Computed:
    """How far Adam's first step (torch's defaults but these) moves a weight whose gradient is
    ``grad``: lr·m̂/(√v̂ + ε), about lr whatever the gradient."""
    value = _adam_step(lr, beta1, beta2, grad, bias_correction=True)
    raw = _adam_step(lr, beta1, beta2, grad, bias_correction=False)
    m, v = (1 - beta1) * grad, (1 - beta2) * grad**2
    mistakes = (
        ("no bias correction: lr·m/(√v + ε)", raw),
        ("a plain SGD step: lr·g", lr * grad),
        ("only m corrected", lr * grad / (math.sqrt(v) + 1e-8)),
        ("only v corrected", lr * m / (abs(grad) + 1e-8)),
    )
    working = {"m": m, "v": v, "m_hat": grad, "v_hat": grad**2, "uncorrected": raw}
    return Computed(value, working, mistakes)


def _adam_step(
    lr: float, beta1: float, beta2: float, grad: float, *, bias_correction: bool
) -> float:
    weight = np.zeros(1)
    optimizer = Adam(lr=lr, betas=(beta1, beta2), bias_correction=bias_correction)
    optimizer.step(weight, np.array([grad]))
    return float(-weight[0])


def momentum_step(lr: float, beta: float, grad: float) -> Computed:
    """SGD with momentum's settled step under a constant gradient: lr·g/(1 − β)."""
    value = lr * grad / (1 - beta)
    mistakes = (
        ("the momentum ignored: lr·g", lr * grad),
        ("multiplied by β instead", lr * grad * beta),
        ("divided by β instead", lr * grad / beta if beta else lr * grad * 2),
        ("multiplied by (1 − β)", lr * grad * (1 - beta)),
        ("divided by (1 − β)²", lr * grad / (1 - beta) ** 2),
        ("the series cut after two terms: lr·g·(1 + β)", lr * grad * (1 + beta)),
    )
    return Computed(value, {"amplification": 1 / (1 - beta)}, mistakes)


def he_std(fan_in: int) -> Computed:
    """He (Kaiming) normal initialisation's standard deviation: √(2/fan_in)."""
    mistakes = (
        ("√(1/fan_in), the LeCun std", math.sqrt(1 / fan_in)),
        ("2/fan_in, the variance", 2 / fan_in),
        ("√(6/fan_in), the uniform bound", math.sqrt(6 / fan_in)),
        ("√2/fan_in", math.sqrt(2) / fan_in),
    )
    return Computed(math.sqrt(2 / fan_in), {"variance": 2 / fan_in}, mistakes)


def xavier_std(fan_in: int, fan_out: int) -> Computed:
    """Xavier (Glorot) normal initialisation's standard deviation: √(2/(fan_in + fan_out))."""
    fans = fan_in + fan_out
    mistakes = (
        ("√(2/fan_in), the He std", math.sqrt(2 / fan_in)),
        ("2/(fan_in + fan_out), the variance", 2 / fans),
        ("√(6/(fan_in + fan_out)), the uniform bound", math.sqrt(6 / fans)),
        ("√(1/(fan_in + fan_out))", math.sqrt(1 / fans)),
    )
    return Computed(math.sqrt(2 / fans), {"variance": 2 / fans}, mistakes)


def dropout_scale(p: float) -> Computed:
    """Inverted dropout's scale for kept activations: 1/(1 − p)."""
    mistakes = (
        ("p, the drop rate", p),
        ("1 − p, the keep rate", 1 - p),
        ("1/p", 1 / p),
        ("1 + p", 1 + p),
        ("1/(1 + p), the sign flipped", 1 / (1 + p)),
    )
    return Computed(1 / (1 - p), {"keep": 1 - p}, mistakes)


def stability_limit(lambda_min: float, lambda_max: float) -> Computed:
    """The largest stable learning rate of gradient descent on a quadratic: 2/λ_max."""
    mistakes = (
        ("2/λ_min, the flattest direction's limit", 2 / lambda_min),
        ("1/λ_max, the best step for the steepest direction alone", 1 / lambda_max),
        ("2/(λ_min + λ_max), the best constant step", 2 / (lambda_min + lambda_max)),
        ("λ_max/2", lambda_max / 2),
        ("1/λ_min, the best step for the flattest direction alone", 1 / lambda_min),
    )
    return Computed(2 / lambda_max, {"optimal": 2 / (lambda_min + lambda_max)}, mistakes)
