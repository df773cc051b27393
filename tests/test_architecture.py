"""The core stays free of the UI: no module outside studyapp/tui imports Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import studyapp

PACKAGE = Path(studyapp.__file__).parent


def core_modules() -> list[str]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        if "tui" in relative.parts or relative.name == "__main__":
            continue
        modules.append(".".join(relative.parts).removesuffix(".__init__"))
    return modules


def test_core_modules_never_import_textual() -> None:
    modules = core_modules()
    assert "studyapp.cli" in modules
    assert "studyapp.store.importer" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


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
    modules = [
        f"studyapp.scheduling.{path.stem}"
        for path in sorted((PACKAGE / "scheduling").glob("*.py"))
        if path.stem != "__init__"
    ]
    assert {"studyapp.scheduling.scheduler", "studyapp.scheduling.sm2_scheduler"} <= set(modules)
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'\n"
        "             or m.startswith('studyapp.') and not m.startswith('studyapp.scheduling')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_scheduling_source_imports_only_the_standard_library_and_scheduling() -> None:
    """Every import written in scheduling/, those only for type checkers included."""
    import ast

    outside = []
    for path in sorted((PACKAGE / "scheduling").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else ["studyapp.scheduling"]
            else:
                continue
            outside += [
                f"{path.name}: {name}"
                for name in names
                if name.split(".")[0] not in sys.stdlib_module_names
                and name != "studyapp.scheduling"
                and not name.startswith("studyapp.scheduling.")
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
