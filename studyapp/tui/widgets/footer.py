"""The key footer every screen shows: Textual's own, rebuilt only when the keys it shows change.

Textual's :class:`~textual.widgets.Footer` removes and mounts all its keys whenever anything asks
for the bindings to be refreshed: each change of focus, each reactive declared with
``bindings=True``, each ``refresh_bindings()`` a screen makes after an answer. Most of those leave
the same keys, enabled the same way; rebuilding them anyway restyles and redraws the footer on a
key press for nothing (three times in four during a learn session). This footer compares what it
would show with what it shows and keeps its keys when nothing differs.

When the keys do change, each new key starts as the footer is (compact or not). Textual's key
starts compact and is then bound to the footer's setting, which restyles it twice as it mounts:
two thirds of the cost of a footer's rebuild.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: What a footer shows before it has been built.
_NOTHING_YET: tuple[Hashable, ...] = ("nothing shown yet",)


class StableFooter(Footer):
    """A :class:`~textual.widgets.Footer` that keeps its keys until the bindings shown change."""

    def __init__(self, *, show_command_palette: bool = True, compact: bool = False) -> None:
        """A footer; the options are Textual's own."""
        super().__init__(show_command_palette=show_command_palette, compact=compact)
        self._shown: tuple[Hashable, ...] = _NOTHING_YET

    def keys_to_show(self) -> tuple[Hashable, ...]:
        """Everything :meth:`compose` reads to draw the keys, as one comparable value."""
        if not self._bindings_ready:
            return ()
        app = self.app
        active = self.screen.active_bindings
        palette = active.get(app.COMMAND_PALETTE_BINDING)
        return (
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
            None if palette is None else (*palette[1:], app.get_key_display(palette[1])),
            *(
                (binding, app.get_key_display(binding), enabled, tooltip)
                for _node, binding, enabled, tooltip in active.values()
                if binding.show
            ),
        )

    def compose(self) -> ComposeResult:
        """Textual's keys, each bound one starting as compact as the footer (the command
        palette's key is not bound to it: left as Textual makes it)."""
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        """Rebuild the keys, unless they would come out as they are."""
        if not self.is_attached or self._pruning:
            return
        shown = self.keys_to_show()
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()
