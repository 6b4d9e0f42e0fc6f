"""Re-encrypting the database under a new key (a supervisor's task).

The new key is sealed to every active officer's and supervisor's slot and to the
recovery slot, never to an administrator's (they hold no key to case content).
"""

from __future__ import annotations

import contextlib

from app.domain.enums import AuditAction, Role
from app.security import keyfile as kf
from app.security import lockout_lock, slots
from app.security.crypto import new_database_key
from app.services import auto_backup, slot_pins, unit_copies
from app.services.authz import Permission, authorise
from app.services.progress import Progress, no_progress
from app.services.session import Session
from app.storage import unit_lock, users_repo
from app.storage.connection import rekey as rekey_file


def rekey(session: Session, progress: Progress = no_progress) -> unit_copies.CopiesAfterRekey:
    """Encrypt the database under a new key and seal it to every remaining slot.

    Not cancellable (``progress`` only reports). Takes the unit lock exclusively (this
    session's own shared hold aside): refused, naming who, while anyone else has the
    unit open. Copies on the workstation follow (``unit_copies.follow_rekey``): returns
    what became of them (copies that cannot follow are listed, to be deleted).

    Crash-safe: the new key is sealed to every slot (beside the old one)
    before ``PRAGMA rekey``; login tries each sealed key, so either key opens
    the file whatever the moment of a crash. The old keys are then dropped.
    """
    authorise(session, Permission.REKEY)
    with unit_lock.exclusive(session.db_path, session.user.username, "rekey the unit",
                             own=session.hold):
        return _rekey(session, progress)


def _rekey(session: Session, progress: Progress) -> unit_copies.CopiesAfterRekey:
    keys_path = kf.keyfile_path(session.db_path)
    old_key = session.db_key
    keyfile = kf.load(keys_path)
    # The key file is not authenticated: seal the new key only to the accounts the
    # database says are active (and the recovery slot), never to a slot that someone
    # with write access to the file added, or that a disabled account left behind.
    # Administrators keep their slot (their signing key) but get no database key.
    rows = [row for row in users_repo.all_users(session.conn) if row.active]
    admins = {row.username for row in rows if row.role is Role.ADMINISTRATOR}
    active = {row.username for row in rows} - admins
    stray = sorted(set(keyfile.slots) - active - admins - {kf.RECOVERY_SLOT})
    stripped = sorted(name for name in admins if name in keyfile.slots
                      and keyfile.slots[name].sealed)
    for name in admins & set(keyfile.slots):
        keyfile.slots[name].sealed = []
    # A slot whose public key is not the one pinned in the database was swapped in
    # the file: it gets nothing (its owner needs a password reset).
    with session.transaction() as conn:
        swapped = sorted(name for name, slot in keyfile.slots.items()
                         if name not in stray and name not in admins
                         and not slot_pins.check(conn, name, slot.public))
        if swapped:
            session.audit(conn, AuditAction.MAINTENANCE, entity="unit",
                          detail=f"rekey: {len(swapped)} key slot(s) not matching the database "
                          "were removed")
    for name in stray + swapped:
        del keyfile.slots[name]
    progress(0, 3, "Sealing a new key to every account")
    new_key = new_database_key()
    slots.reseal_all(keyfile, new_key, keep_old=True, skip=admins)
    lockout_lock.save_keeping_counts(keys_path, keyfile)
    progress(1, 3, "Re-encrypting the database")
    rekey_file(session.conn, new_key)  # atomic, under a rollback journal
    session.replace_key(new_key)
    progress(2, 3, "Removing the old key")
    slots.reseal_all(keyfile, new_key, keep_old=False, skip=admins)
    lockout_lock.save_keeping_counts(keys_path, keyfile)
    # Copies on this workstation (pre-migration, replaced-) follow: re-encrypted with the
    # new key file beside them, or removed, so no old password opens any of them.
    # The automatic backups first: their folder may be inside the unit's, where
    # follow_rekey would otherwise take them for other copies of the unit.
    backups_done, backups_removed = auto_backup.follow_rekey(session, [old_key], new_key,
                                                             keyfile)
    copies = unit_copies.follow_rekey(session.db_path, [old_key], new_key, keyfile)
    session.record(AuditAction.MAINTENANCE, entity="unit",
                   detail="database re-encrypted under a new key; all slots re-sealed"
                   + (f"; {len(stray)} key slot(s) without an active account removed"
                      if stray else "")
                   + (f"; the database key taken from the administrator slot(s) of "
                      f"{', '.join(stripped)}" if stripped else "")
                   + (f"; copies on this workstation: {copies.reencrypted} re-encrypted, "
                      f"{copies.removed} removed" if copies.reencrypted or copies.removed
                      else "")
                   + (f"; automatic backups: {backups_done} re-encrypted, {backups_removed} "
                      "removed" if backups_done or backups_removed else "")
                   + (f"; {len(copies.cannot_follow)} copy(ies) beside the unit under an "
                      "older key could not follow and should be deleted: "
                      + ", ".join(p.name for p in copies.cannot_follow)
                      if copies.cannot_follow else ""))
    with contextlib.suppress(FileNotFoundError):
        kf.keyfile_path(session.db_path).with_name(keys_path.name + ".prev").unlink()
    return copies
