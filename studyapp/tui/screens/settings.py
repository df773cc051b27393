"""The settings screen: daily limits, the learning step, leeches, the theme and the scheduler.

Each setting shows what it means and its default; a number is checked as it is typed (what is
wrong shows under it) and nothing is saved while any is wrong. Saving stores every change in
one transaction (:meth:`~studyapp.collection.Collection.change_settings`), off the UI thread;
esc goes back, asking first if there are changes. A theme chosen shows at once (and goes back
to the saved one if the change is not kept).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Header, Input, Label, Static

from studyapp.store.settings import (
    SETTINGS,
    SETTINGS_BY_NAME,
    SettingError,
    Settings,
    settings_of,
)
from studyapp.tui.screens.base import StudyScreen
from studyapp.tui.screens.confirm import HELP, KEEP_GOING, ConfirmDialog, ask
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.widgets.choice_field import ChoiceField
from studyapp.tui.widgets.footer import StableFooter

if TYPE_CHECKING:
    from studyapp.store.settings import Setting

#: How a word of a choice is shown where it is not self-explanatory.
CHOICE_LABELS = {"tag": "tag only"}
#: The unit a number is typed in, after its label.
UNITS = {"learning-steps": "minutes", "desired-retention": "%", "maximum-interval": "days"}
HINT = "↑ ↓ move · ← → choose · enter or ^s saves · esc goes back"


class SettingsScreen(StudyScreen[None]):
    """Every setting of the collection, to read and change."""

    #: Narrower than 100 columns, each setting's help goes under its label (room to be read
    #: in one line); wider, under its value.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual's type)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="settings.save", priority=True),
        Binding("enter", "save", "", show=False),
        Binding(
            "tab",
            "app.focus_next",
            "Next",
            id="settings.next",
            tooltip="Next setting (↓ and j too; shift+tab, ↑ and k go back)",
        ),
        Binding("shift+tab", "app.focus_previous", "", show=False),
        # before the number fields, which would take the letters, and scroll with the arrows
        # (see SettingInput)
        Binding("down,j", "app.focus_next", "", show=False, priority=True),
        Binding("up,k", "app.focus_previous", "", show=False, priority=True),
        Binding("question_mark", "help", "Help", id="settings.help", priority=True),
        Binding("escape", "leave", "Back", id="settings.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: The settings as stored when the screen opened (or last saved).
        self.saved: Settings | None = None
        #: Whether a save is under way (keys wait for it).
        self.saving = False
        #: Whether a theme was chosen here (shown at once: the saved one is put back on leaving).
        self.theme_shown = False

    def compose(self) -> ComposeResult:
        self.saved = self.collection.settings()
        yield Header()
        with VerticalScroll(id="settings-form", can_focus=False):
            for setting in SETTINGS:
                with Horizontal(classes="settings-row"):
                    yield Label(_label(setting), classes="settings-label")
                    yield _field(setting, self.saved.value(setting.name))
                yield Static(setting.described(), classes="settings-help")
                yield Static("", id=f"error-{setting.name}", classes="settings-error")
            with Horizontal(id="settings-buttons"):
                yield Button("Save", variant="primary", id="settings-save", compact=True)
                yield Button("Cancel", id="settings-cancel", compact=True)
            yield Static(HINT, id="settings-hint")
        yield StableFooter()

    def on_mount(self) -> None:
        self.title = "studyapp"
        self.sub_title = "settings"
        self.query_one(f"#setting-{SETTINGS[0].name}").focus()

    # --- reading the form ---------------------------------------------------------------------

    def field_text(self, setting: Setting) -> str:
        """What the field of ``setting`` holds now (as typed, for a number)."""
        field = self.query_one(f"#setting-{setting.name}")
        assert isinstance(field, ChoiceField | Input), field
        return field.value

    def problems(self) -> dict[str, str]:
        """What is wrong with each field that holds a value its setting cannot take."""
        found = {}
        for setting in SETTINGS:
            try:
                setting.parse(self.field_text(setting))
            except SettingError as error:
                found[setting.name] = str(error)
        return found

    def chosen(self) -> Settings | None:
        """The settings the form holds, or None while any field is wrong."""
        if self.problems():
            return None
        return settings_of({s.name: s.parse(self.field_text(s)) for s in SETTINGS})

    def has_changes(self) -> bool:
        """Whether any field differs from the saved setting (a wrong value is a change)."""
        chosen = self.chosen()
        return chosen is None or self.saved is None or bool(self.saved.differences(chosen))

    # --- as the fields change -----------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._check_field(event.input)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_choice_field_changed(self, event: ChoiceField.Changed) -> None:
        event.stop()
        if event.field.id == "setting-theme":
            self.study_app.use_theme(event.value)  # shown at once; undone if not kept
            self.theme_shown = True

    def _check_field(self, field: Input) -> None:
        """Say under the field what is wrong with its value (or nothing)."""
        name = (field.id or "").removeprefix("setting-")
        setting = SETTINGS_BY_NAME[name]
        try:
            setting.parse(field.value)
            message = ""
        except SettingError as error:
            message = _sentence(str(error))
        field.set_class(bool(message), "-invalid")
        said = self.query_one(f"#error-{name}", Static)
        said.update(Content(message))
        said.set_class(bool(message), "-shown")

    # --- saving and leaving -------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "settings-save":
            self.action_save()
        else:
            self.action_leave()

    def action_save(self) -> None:
        """Store the changes (enter on the Cancel button goes back instead); nothing is stored
        while a field is wrong."""
        if self.saving:
            return
        focused = self.focused
        if isinstance(focused, Button) and focused.id == "settings-cancel":
            self.action_leave()
            return
        problems = self.problems()
        if problems:
            for field in self.query(Input):
                self._check_field(field)
            first = next(iter(problems))
            self.query_one(f"#setting-{first}").focus()
            fields = "field" if len(problems) == 1 else "fields"
            self.notify(f"Not saved: fix the {fields} marked in red.", severity="error")
            return
        chosen = self.chosen()
        assert chosen is not None
        assert self.saved is not None
        changes = self.saved.differences(chosen)
        if not changes:
            self._close("Nothing changed.")
            return
        self.saving = True
        self.store(changes)

    @work(thread=True, exclusive=True, group="settings-save")
    def store(self, changes: dict[str, int | str]) -> None:
        """Write the changes in one transaction, off the UI thread (another process may hold
        the store a while)."""
        from studyapp.store.database import StoreError

        try:
            saved = self.collection.change_settings(changes)
        except (StoreError, SettingError) as error:
            self.app.call_from_thread(self._not_saved, str(error))
            return
        self.app.call_from_thread(self._saved, saved)

    def _saved(self, saved: Settings) -> None:
        self.saving = False
        self.saved = saved
        self._close("Settings saved.")

    def _not_saved(self, message: str) -> None:
        self.saving = False
        self.notify(f"Settings not saved: {message}", severity="error")

    def action_leave(self) -> None:
        """Go back; with changes, first ask whether to save them, drop them, or stay."""
        if self.saving:
            return
        if not self.has_changes():
            self._close()
            return

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.action_save()
            elif answer == "discard":
                self._close("Changes not saved.")

        ask(self.app, LeaveSettingsDialog(), answered)

    def _close(self, note: str | None = None) -> None:
        """Back to the screen below, in the saved theme if another was shown here (a theme
        the command palette chose for this run stays otherwise)."""
        if self.saved is not None and self.theme_shown:
            self.study_app.use_theme(self.saved.theme)
        self.app.pop_screen()
        if note:
            self.notify(note)

    def action_help(self) -> None:
        keys = [
            *self.BINDINGS,
            Binding("left,right", "step", "Choose", tooltip="Change a choice: ← → (h l, space)"),
        ]
        self.app.push_screen(HelpScreen("settings", keys))


class LeaveSettingsDialog(ConfirmDialog):
    """Leaving the settings with changes: keep editing, save them, or leave them unsaved."""

    HELP_TITLE = "leave the settings?"
    BINDINGS: ClassVar[list[BindingType]] = [
        KEEP_GOING,
        Binding("s", "choose('save')", "Save the changes", id="leave-settings.save"),
        Binding("d", "choose('discard')", "Leave, changes not saved", id="leave-settings.discard"),
        HELP,
    ]

    def __init__(self) -> None:
        super().__init__("Leave the settings?", "Your changes are not saved yet.")


class SettingInput(Input):
    """The box a number is typed in. ``?``, ``j`` and ``k`` (never part of a number) are the
    screen's keys (bound with priority): help, and the next or previous setting; the footer
    shows them as such."""

    SCREEN_KEYS: ClassVar[frozenset[str]] = frozenset({"question_mark", "j", "k"})

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Whether the box takes this key (the footer hides the screen's keys it takes)."""
        return key not in self.SCREEN_KEYS and super().check_consume_key(key, character)


def _label(setting: Setting) -> str:
    unit = UNITS.get(setting.name)
    return f"{setting.label} ({unit})" if unit else setting.label


def _field(setting: Setting, value: int | str) -> Input | ChoiceField:
    """The field that edits ``setting``, holding ``value``."""
    field_id = f"setting-{setting.name}"
    if setting.is_number:
        return SettingInput(
            str(value),
            id=field_id,
            classes="settings-number",
            max_length=len(str(setting.most)) + 2,
            compact=True,
        )
    choices = [(word, CHOICE_LABELS.get(word, word)) for word in setting.choices]
    return ChoiceField(choices, str(value), id=field_id)


def _sentence(message: str) -> str:
    """An error message as a sentence under its field."""
    return message[:1].upper() + message[1:] + "."
