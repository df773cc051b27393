"""The user's text editor: the command to open a file at a line with, and running it.

The editor is ``$VISUAL``, else ``$EDITOR``, else ``nano``, else ``vi`` (the first found on
the PATH). The variable may hold arguments (``code -w``): it is split as a shell would split
words (:func:`shlex.split`) but never run by a shell. Editors known to take ``+LINE`` are
opened at the card's line; any other is given just the file.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Final

#: Editors opened without a variable naming one, the first found on the PATH.
FALLBACK_EDITORS: Final = ("nano", "vi")
#: Editors (by program name) that open a file at a line given as ``+LINE`` before it.
LINE_ARGUMENT_EDITORS: Final = frozenset(
    {"nano", "pico", "vi", "vim", "nvim", "view", "emacs", "emacsclient", "micro", "hx", "helix"}
)


class EditorError(Exception):
    """No editor could be run; the message says why and what to set."""


def editor_command(environ: Mapping[str, str], path: Path, line: int | None) -> list[str]:
    """The command that opens ``path`` (at ``line``, when the editor takes one) in the user's
    editor; EditorError when the variable is malformed or no editor is found."""
    search = environ.get("PATH")
    for variable in ("VISUAL", "EDITOR"):
        value = environ.get(variable, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError as error:
                raise EditorError(f"${variable} ({value}) cannot be read: {error}") from None
            if not words or shutil.which(words[0], path=search) is None:
                raise EditorError(f"the editor in ${variable} ({value}) is not found")
            break
    else:
        found = next((name for name in FALLBACK_EDITORS if shutil.which(name, path=search)), None)
        if found is None:
            raise EditorError("no editor found: set $VISUAL or $EDITOR (e.g. EDITOR=nano)")
        words = [found]
    program = Path(words[0]).name
    at_line = [f"+{line}"] if line is not None and program in LINE_ARGUMENT_EDITORS else []
    return [*words, *at_line, str(path)]


def run_editor(command: list[str]) -> int | EditorError:
    """Run the editor and wait for it to end (the terminal is the editor's meanwhile); its
    exit status, or the EditorError saying why it could not be started. It never raises: it
    runs while the TUI is suspended, and an exception there would leave the TUI suspended."""
    try:
        return subprocess.run(command, check=False).returncode
    except OSError as error:
        return EditorError(f"cannot run the editor {command[0]}: {error.strerror or error}")
