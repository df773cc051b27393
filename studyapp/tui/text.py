"""Card text made safe to show: it is data, so it can never restyle or break the screen."""

from __future__ import annotations

import re

from studyapp.decks.models import cloze_prompt, cloze_text
from studyapp.store.cards import CardView

# C0 controls but tab and newline, DEL and C1 controls (ESC starts terminal escape sequences).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """Card text with control characters (escape sequences among them) removed."""
    return _CONTROL.sub("", text)


def question_of(card: CardView) -> str:
    """What the front of a card shows (a cloze card's blanks as ``[...]``)."""
    return safe(cloze_prompt(card.question) if card.type == "cloze" else card.question)


def answer_of(card: CardView) -> str:
    """What the back of a card shows (a cloze card: the filled sentence, then any notes)."""
    if card.type != "cloze":
        return safe(card.answer)
    filled = f"**{cloze_text(card.question)}**"
    return safe(f"{filled}\n\n{card.answer}" if card.answer else filled)
