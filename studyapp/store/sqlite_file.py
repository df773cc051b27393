"""Looking into a SQLite file without changing it (standard library only: no SQLAlchemy).

Used before a file is known to be a studyapp store, and by the quick deck list at start-up.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

#: The first bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: The header bytes read: up to the "file format write version" (2 for a WAL-mode database).
HEADER_BYTES = 20
_WRITE_VERSION = 18


def read_only_uri(path: Path, header: bytes | None = None) -> str:
    """A ``sqlite3.connect(..., uri=True)`` target that reads ``path`` and never writes.

    ``mode=ro`` never writes the file (not even to roll back another program's interrupted
    transaction). A WAL-mode file closed cleanly (no ``-wal`` beside it) holds all of its
    data, so it is also opened ``immutable``: no ``-wal`` and ``-shm`` files are created
    beside it. ``header`` is the file's first bytes, if already read.
    """
    if header is None:
        try:
            with path.open("rb") as file:
                header = file.read(HEADER_BYTES)
        except OSError:
            header = b""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    wal_mode = len(header) >= HEADER_BYTES and header[_WRITE_VERSION] == 2
    if wal_mode and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri
