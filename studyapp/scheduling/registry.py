"""The schedulers a collection can use, by the name its scheduler setting holds.

Every scheduler here works on the SM-2 state the store keeps for each card.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from studyapp.scheduling.scheduler import Scheduler
from studyapp.scheduling.sm2 import SM2State
from studyapp.scheduling.sm2_scheduler import SM2Scheduler

#: The scheduler a collection uses until its setting names another.
DEFAULT_SCHEDULER: Final = "sm2"

SCHEDULERS: Final[Mapping[str, Scheduler[SM2State]]] = MappingProxyType(
    {scheduler.name: scheduler for scheduler in (SM2Scheduler(),)}
)


def scheduler_named(name: str) -> Scheduler[SM2State]:
    """The scheduler called ``name``; ValueError, naming the known ones, if there is none."""
    try:
        return SCHEDULERS[name]
    except KeyError:
        known = ", ".join(sorted(SCHEDULERS))
        raise ValueError(f"there is no scheduler {name!r} (the schedulers are: {known})") from None
