"""Bundled NumPy training experiments that cards link to by name ("run it")."""
