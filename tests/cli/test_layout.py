"""Width and colour: colour only on a terminal without NO_COLOR; $COLUMNS only for pages."""

from __future__ import annotations

import io

import pytest

from studyapp.cli.layout import page_width, table_width, wants_color
from tests.cli.conftest import Terminal


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert wants_color(Terminal())
    assert not wants_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_color(Terminal())


def test_piped_tables_are_never_cut_and_pages_follow_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    assert table_width(io.StringIO()) is None
    assert page_width(io.StringIO()) == 60
    assert table_width(Terminal()) == page_width(Terminal()) == 60  # the terminal's size
    for columns in ("", "0", "wide"):
        monkeypatch.setenv("COLUMNS", columns)
        assert page_width(io.StringIO()) is None
