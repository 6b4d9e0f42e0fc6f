"""Lockout counting that holds under concurrent sign-in attempts.

Every read-modify-write of the key file for lockout happens under an exclusive
OS lock on ``unit.db.keys.lock`` (a separate file: the key file itself is
replaced by rename on every save). Each attempt is *counted before* the
password is tried, so parallel guesses cannot all pass the gate before any of
them is recorded; a correct password then clears the count.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.security import keyfile as kf
from app.security import keyfile_merge, pending_events, slots
from app.storage.file_modes import restrict
from app.storage.os_lock import OsLock

PENDING_LIMIT = 500


def lock_path(keys_path: Path) -> Path:
    return keys_path.with_name(keys_path.name + ".lock")


@contextmanager
def updating(keys_path: Path) -> Iterator[kf.KeyFile]:
    """Load the key file fresh under the lock, let the caller change it, save it."""
    lock = OsLock(lock_path(keys_path))
    restrict(lock.path)
    try:
        lock.acquire(exclusive=True, wait=True)
        keyfile = kf.load(keys_path)
        yield keyfile
        kf.save(keys_path, keyfile)
    finally:
        lock.close()


def _note(keyfile: kf.KeyFile, name: str, now: datetime, detail: str) -> None:
    known = name in keyfile.slots or name in keyfile.disabled
    # A name that matches no account may be a mistyped password: never keep it.
    keyfile.pending_audit.append(pending_events.failed_sign_in(
        now, name if known else None, detail if known else "unknown user name"))
    del keyfile.pending_audit[:-PENDING_LIMIT]


def note_failure(keys_path: Path, name: str | None, now: datetime, detail: str) -> None:
    """Keep a failed attempt for the audit trail (written at the next sign-in)."""
    with updating(keys_path) as keyfile:
        if name is None:
            keyfile.pending_audit.append(pending_events.failed_sign_in(now, None, detail))
            del keyfile.pending_audit[:-PENDING_LIMIT]
        else:
            _note(keyfile, name, now, detail)


@dataclass(frozen=True)
class Gate:
    """The outcome of counting an attempt, before the password is tried."""

    keyfile: kf.KeyFile  # as it was under the lock (slots to open)
    refused: str  # "" (go on), "locked" or "disabled"
    until: datetime | None = None


def begin_attempt(keys_path: Path, name: str, now: datetime) -> Gate:
    """Count this attempt now; refuse at once if the name is locked or disabled."""
    with updating(keys_path) as keyfile:
        until = slots.locked_until(keyfile, name, now)
        if until is not None:
            _note(keyfile, name, now, "attempt while locked")
            slots.record_failure(keyfile, name, now)
            return Gate(keyfile, "locked", slots.locked_until(keyfile, name, now) or until)
        if name in keyfile.disabled:
            _note(keyfile, name, now, "disabled account")
            return Gate(keyfile, "disabled")
        slots.record_failure(keyfile, name, now)  # counted before trying; cleared on success
        return Gate(keyfile, "")


def attempt_failed(keys_path: Path, name: str, now: datetime) -> datetime | None:
    """The password was wrong (already counted): note it; the lock expiry if locked."""
    with updating(keys_path) as keyfile:
        _note(keyfile, name, now, "wrong password")
        return slots.locked_until(keyfile, name, now)


def _forget(keyfile: kf.KeyFile, flushed: list[dict[str, Any]]) -> None:
    for event in flushed:
        if event in keyfile.pending_audit:
            keyfile.pending_audit.remove(event)


def signed_in(keys_path: Path, name: str, flushed: list[dict[str, Any]]) -> None:
    """Clear the name's count and drop the pending events now in the audit trail."""
    with updating(keys_path) as keyfile:
        slots.clear_failures(keyfile, name)
        _forget(keyfile, flushed)


def forget_flushed(keys_path: Path, flushed: list[dict[str, Any]]) -> None:
    with updating(keys_path) as keyfile:
        _forget(keyfile, flushed)


def clear_lock(keys_path: Path, name: str) -> bool:
    """Clear a name's lock and count (an administrator's action); True if there was one."""
    with updating(keys_path) as keyfile:
        return slots.clear_failures(keyfile, name)


def locked_names(keyfile: kf.KeyFile, names: list[str], now: datetime) -> dict[str, datetime]:
    """Which of ``names`` are locked now, and until when (counters are kept hashed)."""
    found: dict[str, datetime] = {}
    for name in names:
        until = slots.locked_until(keyfile, name, now)
        if until is not None:
            found[name] = until
    return found


def save_keeping_counts(keys_path: Path, keyfile: kf.KeyFile,
                        flushed: list[dict[str, Any]] | None = None,
                        signed_in: str | None = None) -> None:
    """Save a key file this process changed (slots, records, witnesses…) without losing
    what other processes wrote meanwhile (app/security/keyfile_merge.py).

    Under the lock, what this process changed since it loaded the file is merged into
    the file as it is now; the lockout counters are always the file's (the name that
    ``signed_in`` has its count cleared); pending events ``flushed`` into the audit
    trail are dropped. Afterwards ``keyfile`` holds what was saved."""
    gone = flushed or []
    with updating(keys_path) as fresh:
        keyfile.lockout = copy.deepcopy(fresh.lockout)
        if getattr(keyfile, kf.MERGE_BASE, None) is None:
            # Made in memory, not loaded: it replaces the file, keeping others' events.
            added = [event for event in keyfile.pending_audit
                     if event not in fresh.pending_audit]
            keyfile.pending_audit = fresh.pending_audit + added
            merged = keyfile
        else:
            merged = keyfile_merge.merge(keyfile, fresh)
        if signed_in is not None:
            slots.clear_failures(merged, signed_in)
        merged.pending_audit = [e for e in merged.pending_audit if e not in gone][-PENDING_LIMIT:]
        _copy_into(fresh, merged)
    _copy_into(keyfile, fresh)
    kf.remember_base(keyfile)


def _copy_into(target: kf.KeyFile, source: kf.KeyFile) -> None:
    for name in source.__dataclass_fields__:
        setattr(target, name, getattr(source, name))


def note_event(keys_path: Path, event: dict[str, Any]) -> None:
    """Keep an audit event in the key file (a session without the database key, the
    event signed by its actor: app/security/pending_events.py); the next key holder
    to sign in enters it in the audit trail."""
    with updating(keys_path) as keyfile:
        keyfile.pending_audit.append(event)
        del keyfile.pending_audit[:-PENDING_LIMIT]
