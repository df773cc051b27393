"""The SQLite store (through SQLAlchemy): decks, cards, schedule state and the review log."""
