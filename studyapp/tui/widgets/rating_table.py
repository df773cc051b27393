"""The 1–5 rating keys, and a table of results in which each row can be rated (after a test or
a game).

The keys' words come from :class:`~studyapp.scheduling.rating.Rating`; a key becomes a
``Rating`` once, where it is read, and the table hands it up in a :class:`RatingTable.Rated`
message: the screen passes it to the mode's logic, which saves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
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
    running the action ``rate(<digit>)``; help lists the scale on that one line."""
    bindings: list[BindingType] = []
    for rating in Rating:
        key, action = str(rating), f"rate({rating})"
        binding_id = f"{screen}.rate{rating}" if screen else None
        if rating is Rating.NOT_AT_ALL:  # the footer's one entry for the whole scale
            binding = Binding(  # short in the footer, the scale in help
                key,
                action,
                "Rate",
                key_display="1–5",
                tooltip=f"Rate how well you knew it: {RATING_RANGE}",
                id=binding_id,
            )
        else:
            binding = Binding(key, action, "", show=False, id=binding_id)
        bindings.append(binding)
    return bindings


@dataclass(frozen=True, slots=True)
class RatingRow:
    """One row: what a rating of it applies to (handed up with the rating: a question's
    number, a card's id), and the cells shown before the rating."""

    key: int
    cells: tuple[str | Text, ...]


#: The narrowest a text column is cut to when the table has to fit a narrow dialog.
NARROWEST_COLUMN = 6


class RatingTable(DataTable[str | Text]):
    """Results, one per row; 1–5 rates the highlighted row (posting :class:`Rated`, for the
    screen to hand to the mode's logic) and moves down.

    The table fits its width: when the cells would not, the widest columns are cut (with an
    ellipsis) until they do, again at every resize.
    """

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
        self.lay_out()

    def on_resize(self) -> None:
        self.lay_out()

    def lay_out(self) -> None:
        """Fill the table with every column cut to fit the width it has (the cursor stays)."""
        row = self.cursor_row
        widths = fitted_widths(
            [self.columns_shown, *([*r.cells, "–"] for r in self.rating_rows)],
            self.scrollable_content_region.width,
        )
        self.clear(columns=True)
        for label, width in zip(self.columns_shown, widths, strict=True):
            self.add_column(label, width=width)
        for index, rating_row in enumerate(self.rating_rows):
            rating = self.ratings.get(index)
            cells = [*rating_row.cells, str(rating) if rating else "–"]
            self.add_row(
                *(_cut(cell, width) for cell, width in zip(cells, widths, strict=True)),
                key=str(index),
            )
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))

    def update_row(self, index: int, cells: Sequence[str | Text]) -> None:
        """Show ``cells`` in row ``index`` from now on (after a resize too); its key and its
        rating stay."""
        self.rating_rows[index] = replace(self.rating_rows[index], cells=tuple(cells))
        self.lay_out()

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


def fitted_widths(rows: Sequence[Sequence[str | Text]], room: int) -> list[int]:
    """Each column's width: what its widest cell needs, the widest columns cut down (to no
    less than :data:`NARROWEST_COLUMN`) until the columns and their padding fit ``room``."""
    widths = [max(_cell_width(cell) for cell in column) for column in zip(*rows, strict=True)]
    padding = 2 * len(widths)
    while room and sum(widths) + padding > room:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= NARROWEST_COLUMN:
            break
        widths[widest] -= 1
    return widths


def _cell_width(cell: str | Text) -> int:
    return cell.cell_len if isinstance(cell, Text) else Text(cell).cell_len


def _cut(cell: str | Text, width: int) -> Text:
    """A cell cut to ``width`` with an ellipsis (a plain string stays text, never markup)."""
    text = cell.copy() if isinstance(cell, Text) else Text(cell)
    text.truncate(width, overflow="ellipsis")
    return text
