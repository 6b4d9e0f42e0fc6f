"""The unit's own rotated encrypted backup, made at every key holder's sign-out.

A supervisor names a folder and how many to keep (``settings backup``; unit settings
BACKUP_FOLDER and BACKUP_KEEP, in the database). At each sign-out (not a lock) of a
key holder, an encrypted consistent copy is written there by the backup service
(with its key file, which carries the signed chain head), named
``csods-auto-<unit>-<UTC time>.db``; then the oldest of *those* beyond the number
kept are removed. Only files whose names match that pattern exactly, for this unit,
are ever removed; nothing else in the folder is touched.

A failure never blocks signing out: it is audited, and the reason kept
(BACKUP_PROBLEM) so the next sign-in shows it; the next backup that works clears it.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

from app import settings
from app.domain import text_policy
from app.domain.enums import AuditAction
from app.domain.timescales import LONDON
from app.errors import CsodsError, InvalidInput
from app.file_faults import os_error_sentence
from app.security import keyfile as kf
from app.services.authz import Permission, authorise
from app.services.backup_copy import key_holder_copy
from app.services.session import Session
from app.storage import settings_repo
from app.storage.backup import reencrypt_copy

DEFAULT_KEEP = 14
MAX_KEEP = 365
_NAME = re.compile(r"^csods-auto-(?P<unit>[0-9a-f]{8})-(?P<stamp>\d{8}T\d{6}Z)"
                   r"(?:-(?P<n>[1-9]\d{0,3}))?\.db$")


@dataclass(frozen=True)
class BackupPolicy:
    folder: Path | None  # None: no automatic backup
    keep: int


def policy(session: Session) -> BackupPolicy:
    """The unit's automatic backup setting (any key holder may read it)."""
    conn = session.conn
    folder = settings_repo.read(conn, settings.BACKUP_FOLDER)
    keep = settings_repo.read(conn, settings.BACKUP_KEEP)
    return BackupPolicy(Path(folder) if folder else None,
                        int(keep) if keep.isdigit() and 1 <= int(keep) <= MAX_KEEP
                        else DEFAULT_KEEP)


def set_policy(session: Session, folder: str, keep: int = DEFAULT_KEEP) -> BackupPolicy:
    """Supervisor: set (or, with an empty folder, turn off) the automatic backup; audited."""
    authorise(session, Permission.UNIT_SETTINGS)
    folder = folder.strip()
    text_policy.require(folder, "The backup folder", 1000)
    if folder and not Path(folder).is_absolute():
        raise InvalidInput("The backup folder must be a full path (for example "
                           "D:\\CSODS backups or /mnt/backups/csods).")
    if not 1 <= keep <= MAX_KEEP:
        raise InvalidInput(f"The number of backups kept must be between 1 and {MAX_KEEP}.")
    with session.transaction() as conn:
        settings_repo.write(conn, settings.BACKUP_FOLDER, folder)
        settings_repo.write(conn, settings.BACKUP_KEEP, str(keep))
        detail = (f"automatic backup at sign-out to {folder}, keeping {keep}" if folder
                  else "automatic backup at sign-out turned off")
        session.audit(conn, AuditAction.ALTER, entity="unit-settings", detail=detail)
    return policy(session)


def last_problem(session: Session) -> str:
    """Why the last automatic backup failed; "" when it worked (or none is configured)."""
    return settings_repo.read(session.conn, settings.BACKUP_PROBLEM)


def ours(folder: Path, unit_id: str) -> list[Path]:
    """This unit's automatic backups in ``folder``, oldest first (strict name match)."""
    found: list[tuple[str, int, Path]] = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match and match["unit"] == unit_id[:8] and path.is_file() \
                    and not path.is_symlink():
                found.append((match["stamp"], int(match["n"] or 0), path))
    return [path for _stamp, _n, path in sorted(found)]


def at_sign_out(session: Session) -> None:
    """Make the backup if one is configured; never raises (the user is signing out)."""
    try:
        chosen = policy(session)
        if chosen.folder is None:
            return
        _make(session, chosen.folder)
        removed = _rotate(chosen.folder, session, chosen.keep)
    except Exception as exc:  # noqa: BLE001 - signing out must complete whatever happened
        _record_problem(session, _reason(exc))
        return
    with contextlib.suppress(Exception), session.transaction() as conn:
        settings_repo.write(conn, settings.BACKUP_PROBLEM, "")
        if removed:
            session.audit(conn, AuditAction.MAINTENANCE, entity="unit",
                          detail=f"{removed} automatic backup(s) older than the newest "
                                 f"{chosen.keep} removed from the backup folder")


def _unit_id(session: Session) -> str:
    return settings_repo.read(session.conn, settings.UNIT_ID)


def _make(session: Session, folder: Path) -> Path:
    if not folder.is_dir():
        raise CsodsError(f"the backup folder {folder} does not exist or is not reachable")
    stamp = session.clock.now().strftime("%Y%m%dT%H%M%SZ")
    base = f"csods-auto-{_unit_id(session)[:8]}-{stamp}"
    dest = folder / f"{base}.db"
    count = 1
    while dest.exists() or kf.keyfile_path(dest).exists():
        count += 1
        dest = folder / f"{base}-{count}.db"
    try:
        return key_holder_copy(session, dest, f"automatic backup at sign-out: {dest.name}")
    except BaseException:
        for leftover in (dest, kf.keyfile_path(dest)):  # ours, made just now
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise


def _rotate(folder: Path, session: Session, keep: int) -> int:
    backups = ours(folder, _unit_id(session))
    removed = 0
    for old in backups[:max(0, len(backups) - keep)]:
        old.unlink()
        with contextlib.suppress(FileNotFoundError):
            kf.keyfile_path(old).unlink()
        removed += 1
    return removed


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        named = os_error_sentence(exc)
        return named or f"{exc.strerror or type(exc).__name__} ({exc.filename or ''})"
    if isinstance(exc, CsodsError):
        return str(exc)
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, OSError):
        return _reason(cause)
    return f"an unexpected error ({type(exc).__name__})"


def _record_problem(session: Session, reason: str) -> None:
    when = session.clock.now().astimezone(LONDON).strftime("%d/%m/%Y %H:%M")
    with contextlib.suppress(Exception), session.transaction() as conn:
        settings_repo.write(conn, settings.BACKUP_PROBLEM,
                            f"The automatic backup at sign-out on {when} failed: {reason}")
        session.audit(conn, AuditAction.MAINTENANCE, entity="unit",
                      detail=f"automatic backup at sign-out FAILED: {reason}"[:500])


def follow_rekey(session: Session, old_keys: list[bytes], new_key: bytes,
                 keyfile: kf.KeyFile) -> tuple[int, int]:
    """The automatic backups follow a rekey, like the copies beside the unit: each is
    re-encrypted under ``new_key`` with the new slots in its key file (its own witnessed
    heads kept), or removed when no old key opens it — so a disabled user's old password
    opens none of them (#13 item 6). Returns (re-encrypted, removed)."""
    folder = policy(session).folder
    if folder is None:
        return 0, 0
    done = removed = 0
    for path in ours(folder, keyfile.unit_id):
        keys = kf.keyfile_path(path)
        if reencrypt_copy(path, old_keys, new_key):
            try:
                own = kf.load(keys)
                own.slots = dict(keyfile.slots)
                own.disabled = dict(keyfile.disabled)
            except (CsodsError, OSError):
                own = keyfile
            with contextlib.suppress(FileNotFoundError):
                keys.with_name(keys.name + ".prev").unlink()
            kf.save(keys, own)
            with contextlib.suppress(FileNotFoundError):
                keys.with_name(keys.name + ".prev").unlink()
            done += 1
        else:
            for leftover in (path, keys, keys.with_name(keys.name + ".prev")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
            removed += 1
    return done, removed
