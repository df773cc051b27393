"""Each rule fires on a minimal deck and stays quiet on a fair one."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.lint import rules as lint_rules
from studyapp.lint.runner import lint_paths
from tests.lint.decks import card, deck, lint_text, rules

FAIR = deck(
    "fair",
    card("What does momentum add to SGD?", short="Averaged gradient steps"),
    card("What does RMSProp divide each step by?", short="Root mean squared gradient"),
    card(
        "In {{RMSProp}}, each step is divided by a running average of squared gradients.",
        short=None,
        distractors=("AdaGrad", "Momentum", "Nesterov"),
    ),
    card(
        "Explain backpropagation.",
        "First, the forward pass.\n\nThen the backward pass.",
        short=None,
    ),
)


def test_a_fair_deck_has_no_findings(tmp_path: Path) -> None:
    assert lint_text(tmp_path, FAIR) == []


def test_short_too_long_counts_the_words_of_the_short_answer(tmp_path: Path) -> None:
    seven = "an exponentially decaying average of past gradients"
    findings = lint_text(tmp_path, deck("d", card("Momentum?", short=seven, distractors=())))
    assert [(f.rule, f.severity) for f in findings if f.rule == "short-too-long"] == [
        ("short-too-long", "error")
    ]
    assert "short answer has 7 words (at most 6)" in findings[-1].message
    six = "a decaying average of past gradients"
    assert "short-too-long" not in rules(lint_text(tmp_path, deck("d", card("Q?", short=six))))


def test_few_distractors_only_for_cards_asked_as_multiple_choice(tmp_path: Path) -> None:
    two = deck("d", card("Momentum?", distractors=FAIR_TWO))
    findings = lint_text(tmp_path, two)
    assert rules(findings) == ["few-distractors"]
    assert findings[0].severity == "error"
    assert findings[0].message.startswith("2 distractors (at least 3)")
    # a card with no answer fit to be an option is never asked as multiple choice
    unaskable = card("Explain it.", "One paragraph.\n\nAnd another.", short=None, distractors=())
    assert lint_text(tmp_path, deck("d", unaskable)) == []


FAIR_TWO = ("Vanishing gradient steps", "Exploding weight updates")


def test_longest_option_needs_a_clear_margin(tmp_path: Path) -> None:
    # the longest distractor has 24 characters: 1.3 x 24 = 31.2
    long_right = "Steps averaged over past gradients"  # 34 characters
    findings = lint_text(tmp_path, deck("d", card("Momentum?", short=long_right)))
    assert rules(findings) == ["longest-option"]
    assert findings[0].severity == "warning"
    assert "(34 characters)" in findings[0].message
    assert "longest distractor 24" in findings[0].message
    just_longer = "Averaged past gradient steps"  # 28 characters: longer, but not by far
    assert lint_text(tmp_path, deck("d", card("Momentum?", short=just_longer))) == []


def test_only_unqualified_when_every_distractor_is_absolute(tmp_path: Path) -> None:
    absolute = ("Always the largest step", "Never any gradient", "Only the last batch")
    findings = lint_text(
        tmp_path, deck("d", card("Q?", short="Averaged steps", distractors=absolute))
    )
    assert rules(findings) == ["only-unqualified"]
    assert "always, never, only" in findings[0].message
    qualified_right = card("Q?", short="Only averaged steps", distractors=absolute)
    assert lint_text(tmp_path, deck("d", qualified_right)) == []
    one_plain = (*absolute[:2], "The last batch")
    assert (
        lint_text(tmp_path, deck("d", card("Q?", short="Averaged steps", distractors=one_plain)))
        == []
    )


def test_absolute_words_are_matched_after_normalization(tmp_path: Path) -> None:
    absolute = ("It CAN'T move", "It cannot stop", "Everything at once")
    findings = lint_text(
        tmp_path, deck("d", card("Q?", short="It slows down", distractors=absolute))
    )
    assert rules(findings) == ["only-unqualified"]


def test_two_right_answers_in_the_same_deck_or_a_shared_tag(tmp_path: Path) -> None:
    momentum = card("Momentum?", short="Averaged gradient steps")
    rmsprop = card(
        "RMSProp?",
        short="Root mean squared gradient",
        distractors=("averaged-gradient steps!", *FAIR_TWO),
    )
    findings = lint_text(tmp_path, deck("d", momentum, rmsprop))
    assert rules(findings) == ["two-right-answers"]
    assert findings[0].severity == "error"
    assert findings[0].question == "RMSProp?"
    assert 'is the answer of "Momentum?"' in findings[0].message
    assert f"{tmp_path / 'deck.md'}:6" in findings[0].message


def test_two_right_answers_across_decks_only_through_a_tag(tmp_path: Path) -> None:
    momentum = card("Momentum?", short="Averaged gradient steps", tags=("optimizers",))
    (tmp_path / "a.md").write_text(deck("a", momentum), encoding="utf-8")
    for tags, expected in (((), []), (("optimizers",), ["two-right-answers"])):
        rmsprop = card(
            "RMSProp?",
            short="Root mean squared gradient",
            distractors=("Averaged gradient steps", *FAIR_TWO),
            tags=tags,
        )
        (tmp_path / "b.md").write_text(deck("b", rmsprop), encoding="utf-8")
        assert rules(lint_paths([tmp_path]).findings) == expected


def test_a_distractor_that_is_the_cards_own_accepted_answer(tmp_path: Path) -> None:
    own = card(
        "Momentum?",
        short="Averaged steps",
        accept=("running average",),
        distractors=("Running-average", *FAIR_TWO),
    )
    findings = lint_text(tmp_path, deck("d", own))
    assert rules(findings) == ["two-right-answers"]
    assert "one of this card's own answers" in findings[0].message


def test_near_duplicate_questions_across_decks(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        deck(
            "a",
            card("What is the learning rate?", short="Step size multiplier"),
            card("Finding hyper-parameters: grid search", short="Try every combination"),
        ),
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text(
        deck(
            "b",
            card("What's the learning rate?", short="Size of each step"),
            card("Finding hyper-parameters: random search", short="Sample combinations"),
        ),
        encoding="utf-8",
    )
    findings = lint_paths([tmp_path]).findings
    assert [(f.rule, f.path, f.question) for f in findings] == [
        ("near-duplicate", str(tmp_path / "b.md"), "What's the learning rate?")
    ]
    assert f'"What is the learning rate?" ({tmp_path / "a.md"}:6)' in findings[0].message


def test_near_duplicates_of_a_huge_set_compare_word_sets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lint_rules, "MAX_FUZZY_QUESTIONS", 2)
    text = deck(
        "d",
        card("What is the learning rate?", short="Step size multiplier"),
        card("The learning rate is what?", short="Size of each step"),
        card("What's the learning rate?", short="Step size"),  # another word set: not compared
    )
    path = tmp_path / "deck.md"
    path.write_text(text, encoding="utf-8")
    report = lint_paths([path])
    assert [(f.rule, f.line) for f in report.findings] == [("near-duplicate", 15)]
    assert report.notes == (
        "near-duplicate: 3 questions, more than 2; "
        "only questions with the same words were compared",
    )


@pytest.mark.parametrize(
    ("question", "unguessable"),
    [
        ("{{Adam}} is {{an adaptive optimizer}}.", True),  # hides 3 words, shows 1
        ("Momentum helps a lot. {{Nesterov momentum}}.", True),  # a sentence of blanks only
        ("{{Adam::an optimizer with two moments}} works.", False),  # the hint counts
        ("In {{RMSProp}}, each step is divided by a running average of squared gradients.", False),
        ("The {{learning rate}} scales each step.", False),
    ],
)
def test_cloze_unguessable(tmp_path: Path, question: str, unguessable: bool) -> None:
    cloze = card(question, short=None, distractors=("AdaGrad", "Momentum", "Nesterov"))
    findings = [f for f in lint_text(tmp_path, deck("d", cloze)) if f.rule == "cloze-unguessable"]
    assert len(findings) == unguessable
    if unguessable:
        assert findings[0].severity == "warning"


def test_a_refused_deck_file_is_an_error_with_the_importers_message(tmp_path: Path) -> None:
    findings = lint_text(tmp_path, "## What is missing?\n\n## Another?\n\nAn answer.\n")
    assert [(f.rule, f.severity, f.line) for f in findings] == [("parse-error", "error", 1)]
    assert findings[0].message == "the answer is empty"
    assert findings[0].question == "What is missing?"


def test_every_rule_has_a_unique_name_and_a_summary() -> None:
    names = [rule.name for rule in lint_rules.RULES]
    assert len(names) == len(set(names)) == 10
    assert all(rule.summary for rule in lint_rules.RULES)


def test_distractors_of_a_card_never_asked_as_multiple_choice_are_not_checked(
    tmp_path: Path,
) -> None:
    momentum = card("Momentum?", short="Averaged gradient steps")
    unaskable = card(
        "Explain RMSProp.",
        "One paragraph.\n\nAnd another.",
        short=None,
        distractors=("Averaged gradient steps",),
    )
    assert lint_text(tmp_path, deck("d", momentum, unaskable)) == []


def test_math_unclosed_warns_of_a_dollar_that_opens_no_formula(tmp_path: Path) -> None:
    unclosed = card(
        r"What does Adam divide $\hat m_t by?",
        "By $1-\\beta_1^t$.\n\nA $ alone, a price of $5, and \\$x are fine.",
    )
    findings = lint_text(tmp_path, deck("d", unclosed))
    assert [(f.rule, f.severity) for f in findings] == [("math-unclosed", "warning")]
    assert findings[0].message.startswith(
        'the question has a $ that is never closed ("$\\hat m_t by?")'
    )
    assert findings[0].line == 6
    # closing it in the next paragraph is too late
    split = card("Q?", "A $\\beta\n\nthen$ later.")
    assert rules(lint_text(tmp_path, deck("d", split))) == ["math-unclosed"]


def test_math_unrendered_is_an_error_for_a_command_the_app_cannot_show(tmp_path: Path) -> None:
    shown = card(
        r"What is $\sqrt{2/\mathrm{fan}_{in}}$ for $\mathrm{fan}_{in} = 512$?",
        r"$0.0625$, so $\gamma^{\lfloor t/s \rfloor}$ and $\mathbb{E}[g^2]_t$ read too.",
    )
    assert lint_text(tmp_path, deck("d", shown)) == []
    unknown = card(
        r"What does $\hphantom{x}\beta$ mean?",
        "An answer.",
        distractors=(r"$\foo$", "Exploding weight updates", "Shrinking batch sizes"),
    )
    findings = lint_text(tmp_path, deck("d", unknown))
    assert [(f.rule, f.severity) for f in findings] == [("math-unrendered", "error")] * 2
    assert sorted(f.message for f in findings) == [
        'the distractor\'s formula "\\foo": \\foo is not a command the app can show',
        'the question\'s formula "\\hphantom{x}\\beta": \\hphantom is not a command the app can '
        "show",
    ]
    broken = card("Q?", "The power $x^$ is unreadable.", short="$x^$")
    findings = lint_text(tmp_path, deck("d", broken))
    assert [f.rule for f in findings] == ["math-unrendered"] * 2
    assert "not TeX the app can read" in findings[0].message
