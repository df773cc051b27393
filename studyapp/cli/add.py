"""``studyapp add DECK --question Q --answer A``: add a card to a deck, for scripts.

The card goes where the deck lives, as the TUI's add form puts it: appended to the deck's file
(then imported again), or stored for a deck with no file. A card a deck file would refuse, or
a file that cannot take it, is an error naming what is wrong; nothing is changed then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studyapp.cli.errors import UserError
from studyapp.decks.new_card import NEW_CARD_TYPES

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.parser import CommandParser, Commands


def add_parser(commands: Commands, common: CommandParser) -> None:
    """Add the ``add`` subcommand."""
    add = commands.add_parser(
        "add",
        parents=[common],
        help="add a card to a deck (to its deck file, if it has one)",
        description="Add a card to a deck: appended to the deck's file (the rest of the file "
        "unchanged) and the file imported again, or stored for a deck with no file.",
    )
    add.add_argument("deck", help="the deck's id (see studyapp decks)")
    add.add_argument("--question", "-q", required=True, help="the front of the card (one line)")
    add.add_argument("--answer", "-a", required=True, help="the back of the card")
    add.add_argument("--short", default="", help="the short answer a typed answer is graded by")
    add.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="a tag (repeat for more)"
    )
    add.add_argument(
        "--type", choices=NEW_CARD_TYPES, default="basic", help="the card's type (default basic)"
    )
    add.set_defaults(run=run_add)


def run_add(command: Invocation) -> int:
    """Carry out ``studyapp add``: check the card, add it, say where it went."""
    from studyapp.decks.errors import DeckError
    from studyapp.decks.new_card import NewCardError, new_card
    from studyapp.store.added_cards import UnknownDeckError

    args = command.args
    try:
        card = new_card(
            args.question, args.answer, short=args.short, tags=args.tag, card_type=args.type
        )
    except NewCardError as error:
        raise UserError(f"the card was not added: {'; '.join(error.problems)}") from None
    with command.collection() as collection:
        try:
            added = collection.add_card(args.deck, card)
        except UnknownDeckError:
            raise UserError(f'no deck "{args.deck}" (see studyapp decks)') from None
        except DeckError as error:
            raise UserError(f"the card was not added: {error}") from None
    where = added.path or f"deck {added.deck} (stored: the deck has no deck file)"
    print(f"added card {added.key} to {where}", file=command.out)
    return 0
