"""Small deck files for the linter's tests, written card by card."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from studyapp.lint.findings import Finding
from studyapp.lint.runner import lint_paths

#: Three distractors of the same kind and length as the answers below: a fair card's options.
FAIR_DISTRACTORS = ("Vanishing gradient steps", "Exploding weight updates", "Shrinking batch sizes")


def card(
    question: str,
    answer: str = "The answer, explained.",
    *,
    short: str | None = "Averaged gradient steps",
    distractors: Sequence[str] = FAIR_DISTRACTORS,
    tags: Sequence[str] = (),
    accept: Sequence[str] = (),
) -> str:
    """One Markdown card."""
    lines = [f"## {question}", "", answer, ""]
    if short is not None:
        lines.append(f"short:: {short}")
    lines += [f"accept:: {text}" for text in accept]
    lines += [f"distractor:: {text}" for text in distractors]
    if tags:
        lines.append(f"tags:: {', '.join(tags)}")
    return "\n".join(lines) + "\n\n"


def deck(deck_id: str, *cards: str) -> str:
    """A Markdown deck of these cards."""
    return f"---\nid: {deck_id}\ntitle: {deck_id.title()}\n---\n\n" + "".join(cards)


def lint_text(tmp_path: Path, text: str, name: str = "deck.md") -> list[Finding]:
    """The findings of one deck file with this text."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return list(lint_paths([path]).findings)


def rules(findings: Sequence[Finding]) -> list[str]:
    """The rule of each finding, in order."""
    return [finding.rule for finding in findings]
