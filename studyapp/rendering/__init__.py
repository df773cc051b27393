"""What the CLI and the TUI both show, drawn once: words for durations, ratings and statistics
(`words`) and terminal charts (`charts`). Plain strings; each face adds its own escaping."""
