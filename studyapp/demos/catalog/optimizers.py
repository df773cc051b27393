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
            "epochs": params.epochs(20, high=40),
            "batch_size": ParamSpec(int, 16, 2, 128, help="mini-batch size"),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "After the same number of epochs, which has the lowest training loss?",
            ("the whole batch at once", "mini-batches", "one example at a time"),
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
            "Which reaches loss 0.001 first?",
            ("plain gradient descent", "with momentum"),
            which_wins=True,
        ),
    )
)

register(
    DemoSpec(
        name="nesterov",
        title="Nesterov momentum against classical momentum",
        summary="Classical and Nesterov momentum, same lr and momentum, down a narrow ravine",
        runner=f"{RUNNERS}:nesterov",
        params={
            "lr": params.lr(0.03, high=0.1),
            "momentum": ParamSpec(
                float, 0.9, 0.01, 0.999, help="momentum coefficient (Nesterov needs one)"
            ),
            "steps": params.steps(300),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Which reaches loss 0.001 first?",
            ("classical momentum", "Nesterov momentum"),
            which_wins=True,
        ),
    )
)

register(
    DemoSpec(
        name="adagrad",
        title="Adagrad's per-parameter step sizes in a ravine",
        summary="Adagrad against plain gradient descent on a ravine 25 times steeper across",
        runner=f"{RUNNERS}:adagrad",
        params={
            "lr": params.lr(2.0, low=0.01, help="Adagrad's learning rate"),
            "sgd_lr": params.lr(0.07, high=0.1, help="plain gradient descent's learning rate"),
            "steps": params.steps(200),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Which reaches loss 0.001 first?",
            ("plain gradient descent", "Adagrad"),
            which_wins=True,
        ),
    )
)

register(
    DemoSpec(
        name="rmsprop",
        title="RMSprop against Adagrad on a long valley",
        summary="Adagrad's ever-growing sum against RMSprop's moving average, on Rosenbrock",
        runner=f"{RUNNERS}:rmsprop",
        params={
            "lr": params.lr(0.01, high=1.0, help="learning rate of both"),
            "alpha": ParamSpec(
                float, 0.99, 0.5, 0.999, help="RMSprop's decay rate of the squared-gradient average"
            ),
            "steps": params.steps(1000),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Which ends with the lower loss?", ("Adagrad", "RMSprop"), which_wins=True
        ),
    )
)

register(
    DemoSpec(
        name="adadelta",
        title="Adadelta: no learning rate to choose",
        summary="Adadelta, which has no learning rate, against SGD tuned over a grid, on spirals",
        runner=f"{RUNNERS}:adadelta",
        params={
            "rho": ParamSpec(float, 0.9, 0.5, 0.99, help="Adadelta's decay rate of its averages"),
            "epochs": params.epochs(40, low=5, high=80),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "SGD is tuned over three learning rates. How does Adadelta's final training loss "
            "compare with SGD's best?",
            (
                "several times higher",
                "within a factor of 2",
                "several times lower",
            ),
        ),
    )
)

register(
    DemoSpec(
        name="adam",
        title="Adam: momentum plus per-parameter step sizes",
        summary="Adam against RMSprop and tuned momentum SGD in Rosenbrock's curved valley",
        runner=f"{RUNNERS}:adam",
        params={
            "lr": params.lr(0.2, high=0.5, help="learning rate of Adam and RMSprop"),
            "momentum": params.momentum(0.9, help="Adam's beta1 and SGD's momentum"),
            "steps": params.steps(1000),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Momentum SGD's rate is tuned over a grid. How do its steps to loss 0.001 compare "
            "with Adam's at lr?",
            ("over twice as many", "within a factor of 2", "under half as many"),
        ),
    )
)

register(
    DemoSpec(
        name="adam-vs-sgd",
        title="Adam against SGD with momentum on a network",
        summary="Train one network on spirals with Adam and with SGD plus momentum",
        runner=f"{RUNNERS}:adam_vs_sgd",
        params={
            "lr": params.lr(0.01, high=0.1, help="Adam's learning rate"),
            "sgd_lr": params.lr(0.02, high=1.0, help="SGD's learning rate"),
            "momentum": params.momentum(0.9, help="SGD's momentum"),
            "epochs": params.epochs(60, low=5, high=100),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "After all the epochs, how do the two validation accuracies compare?",
            (
                "Adam's is over 3 points higher",
                "within 3 points of each other",
                "SGD's is over 3 points higher",
            ),
        ),
    )
)

register(
    DemoSpec(
        name="diffgrad",
        title="DiffGrad's friction against Adam",
        summary="DiffGrad against Adam at the same lr and at an lr matched to its friction",
        runner=f"{RUNNERS}:diffgrad",
        params={
            "lr": params.lr(0.3, high=2.0, help="learning rate of DiffGrad (and the same-lr Adam)"),
            "steps": params.steps(300),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Against Adam at an lr matched to DiffGrad's mean friction, how far does DiffGrad "
            "swing past the minimum?",
            ("under 3/4 of Adam's", "about the same", "over 4/3 of Adam's"),
        ),
    )
)

register(
    DemoSpec(
        name="adam-bias-correction",
        title="Adam's bias correction",
        summary="Adam with and without its bias correction: how big its first steps are",
        runner=f"{RUNNERS}:adam_bias_correction",
        params={
            "lr": params.lr(0.3, high=1.0),
            "beta2": ParamSpec(
                float, 0.999, 0.9, 0.9999, help="decay of the average of squared gradients"
            ),
            "steps": params.steps(200),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Without the bias correction, how big are Adam's first steps, against lr?",
            ("much smaller than lr", "about lr", "several times lr"),
        ),
    )
)
