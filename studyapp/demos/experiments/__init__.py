"""The bundled demos' code: each function runs one named experiment and returns its result."""
