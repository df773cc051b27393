"""``studyapp import PATH...``: deck files, folders of them, Anki packages and other apps'
exports, each file one transaction; a report line per deck, located errors on stderr."""

from __future__ import annotations

import argparse
import re
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Final

from studyapp.cli.errors import USER_ERROR, UserError
from studyapp.cli.working import working

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.parser import CommandParser, Commands

#: Files this big in all take a second or more to import (an Anki package of a few thousand
#: notes and their history): the command shows it is at work, then how long it took.
SLOW_IMPORT_BYTES: Final = 1 << 20

#: What ``--format`` may name.
IMPORT_FORMATS: Final = ("md", "yaml", "apkg", "brainscape", "knowt", "qa", "quizlet", "anki")


def add_parser(commands: Commands, common: CommandParser) -> None:
    """Add the ``import`` subcommand."""
    add = commands.add_parser(
        "import",
        parents=[common],
        help="import deck files, folders of them, or other apps' exports",
        description="Import Markdown (.md) or YAML (.yaml) deck files, every deck file in a "
        "folder, Anki packages (.apkg, .colpkg: their decks, cards and review history), or "
        "another app's export (a .txt, .csv or .tsv file: Brainscape Q/A lists, "
        "Knowt/Quizlet term lists, question/answer dumps, Quizlet exports, Anki plain-text "
        "exports; the format is detected, or name it with --format). Each file is one "
        "transaction: a file with errors imports nothing. Importing again updates changed "
        "cards and retires cards that left the file (their history stays). A file whose deck "
        "id belongs to a deck from another source (a bundled deck, another file) is refused: "
        "choose another deck with --deck, or take that deck over with --replace.",
    )
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="file or folder")
    add.add_argument(
        "-f",
        "--format",
        choices=IMPORT_FORMATS,
        help="read every file named as this format instead of detecting it",
    )
    add.add_argument(
        "--separator",
        type=escaped,
        metavar="TEXT",
        help=r"quizlet: what separates a term from its definition (default: detected; \t is tab)",
    )
    add.add_argument(
        "--row-separator",
        type=escaped,
        metavar="TEXT",
        help=r"quizlet: what separates one card from the next (default: a new line; \n works)",
    )
    target = add.add_mutually_exclusive_group()
    target.add_argument(
        "--deck",
        type=deck_id,
        metavar="ID",
        help="import into the deck ID (new or yours) instead of the deck the file names; a "
        "package's several decks go to ID-<deck>",
    )
    target.add_argument(
        "--replace",
        action="store_true",
        help="let the file take over the deck it names even if that deck came from elsewhere "
        "(cards not in the file are retired, their history kept)",
    )
    add.set_defaults(run=run_import)


def deck_id(text: str) -> str:
    """A deck id as typed after ``--deck``: lowercase letters, digits, - and _."""
    from studyapp.decks.models import DECK_ID_PATTERN  # pydantic: only when the option is used

    value = text.strip()
    if not re.fullmatch(DECK_ID_PATTERN, value) or len(value) > 80:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a deck id (lowercase letters, digits, - and _; at most 80)"
        )
    return value


def escaped(text: str) -> str:
    """A separator as typed on the command line: backslash-t is a tab, backslash-n a new line."""
    return text.replace("\\t", "\t").replace("\\n", "\n")


def run_import(command: Invocation) -> int:
    """Carry out ``studyapp import``; exit status 2 when a file had errors."""
    args, out, err = command.args, command.out, command.err
    paths: list[Path] = args.paths
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise UserError(f"no such file or folder: {', '.join(map(str, missing))}")
    options = {"separator": args.separator, "row_separator": args.row_separator}
    from studyapp.collection import ImportTarget

    target = ImportTarget(deck=args.deck, replace=args.replace)
    size = sum(path.stat().st_size for path in paths if path.is_file())
    what = paths[0].name if len(paths) == 1 else _counted(paths)
    shown = working(f"Importing {what}…", err) if size >= SLOW_IMPORT_BYTES else nullcontext()
    with command.collection() as collection, shown:
        batch = collection.import_paths(paths, args.format, target=target, **options)
    for report in batch.reports:
        print(report.summary(), file=out)
        if report.previous_origin:
            print(
                f"  note: deck {report.deck} was last imported from "
                + origin_said(report.previous_origin),
                file=out,
            )
        for remark in report.remarks:
            print(f"  {remark}", file=out)
    for error in batch.errors:
        print(str(error), file=err)
    if not batch.reports and not batch.errors:
        raise UserError("no deck files (.md, .yaml) found in " + ", ".join(map(str, paths)))
    imported = len({report.path for report in batch.reports})  # a package: many decks
    if batch.errors and imported + len(batch.errors) > 1:  # one file: its error says it all
        failed = len(batch.errors)
        print(
            f"studyapp: {failed} {'file' if failed == 1 else 'files'} had errors and "
            f"{'was' if failed == 1 else 'were'} not imported; {imported} imported",
            file=err,
        )
    return USER_ERROR if batch.errors else 0


def _counted(paths: list[Path]) -> str:
    """How many files and folders ``paths`` are ("3 files", "2 folders", "4 files and
    folders")."""
    folders = sum(path.is_dir() for path in paths)
    if not folders:
        return f"{len(paths)} files"
    return f"{folders} folders" if folders == len(paths) else f"{len(paths)} files and folders"


def origin_said(origin: str) -> str:
    """A deck's file as the user knows it: the app's own bundled decks by that name, not by
    where the app is installed."""
    from studyapp.paths import bundled_cards_dir

    if Path(origin).parent == bundled_cards_dir().resolve():
        return "the app's bundled decks"
    return origin
