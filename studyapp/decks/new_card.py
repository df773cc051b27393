"""A card made in the app (the add form, ``studyapp add``): checked as a deck file's card is,
every problem said as one line naming the field."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.decks.models import CardSpec

# pydantic and the models are imported on first use: the command line's parser names the card
# types without loading them (see tests/test_architecture.py).

#: The card types a card made in the app may have (a numeric card needs its calculator and
#: parameters: write it in its file).
NEW_CARD_TYPES = ("basic", "cloze", "reversible")
#: How the problems name each field.
_FIELD_NAMES = {"question": "Question", "answer": "Answer", "short": "Short answer", "tags": "Tags"}
_TAG_SPLIT = re.compile(r"[\s,]+")


class NewCardError(ValueError):
    """A card that a deck file would refuse; ``problems`` says each thing wrong, one a line."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def split_tags(text: str) -> list[str]:
    """Tags typed in one field, separated by spaces or commas."""
    return [tag for tag in _TAG_SPLIT.split(text) if tag]


def new_card(
    question: str,
    answer: str,
    *,
    short: str = "",
    tags: Sequence[str] = (),
    card_type: str = "basic",
) -> CardSpec:
    """The card these fields make (empty optional fields left out); NewCardError otherwise."""
    from pydantic import ValidationError

    from studyapp.decks.models import CardSpec

    if card_type not in NEW_CARD_TYPES:
        raise NewCardError([f"Type: one of {', '.join(NEW_CARD_TYPES)}, not {card_type!r}"])
    data: dict[str, object] = {"question": question.strip(), "answer": answer, "type": card_type}
    if short.strip():
        data["short"] = short.strip()
    if tags:
        data["tags"] = list(tags)
    try:
        return CardSpec.model_validate(data)
    except ValidationError as error:
        raise NewCardError([_problem(problem) for problem in error.errors()]) from None


def _problem(problem: object) -> str:
    """One pydantic problem: the field, then what is wrong (only what is wrong for a problem
    of the whole card)."""
    assert isinstance(problem, dict)
    loc = problem.get("loc", ())
    message = str(problem.get("msg", "")).removeprefix("Value error, ")
    if not loc:
        return message[:1].upper() + message[1:]
    return f"{_FIELD_NAMES.get(str(loc[0]), str(loc[0]).capitalize())}: {message}"
