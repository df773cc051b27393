"""Running a few lines in a fresh interpreter, to see what they print and which modules they
load (the tests that keep heavy imports out of a path)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable

_LOADED = "--- loaded:"


def run_fresh(code: str, watched: Iterable[str]) -> tuple[list[str], list[str]]:
    """Run ``code`` in a fresh interpreter: the lines it printed, and which of the ``watched``
    modules were loaded when it ended."""
    script = (
        f"import sys\n{code}\n"
        f"print({_LOADED!r}, *[name for name in {tuple(watched)!r} if name in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    *printed, loaded = done.stdout.rstrip("\n").split("\n")
    return printed, loaded.split()[2:]
