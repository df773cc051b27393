"""Shared by the demo tests: each demo's result at its default parameters, computed once."""

from __future__ import annotations

from functools import cache

import pytest

from studyapp.demos.result import DemoResult
from studyapp.demos.run import run_demo


@cache
def _default_result(name: str) -> DemoResult:
    return run_demo(name)


@pytest.fixture
def default_result() -> type[object]:
    """``default_result(name)``: the demo's result with every parameter at its default."""
    return _default_result  # type: ignore[return-value]
