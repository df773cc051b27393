"""Where the command line's output goes: the one choke point between its text and a terminal.

- :class:`TerminalOutput` wraps stdout and stderr. Every ``write`` passes through the one
  sanitiser (:func:`studyapp.terminal_text.terminal_safe`), so no text a command prints (a
  deck title, a card question in an error, a file name, a media name) can drive the terminal.
  :meth:`TerminalOutput.write_data` is for what is data (``studyapp export`` to stdout): kept
  as it is for a pipe or a file, sanitised for a terminal.
- The command line's own colours are not data: :func:`own_colors` marks the colour codes of
  text the command line drew itself (Rich's tables and pages, :mod:`studyapp.cli.drawing`; a
  chart) with a key made afresh in each process, which no card text can know, and only marked
  colour codes reach the terminal as escape sequences.
- A closed pipe: when the reader of stdout has gone (``studyapp decks | head -1``) the write
  raises BrokenPipeError, which ``main`` ends quietly (:meth:`TerminalOutput.discard_the_rest`,
  the Python docs' recipe for SIGPIPE). Nobody reading stderr is no reason to stop: an output
  made with ``diagnostics=True`` (stderr) then drops what it is given, so the command finishes
  with its own exit status.
- A full disk behind ``> file``: every byte is written or :class:`OutputError` says why.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Final, Protocol

from studyapp.terminal_text import terminal_safe

#: Starts each colour code the command line means (ESC and a key no card text can know).
_STYLE_MARK: Final = "\x1b" + secrets.token_hex(8)
_MARKED_STYLE: Final = re.compile(re.escape(_STYLE_MARK) + r"(\[[0-9;]*m)")
_ANSI_STYLE: Final = re.compile(r"\x1b(\[[0-9;]*m)")


class OutputError(Exception):
    """Standard output cannot be written (a full disk behind ``> file``, an I/O error)."""


class Output(Protocol):
    """What the commands print to: a text stream (:class:`TerminalOutput`, or a StringIO)."""

    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...

    def isatty(self) -> bool: ...


class TerminalOutput:
    """A text stream whose every write is made terminal-safe (see the module's docstring).

    With ``diagnostics`` (for stderr), a closed pipe does not raise: the text is dropped.
    """

    def __init__(self, stream: IO[str], *, diagnostics: bool = False) -> None:
        self.stream = stream
        self.diagnostics = diagnostics

    def write(self, text: str, /) -> int:
        """Write ``text`` without control characters; colours marked by :func:`own_colors` stay."""
        pieces = _MARKED_STYLE.split(text)  # text, style, text, style, …, text
        safe = "".join(
            "\x1b" + piece if index % 2 else terminal_safe(piece)
            for index, piece in enumerate(pieces)
        )
        self._send(safe)
        return len(text)

    def write_data(self, text: str) -> None:
        """Write data (an export): unchanged to a pipe or a file, made safe for a terminal."""
        if self.isatty():
            self.write(text)
        else:
            self._send(text)

    def flush(self) -> None:
        """Flush the stream (a reader that has gone raises BrokenPipeError, unless this is
        for diagnostics)."""
        with self._failures_handled():
            self.stream.flush()

    def discard_the_rest(self) -> None:
        """The reader has gone: point the stream at /dev/null, so that what is still buffered
        for it (flushed at exit) and anything written later are dropped quietly."""
        point_at_devnull(self.stream)

    def _send(self, text: str) -> None:
        with self._failures_handled():
            descriptor = None if self.diagnostics else _descriptor(self.stream)
            if descriptor is None:
                self.stream.write(text)
            else:  # every byte accounted for (see _write_all)
                self.stream.flush()
                encoding = getattr(self.stream, "encoding", None) or "utf-8"
                errors = getattr(self.stream, "errors", None) or "strict"
                _write_all(descriptor, text.encode(encoding, errors))

    @contextmanager
    def _failures_handled(self) -> Iterator[None]:
        """A closed pipe: raised for stdout (``main`` ends quietly), dropped for diagnostics.
        Any other write error (a full disk): what is buffered cannot be written either, so the
        stream goes to /dev/null, and stdout raises OutputError (diagnostics drop the text:
        there is nowhere left to say it)."""
        try:
            yield
        except BrokenPipeError:
            if not self.diagnostics:
                raise
            point_at_devnull(self.stream)
        except OSError as error:
            point_at_devnull(self.stream)
            if not self.diagnostics:
                raise OutputError(f"cannot write the output: {error.strerror or error}") from None

    def isatty(self) -> bool:
        """Whether the stream is a terminal."""
        return self.stream.isatty()


def _descriptor(stream: IO[str]) -> int | None:
    """The file descriptor under a text stream, or None (a StringIO, a test's capture)."""
    try:
        return stream.fileno()
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is an OSError
        return None


def _write_all(descriptor: int, data: bytes) -> None:
    """Write every byte to ``descriptor``, or raise OSError.

    Python's buffered stdout can lose the rest of a write that the disk cut short (a full disk
    behind ``> file`` took part of it, the rest is dropped without an error); writing to the
    descriptor directly sees the short write and then the error.
    """
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def own_colors(text: str) -> str:
    """Text the command line coloured itself (a chart drawn from numbers, a page Rich drew from
    sanitised text), with its colour codes kept by :class:`TerminalOutput`. Never for text
    holding user data that has not been through :func:`~studyapp.terminal_text.terminal_safe`."""
    return _ANSI_STYLE.sub(lambda match: _STYLE_MARK + match.group(1), text)


def point_at_devnull(stream: object) -> None:
    """Send a stream's file descriptor (if it has one) to /dev/null: its reader has gone."""
    fileno = getattr(stream, "fileno", None)
    if not callable(fileno):
        return
    try:
        descriptor = fileno()
    except (OSError, ValueError):  # not a file (io.UnsupportedOperation is an OSError)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)
