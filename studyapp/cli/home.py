"""``studyapp`` with no command: the study screens (the TUI) in a terminal, else an overview.

The TUI is :mod:`studyapp.tui.app`'s, imported only when it opens: no command needs Textual.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Final

from studyapp.cli.decks import print_deck_table

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation

#: The commands the overview lists, under the deck table.
OVERVIEW_COMMANDS: Final = """
  studyapp import PATH...        import deck files, folders, Anki packages
  studyapp export DECK -f FMT    write a deck as md, yaml, json, csv or apkg
  studyapp decks                 this table
  studyapp stats [DECK]          mastery statistics (--tag T, --json)
  studyapp config                settings (daily limits, leeches, theme)
  studyapp demo --list           the "run it" training experiments
  studyapp COMMAND --help        details of a command"""


def opens_the_tui(command: Invocation) -> bool:
    """Whether ``studyapp`` was run with no command, its own stdin and stdout a terminal."""
    out = command.out
    return (
        command.args.command is None
        and out.stream is sys.stdout
        and sys.stdout.isatty()
        and sys.stdin.isatty()
    )


def run_tui(command: Invocation) -> int:
    """Open the TUI. On a ready store the home screen draws from a quick read of the deck list
    while the collection (and SQLAlchemy) load in the background."""
    from studyapp.tui.app import create_app

    first_decks = command.quick_deck_list()
    if first_decks is None:
        app = create_app(command.open_collection(), set_aside_at_start=True)
    else:
        app = create_app(
            opener=command.open_collection,
            first_decks=first_decks,
            first_theme=_quick_theme(command),
            set_aside_at_start=True,
        )
    try:
        app.run()
    finally:
        if app.collection_open:
            app.collection.close()
    return app.return_code or 0


def _quick_theme(command: Invocation) -> str | None:
    """The store's theme setting, read without loading SQLAlchemy (None if it can't be)."""
    import os

    from studyapp.paths import database_url
    from studyapp.store.quick_meta import quick_meta_value
    from studyapp.store.version import THEME_KEY

    return quick_meta_value(database_url(command.db, dict(os.environ)), THEME_KEY)


def print_overview(command: Invocation) -> int:
    """Out of a terminal: what studyapp is, the deck table, and the commands."""
    out = command.out
    with command.collection() as collection:
        print(
            "studyapp — flashcards for learning how neural networks are trained.\n"
            "Run it in a terminal to open the study screens. These commands work anywhere:\n",
            file=out,
        )
        print_deck_table(collection.deck_summaries(), out)
        print(OVERVIEW_COMMANDS, file=out)
    return 0
