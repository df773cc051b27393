"""The collection's themes (its ``theme`` setting) as the Textual themes that draw them."""

from __future__ import annotations

from typing import Final

#: Each theme a collection can name, and the Textual theme that draws it.
TEXTUAL_THEMES: Final = {"dark": "textual-dark", "light": "textual-light"}


def textual_theme(theme: str | None) -> str:
    """The Textual theme of the collection's ``theme`` (dark for one it does not know)."""
    return TEXTUAL_THEMES.get(theme or "dark", TEXTUAL_THEMES["dark"])
