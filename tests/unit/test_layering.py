"""app/ never imports Qt; importing the admin CLI does not load Qt either."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def test_no_qt_import_anywhere_in_app() -> None:
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in QT_MODULES or n.split(".")[0] == "ui" for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_importing_app_loads_no_qt_at_runtime() -> None:
    code = (
        "import sys, importlib, pkgutil, app\n"
        "for m in pkgutil.walk_packages(app.__path__, 'app.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "from app.cli import main\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) for every import in ``path``; ``import a.b`` gives ("a.b", [])."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [a.name for a in node.names]))
    return found


def test_the_demo_is_a_client_of_the_public_services() -> None:
    """app/demo builds its unit through public services only: no storage, no private helpers."""
    demo = sorted((ROOT / "app" / "demo").rglob("*.py"))
    assert demo, "app/demo is missing"
    offenders = []
    for path in demo:
        where = str(path.relative_to(ROOT))
        for module, names in _imports(path):
            if module == "app.storage" or module.startswith("app.storage."):
                offenders.append(f"{where}: imports {module}")
            if module == "app.services" or module.startswith("app.services."):
                offenders += [f"{where}: {module}.{n}" for n in names if n.startswith("_")]
                if any(part.startswith("_") for part in module.split(".")):
                    offenders.append(f"{where}: imports {module}")
        text = path.read_text(encoding="utf-8")
        if ".execute(" in text or "sqlcipher" in text.casefold():
            offenders.append(f"{where}: runs SQL")
    assert offenders == []


def test_private_service_names_are_not_reached_through_a_module() -> None:
    """`from app.services import cases` then `cases._editable` is a private helper too."""
    offenders = []
    for path in sorted((ROOT / "app" / "demo").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {alias.asname or alias.name for node in ast.walk(tree)
                   if isinstance(node, ast.ImportFrom) and node.module == "app.services"
                   for alias in node.names}
        offenders += [f"{path.name}: {node.value.id}.{node.attr}" for node in ast.walk(tree)
                      if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                      and node.value.id in modules and node.attr.startswith("_")]
    assert offenders == []


def test_no_demo_module_left_in_services() -> None:
    assert sorted(p.name for p in (ROOT / "app" / "services").glob("demo*")) == []
