"""``studyapp lint [PATH...] [--json] [--guessability]``: check deck files for unfair cards.

Findings print one a line, ``path:line: card "…": message [rule]``, with a summary after
them; ``--json`` prints a list of finding objects instead (see README "Linting decks"). Exit
status: 1 when any finding is an error, 0 when there are only warnings (or none), 2 when a
path cannot be linted at all (missing, unreadable, no deck files). ``--guessability`` prints
how often test-taking tricks beat the app's own multiple-choice builder.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Final

from studyapp.cli.errors import UserError

if TYPE_CHECKING:
    from studyapp.cli.invocation import Invocation
    from studyapp.cli.output import Output
    from studyapp.cli.parser import CommandParser, Commands
    from studyapp.lint.guessability import Guessability

#: Exit status when a finding is an error.
FOUND_ERRORS: Final = 1
#: How many seeds ``--guessability`` asks every card with, unless ``--seeds`` says.
DEFAULT_SEEDS: Final = 200


def add_parser(commands: Commands, common: CommandParser) -> None:
    """Add the ``lint`` subcommand."""
    lint = commands.add_parser(
        "lint",
        parents=[common],
        help="check deck files for unfair or untypeable cards",
        description="Check deck files (or every deck file in a folder; default: the bundled "
        "decks) as the importer reads them, for cards a student is graded unfairly on: a "
        "short answer over 6 words, fewer than 3 distractors, a distractor that is another "
        "card's answer (errors); a right answer that is the longest option, or the only one "
        "without absolute words, near-duplicate questions, a cloze with no hint (warnings). "
        "Exits 1 when there are errors, 0 with warnings only.",
    )
    lint.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="file or folder")
    lint.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    lint.add_argument(
        "--guessability",
        action="store_true",
        help="instead, measure how often 'pick the longest option', 'avoid absolute words' "
        "and 'pick the one most like the others' beat the multiple-choice builder",
    )
    lint.add_argument(
        "--seeds",
        type=_positive,
        default=DEFAULT_SEEDS,
        metavar="N",
        help=f"--guessability: how many seeds to ask every card with (default {DEFAULT_SEEDS})",
    )
    lint.set_defaults(run=run_lint)


def _positive(text: str) -> int:
    """A whole number of at least 1, for ``--seeds``."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def run_lint(command: Invocation) -> int:
    """Carry out ``studyapp lint``; returns the exit status."""
    from studyapp.lint.sources import LintInputError
    from studyapp.paths import bundled_cards_dir

    args, out = command.args, command.out
    paths: list[Path] = args.paths or [bundled_cards_dir()]
    try:
        if args.guessability:
            return _print_guessability(paths, args.seeds, args.json, out)
        from studyapp.lint.runner import lint_paths

        report = lint_paths(paths)
    except LintInputError as error:
        raise UserError(str(error)) from None
    for note in report.notes:
        print(f"studyapp: note: {note}", file=command.err)
    if args.json:
        print(json.dumps([finding.as_json() for finding in report.findings], indent=2), file=out)
    else:
        for finding in report.findings:
            print(finding, file=out)
        print(report.summary(), file=out)
    return FOUND_ERRORS if report.has_errors else 0


def _print_guessability(paths: list[Path], seeds: int, as_json: bool, out: Output) -> int:
    """Measure and print the guessability figures; LintInputError for a bad path."""
    from studyapp.lint.guessability import measure_guessability
    from studyapp.lint.sources import read_decks

    decks = read_decks(paths)
    if decks.refused:
        raise UserError(
            f"{len({finding.path for finding in decks.refused})} deck file(s) cannot be "
            "read (run studyapp lint to see why); fix them first:\n"
            + "\n".join(str(finding) for finding in decks.refused)
        )
    figures = measure_guessability(decks.cards, seeds)
    if as_json:
        print(json.dumps(_guessability_json(figures), indent=2), file=out)
    else:
        print(guessability_text(figures), file=out)
    return 0


def _guessability_json(figures: Guessability) -> dict[str, int | float]:
    return {
        "seeds": figures.seeds,
        "cards": figures.cards,
        "questions": figures.questions,
        "longest": round(figures.longest, 4),
        "unqualified": round(figures.unqualified, 4),
        "most_shared": round(figures.most_shared, 4),
        "chance": round(figures.chance, 4),
    }


def guessability_text(figures: Guessability) -> str:
    """The guessability figures as a few lines of text."""
    from studyapp.rendering.words import counted

    if not figures.questions:
        return "No card can be asked as multiple choice (none has an answer to show as an option)."
    return "\n".join(
        [
            f"Multiple choice, the app's own builder: {counted(figures.cards, 'card')} x "
            f"{counted(figures.seeds, 'seed')} = {counted(figures.questions, 'question')}",
            f"  pick the longest option            {figures.longest:6.1%}",
            f"  avoid options with absolute words  {figures.unqualified:6.1%}",
            f"  pick the one most like the others  {figures.most_shared:6.1%}",
            f"  chance (any option)                {figures.chance:6.1%}",
        ]
    )
