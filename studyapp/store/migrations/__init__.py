"""Upgrading an older store to today's schema, one version at a time.

Each step is a module of its own, ``vN_to_vM``, holding the literal DDL of its time; none
imports :mod:`studyapp.store.schema`, so a later change to today's tables can never change what
an old step does. ``tests/store/past_versions`` holds real stores written by each past version
of studyapp, and the tests upgrade each and compare it with a new store, table by table.

All steps run inside the caller's one write transaction: all or nothing. Schemas 1 and 2
predate studyapp's PostgreSQL support, so their steps are SQLite's only; a PostgreSQL store
starts at 3.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from sqlalchemy import Connection, text

from studyapp.clock import Zone
from studyapp.store.errors import StoreError
from studyapp.store.migrations import (
    v1_to_v2,
    v2_to_v3,
    v3_to_v4,
    v4_to_v5,
    v5_to_v6,
    v6_to_v7,
    v7_to_v8,
    v8_to_v9,
    v9_to_v10,
    v10_to_v11,
)
from studyapp.store.version import SCHEMA_VERSION, SCHEMA_VERSION_KEY

#: Upgrades from version N to N+1, run in order; each gets the user's time zone (None: the
#: machine's rules).
MIGRATIONS: Final[dict[int, Callable[[Connection, Zone], None]]] = {
    1: v1_to_v2.upgrade,
    2: v2_to_v3.upgrade,
    3: v3_to_v4.upgrade,
    4: v4_to_v5.upgrade,
    5: v5_to_v6.upgrade,
    6: v6_to_v7.upgrade,
    7: v7_to_v8.upgrade,
    8: v8_to_v9.upgrade,
    9: v9_to_v10.upgrade,
    10: v10_to_v11.upgrade,
}

#: The oldest schema a PostgreSQL store can have.
FIRST_POSTGRESQL_VERSION: Final = 3


def upgrade_store(connection: Connection, version: int, zone: Zone) -> None:
    """Upgrade a store at schema ``version`` to today's, noting each version reached.

    Raises StoreError for a PostgreSQL store older than studyapp's PostgreSQL support.
    """
    if connection.dialect.name != "sqlite" and version < FIRST_POSTGRESQL_VERSION:
        raise StoreError(
            f"the database uses schema version {version}, from before studyapp supported "
            "PostgreSQL; it can't be upgraded"
        )
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](connection, zone)
        version += 1
        connection.execute(
            text("UPDATE meta SET value = :version WHERE key = :key"),
            {"version": str(version), "key": SCHEMA_VERSION_KEY},
        )
