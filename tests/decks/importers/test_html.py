"""HTML fields of Anki and Quizlet exports as Markdown, and Anki's cloze deletions."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.decks.importers.html import _tidy, anki_cloze_to_studyapp, html_to_markdown


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param("Step size<br>of each update", "Step size\nof each update", id="br"),
        pytest.param("one<br/>two<br />three", "one\ntwo\nthree", id="br-self-closing"),
        pytest.param(
            "Forward pass<div>Backward pass</div><div>Update</div>",
            "Forward pass\nBackward pass\nUpdate",
            id="anki-div-lines",
        ),
        pytest.param(
            "<div>Forward pass</div><div><br></div><div>Update</div>",
            "Forward pass\n\nUpdate",
            id="div-blank-line",
        ),
        pytest.param("<div>loss<br></div><div>grad</div>", "loss\ngrad", id="div-ending-in-br"),
        pytest.param("A<div>B</div> <div>C</div>", "A\nB\nC", id="div-spaces-between"),
        pytest.param("<b>ReLU</b> and <strong>GELU</strong>", "**ReLU** and **GELU**", id="bold"),
        pytest.param("<i>inverted</i> <em>dropout</em>", "*inverted* *dropout*", id="italic"),
        pytest.param(
            "Call <code>optimizer.zero_grad()</code> first",
            "Call `optimizer.zero_grad()` first",
            id="code",
        ),
        pytest.param(
            "<pre><code>for x, y in loader:\n    loss = loss_fn(model(x), y)\n\n\n"
            "    loss.backward()</code></pre>",
            "```\nfor x, y in loader:\n    loss = loss_fn(model(x), y)\n\n\n"
            "    loss.backward()\n```",
            id="pre-fenced-keeps-blank-lines",
        ),
        pytest.param(
            "Signs:<ul><li>loss diverges</li><li>NaN weights</li></ul>",
            "Signs:\n\n- loss diverges\n- NaN weights",
            id="ul",
        ),
        pytest.param(
            "<ol><li>forward</li><li>backward</li><li>step</li></ol>",
            "1. forward\n2. backward\n3. step",
            id="ol",
        ),
        pytest.param(
            "<ul><li>optimizers<ul><li>Adam</li></ul></li></ul>",
            "- optimizers\n  - Adam",
            id="nested-list",
        ),
        pytest.param(
            "lr&nbsp;=&nbsp;0.1 &amp; batch &lt; 64", "lr = 0.1 & batch < 64", id="entities"
        ),
        pytest.param(
            "<b>x</b> &gt; 0 &amp;&amp; y&nbsp;&lt; 1", "**x** > 0 && y < 1", id="entities-in-html"
        ),
        pytest.param(
            "Loss<script>alert('x')</script> falls<style>b { color: red }</style>",
            "Loss falls",
            id="script-style-removed",
        ),
        pytest.param(
            'Loss curve <img src="loss.png"> too high', "Loss curve too high", id="img-dropped"
        ),
        pytest.param('<img src="only.png">', "", id="only-image"),
        pytest.param(
            "<b>learning_rate</b> = 2*x_0", "**learning_rate** = 2*x_0", id="no-escaping-in-html"
        ),
        pytest.param("<p>one</p><p>two</p><br><br><br>three", "one\n\ntwo\n\nthree", id="blanks"),
        pytest.param("a<br><br><br><br>b", "a\n\nb", id="many-br"),
        pytest.param("<h2>Adam</h2>moments", "**Adam**\n\nmoments", id="heading-bold"),
        pytest.param(
            '<span style="color: rgb(0, 0, 0);">plain</span> text', "plain text", id="span"
        ),
        pytest.param(
            "{{c1::ReLU}} is <b>{{c2::max(0, x)::formula}}</b>",
            "{{c1::ReLU}} is **{{c2::max(0, x)::formula}}**",
            id="cloze-markup-kept",
        ),
    ],
)
def test_html_to_markdown(html: str, expected: str) -> None:
    assert html_to_markdown(html) == expected


@pytest.mark.parametrize(
    "text",
    [
        "learning_rate",
        "2*x + y_1",
        "Adam: lr=1e-3, betas=(0.9, 0.999)",
        "- a dash line\n# not a heading\n1. not a list",
        "first line\nsecond line",
        "x < y and y > z",
        "[link](not-converted) and `code`",
    ],
)
def test_plain_text_passes_through_unchanged(text: str) -> None:
    assert html_to_markdown(text) == text


def test_plain_text_only_loses_trailing_spaces_and_surplus_blank_lines() -> None:
    assert html_to_markdown("one  \n\n\n\ntwo \n") == "one\n\ntwo"


@pytest.mark.parametrize(
    ("anki", "expected"),
    [
        ("{{c1::Dropout}} zeroes activations", "{{Dropout}} zeroes activations"),
        ("p is {{c2::0.5::a rate}}", "p is {{0.5::a rate}}"),
        (
            "{{c1::Adam}} keeps {{c2::two}} averages; {{c12::bias correction}} fixes the start",
            "{{Adam}} keeps {{two}} averages; {{bias correction}} fixes the start",
        ),
        ("{{c1::a}}{{c1::b}}", "{{a}}{{b}}"),
        ("no cloze here {{name}}", "no cloze here {{name}}"),
        ("{{ c1::spaced }} stays", "{{ c1::spaced }} stays"),
    ],
)
def test_anki_cloze_to_studyapp(anki: str, expected: str) -> None:
    assert anki_cloze_to_studyapp(anki) == expected


def _tidy_line_by_line(markdown: str) -> str:
    """What html.py's _tidy does, line by line (it takes shortcuts when there is one line, or no
    fence)."""
    out: list[str] = []
    in_fence = False
    blank_run = 0
    for line in markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.rstrip()
        if re.match(r"^\s*(```|~~~)", line):
            in_fence = not in_fence
        if not line and not in_fence:
            blank_run += 1
            if blank_run > 1:
                continue
        else:
            blank_run = 0
        out.append(line)
    return "\n".join(out).strip("\n")


_MARKDOWN_BITS = ["a", " ", "\t", "\n", "\n", "\r", "\r\n", "\xa0", "\u2028", "```", "~~~"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_MARKDOWN_BITS), max_size=20).map("".join))
def test_tidying_takes_shortcuts_to_the_same_text(markdown: str) -> None:
    assert _tidy(markdown) == _tidy_line_by_line(markdown)


def test_markup_the_parser_rejects_keeps_the_fields_words() -> None:
    # Python's HTML parser raises on this declaration; the field is read as its words
    assert html_to_markdown('<![<a href="x">CDATA[x]]>loss') == "<![CDATA[x]]>loss"


def test_markup_nested_too_deep_to_read_keeps_the_fields_words() -> None:
    depth = 400  # deeper than either reading of HTML goes
    assert html_to_markdown("<ul><li>" * depth + "x &amp; y" + "</li></ul>" * depth) == "x & y"
    assert html_to_markdown("<table>" * depth + "z" + "</table>" * depth) == "z"
