"""FSRS fitted to the learner's own recalls: the review log as the engine's training items, and
its parameters fitted to them (``fsrs-rs-python``, Anki's Rust engine, does the fitting).

Each card's recalls (:mod:`studyapp.store.recall_history`: its scheduled spaced ratings, one a
day) become one training item per recall after its first: the recalls up to it, each with the
days since the one before (0 for the first), its rating as FSRS's grade (1 and 2 Again, 3 Hard,
4 Good, 5 Easy). The engine learns to predict each item's last recall from those before it. The
recalls are a day apart at least, so the engine's same-day ("short-term") terms are off.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from studyapp.scheduling.fsrs_scheduler import DEFAULT_FSRS_PARAMETERS, fsrs_grade
from studyapp.scheduling.rating import Rating
from studyapp.store.recall_history import Recalls

#: Fewer training items than this and fitting is not tried: the defaults, fitted on hundreds
#: of millions of reviews, predict a new learner better (Anki asks for a few hundred too).
MIN_TRAINING_ITEMS: Final = 400


@dataclass(frozen=True, slots=True)
class FittedParameters:
    """Parameters for FSRS and what they come from: ``fitted`` False when there were too few
    recalls to beat the defaults (the defaults are given then)."""

    parameters: tuple[float, ...]
    items: int  # training items: recalls after a card's first
    recalls: int  # every recall read
    fitted: bool


def recall_steps(history: Recalls) -> list[tuple[int, int]]:
    """A card's recalls as the engine takes them: (FSRS's grade, days since the recall before;
    0 for the first)."""
    steps = []
    previous: date | None = None
    for day, rating in history:
        steps.append((fsrs_grade(Rating(rating)), 0 if previous is None else (day - previous).days))
        previous = day
    return steps


def training_items(histories: Iterable[tuple[int, Recalls]]) -> tuple[list[FSRSItem], int]:
    """The engine's training items from each card's recalls, and how many recalls were read."""
    items: list[FSRSItem] = []
    recalls = 0
    for _card_id, history in histories:
        recalls += len(history)
        reviews = [FSRSReview(grade, elapsed) for grade, elapsed in recall_steps(history)]
        items.extend(FSRSItem(reviews[:end]) for end in range(2, len(reviews) + 1))
    return items, recalls


def fit_parameters(histories: Iterable[tuple[int, Recalls]]) -> FittedParameters:
    """FSRS's parameters fitted to these recalls, or the defaults when they are too few (or
    when the engine gives its defaults back: it sets aside the cards whose first rating and
    first interval too few cards share, and fits nothing when fewer than 8 items are left)."""
    items, recalls = training_items(histories)
    if len(items) < MIN_TRAINING_ITEMS:
        return FittedParameters(DEFAULT_FSRS_PARAMETERS, len(items), recalls, fitted=False)
    parameters = parameters_fitted_to(items)
    fitted = parameters != DEFAULT_FSRS_PARAMETERS
    return FittedParameters(parameters, len(items), recalls, fitted=fitted)


def parameters_fitted_to(items: Sequence[FSRSItem]) -> tuple[float, ...]:
    """The engine's parameters fitted to these training items, however few (same-day terms
    off)."""
    engine = FSRS(list(DEFAULT_FSRS_PARAMETERS))
    fitted = engine.compute_parameters(items, enable_short_term=False)
    return tuple(float(value) for value in fitted)
