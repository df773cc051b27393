"""Words in answers, counted the way a reader (and the linter's rules) sees them.

Answers are compared after the app's own normalization
(:func:`studyapp.modes.grading.normalize_answer`), so "Can't", "cannot" and "CANNOT" are one
word to every rule here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from studyapp.modes.grading import normalize_answer, plain_text

#: Absolute words: an option that claims something always, never or only holds is usually
#: the wrong one, and test-wise students know it. Compared after normalization ("can't" is
#: "cant").
ABSOLUTE_WORDS: Final = frozenset(
    {
        "all",
        "always",
        "cannot",
        "cant",
        "completely",
        "entirely",
        "every",
        "everything",
        "exactly",
        "guarantee",
        "guaranteed",
        "guarantees",
        "impossible",
        "must",
        "never",
        "none",
        "nothing",
        "only",
        "solely",
    }
)


def word_count(text: str) -> int:
    """How many words a Markdown answer shows (split on whitespace, as a reader counts)."""
    return len(plain_text(text).split())


@lru_cache(maxsize=4096)  # the guessability figure asks about the same options many times
def absolute_words(text: str) -> tuple[str, ...]:
    """The absolute words in ``text``, in order (see :data:`ABSOLUTE_WORDS`)."""
    return tuple(word for word in normalize_answer(text).split() if word in ABSOLUTE_WORDS)
