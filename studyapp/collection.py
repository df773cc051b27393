"""The collection: the one service the CLI and the TUI use to work with the store.

It owns the engine and the clock; every method is one transaction (one user action).
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine

from studyapp.bulk import paused_gc
from studyapp.clock import Clock, SystemClock, zone_of
from studyapp.decks.dispatch import (
    AnkiPackageSource,
    DeckBackupSource,
    OtherAppSource,
    import_source,
    text_source,
)
from studyapp.decks.errors import DeckError
from studyapp.decks.files import bundled_deck_files, bundled_fingerprint, find_deck_files
from studyapp.paths import bundled_cards_dir
from studyapp.scheduling.effect import SCHEDULING_MODE, rating_effect
from studyapp.scheduling.paired import FSRS, CardMemory, PairedScheduler
from studyapp.scheduling.rating import Rating
from studyapp.scheduling.registry import checked_scheduler
from studyapp.scheduling.relearning import (
    NextReview,
    next_review,
)
from studyapp.scheduling.scheduler import Scheduled
from studyapp.scope import Scope
from studyapp.store.database import create_store_engine, get_meta, prepare_schema, set_meta
from studyapp.store.deck_list import DeckSummary
from studyapp.store.due_queue import (
    DueQueue,
    build_due_queue,
)
from studyapp.store.engine import DEFAULT_LOCK_WAIT, writer
from studyapp.store.queries import deck_keys, deck_summaries
from studyapp.store.reviews import (
    RatingOutcome,
    card_schedule,
    rated_in_spaced_on,
    record_rating,
)
from studyapp.store.scheduler_choice import collection_scheduler
from studyapp.store.settings import (
    Settings,
    read_setting,
    read_settings,
    write_settings,
)
from studyapp.store.version import (
    BROWSER_COLUMNS_KEY,
    BUNDLED_DIGEST_KEY,
)

#: The environment variable that sets how long a write waits for another process (seconds).
LOCK_WAIT_ENV_VAR = "STUDYAPP_LOCK_WAIT"

if TYPE_CHECKING:
    from studyapp.analytics.fsrs_fit import FittedParameters
    from studyapp.analytics.fsrs_workload import WorkloadSimulation
    from studyapp.analytics.report import StatsReport
    from studyapp.decks.anki.progress import CardProgress
    from studyapp.decks.models import CardSpec, DeckSpec
    from studyapp.store.card_history import CardDetail
    from studyapp.store.cards import CardView
    from studyapp.store.deck_removal import DeckSize
    from studyapp.store.deck_source import DeckSource
    from studyapp.store.importer import ImportReport
    from studyapp.store.marks import CardMarks
    from studyapp.store.recall_history import Recalls
    from studyapp.store.results import AnswerRecord, MatchResult
    from studyapp.store.scheduler_choice import FittedRecord
    from studyapp.store.search import CardRow, SearchPage
    from studyapp.store.unfinished import UnfinishedSession


@dataclass(frozen=True, slots=True)
class ImportTarget:
    """Where the user asked an import to go: another deck id, or over the deck it names.

    ``deck`` puts a file's cards in that deck (a package's several decks in ``deck-<id>``);
    ``replace`` lets the import take over a deck that came from another source.
    """

    deck: str | None = None
    replace: bool = False


#: An import that goes where its files say.
AS_NAMED = ImportTarget()


@dataclass
class ImportBatch:
    """The outcome of importing several files: a report per file imported, errors for the rest."""

    reports: list[ImportReport] = field(default_factory=list)
    errors: list[DeckError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AddedCard:
    """A card added in the app: its deck, its id, and the deck file it was written to (with
    the report of importing that file again), or no file when it was stored directly."""

    deck: str
    key: str
    path: str | None
    report: ImportReport | None = None


class DeckClaims:
    """The deck ids taken by the files of one import run, and which file took each.

    Two files of one run with the same deck id would each retire the other's cards, so the
    second one is refused (nothing of it imported) with an error naming both files; the first
    one imports as it would alone. The user then gives one of them another id.
    """

    def __init__(self) -> None:
        self._owners: dict[str, Path] = {}

    def claim(self, deck_ids: Iterable[str], path: Path) -> None:
        """Take these deck ids for ``path``; DeckError if another file of the run has one."""
        ids = list(deck_ids)
        mine = path.resolve()
        for deck_id in ids:
            owner = self._owners.get(deck_id)
            if owner is not None and owner.resolve() != mine:
                raise DeckError.single(
                    str(path),
                    None,
                    f'deck id "{deck_id}" is also the id of {owner}, imported before it in '
                    "this run; nothing of this file was imported (give one of the two decks "
                    "another id)",
                )
        for deck_id in ids:
            self._owners.setdefault(deck_id, path)


class Collection:
    """A user's decks, cards, schedules and review history."""

    def __init__(self, engine: Engine, clock: Clock | None = None) -> None:
        self.engine = engine
        #: The same engine whose ``begin()`` takes the write lock first (BEGIN IMMEDIATE).
        self.writer = writer(engine)
        self.clock: Clock = clock or SystemClock()
        #: Bundled decks that failed to import when the collection was opened.
        self.bundled_errors: list[DeckError] = []

    @classmethod
    def open(
        cls,
        url: str,
        clock: Clock | None = None,
        *,
        bundled: Path | bool | None = True,
        on_wait: Callable[[], None] | None = None,
        lock_wait: float | None = None,
    ) -> Collection:
        """Open (creating or upgrading) the store at ``url``.

        ``bundled=True`` imports the bundled decks on first run and whenever they change;
        a path uses that folder instead; ``False`` skips them.

        A write that finds another process writing waits for it: quietly for a second, then
        calling ``on_wait`` (once in the collection's life, e.g. to say "waiting for another
        studyapp process…"), up to ``lock_wait`` seconds in all; then it raises
        :class:`~studyapp.store.errors.StoreBusyError` (a StoreError) and changes nothing.
        Raises StoreError if the store can't be used (not studyapp's, unreachable, newer).
        """
        if lock_wait is None:
            lock_wait = lock_wait_from_env()
        engine = create_store_engine(url, lock_wait=lock_wait, on_wait=on_wait)
        collection = cls(engine, clock)
        try:
            prepare_schema(engine, zone_of(collection.clock))
            if bundled is not False:
                folder = bundled_cards_dir() if bundled is True else bundled
                assert isinstance(folder, Path)
                collection.bundled_errors = collection.sync_bundled_decks(folder).errors
        except BaseException:
            engine.dispose()
            raise
        return collection

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def today(self) -> date:
        """The user's local day."""
        return self.clock.now().date()

    # --- decks -----------------------------------------------------------------------------

    def import_file(
        self,
        path: Path,
        fmt: str | None = None,
        *,
        separator: str | None = None,
        row_separator: str | None = None,
        claims: DeckClaims | None = None,
        target: ImportTarget = AS_NAMED,
        bundled: bool = False,
    ) -> ImportReport:
        """Import one file in one transaction; DeckError (nothing imported) if it is bad.

        Deck files (``.md``, ``.yaml``) are read as decks; anything else (or any ``fmt`` other
        than md and yaml) as another app's export, its format detected unless ``fmt`` names
        it (:func:`studyapp.decks.dispatch.text_source` decides). A deck file whose exact
        content was the last import of its deck is not parsed again: nothing could change,
        and the report says every card is unchanged. With ``claims`` (one import run's), a
        deck id another file of the run has is an error.

        ``target`` is where the user asked the cards to go. A deck id that belongs to a deck
        of another source is refused (:class:`~studyapp.store.deck_source.DeckTakenError`),
        unless this file was imported into another deck before: it goes there again.
        ``bundled`` marks the app's own decks (:meth:`sync_bundled_decks`).
        """
        from studyapp.decks.files import deck_file_digest, parse_deck_text
        from studyapp.decks.reading import decode_text, read_bytes, read_text
        from studyapp.store.deck_source import DeckSource
        from studyapp.store.importer import unchanged_file_report

        text = text_source(path, fmt)
        origin = str(path.resolve())
        if isinstance(text, OtherAppSource):
            from studyapp.decks.importers.formats import read_other_app_export

            deck, other_format = read_other_app_export(
                read_text(path),
                str(path),
                text.fmt,
                separator=separator,
                row_separator=row_separator,
            )
            deck = _retargeted(deck, target.deck)
            (claims or DeckClaims()).claim([deck.id], path)
            imported = self._import_from(
                deck, DeckSource("export", origin), fmt=other_format.label, target=target
            )
            return replace(imported, path=str(path))
        deck_fmt = text.fmt
        data = read_bytes(path)
        digest = deck_file_digest(data, deck_fmt)
        with self.engine.connect() as connection:
            report = unchanged_file_report(connection, origin, digest, deck_fmt)
        if report is None or (target.deck not in (None, report.deck)) or target.replace:
            deck = _retargeted(
                parse_deck_text(decode_text(data, str(path)), str(path), deck_fmt), target.deck
            )
            (claims or DeckClaims()).claim([deck.id], path)
            source = DeckSource("bundled" if bundled else "file", origin)
            report = self._import_from(deck, source, fmt=deck_fmt, digest=digest, target=target)
        else:
            (claims or DeckClaims()).claim([report.deck], path)
        return replace(report, path=str(path))

    def _import_from(
        self,
        deck: DeckSpec,
        source: DeckSource,
        *,
        fmt: str,
        target: ImportTarget,
        digest: str | None = None,
    ) -> ImportReport:
        """Import ``deck`` from ``source`` as ``target`` says; into the deck the same file went
        to before when its own id is taken by another source and no target was named."""
        from studyapp.store.deck_source import DeckTakenError
        from studyapp.store.queries import deck_from_origin

        if target.deck is None and source.origin is not None:  # renamed since: go there
            deck = _retargeted(deck, self._renames_of(source.origin, source.kind).get(deck.id))
        try:
            return self.import_spec(
                deck, origin=source.origin or "", fmt=fmt, digest=digest, source=source,
                replace=target.replace,
            )  # fmt: skip
        except DeckTakenError:
            if target.deck is not None or source.origin is None:
                raise
            with self.engine.connect() as connection:
                before = deck_from_origin(connection, source.origin, source.kind)
            if before is None or before == deck.id:
                raise
            return self.import_spec(
                deck.model_copy(update={"id": before}), origin=source.origin, fmt=fmt,
                digest=digest, source=source,
            )  # fmt: skip

    def _renames_of(self, origin: str, kind: str) -> dict[str, str]:
        """The decks renamed since they were imported from ``origin``: the id the file says,
        and the deck's id now (see :mod:`studyapp.store.deck_rename`)."""
        from studyapp.store.deck_rename import renames_from

        with self.engine.connect() as connection:
            return renames_from(connection, origin, kind)

    def import_spec(
        self,
        deck: DeckSpec,
        *,
        origin: str,
        fmt: str,
        digest: str | None = None,
        source: DeckSource | None = None,
        replace: bool = False,
    ) -> ImportReport:
        """Import an already-validated deck in one transaction (planned before the write lock
        is taken, so other processes wait only for the write itself).

        ``source`` (default: a deck file at ``origin``) and ``replace`` are
        :func:`studyapp.store.importer.plan_deck`'s.
        """
        from studyapp.store.importer import deck_plan_still_valid, plan_deck, write_deck
        from studyapp.store.planned_write import plan_then_write

        now = self.clock.now()
        with paused_gc():
            return plan_then_write(
                self.engine,
                lambda connection: plan_deck(
                    connection,
                    deck,
                    origin=origin,
                    fmt=fmt,
                    now=now,
                    digest=digest,
                    source=source,
                    replace=replace,
                ),
                deck_plan_still_valid,
                write_deck,
            )

    def import_paths(
        self,
        paths: Iterable[Path],
        fmt: str | None = None,
        *,
        target: ImportTarget = AS_NAMED,
        bundled: bool = False,
        **options: str | None,
    ) -> ImportBatch:
        """Import files (deck files, Anki packages or other apps' exports) and folders of deck
        files, each file on its own, each read as :mod:`studyapp.decks.dispatch` says.

        ``fmt``, ``target`` and ``options`` (``separator``, ``row_separator``) apply to every
        file named. A file whose deck id an earlier file of the same run has is refused (see
        :class:`DeckClaims`).
        """
        batch = ImportBatch()
        claims = DeckClaims()
        for path in find_deck_files(paths):
            try:
                if isinstance(import_source(path, fmt), DeckBackupSource):
                    batch.reports.append(self.restore_deck(path, claims=claims, target=target))
                elif isinstance(import_source(path, fmt), AnkiPackageSource):
                    batch.reports.extend(
                        self.import_anki_package(path, claims=claims, target=target)
                    )
                else:
                    batch.reports.append(
                        self.import_file(
                            path, fmt, claims=claims, target=target, bundled=bundled, **options
                        )
                    )
            except DeckError as error:
                batch.errors.append(error)
        return batch

    def import_anki_package(
        self, path: Path, *, claims: DeckClaims | None = None, target: ImportTarget = AS_NAMED
    ) -> list[ImportReport]:
        """Import an Anki package (.apkg, .colpkg) in one transaction: its decks, its cards, and
        its review history replayed into the schedule; DeckError (nothing imported) if it is bad.

        The rules are in :mod:`studyapp.decks.anki.notes` and
        :mod:`studyapp.store.review_import`; the last report's remarks tell what was not
        imported (media files, notes that cannot be cards).
        """
        from studyapp.decks.anki.notes import package_decks, renamed_package, retargeted_package
        from studyapp.decks.anki.package import read_package
        from studyapp.store.package_import import (
            package_plan_still_valid,
            package_remarks,
            plan_package,
            write_package,
        )
        from studyapp.store.planned_write import plan_then_write

        with paused_gc():  # (the package's notes and log read, converted and replayed)
            converted = retargeted_package(package_decks(read_package(path)), target.deck)
        if target.deck is None:  # decks renamed since the package was imported stay renamed
            converted = renamed_package(converted, self._renames_of(str(path.resolve()), "package"))
        if not converted.decks:
            reasons = "".join(f"\n  {note}" for note in converted.skipped)
            raise DeckError.single(str(path), None, f"has no notes that can be cards{reasons}")
        (claims or DeckClaims()).claim([deck.id for deck in converted.decks], path)
        now, zone, scheduler = self.clock.now(), zone_of(self.clock), self.scheduler
        with paused_gc():
            reports, replayed = plan_then_write(
                self.engine,
                lambda connection: plan_package(
                    connection,
                    converted,
                    origin=str(path.resolve()),
                    now=now,
                    zone=zone,
                    scheduler=scheduler,
                    replace=target.replace,
                ),
                package_plan_still_valid,
                write_package,
            )
        reports = [replace(report, path=str(path)) for report in reports]
        reports[-1] = replace(reports[-1], remarks=package_remarks(converted, replayed))
        return reports

    def sync_bundled_decks(self, folder: Path) -> ImportBatch:
        """Import the bundled decks if they are new to this store or have changed since.

        A bundled deck with errors is skipped (and reported in the batch) without stopping
        the others; the sync is tried again on the next start until every deck imports. A
        bundled deck the user took over (an import with ``--replace``, or adopted into a file)
        is the user's now, and one the user removed stays removed: the sync leaves them alone.
        """
        from studyapp.store.deck_source import DeckTakenError
        from studyapp.store.removed_bundled import removed_bundled_decks

        files = bundled_deck_files(folder)
        fingerprint = bundled_fingerprint(files)
        with self.engine.connect() as connection:
            if get_meta(connection, BUNDLED_DIGEST_KEY) == fingerprint:
                return ImportBatch()
            removed = removed_bundled_decks(connection)
        files = [path for path in files if path.stem not in removed]  # a file is named by its id
        batch = self.import_paths(files, bundled=True)
        batch.errors = [error for error in batch.errors if not isinstance(error, DeckTakenError)]
        if not batch.errors:
            with self.writer.begin() as connection:
                set_meta(connection, BUNDLED_DIGEST_KEY, fingerprint)
        return batch

    def rename_deck(self, old: str, new: str, title: str | None = None) -> str | None:
        """Give deck ``old`` the id ``new`` (and ``title``): its history, tests, games, saved
        sessions and later imports of its file follow it; the file it is imported from, if
        any. DeckRenameError (nothing changed) for an unknown deck, a taken id or a bundled
        deck."""
        from studyapp.store.deck_rename import rename_deck

        with self.writer.begin() as connection:
            return rename_deck(connection, old, new, title)

    def deck_size(self, key: str) -> DeckSize:
        """How many cards and reviews a deck has (UnknownDeckError if there is none)."""
        from studyapp.store.deck_removal import deck_size

        with self.engine.connect() as connection:
            return deck_size(connection, key)

    def remove_deck(self, key: str, folder: Path) -> Path:
        """Remove a deck with all its cards and history, after writing a backup of it into
        ``folder`` (created if missing) that :meth:`import_paths` restores; the backup's path.

        One transaction: if the backup cannot be written, nothing is removed.
        UnknownDeckError if there is no such deck.
        """
        from studyapp.atomic_file import write_text_atomically
        from studyapp.store.deck_backup import backup_file_name, backup_text
        from studyapp.store.deck_removal import deck_rows, delete_deck

        now = self.clock.now()
        with self.writer.begin() as connection:
            backup = deck_rows(connection, key, now)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / backup_file_name(key, now)
            for number in itertools.count(2):  # never over an earlier backup of the same second
                if not path.exists():
                    break
                path = folder / backup_file_name(key, now, number)
            write_text_atomically(path, backup_text(backup))
            delete_deck(connection, key)
        return path

    def restore_deck(
        self, path: Path, *, claims: DeckClaims | None = None, target: ImportTarget = AS_NAMED
    ) -> ImportReport:
        """Restore a deck backup (:meth:`remove_deck`'s) in one transaction, as deck
        ``target.deck`` if given; DeckError (nothing restored) for a bad backup or a taken id."""
        from studyapp.decks.reading import read_bytes
        from studyapp.store.deck_backup import MAX_BACKUP_BYTES, read_backup
        from studyapp.store.deck_restore import restore_deck
        from studyapp.store.importer import ImportReport

        if target.replace:
            raise DeckError.single(
                str(path), None, "a backup restores a whole deck: it never replaces one "
                "(remove that deck first, or restore under another id with --deck NEW)",
            )  # fmt: skip
        backup = read_backup(read_bytes(path, MAX_BACKUP_BYTES), str(path))
        key = target.deck or backup.key
        (claims or DeckClaims()).claim([key], path)
        with self.writer.begin() as connection:
            restored = restore_deck(connection, backup, key, str(path))
            self._switch_due_days(
                connection, collection_scheduler(connection).name, restored.deck_id
            )
        retired = restored.cards - restored.active
        remark = (
            f"restored with {restored.reviews} reviews and {restored.answers} answers"
            + (f" (and {retired} retired cards)" if retired else "")
            + f", as backed up {backup.written_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        )
        remarks = [remark]
        if restored.sessions_left_out:
            remarks.append(
                f"{restored.sessions_left_out} unfinished session(s) left out: their cards "
                "have new row ids"
            )
        return ImportReport(
            deck=key,
            path=str(path),
            format="backup",
            added=restored.active,
            remarks=tuple(remarks),
        )

    def deck_keys(self) -> list[str]:
        """The ids of all decks."""
        with self.engine.connect() as connection:
            return deck_keys(connection)

    def deck_summaries(self) -> list[DeckSummary]:
        """Each deck's card counts, due today and mastery."""
        with self.engine.connect() as connection:
            return deck_summaries(connection, self.today())

    def tag_summaries(self) -> list[DeckSummary]:
        """Each tag of an active card with the same counts as a deck (``key`` is the tag)."""
        from studyapp.store.queries import tag_summaries

        with self.engine.connect() as connection:
            return tag_summaries(connection, self.today())

    def card_row(self, card_id: int) -> CardRow | None:
        """What the card browser lists of one card (None if there is no such active card)."""
        from studyapp.store.search import card_rows

        with self.engine.connect() as connection:
            return card_rows(connection, [card_id], self.today()).get(card_id)

    def search_cards(
        self,
        query: str,
        *,
        sort: str = "due",
        descending: bool = False,
        offset: int = 0,
        limit: int | None = 100,
    ) -> SearchPage:
        """A sorted page of the active cards a browser search finds (``limit`` None: all), and
        how many it finds (:mod:`studyapp.store.search_query`); a SearchError if the query
        cannot be read."""
        from studyapp.store.search import search_cards
        from studyapp.store.search_query import parse_query

        parsed = parse_query(query)
        with self.engine.connect() as connection:
            return search_cards(
                connection,
                parsed,
                self.today(),
                sort=sort,
                descending=descending,
                offset=offset,
                limit=limit,
            )

    def add_card(self, deck_key: str, card: CardSpec) -> AddedCard:
        """Add a card (made in the app) to a deck, where the deck lives: appended to its deck
        file (the rest of the file unchanged) and the file imported again, or, for a deck with
        no file of its own (bundled, an export, a package, made here), stored as made here.

        The card gets a stable id unless it has one. DeckError (nothing changed, the file as
        it was) if the card can't be added to the file or the file then fails to import;
        UnknownDeckError for no such deck.
        """
        from studyapp.atomic_file import write_bytes_atomically
        from studyapp.decks.append import appended_deck, new_card_id
        from studyapp.decks.files import deck_format_of
        from studyapp.decks.reading import read_bytes
        from studyapp.store.added_cards import (
            UnknownDeckError,
            card_keys,
            deck_source_of,
            store_added_card,
        )

        with self.engine.connect() as connection:
            source = deck_source_of(connection, deck_key)
            taken = card_keys(connection, deck_key)
        if source is None:
            raise UnknownDeckError(f"no deck {deck_key!r}")
        if card.id is None:
            card = card.model_copy(update={"id": new_card_id(card.question, taken)})
        assert card.id is not None
        path = Path(source.origin) if source.kind == "file" and source.origin else None
        fmt = deck_format_of(path) if path is not None else None
        if path is None or fmt is None:
            with self.writer.begin() as connection:
                store_added_card(connection, deck_key, card, self.clock.now())
            return AddedCard(deck_key, card.id, None)
        data = read_bytes(path)
        appended, _ = appended_deck(data, str(path), fmt, card)
        write_bytes_atomically(path, appended)
        try:
            report = self.import_file(path, target=ImportTarget(deck=deck_key))
        except BaseException:
            write_bytes_atomically(path, data)
            raise
        return AddedCard(deck_key, card.id, str(path), report)

    def export_deck(self, key: str) -> DeckSpec | None:
        """A deck's active cards as a DeckSpec, or None if there is no such deck."""
        from studyapp.store.queries import stored_deck

        with self.engine.connect() as connection:
            return stored_deck(connection, key)

    def deck_progress(self, key: str) -> dict[str, CardProgress]:
        """The learning progress of a deck's cards (schedules and spaced ratings) by card id,
        for an Anki export."""
        from studyapp.store.progress import deck_progress

        with self.engine.connect() as connection:
            return deck_progress(connection, key)

    def adopt_deck(self, key: str, path: Path, *, force: bool = False) -> ImportReport:
        """Write a deck (its active cards, as edited) to a deck file, Markdown or YAML by the
        file's name, and make that file the deck's source from now on: an import of it
        updates the deck, the bundled decks' updates leave it alone, and edits made in the
        app are in the file now (so no longer kept apart from it).

        The file is written whole or not at all. Raises LookupError for no such deck,
        FileExistsError when ``path`` exists (unless ``force``), DeckError (nothing written)
        when the name is not a deck file's or a card cannot be written in that format, and
        OSError when the file cannot be written. The report is the adopting import's.
        """
        from studyapp.atomic_file import write_text_atomically
        from studyapp.decks.files import (
            DECK_SUFFIXES,
            deck_file_digest,
            deck_format_of,
            dump_deck,
            parse_deck_text,
        )
        from studyapp.store.deck_source import DeckSource

        fmt = deck_format_of(path)
        if fmt is None:
            suffixes = ", ".join(DECK_SUFFIXES)
            raise DeckError.single(str(path), None, f"a deck file's name ends in {suffixes}")
        deck = self.export_deck(key)
        if deck is None:
            raise LookupError(f'no deck "{key}"')
        existed = path.exists()
        if existed and not force:
            raise FileExistsError(str(path))
        text = dump_deck(deck, fmt)
        parsed = parse_deck_text(text, str(path), fmt)  # the file as it will be read back
        write_text_atomically(path, text)
        origin = str(path.resolve())
        try:
            report = self.import_spec(
                parsed, origin=origin, fmt=fmt, digest=deck_file_digest(text.encode(), fmt),
                source=DeckSource("file", origin), replace=True,
            )  # fmt: skip
        except BaseException:
            if not existed:  # the deck stays as it was: no file of it left behind either
                path.unlink(missing_ok=True)
            raise
        return replace(report, path=str(path))

    # --- studying --------------------------------------------------------------------------

    @property
    def new_per_day(self) -> int:
        """How many new cards a day the due queue introduces (default 20)."""
        return self._number("new-per-day")

    @new_per_day.setter
    def new_per_day(self, value: int) -> None:
        self.change_settings({"new-per-day": value})

    @property
    def reviews_per_day(self) -> int:
        """The most reviews a day the due queue holds (default 200, like Anki's)."""
        return self._number("reviews-per-day")

    @reviews_per_day.setter
    def reviews_per_day(self, value: int) -> None:
        self.change_settings({"reviews-per-day": value})

    @property
    def learning_steps(self) -> int:
        """Minutes from a spaced rating below 4 to the card's return that day (default 10)."""
        return self._number("learning-steps")

    @learning_steps.setter
    def learning_steps(self, minutes: int) -> None:
        self.change_settings({"learning-steps": minutes})

    @property
    def learning_step(self) -> timedelta:
        """The learning step (`learning_steps`) as a duration."""
        return timedelta(minutes=self.learning_steps)

    @property
    def scheduler_name(self) -> str:
        """The name of the scheduler whose due days the cards have (default ``sm2``)."""
        return str(self._setting("scheduler"))

    @scheduler_name.setter
    def scheduler_name(self, name: str) -> None:
        checked_scheduler(name)  # ValueError, naming the schedulers, for an unknown one
        self.change_settings({"scheduler": name})

    @property
    def scheduler(self) -> PairedScheduler:
        """The scheduler that moves this collection's cards: both SM-2 and FSRS, with the
        setting's due days (see :mod:`studyapp.scheduling.paired`)."""
        with self.engine.connect() as connection:
            return collection_scheduler(connection)

    @property
    def leech_threshold(self) -> int:
        """After how many lapses a card is a leech (default 8, as in Anki; 0: never)."""
        return self._number("leech-threshold")

    @leech_threshold.setter
    def leech_threshold(self, value: int) -> None:
        self.change_settings({"leech-threshold": value})

    @property
    def leech_action(self) -> str:
        """What becoming a leech does to a card: ``suspend`` it (default) or only ``tag`` it."""
        return str(self._setting("leech-action"))

    @leech_action.setter
    def leech_action(self, value: str) -> None:
        self.change_settings({"leech-action": value})

    @property
    def theme(self) -> str:
        """The TUI's colour theme: ``dark`` (default) or ``light``."""
        return str(self._setting("theme"))

    @theme.setter
    def theme(self, value: str) -> None:
        self.change_settings({"theme": value})

    @property
    def browser_columns(self) -> tuple[str, ...] | None:
        """The columns the card browser shows as room allows, by their sort names (None: not
        chosen, every column)."""
        from studyapp.store.search_query import SORT_COLUMNS

        with self.engine.connect() as connection:
            recorded = get_meta(connection, BROWSER_COLUMNS_KEY)
        try:
            chosen = json.loads(recorded) if recorded else None
        except ValueError:
            return None
        if not isinstance(chosen, list):
            return None
        return tuple(name for name in chosen if name in SORT_COLUMNS)

    @browser_columns.setter
    def browser_columns(self, columns: Sequence[str]) -> None:
        from studyapp.store.search_query import SORT_COLUMNS

        unknown = [name for name in columns if name not in SORT_COLUMNS]
        if unknown:
            raise ValueError(f"no column {unknown[0]!r} (columns: {', '.join(SORT_COLUMNS)})")
        with self.writer.begin() as connection:
            set_meta(connection, BROWSER_COLUMNS_KEY, json.dumps(list(columns)))

    def settings(self) -> Settings:
        """Every setting's value (see :data:`~studyapp.store.settings.SETTINGS`)."""
        with self.engine.connect() as connection:
            return read_settings(connection)

    def change_settings(self, changes: Mapping[str, int | str]) -> Settings:
        """Store these settings (values by name: ``{"new-per-day": 30}``) in one transaction,
        each checked first: a :class:`~studyapp.store.settings.SettingError` (a ValueError)
        for a bad one, and nothing stored. The settings now."""
        with self.writer.begin() as connection:
            before = read_settings(connection)
            after = write_settings(connection, changes)
            if after.scheduler != before.scheduler:
                self._switch_due_days(connection, after.scheduler)
            return after

    def _switch_due_days(
        self, connection: Connection, scheduler: str, deck_id: int | None = None
    ) -> None:
        """Give every card (of one deck, if given) the due day of ``scheduler``, working out
        first the FSRS memories not known yet if it is FSRS."""
        from studyapp.store.fsrs_states import use_due_days_of

        if scheduler == FSRS:
            self._work_out_memories(connection, deck_id)
        use_due_days_of(connection, scheduler, deck_id)

    def _work_out_memories(self, connection: Connection, deck_id: int | None = None) -> int:
        """Work out the FSRS memory, from its history, of each card (of one deck, if given)
        whose memory is not known; how many there were."""
        from studyapp.analytics.fsrs_memory import starting_memories
        from studyapp.store.fsrs_states import sm2_memories, unknown_memories, write_memories
        from studyapp.store.recall_history import recall_histories

        cards = unknown_memories(deck_id)
        fsrs = collection_scheduler(connection).fsrs
        memories = starting_memories(
            recall_histories(connection, cards), sm2_memories(connection, cards), fsrs
        )
        write_memories(connection, memories, with_due=True)
        return len(memories)

    def _setting(self, name: str) -> int | str:
        with self.engine.connect() as connection:
            return read_setting(connection, name)

    def _number(self, name: str) -> int:
        value = self._setting(name)
        assert isinstance(value, int), (name, value)
        return value

    def due_queue(self, scope: Scope | Sequence[str] | None = None) -> DueQueue:
        """Today's queue: relearning cards due now, overdue reviews oldest first, then new
        cards, within the daily limits (see :func:`~studyapp.store.due_queue.build_due_queue`).

        ``scope`` is a :class:`Scope`, or a list of deck ids, or None for all decks.
        """
        if not isinstance(scope, Scope):
            scope = Scope.of_decks(scope)
        new_per_day, reviews_per_day = self.new_per_day, self.reviews_per_day
        learning_step = self.learning_step
        with self.engine.connect() as connection:
            return build_due_queue(
                connection,
                self.clock.now(),
                scope=scope,
                new_per_day=new_per_day,
                reviews_per_day=reviews_per_day,
                learning_step=learning_step,
            )

    # --- FSRS fitted to the review log (issue 19) ---------------------------------------

    def recall_histories(self) -> list[tuple[int, Recalls]]:
        """Every card's recalls (its scheduled spaced ratings, one a day), to fit FSRS to."""
        from studyapp.store.recall_history import recall_histories

        with self.engine.connect() as connection:
            return list(recall_histories(connection))

    def fsrs_fitted(self) -> FittedRecord | None:
        """The FSRS parameters last fitted to this collection, if any (else FSRS runs on its
        defaults)."""
        from studyapp.store.scheduler_choice import fitted_record

        with self.engine.connect() as connection:
            return fitted_record(connection)

    def keep_fsrs_parameters(self, fitted: FittedParameters) -> int:
        """Keep parameters fitted to the review log as the collection's, and work every card's
        FSRS memory out again under them from its history (the due days FSRS gave stay, as in
        Anki; a card's next review uses its new memory). How many cards' memories were worked
        out. ValueError for parameters that were not fitted (too few reviews)."""
        from studyapp.analytics.fsrs_memory import starting_memories
        from studyapp.store.fsrs_states import (
            every_scheduled_card,
            sm2_memories,
            unknown_memories,
            use_due_days_of,
            write_memories,
        )
        from studyapp.store.recall_history import recall_histories
        from studyapp.store.scheduler_choice import FittedRecord, keep_fitted

        if not fitted.fitted:
            raise ValueError("too few reviews were fitted: FSRS keeps its defaults")
        record = FittedRecord(fitted.parameters, self.today(), fitted.recalls, fitted.items)
        with self.writer.begin() as connection:
            keep_fitted(connection, record)
            scheduler = collection_scheduler(connection)
            unknown: set[int] = {row[0] for row in connection.execute(unknown_memories())}
            memories = starting_memories(  # the log read once, for every card
                recall_histories(connection, every_scheduled_card()),
                sm2_memories(connection, unknown_memories()),
                scheduler.fsrs,
            )
            # a card whose memory was not known gets FSRS's due day too; the others keep theirs
            for with_due in (True, False):
                chosen = {
                    card: kept for card, kept in memories.items() if (card in unknown) == with_due
                }
                write_memories(connection, chosen, with_due=with_due)
            if unknown and scheduler.name == FSRS:
                use_due_days_of(connection, FSRS)
            return len(memories)

    def fsrs_workload(self, days: int = 365) -> WorkloadSimulation:
        """The workload each desired retention would bring over the next ``days``: FSRS's
        simulator on a collection of this many studiable cards (active, not suspended) at the
        daily limits, by the collection's FSRS parameters (see
        :mod:`studyapp.analytics.fsrs_workload`). ValueError with no card to study or no new
        card a day."""
        from sqlalchemy import func, select

        from studyapp.analytics.fsrs_workload import simulate_workload
        from studyapp.store.schema import card_states

        settings = self.settings()
        with self.engine.connect() as connection:
            parameters = collection_scheduler(connection).fsrs.parameters
            cards = connection.scalar(
                select(func.count()).where(
                    card_states.c.active.is_(True), card_states.c.suspended.is_(False)
                )
            )
        if not cards:
            raise ValueError("there are no cards to study: import a deck first")
        if settings.new_per_day < 1:
            raise ValueError(
                "new-per-day is 0: the simulation studies the cards from new, a few a day "
                "(studyapp config new-per-day 20)"
            )
        return simulate_workload(
            parameters,
            int(cards),
            settings.new_per_day,
            settings.reviews_per_day,
            maximum_interval=settings.maximum_interval,
            days=days,
        )

    def preview(self, card_id: int) -> dict[Rating, Scheduled[CardMemory]]:
        """What each rating would do to the card's schedule if given now, scheduled in spaced
        mode: the same rule :meth:`rate` records by. UnknownCardError for no such card."""
        with self.engine.connect() as connection:
            scheduler = _scheduler_of(connection)
            memory = card_schedule(connection, card_id).memory
        return dict(scheduler.preview(memory, self.today()))

    def next_reviews(self, card_id: int, *, repeat: bool = False) -> dict[Rating, NextReview]:
        """When the card would come back after each rating given now in spaced review: a
        rating below 4 after the learning step, today; 4 or 5 on the due day the rating leaves
        it. The rule :meth:`rate` records by (`rating_effect`); a repeat of the day (``repeat``,
        or a card already rated in spaced review today) leaves the due day as it is.
        UnknownCardError for no such card."""
        now = self.clock.now()
        today = now.date()
        step = self.learning_step
        with self.engine.connect() as connection:
            scheduler = _scheduler_of(connection)
            before = card_schedule(connection, card_id)
            first = not repeat and not rated_in_spaced_on(connection, card_id, today)
        return {
            rating: next_review(
                rating,
                rating_effect(
                    scheduler, before, rating, mode=SCHEDULING_MODE, today=today, scheduled=first
                ).after.due,
                now,
                step,
            )
            for rating in Rating
        }

    def rate(
        self,
        card_id: int,
        rating: Rating,
        *,
        mode: str = "spaced",
        response_ms: int | None = None,
        scheduled: bool = True,
        at: datetime | None = None,
    ) -> RatingOutcome:
        """Record a rating given ``at`` (default now), committed before this returns.

        A rating saved late (another process held the database) keeps the moment and the day
        it was given. The collection's scheduler moves the card in spaced mode. A plain int
        from a script is taken as a rating here (ValueError outside 1–5).
        """
        rating = Rating.of(rating)
        now = at or self.clock.now()
        with self.writer.begin() as connection:
            return record_rating(
                connection,
                _scheduler_of(connection),
                card_id,
                rating,
                mode=mode,
                now=now,
                today=now.date(),
                response_ms=response_ms,
                scheduled=scheduled,
                leeches=True,
            )

    def cards(self, card_ids: Iterable[int]) -> dict[int, CardView]:
        """The content of these cards, by id."""
        from studyapp.store.cards import load_cards

        with self.engine.connect() as connection:
            return load_cards(connection, card_ids)

    def undo(self, review_id: int) -> int:
        """Take back a rating: its log row goes, the card's state is restored (the leech
        action it took too); the card's id."""
        from studyapp.store.reviews import undo_rating

        with self.writer.begin() as connection:
            return undo_rating(connection, _scheduler_of(connection), review_id, leeches=True)

    # --- marks: suspend, bury, star, flag (studyapp.store.marks) ------------------------

    def suspend(self, card_ids: Iterable[int], on: bool = True) -> list[int]:
        """Suspend the cards (``on``) or unsuspend them; the ids changed."""
        from studyapp.store.marks import set_suspended

        return self._marking(set_suspended, card_ids, on)

    def bury(self, card_ids: Iterable[int]) -> list[int]:
        """Keep the cards out of study until the user's next local day; the ids changed."""
        from studyapp.store.marks import bury

        return self._marking(bury, card_ids, self.today() + timedelta(days=1))

    def unbury(self, card_ids: Iterable[int]) -> list[int]:
        """Let buried cards be studied again today; the ids changed."""
        from studyapp.store.marks import unbury

        return self._marking(unbury, card_ids)

    def star(self, card_ids: Iterable[int], on: bool = True) -> list[int]:
        """Star the cards (``on``) or unstar them; the ids changed."""
        from studyapp.store.marks import set_starred

        return self._marking(set_starred, card_ids, on)

    def flag(self, card_ids: Iterable[int], colour: int) -> list[int]:
        """Flag the cards with colour 1–7 (Anki's: red, orange, green, blue, pink, turquoise,
        purple), or 0 to take their flag away; the ids changed. ValueError for another number."""
        from studyapp.store.marks import set_flag

        return self._marking(set_flag, card_ids, colour)

    def card_ids(self, refs: Iterable[str]) -> dict[str, int]:
        """The ids of the cards named ``DECK/CARD`` that exist (see
        :mod:`studyapp.store.card_refs`); CardRefError for a name not of that form."""
        from studyapp.store.card_refs import card_ids_of

        with self.engine.connect() as connection:
            return card_ids_of(connection, refs)

    def card_marks(self, card_id: int) -> CardMarks:
        """A card's marks (suspended, buried, starred, flag, leech); UnknownCardError if none."""
        from studyapp.store.marks import card_marks

        with self.engine.connect() as connection:
            return card_marks(connection, card_id)

    def _marking(
        self, change: Callable[..., list[int]], card_ids: Iterable[int], *args: object
    ) -> list[int]:
        """One transaction of a :mod:`studyapp.store.marks` setter over these cards."""
        with self.writer.begin() as connection:
            return change(connection, card_ids, *args)

    def stats(self, scope: Scope | None = None) -> StatsReport:
        """Every mastery figure of a scope (default: all decks) as of now."""
        from studyapp.analytics.report import stats_report

        with self.engine.connect() as connection:
            return stats_report(connection, scope or Scope(), self.clock.now(), zone_of(self.clock))

    # --- one card: its detail and its edits ----------------------------------------------

    def card_detail(self, card_id: int) -> CardDetail:
        """The card's content, its deck and source (with the card's line when the deck is a
        file), its schedule and marks, and its whole history; UnknownCardError for none."""
        from studyapp.decks.card_location import card_line_in_file
        from studyapp.store.card_history import card_detail

        with self.engine.connect() as connection:
            detail = card_detail(connection, card_id, self.today())
        if detail.in_file and detail.origin.path is not None:
            line = card_line_in_file(Path(detail.origin.path), detail.origin.key)
            detail = replace(detail, line=line)
        return detail

    def edit_card(self, card_id: int, changes: dict[str, object]) -> bool:
        """Change a card's content in the app (for a card whose deck has no file to edit):
        ``changes`` maps fields of :data:`~studyapp.decks.card_edit.EDITABLE_FIELDS` to new
        values. The card keeps its id and history; an import from its deck's source keeps the
        edit. Whether anything changed; CardEditError (nothing changed) for an invalid card,
        UnknownCardError for no such card."""
        from studyapp.decks.card_edit import edited_card
        from studyapp.store.card_edit import stored_card_spec, write_card_edit

        with self.engine.connect() as connection:
            card = edited_card(stored_card_spec(connection, card_id), changes)
        with self.writer.begin() as connection:
            return write_card_edit(connection, card_id, card, self.clock.now())

    # --- learn, test and matching results ---------------------------------------------------

    def scope_cards(self, scope: Scope) -> list[CardView]:
        """The active cards of a scope, in deck and file order."""
        from studyapp.store.cards import load_cards
        from studyapp.store.results import scope_card_ids

        with self.engine.connect() as connection:
            ids = scope_card_ids(connection, scope, self.today())
            found = load_cards(connection, ids)
        return [found[card_id] for card_id in ids]

    def scope_card_order(self, scope: Scope) -> list[int]:
        """The ids of the active cards of a scope (those :meth:`scope_cards` gives), in deck
        and file order, without their content."""
        from studyapp.store.results import scope_card_ids

        with self.engine.connect() as connection:
            return scope_card_ids(connection, scope, self.today())

    def scope_card_set(self, scope: Scope) -> list[int]:
        """The ids of the active cards of a scope (those :meth:`scope_cards` gives), by id,
        without their content: a session that draws cards loads only those it draws."""
        from studyapp.store.results import scope_card_set

        with self.engine.connect() as connection:
            return scope_card_set(connection, scope, self.today())

    def short_answers(self, scope: Scope) -> list[tuple[int, str | None]]:
        """Each card of a scope that is not numeric with its short answer, and nothing else:
        what a test's setup reads to count the cards it can ask."""
        from studyapp.store.results import short_answers

        with self.engine.connect() as connection:
            return short_answers(connection, scope, self.today())

    def record_answer(self, record: AnswerRecord) -> int:
        """Write one learn/test/matching answer now (committed); its id."""
        from studyapp.store.results import record_answer

        with self.writer.begin() as connection:
            return record_answer(connection, record)

    def mark_answer_right(self, answer_id: int) -> None:
        """Record that the student overrode a wrong grading ("I was right")."""
        from studyapp.store.results import mark_answer_right

        with self.writer.begin() as connection:
            mark_answer_right(connection, answer_id)

    def mark_test_answer_right(self, test_id: int, card_id: int) -> None:
        """Record that the student overrode the wrong grading of a card's written answer in a
        finished test ("I was right"): the answer and the test's score, in one transaction."""
        from studyapp.store.results import answer_id_in_test, mark_answer_right

        with self.writer.begin() as connection:
            mark_answer_right(connection, answer_id_in_test(connection, test_id, card_id))

    def record_test(
        self,
        scope: Scope,
        started_at: datetime,
        kinds: Sequence[str],
        results: Sequence[AnswerRecord],
        *,
        questions: int,
        correct: int,
        finished_at: datetime | None = None,
    ) -> int:
        """Write a test finished ``finished_at`` (default now) with its answers, in one
        transaction."""
        from studyapp.store.results import record_test

        with self.writer.begin() as connection:
            return record_test(
                connection,
                scope,
                started_at,
                finished_at or self.clock.now(),
                kinds,
                results,
                questions=questions,
                correct=correct,
            )

    def record_match_game(self, result: MatchResult, card_answers: Sequence[AnswerRecord]) -> int:
        """Write a finished matching game and each card's result in it."""
        from studyapp.store.results import record_match_game

        with self.writer.begin() as connection:
            return record_match_game(connection, result, card_answers)

    def best_match_ms(self, scope: Scope) -> int | None:
        """The best matching time (penalties included) over ``scope``, or None."""
        from studyapp.store.results import best_match_ms

        with self.engine.connect() as connection:
            return best_match_ms(connection, scope)

    # --- unfinished sessions ----------------------------------------------------------------

    def unfinished_session(self, mode: str, scope: Scope) -> UnfinishedSession | None:
        """The saved state of an unfinished learn or test session over ``scope``, or None."""
        from studyapp.store.unfinished import load_unfinished

        with self.engine.connect() as connection:
            return load_unfinished(connection, mode, scope)

    def keep_unfinished(
        self, mode: str, scope: Scope, state: dict[str, Any], saved_at: datetime | None = None
    ) -> None:
        """Save where a learn or test session over ``scope`` is, to resume it later (replacing
        the scope's earlier state); ``saved_at`` defaults to now."""
        from studyapp.store.unfinished import keep_unfinished

        with self.writer.begin() as connection:
            keep_unfinished(connection, mode, scope, saved_at or self.clock.now(), state)

    def discard_unfinished(self, mode: str, scope: Scope) -> None:
        """Forget the unfinished learn or test session over ``scope`` (none: nothing changes)."""
        from studyapp.store.unfinished import discard_unfinished

        with self.writer.begin() as connection:
            discard_unfinished(connection, mode, scope)


def _retargeted(deck: DeckSpec, deck_id: str | None) -> DeckSpec:
    """``deck`` with the id the user chose for it (itself when none was chosen)."""
    return deck if deck_id is None else deck.model_copy(update={"id": deck_id})


def _scheduler_of(connection: Connection) -> PairedScheduler:
    """The scheduler the store's settings make (SM-2's due days if none)."""
    return collection_scheduler(connection)


def lock_wait_from_env() -> float:
    """How long a write waits for another process: ``$STUDYAPP_LOCK_WAIT`` seconds, else 60."""
    value = os.environ.get(LOCK_WAIT_ENV_VAR, "")
    try:
        seconds = float(value)
    except ValueError:
        return DEFAULT_LOCK_WAIT
    return seconds if seconds >= 0 else DEFAULT_LOCK_WAIT


def database_url_from_env(option: str | None = None) -> str:
    """The database URL from ``--db``, ``$STUDYAPP_DB`` or the default location."""
    from studyapp.paths import database_url

    return database_url(option, dict(os.environ))
