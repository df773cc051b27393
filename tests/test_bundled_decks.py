"""The bundled decks in cards/: all import cleanly and every card is complete."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.decks.files import dump_deck, find_deck_files, load_deck, parse_deck_text
from studyapp.demos.registry import demo_names
from studyapp.modes.grading import expected_answers, grade_written, wrong_answers
from studyapp.paths import bundled_cards_dir
from studyapp.store.cards import CardView

CARDS = Path(__file__).parents[1] / "cards"
DECK_FILES = sorted(find_deck_files([CARDS]))
#: A card from a seed export names the export and its position in it.
SEED_SOURCE = re.compile(r"seeds/\d{3}_[0-9a-f]{16}\.txt #[1-9]\d*")
#: A card written for the course cites its source with a year ("Kingma & Ba 2015, Adam, ...").
CITATION = re.compile(r"^[A-Z].*\b(19|20)\d\d\b")


def test_the_bundled_folder_is_the_repositorys_cards_folder() -> None:
    assert bundled_cards_dir().resolve() in (CARDS.resolve(), CARDS.resolve().parent)
    assert len(DECK_FILES) >= 5


@pytest.mark.parametrize("path", DECK_FILES, ids=lambda p: p.stem)
def test_each_bundled_card_is_complete(path: Path) -> None:
    deck = load_deck(path)
    assert deck.id == path.stem
    assert deck.cards
    for card in deck.cards:
        assert card.answer.strip() or card.type == "cloze", card.question
        assert card.short or card.type == "numeric", card.question  # numeric: computed
        assert card.tags, card.question
        assert card.source, card.question
        if card.source.startswith("seeds/"):  # from the deck's own seed export, by position
            assert SEED_SOURCE.fullmatch(card.source), card.source
            assert card.source.split(" #")[0] == deck.source, card.question
        else:  # written for the course: cites the paper or book it is checked against
            assert CITATION.search(card.source), (card.question, card.source)
    shorts = Counter(card.short.casefold() for card in deck.cards if card.short)
    assert [s for s, n in shorts.items() if n > 1] == []


def test_cards_about_optimizers_and_schedules_link_their_demos() -> None:
    links = {
        (path.stem, card.id): card.demo.name
        for path in DECK_FILES
        for card in load_deck(path).cards
        if card.demo is not None
    }
    assert len(links) == 56
    assert set(links.values()) == set(demo_names())  # every demo has a card
    assert (
        links["hyperparameters-regularization-and-optimizers", "choosing-optimizers"] == "adagrad"
    )
    assert links["optimization-in-neural-networks", "adadelta-no-learning-rate"] == "adadelta"
    assert links["backprop-and-learning-rate", "performance-scheduling"] == "performance-schedule"
    assert links["learning-rate-momentum-and-regularization", "lr-warmup"] == "warmup"
    assert links["optimization-for-deep-models", "linear-scaling-rule"] == "batch-size-vs-lr"
    assert links["hyperparameters-regularization-and-optimizers", "momentum-sgd-local-minima"] == (
        "momentum-local-minimum"
    )
    assert links["hyperparameters-regularization-and-optimizers", "adam-first-step"] == (
        "adam-bias-correction"
    )
    assert links["backprop-and-learning-rate", "nesterov-accelerated-gradient"] == "nesterov"
    assert links["learning-rate-momentum-and-regularization", "diffgrad"] == "diffgrad"
    for path in DECK_FILES:  # every card whose question names an optimizer has a link
        for card in load_deck(path).cards:
            named = re.search(r"\b(Adam|RMSProp|Nesterov|diffGrad|SGDR|one-cycle)\b", card.question)
            if named and card.type != "numeric":  # a numeric card asks for a number, not a run
                assert card.demo is not None, card.question


def test_no_two_bundled_cards_share_an_id() -> None:
    ids = Counter(card.id for path in DECK_FILES for card in load_deck(path).cards)
    assert [card_id for card_id, n in ids.items() if n > 1] == []


def test_a_new_store_starts_with_every_bundled_deck(db_url: str, clock: FixedClock) -> None:
    collection = Collection.open(db_url, clock)
    assert collection.bundled_errors == []
    expected = {load_deck(path).id: len(load_deck(path).cards) for path in DECK_FILES}
    assert {s.key: s.cards for s in collection.deck_summaries()} == expected
    assert len(collection.due_queue().new) == 20
    collection.close()


SITE_CHROME = re.compile(
    r"How well did you know|Not at all|Name \| Mastery|No analytics|No study sessions|"
    r"Send a link to your students|Call with Kai|^\d+/\d+$|[⭐👶\ufe0f]",
    re.MULTILINE,
)


@pytest.mark.parametrize("path", DECK_FILES, ids=lambda p: p.stem)
def test_no_site_chrome_prompts_or_markers_in_any_card(path: Path) -> None:
    for card in load_deck(path).cards:
        for text in (card.question, card.answer, card.short or ""):
            assert not SITE_CHROME.search(text), (card.id, text)


@pytest.mark.parametrize("path", DECK_FILES, ids=lambda p: p.stem)
def test_each_bundled_deck_round_trips_through_both_formats(path: Path) -> None:
    deck = load_deck(path)
    for fmt in ("md", "yaml"):
        assert parse_deck_text(dump_deck(deck, fmt), f"{path.stem}.{fmt}", fmt) == deck


def test_the_seed_fixes_the_issue_names_are_in() -> None:
    lines = [line for path in DECK_FILES for line in path.read_text(encoding="utf-8").splitlines()]
    notes = "\n".join(line for line in lines if line.startswith("note:: "))
    # the cards say it right; only their notes quote what the export said, to explain the change
    text = "\n".join(line for line in lines if not line.startswith("note:: "))
    assert "epoch_size" in notes
    assert "Heras Tuner" in notes
    assert "step_size" in text
    assert "epoch_size" not in text
    for right, wrong in (("Keras Tuner", "Heras Tuner"), ("Google Vizier", "Google Vizer")):
        assert right in text
        assert wrong not in text


def test_typing_a_bundled_cards_distractor_is_graded_wrong_and_its_short_right() -> None:
    for path in DECK_FILES:
        for spec in load_deck(path).cards:
            if spec.numeric is not None:  # graded by value: tests/numeric/test_calculators.py
                continue
            view = CardView(
                1,
                path.stem,
                spec.question,
                spec.answer,
                spec.type,
                spec.short,
                tuple(spec.tags),
                tuple(spec.distractors),
                None,
                tuple(spec.accepted),
            )
            expected, wrong = expected_answers(view), wrong_answers(view)
            assert grade_written(spec.short or "", expected, wrong).exact, spec.id
            for distractor in spec.distractors:
                assert not grade_written(distractor, expected, wrong).correct, (spec.id, distractor)
