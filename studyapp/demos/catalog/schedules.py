"""Demos of learning rates and their schedules: too large or too small, the LR range test, step,
exponential, power and performance scheduling, cyclic rates, warm restarts and one-cycle."""

from __future__ import annotations

from studyapp.demos.catalog import params
from studyapp.demos.registry import DemoSpec, ParamSpec, Prediction, register

RUNNERS = "studyapp.demos.experiments.schedules"


def _epochs(default: int) -> ParamSpec:
    """Epochs for the schedule demos on the noisy curve (each epoch is 25 small steps)."""
    return params.epochs(default, low=5, high=80)


register(
    DemoSpec(
        name="lr-too-large-too-small",
        title="A learning rate too small, about right, and too large",
        summary="Gradient descent down a ravine with a too-small, a good and a too-large rate",
        runner=f"{RUNNERS}:lr_too_large_too_small",
        params={
            "lr_small": params.lr(0.005, high=0.2, help="the too-small learning rate"),
            "lr": params.lr(0.07, high=0.2, help="the learning rate in between"),
            "lr_large": params.lr(
                0.085, high=0.2, help="the too-large learning rate (unstable above 0.08)"
            ),
            "steps": params.steps(200),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "What does the too-large learning rate do?",
            (
                "reaches the bottom, but more slowly",
                "swings wider and wider until it diverges",
                "reaches the bottom before the others",
            ),
        ),
    )
)

register(
    DemoSpec(
        name="lr-range-test",
        title="The learning-rate range test",
        summary="Raise the learning rate exponentially in one short run, then train with the pick",
        runner=f"{RUNNERS}:lr_range_test",
        params={
            "steps": ParamSpec(int, 150, 30, 400, help="mini-batch steps of the range test"),
            "end_lr": ParamSpec(
                float,
                100.0,
                0.01,
                1000.0,
                help="learning rate the test ends at (it starts at 1e-3)",
            ),
            "epochs": params.epochs(30, low=2, high=100),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Trained from scratch with each, which rate ends with the lowest validation loss?",
            (
                "the rate where the test's loss was lowest",
                "a tenth of that rate",
                "a hundredth of that rate",
            ),
        ),
    )
)

register(
    DemoSpec(
        name="step-decay",
        title="Step decay (piecewise constant learning rate)",
        summary="A constant rate against one cut by a factor every few epochs, on noisy data",
        runner=f"{RUNNERS}:step_decay",
        params={
            "lr": params.lr(0.05, high=0.2, help="the starting (and the constant) learning rate"),
            "step_size": ParamSpec(int, 15, 1, 80, help="epochs between cuts"),
            "gamma": ParamSpec(float, 0.1, 0.01, 1.0, help="factor the rate is cut by"),
            "epochs": _epochs(40),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Which ends with the lowest training loss?",
            ("the constant high rate", "step decay", "the constant low rate"),
            which_wins=True,
        ),
    )
)

register(
    DemoSpec(
        name="exponential-decay",
        title="Exponential decay of the learning rate",
        summary="A constant rate against one multiplied by gamma every epoch, on noisy data",
        runner=f"{RUNNERS}:exponential_decay",
        params={
            "lr": params.lr(0.05, high=0.2, help="the starting (and the constant) learning rate"),
            "gamma": ParamSpec(float, 0.9, 0.5, 1.0, help="factor applied to the rate every epoch"),
            "epochs": _epochs(40),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "In the last epoch, the decayed rate is what fraction of the starting rate?",
            ("about a third", "about a tenth", "about a hundredth", "about a thousandth"),
        ),
    )
)

register(
    DemoSpec(
        name="power-schedule",
        title="Power scheduling: lr0 / (1 + t/s)^c",
        summary="A constant rate against power scheduling lr0/(1+t/s)^c, on noisy data",
        runner=f"{RUNNERS}:power_schedule",
        params={
            "lr": params.lr(0.05, high=0.2, help="the initial (and the constant) learning rate"),
            "s": ParamSpec(int, 100, 1, 10000, help="steps s in lr0/(1+t/s)^c"),
            "c": ParamSpec(float, 1.0, 0.1, 3.0, help="power c in lr0/(1+t/s)^c"),
            "epochs": _epochs(40),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "After s steps, what is the learning rate?",
            (
                "half the initial rate",
                "a tenth of the initial rate",
                "the initial rate divided by e",
            ),
        ),
    )
)

register(
    DemoSpec(
        name="performance-schedule",
        title="Performance scheduling (reduce the rate on a plateau)",
        summary="A constant rate against one cut whenever the validation loss stops improving",
        runner=f"{RUNNERS}:performance_schedule",
        params={
            "lr": params.lr(0.05, high=0.2, help="the starting (and the constant) learning rate"),
            "factor": ParamSpec(float, 0.5, 0.05, 0.9, help="factor the rate is cut by"),
            "patience": ParamSpec(int, 5, 0, 20, help="epochs without improvement before a cut"),
            "epochs": _epochs(40),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Over the last epochs, which has the lower validation loss?",
            ("the constant rate", "performance scheduling"),
            which_wins=True,
        ),
    )
)

register(
    DemoSpec(
        name="cyclic-lr",
        title="Cyclic learning rate across a saddle",
        summary="A cycling rate against its two bounds and their middle held constant, on a saddle",
        runner=f"{RUNNERS}:cyclic_lr",
        params={
            "base_lr": params.lr(0.02, high=0.5, help="lower bound of the cycle"),
            "max_lr": params.lr(1.2, high=1.9, help="upper bound of the cycle"),
            "step_size": ParamSpec(int, 25, 2, 500, help="steps from the lower to the upper bound"),
            "mode": ParamSpec(
                str,
                "triangular",
                choices=("triangular", "triangular2"),
                help="triangular2 halves the cycle's height each cycle",
            ),
            "steps": params.steps(300),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Against the cyclic rate, where does a constant rate in the middle of the cycle's "
            "range end?",
            ("further from the minimum", "as close to the minimum", "closer to the minimum"),
        ),
    )
)

register(
    DemoSpec(
        name="sgdr",
        title="Warm restarts (SGDR)",
        summary="Cosine annealing with warm restarts against one cosine over the same epochs and a "
        "constant rate",
        runner=f"{RUNNERS}:sgdr",
        params={
            "lr": params.lr(0.05, high=0.2, help="the maximum (and the constant) learning rate"),
            "t_0": ParamSpec(int, 5, 1, 40, help="epochs in the first run before a restart"),
            "t_mult": ParamSpec(int, 2, 1, 3, help="each run is this many times longer"),
            "epochs": _epochs(35),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "What does the training loss do just after a warm restart?",
            (
                "falls on smoothly, with no jump",
                "jumps up, then ends its next run lower",
                "jumps up and ends its next run higher",
            ),
        ),
    )
)

register(
    DemoSpec(
        name="one-cycle",
        title="The one-cycle policy",
        summary="One cycle up to a large rate and far down, against a cosine decay and constant "
        "rates",
        runner=f"{RUNNERS}:one_cycle",
        params={
            "max_lr": params.lr(0.5, high=2.0, help="peak learning rate of the cycle"),
            "lr": params.lr(0.05, high=2.0, help="the constant learning rate to compare with"),
            "momentum": params.momentum(
                0.9, help="momentum of the constant-rate runs (one-cycle cycles it 0.95-0.85)"
            ),
            "epochs": params.epochs(15, low=2, high=60),
            "seed": params.seed(),
        },
        prediction=Prediction(
            "Against a cosine decay from the same max_lr over the same epochs, how does "
            "one-cycle's final training loss compare?",
            ("under half of cosine's", "within a factor of 2", "over twice cosine's"),
        ),
    )
)
