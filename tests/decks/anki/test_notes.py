"""Anki notes as this app's cards: the rules of studyapp.decks.anki.notes, one by one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from studyapp.decks.anki.notes import (
    AnkiMarks,
    PackageDecks,
    package_decks,
    retargeted_package,
)
from studyapp.decks.anki.package import (
    AnkiPackage,
    Card,
    Deck,
    Note,
    NoteType,
    Template,
    read_package,
)
from studyapp.decks.importers.common import MISSING_ANSWER, NEEDS_ANSWER_TAG
from studyapp.decks.models import CardSpec
from tests.decks.anki.builders import build_package, study_sample

BASIC = NoteType(
    1,
    "Basic",
    False,
    ("Front", "Back"),
    (Template("Card 1", "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"),),
)
REVERSED = NoteType(
    2,
    "Basic (and reversed card)",
    False,
    ("Front", "Back"),
    (
        Template("Card 1", "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"),
        Template("Card 2", "{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}"),
    ),
)
OPTIONAL = NoteType(
    3,
    "Basic (optional reversed card)",
    False,
    ("Front", "Back", "Add Reverse"),
    (
        Template("Card 1", "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"),
        Template(
            "Card 2",
            "{{#Add Reverse}}{{Back}}{{/Add Reverse}}",
            "{{FrontSide}}<hr id=answer>{{Front}}",
        ),
    ),
)
CLOZE = NoteType(
    4,
    "Cloze",
    True,
    ("Text", "Back Extra"),
    (Template("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"),),
)
VOCAB = NoteType(
    5,
    "Vocabulary",
    False,
    ("Word", "Reading", "Meaning", "Notes"),
    (
        Template(
            "Recognise",
            "{{Word}}<br>{{hint:Reading}}",
            "{{FrontSide}}<hr id=answer>{{Meaning}}<br>{{text:Notes}}",
        ),
    ),
)
STUDYAPP_BASIC = NoteType(
    6, "studyapp Basic", False, ("Front", "Back", "Short answer", "Distractors", "Demo", "Source"),
    (Template("Card 1", "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"),),
)  # fmt: skip
TYPED = NoteType(
    7, "Basic (type in the answer)", False, ("Front", "Back"),
    (Template("Card 1", "{{Front}}\n\n{{type:Back}}",
              "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}"),),
)  # fmt: skip
TYPES = {t.id: t for t in (BASIC, REVERSED, OPTIONAL, CLOZE, VOCAB, STUDYAPP_BASIC, TYPED)}
DECKS = {
    1: Deck(1, "Default"),
    10: Deck(10, "ML::Optimizers", "About <i>them</i>"),
    20: Deck(20, "ML"),
}


def _convert(notes: Sequence[tuple[Note, Sequence[tuple[int, int]]]]) -> PackageDecks:
    """Convert notes, each with its cards as (template index, deck id)."""
    cards = [
        Card(note.id * 10 + index, note.id, deck, template)
        for note, placed in notes
        for index, (template, deck) in enumerate(placed)
    ]
    package = AnkiPackage("/somewhere/shared.apkg", "collection.anki21", TYPES, DECKS,
                          [note for note, _ in notes], cards, [], ())  # fmt: skip
    return package_decks(package)


def _note(
    note_id: int, kind: NoteType, *fields: str, guid: str = "", tags: tuple[str, ...] = ()
) -> Note:
    return Note(note_id, guid or f"g{note_id}", kind.id, tags, fields)


def _only_card(converted: PackageDecks) -> CardSpec:
    assert converted.skipped == []
    [deck] = converted.decks
    [card] = deck.cards
    return card


def test_a_basic_note_is_a_basic_card_with_markdown_text() -> None:
    note = _note(
        7,
        BASIC,
        "What is <b>SGD</b>?",
        "<div>one</div><div>two &amp; three</div>",
        tags=("opt", "ml::sgd"),
    )
    card = _only_card(_convert([(note, [(0, 10)])]))
    assert (card.question, card.answer, card.type) == (
        "What is **SGD**?",
        "one\ntwo & three",
        "basic",
    )
    assert card.tags == ["opt", "ml::sgd"]
    assert card.source == "shared.apkg note 7"


def test_decks_take_the_full_anki_name_as_title_and_its_slug_as_id() -> None:
    converted = _convert(
        [(_note(1, BASIC, "q1", "a1"), [(0, 10)]), (_note(2, BASIC, "q2", "a2"), [(0, 20)])]
    )
    assert [(d.id, d.title) for d in converted.decks] == [
        ("ml-optimizers", "ML::Optimizers"),
        ("ml", "ML"),
    ]
    assert converted.decks[0].description == "About *them*"
    assert converted.decks[0].source == "shared.apkg"


def test_decks_whose_names_make_the_same_id_are_told_apart() -> None:
    decks = {1: Deck(1, "ML Optimizers"), 2: Deck(2, "ML::Optimizers")}
    package = AnkiPackage("x.apkg", "collection.anki2", TYPES, decks,
                          [_note(1, BASIC, "q1", "a1"), _note(2, BASIC, "q2", "a2")],
                          [Card(1, 1, 1, 0), Card(2, 2, 2, 0)], [], ())  # fmt: skip
    assert sorted(d.id for d in package_decks(package).decks) == [
        "ml-optimizers",
        "ml-optimizers-2",
    ]


def test_a_mirrored_second_template_makes_a_reversible_card() -> None:
    card = _only_card(_convert([(_note(1, REVERSED, "lr", "learning rate"), [(0, 10), (1, 10)])]))
    assert (card.question, card.answer, card.type) == ("lr", "learning rate", "reversible")


def test_an_optional_reverse_counts_only_when_the_note_has_its_reverse_card() -> None:
    without = _only_card(_convert([(_note(1, OPTIONAL, "EF", "easiness", ""), [(0, 10)])]))
    with_reverse = _only_card(
        _convert([(_note(1, OPTIONAL, "EF", "easiness", "y"), [(0, 10), (1, 10)])])
    )
    assert (without.type, without.answer) == ("basic", "easiness")
    assert (with_reverse.type, with_reverse.answer) == ("reversible", "easiness")


def test_a_cloze_note_is_one_cloze_card_with_every_deletion() -> None:
    note = _note(1, CLOZE, "{{c1::Adam}} keeps {{c2::two moments::how many}}", "Kingma &amp; Ba")
    card = _only_card(_convert([(note, [(0, 10), (1, 10)])]))
    assert card.type == "cloze"
    assert card.question == "{{Adam}} keeps {{two moments::how many}}"
    assert card.answer == "Kingma & Ba"
    assert card.cloze_prompt() == "[...] keeps [how many]"


def test_other_note_types_read_what_their_templates_show() -> None:
    note = _note(1, VOCAB, "勾配", "こうばい", "gradient", "<i>noun</i>")
    card = _only_card(_convert([(note, [(0, 10)])]))
    assert card.question == "勾配\n\nこうばい"
    assert card.answer == "gradient\n\n*noun*"


def test_a_type_in_the_answer_box_on_the_front_is_not_part_of_the_question() -> None:
    card = _only_card(_convert([(_note(1, TYPED, "Adam's default lr?", "0.001"), [(0, 10)])]))
    assert (card.question, card.answer) == ("Adam's default lr?", "0.001")


def test_the_note_goes_to_the_deck_of_its_first_card() -> None:
    converted = _convert([(_note(1, REVERSED, "lr", "learning rate"), [(1, 20), (0, 10)])])
    assert [d.id for d in converted.decks] == ["ml-optimizers"]


def test_images_and_sounds_are_named_in_the_text_scripts_dropped() -> None:
    note = _note(
        1,
        BASIC,
        'Which curve?<img src="loss curve.png">',
        "The loss [sound:say.mp3]<script>alert(1)</script>",
    )
    card = _only_card(_convert([(note, [(0, 10)])]))
    assert card.question == "Which curve? [image: loss curve.png]"
    assert card.answer == "The loss [sound: say.mp3]"


def test_an_image_only_question_still_makes_a_card() -> None:
    card = _only_card(
        _convert([(_note(1, BASIC, '<img src="heart.jpg">', "the heart"), [(0, 10)])])
    )
    assert card.question == "[image: heart.jpg]"


def test_an_empty_answer_is_kept_and_tagged() -> None:
    card = _only_card(_convert([(_note(1, BASIC, "Lonely question", "", tags=("x",)), [(0, 10)])]))
    assert card.answer == MISSING_ANSWER
    assert card.tags == ["x", NEEDS_ANSWER_TAG]


def test_notes_that_cannot_be_cards_are_skipped_and_named() -> None:
    converted = _convert(
        [
            (_note(1, BASIC, "", "an answer without a question"), [(0, 10)]),
            (_note(2, CLOZE, "no deletion here", ""), [(0, 10)]),
            (_note(3, CLOZE, "an empty {{c1::}} deletion", ""), [(0, 10)]),
            (_note(4, BASIC, "fine", "fine"), [(0, 10)]),
        ]
    )
    assert [str(s) for s in converted.skipped] == [
        "note 1: its question is empty",
        'note 2 "no deletion here": a cloze note with no {{c1::…}} deletion in its text',
        'note 3 "an empty {{c1::}} deletion": '
        "a cloze blank is empty: write the hidden words inside {{…}}",
    ]
    assert [c.question for c in converted.decks[0].cards] == ["fine"]


def test_card_ids_are_stable_hashes_of_the_guid() -> None:
    first = _only_card(_convert([(_note(1, BASIC, "q", "a", guid="Gx!#%y"), [(0, 10)])]))
    edited = _only_card(_convert([(_note(1, BASIC, "q edited", "a", guid="Gx!#%y"), [(0, 10)])]))
    assert first.id == edited.id
    assert first.id is not None
    assert first.id.startswith("anki-")
    assert len(first.id) == len("anki-") + 12


def test_notes_this_app_exported_get_their_card_ids_and_extra_fields_back() -> None:
    note = _note(
        1, STUDYAPP_BASIC, "Which optimizer keeps a velocity?", "SGD with momentum",
        "momentum", "Adam<br>RMSprop", "momentum lr=0.1 momentum=0.9", "",
        guid="studyapp:optimizers:momentum-velocity",
    )  # fmt: skip
    card = _only_card(_convert([(note, [(0, 10)])]))
    assert card.id == "momentum-velocity"
    assert card.short == "momentum"
    assert card.distractors == ["Adam", "RMSprop"]
    assert card.accepted == []  # a package exported before the "Accepted" field
    assert card.demo is not None
    assert (card.demo.name, card.demo.params) == ("momentum", {"lr": 0.1, "momentum": 0.9})
    assert card.source is None


def test_an_unknown_demo_is_left_out_and_reported() -> None:
    note = _note(1, STUDYAPP_BASIC, "q", "a", "", "", "adamm lr=0.1", "", guid="studyapp:d:c")
    converted = _convert([(note, [(0, 10)])])
    card = _only_card(converted)
    assert card.demo is None
    [dropped] = converted.dropped
    assert 'its demo link "adamm lr=0.1" was left out: demo "adamm" is not a known demo' in str(
        dropped
    )


def test_two_notes_claiming_one_card_id_in_a_deck_both_stay() -> None:
    converted = _convert(
        [(_note(1, STUDYAPP_BASIC, "q1", "a1", "", "", "", "", guid="studyapp:a:same"), [(0, 10)]),
         (_note(2, STUDYAPP_BASIC, "q2", "a2", "", "", "", "", guid="studyapp:b:same"), [(0, 10)])]
    )  # fmt: skip
    ids = [card.id for card in converted.decks[0].cards]
    assert ids[0] == "same"
    assert ids[1] is not None
    assert ids[1].startswith("anki-")


def test_tags_with_commas_are_made_valid() -> None:
    card = _only_card(_convert([(_note(1, BASIC, "q", "a", tags=("a,b",)), [(0, 10)])]))
    assert card.tags == ["a-b"]


def test_each_anki_card_maps_to_the_card_of_its_note() -> None:
    converted = _convert([(_note(1, REVERSED, "lr", "learning rate"), [(0, 10), (1, 10)])])
    card_id = converted.decks[0].cards[0].id
    assert converted.cards == {10: ("ml-optimizers", card_id), 11: ("ml-optimizers", card_id)}


@pytest.mark.parametrize("legacy", [False, True], ids=["anki21b", "anki21"])
def test_a_package_written_by_anki(tmp_path: Path, legacy: bool) -> None:
    converted = package_decks(read_package(build_package(tmp_path, study_sample, legacy=legacy)))
    cards = {card.question: card for deck in converted.decks for card in deck.cards}
    assert {d.title: len(d.cards) for d in converted.decks} == {
        "Neural nets::Optimizers": 5,
        "Neural nets": 1,
    }
    assert (
        cards["What does **SGD** stand for?"].answer
        == "Stochastic gradient descent\n\n- one\n- two & three"
    )
    assert cards["Which curve is this? [image: curve.png]"].answer == "The loss [sound: say.mp3]"
    assert cards["{{Adam}} keeps {{two moments::how many}}"].type == "cloze"
    assert cards["lr"].type == "reversible"
    assert (cards["EF"].type, cards["SM-2"].type) == ("basic", "reversible")
    assert sorted(converted.media) == ["curve.png", "say.mp3"]


def test_a_note_suspended_in_anki_is_kept_and_marked_suspended() -> None:
    notes = [_note(1, REVERSED, "lr", "learning rate"), _note(2, REVERSED, "wd", "weight decay")]
    cards = [
        Card(10, 1, 10, 0, suspended=True),
        Card(11, 1, 10, 1, suspended=True),
        Card(20, 2, 10, 0, suspended=True),
        Card(21, 2, 10, 1),  # one card of the note still studied: not suspended
    ]
    package = AnkiPackage("x.apkg", "collection.anki21", TYPES, DECKS, notes, cards, [], ())
    converted = package_decks(package)
    first, second = converted.decks[0].cards
    assert [first.tags, second.tags] == [[], []]
    assert converted.marks == {(converted.decks[0].id, str(first.id)): AnkiMarks(suspended=True)}
    assert converted.suspended == 1


def test_anki_flags_and_the_marked_tag_come_as_flag_and_star() -> None:
    notes = [
        _note(1, REVERSED, "lr", "learning rate", tags=("Marked", "optim")),
        _note(2, REVERSED, "wd", "weight decay"),
        _note(3, BASIC, "ef", "easiness"),
    ]
    cards = [Card(10, 1, 10, 0), Card(20, 2, 10, 0), Card(21, 2, 10, 1, flag=5), Card(30, 3, 10, 0)]
    package = AnkiPackage("x.apkg", "collection.anki21", TYPES, DECKS, notes, cards, [], ())
    converted = package_decks(package)
    deck = converted.decks[0]
    lr, wd, _ = deck.cards
    assert lr.tags == ["optim"]  # the marked tag is the star, not a tag
    assert converted.marks == {
        (deck.id, str(lr.id)): AnkiMarks(starred=True),
        (deck.id, str(wd.id)): AnkiMarks(flag=5),
    }
    assert converted.suspended == 0
    moved = retargeted_package(converted, "mine")
    assert set(moved.marks) == {("mine", str(lr.id)), ("mine", str(wd.id))}


def test_identical_notes_sharing_a_guid_are_one_card_with_all_their_anki_cards() -> None:
    twins = [(_note(n, BASIC, "Same?", "Same", guid="genanki"), [(0, 10)]) for n in (1, 2, 3)]
    converted = _convert(twins)
    card = _only_card(converted)
    assert card.source == "shared.apkg note 1"
    assert converted.cards == {10: ("ml-optimizers", card.id), 20: ("ml-optimizers", card.id),
                               30: ("ml-optimizers", card.id)}  # fmt: skip


def test_different_notes_sharing_a_guid_each_become_a_card_with_a_stable_id() -> None:
    notes = [
        (_note(1, BASIC, "One?", "1", guid="shared"), [(0, 10)]),
        (_note(2, BASIC, "Two?", "2", guid="shared"), [(0, 10)]),
        (_note(3, BASIC, "One?", "1", guid="shared"), [(0, 10)]),  # the first one's twin
    ]
    first = _convert(notes)
    [deck] = first.decks
    assert [card.question for card in deck.cards] == ["One?", "Two?"]
    assert len({card.id for card in deck.cards}) == 2
    assert first.cards[30] == first.cards[10]
    assert _convert(notes).decks[0].cards == deck.cards  # the same ids on every import


def test_a_guid_naming_another_notes_hashed_id_never_makes_two_cards_one_id() -> None:
    plain = _convert([(_note(1, BASIC, "Plain?", "a", guid="plain"), [(0, 10)])])
    hashed = str(_only_card(plain).id)
    clash = _note(1, BASIC, "Exported?", "b", guid=f"studyapp:other:{hashed}")
    converted = _convert([(clash, [(0, 10)]), (_note(2, BASIC, "Plain?", "a", guid="plain"),
                                               [(0, 10)])])  # fmt: skip
    [deck] = converted.decks
    assert converted.skipped == []
    assert str(deck.cards[0].id) == hashed
    assert len({card.id for card in deck.cards}) == 2


def test_a_template_number_out_of_range_reads_the_nearest_template() -> None:
    for template in (-5, 99):
        card = _only_card(_convert([(_note(1, BASIC, "Q?", "A"), [(template, 10)])]))
        assert (card.question, card.answer) == ("Q?", "A")


def test_a_deck_name_that_is_blank_or_holds_a_nul_still_makes_a_deck() -> None:
    decks = {10: Deck(10, "  \x00 "), 20: Deck(20, "Bad\x00name")}
    notes = [_note(1, BASIC, "Q1?", "A"), _note(2, BASIC, "Q2?", "A")]
    cards = [Card(10, 1, 10, 0), Card(20, 2, 20, 0)]
    package = AnkiPackage("/p.apkg", "collection.anki21", TYPES, decks, notes, cards, [], ())
    titles = sorted(deck.title for deck in package_decks(package).decks)
    assert titles == ["Anki 10", "Badname"]
