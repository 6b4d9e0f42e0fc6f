"""Retention reviews: closed cases are reviewed, then retained or disposed of.

Disposal erases every piece of personal data of the case (stage records,
people index, matches, risk records, extensions, sign-off comments) and keeps
only the non-personal skeleton (reference, dates, route) and the audit trail,
which never holds names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.clock import from_iso, to_iso
from app.domain.enums import AuditAction, Route
from app.domain.timescales import LONDON
from app.errors import InvalidInput
from app.services.authz import Permission, authorise
from app.services.case_file import load_case
from app.services.session import Session
from app.storage import settings_repo

DEFAULT_YEARS = 10


@dataclass(frozen=True)
class ReviewItem:
    reference: str
    route: Route | None
    closed_on: date
    review_on: date
    reviews: int


def retention_years(session: Session) -> int:
    text = settings_repo.get(session.conn, "retention_years", str(DEFAULT_YEARS))
    return int(text) if text.isdigit() else DEFAULT_YEARS


def set_retention_years(session: Session, years: int) -> None:
    authorise(session, Permission.RETENTION)
    if not 1 <= years <= 100:
        raise InvalidInput("The retention period must be between 1 and 100 years.")
    with session.transaction() as conn:
        settings_repo.put(conn, "retention_years", str(years))
        session.audit(conn, AuditAction.ALTER, entity="setting:retention_years",
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
    rows = session.conn.execute(
        "SELECT c.reference, c.route, c.closed_at, "
        "(SELECT r.next_review_on FROM retention_reviews r WHERE r.case_id = c.id "
        " ORDER BY r.id DESC LIMIT 1), "
        "(SELECT count(*) FROM retention_reviews r WHERE r.case_id = c.id) "
        "FROM cases c WHERE c.status = 'closed' AND c.erased_at IS NULL ORDER BY c.closed_at")
    due = []
    for reference, route, closed_at, next_review, count in rows:
        closed_on = from_iso(str(closed_at)).astimezone(LONDON).date()
        review_on = date.fromisoformat(next_review) if next_review else _add_years(closed_on,
                                                                                    years)
        if review_on <= today:
            due.append(ReviewItem(str(reference), Route(route) if route else None, closed_on,
                                  review_on, int(count)))
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
        conn.execute(
            "INSERT INTO retention_reviews (case_id, decision, next_review_on, note, decided_at, "
            "decided_by) VALUES (?, 'retain', ?, ?, ?, ?)",
            (case.id, next_review_on.isoformat(), note.strip(), to_iso(session.clock.now()),
             session.user.id))
        session.audit(conn, AuditAction.ALTER, entity=f"case:{case.id}/retention",
                      case_ref=case.reference,
                      detail=f"retention review: retained until {next_review_on.isoformat()}")


_ERASE = (
    "DELETE FROM stage_records WHERE case_id = ?",
    "DELETE FROM case_people WHERE case_id = ?",
    "DELETE FROM subject_keys WHERE case_id = ?",
    "DELETE FROM subject_matches WHERE case_id = ? OR other_case_id = ?",
    "DELETE FROM risk_records WHERE case_id = ?",
    "DELETE FROM extensions WHERE case_id = ?",
    "UPDATE signoffs SET comment = '' WHERE case_id = ?",
    "UPDATE retention_reviews SET note = '' WHERE case_id = ?",
    "DELETE FROM attachments WHERE case_id = ?",
    "DELETE FROM referrals WHERE case_id = ?",
)


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
        for sql in _ERASE:
            params = (case.id, case.id) if sql.count("?") == 2 else (case.id,)
            conn.execute(sql, params)
        conn.execute(
            "INSERT INTO retention_reviews (case_id, decision, next_review_on, note, decided_at, "
            "decided_by) VALUES (?, 'dispose', NULL, '', ?, ?)",
            (case.id, to_iso(now), session.user.id))
        conn.execute(
            "UPDATE cases SET erased_at = ?, applicant_surname = '', subject_surname = '', "
            "next_due = NULL, next_kind = NULL WHERE id = ?", (to_iso(now), case.id))
        session.audit(conn, AuditAction.ERASE, entity=f"case:{case.id}", case_ref=case.reference,
                      justification=justification.strip(),
                      detail="retention review: personal data of the case erased")
    # Make sure erased pages do not linger in the write-ahead log.
    session.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
