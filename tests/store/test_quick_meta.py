"""The theme read at start-up without SQLAlchemy: the stored value, or None when it can't be."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.store.quick_meta import quick_meta_value
from studyapp.store.version import THEME_KEY

pytestmark = pytest.mark.sqlite_only


def test_the_stored_theme_is_read_and_the_file_left_as_it_was(
    tmp_path: Path, clock: FixedClock
) -> None:
    url = f"sqlite:///{tmp_path / 'q.sqlite3'}"
    collection = Collection.open(url, clock, bundled=False)
    assert quick_meta_value(url, THEME_KEY) is None  # never set
    collection.theme = "light"
    collection.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert quick_meta_value(url, THEME_KEY) == "light"
    assert sorted(p.name for p in tmp_path.iterdir()) == files  # nothing written beside it


def test_what_cannot_be_read_quickly_is_none(tmp_path: Path) -> None:
    not_a_store = tmp_path / "notes.sqlite3"
    not_a_store.write_bytes(b"just some text, not SQLite")
    assert quick_meta_value(f"sqlite:///{not_a_store}", THEME_KEY) is None
    assert quick_meta_value(f"sqlite:///{tmp_path / 'missing.sqlite3'}", THEME_KEY) is None
    assert quick_meta_value("sqlite://", THEME_KEY) is None
    assert quick_meta_value("postgresql://localhost/studyapp", THEME_KEY) is None
