"""``studyapp demo``: the list, a run's summary and charts, its options and their errors."""

from __future__ import annotations

import io

import pytest

from studyapp.cli import main
from studyapp.cli.demo import demo_option_parser
from studyapp.demos.registry import demo_names, get_demo


def demo(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["demo", *args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_list_names_every_demo_with_its_summary() -> None:
    code, out, _ = demo("--list")
    assert code == 0
    for name in demo_names():
        assert f"\n{name} " in out
    assert "Plain gradient descent against momentum on a narrow ravine" in out
    assert demo()[1] == out  # no name: the list


def test_a_run_prints_the_table_finding_claim_and_prediction() -> None:
    code, out, err = demo("momentum", "--lr", "0.05", "--steps", "200", "--no-plot")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Momentum in a ravine   [lr=0.05  momentum=0.9  steps=200  seed=0]"
    assert lines[2].split() == ["run", "final", "loss", "steps", "to", "0.001"]
    assert lines[3].split()[-1] == "104"  # plain gradient descent
    assert lines[4].split()[-1] == "78"  # with momentum
    text = words(out)
    assert "To loss 0.001: plain gradient descent in 104 steps, momentum 0.9 in 78 steps." in text
    assert "✓ This run shows it: Momentum averages successive gradients" in text
    assert "Answer from this run: with momentum." in text
    assert "Paths on the" not in out


def words(text: str) -> str:
    """``text`` with every run of white space (line wrapping) as one space."""
    return " ".join(text.split())


def test_a_guess_is_graded_by_the_run() -> None:
    out = words(demo("momentum", "--guess", "1", "--no-plot")[1])
    assert "You guessed plain gradient descent: wrong." in out
    out = words(demo("momentum", "--momentum", "0", "--guess", "2", "--no-plot")[1])
    assert "✗ This run does not show it" in out
    assert "Answer from this run: none of the options. You guessed with momentum: wrong." in out


def test_charts_print_without_colour_codes_when_not_a_terminal() -> None:
    code, out, _ = demo("momentum", "--steps", "60")
    assert code == 0
    assert "Paths on the Ill-conditioned ravine" in out
    assert "Loss per step" in out
    assert "\x1b[" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["momentun"], "no demo called 'momentun' (did you mean momentum?)"),
        (["momentum", "--lr", "5"], "lr must be at most 0.1, not 5.0"),
        (["momentum", "--lr", "fast"], "--lr must be a number, not 'fast'"),
        (["momentum", "--steps", "1e9"], "steps must be at most 2000"),
        (["momentum", "--guess", "3"], "--guess must be an option number from 1 to 2"),
    ],
)
def test_bad_demo_options_are_user_errors(args: list[str], message: str) -> None:
    code, out, err = demo(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert out == ""


def test_unknown_options_and_help_come_from_the_demos_own_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        demo("momentum", "--help")
    assert exited.value.code == 0
    help_text = capsys.readouterr().out
    assert "--lr VALUE" in help_text
    assert "(1e-05–0.1; default 0.03)" in help_text
    assert "--guess N" in help_text
    with pytest.raises(SystemExit) as exited:
        demo("momentum", "--bogus", "1")
    assert exited.value.code == 2
    assert "unrecognized arguments: --bogus 1" in capsys.readouterr().err


def test_a_wide_metric_table_turns_to_a_row_per_metric() -> None:
    code, out, _ = demo("lr-range-test", "--steps", "60", "--epochs", "3", "--no-plot")
    assert code == 0
    header, first = out.splitlines()[2:4]
    assert header.split()[:3] == ["range", "test", "at"]  # the runs are the columns
    assert first.startswith("lowest loss")


def test_every_demo_option_has_help() -> None:
    for name in demo_names():
        spec = get_demo(name)
        assert spec is not None
        for action in demo_option_parser(spec)._actions:
            assert action.help, (name, action.dest)
