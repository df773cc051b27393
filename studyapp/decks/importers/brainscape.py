"""Brainscape-style numbered Q/A exports.

```
! S10 & 14: Backpropagation Flashcards      (optional title line)
1
Q
Backpropagation
A
- technique to compute the gradient ...
2
Q
...
```

Copies from the study page may keep each card's rating prompt ("How well did you know
this?", then 1 Not at all … 5 Perfectly) and blank lines between the parts: both are read
past. Emoji markers on questions (⭐️, 👶) are dropped.
"""

from __future__ import annotations

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

LABEL = "Brainscape Q/A export"
_PROMPT = ("How well did you know this?", "1", "Not at all", "2", "3", "4", "5", "Perfectly")


def _without_prompts(lines: list[str]) -> list[str | None]:
    """The lines with every rating prompt blanked out (None), keeping line numbers."""
    kept: list[str | None] = list(lines)
    index = 0
    while index < len(lines):
        if lines[index].strip() != _PROMPT[0]:
            index += 1
            continue
        cursor, step = index, 0
        while cursor < len(lines) and step < len(_PROMPT):
            text = lines[cursor].strip()
            if text == _PROMPT[step]:
                step += 1
            elif text:
                break
            cursor += 1
        if step == len(_PROMPT):
            for blanked in range(index, cursor):
                kept[blanked] = None
        index = max(cursor, index + 1)
    return kept


def _item_starts(lines: list[str | None]) -> list[int]:
    """Indexes of item numbers: a line holding just a number whose next text line is "Q"."""
    starts = []
    for index, line in enumerate(lines):
        if line is None or not line.strip().isdigit():
            continue
        following = next((text for text in lines[index + 1 :] if text and text.strip()), None)
        if following is not None and following.strip() == "Q":
            starts.append(index)
    return starts


def detect(text: str) -> float:
    """How sure it is that ``text`` is a Brainscape Q/A export (0 to 1)."""
    lines = text.split("\n")
    items = len(_item_starts(_without_prompts(lines)))
    answers = sum(1 for line in lines if line.strip() == "A")
    if items >= 2 and answers >= items:
        return 0.95
    return 0.6 if items == 1 and answers >= 1 else 0.0


def parse(text: str, path: str) -> DeckSpec:
    """The cards of a Brainscape Q/A export; DeckError if there are none or one is malformed."""
    lines = text.split("\n")
    title = export_title(lines[0]) if lines else None
    kept = _without_prompts(lines)
    starts = _item_starts(kept)
    cards = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(kept)
        body = [line if line is not None else "" for line in kept[start + 1 : end]]
        q_index = next(i for i, line in enumerate(body) if line.strip() == "Q")
        a_index = next((i for i, line in enumerate(body) if line.strip() == "A"), len(body))
        question = " ".join(line.strip() for line in body[q_index + 1 : a_index] if line.strip())
        answer = lines_to_markdown(body[a_index + 1 :])
        cards.append(FoundCard(strip_emoji(question), answer, line=start + 1))
    return make_deck(path, title, cards, LABEL)
