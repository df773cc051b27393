"""The Textual app: built by :func:`create_app` around a collection (open, or opened lazily)."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.app import App

from studyapp.scope import Scope
from studyapp.tui.home import HomeScreen

if TYPE_CHECKING:
    from studyapp.collection import Collection
    from studyapp.store.deck_list import DeckSummary


class StudyApp(App[None]):
    """studyapp in the terminal: the deck list and the study modes."""

    CSS_PATH = "studyapp.tcss"
    TITLE = "studyapp"

    def __init__(
        self,
        collection: Collection | None = None,
        rng: random.Random | None = None,
        *,
        opener: Callable[[], Collection] | None = None,
        first_decks: list[DeckSummary] | None = None,
    ) -> None:
        """An app over an open ``collection``, or one ``opener`` opens on first use.

        With an opener, ``first_decks`` (read without SQLAlchemy, see
        :mod:`studyapp.store.deck_list`) lets the home screen draw at once while the
        collection opens in the background.
        """
        super().__init__()
        if (collection is None) == (opener is None):
            raise ValueError("give a collection or an opener, not both")
        self._collection = collection
        self._opener = opener
        self._opening = threading.Lock()
        self.first_decks = first_decks
        #: Shuffles questions and boards; tests pass a seeded one.
        self.rng = rng or random.Random()

    @property
    def collection(self) -> Collection:
        """The collection, opened now if it is not open yet (thread-safe)."""
        with self._opening:
            if self._collection is None:
                assert self._opener is not None
                self._collection = self._opener()
            return self._collection

    @property
    def collection_open(self) -> bool:
        """Whether the collection has been opened."""
        return self._collection is not None

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())

    def start_mode(self, mode: str, scope: Scope) -> None:
        """Open a study mode (spaced, learn, test or matching) over a scope."""
        if mode == "spaced":
            self.start_review(scope)
        elif mode == "learn":
            self._start_learn(scope)
        elif mode == "test":
            self._start_test(scope)
        elif mode == "matching":
            self._start_matching(scope)
        else:
            raise ValueError(f"no study mode {mode!r}")

    def start_review(self, scope: Scope | Sequence[str] | None) -> None:
        """Open a spaced review, or say there is nothing due."""
        from studyapp.modes.spaced import SpacedSession
        from studyapp.tui.spaced import SpacedScreen

        if not isinstance(scope, Scope):
            scope = Scope.of_decks(scope)
        session = SpacedSession.start(self.collection, scope)
        if session.done:
            self.notify(f"Nothing due today in {scope.label}.", title="All done")
            return
        self.push_screen(SpacedScreen(session, scope))

    def _start_learn(self, scope: Scope) -> None:
        from studyapp.modes.learn import LearnSession
        from studyapp.tui.learn import LearnScreen

        session = LearnSession.start(self.collection, scope, self.rng)
        if not session.cards:
            self.notify(f"No cards in {scope.label}.", title="Nothing to learn")
            return
        self.push_screen(LearnScreen(session))

    def _start_test(self, scope: Scope) -> None:
        from studyapp.tui.exam import ExamSetupScreen

        cards = len(self.collection.scope_cards(scope))
        if not cards:
            self.notify(f"No cards in {scope.label}.", title="Nothing to test")
            return
        self.push_screen(ExamSetupScreen(scope, cards))

    def _start_matching(self, scope: Scope) -> None:
        from studyapp.modes.matching import MatchGame
        from studyapp.tui.matching import MatchScreen

        game = MatchGame.start(self.collection, scope, self.rng)
        if game is None:
            self.notify(
                f"Matching needs two cards with different answers in {scope.label}.",
                title="Not enough cards",
            )
            return
        self.push_screen(MatchScreen(game))


def create_app(
    collection: Collection | None = None,
    rng: random.Random | None = None,
    *,
    opener: Callable[[], Collection] | None = None,
    first_decks: list[DeckSummary] | None = None,
) -> StudyApp:
    """The app over a collection, or over one opened on first use (see :class:`StudyApp`)."""
    return StudyApp(collection, rng, opener=opener, first_decks=first_decks)
