"""The temporary folder a package's collection is unpacked into, removed on every way out.

A folder left behind by a process that was killed outright (``kill -9``, a power cut) cannot
be removed by that process, so each new one first sweeps away this app's folders that are more
than a day old: nothing reads a package for that long.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from studyapp.decks.errors import DeckError

__all__ = ["FOLDER_PREFIX", "STALE_SECONDS", "disk_full", "scratch_folder", "sweep_stale"]

#: The name every such folder starts with.
FOLDER_PREFIX = "studyapp-anki-"
#: A folder older than this is a leftover of a killed process.
STALE_SECONDS = 24 * 3600

_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def disk_full(error: OSError) -> bool:
    """Whether an error means the disk (or the user's quota, or a file size limit) is full."""
    return error.errno in _DISK_FULL


@contextmanager
def scratch_folder(name: str) -> Iterator[Path]:
    """A fresh private temporary folder, removed with everything in it on leaving.

    ``name`` (the package) names the DeckError raised when no folder can be made.
    """
    parent = Path(tempfile.gettempdir())
    sweep_stale(parent)
    try:
        folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=parent))
    except OSError as error:
        raise DeckError.single(
            name, None, f"cannot be unpacked: no temporary folder in {parent} ({error.strerror})"
        ) from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_stale(parent: Path, now: float | None = None) -> None:
    """Remove this app's temporary folders in ``parent`` older than STALE_SECONDS.

    Only real folders (not links) owned by this user are touched; any error is ignored (the
    sweep is housekeeping, never a reason to fail).
    """
    cutoff = (time.time() if now is None else now) - STALE_SECONDS
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(FOLDER_PREFIX):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and info.st_mtime < cutoff:
            shutil.rmtree(entry.path, ignore_errors=True)
