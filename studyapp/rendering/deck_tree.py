"""Nested decks: the deck list as a tree by the ``::`` parts of deck titles (Anki's
``Parent::Child``), with a parent's counts rolled up from everything under it.

Home shows it collapsible; ``studyapp decks`` prints it indented. A parent is either a deck of
its own (a deck titled ``Parent`` beside ``Parent::Child``) or only a name that groups its
children. Decks are in the order of their titles, as they are shown (case folded; the same
title by id); a parent takes the place of its first deck. Building it is a pass over the
sorted list, nothing read from the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from studyapp.store.deck_list import DeckSummary

#: What separates a parent's name from its child's in a deck title.
SEPARATOR: Final = "::"
#: How the key of a parent that is not itself a deck begins (deck ids cannot hold ``:``).
GROUP_PREFIX: Final = "group:"


@dataclass
class DeckNode:
    """A deck, or a name grouping decks, with its children in the tree."""

    path: tuple[str, ...]
    deck: DeckSummary | None = None
    children: list[DeckNode] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The last part of the title: how the tree names the node."""
        return self.path[-1]

    @property
    def key(self) -> str:
        """The deck's id, or for a parent that is no deck ``group:Parent::Child``."""
        return self.deck.key if self.deck is not None else GROUP_PREFIX + SEPARATOR.join(self.path)

    @property
    def deck_keys(self) -> tuple[str, ...]:
        """The ids of the decks at and under this node (its own first)."""
        own = (self.deck.key,) if self.deck is not None else ()
        return own + tuple(key for child in self.children for key in child.deck_keys)

    @property
    def summary(self) -> DeckSummary:
        """The counts of every deck at and under this node, mastery weighted by cards; titled
        with the node's name."""
        if self.deck is not None and not self.children:
            return replace(self.deck, title=self.name)
        decks = list(self.decks())
        cards = sum(deck.cards for deck in decks)
        rated = sum(deck.mastery * deck.cards for deck in decks)
        return DeckSummary(
            key=self.key,
            title=self.name,
            cards=cards,
            new=sum(deck.new for deck in decks),
            due=sum(deck.due for deck in decks),
            mastery=rated / cards if cards else 0.0,
        )

    def decks(self) -> Iterable[DeckSummary]:
        """The decks at and under this node."""
        if self.deck is not None:
            yield self.deck
        for child in self.children:
            yield from child.decks()

    @property
    def scope_title(self) -> str:
        """How a session over this node is named: the deck's title, or ``Parent (3 decks)``."""
        if not self.children and self.deck is not None:
            return self.deck.title
        count = len(self.deck_keys)
        return f"{self.name} ({count} deck{'s' if count != 1 else ''})"


def title_path(title: str) -> tuple[str, ...]:
    """A title's parts (``"A::B"`` → ``("A", "B")``), blanks dropped; the title if none."""
    parts = tuple(part.strip() for part in title.split(SEPARATOR) if part.strip())
    return parts or (title,)


def deck_tree(summaries: Sequence[DeckSummary]) -> list[DeckNode]:
    """The decks as a tree (the top-level nodes). Two decks of the same title stay two rows."""
    roots: list[DeckNode] = []
    groups: dict[tuple[str, ...], DeckNode] = {}

    def node_at(path: tuple[str, ...]) -> DeckNode:
        found = groups.get(path)
        if found is None:
            found = groups[path] = DeckNode(path)
            (node_at(path[:-1]).children if len(path) > 1 else roots).append(found)
        return found

    def shown_order(deck: DeckSummary) -> tuple[tuple[str, ...], str]:
        return tuple(part.casefold() for part in title_path(deck.title)), deck.key

    for summary in sorted(summaries, key=shown_order):
        path = title_path(summary.title)
        node = node_at(path)
        if node.deck is None:
            node.deck = summary
        else:  # a second deck of the same title: a row of its own beside it
            twin = DeckNode(path, summary)
            (node_at(path[:-1]).children if len(path) > 1 else roots).append(twin)
    return roots


def visible_rows(
    roots: Sequence[DeckNode], expanded: set[str] | None = None
) -> list[tuple[int, DeckNode]]:
    """The rows shown, each with its depth: every node whose parents are all expanded (all of
    them when ``expanded`` is None)."""
    rows: list[tuple[int, DeckNode]] = []

    def walk(nodes: Sequence[DeckNode], depth: int) -> None:
        for node in nodes:
            rows.append((depth, node))
            if node.children and (expanded is None or node.key in expanded):
                walk(node.children, depth + 1)

    walk(roots, 0)
    return rows


def find_node(roots: Sequence[DeckNode], key: str) -> DeckNode | None:
    """The node of this key (a deck's id or a group's key), or None."""
    for node in roots:
        if node.key == key:
            return node
        found = find_node(node.children, key)
        if found is not None:
            return found
    return None


def parent_of(roots: Sequence[DeckNode], key: str) -> DeckNode | None:
    """The node right above the node of this key, or None (a top-level node, or none)."""
    for node in roots:
        if any(child.key == key for child in node.children):
            return node
        found = parent_of(node.children, key)
        if found is not None:
            return found
    return None


def is_nested(roots: Sequence[DeckNode]) -> bool:
    """Whether any node has children (a flat list is shown as it always was)."""
    return any(node.children for node in roots)


def tree_prefix(depth: int, node: DeckNode, expanded: bool) -> str:
    """What goes before a row's name: an indent by depth, then ▸ for a closed parent, ▾ for an
    open one, and as much space for a deck with nothing under it, so that names line up."""
    marker = ("▾ " if expanded else "▸ ") if node.children else "  "
    return "  " * depth + marker
