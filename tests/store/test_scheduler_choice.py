"""The collection's scheduler from its settings: the chosen one, FSRS's retention, maximum
interval and fitted parameters; a record that is not one (edited by hand) counts as none."""

from __future__ import annotations

from datetime import date

import pytest

from studyapp.collection import Collection
from studyapp.scheduling.fsrs_scheduler import DEFAULT_FSRS_PARAMETERS
from studyapp.store.database import set_meta
from studyapp.store.scheduler_choice import (
    FittedRecord,
    collection_scheduler,
    fitted_record,
    forget_fitted,
    keep_fitted,
)
from studyapp.store.version import DESIRED_RETENTION_KEY, FSRS_PARAMETERS_KEY, SCHEDULER_KEY

FITTED = FittedRecord(tuple(p * 1.01 for p in DEFAULT_FSRS_PARAMETERS), date(2026, 3, 1), 900, 800)


def test_a_new_collection_is_on_sm2_with_fsrs_defaults(collection: Collection) -> None:
    with collection.engine.connect() as connection:
        scheduler = collection_scheduler(connection)
        assert fitted_record(connection) is None
    assert scheduler.name == "sm2"
    assert scheduler.fsrs.parameters == DEFAULT_FSRS_PARAMETERS
    assert (scheduler.fsrs.desired_retention, scheduler.fsrs.maximum_interval) == (0.9, 36500)


def test_the_settings_and_the_fitted_parameters_make_the_scheduler(
    collection: Collection,
) -> None:
    collection.change_settings(
        {"scheduler": "fsrs", "desired-retention": 85, "maximum-interval": 400}
    )
    with collection.writer.begin() as connection:
        keep_fitted(connection, FITTED)
    with collection.engine.connect() as connection:
        scheduler = collection_scheduler(connection)
        assert fitted_record(connection) == FITTED
    assert scheduler.name == "fsrs"
    assert scheduler.fsrs.parameters == FITTED.parameters
    assert (scheduler.fsrs.desired_retention, scheduler.fsrs.maximum_interval) == (0.85, 400)
    with collection.writer.begin() as connection:
        forget_fitted(connection)
    assert collection.scheduler.fsrs.parameters == DEFAULT_FSRS_PARAMETERS


@pytest.mark.parametrize(
    "stored",
    [
        "not json",
        "[]",
        '{"parameters": [1, 2], "fitted_on": "2026-03-01", "reviews": 1, "items": 1}',
        '{"parameters": "x", "fitted_on": "2026-03-01", "reviews": 1, "items": 1}',
        '{"fitted_on": "2026-03-01", "reviews": 1, "items": 1}',
        FITTED.to_json().replace("2026-03-01", "yesterday"),
        FITTED.to_json().replace(str(FITTED.parameters[0]), "NaN"),
        FITTED.to_json().replace(str(FITTED.parameters[0]), "1e999"),
    ],
)
def test_a_record_that_is_not_one_means_the_defaults(collection: Collection, stored: str) -> None:
    with collection.writer.begin() as connection:
        set_meta(connection, FSRS_PARAMETERS_KEY, stored)
    with collection.engine.connect() as connection:
        assert fitted_record(connection) is None
        assert collection_scheduler(connection).fsrs.parameters == DEFAULT_FSRS_PARAMETERS


def test_settings_edited_by_hand_fall_back_to_their_defaults(collection: Collection) -> None:
    with collection.writer.begin() as connection:
        set_meta(connection, SCHEDULER_KEY, "anki")
        set_meta(connection, DESIRED_RETENTION_KEY, "200")
    with collection.engine.connect() as connection:
        scheduler = collection_scheduler(connection)
    assert (scheduler.name, scheduler.fsrs.desired_retention) == ("sm2", 0.9)
