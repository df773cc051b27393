"""studyapp against Anki at Anki's own jobs: importing an Anki package and a text file.

Run ``python bench/bench_vs_anki.py [--size full|tiny] [--repeat N] [--workdir DIR]
[--work package|text]``.

Both sides run as whole fresh processes, as a user starts them, on a fresh store each repeat:
``studyapp --db URL import FILE`` against a Python process that imports the same file with
Anki's own backend (the ``anki`` test dependency, whose importers are written in Rust). Each
store is a copy of one made (untimed) beforehand: studyapp's after its first start (schema
made, bundled decks loaded), Anki's a new empty collection. The two sides alternate within
each repeat, so both meet the same noise. The table gives each side's median and the ratio
studyapp / Anki of the medians; the target of issue 20 is a ratio of at most 1.0. Each
side's CPU time (user + system of its process) is given too, with its ratio: on a machine
shared with other work, wall times move with the load far more than CPU times do.

The works:

- **package**: an Anki package (``.apkg``, written by Anki itself, with scheduling) of
  20,000 Basic notes with HTML fields and 200,000 review-log entries (tiny: 200 and 2,000),
  the package ``bench/bench_anki_import.py`` builds;
- **text**: a 10,000-line tab-separated file of ``question<TAB>answer`` (tiny: 200 lines),
  plain text as Quizlet and most hand-made lists are.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_anki_import import SIZES as PACKAGE_SIZES
from bench_anki_import import build_package
from bench_core import Measurement, Processes, code_version, format_seconds, machine, timed

#: The target: studyapp's median over Anki's, for each work.
TARGET_RATIO: Final = 1.0
TEXT_LINES: Final = {"full": 10_000, "tiny": 200}
SEED: Final = 20261206

#: The Anki side: open the collection, import the file, print what was added.
ANKI_IMPORT: Final = textwrap.dedent(
    """
    import sys
    from anki.collection import (
        Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest, ImportCsvRequest,
    )
    kind, collection_path, path = sys.argv[1:4]
    collection = Collection(collection_path)
    try:
        if kind == "package":
            options = ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False)
            log = collection.import_anki_package(
                ImportAnkiPackageRequest(package_path=path, options=options)
            ).log
        else:
            metadata = collection.get_csv_metadata(path=path, delimiter=None)
            log = collection.import_csv(ImportCsvRequest(path=path, metadata=metadata)).log
        print(len(log.new))
    finally:
        collection.close()
    """
)

_SUBJECTS: Final = (
    "momentum", "Adam's second moment", "weight decay", "a warm-up schedule", "label smoothing",
    "gradient clipping", "batch normalisation", "dropout", "cosine annealing", "RMSprop",
)  # fmt: skip
_ANSWERS: Final = (
    "it averages past gradients, so steps keep their direction",
    "it scales each step by a running mean of squared gradients",
    "it shrinks the weights a little every step",
    "it raises the learning rate from near zero over the first steps",
    "it moves some target probability to the other classes",
    "it rescales the gradient when its norm exceeds a threshold",
)


def write_text_file(path: Path, lines: int) -> None:
    """``lines`` lines of ``question<TAB>answer``, every question different."""
    rng = random.Random(SEED)
    rows = [
        f"Card {number}: what does {rng.choice(_SUBJECTS)} do in run {number}?"
        f"\t{rng.choice(_ANSWERS)} (variant {number % 97})"
        for number in range(lines)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


@dataclass(frozen=True, slots=True)
class Work:
    """One file to import, and how many cards (notes) each side must report added."""

    name: str
    path: Path
    cards: int


@dataclass
class Sides:
    """The two importers as processes, each starting from a copy of its template store."""

    folder: Path
    processes: Processes
    studyapp_template: Path
    anki_template: Path

    def studyapp(self, work: Work) -> Callable[[], str]:
        """The timed studyapp run of ``work`` (its store copied in by :meth:`fresh`)."""
        store = self.folder / "studyapp.sqlite3"
        command = [sys.executable, "-m", "studyapp", "--db", f"sqlite:///{store}", "import"]
        return lambda: self.processes.run([*command, str(work.path)])

    def anki(self, work: Work) -> Callable[[], str]:
        """The timed Anki run of ``work``."""
        store = self.folder / "anki.anki2"
        command = [sys.executable, "-c", ANKI_IMPORT, work.name, str(store), str(work.path)]
        return lambda: self.processes.run(command)

    def fresh(self) -> None:
        """Copy both template stores over the ones the last run wrote."""
        for name in ("studyapp.sqlite3-wal", "studyapp.sqlite3-shm"):
            (self.folder / name).unlink(missing_ok=True)
        shutil.copyfile(self.studyapp_template, self.folder / "studyapp.sqlite3")
        shutil.copyfile(self.anki_template, self.folder / "anki.anki2")


def make_templates(folder: Path, processes: Processes) -> Sides:
    """Both sides' empty stores, made once: studyapp's first start, Anki's new collection.

    The studyapp run also fills the children's bytecode cache."""
    studyapp_template = folder / "template.sqlite3"
    processes.run(
        [sys.executable, "-m", "studyapp", "--db", f"sqlite:///{studyapp_template}", "decks"]
    )
    anki_template = folder / "template.anki2"
    processes.run(
        [sys.executable, "-c", f"from anki.collection import Collection as C; "
         f"C({str(anki_template)!r}).close()"]
    )  # fmt: skip
    return Sides(folder, processes, studyapp_template, anki_template)


def check_studyapp(work: Work) -> Callable[[str], None]:
    """A check that studyapp's import added every card of ``work``."""

    def check(output: str) -> None:
        if f": {work.cards} added, 0 updated" not in output:
            raise AssertionError(f"studyapp did not add {work.cards} cards:\n{output}")

    return check


def check_anki(work: Work) -> Callable[[str], None]:
    """A check that Anki's import added every note of ``work``."""

    def check(output: str) -> None:
        if output.strip() != str(work.cards):
            raise AssertionError(f"Anki did not add {work.cards} notes: {output!r}")

    return check


@dataclass(frozen=True, slots=True)
class Result:
    """Both sides' wall times and CPU times for one work."""

    work: Work
    ours: Measurement
    theirs: Measurement
    ours_cpu: Measurement
    theirs_cpu: Measurement


def with_cpu(run: Callable[[], str], into: list[float]) -> Callable[[], str]:
    """``run``, adding the CPU time (user + system) of the process it ran to ``into``."""

    def measured() -> str:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        output = run()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        into.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return output

    return measured


def measure(sides: Sides, work: Work, repeat: int) -> Result:
    """Each side's times for ``work``, alternating, after one untimed run of each."""
    studyapp_run, anki_run = sides.studyapp(work), sides.anki(work)
    for run, check in ((studyapp_run, check_studyapp(work)), (anki_run, check_anki(work))):
        sides.fresh()
        check(run())
    studyapp_times: list[float] = []
    anki_times: list[float] = []
    studyapp_cpu: list[float] = []
    anki_cpu: list[float] = []
    studyapp_run = with_cpu(studyapp_run, studyapp_cpu)
    anki_run = with_cpu(anki_run, anki_cpu)
    for _ in range(repeat):
        studyapp_times += timed(1, studyapp_run, setup=sides.fresh, check=check_studyapp(work))
        anki_times += timed(1, anki_run, setup=sides.fresh, check=check_anki(work))
    return Result(
        work,
        Measurement(f"{work.name}: studyapp", studyapp_times),
        Measurement(f"{work.name}: Anki", anki_times),
        Measurement(f"{work.name}: studyapp CPU", studyapp_cpu),
        Measurement(f"{work.name}: Anki CPU", anki_cpu),
    )


def table(results: list[Result], judge: bool) -> tuple[str, int]:
    """The results as a Markdown table, and how many ratios (of wall times) missed the target."""
    lines = [
        "| work | studyapp | Anki | ratio | target | result "
        "| studyapp CPU | Anki CPU | CPU ratio |",
        "|---|---:|---:|---:|---:|:---:|---:|---:|---:|",
    ]
    failed = 0
    for result in results:
        work, ours, theirs = result.work, result.ours, result.theirs
        ratio = ours.median / theirs.median
        verdict = "info"
        if judge:
            verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
            failed += verdict == "FAIL"
        cpu_ratio = result.ours_cpu.median / result.theirs_cpu.median
        lines.append(
            f"| {work.name}: {work.path.name} ({work.cards:,} cards) "
            f"| {format_seconds(ours.median)} | {format_seconds(theirs.median)} "
            f"| {ratio:.2f} | ≤ {TARGET_RATIO:.1f} | {verdict} "
            f"| {format_seconds(result.ours_cpu.median)} "
            f"| {format_seconds(result.theirs_cpu.median)} | {cpu_ratio:.2f} |"
        )
    lines.append("")
    lines.append("Each repeat, in ms (wall, then CPU):")
    for result in results:
        for item in (result.ours, result.theirs, result.ours_cpu, result.theirs_cpu):
            lines.append(f"  {item.name}: " + ", ".join(f"{t * 1000:.0f}" for t in item.times))
    return "\n".join(lines), failed


def main(argv: list[str] | None = None) -> int:
    """Build the files, time both sides on both works, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("full", "tiny"), default="full")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="keep the files here (default: a temp dir)")
    parser.add_argument("--package", type=Path, help="reuse (or first write) this package")
    parser.add_argument(
        "--work",
        choices=("package", "text"),
        action="append",
        help="time only this work (may be given twice; default: both)",
    )
    args = parser.parse_args(argv)
    wanted = args.work or ["package", "text"]
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.workdir or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        size = PACKAGE_SIZES[args.size]
        package = args.package or folder / f"bench-{args.size}.apkg"
        if "package" in wanted and not package.exists():
            build_package(size, package)
        text_file = folder / f"bench-{args.size}.tsv"
        write_text_file(text_file, TEXT_LINES[args.size])
        works = [
            work
            for work in (
                Work("package", package, size.notes),
                Work("text", text_file, TEXT_LINES[args.size]),
            )
            if work.name in wanted
        ]
        sides = make_templates(folder, Processes("", folder / "pycache"))
        results = [measure(sides, work, args.repeat) for work in works]
    report, _ = table(results, judge=args.size == "full")
    print(f"{machine()}\n{code_version()}\n\n{report}")
    return 0  # a missed target is a FAIL row, not an error (as in the other benchmarks)


if __name__ == "__main__":
    raise SystemExit(main())
