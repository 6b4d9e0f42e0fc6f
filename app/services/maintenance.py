"""Integrity checks, backup, restore and rekey of the unit database."""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.clock import Clock, SystemClock
from app.domain.enums import AuditAction, Role
from app.errors import CsodsError, DatabaseError, KeyFileError, NotAuthorised
from app.security import keyfile as kf
from app.security.signing import KeySigner
from app.services import (
    account_trust,
    audit_signatures,
    backup_read,
    backup_witness,
    case_integrity,
    slot_pins,
    verify_guards,
    witness,
    witness_sources,
    witness_watch,
)
from app.services.authz import Permission, allowed, authorise
from app.services.backup_copy import key_holder_copy
from app.services.progress import Progress, Steps, no_progress
from app.services.rekey import rekey as rekey
from app.services.session import Session
from app.services.unit import login, signer_key, unlock
from app.storage import audit_repo, file_modes, unit_lock, users_repo
from app.storage.backup import copy_files
from app.storage.connection import (
    Connection,
    cipher_integrity_problems,
    integrity_problems,
    sqlite_errors,
    transaction,
)
from app.storage.migrate import schema_version

#: The schema version that brought signed accounts and audit rows (0011_signed_accounts).
SIGNED_ACCOUNTS_VERSION = 12


@dataclass
class VerifyReport:
    audit_rows: int = 0
    chain_head: str = audit_repo.GENESIS
    unsigned_before_signing: int = 0
    witnessed: str = ""  # the highest witnessed head, in words
    key_file_note: str = ""  # the key file was damaged and its .prev used (one line)
    problems: list[str] = field(default_factory=list)
    checks: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check(conn: Connection, db_path: Path, key: bytes,
           progress: Progress = no_progress, read_only: bool = False,
           earlier: list[dict[str, Any]] | None = None) -> VerifyReport:
    """Run every check; a check that cannot even run is reported, not raised.

    Cancellable (``progress`` may raise Cancelled): the checks only read.
    """
    report = VerifyReport()
    errors = sqlite_errors()
    steps = Steps(progress, 3)
    steps.start("Checking the audit trail")
    try:
        chain = audit_repo.chain_problems(conn)
        report.audit_rows, report.chain_head = audit_repo.head(conn)
    except errors as exc:
        chain = [f"the audit trail could not be read ({exc})"]
    report.checks.append(("audit hash chain", not chain))
    report.problems += chain
    _check_signatures(conn, db_path, report, earlier or [], copies=not read_only, key=key)
    steps.finish()
    steps.start("Checking every encrypted page")
    try:
        cipher = cipher_integrity_problems(db_path, key, steps.stop, read_only)
    except (CsodsError, *errors) as exc:  # type: ignore[misc]
        cipher = [str(exc)]
    steps.check()
    steps.finish()
    report.checks.append(("encrypted pages (cipher_integrity_check)", not cipher))
    report.problems += [f"encrypted page check: {p}" for p in cipher]
    steps.start("Checking the database structure")
    try:
        structure = integrity_problems(conn, steps.stop)
    except errors as exc:
        structure = [str(exc)]
    steps.check()
    steps.finish()
    report.checks.append(("database structure (integrity_check)", not structure))
    report.problems += [f"structure check: {p}" for p in structure]
    return report


def _check_signatures(conn: Connection, db_path: Path, report: VerifyReport,
                      earlier: list[dict[str, Any]], copies: bool = True,
                      key: bytes | None = None) -> None:
    """Account records, audit row signatures, and the chain against the witnessed head."""
    if _before_signed_accounts(conn):
        # A copy made by release 0.1, read without migrating it (a backup): nothing is
        # signed yet; its accounts are carried over at its first sign-in once restored.
        report.checks.append(("signed account records and audit rows (none: made before "
                              "signing; carried over at the first sign-in)", True))
        return
    try:
        keyfile = kf.load(kf.keyfile_path(db_path))
        accounts = account_trust.load(conn, keyfile.unit_id)
        root = account_trust.root_public(conn)
        found = [*account_trust.problems(conn, keyfile.unit_id),
                 *account_trust.rollback_problems(conn, keyfile)]
        if root != keyfile.root_public:
            found.insert(0, "the unit root key in the key file does not match the database")
        swapped = slot_pins.swapped_slots(conn, keyfile)
        found += [f"the key slot of '{name}' in the key file is not the one the database "
                  "pins (swapped in by hand?): that account cannot sign in; a supervisor's "
                  "rekey removes it" for name in swapped]
        report.checks.append(("signed account records", not found))
        report.problems += found
        keys = accounts.signing_keys()
        signed, report.unsigned_before_signing = audit_signatures.problems(conn, keys, root)
        report.checks.append(("audit row signatures", not signed))
        report.problems += signed
        # ``earlier``: the witnesses (key file and .prev) as they were before this
        # check's own sign-in saved the key file again.
        # ``copies``: the heads every backup and copy carries too (the live unit only).
        seen, notes = witness_sources.gather_noted(conn, db_path, keyfile, earlier, copies, key)
        witnessed, top = witness.problems(conn, seen, keyfile.unit_id, keys)
        witnessed += notes + witness_watch.recorded(conn, keyfile.unit_id, db_path)
        if top is not None:
            report.witnessed = f"row {top['row']}, witnessed by {top['by']} at {top['at']}"
        report.checks.append(("audit trail against the witnessed head", not witnessed))
        report.problems += witnessed
        cases = case_integrity.problems(conn, accounts.ever_supervisors())
        report.checks.append(("cases against the audit trail", not cases))
        report.problems += cases
    except (CsodsError, *sqlite_errors()) as exc:  # type: ignore[misc]
        report.checks.append(("signed account records and audit rows", False))
        report.problems.append(f"the signatures could not be checked ({exc})")


def _before_signed_accounts(conn: Connection) -> bool:
    try:
        version = schema_version(conn)
    except sqlite_errors():
        return False  # too damaged to tell: the checks report it
    return version < SIGNED_ACCOUNTS_VERSION


def verify(session: Session, progress: Progress = no_progress) -> VerifyReport:
    """The same check as ``csods verify``, for a signed-in user; audited.

    ``progress`` may raise Cancelled: the check then stops and nothing is recorded.
    """
    authorise(session, Permission.VERIFY)
    report = _check(session.conn, session.db_path, session.db_key, progress)
    session.record(AuditAction.MAINTENANCE, entity="unit", detail=_summary(report))
    return report


def _summary(report: VerifyReport) -> str:
    return "verify: " + ("all checks passed" if report.ok else
                         f"{len(report.problems)} problem(s)")


def verify_file(
    db_path: Path, username: str, password: str, clock: Clock | None = None
) -> VerifyReport:
    """``csods verify``: works even when the file is too damaged to sign in normally.

    The user's slot opens the database; if the users table can be read the
    role must allow verifying. The result is audited when the file allows it.
    """
    clock = clock or SystemClock()
    hold = unit_lock.hold_shared(db_path, username.strip())
    try:
        return _verify_open_unit(db_path, username, password, clock)
    finally:
        hold.release()


def _verify_open_unit(db_path: Path, username: str, password: str, clock: Clock) -> VerifyReport:
    keys_path = kf.keyfile_path(db_path)
    damaged = kf.damage(keys_path)  # before the sign-in below saves the key file again
    earlier = witness.witnesses_on_disk(keys_path)
    opened = unlock(db_path, username, password, clock)  # falls back to .prev, or raises
    conn = opened.conn
    signer = KeySigner(opened.username, signer_key(opened))
    try:
        verify_guards.check_before_verify(conn, opened.username, opened.public)
        try:
            row = users_repo.by_username(conn, opened.username)
        except sqlite_errors():
            row = None  # too damaged to tell; the checks below reveal no case content
        if row is not None and (not row.active or not allowed(row.role, Permission.VERIFY)):
            with contextlib.suppress(*sqlite_errors()), transaction(conn):
                audit_repo.append(conn, at=clock.now(), actor=opened.username,
                                  action=AuditAction.REFUSED, entity="unit",
                                  detail=f"refused: {Permission.VERIFY.value}", signer=signer)
            raise NotAuthorised(row.role.value, Permission.VERIFY.value)
        report = _check(conn, db_path, opened.db_key, earlier=earlier)
        if damaged is not None:
            report.key_file_note = (f"{damaged.rstrip('.')}; this check went on using its "
                                    "previous copy (.prev)")
            report.checks.insert(0, ("key file", False))
            report.problems.insert(0, report.key_file_note)
        try:
            with transaction(conn):
                audit_repo.append(conn, at=clock.now(), actor=opened.username,
                                  action=AuditAction.MAINTENANCE, entity="unit",
                                  detail=_summary(report), signer=signer)
        except sqlite_errors():
            report.problems.append("the result of this check could not be written to the audit "
                                   "trail")
    finally:
        conn.close()
    return report


def verify_backup(db_path: Path, source: Path, username: str, password: str,
                  clock: Clock | None = None, backup_password: str | None = None) -> VerifyReport:
    """``csods verify --backup``: check a backup read-only (nothing is written into it);
    the check is audited in the live unit at ``db_path``."""
    clock = clock or SystemClock()
    with login(db_path, username, password, clock) as session:
        authorise(session, Permission.VERIFY)
        report = _verify_copy(source, username,
                              password if backup_password is None else backup_password,
                              Permission.VERIFY, live=session)
        session.record(AuditAction.MAINTENANCE, entity="unit",
                       detail=f"{_summary(report)} (backup {source.name}, opened read-only)")
    return report


def _verify_copy(source: Path, username: str, password: str, permission: Permission,
                 role: Role | None = None, live: Session | None = None) -> VerifyReport:
    conn, key = backup_read.open_backup(source, username, password)
    try:
        backup_read.require_role(conn, username, permission, role)
        report = _check(conn, source, key, read_only=True)
        if live is not None:  # also against what the live unit has witnessed
            against = backup_witness.problems(live, conn, source)
            report.checks.append(("backup against the unit's witnessed heads", not against))
            report.problems += against
        return report
    finally:
        conn.close()


def chain_head(session: Session) -> tuple[int, str]:
    """The newest audit row's id and hash, to print for supervisor sign-off."""
    authorise(session, Permission.VERIFY)
    return audit_repo.head(session.conn)


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
    report = _verify_copy(source, username, backup_password, Permission.REKEY)
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
