"""The pydantic models of a deck file: a deck and its cards, as people write them.

Both file formats (Markdown and YAML) parse into these models, and both writers write them,
so every rule about what a valid card is lives here, once.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Annotated, Literal, cast

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import CoreSchema, SchemaValidator

from studyapp.decks.cloze import cloze_blanks, cloze_prompt, cloze_text, find_blanks
from studyapp.decks.errors import suggest
from studyapp.demos.registry import ParamValue, demo_names, get_demo
from studyapp.numeric.grading import DEFAULT_TOLERANCE, Tolerance
from studyapp.numeric.registry import calculator_names, get_calculator
from studyapp.numeric.spec import (
    Choices,
    ChoicesData,
    NumericSpec,
    param_problems,
    placeholder_problems,
)

CardType = Literal["basic", "cloze", "reversible", "numeric"]
#: How many other answers a card may accept besides its short answer.
MAX_ACCEPTED = 20
CARD_TYPES: tuple[CardType, ...] = ("basic", "cloze", "reversible", "numeric")
#: The longest note a card may carry, in characters (a few sentences, not a second answer).
MAX_NOTE_LENGTH = 2000


def clean_block(text: str) -> str:
    """Drop leading blank lines and trailing whitespace, keeping the first line's indentation."""
    text = text.replace("\r\n", "\n").rstrip()
    if not text[:1].isspace():
        return text
    # The blank lines (spaces and tabs, then a line break) end at the last line break before
    # the first character that is not a space, tab or line break.
    blank_end = text.rfind("\n", 0, len(text) - len(text.lstrip(" \t\n")))
    return text[blank_end + 1 :]


def normal_text(value: object) -> object:
    """A field's text in Unicode NFC (or each string of a list); a NUL character refused.

    The same words typed on two systems (composed "é" or "e" plus an accent) are one question
    and one card. A NUL is refused: no deck file can hold one, so export and import agree.
    """
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("contains a NUL character (\\0); remove it")
        return (
            value
            if unicodedata.is_normalized("NFC", value)
            else unicodedata.normalize("NFC", value)
        )
    if isinstance(value, list | tuple):
        return [normal_text(item) for item in value]
    return value


def question_text(text: str) -> str:
    """A card's question without the blank lines and spaces around it; refuses an empty one."""
    text = clean_block(text).strip()
    if not text:
        raise ValueError("the question is empty")
    return text


def _check_accepted(accepted: list[str], short: object) -> None:
    """Refuse an accepted answer that repeats the short answer or another (in any case)."""
    short_key = short.casefold() if isinstance(short, str) else None
    seen: set[str] = set()
    for answer in accepted:
        key = answer.casefold()
        if key == short_key:
            raise ValueError(f'accepted answer "{answer}" is the short answer already')
        if key in seen:
            raise ValueError(f'accepted answer "{answer}" is listed twice')
        seen.add(key)


def _one_line(text: str) -> str:
    if "\n" in text or "\r" in text:
        raise ValueError("must be a single line")
    return text.strip()


def _filled_line(text: str) -> str:
    text = _one_line(text)
    if not text:
        raise ValueError("is empty; leave it out instead")
    return text


_TAG_SEPARATOR = re.compile(r"[\s,]")


def _tag(text: str) -> str:
    tag = text.strip().lstrip("#")
    if not tag:
        raise ValueError("a tag cannot be empty")
    if _TAG_SEPARATOR.search(tag):
        raise ValueError(f'tag "{tag}" has a space or comma in it; use dashes: "{_dash(tag)}"')
    return tag


def _dash(text: str) -> str:
    return "-".join(re.split(r"[\s,]+", text.strip()))


# Control characters (but line breaks and tabs) and the Unicode line and paragraph separators.
_NOTE_REFUSED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_NOTE_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_NOTE_LINE_SPACE = re.compile(r"[ \t\n]+")


def note_text(text: str) -> str:
    """A card's note as paragraphs: blank lines part them, and each paragraph's lines (and
    runs of spaces) are joined by one space, as Markdown reads a paragraph; so a note wrapped
    in a YAML block and one written as ``note::`` lines are the same note.

    Refuses control characters, an empty note and one longer than :data:`MAX_NOTE_LENGTH`.
    """
    text = text.replace("\r\n", "\n")
    refused = _NOTE_REFUSED.search(text)
    if refused:
        code = f"U+{ord(refused[0]):04X}"
        raise ValueError(f"contains {code}, a control character or line separator; remove it")
    paragraphs = (
        _NOTE_LINE_SPACE.sub(" ", block).strip() for block in _NOTE_PARAGRAPH_BREAK.split(text)
    )
    note = "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
    if not note:
        raise ValueError("is empty; leave the field out instead")
    if len(note) > MAX_NOTE_LENGTH:
        raise ValueError(
            f"is {len(note)} characters long; keep it to {MAX_NOTE_LENGTH} "
            "(say what the source said and why the card differs)"
        )
    return note


def _choices_data(value: object) -> ChoicesData:
    return Choices.parse(normal_text(value)).data()


OneLine = Annotated[str, AfterValidator(_one_line)]
#: A numeric card's values for one parameter: a list of numbers, or a range ``"a..b"``.
ParamChoices = Annotated[list[int | float] | str, BeforeValidator(_choices_data)]
FilledLine = Annotated[str, AfterValidator(_filled_line)]
Tag = Annotated[str, AfterValidator(_tag)]
CardId = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$", max_length=120
    ),
]
DECK_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
DeckId = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=DECK_ID_PATTERN, max_length=80)
]


def derive_card_id(deck_id: str, question: str) -> str:
    """The stable id of a card that does not write one: a hash of deck id and question.

    The question is compared case- and whitespace-insensitively, so re-wrapping or re-casing
    it keeps the card's history, and so does its Unicode form (composed or not); changing its
    words makes a new card (write ``id`` to pin it).
    """
    normal = unicodedata.normalize("NFC", question).lower()
    if not _single_spaced(normal):
        normal = " ".join(normal.split())
    return hashlib.sha1(f"{deck_id}\n{normal}".encode()).hexdigest()[:12]


def _single_spaced(text: str) -> bool:
    """True if ``" ".join(text.split())`` is ``text``: its words are parted by single spaces.

    A printable string has no whitespace but the ASCII space (every other whitespace
    character is a control character or a separator, which are not printable).
    """
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def slugify(text: str) -> str:
    """A deck id made from free text (a file name or title): lowercase words joined by dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80].rstrip("-") or "deck"


class DemoLink(BaseModel):
    """A card's "run it" link: a registered demo's name and parameters for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    params: dict[str, ParamValue] = Field(default_factory=dict)

    @field_validator("name", mode="before")
    @classmethod
    def _normal_name(cls, value: object) -> object:
        return normal_text(value)

    @field_validator("params", mode="before")
    @classmethod
    def _normal_params(cls, value: object) -> object:
        if isinstance(value, dict):
            return {key: normal_text(item) for key, item in value.items()}
        return value

    @model_validator(mode="after")
    def _known_demo(self) -> DemoLink:
        spec = get_demo(self.name)
        if spec is None:
            known = demo_names()
            hint = suggest(self.name, known)
            listing = f"; known demos: {', '.join(known)}" if known and not hint else ""
            raise ValueError(f'demo "{self.name}" is not a known demo{hint}{listing}')
        for key, value in self.params.items():
            param = spec.params.get(key)
            if param is None:
                hint = suggest(key, spec.params) or (
                    f" (it takes {', '.join(spec.params)})" if spec.params else " (it takes none)"
                )
                raise ValueError(f'demo "{self.name}" has no parameter "{key}"{hint}')
            problem = param.check(value)
            if problem:
                raise ValueError(f'demo "{self.name}" parameter "{key}" {problem}, not {value!r}')
        return self


#: Why a numeric card may not write each of these fields (each message names its field, so
#: that it is reported at that field's line; the fields as a Markdown deck writes them).
_NOT_ON_NUMERIC_CARDS = {
    "short": "a numeric card computes its answer, so it has no short answer: leave out short::",
    "accepted": (
        "a numeric card grades a typed number by its value, so it has no accepted answers: "
        "leave out accept::"
    ),
    "distractors": (
        "a numeric card computes its wrong choices, so it has no distractors: "
        "leave out distractor::"
    ),
}


class CardSpec(BaseModel):
    """One card as written in a deck file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: CardId | None = None
    question: str
    answer: str = ""
    type: CardType = "basic"
    short: OneLine | None = None
    accepted: list[FilledLine] = Field(default_factory=list, max_length=MAX_ACCEPTED)
    tags: list[Tag] = Field(default_factory=list)
    distractors: list[FilledLine] = Field(default_factory=list)
    demo: DemoLink | None = None
    source: OneLine | None = None
    #: where and why the card departs from its source, shown after the answer (paragraphs)
    note: Annotated[str, AfterValidator(note_text)] | None = None
    #: a numeric card's calculator, the values its parameters are drawn from, its tolerance
    compute: OneLine | None = None
    params: dict[str, ParamChoices] = Field(default_factory=dict)
    tolerance: str | None = None

    @field_validator("id", "question", "answer", "type", "short", "accepted", "tags",
                     "distractors", "source", "note", "compute", mode="before")  # fmt: skip
    @classmethod
    def _normal_text(cls, value: object) -> object:
        return normal_text(value)

    @model_validator(mode="before")
    @classmethod
    def _computed_is_numeric(cls, data: object) -> object:
        """A card that names a calculator and no type is numeric."""
        if isinstance(data, dict) and data.get("compute") is not None and "type" not in data:
            return {**data, "type": "numeric"}
        return data

    @field_validator("question")
    @classmethod
    def _question_text(cls, value: str) -> str:
        return question_text(value)

    @field_validator("answer")
    @classmethod
    def _answer_text(cls, value: str) -> str:
        return clean_block(value)

    @field_validator("short", "source")
    @classmethod
    def _not_empty(cls, value: str | None) -> str | None:
        if value is not None and not value:
            raise ValueError("is empty; leave the field out instead")
        return value

    @field_validator("compute")
    @classmethod
    def _known_calculator(cls, value: str | None) -> str | None:
        if value is not None and get_calculator(value) is None:
            known = calculator_names()
            hint = suggest(value, known) or f"; known calculators: {', '.join(known)}"
            raise ValueError(f'"{value}" is not a known calculator{hint}')
        return value

    @field_validator("params")
    @classmethod
    def _params_fit(
        cls, value: dict[str, ChoicesData], info: ValidationInfo
    ) -> dict[str, ChoicesData]:
        calculator = get_calculator(str(info.data.get("compute")))
        if not value or calculator is None:
            return value
        problems = [
            f'calculator "{calculator.name}" has no parameter "{name}"'
            + (suggest(name, calculator.params) or f" (it takes {', '.join(calculator.params)})")
            for name in value
            if name not in calculator.params
        ]
        choices = {name: Choices.parse(data) for name, data in value.items()}
        problems += param_problems(calculator, choices)
        if problems:
            raise ValueError("; ".join(problems))
        return value

    @field_validator("tolerance", mode="before")
    @classmethod
    def _tolerance_text(cls, value: object) -> object:
        return None if value is None else Tolerance.parse(normal_text(value)).text()

    @field_validator("short", "accepted", "distractors")
    @classmethod
    def _not_numeric(cls, value: object, info: ValidationInfo) -> object:
        """A numeric card computes its answer and wrong choices: it writes none of its own."""
        if value and info.data.get("type") == "numeric" and info.field_name:
            raise ValueError(_NOT_ON_NUMERIC_CARDS[info.field_name])
        return value

    @field_validator("accepted")
    @classmethod
    def _distinct_accepted(cls, value: list[str], info: ValidationInfo) -> list[str]:
        _check_accepted(value, info.data.get("short"))
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CardSpec:
        self._check_consistent()
        return self

    def _check_consistent(self) -> None:
        """Refuse a card whose fields do not fit together (its type, answers, choices)."""
        if self.type == "cloze":
            blanks = cloze_blanks(self.question)
            if not blanks:
                raise ValueError(
                    "a cloze card needs at least one blank in its question, written {{answer}}"
                )
            if any(not text.strip() for text, _ in blanks):
                raise ValueError("a cloze blank is empty: write the hidden words inside {{…}}")
        elif not self.answer:
            raise ValueError("the answer is empty")
        self._numeric_consistent()
        seen: set[str] = set()
        for distractor in self.distractors:
            if self.short is not None and distractor.casefold() == self.short.casefold():
                raise ValueError(f'distractor "{distractor}" is the right answer')
            if any(distractor.casefold() == other.casefold() for other in self.accepted):
                raise ValueError(f'distractor "{distractor}" is also an accepted answer')
            if distractor.casefold() in seen:
                raise ValueError(f'distractor "{distractor}" is listed twice')
            seen.add(distractor.casefold())

    def _numeric_consistent(self) -> None:
        if self.type != "numeric":
            if self.compute is None and self.tolerance is None and not self.params:
                return
            given = [name for name in ("compute", "tolerance") if getattr(self, name) is not None]
            if self.params:
                given.append("param")
            if given:
                raise ValueError(
                    f"{', '.join(f'{name}::' for name in given)} belong to numeric cards; "
                    "add type:: numeric or leave them out"
                )
            return
        if self.compute is None:
            raise ValueError("a numeric card names its calculator: add compute:: (e.g. step-lr)")
        calculator = get_calculator(self.compute)
        if calculator is None:  # reported on its own line
            return
        if not self.params:
            raise ValueError(
                f'a numeric card gives each parameter its values: "{calculator.name}" takes '
                f"{', '.join(calculator.params)} (param:: name = 1, 2, 3 or 0..60)"
            )
        problems = placeholder_problems(calculator, self.question, self.answer)
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def numeric(self) -> NumericSpec | None:
        """A numeric card's spec (None for other cards)."""
        if self.type != "numeric" or self.compute is None:
            return None
        return NumericSpec(
            self.compute,
            {name: Choices.parse(data) for name, data in self.params.items()},
            self.tolerance or DEFAULT_TOLERANCE.text(),
        )

    def cloze_prompt(self) -> str:
        """The question with each blank shown as ``[...]`` (or ``[hint]``)."""
        return cloze_prompt(self.question)

    def cloze_text(self) -> str:
        """The question with each blank filled in."""
        return cloze_text(self.question)


def validate_card(data: dict[str, object]) -> CardSpec:
    """``CardSpec.model_validate(data)``, in one step for a common card.

    A card of text fields only (no demo or numeric fields), all of them valid, gets its
    fields from the same checks the field validators make, called in one pass, and is then
    built by pydantic without them; any other card, or any problem, goes through
    ``model_validate``, which reports it as always. Both give the same card.
    """
    card = _common_card(data)
    return card if card is not None else CardSpec.model_validate(data)


#: A common card's text fields and what their field validators make of NFC text without a
#: NUL (None: nothing; the id's pattern and the type's choices are checked by pydantic).
_COMMON_TEXT: dict[str, Callable[[str], str] | None] = {
    "id": None,
    "question": question_text,
    "answer": clean_block,
    "type": None,
    "short": _filled_line,  # a one-line text, not empty (``_one_line`` and ``_not_empty``)
    "source": _filled_line,
    "note": note_text,
}
_COMMON_LISTS: dict[str, Callable[[str], str]] = {
    "accepted": _filled_line,
    "tags": _tag,
    "distractors": _filled_line,
}
_COMMON_NULLABLE = frozenset({"id", "short", "source", "note"})


def _common_text(value: object) -> str:
    """:func:`normal_text` of a str without a NUL; ValueError for anything else."""
    if type(value) is not str or "\x00" in value:
        raise ValueError("not common text")
    if value.isascii() or unicodedata.is_normalized("NFC", value):
        return value
    return unicodedata.normalize("NFC", value)


def _common_card(data: object) -> CardSpec | None:
    """The card :func:`validate_card` builds in one step, or None if it is not a common card
    or has any problem (then ``model_validate`` runs every validator and reports it)."""
    if type(data) is not dict or "question" not in data:
        return None
    fields: dict[str, object] = {}
    try:
        for key, value in data.items():
            if type(value) is str:  # _common_text, written out: most values are text
                if key not in _COMMON_TEXT or "\x00" in value:
                    return None
                if not value.isascii() and not unicodedata.is_normalized("NFC", value):
                    value = unicodedata.normalize("NFC", value)
                check = _COMMON_TEXT[key]
                fields[key] = value if check is None else check(value)
            elif type(value) is list and key in _COMMON_LISTS:
                check_item = _COMMON_LISTS[key]
                fields[key] = [check_item(_common_text(item)) for item in value]
            elif value is None and key in _COMMON_NULLABLE:
                fields[key] = None
            else:
                return None
        if fields.get("type") == "numeric":
            return None
        accepted = fields.get("accepted")
        if accepted:
            assert isinstance(accepted, list)
            _check_accepted(accepted, fields.get("short"))
        card = _plain_card_validator().validate_python(fields)  # pydantic's own checks
        assert isinstance(card, CardSpec)
        card._check_consistent()  # the model's own validator, which the plain one leaves out
        return card
    except ValueError:  # pydantic's ValidationError is one too
        return None


@cache
def _plain_card_validator() -> SchemaValidator:
    """CardSpec's validator without its Python validators (pydantic's own checks only: the
    types, the id's pattern and length, the type's choices, the number of accepted answers),
    for fields those validators have already made."""
    schema: object = CardSpec.__pydantic_core_schema__
    while isinstance(schema, dict) and schema["type"] != "model":
        schema = schema["schema"]  # the model's own validators, around it
    return SchemaValidator(cast("CoreSchema", _without_functions(schema)))


def _without_functions(schema: object) -> object:
    """A core schema with every before, after and wrap validator function taken out."""
    if isinstance(schema, dict):
        if str(schema.get("type", "")).startswith("function-") and "schema" in schema:
            return _without_functions(schema["schema"])
        return {key: _without_functions(value) for key, value in schema.items()}
    if isinstance(schema, list | tuple):
        return type(schema)(_without_functions(item) for item in schema)
    return schema


def default_card_type(question: str, *, computed: bool = False) -> CardType:
    """The type a card has when its file does not say: numeric if it names a calculator
    (``computed``), cloze if the question has blanks, else basic."""
    if computed:
        return "numeric"
    return "cloze" if "{{" in question and find_blanks(question) else "basic"


class DeckSpec(BaseModel):
    """A deck as written in a file: its own fields and its cards, each with a resolved id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: DeckId
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    description: str = ""
    tags: list[Tag] = Field(default_factory=list)
    source: FilledLine | None = None
    cards: list[CardSpec] = Field(default_factory=list)

    @field_validator("id", "title", "description", "tags", "source", mode="before")
    @classmethod
    def _normal_text(cls, value: object) -> object:
        return normal_text(value)

    @model_validator(mode="after")
    def _ids_resolved_and_unique(self) -> DeckSpec:
        resolved: list[CardSpec] = []
        seen: set[str] = set()
        for card in self.cards:
            if card.id is None:
                card = card.model_copy(update={"id": derive_card_id(self.id, card.question)})
            assert card.id is not None
            if card.id in seen:
                raise ValueError(f'two cards have the id "{card.id}"')
            seen.add(card.id)
            resolved.append(card)
        object.__setattr__(self, "cards", resolved)
        return self


CARD_FIELDS: tuple[str, ...] = tuple(CardSpec.model_fields)
DECK_FIELDS: tuple[str, ...] = tuple(f for f in DeckSpec.model_fields if f != "cards")
