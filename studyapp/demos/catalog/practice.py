"""Demos of training practice around the optimizer: AdamW against L2, batch norm's two modes,
momentum past a local minimum, learning-rate warm-up, and batch size against learning rate."""

from __future__ import annotations

from studyapp.demos.catalog import params
from studyapp.demos.registry import DemoSpec, ParamSpec, Prediction, register

RUNNERS = "studyapp.demos.experiments.practice"

register(
    DemoSpec(
        name="adamw-vs-l2",
        title="AdamW against L2 in Adam",
        summary="Weight decay added to Adam's gradient against AdamW's decoupled decay: how fast "
        "each weight is shrunk",
        runner=f"{RUNNERS}:adamw_vs_l2",
        params={
            "lr": params.lr(0.01, low=1e-4, high=0.05, help="learning rate of both"),
            "weight_decay": ParamSpec(
                float, 0.01, 0.001, 0.1, help="weight decay λ of both (L2 strength for Adam)"
            ),
            "epochs": params.epochs(20, low=5, high=60),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "With the L2 term added to Adam's gradient, which weights does it shrink fastest, "
            "for their size?",
            (
                "the weights with large gradients",
                "the weights with small gradients",
                "all weights at one rate",
            ),
        ),
    )
)

register(
    DemoSpec(
        name="batchnorm-train-vs-eval",
        title="Batch norm: training mode against evaluation mode",
        summary="One batch-norm network per batch size, scored with batch statistics and with "
        "running averages",
        runner=f"{RUNNERS}:batchnorm_train_vs_eval",
        params={
            "lr": params.lr(0.01, low=1e-4, high=0.05, help="Adam learning rate"),
            "epochs": params.epochs(15, low=2, high=20),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Trained with batches of 4, which way of normalizing scores higher on the training "
            "set?",
            (
                "the batch's own statistics",
                "the running averages",
                "both within 2 points",
            ),
        ),
    )
)

register(
    DemoSpec(
        name="momentum-local-minimum",
        title="Momentum past a local minimum",
        summary="Gradient descent with momentum 0, 0.5, 0.9 and 0.99 on a double well whose "
        "shallow minimum comes first",
        runner=f"{RUNNERS}:momentum_local_minimum",
        params={
            "lr": params.lr(0.01, low=0.001, high=0.03, help="learning rate of every run"),
            "steps": params.steps(200, low=50, high=1000),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "What is the smallest momentum that comes to rest in the deeper minimum?",
            ("0.5 or less", "0.9", "0.99", "none of them"),
        ),
    )
)

register(
    DemoSpec(
        name="warmup",
        title="Learning-rate warm-up",
        summary="SGD with momentum at a high learning rate, from the first step or after a "
        "linear warm-up",
        runner=f"{RUNNERS}:warmup",
        params={
            "lr": params.lr(0.1, low=0.001, high=0.3, help="peak learning rate of both runs"),
            "warmup_steps": ParamSpec(
                int, 100, 1, 500, help="steps of the linear warm-up from 1% of lr to lr"
            ),
            "epochs": params.epochs(30, low=5, high=60),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Without warm-up, does the training loss overflow, and if so when?",
            ("yes, within 20 steps", "yes, after step 20", "no, it trains"),
        ),
    )
)

register(
    DemoSpec(
        name="batch-size-vs-lr",
        title="Batch size against learning rate",
        summary="Batch 16 against batch 128 at four learning rates, for the same number of epochs",
        runner=f"{RUNNERS}:batch_size_vs_lr",
        params={
            "lr": params.lr(0.05, low=0.001, high=0.1, help="SGD learning rate at batch 16"),
            "epochs": params.epochs(20, low=5, high=30),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Batch 16 trains at lr. Over the same epochs, at which rate does batch 128 end "
            "closest to batch 16's loss?",
            ("lr", "2.8 × lr", "8 × lr", "32 × lr"),
        ),
    )
)
