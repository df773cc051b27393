"""The fast reading of common field HTML gives exactly what BeautifulSoup and markdownify give,
and leaves everything else to them."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from html.entities import html5
from pathlib import Path

import pytest
from bs4.exceptions import ParserRejectedMarkup
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.decks.anki.field_html import cloze_markdown_to_html, markdown_to_html
from studyapp.decks.anki.notes import package_decks
from studyapp.decks.anki.package import read_package
from studyapp.decks.errors import DeckError
from studyapp.decks.files import bundled_deck_files, load_deck
from studyapp.decks.importers import html as field_html
from studyapp.decks.importers.formats import read_other_app_export
from studyapp.decks.importers.html import html_to_markdown, parsed_html_to_markdown
from studyapp.decks.importers.simple_html import simple_html_to_markdown

ROOT = Path(__file__).resolve().parents[3]
EXPORTS = ROOT / "data" / "exports"
BUNDLED = ROOT / "cards"


def read_by_parser(text: str) -> str:
    """html_to_markdown as it was: every field with a tag read by BeautifulSoup."""
    return field_html.mathjax_to_dollars(
        field_html._tidy(parsed_html_to_markdown(text).replace("\xa0", " "))
    )


def assert_read_alike(text: str, *, fast: bool) -> None:
    """The fast reading takes the field (if ``fast``) or leaves it to the parser; either way
    html_to_markdown reads it as the parser does (or fails as it does: html.parser rejects
    some broken markup, such as ``<![`` that starts no declaration)."""
    markdown = simple_html_to_markdown(text)
    if fast:
        assert markdown is not None, text
    try:
        parsed = parsed_html_to_markdown(text)
    except ParserRejectedMarkup:
        assert markdown is None, text
        return
    if markdown is not None:
        assert markdown == parsed, text
        assert simple_html_to_markdown(text) == markdown  # again, from the cached shape
    if field_html._ANY_TAG.search(text):  # (text without tags is read as it always was)
        assert html_to_markdown(text) == read_by_parser(text), text


# --- examples ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "What does optimizer <b>12</b> keep?",
        "<div>A running average</div><ul><li>of step 12</li></ul>",
        "Step size<br>of each update",
        "one<br/>two<br />three<BR>four",
        "<B>mixed</b> <Span>case</SPAN>",
        "Forward pass<div>Backward pass</div><div>Update</div>",
        "<div>Forward pass</div><div><br></div><div>Update</div>",
        "<div>loss<br></div><div>grad</div>",
        "A<div>B</div> <div>C</div>",
        "<div><div>nested</div>line</div>after",
        "a<div></div>b<div> </div>c",
        "<b>ReLU</b> and <strong>GELU</strong>, <i>inverted</i> <em>dropout</em>",
        "<u>underlined</u> <s>struck</s> H<sub>2</sub>O x<sup>2</sup>",
        '<span style="color: rgb(0, 0, 0);">plain</span> <font color="#ff0000">red</font>',
        "<b> spaced </b>and<i></i>empty<b> </b>",
        "<b>\nbold on a line</b>",
        "Call <code>optimizer.zero_grad()</code> first; <code>a`b</code> <code><b>x</b></code>",
        "Signs:<ul><li>loss diverges</li><li>NaN weights</li></ul>then",
        "<ol><li>forward</li><li>backward</li><li>step</li></ol>",
        "<ul><li>optimizers<ul><li>Adam</li><li>SGD<br>with momentum</li></ul></li></ul>",
        "<ul>\n  <li> a </li>\n  <li></li>\n</ul>\n<ol><li>x</li></ol>",
        "<p>one</p><p>two</p><br><br><br>three",
        "<p> </p>x<p><b>y</b> z</p>",
        "lr&nbsp;=&nbsp;0.1 &amp; batch &lt; 64<br>&quot;x&quot; &#39;y&#x27; &hellip; &#8212;",
        "<b>x</b> &gt; 0 &amp;&amp; y&nbsp;&lt; 1 and a < b",
        "{{c1::ReLU}} is <b>{{c2::max(0, x)::formula}}</b>",
        "<b>bias</b> correction \\(1-\\beta_1^t\\) and \\[x^2\\] cost $5",
        "tab\there<br>\r\nnext  line",
        "&nbsp;<b>&nbsp;</b>&nbsp;",
        "\ue000<b>\ue001</b>\ue000 stand-in characters in the text",
        "<b>x</b> <3 and 1 <= 2",
    ],
)
def test_common_fields_are_read_fast_and_alike(text: str) -> None:
    assert_read_alike(text, fast=True)


@pytest.mark.parametrize(
    "text",
    [
        '<a href="https://arxiv.org">paper</a>',
        'Loss <img src="loss.png"> curve',
        "<h1>Adam</h1>moments",
        "<pre><code>x = 1</code></pre>",
        "<table><tr><td>a</td></tr></table>",
        "<blockquote>quote</blockquote>",
        "one<hr>two",
        "Loss<script>alert('x')</script>",
        "a<!-- note -->b",
        "<b/>x",
        "a</br>b",
        '<ol start="3"><li>third</li></ol>',
        "<b>unclosed",
        "stray</i> end",
        "<b><i>crossed</b></i>",
        "&foo; unknown <b>x</b>",
        "&amp no semicolon <b>x</b>",
        "&#128; windows-1252 <b>x</b>",
        "&#0; <b>x</b>",
        "<b>x</b> AT&T",
        "<b>x</b> ends with <",
        '<span title="a>b">x</span>',
        "<span class=x>unquoted</span>",
    ],
)
def test_other_html_is_left_to_the_parser(text: str) -> None:
    """(``AT&T``: ``&T`` could be an entity without its semicolon, so the parser decides.)"""
    assert simple_html_to_markdown(text) is None
    assert html_to_markdown(text) == read_by_parser(text)


def test_named_entities_are_the_ones_beautifulsoup_knows() -> None:
    from bs4.dammit import EntitySubstitution

    known = EntitySubstitution.HTML_ENTITY_TO_CHARACTER
    assert all(
        known[name.removesuffix(";")] == character
        for name, character in html5.items()
        if name.endswith(";")
    )


def test_importing_the_field_reader_loads_no_html_parser() -> None:
    script = (
        "import sys\n"
        "from studyapp.decks.importers.html import html_to_markdown\n"
        "assert html_to_markdown('<div>a <b>b</b></div>') == 'a **b**'\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'bs4', 'markdownify'}))\n"
        "html_to_markdown('<h1>x</h1>')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'bs4', 'markdownify'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[:2] == ["[]", "['bs4', 'markdownify']"]


# --- every field of the sample exports -----------------------------------------------------


def sample_export_fields() -> list[str]:
    """The fields with tags that html_to_markdown is given while the sample exports are read:
    the Anki package, the Anki and Quizlet text exports and the seeds."""
    seen: list[str] = []
    original = field_html.simple_html_to_markdown

    def recording(text: str) -> str | None:
        seen.append(text)
        return original(text)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(field_html, "simple_html_to_markdown", recording)
        package_decks(read_package(EXPORTS / "anki-optimizers.apkg"))
        for path in sorted(EXPORTS.glob("*.*")) + sorted((EXPORTS / "seeds").glob("*.txt")):
            if path.suffix in (".txt", ".tsv", ".csv"):
                with contextlib.suppress(DeckError):  # a malformed sample, read up to its error
                    read_other_app_export(path.read_text(encoding="utf-8"), path.name)
    return seen


def test_every_field_of_the_sample_exports_reads_alike() -> None:
    """The Anki package and text exports (the Quizlet ones and the seeds have no tags)."""
    fields = sample_export_fields()
    fast = [field for field in fields if simple_html_to_markdown(field) is not None]
    assert (len(fields), len(fast)) >= (11, 7)  # the others: <pre>, <img>, <script>
    for field in fields:
        assert_read_alike(field, fast=False)


def test_every_bundled_card_as_this_apps_anki_export_writes_it_reads_alike() -> None:
    cards = [card for path in bundled_deck_files(BUNDLED) for card in load_deck(path).cards]
    fields = [
        cloze_markdown_to_html(card.question) if card.type == "cloze" else markdown_to_html(text)
        for card in cards
        for text in (card.question, card.answer)
    ]
    fast = [field for field in fields if simple_html_to_markdown(field) is not None]
    assert len(fast) >= len(fields) * 3 // 4  # (not those with a fenced code block)
    for field in fields:
        assert_read_alike(field, fast=False)


# --- generated fields ----------------------------------------------------------------------

#: Bits of text with what matters to markdownify: whitespace of every kind at the edges and
#: inside, entities, Markdown's own marks, backticks, MathJax and cloze braces.
_TEXT_BITS = st.sampled_from(
    [
        "loss", "Adam", "x_1", "2*x", " ", "  ", "\n", "\t", "\r\n", " \n ", "\n\n",
        "&nbsp;", "\xa0", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#x27;", "&#8212;",
        "&hellip;", "&ndash;", "*", "_", "`", "``", "1.", "- ", "#", "\\(x^2\\)", "{{c1::",
        "}}", "::", "$", "a < b", "x & y", ">", "\u2003", "\ue000", "\x0c", "é",
    ]
)  # fmt: skip
_TEXT = st.lists(_TEXT_BITS, min_size=1, max_size=4).map("".join)
_INLINE_NAMES = ("b", "strong", "i", "em", "s", "del", "sub", "sup", "u", "span", "font", "code")
_BLOCK_NAMES = ("div", "div", "div", "p", "ul", "ol", "li")
_ATTRIBUTES = st.sampled_from(
    ["", "", "", ' style="color: rgb(0, 0, 0);"', " class='x'", ' data-id="1" hidden']
)
_BREAK = st.sampled_from(["<br>", "<br>", "<br/>", "<br />", "<BR>", '<br class="x">'])


def _spelled(name: str, draw_case: int) -> str:
    return (name, name.upper(), name.capitalize())[draw_case]


@st.composite
def _element(draw: st.DrawFn, children: st.SearchStrategy[list[str]]) -> str:
    name = draw(st.sampled_from(_INLINE_NAMES + _BLOCK_NAMES))
    spelling = _spelled(name, draw(st.integers(0, 2)))
    attributes = "" if name == "ol" else draw(_ATTRIBUTES)
    return f"<{spelling}{attributes}>{''.join(draw(children))}</{spelling}>"


_NODES = st.recursive(
    st.one_of(_TEXT, _TEXT, _BREAK),
    lambda children: _element(st.lists(children, max_size=4)),
    max_leaves=12,
)
_FIELD = st.lists(_NODES, min_size=1, max_size=5).map("".join)

#: Markup outside the subset, and pieces of markup, to put anywhere in a field.
_NEAR_MISSES = st.sampled_from(
    [
        '<a href="x">', "</a>", '<img src="a.png">', "<h1>", "</h2>", "<pre>", "</pre>",
        "<table><tr><td>", "<hr>", "<blockquote>", "<script>x</script>", "<!-- c -->", "<b/>",
        "</br>", '<ol start="3">', "<b>", "</i>", "</div>", "<li>", "&foo;", "&amp", "&#128;",
        "&#0;", "&#xD800;", "&#65;", "&", "<", ">", "<3", "&T", '"', "'", "=", "/",
        '<span title="a>b">', "<span a=b>", "<div\n>", "< b>", "<b >", "</ b>", "<p/>",
        "<?x?>", "<!DOCTYPE html>", "<![CDATA[x]]>", "<DIV>", "<Ul>", "<br/ >",
    ]
)  # fmt: skip


@st.composite
def _near_miss(draw: st.DrawFn) -> str:
    field = draw(_FIELD)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(field)))
        field = field[:at] + draw(_NEAR_MISSES) + field[at:]
    return field


@settings(max_examples=200, deadline=None)
@given(_FIELD)
def test_fields_of_the_subset_are_read_fast_and_alike(text: str) -> None:
    assert_read_alike(text, fast=True)


@settings(max_examples=200, deadline=None)
@given(_near_miss())
def test_near_misses_are_read_alike_or_left_to_the_parser(text: str) -> None:
    assert_read_alike(text, fast=False)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("<>/=\"' &;#x0bdivpulBIr\n\t\xa0"), max_size=24))
def test_any_characters_are_read_alike_or_left_to_the_parser(text: str) -> None:
    assert_read_alike(text, fast=False)
