"""The editor command: $VISUAL, else $EDITOR, else nano, else vi; arguments split, never a
shell; +LINE only for editors known to take it."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.tui.editor import EditorError, editor_command, run_editor


@pytest.fixture
def bin_folder(tmp_path: Path) -> Path:
    """A PATH folder holding programs named nano, vi, code and my-editor (empty scripts)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in ("nano", "vi", "code", "my-editor"):
        program = folder / name
        program.write_text("#!/bin/sh\n", encoding="utf-8")
        program.chmod(0o755)
    return folder


def test_visual_comes_first_and_takes_its_arguments(bin_folder: Path) -> None:
    env = {"PATH": str(bin_folder), "VISUAL": "code -w", "EDITOR": "nano"}
    assert editor_command(env, Path("/d/deck.md"), 12) == ["code", "-w", "/d/deck.md"]


def test_editor_when_no_visual_and_line_for_the_editors_that_take_it(bin_folder: Path) -> None:
    env = {"PATH": str(bin_folder), "EDITOR": f"{bin_folder / 'vi'}"}
    assert editor_command(env, Path("deck.md"), 7) == [str(bin_folder / "vi"), "+7", "deck.md"]
    assert editor_command(env, Path("deck.md"), None) == [str(bin_folder / "vi"), "deck.md"]


def test_a_quoted_argument_is_one_word_and_nothing_goes_through_a_shell(bin_folder: Path) -> None:
    env = {"PATH": str(bin_folder), "EDITOR": "my-editor --title 'a deck; rm -rf ~'"}
    assert editor_command(env, Path("deck.md"), 3) == [
        "my-editor",
        "--title",
        "a deck; rm -rf ~",
        "deck.md",
    ]


def test_without_a_variable_nano_then_vi(bin_folder: Path) -> None:
    assert editor_command({"PATH": str(bin_folder)}, Path("d.md"), 2) == ["nano", "+2", "d.md"]
    (bin_folder / "nano").unlink()
    assert editor_command({"PATH": str(bin_folder)}, Path("d.md"), 2) == ["vi", "+2", "d.md"]
    (bin_folder / "vi").unlink()
    with pytest.raises(EditorError, match="no editor found: set"):
        editor_command({"PATH": str(bin_folder)}, Path("d.md"), 2)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("my-editor 'unclosed", r"\$EDITOR \(my-editor 'unclosed\) cannot be read"),
        ("emacs", r"the editor in \$EDITOR \(emacs\) is not found"),
    ],
)
def test_a_bad_or_missing_editor_is_a_clear_error(
    bin_folder: Path, value: str, message: str
) -> None:
    with pytest.raises(EditorError, match=message):
        editor_command({"PATH": str(bin_folder), "EDITOR": value}, Path("d.md"), 1)


def test_running_the_editor_gives_its_status_or_the_reason_it_could_not_start(
    tmp_path: Path,
) -> None:
    assert run_editor(["true"]) == 0
    assert run_editor(["false"]) == 1
    failed = run_editor([str(tmp_path / "missing-editor"), "d.md"])
    assert isinstance(failed, EditorError)
    assert "cannot run the editor" in str(failed)
