"""studyapp: spaced-repetition flashcards in the terminal for learning how neural networks train."""

__version__ = "0.1.0"
