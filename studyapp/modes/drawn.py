"""Numeric cards as they are asked: one drawn instance, fixed while it is on screen.

A study mode draws a numeric card with a seed made of what identifies the question (the
session's own draw seed, the card, the question's number), so showing it again — after a
resume, an undo, a re-render — shows the same numbers, while the next time it is asked the
numbers are new. The drawn card is an ordinary :class:`~studyapp.store.cards.CardView` with
its question and worked answer filled in, the right value as its short answer, the wrong
values of known mistakes as its distractors, and the instance itself in ``drawn``.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import TYPE_CHECKING

from studyapp.numeric.drawing import draw_instance
from studyapp.numeric.spec import NumericSpec

if TYPE_CHECKING:
    from studyapp.store.cards import CardView


def draw_card(card: CardView, *seed: object) -> CardView:
    """The card as asked: a numeric card drawn with this seed (the same seed, the same
    numbers); any other card, or one already drawn, as it is."""
    if card.numeric is None or card.drawn is not None:
        return card
    spec = NumericSpec.from_data(card.numeric)
    rng = random.Random(":".join(str(part) for part in seed))
    instance = draw_instance(spec, card.question, card.answer, rng)
    return replace(
        card,
        question=instance.question,
        answer=instance.answer,
        short=instance.shown,
        accepted=(),
        distractors=instance.mistakes,
        drawn=instance,
    )


def is_undrawn_numeric(card: CardView) -> bool:
    """Whether a card is a numeric card's template, not yet drawn (nothing to show of it)."""
    return card.numeric is not None and card.drawn is None


def new_draw_seed(rng: random.Random) -> int:
    """A session's draw seed, read from the session's own random source without moving it on
    (so the session's questions and options are what they would be without numeric cards)."""
    copy = random.Random()
    copy.setstate(rng.getstate())
    return copy.getrandbits(48)
