"""Test helper: open the unit database *around* the application (as an attacker
or a disk fault would), using the database key recovered through a real login."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3


def raw_connection(db: Path, key: bytes) -> Any:
    conn = sqlcipher3.connect(str(db), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn
