"""The screens that reach the app: its collection, its saver and its shuffling, typed.

Textual types ``self.app`` as any app; a screen of studyapp builds on :class:`StudyScreen` (a
dialog on :class:`StudyDialog`) and reaches the one :class:`~studyapp.tui.app.StudyApp` through
:attr:`study_app`, checked once here rather than cast in every screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from studyapp.collection import Collection
    from studyapp.tui.app import StudyApp

ResultT = TypeVar("ResultT")


class StudyScreen(Screen[ResultT]):
    """A screen of studyapp, with the app it runs in typed."""

    @property
    def study_app(self) -> StudyApp:
        """The app this screen runs in (a :class:`StudyApp`, checked)."""
        from studyapp.tui.app import StudyApp  # here: the app module imports the screens

        app = self.app
        if not isinstance(app, StudyApp):
            raise TypeError(f"studyapp's screens run in a StudyApp, not in {type(app).__name__}")
        return app

    @property
    def collection(self) -> Collection:
        """The app's collection (opened now if it is not open yet)."""
        return self.study_app.collection


class StudyDialog(ModalScreen[ResultT], StudyScreen[ResultT]):
    """A dialog of studyapp (a modal screen), with the app it runs in typed."""
