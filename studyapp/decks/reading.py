"""Reading a deck or export file as text: bounded in size, UTF-8 only, errors located."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from studyapp.decks.errors import DeckError

#: Deck files are written by people; anything larger is refused before it is read.
MAX_FILE_BYTES = 16 * 1024 * 1024


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text with newlines normalised to ``\\n``; DeckError if it can't be a deck."""
    return decode_text(read_bytes(path, max_bytes), str(path), max_bytes)


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes; DeckError if it is missing, unreadable, not a regular file (a FIFO or
    a device such as ``/dev/zero`` could block or never end) or larger than ``max_bytes``."""
    name = str(path)
    try:
        # Non-blocking, so that opening a FIFO does not wait for a writer; then only a regular
        # file is read, and never more than max_bytes + 1 of it (it may grow while read).
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise DeckError.single(name, None, "no such file") from None
    except IsADirectoryError:
        raise DeckError.single(name, None, "is a folder, not a file") from None
    except OSError as exc:
        raise DeckError.single(name, None, f"cannot be read: {exc.strerror}") from None
    data = b""
    try:
        status = os.fstat(descriptor)
        kind = status.st_mode
        if stat.S_ISDIR(kind):
            raise DeckError.single(name, None, "is a folder, not a file")
        if not stat.S_ISREG(kind):
            raise DeckError.single(
                name, None, "is not a regular file (a pipe, device or socket); import a saved file"
            )
        if status.st_size <= max_bytes:
            with os.fdopen(descriptor, "rb", closefd=False) as source:
                data = source.read(max_bytes + 1)
    except OSError as exc:
        raise DeckError.single(name, None, f"cannot be read: {exc.strerror}") from None
    finally:
        os.close(descriptor)
    if status.st_size > max_bytes or len(data) > max_bytes:
        size = max(len(data), status.st_size)
        raise DeckError.single(
            name,
            None,
            f"file is {size / 2**20:.1f} MiB; deck files are limited to "
            f"{max_bytes / 2**20:.0f} MiB (split it into several decks)",
        )
    return data


def decode_text(data: bytes, name: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Decode UTF-8 bytes (a BOM is allowed), reporting the line of the first bad byte."""
    if len(data) > max_bytes:
        raise DeckError.single(name, None, f"file is larger than {max_bytes / 2**20:.0f} MiB")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DeckError.single(
            name, line, f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DeckError.single(name, line, "contains a NUL character: is this a binary file?")
    return text.replace("\r\n", "\n").replace("\r", "\n")
