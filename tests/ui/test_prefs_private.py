"""#13 item 12: the workstation settings file (QSettings ini) is private: 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ui import prefs


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_settings_file_is_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a typical umask would leave it 0644
    try:
        prefs.remember_username(tmp_path / "unit.db", "olive")
        prefs.remember_unit_path(tmp_path / "unit.db")
    finally:
        os.umask(old)
    name = Path(QSettings().fileName())
    assert name.is_file() and str(name).startswith(str(tmp_path))
    assert stat.S_IMODE(name.stat().st_mode) == 0o600
    assert prefs.last_username(tmp_path / "unit.db") == "olive"
