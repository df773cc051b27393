"""``studyapp export``: every format, Anki packages, data kept exact, files written whole."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from studyapp.clock import FixedClock
from studyapp.scope import Scope
from tests.cli.conftest import DECK, HOSTILE, HOSTILE_DECK, SEEDS, run
from tests.conftest import WriteDeck


def test_export_formats(db: str, clock: FixedClock, write_deck: WriteDeck, tmp_path: Path) -> None:
    run(["import", str(write_deck("optimizers.md", DECK))], db, clock)
    code, out, _ = run(["export", "optimizers", "--format", "json"], db, clock)
    cards = json.loads(out)
    assert code == 0
    assert [set(card) for card in cards] == [
        {
            "id",
            "deck",
            "question",
            "answer",
            "type",
            "short",
            "accepted",
            "tags",
            "demo",
            "note",
            "numeric",
        }
    ] * 2
    assert cards[0]["tags"] == ["optimizers", "momentum"]
    assert cards[1]["type"] == "cloze"
    _, out, _ = run(["export", "optimizers", "-f", "csv"], db, clock)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["tags"] == "optimizers momentum"
    assert rows[1]["question"] == "In {{RMSProp}}, the step shrinks along steep dimensions."
    _, md, _ = run(["export", "optimizers"], db, clock)
    _, yml, _ = run(["export", "optimizers", "-f", "yaml"], db, clock)
    # an exported deck file is another file claiming the deck: refused, unless it replaces
    # the deck's source, and then it imports back as the same cards: nothing changes
    code, _, err = run(["import", str(write_deck("again.md", md))], db, clock)
    assert code == 2
    assert "--replace" in err
    for name, text in (("again.md", md), ("again.yaml", yml)):
        code, out, _ = run(["import", "--replace", str(write_deck(name, text))], db, clock)
        assert "0 added, 0 updated, 2 unchanged, 0 retired" in out
    code, _, _ = run(["export", "--all", "-f", "yaml", "-o", str(tmp_path / "out")], db, clock)
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["optimizers.yaml"]
    code, _, err = run(["export", "--all", "-f", "md"], db, clock)
    assert code == 2
    assert "give a folder with -o" in err


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
    code, out, _ = run(["import", "--replace", str(deck_file)], db, clock)
    assert "deck da-slide-166-a-slide-189 (md): 0 added, 0 updated, 15 unchanged, 0 retired" in out


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
    assert out.splitlines() == [  # the deck came home: it keeps its deck file as its source
        "optimizers.apkg: deck optimizers (Anki package): "
        "0 added, 0 updated, 2 unchanged, 0 retired",
    ]
    code, _, err = run(["export", "--all", "-f", "apkg", "-o", "all/decks.apkg"], db, clock)
    assert code == 2
    assert err == "studyapp: cannot write all/decks.apkg: No such file or directory\n"


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
    code, out, _ = run(["import", "--replace", str(tmp_path / "h.md")], db, clock)
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
