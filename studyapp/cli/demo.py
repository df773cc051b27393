"""``studyapp demo``: list the bundled "run it" experiments, or run one and print its result.

``studyapp demo NAME [--lr X --steps N --seed S ...]`` takes the demo's own parameters as
options (``studyapp demo NAME --help`` lists them with their bounds), runs it, and prints a
summary table, what happened, the claim and whether this run shows it, and terminal charts.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import textwrap
from typing import TYPE_CHECKING, Final

from studyapp.cli.errors import UserError
from studyapp.cli.layout import table_width, wants_color
from studyapp.cli.output import Output, own_colors
from studyapp.cli.parser import CommandParser
from studyapp.demos.registry import (
    DemoParamError,
    DemoSpec,
    ParamValue,
    demo_names,
    format_param,
    get_demo,
)

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.parser import Commands
    from studyapp.demos.result import DemoResult

#: The widest a chart is drawn, however wide the terminal.
MAX_CHART_WIDTH: Final = 110


def add_parser(commands: Commands, common: CommandParser) -> None:
    """Add the ``demo`` subcommand."""
    demo = commands.add_parser(
        "demo",
        parents=[common],
        help='list or run the "run it" training experiments',
        description='Run a bundled NumPy training experiment (a card\'s "run it" link) and '
        "print its summary and charts. `studyapp demo --list` names them all; "
        "`studyapp demo NAME --help` shows a demo's parameters and their bounds.",
        usage="studyapp demo [--list] [NAME [--PARAM VALUE ...] [--no-plot] [--guess N]]",
    )
    demo.add_argument("--list", action="store_true", help="list every demo")
    demo.add_argument("name", nargs="?", metavar="NAME", help="the demo to run")
    demo.add_argument("options", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    demo.set_defaults(run=run_demo_command)


def run_demo_command(command: Invocation) -> int:
    """Carry out ``studyapp demo``: the list, or a run; returns the exit status."""
    args, out = command.args, command.out
    if args.list or not args.name:
        print_demo_list(out)
        return 0
    spec = get_demo(args.name)
    if spec is None:
        close = difflib.get_close_matches(args.name, demo_names(), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UserError(
            f"no demo called {args.name!r}{hint}; `studyapp demo --list` shows all "
            f"{len(demo_names())}"
        )
    parser = demo_option_parser(spec)
    options = parser.parse_args(args.options)
    given: dict[str, ParamValue] = {}
    for key, param in spec.params.items():
        text = getattr(options, key)
        if text is None:
            continue
        try:
            given[key] = param.parse(text)
        except ValueError as error:
            raise UserError(f"--{_option(key)} {error}, not {text!r}") from None
    guess = options.guess
    if guess is not None:
        if spec.prediction is None:
            raise UserError(f"demo {spec.name!r} has no prediction question to guess")
        if not 1 <= guess <= len(spec.prediction.options):
            raise UserError(
                f"--guess must be an option number from 1 to {len(spec.prediction.options)}"
            )
    try:
        values = spec.resolve(given)
    except DemoParamError as error:
        raise UserError(str(error)) from None

    from studyapp.demos.run import run_demo

    color = wants_color(out)
    width = min(shutil.get_terminal_size((100, 30)).columns, MAX_CHART_WIDTH)
    if out.isatty():
        print(f"{spec.title or spec.name}: running…", file=out, flush=True)
    result = run_demo(spec.name, values)
    print_result(result, spec, out, width=width, guess=guess)
    if not options.no_plot:
        from studyapp.rendering.charts import result_charts, strip_colors

        for picture in result_charts(result, width, max(12, min(24, width // 4))):
            print(file=out)
            print(own_colors(picture) if color else strip_colors(picture), file=out)
    return 0


def print_demo_list(out: Output) -> None:
    """Every demo: its name and one-line summary."""
    from studyapp.cli.drawing import format_table

    rows = []
    for name in demo_names():
        spec = get_demo(name)
        if spec is not None:
            rows.append([name, spec.summary])
    print(format_table(["demo", "what it shows"], rows, width=table_width(out)), file=out)
    print("\nRun one: studyapp demo NAME   (its parameters: studyapp demo NAME --help)", file=out)


def demo_option_parser(spec: DemoSpec) -> CommandParser:
    """A parser for one demo's own options (``--lr``, ``--steps``…), with bounds in --help."""
    parser = CommandParser(
        prog=f"studyapp demo {spec.name}",
        description=f"{spec.title or spec.name}: {spec.summary}.",
        exit_on_error=True,
    )
    for key, param in spec.params.items():
        parser.add_argument(
            f"--{_option(key)}",
            dest=key,
            metavar="VALUE",
            help=f"{param.help} ({param.describe()}; default {format_param(param.default)})",
        )
    parser.add_argument("--no-plot", action="store_true", help="print the summary only")
    if spec.prediction:
        choices = ", ".join(f"{i}={o}" for i, o in enumerate(spec.prediction.options, 1))
        parser.add_argument(
            "--guess",
            type=int,
            metavar="N",
            help=f"your answer to {spec.prediction.question!r} ({choices}), graded by the run",
        )
    else:
        parser.set_defaults(guess=None)
    return parser


def print_result(
    result: DemoResult, spec: DemoSpec, out: Output, *, width: int, guess: int | None = None
) -> None:
    """The summary: parameters, the metric table, the finding, the claim and what to look for."""
    settings = "  ".join(f"{key}={format_param(value)}" for key, value in result.params.items())
    print(f"{result.title}   [{settings}]\n", file=out)
    print(metric_table(result, width), file=out)
    print(file=out)
    wrap = max(40, width - 2)
    print(textwrap.fill(result.finding, wrap), file=out)
    mark = "✓ This run shows it:" if result.claim_holds else "✗ This run does not show it:"
    print(textwrap.fill(f"{mark} {result.claim}", wrap, subsequent_indent="  "), file=out)
    print(textwrap.fill(f"Look for: {result.look_for}", wrap, subsequent_indent="  "), file=out)
    for note in result.notes:
        print(textwrap.fill(f"Note: {note}", wrap, subsequent_indent="  "), file=out)
    if spec.prediction is not None:
        options = spec.prediction.options
        right = "none of the options" if result.answer is None else options[result.answer]
        line = f"Prediction — {spec.prediction.question} Answer from this run: {right}."
        if guess is not None:
            verdict = "right" if result.answer == guess - 1 else "wrong"
            line += f" You guessed {options[guess - 1]}: {verdict}."
        print(textwrap.fill(line, wrap, subsequent_indent="  "), file=out)


def metric_table(result: DemoResult, width: int) -> str:
    """The runs' metrics as a table: a row per run, or, when that is wider than ``width``,
    a row per metric with a column per run (metrics a run lacks show as ``—``)."""
    from studyapp.cli.drawing import format_table
    from studyapp.demos.result import format_metric

    names = result.metric_names()
    labels = [run.label + (" (diverged)" if run.diverged else "") for run in result.runs]
    rows = [
        [label, *(format_metric(run.metrics.get(name)) for name in names)]
        for label, run in zip(labels, result.runs, strict=True)
    ]
    table = format_table(["run", *names], rows, right=set(range(1, len(names) + 1)))
    if max(len(line) for line in table.splitlines()) <= width:
        return table
    columns = [
        [name, *(format_metric(run.metrics.get(name)) for run in result.runs)] for name in names
    ]
    return format_table(["", *labels], columns, right=set(range(1, len(labels) + 1)))


def _option(key: str) -> str:
    return key.replace("_", "-")
