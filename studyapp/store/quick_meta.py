"""A value of the store's ``meta`` table read fast at start-up, as the quick deck list is.

The TUI draws its first screen before SQLAlchemy has loaded (:mod:`studyapp.store.deck_list`);
a setting it needs for that screen (the theme) is read here with the standard library's
sqlite3, read-only. Anything this cannot read quickly is None, and the caller uses the value
the full collection gives once it is open.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from studyapp.store.deck_list import sqlite_file
from studyapp.store.sqlite_file import read_only_uri


def quick_meta_value(url: str, key: str) -> str | None:
    """The ``meta`` value of ``key`` in the SQLite store at ``url``, or None (no such value,
    or a store that is not a plain SQLite file, or that cannot be read now)."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True, timeout=1)) as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row is not None and row[0] is not None else None
