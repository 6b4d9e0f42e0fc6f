"""The unit lock: who has the unit open, and the exclusive lock for replacing it.

Every process that opens the unit holds a *shared* OS lock on ``unit.db.lock``
(beside the database) for as long as a session is open. Restore, rekey and
migration take it *exclusively*, and refuse while anyone else holds it, naming
them: each holding process writes a small note (staff user names, process id,
host, since when; nothing else) in ``unit.db.lock.d/``. The OS lock is the truth;
the notes only explain it (a note left by a crashed process is ignored).

Within one process the OS lock is taken once and counted per holder, so a
session's own hold does not block its own rekey or migration.

Deleting ``unit.db.lock`` (possible on POSIX while it is held) must not let a
restore through: each note says which lock file (device, inode) its holder
locked, so an exclusive taker that finds a live holder on this host noted against
another file refuses, naming them; and it checks that the file it locked is still
the one at the path. Holders re-create and re-lock a removed lock file when they
next open or write (``UnitHold.keep_lock_file``). On Windows an open lock file
cannot be deleted at all.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.errors import CsodsError
from app.storage.file_modes import restrict
from app.storage.os_lock import LockBusy, OsLock

_mutex = threading.RLock()
_tokens = itertools.count(1)


class UnitInUse(CsodsError):
    """The unit lock is held by someone else (message names who)."""


class UnitReplaced(CsodsError):
    def __init__(self) -> None:
        super().__init__(
            "The unit's files were replaced (restored or copied over) while you were signed "
            "in. Nothing more is saved by this window: sign out and sign in again.")


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def notes_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock.d")


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file now at ``path``; None when there is none."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def _locked_identity(lock: OsLock) -> tuple[int, int]:
    """(device, inode) of the file this handle has open (wherever its path now leads)."""
    st = os.fstat(lock.fd)
    return st.st_dev, st.st_ino


@dataclass
class Holder:
    users: list[str]
    pid: int
    host: str
    since: str
    mode: str
    purpose: str = ""
    lock_id: list[int] | None = None  # (device, inode) of the lock file it holds

    def describe(self) -> str:
        who = ", ".join(self.users) or "a process"
        what = f" ({self.purpose})" if self.purpose else ""
        return f"{who}{what}, process {self.pid} on {self.host} since {self.since} UTC"


@dataclass
class _Entry:
    lock: OsLock
    since: str
    users: dict[int, str] = field(default_factory=dict)  # token -> staff user name
    exclusive: str = ""  # purpose while exclusive


_held: dict[Path, _Entry] = {}


def _key(db_path: Path) -> Path:
    return Path(os.path.abspath(db_path))


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M")


def _note_path(db_path: Path) -> Path:
    return notes_dir(db_path) / f"{socket.gethostname()}-{os.getpid()}.json"


def _write_note(db_path: Path, entry: _Entry) -> None:
    folder = notes_dir(db_path)
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o770)
    note = Holder(sorted(set(entry.users.values())), os.getpid(), socket.gethostname(),
                  entry.since, "exclusive" if entry.exclusive else "shared", entry.exclusive,
                  list(_locked_identity(entry.lock)))
    path = _note_path(db_path)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(note.__dict__), encoding="utf-8")
    restrict(tmp)
    os.replace(tmp, path)


def _remove_note(db_path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        _note_path(db_path).unlink()


def holders(db_path: Path) -> list[Holder]:
    """The notes of other processes that hold the lock (stale notes on this host skipped)."""
    found: list[Holder] = []
    folder = notes_dir(db_path)
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.json")):
        try:
            holder = Holder(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            continue
        if holder.host == socket.gethostname() and not _alive(holder.pid):
            continue
        if holder.pid == os.getpid() and holder.host == socket.gethostname():
            continue
        found.append(holder)
    return found


def _alive(pid: int) -> bool:
    if os.name != "posix":  # pragma: no cover - Windows: trust the note
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clear_stale_notes(db_path: Path) -> None:
    """With the lock held exclusively, every other note is stale."""
    folder = notes_dir(db_path)
    if folder.is_dir():
        for path in folder.glob("*.json"):
            if path != _note_path(db_path):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()


def _holding_a_removed_lock_file(db_path: Path, locked: tuple[int, int]) -> list[Holder]:
    """Live holders on this host whose note names a lock file other than the one now
    locked here: theirs was deleted (or replaced) while they held it."""
    return [h for h in holders(db_path) if h.host == socket.gethostname()
            and h.lock_id is not None and tuple(h.lock_id) != locked]


def _refresh(entry: _Entry, db_path: Path) -> None:
    """If the lock file this process holds was deleted or replaced, lock (shared) the
    one now at the path instead, re-creating it. Raises LockBusy if it is held
    exclusively (someone is replacing the unit)."""
    path = lock_path(db_path)
    if file_identity(path) == _locked_identity(entry.lock):
        return
    fresh = OsLock(path)
    try:
        restrict(path)
        fresh.acquire(exclusive=False)
    except (LockBusy, OSError):
        fresh.close()
        raise LockBusy() from None
    entry.lock.close()
    entry.lock = fresh
    _write_note(db_path, entry)


def _busy(db_path: Path, doing: str, in_process: list[str] | None = None) -> UnitInUse:
    named = [h.describe() for h in holders(db_path)]
    if in_process:
        named.append(", ".join(sorted(set(in_process))) + " in this program")
    who = "; ".join(named) or "another program (it did not say who)"
    return UnitInUse(f"{doing}: the unit is in use by {who}. Close it there first.")


def _removed(doing: str, orphans: list[Holder]) -> UnitInUse:
    who = "; ".join(h.describe() for h in orphans) or "another program"
    return UnitInUse(f"{doing}: the unit's lock file was deleted or replaced while the unit "
                     f"is open (by {who}). Close it there first, then try again.")


class UnitHold:
    """One holder's share of the lock (a session); release it when the session ends."""

    def __init__(self, db_path: Path, user: str) -> None:
        self.db_path = db_path
        self.user = user
        self.token = next(_tokens)
        self.released = False

    def identify(self, user: str) -> None:
        """Name the holder once signed in (a typed name is never noted before that)."""
        with _mutex:
            self.user = user
            entry = _held.get(_key(self.db_path))
            if entry is not None and not self.released and self.token in entry.users:
                entry.users[self.token] = user
                _write_note(self.db_path, entry)

    def keep_lock_file(self) -> None:
        """Hold the lock file now at the path, should ours have been deleted (an open
        session checks before each write); quiet when it cannot (a restore under way
        is caught by the session's check of the database file itself)."""
        with _mutex:
            entry = _held.get(_key(self.db_path))
            if entry is None or self.released or entry.exclusive:
                return
            with contextlib.suppress(LockBusy, OSError):
                _refresh(entry, self.db_path)

    def release(self) -> None:
        with _mutex:
            if self.released:
                return
            self.released = True
            key = _key(self.db_path)
            entry = _held.get(key)
            if entry is None:
                return
            entry.users.pop(self.token, None)
            if entry.users or entry.exclusive:
                _write_note(self.db_path, entry)
                return
            del _held[key]
            entry.lock.close()
            _remove_note(self.db_path)


def hold_shared(db_path: Path, user: str) -> UnitHold:
    """Hold the unit open (shared). Refuses while a restore, rekey or upgrade runs."""
    with _mutex:
        key = _key(db_path)
        entry = _held.get(key)
        if entry is not None and entry.exclusive:
            raise UnitInUse(f"The unit is being changed ({entry.exclusive}) by this program; "
                            "try again when it has finished.")
        if entry is None:
            lock = OsLock(lock_path(db_path))
            restrict(lock.path)
            try:
                lock.acquire(exclusive=False)
            except LockBusy:
                lock.close()
                raise _busy(db_path, "The unit cannot be opened now") from None
            entry = _held[key] = _Entry(lock, _now())
        else:
            try:
                _refresh(entry, db_path)
            except LockBusy:
                raise _busy(db_path, "The unit cannot be opened now") from None
        hold = UnitHold(db_path, user)
        entry.users[hold.token] = user
        _write_note(db_path, entry)
        return hold


@contextlib.contextmanager
def exclusive(db_path: Path, user: str, purpose: str,
              own: UnitHold | None = None) -> Iterator[None]:
    """Hold the unit alone for ``purpose`` (restore, rekey, upgrade).

    ``own`` is the caller's own shared hold (a rekey from a signed-in session): it
    does not count as someone else. Raises UnitInUse naming the other holders.
    """
    doing = f"Cannot {purpose} now"
    with _mutex:
        key = _key(db_path)
        entry = _held.get(key)
        mine = {own.token} if own is not None and not own.released else set()
        if entry is not None:
            if entry.exclusive:
                raise UnitInUse(f"{doing}: this program is already doing {entry.exclusive}.")
            others = [name for token, name in entry.users.items() if token not in mine]
            if others:
                raise _busy(db_path, doing, others)
            try:
                _refresh(entry, db_path)
            except LockBusy:
                raise _busy(db_path, doing) from None
            entry.lock.release()
            lock = entry.lock
        else:
            lock = OsLock(lock_path(db_path))
            restrict(lock.path)
        try:
            lock.acquire(exclusive=True)
        except LockBusy:
            if entry is not None:
                lock.acquire(exclusive=False, wait=True)
            else:
                lock.close()
            raise _busy(db_path, doing) from None
        orphans = _holding_a_removed_lock_file(db_path, _locked_identity(lock))
        if orphans or file_identity(lock.path) != _locked_identity(lock):
            if entry is not None:
                lock.acquire(exclusive=False, wait=True)
            else:
                lock.close()
            raise _removed(doing, orphans)
        if entry is None:
            entry = _held[key] = _Entry(lock, _now())
        entry.exclusive = purpose
        entry.users.setdefault(0, user)
        _clear_stale_notes(db_path)
        _write_note(db_path, entry)
    try:
        yield
    finally:
        with _mutex:
            entry.exclusive = ""
            entry.users.pop(0, None)
            if entry.users:
                lock.acquire(exclusive=False, wait=True)
                _write_note(db_path, entry)
            else:
                del _held[key]
                lock.close()
                _remove_note(db_path)
