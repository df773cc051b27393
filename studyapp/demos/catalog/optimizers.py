"""Demos of the optimizers themselves: SGD, momentum, Nesterov, Adagrad, RMSprop, Adadelta,
Adam, Adam against SGD, and DiffGrad."""

from __future__ import annotations

from studyapp.demos.catalog import params
from studyapp.demos.registry import DemoSpec, ParamSpec, Prediction, register

RUNNERS = "studyapp.demos.experiments.optimizers"

register(
    DemoSpec(
        name="sgd",
        title="Batch, mini-batch and stochastic gradient descent",
        summary="Train one network with full-batch, mini-batch and one-example gradient steps",
        runner=f"{RUNNERS}:sgd",
        params={
            "lr": params.lr(0.05, high=1.0),
            "epochs": params.epochs(30, high=60),
            "batch_size": ParamSpec(int, 16, 2, 128, help="mini-batch size"),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "After the same number of epochs, which has the lowest training loss?",
            ("full batch", "mini-batch", "one example at a time"),
        ),
    )
)

register(
    DemoSpec(
        name="momentum",
        title="Momentum in a ravine",
        summary="Plain gradient descent against momentum on a narrow ravine",
        runner=f"{RUNNERS}:momentum",
        params={
            "lr": params.lr(0.03, high=0.1),
            "momentum": params.momentum(0.9),
            "steps": params.steps(300),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Which reaches loss 0.001 first?", ("plain gradient descent", "with momentum")
        ),
    )
)
