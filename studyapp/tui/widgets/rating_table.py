"""The 1–5 rating keys, and a table of results in which each row can be rated (after a test or
a game).

The keys' words come from :class:`~studyapp.scheduling.rating.Rating`; a key becomes a
``Rating`` once, where it is read, and the table hands it up in a :class:`RatingTable.Rated`
message: the screen passes it to the mode's logic, which saves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Final

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from studyapp.scheduling.rating import Rating

#: The scale's two ends, as a prompt names them: ``1 Not at all … 5 Perfectly``.
RATING_RANGE: Final = f"{Rating.NOT_AT_ALL.named} … {Rating.PERFECTLY.named}"


def rating_bindings(screen: str | None = None) -> list[BindingType]:
    """The 1–5 keys as one footer entry for the whole scale (ids ``<screen>.rate1`` …), each
    running the action ``rate(<digit>)``."""
    bindings: list[BindingType] = []
    for rating in Rating:
        key, action, named = str(rating), f"rate({rating})", f"Rate {rating.named}"
        binding_id = f"{screen}.rate{rating}" if screen else None
        if rating is Rating.NOT_AT_ALL:  # the footer's one entry for the whole scale
            binding = Binding(
                key,
                action,
                f"Rate: {RATING_RANGE}",
                key_display="1–5",
                tooltip=named,
                id=binding_id,
            )
        else:
            binding = Binding(key, action, named, show=False, id=binding_id)
        bindings.append(binding)
    return bindings


@dataclass(frozen=True, slots=True)
class RatingRow:
    """One row: what a rating of it applies to (handed up with the rating: a question's
    number, a card's id), and the cells shown before the rating."""

    key: int
    cells: tuple[str | Text, ...]


class RatingTable(DataTable[str | Text]):
    """Results, one per row; 1–5 rates the highlighted row (posting :class:`Rated`, for the
    screen to hand to the mode's logic) and moves down."""

    BINDINGS: ClassVar[list[BindingType]] = rating_bindings()

    class Rated(Message):
        """A row was rated: ``key`` is its :attr:`RatingRow.key`."""

        def __init__(self, table: RatingTable, key: int, rating: Rating) -> None:
            super().__init__()
            self.table = table
            self.key = key
            self.rating = rating

        @property
        def control(self) -> RatingTable:
            """The table that was rated."""
            return self.table

    def __init__(
        self, columns: Sequence[str], rows: Sequence[RatingRow], *, id: str | None = None
    ) -> None:
        """A table of ``rows`` under ``columns``, with a last column for the rating."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.columns_shown = [*columns, "Rating"]
        self.rating_rows = list(rows)
        #: The rating given to each row, by row index.
        self.ratings: dict[int, Rating] = {}

    def on_mount(self) -> None:
        self.add_columns(*self.columns_shown)
        for index, row in enumerate(self.rating_rows):
            self.add_row(*row.cells, "–", key=str(index))

    def action_rate(self, key: int) -> None:
        """Rate the highlighted row with the rating ``key`` (a digit 1–5) stands for."""
        if not self.rating_rows:
            return
        rating = Rating.of(key)
        index = self.cursor_row
        self.post_message(self.Rated(self, self.rating_rows[index].key, rating))
        self.ratings[index] = rating
        self.update_cell(str(index), self.ordered_columns[-1].key, str(rating))
        if index + 1 < self.row_count:
            self.move_cursor(row=index + 1)
