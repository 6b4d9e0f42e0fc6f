"""Every setting is declared once in app/settings.py, documented, and read through it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from app import settings
from app.paths import default_db
from app.services import retention, unit_info, unit_settings
from tests.conftest import TestUnit

ROOT = Path(__file__).resolve().parents[2]
NAME_RE = re.compile(r"CSODS_[A-Z0-9_]+")
APP_NAMES = {v.name for v in settings.APP_VARIABLES}
ALL_NAMES = APP_NAMES | {v.name for v in settings.BUILD_VARIABLES}


def _names_in(paths: list[Path]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in paths:
        for name in NAME_RE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def _source(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


def test_every_csods_variable_in_app_and_ui_is_declared() -> None:
    found = _names_in([p for p in _source("app", "ui") if p != ROOT / "app" / "settings.py"])
    assert {n: f for n, f in found.items() if n not in APP_NAMES} == {}


def test_every_csods_variable_in_packaging_is_declared() -> None:
    scripts = [p for p in sorted((ROOT / "packaging").iterdir())
               if p.suffix in (".py", ".sh", ".spec")]
    found = _names_in(scripts)
    assert {n: f for n, f in found.items() if n not in ALL_NAMES} == {}


def test_readme_and_install_guide_document_exactly_the_declared_variables() -> None:
    documented = set(_names_in([ROOT / "README.md", ROOT / "packaging" / "INSTALL.md"]))
    assert documented == ALL_NAMES


def test_declarations_are_unique_and_described() -> None:
    keys = [s.key for s in settings.UNIT_SETTINGS]
    assert len(keys) == len(set(keys))
    assert all(s.description.strip() for s in settings.UNIT_SETTINGS)
    variables = [*settings.APP_VARIABLES, *settings.BUILD_VARIABLES]
    assert len({v.name for v in variables}) == len(variables)
    assert all(v.description.strip() and v.name.startswith("CSODS_") for v in variables)
    declared = {v for v in vars(settings).values() if isinstance(v, settings.UnitSetting)}
    assert declared == set(settings.UNIT_SETTINGS)
    assert {v for v in vars(settings).values() if isinstance(v, settings.EnvVar)} <= set(
        variables)


def _reads_csods_environment(node: ast.AST) -> bool:
    """``os.environ.get("CSODS_…")``, ``os.getenv("CSODS_…")`` or ``os.environ["CSODS_…"]``."""
    args: list[ast.expr] = []
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr in ("get", "getenv", "setdefault", "pop"):
            args = list(node.args[:1])
    elif isinstance(node, ast.Subscript):
        args = [node.slice]
    return any(isinstance(a, ast.Constant) and isinstance(a.value, str)
               and a.value.startswith("CSODS_") for a in args)


def test_only_app_settings_reads_the_environment() -> None:
    offenders = []
    for path in _source("app", "ui"):
        if path == ROOT / "app" / "settings.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(ROOT)}:{n.lineno}" for n in ast.walk(tree)
                      if _reads_csods_environment(n)]
    assert offenders == []


def test_services_use_declared_unit_settings_only() -> None:
    """Outside the repo itself, settings are read and written by declaration, not by key."""
    offenders = []
    for path in _source("app"):
        if path == ROOT / "app" / "storage" / "settings_repo.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr in ("get", "put")
                    and isinstance(node.value, ast.Name) and node.value.id == "settings_repo"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_a_new_unit_reads_the_declared_defaults(unit: TestUnit) -> None:
    with unit.officer() as officer:
        head = unit_settings.letterhead(officer)
        assert head.force_name == settings.LETTERHEAD_FORCE_NAME.default == "Police"
        assert head.telephone == settings.LETTERHEAD_TELEPHONE.default == "101"
        assert head.address == head.email == "" and head.logo_png is None
        assert retention.retention_years(officer) == int(settings.RETENTION_YEARS.default) == 10
        info = unit_info.unit_info(officer)
        assert (info.name, info.case_prefix) == ("Test Public Protection Unit", "TST")
        assert info.created_at.startswith("2026-03-02T09:30")


@pytest.mark.parametrize(("raw", "minutes"), [
    (None, 5.0), ("", 5.0), ("2.5", 2.5), ("30", 30.0), ("0", 5.0), ("-3", 5.0),
    ("soon", 5.0),
])
def test_idle_minutes_from_the_environment(monkeypatch: pytest.MonkeyPatch, raw: str | None,
                                           minutes: float) -> None:
    if raw is None:
        monkeypatch.delenv("CSODS_IDLE_MINUTES", raising=False)
    else:
        monkeypatch.setenv("CSODS_IDLE_MINUTES", raw)
    assert settings.idle_minutes() == minutes


def test_default_db_follows_csods_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CSODS_DB", str(tmp_path / "x.db"))
    assert default_db() == tmp_path / "x.db"
    monkeypatch.delenv("CSODS_DB")
    assert default_db().name == "unit.db"
    assert default_db().parent.name == "CSODS Case Manager"
