"""The Markdown deck format.

```
---
id: optimizers            # deck fields as YAML front matter (all optional)
title: Optimizers
---

## What does momentum add to SGD?

A running average of past gradients ...

short:: An exponentially decaying average of past gradients
accept:: a moving average of the gradients
tags:: optimizers, momentum
note:: The original export called this a plain average of past gradients.

## StepLR(step_size={step_size}, gamma=0.5), lr₀ = 0.1: the lr at epoch {epoch}?

lr₀·γ^⌊epoch/step_size⌋ = {answer}

type:: numeric
compute:: step-lr
param:: lr0 = 0.1
param:: gamma = 0.5
param:: step_size = 5, 10, 20
param:: epoch = 0..60
tolerance:: 1%
```

One card per ``## `` heading (the question); the text below it is the answer (Markdown).
Lines of the form ``field:: value`` (outside code blocks) set optional card fields;
``accept::`` and ``distractor::`` may be repeated, and so may ``note::``, each line a paragraph
of the note, and a numeric card's ``param:: name = values``, one line per parameter. Headings
inside fenced code blocks are answer text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain

from studyapp.decks.errors import DeckError, Problem, suggest
from studyapp.decks.models import (
    CardSpec,
    DeckSpec,
    DemoLink,
    default_card_type,
    derive_card_id,
)
from studyapp.decks.safeyaml import load_yaml
from studyapp.decks.validation import RawCard, RawDeck, build_deck
from studyapp.decks.yamlformat import DECK_TEXT_FIELDS, dump_yaml
from studyapp.numeric.spec import Choices

#: The per-card fields a Markdown card may set with ``field:: value`` lines.
MARKDOWN_FIELDS = (
    "id", "type", "short", "accept", "tags", "distractor", "demo", "source", "note",
    "compute", "param", "tolerance",
)  # fmt: skip
_MARKDOWN_FIELD_SET = frozenset(MARKDOWN_FIELDS)
#: The fields a card gives at most once.
_ONCE_FIELDS = _MARKDOWN_FIELD_SET - {"accept", "distractor", "note", "param"}
#: The fields that may be repeated, and the card field (a list) their lines fill.
_REPEATABLE = {"accept": "accepted", "distractor": "distractors"}

# Both are linear-time: no nested optional whitespace for the engine to backtrack over.
_FIELD_LINE = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_-]*)::(?P<value>[ \t].*)?$", re.MULTILINE)
_CARD_HEADING = re.compile(r"^## (?P<question>.*)$", re.MULTILINE)
_FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")
# A line the reader looks at: a card heading, a field line or a code fence (the three never
# overlap: a heading starts with "#", a field with a letter or "_", a fence with a space or a
# fence character). _MARKED_LINE finds them with the line break before them, which the regex
# engine looks for quickly (then it looks at one character: can a marked line start with
# it?), and _MARKED_FIRST_LINE reads the first line, which has none.
_MARKED = (
    r"(?:## (?P<question>.*)"
    r"|(?P<key>[A-Za-z_][A-Za-z0-9_-]*)::(?P<value>[ \t].*)?"
    r"|[ ]{0,3}(?P<fence>`{3,}|~{3,})(?P<rest>.*))$"
)
_MARKED_LINE = re.compile(r"\n(?=[#A-Za-z_ `~])" + _MARKED, re.MULTILINE)
_MARKED_FIRST_LINE = re.compile(_MARKED, re.MULTILINE)
#: The tags of a ``tags::`` line are parted by commas and spaces.
_TAG_LIST_SEPARATOR = re.compile(r"[\s,]+")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$\n?", re.MULTILINE)


@dataclass(slots=True)
class _CardDraft:
    """A card as read so far: its fields (question and answer first) and their lines."""

    question: str
    line: int
    fields: dict[str, object]
    lines: dict[str, int]


def parse_markdown(text: str, path: str, default_id: str) -> DeckSpec:
    """Parse a Markdown deck; DeckError lists every problem in the file."""
    return build_deck(read_markdown(text, path), default_id)


def read_markdown(text: str, path: str) -> RawDeck:
    """A Markdown deck's fields and cards with their lines, before validation (DeckError only
    for a file that cannot be read as a deck at all; :func:`build_deck` finds the rest).

    Headings, field lines and code fences are found with one regular expression search over
    the whole text, so a large deck parses quickly; lines inside fenced code are answer text.
    """
    problems: list[Problem] = []
    deck_fields: dict[str, object] = {}
    deck_lines: dict[tuple[str | int, ...], int] = {}
    body_start = 0
    first_newline = text.find("\n")
    if (text if first_newline < 0 else text[:first_newline]).strip() == "---":
        closing = _FRONT_MATTER_END.search(text, first_newline + 1) if first_newline >= 0 else None
        if closing is None:
            raise DeckError.single(path, 1, "front matter starts with --- but has no closing ---")
        located = load_yaml(text[first_newline + 1 : closing.start()], path, first_line=2)
        if isinstance(located.value, dict):
            deck_fields = dict(located.value)
            located.keep_text(deck_fields, (), DECK_TEXT_FIELDS)
            deck_lines = located.lines
        elif located.value is not None:
            problems.append(Problem(path, 2, "front matter must be deck fields (id: …, title: …)"))
        body_start = closing.end()

    drafts, card_problems, first_card, unclosed = _read_cards(text, body_start, path)
    if unclosed is not None:
        problems.append(
            Problem(
                path,
                text.count("\n", 0, unclosed) + 1,
                "this code block is never closed, so "
                "everything after it would be code; close it with a matching fence line",
            )
        )
    title_line = _check_preamble(
        text[body_start:first_card],
        text.count("\n", 0, body_start) + 1,
        deck_fields,
        problems,
        path,
    )
    problems += card_problems

    if title_line is not None:
        deck_lines[("title",)] = title_line
    return RawDeck(
        path=path,
        fields=deck_fields,
        cards=[_raw_card(draft) for draft in drafts],
        line_of=lambda loc: _line_in(deck_lines, loc),
        problems=problems,
    )


def _read_cards(
    text: str, start: int, path: str
) -> tuple[list[_CardDraft], list[Problem], int, int | None]:
    """The cards from ``start`` (a line's start) on, the problems in their fields, where the
    first card starts (else the end of the text), and where a code block opens that is never
    closed (else None).

    One search finds every heading, field line and code fence; a code block's lines are its
    answer's text (only a fence that closes it counts), and so is every other line.
    """
    drafts: list[_CardDraft] = []
    problems: list[Problem] = []
    draft: _CardDraft | None = None
    pieces: list[str] = []  # the current card's answer, around its field lines
    resume = 0  # where its answer goes on after the last heading or field line
    first_card = len(text)
    fence: str | None = None  # the fence of the open code block
    opened = 0
    line, counted = 1, 0  # the line number at offset ``counted``
    first = _MARKED_FIRST_LINE.match(text, start)
    rest = _MARKED_LINE.finditer(text, start)
    for found in chain((first,), rest) if first is not None else rest:
        kind = found.lastgroup
        if fence is not None:
            if kind == "rest" and _closes(found["fence"], found["rest"], fence):
                fence = None
        elif kind == "rest":
            fence, opened = found["fence"], found.start("fence")
        elif kind == "question":
            begin = found.start("question") - 3
            if draft is None:
                first_card = begin
            else:
                pieces.append(text[resume:begin])
                draft.fields["answer"] = "".join(pieces)
                pieces = []
            line += text.count("\n", counted, begin)
            counted = begin
            question = found["question"].strip()
            draft = _CardDraft(
                question,
                line,
                {"question": question, "answer": ""},
                {"question": line, "answer": line + 1},
            )
            drafts.append(draft)
            resume = found.end() + 1
        elif draft is not None:  # a field line (before the first card, it is preamble text)
            begin = found.start("key")
            pieces.append(text[resume:begin])
            resume = found.end() + 1
            line += text.count("\n", counted, begin)
            counted = begin
            _add_field(draft, found["key"], found["value"] or "", line, path, problems)
    if draft is not None:
        pieces.append(text[resume:])
        draft.fields["answer"] = "".join(pieces)
    return drafts, problems, first_card, (opened if fence is not None else None)


def _closes(marker: str, rest: str, fence: str) -> bool:
    """True if a fence line (``marker`` then ``rest``) closes the code block ``fence`` opened."""
    return marker[0] == fence[0] and len(marker) >= len(fence) and not rest.strip()


def _check_preamble(
    preamble: str,
    first_line: int,
    deck_fields: dict[str, object],
    problems: list[Problem],
    path: str,
) -> int | None:
    """Check the text before the first card; return the line of a ``# Title``, if any."""
    title_line = None
    for number, line in enumerate(preamble.split("\n"), start=first_line):
        if not _before_first_card(line, number, deck_fields, problems, path):
            problems.append(
                Problem(
                    path,
                    number,
                    "text before the first card: each card starts with "
                    "a '## ' heading (deck fields go in the --- front matter)",
                )
            )
            break
        if line.startswith("# ") and "title" not in deck_fields:
            deck_fields["title"] = line[2:].strip()
            title_line = number
    return title_line


def fence_after(fence: str | None, line: str) -> str | None:
    """The open code fence after ``line``, given the one open before it (None: not in code)."""
    if "```" not in line and "~~~" not in line:
        return fence
    opener = _FENCE.match(line)
    if fence is None:
        return opener["fence"] if opener else None
    closing = (
        opener is not None
        and opener["fence"][0] == fence[0]
        and len(opener["fence"]) >= len(fence)
        and not line.strip().strip(fence[0])
    )
    return None if closing else fence


def _before_first_card(
    line: str, number: int, deck_fields: dict[str, object], problems: list[Problem], path: str
) -> bool:
    """True if a line before the first card is allowed there (blank, or the deck's # title)."""
    if not line.strip():
        return True
    if line.startswith("# "):
        title = line[2:].strip()
        existing = deck_fields.get("title")
        if existing is not None and existing != title:
            problems.append(
                Problem(
                    path,
                    number,
                    f'the # title "{title}" differs from the title already '
                    f'given ("{existing}"); keep one',
                )
            )
        return True
    return False


def _add_field(
    draft: _CardDraft, key: str, value: str, number: int, path: str, problems: list[Problem]
) -> None:
    value = value.strip()
    if key in _ONCE_FIELDS and key not in draft.fields:  # the usual case, checked first
        _set_field(draft, key, value, number, path, problems)
        return
    if key in ("question", "answer"):
        where = "its ## heading" if key == "question" else "the text under its heading"
        problems.append(
            Problem(
                path, number, f"a Markdown card's {key} is {where}, not a field", draft.question
            )
        )
        return
    if key not in _MARKDOWN_FIELD_SET:
        hint = suggest(key, MARKDOWN_FIELDS) or f" (fields: {', '.join(MARKDOWN_FIELDS)})"
        problems.append(Problem(path, number, f'unknown field "{key}::"{hint}', draft.question))
        return
    if key in _REPEATABLE:
        list_field = _REPEATABLE[key]
        values = draft.fields.setdefault(list_field, [])
        assert isinstance(values, list)
        draft.lines.setdefault(list_field, number)
        draft.lines[f"{list_field}.{len(values)}"] = number
        values.append(value)
        return
    if key == "note":
        _add_note_paragraph(draft, value, number, path, problems)
        return
    if key == "param":
        _add_param(draft, value, number, path, problems)
        return
    if key in draft.fields:
        problems.append(
            Problem(
                path,
                number,
                f'"{key}::" is given twice (also on line {draft.lines[key]})',
                draft.question,
            )
        )
        return
    _set_field(draft, key, value, number, path, problems)


def _set_field(
    draft: _CardDraft, key: str, value: str, number: int, path: str, problems: list[Problem]
) -> None:
    """A field given once (not ``accept``, ``distractor``, ``note`` or ``param``)."""
    draft.lines[key] = number
    if key == "tags":
        draft.fields["tags"] = [tag for tag in _TAG_LIST_SEPARATOR.split(value) if tag]
    elif key == "demo":
        try:
            draft.fields["demo"] = parse_demo_link(value)
        except ValueError as exc:
            problems.append(Problem(path, number, str(exc), draft.question))
    else:
        draft.fields[key] = value


def _add_note_paragraph(
    draft: _CardDraft, value: str, number: int, path: str, problems: list[Problem]
) -> None:
    """A ``note::`` line: the next paragraph of the card's note."""
    if not value:
        problems.append(
            Problem(
                path, number, '"note::" is empty; write the note or leave the line out',
                draft.question,
            )
        )  # fmt: skip
        return
    earlier = draft.fields.get("note")
    draft.fields["note"] = f"{earlier}\n\n{value}" if isinstance(earlier, str) else value
    draft.lines.setdefault("note", number)


def _add_param(
    draft: _CardDraft, value: str, number: int, path: str, problems: list[Problem]
) -> None:
    """A ``param:: name = 5, 10, 20`` (or ``= 0..60``) line: one parameter's values."""
    name, equals, values = value.partition("=")
    name = name.strip()
    if not equals or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        problems.append(
            Problem(
                path, number, 'param:: is written "name = 5, 10, 20" or "name = 0..60"',
                draft.question,
            )
        )  # fmt: skip
        return
    params = draft.fields.setdefault("params", {})
    assert isinstance(params, dict)
    if name in params:
        problems.append(
            Problem(
                path, number,
                f'param "{name}" is given twice (also on line {draft.lines[f"params.{name}"]})',
                draft.question,
            )
        )  # fmt: skip
        return
    draft.lines.setdefault("params", number)
    draft.lines[f"params.{name}"] = number
    values = values.strip()
    params[name] = (
        values if ".." in values else [_typed(item.strip()) for item in values.split(",")]
    )


_DEMO_PARAM = re.compile(
    r"""(?P<key>[A-Za-z_][\w-]*)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"']+))(?=\s|$)\s*"""
)


def parse_demo_link(text: str) -> dict[str, object]:
    """Parse ``name key=value ...`` into demo-link fields.

    Bare values are typed (numbers, true/false); quoted values (``label="10"``) stay text.
    """
    name, _, rest = text.strip().partition(" ")
    if not name:
        raise ValueError("demo:: needs a demo name, e.g. demo:: momentum lr=0.01")
    params: dict[str, object] = {}
    rest = rest.strip()
    position = 0
    while position < len(rest):
        match = _DEMO_PARAM.match(rest, position)
        if match is None:
            token = rest[position:].split()[0]
            raise ValueError(f'demo:: parameter "{token}" should be written name=value')
        key = match["key"]
        if key in params:
            raise ValueError(f'demo:: parameter "{key}" is given twice')
        quoted = match["dq"] if match["dq"] is not None else match["sq"]
        params[key] = quoted if quoted is not None else _typed(match["bare"])
        position = match.end()
    return {"name": name, "params": params}


def _typed(text: str) -> object:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def _raw_card(draft: _CardDraft) -> RawCard:
    lines = draft.lines

    def line_of(loc: tuple[str | int, ...]) -> int | None:
        for end in range(len(loc), 0, -1):
            found = lines.get(".".join(str(part) for part in loc[:end]))
            if found is not None:
                return found
        return draft.line

    return RawCard(draft.fields, draft.line, line_of)


def _line_in(lines: dict[tuple[str | int, ...], int], loc: tuple[str | int, ...]) -> int | None:
    for end in range(len(loc), -1, -1):
        found = lines.get(loc[:end])
        if found is not None:
            return found
    return None


def write_markdown(deck: DeckSpec) -> str:
    """The deck as Markdown text that :func:`parse_markdown` reads back to the same cards.

    Raises DeckError when a card can't be written as Markdown (a question of several lines,
    or an answer line that would read as a card heading or a field).
    """
    front: dict[str, object] = {"id": deck.id, "title": deck.title}
    if deck.description:
        front["description"] = deck.description
    if deck.tags:
        front["tags"] = list(deck.tags)
    if deck.source:
        front["source"] = deck.source
    out = ["---", dump_yaml(front).rstrip("\n"), "---"]
    problems: list[Problem] = []
    for card in deck.cards:
        problems.extend(_unwritable(card, deck.id))
        out += ["", *_card_lines(card, deck.id)]
    if problems:
        raise DeckError(problems)
    return "\n".join(out) + "\n"


def write_markdown_card(card: CardSpec, deck_id: str) -> str:
    """One card as the Markdown block :func:`write_markdown` writes for it (a ``##`` heading,
    the answer, the fields), ending with a line break; DeckError if Markdown can't hold it."""
    problems = _unwritable(card, deck_id)
    if problems:
        raise DeckError(problems)
    return "\n".join(_card_lines(card, deck_id)) + "\n"


def _card_lines(card: CardSpec, deck_id: str) -> list[str]:
    lines = [f"## {card.question}"]
    if card.answer:
        lines += ["", card.answer]
    fields = _card_field_lines(card, deck_id)
    if fields:
        lines += ["", *fields]
    return lines


def _card_field_lines(card: CardSpec, deck_id: str) -> list[str]:
    lines: list[str] = []
    if card.id and card.id != derive_card_id(deck_id, card.question):
        lines.append(f"id:: {card.id}")
    if card.type != default_card_type(card.question):
        lines.append(f"type:: {card.type}")
    if card.short:
        lines.append(f"short:: {card.short}")
    lines += [f"accept:: {answer}" for answer in card.accepted]
    if card.tags:
        lines.append(f"tags:: {', '.join(card.tags)}")
    lines += [f"distractor:: {d}" for d in card.distractors]
    if card.demo:
        lines.append(f"demo:: {format_demo_link(card.demo)}")
    if card.source:
        lines.append(f"source:: {card.source}")
    if card.note:
        lines += [f"note:: {paragraph}" for paragraph in card.note.split("\n\n")]
    if card.compute:
        lines.append(f"compute:: {card.compute}")
    lines += [
        f"param:: {name} = {Choices.parse(choices).text()}" for name, choices in card.params.items()
    ]
    if card.tolerance:
        lines.append(f"tolerance:: {card.tolerance}")
    return lines


def format_demo_link(demo: DemoLink) -> str:
    """A demo link as the ``name key=value ...`` text that :func:`parse_demo_link` reads back."""
    params = " ".join(f"{key}={_demo_value(value)}" for key, value in demo.params.items())
    return f"{demo.name} {params}".rstrip()


def _demo_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str):
        return repr(value)
    if value and _typed(value) == value and not any(c.isspace() or c in "\"'" for c in value):
        return value
    return f'"{value}"' if '"' not in value else f"'{value}'"


def _unwritable(card: CardSpec, deck_id: str) -> list[Problem]:
    where = f"deck {deck_id}"
    if "\n" in card.question:
        return [
            Problem(
                where,
                None,
                "the question has several lines, which a Markdown heading "
                "can't hold; export this deck as YAML",
                card.question,
            )
        ]
    fence: str | None = None
    for line in card.answer.split("\n"):
        was_in_code = fence is not None
        fence = fence_after(fence, line)
        if was_in_code or fence is not None:
            continue
        if _CARD_HEADING.match(line) or _FIELD_LINE.match(line):
            return [
                Problem(
                    where,
                    None,
                    f'the answer line "{line}" would read as a new card or a '
                    "field in Markdown; export this deck as YAML",
                    card.question,
                )
            ]
    if card.demo and any(
        isinstance(v, str) and '"' in v and "'" in v for v in card.demo.params.values()
    ):
        return [
            Problem(
                where,
                None,
                "a demo parameter has both kinds of quote, which a Markdown "
                "demo:: line can't hold; export this deck as YAML",
                card.question,
            )
        ]
    if fence is not None:
        return [
            Problem(
                where,
                None,
                "the answer opens a code block it never closes, which would swallow the rest "
                "of a Markdown deck; export this deck as YAML",
                card.question,
            )
        ]
    return []
