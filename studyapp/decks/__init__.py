"""Deck files: pydantic models, the Markdown and YAML formats, and their readers and writers."""
