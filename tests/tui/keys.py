"""Key presses for Pilot tests."""

from __future__ import annotations


def keys_for(text: str) -> list[str]:
    """The keys that type ``text`` (a space is the key named ``space``)."""
    return ["space" if char == " " else char for char in text]
