"""An Anki package (``.apkg`` or ``.colpkg``) read into plain values.

A package is a zip holding one SQLite collection and its media files:

- ``collection.anki21b`` (Anki 2.1.50 and later): zstd-compressed, schema 18. Note types,
  their fields and card templates, and decks have tables of their own; their settings are
  protobuf blobs. The media list (``media``) is zstd-compressed protobuf too.
- ``collection.anki21`` / ``collection.anki2`` (older Anki, and genanki): schema 11. Note types
  and decks are JSON in the ``col`` table; the media list is JSON.

Newer packages also carry a ``collection.anki2`` holding one "please update Anki" note for old
versions, so the newest collection in the zip is the one read. Anything wrong with the zip or
the collection is a :class:`~studyapp.decks.errors.DeckError` naming the package: nothing of a
bad package is imported.

Every size is capped before it is read, and the collection is read within a budget of work
and time (:mod:`~studyapp.decks.anki.zip_members`, :mod:`~studyapp.decks.anki.sqlite_budget`),
so a hostile package is refused rather than filling memory or disk, or hanging.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path
from typing import Any

from studyapp.decks.anki.collection_rows import Contents, read_collection
from studyapp.decks.anki.protobuf_fields import (
    ProtobufError,
    int_field,
    last_fields,
    repeated_field,
    text_field,
)
from studyapp.decks.anki.records import (
    AnkiPackage,
    Card,
    Deck,
    Note,
    NoteType,
    Review,
    ReviewLog,
    Template,
)
from studyapp.decks.anki.scratch import disk_full, scratch_folder
from studyapp.decks.anki.sqlite_budget import BudgetSpentError, bounded_reading
from studyapp.decks.anki.zip_members import (
    MemberTooLargeError,
    copy_member,
    open_package,
    read_member,
    unpack_zstd,
)
from studyapp.decks.errors import DeckError

#: The collection files a package may hold, newest format first.
COLLECTION_NAMES = ("collection.anki21b", "collection.anki21", "collection.anki2")
#: The newest package version this reader knows (the ``meta`` file's version field).
LATEST_PACKAGE_VERSION = 3
#: A decompressed collection larger than this is refused (a damaged or hostile package).
MAX_COLLECTION_BYTES = 4 * 2**30
#: The ``meta`` member holds a version number: a few bytes.
MAX_META_BYTES = 64 * 2**10
#: The media list, compressed or not, and the names kept from it (beyond: counted by number).
#: A zip's list of files holds about 300,000 at most (see zip_members), so no real package
#: has more, or a longer list (about 60 bytes a name).
MAX_MEDIA_LIST_BYTES = 32 * 2**20
MAX_MEDIA_NAMES = 500_000
#: The fields of one entry of the media list (a name, a size, a checksum).
_MEDIA_ENTRY_FIELDS = 100
#: The work reading a collection may take: SQLite steps and seconds, a base plus a share per
#: byte of the collection. A real collection takes a small fraction (a 20,000-note package
#: with 200,000 reviews, 7 MB unpacked, reads in about a second and 1.5 million steps, about
#: 1/80 of the steps allowed); a recursive view never ends.
READ_STEPS_BASE = 50_000_000
READ_STEPS_PER_BYTE = 10
READ_SECONDS_BASE = 60.0
READ_BYTES_PER_SECOND = 2**20


def read_package(path: Path) -> AnkiPackage:
    """Read an Anki package; DeckError (naming the package) if it is not one or is damaged.

    Nothing is written anywhere but a private temporary folder, removed on every way out;
    memory, disk and time stay bounded whatever the package holds (see the module's notes).
    """
    name = str(path)
    with open_package(path) as archive:
        members = set(archive.namelist())
        chosen = next((member for member in COLLECTION_NAMES if member in members), None)
        if chosen is None:
            raise DeckError.single(
                name,
                None,
                "holds no Anki collection (collection.anki21b, collection.anki21 or "
                "collection.anki2): is it an Anki package?",
            )
        version = _package_version(archive, name)
        if version == LATEST_PACKAGE_VERSION and chosen != COLLECTION_NAMES[0]:
            raise DeckError.single(
                name, None, "says it holds a collection.anki21b, but that file is missing"
            )
        media = _media_names(archive, version, name)
        with scratch_folder(name) as folder:
            database = _extracted(archive, chosen, name, folder)
            contents = _read_database(database, name, chosen)
    return AnkiPackage(name, chosen, *contents, media=media)


def _package_version(archive: zipfile.ZipFile, name: str) -> int | None:
    """The version in the package's ``meta`` file (newer packages only), checked."""
    try:
        blob = read_member(archive, "meta", name, MAX_META_BYTES)
    except KeyError:
        return None
    except MemberTooLargeError:
        raise DeckError.single(
            name,
            None,
            f"is damaged: its meta file is larger than {MAX_META_BYTES // 2**10} KiB "
            "(it holds a few bytes in a real package)",
        ) from None
    try:
        version = int_field(last_fields(blob, (1,)), 1)
    except ProtobufError:
        raise DeckError.single(name, None, "is damaged: its meta file is not readable") from None
    if version > LATEST_PACKAGE_VERSION:
        raise DeckError.single(
            name,
            None,
            f"is a version {version} package, newer than this app reads "
            f"(up to {LATEST_PACKAGE_VERSION}); export it from Anki with "
            '"Support older Anki versions" ticked',
        )
    return version


def _extracted(archive: zipfile.ZipFile, member: str, name: str, folder: Path) -> Path:
    """The collection copied out of the zip (and decompressed) into ``folder``."""
    target = folder / "collection.sqlite3"
    info = archive.getinfo(member)
    if info.file_size > MAX_COLLECTION_BYTES:
        raise _too_large(name)
    free = _free_space(folder)
    if free is not None and info.file_size > free and not member.endswith("b"):
        raise DeckError.single(
            name, None, f"not enough disk space to unpack {member} into {folder.parent}"
        )
    try:
        with target.open("wb") as sink:
            copy_member(
                archive, member, sink, name, MAX_COLLECTION_BYTES, zstd=member.endswith("b")
            )
    except MemberTooLargeError:
        raise _too_large(name) from None
    except OSError as error:  # opening or closing the file
        if disk_full(error):
            raise DeckError.single(
                name, None, f"not enough disk space to unpack {member} into {folder.parent}"
            ) from None
        raise DeckError.single(
            name, None, f"cannot be unpacked into {folder.parent}: {error.strerror}"
        ) from None
    if target.stat().st_size == 0:
        raise DeckError.single(name, None, f"is damaged: {member} is empty")
    return target


def _too_large(name: str) -> DeckError:
    return DeckError.single(
        name,
        None,
        f"its collection is larger than {MAX_COLLECTION_BYTES / 2**30:.0f} GiB unpacked",
    )


def _free_space(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _read_database(database: Path, name: str, member: str) -> Contents:
    """The contents of the unpacked collection, read within a budget of work and time."""
    size = database.stat().st_size
    steps = READ_STEPS_BASE + READ_STEPS_PER_BYTE * size
    seconds = READ_SECONDS_BASE + size / READ_BYTES_PER_SECOND
    try:
        uri = f"{database.as_uri()}?mode=ro&immutable=1"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            conn.execute("PRAGMA trusted_schema = OFF")
            with bounded_reading(conn, steps=steps, seconds=seconds):
                return read_collection(conn, name, member)
    except BudgetSpentError:
        raise DeckError.single(
            name, None, f"{member} takes too long to read: is it damaged?"
        ) from None
    except sqlite3.DatabaseError as error:
        raise DeckError.single(
            name, None, f"{member} is not a readable SQLite collection ({error})"
        ) from None


def _media_names(archive: zipfile.ZipFile, version: int | None, name: str) -> tuple[str, ...]:
    """The names of the media files in the package (none of them is imported).

    When the media list cannot be read (or is absurdly long), the files are still counted,
    by their numbered zip entries, and named by those numbers.
    """
    numbered = tuple(
        sorted(
            (m for m in archive.namelist() if m.isascii() and m.isdigit()),
            key=_number_order,
        )
    )
    try:
        blob = read_member(archive, "media", name, MAX_MEDIA_LIST_BYTES)
    except (KeyError, MemberTooLargeError):
        return numbered
    except DeckError:  # damaged: the files are still there to count
        return numbered
    try:
        if version == LATEST_PACKAGE_VERSION:
            return _protobuf_media_names(blob, name) or numbered
        return _json_media_names(blob) or numbered
    except (ProtobufError, ValueError, RecursionError, _TooManyError, MemberTooLargeError):
        return numbered
    except DeckError:  # a damaged or cut-short zstd list
        return numbered


class _TooManyError(Exception):
    """A media list longer than MAX_MEDIA_NAMES."""


def _protobuf_media_names(blob: bytes, name: str) -> tuple[str, ...]:
    """The names in a zstd-compressed protobuf media list, in order."""
    listing = unpack_zstd(blob, name, "media", MAX_MEDIA_LIST_BYTES)
    names: list[str] = []
    for entry in repeated_field(listing, 1, max_fields=MAX_MEDIA_NAMES):
        if isinstance(entry, bytes):
            names.append(text_field(last_fields(entry, (1,), max_fields=_MEDIA_ENTRY_FIELDS), 1))
    return tuple(names)


def _json_media_names(blob: bytes) -> tuple[str, ...]:
    """The names in a JSON media list (``{"0": "name", ...}``), ordered by number."""
    if blob.count(b":") > MAX_MEDIA_NAMES:  # at most one colon an entry, checked before parsing
        raise _TooManyError
    mapping: Any = json.loads(blob.decode("utf-8"))
    if not isinstance(mapping, dict):
        return ()
    return tuple(str(mapping[key]) for key in sorted(mapping, key=_number_order))


def _number_order(key: str) -> tuple[int, int, str]:
    """Order numbered media entries by number (``"10"`` after ``"9"``), other names last."""
    if key.isascii() and key.isdigit():
        digits = key.lstrip("0")
        return (0, len(digits), digits + key)
    return (1, 0, key)


__all__ = [
    "COLLECTION_NAMES",
    "AnkiPackage",
    "Card",
    "Deck",
    "Note",
    "NoteType",
    "Review",
    "ReviewLog",
    "Template",
    "read_package",
]
