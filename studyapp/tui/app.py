"""The Textual app: built by :func:`create_app` around an open collection."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App

from studyapp.collection import Collection
from studyapp.modes.spaced import SpacedSession
from studyapp.tui.home import HomeScreen
from studyapp.tui.spaced import SpacedScreen


class StudyApp(App[None]):
    """studyapp in the terminal: the deck list and the study modes."""

    CSS_PATH = "studyapp.tcss"
    TITLE = "studyapp"

    def __init__(self, collection: Collection) -> None:
        super().__init__()
        self.collection = collection

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())

    def start_review(self, deck_keys: Sequence[str] | None) -> None:
        """Open a spaced review of these decks (None: all), or say there is nothing due."""
        session = SpacedSession.start(self.collection, deck_keys)
        label = ", ".join(deck_keys) if deck_keys else "all decks"
        if session.done:
            self.notify(f"Nothing due today in {label}.", title="All done")
            return
        self.push_screen(SpacedScreen(session, label))


def create_app(collection: Collection) -> StudyApp:
    """The app over a collection (the CLI and the tests build it the same way)."""
    return StudyApp(collection)
