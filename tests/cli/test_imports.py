"""``studyapp import``: deck files, other apps' exports and Anki packages, reports and errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studyapp.cli import imports
from studyapp.clock import FixedClock
from tests.cli.conftest import DECK, SEEDS, run
from tests.conftest import WriteDeck


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
    assert "1 file had errors and was not imported; 1 imported" in err
    assert "deck optimizers" in out
    _, decks, _ = run(["decks"], db, clock)
    assert "bad" not in decks


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
    ]  # one file: its error says it all
    assert run(["decks"], db, clock)[1] == "No decks yet: studyapp import PATH\n"


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
    assert err.splitlines()[-1] == ("studyapp: 1 file had errors and was not imported; 1 imported")


def test_a_big_import_says_it_is_at_work_then_how_long_it_took(
    db: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = Path(__file__).resolve().parents[2] / "data" / "exports" / "anki-optimizers.apkg"
    code, out, err = run(["import", str(package)], db, clock)
    assert (code, err) == (0, "")  # a small file: nothing but the report
    monkeypatch.setattr(imports, "SLOW_IMPORT_BYTES", package.stat().st_size)
    code, out, err = run(["import", str(package), "--deck", "another"], db, clock)
    assert code == 0
    assert re.fullmatch(r"Importing anki-optimizers\.apkg… \d+\.\d s\n", err), err
    assert "(Anki package): 5 added" in out
