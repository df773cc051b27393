"""``studyapp deck adopt DECK PATH``: write a deck to a deck file that is its source from then on.

For a deck with no file to edit (imported from another app's export or an Anki package, or a
bundled deck): the deck is written to PATH as Markdown or YAML (by the name's suffix), whole
or not at all, and PATH becomes the deck's source. Edit the file and import it to change the
deck; a bundled deck adopted is the user's, and the app's updates leave it alone.

:func:`add_adopt` adds the subcommand to the ``deck`` command group (:mod:`studyapp.cli.deck`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.cli.errors import UserError

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.parser import CommandParser, Commands


def add_adopt(subcommands: Commands, common: CommandParser) -> None:
    """Add ``adopt`` to the ``deck`` group's subcommands (:mod:`studyapp.cli.deck`)."""
    adopt = subcommands.add_parser(
        "adopt",
        parents=[common],
        help="write a deck to a deck file and make that file its source",
        description="Write a deck (say, one imported from another app, or a bundled one) to "
        "PATH as a deck file (.md or .yaml, by the name) and make that file the deck's source "
        "from then on: edit it and `studyapp import PATH` to change the deck. Its cards keep "
        "their history; edits made in the app are written into the file. An adopted bundled "
        "deck is yours: the app's updates leave it alone. An existing PATH is not overwritten "
        "unless --force.",
    )
    adopt.add_argument("deck", metavar="DECK", help="the deck id (see: studyapp decks)")
    adopt.add_argument("path", metavar="PATH", type=Path, help="the deck file to write")
    adopt.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    adopt.set_defaults(run=run_adopt)


def run_adopt(command: Invocation) -> int:
    """Carry out ``studyapp deck adopt``; returns the exit status."""
    from studyapp.decks.errors import DeckError, suggest

    args = command.args
    path: Path = args.path
    with command.collection() as collection:
        keys = collection.deck_keys()
        if args.deck not in keys:
            hint = suggest(args.deck, keys) or (f" (decks: {', '.join(keys)})" if keys else "")
            raise UserError(f'no deck "{args.deck}"{hint}')
        try:
            report = collection.adopt_deck(args.deck, path, force=args.force)
        except FileExistsError:
            raise UserError(
                f"{path} exists: nothing was written (choose another name, or --force to "
                "overwrite it)"
            ) from None
        except DeckError as error:
            raise UserError(f"cannot adopt deck {args.deck} as {path}:\n{error}") from None
        except OSError as error:  # name the file asked for, not the temporary one beside it
            raise UserError(f"cannot write {path}: {error.strerror or error}") from None
    cards = "card" if report.total == 1 else "cards"
    print(
        f"wrote deck {report.deck} ({report.total} {cards}) to {path}; it is the deck's source "
        f"now: edit it, then studyapp import {path}",
        file=command.out,
    )
    return 0
