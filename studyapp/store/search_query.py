"""The card browser's search language, parsed into terms (pure: no SQL here).

Like Anki's: terms separated by spaces must all hold; ``or`` between two terms lets either
hold (it binds tighter than the spaces: ``a b or c`` is ``a`` and (``b`` or ``c``)); ``-``
before a term negates it. A term is

- a bare word: the cards whose question or answer has a word starting with it (``adam`` finds
  "Adam" and "AdamW"); a word of several parts (``state-of-the-art``) is those words in a row;
- a "quoted phrase": those whole words in a row;
- ``deck:ID`` (``*`` for any characters: ``deck:optim*``; ``deck:p`` also takes ``p::child``),
  ``tag:NAME`` (``*`` too; ``tag:leech`` also finds the cards marked as leeches),
  ``is:due|new|learning|review|suspended|buried|starred|leech``, ``flag:N`` (0 none, 1–7),
  ``rated:N`` or ``rated:N:R`` (rated in the last N days, today being 1; with rating R),
  ``prop:ease|ivl|lapses|reviews|due`` with ``< <= > >= = !=`` and a number (``prop:due`` counts
  days from today).

Keys and ``is:`` values are case-insensitive; a value may be quoted (``deck:"my deck"``).
Text is matched by its words (letters and digits); punctuation alone matches nothing and is
left out. An unknown key or a bad value is a :class:`SearchError` saying where and what is
allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, TypeAlias

#: The states a card is listed in, in their sort order (:mod:`studyapp.store.search`).
CARD_STATES: Final = ("new", "learning", "review", "suspended", "buried")
#: The columns a search can be sorted by.
SORT_COLUMNS: Final = (
    "card",
    "deck",
    "question",
    "tags",
    "state",
    "due",
    "interval",
    "ease",
    "lapses",
    "reviews",
    "rating",
    "starred",
    "flag",
    "recall",
)
#: The ``is:`` values.
STATES: Final = ("due", "new", "learning", "review", "suspended", "buried", "starred", "leech")
#: The ``prop:`` names and whether each takes a fraction (ease) or a whole number.
PROPERTIES: Final = {"ease": float, "ivl": int, "lapses": int, "reviews": int, "due": int}
#: The comparisons of ``prop:``, longest first (so ``<=`` is not read as ``<``).
COMPARISONS: Final = ("<=", ">=", "!=", "<", ">", "=")
#: The keys of ``key:value`` terms.
KEYS: Final = ("deck", "tag", "is", "flag", "rated", "prop")
#: Flags: 0 (none) and Anki's seven colours.
FLAGS: Final = range(8)
#: ``rated:N`` looks back at most this many days.
MAX_RATED_DAYS: Final = 36500
#: ``prop:`` numbers beyond this are refused (no card comes near; keeps dates in range).
MAX_PROPERTY: Final = 1_000_000

#: A word as the full-text index reads it: letters and digits (unicode61 splits on the rest).
_WORD: Final = re.compile(r"[^\W_]+")
_KEY: Final = re.compile(r"([A-Za-z]+):")
_NUMBER: Final = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")


class SearchError(ValueError):
    """A search that cannot be read: ``message`` says what is wrong and what is allowed,
    ``position`` is where (0-based, in the query)."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at column {position + 1})")
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class TextTerm:
    """Words in a row in the question or the answer; ``prefix``: the last one may go on."""

    words: tuple[str, ...]
    prefix: bool


@dataclass(frozen=True, slots=True)
class DeckTerm:
    """The deck's id matches ``pattern`` (``*``: any characters), or is a child of it."""

    pattern: str


@dataclass(frozen=True, slots=True)
class TagTerm:
    """A tag of the card matches ``pattern`` (``*``: any characters)."""

    pattern: str


@dataclass(frozen=True, slots=True)
class StateTerm:
    """``is:``: one of :data:`STATES`."""

    state: str


@dataclass(frozen=True, slots=True)
class FlagTerm:
    """The card's flag (0: none)."""

    flag: int


@dataclass(frozen=True, slots=True)
class RatedTerm:
    """Rated in the last ``days`` days (1: today), with ``rating`` if given."""

    days: int
    rating: int | None


@dataclass(frozen=True, slots=True)
class PropertyTerm:
    """A number of the card's schedule compared with ``value``."""

    name: str
    comparison: str
    value: float


@dataclass(frozen=True, slots=True)
class NotTerm:
    """The term does not hold."""

    term: Term


@dataclass(frozen=True, slots=True)
class AnyTerm:
    """At least one of the terms holds."""

    terms: tuple[Term, ...]


Term: TypeAlias = (
    TextTerm
    | DeckTerm
    | TagTerm
    | StateTerm
    | FlagTerm
    | RatedTerm
    | PropertyTerm
    | NotTerm
    | AnyTerm
)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """Terms that must all hold (none: every card)."""

    terms: tuple[Term, ...] = ()


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # the value, quotes removed
    quoted: bool
    position: int


def parse_query(query: str) -> SearchQuery:
    """The terms of ``query``; a :class:`SearchError` if it cannot be read."""
    groups: list[list[Term]] = []
    pending_or: int | None = None  # where an "or" waits for the term after it
    for item, position in _items(query):
        if item is None:  # "or"
            if not groups or pending_or is not None:
                raise SearchError('"or" needs a term before it', position)
            pending_or = position
        elif pending_or is not None:
            groups[-1].append(item)
            pending_or = None
        else:
            groups.append([item])
    if pending_or is not None:
        raise SearchError('"or" needs a term after it', pending_or)
    terms = [group[0] if len(group) == 1 else AnyTerm(tuple(group)) for group in groups]
    return SearchQuery(tuple(terms))


def _items(query: str) -> list[tuple[Term | None, int]]:
    """Each term of the query in order with where it starts, None for each ``or``; terms of
    no words are left out (an ``or`` next to one still needs a term)."""
    items: list[tuple[Term | None, int]] = []
    position = 0
    length = len(query)
    while position < length:
        if query[position].isspace():
            position += 1
            continue
        start = position
        negated = query[position] == "-"
        if negated:
            position += 1
            if position >= length or query[position].isspace():
                raise SearchError('"-" must be followed by a term, as in -tag:hard', start)
        key = _KEY.match(query, position)
        if key and not _quoted_at(query, position):
            name = key.group(1).lower()
            if name not in KEYS:
                raise SearchError(
                    f'unknown search key "{key.group(1)}:" (keys: {", ".join(KEYS)}; '
                    'quote text with a colon, as in "ratio 3:2")',
                    position,
                )
            value, position = _token(query, key.end())
            term: Term | None = _keyed_term(name, value)
        else:
            token, position = _token(query, position)
            if not negated and not token.quoted and token.text.lower() == "or":
                items.append((None, start))
                continue
            words = tuple(_WORD.findall(token.text))
            term = TextTerm(words, prefix=not token.quoted) if words else None
        if term is not None:
            items.append((NotTerm(term) if negated else term, start))
    return items


def _quoted_at(query: str, position: int) -> bool:
    return query.startswith('"', position)


def _token(query: str, position: int) -> tuple[_Token, int]:
    """The token at ``position`` (a quoted string, to its closing quote or the end; else up to
    the next space) and the position after it."""
    if _quoted_at(query, position):
        end = query.find('"', position + 1)
        if end < 0:  # still being typed: the phrase runs to the end
            return _Token(query[position + 1 :], True, position), len(query)
        return _Token(query[position + 1 : end], True, position), end + 1
    end = position
    while end < len(query) and not query[end].isspace():
        end += 1
    return _Token(query[position:end], False, position), end


def _keyed_term(name: str, value: _Token) -> Term:
    text = value.text.strip()
    if not text:
        raise SearchError(f'"{name}:" needs a value, as in {_EXAMPLES[name]}', value.position)
    if name == "deck":
        return DeckTerm(text)
    if name == "tag":
        return TagTerm(text.removeprefix("#"))
    if name == "is":
        state = text.lower()
        if state not in STATES:
            raise SearchError(f'unknown "is:{text}" (allowed: {", ".join(STATES)})', value.position)
        return StateTerm(state)
    if name == "flag":
        return FlagTerm(_whole(text, value.position, FLAGS, "flag: takes 0 (no flag) to 7"))
    if name == "rated":
        return _rated(text, value.position)
    return _property(text, value.position)


_EXAMPLES: Final = {
    "deck": "deck:optimizers",
    "tag": "tag:momentum",
    "is": "is:due",
    "flag": "flag:1",
    "rated": "rated:7",
    "prop": "prop:ease<2",
}


def _whole(text: str, position: int, allowed: range, message: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) not in allowed:
        raise SearchError(f'{message}, not "{text}"', position)
    return int(text)


def _rated(text: str, position: int) -> RatedTerm:
    days_text, _, rating_text = text.partition(":")
    days = _whole(
        days_text,
        position,
        range(1, MAX_RATED_DAYS + 1),
        f"rated: takes a number of days, 1 (today) to {MAX_RATED_DAYS}, then optionally "
        ":R for a rating 1-5 (rated:7:1)",
    )
    if not rating_text:
        return RatedTerm(days, None)
    rating = _whole(
        rating_text, position + len(days_text) + 1, range(1, 6), "rated:N:R takes a rating 1-5"
    )
    return RatedTerm(days, rating)


def _property(text: str, position: int) -> PropertyTerm:
    name_end = 0
    while name_end < len(text) and text[name_end].isalpha():
        name_end += 1
    name = text[:name_end].lower()
    if name not in PROPERTIES:
        raise SearchError(
            f'unknown property "{text[:name_end]}" (prop: takes {", ".join(PROPERTIES)}, '
            "as in prop:ease<2)",
            position,
        )
    rest = text[name_end:]
    comparison = next((c for c in COMPARISONS if rest.startswith(c)), None)
    if comparison is None:
        raise SearchError(
            f"prop:{name} needs a comparison: {' '.join(COMPARISONS)} (as in prop:{name}>3)",
            position + name_end,
        )
    number = rest[len(comparison) :]
    at = position + name_end + len(comparison)
    kind = PROPERTIES[name]
    if not _NUMBER.fullmatch(number) or (kind is int and not number.lstrip("-").isdigit()):
        what = "a number" if kind is float else "a whole number"
        raise SearchError(f'prop:{name} is compared with {what}, not "{number}"', at)
    value = float(number)
    if abs(value) > MAX_PROPERTY:
        raise SearchError(f"prop:{name}: {number} is out of range", at)
    return PropertyTerm(name, comparison, value)
