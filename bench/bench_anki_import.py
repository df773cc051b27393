"""The Anki import benchmark: a big package with a long review history, read and imported.

Run ``python bench/bench_anki_import.py [--size full|tiny] [--package FILE] [--repeat N]``.

It writes an Anki package with Anki's own backend (the ``anki`` test dependency): full size
20,000 Basic notes with HTML fields (bold, a div and a list each) and 200,000 review-log
entries over 20,000 cards, or reuses ``--package``. Then it times reading the package, turning
the notes into decks, and the store's part (decks, cards and the replayed history, one
transaction) on a fresh SQLite file each repeat. No target is set by an issue; the figures
are recorded in ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.decks.anki.notes import PackageDecks, package_decks
from studyapp.decks.anki.package import AnkiPackage, read_package
from studyapp.store.package_import import import_package_decks

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import Measurement, code_version, machine, results_table, timed

SEED: Final = 7
#: The first review of the synthetic history (Anki's revlog ids are milliseconds).
HISTORY_START_MS: Final = 1_700_000_000_000
NOW: Final = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class PackageSize:
    """How big a package to build."""

    notes: int
    reviews: int


SIZES: Final = {"full": PackageSize(20_000, 200_000), "tiny": PackageSize(200, 2_000)}


def build_package(size: PackageSize, path: Path) -> None:
    """Write a package of ``size`` with Anki's backend (notes added in one call, history
    written straight into the review log)."""
    from anki.collection import AddNoteRequest, ExportAnkiPackageOptions
    from anki.collection import Collection as AnkiCollection
    from anki.decks import DeckId

    with tempfile.TemporaryDirectory() as folder:
        anki = AnkiCollection(str(Path(folder) / "collection.anki2"))
        try:
            basic = anki.models.by_name("Basic")
            deck = DeckId(anki.decks.id("Bench::Optimizers"))
            requests = []
            for number in range(size.notes):
                note = anki.new_note(basic)
                note["Front"] = f"What does optimizer <b>{number}</b> keep?"
                note["Back"] = f"<div>A running average</div><ul><li>of step {number}</li></ul>"
                note.tags = ["bench", f"group-{number % 10}"]
                requests.append(AddNoteRequest(note=note, deck_id=deck))
            anki.add_notes(requests)
            card_ids = anki.db.list("SELECT id FROM cards")
            rng = random.Random(SEED)
            log = [
                (HISTORY_START_MS + entry * 60_000, rng.choice(card_ids), -1,
                 rng.choice((1, 2, 3, 3, 3, 4)), 1, 0, 2500, rng.randrange(1000, 20000), 1)
                for entry in range(size.reviews)
            ]  # fmt: skip
            anki.db.executemany(
                "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                log,
            )
            options = ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=False, with_media=False, legacy=False
            )
            anki.export_anki_package(out_path=str(path), options=options, limit=None)
        finally:
            anki.close()


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the package, time the import's three parts, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default="full")
    parser.add_argument("--package", type=Path, help="reuse (or first write) this package")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    with tempfile.TemporaryDirectory() as folder:
        path = args.package or Path(folder) / "bench.apkg"
        if not path.exists():
            build_package(size, path)
        found: list[AnkiPackage] = []
        converted: list[PackageDecks] = []
        read_times = timed(args.repeat, lambda: found.append(read_package(path)))
        package = found[-1]
        convert_times = timed(args.repeat, lambda: converted.append(package_decks(package)))
        decks = converted[-1]
        stores = iter(range(args.repeat))

        def store() -> None:
            url = f"sqlite:///{Path(folder) / f'store-{next(stores)}.sqlite3'}"
            collection = Collection.open(url, FixedClock(NOW), bundled=False)
            try:
                with collection.engine.begin() as connection:
                    import_package_decks(
                        connection,
                        decks,
                        origin=str(path),
                        now=NOW,
                        zone=UTC,
                        scheduler=collection.scheduler,
                    )
            finally:
                collection.close()

        store_times = timed(args.repeat, store)
    notes = f"{len(package.notes):,} notes, {len(package.reviews):,} reviews"
    measurements = [
        Measurement("read the package", read_times, notes),
        Measurement("notes to decks (HTML to Markdown)", convert_times),
        Measurement("into the store (decks, cards, history replayed)", store_times),
        Measurement(
            "the whole import",
            [a + b + c for a, b, c in zip(read_times, convert_times, store_times, strict=True)],
        ),
    ]
    table, _ = results_table(measurements, judge=False, targets={})
    print(f"{machine()}\n{code_version()}\n\n{table}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
