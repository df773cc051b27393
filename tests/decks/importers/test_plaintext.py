"""The plain-text exports: each seed imports completely, without chrome, in the right format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studyapp.decks.errors import DeckError
from studyapp.decks.files import load_deck
from studyapp.decks.importers.common import NEEDS_ANSWER_TAG, lines_to_markdown, strip_emoji
from studyapp.decks.importers.formats import detect_format, read_other_app_export
from studyapp.decks.importers.knowt import is_heading_like

ROOT = Path(__file__).parents[3]
SEEDS = ROOT / "data" / "exports" / "seeds"
BUNDLED = {
    "000_8fa037878264368a.txt": "backprop-and-learning-rate.md",
    "001_0c9caf4faecd66ca.txt": "optimization-in-neural-networks.md",
    "002_1157368030a6b78f.txt": "optimization-for-deep-models.md",
    "003_b8a9ff3b641bb587.txt": "learning-rate-momentum-and-regularization.md",
    "004_fbef27fd929853ef.txt": "hyperparameters-regularization-and-optimizers.md",
}
EXPECTED = [
    ("000_8fa037878264368a.txt", "brainscape", 15,
     "S10 & 14: Backpropagation, Hyperparameters & Learning Rate"),
    ("001_0c9caf4faecd66ca.txt", "brainscape", 11, "Optimization in neural networks"),
    ("002_1157368030a6b78f.txt", "qa", 5, "Optimization for training deep models 10 11"),
    ("003_b8a9ff3b641bb587.txt", "knowt", 15, "Da slide 166 a slide 189"),
    ("004_fbef27fd929853ef.txt", "knowt", 20, "Week 3"),
]  # fmt: skip
CHROME = re.compile(
    r"How well did you know|Not at all|Perfectly$|Name \| Mastery|No analytics|No study sessions|"
    r"Send a link|Call with Kai|^\d+/\d+$|Flashcards$|[⭐👶]|^\s*[QA]\s*$",
    re.MULTILINE,
)


def read_seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "fmt", "count", "title"), EXPECTED, ids=lambda v: str(v)[:12])
def test_each_seed_imports_completely_in_its_format(
    name: str, fmt: str, count: int, title: str
) -> None:
    deck, other_format = read_other_app_export(read_seed(name), name)
    assert other_format.name == fmt
    assert (len(deck.cards), deck.title) == (count, title)
    assert [card.source for card in deck.cards] == [f"{name} #{n}" for n in range(1, count + 1)]
    for card in deck.cards:
        assert not CHROME.search(card.question), card.question
        assert not CHROME.search(card.answer), card.answer


@pytest.mark.parametrize(("name", "bundled"), BUNDLED.items())
def test_each_seed_card_is_in_its_bundled_deck_in_order(name: str, bundled: str) -> None:
    deck, _ = read_other_app_export(read_seed(name), name)
    seeded = [
        card.source
        for card in load_deck(ROOT / "cards" / bundled).cards
        if card.source and card.source.startswith("seeds/")
    ]  # the other cards were written for the course and cite papers
    assert seeded == [f"seeds/{card.source}" for card in deck.cards]


def test_brainscape_prompts_and_markers_are_read_past() -> None:
    deck, _ = read_other_app_export(read_seed("001_0c9caf4faecd66ca.txt"), "001.txt")
    assert deck.cards[1].question == (
        "Which optimization techniques for training neural nets do you know?"
    )
    assert deck.cards[1].answer.splitlines()[:3] == [
        "- Gradient Descent",
        "- Stochastic Gradient Descent",
        "- Mini-Batch Gradient Descent(best among gradient descents)",
    ]
    assert deck.cards[3].question == "What’s the learning rate?"  # 👶 dropped
    assert deck.cards[-1].answer.startswith("Saving the weights learned by a model")
    assert deck.cards[-1].answer.endswith("resume your training from a certain checkpoint.")


def test_knowt_terms_definitions_and_missing_definitions() -> None:
    deck, _ = read_other_app_export(read_seed("004_fbef27fd929853ef.txt"), "004.txt")
    assert [card.question for card in deck.cards[2:6]] == [
        "Overfitting",
        "Regularization strategies",
        "Early Stopping",
        "L1/L2 Regularization",
    ]
    assert deck.cards[3].answer == (
        "- Early stopping\n- L1 Parameter Regularization\n- L2 Parameter Regularization\n- Dropouts"
    )
    assert deck.cards[-1].answer.endswith("- Google Vizer\n- AWS SageMaker")
    no_answers, _ = read_other_app_export(read_seed("003_b8a9ff3b641bb587.txt"), "3")
    without = [c.question for c in no_answers.cards if NEEDS_ANSWER_TAG in c.tags]
    assert len(without) == 11
    assert without[:2] == [
        "Learning rate annealing",
        "Cyclic learning rate (what is it and why it works)",
    ]


def test_the_qa_dump_questions() -> None:
    deck, _ = read_other_app_export(read_seed("002_1157368030a6b78f.txt"), "002.txt")
    assert deck.cards[3].question == (
        "What are the challenges of the optimization in Neural Networks? Explain them"
    )
    # the seed numbers its points "1)…", "2) …": kept as written, not re-bulleted
    assert deck.cards[3].answer.startswith("1)Ill conditioning heissian:")


def test_a_format_can_be_forced_and_a_wrong_one_finds_nothing() -> None:
    text = read_seed("002_1157368030a6b78f.txt")
    with pytest.raises(DeckError, match="no cards found in this Brainscape Q/A export"):
        read_other_app_export(text, "002.txt", "brainscape")
    deck, other_format = read_other_app_export(text, "002.txt", "qa")
    assert (other_format.name, len(deck.cards)) == ("qa", 5)


@pytest.mark.parametrize(
    "text",
    ["", "Some notes I took.\nNothing like a flashcard export here.\n", "\x00\x01 binary-ish"],
)
def test_unrecognisable_text_asks_for_a_format(text: str) -> None:
    with pytest.raises(DeckError, match="cannot tell which export format this is; name it with"):
        detect_format(text, "notes.txt")


def test_an_empty_answer_becomes_a_card_to_complete() -> None:
    text = "1\nQ\nWhat is a saddle point?\nA\n2\nQ\nWhat is a plateau?\nA\nA flat region.\n"
    deck, _ = read_other_app_export(text, "x.txt", "brainscape")
    assert [NEEDS_ANSWER_TAG in card.tags for card in deck.cards] == [True, False]
    assert deck.cards[1].answer == "A flat region."


def test_lines_to_markdown_keeps_lists_and_paragraphs() -> None:
    assert lines_to_markdown(["One paragraph.", "", "a", "b", "", "- x", "  more"]) == (
        "One paragraph.\n\n- a\n- b\n\n- x\n  more"
    )
    assert lines_to_markdown(["", "", "single", ""]) == "single"


def test_emoji_markers_are_removed_but_text_kept() -> None:
    assert strip_emoji("What is Adam? ⭐️") == "What is Adam?"
    assert strip_emoji("What’s the learning rate? 👶") == "What’s the learning rate?"
    assert strip_emoji("Σ of gradients ≥ 0 → ok") == "Σ of gradients ≥ 0 → ok"


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Activation functions", True),
        ("Adam (Adaptive Momentum Estimation)", True),
        ("Finding the Best Hyper-Parameters (Grid search)", True),
        ("These weights are called model parameters", False),
        ("Tedious, slow and non-scalable", False),
        ("During training:", False),
        ("Faster than Bayesian Optimization", False),
        ("diffGrad", False),
    ],
)
def test_heading_like_lines(line: str, heading: bool) -> None:
    assert is_heading_like(line) is heading
