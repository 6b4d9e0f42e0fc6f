"""Name what is wrong with the disk or the folder, never "the database may be damaged".

SQLite reports a full disk as ``SQLITE_FULL`` ("database or disk is full"), a file
it may not write as ``SQLITE_READONLY`` ("attempt to write a readonly database"),
and a folder where it cannot create its journal as ``SQLITE_READONLY`` or
``SQLITE_CANTOPEN``; the operating system says ``ENOSPC``, ``EROFS``, ``EACCES``.
:func:`classify` turns any of these into a :class:`FileFault` whose sentence names
the cause (full disk, read-only file system, read-only database file, read-only
folder) and what to do; anything else is not a file fault (``None``).

The cause is confirmed by looking at the file system (``statvfs``, the file's and
the folder's permissions) because SQLite's codes overlap: a read-only folder also
reads as "readonly database". Qt-free; shared by storage, services, the CLI and UI.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import os
import stat
from pathlib import Path

from app.errors import CsodsError

LOW_SPACE = 1024 * 1024  # less free space than this counts as a full disk

_FULL_CODES = frozenset({"SQLITE_FULL"})
_READONLY_CODES = frozenset({"SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR",
                             "SQLITE_PERM", "SQLITE_AUTH"})
_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_DENIED_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


class Cause(enum.Enum):
    DISK_FULL = "disk full"
    READ_ONLY_FILE_SYSTEM = "read-only file system"
    READ_ONLY_FILE = "read-only database file"
    READ_ONLY_FOLDER = "read-only folder"
    NOT_ALLOWED = "not allowed to write"


class FileFault(CsodsError):
    """The unit's files could not be written: a named, fixable cause (not damage)."""

    def __init__(self, cause: Cause, path: Path) -> None:
        self.cause = cause
        self.path = path
        super().__init__(_sentence(cause, path))


def _sentence(cause: Cause, path: Path) -> str:
    folder = path.parent
    if cause is Cause.DISK_FULL:
        return (f"The disk holding {folder} is full, so nothing could be saved. Free some "
                "disk space (or ask IT to), then try again. The database is not damaged.")
    if cause is Cause.READ_ONLY_FILE_SYSTEM:
        return (f"The unit folder {folder} is on a read-only file system, so nothing could "
                "be saved. Ask IT to make it writable again. The database is not damaged.")
    if cause is Cause.READ_ONLY_FILE:
        return (f"The database file {path} is read-only (its permissions do not allow "
                "writing), so nothing could be saved. Ask IT to give the unit's users write "
                "permission on it again. The database is not damaged.")
    if cause is Cause.READ_ONLY_FOLDER:
        return (f"The unit folder {folder} is read-only: the database must write its journal "
                "files beside it. Ask IT to give the unit's users write permission on the "
                "folder. The database is not damaged.")
    return (f"The application is not allowed to write in {folder}. Ask IT to check the "
            "permissions of the unit folder and its files. The database is not damaged.")


def _sqlite_name(error: BaseException) -> str:
    """The primary result code's name ("SQLITE_IOERR" for "SQLITE_IOERR_WRITE")."""
    name = getattr(error, "sqlite_errorname", None)
    return "_".join(name.split("_")[:2]) if isinstance(name, str) else ""


def _no_write_bits(path: Path) -> bool:
    """Nobody may write it (0444, 0555), or this process may not."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(
        path, os.W_OK)


def _read_only_fs(folder: Path) -> bool:
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:  # Windows: no statvfs; EROFS does not arise there
        return False
    try:
        return bool(statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _low_space(folder: Path) -> bool:
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        import shutil

        with contextlib.suppress(OSError):
            return shutil.disk_usage(folder).free < LOW_SPACE
        return False
    try:
        info = statvfs(folder)
    except OSError:
        return False
    return bool(info.f_bavail * info.f_frsize < LOW_SPACE)


def _probe(path: Path) -> Cause | None:
    """What the file system says about writing ``path`` (None: nothing wrong seen)."""
    folder = path.parent
    if _read_only_fs(folder):
        return Cause.READ_ONLY_FILE_SYSTEM
    if path.exists() and _no_write_bits(path):
        return Cause.READ_ONLY_FILE
    if folder.exists() and _no_write_bits(folder):
        return Cause.READ_ONLY_FOLDER
    for side in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if side.exists() and _no_write_bits(side):
            return Cause.READ_ONLY_FILE
    return None


def classify(error: BaseException, path: Path | None,
             kind: type[FileFault] = FileFault) -> FileFault | None:
    """The file fault behind ``error`` (an SQLite or OS error) at ``path``, or None.

    Only what the file system confirms is named (a full disk is named from SQLite's or
    the OS's own code); an error with no confirmed cause stays what it was."""
    if isinstance(error, FileFault):
        return error
    cause = _cause(error, path)
    return None if cause is None or path is None else kind(cause, path)


def _cause(error: BaseException, path: Path | None) -> Cause | None:
    if path is None:
        return None
    name = _sqlite_name(error)
    text = str(error).casefold()
    number = error.errno if isinstance(error, OSError) else None
    full = (name in _FULL_CODES or "database or disk is full" in text
            or number in _FULL_ERRNOS)
    denied = (name in _READONLY_CODES or "readonly database" in text
              or "unable to open database" in text or "disk i/o error" in text
              or number in _DENIED_ERRNOS)
    if not (full or denied):
        return None
    if full:
        return Cause.DISK_FULL
    found = _probe(path)
    if found is not None:
        return found
    if number == errno.EROFS:
        return Cause.READ_ONLY_FILE_SYSTEM
    if name == "SQLITE_IOERR" or "disk i/o error" in text:
        return Cause.DISK_FULL if _low_space(path.parent) else None
    if number in _DENIED_ERRNOS:
        return Cause.NOT_ALLOWED
    return None


def os_error_sentence(error: OSError) -> str | None:
    """A sentence for an OS error writing a file the user chose (a PDF, an export)."""
    target = error.filename
    if target is None:
        return None
    fault = classify(error, Path(str(target)))
    return str(fault) if fault is not None else None
