"""The Anki package export, checked by opening what it writes with Anki's own backend."""

from __future__ import annotations

import html
import os
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import genanki
import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER, ImportResponse
from anki.models import MODEL_CLOZE, MODEL_STD
from anki.notes import Note

from studyapp.decks.anki.export import (
    BASIC_NOTE_TYPE,
    CLOZE_NOTE_TYPE,
    REVERSIBLE_NOTE_TYPE,
    ExportSummary,
    anki_deck_id,
    note_guid,
    note_type_id,
    numeric_field,
    one_drawn_instance,
    write_apkg,
)
from studyapp.decks.anki.field_html import cloze_markdown_to_html, markdown_to_html, text_to_html
from studyapp.decks.files import bundled_deck_files, load_deck
from studyapp.decks.markdown import format_demo_link, parse_demo_link
from studyapp.decks.models import CardSpec, DeckSpec, DemoLink
from studyapp.demos.registry import ParamSpec
from tests.conftest import temporary_demo

BUNDLED_CARDS = Path(__file__).parents[3] / "cards"
NOTE_TYPES = {
    "basic": BASIC_NOTE_TYPE,
    "reversible": REVERSIBLE_NOTE_TYPE,
    "cloze": CLOZE_NOTE_TYPE,
}


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    """An empty Anki collection in a folder of its own."""
    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()


def import_package(col: Collection, path: Path) -> ImportResponse.Log:
    """Import a package with the options Anki's import screen starts with; the import log."""
    options = ImportAnkiPackageOptions(
        merge_notetypes=False,
        update_notes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        update_notetypes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        with_scheduling=False,
        with_deck_configs=False,
    )
    request = ImportAnkiPackageRequest(package_path=str(path), options=options)
    return col.import_anki_package(request).log


def bundled_decks() -> list[DeckSpec]:
    return [load_deck(path) for path in bundled_deck_files(BUNDLED_CARDS)]


def hand_made_decks() -> list[DeckSpec]:
    """Small decks with every card type and field, and a nested deck title."""
    optimizers = DeckSpec(
        id="optimizers",
        title="Optimizers",
        description="How **optimizers** move the weights.",
        cards=[
            CardSpec(
                id="momentum",
                question="What does momentum add to SGD?",
                answer="A running average of past gradients:\n\n- keeps direction\n- damps noise",
                short="A running average of past gradients",
                accepted=["momentum & its <average>", "velocity"],
                tags=["optimizers", "momentum"],
                distractors=["A per-parameter <rate>", "Batch & layer norm"],
                demo=DemoLink(name="momentum", params={"lr": 0.01, "momentum": 0.9}),
                source="Lecture 10, slide 3",
                note="The seed said a plain <average>.\n\nIt is a decaying sum & more.",
            ),
            CardSpec(
                id="adam-definition",
                question="Adam",
                answer="Momentum plus **RMSProp**-style scaling",
                type="reversible",
                tags=["optimizers"],
            ),
            CardSpec(
                id="rmsprop-cloze",
                question="In {{RMSProp::an optimizer}}, steps shrink along {{steeper}} directions.",
                answer="It divides by a running RMS of gradients.",
                type="cloze",
                tags=["cloze", "optimizers"],
            ),
        ],
    )
    nested = DeckSpec(
        id="schedules",
        title="Training::Schedules",
        cards=[
            CardSpec(
                id="step-decay",
                question="What does step decay do to the learning rate?",
                answer="Multiplies it by `gamma` every `step_size` epochs",
            ),
            CardSpec(
                id="one-cycle",
                question="{{One-cycle}} raises, then lowers the rate.",
                type="cloze",
            ),
        ],
    )
    return [optimizers, nested]


def notes_by_guid(col: Collection) -> dict[str, Note]:
    """Every note of the collection, by its GUID."""
    notes = [col.get_note(note_id) for note_id in col.find_notes("")]
    return {note.guid: note for note in notes}


def note_of(col: Collection, deck_id: str, card_id: str) -> Note:
    """The note of one exported card."""
    return notes_by_guid(col)[note_guid(deck_id, card_id)]


def note_type_name(note: Note) -> str:
    note_type = note.note_type()
    assert note_type is not None
    return str(note_type["name"])


# --- the bundled decks ---------------------------------------------------------------------


def test_bundled_decks_open_in_anki_with_every_card(tmp_path: Path, collection: Collection) -> None:
    decks = bundled_decks()
    path = tmp_path / "bundled.apkg"
    cards = [(deck, card) for deck in decks for card in deck.cards]
    reversible = sum(card.type == "reversible" for _, card in cards)

    summary = write_apkg(decks, path)
    log = import_package(collection, path)

    assert summary == ExportSummary(
        notes=len(cards), cards=len(cards) + reversible, decks=len(decks)
    )
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (len(cards), 0, 0)
    assert collection.note_count() == summary.notes
    assert collection.card_count() == summary.cards
    names = {deck.name for deck in collection.decks.all_names_and_ids()}
    assert names == {"Default", *(deck.title for deck in decks)}
    notes = notes_by_guid(collection)
    for deck, written in cards:
        assert written.id is not None
        note = notes[note_guid(deck.id, written.id)]
        card = one_drawn_instance(written) if written.numeric else written  # one instance
        assert sorted(note.tags) == sorted(card.tags)
        assert note_type_name(note) == NOTE_TYPES[card.type]
        anki_cards = note.cards()
        assert len(anki_cards) == (2 if card.type == "reversible" else 1)
        if card.type == "cloze":
            assert note["Text"] == cloze_markdown_to_html(card.question)
            assert note["Back Extra"] == markdown_to_html(card.answer)
            assert '<span class="cloze"' in anki_cards[0].question()
        else:
            assert note["Front"] == markdown_to_html(card.question)
            assert note["Back"] == markdown_to_html(card.answer)
        assert note["Short answer"] == html.escape(card.short or "")
        assert note["Distractors"] == "<br>".join(html.escape(d) for d in card.distractors)
        assert note["Demo"] == (html.escape(format_demo_link(card.demo)) if card.demo else "")
        assert note["Source"] == html.escape(card.source or "")
        assert note["Accepted"] == "<br>".join(html.escape(a) for a in card.accepted)
        assert note["Note"] == text_to_html(card.note or "")
        assert note["Numeric"] == html.escape(numeric_field(written))
        assert bool(note["Numeric"]) == (written.type == "numeric")
        for anki_card in anki_cards:
            assert collection.decks.name(anki_card.did) == deck.title


# --- small decks with every kind of card ---------------------------------------------------


@pytest.fixture
def imported(tmp_path: Path, collection: Collection) -> Collection:
    """The hand-made decks, exported and imported into the collection."""
    path = tmp_path / "hand.apkg"
    summary = write_apkg(hand_made_decks(), path)
    assert summary == ExportSummary(notes=5, cards=6, decks=2)
    import_package(collection, path)
    return collection


def test_notes_cards_and_guids(imported: Collection) -> None:
    assert imported.note_count() == 5
    assert imported.card_count() == 6  # the reversible card makes two
    assert sorted(notes_by_guid(imported)) == [
        "studyapp:optimizers:adam-definition",
        "studyapp:optimizers:momentum",
        "studyapp:optimizers:rmsprop-cloze",
        "studyapp:schedules:one-cycle",
        "studyapp:schedules:step-decay",
    ]


def test_deck_names_nest_and_keep_the_description(imported: Collection) -> None:
    names = {deck.name for deck in imported.decks.all_names_and_ids()}
    assert names == {"Default", "Optimizers", "Training", "Training::Schedules"}
    child = imported.decks.by_name("Training::Schedules")
    parent = imported.decks.by_name("Training")
    assert child is not None
    assert parent is not None
    assert [deck["id"] for deck in imported.decks.parents(child["id"])] == [parent["id"]]
    note = note_of(imported, "schedules", "step-decay")
    assert {imported.decks.name(card.did) for card in note.cards()} == {"Training::Schedules"}
    optimizers = imported.decks.by_name("Optimizers")
    assert optimizers is not None
    assert optimizers["desc"] == "How <strong>optimizers</strong> move the weights."


def test_note_types(imported: Collection) -> None:
    basic = imported.models.by_name(BASIC_NOTE_TYPE)
    reversible = imported.models.by_name(REVERSIBLE_NOTE_TYPE)
    cloze = imported.models.by_name(CLOZE_NOTE_TYPE)
    assert basic is not None
    assert reversible is not None
    assert cloze is not None
    extra = ["Short answer", "Distractors", "Demo", "Source", "Accepted", "Note", "Numeric"]
    assert (basic["type"], reversible["type"], cloze["type"]) == (MODEL_STD, MODEL_STD, MODEL_CLOZE)
    assert imported.models.field_names(basic) == ["Front", "Back", *extra]
    assert imported.models.field_names(reversible) == ["Front", "Back", *extra]
    assert imported.models.field_names(cloze) == ["Text", "Back Extra", *extra]
    templates = {
        name: [(t["name"], t["qfmt"], t["afmt"]) for t in note_type["tmpls"]]
        for name, note_type in [("basic", basic), ("reversible", reversible), ("cloze", cloze)]
    }
    note = '{{#Note}}<div class="note">Note: {{Note}}</div>{{/Note}}'
    front_to_back = ("Card 1", "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}" + note)
    assert templates["basic"] == [front_to_back]
    assert templates["reversible"] == [
        front_to_back,
        ("Card 2", "{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}" + note),
    ]
    assert templates["cloze"] == [
        ("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>{{Back Extra}}" + note)
    ]
    for note_type in (basic, reversible, cloze):
        assert ".note {" in note_type["css"]  # dimmed
        for template in note_type["tmpls"]:
            assert not any(name in template["qfmt"] for name in extra)
            hidden = [name for name in extra if name != "Note"]
            assert not any(name in template["afmt"] for name in hidden)


def test_basic_note_fields_and_tags(imported: Collection) -> None:
    note = note_of(imported, "optimizers", "momentum")
    assert sorted(note.tags) == ["momentum", "optimizers"]
    assert note["Front"] == "What does momentum add to SGD?"
    assert note["Back"] == (
        "<p>A running average of past gradients:</p>\n<ul>\n<li>keeps direction</li>\n"
        "<li>damps noise</li>\n</ul>"
    )
    assert note["Short answer"] == "A running average of past gradients"
    assert note["Distractors"] == "A per-parameter &lt;rate&gt;<br>Batch &amp; layer norm"
    assert note["Demo"] == "momentum lr=0.01 momentum=0.9"
    assert note["Source"] == "Lecture 10, slide 3"
    assert note["Accepted"] == "momentum &amp; its &lt;average&gt;<br>velocity"
    assert note["Note"] == (
        "The seed said a plain &lt;average&gt;.<br><br>It is a decaying sum &amp; more."
    )
    (card,) = note.cards()
    assert "What does momentum add to SGD?" in card.question()
    assert "keeps direction" not in card.question()
    assert "keeps direction" in card.answer()
    assert "Lecture 10" not in card.answer()  # the other extra fields are never shown
    assert "seed said" not in card.question()
    shown_note = '<div class="note">Note: The seed said a plain &lt;average&gt;.<br><br>It is'
    assert shown_note in card.answer()  # the note: on the back, after the answer
    assert card.answer().index("damps noise") < card.answer().index(shown_note)


def test_the_back_shows_no_note_where_a_card_has_none(imported: Collection) -> None:
    for card_id in ("adam-definition", "rmsprop-cloze"):
        for card in note_of(imported, "optimizers", card_id).cards():
            assert 'class="note"' not in card.answer()
            assert "Note:" not in card.answer()


def test_math_goes_to_mathjax_and_the_note_shows_on_the_back(
    tmp_path: Path, collection: Collection
) -> None:
    deck = DeckSpec(
        id="math",
        title="Math",
        cards=[
            CardSpec(
                id="bias",
                question=r"What does Adam divide $\hat m_t$ by?",
                answer="$$1-\\beta_1^t$$\n\nso that $a<b$ and \\$5 stay text",
                note=r"The seed wrote $m_t/(1-b_1^t)$.",
            ),
            CardSpec(id="cloze", question=r"Dropout scales by {{$\frac{1}{1-p}$}}.", type="cloze"),
        ],
    )
    path = tmp_path / "math.apkg"
    write_apkg([deck], path)
    import_package(collection, path)
    bias = note_of(collection, "math", "bias")
    assert bias["Front"] == r"What does Adam divide \(\hat m_t\) by?"
    assert bias["Back"] == (
        "<p>\\[1-\\beta_1^t\\]</p>\n<p>so that \\(a&lt;b\\) and $5 stay text</p>"
    )
    assert bias["Note"] == r"The seed wrote \(m_t/(1-b_1^t)\)."
    (card,) = bias.cards()
    assert r"\(\hat m_t\)" in card.question()
    assert r'<div class="note">Note: The seed wrote \(m_t/(1-b_1^t)\).</div>' in card.answer()
    cloze = note_of(collection, "math", "cloze")
    assert cloze["Text"] == r"Dropout scales by {{c1::\(\frac{1}{1-p}\)}}."
    (cloze_card,) = cloze.cards()
    assert r"\(\frac{1}{1-p}\)" in cloze_card.answer()


def test_reversible_note_makes_two_cards(imported: Collection) -> None:
    note = note_of(imported, "optimizers", "adam-definition")
    assert note_type_name(note) == REVERSIBLE_NOTE_TYPE
    assert note.tags == ["optimizers"]
    assert note["Short answer"] == note["Distractors"] == note["Demo"] == note["Source"] == ""
    forward, backward = sorted(note.cards(), key=lambda card: card.ord)
    scaling = "Momentum plus <strong>RMSProp</strong>-style scaling"
    assert forward.question().endswith("Adam")
    assert forward.answer().endswith(f"Adam<hr id=answer>{scaling}")
    assert backward.question().endswith(scaling)
    assert backward.answer().endswith(f"{scaling}<hr id=answer>Adam")


def test_cloze_note_makes_one_card_hiding_every_blank(imported: Collection) -> None:
    note = note_of(imported, "optimizers", "rmsprop-cloze")
    assert note_type_name(note) == CLOZE_NOTE_TYPE
    assert note["Text"] == (
        "In {{c1::RMSProp::an optimizer}}, steps shrink along {{c1::steeper}} directions."
    )
    assert note["Back Extra"] == "It divides by a running RMS of gradients."
    assert sorted(note.tags) == ["cloze", "optimizers"]
    (card,) = note.cards()
    question, answer = card.question(), card.answer()
    assert "[an optimizer]" in question
    assert "[...]" in question
    assert ">RMSProp<" not in question
    assert ">steeper<" not in question
    assert '<span class="cloze" data-ordinal="1">RMSProp</span>' in answer
    assert '<span class="cloze" data-ordinal="1">steeper</span>' in answer
    assert answer.endswith("<br>It divides by a running RMS of gradients.")


def test_cloze_without_answer(imported: Collection) -> None:
    note = note_of(imported, "schedules", "one-cycle")
    assert note["Text"] == "{{c1::One-cycle}} raises, then lowers the rate."
    assert note["Back Extra"] == ""
    (card,) = note.cards()
    assert "One-cycle" not in card.question()
    assert "One-cycle" in card.answer()


def test_new_cards_come_in_deck_order(imported: Collection) -> None:
    order = [note_guid("optimizers", "momentum"), note_guid("optimizers", "adam-definition")]
    order += [note_guid("optimizers", "rmsprop-cloze"), note_guid("schedules", "step-decay")]
    order += [note_guid("schedules", "one-cycle")]
    notes = notes_by_guid(imported)
    due = {guid: min(card.due for card in notes[guid].cards()) for guid in order}
    assert sorted(order, key=due.__getitem__) == order


# --- stable ids ----------------------------------------------------------------------------


def _package_ids(path: Path, tmp_path: Path) -> tuple[list[str], list[int], list[int]]:
    """The note GUIDs, note type ids and deck ids inside a package."""
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        database = tmp_path / f"{path.stem}.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        guids = sorted(guid for (guid,) in connection.execute("SELECT guid FROM notes"))
        model_ids = sorted({mid for (mid,) in connection.execute("SELECT mid FROM notes")})
        deck_ids = sorted({did for (did,) in connection.execute("SELECT did FROM cards")})
    finally:
        connection.close()
    return guids, model_ids, deck_ids


def test_exporting_again_gives_the_same_ids(tmp_path: Path) -> None:
    decks = hand_made_decks()
    write_apkg(decks, tmp_path / "first.apkg")
    write_apkg(decks, tmp_path / "second.apkg")

    first = _package_ids(tmp_path / "first.apkg", tmp_path)
    assert first == _package_ids(tmp_path / "second.apkg", tmp_path)
    guids, model_ids, deck_ids = first
    assert len(guids) == 5
    assert model_ids == sorted(
        note_type_id(name) for name in (BASIC_NOTE_TYPE, REVERSIBLE_NOTE_TYPE, CLOZE_NOTE_TYPE)
    )
    assert deck_ids == sorted([anki_deck_id("optimizers"), anki_deck_id("schedules")])
    for anki_id in (*model_ids, *deck_ids):
        assert 1 << 30 <= anki_id < 1 << 31


def test_importing_a_new_export_updates_the_same_notes(
    tmp_path: Path, collection: Collection, monkeypatch: pytest.MonkeyPatch
) -> None:
    decks = hand_made_decks()
    write_apkg(decks, tmp_path / "first.apkg")
    import_package(collection, tmp_path / "first.apkg")
    optimizers = decks[0]
    edited_card = optimizers.cards[0].model_copy(update={"answer": "An edited answer"})
    edited = optimizers.model_copy(update={"cards": [edited_card, *optimizers.cards[1:]]})
    # Anki updates a note whose modification time (in whole seconds) is newer.
    a_minute_later = time.time() + 60
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: a_minute_later)
        write_apkg([edited, decks[1]], tmp_path / "second.apkg")

    log = import_package(collection, tmp_path / "second.apkg")

    assert (len(log.new), len(log.updated)) == (0, 5)
    assert collection.note_count() == 5
    assert collection.card_count() == 6
    note = note_of(collection, "optimizers", "momentum")
    assert note["Back"] == "An edited answer"
    assert {deck.name for deck in collection.decks.all_names_and_ids()} == {
        "Default",
        "Optimizers",
        "Training",
        "Training::Schedules",
    }


def test_ids_are_stable_and_distinct() -> None:
    assert anki_deck_id("optimizers") == anki_deck_id("optimizers")
    assert anki_deck_id("optimizers") != anki_deck_id("schedules")
    names = (BASIC_NOTE_TYPE, REVERSIBLE_NOTE_TYPE, CLOZE_NOTE_TYPE)
    assert len({note_type_id(name) for name in names}) == 3
    assert note_guid("deck", "card:with:colons") == "studyapp:deck:card:with:colons"


# --- writing safely ------------------------------------------------------------------------


@pytest.fixture
def own_temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temporary folder, pointed at an empty folder the test can look into."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_writing_leaves_only_the_package(tmp_path: Path, own_temp_folder: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    write_apkg(hand_made_decks(), out / "decks.apkg")
    assert os.listdir(out) == ["decks.apkg"]
    assert os.listdir(own_temp_folder) == []  # genanki's own write_to_file would leave a file


def _fail(*args: object, **kwargs: object) -> None:
    raise OSError("disk full")


@pytest.mark.parametrize(
    ("target", "name"),
    [
        pytest.param(genanki.Package, "write_to_db", id="building-the-collection"),
        pytest.param(zipfile.ZipFile, "writestr", id="zipping"),
        pytest.param(os, "replace", id="moving-into-place"),
    ],
)
def test_a_failure_leaves_no_file(
    tmp_path: Path,
    own_temp_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: object,
    name: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(target, name, _fail)
    with pytest.raises(OSError, match="disk full"):
        write_apkg(hand_made_decks(), out / "decks.apkg")
    assert os.listdir(out) == []
    assert os.listdir(own_temp_folder) == []


def test_a_failure_keeps_the_previous_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "decks.apkg"
    write_apkg(hand_made_decks()[:1], path)
    before = path.read_bytes()
    monkeypatch.setattr(zipfile.ZipFile, "writestr", _fail)
    with pytest.raises(OSError, match="disk full"):
        write_apkg(hand_made_decks(), path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["decks.apkg"]


def test_a_deck_given_twice_is_refused(tmp_path: Path) -> None:
    deck = hand_made_decks()[0]
    with pytest.raises(ValueError, match='the deck "optimizers" is given twice'):
        write_apkg([deck, deck], tmp_path / "decks.apkg")
    assert not (tmp_path / "decks.apkg").exists()


def test_no_decks_makes_an_empty_package(tmp_path: Path, collection: Collection) -> None:
    assert write_apkg([], tmp_path / "empty.apkg") == ExportSummary(notes=0, cards=0, decks=0)
    import_package(collection, tmp_path / "empty.apkg")
    assert collection.note_count() == 0


# --- the Demo field ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"lr": 0.01, "momentum": 0.9},
        {"lr": 1e-05, "steps": 2000, "seed": 7},
    ],
)
def test_format_demo_link_is_read_back_by_parse_demo_link(params: dict[str, float]) -> None:
    link = DemoLink(name="momentum", params=params)
    assert DemoLink.model_validate(parse_demo_link(format_demo_link(link))) == link


def test_format_demo_link_quotes_text_that_would_read_as_another_value() -> None:
    with temporary_demo("texty", label=ParamSpec(str, "run"), verbose=ParamSpec(bool, False)):
        for label in ("10", "true", "two words", 'say "hi"', "it's", "", "1e-3", "plain"):
            link = DemoLink(name="texty", params={"label": label, "verbose": True})
            assert DemoLink.model_validate(parse_demo_link(format_demo_link(link))) == link
        assert (
            format_demo_link(DemoLink(name="texty", params={"label": "10"})) == 'texty label="10"'
        )


def test_every_bundled_demo_link_survives_the_demo_field() -> None:
    links = [card.demo for deck in bundled_decks() for card in deck.cards if card.demo]
    assert links
    for link in links:
        field = html.escape(format_demo_link(link))
        assert DemoLink.model_validate(parse_demo_link(html.unescape(field))) == link
