"""``studyapp deck adopt DECK PATH``: a deck written to a file that is its source from then on."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.decks.files import load_deck
from studyapp.scheduling.rating import Rating
from studyapp.scope import Scope
from studyapp.store.schema import cards, decks
from tests.cli.conftest import run

EXPORT = "What is an epoch?,One pass over the data\nWhat is a batch?,Examples of one step\n"
BUNDLED = """---
id: bundled-basics
title: Bundled basics
---
## What is a learning rate?
The step size.
"""

#: A card whose question has two lines, which a Markdown heading can't hold.
LINES = """id: lines
cards:
  - question: |
      What is
      an epoch?
    answer: One pass
"""


def _open(db: str, clock: FixedClock, bundled: Path | bool = False) -> Collection:
    return Collection.open(f"sqlite:///{db}", clock, bundled=bundled)


def _deck_source(db: str, clock: FixedClock, key: str) -> tuple[str | None, str | None]:
    collection = _open(db, clock)
    try:
        with collection.engine.connect() as connection:
            row = connection.execute(
                select(decks.c.origin_kind, decks.c.origin).where(decks.c.key == key)
            ).one()
        return row.origin_kind, row.origin
    finally:
        collection.close()


@pytest.fixture
def exported(db: str, clock: FixedClock, tmp_path: Path) -> str:
    """The store holds deck ``export`` from a CSV export, one card rated, one edited in the app."""
    csv = tmp_path / "export.csv"
    csv.write_text(EXPORT, encoding="utf-8")
    collection = _open(db, clock)
    try:
        collection.import_file(csv)
        first, second = collection.scope_cards(Scope())
        collection.rate(first.id, Rating(4))
        collection.edit_card(second.id, {"answer": "The examples of one gradient step"})
    finally:
        collection.close()
    return "export"


@pytest.mark.parametrize("name", ["export.md", "export.yaml"])
def test_adopting_writes_the_deck_and_makes_the_file_its_source(
    db: str, clock: FixedClock, tmp_path: Path, exported: str, name: str
) -> None:
    path = tmp_path / "decks" / name
    path.parent.mkdir()
    code, out, err = run(["deck", "adopt", exported, str(path)], db, clock)
    assert (code, err) == (0, "")
    assert out == (
        f"wrote deck export (2 cards) to {path}; it is the deck's source now: edit it, then "
        f"studyapp import {path}\n"
    )
    deck = load_deck(path)
    assert [(card.question, card.answer) for card in deck.cards] == [
        ("What is an epoch?", "One pass over the data"),
        ("What is a batch?", "The examples of one gradient step"),  # the edit is in the file
    ]
    assert _deck_source(db, clock, exported) == ("file", str(path.resolve()))
    collection = _open(db, clock)
    try:
        with collection.engine.connect() as connection:
            edited = connection.scalars(select(cards.c.edited_at)).all()
        assert edited == [None, None]  # the file is the truth now
        history = collection.card_detail(collection.scope_cards(Scope())[0].id).reviews
        assert [review.rating for review in history] == [4]
    finally:
        collection.close()

    code, out, _ = run(["import", str(path)], db, clock)
    assert code == 0
    assert out.endswith("0 added, 0 updated, 2 unchanged, 0 retired\n")
    path.write_bytes(path.read_bytes() + b"\n")  # read again, not skipped: still the same cards
    code, out, _ = run(["import", str(path)], db, clock)
    assert code == 0
    assert out.endswith("0 added, 0 updated, 2 unchanged, 0 retired\n")


def test_an_existing_file_is_kept_unless_forced(
    db: str, clock: FixedClock, tmp_path: Path, exported: str
) -> None:
    path = tmp_path / "mine.md"
    path.write_bytes(b"my own notes\n")
    code, out, err = run(["deck", "adopt", exported, str(path)], db, clock)
    assert (code, out) == (2, "")
    assert err == (
        f"studyapp: {path} exists: nothing was written (choose another name, or --force to "
        "overwrite it)\n"
    )
    assert path.read_bytes() == b"my own notes\n"
    assert _deck_source(db, clock, exported)[0] == "export"

    code, _, _ = run(["deck", "adopt", exported, str(path), "--force"], db, clock)
    assert code == 0
    assert load_deck(path).id == exported


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "x.md"], 'studyapp: no deck "nope" (decks: export)'),
        (["export", "x.txt"], "a deck file's name ends in .md, .markdown, .yaml, .yml"),
    ],
)
def test_a_bad_deck_or_name_is_refused_and_nothing_is_written(
    db: str,
    clock: FixedClock,
    tmp_path: Path,
    exported: str,
    args: list[str],
    message: str,
) -> None:
    target = tmp_path / args[1]
    code, _, err = run(["deck", "adopt", args[0], str(target)], db, clock)
    assert code == 2
    assert message in err
    assert not target.exists()
    assert _deck_source(db, clock, exported)[0] == "export"


def test_a_card_markdown_cannot_hold_is_refused_and_yaml_takes_it(
    db: str, clock: FixedClock, tmp_path: Path
) -> None:
    source = tmp_path / "source" / "lines.yaml"
    source.parent.mkdir()
    source.write_text(LINES, encoding="utf-8")
    assert run(["import", str(source)], db, clock)[0] == 0
    md = tmp_path / "lines.md"
    code, _, err = run(["deck", "adopt", "lines", str(md)], db, clock)
    assert code == 2
    assert "export this deck as YAML" in err
    assert not md.exists()
    code, _, _ = run(["deck", "adopt", "lines", str(tmp_path / "lines.yaml")], db, clock)
    assert code == 0


def test_an_adopted_bundled_deck_is_left_alone_by_the_bundled_updates(
    tmp_path: Path, clock: FixedClock
) -> None:
    db = str(tmp_path / "bundled.sqlite3")
    folder = tmp_path / "bundled"
    folder.mkdir()
    (folder / "basics.md").write_text(BUNDLED, encoding="utf-8")
    _open(db, clock, bundled=folder).close()
    assert _deck_source(db, clock, "bundled-basics")[0] == "bundled"
    path = tmp_path / "basics.md"
    collection = _open(db, clock)
    try:
        collection.adopt_deck("bundled-basics", path)
    finally:
        collection.close()

    # the app is upgraded: its bundled deck changes
    (folder / "basics.md").write_text(BUNDLED.replace("The step size.", "New"), encoding="utf-8")
    collection = _open(db, clock, bundled=folder)
    try:
        assert collection.bundled_errors == []
        assert collection.export_deck("bundled-basics") == load_deck(path)
        with collection.engine.connect() as connection:
            answers = connection.scalars(select(cards.c.answer)).all()
        assert answers == ["The step size."]
    finally:
        collection.close()
    assert _deck_source(db, clock, "bundled-basics") == ("file", str(path.resolve()))
