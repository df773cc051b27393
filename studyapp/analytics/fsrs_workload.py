"""The workload each desired retention would bring: FSRS's own simulator (``fsrs-rs-python``,
Anki's Rust engine) run over the coming days once per retention, and the retention that costs
the least study time per card remembered.

The engine's simulator learns up to ``new_per_day`` new cards a day and reviews each card on its
due day, up to ``reviews_per_day`` reviews a day (a card beyond the limit waits a day; new cards
have their own limit, as in the due queue). Recall is drawn at random from the card's
retrievability; ratings and the seconds each answer takes are the engine's defaults (averages
of Anki users), so times are estimates for a typical learner, not this one.

Every simulated card starts new: the binding's ``simulate`` takes no existing cards (fsrs-rs can
start from them, but the binding passes none), and its ``SimulatorConfig`` has no field for
them. The simulation is of a collection this size studied from the start. Only the binding's
``optimal_retention`` takes existing cards; it is not used: it runs 16 simulations for each
retention it tries (4–6 s for 10,000 cards), searches 0.70–0.95 only, and schedules existing
cards at their own ``Card.desired_retention`` rather than the one tried.

Runtime grows with cards × days × retentions: 10,000 cards over 365 days take about 0.1 s a
retention on a 2-core machine (0.7 s for :data:`DEFAULT_RETENTIONS`, 2 s for a 0.01 grid).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from fsrs_rs_python import (
    SimulationResult,
    check_and_fill_parameters,
    default_simulator_config,
    simulate,
)

from studyapp.scheduling.fsrs_scheduler import RETENTION_RANGE
from studyapp.scheduling.registry import DEFAULT_MAXIMUM_INTERVAL

#: The desired retentions tried unless others are given: Anki's range, 0.70 to 0.97.
DEFAULT_RETENTIONS: Final = (0.70, 0.75, 0.80, 0.85, 0.90, 0.95, 0.97)
#: Days simulated unless told otherwise: the coming year.
SIMULATED_DAYS: Final = 365
#: The engine's random seed unless another is given (the engine's own default).
DEFAULT_SEED: Final = 42


@dataclass(frozen=True, slots=True)
class RetentionWorkload:
    """One desired retention's simulated days: each day's reviews, new cards learned, cards
    remembered (the sum of every studied card's chance of recall that day) and seconds spent."""

    desired_retention: float
    reviews_per_day: tuple[int, ...]  # reviews of cards already learned; first sightings apart
    learned_per_day: tuple[int, ...]
    memorized_per_day: tuple[float, ...]
    seconds_per_day: tuple[float, ...]  # learning, reviewing and relearning
    studied: int  # cards learned by the last day

    @property
    def average_reviews(self) -> float:
        """Reviews a day, averaged over the days."""
        return sum(self.reviews_per_day) / len(self.reviews_per_day)

    @property
    def average_minutes(self) -> float:
        """Minutes of study a day (learning new cards included), averaged over the days."""
        return sum(self.seconds_per_day) / len(self.seconds_per_day) / 60

    @property
    def memorized_at_end(self) -> float:
        """Cards one would recall on the last day (expected)."""
        return self.memorized_per_day[-1]

    @property
    def retention_at_end(self) -> float:
        """The studied cards' average chance of recall on the last day (0 if none studied)."""
        return self.memorized_at_end / self.studied if self.studied else 0.0

    @property
    def seconds_per_memorized(self) -> float:
        """Seconds studied in all per card recalled on the last day (infinite if none is): what
        the recommended retention minimises."""
        memorized = self.memorized_at_end
        return sum(self.seconds_per_day) / memorized if memorized > 0 else math.inf


@dataclass(frozen=True, slots=True)
class WorkloadSimulation:
    """The workload of each desired retention tried (lowest first), the recommended one, and
    what was simulated: how many cards, for how many days, under which daily limits."""

    workloads: tuple[RetentionWorkload, ...]
    recommended: float
    card_count: int
    days: int
    new_per_day: int
    reviews_per_day: int

    @property
    def recommended_workload(self) -> RetentionWorkload:
        """The recommended retention's workload."""
        return next(w for w in self.workloads if w.desired_retention == self.recommended)


def simulate_workload(
    parameters: Sequence[float],
    card_count: int,
    new_per_day: int,
    reviews_per_day: int,
    *,
    maximum_interval: int = DEFAULT_MAXIMUM_INTERVAL,
    days: int = SIMULATED_DAYS,
    retentions: Sequence[float] = DEFAULT_RETENTIONS,
    seed: int = DEFAULT_SEED,
) -> WorkloadSimulation:
    """The workload of ``card_count`` cards, all new, studied for ``days`` days at each desired
    retention of ``retentions``, under the daily limits; one seed for every retention, so the
    same seed gives the same result. The recommended retention is the one tried that costs the
    fewest seconds of study per card recalled on the last day (the target the engine's
    ``optimal_retention`` minimises). ValueError for a retention outside 0.70–0.97, parameters
    the engine refuses, or a count, limit or span it cannot simulate."""
    tried = _checked_retentions(retentions)
    if card_count < 1:
        raise ValueError(f"a workload is simulated for 1 card or more, not {card_count}")
    if new_per_day < 1:
        raise ValueError(
            f"new cards a day is at least 1 to simulate (every simulated card starts new), "
            f"not {new_per_day}"
        )
    if reviews_per_day < 0:
        raise ValueError(f"reviews a day is 0 or more, not {reviews_per_day}")
    if days < 1:
        raise ValueError(f"a workload is simulated for 1 day or more, not {days}")
    if maximum_interval < 1:
        raise ValueError(f"the maximum interval is at least 1 day, not {maximum_interval}")
    if not 0 <= seed < 2**64:
        raise ValueError(f"the seed is 0 to 2**64 - 1, not {seed}")
    try:
        weights = check_and_fill_parameters(list(parameters))
    except ValueError:
        raise ValueError(
            f"FSRS refuses these parameters ({len(parameters)} numbers; it takes 17, 19 or 21 "
            f"finite ones in its ranges)"
        ) from None
    config = default_simulator_config()
    config.deck_size = card_count
    config.learn_span = days
    config.learn_limit = new_per_day
    config.review_limit = reviews_per_day
    config.new_cards_ignore_review_limit = True  # the due queue's limits are separate
    config.max_cost_perday = math.inf  # the limits are counts, not time
    config.max_ivl = float(maximum_interval)
    workloads = tuple(
        _workload(retention, simulate(weights, retention, config, seed)) for retention in tried
    )
    best = min(workloads, key=lambda workload: workload.seconds_per_memorized)
    return WorkloadSimulation(
        workloads, best.desired_retention, card_count, days, new_per_day, reviews_per_day
    )


def _checked_retentions(retentions: Sequence[float]) -> tuple[float, ...]:
    """The retentions, each once and lowest first; ValueError for none or one out of range."""
    low, high = RETENTION_RANGE
    if not retentions:
        raise ValueError("no desired retention to simulate")
    for retention in retentions:
        if not low <= retention <= high:
            raise ValueError(f"desired retention is {low:.2f} to {high:.2f}, not {retention}")
    return tuple(sorted(set(retentions)))


def _workload(retention: float, result: SimulationResult) -> RetentionWorkload:
    """One retention's workload from the engine's simulation."""
    return RetentionWorkload(
        desired_retention=retention,
        reviews_per_day=tuple(result.review_cnt_per_day),
        learned_per_day=tuple(result.learn_cnt_per_day),
        memorized_per_day=tuple(result.memorized_cnt_per_day),
        seconds_per_day=tuple(result.cost_per_day),
        studied=sum(result.learn_cnt_per_day),
    )
