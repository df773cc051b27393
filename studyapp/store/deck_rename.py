"""Renaming a deck: its id (and title) change, and everything that names it follows.

Cards, schedules and reviews point to the deck's row, so they follow by themselves; what names
the deck by its id is a study scope (``deck:<id>`` or ``deck:<id>,<id>…``) in ``test_results``,
``match_games`` and ``unfinished_sessions``, which is rewritten.

The deck's source (a deck file, an export, a package) still names the old id. So that the next
import of that file updates the renamed deck rather than making a new one with the old id, the
rename is recorded in ``meta`` (:data:`RENAMES_KEY`: a JSON list of the file, its kind, the id it
says and the deck it goes to). A record is kept through later renames and dropped when the deck
goes (:func:`forget_renames_to`). The file itself is never rewritten: it may be read-only, under
version control, or another app's export with no id in it at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Final

from sqlalchemy import Connection, Table, select, update

from studyapp.store.database import get_meta, set_meta
from studyapp.store.schema import decks, match_games, test_results, unfinished_sessions

#: The ``meta`` key of the recorded renames.
RENAMES_KEY: Final = "deck_renames"

#: The tables that remember a scope by its key.
_SCOPED_TABLES: Final[tuple[Table, ...]] = (test_results, match_games, unfinished_sessions)


class DeckRenameError(ValueError):
    """A rename that cannot be done (unknown deck, id taken, bundled deck); one line."""


@dataclass(frozen=True, slots=True)
class RenameRecord:
    """Imports of ``origin`` (a source of ``kind``) that name deck ``said`` go to ``deck``."""

    origin: str
    kind: str
    said: str
    deck: str


def rename_deck(connection: Connection, old: str, new: str, title: str | None = None) -> str | None:
    """Give deck ``old`` the id ``new`` (and ``title`` if given); DeckRenameError if it can't be.
    Returns the file the deck is imported from, if any (whose next import sets its title).

    The caller commits. A bundled deck is refused: the app's updates find it by its id.
    """
    found = connection.execute(
        select(decks.c.id, decks.c.origin, decks.c.origin_kind).where(decks.c.key == old)
    ).one_or_none()
    if found is None:
        raise DeckRenameError(f'no deck "{old}"')
    row_id, origin, kind = found
    if kind == "bundled":
        raise DeckRenameError(
            f'"{old}" is a bundled deck: app updates find it by its id, so it keeps it '
            "(export it and import the file with --deck NEW for a copy of your own)"
        )
    if new != old and connection.scalar(select(decks.c.id).where(decks.c.key == new)) is not None:
        raise DeckRenameError(f'deck id "{new}" is taken by another deck')
    values: dict[str, str] = {"key": new}
    if title is not None:
        values["title"] = title
    connection.execute(update(decks).where(decks.c.id == row_id).values(**values))
    if new != old:
        for table in _SCOPED_TABLES:
            _rename_in_scopes(connection, table, old, new)
        _record_rename(connection, origin, kind, old, new)
    return origin if kind != "app" else None


def renames_from(connection: Connection, origin: str, kind: str) -> dict[str, str]:
    """Where imports of ``origin`` (a source of ``kind``) go since renames: each deck id the
    file says that was renamed, and the deck's id now."""
    return {
        record.said: record.deck
        for record in recorded_renames(connection)
        if (record.origin, record.kind) == (origin, kind)
    }


def recorded_renames(connection: Connection) -> list[RenameRecord]:
    """Every recorded rename (an unreadable record counts as none)."""
    value = get_meta(connection, RENAMES_KEY)
    try:
        items = json.loads(value) if value else []
        return [RenameRecord(**item) for item in items]
    except (ValueError, TypeError):
        return []


def forget_renames_to(connection: Connection, deck: str) -> None:
    """Drop the records that send imports to ``deck`` (it is gone: a new import makes it anew)."""
    records = recorded_renames(connection)
    kept = [record for record in records if record.deck != deck]
    if len(kept) != len(records):
        _store_renames(connection, kept)


def _record_rename(
    connection: Connection, origin: str | None, kind: str | None, old: str, new: str
) -> None:
    """Send imports that went to ``old`` to ``new``: earlier records follow it, and its own
    source (if it has one) gets a record, unless that source names ``new`` already."""
    records = [
        RenameRecord(r.origin, r.kind, r.said, new if r.deck == old else r.deck)
        for r in recorded_renames(connection)
    ]
    if (
        origin is not None
        and kind is not None
        and not any(r.origin == origin and r.kind == kind and r.deck == new for r in records)
    ):
        records.append(RenameRecord(origin, kind, old, new))
    _store_renames(connection, [r for r in records if r.said != r.deck])


def _store_renames(connection: Connection, records: list[RenameRecord]) -> None:
    items = [{"origin": r.origin, "kind": r.kind, "said": r.said, "deck": r.deck} for r in records]
    set_meta(connection, RENAMES_KEY, json.dumps(items))


def _rename_in_scopes(connection: Connection, table: Table, old: str, new: str) -> None:
    """Rewrite the scope keys of ``table`` that name deck ``old``."""
    scopes = connection.scalars(
        select(table.c.scope).distinct().where(table.c.scope.like("deck:%"))
    ).all()
    for scope in scopes:
        keys = scope.removeprefix("deck:").split(",")
        if old in keys:
            renamed = "deck:" + ",".join(new if key == old else key for key in keys)
            connection.execute(update(table).where(table.c.scope == scope).values(scope=renamed))
