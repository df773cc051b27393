"""How durations, ratings and statistics read as words, the same in the CLI and the TUI.

Plain strings, no terminal or UI library: each face adds its own escaping and colour.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from studyapp.scheduling.rating import Rating

if TYPE_CHECKING:
    from studyapp.analytics.calibration import CalibrationLevel


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


def short_interval(wait: timedelta) -> str:
    """How long until a card is due again, in Anki's compact style: ``now`` (under a minute),
    ``10m``, ``3h``, ``6d``, ``2.1mo`` (30-day months from 30 days on), ``1.5y`` (from a
    year)."""
    minutes = int(wait.total_seconds() // 60)
    if minutes < 1:
        return "now"
    if minutes < 60:
        return f"{minutes}m"
    if wait < timedelta(days=1):
        return f"{minutes // 60}h"
    days = wait.days
    if days < 30:
        return f"{days}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


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


def spoken_ago(milliseconds: int) -> str:
    """How long ago something was saved: ``just now``, ``12 min ago``, ``3 h ago``,
    ``1 day ago``, ``4 days ago``."""
    minutes = max(0, milliseconds) // 60_000
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    if minutes < 24 * 60:
        return f"{minutes // 60} h ago"
    days = minutes // (24 * 60)
    return f"{days} day{'' if days == 1 else 's'} ago"


def calibration_cells(level: CalibrationLevel) -> tuple[str, str, str, str]:
    """A calibration row as both faces show it: the rating, what it promises, how many cards,
    how often they were answered right."""
    return (
        rating_name(level.rating),
        share_percent(level.expected),
        str(level.cards),
        share_percent(level.actual),
    )
