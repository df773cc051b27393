"""What the linter reports: a finding about one card (or one file), with its rule and severity.

A finding prints as ``path:line: card "<question, cut>": <message> [rule-name]`` and, for
tools, as a JSON object (see :meth:`Finding.as_json`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: An error makes ``studyapp lint`` exit 1; a warning is reported and exits 0.
Severity = Literal["error", "warning"]

#: How much of a question a finding quotes.
QUOTED_QUESTION_LENGTH = 60


@dataclass(frozen=True, slots=True)
class Rule:
    """A check the linter makes: its stable name, its severity, and what it looks for."""

    name: str
    severity: Severity
    summary: str

    def at(
        self,
        path: str,
        line: int | None,
        message: str,
        card_id: str | None = None,
        question: str | None = None,
    ) -> Finding:
        """A finding of this rule."""
        return Finding(path, line, self.name, self.severity, message, card_id, question)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem the linter found: where, in which card, what, and by which rule."""

    path: str
    line: int | None
    rule: str
    severity: Severity
    message: str
    card_id: str | None = None
    question: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        card = f' card "{cut(self.question)}":' if self.question else ""
        return f"{where}:{card} {self.message} [{self.rule}]"

    def as_json(self) -> dict[str, str | int | None]:
        """The finding as a JSON object: path, line, card_id, question, rule, severity, message."""
        return {
            "path": self.path,
            "line": self.line,
            "card_id": self.card_id,
            "question": self.question,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
        }


def cut(text: str, limit: int = QUOTED_QUESTION_LENGTH) -> str:
    """Text on one line, cut to ``limit`` characters with "…" when longer."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def sort_key(finding: Finding) -> tuple[str, int, str, str]:
    """Findings in file order: path, line, then rule and message."""
    return (finding.path, finding.line or 0, finding.rule, finding.message)
