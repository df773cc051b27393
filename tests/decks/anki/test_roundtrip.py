"""Export to an Anki package, then import it back: the same decks and cards come back."""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

from studyapp.collection import Collection
from studyapp.decks.anki.export import one_drawn_instance, write_apkg
from studyapp.decks.anki.field_html import markdown_to_html
from studyapp.decks.anki.notes import package_decks
from studyapp.decks.anki.package import read_package
from studyapp.decks.files import bundled_deck_files, load_deck
from studyapp.decks.models import DeckSpec
from studyapp.paths import bundled_cards_dir
from studyapp.scope import Scope
from tests.conftest import WriteDeck
from tests.decks.anki.builders import build_package

BUNDLED = [load_deck(path) for path in bundled_deck_files(bundled_cards_dir())]

EVERY_KIND = """---
id: kinds
title: Training::Every kind
description: A deck with one card of **each** kind.
---
## What does momentum add to SGD?
A running average of past gradients:

- it damps oscillation
- it speeds up long, shallow valleys

short:: a velocity
accept:: a running average of the gradients
accept:: velocity & its <decay>
tags:: optimizers, momentum
distractor:: a second learning rate
distractor:: weight decay
demo:: momentum lr=0.05 momentum=0.9
source:: lecture 3

## Adam
Adaptive moment estimation `m / (sqrt(v) + eps)`.

type:: reversible

## {{Adam}} divides by the root of {{the second moment::which moment?}} `v_t`.
Kingma & Ba, 2015.
"""


MATH = r"""---
id: math
title: Math
---
## What does Adam divide $\hat m_t$ by, and why?
By $1-\beta_1^t$: $m_0 = 0$, so early averages are too small.

$$\hat m_t = \frac{m_t}{1-\beta_1^t}$$

The update is $\theta_t = \theta_{t-1} - \eta \frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon}$; a
\$5 book, `$not math$`, and $a<b$ & $c*d$ come back too.

short:: $1-\beta_1^t$
distractor:: $1-\beta_2^t$
distractor:: $\beta_1^t$
distractor:: $\sqrt{\hat v_t}+\epsilon$
note:: The seed wrote it as $m_t/(1-b_1^t)$, costing \$0.

## He initialisation
Weights drawn with standard deviation $\sqrt{2/\mathrm{fan}_{in}}$.

type:: reversible
note:: $\sqrt{2/512} = 0.0625$.

## Dropout at rate $p$ scales kept units by {{$\frac{1}{1-p}$::a factor}}.
The schedule $\gamma^{\lfloor t/s \rfloor}$ and $2/\lambda_{\max}$ are other cards.
"""


def _through_anki(decks: list[DeckSpec], tmp_path: Path) -> list[DeckSpec]:
    path = tmp_path / "out.apkg"
    write_apkg(decks, path)
    converted = package_decks(read_package(path))
    assert converted.skipped == []
    assert converted.dropped == []
    return converted.decks


def _without_deck_tags_and_source(deck: DeckSpec) -> DeckSpec:
    """What an Anki package can carry of a deck (Anki decks have no tags or source)."""
    return deck.model_copy(update={"tags": [], "source": None})


def test_the_bundled_decks_come_back_card_for_card(tmp_path: Path) -> None:
    back = _through_anki(BUNDLED, tmp_path)
    assert [deck.id for deck in back] == [deck.id for deck in BUNDLED]
    for original, returned in zip(BUNDLED, back, strict=True):
        assert returned.title == original.title
        assert returned.description == original.description
        assert returned.source == "out.apkg"
        assert returned.cards == original.cards


def test_every_card_field_survives(tmp_path: Path, write_deck: WriteDeck) -> None:
    deck = load_deck(write_deck("kinds.md", EVERY_KIND))
    [back] = _through_anki([deck], tmp_path)
    assert back.id == "kinds"
    assert back.title == "Training::Every kind"
    assert [card.type for card in back.cards] == ["basic", "reversible", "cloze"]
    assert back.cards == deck.cards


NUMERIC = """---
id: numbers
title: Numbers
---

## Dropout drops each unit with probability p = {p}: by what factor are kept units scaled?

1/(1 − p) = 1/{keep} = {answer}

compute:: dropout-scale
param:: p = 0.1, 0.2, 0.5
tags:: dropout
"""


def test_anki_shows_a_numeric_card_as_one_drawn_instance(
    tmp_path: Path, write_deck: WriteDeck
) -> None:
    deck = load_deck(write_deck("numbers.md", NUMERIC))
    path = tmp_path / "out.apkg"
    write_apkg([deck], path)
    [note] = read_package(path).notes
    [card] = deck.cards
    drawn = one_drawn_instance(card)
    p = {"0.1": 0.1, "0.2": 0.2, "0.5": 0.5}[drawn.question.split("p = ")[1].split(":")[0]]
    assert drawn.short == {0.1: "1.111", 0.2: "1.25", 0.5: "2"}[p]
    assert drawn.answer.startswith(f"**{drawn.short} (±1%)**")
    assert len(drawn.distractors) == 3
    assert note.fields[:3] == (
        markdown_to_html(drawn.question),
        markdown_to_html(drawn.answer),
        drawn.short,
    )
    assert one_drawn_instance(card) == drawn  # seeded by the card's id: the same every export


def test_a_numeric_card_comes_back_numeric(tmp_path: Path, write_deck: WriteDeck) -> None:
    deck = load_deck(write_deck("numbers.md", NUMERIC))
    [back] = _through_anki([deck], tmp_path)
    [card] = back.cards
    assert card == deck.cards[0]
    assert card.numeric == deck.cards[0].numeric
    assert (card.tolerance, card.short, card.distractors) == (None, None, [])


def test_a_numeric_card_comes_back_after_a_trip_through_anki_itself(
    tmp_path: Path, write_deck: WriteDeck
) -> None:
    """Exported here, imported into Anki, exported by Anki (both formats), imported here."""
    written = NUMERIC.replace("tags:: dropout\n", "tags:: dropout\ntolerance:: 0.5%\n")
    deck = load_deck(write_deck("numbers.md", written))
    ours = tmp_path / "ours.apkg"
    write_apkg([deck], ours)

    def import_ours(anki: AnkiCollection) -> None:
        options = ImportAnkiPackageOptions(with_scheduling=False)
        anki.import_anki_package(ImportAnkiPackageRequest(package_path=str(ours), options=options))

    for legacy in (False, True):
        folder = tmp_path / ("legacy" if legacy else "modern")
        from_anki = build_package(folder, import_ours, legacy=legacy)
        converted = package_decks(read_package(from_anki))
        assert (converted.skipped, converted.dropped) == ([], [])
        [back] = converted.decks
        assert back.cards == deck.cards
        assert back.cards[0].type == "numeric"
        assert back.cards[0].tolerance == "0.5%"


@pytest.mark.parametrize(
    ("field", "reason"),
    [
        pytest.param("{not json", "is not JSON", id="not-json"),
        pytest.param('{"question": "Q {p}"}', "does not have just answer, compute", id="keys"),
        pytest.param(
            '{"question":"p = {p}?","answer":"{answer}","compute":"dropout-scal",'
            '"params":{"p":[0.1]},"tolerance":null}',
            '"dropout-scal" is not a known calculator',
            id="unknown-calculator",
        ),
        pytest.param("[" * 100_000 + "]" * 100_000, "is not JSON", id="nested-too-deep"),
    ],
)
def test_an_unreadable_numeric_field_leaves_the_drawn_instance(
    tmp_path: Path, write_deck: WriteDeck, field: str, reason: str
) -> None:
    deck = load_deck(write_deck("numbers.md", NUMERIC))
    path = tmp_path / "out.apkg"
    write_apkg([deck], path)
    package = read_package(path)
    [note] = package.notes
    edited = replace(note, fields=(*note.fields[:-1], html.escape(field)))
    converted = package_decks(replace(package, notes=[edited]))
    [card] = converted.decks[0].cards
    assert card == one_drawn_instance(deck.cards[0])
    [dropped] = converted.dropped
    assert reason in dropped.reason
    assert "stays" in dropped.reason


def test_notes_come_back_on_every_kind_of_card(tmp_path: Path, write_deck: WriteDeck) -> None:
    noted = EVERY_KIND.replace(
        "source:: lecture 3\n",
        "source:: lecture 3\nnote:: The seed said <average>.\nnote:: It is a sum & more.\n",
    ).replace("type:: reversible\n", "type:: reversible\nnote:: The seed called it SGD's twin.\n")
    noted = noted.replace("Kingma & Ba, 2015.\n", "Kingma & Ba, 2015.\n\nnote:: From the paper.\n")
    deck = load_deck(write_deck("kinds.md", noted))
    assert [card.note for card in deck.cards] == [
        "The seed said <average>.\n\nIt is a sum & more.",
        "The seed called it SGD's twin.",
        "From the paper.",
    ]
    [back] = _through_anki([deck], tmp_path)
    assert back.cards == deck.cards


def test_math_comes_back_from_anki_as_it_was_written(tmp_path: Path, write_deck: WriteDeck) -> None:
    deck = load_deck(write_deck("math.md", MATH))
    assert [card.type for card in deck.cards] == ["basic", "reversible", "cloze"]
    [back] = _through_anki([deck], tmp_path)
    assert back.cards == deck.cards


@pytest.mark.parametrize(
    ("deck_id", "text", "cards"), [("kinds", EVERY_KIND, 3), ("numbers", NUMERIC, 1)]
)
def test_a_deck_taken_to_anki_and_back_is_unchanged_in_the_store(
    collection: Collection,
    tmp_path: Path,
    write_deck: WriteDeck,
    deck_id: str,
    text: str,
    cards: int,
) -> None:
    """Numeric cards too: their template comes back, not the drawn instance Anki shows."""
    collection.import_file(write_deck(f"{deck_id}.md", text))
    deck = collection.export_deck(deck_id)
    assert deck is not None
    package = tmp_path / f"{deck_id}.apkg"
    write_apkg([deck], package)
    [report] = collection.import_paths([package]).reports
    assert (report.deck, report.added, report.updated, report.unchanged) == (deck_id, 0, 0, cards)
    again = collection.export_deck(deck_id)
    kept = _without_deck_tags_and_source(deck)
    assert again == kept.model_copy(update={"source": package.name})


@pytest.mark.parametrize("deck", BUNDLED, ids=[deck.id for deck in BUNDLED])
def test_a_fresh_store_gets_the_same_cards_from_the_package(deck: DeckSpec, tmp_path: Path) -> None:
    package = tmp_path / f"{deck.id}.apkg"
    write_apkg([deck], package)
    fresh = Collection.open(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", bundled=False)
    try:
        [report] = fresh.import_paths([package]).reports
        assert report.added == len(deck.cards)
        kept = _without_deck_tags_and_source(deck)
        assert fresh.export_deck(deck.id) == kept.model_copy(update={"source": package.name})
    finally:
        fresh.close()


def test_marks_go_to_anki_and_come_back(
    collection: Collection, tmp_path: Path, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("kinds.md", EVERY_KIND))
    deck = collection.export_deck("kinds")
    assert deck is not None
    ids = [view.id for view in collection.scope_cards(Scope.of_decks(["kinds"]))]
    collection.suspend(ids[:1])
    collection.flag(ids[1:2], 4)
    collection.star(ids[1:])
    package = tmp_path / "kinds.apkg"
    write_apkg([deck], package, {"kinds": collection.deck_progress("kinds")})
    fresh = Collection.open(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", bundled=False)
    try:
        assert fresh.import_paths([package]).errors == []
        back = [view.id for view in fresh.scope_cards(Scope.of_decks(["kinds"]))]
        assert len(back) == len(ids) - 1  # the suspended card is not studied
        marks = {
            card_id: fresh.card_marks(card_id)
            for card_id in fresh.card_ids(f"kinds/{card.id}" for card in deck.cards).values()
        }
    finally:
        fresh.close()
    assert [(m.suspended, m.flag, m.starred) for m in marks.values()] == [
        (True, 0, False), (False, 4, True), (False, 0, True),
    ]  # fmt: skip
