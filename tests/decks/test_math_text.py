"""Math in card text: where a formula is, and how it reads as Unicode."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.decks.math_text import (
    MAX_FORMULA_LENGTH,
    MAX_MATH_TEXT,
    MathSpan,
    ascii_spelling,
    find_math,
    math_to_unicode,
    replace_math,
    tex_to_unicode,
    unclosed_dollars,
    unrendered_commands,
)

# --- the formulas the decks need -----------------------------------------------------------


@pytest.mark.parametrize(
    ("tex", "shown"),
    [
        pytest.param(r"\beta_1^t", "β₁ᵗ", id="bias-correction-power"),
        pytest.param(r"\hat m_t = \frac{m_t}{1-\beta_1^t}", "m̂ₜ = mₜ/(1−β₁ᵗ)", id="adam-m-hat"),
        pytest.param(r"\hat v_t = \frac{v_t}{1-\beta_2^t}", "v̂ₜ = vₜ/(1−β₂ᵗ)", id="adam-v-hat"),
        pytest.param(
            r"\theta_t = \theta_{t-1} - \eta \frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon}",
            "θₜ = θₜ₋₁ − ηm̂ₜ/(√v̂ₜ+ε)",
            id="adam-update",
        ),
        pytest.param(
            r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t",
            "mₜ = β₁ mₜ₋₁ + (1−β₁) gₜ",
            id="adam-first-moment",
        ),
        pytest.param(r"v \leftarrow \beta v + g", "v ← βv + g", id="momentum"),
        pytest.param(r"\sqrt{2/\mathrm{fan}_{in}}", "√(2/fanᵢₙ)", id="he-std"),
        pytest.param(r"\sqrt{2/\text{fan\_in}}", "√(2/fan_in)", id="he-std-escaped-underscore"),
        pytest.param(r"\frac{1}{1-p}", "1/(1−p)", id="dropout-scale"),
        pytest.param(r"2/\lambda_{\max}", "2/λₘₐₓ", id="stability-limit"),
        pytest.param(r"\gamma^{\lfloor t/s \rfloor}", "γ^(⌊t/s⌋)", id="step-decay"),
        pytest.param(
            r"\eta_t = \eta_{\min} + \frac{1}{2}(\eta_{\max} - \eta_{\min})(1 + \cos(\pi t/T))",
            "ηₜ = ηₘᵢₙ + ½(ηₘₐₓ − ηₘᵢₙ)(1 + cos(πt/T))",
            id="cosine-annealing",
        ),
        pytest.param(r"\sqrt{\hat v_t}+\epsilon", "√v̂ₜ+ε", id="adam-denominator"),
        pytest.param(r"\nabla_\theta L", "∇_θ L", id="gradient-no-subscript-theta"),
        pytest.param(r"\mathbb{E}[g^2]_t", "𝔼[g²]ₜ", id="rmsprop-average"),
        pytest.param(r"x^{2}", "x²", id="square"),
        pytest.param(r"\alpha \approx 10^{-3}", "α ≈ 10⁻³", id="operator-spaced"),
        pytest.param(
            r"(1-p)\cdot x + p\cdot 0", "(1−p) · x + p · 0", id="operators-spaced-both-sides"
        ),
        pytest.param(r"c g/\lVert g \rVert", "c g/‖g‖", id="no-space-inside-delimiters"),
        pytest.param(r"\left( \frac{a}{b} \right)", "(a/b)", id="left-right"),
        pytest.param(r"\operatorname{sign}(x)", "sign(x)", id="operatorname"),
        pytest.param(r"\|g\|_2", "‖g‖₂", id="norm"),
        pytest.param(r"W^\top x", "Wᵀx", id="transpose"),
        pytest.param(r"x_{\text{in}}", "xᵢₙ", id="text-subscript"),
        pytest.param(r"\frac{\text{loss}}{n}", "loss/n", id="name-not-parenthesised"),
        pytest.param(r"{ab}^2", "(ab)²", id="product-keeps-parentheses"),
        pytest.param(r"\left\{ x \right\}", "{x}", id="escaped-braces"),
        pytest.param(r"\sigma(z) = \frac{1}{1+e^{-z}}", "σ(z) = 1/(1+e⁻ᶻ)", id="sigmoid"),
    ],
)
def test_formulas_read_as_unicode(tex: str, shown: str) -> None:
    assert tex_to_unicode(tex) == shown


@pytest.mark.parametrize(
    ("tex", "shown"),
    [
        pytest.param(r"x^", "x^", id="dangling-superscript"),
        pytest.param(r"\frac{1}", r"\frac{1}", id="missing-argument"),
        pytest.param("a\nb", "a b", id="newline-is-a-space"),
        pytest.param(r"\foo{x}", r"\foox", id="unknown-command-kept"),
        pytest.param(r"\text{\foo}", r"\foo", id="unknown-command-in-an-argument"),
    ],
)
def test_what_cannot_be_converted_stays_readable(tex: str, shown: str) -> None:
    assert tex_to_unicode(tex) == shown


def test_a_formula_too_long_is_shown_as_its_source() -> None:
    tex = r"\alpha" * (MAX_FORMULA_LENGTH // 6 + 1)
    assert tex_to_unicode(tex) == tex


def test_deeply_nested_braces_are_shown_as_their_source() -> None:
    tex = "{" * 400 + "x" + "}" * 400
    assert tex_to_unicode(tex) in (tex, "x")


def test_unrendered_commands_are_the_unknown_ones() -> None:
    assert unrendered_commands(r"\foo{x} + \beta + \bar y + \frob") == (r"\foo", r"\frob")
    assert unrendered_commands(r"\frac{1}{2} \max \mathrm{x} \{ \}") == ()


# --- where a formula is ----------------------------------------------------------------------


def spans(text: str) -> list[str]:
    return [span.tex for span in find_math(text)]


@pytest.mark.parametrize(
    ("text", "formulas"),
    [
        pytest.param("the bias $\\beta_1^t$ here", [r"\beta_1^t"], id="inline"),
        pytest.param("$a$ and $b$", ["a", "b"], id="two"),
        pytest.param("costs $5 and $10", [], id="prices"),
        # pandoc's rule too: a price's dollar opens a formula that a later dollar closes, so a
        # paragraph with both writes its prices \$5 (the README says so)
        pytest.param("costs $5, or $x$", ["5, or $x"], id="price-then-math"),
        pytest.param(r"costs \$5, or $x$", ["x"], id="escaped-price-then-math"),
        pytest.param(r"\$x\$ and $y$", ["y"], id="escaped-dollars"),
        pytest.param(r"\\$x$", ["x"], id="escaped-backslash-then-dollar"),
        pytest.param("`$x$` and $y$", ["y"], id="code-span"),
        pytest.param("``a ` $x$`` and $y$", ["y"], id="code-span-double-backticks"),
        pytest.param("```\n$a$\n```\n$b$", ["b"], id="fenced-code"),
        pytest.param("~~~~\n$a$\n~~~\n$c$\n~~~~\n$b$", ["b"], id="fence-closes-on-its-length"),
        pytest.param("```\n$a$", [], id="unclosed-fence-runs-to-the-end"),
        pytest.param("$x $ and $ y", [], id="spaces-inside"),
        pytest.param("$x$5", [], id="closing-followed-by-digit"),
        pytest.param("$x\n\ny$", [], id="not-across-paragraphs"),
        pytest.param("$x\ny$", ["x\ny"], id="across-a-line-break"),
        pytest.param(r"$\text{in $}$ done", [r"\text{in $}"], id="dollar-inside-braces"),
        pytest.param(r"$a \$ b$", [r"a \$ b"], id="escaped-dollar-inside"),
        pytest.param("$$\\frac{a}{b}$$", [r"\frac{a}{b}"], id="display"),
        pytest.param("text\n$$ x^2 $$\nmore", ["x^2"], id="display-on-its-own-line"),
        pytest.param("$x `y` z$", [], id="not-into-code"),
        pytest.param("a $ b", [], id="lone-dollar"),
    ],
)
def test_find_math(text: str, formulas: list[str]) -> None:
    assert spans(text) == formulas


def test_a_span_knows_its_place_and_kind() -> None:
    text = "a $x$ b\n$$y$$"
    assert find_math(text) == (
        MathSpan(2, 5, "x", display=False),
        MathSpan(8, 13, "y", display=True),
    )


@pytest.mark.parametrize(
    ("text", "positions"),
    [
        pytest.param("say $x and stop", (4,), id="unclosed"),
        pytest.param("$x\n\ny$", (0,), id="closes-only-in-the-next-paragraph"),
        pytest.param("costs $5 and $10", (), id="prices-are-not-unclosed"),
        pytest.param("$x$ and $y$", (), id="all-closed"),
        pytest.param("`$x` and $", (), id="code-and-a-lone-dollar"),
        pytest.param("a $ b", (), id="space-after"),
    ],
)
def test_unclosed_dollars(text: str, positions: tuple[int, ...]) -> None:
    assert unclosed_dollars(text) == positions


# --- card text shown -----------------------------------------------------------------------


def test_math_to_unicode_as_plain_text() -> None:
    text = r"Adam divides by $1-\beta_1^t$; a \$5 book; `$x$` stays"
    assert math_to_unicode(text) == "Adam divides by 1−β₁ᵗ; a $5 book; `$x$` stays"


def test_math_to_unicode_as_markdown_escapes_the_formula_only() -> None:
    text = r"**bold** $a*b_t$ and \$5"
    assert math_to_unicode(text, markdown=True) == r"**bold** a\*bₜ and \$5"


def test_text_without_math_is_unchanged() -> None:
    for text in ("plain", "costs $5 and $10", "```\n$a$\n```", r"\$x"):
        assert math_to_unicode(text, markdown=True) == text


def test_replace_math_sees_each_span() -> None:
    assert replace_math("a $x$ b $$y$$", lambda s: f"<{s.tex}:{s.display}>") == (
        "a <x:False> b <y:True>"
    )


@pytest.mark.parametrize(
    ("shown", "ascii"),
    [
        ("β₁ᵗ", "beta_1^t"),
        ("√(2/fanᵢₙ)", "sqrt(2/fan_in)"),
        ("1/(1-p)", "1/(1-p)"),
        ("2/λₘₐₓ", "2/lambda_max"),
        ("θₜ₋₁", "theta_t-1"),
        ("v ← βv + g", "v <- betav + g"),
        ("Δ", "Delta"),
    ],
)
def test_ascii_spelling(shown: str, ascii: str) -> None:
    assert ascii_spelling(shown) == ascii


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("$\\{}`_^ab1 \n")))
def test_spans_are_ordered_dollar_delimited_and_outside_code(text: str) -> None:
    cursor = 0
    for span in find_math(text):
        assert cursor <= span.start < span.end <= len(text)
        fence = "$$" if span.display else "$"
        assert text[span.start : span.end].startswith(fence)
        assert text[span.start : span.end].endswith(fence)
        assert span.tex.strip() in text[span.start : span.end]
        cursor = span.end
    # as Markdown, the text around the formulas is kept as written, in order
    shown = math_to_unicode(text, markdown=True)
    found = 0
    for gap in replace_math(text, lambda span: "\x00").split("\x00"):
        found = shown.index(gap, found) + len(gap)
    for position in unclosed_dollars(text):
        assert text[position] == "$"


# --- hostile text: bounded work, sensible answers ------------------------------------------


@pytest.mark.parametrize(
    ("text", "spans", "unclosed"),
    [
        pytest.param("$a " * (MAX_MATH_TEXT // 3), 0, MAX_MATH_TEXT // 3, id="unclosed-dollars"),
        pytest.param("$x{" * (MAX_MATH_TEXT // 3), 0, MAX_MATH_TEXT // 3, id="opened-braces"),
        pytest.param("$" * MAX_MATH_TEXT, 0, 0, id="only-dollars"),
        pytest.param("`$x$` " * (MAX_MATH_TEXT // 6), 0, 0, id="code-spans"),
        pytest.param("$" + "{" * (MAX_MATH_TEXT - 2) + "$", 0, 1, id="deep-braces"),
        pytest.param("$a$ " * (MAX_MATH_TEXT // 4), MAX_MATH_TEXT // 4, 0, id="many-formulas"),
    ],
)
def test_hostile_text_of_the_largest_size_is_scanned(text: str, spans: int, unclosed: int) -> None:
    """Each opening dollar's closer is found in one pass from the end (no quadratic scan)."""
    assert len(find_math(text)) == spans
    assert len(unclosed_dollars(text)) == unclosed
    assert len(math_to_unicode(text)) <= len(text)


def test_text_longer_than_any_card_is_shown_as_written() -> None:
    text = "$x$ " * (MAX_MATH_TEXT // 4 + 1)
    assert find_math(text) == ()
    assert math_to_unicode(text) == text
