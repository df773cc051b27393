"""The Textual app: built by :func:`create_app` around an open collection."""

from __future__ import annotations

import random
from collections.abc import Sequence

from textual.app import App

from studyapp.collection import Collection
from studyapp.store.scope import Scope
from studyapp.tui.home import HomeScreen


class StudyApp(App[None]):
    """studyapp in the terminal: the deck list and the study modes."""

    CSS_PATH = "studyapp.tcss"
    TITLE = "studyapp"

    def __init__(self, collection: Collection, rng: random.Random | None = None) -> None:
        super().__init__()
        self.collection = collection
        #: Shuffles questions and boards; tests pass a seeded one.
        self.rng = rng or random.Random()

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
        self.push_screen(SpacedScreen(session, scope.label))

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


def create_app(collection: Collection, rng: random.Random | None = None) -> StudyApp:
    """The app over a collection (the CLI and the tests build it the same way)."""
    return StudyApp(collection, rng)
