"""The card's Markdown: its blocks are rebuilt when the document or the theme changes, and kept
when the same document is shown again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets.markdown import MarkdownBlock

from studyapp.tui.widgets.card_markdown import CardMarkdown

QUESTION = "What does **momentum** average?\n\n- past gradients\n- past steps"


class MarkdownApp(App[None]):
    """Just the widget, showing a question."""

    def compose(self) -> ComposeResult:
        yield CardMarkdown(QUESTION, id="card")


@asynccontextmanager
async def shown() -> AsyncIterator[tuple[MarkdownApp, CardMarkdown]]:
    """The app running with its question drawn."""
    app = MarkdownApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        yield app, app.query_one(CardMarkdown)


def blocks(markdown: CardMarkdown) -> list[Widget]:
    """The block widgets the document is drawn with."""
    return list(markdown.query(MarkdownBlock))


def test_the_same_document_again_keeps_its_blocks() -> None:
    async def play() -> None:
        async with shown() as (_app, markdown):
            before = blocks(markdown)
            assert before, "the question is drawn"
            await markdown.update(QUESTION)
            assert blocks(markdown) == before
            assert markdown.source == QUESTION

    asyncio.run(play())


def test_a_new_document_is_drawn() -> None:
    async def play() -> None:
        async with shown() as (_app, markdown):
            before = blocks(markdown)
            await markdown.update("The answer: *past gradients*.")
            after = blocks(markdown)
            assert markdown.source == "The answer: *past gradients*."
            assert after
            assert not set(after) & set(before)
            # and back to the first document: drawn again, not skipped
            await markdown.update(QUESTION)
            assert markdown.source == QUESTION
            assert len(blocks(markdown)) == len(before)
            assert not set(blocks(markdown)) & set(after)

    asyncio.run(play())


def test_a_change_of_theme_draws_the_same_document_again() -> None:
    async def play() -> None:
        async with shown() as (app, markdown):
            before = blocks(markdown)
            app.theme = "textual-light" if app.theme != "textual-light" else "nord"
            await markdown.update(QUESTION)
            assert markdown.source == QUESTION
            assert not set(blocks(markdown)) & set(before)

    asyncio.run(play())


def test_a_document_grown_by_append_is_replaced_by_update() -> None:
    async def play() -> None:
        async with shown() as (_app, markdown):
            drawn = len(blocks(markdown))
            await markdown.append("\n\nA note added.")
            assert markdown.source != QUESTION
            await markdown.update(QUESTION)
            assert markdown.source == QUESTION
            assert len(blocks(markdown)) == drawn  # the appended paragraph is gone

    asyncio.run(play())
