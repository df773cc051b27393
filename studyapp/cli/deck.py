"""``studyapp deck rename OLD NEW`` and ``studyapp deck rm DECK``: change a deck's id, or remove a
deck after writing a backup of it (with its whole history) that ``studyapp import`` restores."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

from studyapp.cli.deck_adopt import add_adopt
from studyapp.cli.errors import UserError

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.parser import CommandParser, Commands

#: The longest deck title (the store's column).
MAX_TITLE = 200


def add_parser(commands: Commands, common: CommandParser) -> None:
    """Add the ``deck`` command group (``rename``, ``rm``)."""
    deck = commands.add_parser(
        "deck",
        parents=[common],
        help="rename, remove or adopt a deck",
        description="Change a deck's id and title (studyapp deck rename), remove a deck "
        "and its history after writing a backup of it (studyapp deck rm), or write a deck to a "
        "deck file that is its source from then on (studyapp deck adopt).",
    )
    actions = deck.add_subparsers(
        dest="deck_action", metavar="ACTION", required=True, help="rename, rm or adopt"
    )
    rename = actions.add_parser(
        "rename",
        parents=[common],
        help="give a deck another id (and title)",
        description="Give deck OLD the id NEW. Its cards, schedules, reviews, tests, matching "
        "games and unfinished sessions follow it, and so does the next import of the file it "
        "came from (which still says OLD). Bundled decks keep their ids.",
    )
    rename.add_argument("old", metavar="OLD", help="the deck's id now")
    rename.add_argument("new", metavar="NEW", help="its new id: lowercase letters, digits, - and _")
    rename.add_argument("--title", metavar="TITLE", help="its new title too")
    rename.set_defaults(run=run_rename)
    remove = actions.add_parser(
        "rm",
        parents=[common],
        help="remove a deck, after writing a backup of it",
        description="Remove a deck with its cards and whole history. A backup of it "
        "(<deck>-<UTC time>.studyapp-deck.json, in the deck-backups folder of your user data "
        "folder) is written first: studyapp import BACKUP brings it all back. Asks first "
        "unless --yes.",
    )
    remove.add_argument("deck", metavar="DECK", help="the deck's id")
    remove.add_argument("-y", "--yes", action="store_true", help="remove without asking")
    remove.set_defaults(run=run_remove)
    add_adopt(actions, common)


def checked_deck_id(text: str) -> str:
    """A deck id as typed: lowercase letters, digits, - and _, at most 80; else a UserError."""
    from studyapp.decks.models import DECK_ID_PATTERN

    if not re.fullmatch(DECK_ID_PATTERN, text) or len(text) > 80:
        raise UserError(
            f"{text!r} is not a deck id (lowercase letters, digits, - and _; at most 80)"
        )
    return text


def run_rename(command: Invocation) -> int:
    """Carry out ``studyapp deck rename``."""
    from studyapp.store.deck_rename import DeckRenameError

    args = command.args
    new = checked_deck_id(args.new)
    title: str | None = args.title
    if title is not None:
        title = title.strip()
        if not title or len(title) > MAX_TITLE or any(c in title for c in "\r\n"):
            raise UserError(f"a deck title is one line of 1 to {MAX_TITLE} characters")
    if new == args.old and title is None:
        print(f"deck {new} already has that id; nothing changed", file=command.out)
        return 0
    with command.collection() as collection:
        try:
            source = collection.rename_deck(args.old, new, title)
        except DeckRenameError as error:
            raise UserError(str(error)) from None
    print(f"deck {args.old} is now {new}" + (f": {title}" if title else ""), file=command.out)
    if title is not None and source is not None:
        print(
            f"  note: the title in {source} is the deck's: its next import sets that one "
            "again (change it there to keep this one)",
            file=command.out,
        )
    return 0


def run_remove(command: Invocation) -> int:
    """Carry out ``studyapp deck rm``: ask (unless --yes), write the backup, remove the deck."""
    from studyapp.paths import deck_backups_dir
    from studyapp.store.deck_removal import UnknownDeckError

    key: str = command.args.deck
    folder = deck_backups_dir()
    with command.collection() as collection:
        try:
            size = collection.deck_size(key)
            if not command.args.yes:
                question = (
                    f"Remove deck {key} ({size.cards} cards, {size.reviews} reviews)? "
                    f"A backup is written to {folder} first [y/N] "
                )
                if not confirmed(question, command):
                    print("nothing was removed", file=command.out)
                    return 0
            backup = collection.remove_deck(key, folder)
        except UnknownDeckError as error:
            raise UserError(str(error)) from None
        except OSError as error:
            raise UserError(
                f"cannot write the backup to {folder}: {error.strerror}; nothing was removed"
            ) from None
    print(f"removed deck {key}; its backup: {backup}", file=command.out)
    print(f"  bring it back with: studyapp import {backup}", file=command.out)
    return 0


def confirmed(question: str, command: Invocation) -> bool:
    """Whether the user answers y(es) to ``question`` on the terminal; a UserError when there
    is no terminal to ask on."""
    if not sys.stdin.isatty():
        raise UserError("deck rm asks before removing, and stdin is not a terminal: nothing "
                        "was removed (add --yes to remove without asking)")  # fmt: skip
    print(question, end="", file=command.err, flush=True)
    try:
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        print(file=command.err)  # what follows starts on a line of its own
        raise
    if not answer.endswith("\n"):  # ctrl+d: no line typed
        print(file=command.err)
    return answer.strip().lower() in ("y", "yes")
