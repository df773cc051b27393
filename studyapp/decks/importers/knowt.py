"""Knowt (and Quizlet) term lists copied from the page: a term line, then its definition lines.

Site chrome is dropped: the card counter ("1/19"), the table header ("Name | Mastery | Learn |
Test | Matching | Spaced"), its rule ("|---|") and notices ("No analytics yet"). The line
before the header, if any, is the set's title.

Such a copy does not mark where one term ends and the next begins, so lines are classified:

- a line after a blank line starts a term (the page leaves a blank after a term whose
  definition was an image, and after some definitions);
- otherwise a *heading-like* line (a short noun phrase: at most six words, starting with a
  capital or digit, no sentence words such as "is", "can", "we", "a", "than", no comma and
  no closing punctuation; text in parentheses is not counted) starts a term when it ends a
  sentence-style definition, or is itself followed by one; inside a run of heading-like
  lines, the others are the items of a list (a definition such as "Ray Tune / Optuna / …");
- the line right after a term always belongs to its definition.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from studyapp.decks.importers.common import FoundCard, lines_to_markdown, make_deck

if TYPE_CHECKING:
    from studyapp.decks.models import DeckSpec

LABEL = "Knowt/Quizlet term list"

_COUNTER = re.compile(r"^\d+\s*/\s*\d+$")
_TABLE_HEADER = re.compile(r"^\|?\s*Name\s*\|\s*Mastery\s*\|", re.IGNORECASE)
_TABLE_RULE = re.compile(r"^\|?[\s|:-]*-{3,}[\s|:-]*$")
_NOTICES = (
    "no analytics yet",
    "no study sessions yet",
    "send a link to your students to track their progress",
)
_SENTENCE_WORDS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "can",
        "cannot",
        "will",
        "would",
        "may",
        "might",
        "must",
        "should",
        "could",
        "does",
        "do",
        "did",
        "has",
        "have",
        "had",
        "it",
        "its",
        "we",
        "you",
        "they",
        "our",
        "your",
        "this",
        "these",
        "those",
        "that",
        "which",
        "a",
        "an",
        "than",
        "then",
        "if",
        "when",
    ]
)
_PARENTHESES = re.compile(r"\([^)]*\)")


def _is_chrome(line: str) -> bool:
    text = line.strip()
    lowered = text.lower().rstrip(".")
    return bool(
        _COUNTER.match(text)
        or _TABLE_HEADER.match(text)
        or _TABLE_RULE.match(text)
        or lowered in _NOTICES
    )


def is_heading_like(line: str) -> bool:
    """Whether a line reads as a term (a short noun phrase) rather than definition text."""
    text = _PARENTHESES.sub(" ", line).strip()
    if not text or not (text[0].isupper() or text[0].isdigit()):
        return False
    if text[-1] in ".,:;!?" or "," in text:
        return False
    words = text.split()
    return len(words) <= 6 and not any(word.lower() in _SENTENCE_WORDS for word in words)


def _content(lines: list[str]) -> tuple[str | None, int]:
    """The set's title (if the page's header is there) and the index where its terms begin."""
    header = next(
        (i for i, line in enumerate(lines[:12]) if _TABLE_HEADER.match(line.strip())), None
    )
    if header is None:
        start = 0
        while start < len(lines) and (not lines[start].strip() or _is_chrome(lines[start])):
            start += 1
        return None, start
    title_lines = [line.strip() for line in lines[:header] if line.strip() and not _is_chrome(line)]
    start = header + 1
    while start < len(lines) and (not lines[start].strip() or _is_chrome(lines[start])):
        start += 1
    return (" ".join(title_lines) or None), start


def detect(text: str) -> float:
    """How sure it is that ``text`` is a Knowt/Quizlet term list copy (0 to 1)."""
    lines = text.split("\n")
    if any(_TABLE_HEADER.match(line.strip()) for line in lines[:12]):
        return 0.95
    content = [line for line in lines if line.strip() and not _is_chrome(line)]
    if len(content) < 2:
        return 0.0
    headings = sum(1 for line in content if is_heading_like(line))
    return 0.4 if headings * 4 >= len(content) else 0.1


def parse(text: str, path: str) -> DeckSpec:
    """The terms of a term list; DeckError if none is found."""
    lines = text.split("\n")
    title, start = _content(lines)
    body = [(number, line.rstrip()) for number, line in enumerate(lines[start:], start=start + 1)]
    body = [(number, line) for number, line in body if not _is_chrome(line)]
    cards: list[FoundCard] = []
    definition: list[str] = []

    def close_term() -> None:
        if cards:
            cards[-1].answer = lines_to_markdown(definition)

    previous_blank = True  # the first line starts a term
    expecting_definition = False
    for index, (number, line) in enumerate(body):
        if not line.strip():
            previous_blank = True
            expecting_definition = False
            continue
        if expecting_definition:
            definition.append(line)
            expecting_definition = False
        elif previous_blank or _starts_term(body, index):
            close_term()
            cards.append(FoundCard(line.strip(), "", line=number))
            definition = []
            expecting_definition = True
        else:
            definition.append(line)
        previous_blank = False
    close_term()
    return make_deck(path, title, cards, LABEL)


def _starts_term(body: list[tuple[int, str]], index: int) -> bool:
    line = body[index][1]
    if not is_heading_like(line):
        return False
    before = body[index - 1][1] if index > 0 else ""
    after = body[index + 1][1] if index + 1 < len(body) else None
    ends_definition = bool(before.strip()) and not is_heading_like(before)
    opens_definition = after is not None and (not after.strip() or not is_heading_like(after))
    return ends_definition or opens_definition
