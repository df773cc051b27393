"""``studyapp stats --json`` (schema studyapp.stats/1): every key pinned, every value by hand.

The user lives at UTC+01:00 and today is Tuesday 2026-03-10 (the clock stops at 09:00). Deck
``alpha`` has cards a–d (a and b tagged ``t``), deck ``beta`` cards e–h. The log (local times;
ms = response time, or a test's or game's play time):

================  ====  ==================================  ======  =========================
when              card  what                                ms      SM-2 afterwards
================  ====  ==================================  ======  =========================
2026-01-05 10:00  a     spaced 5                            1000    I 1, EF 2.6
2026-01-06 10:00  a     spaced 5                            1000    I 6, EF 2.7
2026-01-07 10:00  f     spaced 3                            1000    I 1, EF 2.36, due 01-08
2026-01-12 10:00  a     spaced 5                            1000    I 17, EF 2.8
2026-01-29 10:00  a     spaced 4                            1000    I 48, EF 2.8, due 03-18
2026-03-05 10:00  d     spaced 5                            2000    I 1, EF 2.6, due 03-06
2026-03-07 10:03  –     test on alpha, 3 of 4, from 10:00   180000
2026-03-09 10:00  b     spaced 1 (a lapse)                  2000    I 1, EF 1.96, due 03-10
2026-03-09 10:05  b     spaced 4, a same-session repeat     1000    unchanged
2026-03-09 18:00  –     matching on alpha, 30 s + 2 s       30000
2026-03-10 08:00  c     spaced 2 (a lapse)                  4000    I 1, EF 2.18, due 03-11
2026-03-10 08:10  e     learn 5                             3000    none (learn)
2026-03-10 08:20  –     learn answers: a 3 of 4 right, c 3 of 3, e 1 of 3 (no times)
2026-03-10 08:30  –     matching on #t, 20 s + 1 s          20000
================  ====  ==================================  ======  =========================

So today the cards a–h have latest ratings 4 4 2 5 5 3 – –.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from studyapp.cli import main
from studyapp.cli.stats_json import STATS_SCHEMA, report_to_json
from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.results import AnswerRecord, MatchResult
from tests.conftest import LOCAL, START, WriteDeck

ALPHA = Scope(decks=("alpha",))
TAG = Scope(tag="t")


def deck_file(key: str, title: str, cards: str, tagged: str = "") -> str:
    """A deck file whose cards ``Question x`` have the ids ``x``; ``tagged`` ones carry tag t."""
    body = [
        f"## Question {card}\nAnswer {card}\n\nid:: {card}\n"
        + ("tags:: t\n" if card in tagged else "")
        for card in cards
    ]
    return f"---\nid: {key}\ntitle: {title}\n---\n\n" + "\n".join(body)


def fabricate_history(
    collection: Collection, clock: FixedClock, write_deck: WriteDeck
) -> dict[str, int]:
    """Import the decks and log the history of the module docstring; the ids of cards a–h."""
    collection.import_file(write_deck("alpha.md", deck_file("alpha", "Alpha", "abcd", "ab")))
    collection.import_file(write_deck("beta.md", deck_file("beta", "Beta", "efgh")))
    ids = {
        view.question.removeprefix("Question "): view.id for view in collection.scope_cards(Scope())
    }

    def at(when: str) -> datetime:
        clock.moment = datetime.fromisoformat(when).replace(tzinfo=LOCAL)
        return clock.moment

    def rate(when: str, card: str, rating: int, ms: int, mode: str = "spaced") -> None:
        at(when)
        collection.rate(ids[card], rating, mode=mode, response_ms=ms)

    for day, card, rating in (("01-05", "a", 5), ("01-06", "a", 5), ("01-07", "f", 3)):
        rate(f"2026-{day} 10:00", card, rating, 1000)
    rate("2026-01-12 10:00", "a", 5, 1000)
    rate("2026-01-29 10:00", "a", 4, 1000)
    rate("2026-03-05 10:00", "d", 5, 2000)
    at("2026-03-07 10:03")
    started = datetime(2026, 3, 7, 10, 0, tzinfo=LOCAL)
    collection.record_test(ALPHA, started, ["choice"], [], questions=4, correct=3)
    rate("2026-03-09 10:00", "b", 1, 2000)
    at("2026-03-09 10:05")
    collection.rate(ids["b"], 4, response_ms=1000, scheduled=False)
    finished = at("2026-03-09 18:00")
    collection.record_match_game(MatchResult(ALPHA, finished, 6, 2, 30000, 2000), [])
    rate("2026-03-10 08:00", "c", 2, 4000)
    rate("2026-03-10 08:10", "e", 5, 3000, mode="learn")
    answered = at("2026-03-10 08:20")
    for card, results in (("a", "RRRW"), ("c", "RRR"), ("e", "RWW")):
        for result in results:
            record = AnswerRecord(ids[card], "learn", "choice", result == "R", answered)
            collection.record_answer(record)
    finished = at("2026-03-10 08:30")
    collection.record_match_game(MatchResult(TAG, finished, 6, 1, 20000, 1000), [])
    clock.moment = START
    return ids


@pytest.fixture
def ids(collection: Collection, clock: FixedClock, write_deck: WriteDeck) -> dict[str, int]:
    """The history of the module docstring; the ids of cards a–h."""
    return fabricate_history(collection, clock, write_deck)


def test_the_keys_of_every_level_are_pinned(collection: Collection, ids: dict[str, int]) -> None:
    data = report_to_json(collection.stats())
    assert set(data) == {
        "schema",
        "scope",
        "today",
        "cards",
        "retention",
        "time_studied",
        "streaks",
        "due_forecast",
        "reviews_per_day",
        "hardest_cards",
        "mastery_history",
        "test_scores",
        "matching_times",
        "calibration",
        "scheduler",
        "desired_retention",
    }
    assert (data["scheduler"], data["desired_retention"]) == ("sm2", 0.9)
    assert data["schema"] == STATS_SCHEMA == "studyapp.stats/1"
    assert set(data["scope"]) == {"kind", "key", "decks", "tag"}
    assert set(data["cards"]) == {
        "active",
        "new",
        "learning",
        "mastered",
        "mastery_percent",
        "latest_ratings",
    }
    assert {frozenset(item) for item in data["cards"]["latest_ratings"]} == {
        frozenset({"rating", "cards"})
    }
    assert {frozenset(item) for item in data["retention"]} == {
        frozenset({"days", "reviews", "passed", "rate"})
    }
    assert {frozenset(item) for item in data["time_studied"]} == {
        frozenset({"days", "milliseconds"})
    }
    assert set(data["streaks"]) == {"current_days", "longest_days"}
    assert {frozenset(item) for item in data["due_forecast"]} == {
        frozenset({"date", "reviews_due"})
    }
    assert {frozenset(item) for item in data["reviews_per_day"]} == {frozenset({"date", "reviews"})}
    assert {frozenset(item) for item in data["hardest_cards"]} == {
        frozenset({"card_id", "deck", "question", "lapses", "easiness", "last_rating"})
    }
    assert {frozenset(item) for item in data["mastery_history"]} == {
        frozenset({"date", "mastery_percent"})
    }
    assert {frozenset(item) for item in data["test_scores"]} == {
        frozenset({"finished_at", "date", "scope", "questions", "correct", "score_percent"})
    }
    assert {frozenset(item) for item in data["matching_times"]} == {
        frozenset(
            {"finished_at", "date", "scope", "pairs", "total_milliseconds", "best_milliseconds"}
        )
    }
    calibration = data["calibration"]
    assert set(calibration) == {"summary", "levels", "overrated"}
    assert set(calibration["summary"]) == {
        "cards_compared",
        "mean_expected_rate",
        "mean_objective_rate",
        "overconfident",
        "underconfident",
        "calibrated",
    }
    assert {frozenset(item) for item in calibration["levels"]} == {
        frozenset({"rating", "expected_rate", "cards", "actual_rate"})
    }
    assert {frozenset(item) for item in calibration["overrated"]} == {
        frozenset(
            {
                "card_id",
                "deck",
                "question",
                "ratings",
                "mean_rating",
                "expected_rate",
                "answers",
                "right",
                "objective_rate",
                "gap",
            }
        )
    }


def test_overall_values_worked_out_by_hand(collection: Collection, ids: dict[str, int]) -> None:
    data = json.loads(json.dumps(report_to_json(collection.stats())))  # survives a round trip
    assert data["scope"] == {"kind": "all", "key": "all", "decks": None, "tag": None}
    assert data["today"] == "2026-03-10"
    # latest ratings a4 b4 c2 d5 e5 f3, g h unseen; a is mastered (4, interval 48 days);
    # mastery 23 / (5 x 8)
    assert data["cards"] == {
        "active": 8,
        "new": 2,
        "learning": 5,
        "mastered": 1,
        "mastery_percent": 57.5,  # rounded: 23 / 40 * 100 is 57.49999999999999 in floats
        "latest_ratings": [
            {"rating": 1, "cards": 0},
            {"rating": 2, "cards": 1},
            {"rating": 3, "cards": 1},
            {"rating": 4, "cards": 2},
            {"rating": 5, "cards": 2},
        ],
    }
    # scheduled spaced reviews: 03-04…03-10 d5 b1 c2; in a year also a 5 5 5 4 and f 3
    assert data["retention"] == [
        {"days": 7, "reviews": 3, "passed": 1, "rate": pytest.approx(1 / 3)},
        {"days": 30, "reviews": 3, "passed": 1, "rate": pytest.approx(1 / 3)},
        {"days": 365, "reviews": 8, "passed": 6, "rate": 0.75},
    ]
    # today: c 4000 + e 3000 + game 20000; the week: + d 2000, test 180000, b 2000 + 1000,
    # game 30000; the year: + a 4 x 1000, f 1000
    assert data["time_studied"] == [
        {"days": 1, "milliseconds": 27000},
        {"days": 7, "milliseconds": 242000},
        {"days": 30, "milliseconds": 242000},
        {"days": 365, "milliseconds": 247000},
        {"days": None, "milliseconds": 247000},
    ]
    # study days 01-05 06 07, 01-12, 01-29, 03-05, 03-09 10
    assert data["streaks"] == {"current_days": 2, "longest_days": 3}
    # today, as home's "Due today": b (due today), d and f (overdue), c (relearning after its 2
    # of 08:00) and e (rated only in learn: its first review); c tomorrow too; a on 03-18
    forecast = data["due_forecast"]
    assert len(forecast) == 30
    assert (forecast[0]["date"], forecast[-1]["date"]) == ("2026-03-10", "2026-04-08")
    assert {day["date"]: day["reviews_due"] for day in forecast if day["reviews_due"]} == {
        "2026-03-10": 5,
        "2026-03-11": 1,
        "2026-03-18": 1,
    }
    per_day = data["reviews_per_day"]
    assert len(per_day) == 365
    assert (per_day[0]["date"], per_day[-1]["date"]) == ("2025-03-11", "2026-03-10")
    assert {day["date"]: day["reviews"] for day in per_day if day["reviews"]} == {
        "2026-01-05": 1,
        "2026-01-06": 1,
        "2026-01-07": 1,
        "2026-01-12": 1,
        "2026-01-29": 1,
        "2026-03-05": 1,
        "2026-03-09": 2,  # b and its repeat
        "2026-03-10": 2,  # c, e (learn)
    }
    # b lapsed once (EF 1.96), c once (EF 2.18), f never but its EF fell to 2.36
    assert data["hardest_cards"] == [
        {"card_id": ids["b"], "deck": "alpha", "question": "Question b", "lapses": 1,
         "easiness": 1.96, "last_rating": 4},
        {"card_id": ids["c"], "deck": "alpha", "question": "Question c", "lapses": 1,
         "easiness": 2.18, "last_rating": 2},
        {"card_id": ids["f"], "deck": "beta", "question": "Question f", "lapses": 0,
         "easiness": 2.36, "last_rating": 3},
    ]  # fmt: skip
    # latest ratings summed at the end of each Tuesday, out of 40 (2.5 % a point): nothing
    # before 01-05; 01-06 a5; 01-13…01-27 a5 f3; 02-03…03-03 a4 f3; today 23
    first = date(2025, 12, 23)
    sums = [0, 0, 5, 8, 8, 8, 7, 7, 7, 7, 7, 23]
    assert data["mastery_history"] == [
        {
            "date": (first + timedelta(weeks=week)).isoformat(),
            "mastery_percent": total * 2.5,
        }
        for week, total in enumerate(sums)
    ]
    assert data["mastery_history"][-1]["date"] == "2026-03-10"
    assert data["test_scores"] == [
        {
            "finished_at": "2026-03-07T09:03:00+00:00",
            "date": "2026-03-07",
            "scope": "deck:alpha",
            "questions": 4,
            "correct": 3,
            "score_percent": 75.0,
        }
    ]
    # each scope keeps its own best: 30 s + 2 s on alpha, 20 s + 1 s on #t
    assert data["matching_times"] == [
        {"finished_at": "2026-03-09T17:00:00+00:00", "date": "2026-03-09", "scope": "deck:alpha",
         "pairs": 6, "total_milliseconds": 32000, "best_milliseconds": 32000},
        {"finished_at": "2026-03-10T07:30:00+00:00", "date": "2026-03-10", "scope": "tag:t",
         "pairs": 6, "total_milliseconds": 21000, "best_milliseconds": 21000},
    ]  # fmt: skip


def test_calibration_values_worked_out_by_hand(collection: Collection, ids: dict[str, int]) -> None:
    calibration = report_to_json(collection.stats())["calibration"]
    # compared (a rating and 3+ answers): a rated 5 5 5 4, mean 4.75 -> expects 0.9375, right
    # 3/4 (gap 0.1875: calibrated); c rated 2 -> 0.25, right 3/3 (gap -0.75: under);
    # e rated 5 -> 1, right 1/3 (gap 2/3: over)
    assert calibration["summary"] == {
        "cards_compared": 3,
        "mean_expected_rate": pytest.approx((0.9375 + 0.25 + 1) / 3),
        "mean_objective_rate": pytest.approx((0.75 + 1 + 1 / 3) / 3),
        "overconfident": 1,
        "underconfident": 1,
        "calibrated": 1,
    }
    # by latest rating: c 2, a 4, e 5
    assert calibration["levels"] == [
        {"rating": 1, "expected_rate": 0.0, "cards": 0, "actual_rate": None},
        {"rating": 2, "expected_rate": 0.25, "cards": 1, "actual_rate": 1.0},
        {"rating": 3, "expected_rate": 0.5, "cards": 0, "actual_rate": None},
        {"rating": 4, "expected_rate": 0.75, "cards": 1, "actual_rate": 0.75},
        {"rating": 5, "expected_rate": 1.0, "cards": 1, "actual_rate": pytest.approx(1 / 3)},
    ]
    assert calibration["overrated"] == [
        {
            "card_id": ids["e"],
            "deck": "beta",
            "question": "Question e",
            "ratings": 1,
            "mean_rating": 5.0,
            "expected_rate": 1.0,
            "answers": 3,
            "right": 1,
            "objective_rate": pytest.approx(1 / 3),
            "gap": pytest.approx(2 / 3),
        }
    ]


def test_a_deck_and_a_tag_scope(collection: Collection, ids: dict[str, int]) -> None:
    alpha = report_to_json(collection.stats(ALPHA))
    assert alpha["scope"] == {"kind": "decks", "key": "deck:alpha", "decks": ["alpha"], "tag": None}
    # a4 b4 c2 d5 of 20; the test and the game on alpha, not the game on #t
    assert (alpha["cards"]["active"], alpha["cards"]["mastery_percent"]) == (4, 75.0)
    assert [period["milliseconds"] for period in alpha["time_studied"]] == [
        4000,  # c
        219000,  # + d 2000, test 180000, b 3000, game 30000
        219000,
        223000,  # + a 4 x 1000
        223000,
    ]
    assert [test["scope"] for test in alpha["test_scores"]] == ["deck:alpha"]
    assert [game["scope"] for game in alpha["matching_times"]] == ["deck:alpha"]
    assert alpha["calibration"]["summary"]["cards_compared"] == 2  # a and c
    tagged = report_to_json(collection.stats(TAG))
    assert tagged["scope"] == {"kind": "tag", "key": "tag:t", "decks": None, "tag": "t"}
    assert (tagged["cards"]["active"], tagged["cards"]["mastery_percent"]) == (2, 80.0)
    # b's lapse is the only spaced review of a or b in a month: retention 0, not "none"
    assert [period["rate"] for period in tagged["retention"]] == [0.0, 0.0, 0.8]
    assert tagged["test_scores"] == []
    assert [game["total_milliseconds"] for game in tagged["matching_times"]] == [21000]


def test_no_reviews_gives_zeros_and_nulls(collection: Collection) -> None:
    data = report_to_json(collection.stats())
    assert data["cards"]["active"] == 0
    assert data["cards"]["mastery_percent"] == 0.0
    assert [period["rate"] for period in data["retention"]] == [None, None, None]
    assert data["calibration"]["summary"]["mean_expected_rate"] is None
    assert all(level["actual_rate"] is None for level in data["calibration"]["levels"])
    assert data["hardest_cards"] == data["test_scores"] == data["matching_times"] == []


def test_the_command_prints_the_schema(
    collection: Collection,
    ids: dict[str, int],
    db_url: str,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("studyapp.collection.bundled_cards_dir", lambda: tmp_path / "none")
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", db_url, "stats", "--json"], clock=clock, stdout=out, stderr=err)
    assert (code, err.getvalue()) == (0, "")
    printed: dict[str, Any] = json.loads(out.getvalue())
    assert printed == json.loads(json.dumps(report_to_json(collection.stats())))


def keys_at_every_level(value: object) -> set[str]:
    """Every key of every object in a JSON value."""
    if isinstance(value, dict):
        return set(value).union(*(keys_at_every_level(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(keys_at_every_level(item) for item in value))
    return set()


def test_the_documentation_names_every_field(collection: Collection, ids: dict[str, int]) -> None:
    doc = (Path(__file__).parents[2] / "docs" / "stats-json.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", doc, re.M))
    assert documented == keys_at_every_level(report_to_json(collection.stats()))
