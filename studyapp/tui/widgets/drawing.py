"""A drawing: text drawn for the width it gets (a chart), redrawn when the width changes."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.events import Resize
from textual.widgets import Static


class Drawing(Static):
    """Text drawn for the width it gets (a chart), redrawn when the width changes."""

    def __init__(
        self, draw: Callable[[int], Text], *, id: str | None = None, classes: str | None = None
    ) -> None:
        """A drawing made by ``draw(width)`` each time its width changes."""
        super().__init__(id=id, classes=classes)
        self.draw = draw
        self._width = 0

    def on_resize(self, _event: Resize) -> None:
        width = self.content_size.width
        if width > 0 and width != self._width:
            self._width = width
            self.update(self.draw(width))
            # a new height asked for while the resize is laid out can be lost: ask again after
            self.call_after_refresh(self.refresh, layout=True)
