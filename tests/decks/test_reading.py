"""Tests for reading deck files from disk: decoding, limits, finding and loading them."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from studyapp.decks.errors import DeckError, Problem
from studyapp.decks.files import (
    DECK_SUFFIXES,
    deck_file_digest,
    deck_format_of,
    dump_deck,
    find_deck_files,
    load_deck,
    parse_deck_text,
)
from studyapp.decks.models import CardSpec, DeckSpec
from studyapp.decks.reading import MAX_FILE_BYTES, decode_text, read_bytes, read_text
from studyapp.demos.registry import (
    DemoSpec,
    ParamSpec,
    register,
    registry_fingerprint,
    unregister,
)


def only_problem(exc: DeckError) -> tuple[str, int | None, str]:
    (problem,) = exc.problems
    return problem.path, problem.line, problem.message


# --- decode_text -----------------------------------------------------------------------------


def test_plain_utf8() -> None:
    assert decode_text("## Q\nÄntwort – ok\n".encode(), "d.md") == "## Q\nÄntwort – ok\n"


def test_non_utf8_byte_reported_with_its_line() -> None:
    data = b"## Q\nA\ncaf\xe9 au lait\n"
    with pytest.raises(DeckError) as info:
        decode_text(data, "cards/latin1.md")
    assert only_problem(info.value) == (
        "cards/latin1.md",
        3,
        "is not UTF-8 text (byte 0xe9); save it as UTF-8",
    )
    assert str(info.value) == "cards/latin1.md:3: is not UTF-8 text (byte 0xe9); save it as UTF-8"


def test_non_utf8_error_hides_the_decode_traceback() -> None:
    with pytest.raises(DeckError) as info:
        decode_text(b"\xff", "x.md")
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__
    assert only_problem(info.value) == (
        "x.md",
        1,
        "is not UTF-8 text (byte 0xff); save it as UTF-8",
    )


def test_non_utf8_line_counts_crlf_lines() -> None:
    with pytest.raises(DeckError) as info:
        decode_text(b"a\r\nb\r\nc\xc3(\r\n", "x.md")
    assert only_problem(info.value) == (
        "x.md",
        3,
        "is not UTF-8 text (byte 0xc3); save it as UTF-8",
    )


def test_bom_accepted_and_dropped() -> None:
    assert decode_text(b"\xef\xbb\xbf---\nid: d\n---\n", "d.md") == "---\nid: d\n---\n"


def test_non_utf8_line_after_bom() -> None:
    with pytest.raises(DeckError) as info:
        decode_text(b"\xef\xbb\xbfab\ncd\n\xff\n", "x.md")
    assert only_problem(info.value) == (
        "x.md",
        3,
        "is not UTF-8 text (byte 0xff); save it as UTF-8",
    )


def test_crlf_and_cr_normalised() -> None:
    assert decode_text(b"## Q\r\nA\r\nB\rC\n", "d.md") == "## Q\nA\nB\nC\n"


def test_nul_refused_with_its_line() -> None:
    with pytest.raises(DeckError) as info:
        decode_text(b"## Q\r\nA\r\nx\x00y\n", "blob.md")
    assert only_problem(info.value) == (
        "blob.md",
        3,
        "contains a NUL character: is this a binary file?",
    )


def test_oversized_bytes_refused() -> None:
    with pytest.raises(DeckError) as info:
        decode_text(b"x" * 101, "big.md", max_bytes=100)
    path, line, message = only_problem(info.value)
    assert (path, line) == ("big.md", None)
    assert message.startswith("file is larger than ")
    assert decode_text(b"x" * 100, "ok.md", max_bytes=100) == "x" * 100


# --- read_text -------------------------------------------------------------------------------


def test_read_text_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_bytes(b"\xef\xbb\xbf## Q\r\nA\r\n")
    assert read_text(path) == "## Q\nA\n"


def test_read_text_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_bytes(b"## Q\n\nA \x80\n")
    with pytest.raises(DeckError) as info:
        read_text(path)
    assert only_problem(info.value) == (
        str(path),
        3,
        "is not UTF-8 text (byte 0x80); save it as UTF-8",
    )


def test_read_text_oversized_with_small_limit(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_bytes(b"## Q\n" + b"A" * 2000)
    with pytest.raises(DeckError) as info:
        read_text(path, max_bytes=1000)
    path_name, line, message = only_problem(info.value)
    assert (path_name, line) == (str(path), None)
    assert "deck files are limited to" in message
    assert message.endswith("(split it into several decks)")
    assert read_text(path, max_bytes=2005).startswith("## Q\nAAA")


def test_read_text_default_limit_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is actually written
    with pytest.raises(DeckError) as info:
        read_text(path)
    assert only_problem(info.value) == (
        str(path),
        None,
        "file is 16.0 MiB; deck files are limited to 16 MiB (split it into several decks)",
    )


def test_read_text_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.md"
    with pytest.raises(DeckError) as info:
        read_text(path)
    assert only_problem(info.value) == (str(path), None, "no such file")
    assert str(info.value) == f"{path}: no such file"


def test_read_text_folder(tmp_path: Path) -> None:
    with pytest.raises(DeckError) as info:
        read_text(tmp_path)
    assert only_problem(info.value) == (str(tmp_path), None, "is a folder, not a file")


def test_read_text_fifo_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "deck.md"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    with pytest.raises(DeckError) as info:
        read_text(fifo)
    assert only_problem(info.value) == (
        str(fifo),
        None,
        "is not a regular file (a pipe, device or socket); import a saved file",
    )


def test_read_text_device_refused() -> None:
    with pytest.raises(DeckError) as info:
        read_text(Path("/dev/zero"))  # never ends: reading it would fill memory
    assert "is not a regular file" in only_problem(info.value)[2]


def test_read_bytes_reads_no_more_than_the_limit_plus_one(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_bytes(b"x" * 101)
    with pytest.raises(DeckError, match="deck files are limited to"):
        read_bytes(path, max_bytes=100)
    assert read_bytes(path, max_bytes=101) == b"x" * 101


# --- formats and files -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.md", "md"),
        ("a.markdown", "md"),
        ("A.MD", "md"),
        ("a.yaml", "yaml"),
        ("a.yml", "yaml"),
        ("a.YML", "yaml"),
        ("a.txt", None),
        ("a.json", None),
        ("md", None),
        ("a.md.bak", None),
    ],
)
def test_deck_format_of(name: str, fmt: str | None) -> None:
    assert deck_format_of(Path(name)) == fmt


def make_tree(root: Path) -> None:
    for name in [
        "b.md",
        "a.yaml",
        "Z.MD",
        "README.md",
        "readme.yml",
        "notes.txt",
        "data.json",
        "sub/c.yml",
        "sub/d.markdown",
        "sub/README.markdown",
        "sub/deeper/e.md",
        "sub/.secret.md",
        ".hidden/f.md",
        "sub/.git/g.md",
    ]:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("## Q\nA\n", encoding="utf-8")
    (root / "folder.md").mkdir()  # a folder with a deck-like name is not a deck file


def test_find_deck_files_in_a_folder(tmp_path: Path) -> None:
    make_tree(tmp_path)
    found = [p.relative_to(tmp_path).as_posix() for p in find_deck_files([tmp_path])]
    assert found == [
        "Z.MD",
        "a.yaml",
        "b.md",
        "sub/c.yml",
        "sub/d.markdown",
        "sub/deeper/e.md",
    ]


def test_find_deck_files_keeps_named_files_and_order(tmp_path: Path) -> None:
    make_tree(tmp_path)
    named = [tmp_path / "notes.txt", tmp_path / "sub", tmp_path / "README.md"]
    found = [p.relative_to(tmp_path).as_posix() for p in find_deck_files(named)]
    assert found == ["notes.txt", "sub/c.yml", "sub/d.markdown", "sub/deeper/e.md", "README.md"]


def test_find_deck_files_in_a_hidden_folder_named_directly(tmp_path: Path) -> None:
    make_tree(tmp_path)
    found = [p.relative_to(tmp_path).as_posix() for p in find_deck_files([tmp_path / ".hidden"])]
    assert found == [".hidden/f.md"]


def test_find_deck_files_empty_folder(tmp_path: Path) -> None:
    assert list(find_deck_files([tmp_path])) == []


def test_load_deck_markdown_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "Learning Rates.md"
    path.write_bytes(
        b"\xef\xbb\xbf# Learning rates\r\n\r\n## What is a learning rate?\r\nA step size.\r\n"
    )
    deck = load_deck(path)
    assert (deck.id, deck.title) == ("learning-rates", "Learning rates")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is a learning rate?", "A step size.")
    ]


def test_load_deck_yaml(tmp_path: Path) -> None:
    path = tmp_path / "d.yml"
    path.write_text("- question: Q\n  answer: A\n", encoding="utf-8")
    assert load_deck(path) == DeckSpec(
        id="d", title="D", cards=[CardSpec(question="Q", answer="A")]
    )


def test_load_deck_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_text("## Q\nA\nshrot:: s\n", encoding="utf-8")
    with pytest.raises(DeckError) as info:
        load_deck(path)
    assert info.value.problems == (
        Problem(str(path), 3, 'unknown field "shrot::" (did you mean "short"?)', "Q"),
    )


def test_load_deck_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_bytes(b"## Q\nA\n" + "## Café\nB\n".encode("latin-1"))
    with pytest.raises(DeckError) as info:
        load_deck(path)
    assert only_problem(info.value) == (
        str(path),
        3,
        "is not UTF-8 text (byte 0xe9); save it as UTF-8",
    )


def test_load_deck_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "deck.txt"
    path.write_text("## Q\nA\n", encoding="utf-8")
    with pytest.raises(DeckError) as info:
        load_deck(path)
    assert only_problem(info.value) == (
        str(path),
        None,
        "is not a deck file (deck files end in .md, .markdown, .yaml, .yml)",
    )
    assert list(DECK_SUFFIXES) == [".md", ".markdown", ".yaml", ".yml"]


def test_load_deck_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DeckError) as info:
        load_deck(tmp_path / "gone.yaml")
    assert only_problem(info.value) == (str(tmp_path / "gone.yaml"), None, "no such file")


def test_dump_deck_in_both_formats() -> None:
    deck = DeckSpec(id="d", title="T", cards=[CardSpec(question="Q", answer="A\nB")])
    for fmt in ("md", "yaml"):
        text = dump_deck(deck, fmt)
        assert parse_deck_text(text, f"d.{fmt}", fmt) == deck
    assert dump_deck(deck, "md").startswith("---\nid: d\n")
    assert dump_deck(deck, "yaml").startswith("id: d\ntitle: T\ncards:\n")


# --- raw bytes and digests -------------------------------------------------------------------


def test_read_bytes_returns_the_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_bytes(b"\xef\xbb\xbf## Q\r\nA\xff\r\n")
    assert read_bytes(path) == b"\xef\xbb\xbf## Q\r\nA\xff\r\n"


def test_read_bytes_errors(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_bytes(b"x" * 11)
    with pytest.raises(DeckError) as info:
        read_bytes(path, max_bytes=10)
    assert "deck files are limited to" in only_problem(info.value)[2]
    with pytest.raises(DeckError) as info:
        read_bytes(tmp_path / "none.md")
    assert only_problem(info.value) == (str(tmp_path / "none.md"), None, "no such file")
    with pytest.raises(DeckError) as info:
        read_bytes(tmp_path)
    assert only_problem(info.value) == (str(tmp_path), None, "is a folder, not a file")


def test_deck_file_digest_depends_on_bytes_and_format() -> None:
    digest = deck_file_digest(b"## Q\nA\n", "md")
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert deck_file_digest(b"## Q\nA\n", "md") == digest
    assert deck_file_digest(b"## Q\nB\n", "md") != digest
    assert deck_file_digest(b"## Q\nA\n", "yaml") != digest
    assert deck_file_digest(b"## Q\r\nA\r\n", "md") != digest


def test_deck_file_digest_depends_on_registered_demos() -> None:
    before_fingerprint = registry_fingerprint()
    before = deck_file_digest(b"## Q\nA\ndemo:: digesttoy\n", "md")
    register(
        DemoSpec(
            name="digesttoy",
            summary="s",
            runner="x:y",
            params={"lr": ParamSpec(float, 0.1, low=1e-6, high=10.0)},
        )
    )
    try:
        assert "digesttoy(lr:float:1e-06:10.0:)" in registry_fingerprint()
        assert deck_file_digest(b"## Q\nA\ndemo:: digesttoy\n", "md") != before
    finally:
        unregister("digesttoy")
    assert registry_fingerprint() == before_fingerprint
    assert deck_file_digest(b"## Q\nA\ndemo:: digesttoy\n", "md") == before
