"""Files written whole or not at all: a failed write leaves the old file and no temporary."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from studyapp import atomic_file
from studyapp.atomic_file import (
    replacing,
    write_bytes_atomically,
    write_text_atomically,
    write_texts_atomically,
)


def test_a_new_file_and_a_replaced_one(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    write_text_atomically(path, "first\n")
    assert path.read_text("utf-8") == "first\n"
    write_text_atomically(path, "second ✓\n")
    assert path.read_text("utf-8") == "second ✓\n"
    assert os.listdir(tmp_path) == ["deck.md"]


def test_a_failing_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keep.md"
    path.write_text("precious\n", "utf-8")

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_text_atomically(path, "new " * 10_000)
    assert path.read_text("utf-8") == "precious\n"
    assert os.listdir(tmp_path) == ["keep.md"]


def test_an_error_in_the_block_removes_the_temporary(tmp_path: Path) -> None:
    path = tmp_path / "package.apkg"

    def write_half() -> None:
        with replacing(path) as temporary:
            temporary.write_bytes(b"half")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_half()
    assert os.listdir(tmp_path) == []


def test_several_files_are_replaced_only_when_all_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text("old a", "utf-8")
    second.write_text("old b", "utf-8")
    real_open = Path.open

    def failing_open(self: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        if mode == "x" and self.name.startswith(".b.md."):
            raise OSError(errno.EFBIG, "File too large")
        return real_open(self, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", failing_open)
    with pytest.raises(OSError, match="too large"):
        write_texts_atomically({first: "new a", second: "new b"})
    assert (first.read_text("utf-8"), second.read_text("utf-8")) == ("old a", "old b")
    assert sorted(os.listdir(tmp_path)) == ["a.md", "b.md"]
    monkeypatch.undo()
    write_texts_atomically({first: "new a", second: "new b"})
    assert (first.read_text("utf-8"), second.read_text("utf-8")) == ("new a", "new b")


def test_a_file_that_cannot_be_replaced_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_text_atomically(fifo, "through the pipe\n")
        assert os.read(reader, 100) == b"through the pipe\n"
    finally:
        os.close(reader)
    assert sorted(os.listdir(tmp_path)) == ["pipe"]


def test_a_missing_folder_is_an_os_error_naming_nothing_left(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_text_atomically(tmp_path / "missing" / "deck.md", "text")
    assert os.listdir(tmp_path) == []


def test_bytes_replace_a_file_exactly_keeping_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_bytes(b"old\r\n")
    path.chmod(0o600)
    write_bytes_atomically(path, b"old\r\nnew\r\n")
    assert path.read_bytes() == b"old\r\nnew\r\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert os.listdir(tmp_path) == ["deck.md"]
