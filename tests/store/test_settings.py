"""The settings in the store: defaults, bounds and words checked, a whole change written or
none of it, and a bad stored value read as the default."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.collection import Collection
from studyapp.store.database import get_meta, set_meta
from studyapp.store.settings import (
    MAX_DAILY_LIMIT,
    SETTINGS,
    SETTINGS_BY_NAME,
    SettingError,
    Settings,
    read_settings,
)
from studyapp.store.version import LEARNING_STEP_KEY, THEME_KEY

DEFAULTS = Settings(20, 200, 10, 8, "suspend", "dark", "sm2", 90, 36500)


def test_a_new_store_has_every_default(collection: Collection) -> None:
    assert collection.settings() == DEFAULTS
    assert [s.default for s in SETTINGS] == list(DEFAULTS.values().values())


@pytest.mark.parametrize(
    ("text", "value"),
    [("0", 0), ("25", 25), (" 7 ", 7), ("+3", 3), ("-0", 0), ("007", 7), ("1440", 1440)],
)
def test_a_typed_whole_number_is_read(text: str, value: int) -> None:
    assert SETTINGS_BY_NAME["learning-steps"].parse(text) == value


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("learning-steps", "1441", "the learning step is at most 1440 minutes (a day)"),
        ("learning-steps", "-1", "the learning step cannot be negative"),
        ("learning-steps", "", "the learning step is a whole number, not ''"),
        ("learning-steps", "1e3", "the learning step is a whole number, not '1e3'"),
        ("learning-steps", "1_000", "the learning step is a whole number, not '1_000'"),
        ("new-per-day", "9" * 5000, f"the number of new cards a day is at most {MAX_DAILY_LIMIT}"),
        ("new-per-day", "-" + "9" * 5000, "the number of new cards a day cannot be negative"),
        ("theme", "Dark", "the theme is one of dark, light, not 'Dark'"),
        ("leech-action", "", "the leech action is one of suspend, tag, not ''"),
    ],
)
def test_a_bad_typed_value_says_what_is_wrong(name: str, text: str, message: str) -> None:
    with pytest.raises(SettingError) as raised:
        SETTINGS_BY_NAME[name].parse(text)
    assert str(raised.value) == message
    assert raised.value.setting.name == name


@given(st.text(max_size=12))
def test_parse_gives_a_value_the_setting_takes_or_says_why_not(text: str) -> None:
    for setting in SETTINGS:
        try:
            value = setting.parse(text)
        except SettingError:
            continue
        assert setting.check(value) == value


def test_a_change_is_checked_whole_before_anything_is_written(collection: Collection) -> None:
    with pytest.raises(SettingError, match="at most 1440"):
        collection.change_settings({"new-per-day": 5, "learning-steps": 2000})
    assert collection.settings() == DEFAULTS
    with pytest.raises(SettingError, match="whole number"):
        collection.change_settings({"leech-threshold": True})  # a bool is not a count
    with pytest.raises(KeyError):
        collection.change_settings({"colour": "red"})
    assert collection.settings() == DEFAULTS


def test_a_change_is_stored_and_read_back_by_another_collection(
    collection: Collection, db_url: str
) -> None:
    now = collection.change_settings(
        {"new-per-day": 5, "leech-threshold": 0, "leech-action": "tag", "theme": "light"}
    )
    assert now == Settings(5, 200, 10, 0, "tag", "light", "sm2", 90, 36500)
    other = Collection.open(db_url, collection.clock, bundled=False)
    try:
        assert other.settings() == now
        assert (other.new_per_day, other.leech_threshold, other.leech_action, other.theme) == (
            5,
            0,
            "tag",
            "light",
        )
    finally:
        other.close()
    with collection.engine.connect() as connection:
        assert get_meta(connection, THEME_KEY) == "light"


def test_a_bad_stored_value_reads_as_the_default(collection: Collection) -> None:
    with collection.writer.begin() as connection:
        set_meta(connection, THEME_KEY, "neon")
        set_meta(connection, LEARNING_STEP_KEY, "ten")
    assert collection.theme == "dark"
    assert collection.learning_steps == 10
    with collection.engine.connect() as connection:
        assert read_settings(connection) == DEFAULTS


def test_the_differences_name_each_changed_setting() -> None:
    changed = DEFAULTS.changed({"theme": "light", "new-per-day": 20, "reviews-per-day": 9})
    assert DEFAULTS.differences(changed) == {"reviews-per-day": 9, "theme": "light"}
    assert DEFAULTS.differences(DEFAULTS) == {}


def test_each_help_line_says_the_default() -> None:
    for setting in SETTINGS:
        described = setting.described()
        most = setting.most_said or setting.most
        assert (
            described.endswith(f"Default {setting.default}.")
            or (not setting.least and described.endswith(f"at most {most}."))
            or described.endswith(f"Default {setting.default}, {setting.least} to {most}.")
        )


@pytest.mark.parametrize("typed", ["85", "85%", "0.85", ".85", " 85 % "])
def test_a_percentage_is_typed_as_a_number_a_percent_or_a_fraction(typed: str) -> None:
    assert SETTINGS_BY_NAME["desired-retention"].parse(typed) == 85


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("69", "the desired retention is 70 to 97 %"),
        ("98", "the desired retention is 70 to 97 %"),
        ("0.5", "the desired retention is 70 to 97 %"),
        (
            "1.0",
            "the desired retention is a percentage, 70 to 97 (or a fraction, 0.70 to 0.97), "
            "not '1.0'",
        ),
        (
            "0.905",
            "the desired retention is a percentage, 70 to 97 (or a fraction, 0.70 to "
            "0.97), not '0.905'",
        ),
        ("0", "the desired retention is 70 to 97 %"),
    ],
)
def test_a_percentage_outside_its_range_is_refused(typed: str, problem: str) -> None:
    with pytest.raises(SettingError, match=re.escape(problem)):
        SETTINGS_BY_NAME["desired-retention"].parse(typed)


def test_the_maximum_interval_is_a_day_at_least() -> None:
    setting = SETTINGS_BY_NAME["maximum-interval"]
    assert setting.parse("365") == 365
    with pytest.raises(SettingError, match=r"the maximum interval is 1 to 36500 days"):
        setting.parse("0")
