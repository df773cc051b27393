"""Files written whole or not at all: a temporary file beside the target, then a rename.

Used for every file the program writes for the user (exports in every format), so that a full
disk, a crash or Ctrl-C leaves either the old file or the new one, never a part of one, and
no temporary file behind.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write the new file to; on leaving the block it is
    synced to disk and renamed onto ``path`` (atomically), or removed if the block failed.

    The temporary file is not created: open it with mode ``"x"`` (so it gets the usual
    permissions, which ``mkstemp`` would not give).
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    try:
        yield temporary
        _sync(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` whole, or leave ``path`` as it was.

    A ``path`` that is neither a regular file nor missing (``/dev/stdout``, a named pipe) is
    written in place: it cannot be replaced, and a reader sees it as a stream anyway.
    """
    if _is_special(path):
        with path.open("w", encoding="utf-8") as stream:
            stream.write(text)
        return
    write_texts_atomically({path: text})


def write_texts_atomically(files: Mapping[Path, str]) -> None:
    """Write several files (UTF-8): every one is written to its temporary file first, and only
    when all are written are they renamed into place; if any fails, none is replaced."""
    with ExitStack() as renames:  # leaving it renames each, or on an error removes each
        for path, text in files.items():
            temporary = renames.enter_context(replacing(path))
            with temporary.open("x", encoding="utf-8") as stream:
                stream.write(text)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to the regular file (or new file) ``path`` whole, or leave it as it was:
    for a file whose every byte matters (a deck file a card is added to). A file replaced keeps
    its permissions."""
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = None
    with replacing(path) as temporary:
        with temporary.open("xb") as stream:
            stream.write(data)
        if mode is not None:
            os.chmod(temporary, mode)


def _is_special(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:  # missing (or unreadable: the write will say so)
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _sync(path: Path) -> None:
    """Flush the file's data to the disk (so a crash after the rename cannot leave it empty)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the renamed file, where the platform allows."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with suppress(OSError):  # some file systems cannot sync a folder; the rename is done
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
