"""Demos of training practice: stopping, regularisation, normalisation, clipping, initialisation."""
