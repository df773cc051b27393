"""``studyapp card suspend|unsuspend|bury|unbury|star|unstar|flag``: mark cards by name.

Cards are named ``DECK/CARD`` (the deck's id and the card's id, as in the deck file). Every
name is checked before anything changes: one unknown card and nothing is marked. The command
says how many cards changed and how many were so marked already.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from studyapp.cli.errors import UserError
from studyapp.store.version import FLAG_COLOURS

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.parser import CommandParser, Commands
    from studyapp.collection import Collection

#: Each action: its help, and what a card it changed now is.
ACTIONS: Final = {
    "suspend": ("suspend cards: never due until unsuspended", "suspended"),
    "unsuspend": ("unsuspend cards", "unsuspended"),
    "bury": ("bury cards until tomorrow (your next local day)", "buried until tomorrow"),
    "unbury": ("unbury cards: studied again today", "unburied"),
    "star": ("star cards", "starred"),
    "unstar": ("take cards' stars away", "unstarred"),
    "flag": ("flag cards with a colour, 1-7 or its name (0 or none: no flag)", "flagged"),
}
#: How many unknown cards an error names before it says "and N more".
_NAMED = 5
_CARDS_HELP = (
    "cards named DECK/CARD (the deck's id and the card's id, as in the deck file), or by the "
    "number studyapp cards --json gives them"
)


def add_parser(commands: Commands, common: CommandParser) -> None:
    """Add the ``card`` subcommand and its actions."""
    card = commands.add_parser(
        "card",
        parents=[common],
        help="suspend, bury, star or flag cards",
        description="Mark cards: suspend or bury them (kept out of study), star or flag them. "
        "Name each card DECK/CARD, e.g. studyapp card suspend optimizers/adam-bias, or by the "
        "number studyapp cards --json gives it.",
    )
    actions = card.add_subparsers(
        dest="action", metavar="ACTION", required=True, help="what to do to the cards"
    )
    for name, (help_text, _) in ACTIONS.items():
        action = actions.add_parser(name, parents=[common], help=help_text, description=help_text)
        if name == "flag":
            action.add_argument("colour", type=flag_number, help="1-7, a colour name, or 0/none")
        action.add_argument("cards", nargs="+", metavar="CARD", help=_CARDS_HELP)
        action.set_defaults(run=run_card_marks)


def flag_number(text: str) -> int:
    """A flag given on the command line: 0-7 or a colour name (``none`` is 0)."""
    word = text.strip().lower()
    if word in FLAG_COLOURS:
        return FLAG_COLOURS.index(word) + 1
    if word == "none":
        return 0
    if word.isdigit() and int(word) <= len(FLAG_COLOURS):
        return int(word)
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a flag: 1-7, one of {', '.join(FLAG_COLOURS)}, or 0/none"
    )


def run_card_marks(command: Invocation) -> int:
    """Carry out ``studyapp card ACTION [COLOUR] CARD...``."""
    from studyapp.store.card_refs import CardRefError

    action: str = command.args.action
    refs: list[str] = command.args.cards
    with command.collection() as collection:
        try:
            found = collection.card_ids(refs)
        except CardRefError as error:
            raise UserError(str(error)) from None
        missing = [ref for ref in dict.fromkeys(refs) if ref not in found]
        if missing:
            more = f" and {len(missing) - _NAMED} more" if len(missing) > _NAMED else ""
            named = ", ".join(missing[:_NAMED])
            raise UserError(f"no such card: {named}{more}; nothing was marked")
        card_ids = list(dict.fromkeys(found.values()))
        changed = _marking(collection, action, command.args)(card_ids)
    done = ACTIONS[action][1]
    if action == "flag":
        colour = command.args.colour
        done = f"flagged {FLAG_COLOURS[colour - 1]}" if colour else "left with no flag"
    already = len(card_ids) - len(changed)
    so = f" ({already} already)" if already else ""
    print(f"{_cards(len(changed))} {done}{so}", file=command.out)
    return 0


def _marking(
    collection: Collection, action: str, args: argparse.Namespace
) -> Callable[[list[int]], list[int]]:
    """The collection's method that carries out ``action`` on a list of card ids."""
    return {
        "suspend": collection.suspend,
        "unsuspend": lambda ids: collection.suspend(ids, on=False),
        "bury": collection.bury,
        "unbury": collection.unbury,
        "star": collection.star,
        "unstar": lambda ids: collection.star(ids, on=False),
        "flag": lambda ids: collection.flag(ids, args.colour),
    }[action]


def _cards(count: int) -> str:
    return f"{count} card{'' if count == 1 else 's'}"
