"""How long each "run it" demo takes: at its defaults, and with its budget at the bounds.

Run ``python bench/bench_demos.py [--repeat N] [NAME ...]``.

For each registered demo it times ``run_demo`` (median of ``--repeat`` runs, after one warm-up
that also pays the imports) with every parameter at its default, then once more with every
whole-number parameter except ``seed`` at its upper bound, and with each of them in turn at its
lower bound instead (steps, epochs, sizes: the slowest of these is a deck's most expensive
allowed request). The target is 2 s for both; see ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time

from studyapp.demos.registry import ParamValue, demo_names, get_demo
from studyapp.demos.run import run_demo

TARGET_SECONDS = 2.0


def budget_corners(name: str) -> list[dict[str, ParamValue]]:
    """Settings to try for the slowest run: every whole-number parameter but the seed at its
    upper bound, then each one in turn at its lower bound instead (a smaller batch is slower)."""
    spec = get_demo(name)
    assert spec is not None
    ints = {
        key: param
        for key, param in spec.params.items()
        if param.kind is int and key != "seed" and param.high is not None
    }
    high: dict[str, ParamValue] = {key: int(param.high or 0) for key, param in ints.items()}
    corners = [high] if high else []
    for key, param in ints.items():
        if param.low is not None:
            corners.append({**high, key: int(param.low)})
    return corners


def timed(name: str, params: dict[str, ParamValue]) -> tuple[float, float]:
    """Seconds one run takes: wall-clock, and this process's CPU time (which other work on a
    busy machine inflates far less)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    run_demo(name, params)
    return time.perf_counter() - start, time.process_time() - start_cpu


def main(argv: list[str] | None = None) -> int:
    """Time the demos and print a table; exit status 1 if any misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="demos to time (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs at the defaults")
    args = parser.parse_args(argv)
    names = args.names or demo_names()
    print(f"# demos on {platform.machine()} · Python {platform.python_version()}")
    print(f"{'demo':24} {'default s':>10} {'cpu s':>7} {'max s':>8} {'cpu s':>7}  at the bounds")
    misses = 0
    for name in names:
        timed(name, {})  # warm-up: imports and caches
        runs = [timed(name, {}) for _ in range(max(1, args.repeat))]
        default = statistics.median(wall for wall, _ in runs)
        default_cpu = statistics.median(cpu for _, cpu in runs)
        (worst, worst_cpu), bounds = (default, default_cpu), {}
        for corner in budget_corners(name):
            seconds, cpu = timed(name, corner)
            if seconds > worst:
                (worst, worst_cpu), bounds = (seconds, cpu), corner
        flag = "" if max(default, worst) <= TARGET_SECONDS else "  ← over 2 s"
        misses += bool(flag)
        shown = " ".join(f"{key}={value}" for key, value in bounds.items())
        print(
            f"{name:24} {default:10.3f} {default_cpu:7.3f} {worst:8.3f} {worst_cpu:7.3f}  "
            f"{shown}{flag}"
        )
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
