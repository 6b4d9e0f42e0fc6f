"""The OS lock under the unit lock: shared/exclusive semantics on POSIX, and the
Windows branch (LockFileEx) exercised on Linux with a stand-in kernel32."""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

import pytest

from app.storage import os_lock
from app.storage.os_lock import LockBusy, OsLock, WindowsBackend


def test_shared_locks_coexist_and_keep_out_an_exclusive_one(tmp_path: Path) -> None:
    path = tmp_path / "unit.db.lock"
    first, second, third = OsLock(path), OsLock(path), OsLock(path)
    first.acquire(exclusive=False)
    second.acquire(exclusive=False)
    with pytest.raises(LockBusy):
        third.acquire(exclusive=True)
    first.close()
    with pytest.raises(LockBusy):
        third.acquire(exclusive=True)
    second.release()
    third.acquire(exclusive=True)
    with pytest.raises(LockBusy):
        first = OsLock(path)
        first.acquire(exclusive=False)
    for lock in (first, second, third):
        lock.close()


class FakeKernel32:
    """Byte-range locks per handle, with LockFileEx's flags and return values."""

    def __init__(self) -> None:
        self.held: dict[int, bool] = {}  # handle -> exclusive
        self.calls: list[tuple[str, int, int, int]] = []

    def LockFileEx(self, handle: int, flags: int, _reserved: int, low: int, high: int,
                   overlapped: Any) -> int:
        offset_high = ctypes.cast(overlapped, ctypes.POINTER(os_lock._Overlapped)).contents
        self.calls.append(("lock", handle, flags, offset_high.OffsetHigh))
        exclusive = bool(flags & os_lock.LOCKFILE_EXCLUSIVE_LOCK)
        others = {h: ex for h, ex in self.held.items() if h != handle}
        if others and (exclusive or any(others.values())):
            return 0
        self.held[handle] = exclusive
        return 1

    def UnlockFileEx(self, handle: int, *_args: Any) -> int:
        self.calls.append(("unlock", handle, 0, 0))
        self.held.pop(handle, None)
        return 1


def test_windows_branch_takes_shared_and_exclusive_byte_locks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kernel = FakeKernel32()
    monkeypatch.setattr(os_lock, "_backend", WindowsBackend(kernel, lambda fd: 1000 + fd))
    path = tmp_path / "unit.db.lock"
    reader1, reader2, writer = OsLock(path), OsLock(path), OsLock(path)
    reader1.acquire(exclusive=False)
    reader2.acquire(exclusive=False)
    with pytest.raises(LockBusy):
        writer.acquire(exclusive=True)
    reader1.close()
    reader2.close()
    writer.acquire(exclusive=True)
    assert kernel.held == {1000 + writer.fd: True}
    lock_calls = [c for c in kernel.calls if c[0] == "lock"]
    # Never waits in a refusal, and locks a byte far beyond the file's text.
    assert all(c[2] & os_lock.LOCKFILE_FAIL_IMMEDIATELY for c in lock_calls)
    assert all(c[3] == os_lock.LOCK_OFFSET_HIGH for c in lock_calls)
    assert lock_calls[-1][2] & os_lock.LOCKFILE_EXCLUSIVE_LOCK
    assert not lock_calls[0][2] & os_lock.LOCKFILE_EXCLUSIVE_LOCK
    writer.close()
    assert kernel.held == {}
