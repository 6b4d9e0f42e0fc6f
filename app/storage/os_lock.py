"""Shared and exclusive OS locks on a lock file, on POSIX and on Windows.

POSIX uses ``fcntl.flock`` on the whole file. Windows uses ``LockFileEx`` on one
byte far beyond the end of the file (so the file's text stays readable while it
is locked); ``msvcrt.locking`` cannot take a shared lock. Both locks belong to
the open file handle and vanish when the process dies, so a crash never leaves
the unit locked. No third-party package is needed for two system calls.
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path
from typing import Any, Protocol


class LockBusy(Exception):
    """Another handle holds a conflicting lock."""


class _Backend(Protocol):
    def lock(self, fd: int, exclusive: bool, wait: bool) -> None: ...
    def unlock(self, fd: int) -> None: ...


class PosixBackend:
    def __init__(self) -> None:
        import fcntl

        self._fcntl: Any = fcntl

    def lock(self, fd: int, exclusive: bool, wait: bool) -> None:
        f = self._fcntl
        flags = (f.LOCK_EX if exclusive else f.LOCK_SH) | (0 if wait else f.LOCK_NB)
        try:
            f.flock(fd, flags)
        except BlockingIOError as exc:
            raise LockBusy() from exc

    def unlock(self, fd: int) -> None:
        self._fcntl.flock(fd, self._fcntl.LOCK_UN)


# LockFileEx flags and the byte it locks (beyond any real content of the file).
LOCKFILE_FAIL_IMMEDIATELY = 0x1
LOCKFILE_EXCLUSIVE_LOCK = 0x2
LOCK_OFFSET_HIGH = 0x7FFFFFFF


class _Overlapped(ctypes.Structure):
    _fields_ = [("Internal", ctypes.c_void_p), ("InternalHigh", ctypes.c_void_p),
                ("Offset", ctypes.c_uint32), ("OffsetHigh", ctypes.c_uint32),
                ("hEvent", ctypes.c_void_p)]


class WindowsBackend:
    """``LockFileEx``/``UnlockFileEx`` through ctypes (kernel32 and msvcrt injectable)."""

    def __init__(self, kernel32: Any = None, get_osfhandle: Any = None) -> None:
        self._ctypes: Any = ctypes
        if kernel32 is None:  # pragma: no cover - Windows only
            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        if get_osfhandle is None:  # pragma: no cover - Windows only
            import msvcrt

            get_osfhandle = msvcrt.get_osfhandle  # type: ignore[attr-defined]
        self._kernel32 = kernel32
        self._handle = get_osfhandle

    def _overlapped(self) -> Any:
        overlapped = _Overlapped()
        overlapped.OffsetHigh = LOCK_OFFSET_HIGH
        return overlapped

    def lock(self, fd: int, exclusive: bool, wait: bool) -> None:
        flags = (LOCKFILE_EXCLUSIVE_LOCK if exclusive else 0) | (
            0 if wait else LOCKFILE_FAIL_IMMEDIATELY)
        overlapped = self._overlapped()
        ok = self._kernel32.LockFileEx(self._handle(fd), flags, 0, 1, 0,
                                       self._ctypes.byref(overlapped))
        if not ok:
            if not wait:  # LOCKFILE_FAIL_IMMEDIATELY: the range is locked by another handle
                raise LockBusy()
            raise OSError("LockFileEx failed")  # pragma: no cover - a waiting lock fails only

    def unlock(self, fd: int) -> None:
        overlapped = self._overlapped()
        self._kernel32.UnlockFileEx(self._handle(fd), 0, 1, 0, self._ctypes.byref(overlapped))


def default_backend() -> _Backend:
    return WindowsBackend() if os.name == "nt" else PosixBackend()


_backend: _Backend | None = None


def backend() -> _Backend:
    global _backend
    if _backend is None:
        _backend = default_backend()
    return _backend


class OsLock:
    """One open handle on a lock file, holding a shared or exclusive lock (or none)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
        self._fd: int | None = os.open(path, flags, 0o660)
        self.mode: str | None = None  # "shared" / "exclusive"

    @property
    def fd(self) -> int:
        if self._fd is None:
            raise ValueError("the lock file is closed")
        return self._fd

    def acquire(self, *, exclusive: bool, wait: bool = False) -> None:
        """Take the lock (raises LockBusy when ``wait`` is false and it is held)."""
        if self.mode is not None:
            self.release()
        backend().lock(self.fd, exclusive, wait)
        self.mode = "exclusive" if exclusive else "shared"

    def release(self) -> None:
        if self.mode is not None and self._fd is not None:
            backend().unlock(self._fd)
        self.mode = None

    def close(self) -> None:
        self.release()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
