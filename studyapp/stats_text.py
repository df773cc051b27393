"""How the statistics read as words, the same in ``studyapp stats`` and on the stats screen.

Plain strings, no terminal or UI library: each face adds its own escaping and colour.
"""

from __future__ import annotations


def scope_name(key: str) -> str:
    """A stored scope key (``all``, ``deck:<id>[,<id>…]``, ``tag:<tag>``) as a person reads it."""
    if key.startswith("deck:"):
        return key.removeprefix("deck:").replace(",", ", ")
    if key.startswith("tag:"):
        return "#" + key.removeprefix("tag:")
    return "all decks" if key == "all" else key


def spoken_duration(milliseconds: int) -> str:
    """Time studied as ``42 s``, ``4 min 07 s`` or, from an hour on, ``12 h 05 min``."""
    seconds = round(milliseconds / 1000)
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {rest:02d} s"
    hours, minutes = divmod(round(milliseconds / 60_000), 60)
    return f"{hours} h {minutes:02d} min"


def share_percent(share: float | None) -> str:
    """A 0–1 share as a whole percentage, ``67%``; ``–`` when there was nothing to measure."""
    return "–" if share is None else f"{share * 100:.0f}%"
