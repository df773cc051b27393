"""Opening a package's zip and reading its members with every size capped before reading."""

from __future__ import annotations

import errno
import io
import os
import zlib
from pathlib import Path

import pytest
import zstandard

from studyapp.decks.anki.zip_members import (
    BOMB_SIZE,
    MemberTooLargeError,
    copy_member,
    open_package,
    read_member,
    unpack_zstd,
)
from studyapp.decks.errors import DeckError
from tests.hostile.packages import Member, deflated, deflated_zeros, stored, write_zip, zstd_zeros


def _refusal(path: Path) -> str:
    with pytest.raises(DeckError) as caught, open_package(path):
        pass
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    return message


def test_only_a_regular_file_is_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.apkg"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    assert "is not a regular file" in _refusal(fifo)
    zero = tmp_path / "zero.apkg"
    zero.symlink_to("/dev/zero")
    assert "is not a regular file" in _refusal(zero)
    assert "is a folder" in _refusal(tmp_path)
    assert "no such file" in _refusal(tmp_path / "missing.apkg")


def test_a_file_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "notes.apkg"
    path.write_bytes(b"front;back\n" * 100)
    assert "not a zip file" in _refusal(path)


def test_a_huge_list_of_files_is_refused_before_zipfile_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "list.apkg"
    path.write_bytes(b"PK\x05\x06" + bytes(8) + (2**30).to_bytes(4, "little") + bytes(6))
    assert "lists more files than this app reads" in _refusal(path)


def test_the_file_is_closed_after_use(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "ok.apkg", [stored("meta", b"\x08\x03")])
    with open_package(path) as archive:
        handle = archive.fp
        assert read_member(archive, "meta", str(path), 10) == b"\x08\x03"
    assert handle is None or handle.closed


def _archive(tmp_path: Path, *members: Member) -> Path:
    return write_zip(tmp_path / "package.apkg", list(members))


def test_a_member_declared_over_its_cap_is_not_read(tmp_path: Path) -> None:
    path = _archive(tmp_path, deflated_zeros("meta", 4096))  # 4 GiB of zeros, 4 MB packed
    with open_package(path) as archive, pytest.raises(MemberTooLargeError):
        read_member(archive, "meta", str(path), 2**16)


def test_a_member_never_unpacks_to_more_than_its_header_says(tmp_path: Path) -> None:
    data = bytes(2**20)
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = packer.compress(data) + packer.flush()
    liar = Member("meta", raw, 8, zlib.crc32(data[:100]), 100)  # says 100 bytes
    bad_sum = Member("media", raw, 8, 12345, len(data))
    path = _archive(tmp_path, liar, bad_sum)
    with open_package(path) as archive:
        assert read_member(archive, "meta", str(path), 2**16) == bytes(100)
        with pytest.raises(DeckError, match="is damaged: media cannot be extracted"):
            read_member(archive, "media", str(path), 2**21)


def test_encrypted_and_deflate64_members_are_refused(tmp_path: Path) -> None:
    path = _archive(
        tmp_path, deflated("secret", b"x" * 100, flags=1), deflated("old", b"x" * 100, method=9)
    )
    with open_package(path) as archive:
        with pytest.raises(DeckError, match="secret is encrypted"):
            read_member(archive, "secret", str(path), 2**16)
        with pytest.raises(DeckError, match="old is compressed with deflate64"):
            read_member(archive, "old", str(path), 2**16)


class _Sink(io.BytesIO):
    """A file that keeps only the size of its largest write."""

    name = "/scratch/collection.sqlite3"
    largest = 0

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.largest = max(self.largest, len(data))
        return len(data)


def test_a_zstd_bomb_is_refused_early_in_bounded_steps(tmp_path: Path) -> None:
    path = _archive(tmp_path, stored("collection.anki21b", zstd_zeros(64 * 1024)))  # 64 GiB
    sink = _Sink()
    with open_package(path) as archive, pytest.raises(DeckError, match="is a zip bomb"):
        copy_member(archive, "collection.anki21b", sink, str(path), 2**40, zstd=True)
    assert 0 < sink.largest <= 32 * 2**20  # no single step held more than this


def test_a_deflate_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = _archive(tmp_path, deflated_zeros("collection.anki2", BOMB_SIZE // 2**20 + 1))
    sink = _Sink()
    with open_package(path) as archive, pytest.raises(DeckError, match="is a zip bomb"):
        copy_member(archive, "collection.anki2", sink, str(path), 2**40)
    assert sink.largest == 0


def test_a_member_past_its_cap_while_unpacking(tmp_path: Path) -> None:
    frame = zstandard.ZstdCompressor().compress(os.urandom(2**16))
    path = _archive(tmp_path, stored("collection.anki21b", frame))
    with open_package(path) as archive, pytest.raises(MemberTooLargeError):
        copy_member(archive, "collection.anki21b", _Sink(), str(path), 2**15, zstd=True)


def test_a_cut_short_zstd_member(tmp_path: Path) -> None:
    frame = zstandard.ZstdCompressor().compress(os.urandom(2**18))
    path = _archive(tmp_path, stored("collection.anki21b", frame[: len(frame) // 2]))
    with open_package(path) as archive, pytest.raises(DeckError, match="is cut short"):
        copy_member(archive, "collection.anki21b", _Sink(), str(path), 2**30, zstd=True)


class _FullDisk(io.BytesIO):
    name = "/scratch/collection.sqlite3"

    def write(self, data: bytes) -> int:  # type: ignore[override]
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_is_one_clear_error(tmp_path: Path) -> None:
    path = _archive(tmp_path, deflated("collection.anki2", b"SQLite format 3\x00" * 1000))
    with open_package(path) as archive, pytest.raises(DeckError) as caught:
        copy_member(archive, "collection.anki2", _FullDisk(), str(path), 2**30)
    assert str(caught.value) == (
        f"{path}: not enough disk space to unpack collection.anki2 into /scratch"
    )


def test_unpack_zstd_caps_its_output() -> None:
    data = os.urandom(5000)
    frame = zstandard.ZstdCompressor().compress(data)
    assert unpack_zstd(frame, "p.apkg", "media", 5000) == data
    with pytest.raises(MemberTooLargeError):
        unpack_zstd(frame, "p.apkg", "media", 4999)
    with pytest.raises(MemberTooLargeError):
        unpack_zstd(zstd_zeros(1024), "p.apkg", "media", 2**20)
    with pytest.raises(DeckError, match="cannot be extracted"):
        unpack_zstd(b"not zstd at all", "p.apkg", "media", 2**20)
