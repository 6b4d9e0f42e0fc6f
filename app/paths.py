"""Where things live: bundled read-only resources (from source or a PyInstaller bundle)
and the default unit database."""

from __future__ import annotations

import sys
from pathlib import Path

from app import settings


def resources_dir() -> Path:
    """``<repo>/resources`` from source; ``sys._MEIPASS/resources`` when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def resource_path(name: str) -> Path:
    """Path of resource ``name`` (e.g. "schedule34a.json"); it may not exist."""
    return resources_dir() / name


def default_db() -> Path:
    """``$CSODS_DB``, else ``unit.db`` in the per-user data folder (``csods --db`` default)."""
    env = settings.DB.get()
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("CSODS Case Manager", appauthor=False) / "unit.db"
