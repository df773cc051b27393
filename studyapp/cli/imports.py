"""``studyapp import PATH...``: deck files, folders of them, Anki packages and other apps'
exports, each file one transaction; a report line per deck, located errors on stderr."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final

from studyapp.cli.errors import USER_ERROR, UserError

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.parser import CommandParser, Commands

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
        "cards and retires cards that left the file (their history stays).",
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
    add.set_defaults(run=run_import)


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
    with command.collection() as collection:
        batch = collection.import_paths(paths, args.format, **options)
    for report in batch.reports:
        print(report.summary(), file=out)
        if report.previous_origin:
            print(
                f"  note: deck {report.deck} was last imported from {report.previous_origin}",
                file=out,
            )
        for remark in report.remarks:
            print(f"  {remark}", file=out)
    for error in batch.errors:
        print(str(error), file=err)
    if not batch.reports and not batch.errors:
        raise UserError("no deck files (.md, .yaml) found in " + ", ".join(map(str, paths)))
    if batch.errors:
        print(
            f"studyapp: {len(batch.errors)} file(s) had errors and were not imported; "
            f"{len({report.path for report in batch.reports})} imported",  # a package: many decks
            file=err,
        )
        return USER_ERROR
    return 0
