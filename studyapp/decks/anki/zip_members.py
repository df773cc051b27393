"""An Anki package's zip opened and its members read with every size capped before reading.

A package is untrusted: a few megabytes of zip can unpack to gigabytes (a zip bomb), its
headers can lie about sizes, and its central directory alone can be made to fill memory.
So:

- only a regular file is opened (a pipe would hang, ``/dev/zero`` would never end);
- the central directory's size is checked, from the zip's end record, before :mod:`zipfile`
  reads it (zipfile keeps about ten times its size in memory);
- a member is refused when it is encrypted or compressed in a way zipfile cannot unpack, or
  when its declared size is over the member's cap, and it is read a chunk at a time, counting
  the bytes actually unpacked against that cap;
- a zstd-compressed member is fed to the decompressor a kilobyte at a time, so one step can
  never produce more than a few dozen megabytes however the frame is made, and a stream that
  unpacks more than two hundred times its size past 64 MiB is refused as a bomb early, before
  gigabytes reach the disk (a deflated member is judged by its declared sizes, which zipfile
  never lets it exceed).

Every problem is a :class:`~studyapp.decks.errors.DeckError` naming the package.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, BinaryIO

import zstandard

from studyapp.decks.anki.scratch import disk_full
from studyapp.decks.errors import DeckError

__all__ = [
    "BOMB_RATIO",
    "BOMB_SIZE",
    "MAX_CENTRAL_DIRECTORY_BYTES",
    "MemberTooLargeError",
    "copy_member",
    "open_package",
    "read_member",
    "unpack_zstd",
]

#: A zip whose list of files is larger than this is refused (about 300,000 files).
MAX_CENTRAL_DIRECTORY_BYTES = 16 * 2**20
#: A compressed stream unpacking to more than BOMB_SIZE bytes at more than BOMB_RATIO times its
#: compressed size is a zip bomb (a real collection compresses perhaps five- to twenty-fold;
#: only long runs of zeros, which no real collection of that size holds, do a hundred times
#: better).
BOMB_SIZE = 64 * 2**20
BOMB_RATIO = 200
#: Zip methods zipfile can unpack: stored, deflate, bzip2, lzma.
_READABLE_METHODS = {
    zipfile.ZIP_STORED,
    zipfile.ZIP_DEFLATED,
    zipfile.ZIP_BZIP2,
    zipfile.ZIP_LZMA,
}
_METHOD_NAMES = {9: "deflate64", 10: "PKWARE implode", 93: "zstd", 95: "xz", 98: "PPMd"}
_ENCRYPTED_FLAG = 0x1
_CHUNK = 2**16
#: zstd input is fed this many bytes at a time: at most 128 KiB out per 4 bytes in.
_ZSTD_STEP = 2**10
#: The end records of a zip: the classic one, and the zip64 locator and record.
_END = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64 = struct.Struct("<4sQ2H2L4Q")
_END64_SIGNATURE = b"PK\x06\x06"
_MAX_COMMENT = 2**16 - 1

_UNPACK_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, zstandard.ZstdError, OSError)


class MemberTooLargeError(Exception):
    """A member that unpacks to more than its cap (the caller says what that means)."""

    def __init__(self, member: str, limit: int) -> None:
        super().__init__(f"{member} unpacks to more than {limit} bytes")
        self.member = member
        self.limit = limit


@contextmanager
def open_package(path: Path) -> Iterator[zipfile.ZipFile]:
    """The package at ``path`` opened as a zip, closed on leaving; DeckError if it is not a
    readable zip file."""
    name = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise DeckError.single(name, None, "no such file") from None
    except OSError as error:
        raise DeckError.single(name, None, f"cannot be read: {error.strerror}") from None
    try:
        mode = os.fstat(descriptor).st_mode
    except OSError as error:
        os.close(descriptor)
        raise DeckError.single(name, None, f"cannot be read: {error.strerror}") from None
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            raise DeckError.single(name, None, "is a folder, not an Anki package")
        raise DeckError.single(name, None, "is not a regular file (a device, a pipe or a socket?)")
    with os.fdopen(descriptor, "rb") as handle, _opened_zip(handle, name) as archive:
        yield archive


@contextmanager
def _opened_zip(handle: BinaryIO, name: str) -> Iterator[zipfile.ZipFile]:
    """A regular file's zip, the size of its list of files checked before zipfile reads it."""
    try:
        directory = _central_directory_size(handle)
        if directory > MAX_CENTRAL_DIRECTORY_BYTES:
            raise DeckError.single(
                name,
                None,
                f"lists more files than this app reads (its list of files takes "
                f"{directory / 2**20:.0f} MiB; at most {MAX_CENTRAL_DIRECTORY_BYTES // 2**20} MiB)",
            )
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, EOFError, ValueError, struct.error):
        raise DeckError.single(
            name,
            None,
            "is not an Anki package: it is not a zip file, or it is truncated "
            "(an interrupted download?)",
        ) from None
    except OSError as error:
        raise DeckError.single(name, None, f"cannot be read: {error.strerror}") from None
    with archive:
        yield archive


def _central_directory_size(handle: BinaryIO) -> int:
    """The size the zip's end record gives its central directory (0 if there is no record:
    zipfile then refuses the file itself)."""
    size = handle.seek(0, os.SEEK_END)
    tail_size = min(size, _END.size + _MAX_COMMENT)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_END_SIGNATURE)
    if at < 0 or at + _END.size > len(tail):
        return 0
    *_, entries, directory, _offset, _comment = _END.unpack_from(tail, at)
    if directory != 0xFFFFFFFF and entries != 0xFFFF:
        return int(directory)
    end_at = size - tail_size + at
    if end_at < _END64_LOCATOR.size + _END64.size:
        return int(directory)
    handle.seek(end_at - _END64_LOCATOR.size - _END64.size)
    record = handle.read(_END64.size)
    if len(record) < _END64.size or not record.startswith(_END64_SIGNATURE):
        return int(directory)
    return int(_END64.unpack(record)[8])


def _checked_info(archive: zipfile.ZipFile, member: str, name: str) -> zipfile.ZipInfo:
    """A member's zip entry, refused if it is encrypted or compressed in an unknown way."""
    info = archive.getinfo(member)
    if info.flag_bits & _ENCRYPTED_FLAG:
        raise DeckError.single(
            name, None, f"{member} is encrypted: Anki never encrypts packages; is it damaged?"
        )
    if info.compress_type not in _READABLE_METHODS:
        method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        raise DeckError.single(
            name,
            None,
            f"{member} is compressed with {method}, which this app cannot unpack; "
            "re-zip the package with ordinary (deflate) compression",
        )
    return info


def _chunks(source: IO[bytes], size: int = _CHUNK) -> Iterator[bytes]:
    """A stream's bytes, a chunk at a time."""
    while chunk := source.read(size):
        yield chunk


def read_member(archive: zipfile.ZipFile, member: str, name: str, limit: int) -> bytes:
    """A member's bytes, unpacked; MemberTooLargeError past ``limit`` bytes (checked against
    the declared size before reading, and against the bytes unpacked while reading).

    Raises KeyError if there is no such member, DeckError if it cannot be unpacked.
    """
    info = _checked_info(archive, member, name)
    if info.file_size > limit:
        raise MemberTooLargeError(member, limit)
    parts: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as source:
            for chunk in _chunks(source):
                total += len(chunk)
                if total > limit:
                    raise MemberTooLargeError(member, limit)
                parts.append(chunk)
    except _UNPACK_ERRORS as error:
        raise _damaged(name, member, error) from None
    return b"".join(parts)


def copy_member(
    archive: zipfile.ZipFile,
    member: str,
    sink: IO[bytes],
    name: str,
    limit: int,
    *,
    zstd: bool = False,
) -> int:
    """Unpack a member (and, with ``zstd``, the zstd frame it holds) into ``sink``.

    Returns the bytes written. MemberTooLargeError past ``limit`` bytes; DeckError if it is
    damaged, cut short, a zip bomb, or the disk fills up (the caller removes ``sink``).
    """
    info = _checked_info(archive, member, name)
    if not zstd:
        if info.file_size > limit:
            raise MemberTooLargeError(member, limit)
        if info.file_size > BOMB_SIZE and info.file_size > BOMB_RATIO * info.compress_size:
            raise _bomb(name, member, info.file_size, info.compress_size)
    written = 0
    try:
        with archive.open(info) as source:
            pieces = _zstd_unpacked(_chunks(source), name, member) if zstd else _chunks(source)
            for piece in pieces:
                written += len(piece)
                if written > limit:
                    raise MemberTooLargeError(member, limit)
                sink.write(piece)
            sink.flush()
    except OSError as error:
        if disk_full(error):
            folder = Path(getattr(sink, "name", "")).parent
            raise DeckError.single(
                name, None, f"not enough disk space to unpack {member} into {folder}"
            ) from None
        raise _damaged(name, member, error) from None
    except _UNPACK_ERRORS as error:
        raise _damaged(name, member, error) from None
    return written


def _zstd_unpacked(chunks: Iterator[bytes], name: str, member: str) -> Iterator[bytes]:
    """The bytes of the zstd frame in ``chunks``, a bounded piece at a time."""
    decompressor = zstandard.ZstdDecompressor().decompressobj()
    consumed = produced = 0
    for chunk in chunks:
        view = memoryview(chunk)
        for start in range(0, len(view), _ZSTD_STEP):
            step = view[start : start + _ZSTD_STEP]
            consumed += len(step)
            piece = decompressor.decompress(step)
            produced += len(piece)
            if produced > BOMB_SIZE and produced > BOMB_RATIO * consumed:
                raise _bomb(name, member, produced, consumed)
            if piece:
                yield piece
            if decompressor.eof:
                return
    raise DeckError.single(name, None, f"is damaged: {member} is cut short")


def unpack_zstd(blob: bytes, name: str, member: str, limit: int) -> bytes:
    """The zstd frame in ``blob`` unpacked, a bounded piece at a time; MemberTooLargeError
    past ``limit`` bytes, DeckError if it is damaged or cut short."""
    parts: list[bytes] = []
    total = 0
    try:
        for piece in _zstd_unpacked(iter([blob]), name, member):
            total += len(piece)
            if total > limit:
                raise MemberTooLargeError(member, limit)
            parts.append(piece)
    except zstandard.ZstdError as error:
        raise _damaged(name, member, error) from None
    return b"".join(parts)


def _bomb(name: str, member: str, unpacked: int, packed: int) -> DeckError:
    return DeckError.single(
        name,
        None,
        f"is a zip bomb: {member} unpacks to over {unpacked // 2**20} MiB "
        f"from {max(1, packed // 2**10)} KiB",
    )


def _damaged(name: str, member: str, error: BaseException) -> DeckError:
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return DeckError.single(name, None, f"is damaged: {member} cannot be extracted ({reason})")
