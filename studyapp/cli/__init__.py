"""The ``studyapp`` command line: a thin face over :class:`studyapp.collection.Collection`.

One module per command group (:mod:`~studyapp.cli.imports`, :mod:`~studyapp.cli.exports`,
:mod:`~studyapp.cli.decks`, :mod:`~studyapp.cli.config`, :mod:`~studyapp.cli.stats`,
:mod:`~studyapp.cli.demo`, and :mod:`~studyapp.cli.home` for ``studyapp`` alone, which opens
the TUI), and one place each for the program and its exit statuses (:mod:`~studyapp.cli.program`,
:mod:`~studyapp.cli.errors`), where output goes (:mod:`~studyapp.cli.output`: the sanitiser,
closed pipes, full disks), its width and colour (:mod:`~studyapp.cli.layout`) and tables drawn
with Rich (:mod:`~studyapp.cli.drawing`).
"""

from studyapp.cli.program import main

__all__ = ["main"]
