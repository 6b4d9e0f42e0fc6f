"""Backup and restore of the unit database, and its rekey (``app.services.rekey``).

Verifying the unit (``csods verify``) is ``app.services.unit_verify``; a restore
verifies its backup there before anything is replaced.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from app.clock import Clock, SystemClock
from app.domain.enums import AuditAction
from app.errors import CsodsError, DatabaseError, KeyFileError, NotAuthorised
from app.security import keyfile as kf
from app.services import backup_witness
from app.services.authz import Permission, allowed, authorise
from app.services.backup_copy import key_holder_copy
from app.services.progress import Progress, no_progress
from app.services.rekey import rekey as rekey
from app.services.session import Session
from app.services.unit import login
from app.services.unit_verify import VerifyReport, verify_copy
from app.storage import file_modes, unit_lock
from app.storage.backup import copy_files


def backup(session: Session, dest: Path, progress: Progress = no_progress) -> Path:
    """Write an encrypted, consistent copy and the key file beside it.

    ``dest`` gets the database; ``dest.keys`` the key file as it is now, with the
    copy's own chain head signed by this user added to its witnessed heads, so the
    same users (and the recovery code) can open the copy and verify it against the
    head it was taken at. ``progress`` may raise Cancelled: the partial copy is then
    removed and the cancellation audited.
    """
    authorise(session, Permission.MAINTAIN)
    dest = _new_destination(dest)
    if session.keyless:
        return _file_copy(session, dest, progress)
    return key_holder_copy(session, dest, backup_witness.taken_detail(dest.name), progress)


def _new_destination(dest: Path) -> Path:
    dest = dest.resolve()
    if dest.exists():
        raise CsodsError(f"{dest} already exists; choose a new name for the backup.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    return dest


def _file_copy(session: Session, dest: Path, progress: Progress) -> Path:
    """An administrator's backup: the encrypted files copied as they are, without the
    key (the next key holder to sign in enters the audit row the key file keeps).

    Made under the unit lock (the session's shared hold, or one taken for the copy), so
    no restore, rekey or upgrade replaces the files meanwhile; a writer that gets in
    between is caught by the copy itself (it copies again)."""
    session.record(AuditAction.EXPORT, entity="unit",
                   detail="encrypted file copy taken (without the database key)")
    own = session.hold is None or session.hold.released
    hold = unit_lock.hold_shared(session.db_path, session.user.username) if own \
        else session.hold
    try:
        progress(0, 2, "Copying the encrypted database")
        try:
            copy_files(session.db_path, dest)
        except OSError as exc:
            raise CsodsError(f"The backup could not be written to {dest}: {exc}") from exc
        progress(1, 2, "Copying the key file")
        kf.save(kf.keyfile_path(dest), kf.load(kf.keyfile_path(session.db_path)))
    finally:
        if own and hold is not None:
            hold.release()
    return dest


def _unit_files(db_path: Path) -> list[Path]:
    return [db_path, kf.keyfile_path(db_path), Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]


def restore(
    db_path: Path, source: Path, username: str, password: str, clock: Clock | None = None,
    backup_password: str | None = None,
) -> tuple[VerifyReport, Path]:
    """Replace the unit with a verified backup; keep the previous files.

    The user must be a supervisor of the current unit (when it can still be
    opened at all) *and* in the backup, whose password may differ
    (``backup_password``; by default the same): restoring needs the database key,
    which administrators do not hold. So a supervisor disabled since the backup
    cannot roll the unit back with an old copy. The backup is
    fully verified before anything is replaced. Returns the report and the
    folder where the replaced files were kept. The application must not run.
    """
    clock = clock or SystemClock()
    _refuse_the_units_own_files(db_path, source)
    _refuse_another_unit(db_path, source)
    _require_current_supervisor(db_path, username, password, clock)
    backup_password = password if backup_password is None else backup_password
    # Read-only: the backup is never changed by restoring it (an older one is migrated
    # in the restored copy, at the sign-in below). Restoring needs the key: a supervisor
    # in the backup too.
    report = verify_copy(source, username, backup_password, Permission.REKEY)
    if not report.ok:
        raise DatabaseError("The backup failed verification; nothing was replaced: "
                            + "; ".join(report.problems[:5]))
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with unit_lock.exclusive(db_path, username, "restore the unit"):
        kept = _replace_files(db_path, source, clock)
    session = login(db_path, username, backup_password, clock)
    with session:
        session.record(AuditAction.MAINTENANCE, entity="unit",
                       detail=f"restored from backup {source.name} (verified read-only, "
                       f"{report.audit_rows} audit rows); previous files kept in {kept.name}")
    return report, kept


def _replace_files(db_path: Path, source: Path, clock: Clock) -> Path:
    """Copy first, so the unit is without a database file only between two renames."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # Read before anything is moved: nothing of the source may depend on the live files.
    source_keys = kf.load(kf.keyfile_path(source))
    tmp = db_path.with_name(db_path.name + ".restoring")
    # An administrator's backup is a file copy that may have a write-ahead log beside it.
    wal_source, wal_tmp = Path(f"{source}-wal"), Path(f"{tmp}-wal")
    with_wal = wal_source.exists() and wal_source.stat().st_size > 0
    for src, copy in ((source, tmp), (wal_source, wal_tmp)) if with_wal else ((source, tmp),):
        shutil.copyfile(src, copy)
        file_modes.restrict(copy)
        with open(copy, "rb+") as handle:
            os.fsync(handle.fileno())
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    kept = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
    kept.mkdir(parents=True, exist_ok=False)
    keys = kf.keyfile_path(db_path)
    for current in [*_unit_files(db_path), keys.with_name(keys.name + ".prev")]:
        if current.exists():
            shutil.move(str(current), kept / current.name)
    if with_wal:
        os.replace(wal_tmp, Path(f"{db_path}-wal"))
    os.replace(tmp, db_path)
    kf.save(keys, source_keys)
    return kept


def _same_file(a: Path, b: Path) -> bool:
    """The same file, whatever the path (``..``, a symbolic link, a hard link)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist: compare where the paths lead
        return os.path.realpath(a) == os.path.realpath(b)


def _refuse_the_units_own_files(db_path: Path, source: Path) -> None:
    """Restoring the live unit onto itself (or from its own write-ahead log or key file)
    would move the very files it copies aside, leaving a unit that no longer opens."""
    keys = kf.keyfile_path(db_path)
    live = [*_unit_files(db_path), keys.with_name(keys.name + ".prev"),
            unit_lock.lock_path(db_path)]
    for candidate in (source, kf.keyfile_path(source), Path(f"{source}-wal")):
        for own in live:
            if _same_file(candidate, own):
                raise DatabaseError(
                    f"Cannot restore the unit from its own files: {source} is (or uses) "
                    f"{own.name}, a file of the unit at {db_path}. Give a backup's path; "
                    "nothing was replaced.")


def _require_current_supervisor(db_path: Path, username: str, password: str,
                                   clock: Clock) -> None:
    """A supervisor of the unit as it is now, unless it cannot be opened at all
    (lost key file, damaged database): the cases a restore exists for."""
    if not db_path.exists():
        return
    try:
        with login(db_path, username, password, clock) as current:
            if not allowed(current.user.role, Permission.REKEY):
                raise NotAuthorised(current.user.role.value, Permission.REKEY.value)
    except (KeyFileError, DatabaseError):
        return


def _refuse_another_unit(db_path: Path, source: Path) -> None:
    """A backup of another unit must not silently replace this one.

    When this unit's key file is lost (the usual reason for a restore) there is
    nothing to compare, and any verified backup may be restored.
    """
    try:
        current = kf.load(kf.keyfile_path(db_path))
    except KeyFileError:
        return
    if kf.load(kf.keyfile_path(source)).unit_id != current.unit_id:
        raise DatabaseError("The backup is of another unit, not of the one at "
                            f"{db_path}; nothing was replaced.")
