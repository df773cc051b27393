"""``studyapp config [KEY [VALUE]]``: show the settings, or change one."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING, Final

from studyapp.cli.errors import UserError
from studyapp.store.settings import SETTINGS, SETTINGS_BY_NAME, SettingError

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.parser import CommandParser, Commands

#: The settings, as named on the command line (the collection's attributes use underscores).
SETTING_NAMES: Final = tuple(setting.name for setting in SETTINGS)
#: The help's list of settings: the names' column, and the lines' width.
NAME_WIDTH: Final = max(len(name) for name in SETTING_NAMES) + 2
HELP_WIDTH: Final = 78


def add_parser(commands: Commands, common: CommandParser) -> None:
    """Add the ``config`` subcommand."""
    config = commands.add_parser(
        "config",
        parents=[common],
        help="show or change settings",
        description="Show the settings, or one, or set one: studyapp config new-per-day 30.\n"
        "The settings screen (the , key on the deck list) sets the same ones.\n\nsettings:\n"
        + "\n".join(_described(name) for name in SETTING_NAMES),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    config.add_argument(
        "key", nargs="?", choices=SETTING_NAMES, metavar="SETTING", help="the setting (see above)"
    )
    config.add_argument(
        "value", nargs="?", metavar="VALUE", help="its new value: a whole number, or a word above"
    )
    config.set_defaults(run=run_config)


def run_config(command: Invocation) -> int:
    """Carry out ``studyapp config``: set the value given, then print the settings asked for."""
    key: str | None = command.args.key
    text: str | None = command.args.value
    value = None if key is None or text is None else _parsed(key, text)
    with command.collection() as collection:
        if key is not None and value is not None:
            try:
                settings = collection.change_settings({key: value})
            except SettingError as error:
                raise UserError(f"{key}: {error}") from None
        else:
            settings = collection.settings()
    for name in SETTING_NAMES if key is None else (key,):
        print(f"{name} = {settings.value(name)}", file=command.out)
    return 0


def _parsed(key: str, text: str) -> int | str:
    """The value ``text`` gives the setting ``key``; a UserError saying what is wrong."""
    setting = SETTINGS_BY_NAME[key]
    try:
        return setting.parse(text)
    except SettingError as error:
        if setting.is_number and _negative(text):
            raise UserError(f"{key} cannot be negative") from None
        raise UserError(f"{key}: {error}") from None


def _negative(text: str) -> bool:
    """Whether ``text`` is a negative whole number."""
    try:
        return int(text) < 0
    except ValueError:
        return False


def _described(name: str) -> str:
    """A setting's lines of the command's help: its name, then its words, meaning and default
    (wrapped to 78 columns)."""
    setting = SETTINGS_BY_NAME[name]
    words = f"{' or '.join(setting.choices)}. " if len(setting.choices) > 1 else ""
    return textwrap.fill(
        words + setting.described(),
        width=HELP_WIDTH,
        initial_indent=f"  {name:<{NAME_WIDTH}}",
        subsequent_indent=" " * (NAME_WIDTH + 2),
    )
