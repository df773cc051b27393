"""The start-up benchmark: from ``studyapp`` to the first interactive screen (the deck list).

Run ``python bench/bench_startup.py [--repeat N] [--target S] [--size bundled|tiny|full]``.

Each repeat starts the real console entry point (``python -m studyapp --db URL``) inside a
pseudo-terminal of 120x35 and reads what the app draws; the clock stops when a text of the
home screen's deck table (``All decks`` by default) has been drawn. The app is then quit
with ``q``. ``--profile`` runs one more start under ``-X importtime`` and prints the slowest
imports made before that screen appeared. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

COLUMNS: Final = 120
LINES: Final = 35
TERM: Final = "xterm-256color"
#: The text whose appearance counts as "the first screen is drawn", per store size. The last
#: row of the deck table when every row fits on the screen; at full size (51 + 5 decks) that
#: row is below the fold, so a deck row that is visible at 35 lines is used instead.
MARKERS: Final = {"bundled": "All decks", "tiny": "All decks", "full": "Benchmark deck 20"}
QUIT_TIMEOUT: Final = 5.0  # seconds the app gets to exit after "q" before it is killed
TAIL: Final = 500  # characters of the screen text shown when a start fails
TOP_IMPORTS: Final = 15

# CSI (colours, cursor moves, modes), OSC (titles, ...; ended by BEL or ST), and the other
# two-character escapes, so that only the text drawn on the screen is left.
_ANSI: Final = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -~]")

#: The ``-c`` program of the --profile start. ``-X importtime`` writes to file descriptor 2,
#: but Textual draws on ``sys.__stderr__``: fd 2 goes to the log file from the very first
#: import on, and Textual's ``sys.__stderr__`` becomes a copy of stdout (the pseudo-terminal).
_PROFILE_BOOTSTRAP: Final = (
    "import os, runpy, sys\n"
    "sys.stderr = sys.__stderr__ = open(os.dup(1), 'w', encoding='utf-8', errors='replace')\n"
    "runpy.run_module('studyapp', run_name='__main__', alter_sys=True)\n"
)


def strip_ansi(text: str) -> str:
    """The text without terminal escape sequences."""
    return _ANSI.sub("", text)


class StartupError(Exception):
    """A start that never drew the home screen (or could not be started)."""


@dataclass(frozen=True, slots=True)
class Start:
    """One start of the app in the pseudo-terminal."""

    seconds: float  # from fork to the read that completed the marker
    quit_seconds: float  # from "q" to the process's exit
    exit_code: int
    killed: bool  # it did not exit within QUIT_TIMEOUT after "q"


@dataclass(frozen=True, slots=True)
class Launcher:
    """Starts the app the way an installed app starts: in a terminal, with compiled bytecode.

    The environment may forbid writing bytecode (PYTHONDONTWRITEBYTECODE); children get their
    own bytecode cache in the work dir instead, filled by the untimed warm-up start (as in
    bench_core.py). ``TEXTUAL*`` variables (devtools, debug) are dropped.
    """

    url: str
    pycache: Path

    def env(self) -> dict[str, str]:
        """The children's environment."""
        env = {
            k: v
            for k, v in os.environ.items()
            if k != "PYTHONDONTWRITEBYTECODE" and not k.startswith("TEXTUAL")
        }
        env.update(
            PYTHONPYCACHEPREFIX=str(self.pycache),
            TERM=TERM,
            COLUMNS=str(COLUMNS),
            LINES=str(LINES),
        )
        return env

    def command(self, *python_options: str) -> list[str]:
        """``python -m studyapp --db URL`` (or the --profile program, given its options)."""
        if python_options:
            return [sys.executable, *python_options, "-c", _PROFILE_BOOTSTRAP, "--db", self.url]
        return [sys.executable, "-m", "studyapp", "--db", self.url]


def spawn(argv: Sequence[str], env: dict[str, str], stderr: Path | None = None) -> tuple[int, int]:
    """Start ``argv`` on a new pseudo-terminal (its controlling terminal); (pid, master fd).

    stdin, stdout and stderr are the terminal, unless ``stderr`` names a file for fd 2.
    """
    master, slave = os.openpty()  # both close-on-exec
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    log = os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644) if stderr else slave
    pid = os.fork()
    if pid == 0:  # the child: only async-signal-safe work until exec
        try:
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            os.dup2(slave, 0)
            os.dup2(slave, 1)
            os.dup2(log, 2)
            os.execve(argv[0], list(argv), env)
        finally:
            os._exit(127)
    os.close(slave)
    if log != slave:
        os.close(log)
    return pid, master


def _exit_code(pid: int, deadline: float) -> int | None:
    """Wait for the child until ``deadline``; its exit code, or None if it is still running."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.perf_counter() >= deadline:
            return None
        time.sleep(0.005)


def _kill(pid: int) -> int:
    """Stop the child for good (SIGTERM, then SIGKILL after a second); its exit code."""
    os.kill(pid, signal.SIGTERM)
    code = _exit_code(pid, time.perf_counter() + 1.0)
    if code is None:
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
    return code


def _read(master: int, deadline: float) -> bytes | None:
    """The next output of the terminal; b"" at the end (the app closed it), None at deadline."""
    wait = deadline - time.perf_counter()
    if wait <= 0 or not select.select([master], [], [], wait)[0]:
        return None
    try:
        return os.read(master, 65536)
    except OSError:  # EIO: every process closed the terminal's other end
        return b""


def start_once(
    launcher: Launcher,
    marker: str,
    timeout: float,
    python_options: Sequence[str] = (),
    stderr: Path | None = None,
    on_marker: Callable[[], None] | None = None,
) -> Start:
    """Start the app, wait for ``marker`` on its screen, press "q", wait for it to exit.

    Raises StartupError (with the end of the screen text) if the marker does not appear
    within ``timeout`` seconds or the app exits first.
    """
    env = launcher.env()
    argv = launcher.command(*python_options)
    started = time.perf_counter()
    pid, master = spawn(argv, env, stderr)
    running = True
    try:
        output = bytearray()
        deadline = started + timeout
        while True:
            chunk = _read(master, deadline)
            read_at = time.perf_counter()
            if not chunk:
                running = False
                raise _failure(pid, chunk is None, marker, timeout, output)
            output += chunk
            if marker in strip_ansi(output.decode("utf-8", "replace")):
                seconds = read_at - started
                break
        if on_marker is not None:
            on_marker()
        os.write(master, b"q")
        pressed = time.perf_counter()
        deadline = pressed + QUIT_TIMEOUT
        while _read(master, deadline):
            pass  # keep draining, or the app blocks writing its last frames
        exited = _exit_code(pid, deadline)
        quit_seconds = time.perf_counter() - pressed
        running = False
        code = _kill(pid) if exited is None else exited
        return Start(seconds, quit_seconds, code, killed=exited is None)
    finally:
        if running:  # an unexpected error in this process: leave no app behind
            _kill(pid)
        os.close(master)


def _failure(
    pid: int, timed_out: bool, marker: str, timeout: float, output: bytearray
) -> StartupError:
    """Stop (or reap) a start that failed; the error, with the end of its screen text."""
    if timed_out:
        code = _kill(pid)
        what = f"{marker!r} did not appear within {timeout:g} s (killed, exit {code})"
    else:
        exited = _exit_code(pid, time.perf_counter() + 1.0)
        code = _kill(pid) if exited is None else exited
        what = f"the app exited (status {code}) before {marker!r} appeared"
    screen = strip_ansi(output.decode("utf-8", "replace"))
    return StartupError(f"{what}; last {TAIL} characters on the screen:\n{screen[-TAIL:]}")


# --- -X importtime -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Import:
    """One line of ``-X importtime``: a module's own and cumulative import time."""

    module: str
    depth: int  # 0: imported by the program itself; 1: by a depth-0 import; ...
    self_us: int
    cumulative_us: int


_IMPORT_LINE: Final = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)\s*$")


def parse_importtime(text: str) -> list[Import]:
    """The imports in ``-X importtime`` output (the header and other lines are skipped)."""
    found = []
    for line in text.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            own, cumulative, indent, module = match.groups()
            found.append(Import(module, len(indent) // 2, int(own), int(cumulative)))
    return found


def profile_start(
    launcher: Launcher, marker: str, timeout: float, workdir: Path, keep: bool
) -> None:
    """One start under ``-X importtime``; print the slowest imports made before the marker."""
    log = workdir / "importtime.log"
    before_marker: list[int] = []
    start = start_once(
        launcher,
        marker,
        timeout,
        python_options=("-X", "importtime"),
        stderr=log,
        on_marker=lambda: before_marker.append(log.stat().st_size),
    )
    data = log.read_bytes()
    cut = data.rfind(b"\n", 0, before_marker[0]) + 1  # the complete lines logged by then
    imports = parse_importtime(data[:cut].decode("utf-8", "replace"))
    later = parse_importtime(data[cut:].decode("utf-8", "replace"))
    total = sum(item.self_us for item in imports)
    print(
        f"\n=== -X importtime: one start, first screen after {start.seconds:.3f} s "
        f"(slower than a plain start: importtime itself costs time) ==="
    )
    print(
        f"{len(imports)} modules imported before {marker!r} appeared, {total / 1000:.0f} ms "
        f"of import time in all; {len(later)} more after it (quitting)"
        + (f"; log: {log}" if keep else "")
    )
    print(f"\nThe {TOP_IMPORTS} slowest imports by cumulative time (indent: imported by):\n")
    print(f"{'cumul. ms':>10} {'self ms':>8}  module")
    ranked = sorted(imports, key=lambda item: item.cumulative_us, reverse=True)
    for item in ranked[:TOP_IMPORTS]:
        print(
            f"{item.cumulative_us / 1000:10.1f} {item.self_us / 1000:8.1f}  "
            f"{'  ' * item.depth}{item.module}"
        )
    by_package: dict[str, int] = defaultdict(int)
    for item in imports:
        by_package[item.module.split(".")[0]] += item.self_us
    heaviest = sorted(by_package.items(), key=lambda pair: pair[1], reverse=True)[:10]
    print("\nSelf time summed by top-level package (ms):")
    print("  " + ", ".join(f"{name} {us / 1000:.0f}" for name, us in heaviest))


# --- the store -------------------------------------------------------------------------------


def build_store(url: str, size: str, seed: int) -> str:
    """For tiny and full: bench_core's synthetic collection; a line saying what was built.

    The bundled size starts from no file at all: the warm-up start creates the store.
    """
    if size == "bundled":
        return "an empty store: the warm-up start creates it and imports the bundled decks"
    from bench_core import SIZES, TODAY_MOMENT, build_collection

    from studyapp.clock import FixedClock

    stats = build_collection(url, FixedClock(TODAY_MOMENT), SIZES[size], seed)
    return (
        f"bench_core's {size} collection, built in {stats.seconds:.1f} s: {stats.decks} decks, "
        f"{stats.cards:,} cards, {stats.reviews:,} reviews; the warm-up start adds the bundled "
        "decks"
    )


def store_is_ready(url: str) -> bool:
    """Whether a start needs no store work: schema current and bundled decks in sync.

    The same test the ``studyapp decks`` fast path makes (studyapp.store.deck_list).
    """
    from studyapp.decks.files import bundled_deck_files, bundled_fingerprint
    from studyapp.paths import bundled_cards_dir
    from studyapp.store.deck_list import quick_deck_summaries

    digest = bundled_fingerprint(bundled_deck_files(bundled_cards_dir()))
    return quick_deck_summaries(url, date.today(), digest) is not None


# --- main ------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="timed starts (default 5)")
    parser.add_argument(
        "--target", type=float, default=1.0, help="seconds the median may take (default 1.0)"
    )
    parser.add_argument(
        "--size",
        choices=("bundled", "tiny", "full"),
        default="bundled",
        help="bundled: the 5 bundled decks only; tiny/full: also bench_core's synthetic "
        "collection of that size (full takes 1-2 minutes to build)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=20.0,
        help="seconds a start may take to draw the marker (default 20; the warm-up gets 3x)",
    )
    parser.add_argument(
        "--marker", help="the screen text that ends the clock (default: by size, see README)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="after the timed starts, one more under -X importtime: the slowest imports",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="where the SQLite file, bytecode cache and import log go (kept; the store is "
        "rebuilt on every run); default: a temp dir, removed",
    )
    parser.add_argument("--seed", type=int, default=20260615, help="tiny/full: the data's seed")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Prepare the store, warm up, time the starts, print; 0 unless a start failed."""
    from bench_core import code_version, machine

    args = parse_args(argv)
    marker: str = args.marker or MARKERS[args.size]
    temporary = args.workdir is None
    workdir: Path = Path(tempfile.mkdtemp(prefix="studyapp-start-")) if temporary else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / f"startup-{args.size}.sqlite3"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    launcher = Launcher(url, workdir / "pycache")
    try:
        print(f"studyapp start-up benchmark, size {args.size}: {machine()}")
        print(f"code: studyapp {code_version()}; load average {_load()}")
        print(f"terminal: {TERM} {COLUMNS}x{LINES}; marker {marker!r}; store: {db}")
        print(f"store: {build_store(url, args.size, args.seed)}")
        first = start_once(launcher, marker, 3 * args.timeout)
        print(
            f"warm-up start (untimed: creates/updates the store, compiles bytecode): "
            f"{first.seconds:.2f} s"
        )
        if not store_is_ready(url):
            print("warning: after the warm-up the store is still not in sync with the bundled")
            print("decks (or not at this schema version): every start below does store work")
        starts: list[Start] = []
        for _ in range(args.repeat):
            starts.append(start_once(launcher, marker, args.timeout))
        times = [start.seconds for start in starts]
        median = statistics.median(times)
        verdict = "PASS" if median <= args.target else "**FAIL**"
        print(f"\nResults ({args.repeat} starts; median judged against the target):\n")
        print("| measurement | target | median | min | max | result |")
        print("|---|---:|---:|---:|---:|:---:|")
        print(
            f"| studyapp → first screen | ≤ {args.target:.3f} s | {median:.3f} s | "
            f"{min(times):.3f} s | {max(times):.3f} s | {verdict} |"
        )
        print(f"\nEvery start (s): {', '.join(f'{t:.3f}' for t in times)}")
        quits = ", ".join(f"{s.quit_seconds:.2f}" + (" killed" if s.killed else "") for s in starts)
        print(f"From q to exit (s): {quits}")
        codes = sorted({start.exit_code for start in starts})
        if codes != [0] or any(start.killed for start in starts):
            print(f"warning: exit statuses {codes}; a start that was killed is marked above")
        print(f"load average {_load()}")
        if args.profile:
            profile_start(launcher, marker, 3 * args.timeout, workdir, keep=not temporary)
    except StartupError as error:
        print(f"\nstudyapp did not start: {error}", file=sys.stderr)
        return 1
    finally:
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
