"""Consistent encrypted copies of the unit database (never plaintext)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from app.storage.connection import Connection, open_connection
from app.storage.file_modes import restrict


def copy_database(source: Connection, dest: Path, key: bytes,
                  progress: Callable[[int, int], None] | None = None) -> None:
    """Copy a live database to ``dest``, encrypted with the same key.

    Uses SQLite's online backup API, which gives a consistent snapshot even
    while another connection is writing. The copy is written to a temporary
    name first and renamed into place once complete and flushed.
    ``progress(pages_done, pages_total)`` is called after each step; if it raises,
    the copy stops, the partial file is removed and the error propagates.
    """
    tmp = dest.with_name(dest.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    target = open_connection(tmp, key, create=True)

    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    try:
        target.execute("PRAGMA journal_mode = DELETE")
        source.backup(target, pages=256, progress=step)
    except BaseException:
        target.close()
        for leftover in (tmp, Path(f"{tmp}-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise
    target.close()
    restrict(tmp)
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, dest)
