"""Property tests: any input gives a deck or a DeckError, and writing then parsing is lossless."""

from __future__ import annotations

import operator
import re
import string
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from studyapp.decks.errors import DeckError
from studyapp.decks.files import DeckFormat, parse_deck_text
from studyapp.decks.markdown import write_markdown
from studyapp.decks.models import CardSpec, DeckSpec
from studyapp.decks.reading import decode_text
from studyapp.decks.yamlformat import write_yaml
from studyapp.demos.registry import ParamSpec
from tests.conftest import temporary_demo

FRAGMENTS = [
    "---",
    "...",
    "## ",
    "# ",
    "::",
    "{{",
    "}}",
    "```",
    "~~~",
    "\n",
    ": ",
    "- ",
    "&a",
    "*a",
    "<<",
    "!!python/object",
    "!!python/object/apply:os.system ['true']",
    "\x00",
    "\r\n",
    "\r",
    "\t",
    "\ufeff",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "#",
    "|",
    ">",
    "cards:",
    "question:",
    "answer:",
    "demo:: proptoy lr=1",
    "demo: {name: proptoy, params: {lr: x}}",
    "demo: proptoy",
    "short:: ",
    "accept:: ",
    "distractor:: ",
    "tags:: a b",
    "type:: cloze",
    "id:: x",
    "id: Bad",
    "title: ",
    "shrot:: ",
    "- question: Q\n  answer: A\n",
    "## Q\nA\n",
    "0x" + "f" * 8,
    "2024-01-02",
    "yes",
    "~",
    "é",
    "\x85",
    "\u2028",
]

fragment_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=30
).map("".join)

any_text = st.one_of(st.text(), fragment_text)

FUZZ = settings(max_examples=300, deadline=None)


@pytest.fixture(scope="module")
def toy_demo() -> Iterator[None]:
    with temporary_demo(
        "proptoy",
        lr=ParamSpec(float, 0.1, low=1e-6, high=10.0),
        steps=ParamSpec(int, 100, low=1, high=5000),
        label=ParamSpec(str, "run"),
        verbose=ParamSpec(bool, False),
    ):
        yield


def parse_or_deck_error(text: str, fmt: DeckFormat) -> DeckSpec | None:
    """Parse in a format; a DeckError is an allowed outcome, any other exception fails."""
    path = f"x.{fmt}"
    try:
        return parse_deck_text(text, path, fmt)
    except DeckError as exc:
        error = exc
    assert error.problems
    for problem in error.problems:
        assert problem.path == path
        assert problem.line is None or problem.line >= 1
        assert problem.message
    return None


# --- any input: a deck or a DeckError --------------------------------------------------------


@FUZZ
@given(text=any_text)
def test_any_text_as_markdown(toy_demo: None, text: str) -> None:
    deck = parse_or_deck_error(text, "md")
    if deck is not None:
        assert all(card.id for card in deck.cards)


@FUZZ
@given(text=any_text)
def test_any_text_as_yaml(toy_demo: None, text: str) -> None:
    deck = parse_or_deck_error(text, "yaml")
    if deck is not None:
        assert all(card.id for card in deck.cards)


@FUZZ
@given(
    data=st.one_of(
        st.binary(),
        st.lists(
            st.one_of(
                st.sampled_from(FRAGMENTS).map(lambda s: s.encode()),
                st.binary(max_size=3),
            ),
            max_size=20,
        ).map(b"".join),
    )
)
def test_any_bytes_decoded_then_parsed(toy_demo: None, data: bytes) -> None:
    try:
        text = decode_text(data, "x.md")
    except DeckError as exc:
        error = exc
    else:
        assert "\r" not in text
        assert "\x00" not in text
        parse_or_deck_error(text, "md")
        parse_or_deck_error(text, "yaml")
        return
    (problem,) = error.problems
    assert problem.path == "x.md"


@FUZZ
@given(body=fragment_text)
def test_any_front_matter(toy_demo: None, body: str) -> None:
    parse_or_deck_error(f"---\n{body}\n---\n## Q\nA\n", "md")


@FUZZ
@given(card=fragment_text)
def test_any_markdown_card_body(toy_demo: None, card: str) -> None:
    parse_or_deck_error(f"# T\n\n## Question\n{card}\n## Another\nanswer\n", "md")


# --- explicit inputs that break the "DeckError and nothing else" rule -------------------------


HUGE_HEX = "0x" + "f" * 4000  # a 4,800-digit integer: str() of it raises ValueError


# (both used to raise ValueError from str() of a 4,800-digit int instead of a DeckError)


def test_huge_integer_deck_id_is_a_deck_error() -> None:
    with pytest.raises(DeckError) as info:
        parse_deck_text(f"id: {HUGE_HEX}\ncards: []\n", "x.yaml", "yaml")
    problems = info.value.problems
    assert {p.line for p in problems} == {1}
    assert problems[0].message == "id: String should have at most 80 characters"


def test_huge_integer_card_type_is_a_deck_error() -> None:
    with pytest.raises(DeckError) as info:
        parse_deck_text(
            f"cards:\n  - question: Q\n    answer: A\n    type: {HUGE_HEX}\n", "x.yaml", "yaml"
        )
    (problem,) = info.value.problems
    assert problem.line == 4
    assert problem.message.startswith(f'type "{HUGE_HEX[:20]}')


def test_huge_decimal_integer_is_a_deck_error() -> None:
    digits = "9" * 5000
    with pytest.raises(DeckError) as info:
        parse_deck_text(f"cards:\n  - question: Q\n    type: {digits}\n", "x.yaml", "yaml")
    assert [p.line for p in info.value.problems] == [3]


# --- round trips -----------------------------------------------------------------------------

# Characters for generated text: any Unicode that can be in a decoded deck file (so no NUL,
# no lone carriage return).
CHARS = st.characters(codec="utf-8", exclude_characters="\x00\r")
LINE_CHARS = st.characters(codec="utf-8", exclude_characters="\x00\r\n")
# In-memory YAML round trips may also hold NUL and carriage returns.
YAML_CHARS = st.characters(codec="utf-8")

FIELD_LINE = re.compile(r"^[\w-]+::")
FENCE_LINE = re.compile(r"^ {0,3}(```|~~~)")

# Text a YAML reader or a demo:: link would take for a number, a boolean or null if it were
# written unquoted: the writers must keep each one text.
number_like = st.one_of(
    st.integers().map(str),
    st.floats(allow_nan=False).map(str),
    st.floats().map(repr),
    st.sampled_from(
        ["true", "False", "yes", "NO", "on", "off", "null", "~", "1e3", ".5", "-0", "+1",
         "0x1f", "0o17", "0b11", "1_000", "1:30", "2024-01-02", ".inf", "-.Inf", ".nan", "1."]
    ),
)  # fmt: skip
one_line = st.text(LINE_CHARS, max_size=30) | number_like
nonblank_line = one_line.filter(lambda s: s.strip() != "")
# A note: paragraphs of any text but control characters and line separators, which it refuses.
note_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Zl", "Zp")) | st.sampled_from("\n\t "),
    max_size=40,
)


def _name(first: str, rest: str, most: int) -> st.SearchStrategy[str]:
    """The strings of ``[first][rest]{0,most}`` (as st.from_regex would draw them, at a
    fraction of its cost: it draws a character at a time)."""
    return st.builds(operator.add, st.sampled_from(first), st.text(rest, max_size=most))


_ALNUM = string.ascii_letters + string.digits
_LOWER_ALNUM = string.ascii_lowercase + string.digits
tag = _name(_ALNUM + "_", _ALNUM + "_.+#:-", 10)  # [A-Za-z0-9_][A-Za-z0-9_.+#:-]{0,10}
card_id = _name(_ALNUM, _ALNUM + "._:-", 15)  # [A-Za-z0-9][A-Za-z0-9._:-]{0,15}
deck_id = _name(_LOWER_ALNUM, _LOWER_ALNUM + "_-", 15)  # [a-z0-9][a-z0-9_-]{0,15}


def plain_question(text: str) -> bool:
    return "{{" not in text and "}}" not in text


# The strategies the composites below draw from, made once: Hypothesis reads a filter's
# lambda (its source) each time one is made, which cost more than the drawing itself.
_PLAIN_QUESTION = nonblank_line.filter(plain_question)
_PLAIN_QUESTION_PART = one_line.filter(plain_question)
_BLANK_WORDS = st.text(LINE_CHARS, min_size=1, max_size=12).filter(
    lambda s: (
        s.strip() != "" and "{" not in s and "}" not in s and "::" not in s and not s.endswith(":")
    )
)
_BLANK_HINT = st.none() | _BLANK_WORDS


@st.composite
def markdown_question(draw: Any) -> str:
    """One line; plain, or with one or more {{blanks}} (some with hints)."""
    if not draw(st.booleans()):
        return str(draw(_PLAIN_QUESTION))
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        parts.append(draw(_PLAIN_QUESTION_PART))
        hidden = draw(_BLANK_WORDS)
        hint = draw(_BLANK_HINT)
        parts.append("{{" + hidden + ("" if hint is None else "::" + hint) + "}}")
    parts.append(draw(_PLAIN_QUESTION_PART))
    return "".join(parts)


def plain_answer_line(line: str) -> bool:
    return not (line.startswith("## ") or FIELD_LINE.match(line) or FENCE_LINE.match(line))


_PLAIN_ANSWER_LINE = one_line.filter(plain_answer_line)
_CODE_BODY = st.lists(
    st.sampled_from(["## not a card", "x:: y", "short:: no", "# c", ""])
    | st.text(st.characters(codec="utf-8", exclude_characters="\x00\r\n`~"), max_size=20),
    max_size=4,
)


@st.composite
def markdown_answer(draw: Any) -> str:
    """Markdown paragraphs, lists and closed code blocks (which may hold '## ' and 'k:: v')."""
    blocks: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "list", "code", "blank"]))
        if kind == "text":
            blocks.append(draw(_PLAIN_ANSWER_LINE))
        elif kind == "list":
            items = draw(st.lists(one_line, min_size=1, max_size=3))
            blocks.append("\n".join(f"- {item}" for item in items))
        elif kind == "blank":
            blocks.append("")
        else:
            fence = draw(st.sampled_from(["```", "````", "~~~"]))
            info = draw(st.sampled_from(["", "python", "yaml"]))
            body = draw(_CODE_BODY)
            blocks.append("\n".join([fence + info, *body, fence]))
    return "\n".join(blocks)


demo_link = st.fixed_dictionaries(
    {"name": st.just("proptoy")},
    optional={
        "params": st.fixed_dictionaries(
            {},
            optional={
                "lr": st.floats(1e-6, 10.0),
                "steps": st.integers(1, 5000),
                "verbose": st.booleans(),
                "label": st.text(LINE_CHARS, max_size=10) | number_like,
            },
        )
    },
)


@st.composite
def card_fields(draw: Any, question: Any, answer: Any) -> dict[str, object]:
    fields: dict[str, object] = {"question": draw(question), "answer": draw(answer)}
    fields["type"] = draw(st.sampled_from(["basic", "cloze", "reversible"]))
    if draw(st.booleans()):
        fields["id"] = draw(card_id)
    short = draw(st.none() | nonblank_line)
    if short is not None:
        fields["short"] = short
    fields["accepted"] = draw(st.lists(nonblank_line, max_size=3))
    fields["tags"] = draw(st.lists(tag, max_size=3))
    fields["distractors"] = draw(st.lists(one_line, max_size=3))
    # an empty card source is rejected (see test_empty_card_source_is_rejected)
    source = draw(st.none() | nonblank_line)
    if source is not None:
        fields["source"] = source
    if draw(st.booleans()):
        fields["demo"] = draw(demo_link)
    note = draw(st.none() | note_text)
    if note is not None and note.strip():  # an empty note is rejected, like an empty source
        fields["note"] = note
    return fields


@st.composite
def decks(draw: Any, question: Any, answer: Any, text: Any, line: Any) -> DeckSpec:
    """A valid deck; ``text`` draws its description and ``line`` its title and source."""
    cards: list[CardSpec] = []
    for _ in range(draw(st.integers(0, 4))):
        fields = draw(card_fields(question, answer))
        try:
            cards.append(CardSpec.model_validate(fields))
        except ValidationError:
            # e.g. a cloze type without a blank, a distractor equal to the short answer, or an
            # accepted answer listed twice: fall back to a plain basic card so that the example
            # is still used
            fields.update(
                type="basic", answer=fields["answer"] or "answer", distractors=[], accepted=[]
            )
            try:
                cards.append(CardSpec.model_validate(fields))
            except ValidationError:
                continue
    try:
        return DeckSpec(
            id=draw(deck_id),
            title=draw(line),
            description=draw(text),
            tags=draw(st.lists(tag, max_size=3)),
            source=draw(st.none() | line),
            cards=cards,
        )
    except ValidationError:  # two cards with the same id
        assume(False)
        raise AssertionError("unreachable") from None


# Deck fields in Markdown front matter: any text, trailing spaces and U+0085 (NEL) included.
front_matter_text = st.text(CHARS, max_size=40) | number_like
front_matter_line = nonblank_line

ROUND_TRIP = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(deck=decks(markdown_question(), markdown_answer(), front_matter_text, front_matter_line))
def test_markdown_round_trip(toy_demo: None, deck: DeckSpec) -> None:
    text = write_markdown(deck)
    assert parse_deck_text(text, "other-name.md", "md") == deck
    assert write_markdown(parse_deck_text(text, "x.md", "md")) == text


@ROUND_TRIP
@given(
    deck=decks(
        (st.text(YAML_CHARS, min_size=1) | number_like).filter(lambda s: s.strip() != ""),
        st.text(YAML_CHARS) | number_like,
        st.text(YAML_CHARS) | number_like,
        nonblank_line,
    )
)
def test_yaml_round_trip(toy_demo: None, deck: DeckSpec) -> None:
    text = write_yaml(deck)
    assert parse_deck_text(text, "other-name.yaml", "yaml") == deck
    assert write_yaml(parse_deck_text(text, "x.yaml", "yaml")) == text


@settings(ROUND_TRIP, max_examples=75)
@given(deck=decks(markdown_question(), markdown_answer(), front_matter_text, front_matter_line))
def test_markdown_deck_round_trips_through_yaml_and_files(toy_demo: None, deck: DeckSpec) -> None:
    yaml_text = write_yaml(deck)
    from_yaml = parse_deck_text(decode_text(yaml_text.encode(), "x.yaml"), "x.yaml", "yaml")
    md_text = write_markdown(from_yaml)
    crlf = md_text.replace("\n", "\r\n").encode()
    assert parse_deck_text(decode_text(b"\xef\xbb\xbf" + crlf, "x.md"), "x.md", "md") == deck


def test_empty_card_source_is_rejected() -> None:
    # (an empty card source used to be accepted, then dropped by both writers)
    for text, path, line in [
        ("## Q\nA\nsource::\n", "x.md", 3),
        ("cards:\n  - question: Q\n    answer: A\n    source: ''\n", "x.yaml", 4),
    ]:
        with pytest.raises(DeckError) as info:
            parse_deck_text(text, path, "md" if path.endswith(".md") else "yaml")
        assert [(p.line, p.message) for p in info.value.problems] == [
            (line, "source: is empty; leave the field out instead")
        ]


@pytest.mark.parametrize("fmt", ["md", "yaml"])
def test_empty_deck_source_is_refused(fmt: DeckFormat) -> None:
    # (used to be accepted as '' and then lost by both writers, so the deck did not round-trip)
    text = (
        "source: ''\ncards:\n  - question: Q\n    answer: A\n"
        if fmt == "yaml"
        else "---\nsource: ''\n---\n## Q\nA\n"
    )
    with pytest.raises(DeckError, match="source: is empty; leave it out instead"):
        parse_deck_text(text, f"x.{fmt}", fmt)
