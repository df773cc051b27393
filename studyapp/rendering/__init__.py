"""What the CLI and the TUI both show, drawn once: words for durations, ratings and statistics
(`words`), terminal charts (`charts`), a card in a list (`card_text`, `marks`). Plain strings;
each face adds its own escaping."""
