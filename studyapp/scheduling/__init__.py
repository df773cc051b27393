"""Review scheduling: when each card should next be shown."""
