"""A small optimizer deck for the learn, test and matching mode tests."""

from __future__ import annotations

import pytest

from studyapp.collection import Collection
from studyapp.store.scope import Scope
from tests.conftest import WriteDeck

#: Ten cards, each with a distinct one-line answer and two distractors.
OPTIMIZERS = {
    "Which optimizer keeps a running average of past gradients?": "Momentum",
    "Which optimizer divides by a running RMS of gradients?": "RMSprop",
    "Which optimizer combines momentum and RMS scaling?": "Adam",
    "Which optimizer decouples weight decay?": "AdamW",
    "Which optimizer sums squared gradients forever?": "Adagrad",
    "Which momentum looks ahead before the gradient?": "Nesterov",
    "What multiplies the gradient in each step?": "Learning rate",
    "What schedule lowers the rate at fixed epochs?": "Step decay",
    "What schedule restarts a cosine curve?": "SGDR",
    "What stops training when validation loss rises?": "Early stopping",
}


def optimizer_deck() -> str:
    """The deck file's text."""
    parts = ["---\nid: opt\ntitle: Optimizers\n---\n"]
    for question, answer in OPTIMIZERS.items():
        parts.append(
            f"## {question}\n{answer} is the answer.\n\nshort:: {answer}\n"
            "distractor:: Dropout\ndistractor:: Batch normalization\n"
        )
    return "\n".join(parts)


@pytest.fixture
def deck(collection: Collection, write_deck: WriteDeck) -> Scope:
    """The optimizer deck imported; its scope."""
    collection.import_file(write_deck("opt.md", optimizer_deck()))
    return Scope(decks=("opt",))
