"""Run a registered demo by name: check its parameters, import its code, return its result."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Protocol, cast

from studyapp.demos.registry import DemoSpec, ParamValue, demo_names, get_demo
from studyapp.demos.result import DemoResult


class UnknownDemoError(LookupError):
    """No demo is registered under the name asked for."""

    def __init__(self, name: str) -> None:
        super().__init__(f"no demo called {name!r}; known demos: {', '.join(demo_names())}")
        self.name = name


class DemoRunner(Protocol):
    """A demo's code: keyword parameters in, a result out."""

    def __call__(self, **params: ParamValue) -> DemoResult: ...


def spec_for(name: str) -> DemoSpec:
    """The registered demo ``name`` (UnknownDemoError if there is none)."""
    spec = get_demo(name)
    if spec is None:
        raise UnknownDemoError(name)
    return spec


def load_runner(spec: DemoSpec) -> DemoRunner:
    """Import the function that runs ``spec`` (done only when a demo actually runs)."""
    module_name, _, function_name = spec.runner.partition(":")
    return cast(DemoRunner, getattr(importlib.import_module(module_name), function_name))


def run_demo(name: str, params: Mapping[str, ParamValue] | None = None) -> DemoResult:
    """Run demo ``name`` with ``params`` over its defaults (DemoParamError if any is bad)."""
    spec = spec_for(name)
    values = spec.resolve(params)
    result = load_runner(spec)(**values)
    if result.name != spec.name:
        raise RuntimeError(f"demo {name!r} returned a result for {result.name!r}")
    return result
