"""Shared by the demo tests: each demo's result at its defaults, or at another seed, computed once.

Every claim is checked at seeds 0 to 4 with a stated margin (test_claims_across_seeds.py);
seed 0 is the default, so its result is the default result, shared with the other tests.
"""

from __future__ import annotations

from functools import cache

import pytest

from studyapp.demos.result import DemoResult
from studyapp.demos.run import run_demo


@cache
def _seeded_result(name: str, seed: int = 0) -> DemoResult:
    return run_demo(name, {"seed": seed}) if seed else run_demo(name)


@pytest.fixture
def default_result() -> type[object]:
    """``default_result(name)``: the demo's result with every parameter at its default."""
    return _seeded_result  # type: ignore[return-value]


@pytest.fixture
def seeded_result() -> type[object]:
    """``seeded_result(name, seed)``: the demo's result at ``seed``, other parameters default."""
    return _seeded_result  # type: ignore[return-value]
