"""A card's detail drawn as text: where it lives, its fields, its state and marks, its history
as tables, and a chart of its interval and ease over its ratings. Card text is always plain
text here (never markup)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Final

from rich.table import Table
from rich.text import Text

from studyapp.clock import Zone
from studyapp.decks.models import derive_card_id
from studyapp.numeric.spec import Choices
from studyapp.rendering.words import counted, rating_name, spoken_duration
from studyapp.store.version import FLAG_COLOURS
from studyapp.tui.widgets.charts import line_chart
from studyapp.tui.widgets.text import safe

if TYPE_CHECKING:
    from studyapp.store.card_history import CardDetail, CardState, ReviewEntry

#: Anki's flag colours, by number.
FLAG_NAMES: Final = dict(enumerate(FLAG_COLOURS, start=1))
#: Rows of each history chart.
CHART_HEIGHT: Final = 8


def where_it_lives(detail: CardDetail) -> str:
    """Where the card's content comes from, and so how it is edited."""
    origin = detail.origin
    if detail.in_file:
        line = f", line {detail.line}" if detail.line is not None else " (card not found in it now)"
        return f"deck file {safe(origin.path or '')}{line}: e opens it in your editor"
    if origin.kind == "bundled":
        return (
            "a deck that comes with studyapp: e edits the card here "
            "(or studyapp deck adopt DECK PATH to keep the deck in a file of yours)"
        )
    source = {"export": "another app's export", "package": "an Anki package"}.get(
        origin.kind or "", "no file"
    )
    if origin.path and origin.kind in ("export", "package"):
        source += f" {safe(origin.path)}"
    return f"{source}: e edits the card here"


def identity_line(detail: CardDetail) -> str:
    """The card's id, and whether it comes from its question (then a new question is a new
    card)."""
    key = detail.origin.key
    if key == derive_card_id(detail.origin.deck, detail.card.question):
        return (
            f"{safe(key)} (from the question: change the question in the file and it is a "
            "new card, without this history; write id:: to keep it)"
        )
    return f"{safe(key)} (written in the deck)"


def fields_text(detail: CardDetail, zone: Zone) -> Table:
    """The card's deck, source, id and every field it has, one labelled line each."""
    card = detail.card
    lines: list[tuple[str, str]] = [
        ("Deck", f"{safe(detail.origin.deck)} · {safe(detail.origin.deck_title)}"),
        ("Lives in", where_it_lives(detail)),
        ("Card id", identity_line(detail)),
        ("Type", card.type),
    ]
    lines += [
        (label, value)
        for label, value in (
            ("Short", safe(card.short or "")),
            ("Accepted", "; ".join(safe(answer) for answer in card.accepted)),
            ("Tags", ", ".join(safe(tag) for tag in card.tags)),
            ("Distractors", "; ".join(safe(wrong) for wrong in card.distractors)),
            ("Demo", _demo_text(card.demo)),
            ("Numeric", _numeric_text(card.numeric)),
            ("Source", safe(detail.origin.source or "")),
        )
        if value
    ]
    made = f"added {_day(detail.created_at, zone)} · changed {_day(detail.updated_at, zone)}"
    if detail.edited_at is not None:
        made += f" · edited in the app {_day(detail.edited_at, zone)}"
    if detail.retired_at is not None:
        made += f" · retired {_day(detail.retired_at, zone)} (no longer in its deck)"
    lines.append(("History", made))
    return _labelled(lines)


def state_text(detail: CardDetail, today: date) -> Table:
    """The card's schedule, its counts and the user's marks."""
    state = detail.state
    if state.due is None:
        schedule = "new: not yet in spaced review"
    else:
        days = (state.due - today).days
        when = "today" if days == 0 else f"in {counted(days, 'day')}" if days > 0 else "overdue"
        chosen = "FSRS" if detail.scheduler == "fsrs" else "SM-2"
        schedule = f"due {state.due.isoformat()} ({when}), by {chosen}"
    counts = (
        f"{counted(state.reviews, 'rating')} · {counted(state.lapses, 'lapse')} · "
        f"{counted(state.answers, 'answer')} in learn, test and matching "
        f"({state.answers_right} right)"
    )
    if state.last_rating is not None:
        counts += f" · last rating {rating_name(state.last_rating)}"
    marks = [
        mark
        for mark, on in (
            ("suspended", state.suspended),
            (f"buried until {state.buried_until}", state.buried_until is not None),
            ("starred", state.starred),
            (f"flag {FLAG_NAMES.get(state.flag, state.flag)}", state.flag != 0),
            ("leech", state.leech),
        )
        if on
    ]
    lines = [("Schedule", schedule)]
    if state.sm2_due is not None:
        lines += [("SM-2", _sm2_text(state)), ("FSRS", _fsrs_text(detail))]
    lines += [("Counts", counts), ("Marks", " · ".join(marks) or "none")]
    return _labelled(lines)


def _sm2_text(state: CardState) -> str:
    """A scheduled card's SM-2 state: interval, ease and the day SM-2 has it due."""
    due = state.sm2_due.isoformat() if state.sm2_due else "–"
    return f"interval {counted(state.interval, 'day')} · ease {state.easiness:.2f} · due {due}"


def _fsrs_text(detail: CardDetail) -> str:
    """A scheduled card's FSRS memory: its recall today, stability, difficulty and due day."""
    state = detail.state
    if detail.recall is None or state.fsrs_stability is None or state.fsrs_difficulty is None:
        return "memory worked out from the card's history when FSRS is chosen"
    due = state.fsrs_due.isoformat() if state.fsrs_due else "–"
    return (
        f"recall today {detail.recall:.0%} · stability {state.fsrs_stability:.1f} days · "
        f"difficulty {state.fsrs_difficulty:.1f} of 10 · due {due}"
    )


def reviews_table(detail: CardDetail, zone: Zone) -> Table | Text:
    """Every rating of the card, oldest first: when, mode, rating, time taken, interval and
    ease before and after, and the due day it left."""
    if not detail.reviews:
        return Text("No ratings yet.", style="dim", end="")
    table = _history_table(("When", "Mode", "Rating", "Took", "Interval", "Ease", "Due"))
    for review in detail.reviews:
        moved = "" if review.scheduled else " (kept)"
        table.add_row(
            _moment(review, zone),
            review.mode,
            str(review.rating),
            spoken_duration(review.response_ms) if review.response_ms is not None else "–",
            f"{review.interval_before}→{review.interval_after} d{moved}",
            f"{review.easiness_before:.2f}→{review.easiness_after:.2f}",
            review.due_after.isoformat() if review.due_after else "–",
        )
    return table


def answers_table(detail: CardDetail, zone: Zone) -> Table | Text:
    """Every answer to the card in learn, test and matching, oldest first."""
    if not detail.answers:
        return Text("No answers in learn, test or matching yet.", style="dim", end="")
    table = _history_table(("When", "Mode", "Question", "Result", "Took", "Typed"))
    for answer in detail.answers:
        result = "right" if answer.correct else "wrong"
        if answer.overridden:
            result = "right (you said)"
        table.add_row(
            f"{answer.at.astimezone(zone):%Y-%m-%d %H:%M}",
            answer.mode,
            answer.kind.replace("_", "/"),
            Text(result, style="green" if answer.correct else "red"),
            spoken_duration(answer.response_ms) if answer.response_ms is not None else "–",
            Text(safe(answer.given or ""), end=""),
        )
    return table


def history_chart(detail: CardDetail, width: int) -> Text:
    """The interval (days) and the ease after each rating that moved the schedule, as two
    small line charts; a line of text before there are two such ratings."""
    moved = [review for review in detail.reviews if review.scheduled]
    if len(moved) < 2:
        return Text(
            "The chart of the interval and ease shows from the card's second scheduled rating.",
            style="dim",
        )
    labels = [review.day.strftime("%b %-d") for review in moved]
    text = Text(end="")
    text.append("Interval after each spaced rating (days)\n", style="bold")
    text.append(
        line_chart([("interval", [r.interval_after for r in moved])], labels, width, CHART_HEIGHT)
    )
    text.append("\nEase after each spaced rating\n", style="bold")
    text.append(
        line_chart(
            [("ease", [float(r.easiness_after) for r in moved])], labels, width, CHART_HEIGHT
        )
    )
    return text


def _history_table(columns: tuple[str, ...]) -> Table:
    """A table of a card's history: its moments wrap (date, then time) and its typed answers
    wrap when the window is narrow; every other cell stays on one line."""
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold", expand=False)
    for name in columns:
        table.add_column(name, no_wrap=name not in ("When", "Typed"))
    return table


def _labelled(lines: list[tuple[str, str]]) -> Table:
    """Labelled lines, each value wrapping under itself (never under its label)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1)
    for label, value in lines:
        grid.add_row(label, Text(value, end=""))
    return grid


def _demo_text(demo: dict[str, object] | None) -> str:
    if not demo:
        return ""
    params = demo.get("params") or {}
    assert isinstance(params, dict)
    shown = " ".join(f"{key}={value}" for key, value in params.items())
    return safe(f"{demo.get('name')} {shown}".rstrip())


def _numeric_text(spec: dict[str, object] | None) -> str:
    if not spec:
        return ""
    params = spec.get("params") or {}
    assert isinstance(params, dict)
    shown = "; ".join(f"{name} = {Choices.parse(values).text()}" for name, values in params.items())
    return safe(f"{spec.get('compute')} · {shown} · tolerance {spec.get('tolerance')}")


def _day(moment: datetime, zone: Zone) -> str:
    return f"{moment.astimezone(zone):%Y-%m-%d}"


def _moment(review: ReviewEntry, zone: Zone) -> str:
    return f"{review.at.astimezone(zone):%Y-%m-%d %H:%M}"
