"""Delimited exports: Quizlet's term/definition lists and Anki's "Notes in Plain Text".

Both are rows of fields. Quizlet writes ``term<separator>definition<row separator>`` with a
tab and a newline by default (or a comma, or any string the user chose, for either); Anki
writes ``#key:value`` header lines, then CSV rows with the separator the header names.

Each format has a ``detect_*`` function (how sure it is that a text is in that format, 0..1)
and a ``parse_*`` function that returns the validated deck or raises :class:`DeckError`
listing every problem with its line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.decks.errors import DeckError, Problem
from studyapp.decks.importers.common import FoundCard, make_deck

if TYPE_CHECKING:
    from studyapp.decks.models import DeckSpec

QUIZLET_LABEL = "Quizlet export"
ANKI_LABEL = "Anki plain-text export"

#: Tags whose presence makes a field HTML rather than text that happens to hold a ``<`` (not
#: ``<s>``: in these decks that is a sequence-start token far more often than strikethrough).
_LOOKS_LIKE_HTML = re.compile(
    r"<(?:/?(?:a|b|i|u|em|strong|br|hr|div|p|span|font|ul|ol|li|code|pre|sub|sup|img"
    r"|table|tr|td|th|blockquote|h[1-6])\b[^<>]*>|!--)",
    re.IGNORECASE,
)
_ANKI_CLOZE = re.compile(r"\{\{c\d+::")
_ANKI_MEDIA = re.compile(r"\[sound:[^\]]*\]")


def _normalize(text: str) -> str:
    """The text without a byte-order mark and with ``\\n`` line endings."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _finish(
    path: str, title: str | None, cards: list[FoundCard], problems: list[Problem], label: str
) -> DeckSpec:
    """The deck of the found cards, or a DeckError with the format's problems and the cards'."""
    if not problems:
        return make_deck(path, title, cards, label)
    if cards:
        try:
            make_deck(path, title, cards, label)
        except DeckError as exc:
            problems = [*problems, *exc.problems]
    raise DeckError(problems)


# --------------------------------------------------------------------------------------------
# Quizlet


#: Header rows that name the two columns instead of being a card.
_HEADER_ROWS = frozenset({("term", "definition"), ("front", "back"), ("question", "answer")})
#: Separators people choose as Quizlet's "custom" one, tried when there is no tab or comma.
_CUSTOM_SEPARATORS = (" - ", " : ", "|")
#: Names a separator may be given by on the command line.
_SEPARATOR_NAMES = {"tab": "\t", "comma": ",", "semicolon": ";", "newline": "\n"}


def detect_quizlet(text: str) -> float:
    """How sure it is that ``text`` is a Quizlet export (0: certainly not, 1: certainly).

    Exactly one tab on nearly every line scores high: 0.95 times the share of such lines (a
    tab is rare in other text). Exactly one comma (per CSV record) or one custom separator
    (`` - ``, `` : ``, ``|``) scores at most 0.6 and 0.5, falling with the square of the
    share of rows that fit, as prose and other lists have those too.
    """
    text = _normalize(text)
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines or _is_anki_header_line(lines[0]):
        return 0.0
    tab_share = sum(1 for line in lines if _splits_in_two(line, "\t")) / len(lines)
    comma_share = _csv_pair_share(text)
    custom_share = max(
        sum(1 for line in lines if _splits_in_two(line, sep)) / len(lines)
        for sep in _CUSTOM_SEPARATORS
    )
    return round(max(0.95 * tab_share, 0.6 * comma_share**2, 0.5 * custom_share**2), 3)


def _splits_in_two(line: str, separator: str) -> bool:
    """Whether the separator occurs exactly once in the line."""
    return line.count(separator) == 1


def _csv_pair_share(text: str) -> float:
    """The share of CSV records (not blank) that are exactly two fields."""
    try:
        records = [
            rec
            for rec in csv.reader(io.StringIO(text, newline=""))
            if any(value.strip() for value in rec)
        ]
    except csv.Error:
        return 0.0
    if not records:
        return 0.0
    pairs = sum(1 for rec in records if len(rec) == 2)
    return pairs / len(records)


def parse_quizlet(
    text: str, path: str, *, separator: str | None = None, row_separator: str | None = None
) -> DeckSpec:
    """The cards of a Quizlet export: each row's term is the question, its definition the answer.

    ``separator`` goes between term and definition (default: guessed, see
    :func:`guess_quizlet_separator`); ``row_separator`` between rows (default: newline). Either
    may be a string or a name: ``tab``, ``comma``, ``semicolon``, ``newline`` (``\\t`` and
    ``\\n`` written out are understood too). A comma-separated export is read as CSV, so a
    quoted definition may hold commas, quotes and newlines. A first row naming the columns
    (``term,definition``, ``front,back``, ``question,answer``) is skipped.
    """
    text = _normalize(text)
    sep = _separator_argument(separator, path, "separator")
    row_sep = _separator_argument(row_separator, path, "row separator")
    if row_sep == "\n":
        row_sep = None
    rows = list(_quizlet_rows(text, row_sep))
    if sep is None:
        sep = guess_quizlet_separator([row for _, row in rows], path)
        if sep is None:
            raise DeckError.single(
                path, None, "cannot tell what separates terms from definitions; use --separator"
            )
    if sep == "," and row_sep is None:
        pairs = list(_csv_pairs(text, path))
    else:
        pairs = [(line, _split_row(row, sep)) for line, row in rows]

    cards: list[FoundCard] = []
    problems: list[Problem] = []
    name = {"\t": "tab", ",": "comma"}.get(sep, f'"{sep}"')
    for index, (line, pair) in enumerate(pairs):
        if pair is None:
            problems.append(Problem(path, line, f"no {name} between term and definition"))
            continue
        term, definition = pair[0].strip(), pair[1].strip()
        if index == 0 and (term.lower(), definition.lower()) in _HEADER_ROWS:
            continue
        if not term:
            problems.append(Problem(path, line, "the term is empty"))
        else:  # an empty definition (an image on Quizlet) imports as a card to complete
            cards.append(FoundCard(_maybe_html(term), _maybe_html(definition), line))
    return _finish(path, None, cards, problems, QUIZLET_LABEL)


def guess_quizlet_separator(rows: list[str], path: str = "") -> str | None:
    """The separator between term and definition in these rows, or None if none fits.

    A ``.csv`` file is comma-separated and a ``.tsv`` file tab-separated. Otherwise: a tab if
    most rows have one; else a custom separator (`` - ``, `` : ``, ``|``) present in every row
    and, in most rows, before any comma; else a comma if most rows have one.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return ","
    if suffix == ".tsv":
        return "\t"
    filled = [row for row in rows if row.strip()]
    if not filled:
        return None
    if _most(filled, lambda row: "\t" in row):
        return "\t"
    for sep in _CUSTOM_SEPARATORS:
        if all(sep in row for row in filled) and _most(filled, partial(_before_comma, sep)):
            return sep
    if _most(filled, lambda row: "," in row):
        return ","
    return None


def _most(rows: list[str], test: Callable[[str], bool]) -> bool:
    """Whether more than half of the rows pass the test."""
    return 2 * sum(1 for row in rows if test(row)) > len(rows)


def _before_comma(separator: str, row: str) -> bool:
    """Whether the separator comes before any comma in the row."""
    return "," not in row or row.index(separator) < row.index(",")


def _separator_argument(value: str | None, path: str, what: str) -> str | None:
    """A separator as given by the user, with names and written-out escapes resolved."""
    if value is None:
        return None
    resolved = _SEPARATOR_NAMES.get(value.strip().lower())
    if resolved is None:
        resolved = value.replace("\\t", "\t").replace("\\n", "\n").replace("\r\n", "\n")
    if not resolved:
        raise DeckError.single(path, None, f"the {what} cannot be empty")
    return resolved


def _quizlet_rows(text: str, row_separator: str | None) -> Iterator[tuple[int, str]]:
    """Each non-blank row with the line it starts on."""
    if row_separator is None:
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                yield number, line
        return
    start = 1
    for piece in text.split(row_separator):
        if piece.strip():
            leading = piece[: len(piece) - len(piece.lstrip())]
            yield start + leading.count("\n"), piece
        start += piece.count("\n") + row_separator.count("\n")


def _csv_pairs(text: str, path: str) -> Iterator[tuple[int, tuple[str, str] | None]]:
    """Each CSV record as (line, (term, definition)), or (line, None) without a comma.

    An unquoted definition with commas in it (as Quizlet writes it) is joined back together.
    """
    for line, record in _csv_records(text, ",", 1, path):
        if not any(value.strip() for value in record):
            continue
        yield line, ((record[0], ",".join(record[1:])) if len(record) >= 2 else None)


def _csv_records(
    text: str, delimiter: str, first_line: int, path: str
) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the physical line it starts on (``text`` starts at ``first_line``)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    consumed = 0
    try:
        for record in reader:
            yield first_line + consumed, record
            consumed = reader.line_num
    except csv.Error as exc:
        raise DeckError.single(path, first_line + consumed, f"cannot read as CSV: {exc}") from None


def _split_row(row: str, separator: str) -> tuple[str, str] | None:
    """A row's term and definition, split at the first separator; None if it has none."""
    if separator == ",":
        records = list(csv.reader(io.StringIO(row.strip(), newline="")))
        if len(records) == 1:
            record = records[0]
            return (record[0], ",".join(record[1:])) if len(record) >= 2 else None
    term, found, definition = row.partition(separator)
    return (term, definition) if found else None


def _maybe_html(text: str) -> str:
    """The text as Markdown if it holds HTML tags, else unchanged."""
    return _html_to_markdown(text) if _looks_like_html(text) else text


def _looks_like_html(text: str) -> bool:
    """Whether a field holds one of the tags of :data:`_LOOKS_LIKE_HTML` (a field without a
    ``<``, as most are, is told at once)."""
    return "<" in text and _LOOKS_LIKE_HTML.search(text) is not None


def _html_to_markdown(text: str) -> str:
    """:func:`~studyapp.decks.importers.html.html_to_markdown`, imported when a field first
    holds HTML: a plain-text export never loads the converter (nor its math reader)."""
    from studyapp.decks.importers.html import html_to_markdown

    return html_to_markdown(text)


# --------------------------------------------------------------------------------------------
# Anki


#: Anki's names for separators (``#separator:tab``); a single character is also accepted.
_ANKI_SEPARATORS = {
    "tab": "\t",
    "pipe": "|",
    "semicolon": ";",
    "colon": ":",
    "comma": ",",
    "space": " ",
}
#: Header keys Anki writes or reads; any other ``#key:value`` line is ignored.
_ANKI_KEYS = frozenset(
    {
        "separator",
        "html",
        "tags",
        "columns",
        "notetype",
        "deck",
        "notetype column",
        "deck column",
        "tags column",
        "guid column",
    }
)
_COLUMN_KEYS = ("guid", "notetype", "deck", "tags")


def detect_anki_text(text: str) -> float:
    """How sure it is that ``text`` is an Anki plain-text export (0: certainly not).

    1.0 when the first line is ``#separator:`` or ``#html:`` (as Anki's export writes it); 0.9
    when the leading ``#`` lines name another Anki header (``#tags column:``, ``#deck:`` …).
    """
    lines = _normalize(text).split("\n")
    if _is_anki_header_line(lines[0]):
        return 1.0
    for line in lines:
        if not line.startswith("#"):
            break
        key, colon, _ = line[1:].partition(":")
        if colon and key.strip().lower() in _ANKI_KEYS:
            return 0.9
    return 0.0


def _is_anki_header_line(line: str) -> bool:
    """Whether a first line is Anki's own export header."""
    start = line.removeprefix("\ufeff").lower()
    return start.startswith(("#separator:", "#html:"))


@dataclass(slots=True)
class _AnkiHeader:
    """What the ``#key:value`` lines at the top of an Anki export say."""

    lines: int = 0  # how many lines the header has
    separator: str | None = None
    html: bool | None = None  # None: not said; fields holding tags are taken as HTML
    columns: dict[str, int] = field(default_factory=dict)  # guid/notetype/deck/tags → index
    column_names: str | None = None  # the raw #columns: value, split once the separator is known
    notetype: str | None = None
    deck: str | None = None
    tags: list[str] = field(default_factory=list)


def parse_anki_text(text: str, path: str) -> DeckSpec:
    """The cards of an Anki "Notes in Plain Text" export.

    The first note field is the question and the second the answer; guid, notetype and deck
    columns are skipped and the tags column gives the tags. A cloze note (its notetype says
    Cloze, or its text has ``{{c1::…}}``) becomes a cloze card whose answer is the note's
    second field ("Back Extra"). With ``#html:true`` the fields are converted to Markdown.
    When every note is in the same deck, the deck (``Parent::Child`` → "Parent — Child") is
    the title.
    """
    text = _normalize(text)
    lines = text.split("\n")
    problems: list[Problem] = []
    header = _read_anki_header(lines, path, problems)
    separator = header.separator or _guess_anki_separator(lines[header.lines :])
    if header.column_names is not None and "tags" not in header.columns:
        names = next(csv.reader([header.column_names], delimiter=separator), [])
        for index, column in enumerate(names):
            if column.strip().lower() == "tags":
                header.columns["tags"] = index
    meta = {index for key, index in header.columns.items() if key in _COLUMN_KEYS}

    cards: list[FoundCard] = []
    decks: set[str] = set()
    body = "\n".join(lines[header.lines :])
    for line, record in _csv_records(body, separator, header.lines + 1, path):
        if not any(value.strip() for value in record) or lines[line - 1].startswith("#"):
            continue  # a blank line, or a comment (Anki skips rows starting with #)
        fields = [value for index, value in enumerate(record) if index not in meta]
        if len(fields) < 2:
            problems.append(Problem(path, line, _too_few_fields(len(fields), separator)))
            continue
        notetype = _column(record, header.columns.get("notetype")) or header.notetype or ""
        deck = _column(record, header.columns.get("deck"))
        if deck is not None:
            decks.add(deck.strip())
        front, back = (_anki_field(value, header.html) for value in fields[:2])
        tags = _anki_tags(_column(record, header.columns.get("tags")) or "", header.tags)
        if "cloze" in notetype.lower() or _ANKI_CLOZE.search(front):
            from studyapp.decks.importers.html import anki_cloze_to_studyapp

            cards.append(FoundCard(anki_cloze_to_studyapp(front), back, line, tags, "cloze"))
        else:
            cards.append(FoundCard(front, back, line, tags))
    deck_name = decks.pop() if len(decks) == 1 else None
    if deck_name is None and not decks and header.deck and not header.deck.strip().isdigit():
        deck_name = header.deck
    title = " — ".join(part.strip() for part in deck_name.split("::")) if deck_name else None
    return _finish(path, title or None, cards, problems, ANKI_LABEL)


def _read_anki_header(lines: list[str], path: str, problems: list[Problem]) -> _AnkiHeader:
    """Read the ``#key:value`` lines at the top (and Anki's bare ``tags:`` first line)."""
    header = _AnkiHeader()
    for number, line in enumerate(lines, start=1):
        if number == 1 and line.startswith("tags:"):
            header.tags = line.removeprefix("tags:").split()
        elif not line.startswith("#"):
            break
        else:
            key, colon, value = line[1:].partition(":")
            if colon:
                _anki_header_value(header, key.strip().lower(), value, path, number, problems)
        header.lines = number
    return header


def _anki_header_value(
    header: _AnkiHeader, key: str, value: str, path: str, line: int, problems: list[Problem]
) -> None:
    """Record one header line's value; a value that cannot be understood is a problem."""
    if key == "separator":
        name = value.strip().lower()
        if name in _ANKI_SEPARATORS:
            header.separator = _ANKI_SEPARATORS[name]
        elif len(value) == 1 or len(value.strip()) == 1:
            header.separator = value if len(value) == 1 else value.strip()
        else:
            known = ", ".join(_ANKI_SEPARATORS)
            problems.append(
                Problem(path, line, f'unknown separator "{value}" (use {known} or one character)')
            )
    elif key == "html":
        flag = value.strip().lower()
        if flag in ("true", "false"):
            header.html = flag == "true"
        else:
            problems.append(Problem(path, line, f'#html must be true or false, not "{value}"'))
    elif key.endswith(" column") and key.removesuffix(" column") in _COLUMN_KEYS:
        number = value.strip()
        if number.isdigit() and int(number) >= 1:
            header.columns[key.removesuffix(" column")] = int(number) - 1
        else:
            problems.append(
                Problem(path, line, f'#{key} must be a column number from 1, not "{value}"')
            )
    elif key == "columns":
        header.column_names = value
    elif key == "notetype":
        header.notetype = value.strip()
    elif key == "deck":
        header.deck = value.strip()
    elif key == "tags":
        header.tags = value.split()


def _guess_anki_separator(body: list[str]) -> str:
    """The separator of an export whose header does not name one: the first of tab, pipe,
    semicolon, colon, comma and space that occurs in the rows, else a tab."""
    sample = "\n".join(body[:50])
    return next((sep for sep in _ANKI_SEPARATORS.values() if sep in sample), "\t")


def _too_few_fields(count: int, separator: str) -> str:
    """The message for a row without a front and a back."""
    name = next((k for k, v in _ANKI_SEPARATORS.items() if v == separator), f'"{separator}"')
    fields = "1 field" if count == 1 else f"{count} fields"
    return f"{fields} where a note needs a front and a back (fields separated by {name})"


def _column(record: list[str], index: int | None) -> str | None:
    """A record's value in a column, if the file has that column and the record reaches it."""
    if index is None or index >= len(record):
        return None
    return record[index]


def _anki_field(value: str, html: bool | None) -> str:
    """A note field as card text: HTML converted when the export holds HTML, media dropped."""
    if html or (html is None and _looks_like_html(value)):
        value = _html_to_markdown(value)
    if "[sound:" in value:
        value = "\n".join(line.rstrip() for line in _ANKI_MEDIA.sub("", value).split("\n"))
    return value.strip()


def _anki_tags(column: str, extra: list[str]) -> list[str]:
    """Anki's space-separated tags plus the file's own, each once; a comma becomes a dash."""
    tags: list[str] = []
    for tag in [*column.split(), *extra]:
        tag = tag.replace(",", "-")
        if tag and tag not in tags:
            tags.append(tag)
    return tags
