"""Card Markdown as the HTML of Anki fields, and back: what the Anki export writes and the Anki
import reads (:func:`html_to_markdown`) must give the card's text back."""

from __future__ import annotations

import itertools
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.decks.anki.field_html import cloze_markdown_to_html, markdown_to_html, text_to_html
from studyapp.decks.files import bundled_deck_files, load_deck
from studyapp.decks.importers.html import anki_cloze_to_studyapp, html_to_markdown
from studyapp.decks.math_text import MathSpan, find_math, replace_math
from studyapp.decks.models import CardSpec

BUNDLED_CARDS = Path(__file__).parents[3] / "cards"


def bundled_cards() -> list[CardSpec]:
    files = bundled_deck_files(BUNDLED_CARDS)
    assert len(files) == 6
    return [card for path in files for card in load_deck(path).cards]


def back_to_markdown(markdown: str) -> str:
    return html_to_markdown(markdown_to_html(markdown))


def cloze_back_to_markdown(question: str) -> str:
    return anki_cloze_to_studyapp(html_to_markdown(cloze_markdown_to_html(question)))


# --- every bundled card --------------------------------------------------------------------


@pytest.mark.parametrize("card", bundled_cards(), ids=lambda card: card.id)
def test_bundled_card_text_survives_the_round_trip(card: CardSpec) -> None:
    if card.type == "cloze":
        assert cloze_back_to_markdown(card.question) == card.question
    else:
        assert back_to_markdown(card.question) == card.question
    assert back_to_markdown(card.answer) == card.answer


def test_bundled_cards_use_the_constructs_the_round_trip_is_checked_on() -> None:
    answers = "\n".join(card.answer for card in bundled_cards())
    for construct in ("\n- ", "**", "`", "\n\n"):
        assert construct in answers
    assert any(card.type == "cloze" for card in bundled_cards())


# --- the HTML written ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        pytest.param("", "", id="empty"),
        pytest.param("What is momentum?", "What is momentum?", id="one-paragraph-unwrapped"),
        pytest.param("one\ntwo", "one<br />\ntwo", id="line-break"),
        pytest.param("one\n\ntwo", "<p>one</p>\n<p>two</p>", id="paragraphs"),
        pytest.param("**Adam** and *SGD*", "<strong>Adam</strong> and <em>SGD</em>", id="emphasis"),
        pytest.param("`lr=1e-3`", "<code>lr=1e-3</code>", id="code-span"),
        pytest.param(
            "```python\nw -= lr * g\n```",
            '<pre><code class="language-python">w -= lr * g\n</code></pre>',
            id="fenced-code",
        ),
        pytest.param("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>", id="list"),
        pytest.param("x < y && y > z", "x &lt; y &amp;&amp; y &gt; z", id="specials-escaped"),
        pytest.param(
            "<b>bold?</b> <script>alert(1)</script>",
            "&lt;b&gt;bold?&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;",
            id="raw-html-escaped",
        ),
        pytest.param(
            "<div>\nblock\n</div>",
            "&lt;div&gt;<br />\nblock<br />\n&lt;/div&gt;",
            id="raw-html-block-escaped",
        ),
        pytest.param(
            "\"quotes\" -- and 'dashes'", "&quot;quotes&quot; -- and 'dashes'", id="no-smartypants"
        ),
        pytest.param("see https://example.org", "see https://example.org", id="no-linkify"),
        pytest.param("~~gone~~", "<s>gone</s>", id="strikethrough"),
    ],
)
def test_markdown_to_html(markdown: str, html: str) -> None:
    assert markdown_to_html(markdown) == html


class _TagNames(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)


_MARKDOWN_TAGS = {"p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "hr"}
_MARKDOWN_TAGS |= {"h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "s"}
_MARKDOWN_TAGS |= {"table", "thead", "tbody", "tr", "th", "td"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>/=\"' abcdefghijklmnopqrstuvwxyz!-\n&;#`*_[]():")))
def test_no_markup_from_card_text_goes_live(text: str) -> None:
    parser = _TagNames()
    parser.feed(markdown_to_html(text))
    parser.close()
    assert parser.names <= _MARKDOWN_TAGS
    assert parser.attributes <= {"href", "src", "alt", "title", "start", "class", "style"}
    assert not any(name.startswith("on") for name in parser.attributes)


# --- what round-trips ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "markdown",
    [
        pytest.param("**bold** and *italic*", id="emphasis"),
        pytest.param("Call `optimizer.zero_grad()` first", id="code-span"),
        pytest.param(
            "```python\nfor x in loader:\n    step(x)\n\n\nprint(loss)\n```", id="fence-lang"
        ),
        pytest.param("```\nplain code\n```", id="fence-no-lang"),
        pytest.param("Signs:\n\n- loss diverges\n- NaN weights", id="list"),
        pytest.param("- optimizers\n  - Adam\n  - SGD", id="nested-list"),
        pytest.param("1. forward\n2. backward\n3. step", id="numbered-list"),
        pytest.param("3. third\n4. fourth", id="numbered-list-from-3"),
        pytest.param("First paragraph.\n\nSecond paragraph.", id="paragraphs"),
        pytest.param("line one\nline two\nline three", id="line-breaks"),
        pytest.param("x < y & y > z, a <= b && c", id="lt-amp"),
        pytest.param("learning_rate and x_0 and snake_case_name", id="underscores"),
        pytest.param("2*x + 3 * y", id="asterisks"),
        pytest.param("**learning_rate** = 2*x_0", id="mixed"),
        pytest.param("Intro\n\n```yaml\na: 1\n```\n\nOutro *now*", id="blocks"),
        pytest.param("### Sub-heading\n\nText under it", id="sub-heading"),
        pytest.param("> a quote", id="quote"),
        pytest.param("[the paper](https://arxiv.org/abs/1412.6980)", id="link"),
        pytest.param("~~wrong~~ right", id="strikethrough"),
        pytest.param("Adam: lr=1e-3, betas=(0.9, 0.999)", id="punctuation"),
        pytest.param("“typographic” quotes — and dashes…", id="unicode"),
        pytest.param("<b>not bold</b>", id="raw-html-stays-text"),
    ],
)
def test_markdown_round_trip(markdown: str) -> None:
    assert back_to_markdown(markdown) == markdown


@pytest.mark.parametrize(
    ("markdown", "read_back"),
    [
        pytest.param("_italic_ and __bold__", "*italic* and **bold**", id="underscore-emphasis"),
        pytest.param("__init__ is bold", "**init** is bold", id="dunder-is-bold"),
        pytest.param("* item\n* item", "- item\n- item", id="star-bullets"),
        pytest.param("1) one", "1. one", id="paren-numbers"),
        pytest.param("    indented code", "```\nindented code\n```", id="indented-code"),
        pytest.param("hard  \nbreak", "hard\nbreak", id="trailing-space-break"),
        pytest.param("a\\*b", "a*b", id="backslash-escape"),
        pytest.param("# Title\n\ntext", "**Title**\n\ntext", id="top-heading-bold"),
        pytest.param("a\n\n\n\nb", "a\n\nb", id="extra-blank-lines"),
    ],
)
def test_markdown_read_back_in_an_equivalent_spelling(markdown: str, read_back: str) -> None:
    """These spellings come back as another spelling of the same thing (not exactly)."""
    assert back_to_markdown(markdown) == read_back


# Documents made of the constructs cards use: paragraphs of lines of words and inline marks,
# bullet and numbered lists, fenced code with or without a language.
# (Built from characters rather than with st.from_regex, which costs Hypothesis ten times as
# much per example as the round trip itself; each strategy gives the strings of the regular
# expression in its comment.)
_LETTERS = string.ascii_letters
_LOWER_DIGITS = string.ascii_lowercase + string.digits
# [A-Za-z][A-Za-z0-9]{0,7}(_[a-z0-9]{1,5})?
_WORD = st.builds(
    lambda first, rest, tail: first + rest + ("" if tail is None else f"_{tail}"),
    st.sampled_from(_LETTERS),
    st.text(_LETTERS + string.digits, max_size=7),
    st.none() | st.text(_LOWER_DIGITS, min_size=1, max_size=5),
)
_SYMBOL = st.sampled_from(
    ["<", ">", "&", "<=", "&&", "->", "=", "+", "/", "%", "(x)", "2*x", "1.5"]
)
_PLAIN = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_INLINE = st.one_of(
    _WORD,
    _WORD,
    _SYMBOL,
    _PLAIN.map(lambda text: f"**{text}**"),
    _PLAIN.map(lambda text: f"*{text}*"),
    # `[a-z_.()=0-9]{1,12}`
    st.text(_LOWER_DIGITS + "_.()=", min_size=1, max_size=12).map(lambda text: f"`{text}`"),
)
_LINE = st.tuples(_WORD, st.lists(_INLINE, max_size=6)).map(
    lambda parts: " ".join([parts[0], *parts[1]])
)
_PARAGRAPH = st.lists(_LINE, min_size=1, max_size=3).map("\n".join)
_BULLETS = st.lists(_LINE, min_size=1, max_size=4).map(
    lambda items: "\n".join(f"- {item}" for item in items)
)
_NUMBERED = st.lists(_LINE, min_size=1, max_size=4).map(
    lambda items: "\n".join(f"{number}. {item}" for number, item in enumerate(items, 1))
)
# " {0,4}[A-Za-z0-9_=+*<>&(){}:.,'\"#-]+( [A-Za-z0-9_=+*<>&()]+)*"
_CODE_WORD = _LETTERS + string.digits + "_=+*<>&()"
_CODE_LINE = st.builds(
    lambda indent, first, rest: " " * indent + " ".join([first, *rest]),
    st.integers(0, 4),
    st.text(_CODE_WORD + "{}:.,'\"#-", min_size=1),
    st.lists(st.text(_CODE_WORD, min_size=1)),
)
# A code block's first and last lines have text (Anki's HTML drops blank lines at its ends).
_CODE = st.tuples(_CODE_LINE, st.lists(st.one_of(_CODE_LINE, st.just("")), max_size=4), _CODE_LINE)
_FENCED = st.tuples(st.sampled_from(["", "python", "yaml"]), _CODE).map(
    lambda fence: "\n".join([f"```{fence[0]}", fence[1][0], *fence[1][1], fence[1][2], "```"])
)


def _no_two_lists_in_a_row(blocks: list[str]) -> bool:
    """Two lists separated only by a blank line are one (loose) list in Markdown."""
    kinds = [
        "-" if block.startswith("- ") else "1" if block[0].isdigit() else "" for block in blocks
    ]
    return not any(a and a == b for a, b in itertools.pairwise(kinds))


_DOCUMENT = (
    st.lists(
        st.one_of(_PARAGRAPH, _PARAGRAPH, _BULLETS, _NUMBERED, _FENCED), min_size=1, max_size=5
    )
    .filter(_no_two_lists_in_a_row)
    .map("\n\n".join)
)


@settings(max_examples=300, deadline=None)
@given(_DOCUMENT)
def test_card_markdown_round_trips(markdown: str) -> None:
    assert back_to_markdown(markdown) == markdown


# --- cloze questions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "html"),
    [
        pytest.param(
            "In {{RMSProp::an optimizer}}, the decay is faster",
            "In {{c1::RMSProp::an optimizer}}, the decay is faster",
            id="hint",
        ),
        pytest.param(
            "{{Adam}} keeps {{two}} averages",
            "{{c1::Adam}} keeps {{c1::two}} averages",
            id="all-blanks-c1",
        ),
        pytest.param(
            "{{**Adam**}} is an *optimizer*",
            "{{c1::<strong>Adam</strong>}} is an <em>optimizer</em>",
            id="markdown-inside-blank",
        ),
        pytest.param(
            "**{{Adam}}** is bold", "<strong>{{c1::Adam}}</strong> is bold", id="blank-inside-bold"
        ),
        pytest.param(
            "the step is {{w - lr*g}} and {{beta*m}}",
            "the step is {{c1::w - lr*g}} and {{c1::beta*m}}",
            id="emphasis-never-spans-blanks",
        ),
        pytest.param("{{a < b & c}}", "{{c1::a &lt; b &amp; c}}", id="escaped"),
        pytest.param(
            "call `{{*zero_grad*}}()`", "call <code>{{c1::*zero_grad*}}()</code>", id="in-code"
        ),
        pytest.param("{{learning_rate}} x_1", "{{c1::learning_rate}} x_1", id="underscores"),
        pytest.param("{{ spaced }} out", "{{c1:: spaced }} out", id="spaces-kept"),
        pytest.param("{{c2::x}} stays a blank", "{{c1::c2::x}} stays a blank", id="looks-numbered"),
        pytest.param("{{x}} then {{ unclosed", "{{c1::x}} then {{ unclosed", id="unclosed"),
        pytest.param(
            "{{x}}\n\n- {{y::a hint}}",
            "<p>{{c1::x}}</p>\n<ul>\n<li>{{c1::y::a hint}}</li>\n</ul>",
            id="blocks",
        ),
    ],
)
def test_cloze_markdown_to_html(question: str, html: str) -> None:
    assert cloze_markdown_to_html(question) == html


@pytest.mark.parametrize(
    "question",
    [
        "In {{RMSProp::an optimizer}}, the decay is faster",
        "{{Adam}} keeps {{two}} averages; {{bias correction::a fix}} fixes the start",
        "{{**Adam**}} is an *optimizer*",
        "**{{Adam}}** is bold",
        "the step is {{w - lr*g}} and {{beta*m}}",
        "{{a < b & c}} and {{learning_rate}}",
        "{{ spaced }} out",
        "{{x}} then {{ unclosed",
        "{{c2::x}} stays a blank",
    ],
)
def test_cloze_round_trip(question: str) -> None:
    assert cloze_back_to_markdown(question) == question


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(_LINE, st.one_of(_PLAIN, _SYMBOL), st.one_of(st.none(), _PLAIN)),
        min_size=1,
        max_size=4,
    )
)
def test_cloze_questions_round_trip(parts: list[tuple[str, str, str | None]]) -> None:
    question = " ".join(
        f"{text} {{{{{words}{'' if hint is None else '::' + hint}}}}}"
        for text, words, hint in parts
    )
    assert cloze_back_to_markdown(question) == question


# --- math: MathJax in Anki, dollars here ---------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        pytest.param(r"the bias $1-\beta_1^t$", r"the bias \(1-\beta_1^t\)", id="inline"),
        pytest.param("$$x^2$$", r"\[x^2\]", id="display"),
        pytest.param(
            "text\n$$\\frac{a}{b}$$\nmore", "text<br />\n\\[\\frac{a}{b}\\]<br />\nmore", id="lines"
        ),
        pytest.param(
            r"$a<b$ & $a_t*b_t$", r"\(a&lt;b\) &amp; \(a_t*b_t\)", id="escaped-no-emphasis"
        ),
        pytest.param("costs $5 and $10", "costs $5 and $10", id="prices"),
        pytest.param(r"\$x\$ and $y$", r"$x$ and \(y\)", id="escaped-dollars"),
        pytest.param("`$x$` and $y$", r"<code>$x$</code> and \(y\)", id="code"),
    ],
)
def test_math_to_mathjax(markdown: str, html: str) -> None:
    assert markdown_to_html(markdown) == html


def test_a_notes_math_goes_to_mathjax() -> None:
    assert text_to_html("The seed wrote $m_t<1$,\ncosting \\$0.") == (
        r"The seed wrote \(m_t&lt;1\),<br>costing $0."
    )


def test_cloze_blanks_may_hold_math() -> None:
    question = r"Dropout scales by {{$\frac{1}{1-p}$::a factor}}; $x_{t}$ decays"
    assert cloze_markdown_to_html(question) == (
        r"Dropout scales by {{c1::\(\frac{1}{1-p}\)::a factor}}; \(x_{t}\) decays"
    )
    assert cloze_back_to_markdown(question) == question


@pytest.mark.parametrize(
    "markdown",
    [
        pytest.param(r"By $1-\beta_1^t$: the *bias* correction", id="inline"),
        pytest.param("text\n$$\\hat m_t = \\frac{m_t}{1-\\beta_1^t}$$\nmore", id="display-line"),
        pytest.param("$$x$$\n\nand a paragraph", id="display-paragraph"),
        pytest.param(r"$a<b$ & $c_{t}*d$ and **bold**", id="specials"),
        pytest.param("costs $5 and $10", id="prices"),
        pytest.param(r"\$x\$ and $y$", id="escaped-pair"),
        pytest.param(r"\$5 and $x$", id="escaped-price-with-math"),
        pytest.param("`$x$` and $y$", id="code-span"),
        pytest.param("```python\nprice = '$5'  # $x$\n```", id="fenced-code"),
    ],
)
def test_math_round_trip(markdown: str) -> None:
    assert back_to_markdown(markdown) == markdown


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        pytest.param(r"\(x^2\) and \[y\]", "$x^2$ and $$y$$", id="anki-mathjax"),
        pytest.param(r"\( x \) costs $5", r"$x$ costs \$5", id="dollar-beside-math-escaped"),
        pytest.param("<code>\\(x\\)</code>", "`\\(x\\)`", id="not-in-code"),
        pytest.param("$x$ is text in Anki", r"\$x\$ is text in Anki", id="dollars-that-would-pair"),
        pytest.param("costs $5", "costs $5", id="a-lone-dollar-stays"),
    ],
)
def test_mathjax_from_anki_reads_as_dollars(html: str, markdown: str) -> None:
    assert html_to_markdown(html) == markdown


_TEX = st.sampled_from(
    [r"\beta_1^t", r"\frac{1}{1-p}", r"\sqrt{2/\mathrm{fan}_{in}}", "a<b", "x_t*y_t", r"\$5"]
)
_WITH_MATH = st.one_of(
    _WORD,
    _SYMBOL,
    _TEX.map(lambda tex: f"${tex}$"),
    st.sampled_from(["$5", r"\$5", "$10", "`$x$`"]),
)
_MATH_LINE = st.tuples(_WORD, st.lists(_WITH_MATH, max_size=6)).map(
    lambda parts: " ".join([parts[0], *parts[1]])
)
_MATH_DOCUMENT = st.lists(
    st.one_of(
        st.lists(_MATH_LINE, min_size=1, max_size=3).map("\n".join),
        _TEX.map(lambda tex: f"$${tex}$$"),
    ),
    min_size=1,
    max_size=4,
).map("\n\n".join)


def _read_alike(markdown: str) -> str:
    """Markdown as it reads: each formula's TeX on one line, escaped dollars as dollars."""

    def formula(span: MathSpan) -> str:
        fence = "$$" if span.display else "$"
        return f"{fence}{' '.join(span.tex.split())}{fence}"

    return replace_math(markdown, formula).replace("\\$", "$")


@settings(max_examples=300, deadline=None)
@given(_MATH_DOCUMENT)
def test_card_markdown_with_math_round_trips(markdown: str) -> None:
    """Formulas, prices and escaped dollars in any order come back as they read (exactly, or
    with a dollar escaped or a line break in a formula as a space: "$5\\nA $x$" is one formula
    by pandoc's rule)."""
    back = back_to_markdown(markdown)
    assert _read_alike(back) == _read_alike(markdown)
    assert [span.tex.split() for span in find_math(back)] == [
        span.tex.split() for span in find_math(markdown)
    ]
