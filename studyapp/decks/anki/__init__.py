"""Anki interop: reading .apkg/.colpkg packages into decks and writing decks as .apkg."""
