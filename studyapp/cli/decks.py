"""``studyapp decks``: every deck with its cards, new cards, cards due today and mastery; nested
decks (``Parent::Child`` titles) as an indented tree, a parent's counts rolled up.

On a ready store the list is read without loading SQLAlchemy (see
:mod:`studyapp.store.deck_list`), so that the command starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from studyapp.cli.layout import table_width, wants_color
from studyapp.cli.output import Output
from studyapp.terminal_text import one_line

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.parser import CommandParser, Commands
    from studyapp.store.deck_list import DeckSummary


def add_parser(commands: Commands, common: CommandParser) -> None:
    """Add the ``decks`` subcommand."""
    decks = commands.add_parser(
        "decks",
        parents=[common],
        help="list decks with cards, new, due today and mastery",
        description="List every deck: active cards, new cards, cards due today, and mastery "
        "(each card's latest 1-5 self-rating out of 5, unseen cards 0, averaged).",
    )
    decks.set_defaults(run=run_decks)


def run_decks(command: Invocation) -> int:
    """Carry out ``studyapp decks``; returns the exit status."""
    quick = command.quick_deck_list()
    if quick is not None:
        print_deck_table(quick, command.out)
        return 0
    with command.collection() as collection:
        print_deck_table(collection.deck_summaries(), command.out)
    return 0


def print_deck_table(summaries: Sequence[DeckSummary], out: Output) -> None:
    """The decks as a table (with an "all" row under two or more), or how to add one."""
    if not summaries:
        print("No decks yet: studyapp import PATH", file=out)
        return
    from studyapp.cli.drawing import render, table
    from studyapp.rendering.deck_tree import deck_tree, visible_rows

    header = ("DECK", "CARDS", "NEW", "DUE TODAY", "MASTERY", "TITLE")
    rows = []
    for depth, node in visible_rows(deck_tree(summaries)):  # nested decks indented
        s, indent = node.summary, "  " * depth
        rows.append(
            (
                indent + one_line(node.deck.key) if node.deck is not None else "",
                str(s.cards),
                str(s.new),
                str(s.due),
                f"{s.mastery:.0f}%",
                indent + one_line(node.name if depth else node.scope_title),
            )
        )
    if len(rows) > 1:
        total_cards = sum(s.cards for s in summaries)
        mastery = sum(s.mastery * s.cards for s in summaries) / total_cards if total_cards else 0
        rows.append(
            (
                "all",
                str(total_cards),
                str(sum(s.new for s in summaries)),
                str(sum(s.due for s in summaries)),
                f"{mastery:.0f}%",
                "",
            )
        )
    grid = table(header, rows, right={1, 2, 3, 4}, width=table_width(out))
    print(render(grid, color=wants_color(out)), file=out)
