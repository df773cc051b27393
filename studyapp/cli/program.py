"""The ``studyapp`` program: parse the arguments, run the command, end with its exit status.

Exit status: 0 on success (also when the reader of the output leaves early, as in
``studyapp decks | head -1``: stopping it was the reader's choice), 2 for anything the user can
fix (bad deck file, unknown deck, unreachable or unwritable database, bad arguments), 130 when
interrupted (Ctrl-C), 143 when asked to end (SIGTERM): see :mod:`studyapp.cli.errors`.
Everything printed goes through the one sanitiser (:mod:`studyapp.cli.output`); an export to a
pipe or a file is data and is written as it is (to a file: whole or not at all,
:mod:`studyapp.atomic_file`).

Each command group is a module with an ``add_parser`` function; the parsed arguments carry the
function that runs the command (``run``), given an :class:`~studyapp.cli.invocation.Invocation`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from studyapp import __version__
from studyapp.cli import (
    add,
    card_marks,
    cards,
    config,
    deck,
    decks,
    demo,
    exports,
    fsrs,
    imports,
    lint,
    stats,
)
from studyapp.cli.errors import (
    INTERRUPTED,
    TERMINATED,
    USER_ERROR,
    Terminated,
    UserError,
    sigterm_as_interrupt,
)
from studyapp.cli.home import opens_the_tui, print_overview, run_tui
from studyapp.cli.invocation import Handler, Invocation
from studyapp.cli.output import Output, OutputError, TerminalOutput
from studyapp.cli.parser import CommandParser, common_options

if TYPE_CHECKING:
    from studyapp.clock import Clock

#: The command groups, in the order ``studyapp --help`` lists them.
COMMAND_GROUPS = (
    imports, exports, decks, deck, add, cards, card_marks, config, fsrs, stats, demo, lint,
)  # fmt: skip


def build_parser() -> CommandParser:
    """The argument parser with every subcommand (each has --help)."""
    common = common_options()
    parser = CommandParser(
        prog="studyapp",
        description="Spaced-repetition flashcards in the terminal for learning how neural "
        "networks are trained.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"studyapp {__version__}")
    parser.set_defaults(run=print_overview)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.add_parser(commands, common)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    clock: Clock | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit status."""
    out = TerminalOutput(stdout or sys.stdout)
    err = TerminalOutput(stderr or sys.stderr, diagnostics=True)
    try:
        code = _main(argv, clock, out, err)
        out.flush()
        err.flush()
    except BrokenPipeError:  # the reader has gone (studyapp decks | head -1): stop quietly
        out.discard_the_rest()  # (diagnostics never raise it: see TerminalOutput)
        return 0
    except OutputError as error:  # stdout is a file on a full disk, or failing
        print(f"studyapp: {error}", file=err)
        return USER_ERROR
    return code


def _main(argv: Sequence[str] | None, clock: Clock | None, out: TerminalOutput, err: Output) -> int:
    """Parse the arguments and run the command (or the TUI); user errors and signals end here."""
    try:
        args = build_parser().parse_args(argv)
        command = Invocation(args, clock, out, err)
        if opens_the_tui(command):
            return run_tui(command)
        run: Handler = args.run
        with sigterm_as_interrupt():
            return run(command)
    except UserError as error:
        print(f"studyapp: {error}", file=err)
        return USER_ERROR
    except Terminated:
        print("studyapp: terminated", file=err)
        return TERMINATED
    except KeyboardInterrupt:
        print("studyapp: interrupted", file=err)
        return INTERRUPTED
