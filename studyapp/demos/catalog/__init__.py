"""The bundled demos' specifications: names, parameter bounds and prediction questions.

Importing this package registers every bundled demo. It imports only the registry (no NumPy),
because validating a deck file checks its demo links against these specifications; each
demo's code lives in :mod:`studyapp.demos.experiments` and is imported when it runs.
"""

from studyapp.demos.catalog import optimizers, practice, schedules, training

__all__ = ["optimizers", "practice", "schedules", "training"]
