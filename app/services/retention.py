"""Retention reviews: closed cases are reviewed, then retained or disposed of.

Disposal erases every piece of personal data of the case (stage records,
people index, matches, risk records, extensions, sign-off comments) and keeps
only the non-personal skeleton (reference, dates, route) and the audit trail,
which never holds names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import settings
from app.clock import from_iso
from app.domain.enums import AuditAction, Route
from app.domain.timescales import LONDON
from app.errors import InvalidInput
from app.services.authz import Permission, authorise
from app.services.case_file import load_case
from app.services.session import Session
from app.storage import retention_repo, settings_repo
from app.storage.connection import checkpoint

DEFAULT_YEARS = int(settings.RETENTION_YEARS.default)


@dataclass(frozen=True)
class ReviewItem:
    reference: str
    route: Route | None
    closed_on: date
    review_on: date
    reviews: int


def retention_years(session: Session) -> int:
    text = settings_repo.read(session.conn, settings.RETENTION_YEARS)
    return int(text) if text.isdigit() else DEFAULT_YEARS


def set_retention_years(session: Session, years: int) -> None:
    authorise(session, Permission.RETENTION)
    if not 1 <= years <= 100:
        raise InvalidInput("The retention period must be between 1 and 100 years.")
    with session.transaction() as conn:
        settings_repo.write(conn, settings.RETENTION_YEARS, str(years))
        session.audit(conn, AuditAction.ALTER, entity=f"setting:{settings.RETENTION_YEARS.key}",
                      detail=f"retention period set to {years} years")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def reviews_due(session: Session, on: date | None = None) -> list[ReviewItem]:
    """Closed, not yet disposed cases whose review date has come."""
    authorise(session, Permission.RETENTION)
    today = on or session.clock.now().astimezone(LONDON).date()
    years = retention_years(session)
    due = []
    for row in retention_repo.closed_cases(session.conn):
        closed_on = from_iso(row.closed_at).astimezone(LONDON).date()
        review_on = (date.fromisoformat(row.next_review_on) if row.next_review_on
                     else _add_years(closed_on, years))
        if review_on <= today:
            due.append(ReviewItem(row.reference, Route(row.route) if row.route else None,
                                  closed_on, review_on, row.reviews))
    return due


def retain(session: Session, reference: str, next_review_on: date, note: str) -> None:
    authorise(session, Permission.RETENTION, case_ref=reference)
    case = load_case(session, reference)
    today = session.clock.now().astimezone(LONDON).date()
    if case.is_open or case.erased:
        raise InvalidInput("Only closed cases that still hold their records are reviewed.")
    if next_review_on <= today:
        raise InvalidInput("The next review date must be in the future.")
    if not note.strip():
        raise InvalidInput("Record why the case is kept.")
    with session.transaction() as conn:
        retention_repo.record_retain(conn, case.id, next_review_on, note.strip(),
                                     session.clock.now(), session.user.id)
        session.audit(conn, AuditAction.ALTER, entity=f"case:{case.id}/retention",
                      case_ref=case.reference,
                      detail=f"retention review: retained until {next_review_on.isoformat()}")


def dispose(session: Session, reference: str, justification: str) -> None:
    """Erase the case's personal data; the audit trail records the erasure."""
    authorise(session, Permission.RETENTION, case_ref=reference)
    case = load_case(session, reference)
    if case.is_open or case.erased:
        raise InvalidInput("Only closed cases that still hold their records can be disposed of.")
    if not justification.strip():
        raise InvalidInput("Record the reason for disposal.")
    now = session.clock.now()
    with session.transaction() as conn:
        retention_repo.erase_case(conn, case.id, now, session.user.id)
        session.audit(conn, AuditAction.ERASE, entity=f"case:{case.id}", case_ref=case.reference,
                      justification=justification.strip(),
                      detail="retention review: personal data of the case erased")
    # Make sure erased pages do not linger in the write-ahead log.
    checkpoint(session.conn)
