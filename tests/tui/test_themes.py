"""Every theme a collection can name is drawn by a Textual theme that exists."""

from __future__ import annotations

from textual.theme import BUILTIN_THEMES

from studyapp.store.settings import THEMES
from studyapp.tui.themes import TEXTUAL_THEMES, textual_theme


def test_each_setting_has_a_textual_theme() -> None:
    assert tuple(TEXTUAL_THEMES) == THEMES
    assert all(name in BUILTIN_THEMES for name in TEXTUAL_THEMES.values())
    assert textual_theme(None) == textual_theme("neon") == "textual-dark"
    assert textual_theme("light") == "textual-light"
