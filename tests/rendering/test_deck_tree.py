"""Nested decks as a tree (``studyapp.rendering.deck_tree``): parts of ``Parent::Child`` titles,
rolled-up counts, open rows, and the scope a parent studies."""

from __future__ import annotations

import pytest

from studyapp.rendering.deck_tree import (
    deck_tree,
    find_node,
    is_nested,
    parent_of,
    title_path,
    tree_prefix,
    visible_rows,
)
from studyapp.store.deck_list import DeckSummary


def deck(key: str, title: str, cards: int = 1, mastery: float = 0.0) -> DeckSummary:
    return DeckSummary(key, title, cards, cards, 1, mastery)


DECKS = [
    deck("a-deck", "Alone"),
    deck("ml", "ML", cards=2, mastery=50.0),
    deck("ml-opt", "ML::Optimizers", cards=6, mastery=10.0),
    deck("ml-sched-cos", "ML::Schedules::Cosine", cards=2, mastery=100.0),
    deck("ml-sched-step", "ML :: Schedules :: Step", cards=0),
]


@pytest.mark.parametrize(
    ("title", "parts"),
    [
        ("ML", ("ML",)),
        ("ML::Optimizers", ("ML", "Optimizers")),
        (" ML :: Schedules ::Cosine", ("ML", "Schedules", "Cosine")),
        ("ML::::Adam", ("ML", "Adam")),
        ("::", ("::",)),
    ],
)
def test_title_path(title: str, parts: tuple[str, ...]) -> None:
    assert title_path(title) == parts


def test_decks_are_in_the_order_of_their_titles_as_shown() -> None:
    decks = [deck("mine", "optimization in neural networks"), deck("a", "Zeta"), deck("b", "beta")]
    decks.append(deck("bundled", "Optimization in Neural Networks"))
    keys = [node.key for _, node in visible_rows(deck_tree(decks))]
    assert keys == ["b", "bundled", "mine", "a"]  # case folded; the same title by id


def test_the_tree_groups_by_title_parts() -> None:
    roots = deck_tree(DECKS)
    assert [(depth, node.key) for depth, node in visible_rows(roots)] == [
        (0, "a-deck"),
        (0, "ml"),
        (1, "ml-opt"),
        (1, "group:ML::Schedules"),
        (2, "ml-sched-cos"),
        (2, "ml-sched-step"),
    ]
    assert is_nested(roots)
    assert not is_nested(deck_tree(DECKS[:1]))


def test_a_parents_counts_are_rolled_up_and_mastery_weighted_by_cards() -> None:
    ml = find_node(deck_tree(DECKS), "ml")
    assert ml is not None
    assert ml.deck_keys == ("ml", "ml-opt", "ml-sched-cos", "ml-sched-step")
    rolled = ml.summary
    assert (rolled.key, rolled.title, rolled.cards, rolled.new, rolled.due) == (
        "ml",
        "ML",
        10,
        10,
        4,
    )
    assert rolled.mastery == pytest.approx((2 * 50 + 6 * 10 + 2 * 100) / 10)
    assert ml.scope_title == "ML (4 decks)"
    schedules = find_node(deck_tree(DECKS), "group:ML::Schedules")
    assert schedules is not None
    assert schedules.deck is None
    assert schedules.scope_title == "Schedules (2 decks)"
    leaf = find_node(deck_tree(DECKS), "ml-opt")
    assert leaf is not None
    assert (leaf.summary.title, leaf.scope_title) == ("Optimizers", "ML::Optimizers")


def test_an_empty_parent_has_no_mastery() -> None:
    node = find_node(deck_tree([deck("x", "P::X", cards=0)]), "group:P")
    assert node is not None
    assert (node.summary.cards, node.summary.mastery) == (0, 0.0)


def test_only_open_parents_show_their_decks() -> None:
    roots = deck_tree(DECKS)
    assert [node.key for _, node in visible_rows(roots, set())] == ["a-deck", "ml"]
    assert [node.key for _, node in visible_rows(roots, {"ml"})] == [
        "a-deck",
        "ml",
        "ml-opt",
        "group:ML::Schedules",
    ]
    # a closed parent hides its open children
    assert len(visible_rows(roots, {"group:ML::Schedules"})) == 2


def test_two_decks_of_one_title_stay_two_rows() -> None:
    roots = deck_tree([deck("a", "Same"), deck("b", "Same"), deck("c", "Same::Child")])
    assert [(d, n.key) for d, n in visible_rows(roots)] == [(0, "a"), (1, "c"), (0, "b")]


def test_prefixes_line_names_up() -> None:
    roots = deck_tree(DECKS)
    ml = find_node(roots, "ml")
    opt = find_node(roots, "ml-opt")
    assert ml is not None
    assert opt is not None
    assert tree_prefix(0, ml, expanded=False) == "▸ "
    assert tree_prefix(0, ml, expanded=True) == "▾ "
    assert tree_prefix(1, opt, expanded=False) == "    "


def test_parent_of() -> None:
    roots = deck_tree(DECKS)
    ml_parent = parent_of(roots, "ml-sched-cos")
    assert ml_parent is not None
    assert ml_parent.key == "group:ML::Schedules"
    assert parent_of(roots, "ml") is None
    assert parent_of(roots, "nope") is None
