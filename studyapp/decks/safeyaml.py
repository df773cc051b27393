"""YAML for deck files: plain data only, with the line of every value kept for error messages.

Nodes are composed by libyaml (when present) and turned into Python values here, so no YAML
tag can construct an object, anchors and aliases are refused (no alias bombs), and nesting
depth is bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from studyapp.decks.errors import DeckError

# libyaml is much faster; PyYAML falls back to pure Python without it.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_MAX_DEPTH = 12
_scalars = yaml.constructor.SafeConstructor()

Path = tuple[str | int, ...]


@dataclass(slots=True)
class LocatedData:
    """Plain YAML data plus the 1-based line where each value (by its path) starts."""

    value: object
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """The line of the deepest known value along ``path``."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


def load_yaml(text: str, source: str, first_line: int = 1) -> LocatedData:
    """Parse YAML text (which starts at ``first_line`` of ``source``) into plain data.

    Raises DeckError, naming the file and line, for syntax errors, tags, aliases and
    over-deep nesting; never anything else.
    """
    offset = first_line - 1
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark is not None else first_line
        what = exc.problem or exc.context or "invalid YAML"
        raise DeckError.single(source, line, f"YAML syntax error: {what}") from None
    except yaml.YAMLError as exc:
        raise DeckError.single(source, first_line, f"YAML error: {exc}") from None
    except RecursionError:
        raise DeckError.single(source, first_line, "YAML is nested too deeply") from None
    data = LocatedData(None)
    if root is not None:
        data.value = _Builder(source, offset, data.lines).build(root, (), 0)
    return data


class _Builder:
    def __init__(self, source: str, offset: int, lines: dict[Path, int]) -> None:
        self.source = source
        self.offset = offset
        self.lines = lines
        self.seen: set[int] = set()

    def fail(self, node: Node, message: str) -> DeckError:
        return DeckError.single(self.source, node.start_mark.line + 1 + self.offset, message)

    def build(self, node: Node, path: Path, depth: int) -> object:
        if id(node) in self.seen:
            raise self.fail(node, "YAML anchors and aliases (&name, *name) are not allowed")
        self.seen.add(id(node))
        if depth > _MAX_DEPTH:
            raise self.fail(node, "YAML is nested too deeply")
        if node.tag not in _PLAIN_TAGS:
            raise self.fail(node, f"YAML tag {node.tag} is not allowed: deck files are plain data")
        self.lines[path] = node.start_mark.line + 1 + self.offset
        if isinstance(node, ScalarNode):
            if node.tag == "tag:yaml.org,2002:timestamp":
                return str(node.value)  # keep dates as written; cards have no date fields
            if node.tag == "tag:yaml.org,2002:str":
                return str(node.value)
            try:
                return _scalars.construct_object(node)
            except (yaml.YAMLError, ValueError):
                return str(node.value)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        mapping: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, "a key must be a plain name")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "YAML merge keys (<<) are not allowed")
            key = str(key_node.value)
            if key in mapping:
                raise self.fail(key_node, f'"{key}" is given twice')
            mapping[key] = self.build(value_node, (*path, key), depth + 1)
            self.lines[(*path, key)] = key_node.start_mark.line + 1 + self.offset
        return mapping
