"""The test run's bytecode cache: used only where bytecode was turned off, only in a folder of
the user's own that nobody else can write."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

from tests.bytecode_cache import keep_bytecode, private_folder


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The process's bytecode settings restored after the test; the temporary folder in
    ``tmp_path``."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(sys, "pycache_prefix", sys.pycache_prefix)
    monkeypatch.setattr(sys, "dont_write_bytecode", sys.dont_write_bytecode)
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_nothing_changes_where_bytecode_was_on(environment: Path) -> None:
    assert keep_bytecode() is None
    assert "PYTHONPYCACHEPREFIX" not in os.environ
    assert list(environment.iterdir()) == []


def test_bytecode_turned_off_is_kept_in_a_private_folder(
    environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    folder = keep_bytecode()
    assert folder == environment / f"studyapp-tests-pycache-{os.getuid()}"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert "PYTHONDONTWRITEBYTECODE" not in os.environ
    assert os.environ["PYTHONPYCACHEPREFIX"] == str(folder) == sys.pycache_prefix
    assert not sys.dont_write_bytecode


def test_a_folder_others_can_write_or_a_file_is_never_used(
    environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = environment / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert not private_folder(shared)
    a_file = environment / "a file"
    a_file.write_text("")
    assert not private_folder(a_file)
    assert private_folder(environment / "new")
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    planted = environment / f"studyapp-tests-pycache-{os.getuid()}"
    planted.mkdir()
    planted.chmod(0o777)
    before = (sys.dont_write_bytecode, sys.pycache_prefix)
    assert keep_bytecode() is None
    assert os.environ["PYTHONDONTWRITEBYTECODE"] == "1"  # all left as it was
    assert (sys.dont_write_bytecode, sys.pycache_prefix) == before
