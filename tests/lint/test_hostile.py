"""Hostile input to ``studyapp lint``, through the real command in a memory- and CPU-capped
process: a huge deck is linted in bounded time and memory, an oversized file refused in a line."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.conftest import run_studyapp

#: Enough cards that comparing every pair of questions fuzzily would not be bounded.
HUGE_DECK_CARDS = 10_000


def test_a_huge_deck_of_alike_questions_is_linted_in_bounded_time(tmp_path: Path) -> None:
    cards = "".join(
        f"## What is the learning rate in run {n}?\n\nRun {n}'s rate.\n\nshort:: rate {n}\n\n"
        for n in range(HUGE_DECK_CARDS)
    )
    (tmp_path / "huge.md").write_text("---\nid: huge\n---\n" + cards, encoding="utf-8")
    db = tmp_path / "never-made.sqlite3"
    run = run_studyapp(["lint", str(tmp_path)], db, memory_mb=768, cpu_seconds=60)
    assert run.clean
    assert run.returncode == 1  # every card has too few distractors
    assert run.stdout.splitlines()[-1] == (
        f"{HUGE_DECK_CARDS} errors, 0 warnings in {HUGE_DECK_CARDS} cards of 1 file"
    )
    assert "studyapp: note: near-duplicate: 10000 questions" in run.stderr
    assert not db.exists()  # linting reads files only


def test_an_oversized_file_is_refused_in_one_line(tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    with huge.open("wb") as handle:
        handle.truncate(17 * 2**20)
    run = run_studyapp(["lint", str(huge)], tmp_path / "db.sqlite3", memory_mb=512)
    assert run.clean
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (
        f"studyapp: {huge}: file is 17.0 MiB; deck files are limited to 16 MiB "
        "(split it into several decks)\n"
    )
