"""Importers for other apps' exports: Brainscape, Knowt and Quizlet lists, Q/A dumps, CSV/TSV."""
