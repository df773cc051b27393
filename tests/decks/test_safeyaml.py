"""Tests for studyapp.decks.safeyaml: plain data only, located, and safe on hostile input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.decks import safeyaml
from studyapp.decks.errors import DeckError, Problem
from studyapp.decks.files import parse_deck_text
from studyapp.decks.safeyaml import LocatedData, load_yaml
from tests.decks.timing import time_limit

ALIASES = "YAML anchors and aliases (&name, *name) are not allowed"
MERGE = "YAML merge keys (<<) are not allowed"
TOO_DEEP = "YAML is nested too deeply"


def problem_of(text: str, first_line: int = 1, source: str = "f.yaml") -> tuple[int | None, str]:
    with pytest.raises(DeckError) as info:
        load_yaml(text, source, first_line)
    (problem,) = info.value.problems
    assert problem.path == source
    assert problem.card is None
    return problem.line, problem.message


def nested_lists(depth: int) -> str:
    return "[" * depth + "]" * depth


# --- plain data and lines --------------------------------------------------------------------


def test_plain_values_and_their_lines() -> None:
    data = load_yaml(
        "title: Deck\ncount: 3\nratio: 0.5\nflag: true\nnothing: ~\nitems:\n  - a\n  - b: 1\n",
        "f.yaml",
    )
    assert data.value == {
        "title": "Deck",
        "count": 3,
        "ratio": 0.5,
        "flag": True,
        "nothing": None,
        "items": ["a", {"b": 1}],
    }
    assert data.lines == {
        (): 1,
        ("title",): 1,
        ("count",): 2,
        ("ratio",): 3,
        ("flag",): 4,
        ("nothing",): 5,
        ("items",): 6,
        ("items", 0): 7,
        ("items", 1): 8,
        ("items", 1, "b"): 8,
    }


def test_lines_with_first_line_offset() -> None:
    data = load_yaml("a:\n  b:\n    - x\n    - y: 1\n", "f.yaml", first_line=3)
    assert data.lines[("a", "b", 1, "y")] == 6
    assert data.line_of(("a", "b", 0)) == 5


def test_line_of_falls_back_to_the_deepest_known_value() -> None:
    data = load_yaml("a:\n  b: 1\n", "f.yaml")
    assert data.line_of(("a", "b", "c", 3)) == 2
    assert data.line_of(("a", "zz")) == 1
    assert data.line_of(("missing",)) == 1
    assert LocatedData(None).line_of(("x",)) is None


def test_empty_document() -> None:
    for text in ("", "# only a comment\n", "\n\n"):
        data = load_yaml(text, "f.yaml")
        assert (data.value, data.lines) == (None, {})


def test_one_explicit_document_is_fine() -> None:
    data = load_yaml("%YAML 1.1\n---\na: 1\n...\n", "f.yaml")
    assert (data.value, data.lines) == ({"a": 1}, {(): 3, ("a",): 3})


def test_keys_are_text() -> None:
    assert load_yaml("1: a\ntrue: b\nnull: c\n", "f.yaml").value == {
        "1": "a",
        "true": "b",
        "null": "c",
    }


def test_timestamps_kept_as_text() -> None:
    data = load_yaml(
        "date: 2024-01-02\nwhen: 2024-01-02 10:30:00\nzoned: 2001-12-14t21:59:43.10-05:00\n",
        "f.yaml",
    )
    assert data.value == {
        "date": "2024-01-02",
        "when": "2024-01-02 10:30:00",
        "zoned": "2001-12-14t21:59:43.10-05:00",
    }


def test_explicit_plain_tags_allowed() -> None:
    data = load_yaml("a: !!str 12\nb: !!int '7'\nc: !!float 1e-3\n", "f.yaml")
    assert data.value == {"a": "12", "b": 7, "c": 0.001}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("c: !!int abc\n", "'abc' is not a valid int"),
        ("c: !!bool maybe\n", "'maybe' is not a valid bool"),
        ("c: !!null abc\n", "'abc' is not a valid null"),
    ],
)
def test_explicit_tags_must_fit_their_value(text: str, message: str) -> None:
    # (used to coerce silently: !!bool maybe was False, !!null abc was None)
    with pytest.raises(DeckError) as caught:
        load_yaml(text, "f.yaml")
    assert str(caught.value) == f"f.yaml:1: {message}"


def test_plain_scalars() -> None:
    data = load_yaml(
        "a: yes\nb: off\nc: -12\nd: 1_000\ne: 2.5\nf: '3'\ng: \"true\"\nh: null\ni: ~\n",
        "f.yaml",
    )
    assert data.value == {
        "a": True,
        "b": False,
        "c": -12,
        "d": 1000,
        "e": 2.5,
        "f": "3",
        "g": "true",
        "h": None,
        "i": None,
    }


@pytest.mark.parametrize(
    "written", ["0x1F", "0o17", "042", "1:30", ".inf", "-.Inf", ".nan", "12" * 20]
)
def test_unusual_number_forms_stay_text(written: str) -> None:
    assert load_yaml(f"a: {written}\n", "f.yaml").value == {"a": written}


@pytest.mark.parametrize(
    ("text", "reads_as_number"),
    [
        ("1e-3", True),
        ("0E0", True),
        ("-2E+5", True),
        ("2.5", True),
        (".5", True),
        ("10", False),  # an int: PyYAML's writer quotes it itself
        ("0x1F", False),
        ("e3", False),
        ("1e", False),
        ("", False),
    ],
)
def test_plain_text_reads_as_number(text: str, reads_as_number: bool) -> None:
    assert safeyaml.plain_text_reads_as_number(text) is reads_as_number
    if reads_as_number:
        assert isinstance(load_yaml(f"a: {text}\n", "f.yaml").value["a"], float)


def test_scalar_texts_are_kept() -> None:
    data = load_yaml("a: +42\nb: yes\nc: 1.50\nd: [On, 7]\ne: ~\nf: text\n", "f.yaml")
    assert data.value == {"a": 42, "b": True, "c": 1.5, "d": [True, 7], "e": None, "f": "text"}
    assert data.text_of(("a",), 42) == "+42"
    assert data.text_of(("b",), True) == "yes"
    assert data.text_of(("c",), 1.5) == "1.50"
    assert data.text_of(("d", 0), True) == "On"
    assert data.text_of(("d", 1), 7) == "7"
    assert data.text_of(("e",), None) is None
    assert data.text_of(("f",), "text") == "text"
    assert data.text_of(("d",), [True, 7]) == [True, 7]


# --- anchors and aliases ---------------------------------------------------------------------


def test_scalar_alias_refused_on_its_line() -> None:
    assert problem_of("a: &x 1\nb: *x\n") == (1, ALIASES)


def test_anchor_without_alias_refused() -> None:
    assert problem_of("a: 1\nb: &x 2\n") == (2, ALIASES)


def test_mapping_alias_refused() -> None:
    text = "base: &b\n  lr: 0.1\ncards:\n  - question: Q\n    answer: A\n  - *b\n"
    assert problem_of(text) == (1, ALIASES)


def test_billion_laughs_fails_fast() -> None:
    lines = ['a0: &a0 "lol"']
    for level in range(1, 10):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 10)}]")
    lines.append("cards: *a9")
    text = "\n".join(lines) + "\n"
    with time_limit():  # expanding the aliases would take forever; refusing them is instant
        line, message = problem_of(text)
    assert (line, message) == (1, ALIASES)


def test_billion_laughs_in_a_deck_file_fails_fast() -> None:
    lines = ["- &a0 {question: lol, answer: lol}"]
    lines += [f"- &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    with time_limit(), pytest.raises(DeckError) as info:
        parse_deck_text("\n".join(lines) + "\n", "bomb.yaml", "yaml")
    assert [(p.line, p.message) for p in info.value.problems] == [(1, ALIASES)]


# --- tags that would build objects -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("!!python/object/apply:os.system ['echo hi']\n", "python/object/apply:os.system"),
        ("a: !!python/object/apply:os.system ['echo hi']\n", "python/object/apply:os.system"),
        ("a: !!python/name:os.system\n", "python/name:os.system"),
        (
            "a: !!python/object/new:subprocess.Popen [['true']]\n",
            "python/object/new:subprocess.Popen",
        ),
        ("a: !!binary aGVsbG8=\n", "binary"),
        ("a: !!set {x, y}\n", "set"),
        ("a: !!omap [x: 1]\n", "omap"),
    ],
)
def test_object_tags_refused(text: str, tag: str) -> None:
    assert problem_of(text) == (
        1,
        f"YAML tag tag:yaml.org,2002:{tag} is not allowed: deck files are plain data",
    )


def test_local_tag_refused() -> None:
    assert problem_of("a: 1\nb: !custom 1\n") == (
        2,
        "YAML tag !custom is not allowed: deck files are plain data",
    )


def test_os_system_tag_never_executed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []

    def record(*args: object, **kwargs: object) -> int:
        calls.append(args)
        return 0

    monkeypatch.setattr(os, "system", record)
    monkeypatch.setattr(subprocess, "Popen", record)
    marker = tmp_path / "pwned"
    yaml_deck = (
        "id: d\n"
        "cards:\n"
        "  - question: Q\n"
        f"    answer: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    markdown_deck = (
        f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\n## Q\nA\n"
    )
    for text, path, fmt, line in [
        (yaml_deck, "d.yaml", "yaml", 4),
        (markdown_deck, "d.md", "md", 2),
    ]:
        with pytest.raises(DeckError) as info:
            parse_deck_text(text, path, fmt)  # type: ignore[arg-type]
        assert info.value.problems == (
            Problem(
                path,
                line,
                "YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed: "
                "deck files are plain data",
            ),
        )
    assert calls == []
    assert not marker.exists()


# --- merge keys, duplicate keys, odd keys ----------------------------------------------------


def test_merge_key_with_alias_refused_at_the_anchor() -> None:
    assert problem_of("base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n") == (1, ALIASES)


def test_merge_key_with_inline_mapping_refused() -> None:
    assert problem_of("c:\n  y: 2\n  <<: {x: 1}\n") == (3, MERGE)


def test_duplicate_key_on_second_occurrence() -> None:
    assert problem_of("a: 1\nb: 2\na: 3\n") == (3, '"a" is given twice')


def test_duplicate_key_nested_with_offset() -> None:
    assert problem_of("card:\n  q: 1\n  q: 2\n", first_line=5) == (7, '"q" is given twice')


def test_complex_key_refused() -> None:
    assert problem_of("? [a, b]\n: 1\n") == (1, "a key must be a plain name")


# --- nesting depth ---------------------------------------------------------------------------


def test_nesting_up_to_the_limit_allowed() -> None:
    assert safeyaml.MAX_DEPTH == 12
    assert load_yaml(nested_lists(12), "f.yaml").value == [[[[[[[[[[[[]]]]]]]]]]]]


def test_nesting_beyond_the_limit_refused() -> None:
    assert problem_of(nested_lists(13)) == (1, TOO_DEEP)


def test_deep_block_nesting_refused_on_its_line() -> None:
    # k0 opens the root mapping's 2nd level; the 13th mapping starts on line 13
    text = "".join("  " * level + f"k{level}:\n" for level in range(20))
    assert problem_of(text) == (13, TOO_DEEP)


def test_moderately_deep_nesting_refused_quickly() -> None:
    with time_limit():
        assert problem_of(nested_lists(5000)) == (1, TOO_DEEP)


def test_very_deep_nesting_is_a_deck_error_not_a_crash() -> None:
    # (libyaml's recursive composer used to crash the interpreter at ~30,000 levels;
    # run in a child process so that a crash cannot take the test run down)
    script = (
        "from studyapp.decks.safeyaml import load_yaml\n"
        "from studyapp.decks.errors import DeckError\n"
        "try:\n"
        "    load_yaml('[' * 200_000 + ']' * 200_000, 'f.yaml')\n"
        "except DeckError as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert (result.returncode, result.stdout.strip()) == (0, f"f.yaml:1: {TOO_DEEP}")


# --- syntax errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first_line", "expected"),
    [
        ("a: [1, 2\nb: 3\n", 1, (2, "YAML syntax error: did not find expected ',' or ']'")),
        (
            "a: 1\n  b: 2\n",
            1,
            (2, "YAML syntax error: mapping values are not allowed in this context"),
        ),
        (
            "a: 1\n  b: 2\n",
            5,
            (6, "YAML syntax error: mapping values are not allowed in this context"),
        ),
        ("- a\nb: 1\n", 1, (2, "YAML syntax error: did not find expected '-' indicator")),
        ("a: 1\n---\nb: 2\n", 10, (11, "a deck file holds one YAML document (remove the ---)")),
        (
            "x: 1\n\t- a\n",
            3,
            (4, "YAML syntax error: found a tab character that violates indentation"),
        ),
    ],
)
def test_syntax_error_lines(text: str, first_line: int, expected: tuple[int, str]) -> None:
    assert problem_of(text, first_line) == expected


def test_control_character_is_a_deck_error() -> None:
    line, message = problem_of("a: \x01\n", first_line=4)
    assert line == 4
    assert message.startswith("YAML error: unacceptable character #x0001")


def test_front_matter_syntax_error_line_in_markdown() -> None:
    text = "---\nid: d\ntitle: T\nbad: [\n---\n## Q\nA\n"
    with pytest.raises(DeckError) as info:
        parse_deck_text(text, "d.md", "md")
    assert [(p.line, p.message) for p in info.value.problems] == [
        (5, "YAML syntax error: did not find expected node content")
    ]
