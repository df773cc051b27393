"""A scope's key, its label, and a title that names it without changing what it is."""

from __future__ import annotations

import pytest

from studyapp.scope import Scope


def test_labels_and_keys() -> None:
    assert (Scope().key, Scope().label) == ("all", "all decks")
    assert (Scope(tag="momentum").key, Scope(tag="momentum").label) == ("tag:momentum", "#momentum")
    deck = Scope(decks=("opt", "lr"))
    assert (deck.key, deck.label) == ("deck:opt,lr", "opt, lr")


def test_a_title_names_the_scope_but_is_not_part_of_it() -> None:
    titled = Scope(decks=("opt",), title="Optimizers")
    assert titled.label == "Optimizers"
    assert titled == Scope(decks=("opt",))
    assert hash(titled) == hash(Scope(decks=("opt",)))
    assert titled.key == "deck:opt"


def test_a_scope_is_decks_or_a_tag() -> None:
    with pytest.raises(ValueError, match="not two of them"):
        Scope(decks=("a",), tag="t")
    with pytest.raises(ValueError, match="at least one deck"):
        Scope(decks=())


def test_a_search_scope_is_keyed_by_its_query_and_stands_alone() -> None:
    found = Scope(search="is:starred flag:2")
    assert (found.key, found.label) == ("search:is:starred flag:2", "search is:starred flag:2")
    assert Scope(search="is:starred", title="Custom: starred").label == "Custom: starred"
    with pytest.raises(ValueError, match="not two of them"):
        Scope(decks=("a",), search="is:starred")
    with pytest.raises(ValueError, match="needs a query"):
        Scope(search=" ")
