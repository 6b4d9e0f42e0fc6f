"""The contact log and the free-text notes of a case.

Each change: authorise → validate → change → audit, in one transaction. The audit
rows say what kind of record was added, never its text or who was contacted by name.
Both may be added on closed cases too (replies and calls go on after closure), not on
a disposed-of record.
"""

from __future__ import annotations

from typing import Any

from app.domain.contacts import CONTACT_FORM, NOTE_FORM, PARTY_LABELS, CaseNote, Contact
from app.domain.enums import AuditAction
from app.domain.forms import AuxForm, check_draft_values, validate_values
from app.errors import InvalidInput
from app.services.authz import Permission, authorise
from app.services.case_file import CaseFile, open_for
from app.services.session import Session
from app.storage import contacts_repo


def _check(session: Session, form: AuxForm, values: dict[str, Any], what: str) -> None:
    problems = check_draft_values(form, values) + validate_values(
        form, values, now=session.clock.now())
    if problems:
        raise InvalidInput(f"The {what} cannot be recorded: some answers are missing or not "
                           "right.", problems)


def _changeable(session: Session, reference: str, what: str) -> CaseFile:
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, what, change=True)
    if case.erased:
        raise InvalidInput("This case's record has been disposed of.")
    return case


def contacts(session: Session, reference: str) -> list[Contact]:
    """The case's contact attempts, oldest first."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "view the contact log")
    return contacts_repo.contacts(session.conn, case.id)


def log_contact(session: Session, reference: str, values: dict[str, Any]) -> Contact:
    """Record an attempt to reach someone about the case (reached or not)."""
    case = _changeable(session, reference, "log a contact attempt")
    _check(session, CONTACT_FORM, values, "contact attempt")
    with session.transaction() as conn:
        new_id = contacts_repo.insert_contact(conn, case.id, values, session.clock.now(),
                                              session.user.id)
        session.audit(conn, AuditAction.COLLECT, entity=f"case:{case.id}/contact:{new_id}",
                      case_ref=case.reference,
                      detail=f"contact attempt logged ({values['method']}, "
                             f"{PARTY_LABELS[values['party']].lower()}, {values['outcome']})")
    return next(c for c in contacts_repo.contacts(session.conn, case.id) if c.id == new_id)


def notes(session: Session, reference: str) -> list[CaseNote]:
    """The case's notes, oldest first."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "view case notes")
    return contacts_repo.notes(session.conn, case.id)


def add_note(session: Session, reference: str, values: dict[str, Any]) -> CaseNote:
    """Add a dated free-text note to the case."""
    case = _changeable(session, reference, "add a case note")
    _check(session, NOTE_FORM, values, "note")
    with session.transaction() as conn:
        new_id = contacts_repo.insert_note(conn, case.id, values, session.clock.now(),
                                           session.user.id)
        session.audit(conn, AuditAction.COLLECT, entity=f"case:{case.id}/note:{new_id}",
                      case_ref=case.reference, detail="case note added")
    return next(n for n in contacts_repo.notes(session.conn, case.id) if n.id == new_id)
