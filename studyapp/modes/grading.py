"""Lenient grading of typed answers, as Quizlet does it: small slips pass, wrong facts do not.

Both the typed answer and each accepted answer are first normalized (:func:`normalize_answer`):

- Unicode NFKC and case folding (``Momentum`` = ``momentum``, ``w²`` = ``w2``), and ``√`` read
  as the word ``sqrt``;
- Markdown emphasis and code markers (``*``, ``_``, backticks) and apostrophes are dropped;
- every other character that is not a letter or a digit separates words (``learning-rate
  decay!`` = ``learning rate decay``), except what belongs to a number: a decimal point between
  digits (``0.01``), a leading minus (``-3``), an exponent (``1e-3``), and a thousands comma
  (``1,000`` = ``1000``);
- the articles *a*, *an* and *the* are dropped as whole words (unless nothing else is left);
- runs of whitespace become one space, and the ends are stripped.

A typed answer is then graded against each accepted answer, best first:

- an empty (or all-punctuation) answer is never right;
- equal after normalization is right and *exact*; numbers are compared by value here, so
  ``1e-3`` = ``0.001`` and ``0.10`` = ``0.1``;
- otherwise it is right with a *typo* when the numbers in it are exactly those of the accepted
  answer, in the same order (``0.01`` ≠ ``0.001``, ``10`` ≠ ``100``, ``L1`` ≠ ``L2``), and it is
  within a few edits (insertion, deletion, substitution, or swap of two neighbours: optimal
  string alignment distance) of it, counted word by word so that a slip never turns one word
  into another ("inside" for "outside", "starts" for "stops": see
  :mod:`studyapp.modes.word_slips`). The edits allowed in all depend on the length of the
  normalized accepted answer:

  ============  =============
  length        edits allowed
  ============  =============
  1–3           0
  4–7           1
  8–15          2
  16 or more    3
  ============  =============

- a known wrong answer (a card's distractors) is never right: typed as it stands it is wrong,
  and a slip that is as close to a wrong answer as to the right one is wrong too, so "until the
  error increases" does not pass as a typo of "until the error decreases".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from studyapp.decks.cloze import cloze_blanks
from studyapp.decks.math_text import ascii_spelling, math_to_unicode
from studyapp.modes.word_slips import slip_edits
from studyapp.numeric.grading import format_number, parse_number, within
from studyapp.terminal_text import terminal_safe

if TYPE_CHECKING:
    from studyapp.store.cards import CardView

#: The longest answer (as one line of plain text) a card with no short answer is asked to type
#: in full; a longer one is revealed and self-rated instead (see :func:`typed_answer`).
TYPED_ANSWER_LENGTH = 80

#: (longest normalized length, edits allowed), shortest first; longer answers allow 3.
TYPO_TABLE: tuple[tuple[int, int], ...] = ((3, 0), (7, 1), (15, 2))
MAX_TYPOS = 3

_ARTICLES = frozenset({"a", "an", "the"})
_MARKERS = re.compile(r"[*_`'‘’ʼ]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")

# Markdown, for turning an answer into one line of plain text.
_FENCE = re.compile(r"^\s*(```|~~~)")
_BLOCK_MARK = re.compile(r"^\s*(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)+")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(
    r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1"  # **strong**, __strong__, ~~struck~~
    r"|(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"  # *emphasis*
    r"|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"  # _emphasis_
)


@dataclass(frozen=True, slots=True)
class WrittenGrade:
    """How a typed answer was graded, and the accepted answer it matched (or should have)."""

    correct: bool
    exact: bool
    typo: bool
    matched: str | None


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM"


def _keeps(text: str, index: int) -> bool:
    """Whether a character that is not a letter or digit belongs to a number here."""
    char = text[index]
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if char == "." and before.isdigit() and after.isdigit():
        return True
    if char in "-+" and after.isdigit():
        exponent = before == "e" and index > 1 and text[index - 2].isdigit()
        return exponent or (char == "-" and not (before and _is_word_char(before)))
    return False


def normalize_answer(text: str) -> str:
    """An answer reduced to what grading compares (see the module docstring for the rules)."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    text = text.replace("√", " sqrt ")  # a root is a word of the answer, never a slip
    text = _THOUSANDS.sub("", _MARKERS.sub("", text.replace("\u2212", "-")))
    kept = "".join(
        char if _is_word_char(char) or _keeps(text, index) else " "
        for index, char in enumerate(text)
    )
    words = kept.split()
    return " ".join([word for word in words if word not in _ARTICLES] or words)


def _canonical_number(token: str) -> str:
    try:
        value = Decimal(token)
        return str(value.normalize()) if value.is_finite() else token
    except (InvalidOperation, ArithmeticError, ValueError):
        return token


def _numbers(normalized: str) -> list[str]:
    return [_canonical_number(token) for token in _NUMBER.findall(normalized)]


def _comparable(normalized: str) -> str:
    """The normalized text with each number written in one canonical way."""
    return _NUMBER.sub(lambda match: _canonical_number(match.group()), normalized)


def allowed_typos(length: int) -> int:
    """How many edits a normalized accepted answer of this length tolerates."""
    for longest, edits in TYPO_TABLE:
        if length <= longest:
            return edits
    return MAX_TYPOS


def plain_text(markdown: str) -> str:
    """Markdown as one line of plain text: markers, fences and list bullets removed, each
    ``$…$`` formula shown as Unicode (:mod:`studyapp.decks.math_text`)."""
    return " ".join(line for line in _plain_lines(math_to_unicode(markdown)) if line)


def _plain_line(line: str) -> str:
    line = _BLOCK_MARK.sub("", terminal_safe(line))
    line = _IMAGE_OR_LINK.sub(r"\1", line)
    previous = None
    while previous != line:  # nested emphasis: ***both*** or **_both_**
        previous = line
        line = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", line)
    return " ".join(line.replace("`", "").split())


def _plain_lines(markdown: str, *, code: bool = True) -> list[str]:
    """Each line of Markdown as plain text ("" for blank lines, code fences, and code if not
    ``code``)."""
    lines, in_code = [], False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            in_code = not in_code
            lines.append("")
        elif in_code:
            lines.append(" ".join(terminal_safe(line).split()) if code else "")
        else:
            lines.append(_plain_line(line))
    return lines


def first_paragraph(markdown: str) -> str:
    """The first paragraph (or list item) of Markdown outside code blocks, as one line of
    plain text (the first line of code when there is nothing else)."""
    markdown = math_to_unicode(markdown)
    raw = markdown.splitlines()
    lines = _plain_lines(markdown, code=False)
    start = next((i for i, line in enumerate(lines) if line), None)
    if start is None:
        return next((line for line in _plain_lines(markdown) if line), "")
    taken = [lines[start]]
    for raw_line, line in zip(raw[start + 1 :], lines[start + 1 :], strict=True):
        if not line or _BLOCK_MARK.match(raw_line):
            break
        taken.append(line)
    return " ".join(taken)


def cloze_words(card: CardView) -> list[str]:
    """The hidden words of each blank of a cloze card, in order (none for other cards)."""
    if card.type != "cloze":
        return []
    return [words for text, _hint in cloze_blanks(card.question) if (words := plain_text(text))]


def typed_answer(card: CardView) -> str | None:
    """The answer a written question asks the student to type, or None when a card has none
    that is fair to ask.

    It is the short answer, else the first accepted one, else a cloze card's hidden words,
    else the whole answer when that is one paragraph of plain text of at most
    :data:`TYPED_ANSWER_LENGTH` characters. Never a cut piece of a longer answer: a card with
    none (an imported card with a long answer and no ``short``) is revealed and self-rated.
    """
    if card.numeric is not None and card.drawn is None:
        return None  # a numeric card's template: only a drawn instance has an answer
    for written in (card.short or "", *card.accepted):
        if normalize_answer(plain_text(written)):
            return plain_text(written)
    blanks = cloze_words(card)
    if blanks:
        return ", ".join(blanks)
    whole = plain_text(card.answer)
    fits = len(whole) <= TYPED_ANSWER_LENGTH and first_paragraph(card.answer) == whole
    return whole if fits and normalize_answer(whole) else None


def expected_answers(card: CardView) -> tuple[str, ...]:
    """What counts as a right typed answer to a card, best first (never empty strings): the
    short answer, the accepted ones, a cloze card's hidden words, the whole answer; then each
    in ASCII (a formula shown as ``β₁ᵗ`` also accepts ``beta_1^t``)."""
    candidates = [plain_text(card.short or ""), *(plain_text(text) for text in card.accepted)]
    blanks = cloze_words(card)
    if blanks:
        candidates += [", ".join(blanks), " ".join(blanks)]
    candidates.append(plain_text(card.answer))
    candidates += [ascii_spelling(candidate) for candidate in candidates]
    accepted: dict[str, str] = {}
    for candidate in candidates:
        key = normalize_answer(candidate)
        if key and key not in accepted:
            accepted[key] = candidate
    return tuple(accepted.values())


def wrong_answers(card: CardView) -> tuple[str, ...]:
    """The answers known to be wrong for a card, as plain text: its distractors."""
    return tuple(plain_text(text) for text in card.distractors)


def grade_written(given: str, expected: Sequence[str], wrong: Sequence[str] = ()) -> WrittenGrade:
    """Grade a typed answer against the accepted ones, never accepting one of the ``wrong``
    answers or a slip closer to one of them (see the module docstring for the rules)."""
    accepted = [(answer, normalize_answer(answer)) for answer in expected]
    accepted = [(answer, key) for answer, key in accepted if key]
    shown = accepted[0][0] if accepted else None
    graded_wrong = WrittenGrade(correct=False, exact=False, typo=False, matched=shown)
    typed = normalize_answer(given)
    if not typed:
        return graded_wrong
    typed_form, typed_numbers = _comparable(typed), _numbers(typed)
    forms = [(answer, _comparable(key), key) for answer, key in accepted]
    for answer, form, _key in forms:
        if form == typed_form:
            return WrittenGrade(correct=True, exact=True, typo=False, matched=answer)
    best = _closest(typed_form, typed_numbers, forms)
    if best is None:
        return graded_wrong
    known_wrong = [
        (text, _comparable(key), key) for text in wrong if (key := normalize_answer(text))
    ]
    nearest_wrong = _closest(typed_form, typed_numbers, known_wrong)
    if any(form == typed_form for _text, form, _key in known_wrong) or (
        nearest_wrong is not None and nearest_wrong[0] <= best[0]
    ):
        return graded_wrong
    return WrittenGrade(correct=True, exact=False, typo=True, matched=best[1])


def _closest(
    typed_form: str, typed_numbers: list[str], forms: Sequence[tuple[str, str, str]]
) -> tuple[int, str] | None:
    """The fewest edits from the typed answer to one of ``forms`` (answer, comparable form,
    normalized key) within that one's typo allowance and with the same numbers, and which."""
    best: tuple[int, str] | None = None
    for answer, form, key in forms:
        if _numbers(key) != typed_numbers:
            continue
        edits = slip_edits(typed_form, form, allowed_typos(len(key)))
        if edits is not None and (best is None or edits < best[0]):
            best = (edits, answer)
    return best


def grade_answer(card: CardView, given: str) -> WrittenGrade:
    """Grade a typed answer to a card: a drawn numeric card's by value, within its tolerance
    (``matched`` is then the right value with it, ``0.025 (±1%)``); any other card's by
    :func:`grade_written` against :func:`expected_answers`."""
    drawn = card.drawn
    if drawn is None:
        return grade_written(given, expected_answers(card), wrong_answers(card))
    right = within(given, drawn.value, drawn.tolerance, drawn.wrong_values)
    typed = parse_number(given)
    exact = right and typed is not None and format_number(typed) == drawn.shown
    return WrittenGrade(correct=right, exact=exact, typo=False, matched=drawn.shown_with_tolerance)


def right_answer(card: CardView, grade: WrittenGrade) -> str:
    """The right answer to show after a written question was graded."""
    if card.drawn is not None:
        return card.drawn.shown_with_tolerance
    return typed_answer(card) or grade.matched or ""


def numeric_prompt(card: CardView) -> str | None:
    """What to type for a drawn numeric card (None for other cards)."""
    if card.drawn is None:
        return None
    stated = card.drawn.tolerance.text()
    within_text = stated if stated.startswith("±") else f"±{stated}"
    return (
        f"Type the number (right within {within_text}), then enter; 1/40, 2.5e-2 and "
        "2.5×10^-2 are read too."
    )
