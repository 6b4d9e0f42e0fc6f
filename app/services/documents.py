"""Producing documents: built in memory; printing and saving are audited.

Preview and print never write a file. Saving a PDF is an explicit, audited
choice (``save_pdf``), as is ``csods document``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from app.clock import from_iso
from app.documents.build import build
from app.documents.model import DocumentCase, DocumentKind, DocumentRefused, RiskNote, SignOff
from app.domain.case_facts import CaseFacts
from app.domain.enums import AuditAction, Stage
from app.domain.guardrails import non_disclosure_refusals
from app.errors import InvalidInput
from app.services.authz import Permission, allowed, authorise
from app.services.case_file import CaseFile, load_case, may_work, open_for
from app.services.chronology import chronology_of
from app.services.saved_files import new_file_target, write_audited
from app.services.session import Session
from app.services.unit_settings import letterhead
from app.storage import tasks_repo, users_repo
from app.storage.connection import Connection

BLANK_REFERENCE = "Blank form"


def _signed_off(session: Session, case: CaseFile) -> SignOff | None:
    """The approval in force: the last sign-off, when it approved the decision."""
    if case.signoff != "approved" or not case.signoffs:
        return None
    last = case.signoffs[-1]
    if last.outcome != "approved":
        return None
    user = users_repo.by_username(session.conn, last.by)
    name = user.display_name if user is not None and user.display_name.strip() else last.by
    return SignOff(by=name, at=from_iso(last.at))


def _document_case(session: Session, case: CaseFile | None) -> DocumentCase:
    now = session.clock.now()
    if case is None:
        return DocumentCase(reference=BLANK_REFERENCE, contact_at=now,
                            facts=CaseFacts(current_stage=Stage.INITIAL_CONTACT),
                            produced_at=now, produced_by=session.user.display_name,
                            letterhead=letterhead(session))
    return DocumentCase(reference=case.reference, contact_at=case.contact_at, facts=case.facts,
                        produced_at=now, produced_by=session.user.display_name,
                        letterhead=letterhead(session), deadlines=tuple(case.deadlines),
                        referrals=tuple(case.referrals), signed_off=_signed_off(session, case),
                        risks=tuple(RiskNote(dict(r.values), from_iso(r.recorded_at))
                                    for r in case.risks),
                        policy=case.policy, contacts=tuple(case.contacts),
                        chronology=tuple(chronology_of(session, case)),
                        tasks=tuple(tasks_repo.for_case(session.conn, case.id)))


def _case(session: Session, reference: str | None) -> CaseFile | None:
    authorise(session, Permission.PRODUCE_DOCUMENTS, case_ref=reference)
    return open_for(session, reference, "produce a document") if reference else None


def produce(session: Session, reference: str | None, kind: DocumentKind | str, *,
            blank: bool = False) -> bytes:
    """The PDF, in memory, for preview. Refused (and the refusal audited) by the guardrails."""
    kind = DocumentKind(kind)
    case = _case(session, reference)
    if case is None and not blank:
        raise InvalidInput("Only blank forms can be printed without a case.")
    try:
        pdf = build(kind, _document_case(session, case), blank=blank)
    except DocumentRefused as refused:
        session.record(AuditAction.REFUSED, case_ref=reference,
                       detail=f"refused: produce {kind.title.lower()}")
        raise refused
    session.record(AuditAction.CONSULT, entity=f"document:{kind.value}", case_ref=reference,
                   detail=f"{kind.title} prepared for preview{' (blank)' if blank else ''}")
    return pdf


def not_for_this_case(session: Session, reference: str) -> dict[DocumentKind, str]:
    """Documents the case's outcome rules out altogether, each with why: the same rule
    that refuses producing them (``non_disclosure_refusals``, which the letter builder
    applies), so a menu can grey them out. Nothing is produced, so nothing is audited;
    a case the user may not see gives {} (choosing a document then refuses, audited)."""
    if not allowed(session.user.role, Permission.PRODUCE_DOCUMENTS):
        return {}
    case = load_case(session, reference)
    if not may_work(session, case):
        return {}
    reasons = non_disclosure_refusals(case.facts)
    return {DocumentKind.NON_DISCLOSURE_LETTER: " ".join(reasons)} if reasons else {}


def _recipient(kind: DocumentKind, case: CaseFile | None) -> str | None:
    if case is None:
        return None
    if kind is DocumentKind.DISCLOSURE_FORM:
        return "disclosure recipient named in the case record (form retained by police)"
    if kind is DocumentKind.NON_DISCLOSURE_LETTER:
        return "applicant named in the case record"
    return None


def record_print(session: Session, reference: str | None, kind: DocumentKind | str,
                 copies: int = 1, *, blank: bool = False) -> None:
    """Audit a print job (called once the print dialog was accepted)."""
    kind = DocumentKind(kind)
    case = _case(session, reference)
    session.record(AuditAction.PRINT, entity=f"document:{kind.value}", case_ref=reference,
                   recipient=_recipient(kind, case),
                   detail=f"{kind.title} printed, {copies} cop{'y' if copies == 1 else 'ies'}"
                   + (" (blank)" if blank else ""))


def save_pdf(session: Session, reference: str | None, kind: DocumentKind | str, path: Path,
             *, blank: bool = False) -> Path:
    """Write the PDF to a file the user chose: the one audited way onto disk.

    The audit row and the file go together: the file is written inside the audit
    row's transaction and removed again if that transaction does not commit. The
    row names the folder and the SHA-256 of the file, not the file name, which a
    user may have made out of people's names (the trail outlives retention disposal).
    """
    kind = DocumentKind(kind)
    pdf = produce(session, reference, kind, blank=blank)
    recipient = _recipient(kind, _case(session, reference))
    path = new_file_target(path)  # refuses symlinks and existing files (#13 item 12)
    digest = hashlib.sha256(pdf).hexdigest()

    def audit(conn: Connection) -> None:
        session.audit(conn, AuditAction.EXPORT, entity=f"document:{kind.value}",
                      case_ref=reference, recipient=recipient,
                      detail=f"{kind.title} saved as PDF in the folder {path.parent} "
                      f"(sha256 {digest})")

    write_audited(session, path, pdf, audit)
    return path
