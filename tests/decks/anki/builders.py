"""Small Anki packages for the tests, written by Anki's own backend (the ``anki`` package).

Each builder makes a fresh Anki collection in a folder, fills it through Anki's API (so the
packages are exactly what Anki writes) and exports it, modern (``collection.anki21b``) or
legacy (``collection.anki21``).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from anki.collection import Collection, ExportAnkiPackageOptions
from anki.decks import DeckId

Filler = Callable[[Collection], None]


def build_package(folder: Path, fill: Filler, *, legacy: bool, name: str = "deck.apkg") -> Path:
    """A package of the collection ``fill`` makes, with scheduling and media."""
    folder.mkdir(parents=True, exist_ok=True)
    collection = Collection(str(folder / "collection.anki2"))
    try:
        fill(collection)
        path = folder / name
        options = ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=False, with_media=True, legacy=legacy
        )
        collection.export_anki_package(out_path=str(path), options=options, limit=None)
    finally:
        collection.close()
    return path


def add_note(
    collection: Collection,
    note_type: str,
    deck: str,
    fields: dict[str, str],
    tags: tuple[str, ...] = (),
) -> int:
    """Add a note of a stock note type to a deck (made if needed); returns the note id."""
    note = collection.new_note(collection.models.by_name(note_type))
    for key, value in fields.items():
        note[key] = value
    note.tags = list(tags)
    collection.add_note(note, DeckId(collection.decks.id(deck)))
    return int(note.id)


def study_sample(collection: Collection) -> None:
    """The sample collection: every stock note type, nested decks, tags, media, history."""
    deck_id = collection.decks.id("Neural nets::Optimizers")
    deck = collection.decks.get(deck_id)
    deck["desc"] = "About <b>optimizers</b>"
    collection.decks.save(deck)
    sgd = "<div>Stochastic gradient descent</div><ul><li>one</li><li>two &amp; three</li></ul>"
    add_note(
        collection, "Basic", "Neural nets::Optimizers",
        {"Front": "What does <b>SGD</b> stand for?", "Back": sgd},
        ("optimizers", "ml::sgd"),
    )  # fmt: skip
    collection.media.write_data("curve.png", b"\x89PNG fake")
    collection.media.write_data("say.mp3", b"ID3 fake")
    add_note(
        collection, "Basic", "Neural nets::Optimizers",
        {"Front": 'Which curve is this? <img src="curve.png">',
         "Back": "The loss [sound:say.mp3]<script>alert(1)</script><style>b{}</style>"},
    )  # fmt: skip
    add_note(
        collection, "Cloze", "Neural nets::Optimizers",
        {"Text": "{{c1::Adam}} keeps {{c2::two moments::how many}}",
         "Back Extra": "Kingma &amp; Ba"},
    )  # fmt: skip
    add_note(
        collection, "Basic (and reversed card)", "Neural nets",
        {"Front": "lr", "Back": "learning rate"},
    )  # fmt: skip
    add_note(
        collection, "Basic (optional reversed card)", "Neural nets::Optimizers",
        {"Front": "EF", "Back": "easiness factor"},
    )  # fmt: skip
    add_note(
        collection, "Basic (optional reversed card)", "Neural nets::Optimizers",
        {"Front": "SM-2", "Back": "SuperMemo 2", "Add Reverse": "y"},
    )  # fmt: skip


def answer_cards(collection: Collection, deck: str, buttons: list[int]) -> None:
    """Study ``deck`` in Anki, pressing these answer buttons (1 Again … 4 Easy) in turn."""
    collection.decks.select(DeckId(collection.decks.id(deck)))
    for button in buttons:
        card = collection.sched.getCard()
        assert card is not None, "nothing left to study"
        collection.sched.answerCard(card, button)  # type: ignore[arg-type]


def rewrite_member(package: Path, member: str, data: bytes | None, target: Path) -> Path:
    """A copy of ``package`` with one zip member replaced (or removed, for ``None``)."""
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            if info.filename != member:
                copy.writestr(info, source.read(info.filename))
        if data is not None:
            copy.writestr(member, data)
    return target


def build_collection_package(folder: Path, fill: Filler, name: str = "backup.colpkg") -> Path:
    """A whole-collection backup (``.colpkg``) of the collection ``fill`` makes."""
    folder.mkdir(parents=True, exist_ok=True)
    collection = Collection(str(folder / "collection.anki2"))
    try:
        fill(collection)
        path = folder / name
        collection.export_collection_package(str(path), include_media=True, legacy=False)
    finally:
        collection.close()
    return path
