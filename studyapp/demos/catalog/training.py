"""Demos of training practice: stopping, regularisation, normalisation, clipping, initialisation."""

from __future__ import annotations

from studyapp.demos.catalog import params
from studyapp.demos.registry import DemoSpec, ParamSpec, Prediction, register

RUNNERS = "studyapp.demos.experiments.training"

register(
    DemoSpec(
        name="early-stopping",
        title="Early stopping",
        summary="Train a big network on a few noisy points to the end, or stop when validation "
        "loss stops improving",
        runner=f"{RUNNERS}:early_stopping",
        params={
            "lr": params.lr(0.001, low=1e-4, high=0.01, help="Adam learning rate"),
            "epochs": params.epochs(300, low=20, high=500),
            "patience": ParamSpec(
                int, 20, 1, 100, help="epochs without a better validation loss before stopping"
            ),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Trained for all its epochs, when is the network's validation loss lowest?",
            (
                "in the first quarter",
                "in the second quarter",
                "in the second half",
            ),
        ),
    )
)

register(
    DemoSpec(
        name="dropout",
        title="Dropout against overfitting",
        summary="The same big network on a few noisy points, with and without dropout",
        runner=f"{RUNNERS}:dropout",
        params={
            "rate": ParamSpec(float, 0.5, 0.0, 0.9, help="dropout rate p of the hidden layers"),
            "lr": params.lr(0.001, low=1e-4, high=0.01, help="Adam learning rate"),
            "epochs": params.epochs(200, low=20, high=500),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Which ends with the smaller gap between training and validation loss?",
            ("without dropout", "with dropout"),
            which_wins=True,
        ),
    )
)

register(
    DemoSpec(
        name="l1-l2",
        title="L1 and L2 penalties",
        summary="No penalty, an L2 penalty and an L1 penalty on the weights: sizes, zeros, "
        "overfitting",
        runner=f"{RUNNERS}:l1_l2",
        params={
            "l1": ParamSpec(float, 0.002, 0.0, 0.01, help="L1 strength: l1·Σ|w| added to the loss"),
            "l2": ParamSpec(float, 0.01, 0.0, 0.1, help="L2 strength: l2/2·Σw² added to the loss"),
            "lr": params.lr(0.05, low=0.001, high=0.2, help="SGD learning rate (momentum 0.9)"),
            "epochs": params.epochs(200, low=20, high=400),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Which leaves the most weights at (almost) zero?", ("no penalty", "L2", "L1")
        ),
    )
)

register(
    DemoSpec(
        name="batch-norm",
        title="Batch normalization",
        summary="A deep tanh network at a high learning rate, with and without batch norm",
        runner=f"{RUNNERS}:batch_norm",
        params={
            "lr": params.lr(0.5, low=0.001, high=1.0, help="SGD learning rate (momentum 0.9)"),
            "epochs": params.epochs(30, low=5, high=80),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "At the same high learning rate, which network has the lower training loss at the end?",
            ("without batch norm", "with batch norm"),
            which_wins=True,
        ),
    )
)

register(
    DemoSpec(
        name="gradient-clipping",
        title="Gradient clipping against spikes",
        summary="A deep network at a high rate, with and without clipping the gradient norm, "
        "and unclipped at a tuned lower rate",
        runner=f"{RUNNERS}:gradient_clipping",
        params={
            "lr": params.lr(0.08, low=0.001, high=0.5, help="SGD learning rate (momentum 0.9)"),
            "clip_norm": ParamSpec(
                float, 5.0, 0.01, 100.0, help="largest gradient norm a step may use"
            ),
            "epochs": params.epochs(30, low=2, high=100),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Clipped at clip_norm (5 by default), on what share of the steps does clipping act?",
            ("under a quarter", "about half", "over three quarters"),
        ),
    )
)

register(
    DemoSpec(
        name="init-symmetry",
        title="Breaking symmetry at initialisation",
        summary="Hidden units that all start with the same weights against a random start",
        runner=f"{RUNNERS}:init_symmetry",
        params={
            "value": ParamSpec(
                float, 0.5, -2.0, 2.0, help="the weight every connection starts with (0: zeros)"
            ),
            "hidden": ParamSpec(int, 16, 2, 64, help="hidden units"),
            "lr": params.lr(0.5, low=0.001, high=2.0, help="SGD learning rate (momentum 0.9)"),
            "epochs": params.epochs(60, low=5, high=150),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Starting from equal weights, how many different hidden units are there after "
            "training?",
            ("one: they stay copies", "a few of them", "as many as the layer has"),
        ),
    )
)

register(
    DemoSpec(
        name="vanishing-gradients",
        title="Vanishing gradients in a deep sigmoid network",
        summary="Per-layer gradient sizes in a deep sigmoid network against ReLU with He init",
        runner=f"{RUNNERS}:vanishing_gradients",
        params={
            "layers": ParamSpec(int, 6, 2, 8, help="hidden layers (32 units each)"),
            "activation": ParamSpec(
                str,
                "sigmoid",
                choices=("sigmoid", "tanh", "relu"),
                help="the studied network's activation",
            ),
            "init": ParamSpec(
                str,
                "xavier",
                choices=("xavier", "he", "small"),
                help="the studied network's initialisation (small: normal, std 0.01)",
            ),
            "lr": params.lr(0.1, low=0.001, high=0.5, help="SGD learning rate (momentum 0.9)"),
            "epochs": params.epochs(30, low=2, high=80),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "In the studied network (sigmoid, Xavier init by default), the first layer's "
            "gradient is what fraction of the last layer's?",
            ("about 1", "about 1/100", "about 1/10,000", "under 1/1,000,000"),
        ),
    )
)
