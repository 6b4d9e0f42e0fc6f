"""Verifying the unit: every integrity check, on the live unit or on a backup.

``csods verify`` (``verify_file``, which works even when the file is too damaged to
sign in normally), the same check for a signed-in supervisor (``verify``), a backup
checked read-only (``verify_backup``), and the chain head printed for sign-off.
A restore verifies its backup here too (``verify_copy``).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.clock import Clock, SystemClock
from app.domain.enums import AuditAction, Role
from app.errors import CsodsError, NotAuthorised
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
from app.services.progress import Progress, Steps, no_progress
from app.services.session import Session
from app.services.unit import login, signer_key, unlock
from app.storage import audit_repo, unit_lock, users_repo
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
        report = verify_copy(source, username,
                              password if backup_password is None else backup_password,
                              Permission.VERIFY, live=session)
        session.record(AuditAction.MAINTENANCE, entity="unit",
                       detail=f"{_summary(report)} (backup {source.name}, opened read-only)")
    return report


def verify_copy(source: Path, username: str, password: str, permission: Permission,
                role: Role | None = None, live: Session | None = None) -> VerifyReport:
    """Every check on a backup opened read-only, by a user ``permission`` allows there
    (``live``: also against the heads the live unit has witnessed)."""
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
