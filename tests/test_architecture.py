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


def test_the_cli_starts_without_loading_the_store_or_pydantic() -> None:
    script = (
        "import sys, studyapp.cli\n"
        "heavy = {'sqlalchemy', 'pydantic', 'yaml'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
