"""``studyapp config [KEY [VALUE]]``: show the settings, or change one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from studyapp.cli.errors import UserError

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.parser import CommandParser, Commands

#: The settings, as named on the command line (the collection's attributes use underscores).
SETTINGS: Final = ("new-per-day", "reviews-per-day", "learning-steps")


def add_parser(commands: Commands, common: CommandParser) -> None:
    """Add the ``config`` subcommand."""
    config = commands.add_parser(
        "config",
        parents=[common],
        help="show or change settings",
        description="Show settings, or set one: studyapp config new-per-day 30. "
        "new-per-day: new cards introduced a day (default 20); reviews-per-day: most reviews "
        "a day, so a backlog is spread over several days (default 200); learning-steps: "
        "minutes until a card rated below 4 in spaced review comes back that day (default 10, "
        "at most 1440).",
    )
    config.add_argument("key", nargs="?", choices=SETTINGS, help="the setting")
    config.add_argument("value", nargs="?", type=int, help="its new value")
    config.set_defaults(run=run_config)


def run_config(command: Invocation) -> int:
    """Carry out ``studyapp config``: set the value given, then print the settings asked for."""
    key: str | None = command.args.key
    value: int | None = command.args.value
    if key is not None and value is not None and value < 0:
        raise UserError(f"{key} cannot be negative")
    with command.collection() as collection:
        if key is not None and value is not None:
            try:
                setattr(collection, _attribute(key), value)
            except ValueError as error:
                raise UserError(f"{key}: {error}") from None
        for name in SETTINGS if key is None else (key,):
            print(f"{name} = {getattr(collection, _attribute(name))}", file=command.out)
    return 0


def _attribute(setting: str) -> str:
    return setting.replace("-", "_")
