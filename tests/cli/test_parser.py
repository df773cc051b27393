"""The parser every command is declared with: its messages are terminal-safe."""

from __future__ import annotations

import pytest

from studyapp.cli.parser import CommandParser

HOSTILE = "Deck \x1b]52;c;SGVsbG8=\x07 \x1b[2J\u202e \x9b31m"


def test_argparse_messages_are_sanitised(capsys: pytest.CaptureFixture[str]) -> None:
    parser = CommandParser(prog="studyapp")
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args([HOSTILE])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.endswith(
        "error: unrecognized arguments: Deck ]52;c;SGVsbG8= [2J 31m\n"
    )
