"""The 1–5 self-rating every mode asks for: 1 Not at all … 5 Perfectly.

A key press, a file value or a stored number becomes a `Rating` once, through `Rating.of`,
which is the one place the range is checked; everything past that point takes a `Rating`.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from types import MappingProxyType
from typing import Final


class Rating(IntEnum):
    """How well a card was known, from 1 (not at all) to 5 (perfectly).

    An ``int`` subclass, so it is stored and compared as the plain number it is.
    """

    NOT_AT_ALL = 1
    TWO = 2
    THREE = 3
    FOUR = 4
    PERFECTLY = 5

    @classmethod
    def of(cls, value: object) -> Rating:
        """The rating ``value`` stands for: an int 1–5 or its digit as text (``"4"``).

        Raises ValueError, saying what a rating is, for anything else (bools included).
        """
        if isinstance(value, Rating):
            return value
        number: object = value
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            number = int(value.strip())
        if isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= 5:
            return cls(number)
        raise ValueError(
            f"a rating is a whole number from 1 (Not at all) to 5 (Perfectly), not {value!r}"
        )

    @property
    def label(self) -> str:
        """The scale's word for this rating: ``Not at all`` (1), ``Perfectly`` (5), else empty."""
        return _LABELS.get(self, "")

    @property
    def named(self) -> str:
        """The number with its word, as shown beside a key: ``1 Not at all``, ``3``."""
        return f"{int(self)} {self.label}".rstrip()


_LABELS: Final = {Rating.NOT_AT_ALL: "Not at all", Rating.PERFECTLY: "Perfectly"}

#: The whole scale in one line, as the rating bars and help screens show it.
RATING_SCALE: Final = " · ".join(rating.named for rating in Rating)


#: The ratings as Anki's answer buttons, which are also FSRS's grades (1 Again, 2 Hard, 3 Good,
#: 4 Easy): 1 and 2 fail (this app's second failing rating joins Again), 3 is Hard, 4 Good and
#: 5 Easy. The Anki export and the FSRS scheduler both use it.
ANKI_BUTTONS: Final[Mapping[Rating, int]] = MappingProxyType(
    {
        Rating.NOT_AT_ALL: 1,
        Rating.TWO: 1,
        Rating.THREE: 2,
        Rating.FOUR: 3,
        Rating.PERFECTLY: 4,
    }
)
