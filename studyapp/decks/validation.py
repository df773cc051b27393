"""Turn raw parsed cards into validated models, collecting every problem with its line.

Both deck formats produce :class:`RawDeck` values (plain fields plus where each came from);
this module validates them with the pydantic models and reports all problems at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import ValidationError

from studyapp.decks.errors import DeckError, Problem, suggest
from studyapp.decks.models import (
    CARD_FIELDS,
    CARD_TYPES,
    DECK_FIELDS,
    DECK_ID_PATTERN,
    CardSpec,
    DeckSpec,
    clean_block,
    default_card_type,
    derive_card_id,
    slugify,
    validate_card,
)

_CARD_FIELD_SET = frozenset(CARD_FIELDS)
_ID_HELP = {
    "card": "may only use letters, digits and . _ : -, starting with a letter or digit",
    "deck": "may only use lowercase letters, digits, - and _, starting with a letter or digit",
}

#: Maps a pydantic error location (inside one card or the deck) to a line, if known.
LineFinder = Callable[[tuple[str | int, ...]], int | None]


@dataclass(slots=True)
class RawCard:
    """A card's fields as read from a file, before validation."""

    fields: dict[str, object]
    line: int
    line_of: LineFinder = field(default=lambda _loc: None)
    written: frozenset[str] = frozenset()  # the fields the file gave (before defaults)


@dataclass(slots=True)
class RawDeck:
    """A deck's own fields and its raw cards, as read from one file."""

    path: str
    fields: dict[str, object]
    cards: list[RawCard]
    line_of: LineFinder = field(default=lambda _loc: None)
    problems: list[Problem] = field(default_factory=list)


def build_deck(raw: RawDeck, default_id: str) -> DeckSpec:
    """Validate a raw deck into a DeckSpec, or raise DeckError listing every problem."""
    problems = list(raw.problems)
    deck_fields = dict(raw.fields)
    for key in list(deck_fields):
        if key not in DECK_FIELDS:
            hint = suggest(key, DECK_FIELDS) or f" (deck fields: {', '.join(DECK_FIELDS)})"
            problems.append(
                Problem(raw.path, raw.line_of((key,)), f'unknown deck field "{key}"{hint}')
            )
            del deck_fields[key]
    deck_fields.setdefault("id", slugify(default_id))
    given_id = deck_fields["id"]
    if not (
        isinstance(given_id, str) and len(given_id) <= 80 and re.match(DECK_ID_PATTERN, given_id)
    ):
        given_id = slugify(default_id)  # the id's own error is reported; don't blame the title
    deck_fields.setdefault("title", given_id.replace("-", " ").capitalize())
    try:
        shell = DeckSpec.model_validate(deck_fields)
        deck_id = shell.id
    except ValidationError as exc:
        problems.extend(validation_problems(exc, raw.path, raw.line_of, None, 0))
        deck_id = slugify(default_id)

    cards: list[CardSpec] = []
    first_line_of_id: dict[str, int] = {}
    for raw_card in raw.cards:
        card_problems, card = _build_card(raw_card, raw.path, deck_id)
        problems.extend(card_problems)
        card_id = raw_card.fields.get("id")
        if isinstance(card_id, str):
            if card_id in first_line_of_id:
                derived = "id" not in raw_card.written
                question = raw_card.fields.get("question")
                problems.append(
                    Problem(
                        raw.path,
                        raw_card.line,
                        f'has the same id "{card_id}" as the card on line '
                        f"{first_line_of_id[card_id]}"
                        + (" (the same question); give one of them an id" if derived else ""),
                        question if isinstance(question, str) else None,
                    )
                )
                continue
            first_line_of_id[card_id] = raw_card.line
        if card is not None:
            cards.append(card)
    if problems:
        raise DeckError(problems)
    return shell.model_copy(update={"cards": cards})


def _build_card(raw: RawCard, path: str, deck_id: str) -> tuple[list[Problem], CardSpec | None]:
    fields = raw.fields
    raw.written = frozenset(fields)
    question = fields.get("question")
    problems: list[Problem] = []
    if not raw.written <= _CARD_FIELD_SET:
        for key in list(fields):
            if key not in _CARD_FIELD_SET:
                hint = suggest(key, CARD_FIELDS) or f" (card fields: {', '.join(CARD_FIELDS)})"
                problems.append(
                    Problem(
                        path,
                        raw.line_of((key,)) or raw.line,
                        f'unknown field "{key}"{hint}',
                        _label(question),
                    )
                )
                del fields[key]
    if isinstance(question, str):
        if "type" not in fields:
            fields["type"] = default_card_type(question, computed="compute" in fields)
        if "id" not in fields:
            fields["id"] = derive_card_id(deck_id, clean_block(question).strip())
    elif "id" not in fields:
        fields["id"] = None
    try:
        card = validate_card(fields)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, path, raw.line_of, _label(question), raw.line))
        return problems, None
    return problems, (None if problems else card)


def _label(question: object) -> str | None:
    """How problems name a card: by its question, if it has one."""
    return question if isinstance(question, str) and question.strip() else None


def validation_problems(
    exc: ValidationError, path: str, line_of: LineFinder, card: str | None, fallback: int
) -> list[Problem]:
    """Pydantic's errors about a deck (``card`` None) or one of its cards as problems a user
    can act on, each at the line ``line_of`` finds for it (else ``fallback``)."""
    found: list[Problem] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        name = ".".join(str(part) for part in loc)
        kind = error["type"]
        value = error.get("input")
        if kind == "missing":
            message = f'"{name}" is missing'
        elif kind == "extra_forbidden":
            message = f'unknown field "{name}"'
        elif kind == "string_pattern_mismatch":
            message = f'{name} "{value}" {_ID_HELP["deck" if card is None else "card"]}'
        elif kind == "literal_error":
            expected = error.get("ctx", {}).get("expected", "")
            hint = suggest(str(value), CARD_TYPES) if name == "type" else ""
            message = f'{name} "{value}" is not one of {expected}{hint}'
        elif name and not (kind == "value_error" and str(loc[0]) in message):
            message = f"{name}: {message}"
        if loc == ("params",) and (named := _NAMED_PARAM.search(message)):
            loc = ("params", named["name"])  # the line of the parameter the message names
        line = line_of(loc)
        if len(loc) == 1 and line == line_of(()):  # a list field with no line of its own (in
            line = line_of((*loc, 0)) or line  # Markdown, one per item): its first item's line
        found.append(Problem(path, line or fallback or None, message, card))
    return found


#: A numeric card's parameter named in a problem with its parameters (``param "gamma" …``).
_NAMED_PARAM = re.compile(r'\bparam(?:eter)? "(?P<name>[A-Za-z_][A-Za-z0-9_]*)"')
