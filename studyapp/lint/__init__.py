"""The deck linter (``studyapp lint``): checks deck files for cards that are unfair to study.

One idea per module: :mod:`~studyapp.lint.findings` (what a finding is, as text and JSON),
:mod:`~studyapp.lint.sources` (the deck files read as the importer reads them, with card lines),
:mod:`~studyapp.lint.wording` (word counts and absolute words), :mod:`~studyapp.lint.rules`
(each named rule), :mod:`~studyapp.lint.runner` (paths in, sorted findings out) and
:mod:`~studyapp.lint.guessability` (how well test-taking tricks beat the multiple-choice
builder). No I/O beyond reading the deck files; the CLI prints.
"""
