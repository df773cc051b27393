"""What was typed against what was expected, character by character (as Anki compares a typed
answer): which typed characters are right, which are wrong, and which expected ones are missing.

Characters are compared case-insensitively (the grader ignores case too), and shown as they
were written. The two lines are meant to be drawn one above the other: the typed answer with
its wrong characters marked, then the expected answer with the characters missing from the
typed one marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

#: ``right``: typed as expected; ``wrong``: typed but not expected (or not there);
#: ``missing``: expected but not typed.
PartKind = Literal["right", "wrong", "missing"]


@dataclass(frozen=True, slots=True)
class DiffPart:
    """A run of characters of one kind."""

    text: str
    kind: PartKind


@dataclass(frozen=True, slots=True)
class AnswerDiff:
    """The typed answer (parts ``right`` or ``wrong``) and the expected one (parts ``right``
    or ``missing``); each line's parts joined give back its text."""

    typed: tuple[DiffPart, ...]
    expected: tuple[DiffPart, ...]


def _append(parts: list[DiffPart], text: str, kind: PartKind) -> None:
    if not text:
        return
    if parts and parts[-1].kind == kind:
        parts[-1] = DiffPart(parts[-1].text + text, kind)
    else:
        parts.append(DiffPart(text, kind))


def answer_diff(typed: str, expected: str) -> AnswerDiff:
    """Compare ``typed`` with ``expected`` (both taken as one line, surrounding space dropped)."""
    typed, expected = " ".join(typed.split()), " ".join(expected.split())
    matcher = SequenceMatcher(
        None, [char.casefold() for char in typed], [char.casefold() for char in expected], False
    )
    typed_parts: list[DiffPart] = []
    expected_parts: list[DiffPart] = []
    for tag, typed_start, typed_end, expected_start, expected_end in matcher.get_opcodes():
        typed_text = typed[typed_start:typed_end]
        expected_text = expected[expected_start:expected_end]
        if tag == "equal":
            _append(typed_parts, typed_text, "right")
            _append(expected_parts, expected_text, "right")
        else:
            _append(typed_parts, typed_text, "wrong")
            _append(expected_parts, expected_text, "missing")
    return AnswerDiff(tuple(typed_parts), tuple(expected_parts))
