"""The core stays free of the UI: only studyapp/tui imports Textual, and only the faces Rich."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import studyapp

PACKAGE = Path(studyapp.__file__).parent
#: The faces: the TUI (Textual, which brings Rich) and the command line (Rich, not Textual).
FACES = ("tui", "cli")


def modules(under: tuple[str, ...] = (), leaving_out: tuple[str, ...] = ()) -> list[str]:
    """The package's modules (all, or those ``under`` some subpackages), but for ``__main__``
    and those of the subpackages ``leaving_out``."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        part = relative.parts[1] if len(relative.parts) > 1 else ""
        if relative.name == "__main__" or part in leaving_out or (under and part not in under):
            continue
        found.append(".".join(relative.parts).removesuffix(".__init__"))
    return found


def core_modules() -> list[str]:
    """Every module below the faces."""
    return modules(leaving_out=FACES)


def loaded_after_importing(names: list[str], packages: tuple[str, ...]) -> list[str]:
    """The modules of ``packages`` that importing ``names`` in a fresh interpreter loads."""
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(*sorted(m for m in sys.modules if m.split('.')[0] in {packages!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_core_modules_never_import_textual_or_rich() -> None:
    core = core_modules()
    assert "studyapp.store.importer" in core
    assert "studyapp.rendering.words" in core
    assert not any(name.startswith(("studyapp.cli", "studyapp.tui")) for name in core)
    assert loaded_after_importing(core, ("textual", "rich")) == []


def test_the_command_line_never_imports_textual() -> None:
    cli = modules(under=("cli",))
    assert {"studyapp.cli", "studyapp.cli.drawing", "studyapp.cli.stats_page"} <= set(cli)
    assert loaded_after_importing(cli, ("textual",)) == []


def test_the_command_line_loads_rich_only_to_draw() -> None:
    script = (
        "import sys\n"
        "from studyapp.cli.program import build_parser\n"
        "build_parser().parse_args(['decks'])\n"
        "print('rich' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


def test_the_cli_and_the_home_screen_start_without_loading_the_store_or_pydantic() -> None:
    script = (
        "import sys, studyapp.cli, studyapp.tui.app\n"
        "heavy = {'sqlalchemy', 'pydantic', 'yaml'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_scheduling_loads_neither_sqlalchemy_nor_any_other_part_of_studyapp() -> None:
    scheduling = modules(under=("scheduling",))
    assert {"studyapp.scheduling.scheduler", "studyapp.scheduling.sm2_scheduler"} <= set(scheduling)
    loaded = loaded_after_importing(scheduling, ("sqlalchemy", "studyapp"))
    outside = [
        name for name in loaded if name != "studyapp" and not _under(name, ("studyapp.scheduling",))
    ]
    assert outside == []


#: The scheduling engines scheduling/ wraps rather than writes (FSRS: Anki's own Rust engine).
SCHEDULING_ENGINES = ("fsrs_rs_python",)


def test_scheduling_source_imports_only_the_standard_library_and_scheduling() -> None:
    """Every import written in scheduling/, those only for type checkers included: the
    standard library, scheduling itself, and the engines it wraps."""
    outside = [
        f"{path.name}: {name}"
        for path in sorted((PACKAGE / "scheduling").glob("*.py"))
        for name in _named_imports(path)
        if name.split(".")[0] not in sys.stdlib_module_names
        and name.split(".")[0] not in SCHEDULING_ENGINES
        and not _under(name, ("studyapp.scheduling",))
    ]
    assert outside == []


def test_studyapp_decks_on_a_ready_store_never_loads_sqlalchemy(tmp_path: Path) -> None:
    from studyapp.collection import Collection

    db = tmp_path / "ready.sqlite3"
    Collection.open(f"sqlite:///{db}").close()  # created, bundled decks imported
    script = (
        "import io, sys\n"
        "from studyapp.cli import main\n"
        "out = io.StringIO()\n"
        f"code = main(['--db', {str(db)!r}, 'decks'], stdout=out)\n"
        "print(code, 'sqlalchemy' in sys.modules, out.getvalue().count(chr(10)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    code, loaded, lines = done.stdout.split()
    assert (code, loaded) == ("0", "False")
    assert int(lines) >= 7  # header, the bundled decks, and the "all" row


def _under(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def _named_imports(path: Path) -> set[str]:
    """Every module an import in ``path`` names, those only for type checking included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            names.add(node.module)  # and `from studyapp import store` names studyapp.store:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_tui_widgets_never_import_the_collection_or_the_store() -> None:
    """Widgets post messages up; only screens reach the collection (STYLE.md habit 3)."""
    barred = ("studyapp.collection", "studyapp.store")
    widgets = sorted((PACKAGE / "tui" / "widgets").rglob("*.py"))
    assert len(widgets) > 5
    named = {
        path.name: sorted(name for name in _named_imports(path) if _under(name, barred))
        for path in widgets
    }
    assert named == {path.name: [] for path in widgets}
    loaded = loaded_after_importing(modules(under=("tui",)), ("studyapp",))
    assert [name for name in loaded if _under(name, barred)] != []  # the screens do load them
    widget_modules = [
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for path in widgets
    ]
    loaded = loaded_after_importing(widget_modules, ("studyapp",))
    assert [name for name in loaded if _under(name, barred)] == []
