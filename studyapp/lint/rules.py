"""The linter's rules: each has a stable name, a severity, and a documented threshold.

Errors are cards a student is graded unfairly on: a short answer too long to type, too few
distractors (the multiple-choice builder then borrows other cards' answers), an option set
that can hold two right answers, a file the importer refuses; and a formula the app cannot
show (every student would read raw TeX). Warnings are tells a test-wise student can use,
duplicates, or a ``$`` that opens no formula (it may be a dollar meant as one): worth a look,
a judgement for the author.

Rules about choices apply only to cards that can be asked as multiple choice: those with an
answer label (:func:`studyapp.modes.questions.answer_label`: the short answer, the cloze
blanks, or a whole one-paragraph answer); lengths are in characters of that plain-text label.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Final

from rapidfuzz import fuzz, process

from studyapp.decks.cloze import cloze_text, find_blanks
from studyapp.decks.math_text import find_math, formula_problem, unclosed_dollars
from studyapp.lint.findings import Finding, Rule, cut
from studyapp.lint.sources import PARSE_ERROR, LintedCard
from studyapp.lint.wording import absolute_words, word_count
from studyapp.modes.grading import normalize_answer, plain_text
from studyapp.modes.questions import answer_label

#: Where a sentence of a cloze question ends.
_SENTENCE_END: Final = re.compile(r"[.!?](?:\s+|$)")
#: The most words a ``short::`` answer may have: the core a student can type.
MAX_SHORT_WORDS: Final = 6
#: The fewest distractors a card writes itself (a question shows 3 wrong options).
MIN_DISTRACTORS: Final = 3
#: The right answer is "the longest option" when at least this many times the longest
#: distractor, in characters.
LONGEST_MARGIN: Final = 1.3
#: Two questions are near duplicates at this ``token_sort_ratio`` (0-100) or more, compared
#: after answer normalization (case, punctuation, articles): word order does not matter, a
#: changed key word ("grid" or "random search") does.
DUPLICATE_SIMILARITY: Final = 90
#: Above this many questions the near-duplicate rule compares only their normalized word sets
#: (equal sets are duplicates), so a huge deck is linted in bounded time.
MAX_FUZZY_QUESTIONS: Final = 1500
#: A cloze sentence must leave at least this many words visible (hints count) to be guessable.
MIN_CLOZE_CONTEXT: Final = 3

SHORT_TOO_LONG: Final = Rule(
    "short-too-long",
    "error",
    f"a short:: answer over {MAX_SHORT_WORDS} words: a correct typed answer is marked wrong",
)
FEW_DISTRACTORS: Final = Rule(
    "few-distractors",
    "error",
    f"fewer than {MIN_DISTRACTORS} distractors: the other options are borrowed from other "
    "cards and can be a second right answer",
)
TWO_RIGHT_ANSWERS: Final = Rule(
    "two-right-answers",
    "error",
    "a distractor that is, after normalization, an answer of this card or of another card in "
    "the same deck or sharing a tag (its short, accepted or label answer)",
)
LONGEST_OPTION: Final = Rule(
    "longest-option",
    "warning",
    f"the right answer is at least {LONGEST_MARGIN}x as long as every distractor",
)
ONLY_UNQUALIFIED: Final = Rule(
    "only-unqualified",
    "warning",
    "every distractor has an absolute word (always, never, only, ...) and the right answer none",
)
NEAR_DUPLICATE: Final = Rule(
    "near-duplicate",
    "warning",
    f"two questions (in any decks) with token_sort_ratio >= {DUPLICATE_SIMILARITY} after "
    "normalization",
)
CLOZE_UNGUESSABLE: Final = Rule(
    "cloze-unguessable",
    "warning",
    "a cloze sentence that hides more words than it shows, or shows fewer than "
    f"{MIN_CLOZE_CONTEXT} (hints count as shown)",
)
MATH_UNCLOSED: Final = Rule(
    "math-unclosed",
    "warning",
    "a $ that opens a formula (a non-space, non-digit after it) with no closing $ in its "
    "paragraph: it shows as a dollar sign",
)
MATH_UNRENDERED: Final = Rule(
    "math-unrendered",
    "error",
    "a $…$ formula with a TeX command the app cannot show, or TeX it cannot read: the student "
    "sees the TeX source",
)

#: Every rule, in the order the README lists them.
RULES: Final = (
    PARSE_ERROR,
    SHORT_TOO_LONG,
    FEW_DISTRACTORS,
    TWO_RIGHT_ANSWERS,
    LONGEST_OPTION,
    ONLY_UNQUALIFIED,
    NEAR_DUPLICATE,
    CLOZE_UNGUESSABLE,
    MATH_UNCLOSED,
    MATH_UNRENDERED,
)


def check_cards(cards: Sequence[LintedCard]) -> Iterator[Finding]:
    """Every finding of every rule about these cards (taken together: some rules compare)."""
    for card in cards:
        yield from short_too_long(card)
        yield from choice_findings(card)
        yield from cloze_unguessable(card)
        yield from math_findings(card)
    yield from two_right_answers(cards)
    yield from near_duplicates(cards)


def short_too_long(card: LintedCard) -> Iterator[Finding]:
    """``short-too-long``: a short answer over :data:`MAX_SHORT_WORDS` words."""
    short = card.spec.short
    if short is not None and (words := word_count(short)) > MAX_SHORT_WORDS:
        yield card.finding(
            SHORT_TOO_LONG,
            f"short answer has {words} words (at most {MAX_SHORT_WORDS}): keep the core to "
            "type, move the explanation to the answer",
        )


def choice_findings(card: LintedCard) -> Iterator[Finding]:
    """``few-distractors``, ``longest-option`` and ``only-unqualified`` for a card that can be
    asked as multiple choice."""
    right = answer_label(card.view)
    if not normalize_answer(right):
        return
    distractors = [plain_text(text) for text in card.spec.distractors]
    if len(distractors) < MIN_DISTRACTORS:
        yield card.finding(
            FEW_DISTRACTORS,
            f"{len(distractors)} distractor{'' if len(distractors) == 1 else 's'} (at least "
            f"{MIN_DISTRACTORS}): write near misses of the same kind and length as the answer",
        )
    if not distractors:
        return
    longest = max(len(text) for text in distractors)
    if len(right) >= LONGEST_MARGIN * longest:
        yield card.finding(
            LONGEST_OPTION,
            f"the right answer ({len(right)} characters) is the longest option by far (longest "
            f"distractor {longest}): shorten it or lengthen the distractors",
        )
    if not absolute_words(right) and all(absolute_words(text) for text in distractors):
        found = sorted({word for text in distractors for word in absolute_words(text)})
        yield card.finding(
            ONLY_UNQUALIFIED,
            f"every distractor says {', '.join(found)} and the right answer does not: the "
            "only unqualified option gives itself away",
        )


def _answers(card: LintedCard) -> set[str]:
    """A card's right answers, normalized: its short, accepted and label answers."""
    texts = [card.spec.short or "", *card.spec.accepted, answer_label(card.view)]
    return {key for text in texts if (key := normalize_answer(plain_text(text)))}


def two_right_answers(cards: Sequence[LintedCard]) -> Iterator[Finding]:
    """``two-right-answers``: a distractor that is this card's, or a neighbour's, answer (a
    neighbour is in the same deck, or shares a tag), in a card asked as multiple choice."""
    answered_by: defaultdict[str, list[LintedCard]] = defaultdict(list)
    for card in cards:
        for key in _answers(card):
            answered_by[key].append(card)
    for card in cards:
        if not normalize_answer(answer_label(card.view)):
            continue  # never asked as multiple choice: its distractors are never shown
        own = _answers(card)
        tags = set(card.spec.tags)
        for distractor in card.spec.distractors:
            key = normalize_answer(plain_text(distractor))
            if key in own:
                yield card.finding(
                    TWO_RIGHT_ANSWERS,
                    f'distractor "{distractor}" is one of this card\'s own answers',
                )
                continue
            other = next(
                (
                    other
                    for other in answered_by.get(key, ())
                    if other is not card
                    and (other.deck.id == card.deck.id or tags.intersection(other.spec.tags))
                ),
                None,
            )
            if other is not None:
                yield card.finding(
                    TWO_RIGHT_ANSWERS,
                    f'distractor "{distractor}" is the answer of "{cut(other.spec.question, 40)}" '
                    f"({other.path}:{other.line}): the options could hold two right answers",
                )


def _question_key(card: LintedCard) -> str:
    """A question as the near-duplicate rule compares it: blanks filled, normalized."""
    return normalize_answer(cloze_text(card.spec.question))


def near_duplicates(cards: Sequence[LintedCard]) -> Iterator[Finding]:
    """``near-duplicate``: each later question that nearly repeats an earlier one (reported
    once, at the later card, naming the earlier)."""
    keys = [_question_key(card) for card in cards]
    for later, earlier in _similar_pairs(keys):
        first = cards[earlier]
        yield cards[later].finding(
            NEAR_DUPLICATE,
            f'nearly the same question as "{cut(first.spec.question, 40)}" ({first.path}:'
            f"{first.line}): merge them, or make each ask what the other does not",
        )


def _similar_pairs(keys: Sequence[str]) -> Iterator[tuple[int, int]]:
    """(later, earlier) index pairs of similar keys, each later one paired with its first match."""
    if len(keys) > MAX_FUZZY_QUESTIONS:
        first_of: dict[str, int] = {}
        for index, key in enumerate(keys):
            words = " ".join(sorted(key.split()))
            if words in first_of:
                yield index, first_of[words]
            else:
                first_of[words] = index
        return
    scores = process.cdist(
        keys, keys, scorer=fuzz.token_sort_ratio, score_cutoff=DUPLICATE_SIMILARITY, dtype="uint8"
    )
    for later in range(1, len(keys)):
        matches = scores[later, :later].nonzero()[0]
        if len(matches):
            yield later, int(matches[0])


def cloze_unguessable(card: LintedCard) -> Iterator[Finding]:
    """``cloze-unguessable``: a sentence with a blank that hides more words than it shows, or
    shows fewer than :data:`MIN_CLOZE_CONTEXT` (a blank's hint counts as shown)."""
    if card.spec.type != "cloze":
        return
    for hidden, shown in _cloze_sentences(card.spec.question):
        if hidden and (shown < MIN_CLOZE_CONTEXT or hidden > shown):
            yield card.finding(
                CLOZE_UNGUESSABLE,
                f"a sentence hides {hidden} word{'' if hidden == 1 else 's'} and shows {shown}: "
                "leave enough of it (or a ::hint) to point at the answer",
            )
            return


def _cloze_sentences(question: str) -> list[tuple[int, int]]:
    """(words hidden, words shown) of each sentence of a cloze question, articles aside."""
    sentences = [[0, 0]]
    cursor = 0
    for start, end, text, hint in find_blanks(question):
        _count_shown(sentences, question[cursor:start])
        sentences[-1][0] += _word_count(text)
        sentences[-1][1] += _word_count(hint or "")
        cursor = end
    _count_shown(sentences, question[cursor:])
    return [(hidden, shown) for hidden, shown in sentences]


def _count_shown(sentences: list[list[int]], text: str) -> None:
    """Add the words of ``text`` to the last sentence, starting a new one at each sentence end."""
    for number, part in enumerate(_SENTENCE_END.split(text)):
        if number:
            sentences.append([0, 0])
        sentences[-1][1] += _word_count(part)


def _word_count(text: str) -> int:
    return len(normalize_answer(text).split())


def _card_texts(card: LintedCard) -> Iterator[tuple[str, str]]:
    """Each text of a card a student can see, with the name of its field."""
    spec = card.spec
    yield "question", spec.question
    yield "answer", spec.answer
    for name, texts in (
        ("short", [spec.short or ""]),
        ("accept", spec.accepted),
        ("distractor", spec.distractors),
        ("note", [spec.note or ""]),
    ):
        for text in texts:
            yield name, text


def math_findings(card: LintedCard) -> Iterator[Finding]:
    """``math-unclosed`` and ``math-unrendered``: in every text of the card, a ``$`` that opens
    no formula, and a formula the app cannot show."""
    for field, text in _card_texts(card):
        for position in unclosed_dollars(text):
            yield card.finding(
                MATH_UNCLOSED,
                f'the {field} has a $ that is never closed ("{_around(text, position)}"): '
                "close the formula in the same paragraph, or write \\$ for a dollar sign",
            )
        for span in find_math(text):
            problem = formula_problem(span.tex)
            if problem is not None:
                yield card.finding(
                    MATH_UNRENDERED, f'the {field}\'s formula "{cut(span.tex, 40)}": {problem}'
                )


def _around(text: str, position: int) -> str:
    """A few words of ``text`` from ``position`` on, on one line."""
    return cut(text[position:], 30)
