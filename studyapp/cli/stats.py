"""``studyapp stats [DECK...] [--tag T] [--json]``: every mastery figure of a scope.

The figures are :meth:`Collection.stats`'s (:mod:`studyapp.analytics`), printed as text
sections (:mod:`studyapp.cli.stats_page`) or, with ``--json``, in the documented schema of
:mod:`studyapp.cli.stats_json`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from studyapp.cli.errors import UserError
from studyapp.cli.layout import page_width, wants_color

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.parser import CommandParser, Commands
    from studyapp.collection import Collection
    from studyapp.scope import Scope

#: How many tags an unknown tag's error names.
TAGS_LISTED: Final = 10


def add_parser(commands: Commands, common: CommandParser) -> None:
    """Add the ``stats`` subcommand."""
    stats = commands.add_parser(
        "stats",
        parents=[common],
        help="mastery statistics: cards, retention, streaks, forecast, calendar, calibration",
        description="Print every mastery figure of all decks, of some decks, or of the cards "
        "with a tag: cards by stage and mastery, ratings, retention, time studied, streaks, "
        "reviews due in the next 30 days, a calendar of the last year's reviews, the hardest "
        "cards, mastery week by week, test scores, matching times and calibration. "
        "--json prints the same figures as JSON (schema studyapp.stats/1, see "
        "docs/stats-json.md).",
    )
    stats.add_argument(
        "decks", nargs="*", metavar="DECK", help="only these decks (see: studyapp decks)"
    )
    stats.add_argument("--tag", metavar="TAG", help="only the cards with this tag")
    stats.add_argument(
        "--json", action="store_true", help="print the figures as JSON (docs/stats-json.md)"
    )
    stats.set_defaults(run=run_stats)


def run_stats(command: Invocation) -> int:
    """Carry out ``studyapp stats``; returns the exit status."""
    args, out = command.args, command.out
    with command.collection() as collection:
        report = collection.stats(chosen_scope(collection, args.decks, args.tag))
    if args.json:
        from studyapp.cli.stats_json import report_to_json

        print(json.dumps(report_to_json(report), indent=2), file=out)
        return 0
    from studyapp.cli.stats_page import render_stats

    print(render_stats(report, width=page_width(out), color=wants_color(out)), file=out)
    return 0


def chosen_scope(collection: Collection, decks: Sequence[str], tag: str | None) -> Scope:
    """The scope the arguments name, or a :class:`UserError` for an unknown deck or tag."""
    from studyapp.decks.errors import suggest
    from studyapp.scope import Scope

    if decks and tag is not None:
        raise UserError("give decks or --tag, not both")
    if tag is not None:
        tag = tag.removeprefix("#")
        tags = [summary.key for summary in collection.tag_summaries()]
        if tag not in tags:
            listed = ", ".join(tags[:TAGS_LISTED]) + (", …" if len(tags) > TAGS_LISTED else "")
            hint = suggest(tag, tags) or (f" (tags: {listed})" if tags else " (no card has tags)")
            raise UserError(f'no card has the tag "{tag}"{hint}')
        return Scope(tag=tag)
    if not decks:
        return Scope()
    keys = collection.deck_keys()
    for key in decks:
        if key not in keys:
            hint = suggest(key, keys) or (f" (decks: {', '.join(keys)})" if keys else "")
            raise UserError(f'no deck "{key}"{hint}')
    return Scope(decks=tuple(dict.fromkeys(decks)))
