"""The saving line: shown at the bottom of the screen while writes wait for the database.

When a write takes longer than a moment (another studyapp holds the database, or the disk
refuses it) the line says so, and "Saved" shows briefly once everything is in (on the screen
the line was on: one left for another, or for a wait that said it all, just loses the line).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from textual.widgets import Static

from studyapp.modes.saving import status_text

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from studyapp.modes.saving import SaveStatus

#: How long (seconds) a write may take before the saving line shows.
MOMENT = 0.5
#: How long "Saved" stays once everything is written.
SAVED_FOR = 1.5


class SaveIndicator(Static):
    """The saving line, docked at the bottom of the current screen."""


class SaveIndicatorKeeper:
    """Keeps the saving line of the app's current screen up to date (call :meth:`update`)."""

    def __init__(self, app: App[Any], *, hidden_on: tuple[type[Screen[Any]], ...] = ()) -> None:
        """The line of ``app``'s screens, except those of ``hidden_on`` (which say it all)."""
        self.app = app
        self.hidden_on = hidden_on
        self.widget: SaveIndicator | None = None
        self._saved_since: float | None = None

    @property
    def text(self) -> str | None:
        """What the line says now (None: not shown; a line left on a screen since closed,
        until the next update takes it away, is not shown either)."""
        return str(self.widget.render()) if self.widget is not None and self._shown_here() else None

    def update(self, status: SaveStatus) -> None:
        """Show, change or take away the line, from the saver's ``status``."""
        slow = status.waiting >= MOMENT or status.busy or status.error is not None
        text: str | None = None
        if not status.saved and (slow or self.widget is not None):
            text, self._saved_since = status_text(status), None
        elif self._shown_here():  # all written: "Saved" for a moment, then gone
            now = time.monotonic()
            self._saved_since = self._saved_since or now
            if now - self._saved_since < SAVED_FOR:
                text = status_text(status)
        self._place(text, error=status.error is not None)

    def _shown_here(self) -> bool:
        """Whether the line is on the current screen (not left behind on another one)."""
        widget = self.widget
        return widget is not None and widget.is_attached and widget.screen is self.app.screen

    def _place(self, text: str | None, *, error: bool) -> None:
        screen = self.app.screen
        widget = self.widget
        if widget is not None and (text is None or not self._shown_here()):
            if widget.is_attached:
                widget.remove()
            self.widget = widget = None
        if text is None or isinstance(screen, self.hidden_on):
            return
        if widget is None:
            widget = self.widget = SaveIndicator(id="save-status")
            screen.mount(widget)
        widget.update(text)
        widget.set_class(error, "-error")
