"""An Anki package's decks and review history written into the store in one transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from studyapp.clock import Zone
from studyapp.decks.anki.notes import SUSPENDED_TAG, PackageDecks
from studyapp.store.importer import ImportReport, import_deck
from studyapp.store.review_import import ANKI_BUTTON_RATINGS, ImportedRating, replay_ratings
from studyapp.store.schema import cards, decks

#: How many names a remark lists before it says "and N more".
NAMES_LISTED = 8


def import_package_decks(
    connection: Connection, package: PackageDecks, *, origin: str, now: datetime, zone: Zone
) -> tuple[list[ImportReport], int]:
    """Import every deck of a package and replay its review history; the caller commits.

    Returns a report per deck and how many ratings were replayed.
    """
    reports = [
        import_deck(connection, deck, origin=origin, fmt="Anki package", now=now)
        for deck in package.decks
    ]
    store_ids = {
        (deck_key, card_key): card_id
        for card_id, deck_key, card_key in connection.execute(
            select(cards.c.id, decks.c.key, cards.c.key)
            .join(decks, decks.c.id == cards.c.deck_id)
            .where(decks.c.key.in_([deck.id for deck in package.decks]))
        )
    }
    ratings = [
        ImportedRating(
            store_ids[package.cards[review.card_id]],
            review.reviewed_at,
            ANKI_BUTTON_RATINGS[review.button],
            review.duration_ms or None,
        )
        for review in package.reviews
        if review.button in ANKI_BUTTON_RATINGS and review.card_id in package.cards
    ]
    return reports, replay_ratings(connection, ratings, zone)


def package_remarks(package: PackageDecks, replayed: int) -> tuple[str, ...]:
    """What to tell the user beyond the per-deck counts: history, media, notes left out."""
    remarks: list[str] = []
    answers = sum(review.button in ANKI_BUTTON_RATINGS for review in package.reviews)
    if answers:
        already = answers - replayed
        known = f" ({already} were here already, or older than a card's history)" if already else ""
        remarks.append(
            f"{replayed} of {answers} reviews from Anki's history replayed into the schedule"
            + known
        )
    if package.media:
        remarks.append(
            f"{_count(len(package.media), 'media file')} not imported "
            f"(the terminal shows no images or sounds; cards name them): "
            + _listed(sorted(package.media))
        )
    if package.skipped:
        remarks.append(
            f"{_count(len(package.skipped), 'note')} skipped: "
            + _listed([str(note) for note in package.skipped], "; ")
        )
    if package.suspended:
        remarks.append(
            f"{_count(package.suspended, 'note')} suspended in Anki "
            f"{'is' if package.suspended == 1 else 'are'} active here, tagged {SUSPENDED_TAG} "
            "(find them with the tag on the home screen)"
        )
    remarks += [f"note {note}" for note in package.dropped]
    return tuple(remarks)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _listed(names: list[str], separator: str = ", ") -> str:
    shown = separator.join(names[:NAMES_LISTED])
    more = len(names) - NAMES_LISTED
    return shown + (f"{separator}and {more} more" if more > 0 else "")
