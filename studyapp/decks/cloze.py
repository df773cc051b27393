"""Cloze blanks in a question: ``{{hidden text}}`` or ``{{hidden text::hint}}``.

Plain string functions (no pydantic), so that the study screens can use them without loading
the deck-file models.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["cloze_blanks", "cloze_prompt", "cloze_text", "find_blanks"]


def find_blanks(question: str) -> list[tuple[int, int, str, str | None]]:
    """Each ``{{text}}`` or ``{{text::hint}}`` blank as (start, end, text, hint), in one pass."""
    blanks = []
    start = question.find("{{")
    while start != -1:
        end = question.find("}}", start + 2)
        if end == -1:
            break
        text, separator, hint = question[start + 2 : end].partition("::")
        blanks.append((start, end + 2, text, hint if separator else None))
        start = question.find("{{", end + 2)
    return blanks


def _fill_blanks(question: str, fill: Callable[[str, str | None], str]) -> str:
    pieces, cursor = [], 0
    for start, end, text, hint in find_blanks(question):
        pieces += [question[cursor:start], fill(text, hint)]
        cursor = end
    return "".join([*pieces, question[cursor:]])


def cloze_prompt(question: str) -> str:
    """A cloze question with each blank shown as ``[...]`` (or ``[hint]``)."""
    return _fill_blanks(question, lambda _text, hint: f"[{(hint or '').strip() or '...'}]")


def cloze_text(question: str) -> str:
    """A cloze question with each blank filled in."""
    return _fill_blanks(question, lambda text, _hint: text)


def cloze_blanks(question: str) -> list[tuple[str, str | None]]:
    """The ``(hidden text, hint)`` of each ``{{…}}`` blank in a question, in order."""
    if "{{" not in question:
        return []
    return [(text, hint) for _, _, text, hint in find_blanks(question)]
