"""How a card's question reads in a list (a summary's "missed most", the stats' tables): one
line of plain text, Markdown markers removed and cloze blanks hidden, the same in the CLI and
the TUI."""

from __future__ import annotations

from studyapp.decks.cloze import cloze_prompt
from studyapp.modes.grading import plain_text
from studyapp.numeric.spec import blank_placeholders


def question_line(question: str) -> str:
    """The question as one line of plain text: ``**bold**`` as ``bold``, each cloze blank as
    ``[...]`` (or its hint), so a list never gives the answer away, and a numeric card's
    ``{name}`` placeholders as ``…`` (a list draws no numbers; formulas are converted first, so
    their braces are not taken for placeholders)."""
    return blank_placeholders(plain_text(cloze_prompt(question)))
