"""Every registered demo keeps the contract: bounded parameters, a deterministic result whose
charts, claim and prediction answer are consistent, and a registry that stays import-light."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest

from studyapp.demos.registry import (
    DemoParamError,
    ParamSpec,
    ParamValue,
    demo_names,
    format_param,
    get_demo,
)
from studyapp.demos.result import DemoResult
from studyapp.demos.run import UnknownDemoError, load_runner, run_demo, spec_for
from studyapp.demos.surfaces import SURFACES

Results = Callable[[str], DemoResult]

REQUIRED = [
    "sgd",
    "momentum",
    "nesterov",
    "adagrad",
    "rmsprop",
    "adadelta",
    "adam",
    "adam-vs-sgd",
    "adam-bias-correction",
    "diffgrad",
    "lr-too-large-too-small",
    "lr-range-test",
    "step-decay",
    "exponential-decay",
    "power-schedule",
    "performance-schedule",
    "cyclic-lr",
    "sgdr",
    "one-cycle",
    "early-stopping",
    "dropout",
    "l1-l2",
    "batch-norm",
    "gradient-clipping",
    "init-symmetry",
    "vanishing-gradients",
    "adamw-vs-l2",
    "batchnorm-train-vs-eval",
    "momentum-local-minimum",
    "warmup",
    "batch-size-vs-lr",
]


def test_every_demo_the_issue_names_is_registered() -> None:
    assert set(REQUIRED) <= set(demo_names())


@pytest.mark.parametrize("name", demo_names())
def test_spec_is_complete_and_bounded(name: str) -> None:
    spec = spec_for(name)
    assert spec.title
    assert spec.summary
    assert "seed" in spec.params
    for key, param in spec.params.items():
        assert param.check(param.default) is None, key
        assert param.help, key
        if param.kind in (int, float):
            assert param.low is not None, key
            assert param.high is not None, key
    if spec.prediction:
        assert 2 <= len(spec.prediction.options) <= 4
        assert len(set(spec.prediction.options)) == len(spec.prediction.options)
    assert callable(load_runner(spec))


@pytest.mark.parametrize("name", demo_names())
def test_default_result_is_consistent_and_shows_its_claim(
    name: str, default_result: Results
) -> None:
    spec = spec_for(name)
    result = default_result(name)
    assert result.name == name
    assert dict(result.params) == spec.resolve()
    assert len(result.runs) >= 2  # a demo answers by comparison
    assert len({run.label for run in result.runs}) == len(result.runs)
    assert result.claim
    assert result.finding
    assert result.look_for
    assert result.claim_holds, result.finding
    assert result.charts or result.surface
    for chart in result.charts:
        assert result.chart_lines(chart), chart.title
    if result.surface is not None:
        assert result.surface in SURFACES
        assert all(run.path for run in result.runs)
    if spec.prediction is not None:
        assert result.answer is not None
        assert 0 <= result.answer < len(spec.prediction.options)
    else:
        assert result.answer is None


def _smallest_budget(name: str) -> dict[str, ParamValue]:
    """Every whole-number parameter but the seed at its lower bound, the seed at 3."""
    spec = spec_for(name)
    params: dict[str, ParamValue] = {
        key: int(param.low)
        for key, param in spec.params.items()
        if param.kind is int and key != "seed" and param.low is not None
    }
    return {**params, "seed": 3}


@pytest.mark.parametrize("name", demo_names())
def test_same_seed_same_result(name: str) -> None:
    params = _smallest_budget(name)  # small, so the check is cheap; any budget would do
    first, again = run_demo(name, params), run_demo(name, params)
    assert [run.series for run in again.runs] == [run.series for run in first.runs]
    assert [run.metrics for run in again.runs] == [run.metrics for run in first.runs]
    assert again.finding == first.finding


def test_unknown_names_and_bad_parameters_are_refused_before_running() -> None:
    with pytest.raises(UnknownDemoError, match="no demo called 'momentun'"):
        run_demo("momentun")
    with pytest.raises(DemoParamError) as caught:
        run_demo("momentum", {"lr": 5.0, "steps": 10**9, "bogus": 1})
    assert caught.value.problems == [
        "no parameter 'bogus'",
        "lr must be at most 0.1, not 5.0",
        "steps must be at most 2000, not 1000000000",
    ]


def test_whole_numbers_are_accepted_for_floats_but_not_the_reverse() -> None:
    spec = get_demo("momentum")
    assert spec is not None
    assert spec.resolve({"momentum": 0})["momentum"] == 0.0
    with pytest.raises(DemoParamError, match="steps must be a whole number"):
        spec.resolve({"steps": 10.5})


def test_parameter_text_from_the_command_line_is_parsed_by_kind() -> None:
    assert ParamSpec(int, 1, 0, 10).parse("3") == 3
    assert ParamSpec(int, 1, 0, 10).parse("3.0") == 3
    assert ParamSpec(float, 1.0, 0, 10).parse("1e-3") == 0.001
    assert ParamSpec(bool, False).parse("yes") is True
    assert ParamSpec(str, "a", choices=("a", "b")).parse("b") == "b"
    for spec, text, message in [
        (ParamSpec(int, 1, 0, 10), "2.5", "whole number"),
        (ParamSpec(float, 1.0, 0, 10), "fast", "must be a number"),
        (ParamSpec(bool, False), "maybe", "true or false"),
    ]:
        with pytest.raises(ValueError, match=message):
            spec.parse(text)
    assert ParamSpec(int, 1, 0, 2**31 - 1).describe() == "0–2147483647"
    assert ParamSpec(float, 1.0, 1e-5, 0.5).describe() == "1e-05–0.5"


def test_the_registry_and_catalog_load_without_numpy() -> None:
    script = (
        "import sys\n"
        "from studyapp.demos.registry import demo_names\n"
        "assert len(demo_names()) >= 25\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'numpy'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_parameter_values_are_shown_as_typed() -> None:
    assert [format_param(v) for v in (True, 0.03, 1e-5, 300, "triangular")] == [
        "true",
        "0.03",
        "1e-05",
        "300",
        "triangular",
    ]


ABSOLUTE_WORDS = {"always", "never", "only", "exactly"}  # the tells issue 17 names


def test_at_most_a_third_of_the_questions_only_ask_which_wins() -> None:
    specs = [spec_for(name) for name in demo_names()]
    asked = [spec for spec in specs if spec.prediction is not None]
    which_wins = [spec.name for spec in asked if spec.prediction and spec.prediction.which_wins]
    assert len(which_wins) <= len(asked) / 3, which_wins


@pytest.mark.parametrize("name", demo_names())
def test_prediction_options_give_no_length_or_absolute_word_tell(
    name: str, default_result: Results
) -> None:
    prediction = spec_for(name).prediction
    if prediction is None:
        return
    answer = default_result(name).answer
    assert answer is not None
    right = len(prediction.options[answer])
    others = [len(option) for index, option in enumerate(prediction.options) if index != answer]
    assert right <= 1.25 * max(others) + 3, prediction.options  # the longest is no give-away
    for option in prediction.options:
        words = set(option.lower().replace(",", " ").replace(":", " ").split())
        assert not words & ABSOLUTE_WORDS, option
