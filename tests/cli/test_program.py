"""The command line end to end: import, decks, export, config, errors and help."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from studyapp.cli import main
from studyapp.cli.drawing import format_table
from studyapp.cli.program import build_parser
from studyapp.clock import FixedClock
from studyapp.scope import Scope
from tests.conftest import WriteDeck

DECK = """---
id: optimizers
title: Optimizers
---
## What does momentum add to SGD?
A running average of past gradients.

short:: Running average of gradients
tags:: optimizers, momentum

## In {{RMSProp}}, the step shrinks along steep dimensions.
"""


def run(args: list[str], db: str, clock: FixedClock) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", db, *args], clock=clock, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    # keep the real bundled decks out of these tests' tables: an empty bundled folder
    empty = tmp_path / "no-bundled"
    empty.mkdir()
    monkeypatch.setattr("studyapp.collection.bundled_cards_dir", lambda: empty)
    return str(tmp_path / "cli.sqlite3")


def test_import_then_decks_then_reimport(db: str, clock: FixedClock, write_deck: WriteDeck) -> None:
    path = write_deck("optimizers.md", DECK)
    code, out, err = run(["import", str(path)], db, clock)
    assert (code, err) == (0, "")
    assert out == f"{path}: deck optimizers (md): 2 added, 0 updated, 0 unchanged, 0 retired\n"
    code, out, _ = run(["decks"], db, clock)
    assert code == 0
    assert out.splitlines() == [
        "DECK        CARDS  NEW  DUE TODAY  MASTERY  TITLE",
        "optimizers      2    2          0       0%  Optimizers",
    ]
    code, out, _ = run(["import", str(path.parent)], db, clock)
    assert "0 added, 0 updated, 2 unchanged, 0 retired" in out


def test_a_bad_file_exits_2_with_located_errors_and_no_traceback(
    db: str, clock: FixedClock, write_deck: WriteDeck
) -> None:
    good = write_deck("good.md", DECK)
    bad = write_deck("bad.md", "## Q\n\nshrot:: x\n\n## Q2\nA\ndemo:: adamm\n")
    code, out, err = run(["import", str(bad), str(good)], db, clock)
    assert code == 2
    assert "Traceback" not in err
    assert f'{bad}:3: card "Q": unknown field "shrot::" (did you mean "short"?)' in err
    assert f'{bad}:7: card "Q2": demo "adamm" is not a known demo (did you mean "adam"?)' in err
    assert "1 file(s) had errors and were not imported; 1 imported" in err
    assert "deck optimizers" in out
    _, decks, _ = run(["decks"], db, clock)
    assert "bad" not in decks


def test_missing_paths_and_unknown_decks_are_user_errors(db: str, clock: FixedClock) -> None:
    code, _, err = run(["import", "nowhere.md"], db, clock)
    assert (code, err) == (2, "studyapp: no such file or folder: nowhere.md\n")
    code, _, err = run(["export", "optimisers"], db, clock)
    assert code == 2
    assert err == 'studyapp: no deck "optimisers"\n'


def test_export_formats(db: str, clock: FixedClock, write_deck: WriteDeck, tmp_path: Path) -> None:
    run(["import", str(write_deck("optimizers.md", DECK))], db, clock)
    code, out, _ = run(["export", "optimizers", "--format", "json"], db, clock)
    cards = json.loads(out)
    assert code == 0
    assert [set(card) for card in cards] == [
        {"id", "deck", "question", "answer", "type", "short", "tags", "demo"}
    ] * 2
    assert cards[0]["tags"] == ["optimizers", "momentum"]
    assert cards[1]["type"] == "cloze"
    _, out, _ = run(["export", "optimizers", "-f", "csv"], db, clock)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["tags"] == "optimizers momentum"
    assert rows[1]["question"] == "In {{RMSProp}}, the step shrinks along steep dimensions."
    _, md, _ = run(["export", "optimizers"], db, clock)
    _, yml, _ = run(["export", "optimizers", "-f", "yaml"], db, clock)
    # an exported deck file imports back as the same cards: nothing changes
    for name, text in (("again.md", md), ("again.yaml", yml)):
        code, out, _ = run(["import", str(write_deck(name, text))], db, clock)
        assert "0 added, 0 updated, 2 unchanged, 0 retired" in out
    code, _, _ = run(["export", "--all", "-f", "yaml", "-o", str(tmp_path / "out")], db, clock)
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["optimizers.yaml"]
    code, _, err = run(["export", "--all", "-f", "md"], db, clock)
    assert code == 2
    assert "give a folder with -o" in err


def test_config_daily_limits(db: str, clock: FixedClock) -> None:
    assert run(["config"], db, clock)[1] == "new-per-day = 20\nreviews-per-day = 200\n"
    assert run(["config", "new-per-day", "7"], db, clock)[1] == "new-per-day = 7\n"
    assert run(["config", "reviews-per-day", "50"], db, clock)[1] == "reviews-per-day = 50\n"
    assert run(["config"], db, clock)[1] == "new-per-day = 7\nreviews-per-day = 50\n"
    code, _, err = run(["config", "new-per-day", "-1"], db, clock)
    assert (code, err) == (2, "studyapp: new-per-day cannot be negative\n")


def test_plain_studyapp_says_how_to_use_it(db: str, clock: FixedClock) -> None:
    code, out, _ = run([], db, clock)
    assert code == 0
    assert "studyapp import PATH..." in out
    assert "No decks yet" in out


def test_every_command_has_help() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) == {"import", "export", "decks", "config", "stats", "demo"}
    for name, sub in commands.items():
        assert sub.description, name
        help_text = sub.format_help()
        assert "--db" in help_text
        assert "--help" in help_text


def test_an_unusable_database_is_a_clear_error(tmp_path: Path, clock: FixedClock) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 50)
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(junk), "decks"], clock=clock, stdout=out, stderr=err)
    assert code == 2
    assert err.getvalue().startswith(f"studyapp: {junk} ")  # one line naming the file
    assert err.getvalue().count("\n") == 1


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


SEEDS = Path(__file__).parents[2] / "data" / "exports" / "seeds"


def test_importing_exports_names_the_format_read(db: str, clock: FixedClock) -> None:
    code, out, err = run(["import", str(SEEDS / "000_8fa037878264368a.txt")], db, clock)
    assert (code, err) == (0, "")
    assert out.endswith(
        "deck s10-14-backpropagation-hyperparameters-learning-rate (Brainscape Q/A export): "
        "15 added, 0 updated, 0 unchanged, 0 retired\n"
    )
    code, out, _ = run(["import", str(SEEDS / "004_fbef27fd929853ef.txt")], db, clock)
    assert "deck week-3 (Knowt/Quizlet term list): 20 added" in out
    code, out, _ = run(
        ["import", "--format", "qa", str(SEEDS / "002_1157368030a6b78f.txt")], db, clock
    )
    assert "(question/answer dump): 5 added" in out


def test_separators_are_for_quizlet_only(db: str, clock: FixedClock, write_deck: WriteDeck) -> None:
    code, _, err = run(
        ["import", "--separator", ";", str(SEEDS / "000_8fa037878264368a.txt")], db, clock
    )
    assert code == 2
    assert "--separator and --row-separator apply to quizlet, not brainscape" in err
    terms = write_deck("terms.txt", "Epoch - one pass over the data;Batch - examples per step")
    code, out, err = run(
        ["import", "-f", "quizlet", "--separator", " - ", "--row-separator", ";", str(terms)],
        db,
        clock,
    )
    assert (code, err) == (0, "")
    assert "2 added" in out


def test_an_imported_export_can_be_kept_as_a_deck_file(
    db: str, clock: FixedClock, tmp_path: Path
) -> None:
    run(["import", str(SEEDS / "003_b8a9ff3b641bb587.txt")], db, clock)
    deck_file = tmp_path / "lectures.md"
    code, _, _ = run(["export", "da-slide-166-a-slide-189", "-o", str(deck_file)], db, clock)
    assert code == 0
    text = deck_file.read_text(encoding="utf-8")
    assert text.count("\n## ") == 15
    assert text.count("tags:: needs-answer") == 11
    code, out, _ = run(["import", str(deck_file)], db, clock)
    assert "deck da-slide-166-a-slide-189 (md): 0 added, 0 updated, 15 unchanged, 0 retired" in out


def test_tables_fit_a_terminal_by_shortening_or_dropping_the_last_column() -> None:
    header = ("DECK", "CARDS", "TITLE")
    rows = [("optimizers", "12", "Optimizers and their learning rates")]
    full = format_table(header, rows, right={1})
    assert full.splitlines()[1] == "optimizers     12  Optimizers and their learning rates"
    assert format_table(header, rows, right={1}, width=200) == full
    assert format_table(header, rows, right={1}, width=30).splitlines() == [
        "DECK        CARDS  TITLE",
        "optimizers     12  Optimizers…",
    ]
    assert format_table(header, rows, right={1}, width=22).splitlines() == [
        "DECK        CARDS",
        "optimizers     12",
    ]


def test_bad_demo_links_fail_the_import_with_their_lines(
    db: str, clock: FixedClock, write_deck: WriteDeck
) -> None:
    bad = write_deck(
        "links.md",
        "## Q1\nA\n\ndemo:: momentum lr=5 steps=100\n\n## Q2\nB\n\ndemo:: momentun\n\n"
        "## Q3\nC\n\ndemo:: sgd batch_size=1.5\n",
    )
    code, _, err = run(["import", str(bad)], db, clock)
    assert code == 2
    assert err.splitlines()[:3] == [
        f'{bad}:4: card "Q1": demo "momentum" parameter "lr" must be at most 0.1, not 5',
        f'{bad}:9: card "Q2": demo "momentun" is not a known demo (did you mean "momentum"?)',
        f'{bad}:14: card "Q3": demo "sgd" parameter "batch_size" must be a whole number, not 1.5',
    ]
    assert "links" not in run(["decks"], db, clock)[1]


def test_an_anki_package_imports_with_its_remarks(
    db: str, clock: FixedClock, tmp_path: Path
) -> None:
    from tests.decks.anki.builders import build_package, study_sample

    package = build_package(tmp_path / "anki", study_sample, legacy=False)
    code, out, err = run(["import", str(package)], db, clock)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{package}: deck neural-nets-optimizers (Anki package): 5 added, 0 updated, 0 unchanged, "
        "0 retired",
        f"{package}: deck neural-nets (Anki package): 1 added, 0 updated, 0 unchanged, 0 retired",
        "  2 media files not imported (the terminal shows no images or sounds; cards name them): "
        "curve.png, say.mp3",
    ]
    code, out, _ = run(["export", "neural-nets"], db, clock)
    assert "title: Neural nets\n" in out
    assert "type:: reversible" in out


def test_a_broken_anki_package_exits_2_and_imports_nothing(
    db: str, clock: FixedClock, tmp_path: Path
) -> None:
    broken = tmp_path / "shared.apkg"
    broken.write_bytes(b"PK\x03\x04 an interrupted download")
    code, out, err = run(["import", str(broken)], db, clock)
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"{broken}: is not an Anki package: it is not a zip file, or it is truncated "
        "(an interrupted download?)",
        "studyapp: 1 file(s) had errors and were not imported; 0 imported",
    ]
    assert run(["decks"], db, clock)[1] == "No decks yet: studyapp import PATH\n"


def test_export_as_an_anki_package_and_back(
    db: str,
    clock: FixedClock,
    write_deck: WriteDeck,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run(["import", str(write_deck("optimizers.md", DECK))], db, clock)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["export", "optimizers", "-f", "apkg"], db, clock)
    assert (code, out) == (0, "")
    assert err == (
        "wrote optimizers.apkg: 1 deck, 2 notes (2 Anki cards); "
        "open it in Anki with File > Import\n"
    )
    assert zipfile.ZipFile(tmp_path / "optimizers.apkg").namelist() == ["collection.anki2", "media"]
    code, out, _ = run(["import", "optimizers.apkg"], db, clock)
    assert out.splitlines() == [
        "optimizers.apkg: deck optimizers (Anki package): "
        "0 added, 0 updated, 2 unchanged, 0 retired",
        f"  note: deck optimizers was last imported from {tmp_path / 'optimizers.md'}",
    ]
    code, _, err = run(["export", "--all", "-f", "apkg", "-o", "all/decks.apkg"], db, clock)
    assert code == 2
    assert err == "studyapp: cannot write all/decks.apkg: No such file or directory\n"


def test_the_error_count_counts_files_not_the_decks_of_a_package(
    db: str, clock: FixedClock, tmp_path: Path
) -> None:
    from tests.decks.anki.builders import build_package, study_sample

    package = build_package(tmp_path / "anki", study_sample, legacy=True)
    broken = tmp_path / "broken.apkg"
    broken.write_bytes(package.read_bytes()[:2000])
    code, out, err = run(["import", str(broken), str(package)], db, clock)
    assert code == 2
    assert len(out.splitlines()) == 3  # two decks and the media remark
    assert err.splitlines()[-1] == (
        "studyapp: 1 file(s) had errors and were not imported; 1 imported"
    )


def test_an_anki_export_carries_the_progress_unless_asked_not_to(
    db: str, clock: FixedClock, write_deck: WriteDeck, tmp_path: Path
) -> None:
    from studyapp.collection import Collection

    run(["import", str(write_deck("optimizers.md", DECK))], db, clock)
    collection = Collection.open(f"sqlite:///{db}", clock, bundled=False)
    first = collection.scope_cards(Scope())[0]
    collection.rate(first.id, 4)
    collection.close()
    code, _, err = run(
        ["export", "optimizers", "-f", "apkg", "-o", str(tmp_path / "a.apkg")], db, clock
    )
    assert (code, err) == (
        0,
        f"wrote {tmp_path / 'a.apkg'}: 1 deck, 2 notes (2 Anki cards), 1 review of history; "
        "open it in Anki with File > Import\n",
    )
    args = ["export", "optimizers", "-f", "apkg", "--no-progress", "-o", str(tmp_path / "b.apkg")]
    code, _, err = run(args, db, clock)
    assert "history" not in err


HOSTILE = "\x1b]52;c;SGVsbG8=\x07 \x1b[2J \u202eevil\u202c \x9b31m"
HOSTILE_DECK = """\
id: hostile
title: "Title \\e]52;c;SGVsbG8=\\a \\e[2J \\u202Eevil\\u202C \\x9b31m"
cards:
  - question: "Question \\e]52;c;SGVsbG8=\\a \\e[2J \\u202Eevil\\u202C \\x9b31m"
    answer: "=1+1"
"""


class Terminal(io.StringIO):
    """Output that says it is a terminal."""

    def isatty(self) -> bool:
        return True


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


def test_an_export_to_a_pipe_or_file_is_data_and_keeps_its_text(
    db: str, clock: FixedClock, write_deck: WriteDeck, tmp_path: Path
) -> None:
    run(["import", str(write_deck("hostile.yaml", HOSTILE_DECK))], db, clock)
    _, out, _ = run(["export", "hostile", "-f", "yaml"], db, clock)
    assert "\\e]52;c;SGVsbG8=\\a" in out or "\x1b]52" in out  # YAML escapes, or raw
    _, out, _ = run(["export", "hostile", "-f", "csv"], db, clock)
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["question"] == "Question " + HOSTILE
    assert row["answer"] == "'=1+1"  # a spreadsheet shows it as text
    code, _, _ = run(["export", "hostile", "-f", "md", "-o", str(tmp_path / "h.md")], db, clock)
    assert code == 0
    code, out, _ = run(["import", str(tmp_path / "h.md")], db, clock)
    assert code == 0
    assert "0 added, 0 updated, 1 unchanged, 0 retired\n" in out  # the same card


def test_export_to_a_file_replaces_it_whole_or_not_at_all(
    db: str,
    clock: FixedClock,
    write_deck: WriteDeck,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno

    from studyapp import atomic_file

    run(["import", str(write_deck("optimizers.md", DECK))], db, clock)
    run(["import", str(write_deck("hostile.yaml", HOSTILE_DECK))], db, clock)
    folder = tmp_path / "out"
    folder.mkdir()
    for name in ("keep.md", "keep.csv", "optimizers.md"):
        (folder / name).write_text("old\n", "utf-8")

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(atomic_file.os, "fsync", disk_full)
        for fmt in ("md", "csv"):
            target = folder / f"keep.{fmt}"
            code, out, err = run(["export", "optimizers", "-f", fmt, "-o", str(target)], db, clock)
            assert (code, out, err) == (
                2,
                "",
                f"studyapp: cannot write {target}: No space left on device\n",
            )
        code, _, err = run(["export", "--all", "-o", str(folder)], db, clock)
        assert (code, err) == (
            2,
            f"studyapp: cannot write the deck files in {folder}: No space left on device\n",
        )
        assert sorted(path.name for path in folder.iterdir()) == [
            "keep.csv",
            "keep.md",
            "optimizers.md",
        ]
        assert {path.read_text("utf-8") for path in folder.iterdir()} == {"old\n"}
    code, _, err = run(["export", "--all", "-o", str(folder)], db, clock)
    assert (code, err) == (0, f"wrote 2 deck files to {folder}\n")
    assert (folder / "optimizers.md").read_text("utf-8").startswith("---\nid: optimizers\n")


def test_a_store_error_under_a_command_is_one_line(
    db: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyapp.store.database import StoreError

    def read_only(*args: object) -> list[str]:
        raise StoreError(f"cannot write to the database {db}: it is read-only")

    run(["config"], db, clock)  # the store exists
    monkeypatch.setattr("studyapp.collection.Collection.deck_keys", read_only)
    code, out, err = run(["export", "--all", "-f", "json"], db, clock)
    assert (code, out) == (2, "")
    assert err == f"studyapp: cannot write to the database {db}: it is read-only\n"


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
