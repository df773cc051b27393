"""The schedulers a collection can choose, by the name its scheduler setting holds, and the
bounds of FSRS's settings.

Both schedulers move every card (:mod:`studyapp.scheduling.paired`); the setting says whose
due day a card has. This module imports neither, so the command line can build its help
without loading FSRS's engine.
"""

from __future__ import annotations

from typing import Final

#: The scheduler a collection uses until its setting names another, then the other.
DEFAULT_SCHEDULER: Final = "sm2"
SCHEDULERS: Final = ("sm2", "fsrs")

#: FSRS's desired retention in percent: Anki's default, and the range it allows.
DEFAULT_DESIRED_RETENTION_PERCENT: Final = 90
MIN_RETENTION_PERCENT: Final = 70
MAX_RETENTION_PERCENT: Final = 97
#: The longest interval FSRS gives, in days (Anki's default maximum interval: 100 years).
DEFAULT_MAXIMUM_INTERVAL: Final = 36500


def checked_scheduler(name: str) -> str:
    """``name`` if it names a scheduler; ValueError, naming the known ones, if not."""
    if name not in SCHEDULERS:
        known = ", ".join(SCHEDULERS)
        raise ValueError(f"there is no scheduler {name!r} (the schedulers are: {known})")
    return name
