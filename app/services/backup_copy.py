"""A key holder's encrypted backup: a consistent copy of the live database by SQLite's
online backup, and the key file beside it carrying the signed head of the copied trail.
Used by ``maintenance.backup`` and by the automatic backup at sign-out."""

from __future__ import annotations

from pathlib import Path

from app.domain.enums import AuditAction
from app.security import keyfile as kf
from app.services import witness
from app.services.progress import Cancelled, Progress, no_progress
from app.services.session import Session
from app.storage.backup import copy_database


def key_holder_copy(session: Session, dest: Path, detail: str,
                    progress: Progress = no_progress) -> Path:
    """The copy itself, for a key holder (``backup`` and the sign-out backup): audited
    with ``detail``; the key file copy carries the signed head of the copied trail."""
    with session.transaction() as conn:
        session.audit(conn, AuditAction.EXPORT, entity="unit", detail=detail)
        keyfile = kf.load(kf.keyfile_path(session.db_path))
        keyfile.add_witness(witness.signed_head(conn, keyfile.unit_id, session.signer,
                                                session.clock.now()))
    label = "Copying the encrypted database"
    try:
        copy_database(session.conn, dest, session.db_key,
                      lambda done, total: progress(done, total, label))
    except Cancelled:
        session.record(AuditAction.EXPORT, entity="unit",
                       detail="encrypted backup cancelled; the partial copy was removed")
        raise
    progress(1, 1, "Copying the key file")
    kf.save(kf.keyfile_path(dest), keyfile)
    return dest
