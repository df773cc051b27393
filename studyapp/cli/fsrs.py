"""``studyapp fsrs optimize|evaluate|simulate``: FSRS fitted to the learner's own reviews, judged
on them against SM-2, and the workload each desired retention would bring.

The scheduler itself is chosen with ``studyapp config scheduler fsrs``; these commands work
whichever is chosen (FSRS's memories are kept beside SM-2's all along).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from studyapp.cli.errors import UserError
from studyapp.cli.working import working

if TYPE_CHECKING:
    from studyapp.analytics.fsrs_evaluation import Evaluation
    from studyapp.analytics.fsrs_fit import FittedParameters
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.parser import CommandParser, Commands
    from studyapp.collection import Collection


def add_parser(commands: Commands, common: CommandParser) -> None:
    """Add the ``fsrs`` command group."""
    fsrs = commands.add_parser(
        "fsrs",
        parents=[common],
        help="fit FSRS to your reviews, compare it with SM-2, simulate workloads",
        description="FSRS is the scheduler Anki uses by default; choose it with "
        "studyapp config scheduler fsrs (and back with sm2: nothing is lost either way). "
        "These commands fit it to your own review history, judge it there against SM-2, and "
        "show the workload each desired retention brings.",
    )
    actions = fsrs.add_subparsers(
        dest="fsrs_action", metavar="ACTION", required=True, help="optimize, evaluate or simulate"
    )
    optimize = actions.add_parser(
        "optimize",
        parents=[common],
        help="fit FSRS's parameters to your review history",
        description="Fit FSRS's parameters to your spaced reviews (each card's first rating "
        "of a day; imported Anki histories count) and keep them, with the date and the number "
        "of reviews, as this collection's. Every card's FSRS memory is then worked out again "
        "under them; the due days FSRS gave stay. With too few reviews FSRS keeps its default "
        "parameters, fitted on hundreds of millions of reviews, which predict a new learner "
        "better.",
    )
    optimize.set_defaults(run=run_optimize)
    evaluate = actions.add_parser(
        "evaluate",
        parents=[common],
        help="how well SM-2 and FSRS predict your own recalls",
        description="Judge SM-2 and FSRS (fitted and with its default parameters) on your own "
        "spaced reviews, as Anki's Evaluate does: each review after a card's first is "
        "predicted from the reviews before it, FSRS fitted only on what came earlier (5 "
        "time-series splits), and every model is scored on the same predictions by log loss "
        "and RMSE over bins (lower is better for both). SM-2 gives an interval, not a "
        "chance: its interval is read as the day recall falls to your desired retention.",
    )
    evaluate.set_defaults(run=run_evaluate)
    simulate = actions.add_parser(
        "simulate",
        parents=[common],
        help="the reviews a day each desired retention would bring",
        description="Simulate the coming days with FSRS's own simulator at each desired "
        "retention from 0.70 to 0.97: reviews and minutes a day, and cards remembered at the "
        "end, the recommended retention marked (the fewest minutes of study per card "
        "remembered). The simulated collection has as many cards as yours and your daily "
        "limits, studied from new (the engine's simulator starts from new cards); minutes "
        "assume a typical learner's answer times.",
    )
    simulate.add_argument(
        "--days",
        type=_days,
        default=365,
        metavar="N",
        help="days to simulate, 1 to 3650 (default 365)",
    )
    simulate.set_defaults(run=run_simulate)


#: The most days a simulation runs.
MAX_SIMULATED_DAYS = 3650


def _days(text: str) -> int:
    """The ``--days`` given, checked."""
    import argparse

    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_SIMULATED_DAYS:
        raise argparse.ArgumentTypeError(f"days are 1 to {MAX_SIMULATED_DAYS}, not {text!r}")
    return int(text)


def run_optimize(command: Invocation) -> int:
    """Carry out ``studyapp fsrs optimize``."""
    from studyapp.analytics.fsrs_fit import MIN_TRAINING_ITEMS, fit_parameters, training_items

    err, out = command.err, command.out
    with command.collection() as collection:
        with working("Reading your reviews…", err):
            histories = collection.recall_histories()
        items, recalls = training_items(histories)
        if len(items) < MIN_TRAINING_ITEMS:
            print(_too_few(len(items), recalls, MIN_TRAINING_ITEMS), file=out)
            _say_what_fsrs_runs_on(collection, command)
            return 0
        with working(f"Fitting FSRS to {len(items):,} predictions…", err):
            fitted = fit_parameters(histories)
        if not fitted.fitted:
            print(_too_few_cards(len(histories)), file=out)
            _say_what_fsrs_runs_on(collection, command)
            return 0
        with working("Working out every card's memory under them…", err):
            cards = collection.keep_fsrs_parameters(fitted)
        print(_fitted_text(fitted, cards, collection.today().isoformat()), file=out)
        if collection.scheduler_name != "fsrs":
            print("The scheduler is SM-2: studyapp config scheduler fsrs to use them.", file=out)
    return 0


def run_evaluate(command: Invocation) -> int:
    """Carry out ``studyapp fsrs evaluate``."""
    from studyapp.analytics.fsrs_evaluation import evaluate_models

    with command.collection() as collection:
        with working("Reading your reviews…", command.err):
            histories = collection.recall_histories()
        desired = collection.settings().desired_retention / 100
        with working("Fitting and scoring on each time split…", command.err):
            evaluation = evaluate_models(histories, desired)
    print(evaluation_text(evaluation), file=command.out)
    return 0


def evaluation_text(evaluation: Evaluation) -> str:
    """The evaluation as lines of text: what it was judged on, a table of the models' figures
    (the best of each marked), and what they mean."""
    if not evaluation.enough:
        return _prose(
            f"Too few reviews to judge the schedulers: {evaluation.recalls:,} spaced reviews "
            f"give {evaluation.items:,} predictions, and judging needs "
            f"{evaluation.minimum_items:,} (FSRS is fitted on the earliest sixth alone first). "
            "Keep studying in spaced review."
        )
    scored = evaluation.models[0].items
    lines = [
        _prose(
            f"Judged on your {evaluation.recalls:,} spaced reviews: {scored:,} predictions of "
            "a recall from the reviews before it, FSRS fitted only on earlier reviews "
            f"({evaluation.splits} time splits)."
        ),
        "",
        f"{'model':<26}{'log loss':>10}{'RMSE (bins)':>13}",
    ]
    best_loss = min(model.log_loss for model in evaluation.models)
    best_rmse = min(model.rmse_bins for model in evaluation.models)
    for model in evaluation.models:
        name = model.name
        if name == "SM-2":
            name = f"SM-2 (read at {evaluation.desired_retention:.2f})"
        loss = f"{model.log_loss:.4f}{'*' if model.log_loss == best_loss else ' '}"
        rmse = f"{model.rmse_bins:.2%}{'*' if model.rmse_bins == best_rmse else ' '}"
        lines.append(f"{name:<26}{loss:>10}{rmse:>13}".rstrip())
    lines += [
        "",
        _prose(
            "Lower is better (* the best). Log loss: how surprised the model was by what you "
            "recalled. RMSE (bins): how far its predicted chance of recall was from the share "
            "you recalled, over reviews grouped alike."
        ),
    ]
    if evaluation.default_fits:
        lines.append(
            _prose(
                f"In {evaluation.default_fits} of {evaluation.splits} splits the fit gave back the "
                "default parameters (too few cards shared a first rating)."
            )
        )
    return "\n".join(lines)


def run_simulate(command: Invocation) -> int:
    """Carry out ``studyapp fsrs simulate``."""
    from studyapp.rendering.fsrs_workload import workload_table

    with command.collection() as collection:
        record = collection.fsrs_fitted()
        try:
            with working("Simulating each desired retention…", command.err):
                simulation = collection.fsrs_workload(command.args.days)
        except ValueError as error:
            raise UserError(str(error)) from None
        chosen = collection.settings().desired_retention
    print(workload_table(simulation), file=command.out)
    fitted = (
        "FSRS's default parameters"
        if record is None
        else f"the parameters fitted on {record.fitted_on.isoformat()}"
    )
    print(
        f"Simulated with {fitted}; your desired retention is {chosen / 100:.2f}\n"
        "(studyapp config desired-retention 0.85 changes it).",
        file=command.out,
    )
    return 0


#: The width prose is wrapped to.
WIDTH = 78


def _prose(text: str) -> str:
    """A paragraph wrapped to :data:`WIDTH`."""
    return textwrap.fill(text, width=WIDTH)


def _too_few(items: int, recalls: int, needed: int) -> str:
    return _prose(
        f"Too few reviews to fit FSRS: {recalls:,} spaced reviews give {items:,} predictions "
        f"(each card's reviews after its first), and fitting needs {needed:,}. FSRS keeps its "
        "default parameters, fitted on hundreds of millions of reviews, which predict a new "
        "learner better than so few reviews could."
    )


def _too_few_cards(cards: int) -> str:
    return _prose(
        f"FSRS's fit gave back its default parameters: before fitting, the engine sets aside "
        f"the cards whose first rating fewer than 20 cards share, and too few of your {cards:,} "
        "cards were left. Study more cards and fit again; FSRS keeps its defaults meanwhile."
    )


def _fitted_text(fitted: FittedParameters, cards: int, day: str) -> str:
    parameters = ", ".join(f"{value:.4f}" for value in fitted.parameters)
    said = _prose(
        f"FSRS fitted to {fitted.recalls:,} spaced reviews ({fitted.items:,} predictions) on "
        f"{day}, and kept as this collection's parameters; {cards:,} cards' memories worked "
        "out again under them."
    )
    listed = textwrap.fill(
        f"Parameters: {parameters}", width=WIDTH, subsequent_indent=" " * len("Parameters: ")
    )
    return f"{said}\n{listed}"


def _say_what_fsrs_runs_on(collection: Collection, command: Invocation) -> None:
    record = collection.fsrs_fitted()
    if record is None:
        print("FSRS runs on its default parameters.", file=command.out)
    else:
        print(
            f"FSRS keeps the parameters fitted on {record.fitted_on.isoformat()} to "
            f"{record.reviews:,} reviews.",
            file=command.out,
        )
