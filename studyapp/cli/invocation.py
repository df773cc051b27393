"""What a command is given when it runs: its arguments, the clock, its outputs, and the store.

:meth:`Invocation.collection` opens the collection for the length of a command and turns the
store's failures (:class:`~studyapp.store.database.StoreError`: unreachable, read-only, full)
into :class:`~studyapp.cli.errors.UserError`; :meth:`Invocation.quick_deck_list` reads the
deck list without loading SQLAlchemy when the store allows. Both import the store only when
called, so a command that needs neither starts without it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeAlias

from studyapp.cli.errors import UserError
from studyapp.cli.output import Output, TerminalOutput

if TYPE_CHECKING:
    from studyapp.clock import Clock
    from studyapp.collection import Collection
    from studyapp.store.deck_list import DeckSummary

WAITING_FOR_THE_LOCK: Final = "studyapp: waiting for another studyapp process to finish writing…"


@dataclass(frozen=True, slots=True)
class Invocation:
    """One run of a command: parsed arguments, the clock (None: the system's), and where its
    results (``out``) and its remarks and errors (``err``) are printed."""

    args: argparse.Namespace
    clock: Clock | None
    out: TerminalOutput
    err: Output

    @property
    def db(self) -> str | None:
        """The ``--db`` given, if any."""
        db: str | None = getattr(self.args, "db", None)
        return db

    @contextmanager
    def collection(self) -> Iterator[Collection]:
        """The collection, open while the block runs; a store failure is a UserError. A write
        that has to wait for another process says so once on stderr."""
        from studyapp.store.database import StoreError

        opened = self.open_collection(say_when_waiting=True)
        try:
            try:
                yield opened
            finally:
                opened.close()
        except StoreError as error:  # the store failed under a command (read-only, disk full…)
            raise UserError(str(error)) from None

    def open_collection(self, *, say_when_waiting: bool = False) -> Collection:
        """Open the collection; a StoreError is a UserError. With ``say_when_waiting`` (a
        command, not the TUI, which shows it on its screen), a write that has to wait for
        another process says so once on stderr."""
        from studyapp.collection import Collection, database_url_from_env
        from studyapp.store.database import StoreError

        def say_waiting() -> None:
            print(WAITING_FOR_THE_LOCK, file=self.err, flush=True)

        url = database_url_from_env(self.db)
        try:
            collection = Collection.open(
                url, self.clock, on_wait=say_waiting if say_when_waiting else None
            )
        except StoreError as error:
            raise UserError(str(error)) from None
        for problem in collection.bundled_errors:  # a packaging bug: say so, and carry on
            print(
                f"studyapp: warning: a bundled deck could not be loaded:\n{problem}", file=self.err
            )
        return collection

    def quick_deck_list(self) -> list[DeckSummary] | None:
        """The deck list without loading SQLAlchemy, when the store allows (see
        :mod:`studyapp.store.deck_list`); None when the collection must be opened."""
        import os

        from studyapp.clock import SystemClock
        from studyapp.decks.files import bundled_deck_files, bundled_fingerprint
        from studyapp.paths import bundled_cards_dir, database_url
        from studyapp.store.deck_list import quick_deck_summaries

        url = database_url(self.db, dict(os.environ))
        today = (self.clock or SystemClock()).now().date()
        digest = bundled_fingerprint(bundled_deck_files(bundled_cards_dir()))
        return quick_deck_summaries(url, today, digest)


#: What carries out a command: given the invocation, returns the exit status.
Handler: TypeAlias = Callable[[Invocation], int]
