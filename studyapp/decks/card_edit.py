"""A card's fields changed by hand in the app, checked by the same rules as a deck file's card
(:class:`~studyapp.decks.models.CardSpec`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from pydantic import ValidationError

from studyapp.decks.models import CardSpec
from studyapp.decks.validation import validation_problems

#: The fields of a card the app's edit form changes (the card's id and type stay as they are).
EDITABLE_FIELDS: Final = (
    "question", "answer", "short", "accepted", "tags", "distractors", "note", "source",
)  # fmt: skip


class CardEditError(ValueError):
    """An edit refused: the edited card would not be a valid card. Nothing was changed."""

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = tuple(messages)
        super().__init__("\n".join(self.messages))


def edited_card(card: CardSpec, changes: Mapping[str, object]) -> CardSpec:
    """``card`` with ``changes`` (field: new value; None or an empty list clears a field),
    validated; CardEditError listing every problem if the result is not a valid card."""
    unknown = [name for name in changes if name not in EDITABLE_FIELDS]
    if unknown:
        raise CardEditError(
            [
                f'"{name}" is not a field the app edits ({", ".join(EDITABLE_FIELDS)})'
                for name in unknown
            ]
        )
    data = {**card.model_dump(exclude_defaults=True), **changes}
    try:
        return CardSpec.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc, "", lambda _loc: None, card.question, 0)
        raise CardEditError([problem.message for problem in problems]) from None
