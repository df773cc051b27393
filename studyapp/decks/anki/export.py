"""Decks written as an Anki package (``.apkg``), built with genanki.

Each card becomes one note of one of three note types:

- ``studyapp Basic`` (a basic card): one Anki card, front → back;
- ``studyapp Reversible``: two Anki cards, front → back and back → front;
- ``studyapp Cloze``: one Anki card hiding every blank (each ``{{…}}`` becomes ``{{c1::…}}``).

A numeric card goes as one drawn instance (:func:`one_drawn_instance`): a basic card whose
answer is the computed value with its tolerance, then the worked answer. Anki has no numeric
cards, so its template (question, answer, calculator, parameter values and tolerance) goes as
JSON in a "Numeric" field that no template shows (:func:`numeric_field`); an import back into
this app restores the numeric card from it.

Question and answer are rendered from Markdown to HTML, their ``$…$`` math as MathJax
(:mod:`studyapp.decks.anki.field_html`). The note (where and why a card departs from its source)
goes in a "Note" field that the back of every card shows, dimmed, after the answer, when there is
one. The short answer, distractors, demo link, source and accepted answers go in fields of their
own that no template shows: Anki has no use for them, but an import back into this app finds
them there. A note's GUID is
``studyapp:<deck id>:<card id>``, and deck and note type ids are hashes of names, so exporting
again updates the same notes in Anki rather than adding copies. Each deck is an Anki deck named
by its title, so a title such as ``Parent::Child`` nests. Learning progress, when given, goes
along (schedules and the review log; :mod:`studyapp.decks.anki.progress`).
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import random
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import genanki

from studyapp.atomic_file import replacing
from studyapp.decks.anki.field_html import cloze_markdown_to_html, markdown_to_html, text_to_html
from studyapp.decks.anki.progress import CardProgress, write_progress
from studyapp.decks.markdown import format_demo_link
from studyapp.decks.models import CardSpec, DeckSpec
from studyapp.numeric.drawing import draw_instance

__all__ = [
    "BASIC_NOTE_TYPE",
    "CLOZE_NOTE_TYPE",
    "REVERSIBLE_NOTE_TYPE",
    "ExportSummary",
    "anki_deck_id",
    "note_guid",
    "note_type_id",
    "numeric_field",
    "one_drawn_instance",
    "write_apkg",
]

BASIC_NOTE_TYPE = "studyapp Basic"
REVERSIBLE_NOTE_TYPE = "studyapp Reversible"
CLOZE_NOTE_TYPE = "studyapp Cloze"

#: The fields after the question and answer: what Anki has no place for, shown by no template
#: but the note (on the back). "Accepted", "Note" and then "Numeric" came last, so the fields of
#: packages exported before them keep their places.
_EXTRA_FIELDS = ("Short answer", "Distractors", "Demo", "Source", "Accepted", "Note", "Numeric")

#: The end of every back template: the note, dimmed, when the card has one.
_NOTE_ON_THE_BACK = '{{#Note}}<div class="note">Note: {{Note}}</div>{{/Note}}'

_FRONT_TO_BACK = {
    "name": "Card 1",
    "qfmt": "{{Front}}",
    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}" + _NOTE_ON_THE_BACK,
}
_BACK_TO_FRONT = {
    "name": "Card 2",
    "qfmt": "{{Back}}",
    "afmt": "{{FrontSide}}<hr id=answer>{{Front}}" + _NOTE_ON_THE_BACK,
}
_CLOZE = {
    "name": "Cloze",
    "qfmt": "{{cloze:Text}}",
    "afmt": "{{cloze:Text}}<br>{{Back Extra}}" + _NOTE_ON_THE_BACK,
}

# Card text is Markdown with lists and code blocks: left-aligned reads better than Anki's centre.
_CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black;
  background-color: white; }
.nightMode.card { color: white; background-color: #2f2f31; }
pre { white-space: pre-wrap; }
.cloze { font-weight: bold; color: blue; }
.nightMode .cloze { color: lightblue; }
.note { margin-top: 1em; font-size: 80%; color: #707070; }
.nightMode .note { color: #a0a0a0; }
"""

# genanki's ids live between 1 << 30 and 1 << 31, clear of the ids Anki gives its own things.
_ID_BASE = 1 << 30


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What a package holds: notes (one per card here), the cards Anki makes, decks, and the
    review-log entries of the learning progress it carries."""

    notes: int
    cards: int
    decks: int
    reviews: int = 0


def note_guid(deck_id: str, card_id: str) -> str:
    """The GUID of a card's note: ``studyapp:<deck id>:<card id>`` (deck ids have no ``:``)."""
    return f"studyapp:{deck_id}:{card_id}"


def anki_deck_id(deck_id: str) -> int:
    """The Anki deck id of a deck: the same number every time for the same deck id."""
    return _stable_id(f"deck {deck_id}")


def note_type_id(name: str) -> int:
    """The Anki id of one of this app's note types, from its name."""
    return _stable_id(f"note type {name}")


def _stable_id(text: str) -> int:
    digest = hashlib.sha256(text.encode()).digest()
    return _ID_BASE + int.from_bytes(digest[:8], "big") % _ID_BASE


def write_apkg(
    decks: Sequence[DeckSpec],
    path: Path,
    progress: Mapping[str, Mapping[str, CardProgress]] | None = None,
    *,
    today: date | None = None,
) -> ExportSummary:
    """Write the decks as an Anki package at ``path`` and say what it holds.

    ``progress`` (by deck id, then card id) is the learning progress to carry: schedules and
    review log (see :mod:`studyapp.decks.anki.progress`), with due days counted from ``today``
    (the user's day; the machine's by default). The package is written to a
    temporary file in the same folder and then moved into place, so a failure leaves ``path``
    as it was and no partial file behind. Raises ValueError when two decks have the same id
    (their notes' GUIDs would clash).
    """
    seen: set[str] = set()
    for deck in decks:
        if deck.id in seen:
            raise ValueError(f'the deck "{deck.id}" is given twice')
        seen.add(deck.id)
    note_types = _note_types()
    positions = itertools.count()
    anki_decks = [_anki_deck(deck, note_types, positions) for deck in decks]
    notes = [note for anki_deck in anki_decks for note in anki_deck.notes]
    summary = ExportSummary(
        notes=len(notes), cards=sum(len(note.cards) for note in notes), decks=len(anki_decks)
    )
    by_guid = {
        note_guid(deck_id, card_id): card_progress
        for deck_id, cards in (progress or {}).items()
        for card_id, card_progress in cards.items()
    }
    reviews = _write_atomically(genanki.Package(anki_decks), path, by_guid, today)
    return replace(summary, reviews=reviews)


def _note_types() -> dict[str, genanki.Model]:
    """This app's three note types, by card type (built afresh: genanki edits them as it writes)."""
    return {
        "basic": _note_type(BASIC_NOTE_TYPE, ("Front", "Back"), [_FRONT_TO_BACK]),
        "reversible": _note_type(
            REVERSIBLE_NOTE_TYPE, ("Front", "Back"), [_FRONT_TO_BACK, _BACK_TO_FRONT]
        ),
        "cloze": _note_type(CLOZE_NOTE_TYPE, ("Text", "Back Extra"), [_CLOZE], cloze=True),
    }


def _note_type(
    name: str, text_fields: tuple[str, str], templates: list[dict[str, str]], *, cloze: bool = False
) -> genanki.Model:
    return genanki.Model(
        note_type_id(name),
        name,
        fields=[{"name": field} for field in (*text_fields, *_EXTRA_FIELDS)],
        templates=[dict(template) for template in templates],
        css=_CSS,
        model_type=genanki.Model.CLOZE if cloze else genanki.Model.FRONT_BACK,
    )


def _anki_deck(
    deck: DeckSpec, note_types: dict[str, genanki.Model], positions: Iterator[int]
) -> genanki.Deck:
    """A deck as an Anki deck named by its title, with one note per card."""
    anki_deck = genanki.Deck(
        anki_deck_id(deck.id), deck.title, description=markdown_to_html(deck.description)
    )
    for card in deck.cards:
        numeric = numeric_field(card)
        if card.type == "numeric":
            card = one_drawn_instance(card)
        note = _note(deck.id, card, note_types[card.type], next(positions), numeric)
        anki_deck.add_note(note)
    return anki_deck


def numeric_field(card: CardSpec) -> str:
    """A numeric card's template as its "Numeric" field holds it: JSON of its question, answer,
    calculator, parameter values and tolerance (as written: none when it has the default), all
    non-ASCII escaped; empty for other cards."""
    if card.type != "numeric":
        return ""
    template = {
        "question": card.question,
        "answer": card.answer,
        "compute": card.compute,
        "params": card.params,
        "tolerance": card.tolerance,
    }
    return json.dumps(template, separators=(",", ":"))


def one_drawn_instance(card: CardSpec) -> CardSpec:
    """A numeric card as Anki gets it: a basic card of one drawn instance (seeded by the card's
    id, so the same deck exports the same numbers), its answer the right value with the
    tolerance, then the worked answer; the template itself does not survive in Anki."""
    spec = card.numeric
    assert spec is not None
    assert card.id is not None
    instance = draw_instance(spec, card.question, card.answer, random.Random(f"anki:{card.id}"))
    return card.model_copy(
        update={
            "type": "basic",
            "question": instance.question,
            "answer": f"**{instance.shown_with_tolerance}**\n\n{instance.answer}",
            "short": instance.shown,
            "distractors": list(instance.mistakes),
            "compute": None,
            "params": {},
            "tolerance": None,
        }
    )


def _note(
    deck_id: str, card: CardSpec, note_type: genanki.Model, position: int, numeric: str
) -> genanki.Note:
    """A card as a note; ``position`` orders the new cards in Anki as in the deck files, and
    ``numeric`` is the numeric template the card was drawn from (:func:`numeric_field`)."""
    if card.type == "cloze":
        text_fields = [cloze_markdown_to_html(card.question), markdown_to_html(card.answer)]
    else:
        text_fields = [markdown_to_html(card.question), markdown_to_html(card.answer)]
    extra_fields = [
        html.escape(card.short or ""),
        "<br>".join(html.escape(distractor) for distractor in card.distractors),
        html.escape(format_demo_link(card.demo)) if card.demo else "",
        html.escape(card.source or ""),
        "<br>".join(html.escape(answer) for answer in card.accepted),
        text_to_html(card.note or ""),
        html.escape(numeric),
    ]
    assert card.id is not None  # a DeckSpec resolves every card's id
    return genanki.Note(
        model=note_type,
        fields=text_fields + extra_fields,
        tags=list(card.tags),
        guid=note_guid(deck_id, card.id),
        due=position,
    )


def _write_atomically(
    package: genanki.Package,
    path: Path,
    progress: Mapping[str, CardProgress],
    today: date | None,
) -> int:
    """Write the package (with the progress of the notes with these GUIDs) to a temporary file
    beside ``path``, then move it into place; returns the review-log entries written.

    The collection is built in a temporary folder of its own (genanki's ``write_to_file``
    leaves its temporary database behind), and zipped as Anki reads a package: the collection
    as ``collection.anki2`` and an empty media list.
    """
    with (
        replacing(path) as temporary,
        tempfile.TemporaryDirectory(prefix="studyapp-apkg-") as folder,
    ):
        collection = Path(folder) / "collection.anki2"
        now = time.time()
        connection = sqlite3.connect(collection)
        try:
            package.write_to_db(connection.cursor(), now, itertools.count(int(now * 1000)))
            reviews = write_progress(
                connection,
                progress,
                today=today or date.today(),
                now=datetime.fromtimestamp(now, UTC),
            )
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(temporary, "x", zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", "{}")
    return reviews
