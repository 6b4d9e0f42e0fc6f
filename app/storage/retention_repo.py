"""Retention reviews, and the erase list that disposal runs against the schema.

``ERASE`` names every table that holds a case's personal data and the statement
that erases (or blanks) it; ``CASE_SCRUBBED`` the personal columns of the case
row itself, which keeps only its non-personal ``CASE_SKELETON``; ``KEPT_TABLES``
the tables that refer to a case and are kept, with the reason. A test reads the
schema of a freshly created unit and fails when a table linked to a case, or a
column of ``cases``, is in none of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.clock import to_iso
from app.storage.connection import Connection


@dataclass(frozen=True)
class Erasure:
    table: str
    sql: str  # uses the named parameter :case


ERASE: tuple[Erasure, ...] = (
    Erasure("stage_records", "DELETE FROM stage_records WHERE case_id = :case"),
    Erasure("case_people", "DELETE FROM case_people WHERE case_id = :case"),
    Erasure("subject_keys", "DELETE FROM subject_keys WHERE case_id = :case"),
    Erasure("subject_matches",
            "DELETE FROM subject_matches WHERE case_id = :case OR other_case_id = :case"),
    Erasure("risk_records", "DELETE FROM risk_records WHERE case_id = :case"),
    Erasure("extensions", "DELETE FROM extensions WHERE case_id = :case"),
    # Sign-offs and reviews stay (who decided what, when); their free text goes.
    Erasure("signoffs", "UPDATE signoffs SET comment = '' WHERE case_id = :case"),
    Erasure("retention_reviews", "UPDATE retention_reviews SET note = '' WHERE case_id = :case"),
    Erasure("attachments", "DELETE FROM attachments WHERE case_id = :case"),
    Erasure("referrals", "DELETE FROM referrals WHERE case_id = :case"),
    Erasure("contacts", "DELETE FROM contacts WHERE case_id = :case"),
    Erasure("case_notes", "DELETE FROM case_notes WHERE case_id = :case"),
    Erasure("tasks", "DELETE FROM tasks WHERE case_id = :case"),
)

# Columns of ``cases`` blanked on disposal (the list projection: names, next deadline).
CASE_SCRUBBED: dict[str, str] = {
    "applicant_surname": "''",
    "subject_surname": "''",
    "next_due": "NULL",
    "next_kind": "NULL",
}

# The case row's non-personal skeleton, kept after disposal: the reference and
# dates the unit's figures and the audit trail refer to, the route, the staff.
CASE_SKELETON = frozenset({
    "id", "reference", "ref_seq", "contact_at", "created_at", "created_by", "assigned_to",
    "assigned_username", "current_stage", "status", "route", "closed_at", "signoff",
    "erased_at", "case_type", "policy_version", "milestones",
})

# Tables that refer to a case but are kept whole on disposal, and why.
KEPT_TABLES: dict[str, str] = {
    "audit": "append-only (DPA 2018 s.62 logging; triggers refuse changes); its rows "
             "name staff and references, never a person in a case, and record the "
             "erasure itself",
    "migration_audit_notes": "transient: a migration's notes for the audit rows written "
                             "by the post-migration step at the same opening, which then "
                             "deletes them; references and fixed wording only",
}


@dataclass(frozen=True)
class ReviewCandidate:
    """A closed case still holding its records, with its latest review (if any)."""

    reference: str
    route: str | None
    closed_at: str
    next_review_on: str | None
    reviews: int


def closed_cases(conn: Connection) -> list[ReviewCandidate]:
    """Closed, not erased cases, oldest closure first."""
    rows = conn.execute(
        "SELECT c.reference, c.route, c.closed_at, "
        "(SELECT r.next_review_on FROM retention_reviews r WHERE r.case_id = c.id "
        " ORDER BY r.id DESC LIMIT 1), "
        "(SELECT count(*) FROM retention_reviews r WHERE r.case_id = c.id) "
        "FROM cases c WHERE c.status = 'closed' AND c.erased_at IS NULL ORDER BY c.closed_at")
    return [ReviewCandidate(str(ref), route, str(closed), nxt, int(count))
            for ref, route, closed, nxt, count in rows]


def record_retain(conn: Connection, case_id: int, next_review_on: date, note: str,
                  at: datetime, user_id: int) -> None:
    conn.execute(
        "INSERT INTO retention_reviews (case_id, decision, next_review_on, note, decided_at, "
        "decided_by) VALUES (?, 'retain', ?, ?, ?, ?)",
        (case_id, next_review_on.isoformat(), note, to_iso(at), user_id))


def erase_case(conn: Connection, case_id: int, at: datetime, user_id: int) -> None:
    """Erase the case's personal data, record the disposal and mark the case erased.

    Inside the caller's transaction."""
    for erasure in ERASE:
        conn.execute(erasure.sql, {"case": case_id})
    conn.execute(
        "INSERT INTO retention_reviews (case_id, decision, next_review_on, note, decided_at, "
        "decided_by) VALUES (?, 'dispose', NULL, '', ?, ?)",
        (case_id, to_iso(at), user_id))
    blanks = ", ".join(f"{column} = {value}" for column, value in CASE_SCRUBBED.items())
    conn.execute(f"UPDATE cases SET erased_at = ?, {blanks} WHERE id = ?",
                 (to_iso(at), case_id))
