"""How durations, ratings and statistics read as words, the same in the CLI and the TUI.

Plain strings, no terminal or UI library: each face adds its own escaping and colour.
"""

from __future__ import annotations

from studyapp.scheduling.rating import Rating


def scope_name(key: str) -> str:
    """A stored scope key (``all``, ``deck:<id>[,<id>…]``, ``tag:<tag>``) as a person reads it."""
    if key.startswith("deck:"):
        return key.removeprefix("deck:").replace(",", ", ")
    if key.startswith("tag:"):
        return "#" + key.removeprefix("tag:")
    return "all decks" if key == "all" else key


def counted(number: int, noun: str) -> str:
    """A count with its noun, singular for one: ``1 day``, ``3 days``, ``0 reviews``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


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


def game_time(milliseconds: int) -> str:
    """A game time as seconds with one decimal: ``12.3 s``; a minute or more as ``1:02.5``."""
    tenths = milliseconds // 100
    minutes, tenths = divmod(tenths, 600)
    seconds = tenths / 10
    return f"{minutes}:{seconds:04.1f}" if minutes else f"{seconds:.1f} s"


def rating_name(rating: int) -> str:
    """A stored 1–5 rating with its word, ``1 Not at all``, ``3`` (see `Rating.named`)."""
    return Rating.of(rating).named
