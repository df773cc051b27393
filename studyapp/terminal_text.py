"""Text made safe to show on a terminal: the one sanitiser both faces (CLI and TUI) use.

Card text, deck titles, file names and error messages are data. Shown raw, a control character
in them could drive the terminal: ESC starts escape sequences (``ESC ]52`` writes the clipboard,
``ESC [2J`` clears the screen), and the bidi controls reorder what is displayed so that text
reads differently from what it is. :func:`terminal_safe` removes all of them:

- C0 controls except tab and newline (``\\x00``–``\\x08``, ``\\x0b``–``\\x1f``: ESC, CR, BEL…);
- DEL (``\\x7f``) and the C1 controls (``\\x80``–``\\x9f``: CSI, OSC, NEL…);
- the bidi controls: LRE, RLE, PDF, LRO, RLO (U+202A–U+202E), LRI, RLI, FSI, PDI
  (U+2066–U+2069), LRM, RLM (U+200E, U+200F) and ALM (U+061C).

A lone surrogate (which no encoder can write) becomes U+FFFD. Everything else is kept as it is.
"""

from __future__ import annotations

import re
from typing import Final

#: Every character :func:`terminal_safe` removes.
TERMINAL_CONTROLS: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def terminal_safe(text: str) -> str:
    """``text`` without control characters (C0 but tab and newline, DEL, C1, bidi controls)."""
    return _SURROGATE.sub("\ufffd", TERMINAL_CONTROLS.sub("", text))


def one_line(text: str) -> str:
    """``text`` made terminal-safe, on one line: each run of whitespace becomes one space."""
    return " ".join(terminal_safe(text).split())
