"""Unfinished learn and test sessions: one saved state per mode and scope, to resume later.

The state is the mode's own JSON record of where the session was (see
:mod:`studyapp.modes.test_progress` and :mod:`studyapp.modes.learn_progress`); the store only
keeps it, replacing the scope's earlier one. The caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from studyapp.store.schema import unfinished_sessions
from studyapp.store.scope import Scope

#: The modes whose sessions can be left and resumed.
RESUMABLE_MODES = ("learn", "test")


@dataclass(frozen=True, slots=True)
class UnfinishedSession:
    """A session's saved state and when it was saved."""

    mode: str
    scope: str  # the scope's key
    saved_at: datetime
    state: dict[str, Any]


def _check_mode(mode: str) -> None:
    if mode not in RESUMABLE_MODES:
        raise ValueError(f"only {' and '.join(RESUMABLE_MODES)} sessions are resumed, not {mode!r}")


def load_unfinished(connection: Connection, mode: str, scope: Scope) -> UnfinishedSession | None:
    """The saved state of ``mode`` over ``scope``, or None."""
    _check_mode(mode)
    row = connection.execute(
        select(unfinished_sessions.c.saved_at, unfinished_sessions.c.state).where(
            unfinished_sessions.c.mode == mode, unfinished_sessions.c.scope == scope.key
        )
    ).first()
    if row is None:
        return None
    state = row.state if isinstance(row.state, dict) else {}
    return UnfinishedSession(mode, scope.key, row.saved_at, state)


def keep_unfinished(
    connection: Connection, mode: str, scope: Scope, saved_at: datetime, state: dict[str, Any]
) -> None:
    """Save ``state`` as the unfinished session of ``mode`` over ``scope`` (replacing any)."""
    _check_mode(mode)
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    row = {"mode": mode, "scope": scope.key, "saved_at": saved_at, "state": state}
    statement = dialect.insert(unfinished_sessions).values(row)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[unfinished_sessions.c.mode, unfinished_sessions.c.scope],
            set_={"saved_at": statement.excluded.saved_at, "state": statement.excluded.state},
        )
    )


def discard_unfinished(connection: Connection, mode: str, scope: Scope) -> None:
    """Forget the unfinished session of ``mode`` over ``scope``, if there is one."""
    _check_mode(mode)
    connection.execute(
        delete(unfinished_sessions).where(
            unfinished_sessions.c.mode == mode, unfinished_sessions.c.scope == scope.key
        )
    )
