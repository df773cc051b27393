"""Learn progress over a scope as the store keeps it, to take up on re-entry.

It is where the session stands: the round (its number, its cards, how far into it, how many
right), and for each card its step (0 multiple choice, 1 written, 2 learned), how often it was
missed and whether it was seen, the cards missed in this round and the last, the answers and
ratings so far, and the time spent. Cards are named by id; the session that takes it up
(:meth:`~studyapp.modes.learn.LearnSession.resume`) fits it to the scope's cards as they are
then. A state that can not be read is refused with
:class:`~studyapp.modes.unfinished.UnusableStateError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt
from pydantic import ValidationError as PydanticError

from studyapp.modes.unfinished import UnusableStateError

#: The version of the state's layout; a state of another version is refused.
STATE_VERSION = 1
MODE = "learn"

_Count = StrictInt


@dataclass(frozen=True, slots=True)
class CardProgress:
    """Where one card stands."""

    step: int  # 0 multiple choice, 1 written, 2 learned
    misses: int = 0
    seen: bool = False


@dataclass(frozen=True, slots=True)
class LearnProgress:
    """Where a learn session stands (see the module's docstring)."""

    cards: dict[int, CardProgress]
    round_number: int
    round_cards: tuple[int, ...]
    round_position: int
    round_correct: int
    missed_last_round: tuple[int, ...]
    missed_this_round: tuple[int, ...]
    answers: int
    correct: int
    ratings: dict[int, int]  # rating → how many times it was given
    elapsed_ms: int
    draw_seed: int = 0  # seeds the numbers of numeric cards (with each question's number)

    @property
    def learned(self) -> int:
        """Cards learned."""
        return sum(card.step == 2 for card in self.cards.values())


class _SavedCard(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: StrictInt
    step: Literal[0, 1, 2]
    misses: _Count = Field(ge=0)
    seen: bool


class _SavedLearn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    cards: list[_SavedCard]
    round: _Count = Field(ge=0)
    round_cards: list[StrictInt]
    round_position: _Count = Field(ge=0)
    round_correct: _Count = Field(ge=0)
    missed_last_round: list[StrictInt]
    missed_this_round: list[StrictInt]
    answers: _Count = Field(ge=0)
    correct: _Count = Field(ge=0)
    ratings: dict[Literal["1", "2", "3", "4", "5"], _Count]
    elapsed_ms: _Count = Field(ge=0)
    draw_seed: _Count = Field(default=0, ge=0)  # absent from states kept before numeric cards


def progress_state(progress: LearnProgress) -> dict[str, Any]:
    """The state the store keeps (JSON-ready)."""
    return {
        "version": STATE_VERSION,
        "cards": [
            {"id": card_id, "step": card.step, "misses": card.misses, "seen": card.seen}
            for card_id, card in progress.cards.items()
        ],
        "round": progress.round_number,
        "round_cards": list(progress.round_cards),
        "round_position": progress.round_position,
        "round_correct": progress.round_correct,
        "missed_last_round": list(progress.missed_last_round),
        "missed_this_round": list(progress.missed_this_round),
        "answers": progress.answers,
        "correct": progress.correct,
        "ratings": {str(rating): count for rating, count in progress.ratings.items() if count},
        "elapsed_ms": progress.elapsed_ms,
        "draw_seed": progress.draw_seed,
    }


def read_progress(state: dict[str, Any]) -> LearnProgress:
    """The progress a kept state holds; UnusableStateError (one line) if it can not be read."""
    try:
        saved = _SavedLearn.model_validate(state)
    except PydanticError as error:
        raise UnusableStateError(
            "the learn progress could not be read (it was saved by another version of "
            f"studyapp, or is damaged: {error.error_count()} problem(s))"
        ) from None
    return LearnProgress(
        cards={card.id: CardProgress(card.step, card.misses, card.seen) for card in saved.cards},
        round_number=saved.round,
        round_cards=tuple(saved.round_cards),
        round_position=saved.round_position,
        round_correct=saved.round_correct,
        missed_last_round=tuple(saved.missed_last_round),
        missed_this_round=tuple(saved.missed_this_round),
        answers=saved.answers,
        correct=saved.correct,
        ratings={int(rating): count for rating, count in saved.ratings.items()},
        elapsed_ms=saved.elapsed_ms,
        draw_seed=saved.draw_seed,
    )
