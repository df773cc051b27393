"""The store on PostgreSQL: created, used, imported into, and another app's database refused.

Runs only when ``STUDYAPP_TEST_POSTGRES_URL`` names an empty PostgreSQL database the test may
fill and empty (and psycopg is installed: ``pip install 'studyapp[postgres]'``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from studyapp.collection import Collection
from studyapp.store.database import StoreError
from studyapp.store.schema import metadata

URL = os.environ.get("STUDYAPP_TEST_POSTGRES_URL", "")
pytestmark = pytest.mark.skipif(not URL, reason="STUDYAPP_TEST_POSTGRES_URL is not set")

EXPORTS = Path(__file__).resolve().parents[2] / "data" / "exports"


def _empty() -> None:
    engine = create_engine(URL)
    with engine.begin() as connection:
        metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS recipes"))
    engine.dispose()


@pytest.fixture
def postgres() -> Iterator[str]:
    pytest.importorskip("psycopg")
    _empty()
    yield URL
    _empty()


def test_a_store_on_postgresql_works_like_one_on_sqlite(postgres: str, clock, write_deck) -> None:
    collection = Collection.open(postgres, clock)
    assert len(collection.deck_summaries()) >= 1
    collection.rate(collection.due_queue().new[0], 4)
    deck = write_deck("deck.md", "---\nid: pg\ntitle: PG\n---\n\n## One?\nA.\n\n## Two?\nB.\n")
    assert [report.added for report in collection.import_paths([deck]).reports] == [2]
    deck.write_text("---\nid: pg\ntitle: PG\n---\n\n## One?\nChanged.\n", encoding="utf-8")
    again = collection.import_paths([deck]).reports[0]
    assert (again.updated, again.retired) == (1, 1)
    package = collection.import_paths([EXPORTS / "anki-optimizers.apkg"])
    assert not package.errors
    assert package.reports[-1].remarks[0].startswith("6 of 6 reviews")
    collection.close()
    reopened = Collection.open(postgres, clock)
    assert "pg" in [summary.key for summary in reopened.deck_summaries()]
    reopened.close()


def test_another_apps_postgresql_database_is_refused(postgres: str) -> None:
    engine = create_engine(postgres)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE recipes (id SERIAL PRIMARY KEY, name TEXT)"))
    engine.dispose()
    with pytest.raises(StoreError, match=r"\(it has tables recipes\); choose another database$"):
        Collection.open(postgres)
