"""Compiled modules kept for the test run, in a cache folder of the user's own, out of the tree.

With ``PYTHONDONTWRITEBYTECODE=1`` set (as some machines and containers do), every process of a
test run compiles every studyapp module it imports from source: each pytest worker at
collection, and each ``studyapp`` process a test starts (the CLI, hostile-input and crash
tests start hundreds). :func:`keep_bytecode` lets this run and the processes it starts write
and read compiled modules again, under ``PYTHONPYCACHEPREFIX`` in a temporary folder rather
than as ``__pycache__`` folders beside the sources, so the tree stays as the setting meant.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path


def private_folder(path: Path) -> bool:
    """Make ``path`` a folder only this user can write, if it is not one already; whether it
    is one (a folder someone else made, or one others can write, is never used)."""
    try:
        path.mkdir(mode=0o700, exist_ok=True)
        info = path.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def keep_bytecode() -> Path | None:
    """Write and read compiled modules in this process and the ones it starts, in a private
    cache folder (returned), if the environment turned bytecode off; None if it did not (or
    no private folder can be had: then nothing changes)."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return None
    folder = Path(tempfile.gettempdir()) / f"studyapp-tests-pycache-{os.getuid()}"
    if not private_folder(folder):
        return None
    del os.environ["PYTHONDONTWRITEBYTECODE"]
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)
    sys.pycache_prefix = str(folder)
    sys.dont_write_bytecode = False
    return folder
