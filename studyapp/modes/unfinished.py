"""Keeping an unfinished learn or test session in the store as it goes, to resume it later.

A :class:`SessionKeeper` writes the session's state (the JSON its mode's progress module
makes) through the session's :class:`~studyapp.modes.saving.Saver` each time the session
changes, so a killed app loses nothing; only the latest state matters, so a state still
waiting to be written is replaced by a newer one. A state that can no longer be used (written
by a later version, or damaged) is refused with :class:`UnusableStateError`, whose message is one
line a student can read.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from studyapp.collection import Collection
    from studyapp.modes.saving import Saver
    from studyapp.scope import Scope

SessionT = TypeVar("SessionT")

#: What the saving line calls a session's state while it is being written.
WRITE_NAME = "bookmark"


class UnusableStateError(ValueError):
    """A saved session that can not be resumed; the message says why, in one line."""


@dataclass
class SessionKeeper(Generic[SessionT]):
    """Writes a session's state as it changes, and forgets it when the session ends."""

    collection: Collection
    saver: Saver
    mode: str
    scope: Scope
    state_of: Callable[[SessionT], dict[str, Any]]
    _pending: Future[None] | None = field(default=None, repr=False)

    def keep(self, session: SessionT) -> None:
        """Save where ``session`` is now (replacing a state not yet written)."""
        state, now = self.state_of(session), self.collection.clock.now()
        collection, mode, scope = self.collection, self.mode, self.scope
        self._submit(lambda: collection.keep_unfinished(mode, scope, state, saved_at=now))

    def discard(self) -> None:
        """Forget the session's saved state (it was finished, or left for good)."""
        collection, mode, scope = self.collection, self.mode, self.scope
        self._submit(lambda: collection.discard_unfinished(mode, scope))

    def _submit(self, write: Callable[[], None]) -> None:
        if self._pending is not None:
            self.saver.cancel(self._pending)
        self._pending = self.saver.submit(WRITE_NAME, write)
