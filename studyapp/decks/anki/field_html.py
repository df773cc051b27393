"""Card Markdown rendered as the HTML of an Anki field.

The renderer is set up so that :func:`studyapp.decks.importers.html.html_to_markdown` reads the
HTML back to the same Markdown: single newlines become ``<br>`` (Anki shows a line break where a
card shows one), and text that is one paragraph is written without a ``<p>`` around it, the way
Anki's editor stores a one-line field. Card text is text: HTML written in a card is escaped,
never passed on as markup.

Math goes to Anki's MathJax: ``$…$`` becomes ``\\(…\\)`` and ``$$…$$`` becomes ``\\[…\\]``, the
TeX escaped for HTML and untouched by Markdown (its ``_`` and ``*`` start no emphasis). Which
dollars are math is decided by :func:`studyapp.decks.math_text.find_math`, as in the app.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from studyapp.decks.cloze import find_blanks
from studyapp.decks.math_text import MathSpan, find_math, replace_math

__all__ = ["cloze_markdown_to_html", "markdown_to_html", "text_to_html"]

# CommonMark plus the tables and strikethrough that the study screens show; no raw HTML, no
# typographic replacements (quotes and dashes stay as written), no links made from bare URLs.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(
    ["table", "strikethrough"]
)

_HTML = RendererHTML()

_ONE_PARAGRAPH = ["paragraph_open", "inline", "paragraph_close"]

#: What stands for the blank numbered N while the rest of a cloze question is rendered: braces
#: like the blank's own, so the Markdown around it reads the same, and nothing Markdown acts on.
_BLANK_STAND_IN = re.compile(r"\{\{(\d+)\}\}")

_CODE_TOKENS = frozenset({"code_inline", "code_block", "fence"})

#: What stands for the formula numbered N while the text around it is rendered as Markdown:
#: Private Use Area characters, which Markdown neither acts on nor changes.
_MATH_STAND_IN = re.compile("\ue010(\\d+)\ue011")


def markdown_to_html(text: str) -> str:
    """Card Markdown as the HTML of an Anki field (raw HTML in the text comes out escaped,
    formulas as MathJax)."""
    marked, formulas = _without_math(text)
    return _with_mathjax(_render(_MARKDOWN.parse(marked)), formulas)


def text_to_html(text: str) -> str:
    """Plain text (a note) as the HTML of an Anki field: escaped, each line break a ``<br>``,
    formulas as MathJax, an escaped dollar ``\\$`` as ``$``."""
    marked, formulas = _without_math(text)
    lines = marked.replace("\\$", "$").split("\n")
    return _with_mathjax("<br>".join(escapeHtml(line) for line in lines), formulas)


def _without_math(text: str) -> tuple[str, list[MathSpan]]:
    """The text with each formula replaced by a stand-in, and the formulas in order."""
    formulas = list(find_math(text))
    numbers = iter(range(len(formulas)))
    return replace_math(text, lambda _span: f"\ue010{next(numbers)}\ue011"), formulas


def _with_mathjax(html: str, formulas: Sequence[MathSpan]) -> str:
    """Rendered HTML with each formula's stand-in replaced by the formula in MathJax."""
    if not formulas:
        return html

    def mathjax(stand_in: re.Match[str]) -> str:
        number = int(stand_in[1])
        if number >= len(formulas):  # not one of ours: the text had such characters itself
            return stand_in[0]
        formula = formulas[number]
        opening, closing = ("\\[", "\\]") if formula.display else ("\\(", "\\)")
        return f"{opening}{escapeHtml(formula.tex)}{closing}"

    return _MATH_STAND_IN.sub(mathjax, html)


def cloze_markdown_to_html(question: str) -> str:
    """A cloze question as the HTML of an Anki cloze field.

    Each blank ``{{words}}`` / ``{{words::hint}}`` becomes ``{{c1::words}}`` /
    ``{{c1::words::hint}}``: all number 1, so Anki makes one card hiding every blank, as this
    app does. Each blank's words are rendered on their own (escaped only, inside code), so
    emphasis can't run from one blank into the next and break the cloze apart.
    """
    question, formulas = _without_math(question)
    blanks = find_blanks(question)
    pieces: list[str] = []
    cursor = 0
    for number, (start, end, _words, _hint) in enumerate(blanks):
        pieces += [question[cursor:start], f"{{{{{number}}}}}"]
        cursor = end
    pieces.append(question[cursor:])
    tokens = _MARKDOWN.parse("".join(pieces))
    in_code = {
        int(found[1])
        for token in _code_tokens(tokens)
        for found in _BLANK_STAND_IN.finditer(token.content)
    }

    def anki_cloze(stand_in: re.Match[str]) -> str:
        number = int(stand_in[1])
        if number >= len(blanks):  # braces the text spelled as entities: not a blank of ours
            return stand_in[0]
        _start, _end, words, hint = blanks[number]
        render = escapeHtml if number in in_code else _inline_html
        shown_hint = "" if hint is None else f"::{render(hint)}"
        return f"{{{{c1::{render(words)}{shown_hint}}}}}"

    return _with_mathjax(_BLANK_STAND_IN.sub(anki_cloze, _render(tokens)), formulas)


def _render(tokens: list[Token]) -> str:
    """Render parsed Markdown, leaving a lone paragraph unwrapped and no trailing newline."""
    if [token.type for token in tokens] == _ONE_PARAGRAPH:
        tokens = tokens[1:2]
    return _HTML.render(tokens, _MARKDOWN.options, {}).rstrip("\n")


def _inline_html(text: str) -> str:
    """Markdown read as the inside of one paragraph (no blocks), as HTML."""
    return _HTML.render(_MARKDOWN.parseInline(text), _MARKDOWN.options, {})


def _code_tokens(tokens: Sequence[Token]) -> Iterator[Token]:
    """Every token whose text is shown as code: code spans, indented and fenced blocks."""
    for token in tokens:
        if token.type in _CODE_TOKENS:
            yield token
        if token.children:
            yield from _code_tokens(token.children)
