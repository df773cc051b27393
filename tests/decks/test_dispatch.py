"""Which reader each file given to import goes to: by --format, else by the file's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.decks.dispatch import (
    AnkiPackageSource,
    DeckBackupSource,
    DeckFileSource,
    ImportSource,
    OtherAppSource,
    import_source,
    text_source,
)


@pytest.mark.parametrize(
    ("name", "fmt", "source"),
    [
        ("deck.md", None, DeckFileSource("md")),
        ("Deck.MARKDOWN", None, DeckFileSource("md")),
        ("deck.yaml", None, DeckFileSource("yaml")),
        ("deck.YML", None, DeckFileSource("yaml")),
        ("deck.apkg", None, AnkiPackageSource()),
        ("backup.COLPKG", None, AnkiPackageSource()),
        ("cards.txt", None, OtherAppSource(None)),
        ("no_suffix", None, OtherAppSource(None)),
        # A format named wins over the file's name.
        ("cards.txt", "md", DeckFileSource("md")),
        ("deck.md", "yaml", DeckFileSource("yaml")),
        ("cards.txt", "apkg", AnkiPackageSource()),
        ("deck.md", "apkg", AnkiPackageSource()),
        ("deck.apkg", "quizlet", OtherAppSource("quizlet")),
        ("deck.md", "knowt", OtherAppSource("knowt")),
        # An unknown name goes to the other apps' reader, which names the formats it knows.
        ("deck.md", "nope", OtherAppSource("nope")),
    ],
)
def test_import_source(name: str, fmt: str | None, source: ImportSource) -> None:
    assert import_source(Path(name), fmt) == source


@pytest.mark.parametrize(
    ("name", "fmt", "source"),
    [
        ("deck.md", None, DeckFileSource("md")),
        ("cards.txt", "yaml", DeckFileSource("yaml")),
        ("deck.apkg", None, OtherAppSource(None)),
        ("deck.md", "apkg", OtherAppSource("apkg")),
    ],
)
def test_text_source_never_names_a_package(
    name: str, fmt: str | None, source: ImportSource
) -> None:
    assert text_source(Path(name), fmt) == source


def test_a_deck_backup_is_known_by_its_name() -> None:
    assert import_source(Path("alpha-20260101T000000Z.studyapp-deck.json")) == DeckBackupSource()
    assert import_source(Path("ALPHA.STUDYAPP-DECK.JSON")) == DeckBackupSource()
    assert import_source(Path("alpha.json")) != DeckBackupSource()
    assert import_source(Path("x.studyapp-deck.json"), "quizlet") != DeckBackupSource()
