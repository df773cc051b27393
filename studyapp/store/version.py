"""Facts about the store that code must know without importing SQLAlchemy."""

#: Bumped whenever the schema changes, with a step to it in ``studyapp.store.migrations``.
SCHEMA_VERSION = 11

#: Keys of the ``meta`` table.
SCHEMA_VERSION_KEY = "schema_version"
BUNDLED_DIGEST_KEY = "bundled_decks_digest"
NEW_PER_DAY_KEY = "new_per_day"
REVIEWS_PER_DAY_KEY = "reviews_per_day"
SCHEDULER_KEY = "scheduler"
LEARNING_STEP_KEY = "learning_step_minutes"
LEECH_THRESHOLD_KEY = "leech_threshold"
LEECH_ACTION_KEY = "leech_action"
THEME_KEY = "theme"
BROWSER_COLUMNS_KEY = "browser_columns"
DESIRED_RETENTION_KEY = "desired_retention"
MAXIMUM_INTERVAL_KEY = "maximum_interval"
FSRS_PARAMETERS_KEY = "fsrs_parameters"

#: Anki's flag colours, flag 1 to 7 of ``card_states.flag`` (0 is no flag).
FLAG_COLOURS = ("red", "orange", "green", "blue", "pink", "turquoise", "purple")


def flag_colour(flag: int) -> str | None:
    """The colour name of flag 1–7, None for 0; ValueError for any other number."""
    if not 0 <= flag <= len(FLAG_COLOURS):
        raise ValueError(f"a flag is 0 (none) or 1–{len(FLAG_COLOURS)}, not {flag}")
    return FLAG_COLOURS[flag - 1] if flag else None
