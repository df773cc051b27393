"""Plain question/answer dumps: a question line, then its answer lines, then the next question.

A question is a line that ends with "?", or that starts with a question word ("What are the
challenges …? Explain them") and has a "?" in it. An optional first line "… Flashcards" is
the deck's title.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from studyapp.decks.importers.common import (
    FoundCard,
    export_title,
    lines_to_markdown,
    make_deck,
    strip_emoji,
)

if TYPE_CHECKING:
    from studyapp.decks.models import DeckSpec

LABEL = "question/answer dump"
_QUESTION_WORD = re.compile(
    r"^(?:what|why|how|which|when|where|who|whom|whose|is|are|do|does|did|can|could|should|"
    r"would|will|explain|describe|define|name|list|compare|give)\b",
    re.IGNORECASE,
)


def is_question(line: str) -> bool:
    """Whether a line of a dump reads as a question."""
    text = strip_emoji(line)
    return text.endswith("?") or (bool(_QUESTION_WORD.match(text)) and "?" in text)


def detect(text: str) -> float:
    """How sure it is that ``text`` is a question/answer dump (0 to 1)."""
    lines = [line for line in text.split("\n") if line.strip()]
    questions = [index for index, line in enumerate(lines) if is_question(line)]
    if len(questions) < 2:
        return 0.0
    # answers between the questions: a dump alternates questions and answer lines
    answered = sum(1 for a, b in itertools.pairwise(questions) if b - a > 1)
    return 0.7 if answered >= len(questions) - 1 else 0.3


def parse(text: str, path: str) -> DeckSpec:
    """The cards of a question/answer dump; DeckError if none is found."""
    lines = text.split("\n")
    title = export_title(lines[0]) if lines else None
    start = 1 if title else 0
    cards: list[FoundCard] = []
    answer: list[str] = []
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.strip() and is_question(line):
            if cards:
                cards[-1].answer = lines_to_markdown(answer)
            cards.append(FoundCard(strip_emoji(line), "", line=number))
            answer = []
        elif cards:
            answer.append(line)
    if cards:
        cards[-1].answer = lines_to_markdown(answer)
    return make_deck(path, title, cards, LABEL)
