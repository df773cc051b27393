"""The temporary folder a collection is unpacked into: removed on leaving, swept when stale."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest

from studyapp.decks.anki.scratch import FOLDER_PREFIX, STALE_SECONDS, scratch_folder, sweep_stale
from studyapp.decks.errors import DeckError


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _fail_inside(expected_parent: Path) -> None:
    with scratch_folder("p.apkg") as folder:
        (folder / "collection.sqlite3").write_bytes(b"x")
        assert folder.parent == expected_parent
        assert folder.name.startswith(FOLDER_PREFIX)
        raise RuntimeError


def test_the_folder_is_removed_on_leaving_even_after_an_error(temp_root: Path) -> None:
    with pytest.raises(RuntimeError):
        _fail_inside(temp_root)
    assert list(temp_root.iterdir()) == []


def test_no_temporary_folder_is_a_deck_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    with (
        pytest.raises(DeckError, match=r"p\.apkg: cannot be unpacked: no temporary folder"),
        scratch_folder("p.apkg"),
    ):
        pass


def _aged(path: Path, seconds: float) -> Path:
    when = time.time() - seconds
    os.utime(path, (when, when), follow_symlinks=False)
    return path


def test_only_this_apps_stale_folders_are_swept(tmp_path: Path) -> None:
    day = STALE_SECONDS
    stale = tmp_path / f"{FOLDER_PREFIX}killed"
    fresh = tmp_path / f"{FOLDER_PREFIX}running"
    foreign = tmp_path / "other-app-folder"
    a_file = tmp_path / f"{FOLDER_PREFIX}file"
    target = tmp_path / "kept-target"
    for folder in (stale, fresh, foreign, target):
        folder.mkdir()
        (folder / "inside").write_bytes(b"x")
    a_file.write_bytes(b"x")
    link = tmp_path / f"{FOLDER_PREFIX}link"
    link.symlink_to(target)
    for path in (stale, foreign, a_file, target, link):
        _aged(path, 2 * day)
    _aged(fresh, day / 2)

    sweep_stale(tmp_path)

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [fresh.name, foreign.name, a_file.name, target.name, link.name]
    )
    assert (target / "inside").exists()  # a link is never followed


def test_sweeping_a_missing_folder_does_nothing(tmp_path: Path) -> None:
    sweep_stale(tmp_path / "missing")
