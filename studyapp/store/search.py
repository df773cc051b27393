"""The card browser's search: a parsed query (:mod:`studyapp.store.search_query`) run over the
active cards, one sorted page of plain rows at a time, with the number of matches.

Text is found with SQLite's full-text index (``cards_text``, :mod:`studyapp.store.search_index`)
whose query is built here from the words alone, each quoted, so nothing the user types is read
as FTS5 syntax (``NEAR``, ``AND``, ``*``, ``(``). PostgreSQL stores have no such index: there a
word is matched case-insensitively at the start of a word (``~* '\\mword'``).

A card's *state* is what home counts: ``new`` (never rated, in any mode: home's "New"),
``learning`` (rated, but not in SM-2's schedule yet or relearning after a failed review today),
``review`` (scheduled), and, before those, ``suspended`` and ``buried`` (until a later day).
``is:new``, ``is:learning`` and ``is:review`` ask the state apart from the marks (as Anki's do:
``is:new`` finds suspended new cards too); ``is:due`` is what home's "Due today" counts.
"""

from __future__ import annotations

import fnmatch
import json
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Float,
    FromClause,
    Select,
    String,
    and_,
    case,
    cast,
    column,
    false,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    table,
    type_coerce,
)

from studyapp.scheduling.fsrs_scheduler import recall_probability
from studyapp.store.due_queue import RELEARNING_RATINGS, relearning_parameters
from studyapp.store.queries import is_new, practised_unscheduled
from studyapp.store.reviews import earliest_moment_of
from studyapp.store.scheduler_choice import collection_scheduler
from studyapp.store.schema import QUEUE_INDEX, card_states, cards, decks, reviews
from studyapp.store.scope import tag_values
from studyapp.store.search_index import SEARCH_TABLE, card_tags, has_search_index, tag_names
from studyapp.store.search_query import (
    CARD_STATES,
    SORT_COLUMNS,
    AnyTerm,
    DeckTerm,
    FlagTerm,
    NotTerm,
    PropertyTerm,
    RatedTerm,
    SearchError,
    SearchQuery,
    StateTerm,
    TagTerm,
    Term,
    TextTerm,
    parse_query,
)
from studyapp.store.studiable import studiable

#: The tag that the leech mark also answers to (``tag:leech``).
LEECH_TAG: Final = "leech"

_COMPARE: Final[Mapping[str, Callable[[Any, Any], ColumnElement[bool]]]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
    "!=": operator.ne,
}
#: Cards read by one statement (SQLite takes at most 32,766 parameters).
ROWS_PER_STATEMENT: Final = 1000
_FULL_TEXT: Final = table(SEARCH_TABLE, column("rowid"), column(SEARCH_TABLE))


@dataclass(frozen=True, slots=True)
class CardRow:
    """One card found: what the browser lists of it (``question`` as stored: the faces show
    it as one line, :func:`studyapp.rendering.card_text.question_line`)."""

    card_id: int
    deck_key: str
    deck_title: str
    card_key: str  # the card's id in its deck (``DECK/CARD`` names it)
    question: str
    tags: tuple[str, ...]
    state: str  # one of CARD_STATES
    due: date | None
    interval: int  # days
    ease: Decimal
    lapses: int
    reviews: int
    last_rating: int | None
    starred: bool
    flag: int
    #: FSRS's predicted chance of recalling the card today (None: a new card, or one whose
    #: memory is not worked out yet)
    recall: float | None = None


@dataclass(frozen=True, slots=True)
class SearchPage:
    """A page of the cards found, and how many were found in all."""

    rows: tuple[CardRow, ...]
    total: int
    offset: int


def search_cards(
    connection: Connection,
    query: SearchQuery,
    today: date,
    *,
    sort: str = "due",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = 100,
) -> SearchPage:
    """The active cards ``query`` finds, sorted by ``sort`` (one of :data:`SORT_COLUMNS`; ties
    by card id), ``limit`` of them (None: all) from ``offset``, and their number."""
    if sort not in SORT_COLUMNS:
        raise SearchError(f'cannot sort by "{sort}" (columns: {", ".join(SORT_COLUMNS)})', 0)
    offset = max(offset, 0)
    # first the page's card ids, from the narrow card_states (with what the sort needs), then
    # their rows: sorting every match with its text would read every card's text
    source: FromClause = card_states
    tie: ColumnElement[int] = card_states.c.card_id
    if sort == "deck":
        source = source.join(decks, decks.c.id == card_states.c.deck_id)
    elif sort in ("question", "tags"):
        source = source.join(cards, cards.c.id == card_states.c.card_id)
        tie = cards.c.id  # the same card, named as the question's index orders it
    key = _sort_expression(connection, sort, _state_rank(today), today).label("sort_key")
    rows_wanted = None if limit is None else max(limit, 0)
    page_ids: list[int] = []
    total: int | None = None
    if query.terms and not all(isinstance(term, NotTerm) for term in query.terms):
        # the matches found once (a CTE read twice is materialized), counted and sorted: each
        # term is read once, not once to count and again for the page. Not for a search of
        # negations alone, which finds most cards: its count, then its page, are read faster
        matched = select(card_states.c.card_id, key, tie.label("tie")).select_from(source)
        found_once = matched.where(query_condition(connection, query, today)).cte("matched")
        counted = select(func.count()).select_from(found_once).scalar_subquery()
        rows = connection.execute(
            select(found_once.c.card_id, counted)
            .order_by(_ordered(found_once.c.sort_key, descending), found_once.c.tie)
            .offset(offset)
            .limit(rows_wanted)
        ).all()
        page_ids = [row[0] for row in rows]
        total = int(rows[0][1]) if rows else None
    counts: dict[SearchQuery, int] = {}
    if total is None:  # every card, negations alone, or a page past the end
        total = count_found(connection, query, today, counts)
    if total > offset and rows_wanted != 0 and not page_ids:
        # a walk of the queue's index reads a page of many cards by due day without sorting
        walk = (
            sort == "due"
            and not descending
            and has_search_index(connection)
            and _walk_is_short(connection, total, offset + (rows_wanted or total), today, counts)
        )
        page = (
            select(card_states.c.card_id)
            .select_from(source)
            .where(query_condition(connection, query, today, in_queue_order=walk))
            .order_by(_ordered(key, descending), tie)
            .offset(offset)
            .limit(rows_wanted)
        )
        if walk:
            page = page.with_hint(card_states, f"INDEXED BY {QUEUE_INDEX}", "sqlite")
        page_ids = list(connection.scalars(page))
    found = card_rows(connection, page_ids, today)
    return SearchPage(tuple(found[card_id] for card_id in page_ids), total, offset)


def _walk_is_short(
    connection: Connection, found: int, rows: int, today: date, counts: dict[SearchQuery, int]
) -> bool:
    """Whether the first ``rows`` of ``found`` cards, by due day, are best read by walking
    the queue's index in that order, stopping at the page's end, rather than by testing and
    sorting every card: when the search finds at least half the active cards. The walk then
    passes at most as many cards that it leaves out as there are cards found, however they
    lie in due order (``-is:new`` finds the cards that come before the new ones)."""
    return found >= rows and 2 * found >= _counted(connection, SearchQuery(), today, counts)


def count_found(
    connection: Connection,
    query: SearchQuery,
    today: date,
    counts: dict[SearchQuery, int] | None = None,
) -> int:
    """How many active cards ``query`` finds on ``today`` (``counts``: those already counted
    by this call's caller, and where this call notes what it counts).

    The first negated term among the terms is counted as what the others find less what they
    find with the term: the term's own matches are few, or read from an index, where testing
    every card against its negation looks each card up (``-tag:optimizers`` at 100,000 cards:
    15 ms instead of 50). Two counts at most, however many terms are negated.
    """
    counts = {} if counts is None else counts
    negated = next((i for i, term in enumerate(query.terms) if isinstance(term, NotTerm)), None)
    if negated is None:
        return _counted(connection, query, today, counts)
    others = query.terms[:negated] + query.terms[negated + 1 :]
    term = query.terms[negated]
    assert isinstance(term, NotTerm)
    with_term = SearchQuery((*others, term.term))
    return _counted(connection, SearchQuery(others), today, counts) - _counted(
        connection, with_term, today, counts
    )


def _counted(
    connection: Connection, query: SearchQuery, today: date, counts: dict[SearchQuery, int]
) -> int:
    if query not in counts:
        condition = query_condition(connection, query, today)
        counted = select(func.count()).select_from(card_states).where(condition)
        counts[query] = int(connection.scalar(counted) or 0)
    return counts[query]


def _ordered(key: ColumnElement[Any], descending: bool) -> ColumnElement[Any]:
    """``key`` in the order asked, no value (a new card's due day) last either way."""
    return (key.desc() if descending else key.asc()).nulls_last()


def card_rows(connection: Connection, card_ids: Sequence[int], today: date) -> dict[int, CardRow]:
    """What the browser lists of these cards, by id (unknown ids left out): to show a page,
    or to refresh a row after a change."""
    found: dict[int, CardRow] = {}
    parameters = collection_scheduler(connection).fsrs.parameters if card_ids else ()
    for start in range(0, len(card_ids), ROWS_PER_STATEMENT):
        chunk = card_ids[start : start + ROWS_PER_STATEMENT]
        statement = (
            select(
                card_states.c.card_id,
                decks.c.key,
                decks.c.title,
                cards.c.key,
                cards.c.question,
                cards.c.tags,
                _state_rank(today),
                card_states.c.due,
                card_states.c.interval,
                card_states.c.easiness,
                card_states.c.lapses,
                card_states.c.reviews,
                card_states.c.last_rating,
                card_states.c.starred,
                card_states.c.flag,
                card_states.c.fsrs_stability,
                card_states.c.fsrs_reviewed_on,
            )
            .select_from(
                card_states.join(cards, cards.c.id == card_states.c.card_id).join(
                    decks, decks.c.id == card_states.c.deck_id
                )
            )
            .where(card_states.c.card_id.in_(chunk))
        )
        for row in connection.execute(statement):
            found[row[0]] = CardRow(
                card_id=row[0],
                deck_key=row[1],
                deck_title=row[2],
                card_key=row[3],
                question=row[4],
                tags=tuple(str(tag) for tag in row[5]),
                state=CARD_STATES[row[6]],
                due=row[7],
                interval=row[8],
                ease=row[9],
                lapses=row[10],
                reviews=row[11],
                last_rating=row[12],
                starred=bool(row[13]),
                flag=row[14],
                recall=None
                if row[15] is None or row[16] is None
                else recall_probability(max(0, (today - row[16]).days), row[15], parameters),
            )
    return found


def query_condition(
    connection: Connection, query: SearchQuery, today: date, *, in_queue_order: bool = False
) -> ColumnElement[bool]:
    """The condition on ``card_states`` that keeps the active cards the query finds on the
    local day ``today`` (self-contained: it needs no parameters where it is used).
    ``in_queue_order``: for a statement that reads the cards through the queue's index."""
    active = card_states.c.active == True if in_queue_order else _active(connection)  # noqa: E712
    conditions: list[ColumnElement[bool]] = [active]
    full_text = has_search_index(connection)
    if full_text:  # every plain text term in one lookup of the index
        texts = [term for term in query.terms if isinstance(term, TextTerm)]
        if texts:
            conditions.append(_matching(" ".join(fts_phrase(term) for term in texts)))
    # a tag is read from the card's row: with other terms to narrow the cards down, only for
    # the cards they keep (tested last); alone, from one pass over every card's tags
    narrowed = any(not isinstance(term, (TagTerm, NotTerm, AnyTerm)) for term in query.terms)
    rest = [term for term in query.terms if not (full_text and isinstance(term, TextTerm))]
    rest.sort(key=lambda term: _reads_tags(term))
    conditions += [_condition(connection, term, today, narrowed) for term in rest]
    return and_(*conditions)


def _reads_tags(term: Term) -> bool:
    if isinstance(term, NotTerm):
        return _reads_tags(term.term)
    if isinstance(term, AnyTerm):
        return any(_reads_tags(each) for each in term.terms)
    return isinstance(term, TagTerm)


def _active(connection: Connection) -> ColumnElement[bool]:
    """The card is active. On SQLite written ``+active = 1``: the unary plus keeps SQLite from
    reaching every active card through the queue's index (one lookup per card, ten times
    slower than reading the narrow table through)."""
    if connection.dialect.name == "sqlite":
        return literal_column(f"+{card_states.name}.{card_states.c.active.name}") == 1
    return card_states.c.active.is_(True)


def fts_phrase(term: TextTerm) -> str:
    """The term as an FTS5 phrase: its words quoted (nothing in them is FTS5 syntax: they are
    letters and digits), ``*`` after it for a prefix."""
    return '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")


def _matching(expression: str) -> ColumnElement[bool]:
    found = select(_FULL_TEXT.c.rowid).where(_FULL_TEXT.c[SEARCH_TABLE].op("MATCH")(expression))
    return card_states.c.card_id.in_(found.scalar_subquery())


def _condition(
    connection: Connection, term: Term, today: date, narrowed: bool = False
) -> ColumnElement[bool]:
    """The term's condition; ``narrowed``: other terms keep few cards (see _tagged)."""
    if isinstance(term, NotTerm):  # a condition that is NULL for a card (its due day is
        # NULL) does not hold for it, so its negation does
        inner = _condition(connection, term.term, today, narrowed)
        return not_(func.coalesce(inner, false()))
    if isinstance(term, AnyTerm):
        return or_(*(_condition(connection, each, today, narrowed) for each in term.terms))
    if isinstance(term, TextTerm):
        if has_search_index(connection):
            return _matching(fts_phrase(term))
        return _words_pattern_match(term)
    if isinstance(term, DeckTerm):
        return card_states.c.deck_id.in_(_decks_named(term.pattern).scalar_subquery())
    if isinstance(term, TagTerm):
        return _tagged(connection, term.pattern, per_card=narrowed)
    if isinstance(term, StateTerm):
        return _state_condition(term.state, today)
    if isinstance(term, FlagTerm):
        return card_states.c.flag == term.flag
    if isinstance(term, RatedTerm):
        return _rated(term, today)
    return _property(term, today)


def _decks_named(glob: str) -> Select[tuple[int]]:
    """The decks ``deck:GLOB`` names (case folded): those whose id or title it matches, and the
    decks under them: an id or title followed by ``::``, or (Anki's nested decks, whose ids
    are their own) a title under the title of a deck it names."""
    pattern = like_pattern(glob)
    key, title = func.lower(decks.c.key), func.lower(decks.c.title)
    parent = decks.alias("parent_deck")
    parent_title = func.lower(parent.c.title)
    under_parent = (
        select(parent.c.id)
        .where(
            or_(
                func.lower(parent.c.key).like(pattern, escape="\\"),
                parent_title.like(pattern, escape="\\"),
            ),
            func.substr(title, 1, func.length(parent_title) + 2) == parent_title + "::",
        )
        .exists()
    )
    named = or_(
        *(
            column.like(each, escape="\\")
            for column in (key, title)
            for each in (pattern, pattern + "::%")
        ),
        under_parent,
    )
    return select(decks.c.id).where(named).correlate_except(decks, parent)


def _words_pattern_match(term: TextTerm) -> ColumnElement[bool]:
    """PostgreSQL: the words in a row, the first at the start of a word, in the question or
    the answer (case-insensitive; the words are letters and digits, never regex syntax)."""
    pattern = r"\m" + r"\W+".join(term.words) + ("" if term.prefix else r"\M")
    found = (
        select(cards.c.id)
        .where(or_(cards.c.question.op("~*")(pattern), cards.c.answer.op("~*")(pattern)))
        .correlate_except(cards)
    )
    return card_states.c.card_id.in_(found.scalar_subquery())


def like_pattern(glob: str) -> str:
    """A ``*`` glob as a lower-case LIKE pattern (escape ``\\``): ``%`` and ``_`` are literal."""
    escaped = glob.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%")


def _tagged(connection: Connection, pattern: str, *, per_card: bool) -> ColumnElement[bool]:
    """The card has a tag matching ``pattern`` (or the leech mark, for ``tag:leech``).

    On SQLite, the tags matching are found among the tag names and their cards through the
    tag index (:mod:`studyapp.store.search_index`). Elsewhere each card's tag list is read:
    ``per_card``, card by card (its row looked up), for the few cards other terms keep; else
    in one pass over every card's tags."""
    if has_search_index(connection):
        names = select(tag_names.c.id).where(
            func.lower(tag_names.c.name).like(like_pattern(pattern), escape="\\")
        )
        tagged_ids = select(card_tags.c.card_id).where(card_tags.c.tag_id.in_(names))
        return _or_leech(card_states.c.card_id.in_(tagged_ids.scalar_subquery()), pattern)
    values = tag_values(connection)
    has_tag: ColumnElement[bool] = (
        select(values.c.value)
        .where(func.lower(values.c.value).like(like_pattern(pattern), escape="\\"))
        .exists()
    )
    if connection.dialect.name == "sqlite" and pattern.isascii():
        # first a LIKE on the tags' JSON text, a quick superset; it is exact when ``*`` comes
        # only first or last (a piece can't reach from one tag into the next) and JSON escaped
        # nothing (no backslash in the text); else each tag is read for the rest
        tags_text = type_coerce(cards.c.tags, String)
        prefilter = tags_text.like(_json_like_pattern(pattern), escape="\\")
        if "*" in pattern.strip("*"):
            has_tag = and_(prefilter, has_tag)
        else:
            has_tag = and_(prefilter, or_(func.instr(tags_text, "\\") == 0, has_tag))
    tagged: ColumnElement[bool]
    if per_card:
        tagged = (
            select(cards.c.id)
            .where(cards.c.id == card_states.c.card_id, has_tag)
            .correlate_except(cards)  # its own cards row, also when the page joins cards
            .exists()
        )
    else:
        every = select(cards.c.id).where(has_tag).correlate_except(cards)
        tagged = card_states.c.card_id.in_(every.scalar_subquery())
    return _or_leech(tagged, pattern)


def _or_leech(tagged: ColumnElement[bool], pattern: str) -> ColumnElement[bool]:
    """``tagged``, or a leech when ``pattern`` matches the leech tag."""
    if fnmatch.fnmatchcase(LEECH_TAG, pattern.lower()):
        return or_(tagged, card_states.c.leech.is_(True))
    return tagged


def _json_like_pattern(glob: str) -> str:
    """A LIKE pattern that the JSON text of any tag list holding a tag that matches ``glob``
    matches (ASCII: SQLite's LIKE ignores its case): each literal piece as JSON writes it."""
    pieces = [json.dumps(piece)[1:-1] for piece in glob.split("*")]
    escaped = [p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for p in pieces]
    return '%"' + "%".join(escaped) + '"%'


def _relearning(today: date) -> ColumnElement[bool]:
    """The card is relearning on ``today`` (its values bound here: a condition needs no
    parameters where it is used)."""
    ratings = RELEARNING_RATINGS.params(relearning_parameters(today)).subquery()
    return card_states.c.card_id.in_(select(ratings.c.card_id))


def _due_today(today: date) -> ColumnElement[bool]:
    """:func:`studyapp.store.queries.due_today` with its relearning values bound."""
    return or_(card_states.c.due <= today, practised_unscheduled(), _relearning(today))


def _buried(today: date) -> ColumnElement[bool]:
    return and_(card_states.c.buried_until.is_not(None), card_states.c.buried_until > today)


def _learning(today: date) -> ColumnElement[bool]:
    return and_(
        card_states.c.last_rating.is_not(None),
        or_(card_states.c.due.is_(None), _relearning(today)),
    )


def _state_condition(state: str, today: date) -> ColumnElement[bool]:
    if state == "due":
        return and_(studiable(today), _due_today(today))
    if state == "new":
        return is_new()
    if state == "learning":
        return _learning(today)
    if state == "review":
        return and_(card_states.c.last_rating.is_not(None), not_(_learning(today)))
    if state == "suspended":
        return card_states.c.suspended.is_(True)
    if state == "buried":
        return _buried(today)
    if state == "starred":
        return card_states.c.starred.is_(True)
    return card_states.c.leech.is_(True)


def _state_rank(today: date) -> ColumnElement[int]:
    """The card's state as its index in :data:`CARD_STATES`."""
    return case(
        (card_states.c.suspended.is_(True), CARD_STATES.index("suspended")),
        (_buried(today), CARD_STATES.index("buried")),
        (is_new(), CARD_STATES.index("new")),
        (_learning(today), CARD_STATES.index("learning")),
        else_=CARD_STATES.index("review"),
    )


def _rated(term: RatedTerm, today: date) -> ColumnElement[bool]:
    since = today - timedelta(days=term.days - 1)
    rated = select(reviews.c.card_id).where(
        reviews.c.reviewed_at >= earliest_moment_of(since), reviews.c.day >= since
    )
    if term.rating is not None:
        rated = rated.where(reviews.c.rating == term.rating)
    return card_states.c.card_id.in_(rated.scalar_subquery())


def _property(term: PropertyTerm, today: date) -> ColumnElement[bool]:
    compare = _COMPARE[term.comparison]
    if term.name == "ease":
        return compare(card_states.c.easiness, Decimal(str(term.value)))
    if term.name == "due":  # a new card has no due day: it never matches (and -prop: finds it)
        day = _day_after(today, int(term.value))
        return and_(card_states.c.due.is_not(None), compare(card_states.c.due, day))
    columns = {
        "ivl": card_states.c.interval,
        "lapses": card_states.c.lapses,
        "reviews": card_states.c.reviews,
    }
    return compare(columns[term.name], int(term.value))


def _day_after(today: date, days: int) -> date:
    """``today`` moved by ``days``, held within the dates Python has."""
    try:
        return today + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _sort_expression(
    connection: Connection, sort: str, rank: ColumnElement[int], today: date
) -> ColumnElement[Any]:
    """What the column ``sort`` sorts by; the question case folded (on SQLite as its index
    orders it, :mod:`studyapp.store.search_index`)."""
    if sort == "recall":
        return _recall_order(connection, today)
    folded = (
        cards.c.question.collate("NOCASE")
        if has_search_index(connection)
        else func.lower(cards.c.question)
    )
    expressions: dict[str, ColumnElement[Any]] = {
        "card": card_states.c.card_id,
        "deck": decks.c.key,
        "question": folded,
        "tags": cast(cards.c.tags, String),
        "state": rank,
        "due": card_states.c.due,
        "interval": card_states.c.interval,
        "ease": card_states.c.easiness,
        "lapses": card_states.c.lapses,
        "reviews": card_states.c.reviews,
        "rating": card_states.c.last_rating,
        "starred": card_states.c.starred,
        "flag": card_states.c.flag,
    }
    return expressions[sort]


def _recall_order(connection: Connection, today: date) -> ColumnElement[Any]:
    """An order of FSRS's predicted recall today: the days since the last review over the
    stability, negated (the forgetting curve falls as that ratio grows, the same curve for
    every card); NULL for a card without a memory."""
    if connection.dialect.name == "sqlite":
        elapsed: ColumnElement[Any] = func.julianday(literal(today.isoformat())) - func.julianday(
            card_states.c.fsrs_reviewed_on
        )
    else:
        elapsed = literal(today, Date) - card_states.c.fsrs_reviewed_on
    return -type_coerce(elapsed, Float) / card_states.c.fsrs_stability


def search_condition(connection: Connection, query: str, today: date) -> ColumnElement[bool]:
    """The condition on ``card_states`` keeping the cards a search finds on the local day
    ``today``, for a search scope (custom study); a SearchError if it cannot be read."""
    return query_condition(connection, parse_query(query), today)
