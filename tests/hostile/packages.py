"""Anki packages for the hostile tests, written at test time from plain bytes (none committed).

A package here is a zip written member by member (so a member can be flagged encrypted, claim
deflate64, or be a deflate stream of gigabytes of zeros built in a blink from one repeated
block), holding a collection written with sqlite3 (legacy schema 11, or the table-based schema
18 compressed with zstd): the smallest collections the reader accepts, with one Basic note by
default, which each case then spoils in its own way.
"""

from __future__ import annotations

import sqlite3
import struct
import zlib
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zstandard

#: A note row: id, guid, note type id, tags, fields joined by \x1f.
NoteRow = tuple[Any, Any, Any, Any, Any]
#: A card row: id, note id, deck id, template number, queue, home deck (filtered decks).
CardRow = tuple[Any, Any, Any, Any, Any, Any]
#: A review-log row: id (the time in ms), card id, answer button, answer time (ms).
ReviewRow = tuple[Any, Any, Any, Any]

NOTE_TYPE_ID = 1000
DECK_ID = 1
FRONT = "{{Front}}"
BACK = "{{FrontSide}}<hr id=answer>{{Back}}"
ONE_NOTE: tuple[NoteRow, ...] = ((1, "guid-1", NOTE_TYPE_ID, "tag", "Question?\x1fAnswer"),)
ONE_CARD: tuple[CardRow, ...] = ((10, 1, DECK_ID, 0, 0, 0),)
ONE_REVIEW: tuple[ReviewRow, ...] = ((1_700_000_000_000, 10, 3, 5000),)

_ZIP64_MARK = 0xFFFFFFFF
_MiB = 2**20


# --- zip members ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Member:
    """A zip member as written: its compressed bytes and what its headers say."""

    name: str
    raw: bytes
    method: int
    crc: int
    size: int
    flags: int = 0


def stored(name: str, data: bytes) -> Member:
    """A member kept as is."""
    return Member(name, data, 0, zlib.crc32(data), len(data))


def deflated(name: str, data: bytes, *, method: int = 8, flags: int = 0) -> Member:
    """A deflated member (``method`` 9 claims deflate64; ``flags`` 1 claims encryption)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = packer.compress(data) + packer.flush()
    return Member(name, raw, method, zlib.crc32(data), len(data), flags)


def deflated_zeros(name: str, size_mib: int) -> Member:
    """A deflated member of ``size_mib`` MiB of zeros, about 1 KiB a MiB: a zip bomb.

    One fully-flushed block of a MiB of zeros is the same every time, so the stream is that
    block repeated. Its CRC is left wrong: a reader that unpacks it all has failed already.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(bytes(_MiB)) + packer.flush(zlib.Z_FULL_FLUSH)
    return Member(name, block * size_mib + packer.flush(), 8, 0, size_mib * _MiB)


def write_zip(path: Path, members: Sequence[Member]) -> Path:
    """Write ``members`` as a zip (zip64 sizes for members of 4 GiB or more)."""
    central: list[bytes] = []
    with path.open("wb") as out:
        for member in members:
            offset = out.tell()
            name = member.name.encode()
            large = member.size >= _ZIP64_MARK or len(member.raw) >= _ZIP64_MARK
            extra = struct.pack("<HHQQ", 1, 16, member.size, len(member.raw)) if large else b""
            sizes = (_ZIP64_MARK, _ZIP64_MARK) if large else (len(member.raw), member.size)
            common = struct.pack(
                "<HHHHHLLLHH", 45, member.flags, member.method, 0, 0x21,
                member.crc, *sizes, len(name), len(extra),
            )  # fmt: skip
            out.write(b"PK\x03\x04" + common + name + extra + member.raw)
            central.append(
                b"PK\x01\x02" + struct.pack("<H", 45) + common
                + struct.pack("<HHHLL", 0, 0, 0, 0, offset) + name + extra
            )  # fmt: skip
        start = out.tell()
        directory = b"".join(central)
        out.write(directory)
        count = min(len(members), 0xFFFF)  # (zipfile reads the list by its size, not its count)
        out.write(
            b"PK\x05\x06" + struct.pack("<4H2LH", 0, 0, count, count, len(directory), start, 0)
        )
    return path


def zstd_zeros(size_mib: int) -> bytes:
    """A zstd frame of ``size_mib`` MiB of zeros made of run-length blocks: 4 bytes a 128 KiB."""
    header = b"\x28\xb5\x2f\xfd" + bytes([0x00, (17 - 10) << 3])  # no size given, 128 KiB window
    block, last = ((131072 << 3) | 2), ((131072 << 3) | 3)
    count = size_mib * 8
    return (
        header
        + (block.to_bytes(3, "little") + b"\x00") * (count - 1)
        + last.to_bytes(3, "little")
        + b"\x00"
    )


# --- protobuf ---------------------------------------------------------------------------------


def varint(number: int) -> bytes:
    """A protobuf varint."""
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | (0x80 if number else 0))
        if not number:
            return bytes(out)


def field(number: int, value: int | bytes | str) -> bytes:
    """One protobuf field: a varint for an int, length-delimited for text and bytes."""
    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    data = value.encode() if isinstance(value, str) else value
    return varint(number << 3 | 2) + varint(len(data)) + data


# --- collections ------------------------------------------------------------------------------


def _basic_model() -> dict[str, Any]:
    return {
        "id": NOTE_TYPE_ID,
        "name": "Basic",
        "type": 0,
        "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
        "tmpls": [{"name": "Card 1", "ord": 0, "qfmt": FRONT, "afmt": BACK}],
    }


def _fill_rows(
    db: sqlite3.Connection,
    notes: Sequence[NoteRow],
    cards: Sequence[CardRow],
    reviews: Sequence[ReviewRow],
) -> None:
    db.executescript(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, guid TEXT, mid INTEGER, mod INTEGER,"
        " usn INTEGER, tags TEXT, flds TEXT, sfld TEXT, csum INTEGER, flags INTEGER, data TEXT);"
        "CREATE TABLE cards (id INTEGER PRIMARY KEY, nid INTEGER, did INTEGER, ord INTEGER,"
        " mod INTEGER, usn INTEGER, type INTEGER, queue INTEGER, due INTEGER, ivl INTEGER,"
        " factor INTEGER, reps INTEGER, lapses INTEGER, left INTEGER, odue INTEGER,"
        " odid INTEGER, flags INTEGER, data TEXT);"
        "CREATE TABLE revlog (id INTEGER PRIMARY KEY, cid INTEGER, usn INTEGER, ease INTEGER,"
        " ivl INTEGER, lastIvl INTEGER, factor INTEGER, time INTEGER, type INTEGER);"
    )
    db.executemany("INSERT INTO notes (id, guid, mid, tags, flds) VALUES (?, ?, ?, ?, ?)", notes)
    db.executemany(
        "INSERT INTO cards (id, nid, did, ord, queue, odid) VALUES (?, ?, ?, ?, ?, ?)", cards
    )
    db.executemany("INSERT INTO revlog (id, cid, ease, time) VALUES (?, ?, ?, ?)", reviews)


def legacy_collection(
    path: Path,
    deck: str,
    *,
    notes: Sequence[NoteRow] = ONE_NOTE,
    cards: Sequence[CardRow] = ONE_CARD,
    reviews: Sequence[ReviewRow] = ONE_REVIEW,
    version: object = 11,
    models: str | None = None,
    extra_sql: str = "",
) -> bytes:
    """A schema-11 collection (note types and decks as JSON in ``col``), as file bytes."""
    import json

    models_json = models if models is not None else json.dumps({str(NOTE_TYPE_ID): _basic_model()})
    decks_json = json.dumps({str(DECK_ID): {"id": DECK_ID, "name": deck, "desc": ""}})
    with closing(sqlite3.connect(path)) as db:
        db.execute(
            "CREATE TABLE col (id INTEGER PRIMARY KEY, crt INTEGER, mod INTEGER, scm INTEGER,"
            " ver INTEGER, dty INTEGER, usn INTEGER, ls INTEGER, conf TEXT, models TEXT,"
            " decks TEXT, dconf TEXT, tags TEXT)"
        )
        db.execute(
            "INSERT INTO col (id, ver, models, decks) VALUES (1, ?, ?, ?)",
            (version, models_json, decks_json),
        )
        _fill_rows(db, notes, cards, reviews)
        db.executescript(extra_sql)
        db.commit()
    return path.read_bytes()


def modern_collection(
    path: Path,
    deck: str,
    *,
    notes: Sequence[NoteRow] = ONE_NOTE,
    cards: Sequence[CardRow] = ONE_CARD,
    reviews: Sequence[ReviewRow] = ONE_REVIEW,
    note_type_config: bytes = b"",
    extra_sql: str = "",
) -> bytes:
    """A schema-18 collection (note types, fields, templates, decks in tables), as file bytes."""
    with closing(sqlite3.connect(path)) as db:
        db.executescript(
            "CREATE TABLE col (id INTEGER PRIMARY KEY, ver INTEGER, models TEXT, decks TEXT);"
            "INSERT INTO col VALUES (1, 18, '', '');"
            "CREATE TABLE notetypes (id INTEGER PRIMARY KEY, name TEXT, config BLOB);"
            "CREATE TABLE fields (ntid INTEGER, ord INTEGER, name TEXT, config BLOB);"
            "CREATE TABLE templates (ntid INTEGER, ord INTEGER, name TEXT, config BLOB);"
            "CREATE TABLE decks (id INTEGER PRIMARY KEY, name TEXT, kind BLOB);"
        )
        db.execute("INSERT INTO notetypes VALUES (?, 'Basic', ?)", (NOTE_TYPE_ID, note_type_config))
        db.executemany(
            "INSERT INTO fields VALUES (?, ?, ?, x'')",
            [(NOTE_TYPE_ID, 0, "Front"), (NOTE_TYPE_ID, 1, "Back")],
        )
        db.execute(
            "INSERT INTO templates VALUES (?, 0, 'Card 1', ?)",
            (NOTE_TYPE_ID, field(1, FRONT) + field(2, BACK)),
        )
        db.execute(
            "INSERT INTO decks VALUES (?, ?, ?)",
            (DECK_ID, deck, field(1, field(4, "A deck"))),
        )
        _fill_rows(db, notes, cards, reviews)
        db.executescript(extra_sql)
        db.commit()
    return path.read_bytes()


def legacy_package(path: Path, collection: bytes, *extra: Member) -> Path:
    """A legacy package: ``collection.anki2`` deflated, a JSON media list, ``extra`` members."""
    members = [deflated("collection.anki2", collection), deflated("media", b"{}"), *extra]
    return write_zip(path, members)


def modern_package(
    path: Path,
    collection: bytes,
    *extra: Member,
    compressed: bytes | None = None,
    media: Member | None = None,
) -> Path:
    """A version-3 package: ``collection.anki21b`` (zstd; or ``compressed`` as given), the
    version in ``meta``, a zstd protobuf media list (or ``media``), and ``extra`` members
    (a member named twice: zipfile reads the last)."""
    if compressed is None:
        compressed = zstandard.ZstdCompressor().compress(collection)
    listing = media or stored("media", zstandard.ZstdCompressor().compress(b""))
    members = [
        stored("collection.anki21b", compressed),
        stored("meta", field(1, 3)),
        listing,
        *extra,
    ]
    return write_zip(path, members)
