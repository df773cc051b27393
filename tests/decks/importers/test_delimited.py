"""Quizlet and Anki plain-text exports: detection, parsing, and every problem with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.decks.errors import DeckError
from studyapp.decks.importers.common import MISSING_ANSWER, NEEDS_ANSWER_TAG
from studyapp.decks.importers.delimited import (
    detect_anki_text,
    detect_quizlet,
    guess_quizlet_separator,
    parse_anki_text,
    parse_quizlet,
)
from studyapp.decks.models import DeckSpec, derive_card_id
from tests.fresh_process import run_fresh

EXPORTS = Path(__file__).resolve().parents[3] / "data" / "exports"

Card = tuple[str, str, list[str], str]


def cards_of(deck: DeckSpec) -> list[Card]:
    """Each card as (question, answer, tags, type)."""
    return [(card.question, card.answer, card.tags, card.type) for card in deck.cards]


def sample(name: str) -> tuple[str, str]:
    """A sample export's text and path."""
    path = EXPORTS / name
    return path.read_text(encoding="utf-8"), str(path)


def problems_of(error: pytest.ExceptionInfo[DeckError]) -> list[tuple[int | None, str]]:
    """Each problem of a DeckError as (line, message)."""
    return [(problem.line, problem.message) for problem in error.value.problems]


def basic(question: str, answer: str) -> Card:
    return (question, answer, [], "basic")


# --------------------------------------------------------------------------------------------
# Quizlet samples


def test_quizlet_tab_sample() -> None:
    deck = parse_quizlet(*sample("quizlet-training-basics.txt"))
    assert (deck.id, deck.title, deck.source) == (
        "quizlet-training-basics",
        "Quizlet training basics",
        "quizlet-training-basics.txt",
    )
    assert cards_of(deck) == [
        basic("Epoch", "One full pass of the training set through the network"),
        basic("Mini-batch", "A small subset of the training examples used for one gradient step"),
        basic("learning_rate", "The step size: w = w - learning_rate * grad"),
        basic(
            "Overfitting",
            "Low training loss but high validation loss: the model memorised the training set",
        ),
        basic(
            "Gradient clipping",
            "Rescaling gradients whose norm exceeds a threshold, e.g. max_norm=1.0",
        ),
        basic(
            "Vanishing gradients",
            "Gradients that shrink layer by layer (e.g. through saturated sigmoids), "
            "so early layers barely learn",
        ),
    ]
    assert [card.source for card in deck.cards[:2]] == [
        "quizlet-training-basics.txt #1",
        "quizlet-training-basics.txt #2",
    ]


def test_quizlet_tsv_sample_skips_its_header_row() -> None:
    deck = parse_quizlet(*sample("quizlet-activations.tsv"))
    assert cards_of(deck) == [
        basic("ReLU", "max(0, x): cheap, and its gradient does not vanish for positive inputs"),
        basic(
            "Leaky ReLU",
            "Like ReLU, but with a small slope (e.g. 0.01*x) for negative inputs, "
            "so units cannot die",
        ),
        basic(
            "Sigmoid",
            "1 / (1 + e^-x): squashes to (0, 1); saturates, so gradients vanish for large |x|",
        ),
        basic("GELU", "x * Phi(x), a smooth ReLU used in transformers"),
    ]


def test_quizlet_csv_sample_honours_quotes() -> None:
    deck = parse_quizlet(*sample("quizlet-optimizers.csv"))
    assert cards_of(deck) == [
        basic("SGD", "Stochastic gradient descent: step against the gradient of one mini-batch"),
        basic(
            "Momentum",
            "Keeps a running average of past gradients, so steps keep their direction",
        ),
        basic(
            "Adam",
            "Adaptive moments: per-parameter step sizes from running averages of the gradient "
            "and its square.\nUsually lr=1e-3, betas=(0.9, 0.999).",
        ),
        basic(
            "Weight decay, decoupled",
            "AdamW's penalty applied directly to the weights instead of through the gradient",
        ),
        basic("RMSProp", "Divides each step by a running root-mean-square of recent gradients"),
        basic(
            "Learning-rate warmup",
            'Starts with a small learning rate and ramps it up over the first "warmup" steps',
        ),
    ]


REGULARIZATION = [
    basic("L2 regularization", "adds lambda * ||w||^2 to the loss, pulling weights towards zero"),
    basic(
        "Dropout",
        "randomly zeroes activations during training\n(the survivors are scaled by 1/(1-p))",
    ),
    basic(
        "Early stopping",
        "stops training when the validation loss has not improved for a few epochs",
    ),
    basic(
        "Data augmentation", "random crops, flips and colour jitter that enlarge the training set"
    ),
]


def test_quizlet_custom_separators() -> None:
    deck = parse_quizlet(*sample("quizlet-regularization.txt"), separator=" - ", row_separator=";")
    assert cards_of(deck) == REGULARIZATION


def test_quizlet_custom_separator_guessed_when_only_rows_are_given() -> None:
    deck = parse_quizlet(*sample("quizlet-regularization.txt"), row_separator=";")
    assert cards_of(deck) == REGULARIZATION


def test_quizlet_custom_rows_report_the_line_each_row_starts_on() -> None:
    text, path = sample("quizlet-regularization.txt")
    with pytest.raises(DeckError) as error:
        parse_quizlet(text, path, separator=" = ", row_separator=";")
    assert problems_of(error) == [
        (1, 'no " = " between term and definition'),
        (2, 'no " = " between term and definition'),
        (4, 'no " = " between term and definition'),
        (5, 'no " = " between term and definition'),
    ]


def test_quizlet_separator_that_cannot_be_guessed() -> None:
    text, path = sample("quizlet-regularization.txt")
    with pytest.raises(DeckError) as error:
        parse_quizlet(text, path)
    assert problems_of(error) == [
        (None, "cannot tell what separates terms from definitions; use --separator")
    ]
    assert str(error.value) == (
        f"{path}: cannot tell what separates terms from definitions; use --separator"
    )


def test_quizlet_malformed_sample_reports_every_problem_at_once() -> None:
    text, path = sample("quizlet-malformed.txt")
    with pytest.raises(DeckError) as error:
        parse_quizlet(text, path)
    # line 2, "Batch size" with no definition, is not a problem: it imports as needs-answer
    assert problems_of(error) == [
        (3, "no tab between term and definition"),
        (4, "the term is empty"),
        (6, "no tab between term and definition"),
    ]
    assert str(error.value).splitlines() == [
        f"{path}:3: no tab between term and definition",
        f"{path}:4: the term is empty",
        f"{path}:6: no tab between term and definition",
    ]


# --------------------------------------------------------------------------------------------
# Quizlet in detail


def test_quizlet_rows_separated_by_blank_lines() -> None:
    text = "Epoch\tOne pass over the data\n\nBatch\tSome examples\nprocessed together\n\n"
    deck = parse_quizlet(text, "q.txt", row_separator="\\n\\n")
    assert cards_of(deck) == [
        basic("Epoch", "One pass over the data"),
        basic("Batch", "Some examples\nprocessed together"),
    ]


@pytest.mark.parametrize("separator", ["\t", "tab", "TAB", "\\t"])
def test_quizlet_separator_names(separator: str) -> None:
    deck = parse_quizlet("Epoch\tOne pass\n", "q.txt", separator=separator)
    assert cards_of(deck) == [basic("Epoch", "One pass")]


def test_quizlet_semicolon_row_separator_by_name() -> None:
    deck = parse_quizlet("a, b;c, d;", "q.txt", separator="comma", row_separator="semicolon")
    assert cards_of(deck) == [basic("a", "b"), basic("c", "d")]


def test_quizlet_comma_rows_with_custom_row_separator_honour_quotes() -> None:
    text = '"Adam, the optimizer",moments, with bias correction;\nSGD,"one batch, one step";'
    deck = parse_quizlet(text, "q.txt", separator=",", row_separator=";")
    assert cards_of(deck) == [
        basic("Adam, the optimizer", "moments, with bias correction"),
        basic("SGD", "one batch, one step"),
    ]


@pytest.mark.parametrize("header", ["term\tdefinition", "Front\tBack", "QUESTION\tANSWER"])
def test_quizlet_header_row_skipped(header: str) -> None:
    deck = parse_quizlet(f"{header}\nEpoch\tOne pass\n", "q.txt")
    assert cards_of(deck) == [basic("Epoch", "One pass")]


def test_quizlet_header_words_later_are_a_card() -> None:
    deck = parse_quizlet("Epoch\tOne pass\nFront\tBack\n", "q.txt")
    assert cards_of(deck) == [basic("Epoch", "One pass"), basic("Front", "Back")]


def test_quizlet_unquoted_commas_stay_in_the_definition() -> None:
    text = "Momentum,a running average of gradients, decayed by beta\nAdam,adaptive moments\n"
    deck = parse_quizlet(text, "q.txt")
    assert cards_of(deck) == [
        basic("Momentum", "a running average of gradients, decayed by beta"),
        basic("Adam", "adaptive moments"),
    ]


def test_quizlet_csv_lines_of_problems_after_a_multiline_record() -> None:
    text = 'Adam,"moments,\nwith bias correction"\nSGD\nRMSProp,\n'
    with pytest.raises(DeckError) as error:
        parse_quizlet(text, "q.csv")
    assert problems_of(error) == [(3, "no comma between term and definition")]


def test_quizlet_html_definition_converted_plain_text_kept() -> None:
    text = (
        "Dropout\tZeroes units<br>at <b>training</b> time only\n"
        "Tokens\tA <pad> token fills short sequences; learning_rate stays\n"
        "Start token\t<s> begins a sequence and </s> ends it\n"
    )
    deck = parse_quizlet(text, "q.txt")
    assert cards_of(deck) == [
        basic("Dropout", "Zeroes units\nat **training** time only"),
        basic("Tokens", "A <pad> token fills short sequences; learning_rate stays"),
        basic("Start token", "<s> begins a sequence and </s> ends it"),
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (["Epoch\tpass", "Batch\tset"], "\t"),
        (["Epoch,pass", "Batch,set"], ","),
        (["Epoch - a pass, over data", "Batch - some, examples"], " - "),
        (["Epoch : a pass", "Batch : examples"], " : "),
        (["Epoch|a pass", "Batch|examples, a few"], "|"),
        (["Weight decay, decoupled - AdamW", "Adam, default - lr 1e-3", "SGD - plain"], ","),
        (["Epoch a pass", "Batch examples"], None),
        ([], None),
    ],
)
def test_guess_quizlet_separator(rows: list[str], expected: str | None) -> None:
    assert guess_quizlet_separator(rows) == expected


def test_guess_quizlet_separator_from_file_extension() -> None:
    assert guess_quizlet_separator(["a\tb"], "cards.csv") == ","
    assert guess_quizlet_separator(["a,b"], "cards.TSV") == "\t"


def test_quizlet_format_problems_and_card_problems_reported_together() -> None:
    text = "Epoch\tOne pass\nBatch size\nepoch\tAgain, in lower case\n"
    with pytest.raises(DeckError) as error:
        parse_quizlet(text, "q.txt")
    same_id = derive_card_id("q", "Epoch")
    assert problems_of(error) == [
        (2, "no tab between term and definition"),
        (
            3,
            f'has the same id "{same_id}" as the card on line 1 (the same question); '
            "give one of them an id",
        ),
    ]


def test_quizlet_empty_export() -> None:
    with pytest.raises(DeckError) as error:
        parse_quizlet("\n\n", "q.txt", separator="\t")
    assert problems_of(error) == [(None, "no cards found in this Quizlet export")]


def test_quizlet_empty_separator_refused() -> None:
    with pytest.raises(DeckError) as error:
        parse_quizlet("a\tb", "q.txt", separator="")
    assert problems_of(error) == [(None, "the separator cannot be empty")]


def test_quizlet_unreadable_csv_is_a_deck_error() -> None:
    text = 'Adam,"never closed\n' + "x" * 200_000
    with pytest.raises(DeckError) as error:
        parse_quizlet(text, "q.csv")
    assert problems_of(error) == [(1, "cannot read as CSV: field larger than field limit (131072)")]


def test_quizlet_crlf_and_bom() -> None:
    deck = parse_quizlet("\ufeffEpoch\tOne pass\r\nBatch\tSome examples\r\n", "q.txt")
    assert cards_of(deck) == [basic("Epoch", "One pass"), basic("Batch", "Some examples")]


# --------------------------------------------------------------------------------------------
# Anki samples


def test_anki_sample_with_html_cloze_tags_and_deck() -> None:
    deck = parse_anki_text(*sample("anki-neural-networks.txt"))
    assert (deck.id, deck.title) == ("deep-learning-training", "Deep Learning — Training")
    assert cards_of(deck) == [
        (
            "What does the **learning rate** control?",
            "The size of each step along the negative gradient:\n\n"
            "- too large: the loss diverges\n- too small: training crawls",
            ["optimization", "hyperparameters"],
            "basic",
        ),
        (
            "Why shuffle the training set every epoch?",
            "So that mini-batches do not follow the data's order;\n"
            "the gradient estimates stay unbiased.",
            ["data-loading"],
            "basic",
        ),
        (
            "{{Dropout}} zeroes each activation with probability {{p::a rate}} during training.",
            "With *inverted* dropout, no rescaling is needed at test time & all units are kept.",
            ["regularization", "Deep_Learning::Regularization"],
            "cloze",
        ),
        (
            "How do you take one optimizer step in PyTorch?",
            "```\noptimizer.zero_grad()\nloss.backward()\noptimizer.step()\n```",
            ["pytorch"],
            "basic",
        ),
        (
            "What does a loss curve look like when the learning rate is too high?",
            "It jumps around and drifts upwards instead of falling smoothly.",
            [],
            "basic",
        ),
        (
            "{{Early stopping}} halts training when the {{validation}} loss stops improving.",
            "",
            ["regularization"],
            "cloze",
        ),
    ]
    assert deck.cards[2].cloze_prompt() == (
        "[...] zeroes each activation with probability [a rate] during training."
    )


def test_anki_semicolon_sample_with_columns_header() -> None:
    deck = parse_anki_text(*sample("anki-optimizers-semicolon.txt"))
    assert (deck.id, deck.title) == ("deep-learning-optimizers", "Deep Learning — Optimizers")
    assert cards_of(deck) == [
        (
            "What does Adam's bias correction fix?",
            "The running averages start at zero, so early estimates are too small; "
            "dividing by 1 - beta^t undoes that.",
            ["optimizers", "adam"],
            "basic",
        ),
        (
            "Why use a learning-rate schedule?",
            "Large steps early make fast progress; small steps late settle into a minimum.",
            ["schedules"],
            "basic",
        ),
        (
            'What is "gradient noise"?',
            "The randomness of mini-batch gradients around the full-batch gradient, "
            "which helps escape sharp minima when lr < 1",
            ["sgd"],
            "basic",
        ),
        (
            "Nesterov momentum",
            "Evaluates the gradient at the look-ahead point w + beta * v",
            ["optimizers", "momentum"],
            "basic",
        ),
        (
            "{{AdamW}} decouples {{weight decay}} from the gradient update.",
            "",
            ["optimizers"],
            "cloze",
        ),
    ]


# --------------------------------------------------------------------------------------------
# Anki in detail


def test_anki_malformed_rows_reported_with_the_line_they_start_on() -> None:
    text = (
        "#separator:tab\n"
        "#html:false\n"
        "#tags column:3\n"
        'Adam\t"moments\nwith bias correction"\toptimizers\n'
        "only a front\n"
        "\n"
        'SGD\t"one\nbatch"\n'
        "\tno front\t\n"
        "Epoch\tOne pass\n"
    )
    with pytest.raises(DeckError) as error:
        parse_anki_text(text, "anki.txt")
    assert problems_of(error) == [
        (6, "1 field where a note needs a front and a back (fields separated by tab)"),
        (10, "the question is empty"),
    ]


def test_anki_image_only_back_imported_as_needing_an_answer() -> None:
    text = '#separator:tab\n#html:true\nLoss curve of a too-high rate?\t"<img src=""a.png"">"\n'
    deck = parse_anki_text(text, "anki.txt")
    assert cards_of(deck) == [
        ("Loss curve of a too-high rate?", MISSING_ANSWER, [NEEDS_ANSWER_TAG], "basic")
    ]


def test_anki_notetype_column_makes_cloze_cards() -> None:
    text = (
        "#separator:comma\n"
        "#notetype column:1\n"
        "Cloze,{{c1::Batch norm}} normalises each feature over the mini-batch,\n"
        "Basic,{{braces}} in a basic note,kept as written\n"
        "Cloze (custom),Without blanks,extra\n"
    )
    with pytest.raises(DeckError) as error:
        parse_anki_text(text, "anki.txt")
    assert problems_of(error) == [
        (5, "a cloze card needs at least one blank in its question, written {{answer}}")
    ]


def test_anki_cloze_detected_from_text_without_notetype() -> None:
    text = "#separator:pipe\n{{c1::ReLU}} is max(0, x)|Rectified linear unit\n"
    deck = parse_anki_text(text, "anki.txt")
    assert cards_of(deck) == [("{{ReLU}} is max(0, x)", "Rectified linear unit", [], "cloze")]


def test_anki_html_false_keeps_markup_as_text() -> None:
    text = "#separator:tab\n#html:false\nWhat is <b>?\tA tag name & more\n"
    deck = parse_anki_text(text, "anki.txt")
    assert cards_of(deck) == [basic("What is <b>?", "A tag name & more")]


def test_anki_without_html_header_converts_fields_that_hold_html() -> None:
    text = "#separator:tab\nLoss<br>curve\tFalls, then <i>flattens</i>\na < b\tplain\n"
    deck = parse_anki_text(text, "anki.txt")
    assert cards_of(deck) == [
        basic("Loss\ncurve", "Falls, then *flattens*"),
        basic("a < b", "plain"),
    ]


def test_anki_columns_header_names_the_tags_column_and_global_tags_added() -> None:
    text = (
        "#separator:Tab\n"
        "#tags:deep-learning\n"
        "#columns:Front\tBack\tTags\n"
        "Epoch\tOne pass\ttraining Deep::Basics deep-learning\n"
    )
    deck = parse_anki_text(text, "anki.txt")
    assert cards_of(deck) == [
        ("Epoch", "One pass", ["training", "Deep::Basics", "deep-learning"], "basic")
    ]


def test_anki_tags_with_commas_become_dashes() -> None:
    text = "#separator:tab\n#tags column:3\nEpoch\tOne pass\tlr,schedule\n"
    deck = parse_anki_text(text, "anki.txt")
    assert deck.cards[0].tags == ["lr-schedule"]


def test_anki_several_decks_title_from_file_name() -> None:
    text = (
        "#separator:tab\n#deck column:1\nDeep::A\tEpoch\tOne pass\nDeep::B\tBatch\tSome examples\n"
    )
    deck = parse_anki_text(text, "data/my-anki.txt")
    assert (deck.id, deck.title) == ("my-anki", "My anki")
    assert [card.question for card in deck.cards] == ["Epoch", "Batch"]


def test_anki_comment_rows_skipped_and_unknown_headers_ignored() -> None:
    text = (
        "#separator:tab\n"
        "#if matches:update current\n"
        "# a note for myself\n"
        "Epoch\tOne pass\n"
        "# skipped: this row is a comment\n"
        "Batch\tSome examples\n"
    )
    deck = parse_anki_text(text, "anki.txt")
    assert [card.question for card in deck.cards] == ["Epoch", "Batch"]


def test_anki_bad_header_values() -> None:
    text = "\n".join(
        ["#separator:double-tab", "#html:yes", "#tags column:last", "#deck column:0", "Epoch\tOne"]
    )
    with pytest.raises(DeckError) as error:
        parse_anki_text(text, "anki.txt")
    assert problems_of(error) == [
        (
            1,
            'unknown separator "double-tab" '
            "(use tab, pipe, semicolon, colon, comma, space or one character)",
        ),
        (2, '#html must be true or false, not "yes"'),
        (3, '#tags column must be a column number from 1, not "last"'),
        (4, '#deck column must be a column number from 1, not "0"'),
    ]


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("#separator:comma", "Epoch,One pass"),
        ("#separator:Semicolon", "Epoch;One pass"),
        ("#separator:space", 'Epoch "One pass"'),
        ("#separator:colon", "Epoch:One pass"),
        ("#separator:~", "Epoch~One pass"),
        ("#html:false", "Epoch\tOne pass"),  # no separator named: guessed
    ],
)
def test_anki_separators(header: str, row: str) -> None:
    deck = parse_anki_text(f"{header}\n{row}\n", "anki.txt")
    assert cards_of(deck) == [basic("Epoch", "One pass")]


def test_anki_sound_references_dropped() -> None:
    text = "#separator:tab\n#html:true\nSay it[sound:epoch.mp3]\tOne pass [sound:pass.mp3]\n"
    deck = parse_anki_text(text, "anki.txt")
    assert cards_of(deck) == [basic("Say it", "One pass")]


def test_anki_header_only() -> None:
    with pytest.raises(DeckError) as error:
        parse_anki_text("#separator:tab\n#html:true\n", "anki.txt")
    assert problems_of(error) == [(None, "no cards found in this Anki plain-text export")]


# --------------------------------------------------------------------------------------------
# Detection


def test_detect_anki_sample_files() -> None:
    for name in ("anki-neural-networks.txt", "anki-optimizers-semicolon.txt"):
        text, _ = sample(name)
        assert (detect_anki_text(text), detect_quizlet(text)) == (1.0, 0.0)


@pytest.mark.parametrize(
    ("name", "score"),
    [
        ("quizlet-training-basics.txt", 0.95),
        ("quizlet-activations.tsv", 0.95),
        ("quizlet-optimizers.csv", 0.6),
        ("quizlet-regularization.txt", 0.32),
        ("quizlet-malformed.txt", 0.633),
    ],
)
def test_detect_quizlet_sample_files(name: str, score: float) -> None:
    text, _ = sample(name)
    assert (detect_quizlet(text), detect_anki_text(text)) == (score, 0.0)


#: The committed exports of other apps (Brainscape, a Q/A dump, Knowt), none of them delimited.
OTHER_APP_SEEDS = (
    "000_8fa037878264368a.txt",
    "001_0c9caf4faecd66ca.txt",
    "002_1157368030a6b78f.txt",
    "003_b8a9ff3b641bb587.txt",
    "004_fbef27fd929853ef.txt",
)


def test_the_other_app_seeds_are_all_there() -> None:
    assert sorted(path.name for path in (EXPORTS / "seeds").glob("*.txt")) == list(OTHER_APP_SEEDS)


@pytest.mark.parametrize("name", OTHER_APP_SEEDS)
def test_detect_other_exports_low(name: str) -> None:
    text, _ = sample(f"seeds/{name}")  # a missing file fails here: the seeds are committed
    assert text.count("\n") >= 10  # a whole export, not an empty file that scores 0 anyway
    assert detect_anki_text(text) == 0.0
    assert detect_quizlet(text) < 0.1


def test_detect_brainscape_numbered_questions_and_prose_low() -> None:
    brainscape = (
        "1. What is an epoch?\n"
        "A: One full pass over the training set.\n"
        "2. Why normalise inputs?\n"
        "A: So that features share a scale, which speeds up training, and balances gradients.\n"
    )
    prose = (
        "Training a network repeats three steps: a forward pass, a backward pass, an update.\n"
        "The loss tells how wrong the outputs are.\n"
        "Its gradient says which way to move each weight.\n"
    )
    assert (detect_quizlet(brainscape), detect_anki_text(brainscape)) == (0.0, 0.0)
    assert (detect_quizlet(prose), detect_anki_text(prose)) == (0.0, 0.0)


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("#tags column:3\nEpoch\tOne pass\ttraining\n", 0.9),
        ("#deck:Deep\nEpoch\tOne pass\n", 0.9),
        ("#html:true\nEpoch\tOne pass\n", 1.0),
        ("\ufeff#separator:tab\nEpoch\tOne pass\n", 1.0),
        ("# Optimizers\n\n## What is Adam?\n", 0.0),
        ("", 0.0),
    ],
)
def test_detect_anki_text(text: str, score: float) -> None:
    assert detect_anki_text(text) == score


def test_detect_quizlet_empty() -> None:
    assert detect_quizlet("") == 0.0
    assert detect_quizlet("\n \n") == 0.0


def test_quizlet_term_without_definition_imports_as_a_card_to_complete() -> None:
    deck = parse_quizlet("Batch size\t\nEpoch\tOne pass over the data\n", "q.txt")
    assert [(card.question, "needs-answer" in card.tags) for card in deck.cards] == [
        ("Batch size", True),
        ("Epoch", False),
    ]


def _html_modules_loaded_after(code: str) -> list[str]:
    """The HTML converter's modules loaded once ``code`` has run in a fresh interpreter."""
    setup = "from studyapp.decks.importers.delimited import parse_anki_text, parse_quizlet\n"
    watched = ("studyapp.decks.importers.html", "studyapp.decks.math_text", "flatlatex")
    return run_fresh(setup + code, watched)[1]


def test_plain_text_exports_are_read_without_the_html_converter() -> None:
    plain = "parse_quizlet('What is SGD?\\tA <3 descent\\n', 'q.txt')"
    assert _html_modules_loaded_after(plain) == []
    html = "parse_quizlet('What is SGD?\\t<b>A descent</b>\\n', 'q.txt')"
    assert "studyapp.decks.importers.html" in _html_modules_loaded_after(html)
    cloze = "parse_anki_text('#separator:tab\\n{{c1::SGD}} descends\\tback\\n', 'a.txt')"
    assert "studyapp.decks.importers.html" in _html_modules_loaded_after(cloze)
