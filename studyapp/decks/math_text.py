"""Math in card text: ``$…$`` (inline) and ``$$…$$`` (display) spans, shown as Unicode.

Plain string functions beside :mod:`studyapp.decks.cloze` (the other syntax inside card text),
so that the deck formats (the Anki export's MathJax), the grader, the linter and both faces
use one reading of which dollars are math.

Where a span is (:func:`find_math`), following pandoc's ``tex_math_dollars`` rule so that
prices are not math:

- ``\\$`` is a literal dollar, never a delimiter;
- an opening ``$`` has a non-space character right after it; a closing ``$`` has a non-space
  character right before it and no digit right after it ("$5 and $10" is no math);
- a span closes in its own paragraph (a blank line ends the search) and never runs into code:
  a ``$`` inside a code span or a fenced code block is code, untouched;
- a ``$`` inside braces is part of the formula (``$\\text{in $}$`` is one span);
- ``$$…$$`` is display math, best on a line of its own.

How a formula is shown (:func:`tex_to_unicode`): **flatlatex** converts it, set up through its
own API (``add_newcommand``) and with its output tidied here. It was chosen over the other
converters on PyPI on the formulas the decks need (Adam's update and bias correction, momentum,
He's √(2/fan_in), dropout's 1/(1−p), 2/λ_max, cosine annealing, ∇_θ L, 𝔼[g²]_t):

- flatlatex parses the TeX into groups and arguments, so ``\\frac`` and ``\\sqrt{…}`` come out
  as ``a/(b)`` and ``√(…)``, and unknown commands are kept as written, never dropped;
- unicodeit only replaces symbols: ``\\frac`` and ``\\sqrt{…}`` stay raw and ``\\operatorname``
  is mangled (``øperatorname``); unicodeitplus writes math italic letters (𝑚, 𝛽) that many
  terminal fonts lack, and also leaves ``\\frac`` raw; pylatexenc's ``latex2text`` writes
  ``β_1^t`` (no sub- or superscripts) and ``\\frac{1}{1-p}`` as ``1/1-p``.

What is added to flatlatex: upright text commands (``\\mathrm``, ``\\text``, ``\\operatorname``),
the named functions (``\\max``, ``\\cos``, …), floors and ceilings, ``\\tfrac``/``\\dfrac``,
``\\left``/``\\right`` and escaped specials. Its output is then tidied: a subscript it writes as
``m[t]`` (its subscript alphabet lacks t, m, n, …) becomes ``mₜ`` when Unicode has every
character as a subscript, else ``m_t`` as in TeX; a single symbol it put in parentheses before a
script (``(β₁)ᵗ``, ``(mₜ)/…``) loses them. A formula that cannot be converted (bad TeX, too long
or too deep) is shown as its TeX source: readable, never lost, never an error.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import flatlatex

__all__ = [
    "MathSpan",
    "ascii_spelling",
    "code_ranges",
    "find_math",
    "formula_problem",
    "math_to_unicode",
    "replace_math",
    "tex_to_unicode",
    "unclosed_dollars",
    "unrendered_commands",
]

#: A formula longer than this is shown as its source; a ``$`` not closed within this many
#: characters is not a formula (bounds on time for hostile text).
MAX_FORMULA_LENGTH: Final = 1000
#: Text longer than this (no card is) is shown as written, without looking for formulas.
MAX_MATH_TEXT: Final = 50_000

#: Marks around upright text (``\\mathrm{fan}``): a name, one symbol however long, so that
#: flatlatex's parentheses around it (``(fan)ᵢₙ``) can be told from a product's (``(ab)²``).
_NAME_OPEN: Final = "\ue006"
_NAME_CLOSE: Final = "\ue007"
#: ``\\_``, kept away from flatlatex (which would read it again as a subscript).
_UNDERSCORE: Final = "\ue008"
#: Marks an unknown command, so flatlatex passes its name through as text.
_UNKNOWN: Final = "\ue009"

#: Named functions, set upright: ``\\max`` is ``max``.
_FUNCTION_NAMES: Final = (
    "max", "min", "arg", "sup", "inf", "lim", "exp", "log", "ln", "lg", "det", "dim", "sin",
    "cos", "tan", "sinh", "cosh", "tanh", "sec", "csc", "cot", "deg", "gcd", "Pr", "ker",
)  # fmt: skip

#: Commands flatlatex does not know, defined in its own ``\\newcommand`` syntax.
_NEW_COMMANDS: Final = (
    rf"\newcommand\mathrm[1]{{{_NAME_OPEN}#1{_NAME_CLOSE}}}",
    rf"\newcommand\text[1]{{{_NAME_OPEN}#1{_NAME_CLOSE}}}",
    rf"\newcommand\textrm[1]{{{_NAME_OPEN}#1{_NAME_CLOSE}}}",
    rf"\newcommand\operatorname[1]{{{_NAME_OPEN}#1{_NAME_CLOSE}}}",
    r"\newcommand\textit[1]{\it{#1}}",
    r"\newcommand\textbf[1]{\bf{#1}}",
    r"\newcommand\bm[1]{\bf{#1}}",
    r"\newcommand\boldsymbol[1]{\bf{#1}}",
    r"\newcommand\tfrac[2]{\frac{#1}{#2}}",
    r"\newcommand\dfrac[2]{\frac{#1}{#2}}",
    r"\newcommand\left{}",
    r"\newcommand\right{}",
    r"\newcommand\big{}",
    r"\newcommand\Big{}",
    r"\newcommand\displaystyle{}",
    r"\newcommand\!{}",
    r"\newcommand\lfloor{⌊}",
    r"\newcommand\rfloor{⌋}",
    r"\newcommand\lceil{⌈}",
    r"\newcommand\rceil{⌉}",
    r"\newcommand\langle{⟨}",
    r"\newcommand\rangle{⟩}",
    r"\newcommand\le{≤}",
    r"\newcommand\ge{≥}",
    r"\newcommand\ne{≠}",
    r"\newcommand\to{→}",
    r"\newcommand\gets{←}",
    r"\newcommand\lvert{|}",
    r"\newcommand\rvert{|}",
    r"\newcommand\vert{|}",
    r"\newcommand\top{T}",  # as a transpose: W^\top is Wᵀ
    r"\newcommand\epsilon{ε}",  # the ε of prose and papers, not flatlatex's lunate ϵ
    r"\newcommand\ldots{…}",
    r"\newcommand\Vert{‖}",
    r"\newcommand\%{%}",
    r"\newcommand\&{&}",
    r"\newcommand\#{#}",
    r"\newcommand\${$}",
    *(rf"\newcommand\{name}{{{name}}}" for name in _FUNCTION_NAMES),
)

#: What the formula writes itself, kept out of flatlatex's way as Private Use Area characters
#: and restored at the end: its own brackets (in flatlatex's output, every ``(…)`` and ``[…]``
#: is then one it added, to group or to mark a subscript), and escaped braces and underscores.
_STAND_INS: Final = {
    "\\{": "\ue004",
    "\\}": "\ue005",
    "\\_": _UNDERSCORE,
    "(": "\ue000",
    ")": "\ue001",
    "[": "\ue002",
    "]": "\ue003",
}
_STAND_IN: Final = re.compile("|".join(re.escape(written) for written in _STAND_INS))
_PRIVATE_USE: Final = re.compile("[\ue000-\ue009]")
_RESTORED: Final = str.maketrans(
    {stand_in: written[-1] for written, stand_in in _STAND_INS.items()}
    | {_NAME_OPEN: None, _NAME_CLOSE: None, _UNKNOWN: "\\"}
)

#: Every character Unicode has as a subscript (flatlatex's table lacks most letters).
_SUBSCRIPTS: Final = str.maketrans(
    dict(
        zip(
            "0123456789+-=aehijklmnoprstuvxβγρφχ\ue000\ue001",
            "₀₁₂₃₄₅₆₇₈₉₊₋₌ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ₍₎",
            strict=True,
        )
    )
)
_SUBSCRIPT_CHARACTERS: Final = frozenset("₀₁₂₃₄₅₆₇₈₉₊₋₌ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ₍₎")
_SUPERSCRIPT_CHARACTERS: Final = frozenset(
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᵋᶿᶥᶲᵠᵡ"
)
_SCRIPTS: Final = "".join(sorted(_SUBSCRIPT_CHARACTERS | _SUPERSCRIPT_CHARACTERS))

#: A subscript flatlatex wrote as ``[…]`` (innermost first).
_BRACKETED_SUBSCRIPT: Final = re.compile(r"\[([^\[\]]*)\]")
#: One symbol (with its accents and scripts), or one name, that flatlatex put in parentheses.
_WRAPPED_SYMBOL: Final = re.compile(
    rf"\((\S[\u0300-\u036f\u20d0-\u20ff]*[{_SCRIPTS}]*"
    rf"|{_NAME_OPEN}[^{_NAME_OPEN}{_NAME_CLOSE}()]*{_NAME_CLOSE}[{_SCRIPTS}]*)\)"
)
#: A name written upright (kept whole), or a hyphen outside one (a minus sign).
_MINUS_OUTSIDE_NAMES: Final = re.compile(rf"{_NAME_OPEN}[^{_NAME_CLOSE}]*{_NAME_CLOSE}|-")
#: ASCII punctuation, escaped with a backslash where a formula goes into Markdown.
_MARKDOWN_PUNCTUATION: Final = re.compile(r"([!-/:-@\[-`{-~])")


def _converter() -> flatlatex.converter:
    converter = flatlatex.converter(allow_zw=False, keep_spaces=True)
    for definition in _NEW_COMMANDS:
        converter.add_newcommand(definition)
    return converter


_CONVERTER: Final = _converter()

#: Every command the converter knows: flatlatex's own and the ones added here.
_KNOWN_COMMANDS: Final = (
    frozenset(flatlatex.data.symbols)
    | frozenset(flatlatex.data.transliterators)
    | frozenset(flatlatex.data.combinings)
    | frozenset({r"\frac", r"\sqrt", r"\{", r"\}"})
    | frozenset(
        found[1]
        for definition in (*flatlatex.data.newcommands, *_NEW_COMMANDS)
        if (found := re.match(r"\\newcommand(\\(?:[A-Za-z]+|.))", definition))
    )
)
#: Relations and binary operators: set with a space on each side, as TeX sets them (after
#: other commands a space only ends the command's name: ``\\beta v`` is ``βv``).
_OPERATORS: Final = (
    "leftarrow", "rightarrow", "gets", "to", "Leftarrow", "Rightarrow", "leftrightarrow",
    "mapsto", "approx", "sim", "simeq", "propto", "equiv", "neq", "ne", "leq", "le", "geq", "ge",
    "ll", "gg", "in", "notin", "subset", "subseteq", "cdot", "times", "pm", "mp", "circ", "odot",
    "otimes", "oplus", "ast", "div", "cup", "cap",
)  # fmt: skip
_SPACED_OPERATOR: Final = re.compile(rf"\s*(\\(?:{'|'.join(_OPERATORS)}))(?![A-Za-z])\s*")
#: Spaces next to a delimiter command on its inner side: ``\\lVert g \\rVert`` is ``‖g‖``.
_SPACE_AT_DELIMITER: Final = re.compile(
    r"(\\(?:left|lVert|lvert|lfloor|lceil|langle)(?![A-Za-z]))\s+"
    r"|\s+(\\(?:right|rVert|rvert|rfloor|rceil|rangle)(?![A-Za-z]))"
)
#: A TeX command: a backslash and a name (letters) or one other character.
_COMMAND: Final = re.compile(r"\\(?:[A-Za-z]+|[^A-Za-z])")
#: Spaces just inside brackets (``⌊ t/s ⌋`` → ``⌊t/s⌋``).
_SPACE_INSIDE_BRACKETS: Final = re.compile(r"(?<=[(\[{⌊⌈⟨]) +| +(?=[)\]}⌋⌉⟩])")


@dataclass(frozen=True, slots=True)
class MathSpan:
    """A formula in card text: ``text[start:end]`` is it with its dollars; ``tex`` without."""

    start: int
    end: int
    tex: str
    display: bool


@dataclass(frozen=True, slots=True)
class _Scan:
    spans: tuple[MathSpan, ...]
    unclosed: tuple[int, ...]
    code: tuple[tuple[int, int], ...]


def find_math(text: str) -> tuple[MathSpan, ...]:
    """Every ``$…$`` and ``$$…$$`` formula in card Markdown, in order (see the module
    docstring for the rules)."""
    return _scan(text).spans if "$" in text else ()


def unclosed_dollars(text: str) -> tuple[int, ...]:
    """Where a ``$`` opens a formula that never closes in its paragraph (a ``$`` right before a
    digit is a price, not counted)."""
    return _scan(text).unclosed if "$" in text else ()


@lru_cache(maxsize=1024)
def _scan(text: str) -> _Scan:
    if len(text) > MAX_MATH_TEXT:
        return _Scan((), (), ())
    code = code_ranges(text)
    code_starts = [start for start, _end in code]
    closers = _Closers.of(text, code, code_starts)
    spans: list[MathSpan] = []
    unclosed: list[int] = []
    for start, end in _paragraphs(text):
        index = start
        while (index := text.find("$", index, end)) != -1:
            skip = _code_end(code, code_starts, index)
            if skip is not None:
                index = skip
                continue
            if _escaped(text, index):
                index += 1
                continue
            next_code = bisect.bisect_right(code_starts, index)
            limit = min(end, code_starts[next_code] if next_code < len(code_starts) else end)
            span = closers.span_at(text, index, limit)
            if span is None:
                after = text[index + 1 : index + 2]
                if after and not after.isspace() and not after.isdigit() and after != "$":
                    unclosed.append(index)
                index += 2 if text.startswith("$$", index) else 1
                continue
            spans.append(span)
            index = span.end
    return _Scan(tuple(spans), tuple(unclosed), tuple(code))


#: What the search for closing dollars looks at: an escape (skipped), a brace, a dollar.
_SCAN_TOKEN: Final = re.compile(r"\\.|[{}$]", re.DOTALL)


@dataclass(frozen=True, slots=True)
class _Closers:
    """For each dollar of a text (outside code), where the formula it would open closes: the
    first later dollar that can close one, at a brace depth no deeper than its own. Found for
    all dollars in one pass from the end, so that a text of many unclosed dollars takes linear
    time, not quadratic."""

    inline: dict[int, int]
    display: dict[int, int]

    @classmethod
    def of(cls, text: str, code: Sequence[tuple[int, int]], code_starts: Sequence[int]) -> _Closers:
        """The closers of every dollar in ``text``, code left out."""
        dollars: list[tuple[int, int]] = []  # (position, brace depth before it)
        depth = 0
        for token in _SCAN_TOKEN.finditer(text):
            char, position = token[0], token.start()
            if len(char) > 1 or _code_end(code, code_starts, position) is not None:
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            else:
                dollars.append((position, depth))

        def closes_inline(position: int) -> bool:
            after = text[position + 1 : position + 2]
            return not text[position - 1].isspace() and not after.isdigit()

        def closes_display(position: int) -> bool:
            return text.startswith("$$", position)

        return cls(_first_closers(dollars, closes_inline), _first_closers(dollars, closes_display))

    def span_at(self, text: str, start: int, end: int) -> MathSpan | None:
        """The formula opening at ``start`` (a ``$``), or None when it does not close before
        ``end`` (nor within :data:`MAX_FORMULA_LENGTH` characters)."""
        display = text.startswith("$$", start)
        first = start + (2 if display else 1)
        if first >= end or text[first] == "$" or (text[first].isspace() and not display):
            return None
        closing = (self.display if display else self.inline).get(start + 1 if display else start)
        if closing is None or closing >= end or closing - first > MAX_FORMULA_LENGTH:
            return None
        if display:
            tex = text[first:closing].strip()
            return MathSpan(start, closing + 2, tex, display=True) if tex else None
        return MathSpan(start, closing + 1, text[first:closing], display=False)


def _first_closers(
    dollars: Sequence[tuple[int, int]], closes: Callable[[int], bool]
) -> dict[int, int]:
    """For each dollar (position, depth), the first later one that ``closes`` at a depth no
    deeper, if any: a sweep from the end keeping the closers that are not yet beaten (nearer and
    no deeper), their depths rising towards the nearest, so each lookup is a binary search."""
    found: dict[int, int] = {}
    positions: list[int] = []
    depths: list[int] = []
    for position, depth in reversed(dollars):
        shallow_enough = bisect.bisect_right(depths, depth)
        if shallow_enough:
            found[position] = positions[shallow_enough - 1]
        if closes(position):
            while depths and depths[-1] >= depth:
                depths.pop()
                positions.pop()
            depths.append(depth)
            positions.append(position)
    return found


def _escaped(text: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd run of backslashes."""
    run = 0
    while index - run > 0 and text[index - run - 1] == "\\":
        run += 1
    return run % 2 == 1


_FENCE: Final = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_BACKTICKS: Final = re.compile(r"`+")
_BLANK_LINE: Final = re.compile(r"\n[ \t]*\n")


def code_ranges(text: str) -> list[tuple[int, int]]:
    """Where code is in Markdown, as sorted (start, end): fenced blocks (whole lines) and code
    spans. Nothing in them is math."""
    fences: list[tuple[int, int]] = []
    position = 0
    while (opening := _FENCE.search(text, position)) is not None:
        marker = opening[1]
        closing = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$", re.M)
        line_end = text.find("\n", opening.end())
        after = len(text) if line_end == -1 else line_end
        found = closing.search(text, after)
        end = len(text) if found is None else found.end()
        fences.append((opening.start(), end))
        position = end
    ranges = list(fences)
    for start, end in _between(fences, len(text)):
        ranges += _code_spans(text, start, end)
    return sorted(ranges)


def _between(ranges: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The gaps between sorted ranges, in ``0..length``."""
    gaps, cursor = [], 0
    for start, end in ranges:
        gaps.append((cursor, start))
        cursor = end
    gaps.append((cursor, length))
    return gaps


def _code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Code spans in ``text[start:end]``: a run of backticks up to the next run as long, in the
    same paragraph (a run with no partner is literal backticks)."""
    spans = []
    position = start
    while (run := _BACKTICKS.search(text, position, end)) is not None:
        if _escaped(text, run.start()):
            position = run.start() + 1
            continue
        limit = _paragraph_end(text, run.end(), end)
        partner = run.end()
        while (other := _BACKTICKS.search(text, partner, limit)) is not None:
            if len(other[0]) == len(run[0]):
                break
            partner = other.end()
        if other is None:
            position = run.end()
            continue
        spans.append((run.start(), other.end()))
        position = other.end()
    return spans


def _paragraph_end(text: str, start: int, end: int) -> int:
    blank = _BLANK_LINE.search(text, start, end)
    return end if blank is None else blank.start()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Each paragraph of the text as (start, end): runs of lines between blank lines."""
    return [(start, end) for start, end in _between(_blank_lines(text), len(text)) if end > start]


def _blank_lines(text: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in _BLANK_LINE.finditer(text)]


def _code_end(code: Sequence[tuple[int, int]], starts: Sequence[int], index: int) -> int | None:
    """The end of the code range holding ``index``, or None when it is not code."""
    found = bisect.bisect_right(starts, index) - 1
    return code[found][1] if found >= 0 and index < code[found][1] else None


def tex_to_unicode(tex: str) -> str:
    """A TeX formula as Unicode text (``\\beta_1^t`` → ``β₁ᵗ``); the TeX source when it cannot
    be converted."""
    converted = _converted(tex)
    return " ".join(tex.split()) if converted is None else converted


def formula_problem(tex: str) -> str | None:
    """Why a formula is not shown as it is meant (its commands unknown, or no TeX the converter
    reads), or None when it converts."""
    unknown = unrendered_commands(tex)
    if unknown:
        names = ", ".join(unknown)
        verb = "is not a command" if len(unknown) == 1 else "are not commands"
        return f"{names} {verb} the app can show"
    if len(" ".join(tex.split())) > MAX_FORMULA_LENGTH:
        return f"longer than {MAX_FORMULA_LENGTH} characters: shown as TeX"
    if _converted(tex) is None:
        return "not TeX the app can read (a ^ or _ without its argument, a missing brace?)"
    return None


@lru_cache(maxsize=4096)
def _converted(tex: str) -> str | None:
    """The formula converted by flatlatex and tidied, or None when it cannot be."""
    source = " ".join(tex.split())
    if len(source) > MAX_FORMULA_LENGTH:
        return None
    prepared = _PRIVATE_USE.sub("\ufffd", source)
    prepared = _COMMAND.sub(
        lambda found: found[0] if found[0] in _KNOWN_COMMANDS else _UNKNOWN + found[0][1:],
        prepared,
    )
    prepared = _STAND_IN.sub(lambda found: _STAND_INS[found[0]], prepared)
    prepared = _SPACE_AT_DELIMITER.sub(
        lambda found: f"{found[1]}{{}}" if found[1] else found[2], prepared
    )
    prepared = _SPACED_OPERATOR.sub(r"{} \1{} ", prepared)
    try:
        converted = _CONVERTER.convert(prepared)
    except Exception:  # LatexSyntaxError, RecursionError, and a bare Exception on some input
        return None
    tidied = _MINUS_OUTSIDE_NAMES.sub(_minus_sign, _tidy(converted))
    return _SPACE_INSIDE_BRACKETS.sub("", tidied.translate(_RESTORED)).strip()


def _minus_sign(match: re.Match[str]) -> str:
    """A hyphen in a formula is a minus sign (−), except inside a name (``\text{fan-in}``)."""
    return match[0] if match[0].startswith(_NAME_OPEN) else "\u2212"


def _tidy(converted: str) -> str:
    """flatlatex's output made closer to how a formula is written by hand (see the module
    docstring): ``m[t]`` → ``mₜ``, ``(β₁)ᵗ`` → ``β₁ᵗ``, ``(fan)ᵢₙ`` → ``fanᵢₙ``."""
    previous = None
    while previous != converted:
        previous = converted
        converted = _BRACKETED_SUBSCRIPT.sub(_subscript, converted)
    return _WRAPPED_SYMBOL.sub(r"\1", converted)


def _subscript(match: re.Match[str]) -> str:
    """A subscript flatlatex wrote as ``[…]``: in subscript characters, else after ``_``."""
    inside = match[1]
    inside = inside.replace(_NAME_OPEN, "").replace(_NAME_CLOSE, "")
    lowered = inside.translate(_SUBSCRIPTS)
    if inside and all(char in _SUBSCRIPT_CHARACTERS for char in lowered):
        return lowered
    shown = inside if len(inside.translate(_RESTORED)) == 1 else f"{{{inside}}}"
    followed_by_word = match.string[match.end() : match.end() + 1].isalnum()
    return f"_{shown} " if followed_by_word else f"_{shown}"


def unrendered_commands(tex: str) -> tuple[str, ...]:
    """The TeX commands of a formula that the converter does not know (shown as written)."""
    return tuple(
        dict.fromkeys(found for found in _COMMAND.findall(tex) if found not in _KNOWN_COMMANDS)
    )


def replace_math(text: str, replace: Callable[[MathSpan], str]) -> str:
    """The text with each formula (dollars included) replaced by ``replace(span)``."""
    spans = find_math(text)
    if not spans:
        return text
    pieces, cursor = [], 0
    for span in spans:
        pieces += [text[cursor : span.start], replace(span)]
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)


@lru_cache(maxsize=4096)
def math_to_unicode(text: str, *, markdown: bool = False) -> str:
    """Card text with each formula shown as Unicode.

    As plain text (``markdown=False``), an escaped dollar ``\\$`` outside code becomes ``$``.
    As Markdown, the escape is left for the Markdown renderer, and each formula's punctuation
    is escaped so that it shows as written (a ``*`` or ``_`` in it starts no emphasis).
    """
    if "$" not in text or len(text) > MAX_MATH_TEXT:
        return text
    scan = _scan(text)
    pieces, cursor = [], 0
    for span in scan.spans:
        pieces += [_outside(text, cursor, span.start, scan, markdown), _shown(span, markdown)]
        cursor = span.end
    pieces.append(_outside(text, cursor, len(text), scan, markdown))
    return "".join(pieces)


def _shown(span: MathSpan, markdown: bool) -> str:
    shown = unicodedata.normalize("NFC", tex_to_unicode(span.tex))
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", shown) if markdown else shown


def _outside(text: str, start: int, end: int, scan: _Scan, markdown: bool) -> str:
    """``text[start:end]``, between formulas: ``\\$`` → ``$`` as plain text (outside code)."""
    if markdown or "\\$" not in text[start:end]:
        return text[start:end]
    pieces, cursor = [], start
    for code_start, code_end in scan.code:
        if code_end <= start or code_start >= end:
            continue
        pieces += [text[cursor:code_start].replace("\\$", "$"), text[code_start:code_end]]
        cursor = code_end
    pieces.append(text[cursor:end].replace("\\$", "$"))
    return "".join(pieces)


def ascii_spelling(text: str) -> str:
    """Text (a formula shown as Unicode) as a student could type it in ASCII: Greek letters by
    name, sub- and superscripts after ``_`` and ``^``, ``√`` as ``sqrt`` (``β₁ᵗ`` →
    ``beta_1^t``, ``√(2/fanᵢₙ)`` → ``sqrt(2/fan_in)``)."""
    pieces: list[str] = []
    script = ""
    for char in text:
        kind = (
            "_" if char in _SUBSCRIPT_CHARACTERS else "^" if char in _SUPERSCRIPT_CHARACTERS else ""
        )
        if kind and kind != script:
            pieces.append(kind)
        script = kind
        pieces.append(_ascii_character(char))
    return "".join(pieces)


#: Symbols with a usual ASCII spelling.
_ASCII_SYMBOLS: Final = {
    "√": "sqrt", "∇": "nabla", "∑": "sum", "∏": "prod", "∞": "inf", "≤": "<=", "≥": ">=",
    "≈": "~", "←": "<-", "→": "->", "·": "*", "⋅": "*", "×": "*", "−": "-", "⁄": "/",
}  # fmt: skip
#: The Greek letters by their Unicode names (which spell lambda "lamda").
_GREEK_NAMES: Final = (
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lamda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi",
    "chi", "psi", "omega",
)  # fmt: skip


@lru_cache(maxsize=1024)
def _ascii_character(char: str) -> str:
    """One character as ASCII: a symbol's usual spelling, a Greek letter's name, an accent
    dropped, a styled or script letter or digit as itself (NFKC); else the character."""
    if char.isascii():
        return char
    if char in _ASCII_SYMBOLS:
        return _ASCII_SYMBOLS[char]
    if unicodedata.combining(char):
        return ""
    name = unicodedata.name(char, "")
    if name.startswith("GREEK"):
        letter = next((word.lower() for word in name.split() if word.lower() in _GREEK_NAMES), "")
        letter = "lambda" if letter == "lamda" else letter
        if letter:
            return letter.capitalize() if " CAPITAL " in name else letter
    folded = "".join(_ASCII_SYMBOLS.get(part, part) for part in unicodedata.normalize("NFKC", char))
    return folded if folded.isascii() else char
