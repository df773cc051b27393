"""Reading the few protobuf messages inside Anki's newer packages without their .proto files.

Anki 2.1.50+ keeps note-type settings, card templates, deck settings, the package version and
the media list as protobuf blobs. This app needs only a handful of their fields, so it walks
the wire format itself, lazily: a field is decoded only when asked for, and a blob's values
are never all held at once. (Protobuf's own parser keeps every field it does not know as an
object of its own, about fifty times the blob's size for a blob of tiny fields: a memory bomb
for a hostile package.)

Integers (varints and fixed-width values) come back as ints, strings, bytes and nested
messages as bytes. Groups (a long-deprecated wire type Anki never writes) are skipped.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

__all__ = [
    "MAX_FIELDS",
    "FieldValues",
    "ProtobufError",
    "int_field",
    "last_fields",
    "message_field",
    "repeated_field",
    "text_field",
]

#: Each wanted field number and its last value, as protobuf reads a singular field.
FieldValues = dict[int, int | bytes]

_VARINT, _FIXED64, _LENGTH_DELIMITED, _START_GROUP, _END_GROUP, _FIXED32 = range(6)
_MAX_VARINT_BYTES = 10
#: The most fields a message read here may have, unless the caller says otherwise.
MAX_FIELDS = 10_000


class ProtobufError(ValueError):
    """A blob that is not a valid protobuf message."""


def _fields(blob: bytes, max_fields: int) -> Iterator[tuple[int, int, int, int]]:
    """Each top-level field as (number, wire type, start, end): where its value lies in
    ``blob`` (for a varint, ``start`` is the value itself and ``end`` is -1).

    More than ``max_fields`` fields (counting those inside groups) is a ProtobufError: the
    messages read here hold a few dozen, and walking millions would take seconds each.
    """
    position, size, depth, left = 0, len(blob), 0, max_fields
    while position < size:
        left -= 1
        if left < 0:
            raise ProtobufError(f"more than {max_fields} fields")
        key = blob[position]
        if key < 0x80:  # the usual one-byte key, read without a call
            position += 1
        else:
            key, position = _varint(blob, position)
        number, wire_type = key >> 3, key & 7
        if number == 0:
            raise ProtobufError("field number 0")
        if wire_type == _VARINT:
            value = blob[position] if position < size else 0x80
            if value < 0x80:
                position += 1
            else:
                value, position = _varint(blob, position)
            start, end = value, -1
        elif wire_type == _LENGTH_DELIMITED:
            length, position = _varint(blob, position)
            start, end = position, position + length
        elif wire_type == _FIXED64:
            start, end = position, position + 8
        elif wire_type == _FIXED32:
            start, end = position, position + 4
        elif wire_type == _START_GROUP:
            depth += 1
            continue
        elif wire_type == _END_GROUP:
            if depth == 0:
                raise ProtobufError("a group ends that never started")
            depth -= 1
            continue
        else:
            raise ProtobufError(f"unknown wire type {wire_type}")
        if end > size:
            raise ProtobufError("truncated message")
        if end != -1:
            position = end
        if depth == 0:
            yield number, wire_type, start, end
    if depth:
        raise ProtobufError("a group never ends")


def _varint(blob: bytes, position: int) -> tuple[int, int]:
    """The varint at ``position`` and the position after it."""
    value = shift = 0
    for offset in range(_MAX_VARINT_BYTES):
        if position + offset >= len(blob):
            raise ProtobufError("truncated varint")
        byte = blob[position + offset]
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value & (2**64 - 1), position + offset + 1
        shift += 7
    raise ProtobufError("varint longer than ten bytes")


def _value(blob: bytes, wire_type: int, start: int, end: int) -> int | bytes:
    if wire_type == _VARINT:
        return start
    if wire_type == _LENGTH_DELIMITED:
        return blob[start:end]
    return int.from_bytes(blob[start:end], "little")


def last_fields(
    blob: bytes, numbers: Collection[int], *, max_fields: int = MAX_FIELDS
) -> FieldValues:
    """The last value of each of the field numbers ``numbers`` that ``blob`` holds.

    Raises ProtobufError when ``blob`` is not a protobuf message or has more than
    ``max_fields`` fields. Memory stays that of the values kept, whatever the blob holds.
    """
    found: dict[int, tuple[int, int, int]] = {}
    for number, wire_type, start, end in _fields(blob, max_fields):
        if number in numbers:
            found[number] = (wire_type, start, end)
    return {number: _value(blob, *where) for number, where in found.items()}


def repeated_field(
    blob: bytes, number: int, *, max_fields: int = MAX_FIELDS
) -> Iterator[int | bytes]:
    """Every value of field ``number``, in the order written, one at a time (ProtobufError
    past ``max_fields`` fields)."""
    for found, wire_type, start, end in _fields(blob, max_fields):
        if found == number:
            yield _value(blob, wire_type, start, end)


def text_field(fields: FieldValues, number: int) -> str:
    """The string in field ``number``, or "" (protobuf's default) if it holds none."""
    value = fields.get(number)
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else ""


def message_field(fields: FieldValues, number: int) -> bytes:
    """The nested message in field ``number`` (serialized), or b"" (an empty message)."""
    value = fields.get(number)
    return value if isinstance(value, bytes) else b""


def int_field(fields: FieldValues, number: int) -> int:
    """The number in field ``number``, or 0, protobuf's default."""
    value = fields.get(number)
    return value if isinstance(value, int) else 0
