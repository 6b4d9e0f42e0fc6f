"""Workstation preferences kept by Qt (QSettings): never case content.

Unit settings and ``CSODS_*`` environment variables are declared in ``app/settings.py``.

The unit name lives inside the encrypted database, so it cannot be read before
sign-in; the login window shows the name remembered from the last sign-in.
A unit created outside the default folder is remembered here too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from app import settings
from app.paths import default_db, machine_unit


def _settings() -> QSettings:
    return QSettings()


def _key(db_path: Path) -> str:
    # QSettings keys may not contain slashes meaningfully; use a stable hex form.
    return "units/" + str(db_path.resolve()).encode("utf-8").hex()


def remembered_unit_name(db_path: Path) -> str:
    value = _settings().value(_key(db_path) + "/name", "")
    return str(value) if value else ""


def remember_unit_name(db_path: Path, name: str) -> None:
    _settings().setValue(_key(db_path) + "/name", name)


def remembered_unit_path() -> Path | None:
    value = _settings().value("unit/path", "")
    return Path(str(value)) if value else None


def remember_unit_path(db_path: Path) -> None:
    _settings().setValue("unit/path", str(db_path))


def last_username(db_path: Path) -> str:
    value = _settings().value(_key(db_path) + "/last_user", "")
    return str(value) if value else ""


def remember_username(db_path: Path, username: str) -> None:
    _settings().setValue(_key(db_path) + "/last_user", username)


def resolve_unit_path() -> Path:
    """$CSODS_DB, else the workstation's unit set by IT for every account, else the unit
    this account's first-run set-up remembered, else the default file."""
    env = settings.DB.get()
    if env:
        return Path(env)
    machine = machine_unit()
    if machine is not None:
        return machine
    remembered = remembered_unit_path()
    if remembered is not None and remembered.exists():
        return remembered
    return default_db()
