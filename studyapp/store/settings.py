"""The settings kept in the store's ``meta`` table: each one's name, default, bounds and meaning,
read all at once (:func:`read_settings`) and changed in one transaction (:func:`write_settings`).

A setting is named as the command line names it (``new-per-day``); the field of
:class:`Settings` is the same name with underscores. Every value is checked here, so the
command line, the settings screen and a script all refuse the same values with the same words.
The command line builds its help from :data:`SETTINGS` before any command runs, so this
module loads SQLAlchemy only when the store is read or written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from studyapp.scheduling.registry import (
    DEFAULT_DESIRED_RETENTION_PERCENT,
    DEFAULT_MAXIMUM_INTERVAL,
    DEFAULT_SCHEDULER,
    MAX_RETENTION_PERCENT,
    MIN_RETENTION_PERCENT,
    SCHEDULERS,
)
from studyapp.scheduling.relearning import (
    DEFAULT_LEARNING_STEP_MINUTES,
    MAX_LEARNING_STEP_MINUTES,
)
from studyapp.store.version import (
    DESIRED_RETENTION_KEY,
    LEARNING_STEP_KEY,
    LEECH_ACTION_KEY,
    LEECH_THRESHOLD_KEY,
    MAXIMUM_INTERVAL_KEY,
    NEW_PER_DAY_KEY,
    REVIEWS_PER_DAY_KEY,
    SCHEDULER_KEY,
    THEME_KEY,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection

#: New cards a day; reviews a day, like Anki's "maximum reviews/day" (a backlog is worked off
#: over several days).
DEFAULT_NEW_PER_DAY: Final = 20
DEFAULT_REVIEWS_PER_DAY: Final = 200
#: Lapses that make a card a leech, as in Anki; what that does to it; the TUI's themes.
DEFAULT_LEECH_THRESHOLD: Final = 8
LEECH_ACTIONS: Final = ("suspend", "tag")
THEMES: Final = ("dark", "light")
#: The largest daily limit: more cards than any store holds (a script's "no limit").
MAX_DAILY_LIMIT: Final = 10_000_000
#: The largest leech threshold.
MAX_LEECH_THRESHOLD: Final = 1000

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


class SettingError(ValueError):
    """A value a setting cannot take; the message says why (without the setting's name)."""

    def __init__(self, setting: Setting, message: str) -> None:
        super().__init__(message)
        self.setting = setting


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: a whole number from ``least`` to ``most``, or one of ``choices``."""

    #: As the command line names it (``new-per-day``).
    name: str
    #: Its key in the ``meta`` table.
    key: str
    #: How the settings screen labels it.
    label: str
    #: What it does, in one short line (without its default).
    meaning: str
    #: How an error names it ("the learning step").
    what: str
    default: int | str
    #: The largest whole number it takes, and how to say it (with its unit).
    most: int = 0
    most_said: str = ""
    #: The smallest whole number it takes.
    least: int = 0
    #: A percentage: typed as 90, 90% or 0.90 alike.
    percent: bool = False
    #: The words it takes (a setting with none is a whole number).
    choices: tuple[str, ...] = ()

    @property
    def field(self) -> str:
        """Its field of :class:`Settings` (and attribute of the collection): ``new_per_day``."""
        return self.name.replace("-", "_")

    @property
    def is_number(self) -> bool:
        """Whether it is a whole number (else one of its choices)."""
        return not self.choices

    def described(self) -> str:
        """Its meaning, with its default and bounds: one line of help."""
        bounds = f", at most {self.most_said}" if self.most_said else ""
        if self.least:
            bounds = f", {self.least} to {self.most_said or self.most}"
        return f"{self.meaning} Default {self.default}{bounds}."

    def parse(self, text: str) -> int | str:
        """The value ``text`` (typed by the user) gives; SettingError saying what is wrong."""
        text = text.strip()
        if not self.is_number:
            return self.check(text)
        if self.percent:
            text = _percent_text(text)
        if not _WHOLE_NUMBER.fullmatch(text):
            if self.percent:
                raise SettingError(
                    self,
                    f"{self.what} is a percentage, {self.least} to {self.most} (or a fraction, "
                    f"0.{self.least} to 0.{self.most}), not {text!r}",
                )
            raise SettingError(self, f"{self.what} is a whole number, not {text!r}")
        if text.startswith("-") and text.strip("-0"):
            raise SettingError(self, f"{self.what} cannot be negative")
        digits = text.lstrip("+-").lstrip("0")
        if len(digits) > len(str(self.most)):  # never a huge int() of thousands of digits
            raise self._out_of_bounds()
        return self.check(int(digits or "0"))

    def check(self, value: int | str) -> int | str:
        """``value`` if the setting takes it; SettingError saying why not."""
        if self.is_number:
            if not isinstance(value, int) or isinstance(value, bool):
                raise SettingError(self, f"{self.what} is a whole number, not {value!r}")
            if value < 0:
                raise SettingError(self, f"{self.what} cannot be negative")
            if value < self.least or value > self.most:
                raise self._out_of_bounds()
        elif value not in self.choices:
            raise SettingError(
                self, f"{self.what} is one of {', '.join(self.choices)}, not {value!r}"
            )
        return value

    def stored(self, text: str | None) -> int | str:
        """The value the store's text gives (the default when there is none, or a bad one)."""
        if text is None:
            return self.default
        try:
            return self.parse(text)
        except SettingError:
            return self.default

    def _out_of_bounds(self) -> SettingError:
        most = self.most_said or self.most
        if self.least:
            return SettingError(self, f"{self.what} is {self.least} to {most}")
        return SettingError(self, f"{self.what} is at most {most}")


_FRACTION = re.compile(r"0?\.([0-9]{1,2})")


def _percent_text(text: str) -> str:
    """A percentage typed as ``90``, ``90%`` or ``0.90``, as the whole number ``90`` (text
    that is none of these is given back, to be refused as it stands)."""
    text = text.removesuffix("%").strip()
    fraction = _FRACTION.fullmatch(text)
    if fraction is None:
        return text
    return str(int(fraction.group(1).ljust(2, "0")))


#: Every setting, in the order the command line and the settings screen show them.
SETTINGS: Final = (
    Setting(
        "new-per-day",
        NEW_PER_DAY_KEY,
        "New cards per day",
        "New cards a spaced review brings in each day.",
        "the number of new cards a day",
        DEFAULT_NEW_PER_DAY,
        most=MAX_DAILY_LIMIT,
    ),
    Setting(
        "reviews-per-day",
        REVIEWS_PER_DAY_KEY,
        "Reviews per day",
        "Most reviews a day; a backlog spreads over the next days.",
        "the number of reviews a day",
        DEFAULT_REVIEWS_PER_DAY,
        most=MAX_DAILY_LIMIT,
    ),
    Setting(
        "learning-steps",
        LEARNING_STEP_KEY,
        "Learning step",
        "Minutes until a card rated below 4 in spaced review comes back that day.",
        "the learning step",
        DEFAULT_LEARNING_STEP_MINUTES,
        most=MAX_LEARNING_STEP_MINUTES,
        most_said=f"{MAX_LEARNING_STEP_MINUTES} minutes (a day)",
    ),
    Setting(
        "leech-threshold",
        LEECH_THRESHOLD_KEY,
        "Leech threshold",
        "Lapses (times forgotten) that make a card a leech; 0: never.",
        "the leech threshold",
        DEFAULT_LEECH_THRESHOLD,
        most=MAX_LEECH_THRESHOLD,
    ),
    Setting(
        "leech-action",
        LEECH_ACTION_KEY,
        "Leech action",
        "Every leech is marked; suspend also makes it never due.",
        "the leech action",
        LEECH_ACTIONS[0],
        choices=LEECH_ACTIONS,
    ),
    Setting(
        "theme",
        THEME_KEY,
        "Theme",
        "The colours of the study screens.",
        "the theme",
        THEMES[0],
        choices=THEMES,
    ),
    Setting(
        "scheduler",
        SCHEDULER_KEY,
        "Scheduler",
        "What decides when a card is due again.",
        "the scheduler",
        DEFAULT_SCHEDULER,
        choices=SCHEDULERS,
    ),
    Setting(
        "desired-retention",
        DESIRED_RETENTION_KEY,
        "Desired retention",
        "FSRS: the chance, in percent, of recalling a card when it comes due.",
        "the desired retention",
        DEFAULT_DESIRED_RETENTION_PERCENT,
        least=MIN_RETENTION_PERCENT,
        most=MAX_RETENTION_PERCENT,
        most_said=f"{MAX_RETENTION_PERCENT} %",
        percent=True,
    ),
    Setting(
        "maximum-interval",
        MAXIMUM_INTERVAL_KEY,
        "Maximum interval",
        "FSRS: the most days a card waits between two reviews.",
        "the maximum interval",
        DEFAULT_MAXIMUM_INTERVAL,
        least=1,
        most=DEFAULT_MAXIMUM_INTERVAL,
        most_said=f"{DEFAULT_MAXIMUM_INTERVAL} days (100 years)",
    ),
)
#: The settings by name.
SETTINGS_BY_NAME: Final = {setting.name: setting for setting in SETTINGS}


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting's value (see :data:`SETTINGS` for what each means)."""

    new_per_day: int
    reviews_per_day: int
    learning_steps: int
    leech_threshold: int
    leech_action: str
    theme: str
    scheduler: str
    desired_retention: int  # percent
    maximum_interval: int  # days

    def value(self, name: str) -> int | str:
        """The value of the setting called ``name`` (``new-per-day``)."""
        value: int | str = getattr(self, SETTINGS_BY_NAME[name].field)
        return value

    def values(self) -> dict[str, int | str]:
        """Every setting's value, by name, in :data:`SETTINGS`' order."""
        return {setting.name: self.value(setting.name) for setting in SETTINGS}

    def changed(self, changes: Mapping[str, int | str]) -> Settings:
        """These settings with ``changes`` (values by setting name), each checked first
        (SettingError for the first bad one; KeyError for a name that is no setting)."""
        checked = {name: SETTINGS_BY_NAME[name].check(value) for name, value in changes.items()}
        return settings_of({**self.values(), **checked})

    def differences(self, other: Settings) -> dict[str, int | str]:
        """The settings whose value ``other`` changes, with ``other``'s values, by name."""
        return {
            setting.name: other.value(setting.name)
            for setting in SETTINGS
            if other.value(setting.name) != self.value(setting.name)
        }


def read_settings(connection: Connection) -> Settings:
    """Every setting as the store holds it (defaults for those never set)."""
    from sqlalchemy import select

    from studyapp.store.schema import meta

    rows = connection.execute(
        select(meta.c.key, meta.c.value).where(meta.c.key.in_(s.key for s in SETTINGS))
    )
    stored: dict[str, str] = dict(rows.all())
    return settings_of({s.name: s.stored(stored.get(s.key)) for s in SETTINGS})


def settings_of(values: Mapping[str, int | str]) -> Settings:
    """:class:`Settings` from checked values by setting name (every setting's)."""

    def number(name: str) -> int:
        value = values[name]
        assert isinstance(value, int), (name, value)
        return value

    def word(name: str) -> str:
        return str(values[name])

    return Settings(
        new_per_day=number("new-per-day"),
        reviews_per_day=number("reviews-per-day"),
        learning_steps=number("learning-steps"),
        leech_threshold=number("leech-threshold"),
        leech_action=word("leech-action"),
        theme=word("theme"),
        scheduler=word("scheduler"),
        desired_retention=number("desired-retention"),
        maximum_interval=number("maximum-interval"),
    )


def read_setting(connection: Connection, name: str) -> int | str:
    """One setting's value as the store holds it."""
    from studyapp.store.database import get_meta

    setting = SETTINGS_BY_NAME[name]
    return setting.stored(get_meta(connection, setting.key))


def write_settings(connection: Connection, changes: Mapping[str, int | str]) -> Settings:
    """Store ``changes`` (values by setting name), every one checked before any is written
    (SettingError, nothing written, for a bad one); the settings now."""
    from studyapp.store.database import set_meta

    now = read_settings(connection).changed(changes)
    for name in changes:
        set_meta(connection, SETTINGS_BY_NAME[name].key, str(now.value(name)))
    return now
