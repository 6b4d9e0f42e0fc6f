"""Where bundled read-only resources live, from source or in a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """``<repo>/resources`` from source; ``sys._MEIPASS/resources`` when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def resource_path(name: str) -> Path:
    """Path of resource ``name`` (e.g. "schedule34a.json"); it may not exist."""
    return resources_dir() / name
