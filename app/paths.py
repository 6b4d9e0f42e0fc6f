"""Where things live: bundled read-only resources, and the per-user default unit folder."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path, PurePath, PureWindowsPath

from app import settings

APP_FOLDER = "CSODS Case Manager"
UNIT_FILE = "unit.db"


def resources_dir() -> Path:
    """``<repo>/resources`` from source; ``sys._MEIPASS/resources`` when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def resource_path(name: str) -> Path:
    """Path of resource ``name`` (e.g. "schedule34a.json"); it may not exist."""
    return resources_dir() / name


def user_data_folder(platform: str | None = None,
                     environ: Mapping[str, str] | None = None) -> PurePath:
    """The signed-in account's own data folder for the application.

    Windows: ``%LOCALAPPDATA%\\CSODS Case Manager`` (local, never roamed or redirected to a
    server, which SQLite's write-ahead log cannot use). Elsewhere platformdirs decides
    (``~/.local/share/CSODS Case Manager`` on Linux).
    """
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    if platform == "win32":
        local = environ.get("LOCALAPPDATA") or ""
        if not local and environ.get("USERPROFILE"):
            local = str(PureWindowsPath(environ["USERPROFILE"], "AppData", "Local"))
        if local:
            return PureWindowsPath(local, APP_FOLDER)
    from platformdirs import user_data_path

    return user_data_path(APP_FOLDER, appauthor=False)


MACHINE_UNIT_FILE = "unit-path.txt"


def machine_unit_file(platform: str | None = None,
                      environ: Mapping[str, str] | None = None) -> PurePath:
    """Where IT names the workstation's unit for every account (one line: the path).

    Windows: ``%PROGRAMDATA%\\CSODS Case Manager\\unit-path.txt`` (all users, writable by
    administrators only); elsewhere ``/etc/csods/unit-path.txt``.
    """
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    if platform == "win32":
        data = environ.get("PROGRAMDATA") or environ.get("ALLUSERSPROFILE") or r"C:\ProgramData"
        return PureWindowsPath(data, APP_FOLDER, MACHINE_UNIT_FILE)
    return Path("/etc/csods") / MACHINE_UNIT_FILE


def machine_unit(platform: str | None = None,
                 environ: Mapping[str, str] | None = None) -> Path | None:
    """The unit path IT set for every account on this workstation, or None."""
    try:
        text = Path(machine_unit_file(platform, environ)).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()
                 and not ln.lstrip().startswith("#")), "")
    return Path(line) if line else None


def default_unit_db(platform: str | None = None,
                    environ: Mapping[str, str] | None = None) -> PurePath:
    """The unit to open when none is given: ``$CSODS_DB``, else the workstation's unit set
    by IT for every account (``machine_unit_file``), else ``unit.db`` in the account's own
    data folder."""
    chosen = settings.DB.get() if environ is None else environ.get(settings.DB.name)
    if chosen:
        return Path(chosen)
    machine = machine_unit(platform, environ)
    if machine is not None:
        return machine
    return user_data_folder(platform, environ) / UNIT_FILE


def default_db() -> Path:
    """The ``csods --db`` default (see ``default_unit_db``)."""
    return Path(default_unit_db())
