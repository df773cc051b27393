"""YAML for deck files: plain data only, with the line of every value kept for error messages.

libyaml (when present) turns the text into parse events, and this module builds Python values
from those events with an explicit stack. So no YAML tag can construct an object, anchors and
aliases are refused where they appear (no alias bombs), nesting depth is bounded before it can
exhaust any stack, and every scalar keeps the text it was written as.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events

from studyapp.decks.errors import DeckError

# libyaml is much faster; PyYAML falls back to pure Python without it.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 12
#: The error for data nested deeper than MAX_DEPTH (or than PyYAML's own limit).
TOO_DEEP = "YAML is nested too deeply"
_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_resolver: Any = yaml.resolver.Resolver()
_TYPED_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null")}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]{0,30})")
_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
)

Path = tuple[str | int, ...]


def plain_text_reads_as_number(text: str) -> bool:
    """Whether ``text``, written unquoted, is read here as a float (``1.5``, ``1e-3``,
    ``0E0``): a writer must quote it, though YAML 1.1 (and PyYAML's writer) takes the
    exponent forms without a dot for text."""
    return _FLOAT.fullmatch(text) is not None


@dataclass(slots=True)
class LocatedData:
    """Plain YAML data, the 1-based line of each value (by path), and each scalar's text."""

    value: object
    lines: dict[Path, int] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """The line of the deepest known value along ``path``."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None

    def keep_text(self, fields: dict[str, object], path: Path, names: tuple[str, ...]) -> None:
        """Make the named fields text as written: ``answer: 42`` is "42", ``short: yes`` "yes"."""
        for name in names:
            value = fields.get(name)
            if isinstance(value, list):
                fields[name] = [
                    self.text_of((*path, name, i), item) for i, item in enumerate(value)
                ]
            elif name in fields:
                fields[name] = self.text_of((*path, name), value)

    def text_of(self, path: Path, value: object) -> object:
        """The scalar at ``path`` as the text it was written as (numbers, yes/no, dates)."""
        if isinstance(value, str) or value is None or isinstance(value, list | dict):
            return value
        return self.texts.get(path, value)


def load_yaml(text: str, source: str, first_line: int = 1) -> LocatedData:
    """Parse YAML text (which starts at ``first_line`` of ``source``) into plain data.

    Raises DeckError, naming the file and line, for syntax errors, tags, anchors, aliases,
    several documents and over-deep nesting; never anything else.
    """
    builder = _Builder(source, first_line - 1)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else first_line
        what = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in what:  # PyYAML 6.0.4+ has a depth limit of its own
            raise DeckError.single(source, line, TOO_DEEP) from None
        raise DeckError.single(source, line, f"YAML syntax error: {what}") from None
    except yaml.YAMLError as exc:
        raise DeckError.single(source, first_line, f"YAML error: {exc}") from None
    return builder.result


class _Builder:
    """Builds plain values from parse events, keeping lines and scalar texts by path."""

    def __init__(self, source: str, offset: int) -> None:
        self.source = source
        self.offset = offset
        self.result = LocatedData(None)
        # Each open collection: (container, its path, the pending mapping key or None).
        self.stack: list[tuple[list[object] | dict[str, object], Path, list[str | None]]] = []
        self.documents = 0

    def fail(self, event: events.Event, message: str) -> DeckError:
        return DeckError.single(self.source, self.line(event), message)

    def line(self, event: events.Event) -> int:
        mark = event.start_mark
        return (mark.line if mark is not None else 0) + 1 + self.offset

    def feed(self, event: events.Event) -> None:
        if isinstance(event, events.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail(event, "a deck file holds one YAML document (remove the ---)")
            return
        if not isinstance(event, events.NodeEvent | events.CollectionEndEvent):
            return
        if isinstance(event, events.AliasEvent) or getattr(event, "anchor", None):
            raise self.fail(event, "YAML anchors and aliases (&name, *name) are not allowed")
        if isinstance(event, events.CollectionEndEvent):
            closed, _, _ = self.stack.pop()
            if not self.stack:
                self.result.value = closed
            return
        if isinstance(event, events.ScalarEvent):
            self.add(event, self.scalar(event), event.value)
            return
        assert isinstance(event, events.CollectionStartEvent)
        tag = event.tag
        if tag is not None and tag not in ("!", *_ALLOWED_TAGS):
            raise self.fail(event, f"YAML tag {tag} is not allowed: deck files are plain data")
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(event, TOO_DEEP)
        container: list[object] | dict[str, object] = (
            [] if isinstance(event, events.SequenceStartEvent) else {}
        )
        path = self.add(event, container, None)
        self.stack.append((container, path, [None]))

    def add(self, event: events.NodeEvent, value: object, text: str | None) -> Path:
        """Put a value in the open collection (or make it the document); return its path."""
        if not self.stack:
            self.result.value = value
            path: Path = ()
        else:
            container, parent, pending = self.stack[-1]
            if isinstance(container, list):
                path = (*parent, len(container))
                container.append(value)
            elif pending[0] is None:  # this is a key
                if not isinstance(event, events.ScalarEvent):
                    raise self.fail(event, "a key must be a plain name")
                key = str(text)
                if key == "<<" and not event.style:
                    raise self.fail(event, "YAML merge keys (<<) are not allowed")
                if key in container:
                    raise self.fail(event, f'"{key}" is given twice')
                pending[0] = key
                self.result.lines[(*parent, key)] = self.line(event)
                return (*parent, key)
            else:
                key = pending[0]
                pending[0] = None
                path = (*parent, key)
                container[key] = value
                self.result.lines.setdefault(path, self.line(event))
                if text is not None:
                    self.result.texts[path] = text
                return path
        self.result.lines.setdefault(path, self.line(event))
        if text is not None:
            self.result.texts[path] = text
        return path

    def scalar(self, event: events.ScalarEvent) -> object:
        """A scalar's value: text, or a number, bool or null when written plainly."""
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
            raise self.fail(event, f"YAML tag {tag} is not allowed: deck files are plain data")
        value = event.value
        plain = not event.style  # libyaml says '' for plain scalars, PyYAML None
        if tag is None or tag == "!":
            tag = _resolver.resolve(yaml.ScalarNode, value, event.implicit)
            if tag == _STR and plain and _FLOAT.fullmatch(value):
                tag = "tag:yaml.org,2002:float"  # 1e-3: a number in YAML 1.2, text in 1.1
        elif tag in _TYPED_TAGS:
            written_as = _resolver.resolve(yaml.ScalarNode, value, (True, False))
            if written_as != tag and not (tag.endswith("float") and _FLOAT.fullmatch(value)):
                raise self.fail(event, f"{value!r} is not a valid {tag.rsplit(':', 1)[-1]}")
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() in ("yes", "true", "on", "y")
        if tag == "tag:yaml.org,2002:int" and _INT.fullmatch(value):
            return int(value.replace("_", ""))
        if tag == "tag:yaml.org,2002:float" and _FLOAT.fullmatch(value):
            return float(value.replace("_", ""))
        return value  # str, timestamps, and unusual number forms (0x1F, 1:30) stay text
