"""Which other app's export format a file is in, and reading it: the one entry point for the
importers of other apps' files."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studyapp.bulk import paused_gc
from studyapp.decks.errors import DeckError

if TYPE_CHECKING:
    from studyapp.decks.models import DeckSpec

#: Below this, detection is unsure and the user is asked to name the format.
SURE_ENOUGH = 0.5


@dataclass(frozen=True, slots=True)
class OtherAppFormat:
    """Another app's export format: its name for ``--format``, a label for reports, and its
    functions."""

    name: str
    label: str
    module: str
    detect_name: str = "detect"
    parse_name: str = "parse"

    def detect(self, text: str) -> float:
        """How sure it is that ``text`` is in this format (0 to 1)."""
        score: float = getattr(importlib.import_module(self.module), self.detect_name)(text)
        return score

    def parse(self, text: str, path: str, **options: Any) -> DeckSpec:
        """The deck in ``text``; DeckError for anything wrong with it."""
        parse = getattr(importlib.import_module(self.module), self.parse_name)
        deck: DeckSpec = parse(text, path, **options)
        return deck


_PACKAGE = "studyapp.decks.importers"
OTHER_APP_FORMATS: dict[str, OtherAppFormat] = {
    fmt.name: fmt
    for fmt in (
        OtherAppFormat("brainscape", "Brainscape Q/A export", f"{_PACKAGE}.brainscape"),
        OtherAppFormat("knowt", "Knowt/Quizlet term list", f"{_PACKAGE}.knowt"),
        OtherAppFormat("qa", "question/answer dump", f"{_PACKAGE}.qa_dump"),
        OtherAppFormat(
            "quizlet", "Quizlet export (term, separator, definition)", f"{_PACKAGE}.delimited",
            "detect_quizlet", "parse_quizlet",
        ),
        OtherAppFormat(
            "anki", "Anki plain-text export", f"{_PACKAGE}.delimited",
            "detect_anki_text", "parse_anki_text",
        ),
    )
}  # fmt: skip


def detect_format(text: str, path: str) -> OtherAppFormat:
    """The format ``text`` is most likely in, judged by its beginning (:func:`sample`);
    DeckError when no format is a clear match."""
    beginning = sample(text)
    scores = sorted(
        ((fmt.detect(beginning), fmt.name) for fmt in OTHER_APP_FORMATS.values()), reverse=True
    )
    best_score, best = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    if best_score < SURE_ENOUGH or best_score - runner_up < 0.15:
        names = ", ".join(OTHER_APP_FORMATS)
        raise DeckError.single(
            path,
            None,
            f"cannot tell which export format this is; name it with --format ({names})",
        )
    return OTHER_APP_FORMATS[best]


#: How much of a file the format is told from: thousands of cards' lines, read in a blink.
SAMPLE_CHARACTERS = 64 * 1024


def sample(text: str) -> str:
    """The beginning of ``text`` that tells its format: at most :data:`SAMPLE_CHARACTERS`,
    ending at a line's end (the whole text if it is shorter), so a long export's format is
    told as fast as a short one's."""
    if len(text) <= SAMPLE_CHARACTERS:
        return text
    end = text.rfind("\n", 0, SAMPLE_CHARACTERS)
    return text[: end if end > 0 else SAMPLE_CHARACTERS]


def read_other_app_export(
    text: str, path: str, fmt: str | None = None, **options: Any
) -> tuple[DeckSpec, OtherAppFormat]:
    """The deck in another app's export (``text``) and the format it was read as, detected
    unless ``fmt`` names it.

    ``options`` go to the format's parser (``separator`` and ``row_separator`` for Quizlet).
    An export of thousands of cards is read with the cyclic garbage collector paused
    (:func:`~studyapp.bulk.paused_gc`), as a deck file is.
    """
    if fmt is not None and fmt not in OTHER_APP_FORMATS:
        raise DeckError.single(path, None, f"unknown export format {fmt!r}")
    chosen = OTHER_APP_FORMATS[fmt] if fmt else detect_format(text, path)
    wanted = {key: value for key, value in options.items() if value is not None}
    if wanted and chosen.name != "quizlet":
        raise DeckError.single(
            path, None, f"--separator and --row-separator apply to quizlet, not {chosen.name}"
        )
    with paused_gc():
        return chosen.parse(text, path, **wanted), chosen
