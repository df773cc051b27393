"""Custom study: the student chooses which cards (starred, a flag, due soon, every card, a
search), from where (all decks, the highlighted deck, the decks under a parent, a tag), the mode,
and whether the ratings may move schedules.

The choice becomes a search :class:`~studyapp.scope.Scope` (in the card browser's search
language, :mod:`studyapp.store.search_query`), so learn, test and matching run over it as over any
scope; a spaced session over it is :meth:`~studyapp.modes.spaced.SpacedSession.start_custom`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from studyapp.scope import Scope
from studyapp.store.search_query import parse_query
from studyapp.store.version import FLAG_COLOURS

CustomKind = Literal["starred", "flag", "ahead", "all", "search"]
#: What each kind of custom study is called on screen.
CUSTOM_KINDS: Final[dict[CustomKind, str]] = {
    "starred": "Starred cards",
    "flag": "Cards with a flag",
    "ahead": "Ahead of schedule: cards due within some days",
    "all": "Every card (cram)",
    "search": "A search",
}
#: The modes a custom session may be studied in.
CUSTOM_MODES: Final = ("spaced", "learn", "test", "matching")
#: The flag colours, 1 to 7 (Anki's).
FLAG_NAMES: Final = FLAG_COLOURS
#: The longest query a custom session's scope may hold (a parent of many decks names each).
MAX_QUERY = 2000
#: The furthest ahead a cram of due cards looks, in days.
MAX_DAYS_AHEAD = 3650


@dataclass(frozen=True, slots=True)
class CustomStudy:
    """What the student chose to study, from the decks or the tag of ``within`` (None: every
    deck)."""

    kind: CustomKind
    mode: str = "spaced"
    reschedule: bool = False
    within: Scope | None = None
    flag: int = 1
    days: int = 7
    query: str = ""

    def __post_init__(self) -> None:
        if self.mode not in CUSTOM_MODES:
            raise ValueError(f"the mode is one of {', '.join(CUSTOM_MODES)}, not {self.mode!r}")
        if self.kind == "flag" and not 1 <= self.flag <= len(FLAG_NAMES):
            raise ValueError(f"a flag is 1 to {len(FLAG_NAMES)}, not {self.flag}")
        if self.kind == "ahead" and not 0 <= self.days <= MAX_DAYS_AHEAD:
            raise ValueError(f"days ahead is 0 to {MAX_DAYS_AHEAD}, not {self.days}")
        if self.kind == "search" and not self.query.strip():
            raise ValueError("type a search")
        if self.kind == "search":
            parse_query(self.query)  # read alone: an "or" first must not join the decks
        if self.within is not None and self.within.decks is None and self.within.tag is None:
            raise ValueError("custom study is chosen from some decks or a tag")
        if self.within is not None and self.within.tag is not None and '"' in self.within.tag:
            raise ValueError(f"a tag with a quote in it can't be searched: {self.within.tag}")
        if self.kind == "all" and self.within is None:
            raise ValueError("cram every card of a deck or a tag: highlight it first")

    @property
    def query_text(self) -> str:
        """The search this choice is, in the search language (``deck:opt is:starred``)."""
        terms = {
            "starred": "is:starred",
            "flag": f"flag:{self.flag}",
            "ahead": f"prop:due<={self.days}",
            "all": "",
            "search": " ".join(self.query.split()),
        }[self.kind]
        query = f"{self.within_query} {terms}".strip()
        if len(query) > MAX_QUERY:
            raise ValueError(f"the search is {len(query)} characters; keep it to {MAX_QUERY}")
        return query

    @property
    def title(self) -> str:
        """How screens name the session: ``Custom: starred · Optimizers``."""
        what = {
            "starred": "starred",
            "flag": f"{FLAG_NAMES[self.flag - 1]} flag" if self.kind == "flag" else "",
            "ahead": f"due within {self.days} days",
            "all": "every card",
            "search": " ".join(self.query.split()),
        }[self.kind]
        where = self.within.label if self.within is not None else "all decks"
        return f"Custom: {what} · {where}"

    @property
    def within_query(self) -> str:
        """The search terms keeping the cards of :attr:`within`: its tag, or its decks (one
        term, ``or`` between them); none for every deck."""
        if self.within is None:
            return ""
        if self.within.tag is not None:
            return f'tag:"{self.within.tag}"'
        return " or ".join(f"deck:{key}" for key in self.within.decks or ())

    def scope(self) -> Scope:
        """The cards chosen, as a search scope."""
        return Scope(search=self.query_text, title=self.title)
