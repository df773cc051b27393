"""The bundled decks the user removed: the app's updates of its decks must not bring them back.

Kept in ``meta`` (:data:`REMOVED_BUNDLED_KEY`) as a JSON list of deck ids. A bundled deck is
noted when ``studyapp deck rm`` (or ``D`` on home) removes it and forgotten when its backup is
restored, after which it is the bundled deck again and takes the app's updates.
"""

from __future__ import annotations

import json
from typing import Final

from sqlalchemy import Connection

from studyapp.store.database import get_meta, set_meta

#: The ``meta`` key of the removed bundled decks' ids.
REMOVED_BUNDLED_KEY: Final = "removed_bundled_decks"


def removed_bundled_decks(connection: Connection) -> frozenset[str]:
    """The ids of the bundled decks the user removed (and has not restored)."""
    recorded = get_meta(connection, REMOVED_BUNDLED_KEY)
    if not recorded:
        return frozenset()
    try:
        ids = json.loads(recorded)
    except ValueError:
        return frozenset()
    return frozenset(str(key) for key in ids) if isinstance(ids, list) else frozenset()


def note_removed(connection: Connection, key: str) -> None:
    """Note that the user removed the bundled deck ``key``."""
    _write(connection, removed_bundled_decks(connection) | {key})


def forget_removed(connection: Connection, key: str) -> None:
    """Deck ``key`` is back (restored): the bundled decks' updates reach it again."""
    removed = removed_bundled_decks(connection)
    if key in removed:
        _write(connection, removed - {key})


def _write(connection: Connection, ids: frozenset[str]) -> None:
    set_meta(connection, REMOVED_BUNDLED_KEY, json.dumps(sorted(ids)))
