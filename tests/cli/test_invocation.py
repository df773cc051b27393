"""Opening the store for a command: its failures are one line, exit 2."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from studyapp.cli import main
from studyapp.clock import FixedClock
from tests.cli.conftest import run


def test_an_unusable_database_is_a_clear_error(tmp_path: Path, clock: FixedClock) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 50)
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(junk), "decks"], clock=clock, stdout=out, stderr=err)
    assert code == 2
    assert err.getvalue().startswith(f"studyapp: {junk} ")  # one line naming the file
    assert err.getvalue().count("\n") == 1


def test_a_store_error_under_a_command_is_one_line(
    db: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyapp.store.database import StoreError

    def read_only(*args: object) -> list[str]:
        raise StoreError(f"cannot write to the database {db}: it is read-only")

    run(["config"], db, clock)  # the store exists
    monkeypatch.setattr("studyapp.collection.Collection.deck_keys", read_only)
    code, out, err = run(["export", "--all", "-f", "json"], db, clock)
    assert (code, out) == (2, "")
    assert err == f"studyapp: cannot write to the database {db}: it is read-only\n"
