"""The schedulers by name: SM-2 by default, FSRS the other, an unknown name refused with the
known ones; the registry loads neither scheduler."""

from __future__ import annotations

import subprocess
import sys

import pytest

from studyapp.scheduling.registry import DEFAULT_SCHEDULER, SCHEDULERS, checked_scheduler


def test_sm2_is_the_default_and_fsrs_the_other() -> None:
    assert DEFAULT_SCHEDULER == "sm2"
    assert SCHEDULERS == ("sm2", "fsrs")
    assert [checked_scheduler(name) for name in SCHEDULERS] == ["sm2", "fsrs"]


@pytest.mark.parametrize("name", ["FSRS", "SM2", "", "sm-2", "fsrs6"])
def test_an_unknown_name_is_refused_naming_the_schedulers(name: str) -> None:
    with pytest.raises(ValueError, match=r"no scheduler .*\(the schedulers are: sm2, fsrs\)"):
        checked_scheduler(name)


def test_the_registry_loads_no_engine() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, studyapp.scheduling.registry, studyapp.store.settings\n"
            "print(any(name.startswith('fsrs_rs_python') for name in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "False"
