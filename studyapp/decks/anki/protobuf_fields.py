"""Reading the few protobuf messages inside Anki's newer packages without their .proto files.

Anki 2.1.50+ keeps note-type settings, card templates, deck settings, the package version and
the media list as protobuf blobs. This app needs only a handful of their fields, so it parses
each blob schema-less with protobuf's own parser (every field lands in the message's unknown
fields) and picks fields by number.
"""

from __future__ import annotations

from google.protobuf import empty_pb2
from google.protobuf.message import DecodeError
from google.protobuf.unknown_fields import UnknownFieldSet

__all__ = ["ProtobufError", "int_field", "message_fields", "text_field"]

#: The wire type of strings, bytes and nested messages.
_LENGTH_DELIMITED = 2


class ProtobufError(ValueError):
    """A blob that is not a valid protobuf message."""


def message_fields(blob: bytes) -> dict[int, list[int | bytes]]:
    """Each field number of a serialized message with its values, in the order written.

    Numbers (varints and fixed-width values) come back as ints, strings and nested messages
    as bytes. Raises ProtobufError when ``blob`` is not a protobuf message.
    """
    message = empty_pb2.Empty()
    try:
        message.ParseFromString(blob)
    except DecodeError as error:
        raise ProtobufError(str(error)) from None
    fields: dict[int, list[int | bytes]] = {}
    unknown = UnknownFieldSet(message)
    for index in range(len(unknown)):
        field = unknown[index]
        value = field.data
        if field.wire_type == _LENGTH_DELIMITED or isinstance(value, int):
            fields.setdefault(field.field_number, []).append(value)
    return fields


def text_field(fields: dict[int, list[int | bytes]], number: int) -> str:
    """The string in field ``number`` (its last value, as protobuf reads it), or ""."""
    for value in reversed(fields.get(number, [])):
        if isinstance(value, bytes):
            return value.decode("utf-8", errors="replace")
    return ""


def int_field(fields: dict[int, list[int | bytes]], number: int) -> int:
    """The number in field ``number`` (its last value), or 0, protobuf's default."""
    for value in reversed(fields.get(number, [])):
        if isinstance(value, int):
            return value
    return 0
