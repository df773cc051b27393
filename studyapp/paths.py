"""Where things live on disk: the user's database, deck backups and the bundled decks."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "studyapp"
DB_ENV_VAR = "STUDYAPP_DB"


def default_database_url() -> str:
    """A SQLite file in the platform's user data directory (created if missing)."""
    from platformdirs import user_data_path

    folder = user_data_path(APP_NAME, appauthor=False, ensure_exists=True)
    return f"sqlite:///{folder / 'studyapp.sqlite3'}"


def deck_backups_dir() -> Path:
    """Where ``studyapp deck rm`` writes its backups: ``deck-backups`` in the platform's user
    data directory (not created here)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "deck-backups"


def database_url(option: str | None, environ: dict[str, str]) -> str:
    """The database to use: ``--db``, else ``$STUDYAPP_DB``, else the default file.

    A value without ``://`` is taken as a path to a SQLite file.
    """
    value = option or environ.get(DB_ENV_VAR) or ""
    if not value:
        return default_database_url()
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def bundled_cards_dir() -> Path:
    """The bundled decks: inside the installed package, or ``cards/`` in a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "bundled_cards"
    return installed if installed.is_dir() else package.parent / "cards"
