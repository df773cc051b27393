"""``studyapp export DECK --format md|yaml|json|csv|apkg``: a deck, or every deck, written out.

An export to stdout is data: written as it is to a pipe or a file, made safe only for a
terminal (:meth:`~studyapp.cli.output.TerminalOutput.write_data`). An export to a file is
written whole or not at all (:mod:`studyapp.atomic_file`): a failure keeps the old file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final

from studyapp.cli.errors import UserError
from studyapp.cli.output import Output, TerminalOutput

if TYPE_CHECKING:
    from datetime import date

    from studyapp.cli.invocation import Invocation
    from studyapp.cli.parser import CommandParser, Commands
    from studyapp.collection import Collection
    from studyapp.decks.anki.progress import CardProgress
    from studyapp.decks.models import DeckSpec

#: What ``--format`` may name.
EXPORT_FORMATS: Final = ("md", "yaml", "json", "csv", "apkg")


def add_parser(commands: Commands, common: CommandParser) -> None:
    """Add the ``export`` subcommand."""
    export = commands.add_parser(
        "export",
        parents=[common],
        help="write a deck out as md, yaml, json, csv or an Anki package (apkg)",
        description="Write a deck's cards as a deck file (md, yaml), a flat table (json, csv), "
        "or an Anki package (apkg: written to DECK.apkg, or with --all to studyapp.apkg, "
        "unless -o names the file; Anki imports it with its cards, tags and clozes, and your "
        "schedules and review history unless --no-progress).",
    )
    export.add_argument("deck", nargs="?", metavar="DECK", help="the deck id (see: studyapp decks)")
    export.add_argument("--all", action="store_true", help="export every deck")
    export.add_argument(
        "--no-progress",
        action="store_true",
        help="apkg: leave your schedules and review history out (to share a deck)",
    )
    export.add_argument(
        "-f", "--format", choices=EXPORT_FORMATS, default="md", help="output format (default: md)"
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="write to this file (with --all as md or yaml: this folder) instead of stdout",
    )
    export.set_defaults(run=run_export)


def run_export(command: Invocation) -> int:
    """Carry out ``studyapp export``; returns the exit status."""
    with command.collection() as collection:
        _export(collection, command)
    return 0


def _export(collection: Collection, command: Invocation) -> None:
    """Write the decks named, in the format asked for, where asked."""
    args, out, err = command.args, command.out, command.err
    from studyapp.atomic_file import write_texts_atomically
    from studyapp.decks.errors import DeckError, suggest
    from studyapp.decks.files import dump_deck
    from studyapp.decks.flat_writers import write_csv, write_json

    keys = collection.deck_keys()
    if args.all == bool(args.deck):
        raise UserError("name one deck to export, or use --all")
    if args.deck and args.deck not in keys:
        hint = suggest(args.deck, keys) or (f" (decks: {', '.join(keys)})" if keys else "")
        raise UserError(f'no deck "{args.deck}"{hint}')
    decks = [d for key in (keys if args.all else [args.deck]) if (d := collection.export_deck(key))]
    fmt = args.format
    try:
        if fmt == "apkg":
            progress = (
                {} if args.no_progress else {d.id: collection.deck_progress(d.id) for d in decks}
            )
            output = args.output or Path(f"{args.deck or 'studyapp'}.apkg")
            _export_apkg(decks, progress, output, collection.today(), err)
        elif fmt in ("json", "csv"):
            _emit(write_json(decks) if fmt == "json" else write_csv(decks), args.output, out)
        elif not args.all:
            _emit(dump_deck(decks[0], fmt), args.output, out)
        else:
            if args.output is None:
                raise UserError(f"--all as {fmt} writes one file per deck: give a folder with -o")
            try:
                args.output.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise UserError(f"cannot write {args.output}: {error.strerror}") from None
            files = {args.output / f"{deck.id}.{fmt}": dump_deck(deck, fmt) for deck in decks}
            try:
                write_texts_atomically(files)
            except OSError as error:  # a write failed: none was replaced
                problem = f"cannot write the deck files in {args.output}: {error.strerror}"
                raise UserError(problem) from None
            print(f"wrote {len(decks)} deck files to {args.output}", file=err)
    except DeckError as error:
        raise UserError(f"cannot export as {fmt}:\n{error}") from None


def _export_apkg(
    decks: list[DeckSpec],
    progress: dict[str, dict[str, CardProgress]],
    output: Path,
    today: date,
    err: Output,
) -> None:
    """Write the decks (and their progress) as one Anki package and say so on stderr."""
    import sqlite3

    from studyapp.decks.anki.export import write_apkg

    try:
        summary = write_apkg(decks, output, progress, today=today)
    except OSError as error:  # name the package, not the temporary file beside it
        raise UserError(f"cannot write {output}: {error.strerror}") from None
    except sqlite3.Error as error:  # the collection built in a temporary folder (disk full)
        raise UserError(f"cannot write {output}: {error}") from None
    cards = "card" if summary.cards == 1 else "cards"
    notes = "note" if summary.notes == 1 else "notes"
    decks_word = "deck" if summary.decks == 1 else "decks"
    reviews = "review" if summary.reviews == 1 else "reviews"
    history = f", {summary.reviews} {reviews} of history" if summary.reviews else ""
    print(
        f"wrote {output}: {summary.decks} {decks_word}, {summary.notes} {notes} "
        f"({summary.cards} Anki {cards}){history}; open it in Anki with File > Import",
        file=err,
    )


def _emit(text: str, output: Path | None, out: TerminalOutput) -> None:
    """An export's text to stdout (data: made safe only for a terminal) or to a file."""
    if output is None:
        out.write_data(text)
    else:
        _write_file(output, text)


def _write_file(path: Path, text: str) -> None:
    """Write a file whole (a temporary file, then a rename), or say why not and keep the old."""
    from studyapp.atomic_file import write_text_atomically

    try:
        write_text_atomically(path, text)
    except OSError as error:  # name the file asked for, not the temporary one beside it
        raise UserError(f"cannot write {path}: {error.strerror or error}") from None
