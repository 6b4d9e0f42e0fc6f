"""The audit viewer's service: search the trail (itself audited), verify, chain head."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from app import settings
from app.domain.chain_head import ChainHeadSheet
from app.domain.enums import AuditAction
from app.security.signing import unb64
from app.services import unit_verify, witness
from app.services.authz import Permission, authorise
from app.services.read_types import copy_row
from app.services.session import Session
from app.storage import audit_repo, settings_repo


@dataclass(frozen=True)
class AuditFilter:
    """What to look for in the trail; every field left empty matches any row."""

    actor: str | None = None
    action: str | None = None
    case_ref: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    limit: int = 1000


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit trail, with the hashes that chain it to the row before."""

    id: int
    at: str
    actor: str | None
    action: str
    entity: str | None
    case_ref: str | None
    justification: str | None
    recipient: str | None
    detail: str | None
    prev_hash: str
    hash: str
    signer: str | None = None
    signature: str | None = None


def search_audit(session: Session, query: AuditFilter) -> list[AuditEntry]:
    """Rows matching the filters, newest first; the viewing is recorded first."""
    authorise(session, Permission.VIEW_AUDIT)
    filters = ", ".join(f"{k}={v}" for k, v in (
        ("user", query.actor), ("action", query.action), ("case", query.case_ref),
        ("from", query.since and query.since.date()), ("to", query.until and query.until.date()))
        if v)
    session.record(AuditAction.AUDIT_VIEWED, entity="audit",
                   detail=f"audit trail viewed ({filters or 'no filter'})")
    rows = audit_repo.search(session.conn, copy_row(audit_repo.AuditQuery, query))
    return [copy_row(AuditEntry, row) for row in rows]


def verify_trail(session: Session) -> unit_verify.VerifyReport:
    """The same checks as `csods verify`."""
    return unit_verify.verify(session)


def chain_head_text(session: Session) -> str:
    """A line to print and sign, so a later truncation of the trail is detectable."""
    authorise(session, Permission.VIEW_AUDIT)
    row_id, digest = unit_verify.chain_head(session)
    now = session.clock.now()
    session.record(AuditAction.PRINT, entity="audit", detail=f"chain head {row_id} printed")
    return (f"Audit trail head at {now:%Y-%m-%d %H:%M} UTC: row {row_id}, "
            f"SHA-256 {digest}")


def chain_head_sheet(session: Session) -> ChainHeadSheet:
    """The newest row of the trail, signed now by this supervisor, for the paper log."""
    authorise(session, Permission.VIEW_AUDIT)
    from app.services.unit_info import unit_info

    keyfile_unit = settings_repo.read(session.conn, settings.UNIT_ID)
    head = witness.signed_head(session.conn, keyfile_unit, session.signer, session.clock.now())
    return ChainHeadSheet(
        unit_name=unit_info(session).name, row=int(head["row"]), digest=str(head["hash"]),
        at=session.clock.now(), signer=session.user.username,
        signer_name=session.user.display_name,
        key_fingerprint=hashlib.sha256(unb64(str(head["key"]))).hexdigest(),
        signature_fingerprint=hashlib.sha256(unb64(str(head["sig"]))).hexdigest())


def chain_head_pdf(session: Session, sheet: ChainHeadSheet) -> bytes:
    """The one-page sheet, built in memory (nothing is audited until it is printed)."""
    from app.documents.chain_head import build_chain_head
    from app.services.unit_settings import letterhead

    authorise(session, Permission.VIEW_AUDIT)
    return build_chain_head(sheet, letterhead(session))


def record_chain_head_print(session: Session, sheet: ChainHeadSheet, copies: int = 1) -> None:
    """Audited before anything reaches paper."""
    authorise(session, Permission.VIEW_AUDIT)
    session.record(AuditAction.PRINT, entity="audit",
                   detail=f"chain head row {sheet.row} ({sheet.digest[:16]}…) printed for the "
                          f"paper log, {copies} cop{'y' if copies == 1 else 'ies'}")
