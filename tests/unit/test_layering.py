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


SQL_CALLS = ("execute", "executemany", "executescript")


def _python_files(*tops: str) -> list[Path]:
    return [p for top in tops for p in sorted((ROOT / top).rglob("*.py"))]


def _imported_modules(tree: ast.AST) -> list[str]:
    """Every module an import names, wherever it stands (TYPE_CHECKING blocks and
    function bodies too); ``from a import b`` yields both ``a`` and ``a.b``."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def test_sql_runs_only_in_app_storage() -> None:
    """Services, the CLI, the UI and packaging hand SQL (and pragmas) to a repo module."""
    offenders = []
    for path in _python_files("app", "ui", "packaging"):
        relative = path.relative_to(ROOT)
        if relative.parts[:2] == ("app", "storage"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_CALLS):
                offenders.append(f"{relative}:{node.lineno} .{node.func.attr}(")
    assert offenders == []


def test_sql_check_sees_every_form_of_the_call() -> None:
    sample = "conn.execute('x')\nself.conn.executemany('y', [])\nc().executescript('z')\n"
    calls = [n.func.attr for n in ast.walk(ast.parse(sample))
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    assert sorted(calls) == sorted(SQL_CALLS)


def test_ui_never_imports_storage() -> None:
    offenders = []
    for path in _python_files("ui"):
        for name in _imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            if name == "app.storage" or name.startswith("app.storage."):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_import_walk_sees_type_checking_and_local_imports() -> None:
    sample = ("from typing import TYPE_CHECKING\n"
              "if TYPE_CHECKING:\n    from app.storage.audit_repo import AuditRow\n"
              "def f():\n    from app import storage\n    import app.storage.cases_repo\n")
    found = _imported_modules(ast.parse(sample))
    assert {"app.storage.audit_repo", "app.storage", "app.storage.cases_repo"} <= set(found)


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
