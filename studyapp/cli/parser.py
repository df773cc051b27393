"""The argument parser every command is declared with, and the options they all take.

Each command group's module adds its subcommand with an ``add_parser(commands, common)``
function (see :func:`studyapp.cli.program.build_parser`) and names the function that carries
it out with ``set_defaults(run=...)``: the parsed arguments say which command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TypeAlias

from studyapp.cli.output import point_at_devnull
from studyapp.terminal_text import terminal_safe

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose messages are terminal-safe and flushed as they are written."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse's own version echoes arguments raw and ignores a closed pipe (OSError)
        # (help to a closed pipe is quietly dropped; the parser then exits as it would)
        if message:
            stream = file or sys.stderr
            try:
                stream.write(terminal_safe(message))
                flush = getattr(stream, "flush", None)
                if callable(flush):
                    flush()
            except BrokenPipeError:
                point_at_devnull(stream)


#: The subcommands of the ``studyapp`` parser, to which each command group adds its own.
Commands: TypeAlias = "argparse._SubParsersAction[CommandParser]"


def common_options() -> CommandParser:
    """The options of every command (``--db``), as a parent parser: given before or after the
    command's name."""
    common = CommandParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="database: any SQLAlchemy URL or a SQLite file path "
        "(default: $STUDYAPP_DB, else a file in your user data folder)",
    )
    return common
