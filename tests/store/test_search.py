"""The card search over a small store: each term, negation, phrases, text that is FTS5 syntax,
each sort, pages, and retired cards left out. Runs on PostgreSQL too (STUDYAPP_TEST_POSTGRES_URL).

The store (today is 2026-03-10): deck ``optim`` has cards a b c d, deck ``reg`` e f g (h retired).

====  ===========================================  ==========================================
card  history and marks                            state
====  ===========================================  ==========================================
a     spaced 5 two days ago: due yesterday         review, due
b     scheduled by hand: due in 5 days, 4 lapses,  review
      ease 1.9, interval 6, 3 reviews
c     spaced 1 today: due tomorrow                 learning (relearning), due
d     learn-mode 3 today                           learning (not scheduled yet), due
e     never rated, suspended                       suspended (new)
f     never rated, buried until tomorrow, starred  buried (new)
g     never rated, flag 2, leech                   new
====  ===========================================  ==========================================
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import make_url, select, update

from studyapp.collection import Collection
from studyapp.scheduling.rating import Rating
from studyapp.store.schema import card_states, cards
from studyapp.store.search import like_pattern
from studyapp.store.search_query import SORT_COLUMNS, SearchError
from tests.conftest import POSTGRES_URL, START, WriteDeck
from tests.store_copies import build_store, copy_store

TODAY = START.date()

OPTIM = """---
id: optim
title: Optimizers
---
## What does Adam add to SGD?
Bias-corrected running averages of the gradient and its square.

id:: a
tags:: optimizers, adaptive

## How does AdamW treat weight decay?
It decouples weight decay from the gradient step.

id:: b
tags:: optimizers

## What is momentum?
A running average of past gradients.

id:: c
tags:: optimizers, classic

## Does NEAR (x OR y)* "quote" break a search?
No: it is only text.

id:: d
tags:: hard_ones
"""

REG = """---
id: reg
title: Regularization
---
## What does dropout do?
Zeroes random activations during training.

id:: e
tags:: regularization

## What is label smoothing?
Soft targets instead of one-hot ones.

id:: f
tags:: regularization

## What is weight decay?
An L2 penalty on the weights.

id:: g

## What is Adagrad?
Per-parameter steps from summed squared gradients.

id:: h
"""


def fill(collection: Collection, folder: Path) -> dict[str, int]:
    """Fill an empty store (fixed clock) as the module's docstring says; card ids by key."""
    for name, text in (("optim.md", OPTIM), ("reg.md", REG)):
        (folder / name).write_text(text, encoding="utf-8")
        collection.import_file(folder / name)
    with collection.engine.connect() as connection:
        found = {
            key: card_id for card_id, key in connection.execute(select(cards.c.id, cards.c.key))
        }
    collection.rate(found["a"], Rating(5), at=START - timedelta(days=2))
    collection.rate(found["c"], Rating(1))
    collection.rate(found["d"], Rating(3), mode="learn")
    marks = {
        "b": {
            "due": TODAY + timedelta(days=5),
            "interval": 6,
            "lapses": 4,
            "easiness": Decimal("1.9"),
            "reviews": 3,
            "last_rating": 4,
            "repetitions": 2,
        },
        "e": {"suspended": True},
        "f": {"buried_until": TODAY + timedelta(days=1), "starred": True},
        "g": {"flag": 2, "leech": True},
        "h": {"active": False},
    }
    with collection.engine.begin() as connection:
        for key, values in marks.items():
            connection.execute(
                update(card_states).where(card_states.c.card_id == found[key]).values(**values)
            )
        connection.execute(update(cards).where(cards.c.id == found["h"]).values(retired_at=START))
    return found


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]] | None:
    """The module's store, filled once per test process (None on PostgreSQL)."""
    return None if POSTGRES_URL else build_store(tmp_path_factory.mktemp("search"), fill)


@pytest.fixture
def db_url(db_url: str, request: pytest.FixtureRequest) -> str:
    """The store of each test; for a test of the module's store (it asks for ``ids``) on
    SQLite, a copy of that store, built once."""
    filled = request.getfixturevalue("filled") if "ids" in request.fixturenames else None
    if filled is not None:
        copy_store(filled[0], Path(make_url(db_url).database or ""))
    return db_url


@pytest.fixture
def ids(
    collection: Collection, filled: tuple[Path, dict[str, int]] | None, tmp_path: Path
) -> dict[str, int]:
    """The store of the module's docstring (filled here on PostgreSQL, copied on SQLite); card
    ids by key."""
    return dict(filled[1]) if filled is not None else fill(collection, tmp_path)


def found(collection: Collection, ids: dict[str, int], query: str) -> str:
    """The keys of the cards ``query`` finds, in card order, as one string ("abc")."""
    page = collection.search_cards(query, sort="card", limit=100)
    keys = {card_id: key for key, card_id in ids.items()}
    result = "".join(keys[row.card_id] for row in page.rows)
    assert page.total == len(result)
    return result


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "abcdefg"),
        ("adam", "ab"),
        ("ADAM", "ab"),
        ("adamw", "b"),
        ("mom", "c"),
        ('"mom"', ""),
        ('"weight decay"', "bg"),
        ('"decay weight"', ""),
        ("weight -adamw", "g"),
        ("weight decay", "bg"),
        ("gradient", "abc"),
        ('"running average"', "c"),
        ("running average", "ac"),
        ("bias-corrected", "a"),
        ("adagrad", ""),  # retired
    ],
)
def test_text(collection: Collection, ids: dict[str, int], query: str, expected: str) -> None:
    assert found(collection, ids, query) == expected


@pytest.mark.parametrize(
    "query",
    ['NEAR "quote"', "(x OR y)*", '"(x OR y)*"', "NEAR(", 'NEAR/ "quote', "x* OR y"],
)
def test_fts_syntax_typed_by_a_user_is_plain_text(
    collection: Collection, ids: dict[str, int], query: str
) -> None:
    assert found(collection, ids, query) == "d"


@pytest.mark.parametrize("query", ["*", "(", ")", '"', "^", '"*"', "-(", "AND"])
def test_punctuation_alone_matches_like_no_term(
    collection: Collection, ids: dict[str, int], query: str
) -> None:
    expected = "a" if query == "AND" else "abcdefg"  # "and" is a word of a's answer
    assert found(collection, ids, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("deck:optim", "abcd"),
        ("deck:OPT*", "abcd"),
        ("deck:r*", "efg"),
        ("deck:*", "abcdefg"),
        ("deck:opt", ""),
        ("-deck:optim", "efg"),
        ("tag:optimizers", "abc"),
        ("tag:OPTIM*", "abc"),
        ("tag:#classic", "c"),
        ("tag:hard_ones", "d"),
        ("tag:hard%", ""),  # % and _ are literal
        ("tag:h*_ones", "d"),
        ("tag:leech", "g"),  # the leech mark
        ("tag:lee*", "g"),
        ("-tag:optimizers", "defg"),
        # with another term, a tag is tested card by card: the same cards
        ("deck:* tag:optimizers", "abc"),
        ("deck:* -tag:optimizers", "defg"),
        ("deck:* tag:leech", "g"),
        ("is:new tag:regular*", "ef"),
    ],
)
def test_deck_and_tag(
    collection: Collection, ids: dict[str, int], query: str, expected: str
) -> None:
    assert found(collection, ids, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is:due", "acd"),
        ("is:new", "efg"),
        ("is:learning", "cd"),
        ("is:review", "ab"),
        ("is:suspended", "e"),
        ("is:buried", "f"),
        ("is:starred", "f"),
        ("is:leech", "g"),
        ("-is:due", "befg"),
        ("is:new -is:suspended", "fg"),
        ("is:suspended or is:buried", "ef"),
        ("is:new is:suspended or is:buried", "ef"),
        ("flag:2", "g"),
        ("flag:0", "abcdef"),
        ("-flag:0", "g"),
    ],
)
def test_states_and_marks(
    collection: Collection, ids: dict[str, int], query: str, expected: str
) -> None:
    assert found(collection, ids, query) == expected


def test_is_due_is_what_home_counts(collection: Collection, ids: dict[str, int]) -> None:
    due = sum(summary.due for summary in collection.deck_summaries())
    new = sum(summary.new for summary in collection.deck_summaries())
    assert collection.search_cards("is:due").total == due == 3
    assert collection.search_cards("is:new -is:suspended -is:buried").total == new == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rated:1", "cd"),
        ("rated:2", "cd"),
        ("rated:3", "acd"),
        ("rated:3:5", "a"),
        ("rated:1:1", "c"),
        ("rated:30:2", ""),
        ("-rated:3", "befg"),
        ("prop:ease<2", "bc"),
        ("prop:ease>=2.5", "adefg"),
        ("prop:lapses>3", "b"),
        ("prop:lapses=0", "adefg"),
        ("prop:ivl>=6", "b"),
        ("prop:reviews>=3", "b"),
        ("prop:reviews!=0", "abcd"),
        ("prop:due<=0", "a"),
        ("prop:due=-1", "a"),
        ("prop:due>0", "bc"),
        ("prop:due=1", "c"),
        ("-prop:due>0", "adefg"),  # no due day (never scheduled) is not after today
        ("prop:due<999999", "abc"),
        ("prop:due>-999999", "abc"),
    ],
)
def test_rated_and_properties(
    collection: Collection, ids: dict[str, int], query: str, expected: str
) -> None:
    assert found(collection, ids, query) == expected


def test_a_combination(collection: Collection, ids: dict[str, int]) -> None:
    assert found(collection, ids, "deck:optim -tag:classic gradient or weight") == "ab"


def test_rows_carry_what_the_browser_lists(collection: Collection, ids: dict[str, int]) -> None:
    rows = {row.card_id: row for row in collection.search_cards("", limit=100).rows}
    b, g = rows[ids["b"]], rows[ids["g"]]
    assert (b.deck_key, b.deck_title, b.question) == (
        "optim",
        "Optimizers",
        "How does AdamW treat weight decay?",
    )
    assert (b.tags, b.state, b.due, b.interval, b.ease, b.lapses, b.reviews, b.last_rating) == (
        ("optimizers",),
        "review",
        TODAY + timedelta(days=5),
        6,
        Decimal("1.9"),
        4,
        3,
        4,
    )
    assert (g.state, g.due, g.last_rating, g.flag, g.starred) == ("new", None, None, 2, False)
    states = {key: rows[ids[key]].state for key in "abcdefg"}
    assert states == {
        "a": "review",
        "b": "review",
        "c": "learning",
        "d": "learning",
        "e": "suspended",
        "f": "buried",
        "g": "new",
    }
    assert rows[ids["f"]].starred


def order(collection: Collection, ids: dict[str, int], sort: str, descending: bool) -> str:
    keys = {card_id: key for key, card_id in ids.items()}
    page = collection.search_cards("", sort=sort, descending=descending, limit=100)
    return "".join(keys[row.card_id] for row in page.rows)


@pytest.mark.parametrize(
    ("sort", "ascending", "descending"),
    [
        ("card", "abcdefg", "gfedcba"),
        ("deck", "abcdefg", "efgabcd"),  # ties by card id
        ("question", "dbaefcg", "gcfeabd"),
        ("state", "gcdabef", "feabcdg"),
        ("due", "acbdefg", "bcadefg"),  # no due day last either way
        ("interval", "defgacb", "bacdefg"),
        ("ease", "bcdefga", "adefgcb"),
        ("lapses", "adefgcb", "bcadefg"),
        ("reviews", "efgacdb", "bacdefg"),
        ("rating", "cdbaefg", "abdcefg"),
        ("starred", "abcdegf", "fabcdeg"),
        ("flag", "abcdefg", "gabcdef"),
        ("tags", "dacbefg", "gefbcad"),  # as JSON text: [] last,
    ],
)
def test_every_column_sorts_both_ways(
    collection: Collection, ids: dict[str, int], sort: str, ascending: str, descending: str
) -> None:
    assert order(collection, ids, sort, descending=False) == ascending
    assert order(collection, ids, sort, descending=True) == descending


def test_every_sort_column_is_tested() -> None:
    assert set(SORT_COLUMNS) == {
        "card",
        "deck",
        "question",
        "state",
        "due",
        "interval",
        "ease",
        "lapses",
        "reviews",
        "rating",
        "starred",
        "flag",
        "tags",
        "recall",
    }


def test_recall_sorts_by_fsrs_predicted_recall_today(
    collection: Collection, ids: dict[str, int]
) -> None:
    for descending in (False, True):
        rows = collection.search_cards("", sort="recall", descending=descending).rows
        known = [row.recall for row in rows if row.recall is not None]
        assert len(known) == 2  # the cards rated in spaced review (the others set by hand)
        assert known == sorted(known, reverse=descending)
        assert all(row.recall is None for row in rows[len(known) :])  # none last either way
    assert min(known) < max(known) == 1.0  # the card rated today: recalled for sure today


def test_pages(collection: Collection, ids: dict[str, int]) -> None:
    page = collection.search_cards("", sort="card", offset=2, limit=3)
    assert [row.card_id for row in page.rows] == [ids[key] for key in "cde"]
    assert (page.total, page.offset) == (7, 2)
    last = collection.search_cards("", sort="card", offset=5, limit=3)
    assert ([row.card_id for row in last.rows], last.total) == ([ids["f"], ids["g"]], 7)
    assert collection.search_cards("is:new", limit=None).total == 3
    beyond = collection.search_cards("", sort="card", offset=50, limit=3)
    assert (beyond.rows, beyond.total) == ((), 7)


def test_an_unknown_sort_or_a_bad_query_is_a_search_error(
    collection: Collection, ids: dict[str, int]
) -> None:
    with pytest.raises(SearchError, match='cannot sort by "colour"'):
        collection.search_cards("", sort="colour")
    with pytest.raises(SearchError, match='unknown search key "colour:"'):
        collection.search_cards("colour:red")


def test_like_patterns_keep_percent_and_underscore_literal() -> None:
    assert like_pattern("A_b%c*") == "a\\_b\\%c%"
    assert like_pattern("back\\slash") == "back\\\\slash"


def test_an_edit_is_found_at_once(collection: Collection, ids: dict[str, int]) -> None:
    with collection.engine.begin() as connection:
        connection.execute(
            update(cards).where(cards.c.id == ids["g"]).values(question="What is AdamP?")
        )
    assert found(collection, ids, "adam") == "abg"
    assert found(collection, ids, '"weight decay"') == "b"
    assert found(collection, ids, "penalty") == "g"  # its answer is unchanged


def test_deck_finds_a_parent_by_id_or_title_with_the_decks_under_its_title(
    collection: Collection, write_deck: WriteDeck
) -> None:
    """Anki's nested decks keep ids of their own: ``Neural nets::Optimizers`` is under
    ``Neural nets`` by title only."""
    for deck_id, title in (
        ("neural-nets", "Neural nets"),
        ("nn-opt", "Neural nets::Optimizers"),
        ("nn-opt-adam", "Neural nets::Optimizers::Adam"),
        ("neural-netsx", "Neural netsX"),
    ):
        text = f"---\nid: {deck_id}\ntitle: {title}\n---\n## {title} question?\nAnswer.\n"
        collection.import_file(write_deck(f"{deck_id}.md", text))

    def decks_found(query: str) -> list[str]:
        rows = collection.search_cards(query, sort="deck", limit=None).rows
        return [row.deck_key for row in rows]

    assert decks_found("deck:neural-nets") == ["neural-nets", "nn-opt", "nn-opt-adam"]
    assert decks_found('deck:"neural nets"') == ["neural-nets", "nn-opt", "nn-opt-adam"]
    assert decks_found('deck:"Neural nets::Optimizers"') == ["nn-opt", "nn-opt-adam"]
    assert decks_found("deck:nn-opt") == ["nn-opt", "nn-opt-adam"]
    assert decks_found("deck:neural*") == ["neural-nets", "neural-netsx", "nn-opt", "nn-opt-adam"]
    assert decks_found("-deck:nn-opt") == ["neural-nets", "neural-netsx"]


def test_a_tag_edit_is_found_at_once(collection: Collection, ids: dict[str, int]) -> None:
    with collection.engine.begin() as connection:
        connection.execute(
            update(cards).where(cards.c.id == ids["a"]).values(tags=["classic", "New-Tag"])
        )
    assert found(collection, ids, "tag:new-tag") == "a"
    assert found(collection, ids, "tag:adaptive") == ""  # its old tag is gone
    assert found(collection, ids, "tag:classic") == "ac"
    assert found(collection, ids, "-tag:classic") == "bdefg"


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", ["due", "card", "ease", "question"])
@pytest.mark.parametrize(
    ("query", "left_out"),
    [
        ("-tag:adaptive", "a"),  # most cards: read in the queue's order (by due day)
        ("-is:new", "efg"),  # the cards found lie before the new ones in due order
        ("-is:review -tag:classic", "abc"),  # two negations: one counted as its complement
        ("tag:optimizers or tag:regularization or tag:hard*", "g"),  # read once and sorted
    ],
)
def test_every_way_of_reading_a_page_agrees(
    collection: Collection,
    ids: dict[str, int],
    query: str,
    left_out: str,
    sort: str,
    descending: bool,
) -> None:
    """Pages of two, read one after another, are the cards every card's listing has in the
    same order, less those left out, whichever way the search reads its pages."""
    keys = {card_id: key for key, card_id in ids.items()}
    every = collection.search_cards("", sort=sort, descending=descending, limit=None)
    expected = [keys[row.card_id] for row in every.rows if keys[row.card_id] not in left_out]
    pages = [
        collection.search_cards(query, sort=sort, descending=descending, offset=at, limit=2)
        for at in range(0, 9, 2)
    ]
    assert [keys[row.card_id] for page in pages for row in page.rows] == expected
    assert {page.total for page in pages} == {len(expected)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('tag:"say \\"hi\\""', ""),  # the parser keeps no escapes: a quote ends the value
        ("tag:say*", "g"),
        ('tag:*"hi"', "g"),
        ("tag:back\\slash", "g"),
        ("tag:back*", "g"),
        ("tag:éclair", "g"),
        ("tag:ÉCLAIR", "g"),
        ("tag:50%", "g"),
        ("tag:5*", "g"),
        ("tag:50", ""),
        ("tag:say*lair", ""),  # within one tag, not from one to another
        ("tag:hi", ""),  # "hi" only in quotes inside a tag
        ("tag:*hi*", "g"),
        ("tag:*lash", "g"),
        ("tag:*clair", "g"),
        ("tag:*optim*", "abc"),  # the other cards' tags, read from the JSON text alone
        ("deck:* tag:hi", ""),
        ("deck:* tag:*hi*", "g"),
        ("deck:* tag:say*lair", ""),
    ],
)
def test_tags_with_quotes_backslashes_and_accents(
    collection: Collection, ids: dict[str, int], query: str, expected: str
) -> None:
    with collection.engine.begin() as connection:
        connection.execute(
            update(cards)
            .where(cards.c.id == ids["g"])
            .values(tags=['say "hi"', "back\\slash", "éclair", "50%"])
        )
    assert found(collection, ids, query) == expected


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.sampled_from('ab "*()-:^+{}NEAR/ANDORNOT\\%_<>=.12é'), max_size=30))
def test_any_typed_text_searches_or_is_a_search_error(
    collection: Collection, ids: dict[str, int], query: str
) -> None:
    """FTS5 syntax, LIKE wildcards and stray quotes in any order never reach the database as
    syntax: a search either runs or is refused by the parser."""
    try:
        page = collection.search_cards(query, limit=10)
    except SearchError:
        return
    assert 0 <= len(page.rows) <= page.total <= 7


@pytest.mark.parametrize("sort", SORT_COLUMNS)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("deck:optim tag:optimizers -tag:classic", "ab"),
        ("deck:o* -tag:adaptive weight", "b"),
        ("tag:regularization", "ef"),
        ("-tag:optimizers deck:reg is:new", "efg"),
        ("weight -deck:optim", "g"),
    ],
)
def test_every_term_with_every_sort(
    collection: Collection, ids: dict[str, int], sort: str, query: str, expected: str
) -> None:
    """A term's subquery keeps its own table when the page joins it (sorted by deck, question
    or tags)."""
    keys = {card_id: key for key, card_id in ids.items()}
    page = collection.search_cards(query, sort=sort, limit=100)
    assert "".join(sorted(keys[row.card_id] for row in page.rows)) == expected
    assert page.total == len(expected)
