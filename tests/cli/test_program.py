"""The command line end to end: help, user errors, ``python -m``, sanitised output, SIGTERM."""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
from pathlib import Path

from studyapp.cli import main
from studyapp.cli.program import build_parser
from studyapp.clock import FixedClock
from tests.cli.conftest import DECK, HOSTILE_DECK, Terminal, run
from tests.conftest import WriteDeck


def test_missing_paths_and_unknown_decks_are_user_errors(db: str, clock: FixedClock) -> None:
    code, _, err = run(["import", "nowhere.md"], db, clock)
    assert (code, err) == (2, "studyapp: no such file or folder: nowhere.md\n")
    code, _, err = run(["export", "optimisers"], db, clock)
    assert code == 2
    assert err == 'studyapp: no deck "optimisers"\n'


def test_every_command_has_help() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) == {
        "import",
        "export",
        "decks",
        "deck",
        "add",
        "cards",
        "card",
        "config",
        "fsrs",
        "stats",
        "demo",
        "lint",
    }
    for name, sub in commands.items():
        assert sub.description, name
        help_text = sub.format_help()
        assert "--db" in help_text
        assert "--help" in help_text


def test_every_command_has_a_summary_and_every_argument_help() -> None:
    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    summaries = {action.dest: action.help for action in commands._choices_actions}
    assert set(summaries) == set(commands.choices)
    assert all(summaries.values()), summaries
    for name, sub in commands.choices.items():
        for action in sub._actions:
            assert action.help, (name, action.dest)


def test_python_dash_m_and_the_environment_variable(tmp_path: Path, write_deck: WriteDeck) -> None:
    deck = write_deck("optimizers.md", DECK)
    env = {"STUDYAPP_DB": str(tmp_path / "env.sqlite3"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "studyapp", "import", str(deck)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "deck optimizers (md): 2 added" in done.stdout
    assert (tmp_path / "env.sqlite3").exists()
    done = subprocess.run(
        [sys.executable, "-m", "studyapp", "--version"], capture_output=True, text=True, check=False
    )
    assert done.stdout.startswith("studyapp ")


def test_deck_titles_and_import_reports_reach_the_terminal_without_controls(
    db: str, clock: FixedClock, write_deck: WriteDeck
) -> None:
    code, out, err = run(["import", str(write_deck("hostile.yaml", HOSTILE_DECK))], db, clock)
    assert (code, err) == (0, "")
    code, out, _ = run(["decks"], db, clock)
    assert out.splitlines()[1].endswith("Title ]52;c;SGVsbG8= [2J evil 31m")
    for args in ([], ["stats"], ["export", "hostile", "-f", "csv"]):
        terminal, err_stream = Terminal(), io.StringIO()
        main(["--db", db, *args], clock=clock, stdout=terminal, stderr=err_stream)
        assert "]52;c;SGVsbG8=" in terminal.getvalue() or args == ["stats"]
        for text in (terminal.getvalue(), err_stream.getvalue()):
            uncoloured = re.sub(r"\x1b\[[0-9;]*m", "", text)  # stats' own colours
            assert not any(char in uncoloured for char in "\x1b\x07\x9b\u202e\u202c")
    bad = HOSTILE_DECK.replace('answer: "=1+1"', 'demo: "nope"')
    code, _, err = run(["import", str(write_deck("bad.yaml", bad))], db, clock)
    assert code == 2
    assert 'card "Question ]52;c;SGVsbG8= [2J evil 31m": demo "nope"' in err
    assert not any(char in err for char in "\x1b\x07\x9b\u202e\u202c")


def test_sigterm_ends_a_command_like_ctrl_c_and_cleans_up(tmp_path: Path) -> None:
    script = f"""
import sys, tempfile, time
import studyapp.cli, studyapp.cli.config

def slow_command(*args):
    with tempfile.TemporaryDirectory(dir={str(tmp_path)!r}) as folder:
        print(folder, flush=True)
        time.sleep(30)
    return 0

studyapp.cli.config.run_config = slow_command
sys.exit(studyapp.cli.main(["--db", {str(tmp_path / "s.sqlite3")!r}, "config"]))
"""
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    folder = Path(child.stdout.readline().strip())
    assert folder.is_dir()
    child.terminate()
    _, err = child.communicate(timeout=30)
    assert (child.returncode, err) == (143, "studyapp: terminated\n")
    assert not folder.exists()
