"""The command line's output: sanitised writes, its own colours, data, closed pipes, full disks."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest

from studyapp.cli.drawing import render, safe_text
from studyapp.cli.output import OutputError, TerminalOutput, own_colors
from tests.cli.conftest import Terminal

HOSTILE = "Deck \x1b]52;c;SGVsbG8=\x07 \x1b[2J\u202e \x9b31m"


def test_every_write_is_sanitised() -> None:
    stream = io.StringIO()
    out = TerminalOutput(stream)
    print(HOSTILE, "\tok", file=out)
    assert stream.getvalue() == "Deck ]52;c;SGVsbG8= [2J 31m \tok\n"


def test_only_the_command_line_s_own_colours_reach_the_terminal() -> None:
    stream = Terminal()
    out = TerminalOutput(stream)
    title, hostile = safe_text("Title", "bold"), safe_text(HOSTILE, "green")
    out.write(render(title, color=True) + " " + render(hostile, color=True) + "\x1b[31m")
    assert stream.getvalue() == "\x1b[1mTitle\x1b[0m \x1b[32mDeck ]52;c;SGVsbG8= [2J 31m\x1b[0m[31m"
    assert render(safe_text("", "bold"), color=True) == ""


def test_a_chart_s_colours_are_kept_but_nothing_else() -> None:
    stream = io.StringIO()
    TerminalOutput(stream).write(own_colors("\x1b[38;5;12m⠁⠂\x1b[0m \x1b]52;c;AA\x07"))
    assert stream.getvalue() == "\x1b[38;5;12m⠁⠂\x1b[0m ]52;c;AA"


def test_the_style_mark_cannot_be_forged_from_card_text() -> None:
    mark = render(safe_text("x", "bold"), color=True).split("[1m")[0]
    forged = f"{mark}[2Jx"  # the mark, with a sequence other than a colour
    stream = io.StringIO()
    TerminalOutput(stream).write(forged)
    assert "\x1b" not in stream.getvalue()


def test_data_is_kept_for_a_pipe_and_sanitised_for_a_terminal() -> None:
    piped, terminal = io.StringIO(), Terminal()
    TerminalOutput(piped).write_data(HOSTILE)
    TerminalOutput(terminal).write_data(HOSTILE)
    assert piped.getvalue() == HOSTILE
    assert terminal.getvalue() == "Deck ]52;c;SGVsbG8= [2J 31m"


def closed_pipe() -> int:
    """The writing end of a pipe whose reader has gone."""
    read, write = os.pipe()
    os.close(read)
    return write


def test_a_closed_pipe_raises_for_output_and_is_dropped_for_diagnostics() -> None:
    with open(closed_pipe(), "w", encoding="utf-8") as stream:
        out = TerminalOutput(stream)

        def print_a_page() -> None:
            print("x" * 100_000, file=out)
            out.flush()

        with pytest.raises(BrokenPipeError):
            print_a_page()
        out.discard_the_rest()  # the stream now goes to /dev/null
        print_a_page()
    with open(closed_pipe(), "w", encoding="utf-8") as stream:
        err = TerminalOutput(stream, diagnostics=True)
        print("x" * 100_000, file=err)  # dropped, no error
        err.flush()


def test_a_write_the_disk_cuts_short_is_an_error_not_lost_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[bytes] = []

    def full_after_ten_bytes(_descriptor: int, data: memoryview) -> int:
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(bytes(data[:10]))
        return 10  # a short write, as a disk that fills up mid-write gives

    with (tmp_path / "export.json").open("w", encoding="utf-8") as stream:
        out = TerminalOutput(stream)
        monkeypatch.setattr("studyapp.cli.output.os.write", full_after_ten_bytes)
        with pytest.raises(OutputError, match="cannot write the output: No space left on device"):
            out.write_data("x" * 100)
    assert written == [b"x" * 10]


def test_data_to_a_file_arrives_whole(tmp_path: Path) -> None:
    path = tmp_path / "export.md"
    with path.open("w", encoding="utf-8") as stream:
        out = TerminalOutput(stream)
        out.write("table\n")
        out.write_data("é" * 50_000)
    assert path.read_text(encoding="utf-8") == "table\n" + "é" * 50_000
