"""The screens that reach the app: its collection, its saver and its shuffling, typed.

Textual types ``self.app`` as any app; a screen of studyapp builds on :class:`StudyScreen` (a
dialog on :class:`StudyDialog`) and reaches the one :class:`~studyapp.tui.app.StudyApp` through
:attr:`study_app`, checked once here rather than cast in every screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen

from studyapp.modes.questions import CHOICE_OPTIONS

if TYPE_CHECKING:
    from studyapp.collection import Collection
    from studyapp.tui.app import StudyApp

ResultT = TypeVar("ResultT")

#: Keys that scroll a long card (the ``#card`` of a study screen); the arrows do it when no
#: options or answer field takes them.
CARD_SCROLL_BINDINGS = [
    Binding("pageup", "scroll_card(-1, 1)", "", show=False),
    Binding("pagedown", "scroll_card(1, 1)", "", show=False),
    Binding("up", "scroll_card(-1, 0)", "", show=False),
    Binding("down", "scroll_card(1, 0)", "", show=False),
]


def choice_bindings() -> list[BindingType]:
    """The keys 1–4 that pick an option (action ``choose(<index>)``, 0-based): one footer
    entry, worded the same in every mode."""
    bindings: list[BindingType] = [
        Binding(
            "1",
            "choose(0)",
            "Choose",
            key_display=f"1–{CHOICE_OPTIONS}",
            tooltip=f"Choose that option, 1–{CHOICE_OPTIONS} (or the arrows, then enter)",
        )
    ]
    bindings += [
        Binding(str(number), f"choose({number - 1})", "", show=False)
        for number in range(2, CHOICE_OPTIONS + 1)
    ]
    return bindings


#: j and k move like ↓ and ↑ in the focused list or table (or scroll the card).
VIM_BINDINGS = [
    Binding("j", "cursor(1)", "", show=False),
    Binding("k", "cursor(-1)", "", show=False),
]
#: How help lists j and k.
VIM_HELP = Binding("j,k", "cursor", "Move", tooltip="Move down and up, as ↓ and ↑ do")
#: How help lists the card's scroll keys: one line.
CARD_SCROLL_HELP = Binding(
    "pageup,pagedown",
    "scroll_card",
    "Scroll",
    key_display="PageUp, PageDown, ↑, ↓",
    tooltip="Scroll a long card (the arrows when no options are shown)",
)


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

    def action_cursor(self, step: int) -> None:
        """Move down (``step`` 1) or up in the focused list or table, or scroll the focused
        scrolling view, as the arrows do; with neither focused, scroll the card."""
        focused = self.focused
        for verb in ("cursor", "scroll"):
            down, up = (
                getattr(focused, f"action_{verb}_down", None),
                getattr(focused, f"action_{verb}_up", None),
            )
            if callable(down) and callable(up):
                down() if step > 0 else up()
                return
        self.action_scroll_card(step, 0)

    def action_scroll_card(self, step: int, pages: int) -> None:
        """Scroll the card on screen by ``step`` pages (``pages`` 1) or lines (``pages`` 0)."""
        for card in self.query("#card").results(VerticalScroll):
            if pages:
                card.scroll_page_down() if step > 0 else card.scroll_page_up()
            else:
                card.scroll_relative(y=step, animate=False)


class StudyDialog(ModalScreen[ResultT], StudyScreen[ResultT]):
    """A dialog of studyapp (a modal screen), with the app it runs in typed; ``?`` lists its
    keys (a dialog with more to say defines its own ``action_help``)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("question_mark", "help", "Help")]
    #: What the help screen calls the dialog.
    HELP_TITLE: ClassVar[str] = "this dialog"

    def action_help(self) -> None:
        """Show the dialog's keys."""
        from studyapp.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.HELP_TITLE, [*self.BINDINGS, *StudyDialog.BINDINGS]))


class SummaryDialog(StudyDialog[ResultT]):
    """The dialog that ends a session (its summary). For :attr:`SETTLE_SECONDS` after it
    opens, its keys are shown dimmed and do nothing: a key typed for the last card (space,
    enter, a rating) never closes the summary before it is seen."""

    #: How long the summary ignores its keys after it opens (tests set 0).
    SETTLE_SECONDS: ClassVar[float] = 0.6
    HELP_TITLE: ClassVar[str] = "the session's summary"
    #: Before any widget's own keys (a results table's 1–5), the keys a student may still be
    #: typing for the last card are held while the summary settles (escape first: the footer
    #: shows each action's first key, in the order keys are first bound).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q,enter,space,1,2,3,4,5,s,u,o,j,k,up,down,tab",
            "hold_key",
            "",
            show=False,
            priority=True,
        )
    ]

    def __init__(self) -> None:
        super().__init__()
        self.settled = self.SETTLE_SECONDS <= 0

    def on_mount(self) -> None:
        if not self.settled:
            self.set_timer(self.SETTLE_SECONDS, self.settle)

    def settle(self) -> None:
        """From now on the summary's keys act."""
        self.settled = True
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002
        """Every key but help waits (dimmed) until the summary has settled; until then the
        held keys are taken (and dropped) before any widget sees them."""
        if action == "hold_key":
            return not self.settled
        return True if self.settled or action == "help" else None

    def action_hold_key(self) -> None:
        """Drop a key typed before the summary settled."""
