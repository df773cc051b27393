"""The lazy protobuf wire reader: values, damage, and bounded memory and work on hostile blobs."""

from __future__ import annotations

import struct
import tracemalloc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.decks.anki.protobuf_fields import (
    ProtobufError,
    int_field,
    last_fields,
    message_field,
    repeated_field,
    text_field,
)
from tests.hostile.packages import field, varint


def test_numbers_text_and_nested_messages() -> None:
    blob = (
        field(1, 3)
        + field(2, "front")
        + field(3, field(4, "inner"))
        + varint(5 << 3 | 5) + struct.pack("<I", 7)
        + varint(6 << 3 | 1) + struct.pack("<Q", 2**40)
    )  # fmt: skip
    values = last_fields(blob, (1, 2, 3, 5, 6))
    assert int_field(values, 1) == 3
    assert text_field(values, 2) == "front"
    assert text_field(last_fields(message_field(values, 3), (4,)), 4) == "inner"
    assert (int_field(values, 5), int_field(values, 6)) == (7, 2**40)


def test_the_last_value_wins_and_missing_fields_have_defaults() -> None:
    values = last_fields(field(1, 1) + field(1, 2) + field(2, "a") + field(2, "b"), (1, 2, 9))
    assert (int_field(values, 1), text_field(values, 2)) == (2, "b")
    assert (int_field(values, 9), text_field(values, 9), message_field(values, 9)) == (0, "", b"")
    assert text_field(values, 1) == ""  # a number where text belongs reads as no text


def test_large_and_negative_varints() -> None:
    assert int_field(last_fields(field(1, 2**64 - 1), (1,)), 1) == 2**64 - 1
    assert int_field(last_fields(field(1, 300), (1,)), 1) == 300


def test_repeated_values_in_order() -> None:
    blob = field(1, "a") + field(2, 5) + field(1, "b") + field(1, "c")
    assert list(repeated_field(blob, 1)) == [b"a", b"b", b"c"]


def test_groups_are_skipped() -> None:
    start, end = varint(7 << 3 | 3), varint(7 << 3 | 4)
    blob = field(1, 1) + start + field(1, 99) + start + end + end + field(2, "x")
    values = last_fields(blob, (1, 2))
    assert (int_field(values, 1), text_field(values, 2)) == (1, "x")


@pytest.mark.parametrize(
    "blob",
    [
        b"\x08",  # a varint cut off
        b"\x08\x80",
        b"\x12\x05abc",  # a string longer than what is left
        b"\x00\x01",  # field number 0
        b"\x0e\x00",  # wire type 6
        b"\x0f\x00",  # wire type 7
        b"\x08" + b"\xff" * 10 + b"\x01",  # a varint of eleven bytes
        b"\x0c",  # a group that ends without starting
        b"\x0b\x08\x01",  # a group that never ends
        b"\x09\x00\x00",  # a fixed64 cut off
    ],
)
def test_damage_is_a_protobuf_error(blob: bytes) -> None:
    with pytest.raises(ProtobufError):
        last_fields(blob, (1,))


def test_too_many_fields_is_a_protobuf_error() -> None:
    blob = b"\x08\x00" * 101
    assert last_fields(blob, (1,), max_fields=101) == {1: 0}
    with pytest.raises(ProtobufError, match="more than 100 fields"):
        last_fields(blob, (1,), max_fields=100)
    with pytest.raises(ProtobufError):
        list(repeated_field(blob, 1, max_fields=100))


def test_a_blob_of_tiny_fields_takes_no_memory_beyond_itself() -> None:
    """Protobuf's own parser kept an object per unknown field: ~50x the blob."""
    blob = b"\x08\x00" * 50_000 + b"\x10\x00" * 50_000
    tracemalloc.start()
    try:
        values = last_fields(blob, (1, 2), max_fields=len(blob))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert values == {1: 0, 2: 0}
    assert peak < 64 * 2**10


_values = st.one_of(st.integers(0, 2**64 - 1), st.binary(max_size=20))


@given(st.lists(st.tuples(st.integers(1, 2**29 - 1), _values), max_size=30))
def test_every_message_reads_back(entries: list[tuple[int, int | bytes]]) -> None:
    blob = b"".join(field(number, value) for number, value in entries)
    numbers = {number for number, _ in entries}
    expected = dict(entries)
    assert last_fields(blob, numbers) == expected
    for number in numbers:
        assert list(repeated_field(blob, number)) == [v for n, v in entries if n == number]
