"""HTML fields of Anki and Quizlet exports turned into the Markdown that decks are written in.

Anki's editor writes a field as HTML: ``<div>`` or ``<br>`` per line, ``<b>``/``<i>`` for
emphasis, lists, ``<code>``/``<pre>``, entities such as ``&nbsp;``. :func:`html_to_markdown`
keeps that structure as Markdown and drops what a terminal card cannot show (scripts, styles,
images and other media), and reads Anki's MathJax as this app's math
(:func:`mathjax_to_dollars`). :func:`anki_cloze_to_studyapp` rewrites Anki's numbered cloze
deletions into this app's ``{{…}}`` blanks.
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING

from studyapp.decks.importers.simple_html import simple_html_to_markdown
from studyapp.decks.math_text import code_ranges, find_math

if TYPE_CHECKING:  # BeautifulSoup and markdownify are imported when a field first needs them
    from bs4 import BeautifulSoup, Tag
    from bs4.element import PageElement
    from markdownify import MarkdownConverter

#: A tag (or comment) anywhere in the text: without one, the text is plain.
_ANY_TAG = re.compile(r"<!--|<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?\s*>")

#: Elements removed with everything inside them: code that would run, and media.
_REMOVED = ("script", "style", "img", "audio", "video", "object", "embed", "iframe")

_REMOVED_TAG = re.compile(rf"<\s*(?:{'|'.join(_REMOVED)})\b", re.IGNORECASE)
_DIV_TAG = re.compile(r"<\s*div\b", re.IGNORECASE)

#: Block elements that already end a line, so a ``<div>`` next to them needs no extra break.
_LINE_ENDERS = frozenset({"br", "div", "p", "ul", "ol", "pre", "table", "blockquote", "hr"})

_FENCE = re.compile(r"^\s*(```|~~~)")
_BLANK_LINES = re.compile(r"\n{3,}")
#: Anki's MathJax: ``\\(…\\)`` inline, ``\\[…\\]`` display.
_MATHJAX = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
#: A dollar that no backslash escapes.
_BARE_DOLLAR = re.compile(r"(?<!\\)((?:\\\\)*)\$")
#: What stands for MathJax formula N while the dollars around it are checked.
_MATHJAX_STAND_IN = re.compile("\ue010(\\d+)\ue011")
_ANKI_CLOZE_START = re.compile(r"\{\{c\d+::")


def html_to_markdown(text: str) -> str:
    """An Anki or Quizlet field's HTML as Markdown text, without media.

    Text without any tag is returned as it is (only entities are decoded and trailing spaces
    removed), so ``learning_rate`` or ``2*x`` stay exactly as written. A field of the few tags
    Anki's editor writes is read without an HTML parser (:mod:`.simple_html`, which gives the
    same Markdown); any other is read by BeautifulSoup and markdownify.
    """
    if not _ANY_TAG.search(text):
        return mathjax_to_dollars(_tidy(html.unescape(text).replace("\xa0", " ")))
    try:
        markdown = simple_html_to_markdown(text)
        if markdown is None:
            markdown = parsed_html_to_markdown(text)
    except RecursionError:  # elements nested hundreds deep: no editor writes that
        markdown = _words_of(text)
    return mathjax_to_dollars(_tidy(markdown.replace("\xa0", " ")))


def _words_of(text: str) -> str:
    """A field's words without its markup, for markup that cannot be read as HTML."""
    return html.unescape(_ANY_TAG.sub("", text))


def parsed_html_to_markdown(text: str) -> str:
    """HTML as markdownify's Markdown, read by BeautifulSoup: without the elements in
    :data:`_REMOVED`, and Anki's ``<div>`` lines as lines (not yet tidied, nor its MathJax read).
    :func:`html_to_markdown` reads fields this way when the fast reading does not apply."""
    from bs4 import BeautifulSoup
    from bs4.exceptions import ParserRejectedMarkup

    try:
        soup = BeautifulSoup(text, "html.parser")
    except ParserRejectedMarkup:  # (a declaration Python's parser gives up on: "<![<a …")
        return _words_of(text)
    if _REMOVED_TAG.search(text):  # (searching the tree is slow; most fields have none)
        for element in soup.find_all(_REMOVED):
            element.decompose()
        soup.smooth()  # join the text around removed elements, so its spaces collapse
    if _DIV_TAG.search(text):
        for div in soup.find_all("div"):
            _div_to_line(soup, div)
    return _field_converter().convert_soup(soup)


@functools.cache
def _field_converter() -> MarkdownConverter:
    """markdownify, set up for card text: no escaping of ordinary text, headings as bold."""
    from bs4 import Tag
    from markdownify import MarkdownConverter

    class FieldConverter(MarkdownConverter):
        def __init__(self) -> None:
            super().__init__(
                escape_asterisks=False,
                escape_underscores=False,
                escape_misc=False,
                bullets="-",
                strong_em_symbol="*",
                code_language_callback=self._fenced_code_language,
            )

        @staticmethod
        def _fenced_code_language(pre: Tag) -> str | None:
            """The language of ``<pre><code class="language-python">``, kept on the fence."""
            code = pre.find("code")
            classes = code.get_attribute_list("class") if isinstance(code, Tag) else []
            for name in classes:
                if name and name.startswith("language-"):
                    return name.removeprefix("language-")
            return None

        def convert_hN(self, n: int, el: Tag, text: str, parent_tags: set[str]) -> str:  # noqa: N802, ARG002
            """A heading of level 1 or 2 becomes a bold line (``## `` would start a new card in
            a Markdown deck); a sub-heading (level 3 to 6) stays a ``### `` heading."""
            text = text.strip()
            if not text:
                return ""
            return f"\n\n{'#' * n} {text}\n\n" if n >= 3 else f"\n\n**{text}**\n\n"

    return FieldConverter()


def mathjax_to_dollars(markdown: str) -> str:
    """Markdown read from Anki with its MathJax as this app's math: ``\\(…\\)`` as ``$…$`` and
    ``\\[…\\]`` as ``$$…$$`` (not in code). The text's own dollars are escaped (``\\$``) when
    one could start or end a formula, so the text reads as it did in Anki."""
    if "$" not in markdown and "\\(" not in markdown and "\\[" not in markdown:
        return markdown
    formulas: list[tuple[str, bool]] = []

    def stand_in(found: re.Match[str]) -> str:
        formulas.append((" ".join((found[1] or found[2]).split()), found[2] is not None))
        return f"\ue010{len(formulas) - 1}\ue011"

    pieces, cursor = [], 0
    for start, end in _code_ranges(markdown):
        pieces += [_MATHJAX.sub(stand_in, markdown[cursor:start]), markdown[start:end]]
        cursor = end
    pieces.append(_MATHJAX.sub(stand_in, markdown[cursor:]))
    # the text's own dollars were text in Anki: with a formula beside them (one could pair with
    # a formula's), or pairing among themselves, every one is escaped
    marked = "".join(pieces)
    if formulas or find_math(marked):
        marked = _escape_dollars(marked)

    def formula(found: re.Match[str]) -> str:
        number = int(found[1])
        if number >= len(formulas):  # not one of ours: the text had such characters itself
            return found[0]
        tex, display = formulas[number]
        return f"$${tex}$$" if display else f"${tex}$"

    return _MATHJAX_STAND_IN.sub(formula, marked)


def _escape_dollars(text: str) -> str:
    """The text with a backslash before each dollar outside code not escaped already."""
    if "$" not in text:
        return text
    pieces, cursor = [], 0
    for start, end in [*_code_ranges(text), (len(text), len(text))]:
        pieces += [_BARE_DOLLAR.sub(r"\1\\$", text[cursor:start]), text[start:end]]
        cursor = end
    return "".join(pieces)


def _code_ranges(markdown: str) -> list[tuple[int, int]]:
    """:func:`code_ranges`, found at once when there is no backtick or tilde (no code)."""
    return code_ranges(markdown) if "`" in markdown or "~" in markdown else []


def _div_to_line(soup: BeautifulSoup, div: Tag) -> None:
    """Replace a ``<div>`` by its content on a line of its own (Anki writes one per line)."""
    from bs4 import Tag

    for node in (div.previous_sibling, div.next_sibling):
        if _is_space(node):  # whitespace next to a block is not shown
            assert node is not None
            node.extract()
    before = _sibling(div, forward=False)
    if before is not None and not (isinstance(before, Tag) and before.name in _LINE_ENDERS):
        div.insert_before(soup.new_tag("br"))
    after = _sibling(div, forward=True)
    last = _last_child(div)
    ends_with_break = isinstance(last, Tag) and last.name == "br"
    if after is not None and not ends_with_break:
        div.insert_after(soup.new_tag("br"))
    div.unwrap()


def _sibling(element: Tag, *, forward: bool) -> PageElement | None:
    """The nearest sibling that is not just whitespace, in either direction."""
    node = element.next_sibling if forward else element.previous_sibling
    while _is_space(node):
        assert node is not None
        node = node.next_sibling if forward else node.previous_sibling
    return node


def _last_child(element: Tag) -> PageElement | None:
    """The last child of an element that is not just whitespace."""
    for node in reversed(element.contents):
        if not _is_space(node):
            return node
    return None


def _is_space(node: PageElement | None) -> bool:
    """Whether a node is text made only of whitespace (a ``NavigableString``, which is a
    ``str``)."""
    return isinstance(node, str) and not node.strip()


def _tidy(markdown: str) -> str:
    """Strip trailing spaces from each line and outer blank lines; at most one blank line in a row
    (except inside fenced code, which is kept as written)."""
    if "\n" not in markdown and "\r" not in markdown:
        return markdown.rstrip()
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if "```" not in markdown and "~~~" not in markdown:  # no fence: every blank run is cut
        return _BLANK_LINES.sub("\n\n", "\n".join([line.rstrip() for line in lines])).strip("\n")
    out: list[str] = []
    in_fence = False
    blank_run = 0
    for line in lines:
        line = line.rstrip()
        if _FENCE.match(line):
            in_fence = not in_fence
        if not line and not in_fence:
            blank_run += 1
            if blank_run > 1:
                continue
        else:
            blank_run = 0
        out.append(line)
    return "\n".join(out).strip("\n")


def anki_cloze_to_studyapp(text: str) -> str:
    """Anki cloze deletions ``{{c1::answer}}`` / ``{{c2::answer::hint}}`` as ``{{answer}}`` /
    ``{{answer::hint}}``: every number becomes a blank of the one card this app makes."""
    return _ANKI_CLOZE_START.sub("{{", text)
