"""A card's marks in words, the same in the CLI and the TUI: its star and its flag's colour."""

from __future__ import annotations

from typing import Final

#: Anki's flag colours, by number (0: no flag).
FLAG_NAMES: Final = ("", "red", "orange", "green", "blue", "pink", "turquoise", "purple")


def marks_text(starred: bool, flag: int, star: str = "*") -> str:
    """The star (as ``star``) and the flag's colour, space-separated; "" for neither."""
    colour = FLAG_NAMES[flag] if 0 <= flag < len(FLAG_NAMES) else f"flag {flag}"
    return " ".join(part for part in (star if starred else "", colour) if part)
