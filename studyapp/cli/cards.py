"""``studyapp cards [QUERY] [--json] [--sort COL] [--desc] [--limit N]``: search the cards.

The query is the card browser's (:mod:`studyapp.store.search_query`); its words may come as
one argument or several, and a negated term (``-tag:hard``) is a term, not an option. The
cards are printed as a table fitted to the terminal (like ``studyapp decks``) or, with
``--json``, as a list of objects. A query that cannot be read is one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from studyapp.cli.errors import UserError
from studyapp.cli.layout import table_width, wants_color
from studyapp.cli.parser import CommandParser
from studyapp.store.search_query import SORT_COLUMNS, SearchError
from studyapp.terminal_text import one_line

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.output import Output
    from studyapp.cli.parser import Commands
    from studyapp.store.search import CardRow

#: Cards listed unless ``--limit`` says otherwise.
DEFAULT_LIMIT: Final = 100
#: On a terminal, a deck id or the tags are cut to this many characters (the question, last,
#: takes the rest of the line); piped, nothing is cut.
NARROW_COLUMN: Final = 18
#: On a terminal, the question keeps this many characters; to leave it that much, these
#: columns are left out, in this order, until the others fit.
QUESTION_ROOM: Final = 30
DROPPED_FIRST: Final = ("TAGS", "MARKS", "REVIEWS", "LAPSES", "IVL", "RATING", "EASE", "DUE")
#: The columns aligned to the right.
NUMBERS: Final = frozenset({"CARD", "IVL", "EASE", "LAPSES", "REVIEWS", "RATING"})
QUERY_HELP: Final = (
    'search terms, all of which must hold: words (prefixes: adam finds AdamW), "a phrase", '
    "deck:ID, tag:NAME (* for any characters), "
    "is:due|new|learning|review|suspended|buried|starred|leech, flag:0-7, rated:N[:R], "
    "prop:ease|ivl|lapses|reviews|due with < <= > >= = != and a number; "
    "-TERM negates a term, a or b takes either; none: every card"
)


class QueryParser(CommandParser):
    """The parser of ``cards``: an argument starting with one ``-`` (``-tag:hard``) is a
    negated search term, not an option (its only short option is ``-h``)."""

    def _parse_optional(self, arg_string: str) -> Any:
        if arg_string.startswith("-") and not arg_string.startswith("--") and arg_string != "-h":
            return None
        return super()._parse_optional(arg_string)


def add_parser(commands: Commands, common: CommandParser) -> None:
    """Add the ``cards`` subcommand."""
    cards = commands.add_parser(
        "cards",
        parents=[common],
        help="search cards: deck:, tag:, is:due, prop:ease<2, words and phrases",
        description="List the cards a search finds (every active card without one), with "
        "their deck, state, due day, interval, ease, lapses, reviews, latest rating, marks, "
        "tags and question. The search language is the card browser's (b on the home "
        "screen); see the README.",
        epilog="examples: studyapp cards adam -is:new · studyapp cards '\"weight decay\"' "
        "deck:optim* --sort ease · studyapp cards is:due --json",
    )
    cards.__class__ = QueryParser  # argparse makes every subparser of its own class
    cards.add_argument("query", nargs="*", metavar="QUERY", help=QUERY_HELP)
    cards.add_argument(
        "--json", action="store_true", help="print the cards as a JSON list of objects"
    )
    cards.add_argument(
        "--sort",
        choices=SORT_COLUMNS,
        default="due",
        metavar="COL",
        help=f"sort by this column: {', '.join(SORT_COLUMNS)} (default: due; ties by card id)",
    )
    cards.add_argument("--desc", action="store_true", help="sort in descending order")
    cards.add_argument(
        "--limit",
        type=_limit,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"list at most N cards (default {DEFAULT_LIMIT}; 0 for all)",
    )
    cards.set_defaults(run=run_cards)


def _limit(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a whole number of cards: {text!r}")
    return int(text)


def run_cards(command: Invocation) -> int:
    """Carry out ``studyapp cards``; returns the exit status."""
    args, out = command.args, command.out
    query = " ".join(args.query)
    with command.collection() as collection:
        try:
            page = collection.search_cards(
                query,
                sort=args.sort,
                descending=args.desc,
                limit=args.limit or None,
            )
        except SearchError as error:
            raise UserError(f"cannot search {query!r}: {error}") from None
    if args.json:
        print(json.dumps([card_json(row) for row in page.rows], indent=2), file=out)
    else:
        print_card_table(page.rows, out)
    if len(page.rows) < page.total:
        print(
            f"studyapp: {len(page.rows):,} of {page.total:,} cards listed (--limit N for more)",
            file=command.err,
        )
    return 0


def card_json(row: CardRow) -> dict[str, Any]:
    """One card as a JSON object."""
    from studyapp.rendering.card_text import question_line

    return {
        "id": row.card_id,
        "ref": f"{row.deck_key}/{row.card_key}",
        "deck": row.deck_key,
        "deck_title": row.deck_title,
        "question": question_line(row.question),
        "tags": list(row.tags),
        "state": row.state,
        "due": row.due.isoformat() if row.due else None,
        "interval": row.interval,
        "ease": float(row.ease),
        "lapses": row.lapses,
        "reviews": row.reviews,
        "last_rating": row.last_rating,
        "starred": row.starred,
        "flag": row.flag,
    }


def print_card_table(rows: Sequence[CardRow], out: Output) -> None:
    """The cards as a table, the question last (cut to the terminal's width, and on a narrow
    terminal the least needed columns left out: :data:`DROPPED_FIRST`), or a line saying none
    was found."""
    if not rows:
        print("No card matches.", file=out)
        return
    from studyapp.cli.drawing import COLUMN_GAP, render, table
    from studyapp.rendering.card_text import question_line
    from studyapp.rendering.marks import marks_text

    width = table_width(out)

    def narrow(text: str) -> str:
        if width is None or len(text) <= NARROW_COLUMN:
            return text
        return text[: NARROW_COLUMN - 1] + "…"

    columns: dict[str, list[str]] = {
        "CARD": [str(row.card_id) for row in rows],
        "DECK": [narrow(one_line(row.deck_key)) for row in rows],
        "STATE": [row.state for row in rows],
        "DUE": [row.due.isoformat() if row.due else "" for row in rows],
        "IVL": [str(row.interval) for row in rows],
        "EASE": [f"{row.ease:.2f}" for row in rows],
        "LAPSES": [str(row.lapses) for row in rows],
        "REVIEWS": [str(row.reviews) for row in rows],
        "RATING": [str(row.last_rating or "") for row in rows],
        "MARKS": [marks_text(row.starred, row.flag) for row in rows],
        "TAGS": [narrow(one_line(" ".join(row.tags))) for row in rows],
    }
    if width is not None:
        for name in DROPPED_FIRST:
            taken = sum(max(len(name), *map(len, cells)) for name, cells in columns.items())
            if taken + COLUMN_GAP * len(columns) + QUESTION_ROOM <= width:
                break
            del columns[name]
    columns["QUESTION"] = [one_line(question_line(row.question)) for row in rows]
    header = list(columns)
    body = [list(cells) for cells in zip(*columns.values(), strict=True)]
    right = {n for n, name in enumerate(header) if name in NUMBERS}
    print(render(table(header, body, right=right, width=width), color=wants_color(out)), file=out)
