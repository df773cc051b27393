"""SM-2 as a `Scheduler`: the 1-5 rating is SM-2's quality q, and the interval sets the due day.

The arithmetic is :mod:`studyapp.scheduling.sm2`'s, as SuperMemo published it; this module only
maps a rating to a quality and the new interval to a day.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from studyapp.scheduling import sm2
from studyapp.scheduling.rating import Rating
from studyapp.scheduling.scheduler import Scheduled


def quality_of(rating: Rating) -> int:
    """SM-2's quality q for a rating: q equals the rating, so 3 is the lowest pass (q 0, a
    complete blackout, is never given)."""
    return int(rating)


class SM2Scheduler:
    """SM-2 over `sm2.SM2State`: a pass lengthens the interval, a failure starts it again."""

    name: Final = "sm2"

    def review(self, state: sm2.SM2State, rating: Rating, today: date) -> Scheduled[sm2.SM2State]:
        """The state after ``rating`` (`sm2.review`) and its due day (`sm2.next_due`)."""
        quality = quality_of(rating)
        after = sm2.review(state, quality)
        return Scheduled(after, sm2.next_due(today, after), not sm2.is_pass(quality))

    def preview(self, state: sm2.SM2State, today: date) -> dict[Rating, Scheduled[sm2.SM2State]]:
        """What each rating would do to ``state`` if given on ``today``."""
        return {rating: self.review(state, rating, today) for rating in Rating}
