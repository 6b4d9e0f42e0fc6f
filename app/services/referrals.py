"""The safeguarding referrals log of a case (¶3.6, 5.6.11, 6.3).

Each call: authorise → validate → change → audit, in one transaction. The audit
rows name the agency, never people.
"""

from __future__ import annotations

from typing import Any

from app.domain.enums import AuditAction
from app.domain.forms import check_draft_values, validate_values
from app.domain.referrals import AGENCY_LABELS, REFERRAL_FORM, Referral, referral_problems
from app.domain.timescales import LONDON
from app.errors import InvalidInput, NotFound
from app.services.authz import Permission, authorise
from app.services.case_file import open_for
from app.services.indexing import refresh_reference
from app.services.session import Session
from app.storage import referrals_repo


def _check(session: Session, values: dict[str, Any]) -> None:
    problems = check_draft_values(REFERRAL_FORM, values) + validate_values(
        REFERRAL_FORM, values, now=session.clock.now())
    if problems:
        raise InvalidInput("The referral cannot be recorded: some answers are missing or not "
                           "right.", problems)
    order = referral_problems(values)
    if order:
        raise InvalidInput(" ".join(order))


def referrals(session: Session, reference: str) -> list[Referral]:
    """The case's referrals, oldest first."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "view referrals")
    return referrals_repo.for_case(session.conn, case.id)


def add_referral(session: Session, reference: str, values: dict[str, Any]) -> Referral:
    """Record a referral sent (¶3.6, 5.6.11, 6.3); allowed on open and closed cases alike,
    because referrals and their outcomes often come after the case closes (¶6.3)."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "record a referral", change=True)
    if case.erased:
        raise InvalidInput("This case's record has been disposed of.")
    _check(session, values)
    with session.transaction() as conn:
        new_id = referrals_repo.insert(conn, case.id, values, session.clock.now(),
                                       session.user.id)
        session.audit(conn, AuditAction.COLLECT, entity=f"case:{case.id}/referral:{new_id}",
                      case_ref=case.reference, recipient=AGENCY_LABELS[values["agency"]],
                      justification="Safeguarding referral (¶3.6, 5.6.11, 6.3)",
                      detail="safeguarding referral recorded")
        refresh_reference(session, conn, case.reference)
    return next(r for r in referrals_repo.for_case(session.conn, case.id) if r.id == new_id)


def update_referral(session: Session, reference: str, referral_id: int,
                    values: dict[str, Any]) -> Referral:
    """Correct a referral or record its outcome."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "update a referral", change=True)
    if case.erased:
        raise InvalidInput("This case's record has been disposed of.")
    _check(session, values)
    with session.transaction() as conn:
        if not referrals_repo.update(conn, case.id, referral_id, values, session.clock.now(),
                                     session.user.id):
            raise NotFound(f"Case {case.reference} has no referral {referral_id}.")
        what = "outcome recorded" if values.get("outcome_on") else "updated"
        session.audit(conn, AuditAction.ALTER, entity=f"case:{case.id}/referral:{referral_id}",
                      case_ref=case.reference, detail=f"safeguarding referral {what}")
        refresh_reference(session, conn, case.reference)
    return next(r for r in referrals_repo.for_case(session.conn, case.id)
                if r.id == referral_id)


def overdue_chases(session: Session, reference: str) -> list[Referral]:
    """Referrals with no outcome whose chase-by date has passed (UK date)."""
    today = session.clock.now().astimezone(LONDON).date()
    return [r for r in referrals(session, reference) if r.chase_overdue(today)]
