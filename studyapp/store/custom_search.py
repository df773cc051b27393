"""The cards a custom study search finds: the one hook between a search scope and SQL.

Custom study writes what the student chose as a query in the search language of the card
browser (Anki's): ``is:starred``, ``flag:3``, ``prop:due<=7`` (due within a week, overdue
included), ``deck:opt``, joined by spaces (all must hold). This module understands those terms
on its own; :func:`search_condition` is the single place to point at the full search language
(:mod:`studyapp.store.search`) once it is there, and then every search scope takes any query.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, select, true

from studyapp.store.schema import card_states, decks

#: What the custom study search understands, for its error messages.
KNOWN_TERMS = "is:starred, flag:0-7, deck:ID, prop:due<=N (also <, >=, >, =)"

_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
    "=": operator.eq,
}
_DUE = re.compile(r"prop:due(<=|>=|<|>|=)(-?\d{1,5})", re.IGNORECASE)
_FLAG = re.compile(r"flag:([0-7])", re.IGNORECASE)
_DECK = re.compile(r"deck:([a-z0-9][a-z0-9_-]*)", re.IGNORECASE)


class CustomSearchError(ValueError):
    """A custom study query with a term it does not understand."""


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """One term of a query: its kind (``starred``, ``flag``, ``deck``, ``due``) and value."""

    kind: str
    value: str | int = ""
    comparison: str = ""


def parse_custom_search(query: str) -> list[SearchTerm]:
    """The terms of ``query``; CustomSearchError naming the first term not understood."""
    terms: list[SearchTerm] = []
    for word in query.split():
        if word.lower() == "is:starred":
            terms.append(SearchTerm("starred"))
        elif match := _FLAG.fullmatch(word):
            terms.append(SearchTerm("flag", int(match[1])))
        elif match := _DECK.fullmatch(word):
            terms.append(SearchTerm("deck", match[1].lower()))
        elif match := _DUE.fullmatch(word):
            terms.append(SearchTerm("due", int(match[2]), match[1]))
        else:
            raise CustomSearchError(f'"{word}" is not a search term here; use {KNOWN_TERMS}')
    if not terms:
        raise CustomSearchError(f"the search is empty; use {KNOWN_TERMS}")
    return terms


def search_condition(query: str, today: date) -> ColumnElement[bool]:
    """A condition on ``card_states`` rows: the cards ``query`` finds on the local day
    ``today`` (CustomSearchError for a query it cannot read)."""
    conditions = [_condition(term, today) for term in parse_custom_search(query)]
    return and_(true(), *conditions)


def _condition(term: SearchTerm, today: date) -> ColumnElement[bool]:
    if term.kind == "starred":
        return card_states.c.starred.is_(True)
    if term.kind == "flag":
        return card_states.c.flag == term.value
    if term.kind == "deck":
        deck = select(decks.c.id).where(decks.c.key == term.value).scalar_subquery()
        return card_states.c.deck_id == deck
    assert isinstance(term.value, int)
    compare = _COMPARISONS[term.comparison]
    due_day = today + timedelta(days=term.value)
    return and_(card_states.c.due.is_not(None), compare(card_states.c.due, due_day))
