"""``studyapp lint``: findings as located lines or JSON, exit statuses, guessability, bad paths."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.cli import main
from studyapp.decks.files import bundled_deck_files
from studyapp.paths import bundled_cards_dir
from tests.lint.decks import FAIR_DISTRACTORS, card, deck

SEVEN_WORDS = "mean of the last few past steps"  # not longer than the distractors by far


def lint(*args: str) -> tuple[int, str, str]:
    """Run ``studyapp lint ARGS`` in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = main(["lint", *args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_errors_print_located_lines_and_exit_1(tmp_path: Path) -> None:
    path = write(tmp_path, "d.md", deck("d", card("Momentum?", short=SEVEN_WORDS)))
    code, out, err = lint(str(path))
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f'{path}:6: card "Momentum?": short answer has 7 words (at most 6): keep the core to '
        "type, move the explanation to the answer [short-too-long]",
        "1 error, 0 warnings in 1 card of 1 file",
    ]


def test_warnings_only_exit_0(tmp_path: Path) -> None:
    long_right = "Steps averaged over past gradients"
    path = write(tmp_path, "d.md", deck("d", card("Momentum?", short=long_right)))
    code, out, _ = lint(str(path))
    assert code == 0
    assert out.splitlines()[0].endswith("[longest-option]")
    assert out.splitlines()[-1] == "0 errors, 1 warning in 1 card of 1 file"


def test_a_clean_folder_exits_0(tmp_path: Path) -> None:
    write(tmp_path, "d.md", deck("d", card("Momentum?"), card("RMSProp?", short="Root mean")))
    assert lint(str(tmp_path)) == (0, "0 errors, 0 warnings in 2 cards of 1 file\n", "")


def test_json_lists_every_finding_with_the_documented_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "d.md", deck("d", card("Momentum?", short=SEVEN_WORDS, distractors=())))
    code, out, err = lint("--json", str(path))
    assert (code, err) == (1, "")
    findings = json.loads(out)
    assert [f["rule"] for f in findings] == ["few-distractors", "short-too-long"]
    assert findings[1] == {
        "path": str(path),
        "line": 6,
        "card_id": findings[1]["card_id"],
        "question": "Momentum?",
        "rule": "short-too-long",
        "severity": "error",
        "message": "short answer has 7 words (at most 6): keep the core to type, move the "
        "explanation to the answer",
    }
    assert isinstance(findings[1]["card_id"], str)


def test_json_of_a_clean_deck_is_an_empty_list(tmp_path: Path) -> None:
    path = write(tmp_path, "d.md", deck("d", card("Momentum?")))
    assert lint(str(path), "--json") == (0, "[]\n", "")


def test_card_text_reaches_the_terminal_sanitised(tmp_path: Path) -> None:
    path = write(
        tmp_path, "d.md", deck("d", card("Red \x1b[31mmomentum\u202e?", short=SEVEN_WORDS))
    )
    code, out, _ = lint(str(path))
    assert code == 1
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert "momentum" in out


def test_without_a_path_it_lints_the_bundled_decks() -> None:
    code, out, err = lint()
    assert code in (0, 1)
    files = bundled_deck_files(bundled_cards_dir())
    assert out.splitlines()[-1].endswith(f"of {len(files)} files")
    assert all(line.startswith(str(bundled_cards_dir())) for line in out.splitlines()[:-1])
    assert err == ""


def test_paths_that_cannot_be_linted_exit_2_with_one_line(tmp_path: Path) -> None:
    assert lint(str(tmp_path / "nowhere")) == (
        2,
        "",
        f"studyapp: no such file or folder: {tmp_path / 'nowhere'}\n",
    )
    assert lint(str(tmp_path)) == (
        2,
        "",
        f"studyapp: no deck files (.md, .yaml) found in {tmp_path}\n",
    )


def test_guessability_prints_the_tricks_against_chance(tmp_path: Path) -> None:
    telling = card(
        "Momentum?",
        short="An exponentially decaying average of past gradients",
        distractors=("Always the largest step", "Never any gradient", "Only the last batch"),
    )
    path = write(tmp_path, "d.md", deck("d", telling))
    code, out, err = lint("--guessability", "--seeds", "5", str(path))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Multiple choice, the app's own builder: 1 card x 5 seeds = 5 questions",
        "  pick the longest option            100.0%",
        "  avoid options with absolute words  100.0%",
        "  pick the one most like the others   25.0%",
        "  chance (any option)                 25.0%",
    ]
    code, out, _ = lint("--guessability", "--seeds", "5", "--json", str(path))
    assert json.loads(out) == {
        "seeds": 5,
        "cards": 1,
        "questions": 5,
        "longest": 1.0,
        "unqualified": 1.0,
        "most_shared": 0.25,  # no option shares a word with another: a four-way tie
        "chance": 0.25,
    }


def test_guessability_refuses_decks_the_importer_refuses(tmp_path: Path) -> None:
    path = write(tmp_path, "d.md", "## No answer?\n")
    code, out, err = lint("--guessability", str(path))
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f'{path}:1: card "No answer?": the answer is empty [parse-error]'


def test_seeds_must_be_a_positive_whole_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        lint("--guessability", "--seeds", "0")
    assert raised.value.code == 2
    assert "--seeds: must be at least 1, not 0" in capsys.readouterr().err


def test_a_reader_that_leaves_early_ends_it_quietly(tmp_path: Path) -> None:
    cards = [
        card(f"Question {n}?", short=SEVEN_WORDS, distractors=FAIR_DISTRACTORS) for n in range(300)
    ]
    write(tmp_path, "d.md", deck("d", *cards))
    done = subprocess.run(
        f"{sys.executable} -m studyapp lint {tmp_path} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.count("\n") == 1
    assert done.stderr == ""
