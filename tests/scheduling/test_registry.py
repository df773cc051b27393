"""The schedulers by name: SM-2 by default, an unknown name refused with the known ones."""

from __future__ import annotations

import pytest

from studyapp.scheduling.registry import DEFAULT_SCHEDULER, SCHEDULERS, scheduler_named
from studyapp.scheduling.sm2_scheduler import SM2Scheduler


def test_sm2_is_the_default_and_known_by_its_name() -> None:
    assert DEFAULT_SCHEDULER == "sm2"
    assert isinstance(scheduler_named(DEFAULT_SCHEDULER), SM2Scheduler)
    assert all(scheduler.name == name for name, scheduler in SCHEDULERS.items())


@pytest.mark.parametrize("name", ["fsrs", "SM2", "", "sm-2"])
def test_an_unknown_name_is_refused_naming_the_schedulers(name: str) -> None:
    with pytest.raises(ValueError, match=r"no scheduler .*\(the schedulers are: sm2\)"):
        scheduler_named(name)


def test_the_registry_cannot_be_changed_in_passing() -> None:
    with pytest.raises(TypeError):
        SCHEDULERS["other"] = SM2Scheduler()  # type: ignore[index]
