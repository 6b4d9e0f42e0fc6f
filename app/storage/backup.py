"""Consistent encrypted copies of the unit database (never plaintext)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from app.errors import DatabaseError
from app.storage.connection import (
    Connection,
    open_connection,
    open_read_only,
    rekey,
    sqlite_errors,
)
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
        target.execute("PRAGMA journal_mode = DELETE").fetchone()  # one file, no -wal
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


def _signature(paths: list[Path]) -> list[tuple[int, int] | None]:
    found: list[tuple[int, int] | None] = []
    for path in paths:
        try:
            info = path.stat()
        except FileNotFoundError:
            found.append(None)
            continue
        found.append((info.st_size, info.st_mtime_ns))
    return found


def copy_files(db_path: Path, dest: Path, tries: int = 5) -> None:
    """Copy the encrypted database file (and its write-ahead log, if any) without the key.

    The copy is consistent when neither file changed while it was made: their size and
    time are compared before and after, and the copy is made again (up to ``tries``
    times) if a writer got in between. Nothing is decrypted. (The unit lock, when
    taken by the caller, makes the second try unnecessary.)"""
    sources = [db_path, Path(f"{db_path}-wal")]
    targets = [dest, Path(f"{dest}-wal")]
    for _ in range(tries):
        before = _signature(sources)
        temps = []
        for source, target in zip(sources, targets, strict=True):
            tmp = target.with_name(target.name + ".partial")
            try:
                with open(source, "rb") as src, open(tmp, "wb") as out:
                    while chunk := src.read(1 << 20):
                        out.write(chunk)
                    out.flush()
                    os.fsync(out.fileno())
            except FileNotFoundError:
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
                continue
            restrict(tmp)
            temps.append((tmp, target))
        if _signature(sources) == before:
            for tmp, target in temps:
                os.replace(tmp, target)
            return
        for tmp, _target in temps:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    raise OSError("The database kept changing while it was copied; try again when nobody "
                  "is saving.")


def reencrypt_copy(path: Path, old_keys: list[bytes], new_key: bytes) -> bool:
    """Re-encrypt a copy on the workstation under ``new_key`` (after a rekey).

    Returns False, changing nothing, when none of ``old_keys`` opens it. The copy
    is left in rollback-journal mode (one file, like a backup).
    """
    for key in old_keys:
        try:
            conn = open_connection(path, key)
        except (DatabaseError, *sqlite_errors()):  # type: ignore[misc]
            continue
        try:
            rekey(conn, new_key)
            conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            conn.close()
        restrict(path)
        return True
    return False


def opens_with(path: Path, key: bytes) -> bool:
    """Whether ``key`` opens the copy at ``path`` (read-only: the copy is not changed)."""
    try:
        conn = open_read_only(path, key)
    except (DatabaseError, *sqlite_errors()):  # type: ignore[misc]
        return False
    conn.close()
    return True
