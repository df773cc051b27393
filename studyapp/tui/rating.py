"""A table of results in which each row's card can be rated 1–5 (after a test or a game)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

RATING_HINT = "1 Not at all · 2 · 3 · 4 · 5 Perfectly"


def rating_bindings(screen: str | None = None) -> list[BindingType]:
    """The 1–5 keys as one footer entry for the whole scale (ids ``<screen>.rate1`` …)."""
    labels = {1: "Rate 1 Not at all", 5: "Rate 5 Perfectly"}
    bindings: list[BindingType] = []
    for rating in range(1, 6):
        binding_id = f"{screen}.rate{rating}" if screen else None
        if rating == 1:
            bindings.append(
                Binding(
                    "1",
                    "rate(1)",
                    "Rate: 1 Not at all … 5 Perfectly",
                    key_display="1–5",
                    tooltip=labels[1],
                    id=binding_id,
                )
            )
        else:
            description = labels.get(rating, f"Rate {rating}")
            bindings.append(
                Binding(str(rating), f"rate({rating})", description, show=False, id=binding_id)
            )
    return bindings


@dataclass(frozen=True, slots=True)
class RatingRow:
    """One row: what a rating of it applies to (passed back to the table's ``rate``: a
    question's number, a card's id), and the cells shown before the rating."""

    key: int
    cells: tuple[str | Text, ...]


class RatingTable(DataTable[str | Text]):
    """Results, one per row; 1–5 rates the highlighted row (through the mode's ``rate``) and
    moves down."""

    BINDINGS: ClassVar[list[BindingType]] = rating_bindings()

    def __init__(
        self,
        rate: Callable[[int, int], object],
        columns: Sequence[str],
        rows: Sequence[RatingRow],
        *,
        id: str | None = None,
    ) -> None:
        """A table whose ratings go to ``rate(row key, rating)``: the session's own logic."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rate = rate
        self.columns_shown = [*columns, "Rating"]
        self.rating_rows = list(rows)
        self.ratings: dict[int, int] = {}  # row index → rating

    def on_mount(self) -> None:
        self.add_columns(*self.columns_shown)
        for index, row in enumerate(self.rating_rows):
            self.add_row(*row.cells, "–", key=str(index))

    def action_rate(self, rating: int) -> None:
        """Rate the highlighted row (the session saves it)."""
        if not self.rating_rows:
            return
        index = self.cursor_row
        self.rate(self.rating_rows[index].key, rating)
        self.ratings[index] = rating
        self.update_cell(str(index), self.ordered_columns[-1].key, str(rating))
        if index + 1 < self.row_count:
            self.move_cursor(row=index + 1)
