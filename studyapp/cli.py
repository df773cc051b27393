"""The ``studyapp`` command line: a thin face over :class:`studyapp.collection.Collection`.

Exit status: 0 on success (also when the reader of the output leaves early, as in
``studyapp decks | head -1``: stopping it was the reader's choice), 2 for anything the user can
fix (bad deck file, unknown deck, unreachable or unwritable database, bad arguments), 130 when
interrupted (Ctrl-C), 143 when asked to end (SIGTERM). Everything printed goes through the one
sanitiser (:mod:`studyapp.cli_output`); an export to a pipe or a file is data and is written as
it is (to a file: whole or not at all, :mod:`studyapp.atomic_file`).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from studyapp import __version__
from studyapp.cli_output import (
    CommandParser,
    Output,
    OutputError,
    TerminalOutput,
    Terminated,
    sigterm_as_interrupt,
)
from studyapp.terminal_text import one_line

if TYPE_CHECKING:
    from datetime import date

    from studyapp.clock import Clock
    from studyapp.collection import Collection
    from studyapp.decks.anki.progress import CardProgress
    from studyapp.decks.models import DeckSpec
    from studyapp.store.deck_list import DeckSummary

EXPORT_FORMATS = ("md", "yaml", "json", "csv", "apkg")
IMPORT_FORMATS = ("md", "yaml", "apkg", "brainscape", "knowt", "qa", "quizlet", "anki")
SETTINGS = ("new-per-day", "reviews-per-day")
USER_ERROR = 2
INTERRUPTED = 130
TERMINATED = 143
WAITING_FOR_THE_LOCK = "studyapp: waiting for another studyapp process to finish writing…"


class UserError(Exception):
    """A problem the user can fix; printed without a traceback, exit status 2."""


def _escaped(text: str) -> str:
    """A separator as typed on the command line: backslash-t is a tab, backslash-n a new line."""
    return text.replace("\\t", "\t").replace("\\n", "\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand (each has --help)."""
    common = CommandParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="database: any SQLAlchemy URL or a SQLite file path "
        "(default: $STUDYAPP_DB, else a file in your user data folder)",
    )
    parser = CommandParser(
        prog="studyapp",
        description="Spaced-repetition flashcards in the terminal for learning how neural "
        "networks are trained.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"studyapp {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

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
        type=_escaped,
        metavar="TEXT",
        help=r"quizlet: what separates a term from its definition (default: detected; \t is tab)",
    )
    add.add_argument(
        "--row-separator",
        type=_escaped,
        metavar="TEXT",
        help=r"quizlet: what separates one card from the next (default: a new line; \n works)",
    )

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

    commands.add_parser(
        "decks",
        parents=[common],
        help="list decks with cards, new, due today and mastery",
        description="List every deck: active cards, new cards, cards due today, and mastery "
        "(each card's latest 1-5 self-rating out of 5, unseen cards 0, averaged).",
    )

    config = commands.add_parser(
        "config",
        parents=[common],
        help="show or change settings",
        description="Show settings, or set one: studyapp config new-per-day 30. "
        "new-per-day: new cards introduced a day (default 20); reviews-per-day: most reviews "
        "a day, so a backlog is spread over several days (default 200).",
    )
    config.add_argument("key", nargs="?", choices=SETTINGS, help="the setting")
    config.add_argument("value", nargs="?", type=int, help="its new value")

    from studyapp.cli_demo import add_demo_parser
    from studyapp.cli_stats import add_stats_parser

    add_stats_parser(commands, common)
    add_demo_parser(commands, common)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    clock: Clock | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit status."""
    out = TerminalOutput(stdout or sys.stdout)
    err = TerminalOutput(stderr or sys.stderr, diagnostics=True)
    try:
        code = _main(argv, clock, out, err)
        out.flush()
        err.flush()
    except BrokenPipeError:  # the reader has gone (studyapp decks | head -1): stop quietly
        out.discard_the_rest()  # (diagnostics never raise it: see TerminalOutput)
        return 0
    except OutputError as error:  # stdout is a file on a full disk, or failing
        print(f"studyapp: {error}", file=err)
        return USER_ERROR
    return code


def _main(argv: Sequence[str] | None, clock: Clock | None, out: TerminalOutput, err: Output) -> int:
    """Parse the arguments and run the command (or the TUI); user errors and signals end here."""
    try:
        args = build_parser().parse_args(argv)
        db = getattr(args, "db", None)
        if args.command is None and _in_terminal(out):
            return _run_tui(db, clock, err)
        with sigterm_as_interrupt():
            return _run(args, clock, out, err)
    except UserError as error:
        print(f"studyapp: {error}", file=err)
        return USER_ERROR
    except Terminated:
        print("studyapp: terminated", file=err)
        return TERMINATED
    except KeyboardInterrupt:
        print("studyapp: interrupted", file=err)
        return INTERRUPTED


def _in_terminal(out: TerminalOutput) -> bool:
    """Whether the program's own stdin and stdout are a terminal (where the TUI opens)."""
    return out.stream is sys.stdout and sys.stdout.isatty() and sys.stdin.isatty()


def _run(
    args: argparse.Namespace,
    clock: Clock | None,
    out: TerminalOutput,
    err: Output,
) -> int:
    if args.command == "demo":
        from studyapp.cli_demo import DemoUsageError, run_demo_command

        try:
            return run_demo_command(args, out)
        except DemoUsageError as error:
            raise UserError(str(error)) from None
    db = getattr(args, "db", None)
    if args.command == "decks":
        quick = _quick_deck_list(db, clock)
        if quick is not None:
            _print_deck_table(quick, out)
            return 0
    collection = _open(db, clock, err, say_when_waiting=True)
    from studyapp.store.database import StoreError  # loaded with the collection

    try:
        try:
            return _run_command(collection, args, out, err)
        finally:
            collection.close()
    except StoreError as error:  # the store failed under a command (read-only, disk full…)
        raise UserError(str(error)) from None


def _run_command(
    collection: Collection, args: argparse.Namespace, out: TerminalOutput, err: Output
) -> int:
    """Carry out a command that needs the open collection."""
    if args.command == "import":
        options = {"separator": args.separator, "row_separator": args.row_separator}
        return _import(collection, args.paths, args.format, options, out, err)
    if args.command == "export":
        return _export(collection, args, out, err)
    if args.command == "config":
        return _config(collection, args.key, args.value, out)
    if args.command == "decks":
        _print_deck_table(collection.deck_summaries(), out)
        return 0
    if args.command == "stats":
        from studyapp.cli_stats import run_stats_command

        return run_stats_command(collection, args, out)
    print(
        "studyapp — flashcards for learning how neural networks are trained.\n"
        "Run it in a terminal to open the study screens. These commands work anywhere:\n",
        file=out,
    )
    _print_deck_table(collection.deck_summaries(), out)
    print(
        "\n  studyapp import PATH...        import deck files, folders, Anki packages\n"
        "  studyapp export DECK -f FMT    write a deck as md, yaml, json, csv or apkg\n"
        "  studyapp decks                 this table\n"
        "  studyapp stats [DECK]          mastery statistics (--tag T, --json)\n"
        "  studyapp config                settings (new cards and reviews per day)\n"
        '  studyapp demo --list           the "run it" training experiments\n'
        "  studyapp COMMAND --help        details of a command",
        file=out,
    )
    return 0


def _run_tui(db: str | None, clock: Clock | None, err: Output) -> int:
    """Open the TUI. On a ready store the home screen draws from a quick read of the deck list
    while the collection (and SQLAlchemy) load in the background."""
    from studyapp.tui.app import create_app

    first_decks = _quick_deck_list(db, clock)
    if first_decks is None:
        app = create_app(_open(db, clock, err))
    else:
        app = create_app(opener=lambda: _open(db, clock, err), first_decks=first_decks)
    try:
        app.run()
    finally:
        if app.collection_open:
            app.collection.close()
    return app.return_code or 0


def _open(
    db: str | None, clock: Clock | None, err: Output, *, say_when_waiting: bool = False
) -> Collection:
    """Open the collection; a StoreError is a UserError. With ``say_when_waiting`` (a command,
    not the TUI, which shows it on its screen), a write that has to wait for another process
    says so once on stderr."""
    from studyapp.collection import Collection, database_url_from_env
    from studyapp.store.database import StoreError

    def say_waiting() -> None:
        print(WAITING_FOR_THE_LOCK, file=err, flush=True)

    url = database_url_from_env(db)
    try:
        collection = Collection.open(url, clock, on_wait=say_waiting if say_when_waiting else None)
    except StoreError as error:
        raise UserError(str(error)) from None
    for problem in collection.bundled_errors:  # a packaging bug: say so, and carry on
        print(f"studyapp: warning: a bundled deck could not be loaded:\n{problem}", file=err)
    return collection


def _import(
    collection: Collection,
    paths: list[Path],
    fmt: str | None,
    options: dict[str, str | None],
    out: Output,
    err: Output,
) -> int:
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise UserError(f"no such file or folder: {', '.join(map(str, missing))}")
    batch = collection.import_paths(paths, fmt, **options)
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


def _export(
    collection: Collection, args: argparse.Namespace, out: TerminalOutput, err: Output
) -> int:
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
    return 0


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


def _config(collection: Collection, key: str | None, value: int | None, out: Output) -> int:
    if key is not None and value is not None:
        if value < 0:
            raise UserError(f"{key} cannot be negative")
        setattr(collection, key.replace("-", "_"), value)
    for name in SETTINGS if key is None else (key,):
        print(f"{name} = {getattr(collection, name.replace('-', '_'))}", file=out)
    return 0


def _quick_deck_list(db: str | None, clock: Clock | None) -> list[DeckSummary] | None:
    """The deck list without loading SQLAlchemy, when the store allows (see store.deck_list)."""
    import os

    from studyapp.clock import SystemClock
    from studyapp.decks.files import bundled_deck_files, bundled_fingerprint
    from studyapp.paths import bundled_cards_dir, database_url
    from studyapp.store.deck_list import quick_deck_summaries

    url = database_url(db, dict(os.environ))
    today = (clock or SystemClock()).now().date()
    digest = bundled_fingerprint(bundled_deck_files(bundled_cards_dir()))
    return quick_deck_summaries(url, today, digest)


def _print_deck_table(summaries: Sequence[DeckSummary], out: Output) -> None:
    if not summaries:
        print("No decks yet: studyapp import PATH", file=out)
        return
    header = ("DECK", "CARDS", "NEW", "DUE TODAY", "MASTERY", "TITLE")
    rows = [
        (
            one_line(s.key),
            str(s.cards),
            str(s.new),
            str(s.due),
            f"{s.mastery:.0f}%",
            one_line(s.title),
        )
        for s in summaries
    ]
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
    width = shutil.get_terminal_size().columns if out.isatty() else None
    print(format_table(header, rows, right={1, 2, 3, 4}, width=width), file=out)


def format_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: set[int] | None = None,
    width: int | None = None,
) -> str:
    """Rows as aligned text columns (columns in ``right`` are right-aligned).

    With a ``width`` (a terminal's), the last column is shortened with "…" to fit, or left
    out when fewer than 8 characters would remain; the other columns are never cut.
    """
    right = right or set()
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    if width is not None and sum(widths) + 2 * (len(widths) - 1) > width:
        room = width - sum(widths[:-1]) - 2 * (len(widths) - 1)
        if room < 8:
            return format_table([*header[:-1]], [row[:-1] for row in rows], right)
        widths[-1] = room
        rows = [[*row[:-1], _shorten(row[-1], room)] for row in rows]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(padded).rstrip()

    return "\n".join([line(header), *(line(row) for row in rows)])


def _shorten(text: str, room: int) -> str:
    return text if len(text) <= room else text[: room - 1] + "…"
