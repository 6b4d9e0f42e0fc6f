"""Correcting the first-contact instant after initial contact is complete (issue 12 item 2).

Stage 1's "Date and time of contact" is the single source of the instant every
timescale runs from (¶5.1.13, 5.6.27). Before stage 1 is complete the officer
corrects it on the form; afterwards only a supervisor may, with a reason, and
the audit trail records the old and new instants.
"""

from __future__ import annotations

from datetime import datetime

from app.clock import to_iso
from app.domain import text_policy
from app.domain.case_stamps import record_stamp, with_stamps
from app.domain.enums import AuditAction, Stage
from app.domain.forms import FORM_VERSION
from app.domain.timescales import LONDON
from app.errors import InvalidInput
from app.services.authz import Permission, authorise
from app.services.case_file import CaseFile, load_case
from app.services.cases import sync_contact_time
from app.services.indexing import refresh_reference
from app.services.session import Session
from app.storage import cases_repo

LATE_OPENING_HOURS = 24


def opens_overdue(contact_at: datetime, now: datetime) -> bool:
    """True when a case opened now would start with the 24-hour check already overdue
    (the New case dialog asks for confirmation)."""
    return (now - contact_at).total_seconds() > LATE_OPENING_HOURS * 3600


def correct_contact_time(session: Session, reference: str, contact_at: datetime,
                         reason: str) -> CaseFile:
    """Supervisor corrects the first-contact instant of a case whose stage 1 is complete."""
    authorise(session, Permission.CORRECT_CONTACT_TIME, case_ref=reference)
    case = load_case(session, reference)
    now = session.clock.now()
    if contact_at.tzinfo is None:
        raise InvalidInput("The contact time needs a time zone.")
    if contact_at > now:
        raise InvalidInput("The time of first contact cannot be in the future.")
    if not reason.strip():
        raise InvalidInput("Give the reason for correcting the time of first contact.")
    text_policy.require(reason, "The reason for the correction", multiline=True)
    if not case.is_complete(Stage.INITIAL_CONTACT):
        raise InvalidInput("Initial contact is not complete yet: correct the time on the "
                           "stage 1 form.")
    if case.erased:
        raise InvalidInput("This case's record has been disposed of.")
    values = case.values(Stage.INITIAL_CONTACT)
    old = case.contact_at
    values["contact_at"] = to_iso(contact_at)
    with session.transaction() as conn:
        cases_repo.set_stage_values(conn, case.id, int(Stage.INITIAL_CONTACT), FORM_VERSION,
                                    values, now, session.user.id)
        sync_contact_time(conn, case.id, values, now)
        session.audit(conn, AuditAction.ALTER, entity=f"case:{case.id}/stage:1",
                      case_ref=case.reference, justification=reason.strip(),
                      detail=with_stamps(
                          f"time of first contact corrected from "
                          f"{old.astimezone(LONDON):%d/%m/%Y %H:%M} to "
                          f"{contact_at.astimezone(LONDON):%d/%m/%Y %H:%M} (UK time)",
                          record_stamp(int(Stage.INITIAL_CONTACT), values)))
        refresh_reference(session, conn, case.reference)
    return load_case(session, reference)
