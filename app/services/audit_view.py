"""The audit viewer's service: search the trail (itself audited), verify, chain head."""

from __future__ import annotations

from app.domain.enums import AuditAction
from app.services import maintenance
from app.services.authz import Permission, authorise
from app.services.session import Session
from app.storage import audit_repo
from app.storage.audit_repo import AuditQuery, AuditRow


def search_audit(session: Session, query: AuditQuery) -> list[AuditRow]:
    """Rows matching the filters, newest first; the viewing is recorded first."""
    authorise(session, Permission.VIEW_AUDIT)
    filters = ", ".join(f"{k}={v}" for k, v in (
        ("user", query.actor), ("action", query.action), ("case", query.case_ref),
        ("from", query.since and query.since.date()), ("to", query.until and query.until.date()))
        if v)
    session.record(AuditAction.AUDIT_VIEWED, entity="audit",
                   detail=f"audit trail viewed ({filters or 'no filter'})")
    return audit_repo.search(session.conn, query)


def verify_trail(session: Session) -> maintenance.VerifyReport:
    """The same checks as `csods verify`."""
    return maintenance.verify(session)


def chain_head_text(session: Session) -> str:
    """A line to print and sign, so a later truncation of the trail is detectable."""
    authorise(session, Permission.VIEW_AUDIT)
    row_id, digest = maintenance.chain_head(session)
    now = session.clock.now()
    session.record(AuditAction.PRINT, entity="audit", detail=f"chain head {row_id} printed")
    return (f"Audit trail head at {now:%Y-%m-%d %H:%M} UTC: row {row_id}, "
            f"SHA-256 {digest}")
