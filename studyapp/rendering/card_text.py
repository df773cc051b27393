"""How a card's question reads in a list (a summary's "missed most", the stats' tables): one
line of plain text, Markdown markers removed and cloze blanks hidden, the same in the CLI and
the TUI."""

from __future__ import annotations

from studyapp.decks.cloze import cloze_prompt
from studyapp.modes.grading import plain_text


def question_line(question: str) -> str:
    """The question as one line of plain text: ``**bold**`` as ``bold``, and each cloze blank
    as ``[...]`` (or its hint), so a list never gives the answer away."""
    return plain_text(cloze_prompt(question))
