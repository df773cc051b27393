"""``studyapp config``: every setting listed, and each one set and checked."""

from __future__ import annotations

import pytest

from studyapp.cli.program import build_parser
from studyapp.clock import FixedClock
from studyapp.collection import Collection
from tests.cli.conftest import run

DEFAULTS = (
    "new-per-day = 20\nreviews-per-day = 200\nlearning-steps = 10\nleech-threshold = 8\n"
    "leech-action = suspend\ntheme = dark\nscheduler = sm2\ndesired-retention = 90\n"
    "maximum-interval = 36500\n"
)


def test_config_daily_limits(db: str, clock: FixedClock) -> None:
    assert run(["config"], db, clock)[1] == DEFAULTS
    assert run(["config", "new-per-day", "7"], db, clock)[1] == "new-per-day = 7\n"
    assert run(["config", "reviews-per-day", "50"], db, clock)[1] == "reviews-per-day = 50\n"
    assert run(["config"], db, clock)[1] == DEFAULTS.replace("200", "50").replace("= 20", "= 7")
    code, _, err = run(["config", "new-per-day", "-1"], db, clock)
    assert (code, err) == (2, "studyapp: new-per-day cannot be negative\n")


def test_config_learning_steps(db: str, clock: FixedClock) -> None:
    assert run(["config", "learning-steps"], db, clock)[1] == "learning-steps = 10\n"
    assert run(["config", "learning-steps", "25"], db, clock)[1] == "learning-steps = 25\n"
    code, _, err = run(["config", "learning-steps", "1441"], db, clock)
    assert (code, err) == (
        2,
        "studyapp: learning-steps: the learning step is at most 1440 minutes (a day)\n",
    )
    assert run(["config", "learning-steps"], db, clock)[1] == "learning-steps = 25\n"


def test_config_lists_every_setting_with_its_value(db: str, clock: FixedClock) -> None:
    for args in (
        ["config", "leech-threshold", "3"],
        ["config", "leech-action", "tag"],
        ["config", "theme", "light"],
    ):
        assert run(args, db, clock)[0] == 0
    assert run(["config"], db, clock)[1] == (
        DEFAULTS.replace("threshold = 8", "threshold = 3")
        .replace("suspend", "tag")
        .replace("dark", "light")
    )


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("leech-threshold", "0", "leech-threshold = 0"),  # 0: never a leech
        ("leech-threshold", "+12", "leech-threshold = 12"),
        ("leech-threshold", " 1000 ", "leech-threshold = 1000"),
        ("leech-action", "tag", "leech-action = tag"),
        ("leech-action", "suspend", "leech-action = suspend"),
        ("theme", "light", "theme = light"),
        ("theme", "dark", "theme = dark"),
        ("scheduler", "sm2", "scheduler = sm2"),
        ("desired-retention", "0.85", "desired-retention = 85"),
        ("desired-retention", "95%", "desired-retention = 95"),
        ("maximum-interval", "365", "maximum-interval = 365"),
    ],
)
def test_config_sets_the_leech_theme_and_scheduler_settings(
    db: str, clock: FixedClock, key: str, value: str, shown: str
) -> None:
    assert run(["config", key, value], db, clock) == (0, shown + "\n", "")
    assert run(["config", key], db, clock)[1] == shown + "\n"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["theme", "blue"], "theme: the theme is one of dark, light, not 'blue'"),
        (["theme", "Light"], "theme: the theme is one of dark, light, not 'Light'"),
        (["leech-action", "delete"], "leech-action: the leech action is one of suspend, tag, "
         "not 'delete'"),
        (["scheduler", "FSRS"], "scheduler: the scheduler is one of sm2, fsrs, not 'FSRS'"),
        (["desired-retention", "0.99"], "desired-retention: the desired retention is 70 to 97 %"),
        (["maximum-interval", "0"], "maximum-interval: the maximum interval is 1 to 36500 days "
         "(100 years)"),
        (["leech-threshold", "eight"], "leech-threshold: the leech threshold is a whole "
         "number, not 'eight'"),
        (["leech-threshold", "2.5"], "leech-threshold: the leech threshold is a whole number, "
         "not '2.5'"),
        (["leech-threshold", "-3"], "leech-threshold cannot be negative"),
        (["leech-threshold", "1001"], "leech-threshold: the leech threshold is at most 1000"),
        (["new-per-day", "1" + "0" * 5000], "new-per-day: the number of new cards a day is at "
         "most 10000000"),
        (["reviews-per-day", "\u0661\u0662"], "reviews-per-day: the number of reviews a day is "
         "a whole number, not '\u0661\u0662'"),  # Arabic-Indic digits are not typed digits
    ],
)  # fmt: skip
def test_config_refuses_a_bad_value_with_one_clear_line_and_keeps_the_old_one(
    db: str, clock: FixedClock, args: list[str], error: str
) -> None:
    before = run(["config"], db, clock)[1]
    assert run(["config", *args], db, clock) == (2, "", f"studyapp: {error}\n")
    assert run(["config"], db, clock)[1] == before


def test_a_setting_changed_on_the_command_line_is_in_the_store_for_another_process(
    db: str, clock: FixedClock
) -> None:
    run(["config", "theme", "light"], db, clock)
    run(["config", "leech-threshold", "5"], db, clock)
    run(["config", "leech-action", "tag"], db, clock)
    run(["config", "learning-steps", "30"], db, clock)
    later = Collection.open(f"sqlite:///{db}", clock, bundled=False)
    try:
        assert (later.theme, later.leech_threshold, later.leech_action, later.learning_steps) == (
            "light",
            5,
            "tag",
            30,
        )
    finally:
        later.close()


def test_config_help_says_what_every_setting_means_and_its_default() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    help_text = " ".join(commands["config"].format_help().split())
    for described in (
        "new-per-day New cards a spaced review brings in each day. Default 20.",
        "learning-steps Minutes until a card rated below 4 in spaced review comes back that "
        "day. Default 10, at most 1440 minutes (a day).",
        "leech-threshold Lapses (times forgotten) that make a card a leech; 0: never. Default 8.",
        "leech-action suspend or tag. Every leech is marked; suspend also makes it never due. "
        "Default suspend.",
        "theme dark or light. The colours of the study screens. Default dark.",
        "scheduler sm2 or fsrs. What decides when a card is due again. Default sm2.",
        "desired-retention FSRS: the chance, in percent, of recalling a card when it comes due. "
        "Default 90, 70 to 97 %.",
    ):
        assert described in help_text


def test_switching_the_scheduler_says_whose_due_days_the_cards_have(
    db: str, clock: FixedClock
) -> None:
    code, out, err = run(["config", "scheduler", "fsrs"], db, clock)
    assert code == 0
    assert err.startswith("Switching to FSRS… ")  # memories may take seconds to work out
    assert out.splitlines()[0] == "scheduler = fsrs"
    said = " ".join(out.splitlines()[1:])
    assert said == (
        "Every card now has FSRS's due day: 0 due today (0 under SM-2). Both schedulers keep "
        "moving every card, so studyapp config scheduler sm2 switches back with nothing lost."
    )
    assert run(["config", "scheduler", "fsrs"], db, clock)[1] == "scheduler = fsrs\n"  # no switch
    back = run(["config", "scheduler", "sm2"], db, clock)[1]
    assert "Every card now has SM-2's due day: 0 due today (0 under FSRS)." in back
