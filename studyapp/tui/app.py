"""The Textual app: built by :func:`create_app` around a collection (open, or opened lazily)."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.app import App, ScreenStackError, UnknownModeError
from textual.notifications import SeverityLevel

from studyapp.scope import Scope
from studyapp.tui import long_lived
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.saving import SavingScreen, after_saving
from studyapp.tui.themes import textual_theme
from studyapp.tui.widgets.saving_line import SaveIndicatorKeeper

if TYPE_CHECKING:
    from studyapp.collection import Collection
    from studyapp.modes.custom import CustomStudy
    from studyapp.modes.saving import Saver
    from studyapp.store.deck_list import DeckSummary

#: How long (seconds) leaving or quitting waits for the writes before offering not to wait.
SAVE_PATIENCE = 10.0
#: How long a toast stays (seconds): short, as it sits over the top lines of the screen.
TOAST_SECONDS = 3.0
#: How long a warning or an error stays.
ALERT_SECONDS = 6.0
#: How long the app, closed without quitting (an error, a test's end), waits for the writes.
WAIT_AT_EXIT = 30.0


class StudyApp(App[None]):
    """studyapp in the terminal: the deck list and the study modes.

    Every session writes through one :class:`~studyapp.modes.saving.Saver` (:attr:`saver`),
    so the screens never wait for the database; a line shows while writes are slow, and
    leaving a session or quitting waits for them.
    """

    CSS_PATH = "studyapp.tcss"
    TITLE = "studyapp"

    def __init__(
        self,
        collection: Collection | None = None,
        rng: random.Random | None = None,
        *,
        opener: Callable[[], Collection] | None = None,
        first_decks: list[DeckSummary] | None = None,
        saver: Saver | None = None,
        first_theme: str | None = None,
        set_aside_at_start: bool = False,
    ) -> None:
        """An app over an open ``collection``, or one ``opener`` opens on first use.

        With an opener, ``first_decks`` (read without SQLAlchemy, see
        :mod:`studyapp.store.deck_list`) lets the home screen draw at once while the
        collection opens in the background, and ``first_theme`` (read so too) is its theme
        setting until then. ``saver`` writes the sessions' work (default: one made for the
        collection, see :meth:`Saver.for_collection`). ``set_aside_at_start``: the program's
        own run, whose start-up objects are then left out of later garbage collections
        (:mod:`studyapp.tui.long_lived`; never in a process that starts many apps).
        """
        super().__init__()
        if (collection is None) == (opener is None):
            raise ValueError("give a collection or an opener, not both")
        self._collection = collection
        self._opener = opener
        self._opening = threading.Lock()
        self.first_decks = first_decks
        self.first_theme = first_theme
        #: Shuffles questions and boards; tests pass a seeded one.
        self.rng = rng or random.Random()
        #: Seconds leaving or quitting waits for the writes before offering not to wait.
        self.save_patience = SAVE_PATIENCE
        self._saver = saver
        self._abandon_saves = False
        self.save_indicator = SaveIndicatorKeeper(self, hidden_on=(SavingScreen,))
        self._set_aside_at_start = set_aside_at_start

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

    @property
    def saver(self) -> Saver:
        """The writer every session saves through (made on first use, for the collection)."""
        if self._saver is None:
            from studyapp.modes.saving import Saver

            self._saver = Saver.for_collection(self.collection)
        return self._saver

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a toast in place of any still shown (toasts never pile up over the card); a
        note stays 3 s, a warning or an error 6 s. Text is never read as markup (it may
        quote a card)."""
        self.clear_notifications()
        if timeout is None:
            timeout = TOAST_SECONDS if severity == "information" else ALERT_SECONDS
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_mount(self) -> None:
        self.use_theme(self._collection.theme if self._collection else self.first_theme)
        self.push_screen(HomeScreen())
        self.set_interval(0.2, self.show_save_status)
        if self._set_aside_at_start:
            self.set_timer(long_lived.SET_ASIDE_AFTER, long_lived.set_aside_long_lived)

    def use_theme(self, theme: str | None) -> None:
        """Draw the app in one of the collection's themes (``dark``, ``light``), at once."""
        self.theme = textual_theme(theme)

    def show_save_status(self) -> None:
        """Keep the saving line up to date, on the screen shown (none while the app starts or
        shuts down, when its timer can still fire: then there is nothing to update)."""
        if self._saver is None:
            return
        try:
            self.save_indicator.update(self._saver.status())
        except (ScreenStackError, UnknownModeError):
            return

    def when_saved(
        self, then: Callable[[], object], *, quitting: bool = False, doing: str = "Leaving"
    ) -> None:
        """Run ``then`` once every write is in the store: at once, or after a screen that
        says "<doing> once your work is saved" and waits (and, if it takes long or fails,
        lets the student choose not to wait)."""
        after_saving(
            self, self._saver, then, quitting=quitting, patience=self.save_patience, doing=doing
        )

    async def action_quit(self) -> None:
        """Quit once every write is in the store (or the student chooses to lose them)."""
        if isinstance(self.screen, SavingScreen) and self.screen.quitting:
            return  # already waiting to quit: its own keys decide

        def leave() -> None:
            self._abandon_saves = True  # saved, or given up knowingly
            self.exit()

        self.when_saved(leave, quitting=True)

    def on_unmount(self) -> None:
        """Closed some other way (an error, a test's end): give the writes a last chance."""
        if self._saver is None:
            return
        if not self._abandon_saves:
            self._saver.flush(WAIT_AT_EXIT)
        self._saver.close()

    def start_mode(self, mode: str, scope: Scope) -> None:
        """Open a study mode (spaced, learn, test or matching) over a scope; toasts of
        earlier screens go first, so none covers the first card."""
        self.clear_notifications()
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

    def start_custom(self, study: CustomStudy) -> None:
        """Open a custom study session: a spaced one over the chosen cards (schedules moved
        only if the student chose to reschedule), or learn, test or matching over them."""
        from studyapp.modes.spaced import SpacedSession
        from studyapp.tui.screens.spaced import SpacedScreen

        scope = study.scope()
        if study.mode != "spaced":
            self.start_mode(study.mode, scope)
            return
        self.clear_notifications()
        session = SpacedSession.start_custom(
            self.collection, scope, reschedule=study.reschedule, saver=self.saver
        )
        if session.done:
            self.notify(f"No cards in {scope.label}.", title="Nothing to study")
            return
        self.push_screen(SpacedScreen(session, scope))

    def start_review(self, scope: Scope | Sequence[str] | None) -> None:
        """Open a spaced review, or say there is nothing due."""
        from studyapp.modes.spaced import SpacedSession
        from studyapp.tui.screens.spaced import SpacedScreen

        if not isinstance(scope, Scope):
            scope = Scope.of_decks(scope)
        session = SpacedSession.start(self.collection, scope, saver=self.saver)
        if session.done:
            self.notify(f"Nothing due today in {scope.label}.", title="All done")
            return
        self.push_screen(SpacedScreen(session, scope))

    def _start_learn(self, scope: Scope) -> None:
        from studyapp.modes.learn import LearnSession
        from studyapp.tui.screens.learn import LearnScreen

        session = LearnSession.open(self.collection, scope, self.rng, saver=self.saver)
        if not session.cards:
            self.notify(f"No cards in {scope.label}.", title="Nothing to learn")
            return
        self.push_screen(LearnScreen(session))

    def _start_test(self, scope: Scope) -> None:
        from studyapp.tui.screens.test import open_test

        cards = len(self.collection.scope_card_set(scope))
        if not cards:
            self.notify(f"No cards in {scope.label}.", title="Nothing to test")
            return
        open_test(self, scope, cards)

    def _start_matching(self, scope: Scope) -> None:
        from studyapp.modes.matching import FEWEST_PAIRS, MatchGame
        from studyapp.modes.questions import why_no_matching
        from studyapp.tui.screens.matching import MatchScreen

        game = MatchGame.start(self.collection, scope, self.rng, saver=self.saver)
        if game is None:
            cards = self.collection.scope_cards(scope)
            why = why_no_matching(cards, scope.label, FEWEST_PAIRS)
            self.notify(why, title="Not enough cards")
            return
        self.push_screen(MatchScreen(game))


def create_app(
    collection: Collection | None = None,
    rng: random.Random | None = None,
    *,
    opener: Callable[[], Collection] | None = None,
    first_decks: list[DeckSummary] | None = None,
    saver: Saver | None = None,
    first_theme: str | None = None,
    set_aside_at_start: bool = False,
) -> StudyApp:
    """The app over a collection, or over one opened on first use (see :class:`StudyApp`)."""
    return StudyApp(
        collection,
        rng,
        opener=opener,
        first_decks=first_decks,
        saver=saver,
        first_theme=first_theme,
        set_aside_at_start=set_aside_at_start,
    )
