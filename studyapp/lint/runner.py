"""Lint deck files: read them, run every rule, and return the findings in file order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from studyapp.lint import rules
from studyapp.lint.findings import Finding, sort_key
from studyapp.lint.sources import read_decks
from studyapp.rendering.words import counted


@dataclass(frozen=True, slots=True)
class LintReport:
    """What linting some deck files found."""

    findings: tuple[Finding, ...]
    files: int
    cards: int
    #: Remarks about the run itself (a limit reached), not about any card.
    notes: tuple[str, ...] = ()
    #: Of ``files``, those the importer refuses: their cards are not read, so not counted.
    refused: int = 0

    @property
    def has_errors(self) -> bool:
        """Whether any finding is an error (``studyapp lint`` then exits 1)."""
        return any(finding.severity == "error" for finding in self.findings)

    def counts(self) -> Counter[str]:
        """How many findings each rule made."""
        return Counter(finding.rule for finding in self.findings)

    def summary(self) -> str:
        """One line: how many errors and warnings in how many cards and files, and how many
        files the importer refuses (their cards are checked once they import)."""
        errors = sum(finding.severity == "error" for finding in self.findings)
        warnings = len(self.findings) - errors
        read = self.files - self.refused
        places = [f"{counted(self.cards, 'card')} of {counted(read, 'file')}"] if read else []
        if self.refused:
            once = "its cards are checked once it imports"
            if self.refused > 1:
                once = "their cards are checked once they import"
            places.append(f"{counted(self.refused, 'file')} the importer refuses ({once})")
        counts = f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
        return f"{counts} in {' and in '.join(places)}"


def lint_paths(paths: Sequence[Path]) -> LintReport:
    """Lint every deck file under ``paths`` (LintInputError when one cannot be read)."""
    decks = read_decks(paths)
    findings = sorted([*decks.refused, *rules.check_cards(decks.cards)], key=sort_key)
    notes: tuple[str, ...] = ()
    if len(decks.cards) > rules.MAX_FUZZY_QUESTIONS:
        notes = (
            f"near-duplicate: {len(decks.cards)} questions, more than {rules.MAX_FUZZY_QUESTIONS}; "
            "only questions with the same words were compared",
        )
    refused = len({finding.path for finding in decks.refused})
    return LintReport(tuple(findings), decks.files, len(decks.cards), notes, refused)
