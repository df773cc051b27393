"""What the app keeps for its whole run, set aside from the cyclic garbage collector.

Once the app has started, most of the objects alive are there for good: the modules, Textual's
classes and styles, the home screen. Every full collection walks all of them again, and a study
screen's keys make enough short-lived objects for a full collection every few keys: about a
fifth of a learn key's CPU time went to the collector. Frozen (:func:`gc.freeze`) after a
collection, they are left out of later collections; what is made afterwards is collected as
before. Something set aside that later becomes garbage in a reference cycle is not collected,
so this is done once, for objects alive at start-up, and only by the program itself (a test
process starting many apps would keep every one of them).
"""

from __future__ import annotations

import gc
from typing import Final

#: Seconds after the app starts when what lives is set aside: the first screen is drawn and
#: the collection opened by then (the first screen's target is 1 s).
SET_ASIDE_AFTER: Final = 2.0


def set_aside_long_lived() -> None:
    """Collect what is garbage now, then leave everything still alive out of later
    collections (once; again would only add what was made since)."""
    if gc.get_freeze_count():
        return
    gc.collect()
    gc.freeze()
