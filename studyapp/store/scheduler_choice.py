"""The collection's scheduler as its settings make it: which one is chosen, and FSRS's
parameters (fitted to the learner's reviews, else the defaults), desired retention and maximum
interval.

The fitted parameters are kept in ``meta`` as JSON with the day they were fitted and how many
reviews they were fitted on. A value that is not such a record (edited by hand, say) counts as
no record: FSRS then runs on its defaults.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Connection, select

from studyapp.scheduling.fsrs_scheduler import DEFAULT_FSRS_PARAMETERS, FSRSScheduler
from studyapp.scheduling.paired import PairedScheduler
from studyapp.store.database import set_meta
from studyapp.store.schema import meta
from studyapp.store.settings import SETTINGS_BY_NAME
from studyapp.store.version import FSRS_PARAMETERS_KEY

_SETTINGS = tuple(SETTINGS_BY_NAME[name] for name in ("scheduler", "desired-retention",
                                                      "maximum-interval"))  # fmt: skip
_READ = select(meta.c.key, meta.c.value).where(
    meta.c.key.in_([*(setting.key for setting in _SETTINGS), FSRS_PARAMETERS_KEY])
)


@dataclass(frozen=True, slots=True)
class FittedRecord:
    """FSRS parameters fitted to the collection's reviews: when, and on how many."""

    parameters: tuple[float, ...]
    fitted_on: date
    reviews: int  # the recalls read
    items: int  # the training items they made

    def to_json(self) -> str:
        """The record as ``meta`` keeps it."""
        return json.dumps(
            {
                "parameters": list(self.parameters),
                "fitted_on": self.fitted_on.isoformat(),
                "reviews": self.reviews,
                "items": self.items,
            }
        )

    @classmethod
    def from_json(cls, text: str | None) -> FittedRecord | None:
        """The record ``text`` holds; None for none, or for text that is not one."""
        if text is None:
            return None
        try:
            value = json.loads(text)
            parameters = tuple(float(number) for number in value["parameters"])
            record = cls(
                parameters,
                date.fromisoformat(value["fitted_on"]),
                int(value["reviews"]),
                int(value["items"]),
            )
        except (ValueError, TypeError, KeyError):
            return None
        if len(parameters) != len(DEFAULT_FSRS_PARAMETERS) or not all(
            math.isfinite(number) for number in parameters
        ):
            return None
        return record


def fitted_record(connection: Connection) -> FittedRecord | None:
    """The parameters last fitted to this collection, if any."""
    return FittedRecord.from_json(
        connection.scalar(select(meta.c.value).where(meta.c.key == FSRS_PARAMETERS_KEY))
    )


def keep_fitted(connection: Connection, record: FittedRecord) -> None:
    """Keep ``record`` as the collection's FSRS parameters (the caller commits)."""
    set_meta(connection, FSRS_PARAMETERS_KEY, record.to_json())


def forget_fitted(connection: Connection) -> None:
    """Go back to FSRS's default parameters (the caller commits)."""
    connection.execute(meta.delete().where(meta.c.key == FSRS_PARAMETERS_KEY))


def collection_scheduler(connection: Connection) -> PairedScheduler:
    """The scheduler the collection's settings make (read by every rating: one query)."""
    stored: dict[str, str] = dict(connection.execute(_READ).all())
    chosen, retention, longest = (setting.stored(stored.get(setting.key)) for setting in _SETTINGS)
    record = FittedRecord.from_json(stored.get(FSRS_PARAMETERS_KEY))
    parameters = record.parameters if record else DEFAULT_FSRS_PARAMETERS
    assert isinstance(retention, int)
    assert isinstance(longest, int)
    return PairedScheduler(str(chosen), fsrs=_fsrs(parameters, retention, longest))


@lru_cache(maxsize=8)
def _fsrs(parameters: tuple[float, ...], retention_percent: int, longest: int) -> FSRSScheduler:
    """FSRS with these settings (made once: the engine checks its parameters when made)."""
    return FSRSScheduler(parameters, retention_percent / 100, longest)
