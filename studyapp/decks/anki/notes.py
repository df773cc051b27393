"""Anki notes turned into this app's cards, grouped into decks by their Anki deck.

The rules (the README's "Importing from Anki" says the same for users):

- **One card per note.** Anki makes several cards from some notes; this app asks a reversible
  card both ways and hides every blank of a cloze card at once, so one card holds them all.
- **Cloze notes** (a cloze note type) become cloze cards: the field the front template shows
  as ``{{cloze:…}}`` is the question, its ``{{c1::…}}`` deletions written as ``{{…}}``; the
  other fields the back template shows (such as "Back Extra") are the answer.
- **Other notes**: the fields the front template of the note's first card shows are the
  question, the fields its back template adds are the answer. A note type whose second template
  is the first with front and back swapped ("Basic (and reversed card)", and "Basic (optional
  reversed card)" when the note has its reverse card) makes a reversible card.
- **Fields** are HTML and become Markdown (see :mod:`studyapp.decks.importers.html`). Media is
  not imported: an image becomes ``[image: name]`` and a sound ``[sound: name]`` in the text.
- **Decks**: a note goes to the Anki deck of its first card (the home deck of a card that sits in
  a filtered deck). The deck's title is Anki's full name (``Parent::Child``), its id that name as
  a slug (``parent-child``), or, for a deck whose notes this app exported all from one deck, that
  deck's id, so a deck taken to Anki and back lands where it came from.
- **Card ids** are stable across imports: a note this app exported (GUID
  ``studyapp:<deck>:<card>``) gets its card id back; any other note gets ``anki-`` and 12 hex
  digits of a hash of its GUID (of the GUID and a number, when that id is taken already: a
  GUID two different notes share, or an exported note's GUID naming that very id). Notes from
  this app's note types also bring back their short answer, distractors, demo link, source,
  accepted answers and note from the extra fields the export writes.
- **Numeric cards** come back from the "Numeric" field of this app's note types: the JSON
  template there (question, answer, calculator, parameter values, tolerance) replaces the
  drawn instance Anki shows, so the card is numeric again. When that field cannot be read
  (edited in Anki, or a calculator this version does not know), the note is imported as the
  basic card of its drawn instance, and the report says why.
- **Identical notes** in one deck with one GUID (genanki gives identical notes the same GUID)
  are one card; the Anki cards of all of them, and so their histories, go to that card.
- **Marks**: a card whose note had all its cards suspended in Anki is suspended here; a note
  tagged ``marked`` in Anki (Anki's "Mark Note") is starred here (the tag itself is not kept);
  Anki's flag of the note's first flagged card is the card's flag. The store applies these
  marks to the cards an import adds; a card imported before keeps the marks it has here
  (except a card an import before schema 8 tagged ``anki-suspended``, when this app suspended
  nothing: the tag goes, and the card is suspended).
- A note that cannot become a card (an empty question, a cloze note without deletions) is
  skipped and named in the report; the rest of the package is imported. A note with an empty
  answer is kept, tagged ``needs-answer``, like other importers do.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from studyapp.decks.anki.package import AnkiPackage, Card, Note, NoteType, ReviewLog
from studyapp.decks.anki.records import MARKED_TAG
from studyapp.decks.errors import DeckError
from studyapp.decks.importers.common import MISSING_ANSWER, NEEDS_ANSWER_TAG
from studyapp.decks.importers.html import (
    anki_cloze_to_studyapp,
    html_to_markdown,
    mathjax_to_dollars,
)
from studyapp.decks.markdown import parse_demo_link
from studyapp.decks.models import DECK_ID_PATTERN, CardSpec, DeckSpec, DemoLink, slugify

#: Note types written by this app's export start with this, and carry extra fields.
STUDYAPP_NOTE_TYPE_PREFIX = "studyapp "
#: The GUID of a note this app exported: ``studyapp:<deck id>:<card id>``.
STUDYAPP_GUID_PREFIX = "studyapp:"
#: The extra fields of this app's note types, and the card field each one fills.
EXTRA_FIELDS = {
    "Short answer": "short",
    "Distractors": "distractors",
    "Demo": "demo",
    "Source": "source",
    "Accepted": "accepted",
    "Note": "note",
    "Numeric": "numeric",
}
#: The extra fields holding a list, one item a line.
_LIST_FIELDS = ("distractors", "accepted")

_FIELD_REFERENCE = re.compile(r"\{\{([^#^/!{}][^{}]*)\}\}")
_IMAGE = re.compile(
    r"""<img\b[^>]*?\bsrc\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))[^>]*>""",
    re.IGNORECASE,
)
_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_ANKI_CLOZE = re.compile(r"\{\{c\d+::")
_CARD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SkippedNote:
    """A note that could not become a card, and why."""

    note_id: int
    text: str
    reason: str

    def __str__(self) -> str:
        label = f' "{_shorten(self.text)}"' if self.text else ""
        return f"note {self.note_id}{label}: {self.reason}"


@dataclass(frozen=True, slots=True)
class AnkiMarks:
    """The marks a card brings from Anki (see the module's rules)."""

    suspended: bool = False
    flag: int = 0
    starred: bool = False


@dataclass(slots=True)
class PackageDecks:
    """A package's notes as decks, and what the store needs to bring their history along."""

    decks: list[DeckSpec]
    #: each Anki card id, and the (deck id, card id) of the card it became here
    cards: dict[int, tuple[str, str]]
    reviews: ReviewLog
    media: tuple[str, ...]
    skipped: list[SkippedNote] = field(default_factory=list)
    #: notes imported without a part they had (a demo link this app does not know)
    dropped: list[SkippedNote] = field(default_factory=list)
    #: the decks whose notes this app exported, all from that very deck: they come home
    returning: frozenset[str] = frozenset()
    #: the marks of the cards that have any, by (deck id, card id)
    marks: dict[tuple[str, str], AnkiMarks] = field(default_factory=dict)
    #: the FSRS memories Anki kept (stability, difficulty), by (deck id, card id)
    memories: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)

    @property
    def suspended(self) -> int:
        """How many imported notes were suspended in Anki."""
        return sum(marks.suspended for marks in self.marks.values())


class _UnusableNoteError(ValueError):
    """A note that cannot become a card here."""


def package_decks(package: AnkiPackage) -> PackageDecks:
    """The decks a package's notes make, one card per note (see the module's rules)."""
    cards_of_note: dict[int, list[Card]] = {}
    for anki_card in package.cards:
        cards_of_note.setdefault(anki_card.note_id, []).append(anki_card)
    source = Path(package.path).name
    grouped: dict[int, list[tuple[CardSpec, list[Card]]]] = {}
    #: where each (Anki deck, GUID) went: indexes into grouped[deck]
    by_guid: dict[tuple[int, str], list[int]] = {}
    used_ids: dict[int, set[str]] = {}
    exported_from: dict[int, set[str | None]] = {}  # the deck ids in each deck's GUIDs
    skipped: list[SkippedNote] = []
    dropped: list[SkippedNote] = []
    for note in package.notes:
        note_type = package.note_types.get(note.notetype_id)
        note_cards = sorted(cards_of_note.get(note.id, []), key=lambda c: c.template)
        if note_type is None:
            skipped.append(SkippedNote(note.id, "", "its note type is missing from the package"))
            continue
        if not note_cards:
            skipped.append(SkippedNote(note.id, "", "it has no cards"))
            continue
        anki_deck = note_cards[0].deck_id
        taken = used_ids.setdefault(anki_deck, set())
        try:
            fields = _card_fields(note, note_type, note_cards, source)
        except _UnusableNoteError as error:
            skipped.append(SkippedNote(note.id, _markdown(note.fields[0]), str(error)))
            continue
        fields["id"] = _card_id(note.guid, taken)
        for problem in (_demo_problem(fields), _numeric_problem(fields)):
            if problem:
                dropped.append(SkippedNote(note.id, str(fields["question"]), problem))
        try:
            card = CardSpec.model_validate(fields)
        except ValidationError as error:
            reason = str(error.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")
            skipped.append(SkippedNote(note.id, _markdown(note.fields[0]), reason))
            continue
        entries = grouped.setdefault(anki_deck, [])
        same_guid = by_guid.setdefault((anki_deck, note.guid), [])
        twin = next((i for i in same_guid if _same_card(entries[i][0], card)), None)
        if twin is not None:  # an identical note (genanki gives those one GUID): one card
            entries[twin][1].extend(note_cards)
            continue
        taken.add(str(card.id))
        same_guid.append(len(entries))
        entries.append((card, note_cards))
        exported_from.setdefault(anki_deck, set()).add(_exported_deck(note.guid))

    decks: list[DeckSpec] = []
    card_keys: dict[int, tuple[str, str]] = {}
    marks: dict[tuple[str, str], AnkiMarks] = {}
    memories: dict[tuple[str, str], tuple[float, float]] = {}
    marked_notes = {
        note.id for note in package.notes if any(tag.lower() == MARKED_TAG for tag in note.tags)
    }
    titles = {
        anki_deck: found.name if (found := package.decks.get(anki_deck)) else f"Anki {anki_deck}"
        for anki_deck in grouped
    }
    exported = {
        anki_deck: found.pop() if len(found) == 1 else None
        for anki_deck, found in exported_from.items()
    }
    deck_ids = _deck_ids(titles, exported)
    for anki_deck, entries in grouped.items():
        found = package.decks.get(anki_deck)
        title = titles[anki_deck]
        deck_id = deck_ids[anki_deck]
        description = html_to_markdown(found.description) if found else ""
        deck = _deck_spec(
            package.path,
            id=deck_id,
            title=title.replace("\x00", "").strip()[:200] or f"Anki {anki_deck}",
            description=description.replace("\x00", ""),
            source=source,
            cards=[card for card, _ in entries],
        )
        decks.append(deck)
        for card, note_cards in entries:
            for anki_card in note_cards:
                card_keys[anki_card.id] = (deck.id, str(card.id))
            card_marks = _anki_marks(note_cards, marked_notes)
            if card_marks != AnkiMarks():
                marks[(deck.id, str(card.id))] = card_marks
            memory = next((each.memory for each in note_cards if each.memory), None)
            if memory is not None:
                memories[(deck.id, str(card.id))] = memory
    returning = frozenset(
        deck_ids[anki_deck]
        for anki_deck in grouped
        if exported.get(anki_deck) == deck_ids[anki_deck]
    )
    return PackageDecks(
        decks,
        card_keys,
        package.reviews,
        package.media,
        skipped,
        dropped,
        returning,
        marks,
        memories,
    )


def _anki_marks(note_cards: Sequence[Card], marked_notes: set[int]) -> AnkiMarks:
    """The marks of the card made of these Anki cards (one note's, or identical notes')."""
    return AnkiMarks(
        suspended=all(card.suspended for card in note_cards),
        flag=next((card.flag for card in note_cards if card.flag), 0),
        starred=any(card.note_id in marked_notes for card in note_cards),
    )


def retargeted_package(package: PackageDecks, deck_id: str | None) -> PackageDecks:
    """The package with its cards put where the user chose (``import --deck``): a package of
    one deck goes to ``deck_id``, each deck of a package of several to ``deck_id-<its id>``.
    The package itself when ``deck_id`` is None."""
    if deck_id is None:
        return package
    if len(package.decks) == 1:
        new_ids = {package.decks[0].id: deck_id}
    else:
        new_ids = {deck.id: f"{deck_id}-{deck.id}"[:80] for deck in package.decks}
    return replace(renamed_package(package, new_ids), returning=frozenset())


def renamed_package(package: PackageDecks, new_ids: Mapping[str, str]) -> PackageDecks:
    """The package with the decks named in ``new_ids`` given the id it maps them to (decks
    renamed here since the package was imported), the others as they are."""
    if not new_ids:
        return package

    def new(deck_id: str) -> str:
        return new_ids.get(deck_id, deck_id)

    return replace(
        package,
        decks=[deck.model_copy(update={"id": new(deck.id)}) for deck in package.decks],
        cards={anki_id: (new(deck), card) for anki_id, (deck, card) in package.cards.items()},
        returning=frozenset(new(deck_id) for deck_id in package.returning),
        marks={(new(deck), card): marks for (deck, card), marks in package.marks.items()},
        memories={(new(deck), card): kept for (deck, card), kept in package.memories.items()},
    )


def _same_card(first: CardSpec, second: CardSpec) -> bool:
    """Whether two notes' cards are the same card (all but their id and source agree)."""
    ignored = {"id", "source"}
    return first.model_dump(exclude=ignored) == second.model_dump(exclude=ignored)


def _deck_spec(path: str, **fields: object) -> DeckSpec:
    """A deck made from a package's Anki deck; DeckError (naming the package) if it is not
    a valid deck here."""
    try:
        return DeckSpec.model_validate(fields)
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in problem["loc"])
        reason = str(problem["msg"]).removeprefix("Value error, ")
        title = str(fields.get("title", ""))
        raise DeckError.single(path, None, f'deck "{title}": {where}: {reason}') from None


def _card_fields(
    note: Note, note_type: NoteType, note_cards: Sequence[Card], source: str
) -> dict[str, object]:
    """The card fields (question, answer, type, tags…) of one note."""
    values = dict(zip(note_type.fields, note.fields, strict=False))
    layout = _layout(note_type, note_cards[0].template)
    fields: dict[str, object] = {"source": f"{source} note {note.id}"}
    if layout.cloze is not None:
        question = anki_cloze_to_studyapp(_markdown(values.get(layout.cloze, "")))
        fields["type"] = "cloze"
        if not _ANKI_CLOZE.search(values.get(layout.cloze, "")):
            raise _UnusableNoteError("a cloze note with no {{c1::…}} deletion in its text")
    else:
        question = _joined(values, layout.question)
        fields["type"] = "reversible" if _is_reversible(note_type, note_cards) else "basic"
    if not question:
        raise _UnusableNoteError("its question is empty")
    fields["question"] = question
    fields["answer"] = _joined(values, layout.answer)
    tags = [_tag(tag) for tag in note.tags if tag.lower() != MARKED_TAG]
    if fields["type"] != "cloze" and not fields["answer"]:
        fields["answer"] = MISSING_ANSWER
        tags.append(NEEDS_ANSWER_TAG)
    if tags:
        fields["tags"] = tags
    if note_type.name.startswith(STUDYAPP_NOTE_TYPE_PREFIX):  # this app's extra fields
        fields.update(_extra_fields(values))
        if note.guid.startswith(STUDYAPP_GUID_PREFIX) and "source" not in _present(values):
            del fields["source"]
    return fields


@dataclass(frozen=True, slots=True)
class _Layout:
    """Which of a note type's fields a card of one of its templates makes its question and
    its answer (by name, in the order shown); a cloze card's question is its cloze field."""

    question: tuple[str, ...]
    answer: tuple[str, ...]
    cloze: str | None  # the field a cloze note's deletions are in (None: not a cloze note)


@lru_cache(maxsize=256)
def _layout(note_type: NoteType, template: int) -> _Layout:
    """The layout of a card of ``note_type``'s ``template`` (its last when out of range): the
    same for every note of the type, so worked out once."""
    index = max(0, min(template, len(note_type.templates) - 1))
    chosen = note_type.templates[index] if note_type.templates else None
    front = _references(chosen.front if chosen else "", note_type.fields, front=True)
    back = _references(chosen.back if chosen else "", note_type.fields)
    hidden = _hidden_fields(note_type)
    if note_type.is_cloze:
        cloze = _cloze_field(chosen.front if chosen else "", note_type.fields)
        answer = [name for name in back if name != cloze and name not in hidden]
        return _Layout((cloze,), tuple(answer), cloze)
    question = [name for name in front if name not in hidden] or list(note_type.fields[:1])
    answer = [name for name in back if name not in front and name not in hidden]
    if not answer and not front:
        answer = [name for name in note_type.fields[1:2] if name not in hidden]
    return _Layout(tuple(question), tuple(answer), None)


def _hidden_fields(note_type: NoteType) -> set[str]:
    """The fields of a note type that are neither question nor answer: this app's extra fields
    (in its own note types)."""
    return set(EXTRA_FIELDS) if note_type.name.startswith(STUDYAPP_NOTE_TYPE_PREFIX) else set()


def _demo_problem(fields: dict[str, object]) -> str | None:
    """Why a note's demo link cannot be kept (it is then left out), or None."""
    text = fields.get("demo")
    if not isinstance(text, str):
        return None
    try:
        fields["demo"] = DemoLink.model_validate(parse_demo_link(text))
    except ValueError as error:  # pydantic's ValidationError is a ValueError too
        del fields["demo"]
        reason = (
            str(error.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")
            if isinstance(error, ValidationError)
            else str(error)
        )
        return f'its demo link "{text}" was left out: {reason}'
    return None


#: The keys of a "Numeric" field's JSON: the numeric card's own fields.
_NUMERIC_KEYS = frozenset({"question", "answer", "compute", "params", "tolerance"})


def _numeric_problem(fields: dict[str, object]) -> str | None:
    """Make the fields a numeric card's when they hold a "Numeric" template; why the template
    cannot be used (the drawn instance is then kept as a basic card), or None."""
    text = fields.pop("numeric", None)
    if not isinstance(text, str):
        return None
    try:
        template = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested too deep to read
        return "its numeric template is not JSON, so it stays the basic card Anki shows"
    if not isinstance(template, dict) or set(template) != _NUMERIC_KEYS:
        keys = ", ".join(sorted(_NUMERIC_KEYS))
        return f"its numeric template does not have just {keys}, so it stays a basic card"
    numeric = {
        key: value
        for key, value in fields.items()
        if key not in ("short", "distractors", "accepted")  # the drawn instance's
    }
    numeric.update(template, type="numeric")
    try:
        CardSpec.model_validate(numeric)
    except ValidationError as error:
        reason = str(error.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")
        return f"its numeric template was left out (it stays a basic card): {reason}"
    fields.clear()
    fields.update(numeric)
    return None


def _references(template: str, field_names: Sequence[str], *, front: bool = False) -> list[str]:
    """The note's fields a template shows, in the order it shows them (each once).

    On a front template, ``{{type:Field}}`` is a box to type the answer in, not something
    shown, so it does not count there.
    """
    found: list[str] = []
    for match in _FIELD_REFERENCE.finditer(template):
        *filters, name = (part.strip() for part in match[1].split(":"))
        if front and "type" in filters:
            continue
        if name in field_names and name not in found:
            found.append(name)
    return found


def _cloze_field(template: str, field_names: Sequence[str]) -> str:
    """The field a cloze template shows with ``{{cloze:…}}`` (else the first field)."""
    for match in _FIELD_REFERENCE.finditer(template):
        *filters, name = match[1].split(":")
        if "cloze" in (part.strip() for part in filters) and name.strip() in field_names:
            return name.strip()
    return field_names[0] if field_names else ""


def _is_reversible(note_type: NoteType, note_cards: Sequence[Card]) -> bool:
    """Whether the note has cards from two templates that are each other's mirror image."""
    if len(note_type.templates) < 2 or {card.template for card in note_cards} < {0, 1}:
        return False
    return _mirrored(note_type)


@lru_cache(maxsize=256)
def _mirrored(note_type: NoteType) -> bool:
    """Whether a note type's first two templates are each other's mirror image (each shows on
    its front what the other adds on its back)."""
    first, second = note_type.templates[0], note_type.templates[1]
    fields = note_type.fields
    # this app's note types show the note on both backs: it is neither side of the card
    shown = [name for name in fields if name not in _hidden_fields(note_type)]
    first_front = _references(first.front, shown, front=True)
    second_front = _references(second.front, shown, front=True)
    first_back = [name for name in _references(first.back, shown) if name not in first_front]
    second_back = [name for name in _references(second.back, shown) if name not in second_front]
    return bool(first_front) and first_front == second_back and first_back == second_front


def _joined(values: dict[str, str], names: Sequence[str]) -> str:
    """The named fields as Markdown, the non-empty ones separated by blank lines."""
    parts = [_markdown(values.get(name, "")) for name in names]
    return "\n\n".join(part for part in parts if part)


def _markdown(field_html: str) -> str:
    """A field's HTML as Markdown, with media shown as what it was."""
    marked = _IMAGE.sub(_image_marker, field_html)
    marked = _SOUND.sub(lambda m: f"[sound: {m[1].strip()}]", marked)
    return html_to_markdown(marked)


def _image_marker(match: re.Match[str]) -> str:
    """``[image: name]`` for an ``<img>``, apart from the words next to it by a space."""
    name = match["dq"] if match["dq"] is not None else match["sq"] or match["bare"] or ""
    text, start, end = match.string, match.start(), match.end()
    before = " " if start and not text[start - 1].isspace() else ""
    after = " " if end < len(text) and not text[end].isspace() else ""
    return f"{before}[image: {html.unescape(name).strip()}]{after}"


def _card_id(guid: str, taken: set[str]) -> str:
    """The card id a note's GUID gives (see the module's rules), unique in its deck."""
    if guid.startswith(STUDYAPP_GUID_PREFIX):
        _, _, card_id = guid[len(STUDYAPP_GUID_PREFIX) :].partition(":")
        if _CARD_ID.match(card_id) and len(card_id) <= 120 and card_id not in taken:
            return card_id
    candidate, number = _hashed_id(guid), 2
    while candidate in taken:  # another note has this GUID, or the GUID of an exported note
        candidate = _hashed_id(f"{guid}\x00{number}")  # named this note's id: still stable
        number += 1
    return candidate


def _hashed_id(text: str) -> str:
    return "anki-" + hashlib.sha1(text.encode()).hexdigest()[:12]


def _tag(tag: str) -> str:
    """An Anki tag as a tag here (Anki allows commas, this app does not)."""
    return tag.replace(",", "-")


def _present(values: dict[str, str]) -> set[str]:
    """The card fields whose extra field has a value."""
    return {
        card_field
        for name, card_field in EXTRA_FIELDS.items()
        if _plain(values.get(name, "")).strip()
    }


def _extra_fields(values: dict[str, str]) -> dict[str, object]:
    """Short answer, distractors, demo, source, accepted answers and note from this app's
    extra fields, if filled."""
    extra: dict[str, object] = {}
    for name, card_field in EXTRA_FIELDS.items():
        text = _plain(values.get(name, ""))
        if not text.strip():
            continue
        if card_field == "numeric":  # JSON: its lines are not items
            extra[card_field] = text
        elif card_field in _LIST_FIELDS:
            extra[card_field] = [line.strip() for line in text.splitlines() if line.strip()]
        elif card_field == "note":  # shown on the back in Anki, its math as MathJax
            extra[card_field] = mathjax_to_dollars(text.strip())
        else:
            extra[card_field] = text.strip()
    return extra


def _plain(field_html: str) -> str:
    """An extra field's escaped text (lines split by ``<br>``) as plain text."""
    return html.unescape(_LINE_BREAK.sub("\n", field_html)).replace("\xa0", " ")


def _exported_deck(guid: str) -> str | None:
    """The deck id in the GUID of a note this app exported, or None."""
    if not guid.startswith(STUDYAPP_GUID_PREFIX):
        return None
    deck_id, _, _ = guid[len(STUDYAPP_GUID_PREFIX) :].partition(":")
    return deck_id if re.match(DECK_ID_PATTERN, deck_id) and len(deck_id) <= 80 else None


def _deck_ids(names: dict[int, str], exported: dict[int, str | None]) -> dict[int, str]:
    """A distinct deck id for each Anki deck: the id this app exported it from, else its full
    name as a slug (``-2``… on a clash)."""
    taken: set[str] = set()
    ids: dict[int, str] = {}
    for anki_id, name in sorted(names.items(), key=lambda item: exported.get(item[0]) is None):
        base = exported.get(anki_id) or slugify(name)
        candidate, number = base, 2
        while candidate in taken:
            suffix = f"-{number}"
            candidate = base[: 80 - len(suffix)] + suffix
            number += 1
        taken.add(candidate)
        ids[anki_id] = candidate
    return ids


def _shorten(text: str, limit: int = 50) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
