"""``studyapp stats --json``: a :class:`StatsReport` as JSON data, schema ``studyapp.stats/1``.

The schema is documented field by field in ``docs/stats-json.md``; a test pins its keys. Names
carry their units (``milliseconds``, ``_percent`` 0–100, ``_rate`` 0–1); dates are ISO
``YYYY-MM-DD`` local days, moments ISO 8601 in UTC with their offset (``+00:00``); fractions
are rounded to :data:`DECIMALS` places. Fields are
only ever added under this version; renaming, removing or changing the meaning of one makes
a new version.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from studyapp.analytics.calibration import CalibrationReport
    from studyapp.analytics.report import StatsReport
    from studyapp.scope import Scope

#: The schema's name and version, the value of the top-level ``"schema"`` key.
STATS_SCHEMA: Final = "studyapp.stats/1"

#: Decimal places kept in non-integer numbers: drops float noise (57.49999999999999 → 57.5).
DECIMALS: Final = 10

JSON = dict[str, Any]


def report_to_json(report: StatsReport) -> JSON:
    """Every figure of ``report`` as JSON-ready data (dicts, lists, str, int, float, None)."""
    cards = report.cards
    return {
        "schema": STATS_SCHEMA,
        "scope": scope_to_json(report.scope),
        "today": report.today.isoformat(),
        "cards": {
            "active": cards.cards,
            "new": cards.new,
            "learning": cards.learning,
            "mastered": cards.mastered,
            "mastery_percent": _real(cards.mastery),
            "latest_ratings": [
                {"rating": rating, "cards": count}
                for rating, count in enumerate(cards.ratings, start=1)
            ],
        },
        "retention": [
            {
                "days": period.days,
                "reviews": period.reviews,
                "passed": period.passed,
                "rate": _real(period.rate),
            }
            for period in report.retention
        ],
        "scheduler": report.scheduler,
        "desired_retention": report.desired_retention,
        "time_studied": [
            {"days": period.days, "milliseconds": period.milliseconds}
            for period in report.time_studied
        ],
        "streaks": {
            "current_days": report.streaks.current,
            "longest_days": report.streaks.longest,
        },
        "due_forecast": [
            {"date": day.day.isoformat(), "reviews_due": day.count} for day in report.forecast
        ],
        "reviews_per_day": [
            {"date": day.day.isoformat(), "reviews": day.count} for day in report.heatmap
        ],
        "hardest_cards": [
            {
                "card_id": card.card_id,
                "deck": card.deck,
                "question": card.question,
                "lapses": card.lapses,
                "easiness": float(card.easiness),
                "last_rating": card.last_rating,
            }
            for card in report.hardest
        ],
        "mastery_history": [
            {"date": point.day.isoformat(), "mastery_percent": _real(point.mastery)}
            for point in report.mastery_history
        ],
        "test_scores": [
            {
                "finished_at": _moment(test.finished_at),
                "date": test.day.isoformat(),
                "scope": test.scope,
                "questions": test.questions,
                "correct": test.correct,
                "score_percent": _real(test.score),
            }
            for test in report.test_scores
        ],
        "matching_times": [
            {
                "finished_at": _moment(game.finished_at),
                "date": game.day.isoformat(),
                "scope": game.scope,
                "pairs": game.pairs,
                "total_milliseconds": game.total_ms,
                "best_milliseconds": game.best_ms,
            }
            for game in report.match_times
        ],
        "calibration": calibration_to_json(report.calibration),
    }


def scope_to_json(scope: Scope) -> JSON:
    """Which cards the figures cover: ``kind`` all, decks or tag, and the store's key."""
    kind = "tag" if scope.tag is not None else "decks" if scope.decks is not None else "all"
    return {
        "kind": kind,
        "key": scope.key,
        "decks": None if scope.decks is None else list(scope.decks),
        "tag": scope.tag,
    }


def calibration_to_json(calibration: CalibrationReport) -> JSON:
    """The calibration summary, the table by latest rating, and the overrated cards."""
    summary = calibration.summary
    return {
        "summary": {
            "cards_compared": summary.cards,
            "mean_expected_rate": _real(summary.mean_expected),
            "mean_objective_rate": _real(summary.mean_objective),
            "overconfident": summary.overconfident,
            "underconfident": summary.underconfident,
            "calibrated": summary.calibrated,
        },
        "levels": [
            {
                "rating": level.rating,
                "expected_rate": _real(level.expected),
                "cards": level.cards,
                "actual_rate": _real(level.actual),
            }
            for level in calibration.levels
        ],
        "overrated": [
            {
                "card_id": card.card_id,
                "deck": card.deck,
                "question": card.question,
                "ratings": card.ratings,
                "mean_rating": _real(card.mean_rating),
                "expected_rate": _real(card.expected),
                "answers": card.answers,
                "right": card.right,
                "objective_rate": _real(card.objective),
                "gap": _real(card.gap),
            }
            for card in calibration.overrated
        ],
    }


def _real(value: float | None) -> float | None:
    """A figure rounded to :data:`DECIMALS` places (None stays None)."""
    return None if value is None else round(value, DECIMALS)


def _moment(moment: datetime) -> str:
    """An aware moment as ISO 8601 in UTC: ``2026-03-05T09:02:00+00:00``."""
    return moment.astimezone(UTC).isoformat()
