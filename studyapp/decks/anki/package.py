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
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import zstandard

from studyapp.decks.anki.protobuf_fields import (
    ProtobufError,
    int_field,
    message_fields,
    text_field,
)
from studyapp.decks.errors import DeckError

#: The collection files a package may hold, newest format first.
COLLECTION_NAMES = ("collection.anki21b", "collection.anki21", "collection.anki2")
#: The newest package version this reader knows (the ``meta`` file's version field).
LATEST_PACKAGE_VERSION = 3
#: The schema of older packages' collections, and the range of the table-based schema.
LEGACY_SCHEMA = 11
TABLE_SCHEMAS = range(15, 19)
#: A decompressed collection larger than this is refused (a damaged or hostile package).
MAX_COLLECTION_BYTES = 4 * 2**30

_FIELD_SEPARATOR = "\x1f"
_CLOZE_KIND = 1
_SUSPENDED_QUEUE = -1


@dataclass(frozen=True, slots=True)
class Template:
    """A card template of a note type: the front and back, as Anki template text."""

    name: str
    front: str
    back: str


@dataclass(frozen=True, slots=True)
class NoteType:
    """A note type: its fields in order, its card templates in order, and whether it is cloze."""

    id: int
    name: str
    is_cloze: bool
    fields: tuple[str, ...]
    templates: tuple[Template, ...]


@dataclass(frozen=True, slots=True)
class Deck:
    """An Anki deck; ``name`` is the full name with ``::`` between parent and child."""

    id: int
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """A note: the field values (HTML) in the note type's field order, and its tags."""

    id: int
    guid: str
    notetype_id: int
    tags: tuple[str, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Card:
    """A card Anki made from a note: which template (``template`` is its index) and deck."""

    id: int
    note_id: int
    deck_id: int
    template: int
    suspended: bool = False


@dataclass(frozen=True, slots=True)
class Review:
    """One entry of Anki's review log.

    ``button`` is the answer button, 1 Again, 2 Hard, 3 Good, 4 Easy; 0 marks an entry that is
    not an answer (a manual reschedule or reset).
    """

    card_id: int
    reviewed_at: datetime
    button: int
    duration_ms: int


@dataclass(frozen=True, slots=True)
class AnkiPackage:
    """What a package holds that this app can use, and the names of the media it cannot."""

    path: str
    collection: str  # which collection file was read
    note_types: dict[int, NoteType]
    decks: dict[int, Deck]
    notes: list[Note]
    cards: list[Card]
    reviews: list[Review]
    media: tuple[str, ...]


def read_package(path: Path) -> AnkiPackage:
    """Read an Anki package; DeckError (naming the package) if it is not one or is damaged."""
    name = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise DeckError.single(name, None, "no such file") from None
    except IsADirectoryError:
        raise DeckError.single(name, None, "is a folder, not an Anki package") from None
    except zipfile.BadZipFile:
        raise DeckError.single(
            name,
            None,
            "is not an Anki package: it is not a zip file, or it is truncated "
            "(an interrupted download?)",
        ) from None
    except OSError as error:
        raise DeckError.single(name, None, f"cannot be read: {error.strerror}") from None
    with archive:
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
        with _extracted(archive, chosen, name) as database:
            try:
                uri = f"{database.as_uri()}?mode=ro&immutable=1"
                with closing(sqlite3.connect(uri, uri=True)) as conn:
                    contents = _read_collection(conn, name, chosen)
            except sqlite3.DatabaseError as error:
                raise DeckError.single(
                    name, None, f"{chosen} is not a readable SQLite collection ({error})"
                ) from None
        media = _media_names(archive, version)
    return AnkiPackage(name, chosen, *contents, media=media)


def _package_version(archive: zipfile.ZipFile, name: str) -> int | None:
    """The version in the package's ``meta`` file (newer packages only), checked."""
    try:
        blob = archive.read("meta")
    except KeyError:
        return None
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise DeckError.single(name, None, f"is damaged: meta cannot be read ({error})") from None
    try:
        version = int_field(message_fields(blob), 1)
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


@contextmanager
def _extracted(archive: zipfile.ZipFile, member: str, name: str) -> Iterator[Path]:
    """The collection copied out of the zip (and decompressed) into a temporary file."""
    with tempfile.TemporaryDirectory(prefix="studyapp-anki-") as folder:
        target = Path(folder) / "collection.sqlite3"
        try:
            with archive.open(member) as source, target.open("wb") as sink:
                if member.endswith("b"):
                    decompressor = zstandard.ZstdDecompressor().decompressobj()
                    _copy_bounded(map(decompressor.decompress, _chunks(source)), sink, name)
                    if not decompressor.eof:
                        raise DeckError.single(name, None, f"is damaged: {member} is cut short")
                else:
                    _copy_bounded(_chunks(source), sink, name)
        except (zipfile.BadZipFile, zlib.error, EOFError, zstandard.ZstdError) as error:
            raise DeckError.single(
                name, None, f"is damaged: {member} cannot be extracted ({error})"
            ) from None
        if target.stat().st_size == 0:
            raise DeckError.single(name, None, f"is damaged: {member} is empty")
        yield target


def _chunks(source: IO[bytes], size: int = 2**16) -> Iterator[bytes]:
    """A stream's bytes, a chunk at a time."""
    while chunk := source.read(size):
        yield chunk


def _copy_bounded(chunks: Iterator[bytes], sink: IO[bytes], name: str) -> None:
    """Write chunks to ``sink``, refusing more than MAX_COLLECTION_BYTES in all."""
    copied = 0
    for chunk in chunks:
        copied += len(chunk)
        if copied > MAX_COLLECTION_BYTES:
            raise DeckError.single(
                name,
                None,
                f"its collection is larger than {MAX_COLLECTION_BYTES / 2**30:.0f} GiB unpacked",
            )
        sink.write(chunk)


_TypesAndDecks = tuple[dict[int, NoteType], dict[int, Deck]]
_Contents = tuple[dict[int, NoteType], dict[int, Deck], list[Note], list[Card], list[Review]]


def _read_collection(conn: sqlite3.Connection, name: str, member: str) -> _Contents:
    """Note types, decks, notes, cards and reviews of an opened collection."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    missing = {"col", "notes", "cards", "revlog"} - tables
    if missing:
        raise DeckError.single(
            name,
            None,
            f"{member} is not an Anki collection (it has no {', '.join(sorted(missing))} table)",
        )
    row = conn.execute("SELECT ver FROM col").fetchone()
    schema = int(row[0]) if row else -1
    try:
        if schema == LEGACY_SCHEMA and "notetypes" not in tables:
            note_types, decks = _legacy_types_and_decks(conn)
        elif schema in TABLE_SCHEMAS and "notetypes" in tables:
            note_types, decks = _table_types_and_decks(conn)
        else:
            raise DeckError.single(
                name,
                None,
                f"{member} has collection schema {schema}; this app reads schema "
                f"{LEGACY_SCHEMA} and {TABLE_SCHEMAS.start}–{TABLE_SCHEMAS.stop - 1}",
            )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise DeckError.single(
            name, None, f"{member} is damaged: its note types or decks cannot be read ({error})"
        ) from None
    notes = [
        Note(int(note_id), str(guid), int(mid), tuple(str(tags).split()),
             tuple(str(fields).split(_FIELD_SEPARATOR)))
        for note_id, guid, mid, tags, fields in conn.execute(
            "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
        )
    ]  # fmt: skip
    cards = [
        Card(int(card_id), int(note_id), int(original or deck), int(template),
             int(queue) == _SUSPENDED_QUEUE)
        for card_id, note_id, deck, original, template, queue in conn.execute(
            "SELECT id, nid, did, odid, ord, queue FROM cards ORDER BY id"
        )
    ]  # fmt: skip
    reviews = [
        Review(int(card_id), datetime.fromtimestamp(int(at) / 1000, UTC), int(button),
               max(0, int(duration)))
        for at, card_id, button, duration in conn.execute(
            "SELECT id, cid, ease, time FROM revlog ORDER BY id"
        )
    ]  # fmt: skip
    return note_types, decks, notes, cards, reviews


def _legacy_types_and_decks(conn: sqlite3.Connection) -> _TypesAndDecks:
    """Schema 11: note types and decks as JSON objects in the ``col`` row."""
    models_json, decks_json = conn.execute("SELECT models, decks FROM col").fetchone()
    note_types = {}
    for model in json.loads(models_json).values():
        fields = tuple(f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"]))
        templates = tuple(
            Template(t["name"], t["qfmt"], t["afmt"])
            for t in sorted(model["tmpls"], key=lambda t: t["ord"])
        )
        note_type_id = int(model["id"])
        note_types[note_type_id] = NoteType(
            note_type_id, model["name"], model.get("type") == _CLOZE_KIND, fields, templates
        )
    decks = {
        int(deck["id"]): Deck(int(deck["id"]), deck["name"], deck.get("desc") or "")
        for deck in json.loads(decks_json).values()
    }
    return note_types, decks


def _table_types_and_decks(conn: sqlite3.Connection) -> _TypesAndDecks:
    """Schema 15-18: note types, fields, templates and decks in tables, settings as protobuf."""
    fields: dict[int, list[str]] = {}
    for note_type_id, field_name in conn.execute(
        "SELECT ntid, name FROM fields ORDER BY ntid, ord"
    ):
        fields.setdefault(int(note_type_id), []).append(str(field_name))
    templates: dict[int, list[Template]] = {}
    for note_type_id, template_name, config in conn.execute(
        "SELECT ntid, name, config FROM templates ORDER BY ntid, ord"
    ):
        settings = message_fields(bytes(config))
        templates.setdefault(int(note_type_id), []).append(
            Template(str(template_name), text_field(settings, 1), text_field(settings, 2))
        )
    note_types = {}
    for note_type_id, type_name, config in conn.execute("SELECT id, name, config FROM notetypes"):
        kind = int_field(message_fields(bytes(config)), 1)
        note_types[int(note_type_id)] = NoteType(
            int(note_type_id),
            str(type_name),
            kind == _CLOZE_KIND,
            tuple(fields.get(int(note_type_id), [])),
            tuple(templates.get(int(note_type_id), [])),
        )
    decks = {}
    for deck_id, deck_name, kind in conn.execute("SELECT id, name, kind FROM decks"):
        normal = message_fields(bytes(kind)).get(1, [])  # filtered decks have no description
        normal_deck = normal[0] if normal and isinstance(normal[0], bytes) else b""
        description = text_field(message_fields(normal_deck), 4)
        full_name = str(deck_name).replace(_FIELD_SEPARATOR, "::")
        decks[int(deck_id)] = Deck(int(deck_id), full_name, description)
    return note_types, decks


def _media_names(archive: zipfile.ZipFile, version: int | None) -> tuple[str, ...]:
    """The names of the media files in the package (none of them is imported).

    When the media list cannot be read, the files are still counted, by their numbered zip
    entries, and named by those numbers.
    """
    numbered = sorted((m for m in archive.namelist() if m.isdigit()), key=int)
    try:
        blob = archive.read("media")
    except KeyError:
        return tuple(numbered)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        return tuple(numbered)
    try:
        if version == LATEST_PACKAGE_VERSION:
            listing = zstandard.ZstdDecompressor().decompressobj().decompress(blob)
            entries = message_fields(listing).get(1, [])
            return tuple(
                text_field(message_fields(entry), 1)
                for entry in entries
                if isinstance(entry, bytes)
            )
        mapping: Any = json.loads(blob.decode("utf-8"))
        return tuple(str(mapping[key]) for key in sorted(mapping, key=_number_first))
    except (ProtobufError, zstandard.ZstdError, ValueError, TypeError, AttributeError):
        return tuple(numbered)


def _number_first(key: str) -> tuple[int, str]:
    """Order numbered media entries by number (``"10"`` after ``"9"``)."""
    return (int(key), key) if key.isdigit() else (2**63, key)


__all__ = [
    "COLLECTION_NAMES",
    "AnkiPackage",
    "Card",
    "Deck",
    "Note",
    "NoteType",
    "Review",
    "Template",
    "read_package",
]
