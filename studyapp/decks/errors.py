"""Problems found in a deck file, collected and reported together as one error."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a deck file, located as precisely as the format allows."""

    path: str
    line: int | None
    message: str
    card: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        card = f' card "{_shorten(self.card)}":' if self.card else ""
        return f"{where}:{card} {self.message}"


class DeckError(Exception):
    """A deck file (or export) that cannot be imported; carries every problem found in it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("DeckError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.path, p.line or 0))
        )
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls, path: str, line: int | None, message: str, card: str | None = None
    ) -> DeckError:
        """An error holding just one problem."""
        return cls([Problem(path, line, message, card)])


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean "x"?)' hint naming the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _shorten(text: str, limit: int = 60) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
