"""A Markdown widget that rebuilds its blocks only when its document changes.

Textual's :class:`~textual.widgets.Markdown` parses its document again (on a worker thread)
and removes and mounts every block widget on each ``update``, even with the text it already
shows. A study screen sets the question on every key (an answer, going on), so most of those
rebuilds changed nothing and cost a parse, a mount of each block, its styling and a layout.
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete
from textual.widgets import Markdown


class CardMarkdown(Markdown):
    """:class:`~textual.widgets.Markdown` whose ``update`` with the document it already shows
    (under the same theme, which colours code) does nothing."""

    _requested: tuple[str, str] | None = None  # the last document asked for, and its theme

    def update(self, markdown: str) -> AwaitComplete:
        """Show ``markdown``; its blocks are rebuilt only when it differs from the document
        shown (or asked for), or the theme changed since."""
        wanted = (markdown, self.app.theme)
        if wanted == self._requested and markdown == self.source:
            return AwaitComplete()  # (nothing to wait for: done already)
        self._requested = wanted
        return super().update(markdown)
