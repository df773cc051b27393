"""The package's layers, checked from the source: each imports only those below it, no cycles.

Every ``import`` counts, also the ones made inside a function to start faster: a late import is
still a dependency. The order is the one ``DESIGN.md`` draws, lowest first.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Final

import pytest

import studyapp

PACKAGE = Path(studyapp.__file__).parent

#: Each part of the package (a subpackage, or a module at the top) and its layer, lowest first.
#: A part may import parts of lower layers only; parts of one layer may not import each other
#: unless listed in ``ALLOWED_SIDEWAYS``.
LAYERS: Final[tuple[frozenset[str], ...]] = (
    frozenset({"clock", "scope", "bulk", "paths", "terminal_text", "atomic_file"}),
    frozenset({"scheduling"}),
    frozenset({"demos"}),  # beside the stack: cards link to demos by name
    frozenset({"numeric"}),  # numeric cards' calculators (on the demos' code), drawing, grading
    frozenset({"decks"}),
    frozenset({"store"}),
    frozenset({"analytics"}),
    frozenset({"collection"}),
    frozenset({"modes"}),
    frozenset({"rendering"}),
    frozenset({"lint"}),  # reads decks and asks the multiple-choice builder of modes
    frozenset({"cli", "tui", "__main__"}),
)
#: The CLI opens the TUI (``studyapp`` with no command).
ALLOWED_SIDEWAYS: Final = {("cli", "tui"), ("__main__", "cli")}


def part_of(module: str) -> str:
    """The part a dotted ``studyapp...`` module name belongs to (``studyapp.store.x`` → store)."""
    return module.split(".")[1]


def source_modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        modules[".".join(relative.parts).removesuffix(".__init__")] = path
    return modules


def imported_modules(module: str, path: Path) -> set[str]:
    """The ``studyapp`` modules ``module`` imports, anywhere in its source."""
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("studyapp.")}


@cache
def part_graph() -> dict[str, set[str]]:
    """Which parts each part imports (itself left out); names that are not modules of the
    package (``from studyapp import __version__``) count as the module they come from.

    Read from the source once per test process (every part's test asks; nothing changes it)."""
    modules = source_modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in modules.items():
        if module == "studyapp":
            continue
        source = part_of(module)
        for name in imported_modules(module, path):
            while name not in modules:
                name = name.rpartition(".")[0]
            if name != "studyapp" and part_of(name) != source:
                graph[source].add(part_of(name))
    return graph


def layer_of(part: str) -> int:
    """The layer a part sits in."""
    for number, layer in enumerate(LAYERS):
        if part in layer:
            return number
    raise AssertionError(f"studyapp.{part} is in no layer: add it to LAYERS in this test")


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {part_of(module) for module in source_modules() if module != "studyapp"}
    for part in parts:
        layer_of(part)


@pytest.mark.parametrize("part", sorted(set().union(*LAYERS)))
def test_each_part_imports_only_layers_below_it(part: str) -> None:
    upward = {
        target
        for target in part_graph().get(part, set())
        if layer_of(target) >= layer_of(part) and (part, target) not in ALLOWED_SIDEWAYS
    }
    assert not upward, f"studyapp.{part} imports {sorted(upward)}, at or above its layer"


def test_no_import_cycles_between_parts() -> None:
    graph = part_graph()
    visiting: list[str] = []
    done: set[str] = set()

    def visit(part: str) -> None:
        if part in visiting:
            cycle = [*visiting[visiting.index(part) :], part]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if part in done:
            return
        visiting.append(part)
        for target in sorted(graph.get(part, set())):
            visit(target)
        visiting.pop()
        done.add(part)

    for part in sorted(graph):
        visit(part)
