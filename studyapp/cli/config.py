"""``studyapp config [KEY [VALUE]]``: show the settings, or change one."""

from __future__ import annotations

import argparse
import textwrap
from contextlib import nullcontext
from typing import TYPE_CHECKING, Final

from studyapp.cli.errors import UserError
from studyapp.cli.working import working
from studyapp.store.settings import SETTINGS, SETTINGS_BY_NAME, SettingError

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.parser import CommandParser, Commands
    from studyapp.collection import Collection

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
    switched = ""
    with command.collection() as collection:
        if key is not None and value is not None:
            due_before = _due_today(collection) if key == "scheduler" else 0
            before = collection.settings().value(key)
            slow = key == "scheduler" and value == "fsrs" and before != "fsrs"
            try:
                with working("Switching to FSRS…", command.err) if slow else nullcontext():
                    settings = collection.change_settings({key: value})
            except SettingError as error:
                raise UserError(f"{key}: {error}") from None
            if key == "scheduler" and settings.scheduler != before:
                switched = _switch_said(str(before), settings.scheduler, due_before, collection)
        else:
            settings = collection.settings()
    for name in SETTING_NAMES if key is None else (key,):
        print(f"{name} = {settings.value(name)}", file=command.out)
    if switched:
        print(switched, file=command.out)
    return 0


#: How each scheduler is named in a sentence.
SCHEDULER_NAMES: Final = {"sm2": "SM-2", "fsrs": "FSRS"}


def _due_today(collection: Collection) -> int:
    return sum(summary.due for summary in collection.deck_summaries())


def _switch_said(before: str, after: str, due_before: int, collection: Collection) -> str:
    """What a switch of scheduler did: whose due days the cards have now, and how many are due
    today under each."""
    old, new = SCHEDULER_NAMES[before], SCHEDULER_NAMES[after]
    return textwrap.fill(
        f"Every card now has {new}'s due day: {_due_today(collection):,} due today "
        f"({due_before:,} under {old}). Both schedulers keep moving every card, so "
        f"studyapp config scheduler {before} switches back with nothing lost.",
        width=HELP_WIDTH,
    )


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
