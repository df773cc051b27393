"""The box a numeric card's number is typed in, during a spaced review."""

from __future__ import annotations

from textual.widgets import Input


class NumberInput(Input):
    """An input that leaves ``?`` (never part of a number) and, while it is empty, ``u`` to the
    screen's keys, so help and undo work while a number is being typed."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Whether the box takes this key: not ``?``, nor ``u`` in an empty box."""
        if key == "question_mark" or (key == "u" and not self.value):
            return False
        return super().check_consume_key(key, character)
