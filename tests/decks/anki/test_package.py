"""Reading Anki packages: both collection formats, and every way a package can be bad."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
import zstandard

from studyapp.decks.anki.package import AnkiPackage, read_package
from studyapp.decks.errors import DeckError
from tests.decks.anki.builders import answer_cards, build_package, rewrite_member, study_sample


def _sample_with_history(collection) -> None:  # type: ignore[no-untyped-def]
    study_sample(collection)
    answer_cards(collection, "Neural nets::Optimizers", [1, 3, 3, 4])


@pytest.fixture(scope="module", params=["anki21b", "anki21"])
def sample(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    legacy = request.param == "anki21"
    return build_package(
        tmp_path_factory.mktemp(request.param), _sample_with_history, legacy=legacy
    )


def test_the_newest_collection_in_the_package_is_read(sample: Path) -> None:
    package = read_package(sample)
    names = zipfile.ZipFile(sample).namelist()
    assert "collection.anki2" in names  # the "please update Anki" stub, never read
    expected = "collection.anki21b" if "collection.anki21b" in names else "collection.anki21"
    assert package.collection == expected


def test_note_types_keep_their_fields_templates_and_kind(sample: Path) -> None:
    types = {t.name: t for t in read_package(sample).note_types.values()}
    assert types["Cloze"].is_cloze
    assert not types["Basic"].is_cloze
    assert types["Cloze"].fields == ("Text", "Back Extra")
    assert "{{cloze:Text}}" in types["Cloze"].templates[0].front
    reversed_type = types["Basic (and reversed card)"]
    assert [t.front for t in reversed_type.templates] == ["{{Front}}", "{{Back}}"]
    assert "{{Back}}" in reversed_type.templates[0].back


def test_decks_have_full_names_and_descriptions(sample: Path) -> None:
    decks = {deck.name: deck for deck in read_package(sample).decks.values()}
    assert {"Neural nets", "Neural nets::Optimizers"} <= set(decks)
    assert decks["Neural nets::Optimizers"].description == "About <b>optimizers</b>"


def test_notes_cards_and_tags(sample: Path) -> None:
    package = read_package(sample)
    assert len(package.notes) == 6
    # basic 1 + 1, cloze with c1 and c2: 2, reversed: 2, optional reverse: 1 + 2
    assert len(package.cards) == 9
    first = package.notes[0]
    assert first.fields == (
        "What does <b>SGD</b> stand for?",
        "<div>Stochastic gradient descent</div><ul><li>one</li><li>two &amp; three</li></ul>",
    )
    assert set(first.tags) == {"optimizers", "ml::sgd"}


def test_the_review_log_and_media_list_are_read(sample: Path) -> None:
    package = read_package(sample)
    assert [review.button for review in package.reviews] == [1, 3, 3, 4]
    assert all(review.reviewed_at.tzinfo is not None for review in package.reviews)
    assert {review.card_id for review in package.reviews} <= {card.id for card in package.cards}
    assert sorted(package.media) == ["curve.png", "say.mp3"]


def _error(path: Path) -> str:
    with pytest.raises(DeckError) as caught:
        read_package(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    return message


def test_a_file_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "notes.apkg"
    path.write_text("front;back\n")
    assert "not a zip file" in _error(path)


def test_a_truncated_package(sample: Path, tmp_path: Path) -> None:
    data = sample.read_bytes()
    path = tmp_path / "cut.apkg"
    path.write_bytes(data[: len(data) // 2])
    assert "truncated" in _error(path)


def test_a_damaged_member(sample: Path, tmp_path: Path) -> None:
    data = bytearray(sample.read_bytes())
    with zipfile.ZipFile(sample) as archive:
        info = next(i for i in archive.infolist() if i.filename.startswith("collection.anki21"))
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle : middle + 16] = bytes(16)  # zeroes over the middle of the collection
    path = tmp_path / "damaged.apkg"
    path.write_bytes(bytes(data))
    message = _error(path)
    assert "damaged" in message or "not a readable SQLite collection" in message


def test_a_zip_without_a_collection(tmp_path: Path) -> None:
    path = tmp_path / "photos.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("0", b"\x89PNG")
        archive.writestr("media", "{}")
    assert "holds no Anki collection" in _error(path)


def test_a_collection_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "junk.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("collection.anki2", b"this is not a database" * 100)
    assert "collection.anki2 is not a readable SQLite collection" in _error(path)


def test_a_sqlite_file_without_anki_tables(tmp_path: Path) -> None:
    database = tmp_path / "other.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    connection.close()
    path = tmp_path / "other.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(database, "collection.anki2")
    message = _error(path)
    assert "is not an Anki collection" in message
    assert "cards, col, revlog" in message


def test_an_unknown_schema_version(sample: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(sample) as archive:
        member = next(n for n in archive.namelist() if n.startswith("collection.anki21"))
        data = archive.read(member)
    if member.endswith("b"):
        data = zstandard.ZstdDecompressor().stream_reader(data).read()
    database = tmp_path / "collection.sqlite3"
    database.write_bytes(data)
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE col SET ver = 99")
    connection.close()
    changed = database.read_bytes()
    if member.endswith("b"):
        changed = zstandard.ZstdCompressor().compress(changed)
    path = rewrite_member(sample, member, changed, tmp_path / "future.apkg")
    assert "has collection schema 99" in _error(path)


def test_a_package_from_a_newer_anki(sample: Path, tmp_path: Path) -> None:
    path = rewrite_member(sample, "meta", b"\x08\x04", tmp_path / "newer.apkg")
    message = _error(path)
    assert "version 4 package" in message
    assert "Support older Anki versions" in message


@pytest.fixture(scope="module")
def modern(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_package(tmp_path_factory.mktemp("modern"), study_sample, legacy=False)


def test_a_package_whose_new_collection_is_missing(modern: Path, tmp_path: Path) -> None:
    path = rewrite_member(modern, "collection.anki21b", None, tmp_path / "gutted.apkg")
    assert "collection.anki21b, but that file is missing" in _error(path)


def test_a_cut_short_compressed_collection(modern: Path, tmp_path: Path) -> None:
    data = zipfile.ZipFile(modern).read("collection.anki21b")
    path = rewrite_member(modern, "collection.anki21b", data[: len(data) // 2], tmp_path / "z.apkg")
    assert "collection.anki21b is cut short" in _error(path)


def test_a_compressed_collection_that_is_not_zstd(modern: Path, tmp_path: Path) -> None:
    path = rewrite_member(modern, "collection.anki21b", b"SQLite format 3\x00", tmp_path / "z.apkg")
    assert "collection.anki21b cannot be extracted" in _error(path)


def test_an_empty_collection(modern: Path, tmp_path: Path) -> None:
    empty = zstandard.ZstdCompressor().compress(b"")
    path = rewrite_member(modern, "collection.anki21b", empty, tmp_path / "empty.apkg")
    assert "collection.anki21b is empty" in _error(path)


def test_an_unreadable_media_list_still_counts_the_files(sample: Path, tmp_path: Path) -> None:
    path = rewrite_member(sample, "media", b"\xff\x00 not a list", tmp_path / "media.apkg")
    package: AnkiPackage = read_package(path)
    assert sorted(package.media) == ["0", "1"]


def test_a_missing_file(tmp_path: Path) -> None:
    assert "no such file" in _error(tmp_path / "nowhere.apkg")


def test_the_sample_package_in_data_exports() -> None:
    package = read_package(Path(__file__).parents[3] / "data" / "exports" / "anki-optimizers.apkg")
    assert package.collection == "collection.anki21b"
    assert (len(package.notes), len(package.cards), len(package.reviews)) == (6, 9, 6)
    assert sorted(package.media) == ["curve.png", "say.mp3"]
