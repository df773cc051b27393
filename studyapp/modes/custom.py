"""Custom study: the student chooses which cards (starred, a flag, due soon, a deck's every
card, a search) and the mode, and whether the ratings may move schedules.

The choice becomes a search :class:`~studyapp.scope.Scope` (in the card browser's search
language, :mod:`studyapp.store.search_query`), so learn, test and matching run over it as over any
scope; a spaced session over it is :meth:`~studyapp.modes.spaced.SpacedSession.start_custom`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from studyapp.scope import Scope
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
#: The longest query a scope may hold (the store keeps scopes of up to 200 characters).
MAX_QUERY = 150
#: The furthest ahead a cram of due cards looks, in days.
MAX_DAYS_AHEAD = 3650


@dataclass(frozen=True, slots=True)
class CustomStudy:
    """What the student chose to study, over one deck (``deck``) or all of them."""

    kind: CustomKind
    mode: str = "spaced"
    reschedule: bool = False
    deck: str | None = None
    deck_title: str | None = None
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
        if self.kind == "all" and self.deck is None:
            raise ValueError("cram every card of a deck: highlight the deck first")

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
        deck = f"deck:{self.deck}" if self.deck is not None else ""
        query = f"{deck} {terms}".strip()
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
        where = self.deck_title or self.deck or "all decks"
        return f"Custom: {what} · {where}"

    def scope(self) -> Scope:
        """The cards chosen, as a search scope."""
        return Scope(search=self.query_text, title=self.title)
